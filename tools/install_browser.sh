#!/usr/bin/env bash
# Headless Chromium + chromedriver from Debian packages, for tests/ui/test_browser.py (a CJK font too, so the
# screenshot is legible). Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver exist.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium and chromedriver already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "need root (or sudo) to install chromium; the browser test will be skipped" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends chromium chromium-driver fonts-wqy-microhei
