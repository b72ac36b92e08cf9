#!/bin/sh
# Installs Debian's Chromium (used by the page tests) when it is missing and we may install.
set -e
if command -v chromium >/dev/null 2>&1 || [ -n "$NIGRAAN_CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the page tests (apt-get install chromium)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium fonts-noto-core >/dev/null
else
    echo "Chromium is missing: install it (sudo apt-get install chromium) or set NIGRAAN_CHROMIUM." >&2
    exit 1
fi
