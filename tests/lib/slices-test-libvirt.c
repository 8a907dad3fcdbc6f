/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "slices-test-libvirt.h"
#include "slices-test-util.h"

char *
slices_test_domain_xml (virDomainPtr dom)
{
  char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  char *copy;

  g_assert_nonnull (xml);
  /* libvirt's string is malloc()ed; callers free with g_free(). */
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

SlicesLibvirt *
slices_test_libvirt_open (const char *uri,
                          guint       timeout_seconds)
{
  SlicesLibvirt *libvirt = slices_libvirt_new (uri);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slices_libvirt_open_async (libvirt, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, timeout_seconds);
  g_assert_true (slices_libvirt_open_finish (libvirt, result, &error));
  g_assert_no_error (error);
  return libvirt;
}
