import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from clinic_site.search import (
    ARTICLES_PER_PAGE,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    clean_query,
    fold_plural,
    search_terms,
    site_search,
)
from clinic_site.search_index import sqlite_text_index_ensure, sqlite_text_match
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("search")

# Anonymous visitors: the conditions, the articles, the practitioners; one more for the
# conditions suggested when nothing is found; only those for an empty search.
RESULTS_QUERIES = 3
NO_RESULTS_QUERIES = 4
EMPTY_QUERIES = 1

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search (stemming, stored vector, GIN index) exists only on PostgreSQL; "
    "CI runs the suite on PostgreSQL too",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the substring fallback is SQLite's; PostgreSQL matches whole (stemmed) words",
)


def plain_article(**fields) -> Article:
    """A published article whose text mentions nothing but what the test gives it."""
    defaults = {
        "title": "A calm first visit",
        "summary": "What happens when you come to see us.",
        "meta_description": "What happens when you come to see us, step by step, in plain words.",
        "body": "We talk first and agree a plan together.",
    }
    return ArticleFactory(published=True, **(defaults | fields))


def titles(hits) -> list[str]:
    return [hit.item.title if hasattr(hit.item, "title") else hit.item.name for hit in hits]


def article_titles(query: str) -> list[str]:
    return [hit.item.title for hit in site_search(query).articles]


# Ranking and matching (both databases).


def test_title_match_ranks_above_body_match():
    in_body = plain_article(
        title="Sleep and long-term pain", body="Some people find moxibustion relaxing."
    )
    in_title = plain_article(
        title="Moxibustion explained",
        published_at=in_body.published_at - timedelta(days=30),
    )

    assert article_titles("moxibustion") == [in_title.title, in_body.title]


def test_summary_match_ranks_above_body_match():
    in_body = plain_article(title="One", body="Cupping is sometimes offered too.")
    in_summary = plain_article(
        title="Two",
        summary="Cupping, and what it involves.",
        published_at=in_body.published_at - timedelta(days=30),
    )

    assert article_titles("cupping") == [in_summary.title, in_body.title]


def test_every_word_must_match():
    both = plain_article(title="Needles and warmth")
    plain_article(title="Needles only")

    assert article_titles("warmth needles") == [both.title]


def test_plural_finds_singular_and_singular_finds_plural():
    singular = plain_article(title="How a needle feels")
    plural = plain_article(title="Fine needles, gently placed")

    assert set(article_titles("needles")) == {singular.title, plural.title}
    assert set(article_titles("needle")) == {singular.title, plural.title}


def test_search_ignores_case_and_punctuation():
    article = plain_article(title="Acupuncture for trigeminal neuralgia")

    assert article_titles("TRIGEMINAL-Neuralgia!") == [article.title]


def test_condition_synonym_finds_the_condition_and_its_articles():
    neuropathy = ConditionFactory(
        name="Neuropathy",
        slug="neuropathy",
        synonyms="nerve pain, neuropathic pain",
        summary="Damage to the nerves outside the brain and spinal cord.",
        body="",
    )
    about_it = plain_article(title="Burning feet at night")
    about_it.conditions.add(neuropathy)
    plain_article(title="Unrelated article")

    results = site_search("neuropathic pain")

    assert [hit.item for hit in results.conditions] == [neuropathy]
    assert titles(results.articles) == [about_it.title]
    assert "<mark>neuropathic</mark> <mark>pain</mark>" in results.conditions[0].excerpt


def test_condition_named_inside_a_longer_query_brings_its_articles():
    neuropathy = ConditionFactory(name="Neuropathy", slug="neuropathy", synonyms="nerve pain")
    about_it = plain_article(title="Burning feet at night")
    about_it.conditions.add(neuropathy)

    assert article_titles("help with nerve pain") == [about_it.title]


def test_articles_about_a_named_condition_rank_above_others_matching_the_same_words():
    neuralgia = ConditionFactory(name="Neuralgia", slug="neuralgia", synonyms="")
    mentions = plain_article(title="Sleep", body="Neuralgia can disturb sleep.")
    about = plain_article(
        title="Diet",
        body="Neuralgia and food.",
        published_at=mentions.published_at - timedelta(days=30),
    )
    about.conditions.add(neuralgia)

    assert article_titles("neuralgia") == [about.title, mentions.title]


def test_conditions_and_practitioners_are_found_by_their_own_words():
    condition = ConditionFactory(name="Sciatica", slug="sciatica", summary="Pain down the leg.")
    practitioner = PractitionerFactory(name="Gareth Owen", title="Acupuncturist and nurse")

    assert [hit.item for hit in site_search("sciatica").conditions] == [condition]
    assert [hit.item for hit in site_search("nurse").practitioners] == [practitioner]


# Stemming and the fallback (one database each).


@postgresql_only
def test_postgresql_stems_english_words():
    article = plain_article(title="How we treated your back", body="Gentle needling.")

    assert article_titles("treating") == [article.title]
    assert article_titles("needles") == [article.title]


def test_common_words_in_the_query_are_not_required():
    article = plain_article(title="Needles")

    assert article_titles("what about the needles") == [article.title]


@sqlite_only
def test_sqlite_fallback_matches_the_start_of_a_word():
    article = plain_article(title="Peripheral neuropathy")

    assert article_titles("neuro") == [article.title]


@sqlite_only
def test_sqlite_fallback_does_not_match_inside_a_word_as_postgresql_does_not():
    plain_article(title="Peripheral neuropathy")

    assert article_titles("pathy") == []


@sqlite_only
def test_sqlite_word_index_folds_case_and_accents_and_follows_every_edit():
    article = plain_article(body="A note on Naïve questions.")
    assert article_titles("naive") == [article.title]

    Article.objects.filter(pk=article.pk).update(body="Plain answers now.")
    assert article_titles("naive") == []
    assert article_titles("answers") == [article.title]

    article.delete()
    assert article_titles("answers") == []


@sqlite_only
def test_sqlite_query_syntax_in_the_words_is_text_not_a_command():
    article = plain_article(title='Needles "quoted" OR NOT anything')

    assert article_titles('"quoted"') == [article.title]
    assert article_titles("needles* (anything)") == [article.title]
    # The visitor's words reach the index as words only; the index lookup itself must still
    # take FTS5 keywords and quotes in a stem as text, not as its query language.
    for stems in [("NOT",), ("needles", "OR"), ('"quoted',), ("(any",)]:
        assert list(Article.objects.filter(sqlite_text_match(stems))) == [article], stems


@sqlite_only
def test_sqlite_retires_the_old_trigram_index_at_migrate():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE articles_article_text USING fts5(title, tokenize='trigram')"
        )
        cursor.execute(
            "CREATE TRIGGER articles_article_text_insert AFTER INSERT ON articles_article "
            "BEGIN INSERT INTO articles_article_text(title) VALUES (new.title); END"
        )

    sqlite_text_index_ensure()

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'articles_article_text%'")
        assert cursor.fetchall() == []
    article = plain_article(title="Warm needles")
    assert article_titles("warm") == [article.title]


@postgresql_only
def test_postgresql_keeps_the_search_vector_current_on_save():
    article = plain_article(title="Warm needles")
    article.title = "Electroacupuncture explained"
    article.save()

    assert article_titles("electroacupuncture") == [article.title]
    assert article_titles("warm") == []


@postgresql_only
def test_postgresql_search_vector_is_gin_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_article' "
            "AND indexdef ILIKE '%%gin%%search_vector%%'"
        )
        assert cursor.fetchall()


@postgresql_only
def test_postgresql_fills_the_search_vector_on_save():
    plain_article(title="Needles")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE search_vector IS NULL")
        assert cursor.fetchone()[0] == 0


def stored_vector(instance) -> str:
    """The row's stored search vector as PostgreSQL prints it: 'tinnitus':1A 'ring':5B ..."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT search_vector::text FROM {instance._meta.db_table} WHERE id = %s",
            [instance.pk],
        )
        return cursor.fetchone()[0]


@postgresql_only
def test_postgresql_keeps_condition_and_practitioner_vectors_current_on_save():
    condition = ConditionFactory(name="Tinnitus", synonyms="")
    practitioner = PractitionerFactory(credentials="MBAcC")
    assert "'tinnitus':1A" in stored_vector(condition)
    assert "'mbacc'" in stored_vector(practitioner)

    condition.synonyms = "ringing in the ears"
    condition.save()
    practitioner.credentials = "Licensed herbalist"
    practitioner.save()

    assert "'ring':" in stored_vector(condition)
    assert "'herbalist':" in stored_vector(practitioner)
    assert "'mbacc'" not in stored_vector(practitioner)
    assert titles(site_search("ringing ears").conditions) == ["Tinnitus"]
    assert site_search("herbalist").practitioners[0].item == practitioner


# Only what the public may see.


def test_drafts_scheduled_articles_and_former_practitioners_are_never_found(
    draft_article, scheduled_article
):
    published = plain_article(title="Nobody should miss this")
    PractitionerFactory(name="Margaret Nobody", inactive=True)

    results = site_search("nobody")

    assert titles(results.articles) == [published.title]
    assert results.practitioners == []
    for query in ["draft", "scheduled", "nerve pain", "week"]:
        found = [hit.item.pk for hit in site_search(query).articles]
        assert draft_article.pk not in found, query
        assert scheduled_article.pk not in found, query


def test_scheduled_article_is_found_once_its_time_has_come(scheduled_article):
    assert scheduled_article.pk not in [hit.item.pk for hit in site_search("scheduled").articles]

    Article.objects.filter(pk=scheduled_article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )

    assert scheduled_article.pk in [hit.item.pk for hit in site_search("scheduled").articles]


def test_search_page_shows_no_draft(client, draft_article):
    content = client.get(SEARCH_URL, {"q": "draft nobody"}).content.decode()

    assert draft_article.get_absolute_url() not in content


# The page.


def test_search_page_lists_each_kind_of_result_with_links(client):
    condition = ConditionFactory(name="Neuralgia", slug="neuralgia", synonyms="")
    article = plain_article(title="Living with neuralgia")
    practitioner = PractitionerFactory(biography="Has a special interest in neuralgia.")

    response = client.get(SEARCH_URL, {"q": "neuralgia"})

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "<h1>Search results for “neuralgia”</h1>" in content
    for url in [
        condition.get_absolute_url(),
        article.get_absolute_url(),
        practitioner.get_absolute_url(),
    ]:
        assert f'href="{url}"' in content
    assert "Living with <mark>neuralgia</mark>" in content
    assert '<meta name="robots" content="noindex, follow">' in content


def test_search_excerpt_is_the_best_matching_sentence_with_words_marked():
    article = plain_article(
        summary="What to expect.",
        body=(
            "## First\n\nWe talk first. Then we use **fine** needles, which most people "
            "barely feel. Afterwards you rest."
        ),
    )

    hit = site_search("needles")
    assert hit.articles[0].item == article
    assert hit.articles[0].excerpt == (
        "Then we use fine <mark>needles</mark>, which most people barely feel."
    )


def test_long_sentences_are_shortened_around_the_match():
    long_body = " ".join(["word"] * 200) + " moxibustion " + " ".join(["other"] * 200) + "."
    plain_article(body=long_body)

    excerpt = site_search("moxibustion").articles[0].excerpt

    assert "<mark>moxibustion</mark>" in excerpt
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(excerpt) < 300


def test_highlighting_escapes_html_in_the_text(client):
    plain_article(
        title="Needles & <b>bold</b> claims",
        summary="Needles <i>and</i> <script>alert('summary')</script> more.",
        body="A <script>alert('body')</script> sentence about needles.",
    )

    response = client.get(SEARCH_URL, {"q": "needles"})

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<mark>Needles</mark> &amp; &lt;b&gt;bold&lt;/b&gt; claims" in content
    assert "<script>alert" not in content
    assert "<b>bold</b>" not in content
    assert "<i>and</i>" not in content


def test_the_query_is_escaped_wherever_the_page_shows_it(client):
    response = client.get(SEARCH_URL, {"q": '<script>alert(1)</script> "needles"'})

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<script>alert" not in content
    assert "“&lt;script&gt;alert(1)&lt;/script&gt; &quot;needles&quot;”" in content
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; &quot;needles&quot;"' in content


def test_markdown_and_html_never_reach_the_excerpt():
    plain_article(body="Read [the **guide** to needles](https://example.org/guide) first.")

    excerpt = site_search("needles").articles[0].excerpt

    assert excerpt == "Read the guide to <mark>needles</mark> first."


def test_the_excerpt_is_the_sentence_with_most_of_the_searched_words_each_counted_once():
    plain_article(
        summary="How we work.",
        body=(
            "One needle, then more needles, then needles again.\n\n"
            "Thin needles rarely add to nerve pain.\n\n"
            "Needles and pain, once more."
        ),
    )

    excerpt = site_search("needles pain").articles[0].excerpt

    # The first sentence has one searched word three times; the second has both: the first
    # such sentence is the excerpt.
    assert excerpt == "Thin <mark>needles</mark> rarely add to nerve <mark>pain</mark>."


def test_a_result_whose_title_holds_every_searched_word_shows_its_summary():
    plain_article(
        title="Needles and nerve pain",
        summary="What a first treatment feels like. We explain each step.",
        body="Fine needles are used for nerve pain in the legs.",
    )
    plain_article(
        title="Your first visit",
        summary="What a first treatment feels like.",
        body="We talk first. Fine needles are used for nerve pain in the legs.",
    )

    titled, untitled = site_search("needles nerve pain").articles

    assert titled.excerpt == "What a first treatment feels like. We explain each step."
    assert untitled.excerpt == (
        "Fine <mark>needles</mark> are used for <mark>nerve</mark> <mark>pain</mark> in the legs."
    )


def test_empty_search_shows_the_form_and_suggests_conditions(client, django_assert_num_queries):
    condition = ConditionFactory(name="Neuralgia")

    with django_assert_num_queries(EMPTY_QUERIES):
        response = client.get(SEARCH_URL)

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<h1>Search</h1>" in content
    assert 'id="search-query"' in content
    assert f'href="{condition.get_absolute_url()}"' in content
    assert "We found nothing" not in content


def test_no_results_page_suggests_conditions(client, django_assert_num_queries):
    condition = ConditionFactory(name="Neuralgia")

    with django_assert_num_queries(NO_RESULTS_QUERIES):
        response = client.get(SEARCH_URL, {"q": "zzyzx"})

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "We found nothing for “zzyzx”" in content
    assert "Conditions you may be looking for" in content
    assert f'href="{condition.get_absolute_url()}"' in content


@pytest.mark.parametrize("count", [1, 8])
def test_search_query_count_does_not_grow_with_results(client, django_assert_num_queries, count):
    conditions = ConditionFactory.create_batch(count, summary="About needles.")
    for condition in conditions:
        plain_article(title=f"Needles {condition.name}").conditions.add(condition)
    PractitionerFactory.create_batch(count, biography="Uses fine needles.")

    with django_assert_num_queries(RESULTS_QUERIES):
        response = client.get(SEARCH_URL, {"q": "needles"})

    results = response.context["results"]
    assert (len(results.conditions), len(results.articles), len(results.practitioners)) == (
        count,
        count,
        count,
    )


def test_articles_come_ten_to_a_page_and_the_first_page_says_there_are_more():
    for number in range(ARTICLES_PER_PAGE + 3):
        plain_article(title=f"Needles, part {number}")

    first = site_search("needles")
    second = site_search("needles", page=2)

    assert len(first.articles) == ARTICLES_PER_PAGE
    assert first.more_articles
    assert len(second.articles) == 3
    assert not second.more_articles
    assert {hit.item.pk for hit in first.articles}.isdisjoint(
        hit.item.pk for hit in second.articles
    )


def test_later_search_pages_link_back_and_number_their_articles_on(client):
    ConditionFactory(name="Needle phobia", summary="Fear of needles.")
    for number in range(ARTICLES_PER_PAGE + 2):
        plain_article(title=f"Needles, part {number}")

    first = client.get(SEARCH_URL, {"q": "needles"}).content.decode()
    second = client.get(SEARCH_URL, {"q": "needles", "page": "2"}).content.decode()

    assert 'href="?q=needles&amp;page=2" rel="next">More articles</a>' in first
    assert "<mark>Needle</mark> phobia" in first
    assert 'href="?q=needles&amp;page=1" rel="prev">Previous articles</a>' in second
    assert '<ol class="search-results" start="11">' in second
    assert "Articles 11 to 12 of those that match, best first." in second
    assert "<title>Search results for “needles”, page 2 | " in second
    # The conditions and practitioners are on the first page only.
    assert "phobia" not in second


@pytest.mark.parametrize("number", ["0", "51", "two", "٢", "3"])
def test_a_search_page_that_does_not_exist_is_404(client, number):
    for number in range(ARTICLES_PER_PAGE + 2):
        plain_article(title=f"Needles, part {number}")

    response = client.get(SEARCH_URL, {"q": "needles", "page": number})

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_header_search_box_is_a_labelled_get_form_on_every_page(client):
    content = client.get(reverse("home")).content.decode()

    form = re.search(r'<form class="site-search"[^>]*>(.*?)</form>', content, re.S)
    assert form
    assert 'method="get"' in form[0] and f'action="{SEARCH_URL}"' in form[0]
    assert (
        '<label class="visually-hidden" for="site-search-query">Search the site</label>'
        in (form[1])
    )
    assert 'name="q"' in form[1]
    assert '<button class="site-search__button" type="submit">Search</button>' in form[1]


# Any query is safe.


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "needles " * 500,
        "\x00needles\x00",
        "needles\x01\x02\x1b[31m\x7f",
        "\u202eneedles\u202c \u200b",
        "nééedles 針 🪡 ∑ 𝔫𝔢𝔢𝔡𝔩𝔢",
        "'; DROP TABLE articles_article; --",
        "needles & | ! :* ( ) <-> \\ ' \"",
        "100% _needle_ %_",
        "the and of to",
        "   ",
        "a b c",
    ],
    ids=[
        "very-long",
        "many-words",
        "nul",
        "control",
        "direction-and-zero-width",
        "unicode",
        "sql",
        "tsquery-syntax",
        "like-wildcards",
        "stop-words",
        "spaces",
        "single-letters",
    ],
)
def test_any_query_is_answered_without_an_error(client, query):
    plain_article(title="Needles")

    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code == HTTPStatus.OK


def test_query_in_the_address_that_is_not_utf8_is_answered(client):
    plain_article(title="Needles")

    response = client.get(f"{SEARCH_URL}?q=%FF%FEneedles%00&q=%C0")

    assert response.status_code == HTTPStatus.OK


def test_search_page_accepts_only_safe_methods(client):
    assert client.post(SEARCH_URL, {"q": "x"}).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# The query's words.


def test_clean_query_drops_control_characters_and_cuts_long_queries():
    assert clean_query("  nerve\x00\tpain\u202e  ") == "nerve pain"
    assert len(clean_query("word " * 1000)) <= MAX_QUERY_LENGTH


def test_search_terms_are_words_once_without_stop_words_and_capped():
    assert search_terms("What is the NERVE pain, nerve-pain?") == ("nerve", "pain")
    assert len(search_terms(" ".join(f"word{n}" for n in range(50)))) == MAX_TERMS


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("needles", "needle"),
        ("needle", "needle"),
        ("therapies", "therap"),
        ("therapy", "therap"),
        ("classes", "class"),
        ("aches", "ach"),
        ("sciatica", "sciatica"),
        ("diabetes", "diabete"),
        ("stress", "stress"),
        ("virus", "virus"),
        ("day", "day"),
    ],
)
def test_fold_plural_gives_the_start_shared_by_singular_and_plural(word, folded):
    assert fold_plural(word) == folded
