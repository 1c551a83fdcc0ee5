"""The security headers every response must carry, as one check the security tests share."""

ONE_YEAR = 31_536_000
# Sources that would let injected markup run: never in script-src or style-src.
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "https:", "*"}


def policy_directives(policy: str) -> dict[str, list[str]]:
    """Content-Security-Policy text as {directive: [sources]}."""
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


def csp_problems(response) -> list[str]:
    policy = response.headers.get("Content-Security-Policy")
    if policy is None:
        return ["no Content-Security-Policy"]
    directives = policy_directives(policy)
    problems = []
    if directives.get("default-src") not in (["'none'"], ["'self'"]):
        problems.append(f"default-src is {directives.get('default-src')}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}")
    for name in ("script-src", "style-src"):
        # A missing directive falls back to default-src, which is checked above.
        unsafe = UNSAFE_SOURCES.intersection(directives.get(name, []))
        if unsafe:
            problems.append(f"{name} allows {sorted(unsafe)}")
    return problems


def hsts_problems(response) -> list[str]:
    hsts = response.headers.get("Strict-Transport-Security", "")
    parts = [part.strip() for part in hsts.split(";")]
    max_age = next((part for part in parts if part.startswith("max-age=")), "max-age=0")
    problems = []
    if int(max_age.removeprefix("max-age=")) < ONE_YEAR:
        problems.append(f"HSTS is {hsts!r}, not a year")
    if "includeSubDomains" not in parts:
        problems.append(f"HSTS {hsts!r} leaves out subdomains")
    return problems


EXACT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_header_problems(response, *, over_https: bool = True) -> list[str]:
    """Everything wrong with a response's security headers; empty when all are right.

    HSTS is only sent, and only checked, on a response over HTTPS.
    """
    problems = csp_problems(response)
    if over_https:
        problems += hsts_problems(response)
    for name, expected in EXACT_HEADERS.items():
        if response.headers.get(name) != expected:
            problems.append(f"{name} is {response.headers.get(name)!r}, not {expected!r}")
    return problems
