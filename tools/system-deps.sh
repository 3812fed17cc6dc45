#!/usr/bin/env bash
# Install the system programs the build and the end-to-end tests use (headless Chromium for the
# figure gallery, LibreOffice Calc for opening the Excel report, LibreOffice Writer for the PDF of
# the results report and for reading .doc/.rtf/.odt documents, Tesseract with Ukrainian and
# English data for scanned documents, poppler-utils pdftoppm for the tests that make scans),
# when they are missing and apt-get is usable.
# Best effort outside CI: without root the tests that need them skip locally (never in CI).
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
# Writer converts the results report (DOCX) to PDF; Calc alone cannot load a .docx
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || [ -e /usr/lib/libreoffice/program/libswlo.so ] \
  || need+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
for lang in ukr eng; do
  tesseract --list-langs 2>/dev/null | grep -qx "$lang" || need+=("tesseract-ocr-$lang")
done
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit $?
fi
echo "note: ${need[*]} missing and cannot be installed here (not root or no apt-get);" \
     "the gallery/workbook/document end-to-end tests will skip (they never skip in CI)." >&2
[ "${CI:-}" = "true" ] && exit 1
exit 0
