/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slice: a mediated device that exists now on a GPU.
 */
#pragma once

#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SLICE (slices_slice_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSlice, slices_slice, SLICES, SLICE, GObject)

/* Properties: "uuid" (lowercase), "gpu-address", "type-id" (from the mdev_type link),
 * "driver" (e.g. "intel_vgpu_mdev", NULL when unbound), "iommu-group" (int, -1 unknown). */
SlicesSlice *slices_slice_new (const char *uuid,
                               const char *gpu_address,
                               const char *type_id);
const char *slices_slice_get_uuid        (SlicesSlice *self);
const char *slices_slice_get_gpu_address (SlicesSlice *self);
const char *slices_slice_get_type_id     (SlicesSlice *self);
const char *slices_slice_get_driver      (SlicesSlice *self);
int         slices_slice_get_iommu_group (SlicesSlice *self);

void slices_slice_set_driver      (SlicesSlice *self, const char *driver);
void slices_slice_set_iommu_group (SlicesSlice *self, int group);

G_END_DECLS
