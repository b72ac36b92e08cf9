"""The child's photo through the alert's life (issue 14): drafted with the guardian's consent,
sealed under the case's key with only its SHA-256 in the ledger, seen by the approver, published
at its own address (CAP resource, Atom enclosure, the alert page) while the alert is active, and
withdrawn at once on "found" or cancel (410 at its address; gone from page, feed and CAP).
Refusals write nothing. Synthetic data: a fictional child in Kasur, a generated image."""

from __future__ import annotations

import hashlib
import json

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import etree

from alerts_photo_support import CAMERA, phone_photo
from nigraan.alerts import workflow
from nigraan.alerts.cap_model import CAP_NAMESPACE
from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.models import AlertPhotoRecord, PublishedAlert
from nigraan.alerts.photos import PhotoRefused
from nigraan.cases.models import CaseKey
from nigraan.ledger.encoding import decode_leaf
from nigraan.ledger.models import Event
from personas import Personas
from test_alerts_workflow import _open, all_yes, draft_fields

CAP = "{" + CAP_NAMESPACE + "}"


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco", "cw.attock")


def _issued_with_photo(people) -> tuple[str, PublishedAlert]:
    ref = _open(people)
    fields = draft_fields(photo_consent="on")
    workflow.draft_alert(people["cw"], ref, fields, photo=phone_photo(1600, 1200))
    return ref, workflow.approve_alert(people["sup"], ref, all_yes())


def _cap_resource(document: bytes) -> etree._Element | None:
    root = etree.fromstring(document)
    return root.find(f"{CAP}info/{CAP}resource")


def test_the_ledger_keeps_the_photos_sha256_and_the_photo_stays_sealed(people):
    ref = _open(people)
    upload = phone_photo(1600, 1200)
    row = workflow.draft_alert(people["cw"], ref, draft_fields(photo_consent="on"), photo=upload)
    record = AlertPhotoRecord.objects.get(alert=row)
    leaf = Event.objects.get(case_ref=ref, kind="case.alert_drafted").leaf
    data = json.loads(decode_leaf(leaf).data_json)
    assert data["photo"] == record.sha256 == row.content["photo"]["sha256"]
    assert set(data) == {"alert", "content", "photo"} and len(leaf) < 10_000  # not the bytes
    sealed = bytes(record.sealed)
    assert b"\xff\xd8" not in sealed[:16] and CAMERA not in sealed and upload[:64] not in sealed
    # Nothing public before approval.
    assert Client().get(f"/alerts/{row.reference}/photo.jpg").status_code == 404


def test_the_approver_sees_the_drafted_photo_on_the_case_page(people):
    ref = _open(people)
    row = workflow.draft_alert(
        people["cw"], ref, draft_fields(photo_consent="on"), photo=phone_photo(900, 1200)
    )
    approver = Client()
    approver.force_login(people["sup"])
    page = approver.get(f"/en/staff/cases/{ref}/").content.decode()
    assert 'id="alert-approve-form"' in page and f"alert-photo/{row.reference}.jpg" in page
    shown = approver.get(f"/en/staff/cases/{ref}/alert-photo/{row.reference}.jpg")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert shown["Cache-Control"] == "private, no-store"
    assert hashlib.sha256(shown.content).hexdigest() == row.content["photo"]["sha256"]
    elsewhere = Client()
    elsewhere.force_login(people["cw.attock"])  # staff of another district: not this case
    url = f"/en/staff/cases/{ref}/alert-photo/{row.reference}.jpg"
    assert elsewhere.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_an_active_alert_publishes_the_photo_in_page_feed_and_cap(people):
    ref, row = _issued_with_photo(people)
    public = Client()
    photo = public.get(f"/alerts/{row.reference}/photo.jpg")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert photo["Cache-Control"] == "public, max-age=60" and not photo.cookies
    assert "noindex" in photo["X-Robots-Tag"]
    cap = public.get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(cap)
    resource = _cap_resource(cap)
    assert resource is not None
    assert resource.findtext(f"{CAP}mimeType") == "image/jpeg"
    assert (
        resource.findtext(f"{CAP}uri")
        == f"https://nigraan.example/alerts/{row.reference}/photo.jpg"
    )
    assert int(resource.findtext(f"{CAP}size") or 0) == len(photo.content)
    assert resource.findtext(f"{CAP}digest") == hashlib.sha1(photo.content).hexdigest()  # noqa: S324
    feed = feedparser.parse(public.get("/alerts/feed.atom").content)
    enclosures = [link for link in feed.entries[0].links if link.rel == "enclosure"]
    assert not feed.bozo and enclosures[0].href.endswith(f"/alerts/{row.reference}/photo.jpg")
    for lang in ("en", "ur"):
        page = public.get(f"/{lang}/alerts/{row.reference}/")
        html = page.content.decode()
        assert f'src="/alerts/{row.reference}/photo.jpg"' in html and 'alt="' in html
        assert len(page.content) + len(photo.content) < 100_000
        assert "img-src 'self'" in page["Content-Security-Policy"]


@pytest.mark.parametrize("how", ["found", "cancelled"])
def test_found_or_cancel_withdraws_the_photo_at_once(people, how):
    ref, row = _issued_with_photo(people)
    public = Client()
    assert public.get(f"/alerts/{row.reference}/photo.jpg").status_code == 200
    if how == "found":
        row = workflow.alert_found(people["cw"], ref)
    else:
        row = workflow.cancel_alert(people["cw"], ref, "Issued in error.")
    assert public.get(f"/alerts/{row.reference}/photo.jpg").status_code == 410
    for lang in ("en", "ur"):
        assert "photo.jpg" not in public.get(f"/{lang}/alerts/{row.reference}/").content.decode()
    feed = public.get("/alerts/feed.atom").content
    assert b"photo.jpg" not in feed and b"enclosure" not in feed
    cap = public.get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(cap)
    assert _cap_resource(cap) is None and b"photo.jpg" not in cap
    assert "photo" not in row.content
    # The sealed photo stays with the case until it is shredded (docs/alerts.md), for its staff.
    assert AlertPhotoRecord.objects.filter(alert=row).exists()


def test_shredding_the_case_makes_the_published_photo_unreadable(people):
    ref, row = _issued_with_photo(people)
    CaseKey.objects.filter(case__ref=ref).update(wrapped_key=b"")  # what shred_case does
    assert Client().get(f"/alerts/{row.reference}/photo.jpg").status_code == 410


def test_a_photo_without_consent_is_refused_and_nothing_is_written(people):
    ref = _open(people)
    with pytest.raises(PhotoRefused, match="consents"):
        workflow.draft_alert(people["cw"], ref, draft_fields(), photo=phone_photo(400, 300))
    assert not PublishedAlert.objects.filter(case_ref=ref).exists()
    assert not Event.objects.filter(case_ref=ref, kind__startswith="case.alert").exists()


def _post_draft(staff, ref: str, lang: str, upload: bytes, **extra: str) -> str:
    browser = Client()
    browser.force_login(staff)
    data = {
        "action": "alert_draft",
        **draft_fields(**extra),
        "photo": SimpleUploadedFile("child.jpg", upload, content_type="image/jpeg"),
    }
    response = browser.post(f"/{lang}/staff/cases/{ref}/", data)
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_takes_a_photo_with_consent_and_refuses_one_without(people):
    ref = _open(people)
    refused = _post_draft(people["cw"], ref, "en", phone_photo(400, 300))
    assert "tick that the parent or guardian consents" in refused
    urdu = _post_draft(people["cw"], ref, "ur", phone_photo(400, 300))
    assert "والدین یا سرپرست اسے شائع کرنے پر رضامند" in urdu
    bad = _post_draft(people["cw"], ref, "en", b"GIF89a not really", photo_consent="on")
    assert "send a JPEG or PNG image" in bad
    assert not PublishedAlert.objects.filter(case_ref=ref).exists()
    done = _post_draft(people["cw"], ref, "en", phone_photo(1200, 900), photo_consent="on")
    assert "Alert drafted" in done and 'id="alert-draft-photo"' in done
    row = PublishedAlert.objects.get(case_ref=ref)
    assert row.content["photo"]["width"] == 480 and AlertPhotoRecord.objects.filter(alert=row)


def test_an_oversized_upload_on_the_case_page_is_refused(people, settings):
    settings.NIGRAAN_ALERT_PHOTO_MAX_BYTES = 200_000
    ref = _open(people)
    page = _post_draft(
        people["cw"], ref, "en", phone_photo(1600, 1600, noise=120), photo_consent="on"
    )
    assert "too large: at most 0.2 MB" in page
    assert not PublishedAlert.objects.filter(case_ref=ref).exists()


def test_an_upload_over_the_ceiling_is_stopped_while_it_streams_in(people, settings):
    settings.NIGRAAN_MAX_UPLOAD_BYTES = 300_000  # security/uploads.py: before any view reads it
    ref = _open(people)
    browser = Client()
    browser.force_login(people["cw"])
    big = SimpleUploadedFile("child.jpg", b"\xff\xd8" + b"\0" * 400_000, "image/jpeg")
    data = {"action": "alert_draft", **draft_fields(photo_consent="on"), "photo": big}
    assert browser.post(f"/en/staff/cases/{ref}/", data).status_code == 400
    assert not PublishedAlert.objects.filter(case_ref=ref).exists()


def test_an_update_keeps_the_photo_until_the_child_is_found(people):
    ref, row = _issued_with_photo(people)
    row = workflow.update_alert(people["sup"], ref, {}, radius_km="30")
    cap = Client().get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(cap)
    assert b"<msgType>Update</msgType>" in cap and _cap_resource(cap) is not None
    assert Client().get(f"/alerts/{row.reference}/photo.jpg").status_code == 200
