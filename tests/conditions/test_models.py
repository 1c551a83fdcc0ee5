import pytest

from conditions.models import Condition
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


def test_synonyms_split_on_commas_semicolons_and_lines_in_typed_order():
    condition = ConditionFactory.build(
        name="Neuropathy", synonyms=" nerve pain,neuropathic pain;\n\nperipheral neuropathy ,"
    )

    assert condition.synonym_list == ["nerve pain", "neuropathic pain", "peripheral neuropathy"]
    assert condition.all_names == [
        "Neuropathy",
        "nerve pain",
        "neuropathic pain",
        "peripheral neuropathy",
    ]


def test_saving_renders_body_to_html_even_with_update_fields():
    condition = ConditionFactory(body="First version")

    condition.body = "# New heading\n\n<script>alert(1)</script>"
    condition.save(update_fields=["body"])

    condition.refresh_from_db()
    assert condition.body_html.strip() == "<h2>New heading</h2>"
    assert Condition.objects.get().body_html == condition.body_html
