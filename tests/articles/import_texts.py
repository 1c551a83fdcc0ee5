"""Plain-text drafts in the shapes clinics receive, written for the importer's tests."""

# Like a writer's draft: a meta description line, "Introduction:" headings with colons, a
# paragraph broken by a stray blank line, "•" bullets with lead-ins, a "References:" block of
# placeholder citations without links, and a disclaimer at the end.
BACK_PAIN = """\
Meta-description: How acupuncture may ease chronic lower back pain, what the studies say, and what a course of treatment looks like.


Acupuncture for Chronic Lower Back Pain: What the Evidence Says


Introduction:

Lower back pain is one of the most common reasons people see a doctor. For many it settles within weeks, but for some it becomes a long-term companion that shapes sleep, work and mood.


How Acupuncture Is Thought to Work:

Fine needles are placed at chosen points on the body. Researchers think this may change how the nervous system processes pain signals, although the picture is still

incomplete and studies disagree on how large the effect is.


What a Course of Treatment Looks Like:

Most people have a course of sessions over several weeks. A typical plan looks like this:


  • First Visit: The practitioner asks about your health, your pain and any medicines you take.


  • Treatment Sessions: Each session lasts about 30 minutes, with needles left in place for 20 minutes.


  • Review: After five or six sessions you and your practitioner decide whether to continue.


Future Research:

Larger trials comparing acupuncture with usual care are under way.


References:


Example A, Example B. (2021). Acupuncture for low back pain: a review of reviews. Journal of Pain Studies.
Sample X, Sample Y. (2019). Needling and lumbago: a randomised trial. Spine Health Journal.

Disclaimer: This article is general information, not medical advice. Talk to your GP before starting any new treatment.
"""  # noqa: E501
# The stray blank line that breaks a paragraph holds a space, as pasted text often does.
BACK_PAIN = BACK_PAIN.replace("still\n\nincomplete", "still\n \nincomplete")

BACK_PAIN_TITLE = "Acupuncture for Chronic Lower Back Pain: What the Evidence Says"
BACK_PAIN_HEADINGS = [
    "Introduction",
    "How Acupuncture Is Thought to Work",
    "What a Course of Treatment Looks Like",
    "Future Research",
]

# Like a page copied from an old website: no meta description, headings without colons, an
# image caption repeated "from somesite.com", numbered ("1." and "2)") and bulleted ("-", "*",
# indented) lists, the clinic's name in the text, and citations at the end without a
# "References" heading (Vancouver and APA styles).
MIGRAINE = """\
Can Acupuncture Ease Migraine?

Acupuncture needles on a forehead
Acupuncture needles on a forehead from examplecliniccdn.com

Introduction

Migraine is more than a bad headache. Attacks can last for days and often come with nausea and sensitivity to light.

What the Studies Found

1. Fewer Headache Days: In several trials, people who had acupuncture reported fewer migraine days per month.
2) Less Medication: Some participants used fewer painkillers during the study period.
3. Lasting Effects: A few studies followed people for six months after treatment.

Things to Tell Your Practitioner

- Your usual medicines
* Any blood-thinning treatment
   - Whether you are pregnant

Riverside Acupuncture Clinic has treated headache patients since 2009.

Linde K, Allais G, Brinkhaus B, et al. Acupuncture for the prevention of episodic migraine. Cochrane Database Syst Rev. 2016;(6):CD001218.
Smith J, Jones K. (2020). Acupuncture and headache diaries: a pilot study. Headache Care, 12(3), 101–109.
"""  # noqa: E501

MIGRAINE_CAPTION = "Acupuncture needles on a forehead"

# Saved on Windows: a BOM, CRLF line ends, curly quotes and apostrophes, Greek, Chinese and
# emoji, a heading ending in "?", numbered references with a DOI, a PMID and a URL.
NERVE_PAIN = (
    "\ufeffMeta-description: Acupuncture and nerve pain: what “neuropathy” means, what it’s "
    "like, and where to read more. 🌿\r\n"
    "\r\n"
    "Neuropathy and Acupuncture — a Patient’s Guide 🌿\r\n"
    "\r\n"
    "What Is “Nerve Pain”?\r\n"
    "\r\n"
    "Nerve pain (“neuropathic pain”) feels burning or electric. Patients say: ‘it’s like pins "
    "and needles that won’t stop.’\r\n"
    "\r\n"
    "In Greek the word is νευροπάθεια; in Chinese, acupuncture is 针灸 (zhēnjiǔ). "
    "针灸是一种传统疗法。\r\n"
    "\r\n"
    "References\r\n"
    "\r\n"
    "1. Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for chronic pain: update of an "
    "individual patient data meta-analysis. J Pain. 2018;19(5):455-474. "
    "doi:10.1016/j.jpain.2017.11.005\r\n"
    "2. Ju ZY, Wang K, Cui HS, et al. Acupuncture for neuropathic pain in adults. Cochrane "
    "Database Syst Rev. 2017;12:CD012057. PMID: 29197180\r\n"
    "3. NHS. Acupuncture. Available at: https://www.nhs.uk/conditions/acupuncture/\r\n"
    "\r\n"
    "Disclaimer: Information only — not medical advice. 💬 Ask your GP.\r\n"
)
NERVE_PAIN_BYTES = NERVE_PAIN.removeprefix("\ufeff").encode("utf-8-sig")
NERVE_PAIN_TITLE = "Neuropathy and Acupuncture — a Patient’s Guide 🌿"
