/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesMonitor under umockdev (run with LD_PRELOAD=libumockdev-preload.so.0): uevents from
 * the testbed reach the libudev monitor; a burst of them gives exactly one "changed", and
 * uevents of subsystems that cannot change slices give none. Also discovery with the root
 * "/sys" on a testbed, the way the real system is read.
 */
#include "config.h"

#include <umockdev.h>

#include "slices-gpu.h"
#include "slices-monitor.h"
#include "slices-sriov.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-sysfs.h"

/* The monitor's debounce (SLICES_MONITOR_DEBOUNCE_MS in slices-monitor.c). */
#define DEBOUNCE_MS 100
/* After the first "changed", listen this long for a (wrong) second one. */
#define QUIET_MS (3 * DEBOUNCE_MS)

typedef struct {
  GMainLoop *loop;
  guint      changed;
  guint      quiet_id;
  gboolean   timed_out;
} Counter;

static gboolean
on_quiet_cb (gpointer user_data)
{
  Counter *counter = user_data;

  counter->quiet_id = 0;
  g_main_loop_quit (counter->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Counter *counter = user_data;

  counter->timed_out = TRUE;
  g_main_loop_quit (counter->loop);
  return G_SOURCE_REMOVE;
}

static void
on_changed_cb (SlicesMonitor *monitor,
               Counter       *counter)
{
  counter->changed++;
  /* Keep listening a while to prove no second signal follows for the same burst. */
  if (counter->quiet_id == 0)
    counter->quiet_id = g_timeout_add (QUIET_MS, on_quiet_cb, counter);
}

/* Runs the loop until the first "changed" plus QUIET_MS, or until @max_ms pass. */
static void
run (Counter *counter,
     guint    max_ms)
{
  guint timeout_id;

  counter->timed_out = FALSE;
  timeout_id = g_timeout_add (max_ms, on_timeout_cb, counter);
  g_main_loop_run (counter->loop);
  if (!counter->timed_out)
    g_source_remove (timeout_id);
  g_clear_handle_id (&counter->quiet_id, g_source_remove);
}

/* Sends one uevent and lets the monitor read what is queued, without waiting. umockdev
 * delivers uevents over a Unix datagram socket whose queue holds only about ten
 * (net.unix.max_dgram_qlen), where the kernel's netlink socket holds far more; reading as we go
 * keeps a long burst from overflowing it. It is still one burst: nothing here waits for the
 * debounce. */
static void
send_uevent (UMockdevTestbed *testbed,
             const char      *syspath,
             const char      *action)
{
  umockdev_testbed_uevent (testbed, syspath, action);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static UMockdevTestbed *
make_testbed (char **gpu_syspath)
{
  UMockdevTestbed *testbed = umockdev_testbed_new ();

  *gpu_syspath = umockdev_testbed_add_device (testbed, "pci", "0000:00:02.0", NULL,
                                              "vendor", "0x8086",
                                              "device", "0x5916",
                                              "class", "0x030000",
                                              NULL,
                                              "PCI_CLASS", "30000",
                                              "PCI_ID", "8086:5916",
                                              NULL);
  g_assert_nonnull (*gpu_syspath);
  return testbed;
}

static void
test_monitor_burst (void)
{
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autoptr(SlicesMonitor) monitor = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *gpu = NULL;
  g_autofree char *slice = NULL;
  Counter counter = { loop, 0, 0, FALSE };

  testbed = make_testbed (&gpu);
  if (!umockdev_in_mock_environment ())
    {
      g_test_skip ("Needs LD_PRELOAD=libumockdev-preload.so.0 (run through meson test)");
      return;
    }

  monitor = slices_monitor_new (&error);
  g_assert_no_error (error);
  g_assert_nonnull (monitor);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_changed_cb), &counter);

  /* What creating a slice looks like: the GPU changes, a slice appears, its node too. */
  slice = umockdev_testbed_add_device (testbed, "mdev", "a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d",
                                       gpu, "mdev_type", "i915-GVTg_V5_4", NULL,
                                       "MDEV_TYPE", "i915-GVTg_V5_4", NULL);
  for (guint i = 0; i < 25; i++)
    send_uevent (testbed, gpu, "change");
  send_uevent (testbed, slice, "add");
  send_uevent (testbed, slice, "bind");
  g_assert_cmpuint (counter.changed, ==, 0); /* nothing before the burst has been quiet */

  run (&counter, 5000);
  g_assert_false (counter.timed_out);
  g_assert_cmpuint (counter.changed, ==, 1);

  /* A later burst is a new change. */
  send_uevent (testbed, slice, "remove");
  send_uevent (testbed, gpu, "change");
  run (&counter, 5000);
  g_assert_false (counter.timed_out);
  g_assert_cmpuint (counter.changed, ==, 2);
}

static void
test_monitor_other_subsystems (void)
{
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autoptr(SlicesMonitor) monitor = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *gpu = NULL;
  g_autofree char *input = NULL;
  Counter counter = { loop, 0, 0, FALSE };

  testbed = make_testbed (&gpu);
  if (!umockdev_in_mock_environment ())
    {
      g_test_skip ("Needs LD_PRELOAD=libumockdev-preload.so.0 (run through meson test)");
      return;
    }

  monitor = slices_monitor_new (&error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_changed_cb), &counter);

  /* A keyboard changes nothing about slices: no signal within several debounce periods. */
  input = umockdev_testbed_add_device (testbed, "input", "event3", NULL, NULL,
                                       "ID_INPUT_KEYBOARD", "1", NULL);
  for (guint i = 0; i < 5; i++)
    send_uevent (testbed, input, "change");
  run (&counter, 4 * DEBOUNCE_MS);
  g_assert_true (counter.timed_out);
  g_assert_cmpuint (counter.changed, ==, 0);

  /* The same monitor still hears a drm node. */
  {
    g_autofree char *render = umockdev_testbed_add_device (testbed, "drm", "renderD128", gpu,
                                                           NULL, "DEVNAME", "/dev/dri/renderD128",
                                                           NULL);

    send_uevent (testbed, render, "add");
    run (&counter, 5000);
    g_assert_false (counter.timed_out);
    g_assert_cmpuint (counter.changed, ==, 1);
  }
}

static void
test_monitor_dispose_pending (void)
{
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gpu = NULL;
  SlicesMonitor *monitor;

  testbed = make_testbed (&gpu);
  if (!umockdev_in_mock_environment ())
    {
      g_test_skip ("Needs LD_PRELOAD=libumockdev-preload.so.0 (run through meson test)");
      return;
    }

  /* Freed with a debounce pending: no signal on a dead object, no leak of sources. */
  monitor = slices_monitor_new (&error);
  g_assert_no_error (error);
  send_uevent (testbed, gpu, "change");
  g_assert_finalize_object (monitor);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_discovery_testbed (void)
{
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autoptr(GPtrArray) gpus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gpu_path = NULL;
  g_autofree char *slice_path = NULL;
  SlicesGpu *gpu;
  SlicesSliceType *type;
  g_autoptr(SlicesSlice) slice = NULL;

  testbed = make_testbed (&gpu_path);
  if (!umockdev_in_mock_environment ())
    {
      g_test_skip ("Needs LD_PRELOAD=libumockdev-preload.so.0 (run through meson test)");
      return;
    }

  umockdev_testbed_set_attribute (testbed, gpu_path,
                                  "mdev_supported_types/i915-GVTg_V5_4/name", "GVTg_V5_4\n");
  umockdev_testbed_set_attribute (testbed, gpu_path,
                                  "mdev_supported_types/i915-GVTg_V5_4/description",
                                  "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\n"
                                  "resolution: 1920x1200\nweight: 4\n");
  umockdev_testbed_set_attribute (testbed, gpu_path,
                                  "mdev_supported_types/i915-GVTg_V5_4/available_instances",
                                  "4\n");
  umockdev_testbed_set_attribute (testbed, gpu_path,
                                  "mdev_supported_types/i915-GVTg_V5_4/device_api",
                                  "vfio-pci\n");
  umockdev_testbed_set_attribute (testbed, gpu_path, "drm/renderD129/uevent",
                                  "DEVNAME=dri/renderD129\n");

  /* A slice on the mdev bus, known only through its mdev_type link. */
  slice_path = umockdev_testbed_add_device (testbed, "mdev",
                                            "A2E6F6B1-7F4E-4E5F-9C53-0D2F1B2A3C4D", gpu_path,
                                            NULL, NULL);
  g_assert_nonnull (slice_path);
  umockdev_testbed_set_attribute_link (testbed, slice_path, "mdev_type",
                                       "../mdev_supported_types/i915-GVTg_V5_4");

  /* The real root: umockdev shows the testbed there. */
  gpus = slices_sysfs_discover ("/sys", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gpus->len, ==, 1);
  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpstr (slices_gpu_get_address (gpu), ==, "0000:00:02.0");
  g_assert_cmpstr (slices_gpu_get_platform (gpu), ==, "Kaby Lake");
  g_assert_cmpstrv (slices_gpu_get_render_nodes (gpu),
                    ((const char * const[]) { "/dev/dri/renderD129", NULL }));
  type = slices_gpu_find_type (gpu, "i915-GVTg_V5_4");
  g_assert_nonnull (type);
  g_assert_cmpint (slices_slice_type_get_available (type), ==, 4);
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, 4);

  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 1);
  slice = g_list_model_get_item (slices_gpu_get_slices (gpu), 0);
  g_assert_cmpstr (slices_slice_get_uuid (slice), ==, "a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d");
  g_assert_cmpstr (slices_slice_get_type_id (slice), ==, "i915-GVTg_V5_4");
}

/* VFs come and go as PCI add/remove and binds as bind/unbind (FACTS-SRIOV S1): each burst is
 * one "changed", and discovery on the testbed shows the PF as an SR-IOV GPU with its VF. */
static void
test_monitor_sriov (void)
{
  g_autoptr(UMockdevTestbed) testbed = umockdev_testbed_new ();
  g_autoptr(SlicesMonitor) monitor = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) gpus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pf = NULL;
  g_autofree char *vf = NULL;
  g_autofree char *xe = NULL;
  g_autofree char *testbed_root = NULL;
  Counter counter = { loop, 0, 0, FALSE };
  SlicesSriov *sriov;

  if (!umockdev_in_mock_environment ())
    {
      g_test_skip ("Needs LD_PRELOAD=libumockdev-preload.so.0 (run through meson test)");
      return;
    }

  testbed_root = umockdev_testbed_get_root_dir (testbed);
  xe = g_build_filename (testbed_root, "sys", "bus", "pci", "drivers", "xe", NULL);
  g_assert_cmpint (g_mkdir_with_parents (xe, 0755), ==, 0);
  pf = umockdev_testbed_add_device (testbed, "pci", "0000:00:02.0", NULL,
                                    "vendor", "0x8086", "device", "0xb080", "class", "0x030000",
                                    "sriov_totalvfs", "7\n", "sriov_numvfs", "0\n",
                                    "sriov_drivers_autoprobe", "0\n", NULL,
                                    "PCI_ID", "8086:B080", NULL);
  umockdev_testbed_set_attribute_link (testbed, pf, "driver", "../../bus/pci/drivers/xe");

  monitor = slices_monitor_new (&error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_changed_cb), &counter);

  /* Enabling one VF: add, change, (no bind with autoprobe 0), then change on the PF. */
  umockdev_testbed_set_attribute (testbed, pf, "sriov_numvfs", "1\n");
  vf = umockdev_testbed_add_device (testbed, "pci", "0000:00:02.1", NULL,
                                    "vendor", "0x8086", "device", "0xb080", "class", "0x030000",
                                    NULL, "PCI_ID", "8086:B080", NULL);
  umockdev_testbed_set_attribute_link (testbed, vf, "physfn", "../0000:00:02.0");
  umockdev_testbed_set_attribute_link (testbed, pf, "virtfn0", "../0000:00:02.1");
  send_uevent (testbed, vf, "add");
  send_uevent (testbed, vf, "change");
  send_uevent (testbed, pf, "change");
  run (&counter, 5000);
  g_assert_false (counter.timed_out);
  g_assert_cmpuint (counter.changed, ==, 1);

  gpus = slices_sysfs_discover ("/sys", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gpus->len, ==, 1);
  sriov = slices_gpu_get_sriov (g_ptr_array_index (gpus, 0));
  g_assert_nonnull (sriov);
  g_assert_cmpuint (slices_sriov_get_enabled_vfs (sriov), ==, 1);
  g_assert_false (slices_sriov_get_autoprobe (sriov));
  g_assert_nonnull (slices_sriov_find_vf (sriov, "0000:00:02.1"));

  /* libvirt binding it for a VM: unbind (nothing), bind to vfio-pci; later unbind. */
  send_uevent (testbed, vf, "bind");
  run (&counter, 5000);
  g_assert_cmpuint (counter.changed, ==, 2);
  send_uevent (testbed, vf, "unbind");
  send_uevent (testbed, vf, "remove");
  run (&counter, 5000);
  g_assert_cmpuint (counter.changed, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/monitor/burst", test_monitor_burst);
  g_test_add_func ("/slices/monitor/other-subsystems", test_monitor_other_subsystems);
  g_test_add_func ("/slices/monitor/dispose-pending", test_monitor_dispose_pending);
  g_test_add_func ("/slices/monitor/sriov", test_monitor_sriov);
  g_test_add_func ("/slices/discovery/testbed", test_discovery_testbed);

  return g_test_run ();
}
