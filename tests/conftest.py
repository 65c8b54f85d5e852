import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(items):
    """Run the live-server browser tests last: they empty the database after each test."""
    items.sort(key=lambda item: "/browser/" in item.path.as_posix())


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's database starts from the seed again, so no page stored by another may be served."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def rendered_every_time(settings):
    """Pages rendered for each request, as for a signed-in editor: what rendering costs, not a stored copy."""
    settings.KB_PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the article's seed, loaded once per session."""
    with django_db_blocker.unblock():
        call_command("seed_kb", verbosity=0)


def _staff_member(django_user_model, username, group):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, password=f"a-long-{username}-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return _staff_member(django_user_model, "editor", "Editors")


@pytest.fixture
def reviewer(django_user_model):
    return _staff_member(django_user_model, "reviewer", "Reviewers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client
