"""Setting up an authenticator app: the device waiting for its first code, and its QR code."""

from base64 import b32encode
from xml.etree import ElementTree

import qrcode
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

DEVICE_NAME = "Authenticator app"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device, made on first use and kept until its first code.

    Kept rather than made anew on each visit, so that reloading the page does not change a
    QR code the user may already have scanned.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def readable_key(device: TOTPDevice) -> str:
    """The secret key as an app expects it typed by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as inline SVG markup.

    Inline markup, not an image file or a data: URL: the Content-Security-Policy allows
    images from the site only, and the key must never be stored as a file or cached.
    """
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, box_size=10)
    ElementTree.register_namespace("", SVG_NAMESPACE)
    svg = ElementTree.fromstring(image.to_string(encoding="unicode"))
    # A fixed size in pixels (the library gives millimetres) and a name for screen readers.
    svg.set("width", "240")
    svg.set("height", "240")
    svg.set("role", "img")
    svg.set("aria-labelledby", "qr-code-title")
    title = ElementTree.Element(f"{{{SVG_NAMESPACE}}}title", id="qr-code-title")
    title.text = "QR code to scan with your authenticator app"
    svg.insert(0, title)
    # Safe: the markup is generated here from the device's address, which holds no HTML
    # (the library draws it as squares; no text from the address appears in the SVG).
    return mark_safe(ElementTree.tostring(svg, encoding="unicode"))
