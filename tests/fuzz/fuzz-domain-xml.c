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

/* Removes what attach and detach may touch, anywhere the domain's own grammar puts it (with
 * @strip), and removes whitespace from text: indentation that attach places next to stray
 * text (which libvirt ignores in element-only content) merges into it when the output is read
 * back. test-domain-edit checks exact canonical equality on real definitions. */
static void
strip_touched (xmlNode  *node,
               int       depth,
               gboolean  strip)
{
  xmlNode *child = node->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;
      gboolean drop = FALSE;

      if (child->type == XML_TEXT_NODE && child->content != NULL)
        {
          GString *squeezed = g_string_new (NULL);

          for (const char *c = (const char *) child->content; *c != '\0'; c++)
            if (!g_ascii_isspace (*c))
              g_string_append_c (squeezed, *c);
          if (squeezed->len == 0)
            drop = TRUE;
          else
            xmlNodeSetContent (child, BAD_CAST squeezed->str);
          g_string_free (squeezed, TRUE);
        }
      else if (child->type == XML_ELEMENT_NODE && !strip)
        {
          strip_touched (child, depth + 1, strip);
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          if (is_qemu_ns (child->ns))
            drop = TRUE;
          else if (depth == 1 && is_named (child, "metadata"))
            drop = TRUE;
          else if (depth == 2 && (is_named (child, "hostdev") || is_named (child, "graphics") ||
                                  is_named (child, "video") || is_named (child, "audio")))
            drop = TRUE;
          else
            strip_touched (child, depth + 1, strip);

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

static int
compare_dumps_indirect (const void *a,
                        const void *b)
{
  char * const *pa = *(char * const * const *) a;
  char * const *pb = *(char * const * const *) b;

  return strcmp (pa[0], pb[0]);
}

/* Name, attributes and text of an element: what it says, whatever namespace declarations
 * it carries (detach parses restored elements again, which may declare a prefix locally). */
static char *
sort_key (xmlNode *node)
{
  GString *key = g_string_new ((const char *) node->name);
  xmlChar *content;

  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlNodeGetContent ((xmlNode *) attr);

      g_string_append_printf (key, " %s=%s", (const char *) attr->name,
                              value != NULL ? (const char *) value : "");
      xmlFree (value);
    }
  content = xmlNodeGetContent (node);
  g_string_append_printf (key, "|%s", content != NULL ? (const char *) content : "");
  xmlFree (content);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        g_autofree char *sub = sort_key (child);

        g_string_append_printf (key, "<%s>", sub);
      }
  return g_string_free (key, FALSE);
}

/* libvirt puts devices in its own order on define, so their order inside <devices> carries no
 * meaning (detach puts back a display whose element attach had to drop at the end). */
static void
sort_devices (xmlNode *root)
{
  for (xmlNode *devices = root->children; devices != NULL; devices = devices->next)
    {
      g_autoptr(GPtrArray) pairs = NULL;
      GString *text;

      if (!is_named (devices, "devices"))
        continue;
      pairs = g_ptr_array_new ();
      text = g_string_new (NULL);
      for (xmlNode *child = devices->children; child != NULL; child = child->next)
        {
          char **pair;

          /* Stray text: all of it, in document order, after the sorted elements. */
          if (child->type == XML_TEXT_NODE)
            {
              g_string_append (text, (const char *) child->content);
              continue;
            }
          pair = g_new0 (char *, 2);
          pair[0] = sort_key (child);
          pair[1] = (char *) child;
          g_ptr_array_add (pairs, pair);
        }
      for (guint i = 0; i < pairs->len; i++)
        xmlUnlinkNode ((xmlNode *) ((char **) pairs->pdata[i])[1]);
      if (pairs->len > 1)
        qsort (pairs->pdata, pairs->len, sizeof (gpointer), compare_dumps_indirect);
      for (guint i = 0; i < pairs->len; i++)
        {
          char **pair = pairs->pdata[i];

          xmlAddChild (devices, (xmlNode *) pair[1]);
          g_free (pair[0]);
          g_free (pair);
        }
      while (devices->children != NULL && devices->children->type == XML_TEXT_NODE)
        {
          xmlNode *stray = devices->children;

          xmlUnlinkNode (stray);
          xmlFreeNode (stray);
        }
      if (text->len > 0)
        xmlAddChild (devices, xmlNewDocText (root->doc, BAD_CAST text->str));
      g_string_free (text, TRUE);
    }
}

/* The canonical form of @xml (without the touched parts with @strip), or NULL when libxml2
 * cannot read it the way slices-domain-edit does. */
static char *
normalized (const char *xml,
            gboolean    strip)
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

  strip_touched (root, 1, strip);
  sort_devices (root);

  /* attach declares the QEMU namespace on <domain>; detach may drop it again. */
  for (xmlNs **ns = &root->nsDef; strip && *ns != NULL;)
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
  untouched_in = normalized (xml, TRUE);
  untouched_out = normalized (attached, TRUE);
  check (untouched_in != NULL && untouched_out != NULL);
  if (strcmp (untouched_in, untouched_out) != 0 && g_getenv ("FUZZ_VERBOSE") != NULL)
    g_printerr ("--- untouched in\n%s\n--- untouched out\n%s\n", untouched_in, untouched_out);
  check (strcmp (untouched_in, untouched_out) == 0);

  /* detach(attach(x)) == x for a VM that held no slice. Not when x already names our alias
   * (say in a -set argument left over from a hand edit): detach removes what refers to a
   * device that no longer exists, on purpose, since QEMU would refuse to start with it. */
  if (g_strv_length (slices_in) == 0 && strstr (xml, "ua-gpu-slices-4b20d080") == NULL)
    {
      detached = slices_domain_detach (attached, SLICE, &error);
      check (detached != NULL);
      g_clear_pointer (&canonical_in, g_free);
      g_clear_pointer (&canonical_out, g_free);
      canonical_in = normalized (xml, FALSE);
      canonical_out = normalized (detached, FALSE);
      check (canonical_in != NULL && canonical_out != NULL);
      if (strcmp (canonical_in, canonical_out) != 0 && g_getenv ("FUZZ_VERBOSE") != NULL)
        g_printerr ("--- in\n%s\n--- detach (attach (in))\n%s\n", canonical_in, canonical_out);
      check (strcmp (canonical_in, canonical_out) == 0);
    }

  return 0;
}
