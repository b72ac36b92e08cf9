"""Staff pages let in logged-in staff only: an anonymous visitor is sent to the login page and
comes back to the page asked for (``staff_login_required``)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from nigraan.accounts.staff_request import is_staff_request

STAFF_PAGES = [
    "/en/staff/",
    "/en/staff/cases/NGR-NOSUCHCASE/",
    "/en/staff/mine/",
    "/en/staff/overdue/",
    "/en/staff/board/",
    "/en/staff/services/",
    "/en/staff/helpline/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={quote(path)}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_a_logged_in_staff_member_reaches_the_page(client, make_staff, geography, path):
    client.force_login(make_staff("op.kasur", "helpline_operator", district="PK614"))
    response = client.get(path)
    # The page itself answers: 200, or 404 for the case no one can see.
    expected = 404 if "NGR-NOSUCHCASE" in path else 200
    assert response.status_code == expected, response.content[:300]


@pytest.mark.django_db
def test_only_a_logged_in_staff_members_request_is_a_staff_request(make_staff):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert not is_staff_request(request)
    request.user = make_staff("cw.kasur", "case_worker", district="PK614")
    assert is_staff_request(request)
