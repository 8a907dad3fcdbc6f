/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How Check Setup sorts its checks into groups a person understands, in the page's order:
 * this GPU (GVT-g or SR-IOV, whichever it uses), the virtual machines, Looking Glass (only
 * when its check is made), and this computer (the password prompt, slices after a restart).
 * Also the note of a check that others follow from.
 */
#pragma once

#include "libslices-doctor.h"

G_BEGIN_DECLS

typedef enum {
  SLICES_SETUP_GROUP_GPU,
  SLICES_SETUP_GROUP_VMS,
  SLICES_SETUP_GROUP_LOOKING_GLASS,
  SLICES_SETUP_GROUP_COMPUTER,
  SLICES_SETUP_N_GROUPS
} SlicesSetupGroup;

/* The group of check @id (a SLICES_CHECK_* id); an unknown id goes with the computer. */
SlicesSetupGroup slices_setup_group_for_check      (const char       *id);
/* The group's title and one line under it, translated. */
const char      *slices_setup_group_get_title       (SlicesSetupGroup  group);
const char      *slices_setup_group_get_description (SlicesSetupGroup  group);

/* "Everything else about the GPU follows from this …: GVT-g Kernel Parameter, …" for the check
 * @id of @doctor's last run that others were blocked by. Free with g_free(). */
char            *slices_setup_dup_blocked_note      (SlicesDoctor     *doctor,
                                                     const char       *id);

G_END_DECLS
