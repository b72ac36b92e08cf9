"""A ceiling on uploaded files, enforced while the request body streams in.

Django keeps ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``NIGRAAN_MAX_REQUEST_BYTES``) for form fields
but not for files: a multipart body of any size would be written to a temporary file before a
view could refuse it, and the CSRF check reads the body before any view runs. This handler,
first in ``FILE_UPLOAD_HANDLERS``, stops a request whose files exceed
``NIGRAAN_MAX_UPLOAD_BYTES`` as soon as it has seen that much (400, "request too large"). The
limit is well above the alert photo's (5 MB), so an ordinary oversized photo still reaches the
form and is refused there with a message naming the limit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadCeiling(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    @staticmethod
    def ceiling() -> int:
        return int(settings.NIGRAAN_MAX_UPLOAD_BYTES)

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length > self.ceiling() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("The upload is larger than NIGRAAN_MAX_UPLOAD_BYTES.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.ceiling():
            raise RequestDataTooBig("The upload is larger than NIGRAAN_MAX_UPLOAD_BYTES.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers (memory, temporary file) keep the file
