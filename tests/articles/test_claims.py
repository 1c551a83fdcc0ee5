"""Claim language in article bodies. Plain functions, so these tests need no database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.claims import DEFAULT_CLAIM_PHRASES, claim_sentences, split_sentences

REQUIRED_PHRASES = [
    "cure", "cures", "cured", "curing", "curative", "proven", "clinically proven",
    "scientifically proven", "guaranteed", "guarantee", "100%", "miracle", "miraculous",
    "no side effects", "side-effect free", "permanent relief", "permanently", "eliminates",
    "eliminate", "eradicates", "completely safe", "risk-free", "instant relief",
    "works for everyone", "heals", "reverses", "we offer acupuncture for", "we treat", "treats",
    "effective treatment for", "has proven effective",
]  # fmt: skip

ADVERSARIAL_STRINGS = [
    " " * 20_000 + "cure",
    "." * 20_000 + "x",
    "?!" * 10_000 + "a",
    "。" * 20_000 + "a",
    "**a " * 5_000,
    "_a " * 7_000,
    "[a](" * 5_000,
    "![" * 10_000,
    "<a " * 7_000,
    "<!--" * 5_000,
    "Dr. " * 5_000,
    "A. " * 7_000,
    "(" * 20_000,
    "`" * 20_000,
    "#" * 20_000,
    "- " * 10_000,
    "| " * 10_000,
    "---|" * 5_000,
    "\n" * 20_000,
    "1. " * 7_000,
    "…" * 20_000,
    "\\" * 20_000,
    "cure " * 4_000,
    "x" * 20_000,
]


def claims(text, phrases=DEFAULT_CLAIM_PHRASES):
    return claim_sentences(text, phrases)


# --- The default list -------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", REQUIRED_PHRASES)
def test_default_phrases_include_the_claims_regulators_look_for(phrase):
    assert phrase in DEFAULT_CLAIM_PHRASES


def test_default_phrases_are_unique_and_tidy():
    assert len(set(DEFAULT_CLAIM_PHRASES)) == len(DEFAULT_CLAIM_PHRASES)
    assert all(phrase == " ".join(phrase.split()) for phrase in DEFAULT_CLAIM_PHRASES)


@pytest.mark.parametrize("phrase", DEFAULT_CLAIM_PHRASES)
def test_each_default_phrase_is_found_in_a_sentence(phrase):
    sentence = f"Our clinic says {phrase} in this sentence."

    assert claims(f"An honest opening line. {sentence}") == [(sentence, phrase)]


# --- Whole words, flexible spelling -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Your data is kept secure.",
        "Many patients are curious about needles.",
        "We procure our needles from a licensed supplier.",
        "The exhibition was curated by our receptionist.",
        "Insecurely fastened doors are a hazard.",
        "Treatment plans are agreed with you.",
        "Our retreats run twice a year.",
        "A healthy diet helps recovery.",
        "The guarantor signs the form.",
        "We eliminated the waiting list in March.",
        "Permanent staff answer the phone.",
        "Acupuncture may help some people with neck pain.",
        "Curettage is a different procedure.",
        "A cureless rhyme is not a claim.",
        "Expect 1100 percentiles of paperwork.",
        "We proved the booking form works.",
    ],
)
def test_words_that_merely_contain_a_phrase_are_not_claims(text):
    assert claims(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Acupuncture is the Cure.", "cure"),
        ("Acupuncture is a cure, say some.", "cure"),
        ("ACUPUNCTURE CURES MIGRAINE", "cures"),
        ("A treatment (cure) for all.", "cure"),
        ("A “cure” for back pain.", "cure"),
        ("It is a cure-all.", "cure-all"),
        ("Results are 100% natural.", "100%"),
        ("Results are 100 % natural.", "100%"),
        ("Results are 100％ natural.", "100%"),
        ("A side effect free therapy.", "side-effect free"),
        ("A side-effect-free therapy.", "side-effect free"),
        ("A side‑effect free therapy.", "side-effect free"),
        ("A risk free therapy.", "risk-free"),
        ("It is clinically-proven to help.", "clinically proven"),
        ("We   treat    sciatica.", "we treat"),
        ("We\ttreat sciatica.", "we treat"),
        ("It has PROVEN effective for pain.", "has proven effective"),
        ("Its effects are permanent.\n\nIt is permanently gone.", "permanently"),
    ],
)
def test_phrase_is_found_whatever_its_case_punctuation_or_spacing(text, phrase):
    assert [found for _, found in claims(text)] == [phrase]


def test_phrase_split_across_a_soft_line_break_is_found():
    text = "Our method is clinically\nproven to help."

    assert claims(text) == [("Our method is clinically proven to help.", "clinically proven")]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("can't fail", "Needling can’t fail."),
        ("can’t fail", "Needling can't fail."),
        ("can't fail", "Needling canʼt fail."),
    ],
)
def test_curly_and_straight_apostrophes_are_the_same(phrase, text):
    assert claim_sentences(text, [phrase]) == [(text, phrase)]


# --- Which phrase, which sentence -------------------------------------------------------------


def test_sentences_are_reported_in_text_order_once_each():
    text = (
        "Acupuncture cures back pain and cures neck pain. Some people feel relaxed. "
        "Results are guaranteed and 100% safe!"
    )

    assert claims(text) == [
        ("Acupuncture cures back pain and cures neck pain.", "cures"),
        ("Results are guaranteed and 100% safe!", "guaranteed"),
    ]


def test_phrase_found_earliest_in_the_sentence_is_reported():
    assert claims("It eliminates pain and is a cure.") == [
        ("It eliminates pain and is a cure.", "eliminates")
    ]


def test_longest_phrase_is_reported_where_several_start_at_the_same_word():
    assert claims("Needling is 100% safe.") == [("Needling is 100% safe.", "100% safe")]
    assert claims("It is clinically proven.") == [
        ("It is clinically proven.", "clinically proven")
    ]


def test_phrase_is_reported_as_spelled_in_the_list():
    assert claim_sentences("Acupuncture cures colds.", ["CURES"]) == [
        ("Acupuncture cures colds.", "CURES")
    ]


def test_only_the_given_phrases_are_used():
    text = "It cures everything. It works wonders."

    assert claim_sentences(text, ["works wonders"]) == [("It works wonders.", "works wonders")]


@pytest.mark.parametrize("phrases", [[], ["", "   "], ["—", "!"]])
def test_no_usable_phrases_find_nothing(phrases):
    assert claim_sentences("Acupuncture cures everything.", phrases) == []


def test_phrases_may_be_any_iterable_such_as_a_generator_or_a_query_result():
    phrases = (phrase for phrase in ["  cures  ", "cures"])

    assert claim_sentences("It cures colds.", phrases) == [("It cures colds.", "cures")]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("(sic) results", "Our (sic) results speak."),
        ("C++ therapy", "Try C++ therapy today."),
        ("works in 3.5 days", "It works in 3.5 days."),
        ("cure?", "Is this a cure?"),
    ],
)
def test_phrases_with_punctuation_are_matched_literally(phrase, text):
    assert claim_sentences(text, [phrase]) == [(text, phrase)]


def test_phrase_with_punctuation_does_not_match_as_a_pattern():
    assert claim_sentences("It works in 3x5 days.", ["works in 3.5 days"]) == []


def test_phrases_in_non_latin_scripts_are_found():
    text = "针灸可以治愈疼痛。这是第二句！Akupunktur heilt garantiert."

    assert claim_sentences(text, ["治愈", "garantiert"]) == [
        ("针灸可以治愈疼痛。", "治愈"),
        ("Akupunktur heilt garantiert.", "garantiert"),
    ]


def test_negated_claims_are_still_listed_for_a_publisher_to_judge():
    assert claims("There is no cure for neuropathy.") == [
        ("There is no cure for neuropathy.", "cure")
    ]


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_is_removed_from_the_reported_sentence():
    text = "Acupuncture **cures** *all* _kinds_ of `pain` in [our clinic](https://clinic.org.uk/)."

    assert claims(text) == [("Acupuncture cures all kinds of pain in our clinic.", "cures")]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("## Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("# Acupuncture cures migraine #", "Acupuncture cures migraine"),
        ("- Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("* Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("+ Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("  • Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("1. Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("12) Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("> Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("> - Acupuncture cures migraine", "Acupuncture cures migraine"),
        ("Acupuncture ***cures*** migraine", "Acupuncture cures migraine"),
        ("Acupuncture __cures__ migraine", "Acupuncture cures migraine"),
        ("Acupuncture ~~helps~~ cures migraine", "Acupuncture helps cures migraine"),
        ("Acupuncture <strong>cures</strong> migraine", "Acupuncture cures migraine"),
        ("<p>Acupuncture cures migraine</p>", "Acupuncture cures migraine"),
        ("Acupuncture cures migraine &amp; stress", "Acupuncture cures migraine & stress"),
        (
            "Acupuncture [cures][1] migraine\n\n[1]: https://x.org.uk/",
            "Acupuncture cures migraine",
        ),
        ("Acupuncture cures migraine[^note]", "Acupuncture cures migraine"),
        ("Acupuncture cures migraine\n=====", "Acupuncture cures migraine"),
    ],
)
def test_markdown_block_and_inline_markup_is_not_part_of_the_sentence(text, sentence):
    assert claims(text) == [(sentence, "cures")]


@pytest.mark.parametrize(
    "text",
    [
        "![Acupuncture cures migraine](/media/needles.jpg)",
        "A photo: ![cure](/media/needles.jpg)",
        "Read [our page](https://clinic.org.uk/cures-for-migraine).",
        "<!-- Acupuncture cures migraine: check before publishing -->",
        '<img src="/media/a.jpg" alt="Acupuncture cures migraine">',
        "[1]: https://clinic.org.uk/ 'Acupuncture cures migraine'",
    ],
)
def test_text_a_reader_does_not_see_is_not_searched(text):
    assert claims(text) == []


def test_image_leaves_no_gap_before_the_full_stop():
    assert split_sentences("Points are shown in the chart ![Chart](/c.png). Ask us.") == [
        "Points are shown in the chart.",
        "Ask us.",
    ]


def test_snake_case_and_arithmetic_keep_their_symbols():
    assert split_sentences("Set max_sessions to 6 * 2 sessions.") == [
        "Set max_sessions to 6 * 2 sessions."
    ]


def test_escaped_markdown_characters_appear_as_written():
    assert split_sentences(r"Use \*stars\* and \_lines\_ and \# signs.") == [
        "Use *stars* and _lines_ and # signs."
    ]


def test_table_cells_are_separate_sentences():
    text = "Condition | Claim\n---|:---:\nMigraine | cures it\n| Back pain | helps |\n\nAfter."

    assert split_sentences(text) == [
        "Condition",
        "Claim",
        "Migraine",
        "cures it",
        "Back pain",
        "helps",
        "After.",
    ]


def test_realistic_article_body_lists_each_claim_with_its_sentence():
    body = "\n".join(
        [
            "## How acupuncture can help",
            "",
            "Many people with nerve pain ask us about acupuncture. Dr. Lee explains the",
            "evidence, e.g. the 2018 review by Vickers et al. in the *Journal of Pain*.",
            "",
            "- **Pain relief:** acupuncture has proven effective in relieving pain",
            "- Sleep: some patients sleep better",
            "* It is 100 % natural and has no side effects!",
            "",
            "1. Book a consultation",
            "2. We treat you over six sessions.",
            "",
            "Read the [NICE guideline](https://www.nice.org.uk/guidance/cg173) (2.5 MB).",
            "Is it a miracle? No: it is one option among several.",
        ]
    )

    assert claims(body) == [
        (
            "Pain relief: acupuncture has proven effective in relieving pain",
            "has proven effective",
        ),
        ("It is 100 % natural and has no side effects!", "100%"),
        ("We treat you over six sessions.", "we treat"),
        ("Is it a miracle?", "miracle"),
    ]


# --- Sentence splitting -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "---", "***", "> ", "- ", "🌿🌿"])
def test_text_without_words_has_no_sentences(text):
    assert split_sentences(text) == []


def test_sentences_split_on_full_stop_question_and_exclamation_marks():
    assert split_sentences("Needles are thin. Does it hurt? Rarely! Most people relax.") == [
        "Needles are thin.",
        "Does it hurt?",
        "Rarely!",
        "Most people relax.",
    ]


def test_whitespace_inside_a_sentence_is_collapsed():
    assert split_sentences("Needles   are\u00a0very\tthin.\n   Really.") == [
        "Needles are very thin.",
        "Really.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dr. Lee and Prof. Chan treat neck pain.",
        "Mr. and Mrs. Patel visited.",
        "Some conditions, e.g. migraine, respond to needling.",
        "Some conditions (e.g. migraine) respond to needling.",
        "One condition, i.e. sciatica, was studied.",
        "Acupuncture vs. sham needling was compared.",
        "Vickers et al. found modest effects.",
        "The dose was 2.5 mg twice a day.",
        "See 10.1016/j.jpain.2017.11.005 for the data.",
        "See https://www.nice.org.uk/guidance/cg173 for more.",
        "Results are in Fig. 2 of the review.",
        "See p. 455 for the table.",
        "Written by J. R. Smith in London.",
        "Sessions last approx. thirty minutes.",
        "St. John's wort interacts with some medicines.",
        "Rest for 30 min. after a session.",
        "It helps... and then it fades.",
        "It helps… and then it fades.",
    ],
)
def test_full_stops_inside_a_sentence_do_not_split_it(sentence):
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Bring a towel, a drink, etc. The room is warm.",
            ["Bring a towel, a drink, etc.", "The room is warm."],
        ),
        (
            "Read Vickers et al. The review is long.",
            ["Read Vickers et al.", "The review is long."],
        ),
        ("It was No. 1 in the list.", ["It was No. 1 in the list."]),
        ("Does it cure pain? No. It may help.", ["Does it cure pain?", "No.", "It may help."]),
        ("We moved in 2018. Then we grew.", ["We moved in 2018.", "Then we grew."]),
        ("It helps... Then it fades.", ["It helps...", "Then it fades."]),
        ("She said “it helps.” Then she left.", ["She said “it helps.”", "Then she left."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("Sessions take 30 min. Then rest.", ["Sessions take 30 min.", "Then rest."]),
        ("Ends at the end.", ["Ends at the end."]),
    ],
)
def test_sentence_ends_are_told_apart_from_abbreviations(text, sentences):
    assert split_sentences(text) == sentences


def test_headings_and_list_items_are_sentences_of_their_own():
    text = "## Why choose us\nWe listen.\n- Calm rooms\n- Short waits\n1. Call us\n2. Visit us"

    assert split_sentences(text) == [
        "Why choose us",
        "We listen.",
        "Calm rooms",
        "Short waits",
        "Call us",
        "Visit us",
    ]


def test_paragraphs_split_on_blank_lines_and_soft_wraps_are_joined():
    text = "Introduction:\n\nNerve pain is common and\ncan be hard to treat\n\nConclusion"

    assert split_sentences(text) == [
        "Introduction:",
        "Nerve pain is common and can be hard to treat",
        "Conclusion",
    ]


def test_list_item_continuation_line_joins_its_item():
    assert split_sentences("- Acupuncture may help\n  with tension headaches\n- Not all") == [
        "Acupuncture may help with tension headaches",
        "Not all",
    ]


def test_code_fence_lines_are_not_sentences_but_their_content_is_kept():
    assert split_sentences("```\nneedle_count = 6\n```") == ["needle_count = 6"]


def test_chinese_and_japanese_full_stops_end_sentences():
    assert split_sentences("针灸是一种疗法。它可能有帮助！鍼は細い？はい。") == [
        "针灸是一种疗法。",
        "它可能有帮助！",
        "鍼は細い？",
        "はい。",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Akupunktur hilft. Ärzte empfehlen sie.", ["Akupunktur hilft.", "Ärzte empfehlen sie."]),
        ("Иглы тонкие. Это не больно.", ["Иглы тонкие.", "Это не больно."]),
        ("Relax 🌿. Breathe 😌! Smile.", ["Relax 🌿.", "Breathe 😌!", "Smile."]),
        ("🌿 Calm rooms 🌿", ["🌿 Calm rooms 🌿"]),
        ("الإبر رفيعة. لا تؤلم.", ["الإبر رفيعة.", "لا تؤلم."]),
    ],
)
def test_non_latin_text_and_emoji_are_split_without_damage(text, sentences):
    assert split_sentences(text) == sentences


def test_windows_and_old_mac_line_endings_split_lines():
    assert split_sentences("- One item\r\n- Two items\r- Three items") == [
        "One item",
        "Two items",
        "Three items",
    ]


# --- Robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ADVERSARIAL_STRINGS, ids=lambda text: repr(text[:12]))
def test_long_adversarial_text_is_processed(text):
    sentences = split_sentences(text)
    found = claims(text)

    assert all(sentence == " ".join(sentence.split()) and sentence for sentence in sentences)
    assert {sentence for sentence, _ in found} <= set(sentences)
    assert bool(found) == ("cure" in text)


def test_long_article_reports_every_claim():
    paragraph = "Acupuncture may help some people. It is not a cure. Ask your doctor first.\n\n"
    body = paragraph * 150

    assert len(body) > 10_000
    assert claims(body) == [("It is not a cure.", "cure")] * 150


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_splits_into_clean_non_empty_sentences(text):
    for sentence in split_sentences(text):
        assert sentence
        assert sentence == " ".join(sentence.split())


markdown_like_text = st.lists(
    st.sampled_from(
        [
            "cure",
            "Cure.",
            "**",
            "*",
            "_",
            "[",
            "](",
            ")",
            "![",
            "#",
            "- ",
            "1. ",
            "\n",
            "\n\n",
            " ",
            ".",
            "?",
            "e.g.",
            "Dr.",
            "100",
            "%",
            "<b>",
            "</b>",
            "`",
            "|",
            "---",
            "secure",
            "é",
        ]
    ),  # fmt: skip
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdown_like_text)
def test_claims_are_always_sentences_of_the_text(text):
    sentences = split_sentences(text)

    for sentence, phrase in claims(text):
        assert sentence in sentences
        assert phrase in DEFAULT_CLAIM_PHRASES
