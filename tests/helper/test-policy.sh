#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The built polkit policy: valid against polkit's DTD (no network); exactly two actions, each
# with exec.path equal to the configured helper path and its own exec.argv1 (the helper's first
# word), so that pkexec can never pick the wrong one; manage-slices is auth_admin_keep and
# configure-host auth_admin, both for active sessions only, each with its own message.
# Usage: test-policy.sh BUILT-POLICY HELPER-PATH. Exit 77 when xmllint or the DTD is missing.

set -u

policy=$1
helper_path=$2
dtd=/usr/share/polkit-1/policyconfig-1.dtd
prefix=io.github.gpuslices.GpuSlices

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*"; exit 1; }

command -v xmllint >/dev/null || skip "xmllint is not installed (package libxml2-utils)"
[ -r "$dtd" ] || skip "$dtd is missing (package polkitd)"

xmllint --noout --nonet --dtdvalid "$dtd" "$policy" || fail "$policy does not match $dtd"
echo "ok: valid against $dtd"

value () {
  xmllint --nonet --xpath "$1" "$policy" 2>/dev/null
}

[ "$(value 'count(/policyconfig/action)')" = 2 ] || fail "expected exactly two actions"
messages=''
for spec in manage-slices:slices:auth_admin_keep configure-host:configure-host:auth_admin; do
  id=$prefix.${spec%%:*}
  rest=${spec#*:}
  argv1=${rest%%:*}
  active=${rest#*:}
  a="/policyconfig/action[@id='$id']"
  [ "$(value "count($a)")" = 1 ] || fail "there is no action $id"
  exec_path=$(value "string($a/annotate[@key='org.freedesktop.policykit.exec.path'])")
  [ "$exec_path" = "$helper_path" ] ||
    fail "$id: exec.path is '$exec_path', not the configured helper '$helper_path'"
  case "$exec_path" in
    /*) ;;
    *) fail "$id: exec.path '$exec_path' is not absolute" ;;
  esac
  [ "$(value "string($a/annotate[@key='org.freedesktop.policykit.exec.argv1'])")" = "$argv1" ] ||
    fail "$id: exec.argv1 is not '$argv1'"
  [ "$(value "string($a/defaults/allow_active)")" = "$active" ] ||
    fail "$id: allow_active is not $active"
  [ "$(value "string($a/defaults/allow_inactive)")" = no ] || fail "$id: allow_inactive is not no"
  [ "$(value "string($a/defaults/allow_any)")" = no ] || fail "$id: allow_any is not no"
  message=$(value "string($a/message[not(@xml:lang)])")
  [ -n "$message" ] || fail "$id has no message"
  case "$messages" in
    *"|$message|"*) fail "$id shares its message with another action" ;;
  esac
  messages="$messages|$message|"
  echo "ok: $id, exec.path $exec_path, argv1 $argv1, $active for active sessions only"
done
