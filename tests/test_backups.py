"""The README's backups: ``pg_dump -Fc`` of the seeded test database, ``pg_restore`` into a fresh one.

The restored database must hold every row of every table (compared by count and
by a checksum of the rows' text), every sequence where it was, and the same
indexes, constraints, extensions and text-search configurations, so that search
and new rows work as before. The engine-neutral backup, ``export_kb`` and
``import_kb``, is tested in tests/test_transfer.py.
"""

import os
import shutil
import subprocess
from urllib.parse import unquote, urlsplit

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests.test_transfer import manage, postgres_url, scratch_postgres_database

pytestmark = [
    # Sets the test database up; what pg_dump sees is what the seed committed before any test began.
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: pg_dump and pg_restore back up PostgreSQL; on SQLite, copy the file or "
        "use export_kb. Set DATABASE_URL to a postgres:// URL whose role may create databases.",
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="pg_dump and pg_restore are not installed (Debian: postgresql-client).",
    ),
]

# Tables the seed fills, so an empty source cannot make the comparison pass by having nothing in it.
SEEDED_TABLES = [
    "kb_event",
    "kb_agreement",
    "kb_actor",
    "kb_venue",
    "kb_citation",
    "kb_searchdocument",
    "kb_tag",
    "kb_taggedentry",
    "kb_participation",
    "reversion_version",
    "django_migrations",
]


def client_arguments(url):
    """libpq's options for the database at ``url``, and an environment carrying its password."""
    parts = urlsplit(url)
    arguments = ["--host", parts.hostname or "localhost", "--port", str(parts.port or 5432)]
    if parts.username:
        arguments += ["--username", unquote(parts.username)]
    environment = {**os.environ, "PGPASSWORD": unquote(parts.password or "")}
    return arguments, environment


def run_client(program, url, *arguments):
    options, environment = client_arguments(url)
    finished = subprocess.run(
        [program, *options, *arguments], env=environment, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, f"{program} failed:\n{finished.stderr}"


def with_database(url, name):
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def snapshot(url):
    """What a restore must give back: rows, sequences, and the schema objects search and integrity need."""
    with psycopg.connect(url) as database:

        def query(statement):
            return database.execute(statement).fetchall()

        tables = query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        sequences = query("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")
        return {
            "rows": {
                table: query(
                    sql.SQL(
                        "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {} AS t"
                    ).format(sql.Identifier(table))
                )[0]
                for (table,) in tables
            },
            "sequences": {
                sequence: query(
                    sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(sequence))
                )[0]
                for (sequence,) in sequences
            },
            "indexes": query(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 2"
            ),
            "constraints": query(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
            ),
            "extensions": query("SELECT extname, extversion FROM pg_extension ORDER BY 1"),
            "text search": query(
                "SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'public'::regnamespace ORDER BY 1"
            ),
        }


@pytest.fixture
def seeded_test_database():
    return with_database(postgres_url(), connection.settings_dict["NAME"])


def test_pg_restore_into_a_fresh_database_gives_back_every_row_sequence_and_index(
    seeded_test_database, tmp_path
):
    dump = tmp_path / "kb.dump"
    run_client(
        "pg_dump",
        seeded_test_database,
        "--format=custom",
        "--file",
        str(dump),
        urlsplit(seeded_test_database).path[1:],
    )
    original = snapshot(seeded_test_database)
    assert all(original["rows"][table][0] > 0 for table in SEEDED_TABLES), original["rows"]

    with scratch_postgres_database(postgres_url()) as fresh:
        run_client(
            "pg_restore",
            fresh,
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            urlsplit(fresh).path[1:],
            str(dump),
        )
        restored = snapshot(fresh)
        manage(fresh, "migrate", "--check")

    for part in original:
        assert restored[part] == original[part], f"{part} differ after the restore"
