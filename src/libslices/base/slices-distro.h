/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which distribution family the machine belongs to, read from os-release (and /etc/NIXOS), so
 * that the setup checks can print commands that work there: Debian/Ubuntu, Fedora/RHEL, Arch,
 * NixOS, or unknown.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SLICES_DISTRO_UNKNOWN,
  SLICES_DISTRO_DEBIAN,   /* debian, ubuntu, linuxmint, pop, elementary, zorin, kali, raspbian… */
  SLICES_DISTRO_FEDORA,   /* fedora, rhel, centos, rocky, almalinux, ol… */
  SLICES_DISTRO_ARCH,     /* arch, manjaro, endeavouros, garuda, artix… */
  SLICES_DISTRO_NIXOS,
} SlicesDistroFamily;

/* Detects the family of the system under @root_dir (NULL for "/"): NixOS when
 * ROOT/etc/NIXOS exists; else from @os_release_path when given, else from ROOT/etc/os-release,
 * then ROOT/usr/lib/os-release. Unreadable or unrecognised files give SLICES_DISTRO_UNKNOWN. */
SlicesDistroFamily slices_distro_detect (const char *root_dir,
                                        const char *os_release_path);

/* Family from the text of an os-release file (ID first, then each word of ID_LIKE). */
SlicesDistroFamily slices_distro_family_from_os_release (const char *text);

/* Stable lowercase name for JSON: "debian", "fedora", "arch", "nixos", "unknown". */
const char *slices_distro_family_to_string (SlicesDistroFamily family);

/* The value of @key in an os-release text, unquoted and unescaped; NULL when absent. */
char *slices_os_release_get (const char *text,
                             const char *key);

G_END_DECLS
