"""
The site search: published articles, conditions and active practitioners for a visitor's words.

`site_search(query)` returns each kind of result ranked, with the matching words highlighted in
the title and in a short excerpt. It makes one database query per kind of result, however many
results there are, and accepts any text: the query is cut to `MAX_QUERY_LENGTH` characters,
control characters are dropped and at most `MAX_TERMS` words are used.

- On PostgreSQL it uses full-text search in the English configuration ("needles" finds
  "needle"), weighting a match in the title (A) above the summary (B) above the body (C).
  Articles, conditions and practitioners each keep a stored, GIN-indexed vector
  (search_index.py), so no row's text is parsed while a visitor waits.
- On SQLite (development, and half of CI) a simpler fallback with the same interface: every
  word must start a word somewhere (case-insensitive, after a naive plural fold so "needles"
  finds "needle"), ranked by the same weights in SQL. Articles are found and ranked from an
  FTS5 word index (search_index.py); conditions and practitioners, a few hundred rows at
  most, by reading their text (a substring match).

A condition named in the query, by its name or one of its synonyms ("nerve pain" is a synonym
of Neuropathy), is found itself and brings its published articles with it.

Excerpts are built in Python for both databases from the plain text a reader sees (Markdown
removed, as in articles/claims.py), and every piece is escaped before the `<mark>` tags are
added: no text from the database or the visitor reaches the page unescaped.
"""

import functools
import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import BooleanField, Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from articles.claims import iter_sentences
from articles.models import Article
from clinic_site.search_index import (
    ARTICLE_DOCUMENT,
    CONDITION_DOCUMENT,
    PRACTITIONER_DOCUMENT,
    SEARCH_CONFIG,
    sqlite_text_index_exists,
    sqlite_text_match,
    sqlite_text_rank,
)
from conditions.models import Condition
from practitioners.models import Practitioner

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Articles are shown ten at a time, best first, with "More articles" for the next ten: a
# page's cost (each article's excerpt is read from its text) then stays the same however many
# articles match. Conditions and practitioners, a handful at most, come on the first page.
ARTICLES_PER_PAGE = 10
LAST_PAGE = 50
CONDITION_LIMIT = 10
PRACTITIONER_LIMIT = 10
# Conditions whose names share a word with the query, read to see which ones it names.
CONDITION_CANDIDATE_LIMIT = 100
EXCERPT_LENGTH = 220
# Only so much of a long body is read to find the best sentence for an excerpt.
EXCERPT_SOURCE_LENGTH = 20_000

# PostgreSQL's default ts_rank weights; the SQLite fallback scores a match with the same ones.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
# An article about a condition the query names ranks as if the words were in its summary.
NAMED_CONDITION_BONUS = WEIGHTS["B"]

# Words too common to search for. PostgreSQL drops its own (longer) list of English stop
# words; the fallback drops these, so "acupuncture for nerve pain" does not need a "for".
STOP_WORDS = frozenset(
    "a about after an and are as at be by can do does for from how i in is it my of on or "
    "the to what when which who why will with you your".split()
)

_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchHit:
    item: models.Model
    url: str
    title: SafeString
    excerpt: SafeString


@dataclass(frozen=True)
class SearchResults:
    query: str  # The cleaned query, as the search box shows it again.
    terms: tuple[str, ...] = ()
    conditions: list[SearchHit] = field(default_factory=list)
    articles: list[SearchHit] = field(default_factory=list)
    practitioners: list[SearchHit] = field(default_factory=list)
    page: int = 1  # Of the articles: 2 shows the 11th to the 20th.
    more_articles: bool = False  # Whether a next page has more.

    @property
    def count(self) -> int:
        return len(self.conditions) + len(self.articles) + len(self.practitioners)


def site_search(query: str, *, page: int = 1) -> SearchResults:
    """Search published articles, conditions and active practitioners for `query`; `page`
    (1 to LAST_PAGE) says which ten articles, and only the first has the others."""
    if not 1 <= page <= LAST_PAGE:
        raise ValueError(f"Search pages run from 1 to {LAST_PAGE}.")
    cleaned = clean_query(query)
    terms = search_terms(cleaned)
    if not terms:
        return SearchResults(query=cleaned)
    stems = tuple(dict.fromkeys(fold_plural(term) for term in terms))

    # The named conditions rank the articles on every page; the conditions and practitioners
    # themselves are shown on the first.
    conditions, named_ids = _find_conditions(terms, stems)
    articles = _find_articles(terms, stems, named_ids, page=page)
    more_articles = len(articles) > ARTICLES_PER_PAGE
    articles = articles[:ARTICLES_PER_PAGE]
    if page > 1:
        conditions, practitioners = [], []
    else:
        practitioners = _find_practitioners(terms, stems)
    marker = _Marker(pattern=_highlight_pattern(stems), finder=_stem_finder(stems))
    return SearchResults(
        query=cleaned,
        terms=terms,
        page=page,
        more_articles=more_articles,
        conditions=[
            marker.hit(
                condition,
                condition.name,
                [condition.summary, _also_known_as(condition), condition.body],
            )
            for condition in conditions
        ],
        articles=[
            marker.hit(article, article.title, [article.summary, article.excerpt_source])
            for article in articles
        ],
        practitioners=[
            marker.hit(
                practitioner,
                practitioner.name,
                [f"{practitioner.title}. {practitioner.credentials}", practitioner.biography],
            )
            for practitioner in practitioners
        ],
    )


@dataclass(frozen=True)
class _Marker:
    """How one query's words are found and marked in what its results show."""

    pattern: re.Pattern[str]  # _highlight_pattern: marks the searched words, one group each
    finder: re.Pattern[str]  # _stem_finder: a quicker first look for them in a long text

    def hit(self, item: models.Model, title: str, texts: list[str]) -> SearchHit:
        """A result: its title with the searched words marked, and an excerpt.

        `texts` start with a plain-text summary (an article's or a condition's summary, a
        practitioner's title and qualifications), then the Markdown to look in. A title that
        holds every searched word already says why the result is here: the excerpt is then the
        summary, as the editor wrote it for readers, and the body is not read.
        """
        summary = texts[0]
        if _words_found(title, self.pattern) == self.pattern.groups:
            shown = highlight(_shorten(" ".join(summary.split()), self.pattern), self.pattern)
        else:
            shown = excerpt(texts, self.pattern, self.finder)
        return SearchHit(
            item=item,
            url=item.get_absolute_url(),
            title=highlight(title, self.pattern),
            excerpt=shown,
        )


# --- The query ------------------------------------------------------------------------------


def clean_query(query: str) -> str:
    """The query as safe text: no control or formatting characters, spaces collapsed, cut short."""
    # Cut before normalising, so a huge query costs nothing; NFKC can lengthen it again.
    text = unicodedata.normalize("NFKC", query[: MAX_QUERY_LENGTH * 4])
    text = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char for char in text
    )
    return _SPACES.sub(" ", text).strip()[:MAX_QUERY_LENGTH].strip()


def search_terms(query: str) -> tuple[str, ...]:
    """The query's words worth searching for, lower-cased, each once, at most MAX_TERMS."""
    words = (word for word in _WORD.findall(query.casefold()) if len(word) > 1)
    unique = dict.fromkeys(word for word in words if word not in STOP_WORDS)
    return tuple(unique)[:MAX_TERMS]


def fold_plural(word: str) -> str:
    """The start that a word's singular and plural share: "needles" -> "needle"."""
    # Deliberately naive (English plurals only), and always a prefix of both forms, because the
    # fallback matches substrings: "therapies" and "therapy" -> "therap".
    for ending, keep in (("ies", 0), ("sses", 2), ("ches", 2), ("shes", 2), ("xes", 2)):
        if word.endswith(ending) and len(word) - len(ending) + keep >= 3:
            return word[: len(word) - len(ending) + keep]
    if word.endswith("y") and len(word) > 4 and word[-2] not in "aeiou":
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# --- The three queries ----------------------------------------------------------------------


@dataclass(frozen=True)
class _TextMatch:
    """How one database matches and ranks a queryset's text against the terms."""

    queryset: models.QuerySet
    condition: Q
    rank: models.Expression


def _text_match(
    queryset: models.QuerySet,
    document: dict[str, str],
    terms: tuple[str, ...],
    stems: tuple[str, ...],
) -> _TextMatch:
    if connections[queryset.db].vendor == "postgresql":
        # The model's stored vector of `document` (search_index.py), read from its GIN index.
        query = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")
        return _TextMatch(
            queryset=queryset,
            condition=Q(search_vector=query),
            rank=SearchRank(F("search_vector"), query),
        )
    # Every word somewhere; each word scores the weight of each field it appears in.
    condition = functools.reduce(
        operator.and_,
        (
            functools.reduce(
                operator.or_, (Q(**{f"{name}__icontains": stem}) for name in document)
            )
            for stem in stems
        ),
    )
    rank = functools.reduce(
        operator.add,
        (
            Case(
                When(Q(**{f"{name}__icontains": stem}), then=Value(WEIGHTS[weight])),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for stem in stems
            for name, weight in document.items()
        ),
    )
    return _TextMatch(queryset=queryset, condition=condition, rank=rank)


def _find_conditions(
    terms: tuple[str, ...], stems: tuple[str, ...]
) -> tuple[list[Condition], list[int]]:
    """Conditions matching the words or named by them, the named ones first; and their ids."""
    match = _text_match(
        Condition.objects.defer("body_html", "search_vector"), CONDITION_DOCUMENT, terms, stems
    )
    shares_a_word_with_a_name = _shares_a_word_with_a_name(match.queryset.db, stems)
    candidates = (
        match.queryset.filter(match.condition | shares_a_word_with_a_name)
        .annotate(
            search_rank=match.rank,
            matches_text=ExpressionWrapper(match.condition, output_field=BooleanField()),
        )
        .order_by("-search_rank", "name")[:CONDITION_CANDIDATE_LIMIT]
    )
    query_words = set(stems)
    named = []
    matching = []
    for condition in candidates:
        if any(_name_words(name) <= query_words for name in condition.all_names):
            named.append(condition)
        elif condition.matches_text:
            matching.append(condition)
    return [*named, *matching][:CONDITION_LIMIT], [condition.pk for condition in named]


def _shares_a_word_with_a_name(database: str, stems: tuple[str, ...]) -> Q:
    """Conditions with a name or synonym holding a word that starts with one of the stems."""
    if connections[database].vendor == "postgresql":
        # The names are the stored vector's weight-A words (CONDITION_DOCUMENT): found from its
        # GIN index, not by reading every condition's name. ('needle':*A is a prefix match.)
        names = " | ".join("'{}':*A".format(stem.replace("'", "''")) for stem in stems)
        return Q(search_vector=SearchQuery(names, config=SEARCH_CONFIG, search_type="raw"))
    return functools.reduce(
        operator.or_, (Q(name__icontains=stem) | Q(synonyms__icontains=stem) for stem in stems)
    )


def _also_known_as(condition: Condition) -> str:
    synonyms = condition.synonym_list
    return f"Also known as: {', '.join(synonyms)}." if synonyms else ""


def _name_words(name: str) -> set[str]:
    words = {fold_plural(word) for word in search_terms(name)}
    return words or {name.casefold()}


def _find_articles(
    terms: tuple[str, ...], stems: tuple[str, ...], named_condition_ids: list[int], *, page: int
) -> list[Article]:
    """The page's articles, best first, and the next one if there is one (to say so)."""
    queryset = Article.objects.published()
    database = queryset.db
    if connections[database].vendor == "sqlite" and sqlite_text_index_exists(using=database):
        # Found and ranked from the word index: only the page's articles are read.
        condition = sqlite_text_match(stems)
        rank = sqlite_text_rank(
            stems, {column: WEIGHTS[weight] for column, weight in ARTICLE_DOCUMENT.items()}
        )
    else:
        match = _text_match(queryset, ARTICLE_DOCUMENT, terms, stems)
        condition, rank = match.condition, match.rank
    if named_condition_ids:
        about_a_named_condition = Q(
            pk__in=Article.conditions.through.objects.filter(
                condition_id__in=named_condition_ids
            ).values("article_id")
        )
        condition |= about_a_named_condition
        rank = rank + Case(
            When(about_a_named_condition, then=Value(NAMED_CONDITION_BONUS)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    # The body is read only for an article whose title lacks a searched word: a title holding
    # them all has its summary for an excerpt (_Marker.hit), and a long body, read for every
    # match while they are sorted, is most of what a search reads.
    title_holds_every_word = functools.reduce(
        operator.and_, (Q(title__icontains=stem) for stem in stems)
    )
    return list(
        queryset.filter(condition)
        .annotate(
            search_rank=rank,
            excerpt_source=Case(
                When(title_holds_every_word, then=Value("")),
                default=F("body"),
                output_field=models.TextField(),
            ),
        )
        .order_by("-search_rank", "-published_at")
        .only("title", "slug", "summary", "published_at")[
            (page - 1) * ARTICLES_PER_PAGE : page * ARTICLES_PER_PAGE + 1
        ]
    )


def _find_practitioners(terms: tuple[str, ...], stems: tuple[str, ...]) -> list[Practitioner]:
    match = _text_match(Practitioner.objects.active(), PRACTITIONER_DOCUMENT, terms, stems)
    return list(
        match.queryset.filter(match.condition)
        .annotate(search_rank=match.rank)
        .order_by("-search_rank", "name")
        .only("name", "slug", "title", "credentials", "biography")[:PRACTITIONER_LIMIT]
    )


# --- Highlighting ---------------------------------------------------------------------------


def _highlight_pattern(stems: Iterable[str]) -> re.Pattern[str]:
    """Whole words starting with a searched stem: "needle" marks "needle" and "needles".

    Each stem is a group of its own, so a match tells which searched word it is (`lastindex`).
    The longest stems come first: "nerves" then "nerve" would otherwise stop at "nerve".
    """
    alternatives = sorted((re.escape(stem) for stem in stems), key=len, reverse=True)
    groups = "|".join(f"({alternative})" for alternative in alternatives)
    return re.compile(rf"(?<!\w)(?:{groups})\w*", re.IGNORECASE)


@functools.lru_cache(maxsize=128)
def _stem_finder(stems: tuple[str, ...]) -> re.Pattern[str]:
    """Any place a stem occurs, at a word's start or not: a superset of _highlight_pattern's
    matches that the regular expression engine finds twice as fast in a long text (no
    look-behind at every character), to skip the paragraphs without a searched word."""
    return re.compile("|".join(re.escape(stem) for stem in stems), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern[str]) -> SafeString:
    """`text` escaped, with every match of `pattern` wrapped in <mark>."""
    pieces = []  # (the text before a match, the match)
    position = 0
    for found in pattern.finditer(text):
        pieces.append((text[position : found.start()], found.group()))
        position = found.end()
    if not pieces:
        return escape(text)
    # format_html_join and format_html escape every piece of the text they are given.
    marked = format_html_join("", "{}<mark>{}</mark>", pieces)
    return format_html("{}{}", marked, text[position:])


def excerpt(texts: Iterable[str], pattern: re.Pattern[str], finder: re.Pattern[str]) -> SafeString:
    """The sentence (of Markdown `texts`) with the most searched words, shortened, marked.

    A searched word counts once however often, and in whatever form ("needle", "needles"), a
    sentence holds it. The first sentence that holds every searched word is the answer, and
    the rest of the text is not read. `finder` (_stem_finder) picks the paragraphs worth
    reading; `pattern` decides.
    """
    best, best_count = "", 0
    for text in texts:
        # Only the paragraphs with a searched word are turned into sentences: the others are
        # not read (a long body's cost, ten times over).
        for sentence in iter_sentences(text[:EXCERPT_SOURCE_LENGTH], containing=finder):
            count = _words_found(sentence, pattern)
            if count > best_count:
                best, best_count = sentence, count
                if count == pattern.groups:
                    return highlight(_shorten(best, pattern), pattern)
    if not best:
        # No searched word in the text (the match was elsewhere): its first sentence.
        first = (
            sentence for text in texts for sentence in iter_sentences(text[:EXCERPT_SOURCE_LENGTH])
        )
        best = next(first, "")
    return highlight(_shorten(best, pattern), pattern)


def _words_found(text: str, pattern: re.Pattern[str]) -> int:
    """How many of the searched words `text` holds, each counted once in whatever form: one
    group per searched word (_highlight_pattern), so the groups matched are the words."""
    return len({found.lastindex for found in pattern.finditer(text)})


def _shorten(sentence: str, pattern: re.Pattern[str]) -> str:
    """At most EXCERPT_LENGTH characters of the sentence, around its first match, at spaces."""
    if len(sentence) <= EXCERPT_LENGTH:
        return sentence
    found = pattern.search(sentence)
    start = max(0, (found.start() if found else 0) - EXCERPT_LENGTH // 3)
    if start:
        start = sentence.find(" ", start) + 1 or start
    end = start + EXCERPT_LENGTH
    if end < len(sentence):
        end = sentence.rfind(" ", start, end) if " " in sentence[start:end] else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(sentence) else ""
    return f"{prefix}{sentence[start:end].strip()}{suffix}"
