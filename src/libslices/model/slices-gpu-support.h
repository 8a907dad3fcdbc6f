/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words for what a GPU offers and why it offers no slices, in one place for the three
 * faces that say it: the window's empty page, `slicectl list` and the doctor's gpu-generation
 * check. What a platform supports comes from its device id (slices-platform.h); this module
 * only judges and words it.
 */
#pragma once

#include "slices-types.h"

G_BEGIN_DECLS

/* "gvt-g", "sriov", "none" or "unknown": a SlicesGvtSupport in JSON (slicectl list --json). */
const char *slices_gvt_support_to_id (SlicesGvtSupport support);

/* TRUE for an Intel display device (vendor 0x8086, PCI class 0x03xxxx): the GPUs whose
 * support is ours to judge. Other vendors' mediated devices (NVIDIA vGPU) are not. */
gboolean slices_gpu_is_intel_display  (SlicesGpu *gpu);

/* TRUE when @gpu offers GVT-g slices or could once GVT-g is on: it lists slice types, or its
 * platform is one that supports GVT-g. */
gboolean slices_gpu_support_offers_gvt (SlicesGpu *gpu);

/* "Intel Kaby Lake GPU (0000:00:02.0)", or "Intel GPU 0x1234 (0000:00:02.0)" for a device id
 * not in the platform table: a GPU named in a sentence about what it offers. Free with
 * g_free(). */
char *slices_gpu_support_dup_name   (SlicesGpu *gpu);

/* The one sentence saying why @gpu, an Intel display device without slice types, has no slices
 * ("GVT-g is not enabled for the Kaby Lake graphics: …", "Ice Lake graphics do not support
 * GVT-g."). @gpu NULL: the computer has no Intel graphics. Free with g_free(). */
char *slices_gpu_support_dup_reason (SlicesGpu *gpu);

/* What @gpu offers, as a title: "… supports GVT-g", "… supports SR-IOV", "… supports
 * neither GVT-g nor SR-IOV" or "… is not a known GVT-g platform"; @gpu NULL: no Intel GPU was
 * found. Free with g_free(). */
char *slices_gpu_support_dup_title  (SlicesGpu *gpu);

/* The explanation under slices_gpu_support_dup_title(). @others: the GPUs beside @gpu that
 * cannot be shared (their names, joined), or NULL; only said when @gpu offers GVT-g.
 * Free with g_free(). */
char *slices_gpu_support_dup_detail (SlicesGpu  *gpu,
                                     const char *others);

G_END_DECLS
