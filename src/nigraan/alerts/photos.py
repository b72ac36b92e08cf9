"""The child's photo in an alert: checked, stripped of every piece of metadata, turned upright,
made small, and re-encoded as a plain JPEG before anyone but its uploader sees it.

Why so strict: a phone photo carries EXIF (often the GPS position of the family's home, the
camera's serial number, the time it was taken), XMP, ICC profiles and comments. None of it may
be published. The public copy is therefore a new image made from the decoded pixels alone, so no
block of the upload can reach it; it is at most ``MAX_SIDE`` pixels on its longer side and at
most ``TARGET_BYTES`` (lower quality first, then fewer pixels), so the alert page with its photo
stays under 100 KB on a slow connection.

A photo is only taken with the parent's or guardian's consent to publish it; without consent,
or if the file is not a readable JPEG or PNG of a sensible size, the draft is refused whole
(``PhotoRefused``, with a message in the reader's language).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from nigraan.cases.commands import CommandRefused

ACCEPTED_FORMATS = ("JPEG", "PNG")
MAX_SIDE = 480  # pixels, the longer side of the public copy
TARGET_BYTES = 40_000  # the public copy's size goal
MIN_SIDE = 160  # never smaller than this: the child must stay recognisable
MAX_PIXELS = 50_000_000  # a decompression bomb is refused before it is decoded
QUALITIES = (82, 72, 62, 52, 42)
MEDIA_TYPE = "image/jpeg"


class PhotoRefused(CommandRefused):
    """The photo cannot be taken: no consent, not an image, too large."""


@dataclass(frozen=True)
class AlertPhoto:
    """The public copy of a photo: JPEG bytes with no metadata, and what CAP and the ledger say
    of them (SHA-1 for CAP's ``digest``, SHA-256 for the ledger)."""

    jpeg: bytes
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.jpeg)

    @property
    def sha1_hex(self) -> str:
        return hashlib.sha1(self.jpeg, usedforsecurity=False).hexdigest()

    @property
    def sha256_hex(self) -> str:
        return hashlib.sha256(self.jpeg).hexdigest()


def max_upload_bytes() -> int:
    return int(settings.NIGRAAN_ALERT_PHOTO_MAX_BYTES)


def _whole(upload: bytes, image_format: str | None) -> bool:
    """Whether the file arrived whole. Not left to Pillow: WeasyPrint, once imported, sets
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process, and Pillow then pads a cut-off
    photo with grey instead of failing. A JPEG's end-of-image marker must follow its last scan
    (markers cannot occur inside scan data, and an EXIF thumbnail's come before the scans); a
    PNG's chunks are read to IEND with their checksums."""
    if image_format == "JPEG":
        return upload.rfind(b"\xff\xd9") > upload.rfind(b"\xff\xda") >= 0
    with Image.open(io.BytesIO(upload), formats=("PNG",)) as png:
        png.verify()
    return True


def _decoded(upload: bytes) -> Image.Image:
    """The upload's pixels, refused unless it is a whole JPEG or PNG of a sensible size."""
    refused = PhotoRefused(_("The photo could not be read: send a JPEG or PNG image."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload), formats=ACCEPTED_FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(_("The photo has too many pixels: send a smaller image."))
            if not _whole(upload, image.format):
                raise refused
            image.load()
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise refused from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRefused(_("The photo has too many pixels: send a smaller image.")) from exc
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """Upright (the EXIF orientation applied), RGB on white, and a new image holding the pixels
    alone: no EXIF, XMP, ICC profile, comment or other block of the upload survives."""
    upright = ImageOps.exif_transpose(image) or image
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = upright.convert("RGB")
    clean = Image.new("RGB", flat.size)
    clean.paste(flat)
    return clean


def _encoded(image: Image.Image) -> bytes:
    """JPEG at the best quality that fits ``TARGET_BYTES``; if none does, fewer pixels."""
    while True:
        for quality in QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
            if buffer.tell() <= TARGET_BYTES:
                return buffer.getvalue()
        if max(image.size) <= MIN_SIDE:
            return buffer.getvalue()  # the smallest we make; still far under the page budget
        side = max(MIN_SIDE, int(max(image.size) * 0.8))
        image = image.copy()
        image.thumbnail((side, side), Image.Resampling.LANCZOS)


def check_size(size: int) -> None:
    """Refuse an upload over the limit before reading it."""
    if size > max_upload_bytes():
        raise PhotoRefused(
            _("The photo is too large: at most %(mb)s MB.")
            % {"mb": f"{max_upload_bytes() / 1_000_000:g}"}
        )


def public_copy(upload: bytes) -> AlertPhoto:
    """The photo as it may be published (``PhotoRefused`` if it cannot be)."""
    check_size(len(upload))
    image = _pixels_only(_decoded(upload))
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    jpeg = _encoded(image)
    with Image.open(io.BytesIO(jpeg)) as final:
        return AlertPhoto(jpeg=jpeg, width=final.width, height=final.height)


def checked_photo(upload: bytes | None, consented: bool) -> AlertPhoto | None:
    """The draft's photo, if one was sent. A photo without the recorded consent of a parent or
    guardian is refused whole, never dropped: staff must know it was not taken."""
    if not upload:
        return None
    if not consented:
        raise PhotoRefused(
            _(
                "The photo was not taken: tick that the parent or guardian consents to "
                "publishing it, or draft the alert without a photo."
            )
        )
    return public_copy(upload)
