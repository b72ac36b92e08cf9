"""Where an alert's photo is kept: sealed under its case's data key (``AlertPhotoRecord``), and
unsealed only to be shown: to staff of the case (drafted, to approve it) and to the public while
the alert is active. No plain copy is written anywhere, so there is nothing to delete when the
child is found, and shredding the case makes the photo unreadable like its other data.

The sealed photo stays with the case after "found" or cancel (docs/alerts.md says why): it is
what was published, and the ledger's SHA-256 of it can then still be checked.
"""

from __future__ import annotations

from typing import Any

from nigraan.alerts.content import Photo
from nigraan.alerts.models import AlertPhotoRecord, AlertState, PublishedAlert
from nigraan.alerts.photos import MEDIA_TYPE, AlertPhoto
from nigraan.cases import crypto
from nigraan.cases.commands import case_data_key
from nigraan.cases.models import Case


def _field(row: PublishedAlert) -> str:
    return f"alert_photo:{row.reference}"  # bound to the alert: it cannot be moved to another


def photo_facts(photo: AlertPhoto) -> dict[str, Any]:
    """What the alert's row (and so CAP and the page) says of the photo; never the bytes."""
    return {
        "size": photo.size,
        "sha1": photo.sha1_hex,
        "sha256": photo.sha256_hex,
        "width": photo.width,
        "height": photo.height,
    }


def seal_photo(case: Case, row: PublishedAlert, photo: AlertPhoto) -> AlertPhotoRecord:
    sealed = crypto.seal_bytes(case_data_key(case), case.ref, _field(row), photo.jpeg)
    return AlertPhotoRecord.objects.create(
        alert=row,
        sealed=sealed,
        sha256=photo.sha256_hex,
        size=photo.size,
        width=photo.width,
        height=photo.height,
    )


def unsealed_photo(row: PublishedAlert) -> bytes | None:
    """The photo's JPEG bytes, or None if the alert has none. ``crypto.KeyUnavailable`` once
    the case was shredded."""
    record = AlertPhotoRecord.objects.filter(alert=row).first()
    if record is None:
        return None
    case = Case.objects.get(ref=row.case_ref)
    return crypto.open_sealed_bytes(
        case_data_key(case), case.ref, _field(row), bytes(record.sealed)
    )


def photo_path(row: PublishedAlert) -> str:
    return f"/alerts/{row.reference}/photo.jpg"


def public_photo(row: PublishedAlert, site: str) -> Photo | None:
    """The photo as CAP and the page name it: only while the alert is active (or a draft being
    approved) and its facts are on the row; found or cancelled alerts have none."""
    facts = row.content.get("photo")
    if not facts or row.state not in (AlertState.DRAFT, AlertState.ACTIVE):
        return None
    return Photo(
        uri=site + photo_path(row),
        mime_type=MEDIA_TYPE,
        consented=True,  # photos.checked_photo takes none without consent
        size=int(facts["size"]),
        sha1_hex=str(facts["sha1"]),
    )
