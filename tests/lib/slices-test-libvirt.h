/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests that talk to libvirt themselves, playing "another program" (virsh, virt-manager)
 * beside the code under test. Test code only: failures are assertions.
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "slices-libvirt.h"

G_BEGIN_DECLS

/* The domain's persistent definition as another program reads it, secrets included
 * (VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE): compare two with g_assert_cmpstr() to
 * prove that a definition is back byte for byte. Free with g_free(). */
char *slices_test_domain_xml (virDomainPtr dom);

/* A SlicesLibvirt on @uri, opened (waited for in the main loop, asserting that it opens within
 * @timeout_seconds). Unref it. */
SlicesLibvirt *slices_test_libvirt_open (const char *uri,
                                         guint       timeout_seconds);

G_END_DECLS
