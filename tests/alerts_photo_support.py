"""Synthetic photos for the alert-photo tests: gradients and noise (nothing of a real person),
written as a phone would write them, with EXIF (a GPS position in Kasur, a camera make, an
orientation), XMP, an ICC profile and a comment, so the tests can show none of it survives."""

from __future__ import annotations

import io

from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
CAMERA = b"SyntheticCam-4471"  # a marker that must never reach a published byte
XMP = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>XmpMarker-9921</x:xmpmeta>"
COMMENT = b"CommentMarker-5512"


def pixels(width: int, height: int, noise: float = 40) -> Image.Image:
    """A photo-like RGB image: two gradients and a channel of noise (``noise`` is its sigma;
    high values make JPEG work hardest)."""
    ramp = Image.linear_gradient("L").resize((width, height))
    across = Image.linear_gradient("L").rotate(90).resize((width, height))
    return Image.merge("RGB", (ramp, Image.effect_noise((width, height), noise), across))


def phone_photo(
    width: int = 2000, height: int = 1500, *, orientation: int = 1, noise: float = 40
) -> bytes:
    """A JPEG as a phone writes one: EXIF with GPS and orientation, XMP, ICC and a comment."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = CAMERA.decode()
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (31.0, 7.0, 1.2), 3: "E", 4: (74.0, 26.0, 45.6)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    pixels(width, height, noise).save(
        buffer, "JPEG", quality=92, exif=exif.tobytes(), icc_profile=icc, xmp=XMP, comment=COMMENT
    )
    return buffer.getvalue()


def png_with_transparency(width: int = 600, height: int = 400) -> bytes:
    image = pixels(width, height).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((width, height)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()
