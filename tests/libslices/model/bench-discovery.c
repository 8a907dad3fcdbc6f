/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark (not a test): how long one discovery of a large host takes, 8 GPUs x 4 types x
 * 7 slices and 4 SR-IOV GPUs (xe, sriov_admin) x 7 VFs bound to the host's xe, in a simulated
 * tree under a temporary folder. Discovery runs on every udev burst
 * in the UI thread, so it must stay far below one frame (16 ms).
 *
 * Usage: bench-discovery [RUNS]   (default 200)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "slices-gpu.h"
#include "slices-simulator.h"
#include "slices-sriov.h"
#include "slices-sysfs.h"
#include "slices-test-util.h"

#define N_GPUS 8
#define N_SLICES 7
#define N_TYPES 4
#define N_SRIOV_GPUS 4
#define N_VFS 7

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static gboolean
build_tree (SlicesSimulator  *simulator,
            GError          **error)
{
  for (guint i = 0; i < N_GPUS; i++)
    {
      g_autofree char *address = i == 0 ? g_strdup ("0000:00:02.0")
                                        : g_strdup_printf ("0000:%02x:00.0", i + 1);
      SlicesSimGpuSpec spec;

      slices_sim_gpu_spec_init (&spec, address);
      spec.aperture_mb = 1024;
      spec.render_minor = 128 + i;
      spec.card_minor = i + 1;
      if (!slices_simulator_add_gpu (simulator, &spec, error))
        return FALSE;

      for (guint j = 0; j < N_SLICES; j++)
        {
          g_autofree char *uuid = g_uuid_string_random ();
          int err = slices_simulator_write_create (simulator, address, "i915-GVTg_V5_8",
                                                   uuid, strlen (uuid));

          if (err != 0)
            {
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                           "Could not create slice %u on %s: %s", j, address, g_strerror (err));
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < N_SRIOV_GPUS; i++)
    {
      g_autofree char *address = g_strdup_printf ("0000:%02x:00.0", 0x10 + i);
      SlicesSimGpuSpec spec;
      int err;

      /* Far from the VFs' render nodes, which take the lowest free numbers. */
      slices_sim_gpu_spec_init_bmg (&spec, address);
      spec.render_minor = 200 + i;
      spec.card_minor = 50 + i;
      if (!slices_simulator_add_gpu (simulator, &spec, error))
        return FALSE;
      err = slices_simulator_write_sriov_numvfs (simulator, address, "7", 1);
      if (err != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                       "Could not enable %u VFs on %s: %s", N_VFS, address, g_strerror (err));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_tree (GPtrArray *gpus)
{
  if (gpus->len != N_GPUS + N_SRIOV_GPUS)
    return FALSE;

  for (guint i = 0; i < gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (gpus, i);
      SlicesSriov *sriov = slices_gpu_get_sriov (gpu);

      if (sriov != NULL)
        {
          if (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)) != N_VFS ||
              slices_sriov_count_host_bound (sriov) != N_VFS)
            return FALSE;
          continue;
        }
      if (g_list_model_get_n_items (slices_gpu_get_types (gpu)) != N_TYPES
          || g_list_model_get_n_items (slices_gpu_get_slices (gpu)) != N_SLICES)
        return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autofree char *root = NULL;
  g_autofree double *times = NULL;
  guint runs = 200;
  int status = EXIT_SUCCESS;

  if (argc > 1)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (argv[1], 10, 1, 100000, &value, &error))
        {
          g_printerr ("bench-discovery: RUNS must be a number from 1 to 100000: %s\n",
                      error->message);
          return EXIT_FAILURE;
        }
      runs = (guint) value;
    }

  root = g_dir_make_tmp ("bench-discovery-XXXXXX", &error);
  if (root == NULL)
    {
      g_printerr ("bench-discovery: cannot make a temporary folder: %s\n", error->message);
      return EXIT_FAILURE;
    }

  simulator = slices_simulator_new (root);
  if (!build_tree (simulator, &error))
    {
      g_printerr ("bench-discovery: cannot build the simulated tree: %s\n", error->message);
      slices_test_remove_tree (root);
      return EXIT_FAILURE;
    }

  /* Warm the page cache and check the tree is what we claim to measure. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) gpus = slices_sysfs_discover (root, FALSE, &error);

      if (gpus == NULL || !check_tree (gpus))
        {
          g_printerr ("bench-discovery: discovery did not find %u GPUs x %u types x %u slices "
                      "and %u SR-IOV GPUs x %u VFs%s%s\n", N_GPUS, N_TYPES, N_SLICES,
                      N_SRIOV_GPUS, N_VFS, error ? ": " : "", error ? error->message : "");
          slices_test_remove_tree (root);
          return EXIT_FAILURE;
        }
    }

  times = g_new (double, runs);
  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) gpus = slices_sysfs_discover (root, FALSE, NULL);

      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (gpus == NULL)
        status = EXIT_FAILURE;
    }

  qsort (times, runs, sizeof (double), compare_doubles);
  g_print ("discover %u GPUs x %u types x %u slices + %u SR-IOV GPUs x %u VFs: median %.3f ms "
           "(min %.3f, p90 %.3f) over %u runs\n",
           N_GPUS, N_TYPES, N_SLICES, N_SRIOV_GPUS, N_VFS, times[runs / 2], times[0], times[(runs * 9) / 10 < runs
                                                                       ? (runs * 9) / 10
                                                                       : runs - 1],
           runs);

  g_clear_object (&simulator);
  slices_test_remove_tree (root);

  return status;
}
