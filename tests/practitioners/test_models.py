import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def test_photo_without_alt_text_fails_validation_on_alt_text():
    practitioner = PractitionerFactory.build(
        photo=SimpleUploadedFile("portrait.jpg", b"not read here"), photo_alt_text="  "
    )

    with pytest.raises(ValidationError) as raised:
        practitioner.clean()

    assert "photo_alt_text" in raised.value.message_dict


def test_practitioner_without_photo_needs_no_alt_text():
    PractitionerFactory.build(photo="", photo_alt_text="").clean()


def test_name_with_credentials_leaves_out_missing_credentials():
    assert PractitionerFactory.build(name="Helen Marsh", credentials="").name_with_credentials == (
        "Helen Marsh"
    )
    assert (
        PractitionerFactory.build(name="Helen Marsh", credentials="MBAcC").name_with_credentials
        == "Helen Marsh, MBAcC"
    )


def test_saving_renders_biography_to_html_even_with_update_fields():
    practitioner = PractitionerFactory(biography="First version")

    practitioner.biography = "# Training\n\n<script>alert(1)</script>"
    practitioner.save(update_fields=["biography"])

    practitioner.refresh_from_db()
    assert practitioner.biography_html.strip() == "<h2>Training</h2>"
