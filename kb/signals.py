from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from kb import search
from kb.models import Citation, DerivedFields, Entry


@receiver(pre_save)
def refresh_derived_fields(sender, instance, **kwargs):
    # A signal rather than save(): loaddata saves fixtures raw, skipping save(),
    # and seeded entries need their HTML and date bounds too.
    if isinstance(instance, DerivedFields):
        instance.refresh_derived_fields()


# Raw saves (loaddata) are left to ``search.rebuild()``: a fixture's entries
# may arrive before their citations, and a dump may carry its own documents.
@receiver(post_save)
def index_saved_entry(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Entry):
        search.index_entry(instance)


@receiver(post_delete)
def unindex_deleted_entry(sender, instance, **kwargs):
    if isinstance(instance, Entry):
        search.remove_entry(instance)


@receiver(post_save, sender=Citation)
@receiver(post_delete, sender=Citation)
def reindex_cited_entry(sender, instance, raw=False, **kwargs):
    if raw:
        return
    cited = instance.content_type.model_class()
    if cited is not None and issubclass(cited, Entry):
        entry = cited._default_manager.filter(pk=instance.object_id).first()
        if entry is not None:
            search.index_entry(entry)
