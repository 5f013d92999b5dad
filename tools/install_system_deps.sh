#!/usr/bin/env bash
# Debian packages the readers use: LibreOffice Writer without a GUI (.doc .wps .rtf .odt) and a CJK font (to
# render generated scans in the tests). Idempotent; without root or sudo it says what is missing and exits 0,
# so `make demo` still works: the tests that need these skip with a reason, and reading such a file fails with
# a message that names the package.
set -uo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present (LibreOffice, Noto CJK fonts)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "not root: skipping apt-get install ${need[*]} (install them to read .doc/.wps/.rtf/.odt)" >&2; exit 0; fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get: install ${need[*]} with your system's package manager" >&2; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${need[@]}" \
  || { echo "apt-get install ${need[*]} failed" >&2; [ -z "${CI:-}" ] || exit 1; }
