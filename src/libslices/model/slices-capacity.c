/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GPU's slice budget from what the kernel shows: see slices-capacity.h.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "slices-capacity.h"
#include "slices-gpu.h"
#include "slices-slice-type.h"
#include "slices-slice.h"

/* The weight of the whole GPU in GVT-g's table (weight = 16 / n for GVTg_V5_<n>). */
#define FULL_WEIGHT 16

static int
gcd (int a,
     int b)
{
  while (b != 0)
    {
      int t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* A type's size in @part, or -1 when the kernel did not say. */
static int
type_size (SlicesSliceType    *type,
           SlicesCapacityPart  part)
{
  int size = -1;

  if (type == NULL)
    return -1;
  switch (part)
    {
    case SLICES_CAPACITY_PART_APERTURE:
      size = slices_slice_type_get_low_gm_mb (type);
      break;
    case SLICES_CAPACITY_PART_REST:
      size = slices_slice_type_get_high_gm_mb (type);
      break;
    case SLICES_CAPACITY_PART_FENCES:
      size = slices_slice_type_get_fence (type);
      break;
    case SLICES_CAPACITY_PART_SLICES:
    case SLICES_CAPACITY_N_PARTS:
    default:
      size = 1;
      break;
    }
  return size > 0 ? size : -1;
}

static double
figure_fraction (const SlicesCapacityFigure *figure)
{
  gint64 total = figure->used + figure->free_at_least;

  if (total <= 0)
    return 0;
  return (double) figure->used / (double) total;
}

/* What the slices take of one part (exact) and what is left at least (proved by the types). */
static void
measure_part (SlicesGpu            *gpu,
              const SlicesCapacity *self,
              SlicesCapacityPart    part,
              SlicesCapacityFigure *figure)
{
  GListModel *types = slices_gpu_get_types (gpu);
  gboolean proved = FALSE;

  figure->known = TRUE;
  figure->used = 0;
  figure->free_at_least = 0;

  for (guint i = 0; i < self->slices->len; i++)
    {
      SlicesSlice *slice = g_ptr_array_index (self->slices, i);
      const char *type_id = slices_slice_get_type_id (slice);
      int size = type_size (type_id != NULL ? slices_gpu_find_type (gpu, type_id) : NULL, part);

      if (size < 0)
        figure->known = FALSE;
      else
        figure->used += size;
    }

  if (part == SLICES_CAPACITY_PART_SLICES)
    {
      /* A count the kernel caps, whatever the memory says. */
      figure->free_at_least = MAX (0, SLICES_MAX_SLICES_PER_GPU - (gint64) self->slices->len);
      proved = TRUE;
    }
  else
    for (guint i = 0; i < g_list_model_get_n_items (types); i++)
      {
        g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);
        int available = slices_slice_type_get_available (type);
        int size = type_size (type, part);

        if (available < 0 || size < 0)
          continue;
        proved = TRUE;
        figure->free_at_least = MAX (figure->free_at_least, (gint64) available * size);
      }

  figure->known = figure->known && proved;
  figure->fraction = figure_fraction (figure);
}

static gboolean
lists_largest_type (SlicesGpu *gpu)
{
  GListModel *types = slices_gpu_get_types (gpu);

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);

      if (slices_slice_type_get_weight (type) >= FULL_WEIGHT ||
          g_str_has_suffix (slices_slice_type_get_id (type), "_1"))
        return TRUE;
    }
  return FALSE;
}

SlicesCapacity *
slices_capacity_new (SlicesGpu *gpu)
{
  SlicesCapacity *self;
  GListModel *types, *slices;
  double fraction = 0;

  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);

  self = g_new0 (SlicesCapacity, 1);
  self->slices = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_available = -1;
  self->limiting = SLICES_CAPACITY_PART_SLICES;

  slices = slices_gpu_get_slices (gpu);
  for (guint i = 0; i < g_list_model_get_n_items (slices); i++)
    g_ptr_array_add (self->slices, g_list_model_get_item (slices, i));

  types = slices_gpu_get_types (gpu);
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);
      int available = slices_slice_type_get_available (type);

      if (available > self->max_available)
        {
          self->max_available = available;
          g_set_object (&self->roomiest_type, type);
        }
    }
  self->aperture_limits_types = g_list_model_get_n_items (types) > 0 &&
                                !lists_largest_type (gpu);

  for (int part = 0; part < SLICES_CAPACITY_N_PARTS; part++)
    {
      measure_part (gpu, self, part, &self->parts[part]);
      /* The first part with the largest share wins a tie: the aperture, usually the scarcest. */
      if (self->parts[part].known && self->parts[part].fraction > fraction)
        {
          fraction = self->parts[part].fraction;
          self->limiting = part;
        }
    }

  if (self->max_available < 0)
    {
      self->state = SLICES_CAPACITY_UNKNOWN;
      self->fraction = -1;
      g_clear_object (&self->roomiest_type);
    }
  else if (self->max_available > 0)
    {
      self->state = SLICES_CAPACITY_ROOM;
      /* A type has room: the bar must not read full even where the count says so. */
      self->fraction = MIN (fraction, 0.99);
    }
  else
    {
      if (self->slices->len == 0)
        self->state = SLICES_CAPACITY_FULL_APERTURE;
      else if (self->slices->len >= SLICES_MAX_SLICES_PER_GPU)
        self->state = SLICES_CAPACITY_FULL_LIMIT;
      else
        self->state = SLICES_CAPACITY_FULL_SLICES;
      if (self->state == SLICES_CAPACITY_FULL_LIMIT)
        self->limiting = SLICES_CAPACITY_PART_SLICES;
      self->fraction = 1;
    }

  return self;
}

void
slices_capacity_free (SlicesCapacity *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->slices, g_ptr_array_unref);
  g_clear_object (&self->roomiest_type);
  g_free (self);
}

gboolean
slices_capacity_is_full (const SlicesCapacity *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state == SLICES_CAPACITY_FULL_SLICES ||
         self->state == SLICES_CAPACITY_FULL_LIMIT ||
         self->state == SLICES_CAPACITY_FULL_APERTURE;
}

const char *
slices_capacity_state_to_id (SlicesCapacityState state)
{
  switch (state)
    {
    case SLICES_CAPACITY_ROOM:
      return "room";
    case SLICES_CAPACITY_FULL_SLICES:
      return "full-slices";
    case SLICES_CAPACITY_FULL_LIMIT:
      return "full-limit";
    case SLICES_CAPACITY_FULL_APERTURE:
      return "full-aperture";
    case SLICES_CAPACITY_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
slices_capacity_part_to_id (SlicesCapacityPart part)
{
  switch (part)
    {
    case SLICES_CAPACITY_PART_APERTURE:
      return "aperture";
    case SLICES_CAPACITY_PART_REST:
      return "rest";
    case SLICES_CAPACITY_PART_FENCES:
      return "fences";
    case SLICES_CAPACITY_PART_SLICES:
    case SLICES_CAPACITY_N_PARTS:
    default:
      return "slices";
    }
}

/* "A", "A and B", "A, B and C", "A, B and 3 more". */
static char *
join_names (const SlicesCapacity *self,
            const char * const   *names)
{
  guint n = self->slices->len;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n && i < 3; i++)
    {
      SlicesSlice *slice = g_ptr_array_index (self->slices, i);

      if (names != NULL && names[i] != NULL)
        g_ptr_array_add (shown, g_strdup (names[i]));
      else
        g_ptr_array_add (shown, g_strndup (slices_slice_get_uuid (slice), 8));
    }

  if (n == 1)
    return g_strdup (g_ptr_array_index (shown, 0));
  if (n == 2)
    /* TRANSLATORS: two slices named in a sentence: "win10’s slice and 1a2b3c4d" */
    return g_strdup_printf (_("%s and %s"), (char *) g_ptr_array_index (shown, 0),
                            (char *) g_ptr_array_index (shown, 1));
  if (n == 3)
    /* TRANSLATORS: three slices named in a sentence */
    return g_strdup_printf (_("%s, %s and %s"), (char *) g_ptr_array_index (shown, 0),
                            (char *) g_ptr_array_index (shown, 1),
                            (char *) g_ptr_array_index (shown, 2));
  /* TRANSLATORS: two slices named and how many others: "win10’s slice, 1a2b3c4d and 3 more" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s and %u more",
                                       "%s, %s and %u more", n - 2),
                          (char *) g_ptr_array_index (shown, 0),
                          (char *) g_ptr_array_index (shown, 1), n - 2);
}

char *
slices_capacity_dup_summary (const SlicesCapacity *self,
                             const char * const   *names)
{
  guint n;
  g_autofree char *joined = NULL;
  g_autofree char *full = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  n = self->slices->len;
  switch (self->state)
    {
    case SLICES_CAPACITY_UNKNOWN:
      return g_strdup (_("The kernel does not say how many more slices fit."));

    case SLICES_CAPACITY_ROOM:
      if (n == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "No slices yet: all the room is free. Up to %d "
                                             "slice fits.",
                                             "No slices yet: all the room is free. Up to %d "
                                             "slices fit.",
                                             self->max_available),
                                self->max_available);
      {
        int percent = (int) (self->fraction * 100 + 0.5);
        g_autofree char *taken = NULL;
        g_autofree char *more = NULL;

        /* TRANSLATORS: "2 slices take about 30 % of the room." */
        taken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u slice takes about %d %% of the room.",
                                              "%u slices take about %d %% of the room.", n),
                                 n, MAX (percent, 1));
        more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Up to %d more fits.",
                                             "Up to %d more fit.", self->max_available),
                                self->max_available);
        return g_strdup_printf ("%s %s", taken, more);
      }

    case SLICES_CAPACITY_FULL_APERTURE:
      return g_strdup (_("No slice fits, though the GPU has none yet: the aperture that the "
                         "firmware sets aside for graphics is too small. Choose a larger "
                         "“Aperture Size” in the firmware setup."));

    case SLICES_CAPACITY_FULL_LIMIT:
      joined = join_names (self, names);
      /* TRANSLATORS: %d is 7, %s names the slices */
      return g_strdup_printf (_("Full: the GPU has %d slices, the most GVT-g allows (%s). "
                                "Remove one to make room for another."),
                              SLICES_MAX_SLICES_PER_GPU, joined);

    case SLICES_CAPACITY_FULL_SLICES:
    default:
      joined = join_names (self, names);
      if (n == 1)
        /* TRANSLATORS: %s names a slice: "win10’s slice" or "1a2b3c4d" */
        full = g_strdup_printf (_("Full: %s takes all the room. Remove it to make room for "
                                  "another slice."), joined);
      else
        /* TRANSLATORS: %s names the slices: "win10’s slice and 1a2b3c4d" */
        full = g_strdup_printf (_("Full: %s take all the room. Remove one to make room for "
                                  "another."), joined);
      if (!self->aperture_limits_types)
        return g_steal_pointer (&full);
      return g_strdup_printf ("%s %s", full,
                              _("A larger aperture in the firmware setup would give room for "
                                "more."));
    }
}

static void
append_part_line (GString                    *text,
                  const SlicesCapacityFigure *figure,
                  const char                 *line)
{
  if (!figure->known)
    return;
  g_string_append_printf (text, "\n• %s", line);
}

char *
slices_capacity_dup_explanation (const SlicesCapacity *self)
{
  g_autoptr(GString) text = NULL;
  const SlicesCapacityFigure *parts;
  g_autofree char *aperture = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *fences = NULL;
  g_autofree char *count = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  parts = self->parts;
  text = g_string_new (_("Each slice takes part of the aperture, the graphics memory the CPU can "
                         "reach; part of the rest of the graphics memory; and fence registers. "
                         "The GPU keeps 128 MB of the aperture, 384 MB of the rest and 4 fence "
                         "registers for itself, and GVT-g allows at most 7 slices. When any of "
                         "these runs out, no more slices fit; the larger types run out first."));

  if (self->state == SLICES_CAPACITY_UNKNOWN)
    return g_string_free (g_steal_pointer (&text), FALSE);

  g_string_append (text, "\n\n");
  g_string_append (text, _("What the slices on this GPU take:"));
  /* TRANSLATORS: "Aperture: 192 MB taken, at least 640 MB free". The figures are printed with
   * %lld (long long), so that gettext sees the whole message. */
  aperture = g_strdup_printf (_("Aperture: %lld MB taken, at least %lld MB free"),
                              (long long) parts[SLICES_CAPACITY_PART_APERTURE].used,
                              (long long) parts[SLICES_CAPACITY_PART_APERTURE].free_at_least);
  append_part_line (text, &parts[SLICES_CAPACITY_PART_APERTURE], aperture);
  rest = g_strdup_printf (_("Rest of graphics memory: %lld MB taken, at least %lld MB free"),
                          (long long) parts[SLICES_CAPACITY_PART_REST].used,
                          (long long) parts[SLICES_CAPACITY_PART_REST].free_at_least);
  append_part_line (text, &parts[SLICES_CAPACITY_PART_REST], rest);
  fences = g_strdup_printf (_("Fence registers: %lld taken, at least %lld free"),
                            (long long) parts[SLICES_CAPACITY_PART_FENCES].used,
                            (long long) parts[SLICES_CAPACITY_PART_FENCES].free_at_least);
  append_part_line (text, &parts[SLICES_CAPACITY_PART_FENCES], fences);
  count = g_strdup_printf (_("Slices: %lld of %d"),
                           (long long) parts[SLICES_CAPACITY_PART_SLICES].used,
                           SLICES_MAX_SLICES_PER_GPU);
  append_part_line (text, &parts[SLICES_CAPACITY_PART_SLICES], count);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Words for a type */

char *
slices_slice_type_dup_memory_text (SlicesSliceType *type)
{
  int low, high;

  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (type), NULL);

  low = slices_slice_type_get_low_gm_mb (type);
  high = slices_slice_type_get_high_gm_mb (type);
  if (low > 0 && high > 0)
    /* TRANSLATORS: a slice's whole graphics memory, and the part of it in the aperture, which
     * the CPU can reach */
    return g_strdup_printf (_("%d MB graphics memory (%d MB CPU-visible)"), low + high, low);
  if (low > 0)
    return g_strdup_printf (_("%d MB CPU-visible graphics memory"), low);
  return NULL;
}

static char *
format_share (int weight)
{
  int divisor;

  if (weight <= 0)
    return NULL;
  if (weight >= FULL_WEIGHT)
    /* TRANSLATORS: the type with the largest weight in GVT-g's scheduler; not exclusive */
    return g_strdup (_("Largest share of GPU time"));

  divisor = gcd (weight, FULL_WEIGHT);
  /* TRANSLATORS: a slice type's weight in GVT-g's scheduler, e.g. "1/4 share of GPU time" */
  return g_strdup_printf (_("%d/%d share of GPU time"), weight / divisor, FULL_WEIGHT / divisor);
}

char *
slices_slice_type_dup_share_text (SlicesSliceType *type)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (type), NULL);

  return format_share (slices_slice_type_get_weight (type));
}

const char *
slices_share_explanation (void)
{
  return _("A share is not reserved: slices that are busy at the same time split the GPU’s time "
           "by their shares, and a slice that is busy alone gets all of it.");
}

char *
slices_slice_dup_busy_share_text (SlicesGpu   *gpu,
                                  SlicesSlice *slice)
{
  GListModel *slices;
  guint n;
  int weight = -1, total = 0, divisor;

  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_SLICE (slice), NULL);

  slices = slices_gpu_get_slices (gpu);
  n = g_list_model_get_n_items (slices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesSlice) other = g_list_model_get_item (slices, i);
      const char *type_id = slices_slice_get_type_id (other);
      SlicesSliceType *type = type_id != NULL ? slices_gpu_find_type (gpu, type_id) : NULL;
      int w = type != NULL ? slices_slice_type_get_weight (type) : -1;

      if (w <= 0)
        return NULL;
      total += w;
      if (g_strcmp0 (slices_slice_get_uuid (other), slices_slice_get_uuid (slice)) == 0)
        weight = w;
    }
  if (weight <= 0 || total <= 0)
    return NULL;
  if (n == 1)
    return g_strdup (_("All of the GPU’s time while it is the only slice"));

  divisor = gcd (weight, total);
  /* TRANSLATORS: "1/3 of GPU time while all 3 slices are busy" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%d/%d of GPU time while all %u slice is busy",
                                       "%d/%d of GPU time while all %u slices are busy", n),
                          weight / divisor, total / divisor, n);
}
