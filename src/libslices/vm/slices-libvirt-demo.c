/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo's virtual machines live in libvirt's test:/// driver, which drops every <qemu:*>
 * element (FACTS.md §2) where the QEMU driver keeps them. So that the demo's definitions behave
 * as a real host's (the old recipe to repair, attach's <qemu:override>), the demo keeps those
 * elements in a <metadata> entry of its own: moved there before each define and back to the
 * domain after each read, so that everything above sees the definition a QEMU host would.
 */
#include "config.h"

#include <string.h>

#include "slices-domain-edit-private.h"
#include "slices-libvirt-private.h"
#include "slices-xml.h"

#define DEMO_NAMESPACE "https://gpuslices.github.io/xmlns/gpu-slices-demo/1.0"

/* Points @node and everything below it at @qemu and drops their own declarations of it, so
 * that the moved elements read as libvirt writes them, under the root's declaration. */
static void
use_root_ns (xmlNode *node,
             xmlNs   *qemu)
{
  xmlNs **link = &node->nsDef;

  if (node->ns != NULL && xmlStrEqual (node->ns->href, qemu->href))
    node->ns = qemu;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      use_root_ns (child, qemu);
  while (*link != NULL)
    {
      xmlNs *ns = *link;

      if (xmlStrEqual (ns->href, qemu->href))
        {
          *link = ns->next;
          ns->next = NULL;
          xmlFreeNs (ns);
        }
      else
        link = &ns->next;
    }
}

static xmlNode *
find_entry (xmlNode *root)
{
  xmlNode *metadata = slices_xml_first_plain_child (root, "metadata");

  return metadata != NULL ? slices_xml_first_ns_child (metadata, DEMO_NAMESPACE, "qemu") : NULL;
}

char *
slices_libvirt_demo_stash_qemu (const char *xml)
{
  g_autoptr(xmlDoc) doc = slices_domain_parse (xml, TRUE, NULL);
  xmlNode *root, *child, *metadata, *entry, *old;
  gboolean created;
  xmlNs *ns;

  if (doc == NULL)
    return g_strdup (xml);
  root = xmlDocGetRootElement (doc);
  if ((old = find_entry (root)) != NULL)
    slices_xml_remove_node (old);

  entry = xmlNewDocNode (doc, NULL, BAD_CAST "qemu", NULL);
  ns = xmlNewNs (entry, BAD_CAST DEMO_NAMESPACE, BAD_CAST "gsdemo");
  xmlSetNs (entry, ns);
  child = root->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_ELEMENT_NODE && child->ns != NULL &&
          xmlStrEqual (child->ns->href, BAD_CAST SLICES_QEMU_NAMESPACE))
        {
          slices_xml_remove_blank_before (child);
          xmlUnlinkNode (child);
          slices_xml_strip_blank_text (child);
          xmlAddChild (entry, child);
        }
      child = next;
    }
  if (entry->children == NULL)
    {
      xmlFreeNode (entry);
      return slices_xml_serialize (doc, strlen (xml));
    }

  metadata = slices_domain_metadata_ensure (root, &created);
  slices_xml_insert_indented (metadata, NULL, entry);
  return slices_xml_serialize (doc, strlen (xml));
}

char *
slices_libvirt_demo_unstash_qemu (const char *xml)
{
  g_autoptr(xmlDoc) doc = slices_domain_parse (xml, TRUE, NULL);
  xmlNode *root, *entry, *child, *metadata;
  gboolean declared;
  xmlNs *qemu;

  if (doc == NULL)
    return g_strdup (xml);
  root = xmlDocGetRootElement (doc);
  entry = find_entry (root);
  if (entry == NULL)
    return g_strdup (xml);

  qemu = slices_domain_qemu_ensure_ns (root, &declared);
  child = entry->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_ELEMENT_NODE)
        {
          xmlUnlinkNode (child);
          slices_xml_strip_blank_text (child);
          slices_xml_insert_indented (root, NULL, child);
          use_root_ns (child, qemu);
        }
      child = next;
    }
  metadata = entry->parent;
  slices_xml_remove_node (entry);
  /* libvirt moved the declaration to <metadata>, where the entry used it. */
  use_root_ns (metadata, qemu);
  if (!slices_xml_has_element_children (metadata))
    slices_xml_remove_node (metadata);
  return slices_xml_serialize (doc, strlen (xml));
}
