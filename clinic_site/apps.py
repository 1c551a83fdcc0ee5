from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClinicSiteConfig(AppConfig):
    name = "clinic_site"
    verbose_name = "Clinic site"

    def ready(self):
        from clinic_site import page_cache_signals  # noqa: F401  (connects the receivers)

        post_migrate.connect(_search_index_ensure, dispatch_uid="sqlite-text-index")


def _search_index_ensure(sender, using="default", **kwargs):
    """After each migrate: SQLite's search index and its triggers (clinic_site/search_index.py)."""
    if sender.label == "articles":
        from clinic_site.search_index import sqlite_text_index_ensure

        sqlite_text_index_ensure(using=using)
