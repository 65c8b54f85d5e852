"""``manage.py export_kb``: the whole knowledge base as one JSON file (see ``kb.transfer``)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from kb import transfer


class Command(BaseCommand):
    help = (
        "Write the whole knowledge base (entries, relations, tags, citations, sources, redirects and "
        "revision history) as one JSON file that import_kb loads into another database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="The file to write; standard output when left out.")

    def handle(self, *args, output=None, **options):
        if output in (None, "-"):
            counts = transfer.export(self.stdout)
            # The export itself fills standard output.
            self.stderr.write(
                f"Exported {sum(counts.values())} records ({transfer.describe_counts(counts)})."
            )
            return
        path = Path(output)
        # Written aside and renamed when complete, so a failed export never leaves a file that looks whole.
        partial = path.with_name(f"{path.name}.partial")
        try:
            with partial.open("w", encoding="utf-8") as stream:
                counts = transfer.export(stream)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {sum(counts.values())} records ({transfer.describe_counts(counts)}) to {path}."
            )
        )
