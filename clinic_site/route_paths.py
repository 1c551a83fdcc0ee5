"""
`route_path()`: reverse() for the public pages' hot path, worked out once per process.

Every public page links to a dozen fixed routes (the navigation, feeds, breadcrumbs) and to
articles, conditions and practitioners by slug. `reverse()` walks the URL resolver each time
(about a tenth of a millisecond, a couple of dozen times per page); the answer only changes
when the URLconf or the script prefix does. So the first call for a route name reverses it with
a placeholder for each argument and keeps the result as a template; later calls fill the
template in. The cache is keyed by the resolver object (tests that override ROOT_URLCONF, or
clear the URL caches, get a new one) and the script prefix (SCRIPT_NAME), so it can never give
an address `reverse()` would not.

Only slug-shaped arguments are filled in this way (what `<slug:...>` routes accept, and
placeholders that `reverse()` leaves unquoted); anything else goes to `reverse()` itself, which
raises NoReverseMatch exactly as before.
"""

import re

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "route-path-placeholder-{}-"

_templates: dict[tuple, tuple[str, ...] | None] = {}
_MISSING = object()


def route_path(name: str, **kwargs: str) -> str:
    """The path `reverse(name, kwargs=kwargs)` gives, without walking the resolver again."""
    if any(not isinstance(value, str) or not _SLUG.fullmatch(value) for value in kwargs.values()):
        return reverse(name, kwargs=kwargs)
    names = tuple(kwargs)
    key = (get_resolver(get_urlconf()), get_script_prefix(), name, names)
    parts = _templates.get(key, _MISSING)
    if parts is _MISSING:
        parts = _templates[key] = _template(name, names)
    if parts is None:
        return reverse(name, kwargs=kwargs)
    if not names:
        return parts[0]
    pieces = [parts[0]]
    for argument, text in zip(names, parts[1:], strict=True):
        pieces.append(kwargs[argument])
        pieces.append(text)
    return "".join(pieces)


def _template(name: str, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The route's path split around each argument's place, in the order of `names`.

    None for a route this cannot describe (no such name, an argument that is not a slug, used
    twice or out of order): such a route is always reversed, and reverse() raises as usual.
    """
    placeholders = {argument: _PLACEHOLDER.format(index) for index, argument in enumerate(names)}
    try:
        path = reverse(name, kwargs=placeholders)
    except NoReverseMatch:
        return None
    parts = []
    for argument in names:
        before, found, path = path.partition(placeholders[argument])
        if not found or placeholders[argument] in path:
            return None
        parts.append(before)
    parts.append(path)
    return tuple(parts)
