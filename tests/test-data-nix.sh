#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The in-tree Nix files pass Nix's own parser (nix-instantiate --parse), as TAP. Evaluating them
# needs nixpkgs, which a test cannot fetch. A private configuration folder and the dummy store,
# so that it needs no /nix and no root. Usage: test-data-nix.sh NIX_INSTANTIATE SRCDIR
set -u
nix_instantiate=$1
srcdir=$2
conf=$(mktemp -d "${TMPDIR:-/tmp}/nix-conf-XXXXXX")
trap 'rm -rf "$conf"' EXIT

files="nix/module.nix nix/package.nix flake.nix"
echo "1..3"
n=0
status=0
for file in $files; do
  n=$((n + 1))
  if out=$(NIX_CONF_DIR="$conf" XDG_CACHE_HOME="$conf" HOME="$conf" \
           "$nix_instantiate" --store dummy:// --parse "$srcdir/$file" 2>&1); then
    echo "ok $n - $file parses"
  else
    echo "not ok $n - $file parses"
    printf '%s\n' "$out" | sed 's/^/# /'
    status=1
  fi
done
exit $status
