"""Loading many rows at once, for loads that bypass the models' save()."""

from itertools import islice

from django.db import connections, router

BATCH = 2_000


def batches(iterable, size=BATCH):
    """Lists of up to ``size`` items, each read from ``iterable`` only when it is asked for."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(model, instances):
    """Insert unsaved ``model`` instances; unlike bulk_create, their primary keys stay unset.

    Values are prepared as bulk_create prepares them, but no statement is
    compiled per row: PostgreSQL reads the rows through COPY, other databases
    get one prepared INSERT. Rows are taken BATCH at a time, so ``instances``
    may be read lazily from a query on the same connection.
    """
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    copy_statement = f"COPY {table} ({columns}) FROM STDIN"
    insert_statement = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    rows = (
        [field.get_db_prep_save(field.pre_save(instance, add=True), connection) for field in fields]
        for instance in instances
    )
    with connection.cursor() as cursor:
        for batch in batches(rows):
            if connection.vendor == "postgresql":
                with cursor.copy(copy_statement) as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(insert_statement, batch)
