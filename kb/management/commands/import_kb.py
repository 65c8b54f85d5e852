"""``manage.py import_kb``: load a file written by export_kb, all or nothing (see ``kb.transfer``)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb import transfer


class Command(BaseCommand):
    help = (
        "Load a file written by export_kb into a database with an empty knowledge base, in one "
        "transaction: a file that is wrong anywhere changes nothing, and the error names the record."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export file; - reads standard input.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the knowledge base this database holds and import the file in its place, "
            "in the same transaction.",
        )

    def handle(self, *args, file, replace, **options):
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{file} is not UTF-8 text (byte {error.start}). Nothing was imported."
            ) from error
        try:
            result = transfer.import_export(text, replace=replace)
        except transfer.ImportRefused as error:
            raise CommandError(f"{error} Nothing was imported; the database is unchanged.") from error
        self.stdout.write(self.style.SUCCESS(result.summary()))
