/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row for one slice type: resolution, graphics memory, share of the GPU, how many more fit
 * (or why none does), the raw kernel id, and a Create… button (win.create-slice with the type
 * id). Follows the type's notifications so the row updates in place. Properties "gpu" and
 * "slice-type", construct-only.
 */
#pragma once

#include <adwaita.h>
#include "libslices-base.h"

G_BEGIN_DECLS

#define SLICES_TYPE_TYPE_ROW (slices_type_row_get_type ())
G_DECLARE_FINAL_TYPE (SlicesTypeRow, slices_type_row, SLICES, TYPE_ROW, AdwActionRow)

GtkWidget       *slices_type_row_new             (SlicesGpu *gpu, SlicesSliceType *type);
SlicesSliceType *slices_type_row_get_slice_type  (SlicesTypeRow *self);
/* Narrow layout: an icon button, the count in the subtitle. */
void             slices_type_row_set_compact     (SlicesTypeRow *self, gboolean compact);
/* For tests. */
GtkWidget       *slices_type_row_get_create_button   (SlicesTypeRow *self);
const char      *slices_type_row_get_available_text  (SlicesTypeRow *self);

G_END_DECLS
