#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Smoke test: install the build into a temporary DESTDIR, start the installed gpu-slices --demo
# on the current X server, find its window, take a screenshot of the screen and check that it
# is not blank; then end it with SIGTERM, as logging out does, and check that it quit cleanly and
# took its simulated system out of its temporary folder. Usage: smoke-install.sh BUILDDIR PREFIX
# With BUILDDIR "--installed", it starts the app already installed in PREFIX (the Debian
# package test) and writes its screenshot into the temporary folder.
set -u

builddir=$1
prefix=$2
installed=
if [ "$builddir" = --installed ]; then
  installed=1
fi

if [ -z "${DISPLAY:-}" ]; then
  echo "SKIP: no X display (DISPLAY is unset); build-aux/test runs this under xvfb-run"
  exit 77
fi
for tool in xwininfo import convert; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (x11-utils, imagemagick)"
    exit 77
  fi
done

destdir=$(mktemp -d "${TMPDIR:-/tmp}/gpu-slices-smoke-XXXXXX")
# The app's own TMPDIR, so that what it leaves behind can be seen.
app_tmp="$destdir/tmp"
mkdir "$app_tmp"
app_pid=
cleanup() {
  if [ -n "$app_pid" ]; then
    kill -KILL "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  rm -rf "$destdir"
}
trap cleanup EXIT

if [ -n "$installed" ]; then
  root=$prefix
  builddir=$destdir
elif ! meson install -C "$builddir" --no-rebuild --quiet --destdir "$destdir" \
    >"$destdir.log" 2>&1; then
  cat "$destdir.log"
  rm -f "$destdir.log"
  echo "FAIL: meson install --destdir failed"
  exit 1
else
  root="$destdir$prefix"
fi
rm -f "$destdir.log"
app="$root/bin/gpu-slices"
if [ ! -x "$app" ]; then
  echo "FAIL: $app was not installed"
  exit 1
fi

# The installed schema, if post-install compiled it; the memory backend either way.
if [ -f "$root/share/glib-2.0/schemas/gschemas.compiled" ]; then
  export GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas"
fi
export GSETTINGS_BACKEND=memory

TMPDIR="$app_tmp" "$app" --demo &
app_pid=$!

# Wait (at most 20 s) for the window to be on the screen.
found=
i=0
while [ $i -lt 200 ]; do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "FAIL: gpu-slices --demo exited before showing a window"
    app_pid=
    exit 1
  fi
  if xwininfo -root -tree 2>/dev/null | grep -q '"GPU Slices"'; then
    found=1
    break
  fi
  i=$((i + 1))
  sleep 0.1
done
if [ -z "$found" ]; then
  echo "FAIL: no window titled \"GPU Slices\" appeared within 20 s"
  exit 1
fi

# Give the first frames time to be drawn, then grab the screen.
shot="$builddir/meson-logs/smoke-install.png"
mkdir -p "$builddir/meson-logs"
i=0
while [ $i -lt 50 ]; do
  i=$((i + 1))
  sleep 0.1
  import -window root "$shot" 2>/dev/null || continue
  deviation=$(convert "$shot" -format '%[fx:standard_deviation]' info:)
  if awk -v d="$deviation" 'BEGIN { exit !(d > 0.05) }'; then
    echo "ok: window found; screenshot $shot has standard deviation $deviation"
    break
  fi
  deviation=
done
if [ -z "${deviation:-}" ]; then
  echo "FAIL: the screenshot $shot looks blank"
  exit 1
fi
if [ -z "$(ls -A "$app_tmp")" ]; then
  echo "FAIL: the demo made nothing in its TMPDIR ($app_tmp): this test would check nothing"
  exit 1
fi

# SIGTERM: the app quits as with Ctrl+Q (wait returns its exit status once it is gone).
kill -TERM "$app_pid"
wait "$app_pid"
status=$?
app_pid=
if [ "$status" -ne 0 ]; then
  echo "FAIL: gpu-slices --demo exited with status $status after SIGTERM (expected 0)"
  exit 1
fi
left=$(ls -A "$app_tmp")
if [ -n "$left" ]; then
  echo "FAIL: gpu-slices --demo left this in its TMPDIR after SIGTERM: $left"
  exit 1
fi
echo "ok: SIGTERM quit the demo with status 0 and it removed its simulated system"
exit 0
