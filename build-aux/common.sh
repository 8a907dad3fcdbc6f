# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034
# Shared by build-aux/run and build-aux/test (sourced, not run): the Debian 12 packages the
# project needs, and the steps both commands take. One list, so that a fresh machine (CI is one)
# gets everything the build and the tests call.

# To configure and build: compilers, meson, the -dev packages, and the tools the build itself
# runs (msgfmt merges translations into the data files; polkitd brings the polkit ITS rules;
# desktop-file-utils and appstream are looked up by the data tests at configure time; scdoc
# makes the man pages; bash-completion's pkg-config file says where completions go).
BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libudev-dev libjson-glib-dev
  libvirt-dev libxml2-dev libpolkit-gobject-1-dev libumockdev-dev
  gettext desktop-file-utils appstream libxml2-utils polkitd scdoc bash-completion
  # run time: the helper runs through pkexec; GTK draws the SVG icons through librsvg.
  pkexec librsvg2-common
)

# Only for the tests: the X server for the GUI suite (xvfb-run needs xauth; screenshots need
# ImageMagick's import and convert), umockdev's preload library, a system bus and polkitd for the
# pkexec round trip, real libvirt + QEMU for the domain XML checks, and sudo to show that the
# installed helper's umockdev-free build stays so when started through it; libxtst6 for the GUI
# tests, which press keys through XTest. Nix's parser (nix-bin) checks the NixOS snippets and
# module, groff and man the man pages, zsh the zsh completion; debhelper, lintian and fakeroot
# build and check the Debian package.
TEST_PACKAGES=(
  umockdev xvfb xauth x11-utils libxtst6 imagemagick dbus sudo
  libvirt-daemon-system libvirt-clients qemu-system-x86 mdevctl
  nix-bin groff-base man-db zsh
  debhelper dpkg-dev lintian fakeroot
)

# Prints the packages of "$@" that are not installed, one per line.
missing_packages () {
  local installed
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null |
              awk '$2 == "installed" { print $1 }')
  local p
  for p in "$@"; do
    grep -qxF "$p" <<<"$installed" || echo "$p"
  done
}

# Installs the packages of "$@" that are missing; does nothing (and asks for nothing) when all
# are there, so a second run is instant.
install_packages () {
  local -a missing
  mapfile -t missing < <(missing_packages "$@")
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing: ${missing[*]}" >&2
  local -a sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "error: these packages are missing and sudo is not installed:" >&2
      echo "  ${missing[*]}" >&2
      echo "Install them as root with apt-get, then run this again." >&2
      return 1
    fi
    sudo=(sudo)
  fi
  local -a apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive
                apt-get -y -q -o DPkg::Lock::Timeout=300)
  # The package lists of a fresh image can be older than the mirror: refresh them first.
  "${apt[@]}" update || return 1
  "${apt[@]}" install --no-install-recommends "${missing[@]}" || return 1
  mapfile -t missing < <(missing_packages "$@")
  if [ ${#missing[@]} -ne 0 ]; then
    echo "error: still missing after apt-get install: ${missing[*]}" >&2
    return 1
  fi
}

# meson setup into BUILDDIR, or reconfigure it when it exists; extra arguments are options.
# A failed configure is not retried with --wipe: the cause is in a meson.build, and wiping would
# only throw away a build dir that works again once that is fixed.
setup_build_dir () {
  local builddir=$1
  shift
  if [ -f "$builddir/meson-private/coredata.dat" ]; then
    meson setup --reconfigure "$builddir" "$@"
  else
    meson setup "$builddir" "$@"
  fi
}

# Seconds since the epoch, with milliseconds.
now () {
  date +%s.%3N
}

# Prints "NAME 12.3 s" for a phase from START to END.
elapsed () {
  awk -v a="$2" -v b="$3" -v n="$1" 'BEGIN { printf "%s %.1f s", n, b - a }'
}
