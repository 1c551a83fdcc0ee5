import difflib
from datetime import date, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.forms import ImportDraftsForm
from articles.importing import import_sources
from articles.models import Article, ArticleEvent, ClaimPhrase, Reference
from articles.publishing import (
    blocking_for,
    checklist,
    claim_findings,
    claim_phrases,
    publish_problems,
    reference_problems,
)
from articles.services import (
    ArticleChangeRefused,
    ReviewNotValid,
    article_publish,
    article_record_review,
    article_record_status_change,
    article_sign_off_claims,
    article_submit_for_review,
    article_unpublish,
    default_next_review_due,
)
from clinic_site.record_admin import RecordAdmin
from practitioners.models import Practitioner

REVIEW_DUE_SOON_DAYS = 30
COMPARED_FIELDS = ["title", "summary", "meta_description", "body", "disclaimer"]


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


class ReferenceInlineFormSet(BaseInlineFormSet):
    """Check the references being typed, which the article form cannot see yet."""

    def clean(self):
        super().clean()
        if any(self.errors):
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
        problems = blocking_for(self.instance.status, reference_problems(references))
        if problems:
            raise ValidationError([problem.message for problem in problems])


class ReferenceInline(admin.StackedInline):
    model = Reference
    formset = ReferenceInlineFormSet
    extra = 1
    fields = ["position", "citation", ("url", "doi", "pmid")]
    verbose_name_plural = "references (each needs a URL, DOI or PMID that readers can check)"


class ReviewDueFilter(admin.SimpleListFilter):
    title = "next review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due within {REVIEW_DUE_SOON_DAYS} days"),
            ("never", "Never reviewed"),
        ]

    def queryset(self, request, queryset):
        today = date.today()
        if self.value() == "overdue":
            return queryset.filter(next_review_due_on__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                next_review_due_on__gte=today,
                next_review_due_on__lte=today + timedelta(days=REVIEW_DUE_SOON_DAYS),
            )
        if self.value() == "never":
            return queryset.filter(last_reviewed_on__isnull=True)
        return queryset


class ReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=Practitioner.objects.active(),
        label="Medical reviewer",
        help_text="The practitioner who checked the article.",
    )
    reviewed_on = forms.DateField(
        label="Reviewed on", help_text="The day of the review (not in the future)."
    )
    next_review_due_on = forms.DateField(
        label="Next review due",
        required=False,
        help_text="Leave empty for the usual interval after the review date.",
    )
    confirmed = forms.BooleanField(
        label="The reviewer has checked the whole article, including its references.",
    )


class SignOffForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have read these sentences and accept them as fair and supported by the "
        "references, for this version of the text."
    )


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    # VersionAdmin names its own template; ours extends it with the dashboard link.
    change_list_template = "admin/articles/article/change_list.html"
    list_filter = ["status", ReviewDueFilter, "conditions", "reviewer"]
    list_select_related = ["reviewer"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["author"]
    # Conditions as plain checkboxes: clearer for staff than a multiple select, and unlike
    # filter_horizontal's or select2's widgets they pass axe.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = [
        "publish_checklist",
        "review_summary",
        "workflow_summary",
        "created_at",
        "updated_at",
    ]
    inlines = [ReferenceInline]
    actions = ["publish_selected", "unpublish_selected", "submit_selected_for_review"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "conditions"]}),
        (
            "Publishing",
            {"fields": ["publish_checklist", "status", "published_at", "disclaimer"]},
        ),
        ("Medical review", {"fields": ["review_summary", "author"]}),
        ("Search engines", {"fields": ["meta_description"]}),
        ("History", {"fields": ["workflow_summary", "created_at", "updated_at"]}),
    ]

    class Media:
        js = ["articles/live_checklist.js"]
        css = {"all": ["clinic_admin.css", "articles/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("references")

    def get_list_display(self, request):
        phrases = claim_phrases()  # once per page, not once per row

        @admin.display(description="ready to publish")
        def readiness(article: Article) -> str:
            problems = publish_problems(article, article.references.all(), phrases=phrases)
            return "✓ Ready" if not problems else f"✗ {len(problems)} to fix"

        return [
            "title",
            "publication_state",
            "published_at",
            readiness,
            "reviewer",
            "next_review",
            "updated_at",
        ]

    # Permissions: editors write; only publishers publish, unpublish and change live articles.

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status == Article.Status.PUBLISHED
            and not can_publish(request.user)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status == Article.Status.PUBLISHED
            and not can_publish(request.user)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            # A publish by an editor's forged POST fails as an invalid choice.
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value != Article.Status.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_record_status_change(
            article=form.instance,
            user=request.user,
            previous_status=form.initial.get("status", Article.Status.DRAFT),
        )

    # Columns and read-only fields.

    @admin.display(description="state", ordering="status")
    def publication_state(self, article: Article) -> str:
        if article.is_scheduled:
            return "Scheduled"
        return article.get_status_display()

    @admin.display(description="next review due", ordering="next_review_due_on")
    def next_review(self, article: Article) -> str:
        if article.next_review_due_on is None:
            return "Never reviewed"
        if article.review_is_overdue:
            return format_html("✗ Overdue since {}", f"{article.next_review_due_on:%d %b %Y}")
        return f"{article.next_review_due_on:%d %b %Y}"

    @admin.display(description="before publishing")
    def publish_checklist(self, article: Article) -> str:
        if article.pk is None:
            url = reverse("admin:articles_article_check_new")
            problems = None
        else:
            url = reverse("admin:articles_article_check", args=[article.pk])
            problems = publish_problems(article, article.references.all())
        return format_html(
            '<div class="publish-checklist" data-publish-checklist="{}" aria-live="polite">'
            "{}</div>",
            url,
            _checklist_html(problems),
        )

    @admin.display(description="medical review")
    def review_summary(self, article: Article) -> str:
        if article.reviewer is None or article.last_reviewed_on is None:
            return "Not reviewed yet. A reviewer records a review with “Record a medical review”."
        return format_html(
            "Reviewed by {} on {}. Next review due {}.",
            article.reviewer.name_with_credentials,
            f"{article.last_reviewed_on:%d %B %Y}",
            f"{article.next_review_due_on:%d %B %Y}" if article.next_review_due_on else "—",
        )

    @admin.display(description="workflow")
    def workflow_summary(self, article: Article) -> str:
        events = list(article.events.select_related("user")[:10]) if article.pk else []
        if not events:
            return "No workflow events yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} by {}</li>",
                (
                    (
                        f"{event.created_at:%d %b %Y %H:%M}",
                        event.get_kind_display(),
                        event.user or "the system",
                    )
                    for event in events
                ),
            ),
        )

    # Bulk actions, all through the services.

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_for_each(request, queryset, article_publish, "Published")

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        self._run_for_each(request, queryset, article_unpublish, "Unpublished")

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_selected_for_review(self, request, queryset):
        self._run_for_each(request, queryset, article_submit_for_review, "Submitted")

    def _run_for_each(self, request, queryset, service, verb: str) -> None:
        done = 0
        for article in queryset:
            try:
                service(article=article, user=request.user)
            except ArticleChangeRefused as refused:
                self.message_user(
                    request,
                    format_html("“{}” was not changed: {}", article.title, refused.reason),
                    level=messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, f"{verb} {done} article(s).", messages.SUCCESS)

    # Views of their own: review, sign-off, dashboard, comparing revisions.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="articles_article_dashboard"),
            path("import/", view(self.import_view), name="articles_article_import"),
            path("check/", view(self.check_view), name="articles_article_check_new"),
            path("<path:object_id>/check/", view(self.check_view), name="articles_article_check"),
            path(
                "<path:object_id>/review/", view(self.review_view), name="articles_article_review"
            ),
            path(
                "<path:object_id>/sign-off-claims/",
                view(self.sign_off_view),
                name="articles_article_sign_off",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id) -> Article:
        article = get_object_or_404(Article, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _render(self, request, template: str, article: Article | None, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                **context,
            },
        )

    def check_view(self, request, object_id=None):
        """The checklist for the form as typed, unsaved: the change form's script asks for it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = None
        if object_id is not None:
            article = self._article_or_404(request, object_id)
        if not (
            self.has_change_permission(request, article)
            if article
            else self.has_add_permission(request)
        ):
            raise PermissionDenied
        form = self.get_form(request, article, change=article is not None)(
            request.POST, instance=article
        )
        form.is_valid()  # fills form.instance with what was typed; nothing is saved
        formset = ReferenceInline(self.model, self.admin_site).get_formset(request, article)(
            request.POST, instance=form.instance, prefix="references"
        )
        references = [
            reference_form.instance
            for reference_form in formset.forms
            if reference_form.is_valid()
            and not reference_form.cleaned_data.get("DELETE")
            and (reference_form.instance.pk or reference_form.has_changed())
        ]
        response = HttpResponse(
            _checklist_html(publish_problems(form.instance, references), typed=True)
        )
        add_never_cache_headers(response)
        return response

    def review_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not request.user.has_perm("articles.record_review"):
            raise PermissionDenied
        form = ReviewForm(
            request.POST or None,
            initial={"reviewer": article.reviewer_id, "reviewed_on": date.today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                article_record_review(
                    article=article,
                    user=request.user,
                    reviewer=form.cleaned_data["reviewer"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    next_review_due_on=form.cleaned_data["next_review_due_on"],
                )
            except ReviewNotValid as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, "The medical review is recorded.", messages.SUCCESS)
                return redirect("admin:articles_article_change", article.pk)
        return self._render(
            request,
            "admin/articles/article/review.html",
            article,
            title=f"Record a medical review: {article.title}",
            form=form,
            default_next_review=default_next_review_due(date.today()),
        )

    def sign_off_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not can_publish(request.user):
            raise PermissionDenied
        sentences = claim_findings(article)
        form = SignOffForm(request.POST or None)
        if request.method == "POST" and sentences and form.is_valid():
            article_sign_off_claims(article=article, user=request.user)
            self.message_user(
                request,
                f"You signed off {len(sentences)} sentence(s) for this version of the text.",
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_change", article.pk)
        return self._render(
            request,
            "admin/articles/article/sign_off.html",
            article,
            title=f"Sign off claims: {article.title}",
            form=form,
            sentences=sentences,
        )

    def dashboard_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = date.today()
        articles = Article.objects.select_related("reviewer").order_by("next_review_due_on")
        return self._render(
            request,
            "admin/articles/dashboard.html",
            None,
            title="Articles: reviews and workflow",
            overdue=articles.filter(next_review_due_on__lt=today),
            due_soon=articles.filter(
                next_review_due_on__gte=today,
                next_review_due_on__lte=today + timedelta(days=REVIEW_DUE_SOON_DAYS),
            ),
            in_review=articles.filter(status=Article.Status.IN_REVIEW).order_by(
                "submitted_for_review_at"
            ),
            never_reviewed=articles.filter(last_reviewed_on__isnull=True),
            due_soon_days=REVIEW_DUE_SOON_DAYS,
        )

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        versions = list(
            Version.objects.get_for_object(article).select_related("revision__user")
        )  # newest first
        by_id = {str(version.pk): version for version in versions}
        older = by_id.get(request.GET.get("from", ""))
        newer = by_id.get(request.GET.get("to", ""))
        if (older is None or newer is None) and len(versions) >= 2:
            newer, older = versions[0], versions[1]
        changes = []
        if older is not None and newer is not None:
            changes = _compare_versions(older, newer)
        return self._render(
            request,
            "admin/articles/article/compare.html",
            article,
            title=f"Compare versions: {article.title}",
            versions=versions,
            older=older,
            newer=newer,
            changes=changes,
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring brings back the text and references; on a published article that text
        # goes live, so only publishers may. The workflow (status, reviews, sign-off) stays.
        article = get_object_or_404(Article, pk=unquote(object_id))
        if article.status == Article.Status.PUBLISHED and not can_publish(request.user):
            raise PermissionDenied
        workflow = {
            field.attname: getattr(article, field.attname)
            for field in (Article._meta.get_field(name) for name in Article.workflow_fields)
        }
        context = {**(extra_context or {}), "workflow_to_keep": workflow}
        return super().revision_view(request, object_id, version_id, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        workflow = (extra_context or {}).pop("workflow_to_keep", None)
        if workflow is not None:
            # reversion has just put the old version back, inside its transaction; give the
            # article its current workflow again before the form is built from it.
            Article.objects.filter(pk=unquote(object_id)).update(**workflow)
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Importing plain-text drafts: the work is done in articles/importing.py.

    def import_view(self, request):
        """Upload text files or paste a text; import them as drafts and show the report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = ImportDraftsForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            can_force=can_publish(request.user),
        )
        reports = None
        if form.is_valid():
            reports = import_sources(
                form.sources(),
                user=request.user,
                dry_run=form.cleaned_data["dry_run"],
                force=form.cleaned_data.get("force", False),
            )
        return self._render(
            request,
            "admin/articles/article/import.html",
            None,
            title="Import drafts",
            form=form,
            reports=reports,
        )


def _checklist_html(problems, *, typed: bool = False) -> str:
    if problems is None:
        return "Start writing: this list shows what the article still needs before publishing."
    return format_html(
        '<p>{}</p><ul class="publish-checklist__checks">{}</ul>',
        "As typed (not saved yet):" if typed else "As last saved:",
        format_html_join(
            "",
            "<li>{} <strong>{}</strong>{}</li>",
            (
                (
                    "✓" if result.passed else "✗",
                    result.check.label,
                    format_html(
                        "<ul>{}</ul>",
                        format_html_join(
                            "", "<li>{}</li>", ((problem.message,) for problem in result.problems)
                        ),
                    )
                    if result.problems
                    else "",
                )
                for result in checklist(problems)
            ),
        ),
    )


def _compare_versions(older: Version, newer: Version) -> list[dict]:
    """Line-by-line differences between two saved versions of an article and its references."""
    changes = []
    for field in COMPARED_FIELDS:
        before = str(older.field_dict.get(field, "") or "")
        after = str(newer.field_dict.get(field, "") or "")
        if before != after:
            changes.append(
                {
                    "label": Article._meta.get_field(field).verbose_name,
                    "lines": _diff(before, after),
                }
            )
    before_references = _reference_lines(older)
    after_references = _reference_lines(newer)
    if before_references != after_references:
        changes.append(
            {"label": "references", "lines": _diff(before_references, after_references)}
        )
    return changes


def _reference_lines(version: Version) -> str:
    rows = [
        other.field_dict
        for other in version.revision.version_set.all()
        if other.content_type.model_class() is Reference
    ]
    rows.sort(key=lambda row: (row.get("position", 0), row.get("id", 0)))
    return "\n".join(
        " · ".join(filter(None, [row["citation"], row["url"], row["doi"], row["pmid"]]))
        for row in rows
    )


def _diff(before: str, after: str) -> list[tuple[str, str]]:
    kinds = {"+": "added", "-": "removed", " ": "same"}
    return [
        (kinds[line[0]], line[2:])
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[0] in kinds
    ]


@admin.register(ArticleEvent)
class ArticleEventAdmin(RecordAdmin):
    list_display = ["created_at", "kind", "article", "user", "problem_count"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article", "user"]
    search_fields = ["article__title", "user__username"]
    date_hierarchy = "created_at"
    readonly_fields = ["article", "kind", "user", "created_at", "check_results", "details"]

    @admin.display(description="problems at the time")
    def problem_count(self, event: ArticleEvent) -> int:
        return len(event.check_results)


@admin.register(ClaimPhrase)
class ClaimPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "is_active", "note"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["phrase", "note"]
