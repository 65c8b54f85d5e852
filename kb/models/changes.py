from django.db import models
from django.db.models import F
from django.utils import timezone

from kb import page_cache


class DataVersion(models.Model):
    """One row counting changes to what readers can see, and when the last one was made.

    ``kb.signals`` bumps it on every save and delete of the knowledge base's
    records, so responses can answer conditional requests (ETag, Last-Modified)
    without working out what each of them shows.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="kb_dataversion_single_row")]

    def __str__(self):
        return f"Version {self.number} of {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def bump(cls):
        now = timezone.now()
        if not cls.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
            cls.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})
        page_cache.data_changed()

    @classmethod
    def current(cls):
        version = cls.objects.filter(pk=1).first()
        return version or cls(pk=1, number=0, changed_at=timezone.now().replace(microsecond=0))
