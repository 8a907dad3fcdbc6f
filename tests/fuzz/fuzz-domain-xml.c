/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fuzz target: the domain XML edit (slices-domain-edit.c). The first input byte picks the
 * options (display mode, libvirt version, ramfb, OpRegion, Mesa, replace), the rest is the
 * domain XML. When attach succeeds, checks that:
 *   - the output is well-formed and holds exactly one hostdev for the slice;
 *   - attaching again changes nothing;
 *   - nothing outside the elements attach may touch changed (both sides compared in
 *     canonical form with hostdev, graphics, video, audio, metadata and every element of the
 *     QEMU namespace removed);
 *   - for a VM without slices, detach(attach(x)) is canonically equal to x.
 * Any failure must be a SLICES_DOMAIN_EDIT_ERROR with a message.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "slices-domain-edit.h"

#define SLICE "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define TYPE  "i915-GVTg_V5_4"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (GError *error)
{
  check (error != NULL);
  check (error->domain == SLICES_DOMAIN_EDIT_ERROR);
  check (error->message != NULL && error->message[0] != '\0');
}

static gboolean
is_qemu_ns (xmlNs *ns)
{
  return ns != NULL && ns->href != NULL &&
         strcmp ((const char *) ns->href, SLICES_QEMU_NAMESPACE) == 0;
}

static gboolean
is_named (xmlNode    *node,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         strcmp ((const char *) node->name, name) == 0;
}

static gboolean
has_element_children (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

/* Removes what attach and detach may touch, anywhere the domain's own grammar puts it. */
static void
strip_touched (xmlNode *node,
               int      depth)
{
  xmlNode *child = node->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;
      gboolean drop = FALSE;

      if (child->type == XML_ELEMENT_NODE)
        {
          if (is_qemu_ns (child->ns))
            drop = TRUE;
          else if (depth == 1 && is_named (child, "metadata"))
            drop = TRUE;
          else if (depth == 2 && (is_named (child, "hostdev") || is_named (child, "graphics") ||
                                  is_named (child, "video") || is_named (child, "audio")))
            drop = TRUE;
          else
            strip_touched (child, depth + 1);

          /* attach makes <devices> when there is none */
          if (!drop && depth == 1 && is_named (child, "devices") && !has_element_children (child))
            drop = TRUE;
        }
      if (drop)
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      child = next;
    }
}

/* The canonical form of @xml without the touched parts, or NULL when libxml2 cannot read it
 * the way slices-domain-edit does. */
static char *
untouched_part (const char *xml)
{
  xmlDoc *doc;
  xmlNode *root;
  xmlChar *dumped = NULL;
  int len = 0;
  char *canonical;

  doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  strip_touched (root, 1);

  /* attach declares the QEMU namespace on <domain>; detach may drop it again. */
  for (xmlNs **ns = &root->nsDef; *ns != NULL;)
    {
      if (is_qemu_ns (*ns))
        {
          xmlNs *drop = *ns;

          *ns = drop->next;
          drop->next = NULL;
          xmlFreeNs (drop);
        }
      else
        ns = &(*ns)->next;
    }

  xmlDocDumpMemory (doc, &dumped, &len);
  xmlFreeDoc (doc);
  check (dumped != NULL);
  canonical = slices_domain_canonicalize ((const char *) dumped, NULL);
  xmlFree (dumped);
  return canonical;
}

static guint
count_slice (const char * const *uuids)
{
  guint n = 0;

  for (guint i = 0; uuids != NULL && uuids[i] != NULL; i++)
    if (strcmp (uuids[i], SLICE) == 0)
      n++;
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint versions[] = {
    SLICES_LIBVIRT_VERSION (4, 0, 0), SLICES_LIBVIRT_VERSION (5, 0, 0),
    SLICES_LIBVIRT_VERSION (6, 0, 0), SLICES_LIBVIRT_VERSION (7, 9, 0),
    SLICES_LIBVIRT_VERSION (8, 2, 0), SLICES_LIBVIRT_VERSION (9, 0, 0),
    SLICES_LIBVIRT_VERSION (7, 0, 0), SLICES_LIBVIRT_VERSION (10, 0, 0),
  };
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *again = NULL;
  g_autofree char *detached = NULL;
  g_autofree char *canonical_in = NULL;
  g_autofree char *canonical_out = NULL;
  g_autofree char *untouched_in = NULL;
  g_autofree char *untouched_out = NULL;
  g_auto(GStrv) slices_in = NULL;
  g_auto(GStrv) slices_out = NULL;
  guint8 selector;
  guint version;

  if (size < 1)
    return 0;
  selector = data[0];
  xml = g_strndup ((const char *) data + 1, size - 1);

  opts.display = (SlicesDisplayMode) (selector % 3);
  opts.rendernode = "/dev/dri/renderD128";
  opts.ramfb = (selector & 0x04) != 0;
  opts.opregion = (selector & 0x08) != 0;
  opts.mesa_i965 = (selector & 0x10) != 0;
  opts.replace = (selector & 0x80) != 0;
  version = versions[(selector >> 5) & 0x07];
  if (selector & 0x40)
    {
      opts.xres = 1280;
      opts.yres = 720;
    }

  /* Reading functions never crash and agree with each other. */
  (void) slices_domain_has_comments (xml);
  slices_in = slices_domain_find_slices (xml, &error);
  if (slices_in == NULL)
    check_error (error);
  g_clear_error (&error);

  detached = slices_domain_detach (xml, SLICE, &error);
  if (detached == NULL)
    check_error (error);
  else
    check (count_slice ((const char * const *) slices_in) > 0);
  g_clear_error (&error);
  g_clear_pointer (&detached, g_free);

  attached = slices_domain_attach (xml, SLICE, TYPE, 1920, 1200, &opts, version, notes, &error);
  if (attached == NULL)
    {
      check_error (error);
      return 0;
    }
  check (slices_in != NULL);

  /* Well-formed, with exactly one hostdev for the slice. Canonical XML 1.0 refuses relative
   * namespace URIs, so the canonical checks only apply where the input has a canonical form. */
  canonical_in = slices_domain_canonicalize (xml, NULL);
  canonical_out = slices_domain_canonicalize (attached, NULL);
  check (canonical_in == NULL || canonical_out != NULL);
  slices_out = slices_domain_find_slices (attached, &error);
  check (slices_out != NULL);
  check (count_slice ((const char * const *) slices_out) == 1);
  if (!opts.replace && count_slice ((const char * const *) slices_in) == 0)
    check (g_strv_length (slices_out) == g_strv_length (slices_in) + 1);

  /* Idempotent. */
  again = slices_domain_attach (attached, SLICE, TYPE, 1920, 1200, &opts, version, NULL, &error);
  check (again != NULL && strcmp (again, attached) == 0);

  /* Nothing outside the touched elements changes. */
  if (canonical_in == NULL)
    return 0;
  untouched_in = untouched_part (xml);
  untouched_out = untouched_part (attached);
  check (untouched_in != NULL && untouched_out != NULL);
  check (strcmp (untouched_in, untouched_out) == 0);

  /* detach(attach(x)) == x for a VM that held no slice. */
  if (g_strv_length (slices_in) == 0)
    {
      detached = slices_domain_detach (attached, SLICE, &error);
      check (detached != NULL);
      g_clear_pointer (&canonical_out, g_free);
      canonical_out = slices_domain_canonicalize (detached, NULL);
      check (canonical_out != NULL);
      check (strcmp (canonical_in, canonical_out) == 0);
    }

  return 0;
}
