/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words for people: how the window and the dialogs describe slice types and slices
 * (resolution, graphics memory, share of the GPU, availability). Pure string
 * functions, kept apart from the widgets so that every face says the same thing.
 */
#pragma once

#include "libslices-base.h"

G_BEGIN_DECLS

/* "1920 × 1200", or "Unknown resolution". */
char *slices_format_resolution     (SlicesSliceType *type);
/* A slice's type: "1920 × 1200 (GVTg_V5_4)"; @fallback (or "Unknown type" when NULL) when
 * @type is NULL, as for a slice whose type the GPU no longer lists. */
char *slices_format_type_text      (SlicesSliceType *type,
                                    const char      *fallback);
/* "128 MB + 512 MB graphics memory · 1/4 of the GPU" (parts the kernel did not give are left
 * out). */
char *slices_format_type_summary   (SlicesSliceType *type);
/* "128 MB + 512 MB graphics memory", or NULL when the kernel did not say. */
char *slices_format_memory         (SlicesSliceType *type);
/* "1/4 of the GPU", "All of the GPU", or NULL when the weight is unknown. */
char *slices_format_share          (int weight);
/* "4 available" / "Full". */
char *slices_format_available      (int available);
/* Why no more slices of @type fit on @gpu, one sentence; NULL when some do. */
char *slices_format_full_reason    (SlicesGpu *gpu, SlicesSliceType *type);
/* "1a2b3c4d". */
char *slices_format_short_uuid     (const char *uuid);
/* Whether @text is a UUID the kernel accepts (36 characters, hex digits and dashes). */

G_END_DECLS
