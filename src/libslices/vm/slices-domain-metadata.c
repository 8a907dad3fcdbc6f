/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The <metadata><gs:gpu-slices> entry of the domain edit; see slices-domain-edit-private.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-domain-edit-private.h"
#include "slices-ids.h"
#include "slices-xml.h"

#define GS_PREFIX "gs"

static xmlNode *
entry_child (xmlNode    *entry,
             const char *name)
{
  return slices_xml_first_ns_child (entry, SLICES_DOMAIN_EDIT_NAMESPACE, name);
}

/* Writing the entry (attach) */

xmlNode *
slices_domain_metadata_ensure (xmlNode  *root,
                               gboolean *created)
{
  xmlNode *metadata = slices_xml_first_plain_child (root, "metadata");
  xmlNode *after = NULL;

  *created = FALSE;
  if (metadata != NULL)
    return metadata;

  /* libvirt writes <metadata> after name, uuid, genid, title and description. */
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (slices_xml_is_plain (child, "name") || slices_xml_is_plain (child, "uuid") ||
        slices_xml_is_plain (child, "genid") || slices_xml_is_plain (child, "title") ||
        slices_xml_is_plain (child, "description"))
      after = child;

  metadata = xmlNewDocNode (root->doc, NULL, BAD_CAST "metadata", NULL);
  if (after != NULL)
    slices_xml_insert_indented (root, slices_xml_next_non_text (after), metadata);
  else
    {
      xmlNode *first = root->children;

      while (first != NULL && first->type == XML_TEXT_NODE)
        first = first->next;
      slices_xml_insert_indented (root, first, metadata);
    }
  *created = TRUE;
  return metadata;
}

xmlNode *
slices_domain_metadata_new_entry (xmlDoc     *doc,
                                  const char *uuid,
                                  const char *type_id,
                                  const char *display,
                                  const char *libvirt_version)
{
  xmlNode *entry = xmlNewDocNode (doc, NULL, BAD_CAST "gpu-slices", NULL);
  xmlNs *gs = xmlNewNs (entry, BAD_CAST SLICES_DOMAIN_EDIT_NAMESPACE, BAD_CAST GS_PREFIX);
  xmlNode *slice;

  xmlSetNs (entry, gs);
  slice = slices_xml_new_child (entry, gs, "slice");
  slices_xml_set_prop (slice, slices_pci_address_is_valid (uuid) ? "address" : "uuid", uuid);
  if (type_id != NULL)
    slices_xml_set_prop (slice, "type", type_id);
  slices_xml_set_prop (slice, "display", display);
  slices_xml_set_prop (slice, "libvirt-version", libvirt_version);
  slices_xml_new_child (entry, gs, "added");

  return entry;
}

void
slices_domain_metadata_save (xmlNode     *entry,
                             xmlNode     *devices,
                             const char  *name,
                             char       **passwd_out)
{
  g_autofree char *saved_name = g_strconcat ("saved-", name, NULL);
  xmlNode *saved = slices_xml_new_child (entry, entry->ns, saved_name);

  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      g_autofree char *text = NULL;
      g_autofree char *passwd = NULL;
      xmlNode *copy, *element;

      if (!slices_xml_is_plain (child, name))
        continue;

      copy = xmlCopyNode (child, 1);
      passwd = slices_xml_get_prop (copy, "passwd");
      if (passwd != NULL)
        xmlUnsetProp (copy, BAD_CAST "passwd");
      text = slices_xml_serialize_node (devices->doc, copy);
      xmlFreeNode (copy);

      element = xmlNewTextChild (saved, entry->ns, BAD_CAST "element", BAD_CAST text);
      if (passwd != NULL)
        {
          slices_xml_set_prop (element, "passwd", "yes");
          if (passwd_out != NULL && *passwd_out == NULL)
            *passwd_out = g_steal_pointer (&passwd);
        }
    }
}

void
slices_domain_metadata_set_added (xmlNode                 *entry,
                                  const SlicesDomainAdded *added)
{
  xmlNode *node = entry_child (entry, "added");

  g_assert (node != NULL);

  if (added->metadata)
    slices_xml_set_prop (node, "metadata", "yes");
  /* So that detach gives back a definition without <devices> (hardening: fuzz-domain-xml). */
  if (added->devices)
    slices_xml_set_prop (node, "devices", "yes");
  if (added->mesa_env)
    slices_xml_set_prop (node, "mesa-env", "yes");
  if (added->qemu_namespace)
    slices_xml_set_prop (node, "qemu-namespace", "yes");
  /* Which QEMU blocks detach may remove once they are empty again: only those made by attach
   * (hardening: fuzz-domain-xml found an empty block of the user's own removed). */
  slices_xml_set_prop (node, "qemu-blocks",
                       added->commandline && added->override ? "commandline override"
                       : added->commandline ? "commandline"
                       : added->override ? "override" : "");
}

/* Reading it back (detach) */

static xmlNode *
find_entry (xmlNode *root)
{
  xmlNode *metadata = slices_xml_first_plain_child (root, "metadata");

  return metadata != NULL
         ? slices_xml_first_ns_child (metadata, SLICES_DOMAIN_EDIT_NAMESPACE, "gpu-slices")
         : NULL;
}

/* The slice an entry is about: a UUID, or an SR-IOV VF's address. */
static char *
dup_entry_slice (xmlNode *entry)
{
  xmlNode *slice = entry != NULL ? entry_child (entry, "slice") : NULL;
  char *key;

  if (slice == NULL)
    return NULL;
  key = slices_xml_get_prop (slice, "uuid");
  return key != NULL ? key : slices_xml_get_prop (slice, "address");
}

char *
slices_domain_metadata_dup_slice (xmlNode *root)
{
  g_autofree char *key = dup_entry_slice (find_entry (root));

  return key != NULL ? g_ascii_strdown (key, -1) : NULL;
}

xmlNode *
slices_domain_metadata_find (xmlNode           *root,
                             const char        *uuid,
                             SlicesDomainAdded *added)
{
  xmlNode *entry = find_entry (root);
  xmlNode *node;
  g_autofree char *entry_uuid = NULL;

  *added = (SlicesDomainAdded) { .commandline = TRUE, .override = TRUE };

  if (entry == NULL)
    return NULL;

  /* Our metadata only counts when it is about this slice. */
  entry_uuid = dup_entry_slice (entry);
  if (entry_uuid == NULL || g_ascii_strcasecmp (entry_uuid, uuid) != 0)
    return NULL;

  node = entry_child (entry, "added");
  if (node == NULL)
    return entry;

  added->metadata = slices_xml_prop_equals (node, "metadata", "yes");
  added->qemu_namespace = slices_xml_prop_equals (node, "qemu-namespace", "yes");
  added->mesa_env = slices_xml_prop_equals (node, "mesa-env", "yes");
  added->devices = slices_xml_prop_equals (node, "devices", "yes");
  /* Entries written before the QEMU blocks were recorded leave them unset. */
  if (xmlHasProp (node, BAD_CAST "qemu-blocks") != NULL)
    {
      added->commandline = slices_xml_prop_equals (node, "qemu-blocks", "commandline") ||
                           slices_xml_prop_equals (node, "qemu-blocks", "commandline override");
      added->override = slices_xml_prop_equals (node, "qemu-blocks", "override") ||
                        slices_xml_prop_equals (node, "qemu-blocks", "commandline override");
    }

  return entry;
}

/* Puts the elements saved in @saved back in place of the current <@name> elements. */
static gboolean
restore_saved (xmlNode     *devices,
               xmlNode     *saved,
               const char  *name,
               GError     **error)
{
  xmlNode *anchor = NULL;
  xmlNode *child;
  g_autofree char *passwd = NULL;
  g_autoptr(GPtrArray) restored = g_ptr_array_new ();

  /* Attach left the password on the element it wrote; take it back. */
  for (child = devices->children; child != NULL; child = child->next)
    if (slices_xml_is_plain (child, name) && passwd == NULL)
      passwd = slices_xml_get_prop (child, "passwd");

  /* Parse all first so that a damaged entry changes nothing. */
  for (xmlNode *entry = saved->children; entry != NULL; entry = entry->next)
    {
      g_autofree char *text = NULL;
      xmlNode *list;
      xmlChar *content;

      if (!slices_xml_is_in_ns (entry, SLICES_DOMAIN_EDIT_NAMESPACE, "element"))
        continue;

      content = xmlNodeGetContent (entry);
      text = g_strdup ((const char *) content);
      xmlFree (content);

      list = slices_xml_parse_in_context (devices, text);
      if (list == NULL || list->next != NULL || !slices_xml_is_plain (list, name))
        {
          xmlFreeNodeList (list);
          for (guint i = 0; i < restored->len; i++)
            xmlFreeNode (restored->pdata[i]);
          g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                       _("The saved <%s> in this domain’s GPU Slices metadata is damaged, so "
                         "the original display cannot be restored. Nothing was changed."),
                       name);
          return FALSE;
        }

      if (slices_xml_prop_equals (entry, "passwd", "yes") && passwd != NULL)
        xmlSetProp (list, BAD_CAST "passwd", BAD_CAST passwd);
      g_ptr_array_add (restored, list);
    }

  /* Replace the current elements, the restored ones going where the first of them was. */
  child = devices->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_plain (child, name))
        {
          if (anchor == NULL)
            anchor = child;
          else
            slices_xml_remove_node (child);
        }
      child = next;
    }

  for (guint i = 0; i < restored->len; i++)
    {
      xmlNode *node = restored->pdata[i];
      xmlNode *space = slices_xml_new_indent (devices->doc, slices_xml_node_depth (devices) + 1);

      if (anchor != NULL)
        {
          slices_xml_link_before (devices, anchor, node);
          slices_xml_link_before (devices, anchor, space);
        }
      else
        {
          /* No element of this kind is left: add at the end of <devices>. */
          xmlNode *last = slices_xml_is_blank (devices->last) ? devices->last : NULL;

          slices_xml_link_before (devices, last, space);
          slices_xml_link_before (devices, last, node);
        }
    }

  if (anchor != NULL)
    {
      if (restored->len > 0)
        {
          /* The anchor's own whitespace now sits in front of the first restored element. */
          slices_xml_remove_blank_before (anchor);
          xmlUnlinkNode (anchor);
          xmlFreeNode (anchor);
        }
      else
        slices_xml_remove_node (anchor);
    }

  return TRUE;
}

gboolean
slices_domain_metadata_restore (xmlNode  *entry,
                                xmlNode  *devices,
                                GError  **error)
{
  const char * const names[] = { "graphics", "video", "audio", "input", "memballoon", "shmem" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *saved_name = g_strconcat ("saved-", names[i], NULL);
      xmlNode *saved = entry_child (entry, saved_name);

      if (saved != NULL && !restore_saved (devices, saved, names[i], error))
        return FALSE;
    }

  return TRUE;
}

void
slices_domain_metadata_remove (xmlNode                 *entry,
                               const SlicesDomainAdded *added)
{
  xmlNode *metadata = entry->parent;

  slices_xml_remove_node (entry);
  if (added->metadata && !slices_xml_has_element_children (metadata))
    slices_xml_remove_node (metadata);
}
