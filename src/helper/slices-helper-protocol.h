/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only thing gpu-slices-helper shares with the rest of GPU Slices: its argument grammar
 * and its exit codes. Plain C, no GLib, so that the root helper links nothing it does not need.
 *
 * Grammar (exact argument counts):
 *   gpu-slices-helper create <pci-address> <type-id> <uuid>
 *   gpu-slices-helper remove <uuid>
 *
 * On failure the helper prints exactly one line on stderr (for people) and exits with one of
 * the codes below. 126 and 127 are pkexec's own (dialog dismissed / not authorized) and are
 * never used by the helper.
 */
#pragma once

typedef enum {
  SLICES_HELPER_EXIT_OK = 0,
  SLICES_HELPER_EXIT_FAILED = 1,        /* unexpected I/O failure; the message says which */
  SLICES_HELPER_EXIT_USAGE = 2,         /* unknown command or wrong number of arguments */
  SLICES_HELPER_EXIT_NOT_ROOT = 3,      /* uid or euid is not 0 */
  SLICES_HELPER_EXIT_BAD_ADDRESS = 4,   /* not a PCI address of the form 0000:00:02.0 */
  SLICES_HELPER_EXIT_NO_GPU = 5,        /* no such PCI device, or it has no mdev_supported_types */
  SLICES_HELPER_EXIT_BAD_TYPE = 6,      /* the type id is not one the GPU lists */
  SLICES_HELPER_EXIT_BAD_UUID = 7,      /* not a UUID (kernel: EINVAL) */
  SLICES_HELPER_EXIT_UUID_EXISTS = 8,   /* a slice with this UUID exists (kernel: EEXIST) */
  SLICES_HELPER_EXIT_NO_ROOM = 9,       /* kernel: ENOSPC */
  SLICES_HELPER_EXIT_NO_DEVICE = 10,    /* kernel: ENODEV, the GPU is going away */
  SLICES_HELPER_EXIT_GVT_INACTIVE = 11, /* create file missing: GVT-g / kvmgt not active (ENOENT) */
  SLICES_HELPER_EXIT_NO_SLICE = 12,     /* remove: no slice with this UUID */
  SLICES_HELPER_EXIT_IN_USE = 13,       /* remove: a process holds the slice open */
  SLICES_HELPER_EXIT_UNSAFE = 14,       /* a path is a symlink or not what sysfs makes */
} SlicesHelperExit;

#define SLICES_HELPER_MAX_ARG_LEN 64
