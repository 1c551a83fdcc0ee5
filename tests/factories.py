from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, Reference
from conditions.models import Condition
from practitioners.models import Practitioner


def days_from_today(days: int):
    """A lazy date `days` from today (negative: in the past), in the clinic's time zone."""
    return factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=days))


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    summary = "A plain summary of the condition for patients."
    body = "## What it is\n\nA short description.\n\n- One point\n- Another point"
    meta_description = "What this condition is, how it feels and what may help, in plain words."


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Practitioner {n}")
    slug = factory.Sequence(lambda n: f"practitioner-{n}")
    title = "Acupuncturist"
    credentials = "BSc (Hons) Acupuncture, MBAcC"
    registration_number = factory.Sequence(lambda n: f"BAcC {10000 + n}")
    biography = "Trained for three years and has practised for ten."

    class Params:
        inactive = factory.Trait(is_active=False)

    @factory.post_generation
    def conditions_treated(self, create, extracted, **kwargs):
        """`PractitionerFactory(conditions_treated=[...])` links the given conditions."""
        if create and extracted:
            self.conditions_treated.add(*extracted)


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article whose own fields pass every publish check; add references to publish it.

    Reviewed a month ago by an active practitioner, next review due in eleven months, with a
    summary, a 68-character meta description, a disclaimer and a body without claim words.
    """

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Living with nerve pain, part {n}")
    slug = factory.Sequence(lambda n: f"living-with-nerve-pain-{n}")
    summary = "What nerve pain is and what may help, in plain words."
    meta_description = "What nerve pain feels like, what may help, and when to see a doctor."
    body = (
        "## What is nerve pain?\n\nNerve pain comes from damaged nerves.\n\n- Burning\n- Tingling"
    )
    disclaimer = "General information only, not medical advice. Talk to your doctor."
    author = factory.SubFactory(PractitionerFactory)
    reviewer = factory.SubFactory(PractitionerFactory)
    last_reviewed_on = days_from_today(-30)
    next_review_due_on = days_from_today(335)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)),
        )
        in_review = factory.Trait(status=Article.Status.IN_REVIEW)
        # Reviewed more than a year ago: the next review was due last month.
        review_overdue = factory.Trait(
            last_reviewed_on=days_from_today(-400), next_review_due_on=days_from_today(-35)
        )
        # No medical review recorded yet.
        unreviewed = factory.Trait(reviewer=None, last_reviewed_on=None, next_review_due_on=None)
        # One sentence in the body that a publisher must sign off.
        with_claim = factory.Trait(
            body=(
                "## What may help\n\nMany people find the sessions calming. "
                "Acupuncture cures nerve pain for good.\n\nTalk to your GP first."
            )
        )
        # One verifiable reference, so the article passes every publish check.
        with_reference = factory.Trait(
            reference=factory.RelatedFactory(
                "tests.factories.ReferenceFactory", factory_related_name="article"
            )
        )

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        """`ArticleFactory(conditions=[...])` links the given conditions."""
        if create and extracted:
            self.conditions.add(*extracted)


class ReferenceFactory(factory.django.DjangoModelFactory):
    """A verifiable reference; each one names a different source, so none is a duplicate."""

    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    citation = factory.Sequence(
        lambda n: (
            "Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for chronic pain: update of "
            f"an individual patient data meta-analysis, part {n + 1}. The Journal of Pain. "
            "2018;19(5):455-474."
        )
    )
    doi = factory.Sequence(lambda n: f"10.1016/j.jpain.2017.11.{n + 5:03d}")
    pmid = factory.Sequence(lambda n: str(29198932 + n))

    class Params:
        # A reference readers cannot check: it blocks publishing.
        without_link = factory.Trait(url="", doi="", pmid="")
