from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"

# Editors add and change entries and what hangs off them. They cannot delete
# entries, and have no rights over users, groups or periods beyond viewing.
EDITOR_PERMISSIONS = {
    "event": ("add", "change", "view"),
    "venue": ("add", "change", "view"),
    "agreement": ("add", "change", "view"),
    "actor": ("add", "change", "view"),
    "source": ("add", "change", "view"),
    "tag": ("add", "change", "view"),
    "participation": ("add", "change", "delete", "view"),
    "citation": ("add", "change", "delete", "view"),
    "period": ("view",),
}


def codenames():
    return [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    kb_config = apps.get_app_config("kb")
    kb_config.models_module = True
    create_permissions(kb_config, apps=apps, verbosity=0)
    kb_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="kb", codename__in=codenames())
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
