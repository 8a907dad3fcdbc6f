/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row for one slice: short UUID with a copy button, its type and resolution, which VM uses
 * it, and a menu with Copy QEMU Arguments and Remove….
 */
#pragma once

#include <adwaita.h>
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SLICE_ROW (slices_slice_row_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSliceRow, slices_slice_row, SLICES, SLICE_ROW, AdwActionRow)

GtkWidget   *slices_slice_row_new       (SlicesGpu *gpu, SlicesSlice *slice);
SlicesSlice *slices_slice_row_get_slice (SlicesSliceRow *self);
/* "Keep after restart" (hidden on NixOS, where the menu offers the NixOS configuration). */
GtkSwitch   *slices_slice_row_get_keep_switch (SlicesSliceRow *self);

G_END_DECLS
