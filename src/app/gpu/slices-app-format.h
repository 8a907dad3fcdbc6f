/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words for people: how the window and the dialogs describe slice types and slices
 * (resolution, graphics memory, share of GPU time, availability, names). Pure string
 * functions, kept apart from the widgets so that every face says the same thing.
 */
#pragma once

#include "libslices-base.h"
#include "libslices-model.h"
#include "slices-vm-tracker.h"

G_BEGIN_DECLS

/* "1920 × 1200", or "Unknown resolution". */
char *slices_format_resolution     (SlicesSliceType *type);
/* A slice's type: "1920 × 1200 (GVTg_V5_4)"; @fallback (or "Unknown type" when NULL) when
 * @type is NULL, as for a slice whose type the GPU no longer lists. */
char *slices_format_type_text      (SlicesSliceType *type,
                                    const char      *fallback);
/* A type to choose among others: "1920 × 1200 · 1/4 share of GPU time · 640 MB graphics
 * memory (128 MB CPU-visible)", so that two of the same resolution differ. */
char *slices_format_type_choice    (SlicesSliceType *type);
/* "640 MB graphics memory (128 MB CPU-visible) · 1/4 share of GPU time" (parts the kernel did
 * not give are left out). */
char *slices_format_type_summary   (SlicesSliceType *type);
/* "640 MB graphics memory (128 MB CPU-visible)", or NULL when the kernel did not say. */
char *slices_format_memory         (SlicesSliceType *type);
/* "1/4 share of GPU time", or NULL when the weight is unknown (slices-capacity.h). */
char *slices_format_share          (SlicesSliceType *type);
/* "4 available" / "Full". */
char *slices_format_available      (int available);
/* Why no more slices of @type fit on @gpu, one or two sentences; NULL when some do. The GPU's
 * own cause when it is full (its slices, by short UUID; the limit; the aperture), else that
 * this type needs more than is left. */
char *slices_format_full_reason    (SlicesGpu *gpu, SlicesSliceType *type);
/* What people call a slice: "win10’s slice" when a VM definition holds it, else its short
 * UUID. */
char *slices_format_slice_title    (const char *uuid,
                                    const char *vm_name);
/* slices_format_slice_title() for each slice of @capacity, for slices_capacity_dup_summary().
 * @vms may be NULL. Free with g_strfreev(). */
char **slices_format_capacity_names (const SlicesCapacity *capacity,
                                     SlicesVmTracker      *vms);
/* "1a2b3c4d"; a VF's whole PCI address ("0000:00:02.1"). */
char *slices_format_short_uuid     (const char *uuid);
/* @name (a VM's, a property's) for a label that wraps: its hyphens never end a line
 * ("debian-build" is not cut into "debian-" and "build"). */
char *slices_format_unbreakable    (const char *name);

/* "GPU time: 20 ms turns, preempted after 500 µs" from xe's sriov_admin profile of @vf, or
 * NULL without one. */
char *slices_format_vf_gpu_time    (SlicesVf *vf);

G_END_DECLS
