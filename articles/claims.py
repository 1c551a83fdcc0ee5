"""
Absolute or curative claim language in an article's body.

`claim_sentences()` lists the sentences a publisher must look at before an article goes
public, each with the phrase that caught it. The phrases come from the caller (staff keep them
in an admin-managed list); `DEFAULT_CLAIM_PHRASES` is the list that starts it off.

Sentences are split from the Markdown staff write, with the markup removed, so each sentence
reads as a visitor sees it. The splitting is a careful heuristic, not a grammar: it errs towards
keeping text together (after "Dr.", "e.g.", "et al.", initials) rather than cutting a claim in
half. Every regular expression here runs in linear time on long or hostile text.
"""

import functools
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Advertising regulators (the UK's ASA/CAP among them) treat these as efficacy or safety
# claims that need strong evidence: even "we treat X" or "we offer acupuncture for X" claims
# that acupuncture works for X. Matching is case-insensitive on whole words; a space or hyphen
# in a phrase matches either, "100%" matches "100 %", and ' matches ’.
DEFAULT_CLAIM_PHRASES: tuple[str, ...] = (
    # Cure
    "cure", "cures", "cured", "curing", "curative", "cure-all", "permanent cure",
    # Proof
    "proven", "clinically proven", "scientifically proven", "has proven effective",
    # Certainty
    "guaranteed", "guarantee", "guarantees", "100%", "100 percent", "100 per cent",
    "works for everyone", "works for all", "always works", "never fails",
    # Miracles
    "miracle", "miracles", "miraculous",
    # Safety
    "no side effects", "side-effect free", "without side effects", "free of side effects",
    "completely safe", "totally safe", "perfectly safe", "100% safe", "risk-free", "no risk",
    # Permanence and speed
    "permanent relief", "permanently", "instant relief", "immediate relief",
    # Elimination and reversal
    "eliminates", "eliminate", "eradicates", "eradicate", "heals", "reverses",
    # Treatment claims
    "we offer acupuncture for", "we treat", "treats", "effective treatment for",
)  # fmt: skip

# Abbreviations after which a full stop never ends a sentence ("Dr. Lee", "e.g. neck pain").
ABBREVIATIONS_NEVER_ENDING = frozenset(
    {
        "dr.", "mr.", "mrs.", "ms.", "mx.", "prof.", "st.", "mt.", "rev.", "hon.", "vs.", "v.",
        "cf.", "e.g.", "i.e.", "eg.", "ie.", "viz.", "approx.", "ca.", "c.", "incl.", "esp.",
        "resp.", "dept.", "univ.",
    }
)  # fmt: skip
# Abbreviations that stand before a number ("Fig. 2", "p. 455"); elsewhere they end a sentence.
ABBREVIATIONS_BEFORE_NUMBERS = frozenset(
    {"no.", "nos.", "fig.", "figs.", "p.", "pp.", "vol.", "vols.", "ch.", "sec.", "eq.",
     "ref.", "refs.", "tab.", "art."}
)  # fmt: skip
# Abbreviations that end a sentence only when a capital letter follows ("… etc. The next").
ABBREVIATIONS_MAYBE_ENDING = frozenset(
    {
        "etc.", "al.", "u.s.", "u.k.", "ph.d.", "m.d.", "inc.", "ltd.", "co.", "a.m.", "p.m.",
        "b.sc.", "m.sc.", "jr.", "sr.", "min.", "max.", "hr.", "hrs.",
    }
)  # fmt: skip

_BLOCK_HTML_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|table|thead|tbody|tr|td|th|section|article"
    r"|header|footer|aside|figure|figcaption|hr)\b[^<>]*>",
    re.IGNORECASE,
)
# A line of nothing but spaces: it ends any block (see _blocks).
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n")
_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")
_BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_RULE_OR_UNDERLINE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+\s*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\[\]]+\]:\s*\S")
# The line under a table's header: "---|:---:", with or without outer pipes.
_TABLE_SEPARATOR = re.compile(r"^\|?:?-+:?(?:\s*\|\s*:?-+:?)+\s*\|?$|^\|[\s|:-]*$")
_BULLET = re.compile(r"^\s*(?:[-*+]\s+|[•‣◦▪●]\s*)")
_NUMBERED = re.compile(r"^\s*[0-9]{1,9}[.)]\s+")

_ESCAPABLE = "\\`*_{}[]()#+-.!|~<>"
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_ESCAPE_BASE = 0xE000  # Private-use characters hold escaped markup while the rest is removed.
_ESCAPE_HELD = re.compile(f"[{chr(_ESCAPE_BASE)}-{chr(_ESCAPE_BASE + len(_ESCAPABLE) - 1)}]")
_PARENTHESISED = r"\([^()]*(?:\([^()]*\)[^()]*)*\)"  # (url) with one level of (nested) parts
# An image with the space before it, so "the chart ![Chart](c.png)." reads "the chart."
_IMAGE = re.compile(rf"(?<!\s)\s*+!\[[^\[\]]*\](?:{_PARENTHESISED}|\[[^\[\]]*\])")
_LINK = re.compile(rf"\[([^\[\]]*)\](?:{_PARENTHESISED}|\[[^\[\]]*\])")
_FOOTNOTE = re.compile(r"\[\^[^\[\]\s]+\]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+|[^<>\s@]+@[^<>\s]+)>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRIKETHROUGH = re.compile(r"~~")
_BACKTICKS = re.compile(r"`+")
_ASTERISKS = re.compile(r"\*+")
_UNDERSCORES = re.compile(r"_+")

# A sentence ends at . ! ? or … (with closing quotes or brackets) before a space or the end,
# or at a CJK full stop, which needs no space.
# The lookbehinds make a run of marks ("?!", "...") one candidate, keeping the scan linear.
_TERMINATOR = re.compile(
    r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s|$)|(?<![。！？])[。！？]++[」』”’）]*+"
)
_NEXT_CHARACTER = re.compile(r"\s*(\S?)")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«([{"

# Spaces and hyphens between the words of a phrase: "side-effect free" = "side effect free".
_PHRASE_SEPARATOR = re.compile(r"[\s\-‐‑–]+")
# Thai, Lao, Myanmar, Khmer, kana and CJK ideographs: written without spaces between words.
_UNSPACED_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


def split_sentences(text: str, *, containing: re.Pattern[str] | None = None) -> list[str]:
    """Split Markdown into the sentences a reader sees: markup removed, whitespace collapsed.

    With `containing`, only from the blocks (paragraphs, headings, items) whose Markdown it
    matches: the site search's excerpts look for their words in a long text this way, without
    the cost of turning every paragraph into plain text.
    """
    return list(iter_sentences(text, containing=containing))


def iter_sentences(text: str, *, containing: re.Pattern[str] | None = None) -> Iterator[str]:
    """`split_sentences`, one sentence at a time: a reader that stops early (the search's
    excerpt, once it has a sentence with every searched word) leaves the rest unread."""
    if containing is None:
        blocks: Iterable[str] = _blocks(text)
    else:
        # A blank line ends every block (and a table), so the text's stretches between blank
        # lines are split alone, and only those where `containing` matches.
        blocks = (
            block
            for stretch in _BLANK_LINES.split(_normalise(text))
            if containing.search(stretch)
            for block in _blocks(stretch)
            if containing.search(block)
        )
    for block in blocks:
        yield from _split_block(_plain_text(block))


def claim_sentences(text: str, phrases: Iterable[str]) -> list[tuple[str, str]]:
    """List (sentence, phrase) once per sentence with a phrase, in order; earliest phrase wins."""
    # Where several phrases start at the same word the longest wins ("100% safe" over "100%");
    # the phrase is reported as spelled in `phrases`.
    matcher = _phrase_matcher(tuple(phrases))
    if matcher is None:
        return []
    found = []
    for sentence in split_sentences(text):
        if match := matcher.pattern.search(sentence):
            found.append((sentence, matcher.phrases[match.lastindex - 1]))
    return found


# --- Blocks -----------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Unix line ends, no HTML comments, block-level HTML tags as blank lines."""
    text = _remove_html_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BLOCK_HTML_TAG.sub("\n\n", text)


def _blocks(text: str) -> list[str]:
    """Split Markdown into paragraphs, headings, list items and table cells, markup kept."""
    text = _normalise(text)
    blocks: list[str] = []
    current: list[str] = []
    in_table = False

    def finish() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw_line in text.split("\n"):
        line = _BLOCKQUOTE.sub("", raw_line, count=1)
        if not line.strip() or _FENCE.match(line) or _RULE_OR_UNDERLINE.match(line):
            finish()
            in_table = False
        elif _REFERENCE_DEFINITION.match(line):
            continue
        elif _HEADING.match(line):
            finish()
            blocks.append(_heading_text(line))
            in_table = False
        elif _TABLE_SEPARATOR.match(line.strip()):
            # The line before was the table's header row: each cell is a block of its own.
            header = current.pop() if current else ""
            finish()
            blocks.extend(_table_cells(header))
            in_table = True
        elif in_table or line.lstrip().startswith("|"):
            finish()
            blocks.extend(_table_cells(line))
        elif marker := (_BULLET.match(line) or _NUMBERED.match(line)):
            finish()
            current.append(line[marker.end() :])
        else:
            current.append(line)
    finish()
    return blocks


def _table_cells(line: str) -> list[str]:
    return [cell for cell in line.strip().strip("|").split("|") if cell.strip()]


def _heading_text(line: str) -> str:
    content = line.lstrip().lstrip("#").strip()
    # "## Heading ##": the closing hashes are markup too.
    without_hashes = content.rstrip("#")
    if without_hashes != content and (not without_hashes or without_hashes[-1].isspace()):
        content = without_hashes.strip()
    return content


def _remove_html_comments(text: str) -> str:
    parts = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        if end == -1:
            position = len(text)
            break
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


# --- Inline markup ----------------------------------------------------------------------------


def _plain_text(markdown: str) -> str:
    """Remove inline Markdown and HTML from one block, leaving what the reader sees."""
    text = _ESCAPE.sub(lambda m: chr(_ESCAPE_BASE + _ESCAPABLE.index(m.group(1))), markdown)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _BACKTICKS.sub("", text)
    text = _STRIKETHROUGH.sub("", text)
    text = _ASTERISKS.sub(_emphasis_asterisks, text)
    text = _UNDERSCORES.sub(_emphasis_underscores, text)
    # One regular expression rather than a loop over every character: the site search reads
    # many paragraphs this way for its excerpts.
    text = _ESCAPE_HELD.sub(lambda m: _ESCAPABLE[ord(m.group()) - _ESCAPE_BASE], text)
    return " ".join(html.unescape(text).split())


def _emphasis_asterisks(match: re.Match[str]) -> str:
    """Drop * and ** around words; keep a lone * between spaces ("3 * 4")."""
    before, after = _neighbours(match)
    return match.group(0) if _is_space(before) and _is_space(after) else ""


def _emphasis_underscores(match: re.Match[str]) -> str:
    """Drop _ around words; keep it inside a word ("snake_case")."""
    before, after = _neighbours(match)
    return match.group(0) if before.isalnum() and after.isalnum() else ""


def _neighbours(match: re.Match[str]) -> tuple[str, str]:
    text = match.string
    return text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]


def _is_space(char: str) -> bool:
    return not char or char.isspace()


# --- Sentences --------------------------------------------------------------------------------


def _split_block(block: str) -> list[str]:
    sentences = []
    start = 0
    for match in _TERMINATOR.finditer(block):
        if _ends_sentence(block, match):
            sentences.append(block[start : match.end()])
            start = match.end()
    sentences.append(block[start:])
    # Keep only text a reader would call a sentence: something with a letter or digit in it.
    return [sentence.strip() for sentence in sentences if re.search(r"\w", sentence)]


def _ends_sentence(block: str, match: re.Match[str]) -> bool:
    mark = match.group(0).rstrip(_CLOSERS)
    if mark[0] in "。！？":
        return True
    following = _NEXT_CHARACTER.match(block, match.end()).group(1)
    if not following:
        return True
    if mark.startswith("…") or mark.startswith(".."):
        # An ellipsis ends a sentence only when a new one visibly starts.
        return following.isupper()
    if mark != ".":
        return True
    word_start = block.rfind(" ", 0, match.start()) + 1
    word = block[word_start : match.start()].lstrip(_OPENERS)
    abbreviation = word.casefold() + "."
    if abbreviation in ABBREVIATIONS_NEVER_ENDING:
        return False
    if abbreviation in ABBREVIATIONS_BEFORE_NUMBERS:
        return not following.isdigit()
    if abbreviation in ABBREVIATIONS_MAYBE_ENDING:
        return following.isupper()
    # An initial, as in "J. Smith" or "Vickers A. J.".
    return not (len(word) == 1 and word.isupper())


# --- Phrases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PhraseMatcher:
    pattern: re.Pattern[str]
    phrases: tuple[str, ...]  # In the order of the pattern's groups.


@functools.lru_cache(maxsize=32)
def _phrase_matcher(phrases: tuple[str, ...]) -> _PhraseMatcher | None:
    unique: dict[str, str] = {}
    for phrase in phrases:
        cleaned = " ".join(phrase.split())
        if cleaned and re.search(r"\w|%", cleaned):
            unique.setdefault(cleaned.casefold(), cleaned)
    if not unique:
        return None
    # Longest first, so "100% safe" wins over "100%" where both start at the same word.
    ordered = tuple(sorted(unique.values(), key=lambda phrase: (-len(phrase), phrase)))
    pattern = "|".join(f"({_phrase_pattern(phrase)})" for phrase in ordered)
    return _PhraseMatcher(re.compile(pattern, re.IGNORECASE), ordered)


def _phrase_pattern(phrase: str) -> str:
    """A pattern for the phrase as whole words, forgiving spacing, hyphens and apostrophes."""
    words = [word for word in _PHRASE_SEPARATOR.split(phrase) if word]
    body = r"[\s\-‐‑–]+".join("".join(_character_pattern(char) for char in word) for word in words)
    start = r"(?<!\w)" if _needs_word_boundary(phrase[0]) else ""
    end = r"(?!\w)" if _needs_word_boundary(phrase[-1]) else ""
    return f"{start}{body}{end}"


def _needs_word_boundary(char: str) -> bool:
    """Whole-word matching, except in scripts written without spaces (Chinese, Japanese, Thai)."""
    return bool(re.match(r"\w", char)) and not _UNSPACED_SCRIPT.match(char)


def _character_pattern(char: str) -> str:
    if char in "'’‘ʼ":
        return "['’‘ʼ]"
    if char in "%％":
        return r"\s*[%％]"
    return re.escape(char)
