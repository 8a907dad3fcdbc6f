/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row for one slice: named by the VM that holds it ("win10’s slice", property "vm-tracker")
 * or by its short UUID, with a copy button, its resolution and share, a visible Attach… or
 * Detach button, whether it is kept after restart (property "persistence"), and a menu with
 * Copy UUID, Copy QEMU Arguments and Remove…. All four properties are construct-only; the last
 * two may be NULL: then there is no Keep switch, and no virtual machine is named.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-writers.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SLICE_ROW (slices_slice_row_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSliceRow, slices_slice_row, SLICES, SLICE_ROW, AdwActionRow)

GtkWidget   *slices_slice_row_new       (SlicesGpu         *gpu,
                                         SlicesSlice       *slice,
                                         SlicesPersistence *persistence,
                                         SlicesVmTracker   *vms);
SlicesSlice *slices_slice_row_get_slice (SlicesSliceRow *self);
/* "Keep after restart" (hidden on NixOS, where the menu offers the NixOS configuration). */
GtkSwitch   *slices_slice_row_get_keep_switch (SlicesSliceRow *self);
/* Attach… or Detach, whichever applies. */
GtkButton   *slices_slice_row_get_vm_button (SlicesSliceRow *self);
/* Makes @button the Attach… (win.attach-slice) or, when @vm_name holds it, the Detach
 * (win.detach-slice) of @slice, a UUID or a VF's address; the SR-IOV rows share it. */
void         slices_slice_row_update_vm_button (GtkButton  *button,
                                                const char *slice,
                                                const char *vm_name);
/* Narrow: the copy button goes (Copy UUID stays in the menu). */
void         slices_slice_row_set_compact (SlicesSliceRow *self,
                                           gboolean        compact);

G_END_DECLS
