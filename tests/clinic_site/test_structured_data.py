import json
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from clinic_site.structured_data import opening_hours_specification
from clinic_site.templatetags.structured_data import json_ld
from conditions.models import Condition
from practitioners.models import Practitioner
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.riverside-acupuncture.example"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def structured_data(client, url: str) -> list[dict]:
    """Every JSON-LD block of the page, parsed as a search engine parses them."""
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def one_of_type(blocks: list[dict], schema_type) -> dict:
    [found] = [block for block in blocks if block.get("@type") == schema_type]
    assert found["@context"] == "https://schema.org"
    return found


def empty_values(value, path="$") -> list[str]:
    """Where in the structure a value is empty (None, blank text, empty list or object)."""
    if isinstance(value, dict):
        found = [f"{path}" for _ in [0] if not value]
        for key, item in value.items():
            found.extend(empty_values(item, f"{path}.{key}"))
        return found
    if isinstance(value, list):
        found = [f"{path}" for _ in [0] if not value]
        for index, item in enumerate(value):
            found.extend(empty_values(item, f"{path}[{index}]"))
        return found
    if value is None or (isinstance(value, str) and not value.strip()):
        return [path]
    return []


def demo_urls() -> list[str]:
    return [
        reverse("home"),
        reverse("about"),
        reverse("conditions:list"),
        *(condition.get_absolute_url() for condition in Condition.objects.all()),
        reverse("articles:list"),
        *(article.get_absolute_url() for article in Article.objects.published()),
        reverse("practitioners:list"),
        *(practitioner.get_absolute_url() for practitioner in Practitioner.objects.active()),
        reverse("inquiries:create"),
        reverse("inquiries:privacy"),
    ]


# The demo, page by page.


def test_demo_structured_data_parses_and_has_no_empty_values(client, demo):
    for url in demo_urls():
        blocks = structured_data(client, url)

        assert blocks or url == reverse("home"), url
        for block in blocks:
            assert block["@context"] == "https://schema.org", url
            assert block["@type"], url
            assert empty_values(block) == [], url


def test_demo_pages_carry_the_structured_data_of_their_content(client, demo):
    expected = {
        reverse("home"): "MedicalClinic",
        reverse("about"): "MedicalClinic",
        **{
            article.get_absolute_url(): "MedicalWebPage" for article in Article.objects.published()
        },
        **{
            condition.get_absolute_url(): "MedicalCondition"
            for condition in Condition.objects.all()
        },
    }
    for url, schema_type in expected.items():
        types = [block["@type"] for block in structured_data(client, url)]

        assert schema_type in types, url


def test_demo_structured_data_never_names_hidden_content(client, demo):
    hidden = [
        *Article.objects.exclude(pk__in=Article.objects.published()),
        *Practitioner.objects.filter(is_active=False),
    ]
    assert hidden

    for url in demo_urls():
        text = json.dumps(structured_data(client, url))
        for item in hidden:
            assert item.get_absolute_url() not in text, (url, item)
            if isinstance(item, Article):
                assert item.title not in text, (url, item)


# Articles.


def test_article_is_a_medical_web_page_with_its_review_conditions_and_citations(client):
    reviewer = PractitionerFactory(name="Gareth Owen", credentials="RN, BSc (Hons) Acupuncture")
    condition = ConditionFactory(name="Neuropathy", synonyms="nerve pain, neuropathic pain")
    article = ArticleFactory(published=True, reviewer=reviewer, conditions=[condition])
    with_url_only = ReferenceFactory(article=article, doi="", pmid="", url="https://nice.org.uk/x")
    with_doi = ReferenceFactory(article=article, pmid="")
    ReferenceFactory(article=article, without_link=True, citation="Unverifiable, 2019.")

    page = one_of_type(structured_data(client, article.get_absolute_url()), "MedicalWebPage")

    assert page["name"] == article.title
    assert page["description"] == article.meta_description
    assert page["url"] == f"{SITE_URL}{article.get_absolute_url()}"
    assert page["datePublished"].startswith(article.published_at.date().isoformat()[:7])
    assert page["dateModified"]
    assert page["lastReviewed"] == article.last_reviewed_on.isoformat()
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Gareth Owen",
        "jobTitle": reviewer.title,
        "honorificSuffix": "RN, BSc (Hons) Acupuncture",
        "hasCredential": {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "Professional registration",
            "name": reviewer.registration_number,
        },
        "url": f"{SITE_URL}{reviewer.get_absolute_url()}",
        "worksFor": {
            "@type": "MedicalClinic",
            "name": "Riverside Acupuncture Clinic",
            "url": f"{SITE_URL}/",
        },
    }
    assert page["about"] == [
        {
            "@type": "MedicalCondition",
            "name": "Neuropathy",
            "alternateName": ["nerve pain", "neuropathic pain"],
            "url": f"{SITE_URL}{condition.get_absolute_url()}",
        }
    ]
    assert page["publisher"] == {
        "@type": "MedicalClinic",
        "name": "Riverside Acupuncture Clinic",
        "url": f"{SITE_URL}/",
    }
    assert page["citation"] == [
        {"@type": "CreativeWork", "name": with_url_only.citation, "url": "https://nice.org.uk/x"},
        {
            "@type": "CreativeWork",
            "name": with_doi.citation,
            "url": f"https://doi.org/{with_doi.doi}",
            "identifier": [{"@type": "PropertyValue", "propertyID": "DOI", "value": with_doi.doi}],
        },
    ]


def test_article_without_a_recorded_review_claims_none(client):
    article = ArticleFactory(published=True, unreviewed=True)

    page = one_of_type(structured_data(client, article.get_absolute_url()), "MedicalWebPage")

    assert "lastReviewed" not in page
    assert "reviewedBy" not in page


@pytest.mark.parametrize(
    "missing", [{"last_reviewed_on": None}, {"reviewer": None}], ids=["no-date", "no-reviewer"]
)
def test_article_with_half_a_review_claims_none(client, missing):
    article = ArticleFactory(published=True, **missing)

    page = one_of_type(structured_data(client, article.get_absolute_url()), "MedicalWebPage")

    assert "lastReviewed" not in page
    assert "reviewedBy" not in page


def test_former_practitioner_is_named_without_a_profile_or_employer(client):
    former = PractitionerFactory(name="Margaret Ellis", inactive=True, photo="p/m.jpg")
    article = ArticleFactory(published=True, reviewer=former, author=former)

    page = one_of_type(structured_data(client, article.get_absolute_url()), "MedicalWebPage")

    for person in [page["reviewedBy"], page["author"]]:
        assert person["name"] == "Margaret Ellis"
        assert "url" not in person
        assert "worksFor" not in person
        assert "image" not in person


def test_article_without_conditions_or_linked_references_leaves_those_out(client):
    article = ArticleFactory(published=True, author=None)
    ReferenceFactory(article=article, without_link=True)

    page = one_of_type(structured_data(client, article.get_absolute_url()), "MedicalWebPage")

    assert "about" not in page
    assert "citation" not in page
    assert "author" not in page
    assert empty_values(page) == []


def test_staff_preview_of_a_draft_has_no_structured_data_about_it(admin_client, draft_article):
    blocks = structured_data(admin_client, draft_article.get_absolute_url())

    assert [block["@type"] for block in blocks] == ["BreadcrumbList"]


def test_json_ld_cannot_break_out_of_its_script_block(client):
    title = "</script><script>alert(1)</script><!-- & more"
    article = ArticleFactory(published=True, title=title)

    content = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in content
    assert "<!-- &" not in content
    page = one_of_type([json.loads(block) for block in JSON_LD.findall(content)], "MedicalWebPage")
    assert page["name"] == title
    assert escape(title) in content  # The visible heading, escaped as HTML.


def test_json_ld_filter_escapes_markup_characters():
    rendered = json_ld({"name": "a</script>b<!--c&d\u2028"})

    assert rendered == (
        '<script type="application/ld+json">'
        '{"name": "a\\u003C/script\\u003Eb\\u003C!--c\\u0026d\\u2028"}</script>'
    )
    assert json_ld({}) == ""


def test_article_page_query_count_is_unchanged_by_structured_data(
    client, django_assert_num_queries
):
    article = ArticleFactory(
        published=True, conditions=ConditionFactory.create_batch(3), with_reference=True
    )

    # The article, its author and reviewer, its conditions, its references.
    with django_assert_num_queries(4):
        client.get(article.get_absolute_url())


# Conditions.


def test_condition_is_a_medical_condition_with_its_published_articles(client):
    condition = ConditionFactory(
        name="Neuralgia", synonyms="nerve pain in the face; shingles pain"
    )
    article = ArticleFactory(published=True, conditions=[condition])
    ArticleFactory(conditions=[condition], title="Draft about neuralgia")
    ArticleFactory(scheduled=True, conditions=[condition], title="Neuralgia next week")

    data = one_of_type(structured_data(client, condition.get_absolute_url()), "MedicalCondition")

    assert data == {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "name": "Neuralgia",
        "alternateName": ["nerve pain in the face", "shingles pain"],
        "url": f"{SITE_URL}{condition.get_absolute_url()}",
        "description": condition.meta_description,
        "subjectOf": [
            {
                "@type": "MedicalWebPage",
                "name": article.title,
                "url": f"{SITE_URL}{article.get_absolute_url()}",
            }
        ],
    }


def test_condition_without_synonyms_or_articles_leaves_those_out(client):
    condition = ConditionFactory(synonyms="", meta_description="")

    data = one_of_type(structured_data(client, condition.get_absolute_url()), "MedicalCondition")

    assert "alternateName" not in data
    assert "subjectOf" not in data
    assert data["description"] == condition.summary


# Practitioners.


def test_practitioner_is_a_person_working_for_the_clinic(client):
    practitioner = PractitionerFactory(
        name="Anjali Rao",
        title="Senior acupuncturist",
        photo="practitioners/anjali.jpg",
        photo_alt_text="Anjali Rao",
    )

    data = one_of_type(structured_data(client, practitioner.get_absolute_url()), "Person")

    assert data["name"] == "Anjali Rao"
    assert data["jobTitle"] == "Senior acupuncturist"
    assert data["honorificSuffix"] == practitioner.credentials
    assert data["hasCredential"]["name"] == practitioner.registration_number
    assert data["url"] == f"{SITE_URL}{practitioner.get_absolute_url()}"
    assert data["image"] == f"{SITE_URL}/media/practitioners/anjali.jpg"
    assert data["worksFor"]["@type"] == "MedicalClinic"


def test_physician_is_typed_as_person_and_physician(client):
    doctor = PractitionerFactory(is_physician=True, title="GP and acupuncturist")
    acupuncturist = PractitionerFactory()

    doctor_data = structured_data(client, doctor.get_absolute_url())
    acupuncturist_data = structured_data(client, acupuncturist.get_absolute_url())

    assert one_of_type(doctor_data, ["Person", "Physician"])["jobTitle"] == "GP and acupuncturist"
    assert one_of_type(acupuncturist_data, "Person")
    assert "Physician" not in json.dumps(acupuncturist_data)


def test_practitioner_without_photo_credentials_or_registration_leaves_them_out(client):
    practitioner = PractitionerFactory(credentials="", registration_number="")

    data = one_of_type(structured_data(client, practitioner.get_absolute_url()), "Person")

    assert {"image", "honorificSuffix", "hasCredential"} & set(data) == set()


def test_admin_form_offers_the_physician_box(admin_client):
    content = admin_client.get(reverse("admin:practitioners_practitioner_add")).content.decode()

    assert 'name="is_physician"' in content
    assert "registered medical doctor" in content.lower()


# The clinic.


@pytest.mark.parametrize("url_name", ["home", "about"])
def test_home_and_about_pages_describe_the_clinic(client, settings, url_name):
    data = one_of_type(structured_data(client, reverse(url_name)), "MedicalClinic")

    details = settings.CLINIC
    assert data["name"] == details["name"]
    assert data["url"] == f"{SITE_URL}/"
    assert data["telephone"] == details["phone"]
    assert data["email"] == details["email"]
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": details["street_address"],
        "addressLocality": details["locality"],
        "postalCode": details["postal_code"],
        "addressCountry": details["country"],
    }
    # Acupuncture is in no schema.org MedicalSpecialty: none is claimed.
    assert "medicalSpecialty" not in data
    assert data["availableService"] == {"@type": "MedicalTherapy", "name": "Acupuncture"}


def test_clinic_opening_hours_come_from_its_settings(client, settings):
    settings.CLINIC = {
        **settings.CLINIC,
        "opening_hours": [
            "Monday to Friday: 9am to 7pm",
            "Saturday: 9:30am to 1pm",
            "Sunday and bank holidays: closed",
        ],
    }

    data = one_of_type(structured_data(client, reverse("home")), "MedicalClinic")

    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": weekdays,
            "opens": "09:00",
            "closes": "19:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Saturday"],
            "opens": "09:30",
            "closes": "13:00",
        },
    ]


def test_clinic_hours_that_cannot_be_read_are_left_out(client, settings):
    settings.CLINIC = {
        **settings.CLINIC,
        "opening_hours": ["Monday to Friday: 9am to 7pm", "Saturday: by appointment"],
    }

    data = one_of_type(structured_data(client, reverse("home")), "MedicalClinic")

    assert "openingHoursSpecification" not in data


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Mon-Fri: 09:00 to 17:30"], [("Monday", "Friday", "09:00", "17:30")]),
        (["Tuesday, Thursday: 12pm to 8pm"], [("Tuesday", "Thursday", "12:00", "20:00")]),
        (
            ["Wednesday: 9am to 1pm and 2pm to 6pm"],
            [
                ("Wednesday", "Wednesday", "09:00", "13:00"),
                ("Wednesday", "Wednesday", "14:00", "18:00"),
            ],
        ),
        (["Sunday: closed"], None),
        (["Monday: 7pm to 9am"], None),
        (["Every day: 9am to 5pm"], None),
        (["Monday 9am to 5pm"], None),
        (["Monday: 13pm to 5pm"], None),
        (["Friday to Monday: 9am to 5pm"], None),
        ([], None),
    ],
)
def test_opening_hours_are_read_strictly(lines, expected):
    specification = opening_hours_specification(lines)

    if expected is None:
        assert specification is None
    else:
        assert [
            (entry["dayOfWeek"][0], entry["dayOfWeek"][-1], entry["opens"], entry["closes"])
            for entry in specification
        ] == expected
