"""The publish rules, through `publish_problems()`: the one function every publish path calls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ClaimPhrase
from articles.publishing import (
    Check,
    Severity,
    blocking_for,
    checklist,
    claim_findings,
    publish_problems,
)
from articles.services import article_sign_off_claims
from tests.factories import ArticleFactory, PractitionerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

VICKERS = (
    "Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for chronic pain: update of an "
    "individual patient data meta-analysis. The Journal of Pain. 2018;19(5):455-474."
)
LINDE = (
    "Linde K, Allais G, Brinkhaus B, et al. Acupuncture for the prevention of episodic "
    "migraine. Cochrane Database of Systematic Reviews. 2016;(6):CD001218."
)
VICKERS_DOI = "10.1016/j.jpain.2017.11.005"
NICE_GUIDELINE = (
    "National Institute for Health and Care Excellence. Low back pain and sciatica in over "
    "16s: assessment and management (NG59). 2016, updated 2020."
)


def codes(problems):
    return [problem.code for problem in problems]


def reference(citation=VICKERS, *, url="", doi="", pmid=""):
    """A reference as typed, not saved: the rules see what an editor is typing."""
    return ReferenceFactory.build(article=None, citation=citation, url=url, doi=doi, pmid=pmid)


def reference_codes(*references):
    """The codes of the problems in these references, for an article that is otherwise fine."""
    return codes(publish_problems(ArticleFactory.build(), list(references)))


def article_codes(**fields):
    """The codes of the problems in an article built with these fields and a good reference."""
    return codes(publish_problems(ArticleFactory.build(**fields), [reference(doi=VICKERS_DOI)]))


# An article that passes.


def test_article_from_the_factory_with_a_linked_reference_has_no_problems():
    article = ArticleFactory.build()

    assert publish_problems(article, [ReferenceFactory.build(article=article)]) == []


def test_realistic_article_with_several_kinds_of_reference_has_no_problems():
    article = ArticleFactory.build(
        body=(
            "## What the research says\n\n"
            "Some trials found that acupuncture reduced pain for some people; others found "
            "little difference from sham needling. See the [NHS page on acupuncture]"
            "(https://www.nhs.uk/tests-and-treatments/acupuncture/), our "
            "[conditions](/conditions/) and the [questions below](#questions).\n\n"
            "![A practitioner placing a fine needle in the lower back](/media/needle.jpg)"
        )
    )
    references = [
        reference(VICKERS, doi=VICKERS_DOI, pmid="29198932"),
        reference(LINDE, doi="https://doi.org/10.1002/14651858.CD001218.pub3"),
        reference(NICE_GUIDELINE, url="https://www.nice.org.uk/guidance/ng59"),
        reference(
            "MacPherson H, Vertosick EA, Foster NE, et al. The persistence of the effects of "
            "acupuncture after a course of treatment. Pain. 2017;158(5):784-793.",
            pmid="PMID: 27764035",
        ),
    ]

    assert publish_problems(article, references) == []


@pytest.mark.parametrize(
    "links",
    [
        {"url": "https://www.nice.org.uk/guidance/ng59", "doi": "", "pmid": ""},
        {"url": "", "doi": VICKERS_DOI, "pmid": ""},
        {"url": "", "doi": "", "pmid": "29198932"},
    ],
    ids=["url", "doi", "pmid"],
)
def test_any_one_link_is_enough_for_a_reference(links):
    article = ArticleFactory.build()

    assert publish_problems(article, [ReferenceFactory.build(article=article, **links)]) == []


def test_every_problem_is_listed_at_once():
    article = ArticleFactory.build(disclaimer="")

    assert codes(publish_problems(article, [])) == ["disclaimer_missing", "references_missing"]


def test_an_article_with_every_fault_lists_every_problem_in_checklist_order():
    article = ArticleFactory.build(
        disclaimer="",
        summary="",
        meta_description="Too short.",
        reviewer=None,
        last_reviewed_on=None,
        next_review_due_on=None,
        body="Acupuncture cures back pain. ![](x.png) [Click](javascript:alert(1))",
    )
    references = [reference("Example A, Example B. (2021). Acupuncture and pain. J Pain.")]

    problems = publish_problems(article, references)

    assert codes(problems) == [
        "disclaimer_missing",
        "summary_missing",
        "meta_description_length",
        "reviewer_missing",
        "claim_language",
        "image_without_alt",
        "link_not_allowed",
        "reference_placeholder",
        "reference_without_link",
    ]
    assert [result.check for result in checklist(problems) if not result.passed] == list(Check)


# 1. The disclaimer.


@pytest.mark.parametrize("disclaimer", ["", "   \n  "], ids=["empty", "whitespace"])
def test_blank_disclaimer_is_a_problem(disclaimer):
    article = ArticleFactory.build(disclaimer=disclaimer)

    problems = publish_problems(article, [ReferenceFactory.build(article=article)])

    assert codes(problems) == ["disclaimer_missing"]
    assert problems[0].check == Check.DISCLAIMER
    assert problems[0].severity == Severity.BLOCKING
    assert problems[0].message == "Add a disclaimer: every published article must show one."


# 2. References: at least one, each verifiable, none repeated.


def test_article_without_references_is_a_problem():
    problems = publish_problems(ArticleFactory.build(), [])

    assert codes(problems) == ["references_missing"]
    assert problems[0].check == Check.REFERENCES
    assert "at least one reference" in problems[0].message


def test_reference_without_link_is_a_problem_naming_which_reference():
    article = ArticleFactory.build()
    references = [
        ReferenceFactory.build(article=article),
        ReferenceFactory.build(
            article=article,
            without_link=True,
            citation="Smith J, Patel R. Needling for neck pain. BMJ. 2020;1:e1.",
        ),
    ]

    problems = publish_problems(article, references)

    assert codes(problems) == ["reference_without_link"]
    assert problems[0].check == Check.REFERENCES
    assert problems[0].message == (
        "Reference 2 (“Smith J, Patel R. Needling for neck pain. BMJ. 2020;1:e1.”) has no link: "
        "add its URL, DOI or PMID so readers can check it."
    )


def test_each_reference_without_link_is_reported():
    article = ArticleFactory.build()
    references = [
        reference(VICKERS),
        reference(LINDE),
        reference(NICE_GUIDELINE),
    ]

    problems = publish_problems(article, references)

    assert codes(problems) == ["reference_without_link"] * 3
    assert [problem.message.split(" (")[0] for problem in problems] == [
        "Reference 1",
        "Reference 2",
        "Reference 3",
    ]


def test_long_citation_is_shortened_in_the_problem_message():
    citation = VICKERS + " " + LINDE

    problems = publish_problems(ArticleFactory.build(), [reference(citation)])

    assert codes(problems) == ["reference_without_link"]
    assert citation not in problems[0].message
    assert "…" in problems[0].message


@pytest.mark.parametrize(
    "citation",
    [
        "Example A, Example B, Example C. (2021). Acupuncture and pain. Journal of Alternative "
        "and Complementary Medicine.",
        "Sample X (2020). Needling for chronic low back pain. Pain Medicine, 21(3), 1-9.",
        "Sample X, Sample Y. Acupuncture in primary care: a pragmatic trial. BMJ. 2019.",
        "Author A, Author B. (2019). Acupuncture for knee osteoarthritis. Rheumatology.",
        "A. Author. Electroacupuncture for sciatica: a randomised trial. Spine. 2018.",
        "Surname AB. (2022). Acupressure for nausea after surgery. Anaesthesia.",
        "Placeholder J, et al. (2020). Acupuncture for insomnia. Sleep Medicine.",
        "John Doe, Jane Doe. Dry needling for plantar heel pain. Foot and Ankle. 2018.",
        "A, B, C. (2021). Acupuncture for tension-type headache. Headache, 61(2).",
        "X Y Z (2019). Moxibustion for breech presentation. Birth, 46(1), 1-8.",
        "Lorem ipsum dolor sit amet (2020). Journal of Pain Research, 13, 1-10.",
        "Smith J. (2021). Title of the article. Journal name, 4(2), 10-20.",
        "Patel R. (2020). Acupuncture for migraine. Journal of XYZ, 12, 33-40.",
        "Chen L, et al. (2021). Acupuncture for IBS. TBD.",
        "Citation needed",
        "Reference 3",
        "et al. (2019). Acupuncture for neck pain in adults. BMJ Open, 9(4).",
        "Anonymous. (n.d.). Acupuncture facts. Retrieved from a leaflet.",
        "Insert reference here",
        "Vickers 2018",
    ],
)
def test_placeholder_or_unidentifiable_citation_is_a_problem(citation):
    problems = publish_problems(ArticleFactory.build(), [reference(citation, doi=VICKERS_DOI)])

    assert codes(problems) == ["reference_placeholder"]
    assert problems[0].message.startswith("Reference 1 (“")


def test_placeholder_citation_without_link_reports_both_problems():
    citation = (
        "Example A, Example B. (2021). Acupuncture and pain. J Altern Complement Med. 27(3)."
    )

    problems = publish_problems(ArticleFactory.build(), [reference(citation)])

    assert codes(problems) == ["reference_placeholder", "reference_without_link"]
    assert "invented authors (“Example A”)" in problems[0].message


@pytest.mark.parametrize(
    "citation",
    [
        VICKERS,
        LINDE,
        NICE_GUIDELINE,
        # Real surnames that contain, or are, a placeholder word.
        "Sample I, Lee MS. Acupuncture for shoulder pain in primary care. BMJ. 2015;350:h1.",
        "Exampleton J, Authorson K. Acupuncture for dysmenorrhoea. Pain. 2017;158(3):1-9.",
        "Doe CQ, Wong T. Acupuncture for hot flushes after breast cancer. JCO. 2016;34(15).",
        # An abbreviated author list and a non-English title.
        "Zhang Y, et al. Zhenjiu yu zhongyao zhiliao shenjingtong. Zhongguo Zhen Jiu. 2019.",
    ],
)
def test_real_citation_shapes_are_not_taken_for_placeholders(citation):
    assert reference_codes(reference(citation, doi=VICKERS_DOI)) == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://example.com/study", "placeholder address"),
        ("https://www.example.org/acupuncture", "placeholder address"),
        ("http://example.net", "placeholder address"),
        ("http://localhost/paper", "localhost"),
        ("http://localhost:8000/papers/12", "localhost"),
        ("https://journal.test/x", "reserved for tests and examples"),
        ("https://papers.invalid/acupuncture", "reserved for tests and examples"),
        ("https://clinic.example/study", "reserved for tests and examples"),
        ("http://127.0.0.1/paper.pdf", "IP address"),
        ("https://yourwebsite.com/article", "placeholder address"),
        ("https://www.nhs.uk/link", "placeholder link"),
        ("ftp://files.nhs.uk/acupuncture.pdf", "must start with https:// or http://"),
        ("javascript:alert(1)", "must start with https:// or http://"),
        ("www.nice.org.uk/guidance/ng59", "must start with https:// or http://"),
        ("https://nice", "complete website name"),
        ("https://www.nice.org.uk/guidance/ng59 and more", "contains spaces"),
        ("https://doi.org/", "no DOI after doi.org/"),
        ("https://doi.org/10.1234/abcd", "looks made up"),
    ],
)
def test_unverifiable_url_is_a_problem(url, reason):
    problems = publish_problems(ArticleFactory.build(), [reference(url=url)])

    assert codes(problems) == ["reference_invalid_url"]
    assert reason in problems[0].message
    assert problems[0].message.startswith("Reference 1 (“Vickers AJ")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nice.org.uk/guidance/ng59",
        "http://www.acupuncture.org.uk/research",
        "https://pubmed.ncbi.nlm.nih.gov/29198932/",
        "https://doi.org/10.1016/j.jpain.2017.11.005",
        "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD001218.pub3/full",
        "https://bmjopen.bmj.com/content/9/4/e025000?utm_source=clinic#abstract",
    ],
)
def test_real_looking_url_is_accepted(url):
    assert reference_codes(reference(url=url)) == []


@pytest.mark.parametrize(
    ("doi", "reason"),
    [
        ("10.1234", "not a complete DOI"),
        ("10.1234/abcd", "looks made up"),
        ("10.5555/12345678", "looks made up"),
        ("10.1016/j.xxxx.2020.01.001", "placeholder DOI"),
        ("10.1016/example", "placeholder DOI"),
        ("TBD", "placeholder, not a DOI"),
        ("doi: pending", "not a DOI"),
        ("10.1016/j.jpain 2017", "no spaces"),
        ("https://doi.org/", "not a complete DOI"),
        ("1016/j.jpain.2017.11.005", "not a DOI"),
    ],
)
def test_invalid_doi_is_a_problem(doi, reason):
    problems = publish_problems(ArticleFactory.build(), [reference(doi=doi)])

    assert codes(problems) == ["reference_invalid_doi"]
    assert reason in problems[0].message


@pytest.mark.parametrize(
    "doi",
    [
        VICKERS_DOI,
        "10.1002/14651858.CD001218.pub3",
        "doi:10.1136/bmj.h1",
        "https://doi.org/10.1016/j.jpain.2017.11.005",
        "https://dx.doi.org/10.1186/s12906-019-2634-7",
    ],
)
def test_doi_of_valid_shape_is_accepted(doi):
    assert reference_codes(reference(doi=doi)) == []


@pytest.mark.parametrize(
    ("pmid", "reason"),
    [
        ("abc", "not a PubMed ID"),
        ("1234567890", "not a PubMed ID"),
        ("12 345", "not a PubMed ID"),
        ("PMC1234567", "PubMed Central ID"),
        ("10.1016/j.jpain.2017.11.005", "is a DOI, not a PubMed ID"),
        ("00000", "made-up PubMed ID"),
        ("11111111", "made-up PubMed ID"),
        ("123456", "made-up PubMed ID"),
        ("N/A", "placeholder"),
    ],
)
def test_invalid_pmid_is_a_problem(pmid, reason):
    problems = publish_problems(ArticleFactory.build(), [reference(pmid=pmid)])

    assert codes(problems) == ["reference_invalid_pmid"]
    assert reason in problems[0].message


@pytest.mark.parametrize("pmid", ["29198932", "PMID: 29198932", "pmid 27764035", "9"])
def test_pmid_of_valid_shape_is_accepted(pmid):
    assert reference_codes(reference(pmid=pmid)) == []


def test_each_bad_link_of_one_reference_is_reported():
    problems = publish_problems(
        ArticleFactory.build(),
        [reference(url="https://example.com/study", doi="10.1234", pmid="abc")],
    )

    assert codes(problems) == [
        "reference_invalid_doi",
        "reference_invalid_pmid",
        "reference_invalid_url",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"doi": VICKERS_DOI}, {"doi": VICKERS_DOI}),
        ({"doi": VICKERS_DOI}, {"doi": "https://doi.org/10.1016/J.JPAIN.2017.11.005"}),
        ({"doi": VICKERS_DOI}, {"url": "https://doi.org/10.1016/j.jpain.2017.11.005"}),
        ({"pmid": "29198932"}, {"pmid": "PMID: 29198932"}),
        ({"pmid": "29198932"}, {"url": "https://pubmed.ncbi.nlm.nih.gov/29198932/"}),
        (
            {"url": "http://www.nice.org.uk/guidance/ng59"},
            {"url": "https://www.nice.org.uk/guidance/ng59"},
        ),
        (
            {"url": "https://www.nice.org.uk/guidance/ng59"},
            {"url": "https://www.nice.org.uk/guidance/ng59/"},
        ),
        (
            {"url": "https://nice.org.uk/guidance/ng59"},
            {"url": "https://WWW.NICE.ORG.UK/guidance/ng59"},
        ),
    ],
    ids=[
        "same-doi",
        "doi-prefix-and-case",
        "doi-and-doi-org-url",
        "pmid-prefix",
        "pmid-and-pubmed-url",
        "http-and-https",
        "trailing-slash",
        "www-and-host-case",
    ],
)
def test_the_same_source_cited_twice_is_a_duplicate(first, second):
    problems = publish_problems(
        ArticleFactory.build(), [reference(VICKERS, **first), reference(LINDE, **second)]
    )

    assert codes(problems) == ["reference_duplicate"]
    assert problems[0].message == (
        "Reference 2 (“Linde K, Allais G, Brinkhaus B, et al. Acupuncture for the…”) repeats "
        "reference 1: remove one of them."
    )


@pytest.mark.parametrize(
    "second_citation",
    [
        VICKERS,
        VICKERS.upper(),
        VICKERS.replace(". ", ", ").replace(":", " "),
        "  " + VICKERS.replace(" ", "\n", 3) + "  ",
    ],
    ids=["identical", "capitals", "punctuation", "whitespace"],
)
def test_identical_citation_text_is_a_duplicate_even_with_different_links(second_citation):
    references = [
        reference(VICKERS, doi=VICKERS_DOI),
        reference(second_citation, url="https://www.nice.org.uk/guidance/ng59"),
    ]

    assert reference_codes(*references) == ["reference_duplicate"]


def test_duplicate_names_the_first_reference_it_repeats():
    references = [
        reference(VICKERS, doi=VICKERS_DOI),
        reference(LINDE, doi="10.1002/14651858.CD001218.pub3"),
        reference(NICE_GUIDELINE, doi="10.1002/14651858.CD001218.pub3"),
    ]

    problems = publish_problems(ArticleFactory.build(), references)

    assert codes(problems) == ["reference_duplicate"]
    assert problems[0].message.startswith("Reference 3 (")
    assert "repeats reference 2" in problems[0].message


def test_different_sources_on_the_same_site_are_not_duplicates():
    references = [
        reference(NICE_GUIDELINE, url="https://www.nice.org.uk/guidance/ng59"),
        reference(
            "National Institute for Health and Care Excellence. Headaches in over 12s: "
            "diagnosis and management (CG150). 2012, updated 2021.",
            url="https://www.nice.org.uk/guidance/cg150",
        ),
    ]

    assert reference_codes(*references) == []


# 3. Summary and meta description.


@pytest.mark.parametrize("summary", ["", "  \n "], ids=["empty", "whitespace"])
def test_blank_summary_is_a_problem(summary):
    problems = publish_problems(
        ArticleFactory.build(summary=summary), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["summary_missing"]
    assert problems[0].check == Check.DESCRIPTION
    assert "summary" in problems[0].message


@pytest.mark.parametrize("meta_description", ["", "   "], ids=["empty", "whitespace"])
def test_blank_meta_description_is_a_problem(meta_description):
    problems = publish_problems(
        ArticleFactory.build(meta_description=meta_description), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["meta_description_missing"]
    assert problems[0].check == Check.DESCRIPTION
    assert "meta description" in problems[0].message


@pytest.mark.parametrize("length", [1, 49, 161, 300])
def test_meta_description_outside_50_to_160_characters_is_a_problem(length):
    problems = publish_problems(
        ArticleFactory.build(meta_description="a" * length), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["meta_description_length"]
    assert f"is {length} characters long" in problems[0].message
    assert "50 to 160" in problems[0].message


@pytest.mark.parametrize("length", [50, 51, 100, 159, 160])
def test_meta_description_of_50_to_160_characters_passes(length):
    assert article_codes(meta_description="a" * length) == []


def test_meta_description_length_ignores_surrounding_spaces():
    assert article_codes(meta_description="  " + "a" * 160 + "  \n") == []
    assert article_codes(meta_description="   " + "a" * 49 + "   ") == ["meta_description_length"]


# 4. The medical review.


def test_article_without_reviewer_is_a_problem():
    problems = publish_problems(
        ArticleFactory.build(unreviewed=True), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["reviewer_missing"]
    assert problems[0].check == Check.REVIEW
    assert "medical review" in problems[0].message


def test_reviewer_who_is_no_longer_active_is_a_problem_naming_them():
    reviewer = PractitionerFactory.build(name="Margaret Ellis", inactive=True)

    problems = publish_problems(
        ArticleFactory.build(reviewer=reviewer), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["reviewer_inactive"]
    assert "Margaret Ellis" in problems[0].message


def test_reviewer_without_review_date_is_a_problem():
    assert article_codes(last_reviewed_on=None) == ["review_date_missing"]


@pytest.mark.parametrize("days", [1, 30])
def test_review_date_in_the_future_is_a_problem(days):
    reviewed_on = timezone.localdate() + timedelta(days=days)

    problems = publish_problems(
        ArticleFactory.build(last_reviewed_on=reviewed_on), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["review_date_in_future"]
    assert f"{reviewed_on:%d %B %Y}" in problems[0].message


def test_review_recorded_yesterday_passes():
    assert article_codes(last_reviewed_on=timezone.localdate() - timedelta(days=1)) == []


@pytest.mark.parametrize("days", [1, 200])
def test_review_past_its_due_date_is_a_problem(days):
    due_on = timezone.localdate() - timedelta(days=days)

    problems = publish_problems(
        ArticleFactory.build(
            last_reviewed_on=due_on - timedelta(days=365), next_review_due_on=due_on
        ),
        [reference(doi=VICKERS_DOI)],
    )

    assert codes(problems) == ["review_overdue"]
    assert f"due on {due_on:%d %B %Y}" in problems[0].message


def test_review_due_today_is_not_yet_overdue():
    assert article_codes(next_review_due_on=timezone.localdate()) == []


def test_reviewed_article_without_a_next_review_date_is_a_problem():
    # What migration 0002 leaves for every article reviewed before it: a review date and no
    # next-review date. The issue asks that every article has one, so such an article must
    # not count as reviewed-and-current, however old its review.
    problems = publish_problems(
        ArticleFactory.build(
            last_reviewed_on=timezone.localdate() - timedelta(days=900), next_review_due_on=None
        ),
        [reference(doi=VICKERS_DOI)],
    )

    assert [problem.check for problem in problems] == [Check.REVIEW]


# 5. Claim language.


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Acupuncture cures migraine.", "cures"),
        ("It can cure your back pain.", "cure"),
        ("Acupuncture has proven effective for sciatica.", "has proven effective"),
        ("Our treatment is clinically proven.", "clinically proven"),
        ("Results are guaranteed after six sessions.", "guaranteed"),
        ("It works for 100% of our patients.", "100%"),
        ("Patients call it a miracle.", "miracle"),
        ("There are no side effects at all.", "no side effects"),
        ("Expect permanent relief from tension headaches.", "permanent relief"),
        ("Needling eliminates nerve pain.", "eliminates"),
        ("We offer acupuncture for infertility.", "we offer acupuncture for"),
        ("We treat long-term lower back pain.", "we treat"),
        ("Acupuncture is completely safe for everyone.", "completely safe"),
        ("Cupping is RISK-FREE.", "risk-free"),
    ],
)
def test_claim_sentence_in_the_body_is_listed_with_the_sentence(sentence, phrase):
    body = f"## What to expect\n\nMost sessions last an hour. {sentence} Ask us anything."

    problems = publish_problems(ArticleFactory.build(body=body), [reference(doi=VICKERS_DOI)])

    assert codes(problems) == ["claim_language"]
    assert problems[0].severity == Severity.NEEDS_SIGN_OFF
    assert problems[0].check == Check.CLAIMS
    assert problems[0].message.startswith(f"In the text: “{sentence}” uses “{phrase}”")


@pytest.mark.parametrize(
    ("field", "label"),
    [("title", "title"), ("summary", "summary"), ("meta_description", "meta description")],
)
def test_claim_sentence_outside_the_body_names_where_it_is(field, label):
    text = {
        "title": "Proven relief for sciatica",
        "summary": "What sciatica is. Acupuncture cures it for most people.",
        "meta_description": "Acupuncture cures sciatica for most people: what to expect here.",
    }[field]

    problems = publish_problems(
        ArticleFactory.build(**{field: text}), [reference(doi=VICKERS_DOI)]
    )

    assert codes(problems) == ["claim_language"]
    assert problems[0].message.startswith(f"In the {label}: “")
    assert claim_findings(ArticleFactory.build(**{field: text}))[0] in problems[0].message


def test_each_claim_sentence_is_listed_separately_in_text_order():
    body = (
        "Acupuncture is calming. It cures insomnia.\n\n"
        "- Guaranteed results in three sessions\n"
        "- Gentle needles\n\n"
        "## A miracle for migraine?\n\nSome trials say it helps."
    )

    problems = publish_problems(ArticleFactory.build(body=body), [reference(doi=VICKERS_DOI)])

    assert codes(problems) == ["claim_language"] * 3
    assert [problem.message.split("”")[0] for problem in problems] == [
        "In the text: “It cures insomnia.",
        "In the text: “Guaranteed results in three sessions",
        "In the text: “A miracle for migraine?",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Some trials found acupuncture reduced pain for some people; others found no difference.",
        "We are curious about what the trials say, and securely store your records.",
        "Side effects are usually mild: a little bruising or soreness.",
        "Acupuncture may help some people with tension-type headache.",
    ],
)
def test_ordinary_cautious_sentences_are_not_claims(body):
    assert article_codes(body=body) == []


def test_claim_phrases_come_from_the_admin_managed_list():
    body = "Acupuncture works wonders for stress. It cures nothing by itself."
    ClaimPhrase.objects.create(phrase="works wonders")
    ClaimPhrase.objects.filter(phrase="cures").update(is_active=False)

    problems = publish_problems(ArticleFactory.build(body=body), [reference(doi=VICKERS_DOI)])

    assert [problem.message.split("”")[0] for problem in problems] == [
        "In the text: “Acupuncture works wonders for stress."
    ]


def test_the_seeded_claim_phrases_include_the_usual_absolute_and_curative_words():
    seeded = set(ClaimPhrase.objects.filter(is_active=True).values_list("phrase", flat=True))

    assert {
        "cure",
        "cures",
        "proven",
        "guaranteed",
        "100%",
        "miracle",
        "no side effects",
    } <= seeded
    assert {"permanent relief", "eliminates", "we offer acupuncture for"} <= seeded


def test_phrases_given_by_the_caller_replace_the_stored_list():
    article = ArticleFactory.build(body="It cures colds. It is a marvel.")

    problems = publish_problems(article, [reference(doi=VICKERS_DOI)], phrases=["marvel"])

    assert [problem.message.split("”")[0] for problem in problems] == [
        "In the text: “It is a marvel."
    ]


def test_signed_off_claims_pass_for_the_text_they_were_signed_off_for(publisher):
    article = ArticleFactory(with_claim=True, title="Acupuncture cures nerve pain, part one")
    ReferenceFactory(article=article)
    assert codes(publish_problems(article, article.references.all())) == ["claim_language"] * 2

    signed_off = article_sign_off_claims(article=article, user=publisher)

    assert signed_off == [
        "Acupuncture cures nerve pain, part one",
        "Acupuncture cures nerve pain for good.",
    ]
    article.refresh_from_db()
    assert publish_problems(article, article.references.all()) == []


@pytest.mark.parametrize(
    ("field", "new_text"),
    [
        ("body", "## What may help\n\nAcupuncture cures nerve pain for good. It also relaxes."),
        ("title", "Nerve pain: what may help"),
        ("summary", "What nerve pain is, in plain words."),
        (
            "meta_description",
            "Nerve pain: what it feels like, what may help, and when to get help.",
        ),
    ],
)
def test_editing_the_text_after_a_sign_off_needs_a_new_sign_off(publisher, field, new_text):
    article = ArticleFactory(with_claim=True)
    ReferenceFactory(article=article)
    article_sign_off_claims(article=article, user=publisher)
    article.refresh_from_db()

    setattr(article, field, new_text)

    assert codes(publish_problems(article, article.references.all())) == ["claim_language"]


def test_a_sign_off_holds_only_the_sentences_it_listed(publisher):
    article = ArticleFactory(with_claim=True)
    article_sign_off_claims(article=article, user=publisher)
    article.refresh_from_db()
    # The list of phrases grows after the sign-off: the newly caught sentence needs one too.
    ClaimPhrase.objects.create(phrase="calming")

    problems = publish_problems(article, [reference(doi=VICKERS_DOI)])

    assert [problem.message.split("”")[0] for problem in problems] == [
        "In the text: “Many people find the sessions calming."
    ]


# 6. Images and links in the body.


@pytest.mark.parametrize(
    ("body", "source"),
    [
        ("![](x.png)", "x.png"),
        ("Before. ![ ](/media/chart.png) After.", "/media/chart.png"),
        ('<img src="/media/needles.jpg">', "/media/needles.jpg"),
        ('<img src="/media/needles.jpg" alt="">', "/media/needles.jpg"),
        ("![][figure]\n\n[figure]: /media/figure.png", "/media/figure.png"),
    ],
)
def test_image_without_alt_text_is_a_problem_naming_the_image(body, source):
    problems = publish_problems(ArticleFactory.build(body=body), [reference(doi=VICKERS_DOI)])

    assert codes(problems) == ["image_without_alt"]
    assert problems[0].check == Check.BODY
    assert f"The image “{source}” has no description" in problems[0].message


def test_each_image_without_alt_text_is_reported():
    body = "![](one.png)\n\n![A chart of pain scores over twelve weeks](two.png)\n\n![](three.png)"

    problems = publish_problems(ArticleFactory.build(body=body), [reference(doi=VICKERS_DOI)])

    assert codes(problems) == ["image_without_alt"] * 2
    assert "one.png" in problems[0].message
    assert "three.png" in problems[1].message


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://files.nhs.uk/acupuncture.pdf",
        "mailto:reception@riverside-acupuncture.co.uk",
        "tel:+441234567890",
        "data:text/html,<b>hi</b>",
        "//evil.example.com/page",
        # Browsers read a backslash as a slash: this is //evil.example.com, another site.
        "/\\evil.example.com/page",
        "conditions/sciatica/",
        "https://",
    ],
)
def test_link_that_is_not_http_or_site_relative_is_a_problem(href):
    body = f"Read [this page]({href}) first."

    problems = publish_problems(ArticleFactory.build(body=body), [reference(doi=VICKERS_DOI)])

    assert codes(problems) == ["link_not_allowed"]
    assert problems[0].check == Check.BODY
    assert "must start with https://, http:// or /" in problems[0].message


@pytest.mark.parametrize(
    "body",
    [
        '<a href="javascript:alert(1)">Click</a>',
        "[Click][1]\n\n[1]: javascript:alert(1)",
    ],
    ids=["raw-html", "reference-style"],
)
def test_link_not_allowed_is_found_in_every_way_of_writing_a_link(body):
    assert article_codes(body=body) == ["link_not_allowed"]


@pytest.mark.parametrize(
    "href",
    [
        "https://www.nhs.uk/conditions/sciatica/",
        "http://www.acupuncture.org.uk/",
        "/conditions/",
        "/conditions/sciatica/?from=article",
        "#section",
    ],
)
def test_web_and_site_relative_links_are_allowed(href):
    assert article_codes(body=f"Read [this page]({href}) first.") == []


def test_image_with_alt_text_and_a_web_address_passes():
    body = "![A practitioner placing a needle](https://www.nhs.uk/media/needle.jpg)"

    assert article_codes(body=body) == []


# Severities: what stops which step.


@pytest.fixture
def mixed_problems():
    article = ArticleFactory.build(disclaimer="", with_claim=True)
    return publish_problems(article, [reference(doi=VICKERS_DOI)])


def test_claim_problems_need_a_sign_off_and_the_rest_block(mixed_problems):
    assert [(problem.code, problem.severity) for problem in mixed_problems] == [
        ("disclaimer_missing", Severity.BLOCKING),
        ("claim_language", Severity.NEEDS_SIGN_OFF),
    ]


def test_submitting_for_review_is_stopped_only_by_blocking_problems(mixed_problems):
    assert codes(blocking_for(Article.Status.IN_REVIEW, mixed_problems)) == ["disclaimer_missing"]


def test_publishing_is_stopped_by_every_problem(mixed_problems):
    assert blocking_for(Article.Status.PUBLISHED, mixed_problems) == mixed_problems


def test_a_draft_may_be_saved_with_any_problem(mixed_problems):
    assert blocking_for(Article.Status.DRAFT, mixed_problems) == []


# The checklist.


def test_checklist_shows_every_check_in_order_with_its_problems(mixed_problems):
    results = checklist(mixed_problems)

    assert [result.check for result in results] == list(Check)
    assert {result.check: result.passed for result in results} == {
        Check.DISCLAIMER: False,
        Check.REFERENCES: True,
        Check.DESCRIPTION: True,
        Check.REVIEW: True,
        Check.CLAIMS: False,
        Check.BODY: True,
    }
    assert codes(results[0].problems) == ["disclaimer_missing"]


def test_problem_as_dict_holds_plain_strings(mixed_problems):
    data = mixed_problems[1].as_dict()

    assert data["code"] == "claim_language"
    assert data["check"] == "claims"
    assert data["severity"] == "needs_sign_off"
    assert "Acupuncture cures nerve pain for good." in data["message"]
