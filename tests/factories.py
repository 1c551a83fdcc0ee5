from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, Reference
from conditions.models import Condition
from practitioners.models import Practitioner


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
    last_reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
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

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        """`ArticleFactory(conditions=[...])` links the given conditions."""
        if create and extracted:
            self.conditions.add(*extracted)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    citation = (
        "Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for Chronic Pain: Update of an "
        "Individual Patient Data Meta-Analysis. The Journal of Pain. 2018;19(5):455-474."
    )
    doi = "10.1016/j.jpain.2017.11.005"
    pmid = "29198932"

    class Params:
        # A reference readers cannot check: it blocks publishing.
        without_link = factory.Trait(url="", doi="", pmid="")
