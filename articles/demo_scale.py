"""
Generated bulk content for `manage.py load_demo --scale N`: the demo clinic after years of use.

N published articles of about 1,500 words, each with three verifiable references, two
conditions, an author and a recorded review, plus one condition per 50 articles (at most 200)
and one practitioner per 200 articles (at most 50), beside the hand-written demo content. The
benchmark (scripts/bench.py) uses it to show that pages stay as fast when the site has grown.

Written in bulk (a few thousand rows per statement) because saving 10,000 articles one by one
renders the same Markdown 10,000 times: the text is rendered once and shared. Everything
generated has a slug starting with `generated-`, so a second run replaces it rather than adding
to it. Bulk writes send no signals and skip save(), so the page cache is told explicitly and
the search vectors (clinic_site/search_index.py) are filled by one UPDATE per table.

The generated text is the demo's own, minus the two articles about nerve pain: only one
generated article in 200 is about trigeminal neuralgia, so the benchmark's search for
"trigeminal" finds a few dozen articles, as a search on a real site does, not all of them.
"""

from datetime import timedelta

from django.db import connections, transaction
from django.utils import timezone

from articles import demo_content
from articles.models import Article, Reference
from clinic_site.page_cache import page_cache_bump
from clinic_site.rendering import render_markdown
from clinic_site.search_index import (
    ARTICLE_DOCUMENT,
    CONDITION_DOCUMENT,
    PRACTITIONER_DOCUMENT,
    search_vector,
)
from conditions.models import Condition
from practitioners.models import Practitioner

PREFIX = "generated-"
ARTICLES_PER_CONDITION = 50
MAX_CONDITIONS = 200
ARTICLES_PER_PRACTITIONER = 200
MAX_PRACTITIONERS = 50
BATCH_SIZE = 1000
# One generated article in this many is about trigeminal neuralgia (see the module docstring).
TRIGEMINAL_EVERY = 200

_DEMO_ARTICLES = {article["slug"]: article for article in demo_content.ARTICLES}
_BODY = "\n\n".join(
    _DEMO_ARTICLES[slug]["body"]
    for slug in [
        "what-to-expect-at-your-first-acupuncture-appointment",
        "acupuncture-alongside-cancer-treatment-peripheral-neuropathy",
    ]
)
_TOPIC_PARAGRAPH = """\
## Notes on {topic}

This part of the article collects what people living with {topic} most often ask us before a
first appointment: how long a course of treatment usually lasts, what to tell your doctor, and
how to keep a simple diary of your symptoms so that you and your practitioner can see together
whether anything is changing. Bring the diary to each appointment. Keep taking the treatment
your doctor prescribed, and tell them that you are having acupuncture. If your symptoms change
suddenly, or you notice new weakness or numbness, contact your doctor first. Write down what
helps and what does not, and bring your questions: there is always time to ask them.
"""
_REFERENCES = [
    demo_content.VICKERS_CHRONIC_PAIN,
    demo_content.COCHRANE_NEUROPATHIC_PAIN,
    demo_content.NICE_CG173,
]


def scale_counts(articles: int) -> tuple[int, int]:
    """How many conditions and practitioners go with `articles` generated articles."""
    conditions = min(MAX_CONDITIONS, max(1, articles // ARTICLES_PER_CONDITION))
    practitioners = min(MAX_PRACTITIONERS, max(1, articles // ARTICLES_PER_PRACTITIONER))
    return conditions, practitioners


@transaction.atomic
def generate(articles: int) -> dict[str, int]:
    """Replace the generated content with `articles` articles and their companions."""
    delete_generated()
    if articles <= 0:
        page_cache_bump()
        return {"conditions": 0, "practitioners": 0, "articles": 0}
    condition_count, practitioner_count = scale_counts(articles)
    conditions = _generate_conditions(condition_count)
    practitioners = _generate_practitioners(practitioner_count, conditions)
    _generate_articles(articles, conditions, practitioners)
    _analyze()
    page_cache_bump()
    return {
        "conditions": condition_count,
        "practitioners": practitioner_count,
        "articles": articles,
    }


def delete_generated() -> None:
    Article.objects.filter(slug__startswith=PREFIX).delete()
    Practitioner.objects.filter(slug__startswith=PREFIX).delete()
    Condition.objects.filter(slug__startswith=PREFIX).delete()


def _generate_conditions(count: int) -> list[Condition]:
    template = demo_content.CONDITIONS[0]
    body_html = render_markdown(template["body"])
    conditions = [
        Condition(
            name=f"Generated condition {number:03d}",
            slug=f"{PREFIX}condition-{number:03d}",
            summary=template["summary"],
            meta_description=template["meta_description"],
            synonyms="",
            body=template["body"],
            body_html=body_html,
        )
        for number in range(1, count + 1)
    ]
    conditions = Condition.objects.bulk_create(conditions, batch_size=BATCH_SIZE)
    if connections[Condition.objects.db].vendor == "postgresql":
        Condition.objects.filter(slug__startswith=PREFIX).update(
            search_vector=search_vector(CONDITION_DOCUMENT)
        )
    return conditions


def _generate_practitioners(count: int, conditions: list[Condition]) -> list[Practitioner]:
    template = demo_content.PRACTITIONERS[0]
    biography_html = render_markdown(template["biography"])
    practitioners = Practitioner.objects.bulk_create(
        [
            Practitioner(
                name=f"Generated Practitioner {number:02d}",
                slug=f"{PREFIX}practitioner-{number:02d}",
                title=template["title"],
                credentials=template["credentials"],
                registration_number=f"BAcC 9{number:04d}",
                biography=template["biography"],
                biography_html=biography_html,
                is_accepting_new_patients=True,
                is_active=True,
            )
            for number in range(1, count + 1)
        ],
        batch_size=BATCH_SIZE,
    )
    if connections[Practitioner.objects.db].vendor == "postgresql":
        Practitioner.objects.filter(slug__startswith=PREFIX).update(
            search_vector=search_vector(PRACTITIONER_DOCUMENT)
        )
    through = Practitioner.conditions_treated.through
    through.objects.bulk_create(
        [
            through(practitioner_id=practitioner.pk, condition_id=condition.pk)
            for index, practitioner in enumerate(practitioners)
            for condition in {conditions[index % len(conditions)], conditions[-1]}
        ],
        batch_size=BATCH_SIZE,
    )
    return practitioners


def _generate_articles(
    count: int, conditions: list[Condition], practitioners: list[Practitioner]
) -> None:
    template = _DEMO_ARTICLES["acupuncture-and-nerve-pain-what-the-evidence-says"]
    now = timezone.now()
    today = timezone.localdate()
    rendered: dict[str, str] = {}  # The HTML of each topic's body: rendered once, shared.
    new_articles = []
    for number in range(1, count + 1):
        condition = conditions[number % len(conditions)]
        topic = (
            "trigeminal neuralgia" if number % TRIGEMINAL_EVERY == 0 else condition.name.lower()
        )
        body = f"{_BODY}\n\n{_TOPIC_PARAGRAPH.format(topic=topic)}"
        if topic not in rendered:
            rendered[topic] = render_markdown(body)
        practitioner = practitioners[number % len(practitioners)]
        new_articles.append(
            Article(
                title=f"Living with {topic}: notes {number:05d}",
                slug=f"{PREFIX}article-{number:05d}",
                summary=template["summary"],
                meta_description=template["meta_description"],
                body=body,
                body_html=rendered[topic],
                disclaimer=template["disclaimer"],
                author=practitioner,
                reviewer=practitioner,
                last_reviewed_on=today - timedelta(days=30),
                next_review_due_on=today + timedelta(days=335),
                status=Article.Status.PUBLISHED,
                # Older than the demo's articles, a minute apart: the demo stays on top.
                published_at=now - timedelta(days=60, minutes=number),
            )
        )
    articles = Article.objects.bulk_create(new_articles, batch_size=BATCH_SIZE)
    Reference.objects.bulk_create(
        [
            Reference(article=article, position=position, **reference)
            for article in articles
            for position, reference in enumerate(_REFERENCES, start=1)
        ],
        batch_size=BATCH_SIZE,
    )
    through = Article.conditions.through
    through.objects.bulk_create(
        [
            through(article_id=article.pk, condition_id=condition_id)
            for index, article in enumerate(articles, start=1)
            for condition_id in {
                conditions[index % len(conditions)].pk,
                conditions[(index * 7) % len(conditions)].pk,
            }
        ],
        batch_size=BATCH_SIZE,
    )
    if connections[Article.objects.db].vendor == "postgresql":
        Article.objects.filter(slug__startswith=PREFIX).update(
            search_vector=search_vector(ARTICLE_DOCUMENT)
        )


def _analyze() -> None:
    """Refresh the query planner's statistics, as autovacuum would some time after a bulk load.

    Without it, PostgreSQL plans for the few dozen rows it last counted: it reads every article
    instead of using the search index, and sorts them all for a list page.
    """
    connection = connections[Article.objects.db]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum_analyze() -> None:
    """VACUUM ANALYZE on PostgreSQL, once the generated rows are committed.

    The ANALYZE inside `generate()` gives the planner its statistics; VACUUM also marks the new
    pages all-visible, as autovacuum would on a live site, so that a query answered from an
    index alone does not visit every row too. VACUUM cannot run inside a transaction, so inside
    one (a test's) it is left to autovacuum, as on a live site.
    """
    connection = connections[Article.objects.db]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
