"""Is a reference verifiable? Plain functions, so these tests need no database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.citations import (
    PLACEHOLDER_DOMAINS,
    PLACEHOLDER_TOP_LEVEL_DOMAINS,
    citation_text_problem,
    doi_problem,
    pmid_problem,
    reference_identity,
    url_problem,
)

# Real, checked references (the clinic's list of verified sources).
REAL_CITATIONS = [
    "Ju ZY, Wang K, Cui HS, Yao Y, Liu SM, Zhou J, Chen TY, Xia J. Acupuncture for neuropathic "
    "pain in adults. Cochrane Database of Systematic Reviews. 2017. CD012057.",
    "Vickers AJ, Vertosick EA, Lewith G, MacPherson H, Foster NE, Sherman KJ, Irnich D, Witt CM, "
    "Linde K; Acupuncture Trialists' Collaboration. Acupuncture for Chronic Pain: Update of an "
    "Individual Patient Data Meta-Analysis. The Journal of Pain. 2018;19(5):455-474.",
    "National Institute for Health and Care Excellence. Neuropathic pain in adults: "
    "pharmacological management in non-specialist settings. Clinical guideline CG173. "
    "Published 20 November 2013, last updated September 2020.",
    "Garrow AP, Xing M, Vere J, Verrall B, Wang L, Jude EB. Role of acupuncture in the management "
    "of diabetic painful neuropathy (DPN): a pilot RCT. Acupuncture in Medicine. "
    "2014;32(3):242-249.",
    "Han X, Wang L, Shi H, Zheng G, He J, Wu W, et al. Acupuncture combined with methylcobalamin "
    "for the treatment of chemotherapy-induced peripheral neuropathy in patients with multiple "
    "myeloma. BMC Cancer. 2017;17(1):40.",
]
REAL_DOIS = [
    "10.1002/14651858.CD012057.pub2",
    "10.1016/j.jpain.2017.11.005",
    "10.1136/acupmed-2013-010495",
    "10.1186/s12885-016-3037-z",
]
REAL_URLS = [
    "https://www.nice.org.uk/guidance/cg173",
    "https://pubmed.ncbi.nlm.nih.gov/29198932/",
    "https://doi.org/10.1002/14651858.CD012057.pub2",
    "http://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD012057.pub2/full",
    "https://bmccancer.biomedcentral.com/articles/10.1186/s12885-016-3037-z",
]

# Strings built to make a careless regular expression backtrack for a very long time.
ADVERSARIAL_STRINGS = [
    " " * 20_000 + "x",
    "x" * 20_000 + "!",
    "a, " * 7_000,
    "A " * 10_000 + "(",
    "Example " * 2_500,
    "Author, " * 2_500,
    "foo " * 5_000,
    "anonymous " * 2_000,
    "10." + "1" * 20_000,
    "https://" + "a." * 10_000 + "com",
    "https://nice.org.uk/" + "%" * 20_000,
    "[" * 20_000,
    "…" * 20_000,
]


# --- DOI --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doi",
    [
        *REAL_DOIS,
        "https://doi.org/10.1016/j.jpain.2017.11.005",
        "http://dx.doi.org/10.1016/j.jpain.2017.11.005",
        "HTTPS://DOI.ORG/10.1016/j.jpain.2017.11.005",
        "doi:10.1016/j.jpain.2017.11.005",
        "DOI: 10.1016/j.jpain.2017.11.005",
        "  10.1016/j.jpain.2017.11.005  ",
        "10.1000/182",  # The DOI Handbook: a four-digit prefix, a short suffix.
        "10.1000.10/123456",  # A registrant with a sub-prefix.
        "10.100000001/pain.2020.1",  # Nine-digit registrant.
        "10.1093/ecam/nep018",
        "10.1001/jama.280.17.1518",
        "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",  # Old Wiley SICI.
        "10.1007/978-3-662-56577-8_12",
    ],
)
def test_real_shaped_doi_has_no_problem(doi):
    assert doi_problem(doi) is None


@pytest.mark.parametrize("doi", ["", "   ", "\n\t"])
def test_blank_doi_has_no_problem(doi):
    assert doi_problem(doi) is None


def test_incomplete_doi_is_explained_with_an_example():
    assert doi_problem("10.1234") == (
        "“10.1234” is not a complete DOI: a DOI looks like 10.1016/j.jpain.2017.11.005"
    )


@pytest.mark.parametrize(
    "doi",
    [
        "10.1016",
        "10.1016/",
        "https://doi.org/10.1016",
        "doi:",
        "https://doi.org/",
        "10.",
        "10./abc",
        "10.123/abc",  # Registrant too short.
        "10.1234567890/abc",  # Registrant too long.
        "11.1016/j.jpain.2017.11.005",
        "1016/j.jpain.2017.11.005",
        "j.jpain.2017.11.005",
        "10.1016/j.jpain 2017.11.005",
        "10 .1016/j.jpain.2017.11.005",
        "10.1016\\j.jpain.2017.11.005",
        "10.abcd/efg",
        # Prefixes the reference form does not strip, so it could not store the DOI.
        "doi 10.1016/j.jpain.2017.11.005",
        "https://www.doi.org/10.1016/j.jpain.2017.11.005",
        "https://example.org/10.1016/j.jpain.2017.11.005",
        "PMID: 29198932",
        "29198932",
        "ｔｂｃ",
    ],
)
def test_doi_of_wrong_shape_is_a_problem(doi):
    problem = doi_problem(doi)

    assert problem is not None
    assert "10.1016/j.jpain.2017.11.005" in problem


@pytest.mark.parametrize(
    "doi",
    [
        "10.1234/xxxx",
        "10.1234/XXXX",
        "10.1234/example",
        "10.12345/abcde.2020",
        "10.0000/j.jpain.2017.11.005",
        "10.00000/anything",
        "10.123456789/pain.2020.1",
        "10.5555/12345678",  # Crossref's test prefix.
        "10.5072/zenodo.1",  # DataCite's test prefix.
        "10.1016/xxxx",
        "10.1016/x",
        "10.1016/j.xxxx.2020.01.001",
        "10.1016/0000",
        "10.1016/0000.000",
        "10.1016/example",
        "10.1186/Example-2021",
        "10.1016/placeholder",
        "10.1016/tbd",
        "10.1016/TODO",
        "10.1016/N-A",
        "10.1016/none",
        "10.1016/unknown",
        "10.1016/…",
        "https://doi.org/10.1234/xxxx",
        "doi:10.0000/abc",
    ],
)
def test_placeholder_doi_is_a_problem(doi):
    problem = doi_problem(doi)

    assert problem is not None
    assert "made up" in problem or "placeholder" in problem


@pytest.mark.parametrize(
    "doi", ["TBD", "tbd", "N/A", "n/a", "NA", "none", "xxxx", "10.xxxx/abc", "10.XXXX/1", "???"]
)
def test_placeholder_in_place_of_a_doi_is_called_a_placeholder(doi):
    assert "placeholder" in doi_problem(doi)


def test_doi_problem_quotes_what_was_typed():
    assert doi_problem("10.1016/xxxx").startswith("“10.1016/xxxx”")


def test_doi_problem_shortens_a_very_long_value_in_its_message():
    problem = doi_problem("10.1016/" + "x" * 5_000)

    assert problem is not None
    assert len(problem) < 300


# --- PMID -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pmid",
    [
        "29198932",
        "PMID: 29198932",
        "PMID:29198932",
        "pmid 29198932",
        "pmid29198932",
        "  29198932 ",
        "9841303",
        "1",
        "12345",  # Short ascending runs are real early PMIDs: only long ones are refused.
        "123457890",
        "31645286",
        "024601",
    ],
)
def test_plausible_pmid_has_no_problem(pmid):
    assert pmid_problem(pmid) is None


@pytest.mark.parametrize("pmid", ["", "   ", "\n"])
def test_blank_pmid_has_no_problem(pmid):
    assert pmid_problem(pmid) is None


@pytest.mark.parametrize(
    "pmid",
    [
        "0",
        "00000000",
        "PMID: 0000000",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "23456789",
        "987654321",
        "87654321",
        "11111111",
        "99999",
    ],
)
def test_made_up_pmid_is_a_problem(pmid):
    assert "made-up" in pmid_problem(pmid)


@pytest.mark.parametrize(
    "pmid",
    [
        "1234567890",  # Ten digits.
        "29198932a",
        "29 198 932",
        "29,198,932",
        "-29198932",
        "29198932.0",
        "PMID:",
        "PMID",
        "twenty-nine",
        "２９１９８９３２",  # Full-width digits look right but are not what PubMed links use.
        "٢٩١٩٨٩٣٢",
    ],
)
def test_pmid_that_is_not_a_number_of_up_to_nine_digits_is_a_problem(pmid):
    problem = pmid_problem(pmid)

    assert problem is not None
    assert "29198932" in problem


@pytest.mark.parametrize("pmid", ["TBD", "N/A", "none", "xxxxxxxx", "???"])
def test_placeholder_in_place_of_a_pmid_is_called_a_placeholder(pmid):
    assert "placeholder" in pmid_problem(pmid)


@pytest.mark.parametrize("pmid", ["PMC5767254", "pmc 5767254"])
def test_pubmed_central_id_in_the_pmid_field_is_explained(pmid):
    assert "PubMed Central ID" in pmid_problem(pmid)


@pytest.mark.parametrize(
    "pmid", ["10.1016/j.jpain.2017.11.005", "doi:10.1016/j.jpain.2017.11.005"]
)
def test_doi_in_the_pmid_field_is_sent_to_the_doi_field(pmid):
    assert "put it in the DOI field" in pmid_problem(pmid)


# --- URL --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        *REAL_URLS,
        "https://www.nhs.uk/conditions/acupuncture/",
        "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD012057.pub2/full",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC5767254/",
        "https://www.who.int/news-room/fact-sheets",
        "https://acupuncture.org.uk/",
        "HTTPS://WWW.NICE.ORG.UK/guidance/cg173",
        "https://www.nice.org.uk:443/guidance/cg173?tab=evidence#section-1",
        "https://nice.org.uk./guidance/cg173",
        "https://münchen.de/gesundheit",
        "https://xn--mnchen-3ya.de/gesundheit",
        "https://пример.рф/статья",  # Cyrillic domain: the word means "example" but is real.
        "https://my-clinic.co.uk/articles/neck-pain",
        "https://doi.org/10.1016/j.jpain.2017.11.005",
        "https://www.nice.org.uk/link-between-pain-and-sleep",
        "https://www.example-clinic.co.uk/",  # Only the label "example" itself is refused.
        "https://www.opposite.com/",  # Ends in "site.com" but is not site.com.
        "https://pubmed.ncbi.nlm.nih.gov/?term=acupuncture",
    ],
)
def test_real_looking_url_has_no_problem(url):
    assert url_problem(url) is None


@pytest.mark.parametrize("url", ["", "  ", "\n"])
def test_blank_url_has_no_problem(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "ftp://ftp.ncbi.nlm.nih.gov/pubmed/",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<p>study</p>",
        "file:///C:/Users/clinic/study.pdf",
        "mailto:editor@nice.org.uk",
        "tel:+441234567890",
        "gopher://nice.org.uk/",
    ],
)
def test_url_with_a_scheme_other_than_http_is_a_problem(url):
    assert "https://" in url_problem(url)


@pytest.mark.parametrize(
    "url", ["www.nice.org.uk/guidance/cg173", "nice.org.uk", "//www.nice.org.uk/guidance"]
)
def test_url_without_a_scheme_is_a_problem(url):
    assert "must start with https://" in url_problem(url)


@pytest.mark.parametrize("url", ["https://", "http://", "http:///guidance", "https://:443/"])
def test_url_without_a_host_is_a_problem(url):
    assert "no website name" in url_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/study",
        "http://example.org",
        "https://example.net/a",
        "https://www.example.com/study",
        "https://journals.example.org/pain/2020",
        "https://EXAMPLE.COM/study",
        "https://example.co.uk/study",
        "https://www.example.de/",
        "https://ｅｘａｍｐｌｅ.com/",  # Full-width letters spelling example.com.
        "https://clinic.example/study",
        "https://website.com/study",
        "https://www.yourwebsite.com/article",
        "https://domain.com/",
        "https://somesite.com/pain",
        "https://site.com/",
        "https://link.com/a",
        "https://url.com/",
        "https://placeholder.com/",
        "https://test.com/study",
        "https://fake.com/",
        "https://journal.yourdomain.com/pain",
    ],
)
def test_placeholder_host_is_a_problem(url):
    assert "placeholder" in url_problem(url) or "reserved" in url_problem(url)


@pytest.mark.parametrize("domain", sorted(PLACEHOLDER_DOMAINS))
def test_every_listed_placeholder_domain_and_its_subdomains_are_refused(domain):
    assert url_problem(f"https://{domain}/study") is not None
    assert url_problem(f"https://www.{domain}/study") is not None
    assert url_problem(f"https://journals.{domain}/study") is not None


@pytest.mark.parametrize("top_level_domain", sorted(PLACEHOLDER_TOP_LEVEL_DOMAINS))
def test_every_reserved_top_level_domain_is_refused(top_level_domain):
    assert url_problem(f"https://clinic.{top_level_domain}/study") is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/study",
        "http://localhost:8000/articles/neck-pain/",
        "http://LOCALHOST/",
        "http://clinic.localhost/",
        "https://clinic.test/study",
        "https://pubmed.invalid/1",
        "http://printer.local/",
        "http://wiki.internal/pain",
        "http://nas.lan/study.pdf",
        "http://router.home/",
        "http://intranet.corp/",
    ],
)
def test_local_and_reserved_hosts_are_a_problem(url):
    assert url_problem(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/study",
        "http://127.0.0.1:8000/",
        "http://10.0.0.5/paper.pdf",
        "http://172.16.0.1/",
        "http://192.168.1.20/study",
        "http://8.8.8.8/",
        "http://[::1]/",
        "http://[::1]:8000/study",
        "http://[2001:db8::1]/study",
        "http://[fe80::1]/",
    ],
)
def test_ip_address_instead_of_a_website_name_is_a_problem(url):
    assert "IP address" in url_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://intranet/study",
        "https://nice/guidance",
        "http://2130706433/",  # 127.0.0.1 written as one number.
    ],
)
def test_host_without_a_dot_is_a_problem(url):
    assert "complete website name" in url_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://nice.org.u/guidance",
        "https://nice.org.123/guidance",
        "https://nice.org.uk1/guidance",
        "http://127.1/",
        "http://0x7f.1/",
    ],
)
def test_top_level_domain_that_is_not_two_or_more_letters_is_a_problem(url):
    assert "real domain" in url_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://xn--p1ai.xn--p1ai/",  # рф.рф
        "https://example-health.xn--p1ai/",
        "https://clinic.museum/",
    ],
)
def test_punycode_and_long_top_level_domains_are_accepted(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://bad_host.com/",
        "https://-clinic.co.uk/",
        "https://clinic-.co.uk/",
        "https://nice..org.uk/",
        "https://.nice.org.uk/",
        "https://%6Eice.org.uk/",
        "https://" + "a" * 64 + ".com/",
        "http://[::1/",
        "http://nice.org.uk:port/",
        "http://nice.org.uk:99999/",
    ],
)
def test_malformed_website_name_is_a_problem(url):
    assert url_problem(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nice.org.uk guidance/cg173",
        "https://www.nice.org.uk/guidance/cg 173",
        "https://www.nice.org.uk/\tguidance",
    ],
)
def test_url_with_spaces_is_a_problem(url):
    assert "spaces" in url_problem(url)


def test_url_with_user_name_before_the_host_is_a_problem():
    # Reads as nice.org.uk, goes to fake-journal.org.
    assert "user name" in url_problem("https://www.nice.org.uk@fake-journal.org/study")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nhs.uk/link",
        "https://www.nhs.uk/link/",
        "https://www.nhs.uk/LINK",
        "https://www.nhs.uk/url",
        "https://www.nhs.uk/url-here",
        "https://www.nhs.uk/url_here",
        "https://www.nhs.uk/URL%20here",
        "https://www.nhs.uk/TBD",
        "https://www.nhs.uk/todo",
        "https://www.nhs.uk/placeholder.html",
        "https://www.nhs.uk/insert-link",
        "https://www.nhs.uk/path/to/article",
        "https://www.nhs.uk/xxxx",
        "https://www.nhs.uk/...",
        "https://www.nhs.uk/link-to-study",
    ],
)
def test_placeholder_path_is_a_problem(url):
    assert "placeholder link" in url_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://doi.org/10.1234/xxxx",
        "https://doi.org/10.0000/abc",
        "https://dx.doi.org/10.1016/example",
        "https://www.doi.org/10.1234/xxxx",
        "https://doi.org/10.1016",
        "https://doi.org/",
        "https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "https://pubmed.ncbi.nlm.nih.gov/00000000",
    ],
)
def test_doi_or_pmid_inside_a_resolver_address_is_checked(url):
    assert url_problem(url) is not None


def test_url_problem_quotes_the_address():
    assert url_problem("https://example.com/study").startswith("“https://example.com/study”")


# --- Citation text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "citation",
    [
        *REAL_CITATIONS,
        "Smith, J. et al. (2019). Acupuncture for tension-type headache in adults. "
        "Headache, 59(4), 512-520.",
        "MacPherson H, Vertosick EA, Foster NE, et al. The persistence of the effects of "
        "acupuncture after a course of treatment. Pain. 2017;158(5):784-793.",
        "NHS. Acupuncture. NHS website; 2023. Available from the NHS conditions pages.",
        "World Health Organization. (2013). WHO traditional medicine strategy 2014–2023. Geneva.",
        "王伟, 李娜. (2019). 针刺治疗神经病理性疼痛的系统评价. 中国针灸, 39(5), 1-5.",
        "山田太郎：鍼治療の効果．日本鍼灸学会誌，2019；69(2)：123-130．",
        "Müller K, Øster P. (2020). Akupunktur bei neuropathischen Schmerzen. Der Schmerz, "
        "34(2), 101-108.",
        "Øvretveit K, Ødegård S, Łukasz M, Çelik A. Needling and pain: a Nordic survey. "
        "Scand J Pain. 2021;21(1):1-9.",
        "Nguyễn VA, Trần TB. Châm cứu điều trị đau thần kinh. Tạp chí Y học. 2020;12:44-50.",
        "Иванов ИИ, Петров ПП. Иглорефлексотерапия при невропатической боли. Журнал неврологии. "
        "2018;3:12-18.",
        "김민수, 이지은. 침 치료의 효과: 체계적 문헌고찰. 대한한의학회지. 2020;41(2):1-10.",
        # Real surnames that contain a placeholder word, or are one.
        "Samples R, Exampleton J. (2020). Authorship in acupuncture trials. Acupuncture in "
        "Medicine, 38(1), 1-5.",
        "Sample I. (2020). Acupuncture trial reports modest benefit for back pain. The Guardian.",
        "Doe CQ, Skeath JB. Neurogenesis in the insect central nervous system. Curr Opin "
        "Neurobiol. 1996;6(1):18-24.",
        "Foo JN, Liu JJ, Tan EK. Needling studies in Singapore: a review. Singapore Med J. "
        "2013;54(1):1-5.",
        "Name-Surnamed K, Authier P. Acupuncture for migraine. Cephalalgia. 2019;39(1):1-9.",
        "Lee A, Lee B. (2018). Acupuncture for hip pain: a trial of twins. Pain Medicine.",
        "A. J. Vickers and E. A. Vertosick. Acupuncture for chronic pain. J Pain. "
        "2018;19(5):455-474.",
        "Kim S, O J. (2020). Acupuncture in Korea: a national survey. Integr Med Res. 9(1).",
        "[No authors listed]. Acupuncture: NIH consensus conference. JAMA. 1998;280(17):1518-24.",
        "Anonymous. (1995). Acupuncture for back pain: an editorial. Lancet, 345, 1-2.",
        "British Acupuncture Council. (n.d.). Acupuncture and neuropathy: a research fact sheet.",
        "Dobson R. For example, a randomised trial of acupuncture in Bristol. BMJ. 2020;368:m1.",
        "Kelly RB. Acupuncture for pain. Am Fam Physician. 2009;80(5):481-484.",
        "Zhang Y, Wu X. Acupuncture for sample size calculations in pain trials: what authors "
        "need to know. Trials. 2019;20:1-8.",
    ],
)
def test_real_citation_has_no_problem(citation):
    assert citation_text_problem(citation) is None


@pytest.mark.parametrize("citation", ["", " ", "\n\t  \n"])
def test_blank_citation_is_a_problem(citation):
    assert "empty" in citation_text_problem(citation)


@pytest.mark.parametrize(
    ("citation", "named"),
    [
        (
            "Example A, Example B, Example C. (2021). Acupuncture for sciatica: a review of "
            "trials. Journal of Pain Research.",
            "Example A",
        ),
        (
            "Sample X, Sample Y, Sample Z. (2020). Needling for shoulder pain: a randomised "
            "trial. Clinical Rehabilitation.",
            "Sample X",
        ),
        ("Sample Y. (2020). Needling for shoulder pain. Clinical Rehabilitation.", "Sample Y"),
        ("Sample I, Sample R. (2020). Needling for shoulder pain. Pain.", "Sample I"),
        ("EXAMPLE A, EXAMPLE B (2019). Needling for shoulder pain. Pain.", "EXAMPLE A"),
        ("example a, example b (2019). Needling for shoulder pain. Pain.", "example a"),
        ("Author A, Author B. (2019). Acupuncture for knee pain. Pain Medicine.", "Author A"),
        ("Author, A., & Author, B. (2019). Acupuncture for knee pain. Pain.", "Author, A"),
        ("Authors A, B. (2019). Acupuncture for knee pain in adults. Pain.", "Authors A"),
        ("Author et al. (2019). Acupuncture for knee pain in adults. Pain.", "Author et al"),
        ("Author1, Author2. (2019). Acupuncture for knee pain in adults. Pain.", "Author1"),
        ("Author 1, Author 2 (2019). Acupuncture for knee pain in adults. Pain.", "Author 1"),
        ("Author (2019). Acupuncture for knee pain in adults. Pain Medicine.", "Author (2019"),
        ("J. Author, K. Author. Acupuncture for knee pain in adults. Pain. 2019.", "J. Author"),
        ("Surname A, Surname B. Acupuncture for knee pain in adults. Pain. 2019.", "Surname A"),
        ("Surname, F. (2019). Acupuncture for knee pain in adults. Pain.", "Surname, F"),
        ("Name N, Name M. Acupuncture for knee pain in adults. Pain. 2019.", "Name N"),
        ("Placeholder P. Acupuncture for knee pain in adults. Pain. 2019.", None),
        ("Dummy A, Dummy B. Acupuncture for knee pain in adults. Pain. 2019.", "Dummy A"),
        ("Doe J. (2019). Acupuncture for knee pain in adults. Pain Medicine.", "Doe J"),
        ("Doe, J. (2019). Acupuncture for knee pain in adults. Pain Medicine.", "Doe, J"),
        ("John Doe (2019). Acupuncture for knee pain in adults. Pain Medicine.", "John Doe"),
        ("Jane Doe, Richard Roe. Acupuncture for knee pain. Pain. 2019.", "Jane Doe"),
        ("J. Doe and K. Smith. Acupuncture for knee pain in adults. Pain. 2019.", "J. Doe"),
    ],
)
def test_invented_author_list_is_a_problem(citation, named):
    problem = citation_text_problem(citation)

    assert problem is not None
    if named:
        assert f"“{named}" in problem


@pytest.mark.parametrize(
    "citation",
    [
        "A, B, C. (2021). Acupuncture for neuropathic pain: a review. Pain Medicine.",
        "A., B., C. (2021). Acupuncture for neuropathic pain: a review. Pain Medicine.",
        "A, B & C (2021). Acupuncture for neuropathic pain: a review. Pain Medicine.",
        "A and B (2021). Acupuncture for neuropathic pain: a review. Pain Medicine.",
        "A; B; C. Acupuncture for neuropathic pain: a review. Pain Medicine. 2021.",
        "X Y Z (2021). Acupuncture for neuropathic pain: a review. Pain Medicine.",
        "X, Y, Z. Acupuncture for neuropathic pain: a review. Pain Medicine. 2021.",
        "Ø, Å, Ü (2021). Acupuncture for neuropathic pain: a review. Pain Medicine.",
    ],
)
def test_single_letters_as_author_names_are_a_problem(citation):
    assert "single letters" in citation_text_problem(citation)


@pytest.mark.parametrize(
    "citation",
    [
        "et al. (2020). Acupuncture for low back pain: a trial. Spine.",
        "Et al (2020). Acupuncture for low back pain: a trial. Spine.",
        "ET AL. Acupuncture for low back pain: a trial. Spine. 2020.",
        "…et al. (2020). Acupuncture for low back pain: a trial. Spine.",
        "et al.",
    ],
)
def test_et_al_without_a_first_author_is_a_problem(citation):
    assert "et al." in citation_text_problem(citation)


@pytest.mark.parametrize(
    ("citation", "placeholder"),
    [
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "Lorem"),
        ("Smith J. (2019). Lorem ipsum. Pain Medicine, 20(1), 1-9.", "Lorem"),
        ("TBD", "TBD"),
        ("Smith J. (TBD). Acupuncture for knee pain in adults. Pain Medicine.", "TBD"),
        ("TODO: add the reference for the knee pain trial", "TODO"),
        ("FIXME find the acupuncture trial on knee pain", "FIXME"),
        ("XXX (2020). Acupuncture for knee pain in adults. Pain Medicine.", "XXX"),
        ("Smith J. (2020). Acupuncture for knee pain. xxxx, 1(1), 1-2.", "xxxx"),
        ("Acupuncture reduces knee pain in most adults [citation needed]", "citation needed"),
        ("Citation here", "Citation here"),
        ("Reference goes here for the knee pain section", "Reference goes here"),
        ("Insert reference to the knee pain trial later", "Insert reference"),
        ("Add the citation for the knee pain trial", "Add the citation"),
        ("Placeholder reference for the knee pain section of the article", "Placeholder"),
        ("Smith J. (2020). Title of article. Pain Medicine, 1(2), 3-4.", "Title of article"),
        ("Smith J. (2020). Title of the paper. Pain Medicine, 1(2), 3-4.", "Title of the paper"),
        ("Smith J. (2020). Article title. Pain Medicine, 1(2), 3-4.", "Article title"),
        ("Smith J. (2020). Acupuncture for knee pain. Journal name, 1(2).", "Journal name"),
        ("Smith J. (2020). Acupuncture for knee pain. Name of journal, 1(2).", "Name of journal"),
        (
            "Smith J. (2020). Acupuncture for knee pain. Journal of Something, 1(2).",
            "Journal of Something",
        ),
        ("Smith J. (2020). Acupuncture for knee pain. Journal of X, 1(2), 3-4.", "Journal of X"),
        ("Smith J. (2020). Acupuncture for knee pain. Some Journal, 1(2), 3.", "Some Journal"),
        ("Smith J. (2020). Acupuncture for knee pain. Publisher name.", "Publisher name"),
        ("Author names (2020). Acupuncture for knee pain. Pain Medicine.", "Author names"),
        ("Firstname Lastname (2020). Acupuncture for knee pain. Pain.", "Firstname Lastname"),
        ("First name Last name (2020). Acupuncture for knee pain. Pain.", "First name Last name"),
        ("Lastname F. (2020). Acupuncture for knee pain in adults. Pain.", "Lastname"),
        ("Foo/Bar (2020). Acupuncture for knee pain in adults. Pain Medicine.", "Foo/Bar"),
        ("Foo, Bar (2020). Acupuncture for knee pain in adults. Pain Medicine.", "Foo, Bar"),
        ("Foobar (2020). Acupuncture for knee pain in adults. Pain Medicine.", "Foobar"),
        ("Smith J. (2020). To be confirmed. Pain Medicine, 1(2), 3-4.", "To be confirmed"),
    ],
)
def test_placeholder_text_in_a_citation_is_a_problem(citation, placeholder):
    problem = citation_text_problem(citation)

    assert problem is not None
    assert f"“{placeholder}”" in problem


@pytest.mark.parametrize(
    "citation",
    [
        "Reference 1",
        "Reference #2",
        "Citation 3.",
        "[Source 4]",
        "Ref. 5",
        "Study 1:",
    ],
)
def test_numbered_label_instead_of_a_citation_is_a_problem(citation):
    assert "label" in citation_text_problem(citation)


@pytest.mark.parametrize(
    "citation",
    [
        "Anonymous (n.d.). Acupuncture for knee pain in adults. Retrieved from a website.",
        "Anon. (n.d.). Acupuncture for knee pain in adults. Health blog.",
        "ANONYMOUS, n.d. Acupuncture for knee pain in adults. Health blog.",
    ],
)
def test_anonymous_and_undated_citation_is_a_problem(citation):
    assert "neither an author nor a date" in citation_text_problem(citation)


@pytest.mark.parametrize(
    "citation",
    [
        "Smith J. (2018)",
        "Pain.",
        "Vickers 2018",
        "Journal of Pain",
        "See the NHS website",
        "Cochrane review",
        "A study from 2018",
        "王伟. 2019.",
        "1, 2, 3, 4, 5, 6, 7, 8",
        "— — — — — — — — — — — —",
    ],
)
def test_citation_too_short_or_wordless_to_identify_a_source_is_a_problem(citation):
    problem = citation_text_problem(citation)

    assert problem is not None
    assert "too short" in problem or "no words" in problem


def test_citation_problem_names_what_to_write_instead():
    problem = citation_text_problem("Example A. (2020). Acupuncture for pain. Pain.")

    assert "authors, year, title and journal" in problem


@pytest.mark.parametrize(
    "citation",
    [
        "  Vickers AJ,   Vertosick EA.\n\nAcupuncture for chronic pain.\tJ Pain. 2018;19:455.  ",
        "Vickers\u00a0AJ, Vertosick\u00a0EA. Acupuncture for chronic pain. J Pain. 2018;19:455.",
    ],
)
def test_citation_with_odd_whitespace_is_judged_on_its_words(citation):
    assert citation_text_problem(citation) is None


# --- Identity ---------------------------------------------------------------------------------


def identity(citation="", url="", doi="", pmid=""):
    return reference_identity(citation=citation, url=url, doi=doi, pmid=pmid)


def test_identity_holds_a_key_for_each_field_given():
    assert identity(
        citation="Vickers AJ, et al. Acupuncture for chronic pain.",
        url="https://www.nice.org.uk/guidance/cg173",
        doi="10.1016/j.jpain.2017.11.005",
        pmid="29198932",
    ) == {
        "text:vickers aj et al acupuncture for chronic pain",
        "url:nice.org.uk/guidance/cg173",
        "doi:10.1016/j.jpain.2017.11.005",
        "pmid:29198932",
    }


def test_identity_of_an_empty_reference_is_empty():
    assert identity(citation="  ", url=" ", doi="", pmid="\n") == set()


@pytest.mark.parametrize(
    "doi",
    [
        "10.1016/j.jpain.2017.11.005",
        "10.1016/J.JPAIN.2017.11.005",
        "https://doi.org/10.1016/j.jpain.2017.11.005",
        "http://dx.doi.org/10.1016/j.jpain.2017.11.005",
        "DOI: 10.1016/j.jpain.2017.11.005",
        " doi:10.1016/j.jpain.2017.11.005 ",
    ],
)
def test_doi_key_ignores_prefix_case_and_whitespace(doi):
    assert identity(doi=doi) == {"doi:10.1016/j.jpain.2017.11.005"}


@pytest.mark.parametrize("pmid", ["29198932", "PMID: 29198932", "pmid29198932", " 029198932 "])
def test_pmid_key_ignores_prefix_and_leading_zeros(pmid):
    assert identity(pmid=pmid) == {"pmid:29198932"}


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nice.org.uk/guidance/cg173",
        "http://www.nice.org.uk/guidance/cg173",
        "https://nice.org.uk/guidance/cg173/",
        "HTTPS://WWW.NICE.ORG.UK/guidance/cg173",
        "https://www.nice.org.uk/guidance/cg173#recommendations",
        "https://www.nice.org.uk:443/guidance/cg173",
        "http://www.nice.org.uk:80/guidance/cg173/",
        "https://nice.org.uk./guidance/cg173",
        "www.nice.org.uk/guidance/cg173",
        "  https://www.nice.org.uk/guidance/cg173  ",
    ],
)
def test_url_key_ignores_scheme_www_host_case_trailing_slash_and_fragment(url):
    assert identity(url=url) == {"url:nice.org.uk/guidance/cg173"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://www.nice.org.uk/guidance/cg173", "https://www.nice.org.uk/guidance/cg174"),
        ("https://www.nice.org.uk/guidance/CG173", "https://www.nice.org.uk/guidance/cg173"),
        ("https://www.nice.org.uk/guidance?id=1", "https://www.nice.org.uk/guidance?id=2"),
        ("https://nice.org.uk/guidance", "https://evidence.nice.org.uk/guidance"),
        ("https://nice.org.uk:8443/guidance", "https://nice.org.uk/guidance"),
    ],
)
def test_url_keys_of_different_pages_differ(first, second):
    assert identity(url=first).isdisjoint(identity(url=second))


def test_doi_org_address_and_bare_doi_are_the_same_source():
    by_address = identity(url="https://doi.org/10.1016/J.jpain.2017.11.005")
    by_doi = identity(doi="10.1016/j.jpain.2017.11.005")

    assert by_address & by_doi == {"doi:10.1016/j.jpain.2017.11.005"}


def test_pubmed_address_and_bare_pmid_are_the_same_source():
    by_address = identity(url="https://pubmed.ncbi.nlm.nih.gov/29198932/")
    by_pmid = identity(pmid="PMID: 29198932")

    assert by_address & by_pmid == {"pmid:29198932"}


@pytest.mark.parametrize(
    "citation",
    [
        "Vickers AJ, et al. (2018). Acupuncture for chronic pain. J Pain.",
        "vickers aj et al 2018 acupuncture for chronic pain j pain",
        "  VICKERS AJ,   ET AL.  (2018)  Acupuncture for chronic pain —  J Pain  ",
        "Vickers AJ; et al; 2018; Acupuncture for chronic pain; J. Pain!",
    ],
)
def test_citation_key_ignores_case_whitespace_and_punctuation(citation):
    assert identity(citation=citation) == {
        "text:vickers aj et al 2018 acupuncture for chronic pain j pain"
    }


def test_citation_key_keeps_non_latin_text():
    assert identity(citation="王伟, 李娜. (2019). 针刺治疗.") == {"text:王伟 李娜 2019 针刺治疗"}


def test_references_sharing_any_one_key_are_duplicates():
    first = identity(
        citation="Vickers AJ, et al. Acupuncture for chronic pain. J Pain. 2018.",
        doi="10.1016/j.jpain.2017.11.005",
    )
    second = identity(
        citation="Vickers et al. 2018, IPD meta-analysis of acupuncture",
        url="https://doi.org/10.1016/j.jpain.2017.11.005",
        pmid="29198932",
    )

    assert first & second


def test_different_real_references_are_not_duplicates():
    vickers = identity(
        citation=REAL_CITATIONS[1], doi="10.1016/j.jpain.2017.11.005", pmid="29198932"
    )
    han = identity(citation=REAL_CITATIONS[4], doi="10.1186/s12885-016-3037-z")
    nice = identity(citation=REAL_CITATIONS[2], url="https://www.nice.org.uk/guidance/cg173")

    assert vickers.isdisjoint(han)
    assert vickers.isdisjoint(nice)
    assert han.isdisjoint(nice)


def test_identity_of_a_non_web_address_is_kept_as_typed_in_lower_case():
    assert identity(url="mailto:Editor@NICE.org.uk") == {"url:mailto:editor@nice.org.uk"}


def test_identity_of_a_malformed_address_does_not_raise():
    assert identity(url="http://[::1") == {"url:http://[::1"}


# --- Robustness -------------------------------------------------------------------------------

CHECKS = [doi_problem, pmid_problem, url_problem, citation_text_problem]


@pytest.mark.parametrize("text", ADVERSARIAL_STRINGS, ids=lambda text: repr(text[:12]))
@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_checks_finish_on_long_adversarial_text(check, text):
    result = check(text)

    assert result is None or (isinstance(result, str) and result)


@pytest.mark.parametrize("text", ADVERSARIAL_STRINGS, ids=lambda text: repr(text[:12]))
def test_identity_finishes_on_long_adversarial_text(text):
    assert identity(citation=text, url=text, doi=text, pmid=text)


def test_long_real_citation_is_accepted():
    surnames = ["Lindqvist", "Okonkwo", "Hernández", "Nakamura", "Østergaard", "Kowalski"]
    names = [f"{surname} {initials}" for surname in surnames for initials in ["AB", "C", "DJ"]]
    long_author_list = ", ".join(names * 50)

    assert len(long_author_list) > 10_000
    assert citation_text_problem(f"{long_author_list}. Acupuncture. Pain. 2020.") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_checks_never_raise_and_answer_none_or_a_message(text):
    for check in CHECKS:
        result = check(text)
        assert result is None or (isinstance(result, str) and result.strip())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200), st.text(max_size=60), st.text(max_size=30))
def test_identity_never_raises_and_every_key_is_labelled(citation, url, doi, pmid):
    keys = reference_identity(citation=citation, url=url, doi=doi, pmid=pmid)

    assert all(key.split(":", 1)[0] in {"text", "url", "doi", "pmid"} for key in keys)
