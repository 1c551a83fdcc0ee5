"""
Import plain-text article drafts (from a writer, an old website, a word processor) as drafts.

Two layers:

- Parsing, no database: `decode_text()` turns a file's bytes into text (UTF-8 with or without
  BOM, UTF-16 with BOM, else Windows-1252 with a warning; empty and binary files are refused)
  and `parse_draft()` turns the text into a `ParsedDraft`: meta description, title, a Markdown
  body (headings, lists, paragraphs), disclaimer, references, and the web residue it dropped.
  `lost_sentences()` checks, against the text itself, that every sentence of the text ended
  up in exactly one of the draft's parts (the tests use it; the import report too).
- Importing: `import_draft()` and `import_sources()` create or update draft articles with
  their references and conditions, one transaction and one revision per file, and return an
  `ImportReport` per file with the publish problems still open (`publish_problems()`).
  `--dry-run` and the admin's "dry run" compute the same report without writing anything.

A file is recognised again by its name (or, for a draft imported before, by its slug), so
importing it again updates that draft; identical text (same checksum) is left "unchanged".
Articles that are published or in review are never overwritten unless `force` is given; they
then go back to draft and must pass the publish checks again.
"""

import codecs
import hashlib
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, models, transaction
from django.urls import reverse
from django.utils.text import slugify

from articles.citations import normalise_doi, normalise_pmid
from articles.claims import split_sentences
from articles.models import Article, Reference
from articles.publishing import Problem, publish_problems
from articles.services import article_unpublish
from clinic_site.rendering import render_markdown
from conditions.models import Condition

# An article is a few thousand words; anything much bigger is not an article draft.
MAX_FILE_BYTES = 1024 * 1024
TITLE_MAX_CHARACTERS = Article._meta.get_field("title").max_length
META_DESCRIPTION_MAX_CHARACTERS = Article._meta.get_field("meta_description").max_length
URL_MAX_CHARACTERS = Reference._meta.get_field("url").max_length
DOI_MAX_CHARACTERS = Reference._meta.get_field("doi").max_length
SOURCE_FILENAME_MAX_CHARACTERS = Article._meta.get_field("source_filename").max_length
SLUG_MAX_CHARACTERS = 100  # well inside the field's 220, leaving room for "-2"

# A heading is a short line without a closing full stop.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARACTERS = 100
# A "Pain Relief: …" lead-in of a list item is at most this many words.
LEAD_IN_MAX_WORDS = 6
# The "nothing lost" check reports a sentence found in two parts of the draft from this long.
REPEATED_SENTENCE_MIN_WORDS = 3
# Longer texts skip that check in the import report: its cost grows with the square of the
# length in the worst case (a text wrapped by hand), and articles are far shorter.
SELF_CHECK_MAX_CHARACTERS = 200_000
# More control characters than this share of the text: not a text file.
BINARY_CONTROL_SHARE = 0.05

# Words a heading does not end with, and after which a line broken by a blank line goes on.
FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
        "with", "from", "as", "into", "onto", "than", "that", "which", "who", "whose", "is",
        "are", "was", "were", "be", "been", "its", "their", "our", "your", "his", "her", "this",
        "these", "those", "such", "about", "behind", "between", "through", "over", "under",
        "after", "before", "during", "without", "within", "via", "per", "if", "when", "while",
        "because", "so", "not", "can", "may", "will", "has", "have", "had", "also", "both",
    }
)  # fmt: skip
# Lower-case words that may sit in an author list or an organisation's name.
NAME_PARTICLES = frozenset(
    {
        "et", "al", "and", "van", "von", "de", "der", "den", "da", "di", "du", "la", "le",
        "del", "dos", "das", "y", "of", "for", "the", "on", "in",
    }
)  # fmt: skip

# --- Labels and line shapes ---------------------------------------------------------------

_MARKUP_AROUND = r"[*_#\s]*"
META_LABEL = re.compile(
    rf"^{_MARKUP_AROUND}meta[\s_-]*description{_MARKUP_AROUND}[:：\-–—]{_MARKUP_AROUND}",
    re.IGNORECASE,
)
TITLE_LABEL = re.compile(rf"^{_MARKUP_AROUND}title{_MARKUP_AROUND}[:：]{_MARKUP_AROUND}", re.I)
DISCLAIMER_LABEL = re.compile(
    rf"^{_MARKUP_AROUND}(?:medical\s+|important\s+)?disclaimer[*_\s]*(?:[:：\-–—][*_\s]*|$)",
    re.IGNORECASE,
)
REFERENCES_HEADING = re.compile(
    rf"^{_MARKUP_AROUND}(?:references?|sources?|bibliography|works\s+cited|citations?"
    r"|literature(?:\s+cited)?|further\s+reading|studies\s+cited)[*_\s]*[:：]?[*_\s]*$",
    re.IGNORECASE,
)
# Bullets: symbols with or without a space after them (Word pastes "•Pain"); -, * and – only
# before a space, so "-5 °C" and "*Note*" stay text.
BULLET = re.compile(r"^[ \t]*(?:[•●○◦▪▫■□‣⁃∙·➢➤►▶✓✔\uf0b7\uf0a7]|[-*–](?=[ \t]))[ \t]*(?=\S)")
# Numbered items: "1." or "1)" with one or two digits, so a line starting "1986." is text.
NUMBERED = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]+(?=\S)")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
DIVIDER = re.compile(r"^(?:[-*_=~—–•·](?:\s*)){3,}$")
# The number written before a citation: "[1]", "(1)", "1.", "1)".
CITATION_MARKER = re.compile(r"^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)](?=\s))\s*(?=\S)")

# Web residue: an image caption, then the same caption "from somesite.com".
_SITE = (
    r"(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}/?"
)
CAPTION_FROM_SITE = re.compile(rf"^(?P<caption>.+?)\s+from\s+{_SITE}$", re.IGNORECASE)
IMAGE_CREDIT = re.compile(
    r"^(?:image|photo|picture)\s+(?:source|credits?|courtesy)\s*[:：]"
    r"|^(?:image|photo|picture)\s+by\s+.{1,80}\s+(?:on|from|via)\s+\S+$",
    re.IGNORECASE,
)
RESIDUE_MAX_CHARACTERS = 200

# Links inside a citation, with the label that introduces them ("doi:", "Available at:").
_LINK_LABEL = (
    r"(?:\b(?:available\s+(?:at|from|online)|retrieved\s+from|accessed\s+(?:at|from|via))"
    r"\s*[:：]?\s*|\b(?:url|link|online|full\s+text)\s*[:：]\s*)?"
)
_DOI = (
    r"(?<![\w/.])(?:doi\s*[:：]?\s*)?(?:https?://(?:dx\.)?doi\.org/)?"
    r"(?P<doi>10\.\d{4,9}/[^\s\"<>]+)"
)
_URL = r"<?(?P<url>\bhttps?://[^\s<>\"]+)>?"
DOI_LINK = re.compile(_LINK_LABEL + _DOI, re.IGNORECASE)
PMID_LINK = re.compile(r"\bPMID\s*[:：]?\s*(?P<pmid>\d{1,9})\b", re.IGNORECASE)
URL_LINK = re.compile(_LINK_LABEL + _URL, re.IGNORECASE)
# The same without the labels: outside citations "Available at:" is ordinary text.
_UNLABELLED_LINKS = (
    ("doi", re.compile(_DOI, re.IGNORECASE)),
    ("pmid", PMID_LINK),
    ("url", re.compile(_URL, re.IGNORECASE)),
)

_YEAR = r"(?:1[89]|20)\d{2}[a-z]?"
_APA_YEAR = re.compile(rf"^(?P<authors>[^()]{{1,200}}?)[\s.,]*\(\s*{_YEAR}\b[^()]{{0,30}}\)")
_HARVARD_YEAR = re.compile(rf"^(?P<authors>[^()]{{1,200}}?)[\s.,]+{_YEAR}[.,:]\s")
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
_INITIALS = re.compile(r"^(?:[A-Z]{1,3}|(?:[A-Z]\.\s?){1,3}|[A-Z]\.-?[A-Z]\.)$")

_SENTENCE_END = re.compile(r"[.!?…。！？:：][\"'”’»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?。！？][\"'”’)\]]*\s+\S")
_UNSPACED_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
)
_ENTITY = re.compile(r"&(?:#x?[0-9a-f]+|[a-z][a-z0-9]*);?", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?P<lead>[^:：]{1,80}?)\s*[:：]\s+(?P<rest>\S.*)$")


class ImportFailed(Exception):
    """The file cannot be imported at all: empty, binary, or without a title."""


# --- Decoding -------------------------------------------------------------------------------


def _windows_1252_leftovers(error: UnicodeDecodeError) -> tuple[str, int]:
    # Five bytes have no Windows-1252 character; browsers (WHATWG) read them as Latin-1.
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("articles_importing_cp1252", _windows_1252_leftovers)

_SIGNATURES = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a Word document or ZIP archive"),
    (b"\xd0\xcf\x11\xe0", "an old Word document"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
]


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode a file's bytes to text with "\\n" line ends; return (text, warnings)."""
    warnings: list[str] = []
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ImportFailed(f"This is {kind}, not plain text: save it as plain text (.txt).")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed("The file starts like UTF-16 text but is not.") from None
    elif b"\x00" in data:
        raise ImportFailed("This is a binary file, not plain text: save it as plain text (.txt).")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = data.removeprefix(codecs.BOM_UTF8).decode(
                "cp1252", errors="articles_importing_cp1252"
            )
            warnings.append(
                f"The file is not valid UTF-8 (byte {error.start + 1} is not), so it was read as "
                "Windows-1252: check accented letters, quotes and dashes."
            )
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").removeprefix("\ufeff").rstrip("\x1a")
    if not text.strip():
        raise ImportFailed("The file is empty.")
    controls = sum(1 for char in text if _is_control(char))
    if controls > BINARY_CONTROL_SHARE * len(text):
        raise ImportFailed("This is a binary file, not plain text: save it as plain text (.txt).")
    if controls:
        text = "".join(char for char in text if not _is_control(char))
        warnings.append(f"Removed {controls} invisible control character(s).")
    return text, warnings


def _is_control(char: str) -> bool:
    return char not in "\n\t" and unicodedata.category(char) == "Cc"


def text_checksum(text: str) -> str:
    """The SHA-256 of the decoded text, so line endings and BOMs do not count as changes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Parsing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedReference:
    citation: str
    url: str = ""
    doi: str = ""
    pmid: str = ""

    @property
    def has_link(self) -> bool:
        return bool(self.url or self.doi or self.pmid)


@dataclass
class ParsedDraft:
    title: str
    meta_description: str = ""
    body_markdown: str = ""
    disclaimer: str = ""
    references: list[ParsedReference] = field(default_factory=list)
    # Filled only when the text gives more than a field holds (an overlong meta description).
    summary: str = ""
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The first line was too long for a title: it stays in the body, the title is shortened.
    title_shortened: bool = False


@dataclass
class _Line:
    kind: str  # "text", "bullet", "number", "heading" or "divider"
    text: str
    indent: int = 0
    number: int = 0


def parse_draft(text: str) -> ParsedDraft:
    """Read a plain-text draft: meta description, title, body, disclaimer and references."""
    lines = [line.rstrip() for line in text.split("\n")]
    dropped = _drop_residue(lines)
    warnings: list[str] = []

    meta_description = ""
    position = _next_filled(lines, 0)
    if position is not None and (label := META_LABEL.match(lines[position])):
        meta_description = _collapse(lines[position][label.end() :].rstrip("*_ "))
        lines[position] = ""
        position = _next_filled(lines, position)
        if not meta_description:
            warnings.append("The “Meta-description:” line is empty.")
    title = ""
    while position is not None and not title:
        # A "Title:" label alone on its line: the title is the next line.
        title = _title_text(lines[position])
        lines[position] = ""
        position = _next_filled(lines, position)
    if not title:
        raise ImportFailed("The file has no title: its first line of text becomes the title.")
    title_shortened = False
    if len(title) > TITLE_MAX_CHARACTERS:
        # A paragraph, not a title: keep it in the body and make a title from its start.
        lines.insert(0, title)
        title = _shorten(title, TITLE_MAX_CHARACTERS)
        title_shortened = True
        warnings.append(
            f"The first line is longer than a title may be ({TITLE_MAX_CHARACTERS} characters):"
            " it stays at the start of the text and the title is its beginning; write a title."
        )
    summary = ""
    if len(meta_description) > META_DESCRIPTION_MAX_CHARACTERS:
        summary, meta_description = meta_description, ""
        warnings.append(
            f"The meta description is {len(summary)} characters long, more than the field's "
            f"{META_DESCRIPTION_MAX_CHARACTERS}: it was put in the summary. Write a meta "
            "description of 50 to 160 characters."
        )

    blocks = _blocks(lines)
    blocks, disclaimer = _take_disclaimer(blocks, warnings)
    blocks, references = _take_references(blocks, warnings)
    body_lines = _body_lines(blocks)
    body_markdown = _markdown(body_lines)
    if not body_markdown:
        warnings.append("The text has no body after the title.")
    return ParsedDraft(
        title=title,
        meta_description=meta_description,
        body_markdown=body_markdown,
        disclaimer=disclaimer,
        references=references,
        summary=summary,
        dropped=dropped,
        warnings=warnings,
        title_shortened=title_shortened,
    )


def _next_filled(lines: list[str], start: int) -> int | None:
    return next((index for index in range(start, len(lines)) if lines[index].strip()), None)


def _collapse(text: str) -> str:
    """Strip the ends and make each run of spaces and tabs one space (other spaces stay)."""
    return re.sub(r"[ \t]+", " ", text).strip()


def _title_text(line: str) -> str:
    text = line.strip()
    if label := TITLE_LABEL.match(text):
        text = text[label.end() :]
    text = MARKDOWN_HEADING.sub("", text)
    return _collapse(_unwrap_strong(text))


def _unwrap_strong(text: str) -> str:
    """Take away bold markup around a whole line: **Introduction** is a heading."""
    match = re.fullmatch(r"(\*\*|__)(.+?)\1", text.strip())
    return match.group(2) if match else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def _drop_residue(lines: list[str]) -> list[str]:
    """Blank out web-page residue in place and return it: captions "… from somesite.com"."""
    dropped = []
    for index, line in enumerate(lines):
        text = _collapse(line)
        if not text or len(text) > RESIDUE_MAX_CHARACTERS:
            continue
        following = _collapse(lines[index + 1]) if index + 1 < len(lines) else ""
        match = CAPTION_FROM_SITE.match(following) if following else None
        if match and _collapse(match.group("caption")) == text:
            # The caption, then the same caption "from somesite.com": both are residue.
            dropped += [text, following]
            lines[index] = lines[index + 1] = ""
        elif _stands_alone(lines, index) and (_is_site_caption(text) or IMAGE_CREDIT.match(text)):
            dropped.append(text)
            lines[index] = ""
    return dropped


def _stands_alone(lines: list[str], index: int) -> bool:
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return not before and not after


def _is_site_caption(text: str) -> bool:
    match = CAPTION_FROM_SITE.match(text)
    if match is None:
        return False
    caption = match.group("caption")
    # "… from nhs.uk" ending a real sentence or holding several sentences is text, not a caption.
    return not _SENTENCE_INSIDE.search(caption) and not caption.rstrip().endswith(".")


def _blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blocks separated by blank lines; a label line starts a block of its own."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
            continue
        if current and (DISCLAIMER_LABEL.match(line) or REFERENCES_HEADING.match(line)):
            blocks.append(current)
            current = []
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _take_disclaimer(blocks: list[list[str]], warnings: list[str]) -> tuple[list[list[str]], str]:
    kept: list[list[str]] = []
    disclaimers: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        label = DISCLAIMER_LABEL.match(block[0])
        if label is None:
            kept.append(block)
            index += 1
            continue
        first = block[0][label.end() :].rstrip("*_ ")
        content = ([first] if first.strip() else []) + block[1:]
        index += 1
        if not content and index < len(blocks) and not DISCLAIMER_LABEL.match(blocks[index][0]):
            # "Disclaimer" as a heading: the paragraph after it is the disclaimer.
            content = blocks[index]
            index += 1
        if content:
            disclaimers.append("\n".join(line.text for line in _logical_lines(content)))
    if len(disclaimers) > 1:
        warnings.append("The text has several disclaimers: they were put together.")
    return kept, "\n\n".join(disclaimers)


def _take_references(
    blocks: list[list[str]], warnings: list[str]
) -> tuple[list[list[str]], list[ParsedReference]]:
    heading = next(
        (
            index
            for index in range(len(blocks) - 1, -1, -1)
            if REFERENCES_HEADING.match(blocks[index][0])
        ),
        None,
    )
    if heading is not None:
        lines = blocks[heading][1:] + [line for block in blocks[heading + 1 :] for line in block]
        groups = _citation_groups([(heading, line) for line in lines])
        kept = blocks[:heading]
    else:
        numbered = [(index, line) for index, block in enumerate(blocks) for line in block]
        groups = _citation_groups(numbered)
        start = len(groups)
        while start > 0 and _looks_like_citation(" ".join(groups[start - 1])):
            start -= 1
        taken = sum(len(group) for group in groups[start:])
        groups = groups[start:]
        kept = _remove_last_lines(blocks, taken)
    references = []
    for number, group in enumerate(groups, start=1):
        reference, notes = _parse_citation(" ".join(line.strip() for line in group))
        references.append(reference)
        warnings.extend(f"Reference {number}: {note}" for note in notes)
        if (
            heading is not None
            and not reference.has_link
            and not _looks_like_citation(reference.citation)
        ):
            warnings.append(
                f"Reference {number} (“{_shorten(reference.citation, 60)}”) does not look like "
                "a citation: check that it belongs in the references."
            )
    return kept, references


def _citation_groups(lines: Sequence[tuple[int, str]]) -> list[list[str]]:
    """One group of lines per citation: a link alone or a lower-case start continues one."""
    groups: list[list[str]] = []
    previous_block = None
    for block, line in lines:
        text = line.strip()
        if groups and (_is_link_only(text) or (block == previous_block and _starts_lower(text))):
            groups[-1].append(line)
        else:
            groups.append([line])
        previous_block = block
    return groups


def _remove_last_lines(blocks: list[list[str]], count: int) -> list[list[str]]:
    kept = [list(block) for block in blocks]
    while count and kept:
        take = min(count, len(kept[-1]))
        del kept[-1][len(kept[-1]) - take :]
        count -= take
        if not kept[-1]:
            kept.pop()
    return kept


def _is_link_only(text: str) -> bool:
    remaining, links = extract_links(text)
    return bool(links) and not re.search(r"\w", remaining)


def _looks_like_citation(text: str) -> bool:
    """Does a line read like "Surname A, Surname B. (2021). Title. Journal." or carry a DOI?"""
    text = CITATION_MARKER.sub("", text.strip())
    plain, links = extract_links(text)
    plain = plain.strip()
    if len(_words(plain)) < 3 or plain.endswith(("?", "!")):
        return False
    if any(link.startswith(("doi:", "pmid:")) for link in links):
        return True
    for pattern in (_APA_YEAR, _HARVARD_YEAR):
        if (match := pattern.match(plain)) and _is_author_list(match.group("authors")):
            return True
    # Vancouver: "Vickers AJ, Vertosick EA, et al. Title. Journal. 2018;19(5):455-474."
    authors, _, rest = plain.partition(". ")
    return (
        _is_author_list(authors, needs_initials=True)
        and rest.count(". ") + rest.endswith(".") >= 1
        and (bool(_ANY_YEAR.search(rest)) or bool(links))
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’.\-]*", text)


def _is_author_list(text: str, *, needs_initials: bool = False) -> bool:
    words = _words(text)
    if not words or len(words) > 40 or len(text) > 250:
        return False
    names = [word for word in words if not word[0].islower()]
    particles = [word for word in words if word.strip(".").casefold() in NAME_PARTICLES]
    if len(names) + len(particles) < 0.8 * len(words) or not names:
        return False
    if not needs_initials:
        return True
    return "," in text or any(_INITIALS.match(word) for word in text.replace(",", " ").split())


def _parse_citation(text: str) -> tuple[ParsedReference, list[str]]:
    notes: list[str] = []
    text = _collapse(CITATION_MARKER.sub("", BULLET.sub("", text)))
    doi = pmid = url = ""
    kept: list[str] = []
    position = 0
    for link in _find_links(text):
        if link.kind == "doi" and not doi and len(link.value) <= DOI_MAX_CHARACTERS:
            doi = normalise_doi(link.value)
        elif link.kind == "pmid" and not pmid:
            pmid = normalise_pmid(link.value)
        elif link.kind == "url" and not url and len(link.value) <= URL_MAX_CHARACTERS:
            url = link.value
        else:
            notes.append(
                f"“{_shorten(link.value, 80)}” stays in the citation text: a reference holds "
                "one URL, one DOI and one PMID."
            )
            continue
        kept.append(text[position : link.start])
        position = link.end
    kept.append(text[position:])
    return ParsedReference(_tidy_citation(_GAP.join(kept)), url=url, doi=doi, pmid=pmid), notes


@dataclass(frozen=True)
class _Link:
    kind: str  # "doi", "pmid" or "url"
    value: str
    start: int  # Where its label ("doi:", "Available at:") starts.
    end: int


def _find_links(text: str, *, labels: bool = True) -> list[_Link]:
    """The links in `text`, in text order: DOIs win over the addresses that contain them."""
    links: list[_Link] = []
    patterns = (("doi", DOI_LINK), ("pmid", PMID_LINK), ("url", URL_LINK))
    for kind, pattern in patterns if labels else _UNLABELLED_LINKS:
        for match in pattern.finditer(text):
            value = _trim_link(match.group(kind))
            end = match.start(kind) + len(value)
            if kind == "url" and text[match.start(kind) - 1 : match.start(kind)] == "<":
                end += text[end : end + 1] == ">"
            if not value or any(
                match.start() < other.end and other.start < end for other in links
            ):
                continue
            links.append(_Link(kind, value, match.start(), end))
    return sorted(links, key=lambda link: link.start)


def _trim_link(value: str) -> str:
    """A link without the full stop or bracket of the sentence around it."""
    while value:
        if value[-1] in ".,;:'\"”’>!?":
            value = value[:-1]
        elif value[-1] == ")" and value.count(")") > value.count("("):
            value = value[:-1]
        elif value[-1] == "]" and value.count("]") > value.count("["):
            value = value[:-1]
        else:
            break
    return value


def extract_links(text: str, *, labels: bool = True) -> tuple[str, list[str]]:
    """Remove DOIs, PMIDs and web addresses (with their labels) from text: (rest, links).

    Links come back normalised ("doi:10.…", "pmid:123", "https://…"), so the same source
    written as "https://doi.org/10.…" or "doi: 10.…" gives the same link.
    """
    pieces, links = _split_at_links(text, labels=labels)
    return " ".join(pieces), links


def _split_at_links(text: str, *, labels: bool) -> tuple[list[str], list[str]]:
    """The text between the links, and the links (normalised)."""
    links = []
    pieces = []
    position = 0
    for link in _find_links(text, labels=labels):
        if link.kind == "doi":
            links.append(f"doi:{normalise_doi(link.value)}")
        elif link.kind == "pmid":
            links.append(f"pmid:{normalise_pmid(link.value)}")
        else:
            links.append(link.value)
        pieces.append(text[position : link.start])
        position = link.end
    pieces.append(text[position:])
    return pieces, links


_GAP = "\x00"  # Where a link was taken out of a citation (no text file holds NUL).
_SEPARATORS = r"[\s,;:|–—-]*"


def _tidy_citation(text: str) -> str:
    """Close the gaps the links left: no empty brackets, doubled or dangling punctuation."""
    text = re.sub(rf"[(\[<]\s*{_GAP}\s*[)\]>]", _GAP, text)
    text = re.sub(rf"([.,;:])\s*{_GAP}\s*[.,;:]", rf"\1{_GAP}", text)
    text = re.sub(rf"(?:{_SEPARATORS}{_GAP})+{_SEPARATORS}$", "", text)
    text = re.sub(rf"^[\s.,;:|–—-]*(?:{_GAP}[\s.,;:|–—-]*)+", "", text)
    return _collapse(re.sub(rf"\s*{_GAP}\s*", " ", text))


def _logical_lines(block: list[str]) -> list[_Line]:
    """A block's lines as list items, headings and paragraphs, wrapped lines joined again."""
    result: list[_Line] = []
    for raw in block:
        text = _collapse(raw)
        indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
        if DIVIDER.match(text):
            result.append(_Line("divider", ""))
        elif marker := BULLET.match(raw):
            result.append(_Line("bullet", _collapse(raw[marker.end() :]), indent))
        elif marker := NUMBERED.match(raw):
            number = int(marker.group(1))
            result.append(_Line("number", _collapse(raw[marker.end() :]), indent, number))
        elif MARKDOWN_HEADING.match(text):
            result.append(_Line("heading", _collapse(MARKDOWN_HEADING.sub("", text))))
        elif result and _continues(result[-1], text, indent):
            result[-1].text = _join(result[-1].text, text)
        else:
            result.append(_Line("text", text, indent))
    return result


def _continues(previous: _Line, text: str, indent: int) -> bool:
    """Does this line go on with the previous one (a line wrapped inside a paragraph)?"""
    if previous.kind in {"heading", "divider"}:
        return False
    if _starts_lower(text):
        return True
    if previous.kind in {"bullet", "number"}:
        return indent > previous.indent
    return not _ends_sentence(previous.text) and not _is_heading_like(previous.text)


def _joins(previous: _Line, following: _Line) -> bool:
    """Was a paragraph broken by a stray blank line, so these two parts are one?"""
    if following.kind != "text" or previous.kind not in {"text", "bullet", "number"}:
        return False
    if _ends_sentence(previous.text):
        return False
    if _starts_lower(following.text):
        return True
    last_word = previous.text.split()[-1].casefold()
    return previous.text.endswith((",", "-", "–")) or last_word in FUNCTION_WORDS


def _join(first: str, second: str) -> str:
    if _UNSPACED_SCRIPT.match(first[-1:]) and _UNSPACED_SCRIPT.match(second[:1]):
        return first + second
    return f"{first} {second}"


def _starts_lower(text: str) -> bool:
    first = next((char for char in text if char.isalnum()), "")
    return first.islower()


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _is_heading_like(text: str) -> bool:
    core = _unwrap_strong(text).rstrip(":： ")
    words = core.split()
    if not words or len(words) > HEADING_MAX_WORDS or len(core) > HEADING_MAX_CHARACTERS:
        return False
    if core[-1] in ".,;!…。，；！、" or _SENTENCE_INSIDE.search(core):
        return False
    if _starts_lower(core) or not any(char.isalpha() for char in core):
        return False
    return words[-1].casefold().strip("\"'”’)") not in FUNCTION_WORDS


def _is_title_case(text: str) -> bool:
    words = [word for word in _words(text) if word.casefold() not in FUNCTION_WORDS]
    return bool(words) and sum(not word[0].islower() for word in words) >= 0.6 * len(words)


def _body_lines(blocks: list[list[str]]) -> list[_Line]:
    lines: list[_Line] = []
    for block in blocks:
        block_lines = _logical_lines(block)
        if lines and block_lines and _joins(lines[-1], block_lines[0]):
            lines[-1].text = _join(lines[-1].text, block_lines.pop(0).text)
        lines.extend(block_lines)
    # Headings: short lines without a closing full stop, with something after them.
    for index, line in enumerate(lines):
        if line.kind != "text" or not _is_heading_like(line.text):
            continue
        following = next((other for other in lines[index + 1 :] if other.kind != "divider"), None)
        if following is None:
            continue
        if (
            line.text.endswith((":", "："))
            and following.kind in {"bullet", "number"}
            and not _is_title_case(line.text)
        ):
            continue  # "Common symptoms include:" introduces the list.
        line.kind = "heading"
        line.text = _unwrap_strong(line.text).rstrip(":： ")
    return lines


def _markdown(lines: list[_Line]) -> str:
    parts: list[str] = []
    previous_kind = None
    for line in lines:
        if line.kind == "heading":
            parts.append("## " + _escape_heading(line.text))
        elif line.kind == "divider":
            parts.append("---")
        elif line.kind == "text":
            parts.append(escape_markdown(line.text))
        else:
            marker = "-" if line.kind == "bullet" else f"{line.number}."
            item = f"{marker} {_list_item(line.text)}"
            if previous_kind == line.kind:
                parts[-1] += "\n" + item
            else:
                parts.append(item)
        previous_kind = line.kind
    return "\n\n".join(parts)


def _list_item(text: str) -> str:
    """A list item's Markdown, with a "Pain Relief: …" lead-in in bold."""
    match = _LEAD_IN.match(text)
    if match:
        lead = match.group("lead")
        if (
            len(lead.split()) <= LEAD_IN_MAX_WORDS
            and not _starts_lower(lead)
            and not re.search(r"[.!?。！？]|//", lead)
        ):
            return f"**{escape_markdown(lead, line_start=False)}:** " + escape_markdown(
                match.group("rest"), line_start=False
            )
    return escape_markdown(text)


# --- Markdown escaping ----------------------------------------------------------------------


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """Escape plain text so Markdown shows every character as written, and nothing more."""
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1 : index + 2]
        if char in "\\`*[{":
            out.append("\\" + char)
        elif char == "_" and not (before.isalnum() and after.isalnum()):
            out.append("\\_")
        elif char == "<" and (after.isalpha() or after in "/!?"):
            out.append("&lt;")
        elif char == "&" and _is_entity(text, index):
            out.append("&amp;")
        else:
            out.append(char)
    escaped = "".join(out)
    if not line_start:
        return escaped
    # What starts a block: a heading, a quote, a list, a definition, a fenced code block.
    if re.match(r"[#>]|[+-](?:\s|$)|-{2,}", escaped):
        return "\\" + escaped
    if match := re.match(r"\d+(?=[.)](?:\s|$))", escaped):
        return f"{match.group()}\\{escaped[match.end() :]}"
    if re.match(r":\s", escaped):
        return "&#58;" + escaped[1:]
    if escaped.startswith("~~~"):
        return "&#126;" + escaped[1:]
    return escaped


def _is_entity(text: str, index: int) -> bool:
    """Would HTML read the "&" at `index` as the start of a character ("&amp;", "&copy")?"""
    match = _ENTITY.match(text, index)
    return bool(match) and html.unescape(match.group()) != match.group()


def _escape_heading(text: str) -> str:
    escaped = escape_markdown(text, line_start=False)
    # Closing hashes ("## C#") would be read as markup.
    return re.sub(r"#+$", lambda match: "\\#" * len(match.group()), escaped)


# --- Nothing lost ---------------------------------------------------------------------------


def lost_sentences(text: str, draft: ParsedDraft) -> list[str]:
    """Sentences of `text` that are not in exactly one part of the draft; [] when none is lost.

    Compares sentences with whitespace collapsed and Markdown markup removed; links are
    compared separately (a citation's DOI moves to its own field). The lines the importer
    reported as dropped, and the labels it reads ("Meta-description:", "Disclaimer:",
    "References"), are not content.
    """
    text = text.removeprefix("\ufeff")
    source, source_links = _source_content(text, draft)
    # List and citation markers ("1.", "[1]") are markup in lists and references only, so a
    # sentence may rightly be found with or without them.
    as_written, _ = _source_content(text, draft, strip_markers=False)
    parts, draft_links = _draft_content(draft)
    findings = []
    # Missing: found fewer times inside the draft's sentences than in the text's. A sentence
    # broken by a stray blank line is two pieces of text and one sentence of the draft.
    source_text, written_text = "\n".join(source), "\n".join(as_written)
    # Each part's sentences joined again, so where a sentence ends cannot hide a piece.
    draft_text = "\n".join(" ".join(part) for part in parts)
    source_whole = Counter(source)
    draft_whole = Counter(sentence for part in parts for sentence in part)
    for sentence in dict.fromkeys(source):
        if draft_whole[sentence] >= source_whole[sentence]:
            continue  # All there as whole sentences: no need to search inside others.
        expected = min(_count(source_text, sentence), _count(written_text, sentence))
        if _count(draft_text, sentence) < expected:
            findings.append(f"Missing from the draft: “{sentence}”")
    # Repeated: the same sentence in more parts of the draft (title, body, disclaimer, …)
    # than the text has it. Only real sentences: a one-word heading may match by chance.
    source_counts, written_counts = Counter(source), Counter(as_written)
    in_parts = Counter(sentence for part in parts for sentence in dict.fromkeys(part))
    for sentence, found in in_parts.items():
        if len(sentence.split()) < REPEATED_SENTENCE_MIN_WORDS:
            continue
        expected = max(source_counts[sentence], written_counts[sentence])
        if found > max(expected, 1):
            findings.append(f"In {found} parts of the draft instead of {expected}: “{sentence}”")
    for link, expected in Counter(source_links).items():
        if (found := Counter(draft_links)[link]) != expected:
            findings.append(f"The link {link} is in the draft {found} times instead of {expected}")
    return findings


def _count(corpus: str, sentence: str) -> int:
    # A plain count: both sides are counted alike, and joins in the draft only add to it.
    return corpus.count(sentence)


def _source_content(
    text: str, draft: ParsedDraft, *, strip_markers: bool = True
) -> tuple[list[str], list[str]]:
    raw_lines = [line.rstrip() for line in re.split(r"\r\n|\r|\n", text)]
    lines = [_collapse(line) for line in raw_lines]
    # Residue is found where the importer finds it; only the lines the draft reports as
    # dropped are excused.
    excused = Counter(draft.dropped)
    residue_lines = list(raw_lines)
    _drop_residue(residue_lines)
    for index, (before, after) in enumerate(zip(raw_lines, residue_lines, strict=True)):
        if before.strip() and not after and excused[lines[index]] > 0:
            excused[lines[index]] -= 1
            lines[index] = ""
    sentences: list[str] = []
    links: list[str] = []
    filled = [index for index, line in enumerate(lines) if line]
    # The meta description and title lines lose only their own labels, as in parse_draft().
    head: dict[int, str] = {}
    if filled and META_LABEL.match(lines[filled[0]]):
        head[filled[0]] = META_LABEL.sub("", lines[filled[0]], count=1)
        filled = filled[1:]
    for index in filled:
        head[index] = MARKDOWN_HEADING.sub("", TITLE_LABEL.sub("", lines[index], count=1))
        if _title_text(lines[index]):
            break
    for index, line in enumerate(lines):
        if index in head:
            line = head[index]
        elif not line or REFERENCES_HEADING.match(line):
            continue
        else:
            line = DISCLAIMER_LABEL.sub("", line, count=1)
            line = MARKDOWN_HEADING.sub("", line, count=1)
            if strip_markers:
                line = BULLET.sub("", line, count=1)
                line = NUMBERED.sub("", line, count=1)
                line = CITATION_MARKER.sub("", line, count=1)
        _add_text(line, sentences, links)
    return sentences, links


def _draft_content(draft: ParsedDraft) -> tuple[list[list[str]], list[str]]:
    """The draft's sentences, one list per part (title, meta description, …), and its links."""
    parts: list[list[str]] = []
    links: list[str] = []
    plain_fields = [draft.meta_description, draft.summary, draft.disclaimer]
    if not draft.title_shortened:
        plain_fields.append(draft.title)
    for value in plain_fields:
        parts.append([])
        for line in value.split("\n"):
            _add_text(line, parts[-1], links)
    parts.append([])
    for block in _visible_blocks(render_markdown(draft.body_markdown)):
        _add_text(block, parts[-1], links, labels=False)
    parts.append([])
    for reference in draft.references:
        _add_text(reference.citation, parts[-1], links)
        links += [reference.url] if reference.url else []
        links += [f"doi:{reference.doi}"] if reference.doi else []
        links += [f"pmid:{reference.pmid}"] if reference.pmid else []
    return parts, links


def _add_text(text: str, sentences: list[str], links: list[str], *, labels: bool = True) -> None:
    """Plain text: links out first (as the importer takes them out of citations), sentences."""
    # The text on each side of a link is read apart: taking the link out must not join them.
    pieces, text_links = _split_at_links(text, labels=labels)
    links += text_links
    for piece in pieces:
        for sentence in split_sentences(escape_markdown(_collapse(piece))):
            comparable = _comparable(sentence)
            if re.search(r"\w", comparable):
                sentences.append(comparable)


class _BlockText(HTMLParser):
    """The text a reader sees, one string per paragraph, heading or list item."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr", "br"})

    def __init__(self):
        super().__init__()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.text.append("\n")

    def handle_endtag(self, tag):
        self.handle_starttag(tag, [])

    def handle_data(self, data):
        self.text.append(data)


def _visible_blocks(html_text: str) -> list[str]:
    parser = _BlockText()
    parser.feed(html_text)
    parser.close()
    return [block.strip() for block in "".join(parser.text).split("\n") if block.strip()]


def _comparable(sentence: str) -> str:
    """A sentence as compared: markup characters, empty brackets and edge punctuation gone."""
    text = re.sub(r"[*_#`\\]", "", sentence)
    text = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", "", text)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    text = re.sub(r"([.,;:])(?:\s*[.,;:])+", r"\1", text)
    text = " ".join(text.split())
    # Brackets left open at the edge held a link: "(PMID: 1)" leaves "(" and ")".
    while (stripped := text.strip(" ,;:：|-–—").rstrip(" ([<").lstrip(" )]>")) != text:
        text = stripped
    return text


# --- Importing ------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    SKIPPED = "skipped", "Not imported"  # Published or in review, and no force.
    ERROR = "error", "Error"


@dataclass(frozen=True)
class ImportSource:
    """One text to import: a file's name (how it is recognised next time) and its bytes."""

    name: str
    data: bytes


@dataclass
class ImportReport:
    file: str
    status: ImportStatus
    slug: str = ""
    title: str = ""
    conditions: list[str] = field(default_factory=list)
    references: list[ParsedReference] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Why the file was not imported (errors and skipped files).
    message: str = ""
    article_id: int | None = None
    dry_run: bool = False

    @property
    def imported(self) -> bool:
        """Whether the file is (or, in a dry run, would be) in the CMS as a draft."""
        return self.status in {ImportStatus.CREATED, ImportStatus.UPDATED, ImportStatus.UNCHANGED}

    @property
    def linked_references(self) -> int:
        return sum(reference.has_link for reference in self.references)

    @property
    def outcome(self) -> str:
        """What happened to the file, in words: "created", or "would be created" in a dry run."""
        if not self.dry_run or self.status in {ImportStatus.UNCHANGED, ImportStatus.ERROR}:
            return str(self.status.label).lower()
        return {
            ImportStatus.CREATED: "would be created",
            ImportStatus.UPDATED: "would be updated",
            ImportStatus.SKIPPED: "would not be imported",
        }[self.status]

    @property
    def admin_url(self) -> str:
        if self.article_id is None:
            return ""
        return reverse("admin:articles_article_change", args=[self.article_id])

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "status": str(self.status),
            "slug": self.slug,
            "title": self.title,
            "conditions": self.conditions,
            "references": [asdict(reference) for reference in self.references],
            "dropped": self.dropped,
            "problems": [problem.as_dict() for problem in self.problems],
            "warnings": self.warnings,
            "message": self.message,
            "article_id": self.article_id,
            "admin_url": self.admin_url,
            "dry_run": self.dry_run,
        }


def import_sources(
    sources: Iterable[ImportSource],
    *,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> list[ImportReport]:
    """Import each text as a draft article; one file's failure does not stop the others."""
    reserved_slugs: set[str] = set()
    return [
        import_draft(
            name=source.name,
            data=source.data,
            user=user,
            dry_run=dry_run,
            force=force,
            reserved_slugs=reserved_slugs,
        )
        for source in sources
    ]


def import_draft(
    *,
    name: str,
    data: bytes,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    force: bool = False,
    reserved_slugs: set[str] | None = None,
) -> ImportReport:
    """Create or update the draft article for one text; `name` empty: named after the title."""
    report = ImportReport(file=name, status=ImportStatus.ERROR, dry_run=dry_run)
    if len(data) > MAX_FILE_BYTES:
        report.message = (
            f"The file is {len(data) / 1024 / 1024:.1f} MB; an article draft is at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB."
        )
        return report
    try:
        text, report.warnings = decode_text(data)
        draft = parse_draft(text)
    except ImportFailed as failure:
        report.message = str(failure)
        return report
    checksum = text_checksum(text)
    base_slug = _base_slug(draft.title, name)
    if not name:
        name = report.file = f"{base_slug}.txt" if base_slug else f"pasted-{checksum[:12]}.txt"
    name = name[-SOURCE_FILENAME_MAX_CHARACTERS:]
    report.title = draft.title
    report.references = draft.references
    report.dropped = draft.dropped
    report.warnings += draft.warnings
    if len(text) > SELF_CHECK_MAX_CHARACTERS:
        report.warnings.append("The text is too long for the self-check that nothing was lost.")
    elif lost := lost_sentences(text, draft):
        report.warnings.append(
            "Self-check: the draft may not hold all of the file's text. " + " ".join(lost[:5])
        )

    existing = _existing_article(name=name, checksum=checksum, slug=base_slug or "")
    if existing is not None:
        report.article_id = existing.pk
        report.slug = existing.slug
        if existing.source_checksum == checksum:
            report.status = ImportStatus.UNCHANGED
            report.conditions = [condition.name for condition in existing.conditions.all()]
            report.problems = publish_problems(existing, existing.references.all())
            return report
        if existing.status != Article.Status.DRAFT and not force:
            report.status = ImportStatus.SKIPPED
            report.message = (
                f"“{existing.title}” is {existing.get_status_display().lower()}: it is only "
                "replaced when importing with force (it then goes back to draft)."
            )
            return report

    conditions = matching_conditions(draft)
    report.conditions = [condition.name for condition in conditions]
    report.status = ImportStatus.UPDATED if existing else ImportStatus.CREATED
    if existing is not None and existing.status != Article.Status.DRAFT:
        report.warnings.append(
            f"It is {existing.get_status_display().lower()}: "
            + ("it would go" if dry_run else "it goes")
            + " back to draft and must pass the publish checks again."
        )
    if dry_run:
        article = existing or Article()
        references = _apply(article, draft, name=name, checksum=checksum)
        if existing is None:
            article.slug = _unique_slug(base_slug or "imported-article", None, reserved_slugs)
        report.slug = article.slug
        report.problems = publish_problems(article, references)
        return report
    try:
        with transaction.atomic():
            article = _save_draft(
                existing,
                draft,
                name=name,
                checksum=checksum,
                base_slug=base_slug or "imported-article",
                conditions=conditions,
                user=user,
                reserved_slugs=reserved_slugs,
                report=report,
            )
    except DatabaseError as failure:
        report.status = ImportStatus.ERROR
        report.message = f"The database refused the draft: {failure}"
        return report
    report.article_id = article.pk
    report.slug = article.slug
    report.problems = publish_problems(article, article.references.all())
    return report


def _existing_article(*, name: str, checksum: str, slug: str) -> Article | None:
    """The article this text was imported into before: same text, same file name, or same slug."""
    articles = Article.objects.order_by("-updated_at")
    return (
        articles.filter(source_checksum=checksum).first()
        or articles.filter(source_filename=name).first()
        # Only an imported article is matched by slug: one written in the admin is never
        # replaced by a file that happens to share its title.
        or (articles.filter(slug=slug).exclude(source_filename="").first() if slug else None)
    )


def _save_draft(
    existing: Article | None,
    draft: ParsedDraft,
    *,
    name: str,
    checksum: str,
    base_slug: str,
    conditions: list[Condition],
    user: AbstractBaseUser | None,
    reserved_slugs: set[str] | None,
    report: ImportReport,
) -> Article:
    comment = f"Imported from {name}"
    if existing is not None:
        existing = Article.objects.select_for_update().get(pk=existing.pk)
        if existing.status == Article.Status.PUBLISHED:
            # Through the service, so the audit trail records who took it off the site.
            article_unpublish(article=existing, user=user)
        elif existing.status == Article.Status.IN_REVIEW:
            comment += " (it was in review; back to draft)"
    article = existing or Article()
    references = _apply(article, draft, name=name, checksum=checksum)
    if existing is None:
        article.slug = _unique_slug(base_slug, None, reserved_slugs)
        if article.slug != base_slug:
            report.warnings.append(
                f"Another article already has the address “{base_slug}”: this draft is "
                f"“{article.slug}”."
            )
    with reversion.create_revision():
        if existing is not None and draft.references:
            # Before the article is saved, so its revision holds only the new references.
            existing.references.all().delete()
        article.save()
        if existing is None or draft.references:
            Reference.objects.bulk_create(references)
            for reference in references:
                reversion.add_to_revision(reference)
        article.conditions.add(*conditions)
        reversion.add_to_revision(article)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    return article


def _apply(article: Article, draft: ParsedDraft, *, name: str, checksum: str) -> list[Reference]:
    """Put the draft's text in the article (unsaved) and return its references (unsaved).

    What the file does not give (a disclaimer, a meta description, references) keeps what
    staff may have added in the admin since the last import.
    """
    previous = list(article.references.all()) if article.pk else []
    article.status = Article.Status.DRAFT
    article.title = draft.title
    article.body = draft.body_markdown
    article.meta_description = draft.meta_description or article.meta_description
    article.disclaimer = draft.disclaimer or article.disclaimer
    article.summary = draft.summary or article.summary
    article.source_filename = name
    article.source_checksum = checksum
    if not draft.references:
        return previous
    links_by_citation = {
        _citation_key(reference.citation): reference
        for reference in previous
        if reference.has_link
    }
    references = []
    for position, parsed in enumerate(draft.references, start=1):
        reference = Reference(
            article=article,
            position=position,
            citation=parsed.citation,
            url=parsed.url,
            doi=parsed.doi,
            pmid=parsed.pmid,
        )
        # Links staff added in the admin to a citation the file still gives without one.
        if not parsed.has_link and (
            earlier := links_by_citation.get(_citation_key(parsed.citation))
        ):
            reference.url, reference.doi, reference.pmid = earlier.url, earlier.doi, earlier.pmid
        references.append(reference)
    return references


def _citation_key(citation: str) -> str:
    return " ".join(re.findall(r"\w+", citation.casefold()))


def _base_slug(title: str, name: str) -> str:
    """A slug from the title; from the file name when the title has no Latin letters."""
    for text in (title, Path(name).stem):
        slug = slugify(text)[:SLUG_MAX_CHARACTERS]
        if len(slugify(text)) > SLUG_MAX_CHARACTERS and "-" in slug:
            slug = slug.rsplit("-", 1)[0]
        slug = slug.strip("-_")
        if slug:
            return slug
    return ""


def _unique_slug(base: str, exclude_pk: int | None, reserved: set[str] | None) -> str:
    reserved = reserved if reserved is not None else set()
    candidate, number = base, 2
    while (
        candidate in reserved
        or Article.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists()
    ):
        candidate, number = f"{base}-{number}", number + 1
    reserved.add(candidate)
    return candidate


def matching_conditions(draft: ParsedDraft) -> list[Condition]:
    """Conditions whose name or a synonym appears as whole words in the title or the text."""
    text = "\n".join([draft.title, draft.meta_description, *split_sentences(draft.body_markdown)])
    found = []
    for condition in Condition.objects.order_by("name"):
        for name in condition.all_names:
            words = [re.escape(word) for word in re.split(r"[\s\-‐‑–]+", name) if word]
            if words and re.search(
                r"(?<!\w)" + r"[\s\-‐‑–]+".join(words) + r"(?!\w)", text, re.IGNORECASE
            ):
                found.append(condition)
                break
    return found


def import_paths(
    paths: Iterable[str | Path],
    *,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> list[ImportReport]:
    """Import the files named, and the .txt files directly inside the folders named (sorted).

    Subfolders are not searched. A file that cannot be read is an error for that file only.
    """
    reports = []
    reserved_slugs: set[str] = set()
    seen_names: set[str] = set()
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() == ".txt"
            )
            if not files:
                reports.append(_unreadable(path, "The folder has no .txt files."))
        else:
            files = [path]
        for file in files:
            source = _read(file)
            if isinstance(source, ImportReport):
                reports.append(source)
                continue
            report = import_draft(
                name=source.name,
                data=source.data,
                user=user,
                dry_run=dry_run,
                force=force,
                reserved_slugs=reserved_slugs,
            )
            if source.name in seen_names:
                report.warnings.append(
                    f"Another file in this import is also named {source.name}: a file is "
                    "recognised by its name, so both went to the same draft."
                )
            seen_names.add(source.name)
            reports.append(report)
    return reports


def _read(path: Path) -> ImportSource | ImportReport:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return _unreadable(
                path,
                f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: not an article.",
            )
        return ImportSource(name=path.name, data=path.read_bytes())
    except OSError as error:
        return _unreadable(path, f"The file cannot be read: {error.strerror or error}.")


def _unreadable(path: Path, message: str) -> ImportReport:
    return ImportReport(file=str(path), status=ImportStatus.ERROR, message=message)
