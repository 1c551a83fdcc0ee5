"""
Schema.org structured data (JSON-LD) for the public pages, saying only what the site records.

Every builder returns a plain dict for the `json_ld` template filter. A property whose value
would be empty is left out (`_compact`, `_present`), and nothing is inferred: an article
states a medical review only when one is recorded (a reviewer and a review date), a citation
only for a reference readers can follow (URL, DOI or PMID), opening hours only when the
clinic's hours read unambiguously, and a practitioner is a physician only when staff ticked
"registered medical doctor".

Choices where schema.org leaves room:
- The clinic is a `MedicalClinic` without `medicalSpecialty`: schema.org's MedicalSpecialty
  list has no acupuncture or pain medicine, and the nearest values (Neurologic,
  Musculoskeletal) would claim a specialty the clinic does not have. `availableService` says
  what it offers instead: acupuncture, as a `MedicalTherapy`.
- schema.org's `Physician` is a medical organisation ("an individual physician or a
  physician's office"), without a person's properties (jobTitle, worksFor); a practitioner who
  is a doctor is typed ["Person", "Physician"], so both sets of properties are valid.
- Credentials are the post-nominal letters staff type ("BSc (Hons) Acupuncture, MBAcC"), given
  as `honorificSuffix`; the registration number as a credential.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from clinic_site.absolute_urls import absolute_url
from clinic_site.route_paths import route_path

CONTEXT = "https://schema.org"
LANGUAGE = "en-GB"


def clinic() -> dict:
    """The clinic, for the home and contact pages."""
    details = settings.CLINIC
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "MedicalClinic",
            "name": details["name"],
            "url": absolute_url(route_path("home")),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": details["street_address"],
                "addressLocality": details["locality"],
                "postalCode": details["postal_code"],
                "addressCountry": details["country"],
            },
            "telephone": details["phone"],
            "email": details["email"],
            "openingHoursSpecification": opening_hours_specification(details["opening_hours"]),
            "availableService": {"@type": "MedicalTherapy", "name": "Acupuncture"},
        }
    )


def clinic_reference() -> dict:
    """The clinic by name and address only, where another item points to it."""
    return {
        "@type": "MedicalClinic",
        "name": settings.CLINIC["name"],
        "url": absolute_url(route_path("home")),
    }


def article_page(article, conditions: Iterable, references: Iterable) -> dict:
    """An article as a `MedicalWebPage` (its author and reviewer loaded)."""
    clinic = clinic_reference()
    data = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": article.title,
        "description": article.meta_description or article.summary,
        "url": absolute_url(article.get_absolute_url()),
        "inLanguage": LANGUAGE,
        "datePublished": _timestamp(article.published_at),
        "dateModified": _timestamp(article.updated_at),
        "author": person(article.author, clinic=clinic) if article.author else None,
        "publisher": clinic,
        "about": [medical_condition(condition) for condition in conditions],
        "citation": [citation(reference) for reference in references if reference.has_link],
    }
    if article.reviewer and article.last_reviewed_on:
        data["lastReviewed"] = article.last_reviewed_on.isoformat()
        data["reviewedBy"] = person(article.reviewer, clinic=clinic)
    return _present(data)


def condition_page(condition, articles: Iterable) -> dict:
    """A condition as a `MedicalCondition`, with its published articles."""
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "MedicalCondition",
            **medical_condition(condition),
            "description": condition.meta_description or condition.summary,
            "subjectOf": [
                {
                    "@type": "MedicalWebPage",
                    "name": article.title,
                    "url": absolute_url(article.get_absolute_url()),
                }
                for article in articles
            ],
        }
    )


def practitioner_page(practitioner) -> dict:
    return _compact({"@context": CONTEXT, **person(practitioner)})


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict:
    """A `BreadcrumbList` of (label, absolute URL) pairs, home first."""
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": label, "item": url}
                for position, (label, url) in enumerate(trail, start=1)
            ],
        }
    )


# --- Parts ----------------------------------------------------------------------------------


def person(practitioner, *, clinic: dict | None = None) -> dict:
    """A practitioner; their profile and employer (`clinic`, else clinic_reference()) only
    while their profile is public."""
    is_current = practitioner.is_active
    return _present(
        {
            "@type": ["Person", "Physician"] if practitioner.is_physician else "Person",
            "name": practitioner.name,
            "jobTitle": practitioner.title,
            "honorificSuffix": practitioner.credentials,
            "hasCredential": (
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "Professional registration",
                    "name": practitioner.registration_number,
                }
                if practitioner.registration_number
                else None
            ),
            "url": absolute_url(practitioner.get_absolute_url()) if is_current else None,
            "image": (
                absolute_url(practitioner.photo.url) if is_current and practitioner.photo else None
            ),
            "worksFor": (clinic or clinic_reference()) if is_current else None,
        }
    )


def medical_condition(condition) -> dict:
    return _present(
        {
            "@type": "MedicalCondition",
            "name": condition.name,
            "alternateName": condition.synonym_list,
            "url": absolute_url(condition.get_absolute_url()),
        }
    )


def citation(reference) -> dict:
    """A reference as a `CreativeWork`: its citation text, link and identifiers."""
    links = [
        reference.url,
        f"https://doi.org/{reference.doi}" if reference.doi else "",
        f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/" if reference.pmid else "",
    ]
    return _present(
        {
            "@type": "CreativeWork",
            "name": reference.citation,
            "url": reference.link,
            "sameAs": [link for link in links if link and link != reference.link],
            "identifier": [
                {"@type": "PropertyValue", "propertyID": property_id, "value": value}
                for property_id, value in (("DOI", reference.doi), ("PMID", reference.pmid))
                if value
            ],
        }
    )


# --- Opening hours --------------------------------------------------------------------------

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY_NAMES = {
    **{day.casefold(): day for day in _DAYS},
    **{day[:3].casefold(): day for day in _DAYS},
}
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)|\d{1,2}[:.]\d{2}"
_RANGE = re.compile(rf"^({_TIME})\s*(?:to|-|–)\s*({_TIME})$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*", re.IGNORECASE)
_DAY_RANGE = re.compile(r"\s*(?:\bto\b|-|–)\s*", re.IGNORECASE)


def opening_hours_specification(lines: Iterable[str]) -> list[dict] | None:
    """The clinic's opening hours, as written for people, or None where any line is unclear.

    Reads lines like "Monday to Friday: 9am to 7pm", "Saturday: 9:30am to 1pm" and
    "Sunday and bank holidays: closed" (closed days are simply not listed). One line it cannot
    read drops them all: hours with a day missing would tell search engines the clinic is
    closed that day.
    """
    specification = []
    for line in lines:
        days_text, colon, hours_text = line.partition(":")
        if not colon:
            return None
        hours_text = hours_text.strip()
        if hours_text.casefold().rstrip(".") == "closed":
            continue
        days = _parse_days(days_text)
        ranges = [_parse_range(part) for part in _SEPARATOR.split(hours_text)]
        if not days or not ranges or None in ranges:
            return None
        for opens, closes in ranges:
            specification.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": opens,
                    "closes": closes,
                }
            )
    return specification or None


def _parse_days(text: str) -> list[str] | None:
    days: list[str] = []
    for part in _SEPARATOR.split(text.strip()):
        ends = [_DAY_NAMES.get(end.strip().casefold()) for end in _DAY_RANGE.split(part)]
        if None in ends or len(ends) > 2:
            return None
        first, last = _DAYS.index(ends[0]), _DAYS.index(ends[-1])
        if last < first:
            return None
        days.extend(_DAYS[first : last + 1])
    return list(dict.fromkeys(days)) or None


def _parse_range(text: str) -> tuple[str, str] | None:
    found = _RANGE.match(text.strip())
    if not found:
        return None
    opens, closes = _parse_time(found[1]), _parse_time(found[2])
    if opens is None or closes is None or closes <= opens:
        return None
    return opens, closes


def _parse_time(text: str) -> str | None:
    found = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", text.strip(), re.IGNORECASE)
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").casefold()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# --- Helpers --------------------------------------------------------------------------------


def _timestamp(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _compact(value):
    """Drop empty values (None, "", [], {}) and items left with nothing but their @type.

    Written as plain loops: the article page builds a couple of hundred values per request.
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        compacted = {}
        for key, item in value.items():
            item = _compact(item)
            if not _is_empty(item):
                compacted[key] = item
        for key in compacted:
            if key != "@context" and key != "@type":
                return compacted
        return {}
    if isinstance(value, list | tuple):
        items = []
        for item in value:
            item = _compact(item)
            if not _is_empty(item):
                items.append(item)
        return items
    return value


def _present(data: dict) -> dict:
    """`data` without its empty values, for a builder whose nested parts were built by their
    own builders, which dropped their empty values already. Unlike `_compact` it does not walk
    into them: the article page, the site's most read, builds some two hundred values."""
    present = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, list):
            value = [item for item in value if not _is_empty(item)]
        if not _is_empty(value):
            present[key] = value
    return present


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)
