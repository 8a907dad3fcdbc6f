# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for slicectl. The commands and options come from slicectl's own --help, so a
# new one completes without a change here; GPU addresses, slice type ids, slice UUIDs and SR-IOV
# virtual functions' addresses are read from the sysfs tree (--sysfs-root DIR, else /sys); VM names from
# `virsh list --all --name` on the given --connect, only when virsh is installed.

# The help text of "$@" (a command, or nothing for the main help), untranslated.
_slicectl_help ()
{
  LC_ALL=C.UTF-8 LANGUAGE= "${_slicectl_program:-slicectl}" "$@" --help 2>/dev/null
}

_slicectl_commands ()
{
  _slicectl_help | sed -n '/^Commands:$/,/^$/{s/^  \([a-z][a-z-]*\) .*/\1/p}'
}

# Every long option of the command (and the global ones), one a line; "--name=" for one that
# takes a value.
_slicectl_options ()
{
  _slicectl_help "$@" |
    sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}\(--[a-z0-9-]*\)\(=\{0,1\}\).*/\2\3/p' |
    grep -v -e '^--help'
}

# GPUs with GVT-g slice types or SR-IOV.
_slicectl_gpus ()
{
  local dir
  for dir in "$_slicectl_root"/bus/pci/devices/*; do
    [ -d "$dir/mdev_supported_types" ] || [ -e "$dir/sriov_totalvfs" ] || continue
    [ "$(cat "$dir/vendor" 2>/dev/null)" = 0x8086 ] || continue
    printf '%s\n' "${dir##*/}"
  done
}

# The type ids of the GPU at $1, or of every GPU.
_slicectl_types ()
{
  local dir
  for dir in "$_slicectl_root"/bus/pci/devices/${1:-*}/mdev_supported_types/*; do
    [ -d "$dir" ] && printf '%s\n' "${dir##*/}"
  done | sort -u
}

_slicectl_slices ()
{
  local dir
  for dir in "$_slicectl_root"/bus/mdev/devices/*; do
    [ -e "$dir" ] && printf '%s\n' "${dir##*/}"
  done
}

# The enabled SR-IOV virtual functions of every GPU (its virtfn links).
_slicectl_vfs ()
{
  local link
  for link in "$_slicectl_root"/bus/pci/devices/*/virtfn*; do
    [ -e "$link" ] && printf '%s\n' "$(basename "$(readlink "$link")")"
  done
}

_slicectl_domains ()
{
  command -v virsh >/dev/null 2>&1 || return 0
  local -a connect=()
  [ -n "$_slicectl_connect" ] && connect=(--connect "$_slicectl_connect")
  LC_ALL=C.UTF-8 timeout 5 virsh "${connect[@]}" list --all --name 2>/dev/null | sed '/^$/d'
}

# The indented words after "The platforms:" in `slicectl simulate --help`.
_slicectl_platforms ()
{
  _slicectl_help simulate | sed -n '/The platforms:$/,/^$/{s/^  \([a-z0-9]\{1,\}\) .*/\1/p}'
}

_slicectl ()
{
  local cur prev words cword split
  _init_completion -s -n =: || return

  _slicectl_program=${words[0]}
  _slicectl_root=/sys
  _slicectl_connect=
  local command='' gpu='' i word value_options
  value_options=$(_slicectl_options | sed -n 's/=$//p')
  # The tree, the connection, the GPU and the command given so far.
  for ((i = 1; i < cword; i++)); do
    word=${words[i]}
    case $word in
      --sysfs-root=*) _slicectl_root=${word#*=} ;;
      --connect=*) _slicectl_connect=${word#*=} ;;
      --gpu=*) gpu=${word#*=} ;;
      --sysfs-root) _slicectl_root=${words[i + 1]}; ((i++)) ;;
      --connect|-c) _slicectl_connect=${words[i + 1]}; ((i++)) ;;
      --gpu) gpu=${words[i + 1]}; ((i++)) ;;
      -*)
        if [ -n "$command" ]; then
          grep -qx -e "${word%%=*}=" < <(_slicectl_options "$command") && [[ $word != *=* ]] &&
            ((i++))
        fi
        ;;
      *) [ -z "$command" ] && command=$word ;;
    esac
  done
  _slicectl_root=${_slicectl_root/#\~/$HOME}

  local -a offer=()
  case $prev in
    --sysfs-root) _filedir -d; return ;;
    --xml) _filedir xml; return ;;
    --gpu) [ "$command" != simulate ] && mapfile -t offer < <(_slicectl_gpus) ;;
    --type) mapfile -t offer < <(_slicectl_types "$gpu") ;;
    --slice|-s) mapfile -t offer < <(_slicectl_slices; _slicectl_vfs) ;;
    --domain|-d) mapfile -t offer < <(_slicectl_domains) ;;
    --connect|-c) offer=(qemu:///system qemu:///session) ;;
    --display)
      if [ "$command" = qemu-args ]; then offer=(gtk spice egl-headless none)
      else offer=(local remote off looking-glass); fi ;;
    --rendernode) offer=(/dev/dri/renderD*) ;;
    --platform) mapfile -t offer < <(_slicectl_platforms) ;;
    --aperture) offer=(256 512 1024) ;;
    --count) offer=(1 2 3 4 5 6 7) ;;
    --user) mapfile -t offer < <(compgen -u) ;;
    --uuid|--resolution|--looking-glass|--libvirt-version) return ;;
    *)
      if [[ $cur == -* ]]; then
        mapfile -t offer < <(_slicectl_options $command)
        mapfile -t COMPREPLY < <(compgen -W "${offer[*]}" -- "$cur")
        [[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace
        return
      elif [ -z "$command" ]; then
        mapfile -t offer < <(_slicectl_commands)
      else
        case $command in
          remove|persist|unpersist) mapfile -t offer < <(_slicectl_slices) ;;
          qemu-args) mapfile -t offer < <(_slicectl_slices; _slicectl_vfs) ;;
          help) mapfile -t offer < <(_slicectl_commands) ;;
          simulate) _filedir -d; return ;;
        esac
      fi
      ;;
  esac
  mapfile -t COMPREPLY < <(compgen -W "${offer[*]}" -- "$cur")
  __ltrim_colon_completions "$cur"
} &&
  complete -F _slicectl slicectl
