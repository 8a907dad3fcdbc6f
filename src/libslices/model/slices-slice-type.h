/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slice type a GPU offers (a folder under mdev_supported_types), with its kernel
 * description parsed into what matters to a person.
 */
#pragma once

#include "slices-types.h"

G_BEGIN_DECLS

/* Parsed form of a type's `description` file. Fields the text lacks are -1 (the kernel 4.10
 * description has only the first three lines); unknown lines are ignored. */
typedef struct {
  int low_gm_mb;
  int high_gm_mb;
  int fence;
  int weight;
  int width;
  int height;
} SlicesTypeDescription;

/* Never fails: a garbage text gives all fields -1. Returns TRUE when at least one line parsed. */
gboolean slices_type_description_parse (const char            *text,
                                        SlicesTypeDescription *out);

#define SLICES_TYPE_SLICE_TYPE (slices_slice_type_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSliceType, slices_slice_type, SLICES, SLICE_TYPE, GObject)

/* Properties (all read-only except through the setters used by discovery):
 *   "id" (string, e.g. "i915-GVTg_V5_4"), "name" (string, "GVTg_V5_4"; derived from the id
 *   when the kernel has no name file), "description" (raw text), "gpu-address",
 *   "width", "height", "low-gm-mb", "high-gm-mb", "fence", "weight" (int, -1 unknown),
 *   "available" (int: available_instances; -1 when the file is missing, unreadable or not a
 *   number, so "unknown" is never shown as "full"), "device-api" (string, NULL when absent).
 *   Notify fires only on real change. */
SlicesSliceType *slices_slice_type_new (const char *gpu_address,
                                        const char *id);
const char *slices_slice_type_get_id           (SlicesSliceType *self);
const char *slices_slice_type_get_name         (SlicesSliceType *self);
const char *slices_slice_type_get_description  (SlicesSliceType *self);
const char *slices_slice_type_get_gpu_address  (SlicesSliceType *self);
const char *slices_slice_type_get_device_api   (SlicesSliceType *self);
int         slices_slice_type_get_width        (SlicesSliceType *self);
int         slices_slice_type_get_height       (SlicesSliceType *self);
int         slices_slice_type_get_low_gm_mb    (SlicesSliceType *self);
int         slices_slice_type_get_high_gm_mb   (SlicesSliceType *self);
int         slices_slice_type_get_fence        (SlicesSliceType *self);
int         slices_slice_type_get_weight       (SlicesSliceType *self);
int         slices_slice_type_get_available    (SlicesSliceType *self);

/* Used by discovery; each notifies only when the value changes. */
void slices_slice_type_set_name        (SlicesSliceType *self, const char *name);
void slices_slice_type_set_description (SlicesSliceType *self, const char *text); /* also parses */
void slices_slice_type_set_available   (SlicesSliceType *self, int available);
void slices_slice_type_set_device_api  (SlicesSliceType *self, const char *device_api);

/* "GVTg_V5_4" from "i915-GVTg_V5_4" (text after the first '-', or the id itself). */
char *slices_slice_type_name_from_id (const char *id);

G_END_DECLS
