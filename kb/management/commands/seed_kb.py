from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from kb import search
from kb.models import ENTRY_MODELS, DataVersion, SearchWord

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
# Each gets a first version in its revision history, with what it follows.
VERSIONED_MODELS = ["kb.Event", "kb.Agreement", "kb.Actor", "kb.Venue", "kb.Tag", "kb.Period", "kb.Source"]


def seed_fixture_files():
    """The seed's JSON fixtures, in the order they must load (by file name)."""
    return sorted(FIXTURE_DIR.glob("*.json"))


class Command(BaseCommand):
    help = "Load the seed from fixtures/ into an empty knowledge base; leave a filled one alone."

    def handle(self, *args, **options):
        filled = [
            model
            for model in apps.get_app_config("kb").get_models()
            # Words outlive the entries they came from until the index is rebuilt, as loading does.
            if model not in (DataVersion, SearchWord) and model._base_manager.exists()
        ]
        if filled:
            names = ", ".join(str(model._meta.verbose_name_plural) for model in filled)
            self.stdout.write(
                f"The knowledge base already has data ({names}); the seed was not loaded again."
            )
            return
        files = [str(path) for path in seed_fixture_files()]
        if not files:
            raise CommandError(f"No seed fixtures found in {FIXTURE_DIR}.")
        with transaction.atomic():
            call_command("loaddata", *files, verbosity=0)
            for model in ENTRY_MODELS:
                # Published on this site when the seed was loaded.
                model.objects.published().filter(published_at__isnull=True).update(
                    published_at=F("created_at")
                )
            search.rebuild()
            call_command(
                "createinitialrevisions", *VERSIONED_MODELS, comment="Loaded from the seed.", verbosity=0
            )
        self.stdout.write(self.style.SUCCESS(f"Loaded the seed from {len(files)} fixture files."))
