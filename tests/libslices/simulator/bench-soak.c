/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Soak: 1,000 create/remove cycles through the kernel simulator with a SlicesHost following
 * it (slices_host_watch_notifier), as the app's model does in demo mode. Prints the resident
 * set size at the start (after a short warm-up, so one-time allocations do not count) and at
 * the end, fails when it grew by more than SOAK_MAX_GROWTH_KB, and checks that the final tree
 * is byte-identical to the initial one and the model holds no slice.
 *
 *   bench-soak [CYCLES]      (meson test --benchmark bench-soak)
 */

#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define GPU  "0000:00:02.0"
#define TYPE "i915-GVTg_V5_4"
#define WARM_UP 20
#define SOAK_MAX_GROWTH_KB 1024

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  return line != NULL ? strtol (line + strlen ("\nVmRSS:"), NULL, 10) : -1;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the model does (or does not) hold @uuid, as a widget would see. */
static void
wait_for_slice (SlicesHost *host,
                const char *uuid,
                gboolean    present)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, on_timeout_cb, &timed_out);

  while ((slices_host_find_slice (host, uuid) != NULL) != present && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("The model did not %s slice %s within 10 s", present ? "show" : "drop", uuid);
  g_source_remove (timeout);
}

static void
cycle (SlicesSimulator *simulator,
       SlicesHost      *host)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *line = g_strdup_printf ("%s\n", uuid);

  g_assert_cmpint (slices_simulator_write_create (simulator, GPU, TYPE, line, strlen (line)),
                   ==, 0);
  wait_for_slice (host, uuid, TRUE);
  g_assert_cmpint (slices_simulator_write_remove (simulator, uuid, "1\n", 2), ==, 0);
  wait_for_slice (host, uuid, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *initial = NULL;
  g_autofree char *final = NULL;
  guint cycles = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000;
  long rss_start, rss_end;
  gint64 start, elapsed;
  SlicesGpu *gpu;

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  host = slices_host_new (slices_simulator_get_root (simulator));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (simulator));
  slices_host_refresh (host, &error);
  g_assert_no_error (error);
  gpu = slices_host_find_gpu (host, GPU);
  g_assert_nonnull (gpu);

  initial = slices_test_snapshot (slices_simulator_get_root (simulator));

  for (guint i = 0; i < WARM_UP; i++)
    cycle (simulator, host);
  rss_start = rss_kb ();

  start = g_get_monotonic_time ();
  for (guint i = 0; i < cycles; i++)
    cycle (simulator, host);
  elapsed = g_get_monotonic_time () - start;
  rss_end = rss_kb ();

  final = slices_test_snapshot (slices_simulator_get_root (simulator));

  g_print ("soak: %u create/remove cycles in %.1f s (%.2f ms per cycle)\n", cycles,
           elapsed / 1e6, elapsed / 1e3 / MAX (cycles, 1));
  g_print ("soak: RSS at start %ld kB, at end %ld kB (%+ld kB)\n", rss_start, rss_end,
           rss_end - rss_start);

  g_assert_true (slices_host_find_gpu (host, GPU) == gpu);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 0);
  if (g_strcmp0 (initial, final) != 0)
    {
      g_printerr ("soak: the tree differs after the cycles\n--- before\n%s\n--- after\n%s\n",
                  initial, final);
      return 1;
    }
  g_print ("soak: final tree is byte-identical to the initial one\n");
  if (rss_end - rss_start > SOAK_MAX_GROWTH_KB)
    {
      g_printerr ("soak: RSS grew by %ld kB (more than %d kB)\n", rss_end - rss_start,
                  SOAK_MAX_GROWTH_KB);
      return 1;
    }
  return 0;
}
