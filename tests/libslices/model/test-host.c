/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesHost, the one model the UI binds to: refreshes keep the same objects (so rows, focus
 * and scroll position survive), "changed" fires once per real change and never for a refresh
 * that found nothing new, GPUs move between the active and inactive lists as one object, and
 * the simulator's "changed" signal drives refreshes in demo mode.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-test-util.h"

#define GPU "0000:00:02.0"
#define UUID_A "a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d"
#define UUID_B "0b5d0ad6-64a2-4b36-8f6b-3c2b1c7f0e11"

typedef struct {
  char            *root;
  SlicesSimulator *simulator;
  SlicesHost      *host;
  guint            changed;
  guint            items_changed;
} Fixture;

static void
on_changed_cb (SlicesHost *host,
               Fixture    *fixture)
{
  fixture->changed++;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  fixture->items_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->root = slices_test_make_tmp_dir ("test-host-XXXXXX");
  fixture->simulator = slices_test_simulator_new (fixture->root, GPU);

  fixture->host = slices_host_new (fixture->root);
  g_signal_connect (fixture->host, "changed", G_CALLBACK (on_changed_cb), fixture);
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

static void
refresh (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (slices_host_refresh (fixture->host, &error));
  g_assert_no_error (error);
}

static void
write_create (Fixture    *fixture,
              const char *type_id,
              const char *uuid)
{
  g_assert_cmpint (slices_simulator_write_create (fixture->simulator, GPU, type_id, uuid,
                                                  strlen (uuid)), ==, 0);
}

static void
write_remove (Fixture    *fixture,
              const char *uuid)
{
  g_assert_cmpint (slices_simulator_write_remove (fixture->simulator, uuid, "1\n", 2), ==, 0);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_host_refresh_keeps_objects (Fixture       *fixture,
                                 gconstpointer  data)
{
  GListModel *gpus = slices_host_get_gpus (fixture->host);
  g_autoptr(SlicesGpu) gpu = NULL;
  g_autoptr(SlicesSliceType) type_4 = NULL;
  g_autoptr(SlicesSliceType) type_8 = NULL;
  g_autoptr(SlicesGpu) gpu_again = NULL;
  guint available_notifies = 0;
  guint type_8_notifies = 0;

  g_assert_cmpstr (slices_host_get_sysfs_root (fixture->host), ==, fixture->root);
  g_assert_cmpuint (g_list_model_get_n_items (gpus), ==, 0); /* nothing read yet */

  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (gpus), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (slices_host_get_inactive_gpus (fixture->host)),
                    ==, 0);

  gpu = g_list_model_get_item (gpus, 0);
  type_4 = g_object_ref (slices_gpu_find_type (gpu, "i915-GVTg_V5_4"));
  type_8 = g_object_ref (slices_gpu_find_type (gpu, "i915-GVTg_V5_8"));
  g_assert_cmpint (slices_slice_type_get_available (type_4), ==, 5);
  g_signal_connect (slices_gpu_get_types (gpu), "items-changed",
                    G_CALLBACK (on_items_changed_cb), fixture);
  g_signal_connect (type_4, "notify::available", G_CALLBACK (count_notify_cb),
                    &available_notifies);
  g_signal_connect (type_8, "notify", G_CALLBACK (count_notify_cb), &type_8_notifies);

  /* Nothing changed: no signal, no notification, same objects. */
  refresh (fixture);
  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpuint (type_8_notifies, ==, 0);
  gpu_again = g_list_model_get_item (gpus, 0);
  g_assert_true (gpu_again == gpu);
  g_clear_object (&gpu_again);

  /* A slice appears: one "changed", the type rows stay, only availability moves. */
  write_create (fixture, "i915-GVTg_V5_4", UUID_A);
  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 2);
  gpu_again = g_list_model_get_item (gpus, 0);
  g_assert_true (gpu_again == gpu);
  g_clear_object (&gpu_again);
  g_assert_true (slices_gpu_find_type (gpu, "i915-GVTg_V5_4") == type_4);
  g_assert_cmpint (slices_slice_type_get_available (type_4), ==, 4);
  g_assert_cmpuint (available_notifies, ==, 1);
  g_assert_cmpuint (fixture->items_changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 1);
  g_assert_nonnull (slices_host_find_slice (fixture->host, UUID_A));

  /* A second slice keeps the first slice's object. */
  {
    SlicesSlice *first = slices_host_find_slice (fixture->host, UUID_A);

    write_create (fixture, "i915-GVTg_V5_8", UUID_B);
    refresh (fixture);
    g_assert_cmpuint (fixture->changed, ==, 3);
    g_assert_true (slices_host_find_slice (fixture->host, UUID_A) == first);
    g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 2);
  }

  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 3);

  write_remove (fixture, UUID_A);
  write_remove (fixture, UUID_B);
  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 0);
  g_assert_cmpint (slices_slice_type_get_available (type_4), ==, 5);
  g_assert_null (slices_host_find_slice (fixture->host, UUID_A));
  g_assert_cmpuint (fixture->items_changed, ==, 0);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_changed (Fixture *fixture,
                  guint    expected)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (5, on_timeout_cb, &timed_out);

  while (fixture->changed < expected && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);

  /* Anything still queued runs now, so a second "changed" would be seen. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->changed, ==, expected);
}

static void
test_host_watch_simulator (Fixture       *fixture,
                           gconstpointer  data)
{
  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 1);

  slices_host_watch_notifier (fixture->host, SLICES_NOTIFIER (fixture->simulator));
  slices_host_watch_notifier (fixture->host, SLICES_NOTIFIER (fixture->simulator)); /* twice is once */

  write_create (fixture, "i915-GVTg_V5_2", UUID_A);
  wait_for_changed (fixture, 2);
  g_assert_nonnull (slices_host_find_slice (fixture->host, UUID_A));

  write_remove (fixture, UUID_A);
  wait_for_changed (fixture, 3);
  g_assert_null (slices_host_find_slice (fixture->host, UUID_A));
}

static void
test_host_inactive_gpu (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *gpus = slices_host_get_gpus (fixture->host);
  GListModel *inactive = slices_host_get_inactive_gpus (fixture->host);
  g_autoptr(SlicesGpu) gpu = NULL;
  g_autofree char *link = NULL;

  /* A second Intel GPU, Coffee Lake, without mdev_supported_types (GVT-g off). */
  slices_test_put_file (fixture->root, "devices/pci0000:00/0000:00:04.0/vendor", "0x8086\n");
  slices_test_put_file (fixture->root, "devices/pci0000:00/0000:00:04.0/device", "0x3e92\n");
  slices_test_put_file (fixture->root, "devices/pci0000:00/0000:00:04.0/class", "0x030000\n");
  link = g_build_filename (fixture->root, "bus/pci/devices/0000:00:04.0", NULL);
  g_assert_cmpint (symlink ("../../../devices/pci0000:00/0000:00:04.0", link), ==, 0);

  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (gpus), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (inactive), ==, 1);
  gpu = g_list_model_get_item (inactive, 0);
  g_assert_cmpstr (slices_gpu_get_address (gpu), ==, "0000:00:04.0");
  g_assert_false (slices_gpu_get_has_types (gpu));
  g_assert_cmpstr (slices_gpu_get_platform (gpu), ==, "Coffee Lake");
  g_assert_true (slices_host_find_gpu (fixture->host, "0000:00:04.0") == gpu);

  /* GVT-g switched on: the same object moves to the active list. */
  slices_test_put_file (fixture->root,
                        "devices/pci0000:00/0000:00:04.0/mdev_supported_types/i915-GVTg_V5_4/description",
                        "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\n"
                        "weight: 4\n");
  slices_test_put_file (fixture->root,
                        "devices/pci0000:00/0000:00:04.0/mdev_supported_types/i915-GVTg_V5_4/"
                        "available_instances", "1\n");
  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (inactive), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gpus), ==, 2);
  g_assert_true (slices_host_find_gpu (fixture->host, "0000:00:04.0") == gpu);
  g_assert_true (slices_gpu_get_has_types (gpu));
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 1);

  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 2);

  /* The GPU goes away (unplugged, or the tree changed). */
  g_assert_cmpint (g_unlink (link), ==, 0);
  refresh (fixture);
  g_assert_cmpuint (fixture->changed, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (gpus), ==, 1);
  g_assert_null (slices_host_find_gpu (fixture->host, "0000:00:04.0"));
}

static void
count_changed_cb (SlicesHost *host,
                  guint      *count)
{
  (*count)++;
}

static void
test_host_bad_root (void)
{
  g_autoptr(SlicesHost) host = slices_host_new ("/nonexistent/gpu-slices-test");
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (host, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_false (slices_host_refresh (host, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_BAD_TREE);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (slices_host_get_gpus (host)), ==, 0);
}

static void
test_host_default_root (void)
{
  g_autoptr(SlicesHost) host = slices_host_new (NULL);

  /* Only the name: never read the real /sys in a test. */
  g_assert_cmpstr (slices_host_get_sysfs_root (host), ==, "/sys");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/slices/host/refresh-keeps-objects", Fixture, NULL,
              fixture_set_up, test_host_refresh_keeps_objects, fixture_tear_down);
  g_test_add ("/slices/host/watch-simulator", Fixture, NULL,
              fixture_set_up, test_host_watch_simulator, fixture_tear_down);
  g_test_add ("/slices/host/inactive-gpu", Fixture, NULL,
              fixture_set_up, test_host_inactive_gpu, fixture_tear_down);
  g_test_add_func ("/slices/host/bad-root", test_host_bad_root);
  g_test_add_func ("/slices/host/default-root", test_host_default_root);

  return g_test_run ();
}
