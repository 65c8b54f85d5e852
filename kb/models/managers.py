from django.db import models


class SlugKeyedManager(models.Manager):
    """Looks objects up by the natural key fixtures use for them: their slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
