"""
Is a reference verifiable? Plain checks on the text staff type into a reference.

Each `*_problem()` function returns None when the value is acceptable (blank counts as
acceptable: whether a reference needs a link at all is the publish rules' business) and
otherwise one sentence for clinic staff saying what is wrong and how to fix it.
`reference_identity()` gives the keys that tell two references of an article apart.

No database and no Django here: `articles/publishing.py` builds the publish checks on these.
Every regular expression below is written to run in linear time, because the text comes from
staff and importers and can be long.
"""

import ipaddress
import itertools
import re
import unicodedata
from urllib.parse import unquote, urlsplit

# --- Word lists: extend these, the checks below read them. ---------------------------------

# Test prefixes of Crossref (10.5555) and DataCite (10.5072): their DOIs lead to no article.
# Registrants that are all zeros (10.0000) or count up from 1 (10.1234, 10.12345) are refused
# by rule, as made-up numbers.
PLACEHOLDER_DOI_PREFIXES = frozenset({"10.5555", "10.5072"})

# A DOI suffix (after the "/") that is one of these, ignoring case and . - _ separators, is a
# placeholder. Suffixes made only of x's, zeros or dots are refused as well.
PLACEHOLDER_DOI_SUFFIXES = frozenset(
    {
        "abc", "abcd", "abcdef", "doi", "dummy", "example", "examples", "fake", "na", "none",
        "null", "placeholder", "sample", "suffix", "tba", "tbc", "tbd", "todo", "unknown",
        "yourdoi",
    }
)  # fmt: skip

# Words anywhere in a longer DOI suffix that mark it as a placeholder: 10.1186/example-1.
PLACEHOLDER_DOI_SUFFIX_WORDS = frozenset({"example", "placeholder", "dummy", "tbd", "todo"})

# What staff type into a DOI or PMID field when they have none (case, spaces, dots, slashes and
# hyphens ignored, so "N/A" and "n.a." count). Values made only of x's or ?'s count as well.
PLACEHOLDER_VALUES = frozenset(
    {"tbd", "tba", "tbc", "na", "none", "null", "nil", "unknown", "todo", "pending", "missing"}
)

# Top-level domains reserved for examples, tests and private networks (RFC 2606, RFC 6761,
# RFC 6762 and common intranet names): no public site can live under them.
PLACEHOLDER_TOP_LEVEL_DOMAINS = frozenset(
    {
        "example", "localhost", "test", "invalid", "local", "internal", "lan", "home", "corp",
        "localdomain", "intranet", "private",
    }
)  # fmt: skip

# Domains that are placeholders, with every subdomain of them (www.example.com, a.b.test.com).
# example.com/.org/.net are reserved (RFC 2606); the rest are the names people type when they
# have no link yet. Some are registered companies, but none is the home of a health study.
PLACEHOLDER_DOMAINS = frozenset(
    {
        "example.com", "example.org", "example.net", "example.edu",
        "website.com", "yourwebsite.com", "mywebsite.com", "somewebsite.com",
        "site.com", "yoursite.com", "mysite.com", "somesite.com",
        "domain.com", "yourdomain.com", "mydomain.com",
        "link.com", "url.com", "placeholder.com", "test.com", "fake.com", "dummy.com",
        "sample.com", "foo.com", "bar.com", "foobar.com",
    }
)  # fmt: skip

# A URL whose whole path is one of these (ignoring case, slashes, ".html" and with spaces and
# underscores read as hyphens) points at no particular page: "https://www.nhs.uk/link".
PLACEHOLDER_URL_PATHS = frozenset(
    {
        "link", "links", "url", "url-here", "link-here", "your-link", "your-url", "insert-link",
        "insert-url", "add-link", "link-to-article", "link-to-study", "article-link",
        "article-url", "here", "placeholder", "tbd", "tba", "todo", "example", "path",
        "path/to/page", "path/to/article", "page", "none", "null", "n/a",
    }
)  # fmt: skip

# Words that stand in for a person's name. Used as an author ("Example A", "Author, B.",
# "Surname et al.", "Name 1") they mark an invented author list. Matched as whole words, so
# real surnames that merely contain them ("Exampleton J", "Authorship", "Samples R") pass.
PLACEHOLDER_NAME_WORDS = (
    "example", "examples", "author", "authors", "surname", "lastname", "firstname",
    "placeholder", "dummy", "fake",
)  # fmt: skip
# Matched only capitalised, because "name" is an ordinary word in titles ("brand name X").
PLACEHOLDER_NAME_WORDS_CAPITALISED = ("Name", "NAME", "Names")

# Text no real citation contains, matched case-insensitively as whole words or phrases.
# A few are also real abbreviations (TBD: tick-borne disease; XXX: the Roman numeral 30) but a
# clinic's reference list is far likelier to hold the placeholder.
PLACEHOLDER_TEXT_PATTERNS = (
    r"lorem",
    r"ipsum\s+dolor",
    r"tbd",
    r"todo",
    r"fixme",
    r"x{3,}",
    r"citation\s+needed",
    r"(?:citation|reference|source|link|title|authors?)\s+(?:goes\s+)?here",
    r"(?:insert|add)\s+(?:an?\s+|the\s+)?(?:reference|citation|source|link|title|authors?)",
    r"placeholder",
    r"to\s+be\s+(?:added|confirmed|determined|completed)",
    r"title\s+of\s+(?:the\s+)?(?:article|paper|study|book|chapter|publication)",
    r"(?:article|paper|study|book)\s+title",
    r"journal\s+(?:name|title)",
    r"name\s+of\s+(?:the\s+)?journal",
    r"publisher\s+name",
    r"(?:journal|proceedings|annals)\s+of\s+(?:something|xyz|[xyz])",
    r"some\s+journal",
    r"author\s+names?",
    r"first\s*name\s+last\s*name",
    r"last\s*name,?\s+first\s*name",
    r"firstname",
    r"lastname",
    r"foo\s*(?:[/,&+-]\s*)?bar",
)

# --- Compiled patterns ------------------------------------------------------------------------

# The same prefixes `Reference.clean()` strips, so what passes here is what gets stored.
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_SHAPE = re.compile(r"^10\.[0-9]{4,9}(?:\.[0-9]+)*/\S+$")
PMID_PREFIX = re.compile(r"^pmid:?\s*", re.IGNORECASE)
PMID_SHAPE = re.compile(r"^[0-9]{1,9}$")
PUBMED_CENTRAL_ID = re.compile(r"^pmc\s*[0-9]+$", re.IGNORECASE)
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TOP_LEVEL_DOMAIN = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
PUBMED_PATH = re.compile(r"^/?([0-9]+)/?$")

_WORD = re.compile(r"\w+")
_NAME_WORD = "(?i:{})|{}".format(
    "|".join(PLACEHOLDER_NAME_WORDS), "|".join(PLACEHOLDER_NAME_WORDS_CAPITALISED)
)
_COMMA_OR_SPACE = r"(?:\s*,\s*|\s+)"
# What may follow an author's name: punctuation, the end, "and", "et al." or another name,
# but not a lowercase word, so "for example, A randomised trial" is no author list.
_AFTER_NAME = r"(?=\s*(?:[,;.&()\[\]:]|$|(?:and|et)\b|[A-Z]))"
# An initial after a name: "A", "A.", "AB", "A. B.".
_INITIALS = rf"(?:[A-Z]\.?\s?){{1,3}}{_AFTER_NAME}"
PLACEHOLDER_AUTHOR = re.compile(
    rf"\b(?:{_NAME_WORD})(?![^\W\d_])(?:"
    rf"{_COMMA_OR_SPACE}{_INITIALS}"  # Example A / Author, B. / Surname AB
    r"|\s*[0-9]+\b"  # Author1 / Author 2
    # A lower-case initial only before a separator: "example a, example b".
    r"|\s+[a-z]\.?(?=\s*[,;&(])"
    rf"|{_COMMA_OR_SPACE}et\s+al\b"  # Author et al.
    r"|[.,]?\s*\(\s*(?:[0-9]{4}|n\.?\s*d)"  # Author (2020) / Example, (n.d.)
    r")"
    # A placeholder word before a name: "A. Author", "J. Example".
    rf"|\b[A-Z]\.\s?(?:{_NAME_WORD})\b{_AFTER_NAME}",
)
# "Sample" is also a real surname (Sample I): refuse it only with the placeholder initials
# X, Y, Z, or when it names more than one author.
SAMPLE_AUTHOR = re.compile(rf"\b(?i:sample){_COMMA_OR_SPACE}{_INITIALS}")
SAMPLE_AUTHOR_PLACEHOLDER_INITIAL = re.compile(
    rf"\b(?i:sample){_COMMA_OR_SPACE}[XYZ]\.?{_AFTER_NAME}"
)
# "Doe" is a real surname too (Doe CQ): refuse only the stock John/Jane/J. Doe.
DOE_AUTHOR = re.compile(
    rf"\b(?:john|jane|j\.?)\s+doe\b|\bdoe{_COMMA_OR_SPACE}(?:j\b\.?|john\b|jane\b)",
    re.IGNORECASE,
)
PLACEHOLDER_TEXT = re.compile(
    r"(?<!\w)(?:" + "|".join(PLACEHOLDER_TEXT_PATTERNS) + r")(?!\w)", re.IGNORECASE
)
_LETTER = r"[^\W\d_]"
_AUTHOR_SEPARATOR = r"\s*(?:[,;&]|\band\b)\s*"
_AFTER_AUTHORS = r"(?=\s*(?:\(|\[|[0-9]{4}\b|$)|\.\s|\.$|:\s)"
# Authors that are single letters: "A, B, C. (2021)", "A & B (2020)", "X Y Z (2019)".
LETTER_AUTHORS = re.compile(
    rf"^\s*{_LETTER}\.?(?:{_AUTHOR_SEPARATOR}{_LETTER}\.?)+{_AFTER_AUTHORS}"
    rf"|^\s*{_LETTER}(?:\s+{_LETTER}){{2,}}{_AFTER_AUTHORS}"
)
ET_AL_FIRST = re.compile(r"^[\W_]*et\.?\s+al\b", re.IGNORECASE)
ANONYMOUS_UNDATED = re.compile(r"\banon(?:ymous|\.)?\W+(?:\w+\W+){0,3}?n\.\s*d\b", re.IGNORECASE)
NUMBERED_LABEL = re.compile(
    r"^\W*(?:reference|citation|source|ref|study|article)\.?\s*(?:#\s*)?[0-9]+\W*$",
    re.IGNORECASE,
)

MINIMUM_CITATION_CHARACTERS = 20
MINIMUM_CITATION_WORDS = 4


# --- DOI --------------------------------------------------------------------------------------


def normalise_doi(doi: str) -> str:
    """Strip whitespace and any doi.org / doi: prefix, keeping the DOI's own case."""
    return DOI_PREFIX.sub("", doi.strip()).strip()


def doi_problem(doi: str) -> str | None:
    """Say what is wrong with a DOI, or None if it is blank or has a DOI's shape."""
    if not doi.strip():
        return None
    value = normalise_doi(doi)
    shown = _quote(doi)
    example = "a DOI looks like 10.1016/j.jpain.2017.11.005"
    if not value:
        return f"{shown} is not a complete DOI: {example}"
    if _is_placeholder_value(value) or re.match(r"^10\.x+\b", value, re.IGNORECASE):
        return f"{shown} is a placeholder, not a DOI: {example}, or leave the field empty."
    if not DOI_SHAPE.match(value):
        if re.match(r"^10\.[0-9]", value) and "/" not in value:
            return f"{shown} is not a complete DOI: {example}"
        if re.search(r"\s", value):
            return f"{shown} is not a DOI: a DOI has no spaces; {example}"
        return f"{shown} is not a DOI: {example}"
    registrant, suffix = value.split("/", 1)
    if registrant in PLACEHOLDER_DOI_PREFIXES or _is_made_up_registrant(registrant):
        return (
            f"{shown} looks made up (DOIs starting {registrant} are examples or tests): copy "
            "the DOI from the article's page or its PubMed record."
        )
    if _is_placeholder_doi_suffix(suffix):
        return (
            f"{shown} is a placeholder DOI: copy the real DOI from the article's page or its "
            "PubMed record."
        )
    return None


def _is_made_up_registrant(registrant: str) -> bool:
    digits = registrant.removeprefix("10.").split(".")[0]
    return set(digits) == {"0"} or "123456789".startswith(digits)


def _is_placeholder_doi_suffix(suffix: str) -> bool:
    plain = re.sub(r"[._/-]+", "", suffix.casefold())
    if not plain or plain in PLACEHOLDER_DOI_SUFFIXES or re.fullmatch(r"x+|0+|…+", plain):
        return True
    # A placeholder inside a longer suffix: 10.1016/j.xxxx.2020.01.001, 10.1186/example-1.
    words = re.split(r"[^a-z0-9]+", suffix.casefold())
    return any(
        word in PLACEHOLDER_DOI_SUFFIX_WORDS or re.fullmatch(r"x{3,}", word) for word in words
    )


# --- PMID -------------------------------------------------------------------------------------


def normalise_pmid(pmid: str) -> str:
    """Strip whitespace and any "PMID:" prefix."""
    return PMID_PREFIX.sub("", pmid.strip()).strip()


def pmid_problem(pmid: str) -> str | None:
    """Say what is wrong with a PubMed ID, or None if it is blank or a plausible PMID."""
    if not pmid.strip():
        return None
    value = normalise_pmid(pmid)
    shown = _quote(pmid)
    example = "a PMID is a number of up to nine digits, such as 29198932"
    if not value:
        return f"{shown} has no number: {example}."
    if _is_placeholder_value(value):
        return f"{shown} is a placeholder, not a PubMed ID: {example}, or leave the field empty."
    if PUBMED_CENTRAL_ID.match(value):
        return (
            f"{shown} is a PubMed Central ID (PMCID), not a PMID: put the PubMed ID, "
            "such as 29198932, or the PubMed Central page's address in the URL field."
        )
    if DOI_SHAPE.match(normalise_doi(value)):
        return f"{shown} is a DOI, not a PubMed ID: put it in the DOI field."
    if not PMID_SHAPE.match(value):
        return f"{shown} is not a PubMed ID: {example}."
    if _is_made_up_number(value):
        return (
            f"{shown} is a made-up PubMed ID: copy the PMID from the article's PubMed record, "
            "or leave the field empty."
        )
    return None


def _is_made_up_number(digits: str) -> bool:
    """All zeros, one digit repeated (11111), or a run counting up or down (123456, 98765)."""
    if set(digits) == {"0"}:
        return True
    if len(digits) >= 5 and len(set(digits)) == 1:
        return True
    if len(digits) >= 6:
        steps = {int(b) - int(a) for a, b in itertools.pairwise(digits)}
        return steps in ({1}, {-1})
    return False


# --- URL --------------------------------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Say what is wrong with a web address, or None if it is blank or looks like a real page."""
    if not url.strip():
        return None
    value = url.strip()
    shown = _quote(url)
    if re.search(r"\s", value):
        return f"{shown} contains spaces: copy the address from the browser's address bar."
    scheme = URL_SCHEME.match(value)
    if scheme is None:
        return f"{shown} must start with https:// or http://: copy it from the address bar."
    if scheme.group(1).lower() not in {"http", "https"}:
        return f"{shown} is not a web page address: links must start with https:// or http://."
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return f"{shown} is not a valid web address: copy it from the browser's address bar."
    if not host:
        return f"{shown} has no website name: copy the full address from the address bar."
    if parts.username is not None or parts.password is not None:
        return (
            f"{shown} contains a user name or password before the website name: link to the "
            "public page instead."
        )
    if problem := _host_problem(host.rstrip("."), shown):
        return problem
    if _is_placeholder_path(parts.path):
        return (
            f"{shown} is a placeholder link: link to the page where the source itself is "
            "published."
        )
    return _resolver_path_problem(host.rstrip("."), parts.path, shown)


def _host_problem(host: str, shown: str) -> str | None:
    fix = "link to the page where the source is published"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return f"{shown} uses an IP address instead of a website name: {fix}."
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return f"{shown} does not have a valid website name: {fix}."
    labels = ascii_host.split(".")
    if ascii_host in {"localhost", "localhost.localdomain"} or labels[-1] == "localhost":
        return f"{shown} points at the computer it was written on (localhost): {fix}."
    if len(labels) < 2:
        return f"{shown} does not have a complete website name (such as nice.org.uk): {fix}."
    if len(ascii_host) > 253 or not all(HOST_LABEL.match(label) for label in labels):
        return f"{shown} does not have a valid website name: {fix}."
    if not TOP_LEVEL_DOMAIN.match(labels[-1]):
        return f"{shown} does not end in a real domain such as .org or .uk: {fix}."
    if labels[-1] in PLACEHOLDER_TOP_LEVEL_DOMAINS:
        return f"{shown} uses “.{labels[-1]}”, which is reserved for tests and examples: {fix}."
    if "example" in labels[:-1] or any(
        ascii_host == domain or ascii_host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS
    ):
        return f"{shown} is a placeholder address: {fix}."
    return None


def _is_placeholder_path(path: str) -> bool:
    plain = unquote(path).casefold().strip("/")
    plain = re.sub(r"\.html?$", "", plain)
    plain = re.sub(r"[\s_]+", "-", plain)
    if not plain:
        return False
    return plain in PLACEHOLDER_URL_PATHS or bool(re.fullmatch(r"x{2,}|\.{2,}|…+", plain))


def _resolver_path_problem(host: str, path: str, shown: str) -> str | None:
    """Check the DOI or PMID inside a doi.org or PubMed address, which readers rely on."""
    host = host.lower().removeprefix("www.")
    if host in {"doi.org", "dx.doi.org"}:
        doi = unquote(path).lstrip("/")
        if not doi:
            return (
                f"{shown} has no DOI after doi.org/: add it, as in "
                "https://doi.org/10.1016/j.jpain.2017.11.005"
            )
        if problem := doi_problem(doi):
            return f"The DOI in {shown} is wrong: {problem}"
    if host == "pubmed.ncbi.nlm.nih.gov" and (number := PUBMED_PATH.match(path)):
        if problem := pmid_problem(number.group(1)):
            return f"The PubMed ID in {shown} is wrong: {problem}"
    return None


# --- Citation text ----------------------------------------------------------------------------


def citation_text_problem(citation: str) -> str | None:
    """Say why a citation cannot identify a real source, or None if it looks like one."""
    text = " ".join(unicodedata.normalize("NFKC", citation).split())
    fix = "copy the authors, year, title and journal from the source itself"
    if not text:
        return f"The citation is empty: {fix}."
    shown = _quote(text)
    if NUMBERED_LABEL.match(text):
        return f"{shown} is a label, not a citation: {fix}."
    if match := PLACEHOLDER_TEXT.search(text):
        return f"The citation contains placeholder text ({_quote(match.group(0))}): {fix}."
    if author := _placeholder_author(text):
        return f"The citation names invented authors ({_quote(author.strip(' ,;.'))}): {fix}."
    if match := LETTER_AUTHORS.match(text):
        return (
            f"The citation's authors are single letters ({_quote(match.group(0))}), not "
            f"names: {fix}."
        )
    if ET_AL_FIRST.match(text):
        return (
            f"{shown} starts with “et al.” and names no author: give at least the first "
            "author's surname, e.g. “Vickers AJ, et al.”."
        )
    if ANONYMOUS_UNDATED.search(text):
        return f"{shown} has neither an author nor a date, so readers cannot find it: {fix}."
    words = _WORD.findall(text)
    if len(text) < MINIMUM_CITATION_CHARACTERS or len(words) < MINIMUM_CITATION_WORDS:
        return f"{shown} is too short to identify a source: {fix}."
    if not any(re.search(r"[^\W\d_]{2,}", word) for word in words):
        return f"{shown} has no words in it: {fix}."
    return None


def _placeholder_author(text: str) -> str | None:
    for pattern in (PLACEHOLDER_AUTHOR, SAMPLE_AUTHOR_PLACEHOLDER_INITIAL, DOE_AUTHOR):
        if match := pattern.search(text):
            return match.group(0)
    samples = SAMPLE_AUTHOR.findall(text)
    return samples[0] if len(samples) >= 2 else None


# --- Identity ---------------------------------------------------------------------------------


def reference_identity(*, citation: str, url: str, doi: str, pmid: str) -> set[str]:
    """Return keys naming the source: two references are duplicates if their keys intersect."""
    keys = set()
    if doi_value := normalise_doi(doi):
        keys.add(f"doi:{doi_value.lower()}")
    if pmid_value := normalise_pmid(pmid):
        keys.add(f"pmid:{_normalise_number(pmid_value)}")
    if url.strip():
        keys |= _url_keys(url.strip())
    if text := _normalise_text(citation):
        keys.add(f"text:{text}")
    return keys


def _url_keys(url: str) -> set[str]:
    if URL_SCHEME.match(url) is None:
        url = "//" + url  # "www.nice.org.uk/guidance/cg173" names the same page.
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return {f"url:{url.lower()}"}
    scheme = parts.scheme.lower()
    if scheme not in {"", "http", "https"} or not host:
        return {f"url:{url.lower()}"}
    host = host.lower().removeprefix("www.")
    if port not in {None, 80, 443}:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    key = f"url:{host}{path}" + (f"?{parts.query}" if parts.query else "")
    keys = {key}
    # A doi.org or PubMed address names the same source as the DOI or PMID itself.
    if host in {"doi.org", "dx.doi.org"} and (doi := unquote(path).lstrip("/")):
        keys.add(f"doi:{doi.lower()}")
    if host == "pubmed.ncbi.nlm.nih.gov" and (number := PUBMED_PATH.match(path)):
        keys.add(f"pmid:{_normalise_number(number.group(1))}")
    return keys


def _normalise_number(value: str) -> str:
    if value.isascii() and value.isdigit():
        return value.lstrip("0") or "0"
    return value.casefold()


def _normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


# --- Helpers ----------------------------------------------------------------------------------


def _is_placeholder_value(value: str) -> bool:
    plain = re.sub(r"[\s./_-]+", "", value.casefold())
    return not plain or plain in PLACEHOLDER_VALUES or bool(re.fullmatch(r"x+|\?+|…+", plain))


def _quote(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return f"“{value}”"
