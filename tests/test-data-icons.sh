#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The app icons: well-formed SVG of the sizes the GNOME guidelines ask for, a symbolic icon in
# one colour only, and names that match the application id the desktop file points at. TAP.
# Usage: test-data-icons.sh SOURCE_ROOT APPLICATION_ID
set -u
root=${1:?usage: $0 SOURCE_ROOT APPLICATION_ID}
app_id=${2:?usage: $0 SOURCE_ROOT APPLICATION_ID}
cd "$root" || exit 1

app=icons/hicolor/scalable/apps/$app_id.svg
symbolic=icons/hicolor/symbolic/apps/$app_id-symbolic.svg
n=0
check () {
  n=$((n + 1))
  if eval "$2" >/dev/null 2>&1; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}

echo "1..6"
check "$app is well-formed XML" "xmllint --noout --nonet '$app'"
check "$symbolic is well-formed XML" "xmllint --noout --nonet '$symbolic'"
check "the app icon has a 128×128 canvas" \
  "grep -q 'viewBox=\"0 0 128 128\"' '$app'"
check "the symbolic icon has a 16×16 canvas" \
  "grep -q 'viewBox=\"0 0 16 16\"' '$symbolic'"
# GTK recolours symbolic icons; any other colour would show through in dark style.
check "the symbolic icon uses #2e3436 only" \
  "! grep -oE '#[0-9a-fA-F]{3,6}\\b' '$symbolic' | grep -viq '^#2e3436$'"
check "the desktop file names the app icon" \
  "grep -qx 'Icon=$app_id' 'data/$app_id.desktop.in'"
