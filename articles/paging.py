"""
The article list's pages: ten articles at a time, newest first, with "Newer articles" and
"Older articles" links that name where the next page starts rather than its number.

A page number makes the database count every published article (for "page 3 of 1,001") and
step over all the articles before the page (OFFSET), so a page costs more the more the clinic
has written. A position ("older than this article") is found through the public-order index
like the first page, whatever its depth, and nothing needs counting: every page costs the same
with 10 articles or 10,000.

A position is the article's publication time in microseconds since 1970 (UTC) and its id,
e.g. `?before=1772443800000000-42`: together they place every article, even two published at
the same instant, in the one order the list, its index and these links share.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

# The articles a page may show: those published by the given time (Article.objects.published()
# narrowed as the list is, e.g. to one condition).
Published = Callable[[datetime], QuerySet]

PAGE_SIZE = 10
# Newest first, with the id as the tie-break: Article.Meta.ordering, read from the index
# "article_public_order".
ORDER = ("-published_at", "-pk")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_LATEST_MICROSECONDS = (datetime(9999, 12, 31, tzinfo=UTC) - _EPOCH) // _MICROSECOND
_TOKEN = re.compile(r"([0-9]{1,18})-([0-9]{1,18})")


@dataclass(frozen=True)
class Position:
    """Where an article stands in the list's order."""

    published_at: datetime
    pk: int

    @classmethod
    def of(cls, article) -> "Position":
        return cls(article.published_at, article.pk)

    @classmethod
    def parse(cls, token: str) -> "Position | None":
        """The position a link names; None for anything a link of ours would not hold."""
        found = _TOKEN.fullmatch(token)
        if not found or int(found[1]) > _LATEST_MICROSECONDS:
            return None
        return cls(_EPOCH + int(found[1]) * _MICROSECOND, int(found[2]))

    @property
    def token(self) -> str:
        return f"{(self.published_at - _EPOCH) // _MICROSECOND}-{self.pk}"


@dataclass(frozen=True)
class ListPage:
    articles: list
    newer: Position | None  # "Newer articles" shows those newer than this; None on the first
    older: Position | None  # "Older articles" shows those older than this; None on the last

    @property
    def is_first(self) -> bool:
        return self.newer is None


def first_page(published: Published) -> ListPage:
    rows = list(published(timezone.now()).order_by(*ORDER)[: PAGE_SIZE + 1])
    return _descending(rows, newer=None)


def page_before(published: Published, position: Position) -> ListPage:
    """The articles just older than `position`: the page its "Older articles" link shows."""
    # Published by the position's time (a range on the index, where the database starts its
    # walk: given "by now" as well, SQLite walks down from the newest), then not the same time
    # with a larger id.
    by = min(timezone.now(), position.published_at)
    rows = list(
        published(by)
        .filter(Q(published_at__lt=position.published_at) | Q(pk__lt=position.pk))
        .order_by(*ORDER)[: PAGE_SIZE + 1]
    )
    # Whatever came before is newer; with no row left to name it, the position itself.
    return _descending(rows, newer=Position.of(rows[0]) if rows else position)


def page_after(published: Published, position: Position) -> ListPage | None:
    """The articles just newer than `position`; None if they are the newest (the first page)."""
    rows = list(
        published(timezone.now())
        .filter(
            Q(published_at__gte=position.published_at)
            & (Q(published_at__gt=position.published_at) | Q(pk__gt=position.pk))
        )
        .order_by("published_at", "pk")[: PAGE_SIZE + 1]
    )
    if len(rows) <= PAGE_SIZE:
        return None
    rows = rows[:PAGE_SIZE][::-1]
    return ListPage(articles=rows, newer=Position.of(rows[0]), older=Position.of(rows[-1]))


def _descending(rows: list, *, newer: Position | None) -> ListPage:
    shown = rows[:PAGE_SIZE]
    older = Position.of(shown[-1]) if len(rows) > PAGE_SIZE else None
    return ListPage(articles=shown, newer=newer, older=older)
