"""Staff pages receive a request whose user is a logged-in ``Staff``, and say so in their types.

``request.user`` on a plain ``HttpRequest`` is ``Staff | AnonymousUser``. A view wrapped in
``staff_login_required`` is reached only once someone has logged in (anonymous visitors are sent
to the login page, as ``login_required`` does), so it is declared to take a ``StaffRequest`` and
passes ``request.user`` to commands and permission checks that want a ``Staff``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeGuard, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponseBase

from nigraan.accounts.models import Staff

P = ParamSpec("P")
Response = TypeVar("Response", bound=HttpResponseBase)


class StaffRequest(HttpRequest):
    """A request made by a logged-in staff member (never built: a narrowed ``HttpRequest``)."""

    user: Staff


def is_staff_request(request: HttpRequest) -> TypeGuard[StaffRequest]:
    """Is the person making this request a logged-in staff member?"""
    return isinstance(request.user, Staff) and request.user.is_authenticated


def staff_login_required(
    view: Callable[Concatenate[StaffRequest, P], Response],
) -> Callable[Concatenate[HttpRequest, P], Response]:
    """``login_required`` for views that take a ``StaffRequest``."""

    @wraps(view)
    def checked(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> Response:
        # login_required has let only authenticated users through, and every user is a Staff
        # (AUTH_USER_MODEL): this refuses nobody, it tells the type checker what that means.
        if not is_staff_request(request):
            raise HttpForbidden("staff only")
        return view(request, *args, **kwargs)

    return login_required(checked)
