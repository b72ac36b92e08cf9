#!/bin/sh
# Installs what the annual report needs from Debian when it is missing and we may install:
# Pango (WeasyPrint lays out text with it, HarfBuzz shaping Urdu), the Noto fonts (Noto Naskh
# Arabic for Urdu, Noto Sans for English; SIL Open Font License) and poppler-utils (pdftoppm and
# pdftotext, which the report tests use to open the PDF and read its text back).
# Nothing is downloaded when the report is rendered: only this script installs.
set -e
missing=""
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
fc-list 2>/dev/null | grep -q "Noto Naskh Arabic" || missing="$missing fonts-noto-core"
ldconfig -p 2>/dev/null | grep -q "libpango-1.0" || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing for the annual report (apt-get install$missing)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null
else
    echo "Missing for the annual report:$missing (sudo apt-get install$missing)." >&2
    exit 1
fi
