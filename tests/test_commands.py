import io
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from kb import dates, markdown, search
from kb.models import (
    ENTRY_MODELS,
    Actor,
    Citation,
    Event,
    Participation,
    Period,
    SearchDocument,
    Source,
    Tag,
    TaggedEntry,
    Venue,
)
from tests.article import PROJECT_ROOT
from tests.factories import empty_knowledge_base

pytestmark = pytest.mark.django_db


def run(command, **options):
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_local_admin_is_created_once_with_a_fresh_random_password(settings):
    settings.DEBUG = True
    first = run("create_local_admin")
    password = re.search(r"Password: (\S+)", first).group(1)
    assert "http://127.0.0.1:8000/admin/" in first
    assert len(password) >= 20
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert run("create_local_admin") == ""
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_local_admin_passwords_differ_between_databases(settings):
    settings.DEBUG = True
    first = re.search(r"Password: (\S+)", run("create_local_admin")).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"Password: (\S+)", run("create_local_admin")).group(1)
    assert first != second


def test_no_local_admin_under_production_settings(settings):
    settings.DEBUG = False
    assert "Production settings are active" in run("create_local_admin")
    assert not get_user_model().objects.exists()


def settings_subprocess(env, code):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kb.settings'; {code}",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_subprocess({"DJANGO_DEBUG": "0", "PATH": ""}, "django.setup()")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_configuration_comes_from_the_environment():
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "kb.example.org, www.kb.example.org",
        "DATABASE_URL": "postgres://kb:secret@db.example.org:5432/kbprod",
        "PATH": "",
    }
    code = (
        "django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['HOST'], s.DATABASES['default']['NAME'])"
    )
    result = settings_subprocess(env, code)
    assert result.stdout.strip() == "False ['kb.example.org', 'www.kb.example.org'] db.example.org kbprod"


def test_local_admin_picks_a_free_name_when_admin_is_taken(settings):
    settings.DEBUG = True
    get_user_model().objects.create_user("admin", password="x" * 20)
    output = run("create_local_admin")
    username = re.search(r"Username: (\S+)", output).group(1)
    assert username.startswith("admin-")
    assert get_user_model().objects.get(username=username).is_superuser


def test_seed_is_not_loaded_over_any_existing_data():
    empty_knowledge_base()
    Tag.objects.create(name="an editor's own tag")
    output = run("seed_kb")
    assert "already has data (tags)" in output
    assert list(Tag.objects.values_list("name", flat=True)) == ["an editor's own tag"]
    assert not Period.objects.exists()


def test_generate_kb_refuses_a_database_with_real_entries():
    with pytest.raises(CommandError, match="holds real events"):
        run("generate_kb", events=5)
    assert not Event.objects.filter(slug__startswith="synthetic-").exists()


def test_generate_kb_refuses_a_database_with_real_tags_even_without_entries():
    empty_knowledge_base()
    Tag.objects.create(name="prisoner exchanges", slug="prisoner-exchanges")
    with pytest.raises(CommandError, match="holds real tags"):
        run("generate_kb", events=5)
    assert not Event.objects.exists()


def test_generate_kb_takes_zero_actors_and_venues_at_their_word():
    empty_knowledge_base()
    run("generate_kb", events=5, actors=0, venues=0, agreements=0, tags=0)
    assert Event.objects.count() == 5
    assert not Actor.objects.exists() and not Venue.objects.exists() and not Participation.objects.exists()


def test_generate_kb_fills_an_empty_database_with_marked_searchable_entries():
    empty_knowledge_base()
    output = run("generate_kb", events=60, actors=45, venues=30, tags=25, agreements=4, seed=7)
    assert "Generated 60 events, 4 agreements, 45 actors, 30 venues and 25 tags" in output
    entries = [entry for model in ENTRY_MODELS for entry in model.objects.all()]
    assert len(entries) == 60 + 4 + 45 + 30
    assert all(entry.slug.startswith("synthetic-") for entry in entries)
    source = Source.objects.get(slug__startswith="synthetic-")
    assert Citation.objects.filter(source=source).count() == len(entries)
    for event in Event.objects.all():
        span = dates.bounds(event.date)
        assert (event.date_start, event.date_end) == (span.start, span.end)
        assert event.body_html == markdown.render(event.body)
        assert event.body.startswith("*Synthetic entry, generated for testing.*")
    assert SearchDocument.objects.count() == len(entries)
    published = Event.objects.published().first()
    found = search.search(search.parse(published.name), {Event: Event.objects.published()})
    assert published.pk in {document.object_id for document in found[:20]}
    assert Participation.objects.filter(event__isnull=False).values("event").distinct().count() == 60
    assert TaggedEntry.objects.count() >= len(entries)
    assert all(tag.slug.startswith("synthetic-") for tag in Tag.objects.all())
    assert all(period.slug.startswith("synthetic-") for period in Period.objects.all())
    assert Event.objects.filter(period__isnull=False).exists()


def test_generate_kb_gives_the_same_data_for_the_same_seed():
    empty_knowledge_base()
    run("generate_kb", events=20, seed=3)
    first = sorted(Event.objects.values_list("name", "date", "status"))
    empty_knowledge_base()
    Source.objects.all().delete()
    run("generate_kb", events=20, seed=3)
    assert sorted(Event.objects.values_list("name", "date", "status")) == first


def test_a_deployment_check_warns_while_the_site_domain_is_the_development_default(settings):
    from django.core.management.base import SystemCheckError

    settings.KB_SITE_DOMAIN = settings.DEVELOPMENT_SITE_DOMAIN
    with pytest.raises(SystemCheckError, match="kb.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "sites")
    settings.KB_SITE_DOMAIN = "kb.example.org"
    call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "sites")
