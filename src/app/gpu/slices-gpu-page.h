/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page for one GPU: its name, PCI address and render node, its slice types and its
 * slices. The lists are bound to the GPU's live models, so rows (and with them focus and
 * scroll position) survive refreshes. The slice rows show which slices are kept after restart
 * (property "persistence") and which virtual machine uses each (property "vm-tracker"); both
 * are construct-only and may be NULL.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-writers.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_GPU_PAGE (slices_gpu_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesGpuPage, slices_gpu_page, SLICES, GPU_PAGE, AdwBin)

GtkWidget *slices_gpu_page_new     (SlicesPersistence *persistence, SlicesVmTracker *vms);
SlicesGpu *slices_gpu_page_get_gpu (SlicesGpuPage *self);
void       slices_gpu_page_set_gpu (SlicesGpuPage *self, SlicesGpu *gpu);

/* For tests: the rows as they are shown, or NULL. */
GtkWidget *slices_gpu_page_find_type_row  (SlicesGpuPage *self, const char *type_id);
GtkWidget *slices_gpu_page_find_slice_row (SlicesGpuPage *self, const char *uuid);
guint      slices_gpu_page_count_slice_rows (SlicesGpuPage *self);

G_END_DECLS
