/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Intel GPU platforms by PCI device id (from the kernel's include/drm/i915_pciids.h groups),
 * and product names from udev's hardware database. The id table is one data file,
 * intel-platforms.txt beside it, compiled into this layer as a C string.
 */
#pragma once

#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_PCI_VENDOR_INTEL 0x8086

/* Platform name such as "Kaby Lake", or NULL when the id is not in the table.
 * @support receives what the platform offers (may be NULL). */
const char *slices_platform_lookup (guint device_id, SlicesGvtSupport *support);

/* Which drivers give a platform SR-IOV (intel-platforms.txt "sriov" records). */
typedef enum {
  SLICES_SRIOV_DRIVER_NONE            = 0,
  SLICES_SRIOV_DRIVER_XE              = 1 << 0, /* mainline xe as it is */
  SLICES_SRIOV_DRIVER_XE_FORCE_PROBE  = 1 << 1, /* mainline xe with xe.force_probe=<id> */
  SLICES_SRIOV_DRIVER_I915_SRIOV_DKMS = 1 << 2, /* the out-of-tree i915-sriov-dkms */
} SlicesSriovDrivers;

/* The drivers that give @device_id SR-IOV. @known (may be NULL) is FALSE when the table has
 * no record for its platform (then nothing is claimed either way). */
SlicesSriovDrivers slices_platform_sriov_drivers (guint device_id, gboolean *known);

/* Product name from udev's hwdb (ID_MODEL_FROM_DATABASE), e.g. "HD Graphics 620"; NULL when
 * the database has none. Free with g_free(). */
char *slices_platform_product_name (guint vendor_id, guint device_id);

G_END_DECLS
