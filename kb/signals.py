from django.db.models.signals import pre_save
from django.dispatch import receiver

from kb.models import DerivedFields


@receiver(pre_save)
def refresh_derived_fields(sender, instance, **kwargs):
    # A signal rather than save(): loaddata saves fixtures raw, skipping save(),
    # and seeded entries need their HTML and date bounds too.
    if isinstance(instance, DerivedFields):
        instance.refresh_derived_fields()
