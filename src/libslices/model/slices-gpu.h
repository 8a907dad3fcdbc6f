/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GPU: a PCI device that offers slice types (has mdev_supported_types), or an Intel
 * display device that does not (kept so the app can say why).
 */
#pragma once

#include <gio/gio.h>
#include "slices-types.h"

G_BEGIN_DECLS

/* GType of SlicesTechnology (slices-types.h), for the "technology" property. */
#define SLICES_TYPE_TECHNOLOGY (slices_technology_get_type ())
GType slices_technology_get_type (void);

/* GType of SlicesGvtSupport (slices-types.h), for the "gvt-support" property. */
#define SLICES_TYPE_GVT_SUPPORT (slices_gvt_support_get_type ())
GType slices_gvt_support_get_type (void);

#define SLICES_TYPE_GPU (slices_gpu_get_type ())
G_DECLARE_FINAL_TYPE (SlicesGpu, slices_gpu, SLICES, GPU, GObject)

/* Properties: "address" ("0000:00:02.0"), "vendor-id", "device-id" (uint), "pci-class" (uint,
 * e.g. 0x030000), "driver" (e.g. "i915", NULL when unbound), "platform" ("Kaby Lake", NULL when
 * unknown), "gvt-support" (SlicesGvtSupport), "product-name" (hwdb, may be NULL),
 * "render-nodes" (GStrv of "/dev/dri/renderD128", sorted by number), "has-types" (bool: the
 * mdev_supported_types folder exists), "types" and "slices" (the GListModels below).
 * "platform" and "gvt-support" are derived from the ids (slices-platform.h). */
SlicesGpu  *slices_gpu_new               (const char *address);
const char *slices_gpu_get_address       (SlicesGpu *self);
guint       slices_gpu_get_vendor_id     (SlicesGpu *self);
guint       slices_gpu_get_device_id     (SlicesGpu *self);
guint       slices_gpu_get_pci_class     (SlicesGpu *self);
const char *slices_gpu_get_driver        (SlicesGpu *self);
const char *slices_gpu_get_platform      (SlicesGpu *self);
SlicesGvtSupport slices_gpu_get_gvt_support (SlicesGpu *self);
const char *slices_gpu_get_product_name  (SlicesGpu *self);
const char * const *slices_gpu_get_render_nodes (SlicesGpu *self);
gboolean    slices_gpu_get_has_types     (SlicesGpu *self);
/* "technology": GVT-g when it has types, SR-IOV when its driver makes VFs ("sriov" is then
 * set), else none. "sriov": the SR-IOV side (NULL otherwise), updated in place. */
SlicesTechnology slices_gpu_get_technology (SlicesGpu *self);
SlicesSriov *slices_gpu_get_sriov        (SlicesGpu *self);
/* "gvt-g", "sr-iov" or "none" (the JSON words of slicectl list). */
const char  *slices_technology_to_id     (SlicesTechnology technology);
/* A display name for people: product name, else "Intel <platform> GPU", else "Unknown Intel GPU"
 * / "GPU <address>". Free with g_free(). */
char       *slices_gpu_dup_display_name  (SlicesGpu *self);

/* Live lists, updated in place by refreshes (same objects, items-changed only for additions and
 * removals). Item types SlicesSliceType, sorted by weight (smallest share first) then id;
 * SlicesSlice sorted by uuid. */
GListModel *slices_gpu_get_types  (SlicesGpu *self);
GListModel *slices_gpu_get_slices (SlicesGpu *self);
SlicesSliceType *slices_gpu_find_type  (SlicesGpu *self, const char *type_id);
SlicesSlice     *slices_gpu_find_slice (SlicesGpu *self, const char *uuid);

/* Used by discovery (src/libslices/model/slices-sysfs.c). Setters notify only on real change.
 * slices_gpu_update_from() copies every property and merges the type and slice lists of @other
 * into @self, keeping the objects that are still there. */
void slices_gpu_set_ids        (SlicesGpu *self, guint vendor_id, guint device_id, guint pci_class);
void slices_gpu_set_driver     (SlicesGpu *self, const char *driver);
void slices_gpu_set_render_nodes (SlicesGpu *self, const char * const *nodes);
void slices_gpu_set_has_types  (SlicesGpu *self, gboolean has_types);
void slices_gpu_set_product_name (SlicesGpu *self, const char *name);
void slices_gpu_set_sriov      (SlicesGpu *self, SlicesSriov *sriov);
void slices_gpu_add_type       (SlicesGpu *self, SlicesSliceType *type);
void slices_gpu_add_slice      (SlicesGpu *self, SlicesSlice *slice);
void slices_gpu_update_from    (SlicesGpu *self, SlicesGpu *other);
/* The same as slices_gpu_update_from(), and says whether anything (a property, a type's or a
 * slice's property, or a list) changed. */
gboolean slices_gpu_merge      (SlicesGpu *self, SlicesGpu *other);

G_END_DECLS
