/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words for people about slice types and slices: see slices-app-format.h.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slices-app-format.h"

static int
gcd (int a, int b)
{
  while (b != 0)
    {
      int t = a % b;
      a = b;
      b = t;
    }
  return a;
}

char *
slices_format_resolution (SlicesSliceType *type)
{
  int width = slices_slice_type_get_width (type);
  int height = slices_slice_type_get_height (type);

  if (width <= 0 || height <= 0)
    return g_strdup (_("Unknown resolution"));

  /* TRANSLATORS: a screen resolution, width × height in pixels */
  return g_strdup_printf (_("%d × %d"), width, height);
}

char *
slices_format_type_text (SlicesSliceType *type,
                         const char      *fallback)
{
  g_autofree char *resolution = NULL;

  if (type == NULL)
    return g_strdup (fallback != NULL ? fallback : _("Unknown type"));
  resolution = slices_format_resolution (type);
  /* TRANSLATORS: a slice's type: its resolution and the kernel's type name */
  return g_strdup_printf (_("%s (%s)"), resolution, slices_slice_type_get_name (type));
}

char *
slices_format_share (int weight)
{
  int divisor;

  if (weight <= 0)
    return NULL;
  if (weight >= 16)
    return g_strdup (_("All of the GPU"));

  divisor = gcd (weight, 16);
  /* TRANSLATORS: the share of the GPU's time a slice gets, e.g. "1/4 of the GPU" */
  return g_strdup_printf (_("%d/%d of the GPU"), weight / divisor, 16 / divisor);
}

char *
slices_format_memory (SlicesSliceType *type)
{
  int low = slices_slice_type_get_low_gm_mb (type);
  int high = slices_slice_type_get_high_gm_mb (type);

  if (low > 0 && high > 0)
    /* TRANSLATORS: the two kinds of graphics memory a slice gets: low (mappable) and high */
    return g_strdup_printf (_("%d MB + %d MB graphics memory"), low, high);
  if (low > 0)
    return g_strdup_printf (_("%d MB graphics memory"), low);
  return NULL;
}

char *
slices_format_type_summary (SlicesSliceType *type)
{
  g_autofree char *memory = slices_format_memory (type);
  g_autofree char *share = slices_format_share (slices_slice_type_get_weight (type));

  if (memory != NULL && share != NULL)
    /* TRANSLATORS: joins "128 MB + 512 MB graphics memory" and "1/4 of the GPU" */
    return g_strdup_printf (_("%s · %s"), memory, share);
  if (memory != NULL)
    return g_steal_pointer (&memory);
  if (share != NULL)
    return g_steal_pointer (&share);
  return g_strdup ("");
}

char *
slices_format_available (int available)
{
  if (available <= 0)
    /* TRANSLATORS: no more slices of this type fit on the GPU */
    return g_strdup (C_("slice type", "Full"));

  /* TRANSLATORS: how many more slices of this type fit on the GPU */
  return g_strdup_printf (ngettext ("%d available", "%d available", available), available);
}

char *
slices_format_full_reason (SlicesGpu *gpu, SlicesSliceType *type)
{
  guint n_slices;

  if (slices_slice_type_get_available (type) > 0)
    return NULL;

  n_slices = g_list_model_get_n_items (slices_gpu_get_slices (gpu));
  if (n_slices >= SLICES_MAX_SLICES_PER_GPU)
    return g_strdup_printf (ngettext ("The GPU already has %d slice, the most it can hold.",
                                      "The GPU already has %d slices, the most it can hold.",
                                      n_slices),
                            n_slices);
  if (n_slices > 0)
    return g_strdup_printf (ngettext ("The %d slice already on the GPU takes the graphics memory "
                                      "this type needs: remove it or choose a smaller type.",
                                      "The %d slices already on the GPU take the graphics memory "
                                      "this type needs: remove one or choose a smaller type.",
                                      n_slices),
                            n_slices);

  return g_strdup (_("The GPU’s graphics memory is too small for this type: a larger aperture "
                     "size in the firmware setup makes room for it."));
}

char *
slices_format_short_uuid (const char *uuid)
{
  return g_strndup (uuid, 8);
}
