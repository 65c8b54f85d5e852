from django.core.management.base import BaseCommand
from django.db import transaction

from kb import search
from kb.models import DataVersion, SearchDocument


class Command(BaseCommand):
    help = "Rewrite the search index from the entries; needed after loaddata or a raw SQL import."

    def handle(self, *args, **options):
        with transaction.atomic():
            search.rebuild()
            DataVersion.bump()
        self.stdout.write(self.style.SUCCESS(f"Indexed {SearchDocument.objects.count()} entries."))
