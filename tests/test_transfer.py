"""export_kb and import_kb: round trips between databases, and files refused without a trace.

The round trips run each leg as its own ``manage.py`` process on its own
database: a SQLite database as editors leave it, then PostgreSQL (or, without
one, a second SQLite database), then a fresh SQLite database again. The
refusals run in-process against the seeded test database.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import pytest
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from kb import transfer
from kb.models import (
    Actor,
    Agreement,
    Citation,
    DataVersion,
    Event,
    EventKind,
    Participation,
    PublicationStatus,
    Role,
    SearchDocument,
    Venue,
)
from kb.transfer.contents import GENERIC_TARGETS
from tests.article import PROJECT_ROOT
from tests.factories import empty_knowledge_base

# Every kb model the export leaves out, and why; a new model must be added to one side or the other.
NOT_EXPORTED = {
    "kb.searchdocument": "the search index, rebuilt after an import",
    "kb.searchname": "the search index, rebuilt after an import",
    "kb.searchword": "the words spelling corrections draw on, rebuilt with the search index",
    "kb.dataversion": "a change counter, moved on by every import",
}
EDITOR = "editor-ana"


# ------------------------------------------------------------------ rows as data


def table_rows():
    """Every row of every exported table, and the search index; rows elsewhere are named by natural key."""
    tables = {}
    natural_keys = {}
    for model in transfer.KNOWLEDGE_BASE:
        outside = {
            field.attname: field.related_model
            for field in model._meta.concrete_fields
            if field.many_to_one and field.related_model not in transfer.KNOWLEDGE_BASE
        }
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            for attname, related in outside.items():
                if row[attname] is not None:
                    key = (related, row[attname])
                    if key not in natural_keys:
                        natural_keys[key] = list(related._base_manager.get(pk=row[attname]).natural_key())
                    row[attname] = natural_keys[key]
        tables[model._meta.label_lower] = rows
    tables["search index"] = list(
        SearchDocument.objects.order_by("content_type__model", "object_id").values(
            "content_type__model", "object_id", "is_public", "names", "text", "terms"
        )
    )
    return tables


def print_table_rows():
    print(json.dumps(table_rows(), default=str, sort_keys=True))


def every_table():
    """The contents of every table Django knows, for before-and-after comparisons."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def without_generated_at(export):
    return [line for line in export.splitlines() if not line.startswith('"generated_at"')]


# ------------------------------------------------------------------ what editors do on the first database


def edit_like_an_editor():
    """After the seed: a renamed published event (leaving redirects), a draft with a new tag, coordinates."""
    editor = get_user_model().objects.create_user(EDITOR, password="a-long-editor-ana-password")
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Renamed an event; started a draft.")
        event = Event.objects.published().order_by("pk").first()
        event.slug = f"{event.slug}-renamed"
        event.save()
        draft = Event.objects.create(
            name="A draft meeting",
            slug="a-draft-meeting",
            kind=EventKind.MEETING,
            date="2025-03",
            body="Not *yet* public, with a [link](https://example.org/).",
        )
        draft.tags.add("drafts in progress")
        venue = Venue.objects.order_by("pk").first()
        venue.latitude, venue.longitude = Decimal("53.90000"), Decimal("27.56667")
        venue.save()


def add_rows_after_import():
    """New rows of every common kind, which collide unless the import moved PostgreSQL's sequences on."""
    actor = Actor.objects.published().order_by("pk").first()
    cited = Citation.objects.order_by("pk").first()
    with reversion.create_revision():
        event = Event.objects.create(
            name="After the import",
            slug="after-the-import",
            kind=EventKind.MEETING,
            publication_status=PublicationStatus.PUBLISHED,
        )
        event.tags.add("imported")
        Participation.objects.create(actor=actor, event=event, role=Role.PARTICIPANT)
        Citation.objects.create(source=cited.source, content_object=event, quote=cited.quote)
        actor.slug = f"{actor.slug}-moved"
        actor.save()
    assert Redirect.objects.filter(old_path__contains=actor.slug.removesuffix("-moved")).exists()


# ------------------------------------------------------------------ round trips between databases


def manage(database_url, *arguments):
    finished = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{finished.stderr}"
    return finished.stdout


def shell(database_url, *functions):
    """Run functions of this module in a manage.py shell on the given database; return what they print."""
    code = f"from tests.test_transfer import {', '.join(functions)}; " + "; ".join(
        f"{name}()" for name in functions
    )
    return manage(database_url, "shell", "--no-imports", "-c", code)


@dataclass
class Leg:
    """One database of a round trip: its export file and its rows."""

    export: str
    rows: dict


def export_leg(database_url, folder, *afterwards):
    """Export the database, read its rows, then run ``afterwards`` (names of functions here) on it."""
    path = folder / "export.json"
    manage(database_url, "export_kb", "--output", str(path))
    rows = json.loads(shell(database_url, "print_table_rows", *afterwards))
    return Leg(export=path.read_text(encoding="utf-8"), rows=rows)


def import_leg(database_url, folder, export):
    """Import an export into a migrated, empty database; export it again; then add rows to it."""
    folder.mkdir(exist_ok=True)
    source = folder / "import.json"
    source.write_text(export, encoding="utf-8")
    manage(database_url, "import_kb", str(source))
    return export_leg(database_url, folder, "add_rows_after_import")


def postgres_url():
    for name in ("DATABASE_URL", "KB_TEST_POSTGRES_URL"):
        url = os.environ.get(name, "")
        if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}:
            return url
    return None


@contextmanager
def scratch_postgres_database(url):
    """A uniquely named database on the server of ``url``, dropped afterwards; yields its URL."""
    psycopg = pytest.importorskip("psycopg")
    parts = urlsplit(url)
    name = f"kb_transfer_{uuid.uuid4().hex[:12]}"

    def server():
        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError:  # the URL's own database need not exist yet
            return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)

    with server() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with server() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="module")
def fresh_sqlite(tmp_path_factory):
    """Makes migrated, empty SQLite databases: copies of one migrated once, as migrating takes seconds."""
    template = tmp_path_factory.mktemp("migrated") / "kb.sqlite3"
    manage(f"sqlite:///{template}", "migrate", "--noinput")

    def fresh(folder):
        folder.mkdir(exist_ok=True)
        shutil.copyfile(template, folder / "kb.sqlite3")
        return f"sqlite:///{folder / 'kb.sqlite3'}"

    return fresh


@pytest.fixture(scope="module")
def edited_sqlite(tmp_path_factory, fresh_sqlite):
    """The first leg: a SQLite database seeded, then edited with history and redirects."""
    folder = tmp_path_factory.mktemp("edited")
    url = fresh_sqlite(folder)
    manage(url, "seed_kb")
    shell(url, "edit_like_an_editor")
    return export_leg(url, folder)


def test_the_first_database_holds_every_kind_of_row_the_round_trip_must_keep(edited_sqlite):
    rows = edited_sqlite.rows
    assert all(rows[label] for label in transfer.MODELS_BY_LABEL), "every exported table has rows"
    assert any(
        row["old_path"].endswith("/") and "-renamed" in row["new_path"] for row in rows["redirects.redirect"]
    )
    assert [row["comment"] for row in rows["reversion.revision"] if row["user_id"] == [EDITOR]] == [
        "Renamed an event; started a draft."
    ]
    draft = next(row for row in rows["kb.event"] if row["slug"] == "a-draft-meeting")
    assert draft["publication_status"] == PublicationStatus.DRAFT
    assert draft["body_html"].startswith("<p>Not <em>yet</em> public")
    assert (draft["date_start"], draft["date_end"]) == ("2025-03-01", "2025-03-31")
    assert ("53.90000", "27.56667") in {(row["latitude"], row["longitude"]) for row in rows["kb.venue"]}


def assert_same_knowledge_base(leg, original, where):
    assert without_generated_at(leg.export) == without_generated_at(original.export), where
    for label in original.rows:
        assert leg.rows[label] == original.rows[label], f"{label} changed on the way {where}"


def test_sqlite_to_sqlite_keeps_every_row_tag_relation_and_version(edited_sqlite, fresh_sqlite, tmp_path):
    copy = import_leg(fresh_sqlite(tmp_path), tmp_path, edited_sqlite.export)
    assert_same_knowledge_base(copy, edited_sqlite, "to another SQLite database")


def test_sqlite_to_postgresql_and_back_keeps_every_row_tag_relation_and_version(
    edited_sqlite, fresh_sqlite, tmp_path
):
    url = postgres_url()
    if url is None:
        pytest.skip(
            "No PostgreSQL: set DATABASE_URL or KB_TEST_POSTGRES_URL to a postgres:// URL whose role "
            "may create databases. The SQLite-to-SQLite round trip still ran."
        )
    with scratch_postgres_database(url) as scratch_url:
        manage(scratch_url, "migrate", "--noinput")
        on_postgresql = import_leg(scratch_url, tmp_path / "postgresql", edited_sqlite.export)
    back = import_leg(fresh_sqlite(tmp_path / "back"), tmp_path / "back", on_postgresql.export)
    assert_same_knowledge_base(on_postgresql, edited_sqlite, "to PostgreSQL")
    assert_same_knowledge_base(back, edited_sqlite, "back to SQLite")


# ------------------------------------------------------------------ imports in-process


def export_text():
    out = io.StringIO()
    call_command("export_kb", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_text(tmp_path, text, **options):
    path = tmp_path / "import.json"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_kb", str(path), stdout=out, **options)
    return out.getvalue()


def first(records, label, condition=lambda fields: True):
    """The number (counting from 1) and the record of the first ``label`` record that meets the condition."""
    return next(
        (number, record)
        for number, record in enumerate(records, start=1)
        if record["model"] == label and condition(record["fields"])
    )


@pytest.mark.django_db
def test_export_names_rows_outside_the_knowledge_base_by_natural_key():
    document = json.loads(export_text())
    _, citation = first(document["records"], "kb.citation")
    _, version = first(document["records"], "reversion.version")
    assert document["format"] == transfer.FORMAT and document["version"] == transfer.FORMAT_VERSION
    assert citation["fields"]["content_type"][0] == "kb"
    assert isinstance(citation["fields"]["source"], int)
    assert version["fields"]["content_type"][0] == "kb"
    assert not {"kb.searchdocument", "auth.user"} & {record["model"] for record in document["records"]}


@pytest.mark.django_db
def test_import_with_replace_restores_exactly_what_was_exported(tmp_path, editor):
    with reversion.create_revision():
        reversion.set_user(editor)
        event = Event.objects.published().order_by("pk").first()
        event.slug = f"{event.slug}-renamed"
        event.save()
    users = list(get_user_model().objects.order_by("pk").values())
    rows = table_rows()
    export = export_text()

    summary = import_text(tmp_path, export, replace=True)

    assert table_rows() == rows
    assert list(get_user_model().objects.order_by("pk").values()) == users
    assert Revision.objects.filter(user=editor).exists()
    assert Redirect.objects.filter(new_path__contains=event.slug).exists()
    assert without_generated_at(export_text()) == without_generated_at(export)
    assert f"Imported {len(json.loads(export)['records'])} records" in summary
    assert SearchDocument.objects.count() == sum(
        len(rows[label]) for label in ("kb.event", "kb.agreement", "kb.actor", "kb.venue")
    )


@pytest.mark.django_db
def test_import_reads_standard_input(tmp_path, monkeypatch):
    rows = table_rows()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(export_text().encode())))
    out = io.StringIO()
    call_command("import_kb", "-", replace=True, stdout=out)
    assert table_rows() == rows
    assert out.getvalue().startswith("Imported ")


@pytest.mark.django_db
def test_a_revision_author_missing_here_becomes_an_account_that_cannot_log_in(tmp_path):
    document = json.loads(export_text())
    _, revision = first(document["records"], "reversion.revision")
    revision["fields"]["user"] = ["departed-editor"]

    summary = import_text(tmp_path, json.dumps(document), replace=True)

    author = Revision.objects.get(pk=revision["pk"]).user
    assert author.username == "departed-editor"
    assert not author.is_active
    assert not author.has_usable_password()
    assert "1 inactive account(s) for revision authors (departed-editor)" in summary


@pytest.mark.django_db
def test_history_is_translated_to_this_databases_content_type_ids(tmp_path):
    rows = table_rows()
    document = json.loads(export_text())
    ids = document["content_type_ids"]
    # As if the exporting database had numbered kb.event 9999: its versions say so too.
    event_id, ids["kb.event"] = ids["kb.event"], 9999
    rewritten = 0
    for record in document["records"]:
        if record["model"] != "reversion.version":
            continue
        data = json.loads(record["fields"]["serialized_data"])
        if data[0]["fields"].get("content_type") == event_id:
            data[0]["fields"]["content_type"] = 9999
            record["fields"]["serialized_data"] = json.dumps(data, ensure_ascii=False)
            rewritten += 1
    assert rewritten > 0

    import_text(tmp_path, json.dumps(document), replace=True)

    assert table_rows() == rows
    assert not Version.objects.filter(serialized_data__contains='"content_type": 9999').exists()


@pytest.mark.django_db
def test_import_refuses_a_database_that_already_holds_a_knowledge_base(tmp_path):
    export = export_text()
    before = every_table()
    with pytest.raises(CommandError, match="already holds a knowledge base .*--replace"):
        import_text(tmp_path, export)
    assert every_table() == before


def unknown_model(document):
    document["records"].insert(4, {"model": "kb.rumour", "pk": 1, "fields": {}})
    return ["Record 5:", "kb.rumour"]


def account_with_password(document):
    fields = {"username": "mallory", "password": "pbkdf2_sha256$1$salt$hash", "is_superuser": True}
    document["records"].append({"model": "auth.user", "pk": 99, "fields": fields})
    return [f"Record {len(document['records'])}:", "auth.user is not part of the knowledge base"]


def position_in_words(document):
    number, record = first(document["records"], "kb.participation")
    record["fields"]["position"] = "first"
    return [f"Record {number} (kb.participation, pk {record['pk']})", "position", "integer"]


def participation_in_a_missing_event(document):
    number, record = first(document["records"], "kb.participation", lambda fields: fields["event"])
    record["fields"]["event"] = 999999
    return [f"Record {number} (kb.participation, pk {record['pk']})", "event 999999 is not in the file"]


def citation_of_a_missing_entry(document):
    number, record = first(document["records"], "kb.citation")
    record["fields"]["object_id"] = 999999
    return [f"Record {number} (kb.citation, pk {record['pk']})", "999999, which is not in the file"]


def duplicate_slug(document):
    _, taken = first(document["records"], "kb.event")
    number, record = first(document["records"], "kb.event", lambda fields: fields is not taken["fields"])
    record["fields"]["slug"] = taken["fields"]["slug"]
    return [f"Record {number} (kb.event, pk {record['pk']})", "database refused it", "slug"]


def impossible_date(document):
    number, record = first(document["records"], "kb.event", lambda fields: fields["date"])
    record["fields"]["date"] = "2015-13-45"
    return [f"Record {number} (kb.event, pk {record['pk']})", "date:"]


def unknown_field(document):
    number, record = first(document["records"], "kb.actor")
    record["fields"]["mood"] = "hopeful"
    return [f"Record {number} (kb.actor, pk {record['pk']})", "no field “mood”"]


def author_by_id(document):
    number, record = first(document["records"], "reversion.revision")
    record["fields"]["user"] = 1
    return [f"Record {number} (reversion.revision, pk {record['pk']})", "by natural key"]


def duplicate_pk(document):
    number, record = first(document["records"], "kb.tag")
    document["records"].insert(number, {**record, "fields": {**record["fields"], "name": "Copy"}})
    return [f"Record {number + 1} (kb.tag, pk {record['pk']})", "same pk"]


def missing_record(document):
    number, record = first(document["records"], "kb.citation")
    document["records"].remove(record)
    count = document["counts"]["kb.citation"]
    return [f"header counts {count} kb.citation records, but it holds {count - 1}"]


def citation_of_a_participation(document):
    number, record = first(document["records"], "kb.citation")
    _, participation = first(document["records"], "kb.participation")
    record["fields"].update(content_type=["kb", "participation"], object_id=participation["pk"])
    return [f"Record {number} (kb.citation, pk {record['pk']})", 'content_type ["kb", "participation"]']


def citation_of_a_revision(document):
    number, record = first(document["records"], "kb.citation")
    _, revision = first(document["records"], "reversion.revision")
    record["fields"].update(content_type=["reversion", "revision"], object_id=revision["pk"])
    return [f"Record {number} (kb.citation, pk {record['pk']})", 'content_type ["reversion", "revision"]']


def tag_on_a_period(document):
    number, record = first(document["records"], "kb.taggedentry")
    _, period = first(document["records"], "kb.period")
    record["fields"].update(content_type=["kb", "period"], object_id=period["pk"])
    return [
        f"Record {number} (kb.taggedentry, pk {record['pk']})",
        'content_type ["kb", "period"]',
        "may point only at events, agreements, actors or venues",
    ]


def name_as_a_list(document):
    number, record = first(document["records"], "kb.actor")
    record["fields"]["name"] = ["x", "y"]
    return [f"Record {number} (kb.actor, pk {record['pk']})", 'name must be a string, not ["x", "y"]']


def position_as_a_fraction(document):
    number, record = first(document["records"], "kb.participation")
    record["fields"]["position"] = 1.7
    return [f"Record {number} (kb.participation, pk {record['pk']})", "position must be an integer, not 1.7"]


def pk_as_true(document):
    number, record = first(document["records"], "kb.period")
    assert record["pk"] == 1
    record["pk"] = True
    return [f"Record {number} (kb.period, pk true)", "pk must be an integer, not true"]


def reference_as_a_string(document):
    number, record = first(document["records"], "kb.participation", lambda fields: fields["event"])
    record["fields"]["event"] = str(record["fields"]["event"])
    return [f"Record {number} (kb.participation, pk {record['pk']})", "event must be an integer"]


def missing_publication_status(document):
    number, record = first(document["records"], "kb.event")
    del record["fields"]["publication_status"]
    return [f"Record {number} (kb.event, pk {record['pk']})", "publication_status is missing"]


def missing_created_at(document):
    number, record = first(document["records"], "kb.venue")
    del record["fields"]["created_at"]
    return [f"Record {number} (kb.venue, pk {record['pk']})", "created_at is missing"]


def null_where_text_is_required(document):
    number, record = first(document["records"], "kb.participation")
    record["fields"]["note"] = None
    return [f"Record {number} (kb.participation, pk {record['pk']})", "note may not be null"]


def time_without_its_offset(document):
    number, record = first(document["records"], "kb.actor")
    record["fields"]["created_at"] = "2020-01-01T00:00:00"
    return [f"Record {number} (kb.actor, pk {record['pk']})", "created_at", "UTC offset"]


def coordinates_as_true(document):
    number, record = first(document["records"], "kb.venue")
    record["fields"].update(latitude=True, longitude="27.56667")
    return [f"Record {number} (kb.venue, pk {record['pk']})", "latitude must be a decimal number"]


def coordinates_not_a_number(document):
    number, record = first(document["records"], "kb.venue")
    record["fields"].update(latitude=float("nan"), longitude="27.56667")
    return [f"Record {number} (kb.venue, pk {record['pk']})", "latitude", "NaN"]


def nul_in_a_quote(document):
    number, record = first(document["records"], "kb.citation")
    record["fields"]["quote"] += "\x00"
    return [f"Record {number} (kb.citation, pk {record['pk']})", "quote", "NUL character"]


def lone_surrogate_in_a_name(document):
    number, record = first(document["records"], "kb.tag")
    record["fields"]["name"] = "\ud800x"
    return [f"Record {number} (kb.tag, pk {record['pk']})", "name", "\\ud800", "not a character"]


def lone_surrogate_in_a_natural_key(document):
    number, record = first(document["records"], "kb.citation")
    record["fields"]["content_type"] = ["kb", "\udfffevent"]
    return [f"Record {number} (kb.citation, pk {record['pk']})", "content_type", "not a character"]


def nul_in_a_header_label(document):
    document["content_type_ids"]["kb.\x00event"] = 1
    return ['"content_type_ids"', "NUL character"]


def derived_html_planted(document):
    number, record = first(document["records"], "kb.event")
    record["fields"]["body_html"] = "<script>alert(1)</script>"
    return [
        f"Record {number} (kb.event, pk {record['pk']})",
        "body_html is not exported",
        "works it out again",
    ]


def history_that_is_not_json(document):
    number, record = first(document["records"], "reversion.version")
    record["fields"]["serialized_data"] = "[{"
    return [f"Record {number} (reversion.version, pk {record['pk']})", "serialized_data"]


def nul_in_history(document):
    number, record = first(document["records"], "reversion.version")
    data = json.loads(record["fields"]["serialized_data"])
    data[0]["fields"]["name"] = "Minsk\x00"
    record["fields"]["serialized_data"] = json.dumps(data)
    return [f"Record {number} (reversion.version, pk {record['pk']})", "serialized_data", "NUL character"]


def version_as_true(document):
    document["version"] = True
    return ["version true is not supported"]


def newer_format_version(document):
    document["version"] = 2
    return ["version 2 is not supported", "reads version 1"]


def another_format(document):
    document["format"] = "django-fixture"
    return ["not a knowledge-base export"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spoil",
    [
        unknown_model,
        account_with_password,
        position_in_words,
        participation_in_a_missing_event,
        citation_of_a_missing_entry,
        duplicate_slug,
        impossible_date,
        unknown_field,
        author_by_id,
        duplicate_pk,
        missing_record,
        newer_format_version,
        another_format,
        citation_of_a_participation,
        citation_of_a_revision,
        tag_on_a_period,
        name_as_a_list,
        position_as_a_fraction,
        pk_as_true,
        reference_as_a_string,
        missing_publication_status,
        missing_created_at,
        null_where_text_is_required,
        time_without_its_offset,
        coordinates_as_true,
        coordinates_not_a_number,
        nul_in_a_quote,
        lone_surrogate_in_a_name,
        lone_surrogate_in_a_natural_key,
        nul_in_a_header_label,
        derived_html_planted,
        history_that_is_not_json,
        nul_in_history,
        version_as_true,
    ],
)
def test_a_bad_record_is_named_and_nothing_changes(tmp_path, spoil):
    document = json.loads(export_text())
    expected = spoil(document)
    before = every_table()
    with pytest.raises(CommandError) as refusal:
        # Escaped as ASCII, so that lone surrogates reach the import as a file may hold them.
        import_text(tmp_path, json.dumps(document), replace=True)
    assert every_table() == before
    for fragment in [*expected, "Nothing was imported"]:
        assert fragment in str(refusal.value)


def records_line(export):
    """The index (from 0) of the line that opens the records; record n is on the line n after it."""
    return export.splitlines().index('"records": [')


@pytest.mark.django_db
def test_malformed_json_is_refused_with_its_line_and_record(tmp_path):
    export = export_text()
    lines = export.splitlines(keepends=True)
    opening = records_line(export)
    lines[opening + 10] = lines[opening + 10].replace('"pk": ', '"pk" ', 1)
    before = every_table()
    with pytest.raises(CommandError) as refusal:
        import_text(tmp_path, "".join(lines), replace=True)
    assert every_table() == before
    assert f"not valid JSON at line {opening + 11}, column" in str(refusal.value)
    assert "in record 10:" in str(refusal.value)


@pytest.mark.django_db
def test_a_truncated_file_is_refused_with_the_record_it_ends_in(tmp_path):
    export = export_text()
    cut = export[: len(export) // 2]
    record = cut.count("\n") - records_line(export)
    before = every_table()
    with pytest.raises(CommandError) as refusal:
        import_text(tmp_path, cut, replace=True)
    assert every_table() == before
    assert "cut short" in str(refusal.value)
    assert f"in record {record}," in str(refusal.value)


def envelope(records_json="[]"):
    """An export document around the given records text, as an export of an empty knowledge base is."""
    header = {
        "format": transfer.FORMAT,
        "version": transfer.FORMAT_VERSION,
        "counts": {},
        "content_type_ids": {},
    }
    return json.dumps(header)[:-1] + f', "records": {records_json}}}'


@pytest.mark.django_db
def test_records_nested_too_deeply_to_read_are_refused_with_their_number(tmp_path):
    depth = 200_000
    before = every_table()
    with pytest.raises(CommandError) as refusal:
        import_text(tmp_path, envelope("[" * depth + "]" * depth), replace=True)
    assert every_table() == before
    assert "record 1 nests lists or objects too deeply" in str(refusal.value)


@pytest.mark.django_db
def test_export_leaves_out_what_saving_works_out_again():
    derived = {"body_html", "summary_html", "description_html", "date_start", "date_end"}
    records = json.loads(export_text())["records"]
    assert {"body", "summary", "description", "date"} <= {
        name for record in records for name in record["fields"]
    }
    assert not derived & {name for record in records for name in record["fields"]}


ABSENT = object()


@pytest.mark.django_db
@pytest.mark.parametrize("label", list(transfer.MODELS_BY_LABEL))
def test_every_field_refuses_a_value_of_the_wrong_kind_and_its_absence(label):
    """Objects fit no field, true fits none of these (they have no boolean fields), NUL fits no text."""
    event = Event.objects.published().order_by("pk").first()
    event.slug = f"{event.slug}-renamed"
    event.save()  # leaves redirects behind, which the seed has none of
    before = every_table()
    document = json.loads(export_text())
    number, record = first(document["records"], label)
    where = f"Record {number} ({label}, pk {record['pk']})"
    fields = record["fields"]
    for name, kept in list(fields.items()):
        wrong = [{"x": 1}, True, *([kept + "\x00"] if isinstance(kept, str) else [])]
        for value in [*wrong, ABSENT]:
            if value is ABSENT:
                del fields[name]
            else:
                fields[name] = value
            with pytest.raises(transfer.ImportRefused) as refusal:
                transfer.import_export(json.dumps(document), replace=True)
            assert f"{where}: {name} " in str(refusal.value), (name, value)
        fields[name] = kept
    assert every_table() == before


@pytest.mark.django_db
def test_importing_an_empty_file_in_place_of_the_knowledge_base_moves_the_data_version_on(tmp_path):
    before = DataVersion.current().number
    import_text(tmp_path, envelope(), replace=True)
    assert not Event.objects.exists() and not Citation.objects.exists()
    assert DataVersion.current().number == before + 1


@pytest.mark.django_db
def test_rebuilding_the_search_index_moves_the_data_version_on():
    before = DataVersion.current().number
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert DataVersion.current().number == before + 1


@pytest.mark.django_db
def test_generated_data_moves_the_data_version_on_after_its_last_row():
    empty_knowledge_base()
    call_command("generate_kb", events=50, agreements=5, stdout=io.StringIO())
    last_entry = max(model.objects.latest("created_at").created_at for model in (Event, Agreement))
    assert DataVersion.current().changed_at > last_entry


def test_every_kb_model_is_exported_or_rebuilt_and_loads_after_what_it_needs():
    kb_models = {model._meta.label_lower for model in apps.get_app_config("kb").get_models()}
    exported = set(transfer.MODELS_BY_LABEL)
    assert kb_models - exported == set(NOT_EXPORTED)
    for position, model in enumerate(transfer.KNOWLEDGE_BASE):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if not field.many_to_one or target is model:
                continue
            if target in transfer.KNOWLEDGE_BASE:
                assert transfer.KNOWLEDGE_BASE.index(target) < position, f"{model} loads before {target}"
            else:
                assert hasattr(target, "natural_key") and hasattr(
                    target._default_manager, "get_by_natural_key"
                )
    with_generic_links = {
        model
        for model in transfer.KNOWLEDGE_BASE
        if any(isinstance(field, GenericForeignKey) for field in model._meta.private_fields)
    }
    assert with_generic_links == {*GENERIC_TARGETS, Version}, "say what a new generic link may point at"
