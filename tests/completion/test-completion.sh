#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion of slicectl, driven as bash drives it: COMP_WORDS split at the word
# breaks (so a PCI address is split at its colons), COMP_CWORD, then what _slicectl put in
# COMPREPLY, over a simulated tree with two GPUs and slices. TAP.
# Usage: test-completion.sh SLICECTL COMPLETION.bash [ZSH_COMPLETION]
set -u
slicectl=$1
completion=$2
zsh_completion=${3:-}

tree=$(mktemp -d "${TMPDIR:-/tmp}/completion-XXXXXX")
trap 'rm -rf "$tree"' EXIT
"$slicectl" simulate "$tree/sys" --gpu 0000:00:02.0 --gpu 0000:03:00.0 >/dev/null || exit 1
uuid_a=$("$slicectl" --sysfs-root "$tree/sys" --simulate create \
           --gpu 0000:00:02.0 --type i915-GVTg_V5_4) || exit 1
uuid_b=$("$slicectl" --sysfs-root "$tree/sys" --simulate create \
           --gpu 0000:03:00.0 --type i915-GVTg_V5_8) || exit 1
mkdir "$tree/other" "$tree/other-dir"

# shellcheck source=/dev/null
. /usr/share/bash-completion/bash_completion || exit 1
# shellcheck source=data/completion/slicectl.bash
. "$completion" || exit 1

n=0
failed=0
# What completing LINE (the cursor at its end) offers, sorted, on one line.
offer () {
  local line=$1 word rest
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMP_WORDS=()
  for word in $line; do
    # bash splits at COMP_WORDBREAKS, which has = and :, and keeps them as words.
    while [[ $word =~ ^([^=:]*)([=:])(.*)$ ]]; do
      [ -n "${BASH_REMATCH[1]}" ] && COMP_WORDS+=("${BASH_REMATCH[1]}")
      COMP_WORDS+=("${BASH_REMATCH[2]}")
      word=${BASH_REMATCH[3]}
    done
    [ -n "$word" ] && COMP_WORDS+=("$word")
  done
  [[ $line == *" " || $line == *[=:] ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _slicectl slicectl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

expect () {
  local name=$1 line=$2 want=$3 got
  got=$(offer "$line")
  n=$((n + 1))
  if [ "$got" = "$want" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "# completing: $line"
    echo "# expected:   $want"
    echo "# got:        $got"
    failed=1
  fi
}

# Contains: every word of WANT is among the offers (an option that takes a value is offered as
# "--name=").
expect_has () {
  local name=$1 line=$2 want=$3 got w missing=''
  got=" $(offer "$line" | sed 's/= / /g; s/=$//') "
  n=$((n + 1))
  for w in $want; do
    [[ $got == *" $w "* ]] || missing+=" $w"
  done
  if [ -z "$missing" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "# completing: $line"
    echo "# missing:$missing"
    failed=1
  fi
}

s="$slicectl --sysfs-root $tree/sys"
commands=$(LC_ALL=C.UTF-8 "$slicectl" --help |
           sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z-]*\) .*/\1/p}' | sort | tr '\n' ' ')
expect "every command of slicectl --help" "$slicectl " "${commands% }"
expect "a command from its start" "$slicectl per" "persist"
expect "help completes commands" "$slicectl help unp" "unpersist"
expect "global options before the command" "$slicectl --s" "--simulate --sysfs-root="

# Every option of every command, as its --help lists it.
for command in $commands; do
  options=$(LC_ALL=C.UTF-8 "$slicectl" "$command" --help |
            sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p' | grep -v '^--help')
  expect_has "every option of “slicectl $command --help”" "$slicectl $command --" "$options"
done

expect "GPU addresses from the tree" "$s create --gpu " "0000:00:02.0 0000:03:00.0"
# bash has split the address at its colons: only what follows the last one is replaced.
expect "a GPU address after a colon" "$s create --gpu 0000:03:" "00.0"
expect "types of the given GPU" "$s create --gpu 0000:00:02.0 --type i915-GVTg_V5_" \
  "i915-GVTg_V5_1 i915-GVTg_V5_2 i915-GVTg_V5_4 i915-GVTg_V5_8"
expect "--option=value" "$s create --type=i915-GVTg_V5_8" "i915-GVTg_V5_8"
expect "slice UUIDs for remove" "$s remove " "$(printf '%s\n' "$uuid_a" "$uuid_b" | sort |
                                                tr '\n' ' ' | sed 's/ $//')"
expect "slice UUIDs for attach --slice" "$s attach -s ${uuid_a:0:8}" "$uuid_a"
expect "--sysfs-root after the command" \
  "$slicectl qemu-args --sysfs-root $tree/sys ${uuid_b:0:4}" "$uuid_b"
expect "--sysfs-root=DIR" "$slicectl --sysfs-root=$tree/sys persist ${uuid_a:0:4}" "$uuid_a"
expect "no slices on a tree without any" "$slicectl --sysfs-root $tree/other remove " ""
expect "folders for --sysfs-root" "$slicectl --sysfs-root $tree/oth" \
  "$tree/other $tree/other-dir"
expect "displays of attach" "$slicectl attach --display " "local looking-glass off remote"
expect "displays of qemu-args" "$slicectl qemu-args --display " "egl-headless gtk none spice"
expect_has "platforms of simulate" "$slicectl simulate --platform " "kbl"
"$slicectl" simulate "$tree/sriov" --platform ptl >/dev/null || exit 1
expect "SR-IOV GPUs for --gpu" "$slicectl --sysfs-root $tree/sriov set-vfs --gpu " "0000:00:02.0"
"$slicectl" --sysfs-root "$tree/sriov" --simulate set-vfs --gpu 0000:00:02.0 2 >/dev/null ||
  exit 1
expect "VFs for attach --slice" "$slicectl --sysfs-root $tree/sriov attach --slice 0000:00:02." \
  "02.1 02.2"
expect "VFs for qemu-args" "$slicectl --sysfs-root $tree/sriov qemu-args 0000:00:02." "02.1 02.2"
if command -v virsh >/dev/null; then
  expect "VM names from virsh on --connect" \
    "$slicectl attach --connect test:///default --domain " "test"
else
  echo "Bail out! virsh is not installed (libvirt-clients)"
  exit 1
fi
(
  # Without virsh, no VM names (and no error): a PATH with the tools the completion uses only.
  mkdir "$tree/bin"
  for tool in sed grep sort tr timeout; do ln -s "$(command -v "$tool")" "$tree/bin/"; done
  PATH=$tree/bin
  got=$(offer "$slicectl attach --connect test:///default --domain " 2>&1)
  [ -z "$got" ]
) && echo "ok $((n + 1)) - no VM names without virsh" ||
  { echo "not ok $((n + 1)) - no VM names without virsh"; failed=1; }
n=$((n + 1))

if [ -n "$zsh_completion" ]; then
  n=$((n + 1))
  if out=$(zsh -n "$zsh_completion" 2>&1); then
    echo "ok $n - the zsh completion is valid zsh"
  else
    echo "not ok $n - the zsh completion is valid zsh"
    printf '%s\n' "$out" | sed 's/^/# /'
    failed=1
  fi
fi
echo "1..$n"
exit $failed
