"""Practitioner photos: which uploads are accepted, and how an accepted one is stored.

A photo is the one file staff upload that the public site serves back, so it is treated as
untrusted until Pillow has read it:

- JPEG, PNG or WebP only, told apart by their content, never by the file's name. SVG is refused:
  it is a document that can carry scripts and links, not a photo.
- At most 5 MB: a portrait exported from a phone or camera is well under that.
- At most 40 million pixels, checked from the header before anything is decoded. That is well
  above a phone or camera photo (12 to 24 MP for most), while decoding one costs up to 160 MB
  of memory (4 bytes a pixel), as much as one upload should take from a small server. A PNG of
  a few kilobytes can declare billions of pixels (a "decompression bomb").
- Stored re-encoded by Pillow: orientation applied from EXIF, then the EXIF and XMP metadata
  dropped (they can hold the GPS position where the photo was taken, often the practitioner's
  home), the longest side cut to 1,600 px (enough for sharing previews), under a random name,
  so the name on the uploader's computer never reaches the disk or the page's address.

`validate_photo` is the model field's validator; `PhotoField` is the admin's form field for the
photo, with the same checks and plain messages; `Practitioner.save()` calls `reencode_photo` on
a new upload, whichever way it came.
"""

import uuid
import warnings
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Pillow's format name -> the extension the stored file gets.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
UPLOAD_FOLDER = "practitioners"

NOT_A_PHOTO = (
    "This file is not a JPEG, PNG or WebP photo (drawings in SVG and other formats are not "
    "accepted). Save the photo as JPEG, PNG or WebP and upload it again."
)
TOO_LARGE = (
    "This file is %(size)s MB; a photo can be at most 5 MB. Save it at a smaller size and "
    "upload it again."
)
TOO_MANY_PIXELS = (
    "This photo has too many pixels%(dimensions)s: the most is 40 million, for example "
    "8,000 × 5,000. Save it at a smaller size and upload it again."
)
DAMAGED = (
    "This photo could not be read: the file seems damaged or incomplete. Export it again and "
    "upload it."
)


def photo_upload_to(instance, filename: str) -> str:
    """practitioners/<random>.<ext>: the uploaded file's own name is never used."""
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if extension not in ACCEPTED_FORMATS.values():
        extension = "jpg"
    return f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.{extension}"


def check_photo(file) -> str:
    """Raise ValidationError unless `file` is an acceptable photo; return its extension."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_FILE_SIZE:
        raise ValidationError(
            TOO_LARGE, code="photo_too_large", params={"size": f"{size / 1024 / 1024:.1f}"}
        )
    with _open(file) as image:
        if image.format not in ACCEPTED_FORMATS:
            raise ValidationError(NOT_A_PHOTO, code="not_a_photo")
        _decode(image)
        return ACCEPTED_FORMATS[image.format]


def validate_photo(file) -> None:
    """The model field's validator: checks a new upload; a stored photo was checked already."""
    if getattr(file, "_committed", False):
        return
    check_photo(file)


def reencode_photo(file) -> ContentFile:
    """A new file holding only the pixels: upright, at most MAX_SIDE wide or high, no metadata."""
    with _open(file) as original:
        extension = ACCEPTED_FORMATS[original.format]
        _decode(original)
        image = ImageOps.exif_transpose(original)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    icc_profile = image.info.get("icc_profile")
    output = BytesIO()
    # Only the ICC colour profile is carried over (phone photos in Display P3 look wrong
    # without it); EXIF and XMP are left behind because they are not passed to save().
    if extension == "jpg":
        image = image.convert("L" if image.mode == "L" else "RGB")
        image.save(output, "JPEG", quality=85, optimize=True, icc_profile=icc_profile)
    else:
        image = image.convert("RGBA" if has_alpha else "RGB")
        if extension == "png":
            image.save(output, "PNG", optimize=True, icc_profile=icc_profile)
        else:
            image.save(output, "WEBP", quality=85, icc_profile=icc_profile)
    return ContentFile(output.getvalue(), name=f"photo.{extension}")


def _open(file) -> Image.Image:
    """Open lazily (the header only), refusing anything but the accepted formats."""
    file.seek(0)
    # Pillow warns about an image over Image.MAX_IMAGE_PIXELS and refuses one over twice that;
    # both come from the header. The warning is made an error so that a bomb is always refused.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file, formats=list(ACCEPTED_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                TOO_MANY_PIXELS, code="photo_too_many_pixels", params={"dimensions": ""}
            ) from None
        except (Image.UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(NOT_A_PHOTO, code="not_a_photo") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ValidationError(
            TOO_MANY_PIXELS,
            code="photo_too_many_pixels",
            params={"dimensions": f" ({width:,} × {height:,})"},
        )
    return image


def _decode(image: Image.Image) -> None:
    """Decode the pixels, so that a damaged file is refused now rather than when stored."""
    # A JPEG is decoded at a reduced scale close to the stored size: less memory and time.
    image.draft(None, (MAX_SIDE, MAX_SIDE))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(DAMAGED, code="photo_damaged") from None


class PhotoField(forms.FileField):
    """The admin's photo field: `check_photo`'s plain messages instead of Django's generic one.

    Django's own ImageField would refuse an SVG with "Upload a valid image", or list forty file
    extensions; this field reads the content only, and drops the uploaded file's name.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        return attrs

    def to_python(self, data):
        file = super().to_python(data)
        if file is None:
            return None
        extension = check_photo(file)
        file.seek(0)
        # The name on the uploader's computer can carry personal details; it is not kept.
        file.name = f"photo.{extension}"
        return file
