"""How editors type tags: names separated by commas, spaces allowed inside a name.

taggit's default splits on spaces when there is no comma, which would turn
“neutral venue” into two tags.
"""


def split_on_commas(text):
    names = {name.strip() for name in text.split(",")}
    return sorted(name for name in names if name)


def join_with_commas(tags):
    return ", ".join(sorted(tag.name for tag in tags))
