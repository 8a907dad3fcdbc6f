/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesRenderNode: the DRM render nodes of a host (ROOT/class/drm/renderD*), each with its
 * PCI device, driver, ids and product name, its /dev path and the stable
 * /dev/dri/by-path/pci-<BDF>-render name when udev made one. The attach wizard picks the node a
 * local SPICE OpenGL display (or egl-headless) renders on; render numbers are not fixed, so
 * nothing here assumes renderD128 (FACTS.md §1 "Render nodes").
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  char  *name;          /* "renderD128" */
  char  *path;          /* "/dev/dri/renderD128": what goes into <gl rendernode=…> */
  char  *by_path;       /* "/dev/dri/by-path/pci-0000:00:02.0-render" when the link exists */
  char  *pci_address;   /* "0000:00:02.0"; NULL for a device that is not on PCI */
  char  *driver;        /* "i915", "xe", "nvidia", "amdgpu"…; NULL when no driver is bound */
  guint  vendor_id;     /* 0x8086; 0 when unknown */
  guint  device_id;
  char  *product_name;  /* from udev's hwdb, e.g. "HD Graphics 620"; NULL when unknown */
  int    minor;         /* 128 for renderD128 */
} SlicesRenderNode;

#define SLICES_TYPE_RENDER_NODE (slices_render_node_get_type ())
GType             slices_render_node_get_type (void) G_GNUC_CONST;
SlicesRenderNode *slices_render_node_copy     (const SlicesRenderNode *node);
void              slices_render_node_free     (SlicesRenderNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesRenderNode, slices_render_node_free)

/* Every render node under @sysfs_root (NULL: /sys) sorted by number, as a GPtrArray of
 * SlicesRenderNode (owned by the array). Never fails: a host without render nodes gives an
 * empty array. @dev_root (NULL: /dev) is where by-path links are looked for; the paths
 * returned always start with /dev, the place QEMU opens them on the host.
 * @lookup_names: fill product_name from udev's hwdb. */
GPtrArray *slices_render_nodes_list (const char *sysfs_root,
                                     const char *dev_root,
                                     gboolean    lookup_names);

/* The node to offer first: the one on @gpu_address (the GVT-g GPU; may be NULL), else the
 * first Intel node, else the first node not driven by nvidia, else the first. Borrowed from
 * @nodes; NULL when @nodes is empty. */
SlicesRenderNode *slices_render_nodes_pick_default (GPtrArray  *nodes,
                                                    const char *gpu_address);

/* Whether the node belongs to the proprietary NVIDIA driver (SPICE OpenGL fails there). */
gboolean slices_render_node_is_nvidia (const SlicesRenderNode *node);

/* A sentence for people about why this node is a poor choice, or NULL when it is fine. */
const char *slices_render_node_get_warning (const SlicesRenderNode *node);

/* A one-line label: "HD Graphics 620 — i915, 0000:00:02.0 (renderD128)". Free with g_free(). */
char *slices_render_node_describe (const SlicesRenderNode *node);

G_END_DECLS
