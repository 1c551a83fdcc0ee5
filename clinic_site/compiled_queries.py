"""
Querysets turned into SQL once per process, then run with each request's values.

Django builds a queryset's SQL afresh every time it is evaluated. For a page that always asks
the same few questions (the article page: this article, its practitioners, its conditions, its
references) building the SQL costs several times more than running it: about 0.25 ms a query
on the benchmark's machine, against 0.04 ms for SQLite to answer. A `CompiledQuery` asks the
ORM for the SQL of its queryset once per process and database, with placeholder values, and
afterwards runs that SQL with the real values and builds the model instances with
`Model.from_db()`, converting each column as the ORM would (the converters are worked out once
too); columns the queryset left out are deferred, as with `.only()`.

    ARTICLE = CompiledQuery(
        lambda slug, now: Article.objects.published(at=now).filter(slug=slug),
        slug="\\0slug",
        now=datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
    )
    articles = ARTICLE.run(slug=slug, now=timezone.now())  # a list, empty if none

The queryset is written with the ORM, so it keeps the one meaning of "published" and follows
every change to the models. What it may hold: filters and ordering on one model, with
`.only()`/`.defer()`. Not `select_related()`, `prefetch_related()` or annotations (each row
becomes one instance of the model, from its own columns), and not lookups that change their
value on the way to the database (`contains` adds `%`, `iexact` lowers case): the placeholder
would no longer be found, and the first run says so rather than ask a different question.

`run_together()` runs several such queries that do not depend on each other's answers; on
PostgreSQL they reach the server in one round trip.
"""

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any, NamedTuple

import psycopg
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import Col


class _Compiled(NamedTuple):
    """A queryset's SQL for one database, and how to turn its rows into instances."""

    model: type[Model]
    sql: str
    parameters: tuple
    slots: dict[int, str]  # parameter position -> the keyword whose value goes there
    attnames: list[str]  # each column's attribute
    converters: list[tuple]  # (position, column, the ORM's converters for it)


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], **placeholders: Any):
        """`build` makes the queryset from keyword values; `placeholders` holds one example
        value per keyword, each unlike any other value in the query (it is found in the SQL's
        parameters by equality)."""
        self.build = build
        self.placeholders = placeholders
        # Built at first use. Keyed by the alias, not the connection: a threaded server makes a
        # connection per thread, and a key holding each would keep them all.
        self._compiled: dict[str, _Compiled] = {}

    def run(self, *, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[Model]:
        (instances,) = run_together((self, values), using=using)
        return instances

    def _statement(self, using: str, values: dict) -> tuple[str, list]:
        """The SQL and this run's parameters."""
        if values.keys() != self.placeholders.keys():
            raise TypeError(f"Expected the values {sorted(self.placeholders)}.")
        compiled = self._compiled.get(using) or self._compile(using)
        adapt = connections[using].ops.adapt_unknown_value
        parameters = list(compiled.parameters)
        for position, keyword in compiled.slots.items():
            parameters[position] = adapt(values[keyword])
        return compiled.sql, parameters

    def _instances(self, connection, rows: list) -> list[Model]:
        compiled = self._compiled[connection.alias]
        instances = []
        for row in rows:
            if compiled.converters:
                row = list(row)
                for position, expression, functions in compiled.converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
            instances.append(compiled.model.from_db(connection.alias, compiled.attnames, row))
        return instances

    def _compile(self, using: str) -> _Compiled:
        queryset = self.build(**self.placeholders)
        compiler = queryset.query.get_compiler(using=using)
        sql, parameters = compiler.as_sql()
        connection = connections[using]
        adapt = connection.ops.adapt_unknown_value
        slots = {}
        for keyword, placeholder in self.placeholders.items():
            adapted = adapt(placeholder)
            found = [index for index, value in enumerate(parameters) if value == adapted]
            if not found:
                raise ValueError(
                    f"The value for {keyword!r} does not reach the SQL unchanged; "
                    "a CompiledQuery cannot fill it in."
                )
            slots.update(dict.fromkeys(found, keyword))
        # Each selected column's attribute name, and the converters the ORM would apply to it
        # (as SQLCompiler.get_converters finds them).
        attnames, converters = [], []
        for position, (expression, _, _) in enumerate(compiler.select):
            if not isinstance(expression, Col) or expression.target.model is not queryset.model:
                raise ValueError(
                    f"A CompiledQuery reads its own model's columns, not {expression!r}."
                )
            attnames.append(expression.target.attname)
            functions = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            if functions:
                converters.append((position, expression, functions))
        compiled = _Compiled(queryset.model, sql, tuple(parameters), slots, attnames, converters)
        self._compiled[using] = compiled
        return compiled


def run_together(
    *runs: tuple[CompiledQuery, dict[str, Any]], using: str = DEFAULT_DB_ALIAS
) -> list[list[Model]]:
    """Run each (query, values) and return their instances, in order. The queries must not
    depend on each other's answers.

    On PostgreSQL each query is a prepared statement, planned once per connection (planning
    cost more than answering: about 0.2 ms against 0.03 ms), and all of them travel in one
    round trip (psycopg's pipeline mode). Each is still its own statement, logged and counted
    like any other. On SQLite, which answers in the process, they simply run in turn."""
    connection = connections[using]
    statements = [query._statement(using, values) for query, values in runs]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            answers = []
            for (query, _), (sql, parameters) in zip(runs, statements, strict=True):
                cursor.execute(sql, parameters)
                answers.append(query._instances(connection, cursor.fetchall()))
            return answers
    # Django's health check would ask the server "SELECT 1", in a round trip of its own,
    # before the first query of each request on a kept connection. Here the queries are the
    # check: if the server dropped the connection since the last request, they fail before
    # anything is read, and they run once more on a new connection.
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    connection.health_check_done = True
    try:
        return _run_pipelined(connection, runs, statements)
    except DatabaseError:
        if not checking or connection.is_usable():
            raise
    connection.close()
    return _run_pipelined(connection, runs, statements)


def _run_pipelined(connection, runs: tuple, statements: list) -> list[list[Model]]:
    cursors = _prepared_statement_cursors(connection, len(statements))
    try:
        together = connection.connection.pipeline() if _pipelines() else nullcontext()
        with connection.wrap_database_errors, together:
            for cursor, (sql, parameters) in zip(cursors, statements, strict=True):
                cursor.execute(sql, parameters)
        return [
            query._instances(connection, cursor.fetchall())
            for (query, _), cursor in zip(runs, cursors, strict=True)
        ]
    finally:
        for cursor in cursors:
            cursor.close()


def _prepared_statement_cursors(connection, count: int) -> list:
    """Cursors that bind their values on the server, so psycopg prepares their statements
    (settings.py sets the connection's prepare_threshold to 0; Django's own cursors bind on
    the client and never prepare). Wrapped as Django wraps its cursors, so the queries are
    logged and counted."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    return [wrap(psycopg.Cursor(connection.connection)) for _ in range(count)]


def _pipelines() -> bool:
    """Whether psycopg's libpq can send several queries in one round trip (libpq 14+)."""
    return psycopg.Pipeline.is_supported()
