from datetime import date

from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def overdue_review_count() -> int:
    """How many articles are past their next-review date, for the admin's front page."""
    return Article.objects.filter(next_review_due_on__lt=date.today()).count()
