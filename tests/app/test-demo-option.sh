#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gpu-slices --demo=NAME takes gvt or sriov; any other name is one line on stderr and exit
# status 1, before any window (so no display is needed).
app=$1
out=$("$app" --demo=foo 2>&1)
status=$?
if [ "$status" -ne 1 ]; then
  echo "FAIL: gpu-slices --demo=foo exited with $status, not 1"
  exit 1
fi
case $out in
  *'Unknown demo “foo”: choose --demo=gvt (GVT-g) or --demo=sriov (SR-IOV)'*) ;;
  *) echo "FAIL: gpu-slices --demo=foo said: $out"; exit 1 ;;
esac
echo "ok: --demo=foo refused with status 1"
