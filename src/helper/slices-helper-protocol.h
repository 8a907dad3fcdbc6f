/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What gpu-slices-helper shares with its client: exit codes, the request, the argument checks
 * (pure C in slices-helper-validate.c, whose table is the grammar; also built into the fuzz
 * target). gpu-slices-helper(8) documents it for people; the man test holds the two together.
 * argv[1] picks the polkit action (exec.argv1): "slices" …GpuSlices.manage-slices
 * (auth_admin_keep), "configure-host" …GpuSlices.configure-host (auth_admin). A failure is
 * one line of printable ASCII on stderr that repeats no byte of the arguments, and a code
 * below; 126 and 127 are pkexec's (dismissed; not authorized or no authentication agent).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  SLICES_HELPER_EXIT_OK = 0,
  SLICES_HELPER_EXIT_FAILED = 1,           /* I/O failure, or /proc could not tell who holds it */
  SLICES_HELPER_EXIT_USAGE = 2,            /* unknown command or wrong argument count */
  SLICES_HELPER_EXIT_NOT_ROOT = 3,         /* uid, euid, gid or egid is not 0 */
  SLICES_HELPER_EXIT_BAD_ADDRESS = 4,      /* not a PCI address like 0000:00:02.0 */
  SLICES_HELPER_EXIT_NO_GPU = 5,           /* no such PCI device, or no mdev_supported_types */
  SLICES_HELPER_EXIT_BAD_TYPE = 6,         /* malformed, not GVT-g, or not one the GPU lists */
  SLICES_HELPER_EXIT_BAD_UUID = 7,         /* not a UUID (also the kernel's EINVAL) */
  SLICES_HELPER_EXIT_UUID_EXISTS = 8,      /* kernel: EEXIST */
  SLICES_HELPER_EXIT_NO_ROOM = 9,          /* kernel: ENOSPC */
  SLICES_HELPER_EXIT_NO_DEVICE = 10,       /* kernel: ENODEV, the GPU is going away */
  SLICES_HELPER_EXIT_GVT_INACTIVE = 11,    /* the type has no create file (ENOENT) */
  SLICES_HELPER_EXIT_NO_SLICE = 12,        /* no slice with this UUID */
  SLICES_HELPER_EXIT_IN_USE = 13,          /* a process holds its (or a VF's) VFIO node open */
  SLICES_HELPER_EXIT_UNSAFE = 14,          /* a path is a symlink or not what sysfs makes */
  SLICES_HELPER_EXIT_NO_MDEVCTL = 15,      /* mdevctl is not installed */
  SLICES_HELPER_EXIT_NO_MODPROBE = 17,     /* no modprobe at /sbin/modprobe */
  SLICES_HELPER_EXIT_MODPROBE_FAILED = 18, /* modprobe kvmgt failed; nothing was written */
  SLICES_HELPER_EXIT_NOT_INTEL = 19,       /* not an Intel GPU on its driver, or not its slice */
  SLICES_HELPER_EXIT_NO_SRIOV = 20,        /* no SR-IOV on this GPU or its driver (ENOENT) */
  SLICES_HELPER_EXIT_BAD_NUMBER = 21,      /* COUNT, VF, KEY or VALUE malformed or out of range */
  SLICES_HELPER_EXIT_NO_PROFILE = 22,      /* no sriov_admin, or no such VF or setting there */
  SLICES_HELPER_EXIT_BAD_USER = 23,        /* malformed USER, or no such user */
} SlicesHelperExit;

#define SLICES_HELPER_MODULES_LOAD_CONF "/etc/modules-load.d/gpu-slices.conf"
#define SLICES_HELPER_MDEVCTL_CONF_DIR  "/etc/mdevctl.d"  /* <dir>/<parent>/<uuid> */
#define SLICES_HELPER_UDEV_RULES_DIR    "/etc/udev/rules.d"  /* 70-gpu-slices-sriov-<gpu>.rules */
#define SLICES_HELPER_TMPFILES_CONF     "/etc/tmpfiles.d/gpu-slices-looking-glass.conf"
#define SLICES_HELPER_MAX_ARG_LEN       64
#define SLICES_HELPER_PCI_ADDRESS_LEN   12
#define SLICES_HELPER_UUID_TEXT_LEN     36

typedef enum {
  SLICES_HELPER_COMMAND_CREATE, SLICES_HELPER_COMMAND_REMOVE, SLICES_HELPER_COMMAND_PERSIST,
  SLICES_HELPER_COMMAND_UNPERSIST, SLICES_HELPER_COMMAND_SET_VFS,
  SLICES_HELPER_COMMAND_PERSIST_VFS, SLICES_HELPER_COMMAND_UNPERSIST_VFS,
  SLICES_HELPER_COMMAND_SET_VF_PROFILE, SLICES_HELPER_COMMAND_LOAD_KVMGT,
  SLICES_HELPER_COMMAND_LOOKING_GLASS,
} SlicesHelperCommand;

typedef struct {
  SlicesHelperCommand command;
  const char *address, *type, *key, *user;     /* point into argv */
  char uuid[SLICES_HELPER_UUID_TEXT_LEN + 1];  /* lower case */
  unsigned long count, vf, value;
} SlicesHelperRequest;

/* SLICES_HELPER_EXIT_OK and @request, or a code and one line in @message. */
int  slices_helper_parse_args (int argc, const char * const *argv, SlicesHelperRequest *request,
                               char *message, size_t size);
/* The same rules, for names read from sysfs. */
bool slices_helper_is_address (const char *text);
bool slices_helper_is_type_id (const char *text);
bool slices_helper_is_uuid    (const char *text);
bool slices_helper_is_digits  (const char *text);  /* 1 to 10 ASCII digits */
