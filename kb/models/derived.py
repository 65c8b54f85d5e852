"""Fields computed from others on every save: rendered markdown and date bounds."""

from django.db import models
from django.db.models import F, Q

from kb import dates, markdown


class DerivedFields(models.Model):
    """Keeps stored HTML in step with its markdown.

    ``markdown_fields`` maps each markdown field to the field holding its HTML.
    ``kb.signals`` calls ``refresh_derived_fields`` before every save, raw
    fixture loads included, so pages never render markdown on a request.
    """

    markdown_fields = {}

    class Meta:
        abstract = True

    def derived_field_names(self):
        return set(self.markdown_fields.values())

    def refresh_derived_fields(self):
        for source, target in self.markdown_fields.items():
            setattr(self, target, markdown.render(getattr(self, source)))


class Dated(DerivedFields):
    """A date at the precision the source gives, stored as EDTF.

    ``date_start`` and ``date_end`` are the first and last days it can mean,
    derived on save for sorting and filtering.
    """

    date = models.CharField(
        max_length=60,
        blank=True,
        validators=[dates.validate_edtf],
        help_text=dates.FORMAT_HELP + " Leave blank when the source gives no date.",
    )
    date_label = models.CharField(
        "date as the source words it",
        max_length=100,
        blank=True,
        help_text="Shown instead of the EDTF wording when the source is vaguer "
        "or more telling, e.g. “late 2021”.",
    )
    date_start = models.DateField(null=True, blank=True, editable=False)
    date_end = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_end__gte=F("date_start")),
                name="%(app_label)s_%(class)s_date_end_not_before_start",
                violation_error_message="The end date is before the start date.",
            ),
        ]

    def derived_field_names(self):
        return super().derived_field_names() | {"date_start", "date_end"}

    def refresh_derived_fields(self):
        super().refresh_derived_fields()
        self.refresh_date_bounds()

    def refresh_date_bounds(self):
        if self.date:
            span = dates.bounds(self.date)
            self.date_start, self.date_end = span.start, span.end
        else:
            self.date_start = self.date_end = None

    @property
    def date_display(self):
        return self.date_label or dates.describe(self.date)

    @property
    def date_iso(self):
        return dates.iso_for_time_element(self.date) if self.date else ""
