/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup and the window's virtual machines: what the vm-slices, vm-recipe,
 * sriov-guest-driver and looking-glass-shm checks are given (the tracker's domains, where the vm/ layer read each definition), and vm-recipe's
 * Repair button, which opens the window's review of the change (win.repair-vm).
 */
#pragma once

#include <gtk/gtk.h>

#include "libslices-doctor.h"
#include "libslices-model.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

/* Gives @doctor the definitions of @vms (may be NULL) that name a slice @host (may be NULL)
 * does not have, once the VMs are listed. */
void  slices_setup_feed_vm_slices   (SlicesDoctor    *doctor,
                                     SlicesVmTracker *vms,
                                     SlicesHost      *host);

/* Gives @doctor the VMs of @vms (may be NULL; not listed yet: not known) whose definitions
 * hold one of @host's VFs (may be NULL: none) or Looking Glass, for sriov-guest-driver and
 * looking-glass-shm. */
void  slices_setup_feed_vms         (SlicesDoctor    *doctor,
                                     SlicesVmTracker *vms,
                                     SlicesHost      *host);

/* Gives @doctor the VMs of @vms (may be NULL; not listed yet: not known) that hold the old
 * recipe. Returns slices_setup_vm_recipes_key() for what it gave. */
char *slices_setup_feed_vm_recipes  (SlicesDoctor    *doctor,
                                     SlicesVmTracker *vms);
/* A text that changes when the vm-recipe check's input from @vms does; NULL when not known. */
char *slices_setup_vm_recipes_key   (SlicesVmTracker *vms);
/* Whether that input differs from @key (what the check was given last). */
gboolean slices_setup_vm_recipes_changed (SlicesVmTracker *vms,
                                          const char      *key);
/* Activates win.repair-vm (on the window @widget's window is transient for, else on
 * @widget) for the first VM of @vms that needs it. */
void  slices_setup_repair_first_vm  (GtkWidget       *widget,
                                     SlicesVmTracker *vms);

G_END_DECLS
