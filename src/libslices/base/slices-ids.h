/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two names everything in GPU Slices is keyed by, checked in one place: a slice's UUID
 * (8-4-4-4-12 hex digits, as the kernel's uuid_is_valid() and libvirt take it) and a GPU's PCI
 * address (dddd:bb:dd.f in lowercase hex, as sysfs names devices).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SLICES_UUID_LEN 36

/* 8-4-4-4-12 ASCII hex digits of either case, and nothing else. */
gboolean slices_uuid_is_valid             (const char *text);
/* The lowercase form the kernel names a slice by, into @out; FALSE when not a UUID. */
gboolean slices_uuid_normalize            (const char *text,
                                           char        out[SLICES_UUID_LEN + 1]);
/* The same, newly allocated; NULL when @text is not a UUID. */
char    *slices_uuid_dup_canonical        (const char *text);

/* dddd:bb:dd.f as sysfs names a PCI device: lowercase hex, function 0 to 7. */
gboolean slices_pci_address_is_valid      (const char *address);
/* The sysfs form of what people type: upper case, or "00:02.0" as lspci prints it (PCI domain
 * 0000). NULL when @text is not a PCI address. */
char    *slices_pci_address_dup_canonical (const char *text);

G_END_DECLS
