from clinic_site.sitemaps import PublicSitemap
from practitioners.models import Practitioner


class PractitionerSitemap(PublicSitemap):
    """Active practitioners only: a former practitioner's profile is not public."""

    def items(self):
        return Practitioner.objects.active().only("slug", "updated_at").order_by("name")

    def lastmod(self, practitioner: Practitioner):
        return practitioner.updated_at
