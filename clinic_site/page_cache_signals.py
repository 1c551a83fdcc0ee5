"""
Which changes make the page cache's stored pages stale (clinic_site/page_cache.py).

Every row a public page shows: articles (and their conditions), references, conditions,
practitioners (and the conditions they treat). A save, a delete or a change of those links
replaces the content version, whatever made it: the admin, the publishing services, the
commands, the importer, a shell. `migrate` does too, because a deploy that changes templates or
settings runs it, and pages rendered by the old code must not outlive it.

Not here: claim phrases, inquiries, audit events, users: no public page shows them.
`QuerySet.update()` sends no signal: code that updates these rows that way must call
`page_cache_bump()` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from articles.models import Article, Reference
from clinic_site.page_cache import page_cache_bump, page_cache_bump_on_commit
from conditions.models import Condition
from practitioners.models import Practitioner

PUBLIC_MODELS = [Article, Reference, Condition, Practitioner]
PUBLIC_LINKS = [Article.conditions.through, Practitioner.conditions_treated.through]

for model in PUBLIC_MODELS:
    post_save.connect(page_cache_bump_on_commit, sender=model, dispatch_uid=f"page-cache-{model}")
    post_delete.connect(
        page_cache_bump_on_commit, sender=model, dispatch_uid=f"page-cache-delete-{model}"
    )
for link in PUBLIC_LINKS:
    m2m_changed.connect(page_cache_bump_on_commit, sender=link, dispatch_uid=f"page-cache-{link}")


def _bump_after_migrate(sender, **kwargs):
    page_cache_bump()


post_migrate.connect(_bump_after_migrate, dispatch_uid="page-cache-migrate")
