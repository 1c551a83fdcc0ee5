"""
Settings for the benchmark's gunicorn only (`make bench`, scripts/bench.py), never production.

Everything is the production settings (clinic_site.settings, read from the same environment),
plus one thing production must not have: a URLconf with a constant-response view, the yardstick
the article page is measured against. Keeping it in its own module means the public URLconf
never contains it, whatever the environment says.
"""

from clinic_site.settings import *  # noqa: F403

ROOT_URLCONF = "clinic_site.bench_urls"
