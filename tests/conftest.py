import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(items):
    """Run the live-server browser tests last: they empty the database after each test."""
    items.sort(key=lambda item: "/browser/" in item.path.as_posix())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the article's seed, loaded once per session."""
    with django_db_blocker.unblock():
        call_command("seed_kb", verbosity=0)


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
