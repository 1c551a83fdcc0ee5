from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join

from articles.models import Article, Reference
from articles.publishing import publish_problems, reference_problems
from articles.services import PublishingBlocked, article_publish, article_unpublish


class ReferenceInlineFormSet(BaseInlineFormSet):
    """Check the references being typed, which the article form cannot see yet."""

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != Article.Status.PUBLISHED or any(self.errors):
            return
        references = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        # The article's own fields are checked by its form (Article.clean); the references
        # only here, where the inline rows being added or removed are visible.
        problems = reference_problems(references)
        if problems:
            raise ValidationError([problem.message for problem in problems])


class ReferenceInline(admin.StackedInline):
    model = Reference
    formset = ReferenceInlineFormSet
    extra = 1
    fields = ["position", "citation", ("url", "doi", "pmid")]
    verbose_name_plural = "references (each needs a URL, DOI or PMID to publish)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publication_state",
        "published_at",
        "publish_readiness",
        "reviewer",
        "last_reviewed_on",
        "updated_at",
    ]
    list_filter = ["status", "conditions", "reviewer"]
    list_select_related = ["reviewer"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["conditions"]
    autocomplete_fields = ["author", "reviewer"]
    readonly_fields = ["publish_checklist", "created_at", "updated_at"]
    inlines = [ReferenceInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "conditions"]}),
        ("Publishing", {"fields": ["publish_checklist", "status", "published_at", "disclaimer"]}),
        ("Medical review", {"fields": ["author", "reviewer", "last_reviewed_on"]}),
        ("Search engines", {"fields": ["meta_description"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("references")

    @admin.display(description="state", ordering="status")
    def publication_state(self, article: Article) -> str:
        if article.is_scheduled:
            return "Scheduled"
        return article.get_status_display()

    @admin.display(description="ready to publish")
    def publish_readiness(self, article: Article) -> str:
        problems = publish_problems(article, article.references.all())
        if not problems:
            return "✓ Ready"
        return f"✗ {len(problems)} to fix"

    @admin.display(description="before publishing")
    def publish_checklist(self, article: Article) -> str:
        if article.pk is None:
            return "Save the article to see what it still needs before it can be published."
        problems = publish_problems(article, article.references.all())
        if not problems:
            return "✓ Everything needed to publish is in place (as last saved)."
        return format_html(
            "<p>As last saved, this article cannot be published until you:</p><ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((problem.message,) for problem in problems)),
        )

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish_selected(self, request, queryset):
        published = 0
        for article in queryset:
            try:
                article_publish(article=article)
            except PublishingBlocked as blocked:
                self.message_user(
                    request,
                    format_html(
                        "“{}” was not published: {}",
                        article.title,
                        " ".join(problem.message for problem in blocked.problems),
                    ),
                    level=messages.ERROR,
                )
            else:
                published += 1
        if published:
            self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        for article in queryset:
            article_unpublish(article=article)
            count += 1
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)
