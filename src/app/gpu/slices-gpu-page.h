/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page for one GPU: its slices first (the user's own, each with Attach or Detach), then the
 * room left on it and its slice types, then its PCI address and render node under Details. The lists are bound to the GPU's live models, so rows (and with them focus and
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

/* Scrolls the row of slice @uuid into view once it is laid out, clear of the toasts at the
 * bottom (a new slice does this by itself). */
void       slices_gpu_page_reveal_slice (SlicesGpuPage *self, const char *uuid);
/* What Ctrl+N creates: the type whose row had the focus last, else the smallest with room. */
char      *slices_gpu_page_dup_selected_type_id (SlicesGpuPage *self);
/* The slice whose row has the focus, or NULL. */
const char *slices_gpu_page_get_selected_slice (SlicesGpuPage *self);
/* A setup problem that keeps every slice off this GPU, one sentence ("setup-problem"), or
 * NULL. */
const char *slices_gpu_page_get_setup_problem (SlicesGpuPage *self);

/* Where the host of the GPUs it shows reads sysfs (NULL: /sys), for the SR-IOV page's kept
 * number; set before set_gpu(). */
void       slices_gpu_page_set_sysfs_root (SlicesGpuPage *self, const char *sysfs_root);
/* The SlicesSriovPage while the GPU shown is an SR-IOV one, else NULL. */
GtkWidget *slices_gpu_page_get_sriov_page (SlicesGpuPage *self);

/* For tests: the rows as they are shown, or NULL; whether a row waits to be scrolled to. */
GtkWidget *slices_gpu_page_get_capacity_row (SlicesGpuPage *self);
gboolean   slices_gpu_page_is_revealing (SlicesGpuPage *self);
GtkWidget *slices_gpu_page_find_type_row  (SlicesGpuPage *self, const char *type_id);
GtkWidget *slices_gpu_page_find_slice_row (SlicesGpuPage *self, const char *uuid);
guint      slices_gpu_page_count_slice_rows (SlicesGpuPage *self);

G_END_DECLS
