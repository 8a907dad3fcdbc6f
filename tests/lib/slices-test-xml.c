/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "slices-test-xml.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "libslices-vm.h"

char *
slices_test_load_data (const char *folder,
                       const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

char *
slices_test_xpath_join (const char *xml,
                        const char *expr)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "test.xml", NULL, XML_PARSE_NONET);
  xmlXPathContext *ctx;
  xmlXPathObject *obj;
  GString *out = g_string_new (NULL);

  g_assert_nonnull (doc);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, BAD_CAST "gs", BAD_CAST SLICES_DOMAIN_EDIT_NAMESPACE);
  xmlXPathRegisterNs (ctx, BAD_CAST "q", BAD_CAST SLICES_QEMU_NAMESPACE);
  obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  g_assert_nonnull (obj);
  for (int i = 0; obj->nodesetval != NULL && i < obj->nodesetval->nodeNr; i++)
    {
      xmlChar *value = xmlNodeGetContent (obj->nodesetval->nodeTab[i]);

      g_string_append_printf (out, "%s;", (const char *) value);
      xmlFree (value);
    }
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return g_string_free (out, FALSE);
}

void
slices_test_assert_same_definition (const char *expected,
                                    const char *actual)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = slices_domain_canonicalize (expected, &error);
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  b = slices_domain_canonicalize (actual, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, a);
}
