/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What gpu-slices-helper shares with its client and the fuzzer: exit codes, the request, the
 * argument checks (slices-helper-validate.c, whose table is the grammar), all documented in
 * gpu-slices-helper(8), which the man test holds to them. argv[1] picks the polkit action:
 * "slices" …manage-slices (auth_admin_keep), "configure-host" …configure-host (auth_admin).
 * A failure: one line of printable ASCII on stderr, no unchecked argument byte, a code below
 * (126 and 127 are pkexec's: dismissed; not authorized or no authentication agent).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef enum {  /* each one's meaning: gpu-slices-helper(8), EXIT STATUS; 15, 16 unused */
  SLICES_HELPER_EXIT_OK = 0, SLICES_HELPER_EXIT_FAILED = 1,
  SLICES_HELPER_EXIT_USAGE = 2, SLICES_HELPER_EXIT_NOT_ROOT = 3,
  SLICES_HELPER_EXIT_BAD_ADDRESS = 4, SLICES_HELPER_EXIT_NO_GPU = 5,
  SLICES_HELPER_EXIT_BAD_TYPE = 6, SLICES_HELPER_EXIT_BAD_UUID = 7,
  SLICES_HELPER_EXIT_UUID_EXISTS = 8, SLICES_HELPER_EXIT_NO_ROOM = 9,
  SLICES_HELPER_EXIT_NO_DEVICE = 10, SLICES_HELPER_EXIT_GVT_INACTIVE = 11,
  SLICES_HELPER_EXIT_NO_SLICE = 12, SLICES_HELPER_EXIT_IN_USE = 13,
  SLICES_HELPER_EXIT_UNSAFE = 14, SLICES_HELPER_EXIT_NO_MODPROBE = 17,
  SLICES_HELPER_EXIT_MODPROBE_FAILED = 18, SLICES_HELPER_EXIT_NOT_INTEL = 19,
  SLICES_HELPER_EXIT_NO_SRIOV = 20, SLICES_HELPER_EXIT_BAD_NUMBER = 21,
  SLICES_HELPER_EXIT_NO_PROFILE = 22, SLICES_HELPER_EXIT_BAD_USER = 23,
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
bool slices_helper_is_digits  (const char *text);  /* 1 to 10 ASCII digits */
