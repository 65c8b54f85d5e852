"""What a reader's browser gets from the site."""


def page(client, url):
    """The HTML at ``url``, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
