from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ENTRIES = ("event", "venue", "agreement", "actor")

# Editors add and change entries and submit them for review. Reviewers also
# publish, unpublish and delete. Neither has any right over users or groups;
# those stay with superusers.
EDITOR_PERMISSIONS = {
    **{entry: ("add", "change", "view") for entry in ENTRIES},
    "source": ("add", "change", "view"),
    "tag": ("add", "change", "view"),
    "participation": ("add", "change", "delete", "view"),
    "citation": ("add", "change", "delete", "view"),
    "period": ("view",),
}
REVIEWER_PERMISSIONS = {
    **EDITOR_PERMISSIONS,
    **{entry: ("add", "change", "delete", "view", "publish") for entry in ENTRIES},
    "source": ("add", "change", "delete", "view"),
    "tag": ("add", "change", "delete", "view"),
}
ROLES = {"Editors": EDITOR_PERMISSIONS, "Reviewers": REVIEWER_PERMISSIONS}


def set_role_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    kb_config = apps.get_app_config("kb")
    kb_config.models_module = True
    create_permissions(kb_config, apps=apps, verbosity=0)
    kb_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        codenames = [f"{action}_{model}" for model, actions in permissions.items() for action in actions]
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="kb", codename__in=codenames))


def remove_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('kb', '0003_search_documents'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='actor',
            options={'default_permissions': ('add', 'change', 'delete', 'view', 'publish'), 'ordering': ['name']},
        ),
        migrations.AlterModelOptions(
            name='agreement',
            options={'default_permissions': ('add', 'change', 'delete', 'view', 'publish'), 'ordering': [models.OrderBy(models.F('date_start'), nulls_last=True), 'name']},
        ),
        migrations.AlterModelOptions(
            name='event',
            options={'default_permissions': ('add', 'change', 'delete', 'view', 'publish'), 'ordering': [models.OrderBy(models.F('date_start'), nulls_last=True), 'name']},
        ),
        migrations.AlterModelOptions(
            name='venue',
            options={'default_permissions': ('add', 'change', 'delete', 'view', 'publish'), 'ordering': ['name']},
        ),
        migrations.AddField(
            model_name='actor',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='agreement',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='venue',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='actor',
            name='publication_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', help_text='Only published entries are public; editors alone see drafts and entries in review.', max_length=20),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='publication_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', help_text='Only published entries are public; editors alone see drafts and entries in review.', max_length=20),
        ),
        migrations.AlterField(
            model_name='event',
            name='publication_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', help_text='Only published entries are public; editors alone see drafts and entries in review.', max_length=20),
        ),
        migrations.AlterField(
            model_name='venue',
            name='publication_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', help_text='Only published entries are public; editors alone see drafts and entries in review.', max_length=20),
        ),
        migrations.RunPython(set_role_permissions, remove_reviewers),
    ]
