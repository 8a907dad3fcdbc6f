/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fuzz target: the parser of a slice type's kernel `description` (slices_type_description_parse)
 * and the SlicesSliceType that keeps it. Checks that every field is -1 (unknown) or a
 * plausible non-negative number, that a resolution is never half known, that FALSE means
 * nothing parsed, and that parsing is a pure function of the text.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slices-slice-type.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(SlicesSliceType) type = NULL;
  SlicesTypeDescription first, second;
  gboolean any;

  any = slices_type_description_parse (text, &first);
  check (slices_type_description_parse (text, &second) == any);
  check (memcmp (&first, &second, sizeof first) == 0);

  check (first.low_gm_mb >= -1 && first.high_gm_mb >= -1 && first.fence >= -1 &&
         first.weight >= -1);
  check ((first.width == -1) == (first.height == -1));
  check (first.width == -1 || (first.width > 0 && first.height > 0));
  if (!any)
    check (first.low_gm_mb == -1 && first.high_gm_mb == -1 && first.fence == -1 &&
           first.weight == -1 && first.width == -1);

  /* The model object keeps the raw text and shows the same figures. */
  type = slices_slice_type_new ("0000:00:02.0", "i915-GVTg_V5_4");
  slices_slice_type_set_description (type, text);
  check (g_strcmp0 (slices_slice_type_get_description (type), text) == 0);
  check (slices_slice_type_get_width (type) == first.width);
  check (slices_slice_type_get_height (type) == first.height);
  check (slices_slice_type_get_low_gm_mb (type) == first.low_gm_mb);
  check (slices_slice_type_get_high_gm_mb (type) == first.high_gm_mb);
  check (slices_slice_type_get_fence (type) == first.fence);
  check (slices_slice_type_get_weight (type) == first.weight);

  return 0;
}
