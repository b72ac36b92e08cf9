"""The child's photo in an alert (issue 14): what is published is a new JPEG made from the
pixels alone — no EXIF, GPS, XMP, ICC profile or comment — upright, at most 480 px and about
40 KB; a photo without the guardian's consent, an unreadable or oversized file, a format other
than JPEG or PNG, or a decompression bomb is refused whole with a message. Synthetic images."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.utils import translation
from PIL import Image, ImageFile

from alerts_photo_support import (
    CAMERA,
    COMMENT,
    GPS_IFD,
    XMP,
    encoded,
    phone_photo,
    pixels,
    png_with_transparency,
)
from nigraan.alerts.photos import (
    MAX_SIDE,
    TARGET_BYTES,
    PhotoRefused,
    checked_photo,
    public_copy,
)


def _opened(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def test_the_published_copy_carries_no_exif_gps_xmp_icc_or_comment():
    upload = phone_photo()
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(GPS_IFD)  # the upload has GPS
    photo = public_copy(upload)
    image = _opened(photo.jpeg)
    assert image.format == "JPEG"
    assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    assert not {"exif", "xmp", "icc_profile", "comment", "photoshop"} & set(image.info)
    for marker in (b"Exif", b"GPS", CAMERA, XMP, b"XmpMarker", COMMENT, b"ICC_PROFILE"):
        assert marker not in photo.jpeg
    app_segments = [marker for marker, _ in image.applist]
    assert app_segments == ["APP0"]  # JFIF only: no APP1 (EXIF/XMP), APP2 (ICC), APP13


def test_the_photo_is_turned_upright_by_its_exif_orientation():
    wide_but_rotated = phone_photo(1600, 800, orientation=6)  # a portrait taken sideways
    photo = public_copy(wide_but_rotated)
    assert (photo.width, photo.height) == (240, 480)


@pytest.mark.parametrize("noise", [10, 120])
def test_the_published_copy_is_at_most_480_px_and_40_kb(noise):
    photo = public_copy(phone_photo(1800, 1800, noise=noise))
    assert max(photo.width, photo.height) <= MAX_SIDE
    assert photo.size <= TARGET_BYTES
    assert _opened(photo.jpeg).size == (photo.width, photo.height)


def test_a_small_photo_is_not_enlarged():
    photo = public_copy(encoded(pixels(300, 200), "PNG"))
    assert (photo.width, photo.height) == (300, 200)


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    photo = public_copy(png_with_transparency())
    image = _opened(photo.jpeg)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.getpixel((0, 0)) == pytest.approx((255, 255, 255), abs=12)  # transparent: white


def test_the_digests_are_of_exactly_the_published_bytes():
    photo = public_copy(phone_photo(800, 600))
    assert photo.sha1_hex == hashlib.sha1(photo.jpeg).hexdigest()  # noqa: S324 (CAP 1.2 says SHA-1)
    assert photo.sha256_hex == hashlib.sha256(photo.jpeg).hexdigest()


@pytest.mark.parametrize(
    "upload",
    [
        b"not an image at all",
        phone_photo(400, 300)[:3000],  # truncated: the end of the file never came
        phone_photo(400, 300)[:-200],  # only the last few hundred bytes missing
        encoded(pixels(300, 200), "PNG")[:-400],
        encoded(pixels(100, 100), "GIF"),
        encoded(pixels(100, 100), "BMP"),
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["text", "truncated-jpeg", "jpeg-cut-at-end", "truncated-png", "gif", "bmp", "svg"],
)
@pytest.mark.parametrize("lenient", [False, True], ids=["pillow-default", "after-weasyprint"])
def test_a_file_that_is_not_a_whole_jpeg_or_png_is_refused(upload, lenient, monkeypatch):
    # WeasyPrint, once imported, makes Pillow pad truncated images for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient)
    with pytest.raises(PhotoRefused, match="JPEG or PNG"):
        checked_photo(upload, consented=True)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = encoded(Image.new("1", (9000, 9000)), "PNG")  # 81 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(PhotoRefused, match="too many pixels"):
        checked_photo(bomb, consented=True)


def test_an_oversized_upload_is_refused_naming_the_limit(settings):
    settings.NIGRAAN_ALERT_PHOTO_MAX_BYTES = 1_000_000
    upload = phone_photo(2000, 2000, noise=120)
    assert len(upload) > 1_000_000
    with pytest.raises(PhotoRefused, match="at most 1 MB"):
        checked_photo(upload, consented=True)


def test_a_photo_without_the_guardians_consent_is_refused_not_dropped():
    with pytest.raises(PhotoRefused, match="parent or guardian consents"):
        checked_photo(phone_photo(400, 300), consented=False)
    with translation.override("ur"), pytest.raises(PhotoRefused) as refused:
        checked_photo(phone_photo(400, 300), consented=False)
    assert "consents" not in str(refused.value)  # said in Urdu (scripts/translations_ur)


def test_no_photo_is_no_photo():
    assert checked_photo(None, consented=False) is None
    assert checked_photo(b"", consented=True) is None
