/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesCapacity on simulated trees: what the slices take of a GPU's budget after creates and
 * removes, "full" exactly when no type has room (never against available_instances), the cause
 * named (the slices, by name; the 7-slice limit; an aperture too small from the start), and the
 * words for a type's memory and share.
 */
#include "config.h"

#include <string.h>

#include "slices-capacity.h"
#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-slice-type.h"
#include "slices-slice.h"
#include "slices-test-util.h"

#define GPU "0000:00:02.0"

typedef struct {
  char *root;
  SlicesSimulator *simulator;
  SlicesHost *host;
  guint aperture_mb;
} Fixture;

static void
set_up (Fixture *fixture,
        guint    aperture_mb)
{
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;

  fixture->root = slices_test_make_tmp_dir ("test-capacity-XXXXXX");
  fixture->simulator = slices_simulator_new (fixture->root);
  slices_sim_gpu_spec_init (&spec, GPU);
  spec.aperture_mb = aperture_mb;
  fixture->aperture_mb = aperture_mb;
  g_assert_true (slices_simulator_add_gpu (fixture->simulator, &spec, &error));
  g_assert_no_error (error);
  fixture->host = slices_host_new (fixture->root);
  g_assert_true (slices_host_refresh (fixture->host, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_up (fixture, GPOINTER_TO_UINT (data));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->host);
  g_assert_finalize_object (fixture->simulator);
  slices_test_remove_tree (fixture->root);
  g_clear_pointer (&fixture->root, g_free);
}

static SlicesGpu *
get_gpu (Fixture *fixture)
{
  SlicesGpu *gpu = slices_host_find_gpu (fixture->host, GPU);

  g_assert_nonnull (gpu);
  return gpu;
}

static void
refresh (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (slices_host_refresh (fixture->host, &error));
  g_assert_no_error (error);
}

static int
create (Fixture    *fixture,
        const char *type_id,
        const char *uuid)
{
  int err = slices_simulator_write_create (fixture->simulator, GPU, type_id, uuid, strlen (uuid));

  refresh (fixture);
  return err;
}

static void
remove_slice (Fixture    *fixture,
              const char *uuid)
{
  g_assert_cmpint (slices_simulator_write_remove (fixture->simulator, uuid, "1\n", 2), ==, 0);
  refresh (fixture);
}

static int
max_available (SlicesGpu *gpu)
{
  GListModel *types = slices_gpu_get_types (gpu);
  int max = -1;

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);

      max = MAX (max, slices_slice_type_get_available (type));
    }
  return max;
}

/* The real share of the budget, from the simulator's hidden figures (FACTS.md §1), which the
 * model cannot see: what it shows must never be below this. */
static double
true_fraction (Fixture   *fixture,
               SlicesGpu *gpu)
{
  GListModel *slices = slices_gpu_get_slices (gpu);
  guint n = g_list_model_get_n_items (slices);
  double low = 0, high = 0, fences = 0, fraction;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);
      SlicesSliceType *type = slices_gpu_find_type (gpu, slices_slice_get_type_id (slice));

      low += slices_slice_type_get_low_gm_mb (type);
      high += slices_slice_type_get_high_gm_mb (type);
      fences += slices_slice_type_get_fence (type);
    }
  fraction = (double) n / SLICES_MAX_SLICES_PER_GPU;
  fraction = MAX (fraction, low / (fixture->aperture_mb - 128));
  fraction = MAX (fraction, high / (4096 - fixture->aperture_mb - 384));
  fraction = MAX (fraction, fences / (32 - 4));
  return fraction;
}

/* What every figure must hold against available_instances and the truth. */
static void
assert_consistent (Fixture              *fixture,
                   const SlicesCapacity *capacity)
{
  SlicesGpu *gpu = get_gpu (fixture);
  int available = max_available (gpu);

  g_assert_cmpint (capacity->max_available, ==, available);
  g_assert_cmpuint (capacity->slices->len, ==,
                    g_list_model_get_n_items (slices_gpu_get_slices (gpu)));
  if (available > 0)
    {
      g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_ROOM);
      g_assert_false (slices_capacity_is_full (capacity));
      g_assert_cmpfloat (capacity->fraction, <, 1.0);
    }
  else
    {
      g_assert_true (slices_capacity_is_full (capacity));
      g_assert_cmpfloat (capacity->fraction, ==, 1.0);
    }
  g_assert_cmpfloat (capacity->fraction, >=, 0.0);
  g_assert_cmpfloat (capacity->fraction + 1e-9, >=, MIN (true_fraction (fixture, gpu), 0.99));
}

static void
test_empty_gpu (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SlicesCapacity) capacity = slices_capacity_new (get_gpu (fixture));
  g_autofree char *summary = slices_capacity_dup_summary (capacity, NULL);
  g_autofree char *explanation = slices_capacity_dup_explanation (capacity);

  g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_ROOM);
  g_assert_cmpfloat (capacity->fraction, ==, 0.0);
  g_assert_cmpint (capacity->max_available, ==, 7);
  g_assert_cmpstr (slices_slice_type_get_id (capacity->roomiest_type), ==, "i915-GVTg_V5_8");
  g_assert_false (capacity->aperture_limits_types);
  g_assert_cmpstr (summary, ==, "No slices yet: all the room is free. Up to 7 slices fit.");
  g_assert_nonnull (strstr (explanation, "Aperture: 0 MB taken"));
  assert_consistent (fixture, capacity);
}

static void
test_creates_and_removes (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char *uuids[] = {
    "11111111-1111-4111-8111-111111111111",
    "22222222-2222-4222-8222-222222222222",
    "33333333-3333-4333-8333-333333333333",
  };
  static const char *types[] = { "i915-GVTg_V5_4", "i915-GVTg_V5_8", "i915-GVTg_V5_8" };
  double fractions[G_N_ELEMENTS (uuids) + 1] = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (uuids); i++)
    {
      g_autoptr(SlicesCapacity) capacity = NULL;

      g_assert_cmpint (create (fixture, types[i], uuids[i]), ==, 0);
      capacity = slices_capacity_new (get_gpu (fixture));
      assert_consistent (fixture, capacity);
      fractions[i + 1] = capacity->fraction;
      /* Every slice takes room. */
      g_assert_cmpfloat (fractions[i + 1], >, fractions[i]);
    }

  {
    g_autoptr(SlicesCapacity) capacity = slices_capacity_new (get_gpu (fixture));
    g_autofree char *summary = slices_capacity_dup_summary (capacity, NULL);
    const SlicesCapacityFigure *parts = capacity->parts;

    /* What the slices take is exact: 128 + 64 + 64 MB, 512 + 384 + 384 MB, 3 × 4 fences. */
    g_assert_true (parts[SLICES_CAPACITY_PART_APERTURE].known);
    g_assert_cmpint (parts[SLICES_CAPACITY_PART_APERTURE].used, ==, 256);
    g_assert_cmpint (parts[SLICES_CAPACITY_PART_REST].used, ==, 1280);
    g_assert_cmpint (parts[SLICES_CAPACITY_PART_FENCES].used, ==, 12);
    g_assert_cmpint (parts[SLICES_CAPACITY_PART_SLICES].used, ==, 3);
    /* 1 GB aperture, 4 GB GGTT: the rest (2688 MB) runs out first; what is left (1408 MB) is
     * proved exactly by the 1/8 type: 3 more of 384 MB. */
    g_assert_cmpint (capacity->limiting, ==, SLICES_CAPACITY_PART_REST);
    g_assert_cmpint (parts[SLICES_CAPACITY_PART_REST].free_at_least, ==, 3 * 384);
    g_assert_cmpint (capacity->max_available, ==, 3);
    g_assert_nonnull (strstr (summary, "3 slices take about"));
    g_assert_nonnull (strstr (summary, "Up to 3 more fit."));
  }

  /* Removing gives the room back, to the same figure. */
  for (guint i = G_N_ELEMENTS (uuids); i > 0; i--)
    {
      g_autoptr(SlicesCapacity) capacity = NULL;

      remove_slice (fixture, uuids[i - 1]);
      capacity = slices_capacity_new (get_gpu (fixture));
      assert_consistent (fixture, capacity);
      g_assert_cmpfloat (capacity->fraction, ==, fractions[i - 1]);
    }
}

static void
test_full_by_slices (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *names[] = { "win10’s slice", NULL, NULL };
  g_autoptr(SlicesCapacity) capacity = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *named = NULL;

  /* The largest type, then a small one: 2432 of 2688 MB of the rest are gone, too little for
   * any type. */
  g_assert_cmpint (create (fixture, "i915-GVTg_V5_1", "aaaaaaaa-1111-4111-8111-111111111111"), ==,
                   0);
  g_assert_cmpint (create (fixture, "i915-GVTg_V5_8", "bbbbbbbb-2222-4222-8222-222222222222"), ==,
                   0);
  capacity = slices_capacity_new (get_gpu (fixture));
  assert_consistent (fixture, capacity);
  g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_FULL_SLICES);

  summary = slices_capacity_dup_summary (capacity, NULL);
  g_assert_cmpstr (summary, ==, "Full: aaaaaaaa and bbbbbbbb take all the room. Remove one to "
                                "make room for another.");
  named = slices_capacity_dup_summary (capacity, names);
  g_assert_nonnull (strstr (named, "win10’s slice and bbbbbbbb"));
  /* The aperture is not to blame: the GPU lists every type. */
  g_assert_null (strstr (named, "aperture"));

  /* Another create is refused, as the figures said. */
  g_assert_cmpint (create (fixture, "i915-GVTg_V5_8", "cccccccc-3333-4333-8333-333333333333"), ==,
                   ENOSPC);
}

static void
test_full_at_seven (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SlicesCapacity) capacity = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < SLICES_MAX_SLICES_PER_GPU; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("%08x-1111-4111-8111-111111111111", i + 1);
      g_autoptr(SlicesCapacity) step = NULL;

      g_assert_cmpint (create (fixture, "i915-GVTg_V5_8", uuid), ==, 0);
      step = slices_capacity_new (get_gpu (fixture));
      assert_consistent (fixture, step);
    }
  capacity = slices_capacity_new (get_gpu (fixture));
  g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_FULL_LIMIT);
  g_assert_cmpint (capacity->limiting, ==, SLICES_CAPACITY_PART_SLICES);
  summary = slices_capacity_dup_summary (capacity, NULL);
  g_assert_cmpstr (summary, ==, "Full: the GPU has 7 slices, the most GVT-g allows (00000001, "
                                "00000002 and 5 more). Remove one to make room for another.");
}

/* A 256 MB aperture (a common laptop default): two small slices fill it, and a larger
 * aperture is worth saying. */
static void
test_small_aperture (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SlicesCapacity) before = slices_capacity_new (get_gpu (fixture));
  g_autoptr(SlicesCapacity) capacity = NULL;
  g_autofree char *summary = NULL;

  g_assert_true (before->aperture_limits_types);
  g_assert_cmpint (before->max_available, ==, 2);
  assert_consistent (fixture, before);

  g_assert_cmpint (create (fixture, "i915-GVTg_V5_8", "aaaaaaaa-1111-4111-8111-111111111111"), ==,
                   0);
  g_assert_cmpint (create (fixture, "i915-GVTg_V5_8", "bbbbbbbb-2222-4222-8222-222222222222"), ==,
                   0);
  capacity = slices_capacity_new (get_gpu (fixture));
  assert_consistent (fixture, capacity);
  g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_FULL_SLICES);
  g_assert_cmpint (capacity->limiting, ==, SLICES_CAPACITY_PART_APERTURE);
  summary = slices_capacity_dup_summary (capacity, NULL);
  /* The slices are the cause (removing one helps); the aperture is the reason it is so soon. */
  g_assert_true (g_str_has_prefix (summary, "Full: aaaaaaaa and bbbbbbbb take all the room."));
  g_assert_nonnull (strstr (summary, "A larger aperture in the firmware setup"));
}

/* Every create and remove in a long mixed run keeps the figures true to the kernel's. */
static void
test_never_contradicts (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char *types[] = {
    "i915-GVTg_V5_8", "i915-GVTg_V5_4", "i915-GVTg_V5_2", "i915-GVTg_V5_1",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);

  for (guint step = 0; step < 60; step++)
    {
      g_autoptr(SlicesCapacity) capacity = NULL;

      if (uuids->len > 0 && g_rand_int_range (rand, 0, 3) == 0)
        {
          guint i = g_rand_int_range (rand, 0, uuids->len);

          remove_slice (fixture, g_ptr_array_index (uuids, i));
          g_ptr_array_remove_index (uuids, i);
        }
      else
        {
          char *uuid = g_uuid_string_random ();

          if (create (fixture, types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))],
                      uuid) == 0)
            g_ptr_array_add (uuids, uuid);
          else
            g_free (uuid);
        }
      capacity = slices_capacity_new (get_gpu (fixture));
      assert_consistent (fixture, capacity);
    }
}

/* Types made by hand: what the simulator (like the kernel) never lists. */
static SlicesSliceType *
add_type (SlicesGpu  *gpu,
          const char *id,
          const char *description,
          int         available)
{
  g_autoptr(SlicesSliceType) type = slices_slice_type_new (GPU, id);

  slices_slice_type_set_description (type, description);
  if (available >= 0)
    slices_slice_type_set_available (type, available);
  slices_gpu_add_type (gpu, type);
  return type;
}

static void
test_aperture_from_start (void)
{
  g_autoptr(SlicesGpu) gpu = slices_gpu_new (GPU);
  g_autoptr(SlicesCapacity) capacity = NULL;
  g_autofree char *summary = NULL;

  add_type (gpu, "i915-GVTg_V5_8", "low_gm_size: 64MB\nhigh_gm_size: 384MB\nfence: 4\n", 0);
  capacity = slices_capacity_new (gpu);
  g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_FULL_APERTURE);
  g_assert_cmpfloat (capacity->fraction, ==, 1.0);
  summary = slices_capacity_dup_summary (capacity, NULL);
  g_assert_nonnull (strstr (summary, "Aperture Size"));
}

static void
test_unknown (void)
{
  g_autoptr(SlicesGpu) gpu = slices_gpu_new (GPU);
  g_autoptr(SlicesCapacity) none = slices_capacity_new (gpu);
  g_autoptr(SlicesCapacity) capacity = NULL;
  g_autoptr(SlicesSlice) slice = slices_slice_new ("aaaaaaaa-1111-4111-8111-111111111111", GPU,
                                                   "i915-GVTg_V5_4");

  /* No types: nothing to measure. */
  g_assert_cmpint (none->state, ==, SLICES_CAPACITY_UNKNOWN);
  g_assert_cmpfloat (none->fraction, <, 0.0);

  /* A kernel 4.10 description (no weight, no resolution) and an unreadable count. */
  add_type (gpu, "i915-GVTg_V5_4", "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\n", -1);
  slices_gpu_add_slice (gpu, slice);
  capacity = slices_capacity_new (gpu);
  g_assert_cmpint (capacity->state, ==, SLICES_CAPACITY_UNKNOWN);
  g_assert_false (slices_capacity_is_full (capacity));
  /* What the slice takes is still exact; what is left is not proved by anything. */
  g_assert_cmpint (capacity->parts[SLICES_CAPACITY_PART_APERTURE].used, ==, 128);
  g_assert_false (capacity->parts[SLICES_CAPACITY_PART_APERTURE].known);
}

static void
test_words (Fixture       *fixture,
            gconstpointer  data)
{
  SlicesGpu *gpu = get_gpu (fixture);
  static const struct { const char *id; const char *memory; const char *share; } expected[] = {
    { "i915-GVTg_V5_8", "448 MB graphics memory (64 MB CPU-visible)", "1/8 share of GPU time" },
    { "i915-GVTg_V5_4", "640 MB graphics memory (128 MB CPU-visible)", "1/4 share of GPU time" },
    { "i915-GVTg_V5_2", "1280 MB graphics memory (256 MB CPU-visible)", "1/2 share of GPU time" },
    { "i915-GVTg_V5_1", "2560 MB graphics memory (512 MB CPU-visible)",
      "Largest share of GPU time" },
  };
  const char *a = "aaaaaaaa-1111-4111-8111-111111111111";
  const char *b = "bbbbbbbb-2222-4222-8222-222222222222";

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SlicesSliceType *type = slices_gpu_find_type (gpu, expected[i].id);
      g_autofree char *memory = slices_slice_type_dup_memory_text (type);
      g_autofree char *share = slices_slice_type_dup_share_text (type);

      g_assert_cmpstr (memory, ==, expected[i].memory);
      g_assert_cmpstr (share, ==, expected[i].share);
    }
  g_assert_nonnull (strstr (slices_share_explanation (), "not reserved"));

  /* What a slice really gets depends on the others: weights 4 and 2 split 2/3 and 1/3. */
  g_assert_cmpint (create (fixture, "i915-GVTg_V5_4", a), ==, 0);
  {
    g_autofree char *alone = slices_slice_dup_busy_share_text (gpu, slices_gpu_find_slice (gpu, a));

    g_assert_cmpstr (alone, ==, "All of the GPU’s time while it is the only slice");
  }
  g_assert_cmpint (create (fixture, "i915-GVTg_V5_8", b), ==, 0);
  {
    g_autofree char *big = slices_slice_dup_busy_share_text (gpu, slices_gpu_find_slice (gpu, a));
    g_autofree char *small = slices_slice_dup_busy_share_text (gpu, slices_gpu_find_slice (gpu, b));

    g_assert_cmpstr (big, ==, "2/3 of GPU time while all 2 slices are busy");
    g_assert_cmpstr (small, ==, "1/3 of GPU time while all 2 slices are busy");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, aperture, func) \
  g_test_add ("/slices/capacity/" path, Fixture, GUINT_TO_POINTER (aperture), fixture_set_up, \
              func, fixture_tear_down)
  ADD ("empty-gpu", 1024, test_empty_gpu);
  ADD ("creates-and-removes", 1024, test_creates_and_removes);
  ADD ("full-by-slices", 1024, test_full_by_slices);
  ADD ("full-at-seven", 1024, test_full_at_seven);
  ADD ("small-aperture", 256, test_small_aperture);
  ADD ("never-contradicts-1g", 1024, test_never_contradicts);
  ADD ("never-contradicts-512m", 512, test_never_contradicts);
  ADD ("never-contradicts-256m", 256, test_never_contradicts);
  ADD ("words", 1024, test_words);
#undef ADD
  g_test_add_func ("/slices/capacity/aperture-from-start", test_aperture_from_start);
  g_test_add_func ("/slices/capacity/unknown", test_unknown);

  return g_test_run ();
}
