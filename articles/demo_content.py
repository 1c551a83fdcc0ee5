"""
The demo site's content, as plain data: `manage.py load_demo` writes it to the database.

Every citation below is one of the checked references in the project's reference list; the
article text is the clinic's own. Dates are offsets in days from the day the command first
creates an object (negative is the past), so the demo stays current without a frozen clock.
"""

# The citations exactly as checked, with the links readers use to check them.
COCHRANE_NEUROPATHIC_PAIN = {
    "citation": (
        "Ju ZY, Wang K, Cui HS, Yao Y, Liu SM, Zhou J, Chen TY, Xia J. Acupuncture for "
        "neuropathic pain in adults. Cochrane Database of Systematic Reviews. 2017. CD012057."
    ),
    "doi": "10.1002/14651858.CD012057.pub2",
    "pmid": "",
    "url": "",
}
VICKERS_CHRONIC_PAIN = {
    "citation": (
        "Vickers AJ, Vertosick EA, Lewith G, MacPherson H, Foster NE, Sherman KJ, Irnich D, "
        "Witt CM, Linde K; Acupuncture Trialists' Collaboration. Acupuncture for Chronic Pain: "
        "Update of an Individual Patient Data Meta-Analysis. The Journal of Pain. "
        "2018;19(5):455-474."
    ),
    "doi": "10.1016/j.jpain.2017.11.005",
    "pmid": "29198932",
    "url": "",
}
NICE_CG173 = {
    "citation": (
        "National Institute for Health and Care Excellence. Neuropathic pain in adults: "
        "pharmacological management in non-specialist settings. Clinical guideline CG173. "
        "Published 20 November 2013, last updated September 2020."
    ),
    "doi": "",
    "pmid": "",
    "url": "https://www.nice.org.uk/guidance/cg173",
}
GARROW_DIABETIC_NEUROPATHY = {
    "citation": (
        "Garrow AP, Xing M, Vere J, Verrall B, Wang L, Jude EB. Role of acupuncture in the "
        "management of diabetic painful neuropathy (DPN): a pilot RCT. Acupuncture in Medicine. "
        "2014;32(3):242-249."
    ),
    "doi": "10.1136/acupmed-2013-010495",
    "pmid": "",
    "url": "",
}
HAN_CIPN_MYELOMA = {
    "citation": (
        "Han X, Wang L, Shi H, Zheng G, He J, Wu W, et al. Acupuncture combined with "
        "methylcobalamin for the treatment of chemotherapy-induced peripheral neuropathy in "
        "patients with multiple myeloma. BMC Cancer. 2017;17(1):40."
    ),
    "doi": "10.1186/s12885-016-3037-z",
    "pmid": "",
    "url": "",
}

DISCLAIMER = (
    "This article is general information, not medical advice, and it cannot take account of "
    "your own health. Please talk to your GP or specialist before starting any new treatment, "
    "and do not stop or change a prescribed treatment without their advice."
)


CONDITIONS = [
    {
        "slug": "neuropathy",
        "name": "Neuropathy",
        "synonyms": "nerve pain, neuropathic pain, peripheral neuropathy",
        "summary": (
            "Neuropathy means damage to the nerves that carry messages between the brain and "
            "the rest of the body. It often causes burning, tingling or numbness in the feet "
            "and hands."
        ),
        "meta_description": (
            "Neuropathy (nerve pain): common causes and symptoms, and what acupuncture can and "
            "cannot offer alongside care from your GP."
        ),
        "body": """\
## What neuropathy is

Peripheral neuropathy happens when the nerves outside the brain and spinal cord are damaged.
It usually starts in the feet and can spread slowly up the legs and into the hands. Common
causes include:

- diabetes
- some cancer treatments, especially chemotherapy
- shingles, a lack of vitamin B12, or drinking too much alcohol over many years
- sometimes no cause is found

## How it can feel

People describe burning, stabbing or electric-shock pains, pins and needles, or numbness
that makes it hard to feel the floor. The pain is often worse at night. Numb feet can make
falls and unnoticed injuries more likely, so it is worth checking your feet every day.

## Where acupuncture fits

Nerve pain is usually treated first with medicines prescribed by your GP or a pain
specialist. Some people also try acupuncture. We want to be honest with you: a Cochrane
review published in 2017 found too little evidence to say whether acupuncture helps nerve
pain or not, and the evidence it did find was of very low quality.

Some of our patients feel that acupuncture helps them cope, but we cannot promise that it
will help you. Serious problems are rare when acupuncture is given by a trained, registered
practitioner, although minor side effects such as bruising or soreness are common. We always
work alongside your medical care, never instead of it.
""",
    },
    {
        "slug": "neuralgia",
        "name": "Neuralgia",
        "synonyms": (
            "trigeminal neuralgia, nerve pain in the face, facial nerve pain, "
            "postherpetic neuralgia"
        ),
        "summary": (
            "Neuralgia is pain that follows the path of a nerve. Trigeminal neuralgia causes "
            "sudden attacks of severe pain in the face; postherpetic neuralgia is pain that "
            "lingers after shingles."
        ),
        "meta_description": (
            "Neuralgia, including trigeminal neuralgia and pain after shingles: symptoms, usual "
            "medical treatment and where acupuncture may fit."
        ),
        "body": """\
## Types of neuralgia

- **Trigeminal neuralgia** brings brief, intense attacks of stabbing or electric-shock pain,
  usually on one side of the face. Attacks can be set off by a light touch, eating, talking,
  brushing your teeth or a cold breeze.
- **Postherpetic neuralgia** is burning or aching pain in the area where a shingles rash
  was. It can carry on for months after the rash has healed.

## Usual medical treatment

Everyday painkillers such as paracetamol rarely help neuralgia. Your GP may offer a medicine
that calms overactive nerves; for trigeminal neuralgia this is usually carbamazepine. Some
people are referred to a specialist to talk about other options, which for trigeminal
neuralgia can include surgery.

## Where acupuncture fits

Some people with neuralgia try acupuncture alongside their medicines. The research on
acupuncture for nerve pain is limited and of low quality, so we cannot tell you whether it is
likely to help you.

If you would like to try it, we will start gently, keep away from any trigger areas on your
face, and review with you after a few sessions whether it is worth continuing. Please keep
taking your prescribed medicines while you try acupuncture.
""",
    },
    {
        "slug": "chronic-lower-back-pain",
        "name": "Chronic lower back pain",
        "synonyms": "back pain, lumbago, low back pain",
        "summary": (
            "Chronic lower back pain is pain in the lower back that has lasted for more than "
            "three months. It is very common and, for most people, is not caused by anything "
            "serious."
        ),
        "meta_description": (
            "Long-term lower back pain: what usually helps, warning signs to act on, and an "
            "honest view of acupuncture as one option."
        ),
        "body": """\
## About long-term back pain

Most back pain settles within a few weeks. When it lasts longer than three months it is
called chronic. Scans often show changes that are a normal part of getting older, and these
do not always match how much pain someone feels.

## What usually helps

- staying as active as you can, and building up gently
- exercise, including programmes from an NHS physiotherapist
- support to cope with pain, such as a pain management programme
- pain medicines for a short time, as advised by your GP or pharmacist

## Acupuncture for back pain

A large analysis published in 2018 combined the data of thousands of patients from many
trials. It found that acupuncture did a little better than sham (pretend) acupuncture, and
than no acupuncture, for several kinds of long-term pain, including muscle and joint pain.
The effects were modest.

National guidance in England from NICE does not currently recommend acupuncture for low back
pain, and we think you should know that before you decide. If you choose to try it, we will
agree clear goals with you and review them after a short course.

## Get help urgently if

Call 999 or go to A&E if back pain comes with numbness around your bottom or genitals,
problems controlling your bladder or bowels, or weakness in both legs.
""",
    },
    {
        "slug": "chemotherapy-induced-peripheral-neuropathy",
        "name": "Chemotherapy-induced peripheral neuropathy",
        "synonyms": "CIPN, chemotherapy nerve damage, nerve pain after chemotherapy",
        "summary": (
            "Some chemotherapy medicines can damage the nerves in the hands and feet, causing "
            "numbness, tingling or pain. It often eases after treatment ends, but for some "
            "people it lasts."
        ),
        "meta_description": (
            "Chemotherapy-induced peripheral neuropathy (CIPN): symptoms, why to tell your "
            "cancer team early, and acupuncture as a supportive option."
        ),
        "body": """\
## What CIPN is

Several chemotherapy medicines can affect the long nerves that run to the hands and feet.
Symptoms often start as tingling in the fingertips or toes and may include:

- numbness, or a feeling of wearing gloves or socks when you are not
- burning or shooting pains
- difficulty with fine tasks such as doing up buttons
- unsteadiness when walking, especially in the dark

## Tell your cancer team early

Always report new or worsening symptoms to your oncology team or chemotherapy helpline.
They may change the dose or timing of your treatment to protect your nerves, and that is a
decision only they can make.

## Where acupuncture fits

Some people try acupuncture to help them cope with CIPN, once their cancer team has agreed.
The research so far is limited, and we cannot say whether it will help you.

Because chemotherapy can lower your blood counts, we ask about your latest results before
each treatment and work closely with your cancer team. The acupuncturist who leads this work
at our clinic is also a registered nurse with many years of experience in cancer care.
""",
    },
]


PRACTITIONERS = [
    {
        "slug": "helen-marsh",
        "name": "Helen Marsh",
        "title": "Acupuncturist and clinic director",
        "credentials": "BSc (Hons) Acupuncture, MBAcC",
        "registration_number": "BAcC 10472",
        "is_accepting_new_patients": True,
        "is_active": True,
        "conditions_treated": [
            "neuropathy",
            "neuralgia",
            "chronic-lower-back-pain",
            "chemotherapy-induced-peripheral-neuropathy",
        ],
        "biography": """\
Helen trained in acupuncture at degree level and has practised for more than twenty years.
Before opening the clinic she worked alongside physiotherapists and pain nurses in an NHS
pain service. That shaped how she works today: acupuncture is one part of a person's care,
never a replacement for it.

Her particular interest is long-term nerve pain, especially neuropathy in older adults. She
takes care to explain what the research does and does not show, and she will tell you plainly
if she thinks acupuncture is not helping you.

- Member of the British Acupuncture Council
- Medical reviewer for the clinic's articles

Outside the clinic, Helen walks the local hills with her elderly spaniel, slowly.
""",
    },
    {
        "slug": "anjali-rao",
        "name": "Anjali Rao",
        "title": "Senior acupuncturist",
        "credentials": "MSc Acupuncture, MBAcC",
        "registration_number": "BAcC 11839",
        "is_accepting_new_patients": True,
        "is_active": True,
        "conditions_treated": ["neuropathy", "neuralgia", "chronic-lower-back-pain"],
        "biography": """\
Anjali has practised acupuncture for fifteen years, first in Manchester and, since 2016, at
this clinic. She sees many people with long-term back pain and with neuralgia, including
trigeminal neuralgia and pain after shingles.

She knows that people with facial pain can be anxious about any touch near a trigger area,
so she plans treatment with each patient, starts gently and explains every step before she
begins.

Anjali's master's research looked at how patients and practitioners talk about long-term
pain. She enjoys helping people set goals they can notice in daily life, such as walking a
little further or sleeping better.

She speaks English, Hindi and Gujarati.
""",
    },
    {
        "slug": "gareth-owen",
        "name": "Gareth Owen",
        "title": "Acupuncturist and registered nurse",
        "credentials": "RN, BSc (Hons) Acupuncture, MBAcC",
        "registration_number": "BAcC 12650",
        "is_accepting_new_patients": False,
        "is_active": True,
        "conditions_treated": ["chemotherapy-induced-peripheral-neuropathy", "neuropathy"],
        "biography": """\
Gareth spent twelve years as a chemotherapy nurse before training in acupuncture. He
understands the practical side of cancer treatment: blood counts, PICC lines and ports,
tiredness, and the worry that comes with any new symptom.

At the clinic he works mainly with people who have nerve symptoms after chemotherapy, and
with their cancer teams. He always asks to see your latest blood results before treatment,
and he will not place needles in an arm or leg at risk of lymphoedema.

Gareth's list is currently full. You are welcome to join his waiting list, or to see one of
his colleagues in the meantime.
""",
    },
    {
        # Inactive: kept for the clinic's records, hidden from the public site.
        "slug": "margaret-ellis",
        "name": "Margaret Ellis",
        "title": "Acupuncturist",
        "credentials": "BSc (Hons) Acupuncture",
        "registration_number": "BAcC 09815",
        "is_accepting_new_patients": False,
        "is_active": False,
        "conditions_treated": ["chronic-lower-back-pain"],
        "biography": """\
Margaret practised at the clinic for many years, mostly with people who had long-term back
and joint pain, until she retired. Many patients remember her patience and her careful
explanations.

Her profile is kept for the clinic's records and is not shown on the public site.
""",
    },
]


# Each article's "state": "published" (publish_in_days in the past), "scheduled"
# (publish_in_days in the future) or "draft" (left unpublished, breaking the publish rules on
# purpose so that staff can see them at work).
ARTICLES = [
    {
        "slug": "acupuncture-and-nerve-pain-what-the-evidence-says",
        "title": "Acupuncture and nerve pain: what the evidence says",
        "state": "published",
        "publish_in_days": -40,
        "last_reviewed_in_days": -42,
        "author": "helen-marsh",
        "reviewer": "anjali-rao",
        "conditions": ["neuropathy", "neuralgia"],
        "summary": (
            "Many people with nerve pain ask us whether acupuncture works. This article "
            "explains, in plain language, what the research shows, what it does not show, and "
            "how you might decide whether to try it."
        ),
        "meta_description": (
            "An honest look at the research on acupuncture for nerve pain, what it does not "
            "show, and how to decide whether it is right for you."
        ),
        "disclaimer": DISCLAIMER,
        "references": [
            COCHRANE_NEUROPATHIC_PAIN,
            VICKERS_CHRONIC_PAIN,
            GARROW_DIABETIC_NEUROPATHY,
            NICE_CG173,
        ],
        "body": """\
People with nerve pain often ask us a simple question: does acupuncture work? The honest
answer is that nobody knows for certain yet. This article explains why, what the research
does tell us, and how you might decide whether to try it.

## What we mean by nerve pain

Nerve pain, also called neuropathic pain, comes from damage to, or disease of, the nerves
themselves. It is different from the ache of a worn joint or a pulled muscle. Common examples
include:

- painful diabetic neuropathy, often felt in the feet
- nerve pain after chemotherapy
- trigeminal neuralgia, which causes attacks of pain in the face
- postherpetic neuralgia, the pain that can follow shingles

Nerve pain is often described as burning, shooting, stabbing or like an electric shock. It
can be hard to treat, and many people need to try more than one approach.

## What the research shows

The most careful summary of the research is a Cochrane review published in 2017 [1].
Cochrane reviews gather every suitable trial on a question and judge how far the results can
be trusted. For acupuncture and neuropathic pain, the reviewers found only six studies, with
462 people in total. They concluded that there was too little evidence to support or refute
acupuncture for neuropathic pain, and that the quality of the evidence was very low.

"Very low quality" does not mean that acupuncture is useless. It means the studies were too
few, too small or too open to bias for anyone to be confident about their results. Better
trials in future could change the picture in either direction.

There is stronger research on acupuncture for other kinds of long-term pain. A large
analysis brought together 39 trials and more than 20,000 patients with conditions such as
osteoarthritis, chronic headache and shoulder pain [2]. Acupuncture did better than sham
(pretend) acupuncture and better than no acupuncture, and most of the benefit was still
there a year later. The effects were modest, though, and those trials were not about nerve
pain, so we cannot assume that the same results apply to it.

Smaller studies have looked at particular kinds of nerve pain, such as a pilot trial in
people with painful diabetic neuropathy [3]. Pilot trials are designed to find out whether a
larger study is possible; on their own, they cannot tell us whether a treatment works.

## How nerve pain is usually treated

In the UK, doctors follow guidance from the National Institute for Health and Care
Excellence (NICE) on medicines for neuropathic pain [4]. Your GP may offer one of several
medicines that calm overactive nerves, and will review with you how well it works and
whether it causes side effects. These medicines do not suit everyone, which is one reason
people look for other options.

Acupuncture is not a replacement for this care. If you try it, it should sit alongside the
treatment your doctor has recommended.

## Deciding whether to try acupuncture

If you are thinking about acupuncture for nerve pain, these steps may help:

1. Talk to your GP or specialist first, especially if you take blood-thinning medicines or
   have diabetes.
2. Choose a practitioner who belongs to a professional body, such as the British
   Acupuncture Council.
3. Agree one or two goals you would notice, such as sleeping through the night or walking
   to the shops.
4. Try a short course, often four to six sessions, then review it honestly with your
   practitioner.
5. Stop if it is not helping. A good practitioner will tell you so.

Serious problems are rare when acupuncture is given by a trained practitioner, but it does
have side effects. Bruising, soreness where the needles went in, and feeling tired or
light-headed afterwards are the most common. If your feet are numb, tell your practitioner,
because you may not feel discomfort in the usual way.

## When to see your GP or doctor urgently

Nerve symptoms sometimes need prompt medical attention. Contact your GP the same day, or
call NHS 111, if you notice:

- numbness or weakness that spreads quickly over hours or days
- a cut, blister or sore on a numb foot that is red, swollen or not healing
- new nerve pain together with a fever or a rash

Call 999 if you have sudden weakness or numbness on one side of the body, a drooping face or
difficulty speaking, as these can be signs of a stroke.

## In short

The research on acupuncture for nerve pain is limited and of very low quality. Some people
find that it helps them cope, and it may be worth a careful trial alongside your usual
treatment, but we cannot promise that it will help you.
""",
    },
    {
        "slug": "living-with-trigeminal-neuralgia-a-practical-guide",
        "title": "Living with trigeminal neuralgia: a practical guide",
        "state": "published",
        "publish_in_days": -20,
        "last_reviewed_in_days": -21,
        "author": "anjali-rao",
        "reviewer": "helen-marsh",
        "conditions": ["neuralgia"],
        "summary": (
            "Trigeminal neuralgia causes sudden attacks of severe facial pain that can make "
            "eating, talking and going outdoors difficult. This guide shares practical ways to "
            "manage daily life, explains the usual medical treatment, and looks honestly at "
            "acupuncture."
        ),
        "meta_description": (
            "Practical tips for daily life with trigeminal neuralgia, the usual medical "
            "treatment, and an honest view of acupuncture alongside it."
        ),
        "disclaimer": DISCLAIMER,
        "references": [NICE_CG173, COCHRANE_NEUROPATHIC_PAIN],
        "body": """\
Trigeminal neuralgia, often shortened to TN, causes sudden attacks of intense pain in the
face. People describe it as an electric shock or a stabbing pain, usually on one side,
lasting from a second or two up to a couple of minutes. Attacks can come in clusters and then
settle for weeks or months. Living with the uncertainty can be as hard as the pain itself.

This guide is written for people with TN and for those who care for them.

## What sets off an attack

The trigeminal nerve carries feeling from the face to the brain. In TN it sends out pain
signals at the slightest touch. Common triggers include:

- eating, chewing or drinking
- talking or smiling
- brushing your teeth or washing your face
- shaving or putting on make-up
- a light breeze, cold air or air conditioning

Not everyone has the same triggers. A simple diary of when attacks happen can help you and
your doctor to spot patterns.

## Medical treatment comes first

Everyday painkillers such as paracetamol and ibuprofen do not usually help TN. NICE guidance
for doctors recommends a medicine called carbamazepine as the first treatment to try [1]. It
works by calming the nerve rather than by blocking pain in the usual way. It can cause side
effects such as dizziness or drowsiness, so your GP will usually start with a low dose and
increase it slowly.

If carbamazepine does not help or does not suit you, your GP can refer you to a specialist,
who can discuss other medicines and, for some people, an operation.

Please do not stop carbamazepine suddenly, even if the pain has settled. Talk to your doctor
about how to reduce it safely.

## Practical ways to make daily life easier

Small changes can lower the chance of setting off an attack:

1. Eat soft foods on the side of your mouth that is less affected, and let hot drinks cool
   a little first.
2. Drink through a straw if your lips are sensitive.
3. Use a soft, child-sized toothbrush and lukewarm water. On bad days, rinsing with
   mouthwash is better than skipping mouth care altogether.
4. Wear a scarf, a hat or a high collar outdoors to shield your face from wind and cold.
5. Sit away from fans, open windows and air-conditioning vents.
6. Plan your day so that tasks involving talking or eating fall at the times when your pain
   is usually quieter.

Keep up with dental check-ups and tell your dentist that you have TN. They can work more
gently, and it is worth ruling out a problem with your teeth as a cause of facial pain.

## Looking after your mood

Repeated attacks of severe pain are exhausting and frightening. It is common to feel low or
anxious, or to stop going out. Please tell your GP if this is happening to you. Support
groups, including a national charity for people with trigeminal neuralgia, can put you in
touch with others who understand.

## Where acupuncture fits

Some people with TN ask us about acupuncture. The research on acupuncture for nerve pain in
general is limited and of very low quality [2], and there is very little research on TN
itself, so we cannot tell you whether it will help you. If you would like to try it
alongside your medicine, we will:

- plan the needle points with you, often well away from the face at first
- avoid any area that you know to be a trigger
- stop at once if a session sets off an attack
- review with you after a few sessions whether it is worth continuing

## When to see your GP or doctor urgently

Contact your GP promptly, or call NHS 111, if:

- you have numbness, weakness or drooping in part of your face
- the pain is constant rather than coming in attacks, or feels different from usual
- you have a rash on your face or near your eye, which may be shingles
- you have problems with your eyesight or hearing as well as facial pain
- you cannot eat or drink enough because of the pain

Call 999 if drooping of the face comes with weakness in an arm or slurred speech, as these
can be signs of a stroke.
""",
    },
    {
        "slug": "what-to-expect-at-your-first-acupuncture-appointment",
        "title": "What to expect at your first acupuncture appointment",
        "state": "published",
        "publish_in_days": -5,
        "last_reviewed_in_days": -6,
        "author": "helen-marsh",
        "reviewer": "gareth-owen",
        "conditions": ["chronic-lower-back-pain", "neuropathy"],
        "summary": (
            "Trying acupuncture for the first time can feel daunting. This article walks you "
            "through a first appointment at our clinic step by step, from the questions we ask "
            "to how you may feel afterwards."
        ),
        "meta_description": (
            "A step-by-step guide to a first acupuncture appointment: what we ask, what the "
            "needles feel like, possible side effects and aftercare."
        ),
        "disclaimer": DISCLAIMER,
        "references": [VICKERS_CHRONIC_PAIN, COCHRANE_NEUROPATHIC_PAIN],
        "body": """\
If you have never had acupuncture before, it is natural to feel a little nervous. Knowing
what will happen can help. This is how a first appointment works at our clinic; other
clinics may do things slightly differently.

## Before you come

When you book, we will ask for your name, a contact number and a short description of the
problem. If your pain has not yet been checked by a doctor, we may suggest that you see your
GP first.

On the day, it helps to:

- bring a list of all your medicines, including anything bought from a pharmacy
- have a light meal an hour or two beforehand, so that you are less likely to feel faint
- wear loose clothing that can be rolled up to the knee and elbow
- bring your glasses, your hearing aid, or a friend or relative if that makes things easier

## The first conversation

Your first appointment lasts about an hour, and a good part of it is talking. Your
practitioner will ask about your pain, your general health and any treatment you have had.
Please tell us if you:

- take medicines that thin the blood, such as warfarin, apixaban or clopidogrel
- have diabetes, or numbness in your feet or hands
- have a pacemaker or another implanted device
- have had lymph nodes removed, or are having cancer treatment
- are pregnant, have a bleeding disorder or are frightened of needles

None of these necessarily means you cannot have acupuncture, but they change how we plan
your sessions. We will also talk honestly about what acupuncture might and might not do. For some
long-term pain, such as osteoarthritis and chronic headache, research suggests a modest
benefit on average [1]; for nerve pain, there is too little good evidence to say [2].

## Your first treatment

If you are both happy to go ahead, treatment usually follows at the same visit:

1. You lie or sit in whatever position is comfortable. We use pillows and supports, and you
   can change position at any time.
2. Your practitioner inserts a small number of very fine, sterile, single-use needles. They
   are much thinner than the needles used for injections or blood tests.
3. You may feel a brief prick, then a dull ache, tingling or warmth around the needle. Tell
   us if anything feels sharp or uncomfortable and we will adjust it.
4. The needles usually stay in for 15 to 30 minutes while you rest. Your practitioner stays
   close by, and you can call out at any time.
5. The needles are removed and safely thrown away. We ask you to sit up slowly and take a
   few minutes before you stand.

At a first treatment we use fewer needles, so that we can see how you respond.

## How you may feel afterwards

Many people feel relaxed or a little sleepy. Acupuncture does have side effects, although
they are usually mild and short-lived. The most common are:

- small bruises, or a spot of bleeding where a needle went in
- soreness at a needle site
- feeling tired, light-headed or, occasionally, faint
- a short-lived change in your symptoms, sometimes for the worse, before they settle

Serious problems are rare when acupuncture is given by a trained, registered practitioner.
Please call us if anything worries you after a session. If you feel drowsy, do not drive
straight away; have a drink of water and take things gently for the rest of the day.

## How many sessions

We usually suggest a short course of four to six weekly sessions, followed by a review.
Together we look back at the goals you set at the start. If acupuncture is not helping, we
will say so, and we will not encourage you to keep paying for treatment that is not
working.

## When to see your GP or doctor urgently

Acupuncture is not a substitute for medical care. See your GP urgently, or call NHS 111, if
your pain changes suddenly or comes with a fever, unexplained weight loss, or new weakness
or numbness.

Call 999 or go to A&E if back pain comes with numbness around your bottom or genitals or
with problems controlling your bladder or bowels, or if you have chest pain or signs of a
stroke.
""",
    },
    {
        "slug": "acupuncture-alongside-cancer-treatment-peripheral-neuropathy",
        "title": "Acupuncture alongside cancer treatment: peripheral neuropathy",
        "state": "scheduled",
        "publish_in_days": 7,
        "last_reviewed_in_days": -2,
        "author": "gareth-owen",
        "reviewer": "helen-marsh",
        "conditions": ["chemotherapy-induced-peripheral-neuropathy", "neuropathy"],
        "summary": (
            "Numbness, tingling and pain in the hands and feet are common side effects of some "
            "chemotherapy medicines. This article explains what chemotherapy-induced peripheral "
            "neuropathy is, why your cancer team should always hear about it first, and what is "
            "known about acupuncture."
        ),
        "meta_description": (
            "Nerve symptoms after chemotherapy (CIPN): what they are, why to tell your cancer "
            "team first, and what is known about acupuncture."
        ),
        "disclaimer": DISCLAIMER,
        "references": [HAN_CIPN_MYELOMA, COCHRANE_NEUROPATHIC_PAIN, NICE_CG173],
        "body": """\
Many people having chemotherapy notice tingling or numbness in their fingers and toes. For
some it is a mild nuisance that fades after treatment; for others it is painful and affects
daily life for a long time. This is called chemotherapy-induced peripheral neuropathy, or
CIPN. It is one of the side effects our patients ask about most.

## What CIPN is

Some chemotherapy medicines can damage the long nerves that carry feeling to the hands and
feet. Symptoms usually start at the tips of the fingers and toes, and can include:

- tingling, pins and needles or numbness
- burning, shooting or aching pain
- being more sensitive to cold
- clumsiness with buttons, keys or writing
- feeling unsteady, particularly in the dark or on uneven ground

Symptoms can appear during treatment or in the weeks after it. They often improve slowly
once chemotherapy ends, although for some people they continue.

## Your cancer team comes first

Please tell your oncology team or chemotherapy helpline about any new nerve symptoms, even if
they seem small. This matters because:

1. Your team may be able to change the dose or timing of your treatment to protect your
   nerves. Only they can weigh this against the benefit of the chemotherapy.
2. They can check for other causes, such as a lack of vitamin B12, or diabetes.
3. They can offer medicines for nerve pain where suitable. Doctors in the UK use NICE
   guidance on medicines for neuropathic pain [3].
4. They can refer you to physiotherapy or occupational therapy for help with balance and
   daily tasks.

Please do not stop or change any cancer treatment, or any other medicine, because you are
trying acupuncture.

## What the research says about acupuncture

Research into acupuncture for CIPN is at an early stage. One study looked at acupuncture
combined with methylcobalamin, a form of vitamin B12, for CIPN in people with multiple
myeloma, a blood cancer [1]. Single studies like this are useful for showing what to test
next, but on their own they cannot show whether a treatment works for most people.

More broadly, a Cochrane review of acupuncture for nerve pain found too little evidence to
support or refute it, and judged the quality of that evidence to be very low [2]. So we
cannot tell you whether acupuncture is likely to help your CIPN. What we can offer is a
careful trial with clear goals, alongside your medical care.

## How we keep acupuncture safe during cancer treatment

Chemotherapy can lower the number of blood cells that fight infection and help blood to
clot. To keep you safe, we:

- ask to see your latest blood results, and postpone treatment if your counts are low
- never place needles into or near a PICC line, a port or any broken skin
- avoid needling an arm or leg at risk of lymphoedema, for example on the side where lymph
  nodes were removed
- use fewer needles and gentler techniques, especially in numb areas where you may not feel
  discomfort
- keep your cancer team informed, with your agreement

If you are unsure whether acupuncture is right for you at this point in your treatment, ask
your oncology team. It is also perfectly reasonable to wait until your treatment has
finished.

## When to see your GP or doctor urgently

During chemotherapy, call your chemotherapy helpline straight away, at any time of the day
or night, if you:

- have a high temperature (your team will tell you the level to watch for, often 37.5°C),
  a temperature below 36°C, or feel suddenly unwell, shivery or confused
- notice numbness or weakness that is spreading or getting worse quickly
- have trouble walking, have had a fall, or cannot hold things safely
- have new problems passing urine or controlling your bladder or bowels

These can be signs of an infection or of another problem that needs urgent care. If you
cannot get through and you feel very unwell, call 999.
""",
    },
    {
        # A half-written draft that breaks the publish rules on purpose: it has no disclaimer
        # and its only reference has no link yet.
        "slug": "acupuncture-for-long-term-lower-back-pain",
        "title": "Acupuncture for long-term lower back pain",
        "state": "draft",
        "author": "anjali-rao",
        "reviewer": None,
        "conditions": ["chronic-lower-back-pain"],
        "summary": (
            "Long-term lower back pain is one of the most common reasons people come to see us. "
            "This article explains what acupuncture can and cannot offer, and how it fits with "
            "exercise and the other help available."
        ),
        "meta_description": (
            "What acupuncture can and cannot offer for long-term lower back pain, and how it "
            "fits with exercise and other help."
        ),
        "disclaimer": "",
        "references": [
            {
                "citation": (
                    "Vickers AJ, et al. Acupuncture for Chronic Pain: Update of an Individual "
                    "Patient Data Meta-Analysis. The Journal of Pain. 2018."
                ),
                "doi": "",
                "pmid": "",
                "url": "",
            },
        ],
        "body": """\
Long-term lower back pain is one of the most common reasons people come to see us. This
article explains what acupuncture can and cannot offer, and how it fits with exercise and
the other help available.

## What the research shows

A large analysis of trials in long-term pain found that acupuncture did a little better than
sham acupuncture and than no acupuncture, with modest effects that mostly lasted for a year
[1].

*Still to write: a paragraph on the NICE guidance for low back pain, which does not
recommend acupuncture. Ask Helen to check the wording.*

## Staying active

- keep moving, little and often
- build up walking gradually
- (add the physiotherapy programme leaflet)

## Notes before review

1. Add the disclaimer.
2. Add the DOI or PubMed ID for reference 1.
3. Write the "When to see your GP urgently" section.
""",
    },
]
