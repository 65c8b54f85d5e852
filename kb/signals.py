from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import connections
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from kb import history, redirects, search
from kb.models import (
    ENTRY_MODELS,
    Actor,
    Agreement,
    Citation,
    DataVersion,
    Entry,
    Event,
    Participation,
    Period,
    Source,
    Tag,
    TaggedEntry,
)

# Models whose public address carries their slug; each also keeps derived fields.
SLUGGED_MODELS = (*ENTRY_MODELS, Tag, Period, Source)

# Everything a reader's page or the API can show.
PUBLIC_DATA_MODELS = (*SLUGGED_MODELS, Participation, Citation, TaggedEntry)

# Receivers are connected to these models only (see the end of this module):
# a post_delete receiver for every sender would cost each cascade a SELECT and
# a signal per row where Django could delete in one statement.


def refresh_derived_fields(sender, instance, update_fields=None, **kwargs):
    # A signal rather than save(): loaddata saves fixtures raw, skipping save(),
    # and seeded entries need their HTML and date bounds too. A save limited to
    # other fields (publishing, say) would not store them, so renders nothing.
    if update_fields is None or not update_fields.isdisjoint(instance.derived_field_names()):
        instance.refresh_derived_fields()


# Raw saves (loaddata) are left to ``search.rebuild()``: a fixture's entries
# may arrive before their citations, and a dump may carry its own documents.
def index_saved_entry(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_entry(instance)


def unindex_deleted_entry(sender, instance, **kwargs):
    search.remove_entry(instance)


@receiver(pre_save, sender=Citation)
def remember_cited_entry(sender, instance, raw=False, **kwargs):
    # An editor may move a citation to another entry; the old one loses the quote.
    if not raw and instance.pk:
        instance.previous_target = (
            Citation.objects.filter(pk=instance.pk).values_list("content_type", "object_id").first()
        )


@receiver(post_save, sender=Citation)
@receiver(post_delete, sender=Citation)
def reindex_cited_entries(sender, instance, raw=False, **kwargs):
    if raw:
        return
    targets = {(instance.content_type_id, instance.object_id), getattr(instance, "previous_target", None)}
    for target in targets - {None}:
        _cited_entry_changed(*target)


@receiver(post_save, sender=Participation)
@receiver(post_delete, sender=Participation)
def touch_participation_entries(sender, instance, raw=False, **kwargs):
    # Editable from its event's or agreement's page and from its actor's: a change through
    # one must make the others' open change pages stale (kb.admin.forms's edit-conflict check).
    if raw:
        return
    for model, pk in [
        (Actor, instance.actor_id),
        (Event, instance.event_id),
        (Agreement, instance.agreement_id),
    ]:
        if pk is not None:
            _touch(model, pk)


def _touch(model, pk):
    model._base_manager.filter(pk=pk).update(updated_at=timezone.now())


def _cited_entry_changed(content_type_id, object_id):
    cited = ContentType.objects.get_for_id(content_type_id).model_class()
    if cited is not None and issubclass(cited, Entry):
        # A citation is also edited from its source's page and on its own.
        _touch(cited, object_id)
        entry = cited._default_manager.filter(pk=object_id).first()
        if entry is not None:
            search.index_entry(entry)


def remember_old_addresses(sender, instance, update_fields=None, **kwargs):
    # Raw saves too: restoring an old version writes its slug back raw.
    if instance.pk and (update_fields is None or "slug" in update_fields):
        old_slug = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old_slug is not None and old_slug != instance.slug:
            instance._old_addresses = redirects.addresses(sender(slug=old_slug))


def redirect_old_addresses(sender, instance, **kwargs):
    old_addresses = instance.__dict__.pop("_old_addresses", None)
    # An unpublished entry's new address must not be given away to the public.
    hidden = isinstance(instance, Entry) and not instance.is_published
    if old_addresses and not hidden:
        redirects.record_move(old_addresses, redirects.addresses(instance))


def name_the_site(sender, using="default", **kwargs):
    """Give the site Django creates as example.com the knowledge base's domain and name."""
    Site.objects.using(using).filter(pk=settings.SITE_ID, domain="example.com").update(
        domain=settings.KB_SITE_DOMAIN, name=settings.KB_SITE_NAME
    )


def count_change(sender, **kwargs):
    DataVersion.bump()


def count_release(sender, using="default", **kwargs):
    """A migrate marks a release, which may change what responses show (if the table is there yet)."""
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        DataVersion.bump()


def forget_redirects_to_deleted(sender, instance, **kwargs):
    redirects.forget(redirects.addresses(instance))


@receiver(post_delete, sender=Tag)
def forget_deleted_tag_in_history(sender, instance, **kwargs):
    history.forget_tag_links(instance.pk)


for model in SLUGGED_MODELS:
    pre_save.connect(refresh_derived_fields, sender=model)
    pre_save.connect(remember_old_addresses, sender=model)
    post_save.connect(redirect_old_addresses, sender=model)
    post_delete.connect(forget_redirects_to_deleted, sender=model)
for model in ENTRY_MODELS:
    post_save.connect(index_saved_entry, sender=model)
    post_delete.connect(unindex_deleted_entry, sender=model)
for model in PUBLIC_DATA_MODELS:
    post_save.connect(count_change, sender=model)
    post_delete.connect(count_change, sender=model)
