import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reversion.models import Version

from articles.importing import (
    ImportFailed,
    ImportStatus,
    ParsedReference,
    decode_text,
    escape_markdown,
    import_draft,
    lost_sentences,
    parse_draft,
)
from articles.models import Article, ArticleEvent, Reference
from clinic_site.rendering import render_markdown
from tests.articles.import_texts import (
    BACK_PAIN,
    BACK_PAIN_HEADINGS,
    BACK_PAIN_TITLE,
    MIGRAINE,
    MIGRAINE_CAPTION,
    NERVE_PAIN,
    NERVE_PAIN_BYTES,
    NERVE_PAIN_TITLE,
)
from tests.factories import ArticleFactory, ConditionFactory, ReferenceFactory


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(markdown: str) -> str:
    """What a reader sees of rendered Markdown, whitespace collapsed."""
    parser = _VisibleText()
    parser.feed(render_markdown(markdown))
    return " ".join(" ".join(parser.parts).split())


def parse(text: str):
    decoded, _ = decode_text(text.encode("utf-8"))
    return parse_draft(decoded)


def body_lines(markdown: str) -> list[str]:
    return [line for line in markdown.split("\n") if line]


# --- Title, meta description, headings --------------------------------------------------------


def test_meta_description_line_becomes_the_meta_description_not_the_title():
    draft = parse(BACK_PAIN)

    assert draft.meta_description == (
        "How acupuncture may ease chronic lower back pain, what the studies say, and what a "
        "course of treatment looks like."
    )
    assert draft.title == BACK_PAIN_TITLE
    assert "Meta-description" not in draft.body_markdown
    assert BACK_PAIN_TITLE not in draft.body_markdown


def test_without_a_meta_description_line_the_first_line_is_the_title():
    draft = parse("\n\n  Can Acupuncture Help With Nerve Pain?  \n\nSome text here.\n")

    assert draft.title == "Can Acupuncture Help With Nerve Pain?"
    assert draft.meta_description == ""
    assert draft.body_markdown == "Some text here."


def test_headings_are_short_lines_without_a_full_stop_and_lose_their_colon():
    draft = parse(BACK_PAIN)

    headings = [line[3:] for line in body_lines(draft.body_markdown) if line.startswith("## ")]
    assert headings == BACK_PAIN_HEADINGS
    html_body = render_markdown(draft.body_markdown)
    for heading in BACK_PAIN_HEADINGS:
        assert f"<h2>{heading}</h2>" in html_body


def test_a_heading_may_end_with_a_question_mark():
    draft = parse(NERVE_PAIN)

    assert "## What Is “Nerve Pain”?" in body_lines(draft.body_markdown)


def test_a_short_sentence_with_a_full_stop_is_a_paragraph_not_a_heading():
    draft = parse("Title\n\nIt helps.\n\nMore text follows here.\n")

    assert body_lines(draft.body_markdown) == ["It helps.", "More text follows here."]


def test_a_short_last_line_is_a_paragraph_because_no_section_follows_it():
    draft = parse("Title\n\nSome text here.\n\nBook your first session today\n")

    assert body_lines(draft.body_markdown)[-1] == "Book your first session today"


def test_a_heading_followed_directly_by_its_text_on_the_next_line():
    draft = parse("Title\n\nWhat to Expect\nThe first visit takes an hour.\n")

    assert body_lines(draft.body_markdown) == [
        "## What to Expect",
        "The first visit takes an hour.",
    ]


def test_markdown_style_headings_in_the_text_stay_headings():
    draft = parse("# Title\n\n### Background\n\nThe text.\n\n**Outlook**\n\nMore text.\n")

    assert draft.title == "Title"
    assert body_lines(draft.body_markdown) == [
        "## Background",
        "The text.",
        "## Outlook",
        "More text.",
    ]


# --- Paragraphs -------------------------------------------------------------------------------


def test_a_paragraph_broken_by_a_stray_blank_line_is_joined_again():
    draft = parse(BACK_PAIN)

    assert (
        "Researchers think this may change how the nervous system processes pain signals, "
        "although the picture is still incomplete and studies disagree on how large the "
        "effect is."
    ) in draft.body_markdown
    assert "\n\nincomplete" not in draft.body_markdown


def test_a_paragraph_after_a_complete_sentence_stays_a_paragraph_of_its_own():
    draft = parse("Title\n\nThe first paragraph ends here.\n\nThe second starts here.\n")

    assert body_lines(draft.body_markdown) == [
        "The first paragraph ends here.",
        "The second starts here.",
    ]


def test_a_paragraph_broken_after_a_small_word_is_joined_before_a_capital():
    draft = parse("Title\n\nThe study was published in the\n\nJournal of Pain in 2018.\n")

    assert body_lines(draft.body_markdown) == [
        "The study was published in the Journal of Pain in 2018."
    ]


def test_lines_of_a_paragraph_wrapped_by_hand_are_joined():
    draft = parse("Title\n\nNeedles are fine and\nmost people feel little.\nIt is calm.\n")

    assert body_lines(draft.body_markdown) == [
        "Needles are fine and most people feel little.",
        "It is calm.",
    ]


# --- Lists ------------------------------------------------------------------------------------


def test_bullets_with_a_lead_in_get_the_lead_in_in_bold():
    draft = parse(BACK_PAIN)

    assert (
        "- **First Visit:** The practitioner asks about your health, your pain and any "
        "medicines you take.\n"
        "- **Treatment Sessions:** Each session lasts about 30 minutes, with needles left in "
        "place for 20 minutes.\n"
        "- **Review:** After five or six sessions you and your practitioner decide whether to "
        "continue."
    ) in draft.body_markdown
    html_body = render_markdown(draft.body_markdown)
    assert html_body.count("<li>") == 3
    assert "<li><strong>First Visit:</strong> The practitioner asks" in html_body


def test_the_sentence_introducing_a_list_stays_a_paragraph():
    draft = parse(BACK_PAIN)

    assert (
        "Most people have a course of sessions over several weeks. A typical plan looks like this:"
    ) in body_lines(draft.body_markdown)


def test_numbered_lists_with_dots_and_brackets():
    draft = parse(MIGRAINE)

    assert (
        "1. **Fewer Headache Days:** In several trials, people who had acupuncture reported "
        "fewer migraine days per month.\n"
        "2. **Less Medication:** Some participants used fewer painkillers during the study "
        "period.\n"
        "3. **Lasting Effects:** A few studies followed people for six months after treatment."
    ) in draft.body_markdown
    html_body = render_markdown(draft.body_markdown)
    assert html_body.count("<ol>") == 1
    assert "<li><strong>Less Medication:</strong> Some participants" in html_body


def test_dash_star_and_indented_bullets_make_one_list_without_bold():
    draft = parse(MIGRAINE)

    assert (
        "- Your usual medicines\n- Any blood-thinning treatment\n- Whether you are pregnant"
    ) in draft.body_markdown
    assert render_markdown(draft.body_markdown).count("<ul>") == 1


@pytest.mark.parametrize("bullet", ["•", "-", "*", "–", "\uf0b7", "  •", "\t-"])
def test_bullet_symbols(bullet):
    draft = parse(f"Title\n\nWhat helps:\n\n{bullet} Rest\n{bullet} Warmth\n")

    assert "- Rest\n- Warmth" in draft.body_markdown


def test_a_lead_in_that_is_a_whole_clause_is_not_bold():
    draft = parse(
        "Title\n\nSome points:\n\n"
        "- Studies of this kind are small and often unblinded: read them with care.\n"
        "- Note: sessions may feel relaxing.\n"
    )

    assert "- Studies of this kind are small and often unblinded: read them with care." in (
        draft.body_markdown
    )
    assert "- **Note:** sessions may feel relaxing." in draft.body_markdown


def test_a_line_starting_with_a_year_is_text_not_a_numbered_list():
    draft = parse("Title\n\n1986. The year the clinic opened its doors.\n")

    assert body_lines(draft.body_markdown) == ["1986\\. The year the clinic opened its doors."]
    assert render_markdown(draft.body_markdown) == (
        "<p>1986. The year the clinic opened its doors.</p>"
    )


# --- References -------------------------------------------------------------------------------


def test_a_references_block_with_a_heading_becomes_references_in_order():
    draft = parse(BACK_PAIN)

    assert draft.references == [
        ParsedReference(
            "Example A, Example B. (2021). Acupuncture for low back pain: a review of reviews. "
            "Journal of Pain Studies."
        ),
        ParsedReference(
            "Sample X, Sample Y. (2019). Needling and lumbago: a randomised trial. Spine "
            "Health Journal."
        ),
    ]
    assert "References" not in draft.body_markdown
    assert "Example A" not in draft.body_markdown


def test_citations_at_the_end_without_a_heading_become_references():
    draft = parse(MIGRAINE)

    assert [reference.citation for reference in draft.references] == [
        "Linde K, Allais G, Brinkhaus B, et al. Acupuncture for the prevention of episodic "
        "migraine. Cochrane Database Syst Rev. 2016;(6):CD001218.",
        "Smith J, Jones K. (2020). Acupuncture and headache diaries: a pilot study. Headache "
        "Care, 12(3), 101–109.",
    ]
    # The sentence before them, with a year in it, is still text.
    assert body_lines(draft.body_markdown)[-1] == (
        "Riverside Acupuncture Clinic has treated headache patients since 2009."
    )


def test_a_text_ending_in_an_ordinary_paragraph_has_no_references():
    draft = parse("Title\n\nWe opened in 2009. Smith J. joined us in 2012.\n")

    assert draft.references == []
    assert body_lines(draft.body_markdown) == ["We opened in 2009. Smith J. joined us in 2012."]


def test_doi_pmid_and_url_move_out_of_the_citation_text():
    draft = parse(NERVE_PAIN)

    assert draft.references == [
        ParsedReference(
            "Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for chronic pain: update of "
            "an individual patient data meta-analysis. J Pain. 2018;19(5):455-474.",
            doi="10.1016/j.jpain.2017.11.005",
        ),
        ParsedReference(
            "Ju ZY, Wang K, Cui HS, et al. Acupuncture for neuropathic pain in adults. Cochrane "
            "Database Syst Rev. 2017;12:CD012057.",
            pmid="29197180",
        ),
        ParsedReference("NHS. Acupuncture.", url="https://www.nhs.uk/conditions/acupuncture/"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Lee M (2019). Cupping. Pain Med. https://doi.org/10.1093/pm/pnz001.",
            ParsedReference("Lee M (2019). Cupping. Pain Med.", doi="10.1093/pm/pnz001"),
        ),
        (
            "Lee M (2019). Cupping. Pain Med. DOI: 10.1093/pm/pnz001 (PMID: 30999999)",
            ParsedReference(
                "Lee M (2019). Cupping. Pain Med.", doi="10.1093/pm/pnz001", pmid="30999999"
            ),
        ),
        (
            "Lee M (2019). Cupping. Pain Med. Retrieved from <https://www.example.org/a_(b)>.",
            ParsedReference(
                "Lee M (2019). Cupping. Pain Med.", url="https://www.example.org/a_(b)"
            ),
        ),
        (
            "[3] Lee M (2019). Cupping. Pain Med. https://pubmed.ncbi.nlm.nih.gov/30999999/ "
            "doi:10.1093/pm/pnz001",
            ParsedReference(
                "Lee M (2019). Cupping. Pain Med.",
                url="https://pubmed.ncbi.nlm.nih.gov/30999999/",
                doi="10.1093/pm/pnz001",
            ),
        ),
    ],
)
def test_links_in_citations(line, expected):
    draft = parse(f"Title\n\nText.\n\nReferences:\n{line}\n")

    assert draft.references == [expected]


def test_a_link_on_the_line_after_its_citation_belongs_to_it():
    draft = parse(
        "Title\n\nText.\n\nReferences\n\nLee M (2019). Cupping. Pain Med.\n"
        "https://doi.org/10.1093/pm/pnz001\nKim S (2020). Moxa. Burns.\n"
    )

    assert draft.references == [
        ParsedReference("Lee M (2019). Cupping. Pain Med.", doi="10.1093/pm/pnz001"),
        ParsedReference("Kim S (2020). Moxa. Burns."),
    ]


def test_a_second_doi_stays_in_the_citation_with_a_warning():
    draft = parse(
        "Title\n\nText.\n\nReferences\n\nLee M (2019). Cupping. doi:10.1093/pm/pnz001 "
        "doi:10.1093/pm/pnz002\n"
    )

    assert draft.references == [
        ParsedReference("Lee M (2019). Cupping. doi:10.1093/pm/pnz002", doi="10.1093/pm/pnz001")
    ]
    assert any("stays in the citation text" in warning for warning in draft.warnings)


def test_an_odd_line_under_the_references_heading_is_kept_with_a_warning():
    draft = parse("Title\n\nText.\n\nReferences\n\nAsk at reception\n")

    assert draft.references == [ParsedReference("Ask at reception")]
    assert any("does not look like a citation" in warning for warning in draft.warnings)


# --- Disclaimer and residue -------------------------------------------------------------------


def test_the_disclaimer_paragraph_becomes_the_disclaimer_without_its_label():
    draft = parse(BACK_PAIN)

    assert draft.disclaimer == (
        "This article is general information, not medical advice. Talk to your GP before "
        "starting any new treatment."
    )
    assert "Disclaimer" not in draft.body_markdown
    assert "general information" not in draft.body_markdown


def test_a_disclaimer_heading_takes_the_paragraph_after_it():
    draft = parse("Title\n\nText.\n\nDisclaimer\n\nNot medical advice.\n\nMore text.\n")

    assert draft.disclaimer == "Not medical advice."
    assert body_lines(draft.body_markdown) == ["Text.", "More text."]


def test_an_image_caption_repeated_from_a_website_is_dropped_and_listed():
    draft = parse(MIGRAINE)

    assert draft.dropped == [MIGRAINE_CAPTION, f"{MIGRAINE_CAPTION} from examplecliniccdn.com"]
    assert "forehead" not in draft.body_markdown
    assert body_lines(draft.body_markdown)[0] == "## Introduction"


def test_a_sentence_naming_a_website_is_kept():
    draft = parse("Title\n\nRead the full leaflet from nhs.uk.\n\nMore.\n")

    assert draft.dropped == []
    assert "Read the full leaflet from nhs.uk." in draft.body_markdown


# --- Characters -------------------------------------------------------------------------------


def test_curly_quotes_non_latin_text_and_emoji_are_kept_exactly():
    draft = parse(NERVE_PAIN)

    assert draft.title == NERVE_PAIN_TITLE
    assert draft.meta_description.endswith("what it’s like, and where to read more. 🌿")
    assert draft.disclaimer == "Information only — not medical advice. 💬 Ask your GP."
    html_body = render_markdown(draft.body_markdown)
    assert (
        "Patients say: ‘it’s like pins and needles that won’t stop.’" in html_body
        and "νευροπάθεια" in html_body
        and "针灸 (zhēnjiǔ). 针灸是一种传统疗法。" in html_body
    )


def test_markdown_characters_in_plain_text_are_shown_as_written():
    paragraphs = [
        "#1 Not a heading: #hashtag, C# and F#.",
        "> Not a quote; 3 * 4 = 12; *not emphasis* and _not either_ but snake_case stays.",
        "+ Not a list, [1] not a link, <b>not bold</b>, &amp; not an entity, a \\ backslash.",
        ": Not a definition, `not code` {: #not-an-attribute}.",
        "~~~ Not a fence.",
        "2024. Not a numbered list.",
    ]
    draft = parse("Title\n\n" + "\n\n".join(paragraphs))

    html_body = render_markdown(draft.body_markdown)
    assert html_body.count("<p>") == len(paragraphs)
    assert not re.search(r"<(?:h2|blockquote|ul|ol|li|em|strong|code|pre|a|dl|b)\b", html_body)
    assert [visible_text(part) for part in draft.body_markdown.split("\n\n")] == paragraphs


PLAIN_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff"
)


@settings(max_examples=300, deadline=None)
@given(st.text(PLAIN_CHARACTERS | st.sampled_from(list("#>*_`[]<>&\\{}:~-+.!|()0123456789 "))))
def test_escaped_text_renders_exactly_as_written(text):
    line = " ".join(text.split())
    if not line:
        return

    assert visible_text(escape_markdown(line)) == line


# --- Decoding ---------------------------------------------------------------------------------


def test_utf8_with_bom_and_windows_line_endings():
    text, warnings = decode_text(NERVE_PAIN_BYTES)

    assert warnings == []
    assert "\r" not in text and not text.startswith("\ufeff")
    assert parse_draft(text).title == NERVE_PAIN_TITLE


def test_old_mac_line_endings():
    text, _ = decode_text(b"Title\r\rFirst line.\rSecond line.")

    assert parse_draft(text).body_markdown == "First line.\n\nSecond line."


def test_windows_1252_text_is_read_with_a_warning():
    text, warnings = decode_text(
        "Caf\u00e9 “culture”\n\nThe caf\u00e9 serves tea.".encode("cp1252")
    )

    assert text == "Café “culture”\n\nThe café serves tea."
    assert warnings == [
        "The file is not valid UTF-8 (byte 4 is not), so it was read as Windows-1252: check "
        "accented letters, quotes and dashes."
    ]


def test_utf16_with_bom_is_read():
    text, warnings = decode_text("Title\n\nΚείμενο.".encode("utf-16"))

    assert (text, warnings) == ("Title\n\nΚείμενο.", [])


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\t\r\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ImportFailed, match="empty"):
        decode_text(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a Word document"),
        (b"Title\n\nText\x00with a NUL byte", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_a_binary_file_is_refused(data, message):
    with pytest.raises(ImportFailed, match=message):
        decode_text(data)


# --- Nothing lost -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [BACK_PAIN, MIGRAINE, NERVE_PAIN])
def test_every_sentence_of_the_text_is_in_the_draft_once(text):
    decoded, _ = decode_text(text.encode("utf-8"))

    assert lost_sentences(decoded, parse_draft(decoded)) == []


def test_the_check_finds_a_sentence_missing_from_the_draft():
    draft = parse(BACK_PAIN)
    draft.body_markdown = draft.body_markdown.replace(
        "Larger trials comparing acupuncture with usual care are under way.", ""
    )

    assert lost_sentences(BACK_PAIN, draft) == [
        "Missing from the draft: “Larger trials comparing acupuncture with usual care are "
        "under way.”"
    ]


def test_the_check_finds_a_sentence_in_two_places():
    draft = parse(BACK_PAIN)
    draft.body_markdown += "\n\n" + draft.disclaimer

    assert lost_sentences(BACK_PAIN, draft) == [
        "In 2 parts of the draft instead of 1: “This article is general information, not "
        "medical advice.”",
        "In 2 parts of the draft instead of 1: “Talk to your GP before starting any new "
        "treatment.”",
    ]


def test_the_check_finds_a_lost_link():
    draft = parse(NERVE_PAIN)
    draft.references[1] = replace(draft.references[1], pmid="")

    assert lost_sentences(decode_text(NERVE_PAIN_BYTES)[0], draft) == [
        "The link pmid:29197180 is in the draft 0 times instead of 1"
    ]


def test_the_check_ignores_the_dropped_residue_only():
    draft = parse(MIGRAINE)

    assert lost_sentences(MIGRAINE, replace(draft, dropped=[])) == [
        f"Missing from the draft: “{MIGRAINE_CAPTION}”",
        f"Missing from the draft: “{MIGRAINE_CAPTION} from examplecliniccdn.com”",
    ]


def test_a_first_line_too_long_for_a_title_stays_in_the_text():
    first = "Acupuncture " + "and more words " * 20 + "end."
    draft = parse(f"{first}\n\nSecond paragraph.\n")

    assert len(draft.title) <= 200 and draft.title.endswith("…")
    assert body_lines(draft.body_markdown) == [first, "Second paragraph."]
    assert draft.warnings
    assert lost_sentences(f"{first}\n\nSecond paragraph.\n", draft) == []


def test_a_meta_description_too_long_for_its_field_goes_to_the_summary():
    meta = "A very long description. " * 15
    draft = parse(f"Meta-description: {meta}\n\nTitle\n\nText.\n")

    assert (draft.meta_description, draft.summary) == ("", meta.strip())
    assert lost_sentences(f"Meta-description: {meta}\n\nTitle\n\nText.\n", draft) == []


# --- Whole documents, generated ---------------------------------------------------------------

WORDS = [
    "acupuncture", "needles", "pain", "sleep", "nerve", "clinic", "study", "patients", "calm",
    "café", "naïve", "νευροπάθεια", "针灸", "🌿", "it’s", "“quoted”", "C#", "3*4", "snake_case",
    "[1]", "<b>", "&amp;", "{x}", "50%", "e.g.", "x_y", "—", "(see)", "~~", "a|b", "#tag",
]  # fmt: skip
CAPITALISED = ["Acupuncture", "Needles", "Sleep", "Patients", "Research", "Νεῦρα", "Relief"]


def sentences(ending: str = ".") -> st.SearchStrategy[str]:
    return st.builds(
        lambda first, rest, end: " ".join([first, *rest]) + end,
        st.sampled_from(CAPITALISED),
        st.lists(st.sampled_from(WORDS), min_size=2, max_size=12),
        st.sampled_from([".", "!", "…"]) if ending == "any" else st.just(ending),
    )


@st.composite
def documents(draw):
    """A plain-text draft and what the importer should find in it."""
    expected = {"headings": [], "items": [], "references": 0}
    parts = []
    if draw(st.booleans()):
        parts.append("Meta-description: " + draw(sentences()))
    title = draw(st.sampled_from(["Acupuncture and Sleep", "Nerve Pain: A Guide 🌿", "针灸"]))
    parts.append(title)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "broken", "bullets", "numbers"]))
        if kind == "heading":
            heading = draw(st.sampled_from(["Introduction", "What Helps", "Risks and Safety"]))
            expected["headings"].append(heading)
            parts.append(heading + draw(st.sampled_from(["", ":"])))
            parts.append(draw(sentences()))
        elif kind == "paragraph":
            parts.append(" ".join(draw(st.lists(sentences("any"), min_size=1, max_size=3))))
        elif kind == "broken":
            words = draw(st.lists(st.sampled_from(WORDS[:9]), min_size=2, max_size=6))
            parts.append(f"Patients {words[0]}\n\n{' '.join(words[1:])} today.")
        else:
            marker = draw(st.sampled_from(["•", "-", "*", "  •"])) if kind == "bullets" else ""
            items = draw(st.lists(sentences(), min_size=1, max_size=4))
            lead = draw(st.booleans())
            lines = []
            for number, item in enumerate(items, start=1):
                text = f"Point {number}: {item}" if lead else item
                expected["items"].append(text)
                lines.append(f"{marker or str(number) + '.'} {text}")
            parts.append(draw(st.sampled_from(["\n", "\n\n"])).join(lines))
        if draw(st.integers(0, 5)) == 0:
            parts.append("Photo of a clinic\nPhoto of a clinic from somesite.com")
    if draw(st.booleans()):
        count = draw(st.integers(1, 3))
        expected["references"] = count
        citations = [
            f"Surname{'ABC'[n]} A, Other B. (20{10 + n}). "
            + draw(sentences())
            + " Journal."
            + draw(
                st.sampled_from(
                    ["", f" doi:10.1234/abc.{n}", f" PMID: 3000000{n}", f" https://x.org/{n}"]
                )
            )
            for n in range(count)
        ]
        heading = draw(st.sampled_from(["References:\n\n", "References\n", ""]))
        parts.append(heading + "\n".join(citations))
    if draw(st.booleans()):
        expected["disclaimer"] = draw(sentences())
        parts.append("Disclaimer: " + expected["disclaimer"])
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = (newline * 2).join(part.replace("\n", newline) for part in parts)
    text = text.replace(newline + newline, newline * draw(st.integers(2, 3)))
    return text, title, expected


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_lose_nothing_and_keep_their_shape(document):
    text, title, expected = document
    decoded, _ = decode_text(text.encode("utf-8"))

    draft = parse_draft(decoded)

    assert lost_sentences(decoded, draft) == []
    assert draft.title == title
    lines = body_lines(draft.body_markdown)
    for heading in expected["headings"]:
        assert f"## {heading}" in lines
    rendered_items = [
        visible_text(line) for line in lines if re.match(r"- |\d+\. ", line) and "\\" not in line
    ]
    for item in expected["items"]:
        if not re.search(r"[\\*_`\[<&{]", item):
            assert item in rendered_items
    assert len(draft.references) == expected["references"]
    assert draft.disclaimer == expected.get("disclaimer", "")
    render_markdown(draft.body_markdown)


# Any line shape at all: labels, markers, links, markup, scripts, residue, in any order.
LINE_STARTS = [
    "", "", "", "• ", "- ", "* ", "1. ", "2) ", "  • ", "# ", "## ", "Disclaimer: ",
    "Disclaimer", "References", "References:", "Sources", "Meta-description: ", "Title: ",
    "**", "[1] ", "1986. ", "> ", ": ", "~~~ ", "Image source: ",
]  # fmt: skip
TOKENS = [
    "Acupuncture", "pain", "helps", "the", "of", "and", "Smith J,", "Lee AB.", "(2020).",
    "2019;", "Journal.", "doi:10.1234/ab.1", "https://doi.org/10.5678/x", "PMID: 1234567",
    "https://x.org/a_b.", "www.nhs.uk", "from", "somesite.com", "e.g.", "Dr.", "et al.",
    "“quoted”", "it’s", "νευροπάθεια", "针灸。", "针灸", "🌿", "*", "_", "#", "[x]", "<b>",
    "&amp;", "\\", "{", ":", ".", "?", "!", "…", ",", "Pain Relief:", "C#", "50%", "—",
]  # fmt: skip
# Each line has a word of its own, so two lines joined again cannot equal a third by chance.
LINES = st.builds(
    lambda start, words, at, own: start + " ".join([*words[:at], f"w{own}", *words[at:]]),
    st.sampled_from(LINE_STARTS),
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=10),
    st.integers(0, 10),
    st.integers(0, 10**9),
)


@st.composite
def any_lines(draw):
    lines = draw(st.lists(LINES | st.sampled_from(["", "  "]), min_size=1, max_size=25))
    if draw(st.booleans()):
        caption = draw(LINES)
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = [caption, f"{caption} from somesite.com"]
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_lines())
def test_whatever_the_lines_nothing_is_lost_and_the_body_renders(text):
    try:
        draft = parse_draft(decode_text(text.encode("utf-8"))[0])
    except ImportFailed:
        return

    assert lost_sentences(text, draft) == []
    render_markdown(draft.body_markdown)


# --- Importing into the database --------------------------------------------------------------


@pytest.fixture
def back_pain_condition(db):
    return ConditionFactory(
        name="Chronic lower back pain", synonyms="back pain, lumbago, low back pain"
    )


@pytest.mark.django_db
def test_importing_creates_a_draft_with_references_conditions_and_its_source(
    back_pain_condition,
):
    unrelated = ConditionFactory(name="Sciatica", synonyms="sciatic nerve pain")
    partial = ConditionFactory(name="Needle", synonyms="")  # the text says "needles" only

    report = import_draft(name="back-pain.txt", data=BACK_PAIN.encode())

    article = Article.objects.get()
    assert report.status == ImportStatus.CREATED
    assert (report.article_id, report.slug, report.title) == (
        article.pk,
        "acupuncture-for-chronic-lower-back-pain-what-the-evidence-says",
        BACK_PAIN_TITLE,
    )
    assert article.status == Article.Status.DRAFT
    assert article.slug == report.slug
    assert article.source_filename == "back-pain.txt"
    assert len(article.source_checksum) == 64
    assert article.disclaimer.startswith("This article is general information")
    assert "<h2>Introduction</h2>" in article.body_html
    assert [reference.citation[:20] for reference in article.references.all()] == [
        "Example A, Example B",
        "Sample X, Sample Y. ",
    ]
    assert list(article.references.values_list("position", flat=True)) == [1, 2]
    linked = set(article.conditions.all())
    assert back_pain_condition in linked
    assert unrelated not in linked and partial not in linked
    assert report.conditions == sorted(condition.name for condition in linked)
    codes = {problem.code for problem in report.problems}
    assert {"summary_missing", "reviewer_missing", "reference_without_link"} <= codes
    assert "disclaimer_missing" not in codes


@pytest.mark.django_db
def test_importing_records_a_revision_by_the_importing_user(django_user_model):
    user = django_user_model.objects.create_user(username="lee", password="x", is_staff=True)

    report = import_draft(name="migraine.txt", data=MIGRAINE.encode(), user=user)

    versions = Version.objects.get_for_object_reference(Article, report.article_id)
    assert versions.count() == 1
    revision = versions.get().revision
    assert (revision.comment, revision.user) == ("Imported from migraine.txt", user)
    assert {version.object_id for version in revision.version_set.all()} >= {
        str(pk) for pk in Reference.objects.values_list("pk", flat=True)
    }


@pytest.mark.django_db
def test_importing_the_same_file_again_is_unchanged_then_updated_when_it_changes():
    first = import_draft(name="back-pain.txt", data=BACK_PAIN.encode())
    again = import_draft(name="back-pain.txt", data=BACK_PAIN.replace("\n", "\r\n").encode())
    changed_text = BACK_PAIN.replace("are under way", "have started").replace(
        "Sample X, Sample Y. (2019)", "Sample X, Sample Y. (2019)  doi:10.1097/j.pain.0001"
    )
    changed = import_draft(name="back-pain.txt", data=changed_text.encode())

    assert [first.status, again.status, changed.status] == [
        ImportStatus.CREATED,
        ImportStatus.UNCHANGED,
        ImportStatus.UPDATED,
    ]
    article = Article.objects.get()
    assert first.article_id == again.article_id == changed.article_id == article.pk
    assert "have started" in article.body
    assert [reference.doi for reference in article.references.all()] == [
        "",
        "10.1097/j.pain.0001",
    ]
    assert Reference.objects.count() == 2
    assert Version.objects.get_for_object(article).count() == 2


@pytest.mark.django_db
def test_a_renamed_file_with_the_same_title_updates_its_draft():
    first = import_draft(name="draft-v1.txt", data=MIGRAINE.encode())
    second = import_draft(name="draft-v2.txt", data=MIGRAINE.replace("2009", "2010").encode())

    assert second.status == ImportStatus.UPDATED
    assert second.article_id == first.article_id
    assert Article.objects.get().source_filename == "draft-v2.txt"


@pytest.mark.django_db
def test_an_article_written_in_the_admin_is_never_replaced_by_a_file_with_its_title():
    written = ArticleFactory(slug="can-acupuncture-ease-migraine")

    report = import_draft(name="migraine.txt", data=MIGRAINE.encode())

    assert report.status == ImportStatus.CREATED
    assert report.slug == "can-acupuncture-ease-migraine-2"
    assert any("already has the address" in warning for warning in report.warnings)
    written.refresh_from_db()
    assert "Migraine is more than" not in written.body


@pytest.mark.django_db
def test_reimporting_keeps_a_disclaimer_and_links_staff_added_in_the_admin():
    report = import_draft(name="migraine.txt", data=MIGRAINE.encode())
    article = Article.objects.get(pk=report.article_id)
    article.disclaimer = "Added by an editor."
    article.save()
    Reference.objects.filter(article=article, position=2).update(pmid="32000000")

    import_draft(name="migraine.txt", data=MIGRAINE.replace("2009", "2010").encode())

    article.refresh_from_db()
    assert article.disclaimer == "Added by an editor."
    assert [reference.pmid for reference in article.references.all()] == ["", "32000000"]


@pytest.mark.django_db
@pytest.mark.parametrize("trait", ["published", "in_review"])
def test_a_published_or_in_review_article_is_not_replaced_without_force(trait):
    ArticleFactory(**{trait: True}, source_filename="migraine.txt", body="The old text.")

    refused = import_draft(name="migraine.txt", data=MIGRAINE.replace("2009", "2010").encode())

    assert refused.status == ImportStatus.SKIPPED
    assert "only replaced when importing with force" in refused.message
    assert Article.objects.get().body == "The old text."


@pytest.mark.django_db
def test_force_replaces_a_published_article_and_unpublishes_it_through_the_service(
    django_user_model,
):
    publisher = django_user_model.objects.create_user(username="pat", password="x")
    article = ArticleFactory(published=True, source_filename="migraine.txt")
    ReferenceFactory(article=article)

    report = import_draft(name="migraine.txt", data=MIGRAINE.encode(), force=True, user=publisher)

    article.refresh_from_db()
    assert report.status == ImportStatus.UPDATED
    assert article.status == Article.Status.DRAFT
    assert "Migraine is more than a bad headache." in article.body
    assert ArticleEvent.objects.filter(
        article=article, kind=ArticleEvent.Kind.UNPUBLISHED, user=publisher
    ).exists()
    assert any("back to draft" in warning for warning in report.warnings)
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_force_takes_an_article_in_review_back_to_draft_and_says_so_in_its_history():
    article = ArticleFactory(in_review=True, source_filename="migraine.txt")

    report = import_draft(name="migraine.txt", data=MIGRAINE.encode(), force=True)

    article.refresh_from_db()
    assert (report.status, article.status) == (ImportStatus.UPDATED, Article.Status.DRAFT)
    assert Version.objects.get_for_object(article).first().revision.comment == (
        "Imported from migraine.txt (it was in review; back to draft)"
    )


@pytest.mark.django_db
def test_a_dry_run_reports_without_writing_anything():
    existing = import_draft(name="back-pain.txt", data=BACK_PAIN.encode())
    versions_before = Version.objects.count()

    created = import_draft(name="migraine.txt", data=MIGRAINE.encode(), dry_run=True)
    updated = import_draft(
        name="back-pain.txt", data=BACK_PAIN.replace("under way", "started").encode(), dry_run=True
    )

    assert (created.status, created.dry_run, created.outcome) == (
        ImportStatus.CREATED,
        True,
        "would be created",
    )
    assert created.slug == "can-acupuncture-ease-migraine"
    assert created.article_id is None
    assert {problem.code for problem in created.problems} >= {
        "disclaimer_missing",
        "reference_without_link",
    }
    assert (updated.status, updated.article_id) == (ImportStatus.UPDATED, existing.article_id)
    assert Article.objects.count() == 1
    assert "under way" in Article.objects.get().body
    assert Version.objects.count() == versions_before


@pytest.mark.django_db
def test_a_pasted_text_without_a_name_is_named_after_its_title():
    report = import_draft(name="", data=MIGRAINE.encode())

    assert report.file == "can-acupuncture-ease-migraine.txt"
    assert Article.objects.get().source_filename == "can-acupuncture-ease-migraine.txt"


@pytest.mark.django_db
def test_a_title_without_latin_letters_gets_a_slug_from_the_file_name():
    report = import_draft(name="zhenjiu.txt", data="针灸与神经痛\n\n针灸是一种传统疗法。".encode())

    assert (report.title, report.slug) == ("针灸与神经痛", "zhenjiu")


@pytest.mark.django_db
def test_an_unreadable_text_is_an_error_and_saves_nothing():
    report = import_draft(name="empty.txt", data=b"")

    assert (report.status, report.message, report.imported) == (
        ImportStatus.ERROR,
        "The file is empty.",
        False,
    )
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_windows_1252_file_imports_with_its_accents_and_a_warning():
    report = import_draft(
        name="cafe.txt", data="Caf\u00e9 hours\n\nThe caf\u00e9 is open.".encode("cp1252")
    )

    assert report.status == ImportStatus.CREATED
    assert Article.objects.get().body == "The café is open."
    assert any("Windows-1252" in warning for warning in report.warnings)
