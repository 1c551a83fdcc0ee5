"""Practitioner photos through the real admin change form: what is refused, what is stored."""

import os
import re
import struct
import zlib
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from practitioners import photos
from practitioners.models import Practitioner
from tests.factories import PractitionerFactory
from tests.staff import log_in_verified

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^practitioners/[0-9a-f]{32}\.(jpg|png|webp)$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploads go to a temporary folder, so tests leave nothing behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def practitioner_admin_client(db, django_user_model) -> Client:
    """Staff (not a superuser) allowed to view and change practitioners, nothing else."""
    user = django_user_model.objects.create_user(
        username="practice-manager", password="not-used-in-tests", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="practitioners",
            codename__in=["view_practitioner", "change_practitioner"],
        )
    )
    return log_in_verified(Client(), user)


@pytest.fixture
def practitioner(db) -> Practitioner:
    return PractitionerFactory(name="Helen Marsh", slug="helen-marsh")


def upload_photo(client: Client, practitioner: Practitioner, upload: SimpleUploadedFile):
    """Post the practitioner's change form as staff would, with `upload` as the photo."""
    data = {
        "name": practitioner.name,
        "slug": practitioner.slug,
        "title": practitioner.title,
        "credentials": practitioner.credentials,
        "registration_number": practitioner.registration_number,
        "biography": practitioner.biography,
        "photo": upload,
        "photo_alt_text": "Helen Marsh smiling in the treatment room",
        "is_active": "on",
        "is_accepting_new_patients": "on",
        "_save": "Save",
    }
    return client.post(
        reverse("admin:practitioners_practitioner_change", args=[practitioner.pk]), data
    )


def photo_errors(response) -> list[str]:
    return list(response.context["adminform"].form.errors.get("photo", []))


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


# Files the admin makes.


def image_bytes(image_format: str, size=(1200, 900), **save_options) -> bytes:
    output = BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    Image.new(mode, size, (30, 110, 90, 255)[: len(mode)]).save(
        output, image_format, **save_options
    )
    return output.getvalue()


def jpeg_with_location() -> bytes:
    """A 2400×1800 JPEG as a phone saves it: GPS position, and "rotate 90° to show" (6)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    data = image_bytes("JPEG", size=(2400, 1800), exif=exif)
    assert Image.open(BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo), "no GPS to test"
    return data


def blank_png(width: int, height: int) -> bytes:
    """A one-colour PNG of any size, built row by row: a few kilobytes, even for 100 MP."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte, then the row's bits
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def noisy_png(size_in_bytes: int) -> bytes:
    """A real, modest-sized PNG that cannot compress, so it is over `size_in_bytes`."""
    width = 1500
    height = size_in_bytes // (width * 3) + 1
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    output = BytesIO()
    image.save(output, "PNG", compress_level=1)
    data = output.getvalue()
    assert len(data) > size_in_bytes
    return data


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("filename", "content", "content_type", "message"),
    [
        ("portrait.svg", SVG, "image/svg+xml", photos.NOT_A_PHOTO),
        ("portrait.png", HTML, "image/png", photos.NOT_A_PHOTO),
        ("portrait.gif", image_bytes("GIF"), "image/gif", photos.NOT_A_PHOTO),
        (
            "portrait.jpg",
            image_bytes("JPEG")[:3000],
            "image/jpeg",
            photos.DAMAGED,
        ),
    ],
    ids=["svg", "html-renamed-png", "gif", "truncated-jpeg"],
)
def test_a_file_that_is_not_an_accepted_photo_is_refused_with_a_plain_message(
    practitioner_admin_client, practitioner, media_root, filename, content, content_type, message
):
    response = upload_photo(
        practitioner_admin_client,
        practitioner,
        SimpleUploadedFile(filename, content, content_type=content_type),
    )

    assert response.status_code == HTTPStatus.OK
    assert photo_errors(response) == [message]
    assert message.split(" (")[0] in response.content.decode()
    practitioner.refresh_from_db()
    assert not practitioner.photo
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("width", "height"),
    [(10_000, 10_000), (7_000, 6_000), (20_000, 10_000)],
    ids=["100-MP-over-Pillow-warning", "42-MP-over-our-limit", "200-MP-over-Pillow-error"],
)
def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(
    practitioner_admin_client, practitioner, media_root, width, height
):
    data = blank_png(width, height)
    assert len(data) < 100_000  # small on disk; huge once decoded

    response = upload_photo(
        practitioner_admin_client,
        practitioner,
        SimpleUploadedFile("portrait.png", data, content_type="image/png"),
    )

    assert response.status_code == HTTPStatus.OK
    [error] = photo_errors(response)
    assert error.startswith("This photo has too many pixels")
    assert "the most is 40 million" in error
    practitioner.refresh_from_db()
    assert not practitioner.photo
    assert stored_files(media_root) == []


def test_a_photo_over_5_mb_is_refused(practitioner_admin_client, practitioner, media_root):
    data = noisy_png(6 * 1024 * 1024)

    response = upload_photo(
        practitioner_admin_client,
        practitioner,
        SimpleUploadedFile("portrait.png", data, content_type="image/png"),
    )

    assert response.status_code == HTTPStatus.OK
    [error] = photo_errors(response)
    assert error.startswith(f"This file is {len(data) / 1024 / 1024:.1f} MB;")
    assert "at most 5 MB" in error
    practitioner.refresh_from_db()
    assert not practitioner.photo
    assert stored_files(media_root) == []


def test_a_jpeg_is_stored_upright_smaller_without_location_under_a_random_name(
    practitioner_admin_client, practitioner, media_root
):
    response = upload_photo(
        practitioner_admin_client,
        practitioner,
        SimpleUploadedFile(
            "helen-marsh-at-home.jpg", jpeg_with_location(), content_type="image/jpeg"
        ),
    )

    assert response.status_code == HTTPStatus.FOUND, photo_errors(response)
    practitioner.refresh_from_db()
    assert STORED_NAME.match(practitioner.photo.name)
    assert practitioner.photo.name.endswith(".jpg")
    [stored] = stored_files(media_root)
    assert "helen" not in stored.name
    data = stored.read_bytes()
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        # Turned as the camera said (2400×1800 on its side), then cut to 1600 on the long side.
        assert image.size == (1200, 1600)


@pytest.mark.parametrize(
    ("image_format", "extension"), [("PNG", "png"), ("WEBP", "webp")], ids=["png", "webp"]
)
def test_png_and_webp_photos_are_accepted_and_keep_their_format(
    practitioner_admin_client, practitioner, media_root, image_format, extension
):
    response = upload_photo(
        practitioner_admin_client,
        practitioner,
        SimpleUploadedFile(
            f"portrait.{extension}", image_bytes(image_format), content_type=f"image/{extension}"
        ),
    )

    assert response.status_code == HTTPStatus.FOUND, photo_errors(response)
    practitioner.refresh_from_db()
    assert STORED_NAME.match(practitioner.photo.name)
    assert practitioner.photo.name.endswith(f".{extension}")
    [stored] = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.format == image_format
        assert image.size == (1200, 900)


def test_the_photo_is_refused_by_the_model_too_not_only_by_the_admin(media_root):
    practitioner = PractitionerFactory.build(
        photo=SimpleUploadedFile("portrait.png", HTML), photo_alt_text="A portrait"
    )

    with pytest.raises(ValidationError) as refused:
        practitioner.full_clean()

    assert refused.value.message_dict["photo"] == [photos.NOT_A_PHOTO]


def test_the_public_profile_shows_the_stored_photo_with_alt_text_and_size(
    practitioner_admin_client, practitioner, client
):
    upload_photo(
        practitioner_admin_client,
        practitioner,
        SimpleUploadedFile("portrait.jpg", image_bytes("JPEG"), content_type="image/jpeg"),
    )
    practitioner.refresh_from_db()

    response = client.get(practitioner.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert (
        f'<img class="portrait" src="/media/{practitioner.photo.name}" '
        'alt="Helen Marsh smiling in the treatment room" width="160" height="160">'
    ) in response.content.decode()
