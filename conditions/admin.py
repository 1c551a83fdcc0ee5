from django.contrib import admin
from django.db.models import Count

from conditions.models import Condition


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "synonyms", "article_count", "updated_at"]
    search_fields = ["name", "synonyms", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fields = ["name", "slug", "synonyms", "summary", "body", "meta_description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, condition: Condition) -> int:
        return condition.article_count
