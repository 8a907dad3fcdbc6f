/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Render nodes on sysfs and /dev trees built here: an Intel GPU (i915) and an NVIDIA one
 * (nvidia driver) whose node has the lower number, by-path links in a fake dev root, and the
 * simulator's demo tree.
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "slices-platform.h"
#include "slices-render-nodes.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

typedef struct {
  char *dir;
  char *sys;
  char *dev;
} Fixture;

static void
write_file (const char *root,
            const char *dir_path,
            const char *name,
            const char *contents)
{
  g_autofree char *full = g_build_filename (root, dir_path, name, NULL);
  g_autofree char *dir = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (full, contents, -1, &error);
  g_assert_no_error (error);
}

static void
make_link (const char *root,
           const char *dir_path,
           const char *name,
           const char *target)
{
  g_autofree char *full = g_build_filename (root, dir_path, name, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, full), ==, 0);
}

/* One PCI GPU with a render node and a card node, the way the kernel lays them out. */
static void
add_gpu (Fixture    *fixture,
         const char *address,
         const char *vendor,
         const char *device,
         const char *driver,
         int         render_minor,
         int         card_minor)
{
  g_autofree char *gpu = g_strdup_printf ("devices/pci0000:00/%s", address);
  g_autofree char *render = g_strdup_printf ("renderD%d", render_minor);
  g_autofree char *card = g_strdup_printf ("card%d", card_minor);
  const char *nodes[] = { render, card };

  g_autofree char *driver_target = g_build_filename ("../../../bus/pci/drivers", driver, NULL);

  write_file (fixture->sys, gpu, "vendor", vendor);
  write_file (fixture->sys, gpu, "device", device);
  make_link (fixture->sys, gpu, "driver", driver_target);

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_autofree char *node_dir = g_build_filename (gpu, "drm", nodes[i], NULL);
      g_autofree char *uevent = g_strdup_printf ("MAJOR=226\nDEVNAME=dri/%s\nDEVTYPE=drm_minor\n",
                                                 nodes[i]);
      g_autofree char *device_target = g_build_filename ("../../..", address, NULL);
      g_autofree char *class_target = g_build_filename ("../../devices/pci0000:00", address,
                                                        "drm", nodes[i], NULL);

      write_file (fixture->sys, node_dir, "uevent", uevent);
      make_link (fixture->sys, node_dir, "device", device_target);
      make_link (fixture->sys, "class/drm", nodes[i], class_target);
      write_file (fixture->dev, "dri", nodes[i], "");
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-render-nodes-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->sys = g_build_filename (fixture->dir, "sys", NULL);
  fixture->dev = g_build_filename (fixture->dir, "dev", NULL);

  write_file (fixture->sys, "bus/pci/drivers/i915", "bind", "");
  write_file (fixture->sys, "bus/pci/drivers/nvidia", "bind", "");

  /* The NVIDIA card probed first, so it has the lower numbers: the default must not be
   * "the first node". */
  add_gpu (fixture, "0000:01:00.0", "0x10de\n", "0x1c82\n", "nvidia", 128, 0);
  add_gpu (fixture, "0000:00:02.0", "0x8086\n", "0x5916\n", "i915", 129, 1);

  /* udev's stable names; only the Intel GPU got its render link. */
  make_link (fixture->dev, "dri/by-path", "pci-0000:00:02.0-render", "../renderD129");
  make_link (fixture->dev, "dri/by-path", "pci-0000:00:02.0-card", "../card1");
  make_link (fixture->dev, "dri/by-path", "pci-0000:01:00.0-card", "../card0");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  slices_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->sys);
  g_free (fixture->dev);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = slices_render_nodes_list (fixture->sys, fixture->dev, TRUE);
  g_autofree char *intel_name = slices_platform_product_name (0x8086, 0x5916);
  SlicesRenderNode *nvidia, *intel;

  /* Card nodes are not render nodes. */
  g_assert_cmpuint (nodes->len, ==, 2);
  nvidia = g_ptr_array_index (nodes, 0);
  intel = g_ptr_array_index (nodes, 1);

  g_assert_cmpstr (nvidia->name, ==, "renderD128");
  g_assert_cmpstr (nvidia->path, ==, "/dev/dri/renderD128");
  g_assert_null (nvidia->by_path);
  g_assert_cmpstr (nvidia->pci_address, ==, "0000:01:00.0");
  g_assert_cmpstr (nvidia->driver, ==, "nvidia");
  g_assert_cmphex (nvidia->vendor_id, ==, 0x10de);
  g_assert_cmphex (nvidia->device_id, ==, 0x1c82);
  g_assert_true (slices_render_node_is_nvidia (nvidia));

  g_assert_cmpstr (intel->name, ==, "renderD129");
  g_assert_cmpint (intel->minor, ==, 129);
  g_assert_cmpstr (intel->path, ==, "/dev/dri/renderD129");
  /* Reported as the host path QEMU opens, not inside the fake dev root. */
  g_assert_cmpstr (intel->by_path, ==, "/dev/dri/by-path/pci-0000:00:02.0-render");
  g_assert_cmpstr (intel->pci_address, ==, "0000:00:02.0");
  g_assert_cmpstr (intel->driver, ==, "i915");
  g_assert_cmphex (intel->vendor_id, ==, 0x8086);
  g_assert_cmphex (intel->device_id, ==, 0x5916);
  g_assert_cmpstr (intel->product_name, ==, intel_name);
  g_assert_false (slices_render_node_is_nvidia (intel));
}

static void
test_default_and_warning (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = slices_render_nodes_list (fixture->sys, fixture->dev, FALSE);
  SlicesRenderNode *chosen;
  g_autofree char *label = NULL;
  const char *warning;

  /* No GVT-g GPU named: the Intel node, although NVIDIA's comes first. */
  chosen = slices_render_nodes_pick_default (nodes, NULL);
  g_assert_nonnull (chosen);
  g_assert_cmpstr (chosen->name, ==, "renderD129");
  g_assert_null (slices_render_node_get_warning (chosen));

  chosen = slices_render_nodes_pick_default (nodes, "0000:00:02.0");
  g_assert_cmpstr (chosen->name, ==, "renderD129");

  /* Someone picks the NVIDIA node: a warning that names QEMU's error. */
  chosen = slices_render_nodes_pick_default (nodes, "0000:01:00.0");
  g_assert_cmpstr (chosen->name, ==, "renderD128");
  warning = slices_render_node_get_warning (chosen);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "Failed to initialize EGL render node for SPICE GL"));

  label = slices_render_node_describe (chosen);
  g_assert_nonnull (strstr (label, "nvidia"));
  g_assert_nonnull (strstr (label, "0000:01:00.0"));
}

static void
test_only_nvidia (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = slices_render_nodes_list (fixture->sys, fixture->dev, FALSE);
  g_autoptr(SlicesRenderNode) copy = NULL;

  g_ptr_array_remove_index (nodes, 1);
  g_assert_cmpuint (nodes->len, ==, 1);

  /* The only node is still offered (with its warning), never silently nothing. */
  copy = slices_render_node_copy (slices_render_nodes_pick_default (nodes, NULL));
  g_assert_cmpstr (copy->driver, ==, "nvidia");
  g_assert_nonnull (slices_render_node_get_warning (copy));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-render-nodes-XXXXXX", &error);
  g_autoptr(GPtrArray) nodes = NULL;

  g_assert_no_error (error);
  nodes = slices_render_nodes_list (dir, dir, TRUE);
  g_assert_cmpuint (nodes->len, ==, 0);
  g_assert_null (slices_render_nodes_pick_default (nodes, NULL));
  g_rmdir (dir);
}

/* The simulator's tree has no "device" link in the node folder; the node is still found. */
static void
test_simulator (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesSimulator) simulator = slices_simulator_new_demo (&error);
  g_autoptr(GPtrArray) nodes = NULL;
  SlicesRenderNode *node;

  g_assert_no_error (error);
  nodes = slices_render_nodes_list (slices_simulator_get_root (simulator),
                                    slices_simulator_get_root (simulator), FALSE);
  g_assert_cmpuint (nodes->len, ==, 1);
  node = slices_render_nodes_pick_default (nodes, "0000:00:02.0");
  g_assert_cmpstr (node->path, ==, "/dev/dri/renderD128");
  g_assert_cmpstr (node->pci_address, ==, "0000:00:02.0");
  g_assert_cmpstr (node->driver, ==, "i915");
  g_assert_cmphex (node->vendor_id, ==, 0x8086);
  g_assert_null (node->by_path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/slices/render-nodes/list", Fixture, NULL,
              fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/slices/render-nodes/default-and-warning", Fixture, NULL,
              fixture_set_up, test_default_and_warning, fixture_tear_down);
  g_test_add ("/slices/render-nodes/only-nvidia", Fixture, NULL,
              fixture_set_up, test_only_nvidia, fixture_tear_down);
  g_test_add_func ("/slices/render-nodes/empty", test_empty);
  g_test_add_func ("/slices/render-nodes/simulator", test_simulator);

  return g_test_run ();
}
