/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesVfRow: one SR-IOV virtual function on the SR-IOV page, named by its PCI address. The
 * subtitle says who has it (free for VMs, the host's driver, the VM whose definition holds it,
 * marked when it runs), the suffix is Attach… or Detach (win.attach-slice, win.detach-slice),
 * and, where xe's sriov_admin gives it a profile, the details set its GPU time
 * (win.set-vf-profile), with the limits and units said and a number out of range refused here.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_VF_ROW (slices_vf_row_get_type ())
G_DECLARE_FINAL_TYPE (SlicesVfRow, slices_vf_row, SLICES, VF_ROW, AdwExpanderRow)

GtkWidget  *slices_vf_row_new (SlicesVf *vf, SlicesVmTracker *vms);
SlicesVf   *slices_vf_row_get_vf (SlicesVfRow *self);

/* For tests: the Attach…/Detach button, the two GPU time entries (NULL without a profile), and
 * what the row says under them (the limits, or why a number was refused). */
GtkButton  *slices_vf_row_get_vm_button        (SlicesVfRow *self);
AdwEntryRow *slices_vf_row_get_quantum_entry   (SlicesVfRow *self);
AdwEntryRow *slices_vf_row_get_preempt_entry   (SlicesVfRow *self);
const char *slices_vf_row_get_profile_message  (SlicesVfRow *self);

G_END_DECLS
