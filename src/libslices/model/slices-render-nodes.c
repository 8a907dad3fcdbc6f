/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Render nodes from a sysfs root: ROOT/class/drm/renderD<N> links to the node's folder under
 * its device (…/<BDF>/drm/renderD<N>); the device gives the PCI address, ids and driver. Plain
 * reads, so the same code reads /sys, a simulated tree and a umockdev testbed.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "slices-ids.h"
#include "slices-platform.h"
#include "slices-render-nodes.h"
#include "slices-sysfs.h"

G_DEFINE_BOXED_TYPE (SlicesRenderNode, slices_render_node,
                     slices_render_node_copy, slices_render_node_free)

#define SLICES_PCI_VENDOR_NVIDIA 0x10de

static guint
read_hex_file (const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *line = slices_sysfs_read_line (path, NULL);

  if (line == NULL)
    return 0;
  return (guint) g_ascii_strtoull (line, NULL, 16);
}

static char *
resolve (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return NULL;
  copy = g_strdup (real);
  free (real);
  return copy;
}

/* The device folder of a node folder: its "device" link, or (in trees without that link)
 * the folder two levels up, since nodes live in <device>/drm/<node>. */
static char *
find_device_dir (const char *node_dir)
{
  g_autofree char *link = g_build_filename (node_dir, "device", NULL);
  g_autofree char *drm_dir = NULL;
  char *device_dir = resolve (link);

  if (device_dir != NULL)
    return device_dir;

  drm_dir = g_path_get_dirname (node_dir);
  return g_path_get_dirname (drm_dir);
}

/* "dri/renderD128" from the node's uevent (the kernel's name for the /dev entry). */
static char *
read_devname (const char *node_dir)
{
  g_autofree char *path = g_build_filename (node_dir, "uevent", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "DEVNAME=") && lines[i][8] != '\0'
        && strstr (lines[i] + 8, "..") == NULL)
      return g_strdup (lines[i] + 8);

  return NULL;
}

/* udev's stable name, kept only when it points at this very node. */
static char *
find_by_path (const char *dev_root,
              const char *pci_address,
              const char *name)
{
  g_autofree char *link_name = g_strdup_printf ("pci-%s-render", pci_address);
  g_autofree char *link = g_build_filename (dev_root, "dri", "by-path", link_name, NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  g_autofree char *target_name = NULL;

  if (target == NULL)
    return NULL;

  target_name = g_path_get_basename (target);
  if (g_strcmp0 (target_name, name) != 0)
    return NULL;

  return g_build_filename ("/dev", "dri", "by-path", link_name, NULL);
}

static SlicesRenderNode *
read_node (const char *class_dir,
           const char *name,
           const char *dev_root,
           gboolean    lookup_names)
{
  g_autoptr(SlicesRenderNode) node = g_new0 (SlicesRenderNode, 1);
  g_autofree char *class_link = g_build_filename (class_dir, name, NULL);
  g_autofree char *node_dir = resolve (class_link);
  g_autofree char *device_dir = NULL;
  g_autofree char *device_name = NULL;
  g_autofree char *driver_link = NULL;
  g_autofree char *driver_target = NULL;
  g_autofree char *devname = NULL;

  if (node_dir == NULL)
    return NULL;

  node->name = g_strdup (name);
  node->minor = (int) g_ascii_strtoll (name + strlen ("renderD"), NULL, 10);

  devname = read_devname (node_dir);
  node->path = devname != NULL ? g_build_filename ("/dev", devname, NULL)
                               : g_build_filename ("/dev", "dri", name, NULL);

  device_dir = find_device_dir (node_dir);
  device_name = g_path_get_basename (device_dir);
  if (slices_pci_address_is_valid (device_name))
    {
      node->pci_address = g_strdup (device_name);
      node->vendor_id = read_hex_file (device_dir, "vendor");
      node->device_id = read_hex_file (device_dir, "device");
      node->by_path = find_by_path (dev_root, node->pci_address, name);
    }

  driver_link = g_build_filename (device_dir, "driver", NULL);
  driver_target = g_file_read_link (driver_link, NULL);
  if (driver_target != NULL)
    node->driver = g_path_get_basename (driver_target);

  if (lookup_names && node->vendor_id != 0)
    node->product_name = slices_platform_product_name (node->vendor_id, node->device_id);

  return g_steal_pointer (&node);
}

static gboolean
is_render_node_name (const char *name)
{
  const char *digits;

  if (!g_str_has_prefix (name, "renderD"))
    return FALSE;

  digits = name + strlen ("renderD");
  if (*digits == '\0')
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const SlicesRenderNode *na = *(SlicesRenderNode * const *) a;
  const SlicesRenderNode *nb = *(SlicesRenderNode * const *) b;

  return (na->minor > nb->minor) - (na->minor < nb->minor);
}

static gboolean
is_intel (const SlicesRenderNode *node)
{
  return node->vendor_id == SLICES_PCI_VENDOR_INTEL
         || g_strcmp0 (node->driver, "i915") == 0
         || g_strcmp0 (node->driver, "xe") == 0;
}

SlicesRenderNode *
slices_render_node_copy (const SlicesRenderNode *node)
{
  SlicesRenderNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  copy = g_new0 (SlicesRenderNode, 1);
  copy->name = g_strdup (node->name);
  copy->path = g_strdup (node->path);
  copy->by_path = g_strdup (node->by_path);
  copy->pci_address = g_strdup (node->pci_address);
  copy->driver = g_strdup (node->driver);
  copy->vendor_id = node->vendor_id;
  copy->device_id = node->device_id;
  copy->product_name = g_strdup (node->product_name);
  copy->minor = node->minor;

  return copy;
}

void
slices_render_node_free (SlicesRenderNode *node)
{
  if (node == NULL)
    return;

  g_free (node->name);
  g_free (node->path);
  g_free (node->by_path);
  g_free (node->pci_address);
  g_free (node->driver);
  g_free (node->product_name);
  g_free (node);
}

GPtrArray *
slices_render_nodes_list (const char *sysfs_root,
                          const char *dev_root,
                          gboolean    lookup_names)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *class_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_render_node_free);
  class_dir = g_build_filename (sysfs_root != NULL ? sysfs_root : SLICES_DEFAULT_SYSFS_ROOT,
                                "class", "drm", NULL);
  dir = g_dir_open (class_dir, 0, NULL);
  if (dir == NULL)
    return g_steal_pointer (&nodes);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      SlicesRenderNode *node;

      if (!is_render_node_name (name))
        continue;

      node = read_node (class_dir, name, dev_root != NULL ? dev_root : "/dev", lookup_names);
      if (node != NULL)
        g_ptr_array_add (nodes, node);
    }

  g_ptr_array_sort (nodes, compare_nodes);

  return g_steal_pointer (&nodes);
}

SlicesRenderNode *
slices_render_nodes_pick_default (GPtrArray  *nodes,
                                  const char *gpu_address)
{
  g_return_val_if_fail (nodes != NULL, NULL);

  if (nodes->len == 0)
    return NULL;

  if (gpu_address != NULL)
    for (guint i = 0; i < nodes->len; i++)
      {
        SlicesRenderNode *node = g_ptr_array_index (nodes, i);

        if (g_strcmp0 (node->pci_address, gpu_address) == 0)
          return node;
      }

  for (guint i = 0; i < nodes->len; i++)
    if (is_intel (g_ptr_array_index (nodes, i)))
      return g_ptr_array_index (nodes, i);

  for (guint i = 0; i < nodes->len; i++)
    if (!slices_render_node_is_nvidia (g_ptr_array_index (nodes, i)))
      return g_ptr_array_index (nodes, i);

  return g_ptr_array_index (nodes, 0);
}

gboolean
slices_render_node_is_nvidia (const SlicesRenderNode *node)
{
  g_return_val_if_fail (node != NULL, FALSE);

  /* nouveau is NVIDIA hardware too, but Mesa renders there; only the proprietary driver's
   * EGL cannot open a render node for QEMU. */
  return g_strcmp0 (node->driver, "nvidia") == 0
         || (node->driver == NULL && node->vendor_id == SLICES_PCI_VENDOR_NVIDIA);
}

const char *
slices_render_node_get_warning (const SlicesRenderNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (slices_render_node_is_nvidia (node))
    return _("SPICE OpenGL fails on NVIDIA render nodes (QEMU reports “Failed to initialize "
             "EGL render node for SPICE GL”). Choose the Intel GPU’s render node instead.");

  return NULL;
}

char *
slices_render_node_describe (const SlicesRenderNode *node)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GPtrArray) details = g_ptr_array_new ();

  g_return_val_if_fail (node != NULL, NULL);

  text = g_string_new (node->product_name != NULL ? node->product_name : node->name);
  if (node->driver != NULL)
    g_ptr_array_add (details, node->driver);
  if (node->pci_address != NULL)
    g_ptr_array_add (details, node->pci_address);
  g_ptr_array_add (details, NULL);

  if (details->len > 1)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) details->pdata);

      g_string_append_printf (text, " — %s", joined);
    }
  if (node->product_name != NULL)
    g_string_append_printf (text, " (%s)", node->name);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
