#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The built polkit policy: valid against polkit's DTD (no network), one action, exec.path
# equal to the configured helper path, auth_admin_keep for active sessions only.
# Usage: test-policy.sh BUILT-POLICY HELPER-PATH. Exit 77 when xmllint or the DTD is missing.

set -u

policy=$1
helper_path=$2
dtd=/usr/share/polkit-1/policyconfig-1.dtd
action=io.github.gpuslices.GpuSlices.manage-slices

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*"; exit 1; }

command -v xmllint >/dev/null || skip "xmllint is not installed (package libxml2-utils)"
[ -r "$dtd" ] || skip "$dtd is missing (package polkitd)"

xmllint --noout --nonet --dtdvalid "$dtd" "$policy" || fail "$policy does not match $dtd"
echo "ok: valid against $dtd"

value () {
  xmllint --nonet --xpath "$1" "$policy" 2>/dev/null
}

[ "$(value 'count(/policyconfig/action)')" = 1 ] || fail "expected exactly one action"
[ "$(value 'string(/policyconfig/action/@id)')" = "$action" ] || fail "action id is not $action"
exec_path=$(value \
  "string(/policyconfig/action/annotate[@key='org.freedesktop.policykit.exec.path'])")
[ "$exec_path" = "$helper_path" ] ||
  fail "exec.path is '$exec_path', not the configured helper '$helper_path'"
case "$exec_path" in
  /*) ;;
  *) fail "exec.path '$exec_path' is not absolute" ;;
esac
[ "$(value 'string(/policyconfig/action/defaults/allow_active)')" = auth_admin_keep ] ||
  fail "allow_active is not auth_admin_keep"
[ "$(value 'string(/policyconfig/action/defaults/allow_inactive)')" = no ] ||
  fail "allow_inactive is not no"
[ "$(value 'string(/policyconfig/action/defaults/allow_any)')" = no ] || fail "allow_any is not no"
[ -n "$(value 'string(/policyconfig/action/message[not(@xml:lang)])')" ] ||
  fail "the action has no message"
echo "ok: one action $action, exec.path $exec_path, auth_admin_keep for active sessions only"
