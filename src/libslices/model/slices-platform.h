/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Intel GPU platforms by PCI device id (from the kernel's include/drm/i915_pciids.h groups),
 * and product names from udev's hardware database. The id table is one data file,
 * intel-platforms.txt beside it, compiled into this layer as a GResource.
 */
#pragma once

#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_PCI_VENDOR_INTEL 0x8086

/* Platform name such as "Kaby Lake", or NULL when the id is not in the table.
 * @support receives what the platform offers (may be NULL). */
const char *slices_platform_lookup (guint device_id, SlicesGvtSupport *support);

/* Product name from udev's hwdb (ID_MODEL_FROM_DATABASE), e.g. "HD Graphics 620"; NULL when
 * the database has none. Free with g_free(). */
char *slices_platform_product_name (guint vendor_id, guint device_id);

G_END_DECLS
