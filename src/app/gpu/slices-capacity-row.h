/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The room on one GPU, in one row above its slice types: a level bar of how much of the slice
 * budget the slices take (slices-capacity.h), one sentence on what is left or, when the GPU is
 * full, why (its slices, named by their virtual machines where they have one; the limit; the
 * aperture), and a popover that explains what runs out. Property "gpu" (may change, may be
 * NULL) and "vm-tracker" (construct-only, may be NULL).
 */
#pragma once

#include <adwaita.h>

#include "libslices-model.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_CAPACITY_ROW (slices_capacity_row_get_type ())
G_DECLARE_FINAL_TYPE (SlicesCapacityRow, slices_capacity_row, SLICES, CAPACITY_ROW, GtkListBoxRow)

GtkWidget          *slices_capacity_row_new         (SlicesVmTracker   *vms);
void                slices_capacity_row_set_gpu     (SlicesCapacityRow *self,
                                                     SlicesGpu         *gpu);
/* What the row shows now ("state" notifies on change). */
SlicesCapacityState slices_capacity_row_get_state   (SlicesCapacityRow *self);
GtkLevelBar        *slices_capacity_row_get_level_bar (SlicesCapacityRow *self);
const char         *slices_capacity_row_get_summary (SlicesCapacityRow *self);
const char         *slices_capacity_row_get_explanation (SlicesCapacityRow *self);

G_END_DECLS
