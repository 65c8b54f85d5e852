from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from kb import checks, signals  # noqa: F401  (checks registers itself)

        post_migrate.connect(signals.name_the_site, sender=self)
        post_migrate.connect(signals.count_release, sender=self)
