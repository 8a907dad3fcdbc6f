#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# po/POTFILES.in is complete, sorted and points at files that exist, so that no translatable
# string is left out of the template. TAP output.
# Usage: test-data-potfiles.sh SOURCE_ROOT
set -u
root=${1:?usage: $0 SOURCE_ROOT}
cd "$root" || exit 1

listed=$(grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in)
echo "1..3"

# 1: sorted, so that merges stay small and a missing file is easy to spot.
if [ "$listed" = "$(LC_ALL=C sort <<<"$listed")" ]; then
  echo "ok 1 - po/POTFILES.in is sorted"
else
  echo "not ok 1 - po/POTFILES.in is not sorted: sort it with LC_ALL=C sort"
  diff <(echo "$listed") <(LC_ALL=C sort <<<"$listed") | sed 's/^/# /'
fi

# 2: every listed file exists.
missing=$(while read -r f; do [ -e "$f" ] || echo "$f"; done <<<"$listed")
if [ -z "$missing" ]; then
  echo "ok 2 - every file in po/POTFILES.in exists"
else
  echo "not ok 2 - po/POTFILES.in lists files that do not exist"
  sed 's/^/# missing: /' <<<"$missing"
fi

# 3: every file with translatable strings is listed: C with _(), N_(), C_(), NC_(), ngettext
# and g_dngettext; .ui with translatable="yes"; the data files merged with i18n.merge_file.
with_strings=$(
  {
    grep -rlE --include='*.c' --include='*.h' \
      '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\(' src
    grep -rl --include='*.ui' 'translatable="yes"' src
    ls data/*.desktop.in data/*.metainfo.xml.in data/*.policy.in 2>/dev/null
  } | grep -v -e '/gi18n' | LC_ALL=C sort -u
)
unlisted=$(comm -23 <(echo "$with_strings" | sed '/^$/d') <(LC_ALL=C sort -u <<<"$listed"))
if [ -z "$unlisted" ]; then
  echo "ok 3 - every file with translatable strings is in po/POTFILES.in"
else
  echo "not ok 3 - files with translatable strings are missing from po/POTFILES.in"
  sed 's/^/# add: /' <<<"$unlisted"
fi
