/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only thing gpu-slices-helper shares with the rest of GPU Slices: its argument grammar
 * and its exit codes. Plain C, no GLib, so that the root helper links nothing it does not need.
 *
 * Grammar (exact argument counts, each argument at most SLICES_HELPER_MAX_ARG_LEN bytes):
 *   gpu-slices-helper create <pci-address> <type-id> <uuid>
 *   gpu-slices-helper remove <uuid>
 *   gpu-slices-helper status
 *   gpu-slices-helper persist <uuid>
 *   gpu-slices-helper unpersist <uuid>
 *   gpu-slices-helper load-kvmgt
 *
 *   pci-address  [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}.[0-7], lowercase as sysfs names it
 *   type-id      [A-Za-z0-9_-]+, and one of the folders the GPU lists in mdev_supported_types
 *   uuid         what libuuid's uuid_parse() accepts (36 characters, upper or lower case, no
 *                braces); the helper always writes and prints it in canonical lower case, as
 *                the kernel names the slice
 *
 * On success `create` prints the slice's UUID (lower case) and a newline on stdout; `remove`
 * prints nothing.
 *
 * `status` changes nothing and prints one line of JSON with what only root may read:
 *   {"enable_gvt":"Y","enable_guc":"-1","kvmgt_loaded":true,"modules_load_conf":false}
 * enable_gvt / enable_guc are the files in /sys/module/i915/parameters without the newline (null when
 * absent), kvmgt_loaded is whether /sys/module/kvmgt exists, modules_load_conf whether
 * SLICES_HELPER_MODULES_LOAD_CONF exists.
 *
 * `persist` keeps an existing slice after a restart: it reads the slice's parent GPU and type
 * from sysfs (never from the caller) and runs `MDEVCTL_PATH define --uuid U --parent P --type T
 * --auto` (a definition already there is first dropped with `undefine --uuid U --parent P`, so
 * that it matches the slice). `unpersist` runs `MDEVCTL_PATH undefine --uuid U` when mdevctl
 * keeps any definition of U in /etc/mdevctl.d, and otherwise succeeds without running anything;
 * the slice need not exist. `remove` of a slice that mdevctl keeps also undefines it, after the
 * slice is gone (so a slice that is in use keeps its definition): the helper does both, so
 * that no caller can forget. mdevctl and modprobe run with fork+execve, a fixed argument list
 * and a fixed environment (PATH and LC_ALL=C only), never through a shell.
 *
 * `load-kvmgt` runs `modprobe kvmgt` (/usr/sbin/modprobe, else /sbin/modprobe) and, only when
 * that worked, writes SLICES_HELPER_MODULES_LOAD_CONF (mode 0644, atomically through a temporary
 * file in the same folder) so that systemd-modules-load loads kvmgt at every boot. To undo it,
 * delete that file. These print nothing on success. On failure the helper prints exactly one line on stderr, written for people
 * (what failed, what to do), prints nothing on stdout, and exits with one of the codes below.
 * Nothing is written to sysfs unless every argument passed every check. 126 and 127 are
 * pkexec's own (dialog dismissed / not authorized or no authentication agent) and are never
 * used by the helper.
 */
#pragma once

typedef enum {
  SLICES_HELPER_EXIT_OK = 0,
  SLICES_HELPER_EXIT_FAILED = 1,        /* unexpected I/O failure; the message says which */
  SLICES_HELPER_EXIT_USAGE = 2,         /* unknown command or wrong argument count */
  SLICES_HELPER_EXIT_NOT_ROOT = 3,      /* uid, euid, gid or egid is not 0 */
  SLICES_HELPER_EXIT_BAD_ADDRESS = 4,   /* not a PCI address of the form 0000:00:02.0 */
  SLICES_HELPER_EXIT_NO_GPU = 5,        /* no such PCI device, or it has no mdev_supported_types */
  SLICES_HELPER_EXIT_BAD_TYPE = 6,      /* malformed type id, or not one the GPU lists */
  SLICES_HELPER_EXIT_BAD_UUID = 7,      /* not a UUID (also the kernel's EINVAL on create) */
  SLICES_HELPER_EXIT_UUID_EXISTS = 8,   /* a slice with this UUID exists (kernel: EEXIST) */
  SLICES_HELPER_EXIT_NO_ROOM = 9,       /* kernel: ENOSPC; the message counts the GPU's slices */
  SLICES_HELPER_EXIT_NO_DEVICE = 10,    /* kernel: ENODEV, the GPU is going away */
  SLICES_HELPER_EXIT_GVT_INACTIVE = 11, /* the type's create file is missing (ENOENT) */
  SLICES_HELPER_EXIT_NO_SLICE = 12,     /* remove: no slice with this UUID */
  SLICES_HELPER_EXIT_IN_USE = 13,       /* remove: a process holds the slice's VFIO group/device */
  SLICES_HELPER_EXIT_UNSAFE = 14,       /* a path is a symlink or not what sysfs makes */
  SLICES_HELPER_EXIT_NO_MDEVCTL = 15,   /* persist/unpersist/remove: mdevctl is not installed */
  SLICES_HELPER_EXIT_MDEVCTL_FAILED = 16, /* mdevctl ran and failed; the line quotes it */
  SLICES_HELPER_EXIT_NO_MODPROBE = 17,  /* load-kvmgt: no modprobe at its fixed paths */
  SLICES_HELPER_EXIT_MODPROBE_FAILED = 18, /* modprobe kvmgt failed; nothing was written */
} SlicesHelperExit;

/* Where load-kvmgt asks systemd-modules-load to load kvmgt at boot. Its content is a comment
 * line followed by "kvmgt\n". */
#define SLICES_HELPER_MODULES_LOAD_CONF "/etc/modules-load.d/gpu-slices.conf"
/* Where mdevctl 1.x keeps its definitions: <dir>/<parent>/<uuid>. Compiled into mdevctl. */
#define SLICES_HELPER_MDEVCTL_CONF_DIR "/etc/mdevctl.d"

/* Longest accepted argument, in bytes. A UUID is 36, a PCI address 12, GVT-g type ids ~15. */
#define SLICES_HELPER_MAX_ARG_LEN 64
