from clinic_site.sitemaps import PublicSitemap
from conditions.models import Condition


class ConditionSitemap(PublicSitemap):
    def items(self):
        return Condition.objects.only("slug", "updated_at").order_by("name")

    def lastmod(self, condition: Condition):
        return condition.updated_at
