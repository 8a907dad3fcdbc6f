/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery: the one code path that reads GPUs, slice types and slices from a sysfs root
 * (the real /sys, a simulated tree, or a umockdev testbed). Plain reads, no udev needed.
 */
#pragma once

#include <gio/gio.h>
#include "slices-types.h"

G_BEGIN_DECLS

/* Reads every PCI device under ROOT/bus/pci/devices that has mdev_supported_types, and every
 * Intel display-class device (vendor 0x8086, class 0x03xxxx) even without a driver.
 * Returns a GPtrArray of SlicesGpu sorted by address (possibly empty). Fails with
 * SLICES_ERROR_BAD_TREE when ROOT/bus/pci/devices cannot be read.
 * @lookup_names: look up product names in udev's hwdb (off in benchmarks of the tree alone). */
GPtrArray *slices_sysfs_discover (const char  *root,
                                  gboolean     lookup_names,
                                  GError     **error);

/* The first line of a small file, stripped. */
char    *slices_sysfs_read_line (const char *path, GError **error);

G_END_DECLS
