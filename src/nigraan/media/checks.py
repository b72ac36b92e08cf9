"""A Django system check: outlets.yaml is valid, or the server, the worker and every management
command that runs checks refuse to start with a message naming the file and the outlet."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from nigraan.media.ingest.outlets import OutletsInvalid, load_outlets


@register()
def check_outlets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        load_outlets()
    except OutletsInvalid as exc:
        return [Error(str(exc), id="nigraan.media.E001")]
    return []
