/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainEdit: attach and detach a GVT-g slice in libvirt domain XML, with libxml2 and
 * nothing else. The forms per libvirt version and why are in slices-domain-edit.h and
 * ../shared/FACTS.md §2.
 *
 * Input is parsed defensively (no network, no DTD loading, no entity expansion, entity
 * declarations refused, depth and size limited) because a definition can come from anywhere.
 * Edits keep every node they do not own, and indent what they add like libvirt does so that a
 * diff of the result reads well.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "slices-ids.h"
#include "slices-domain-edit.h"

G_DEFINE_QUARK (slices-domain-edit-error-quark, slices_domain_edit_error)

/* Far above any real definition (a domain with hundreds of disks is ~1 MB) yet bounded. */
#define MAX_XML_SIZE (32 * 1024 * 1024)
/* Real definitions nest about 6 deep; applications' metadata a little more. */
#define MAX_DEPTH 64

#define ALIAS_PREFIX "ua-gpu-slices-"
#define GS_PREFIX "gs"

typedef enum {
  FORM_SET,       /* 4.6 – 7.8: -set device.<alias>.prop=value */
  FORM_NONE,      /* 7.9 – 8.1: nothing reaches the JSON -device */
  FORM_OVERRIDE,  /* 8.2 and newer: <qemu:override> */
} QemuForm;

typedef struct {
  gboolean entity_declared;
} ParseState;

static void
on_entity_decl_cb (void          *ctx,
                   const xmlChar *name,
                   int            type,
                   const xmlChar *public_id,
                   const xmlChar *system_id,
                   xmlChar       *content)
{
  xmlParserCtxt *ctxt = ctx;
  ParseState *state = ctxt->_private;

  /* No libvirt definition declares entities; refusing them rules out entity expansion bombs
   * and external entities altogether. */
  state->entity_declared = TRUE;
  xmlStopParser (ctxt);
}

static int
check_depth (xmlNode *node,
             int      depth)
{
  int max = depth;

  if (depth > MAX_DEPTH)
    return depth;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        {
          int d = check_depth (child, depth + 1);

          if (d > max)
            max = d;
          if (max > MAX_DEPTH)
            break;
        }
    }

  return max;
}

static void
free_doc (xmlDoc *doc)
{
  if (doc != NULL)
    xmlFreeDoc (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, free_doc)

/* Parses any XML safely; @want_domain also checks that the root is <domain>. */
static xmlDoc *
parse_xml (const char  *xml,
           gboolean     want_domain,
           GError     **error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  xmlNode *root;
  ParseState state = { FALSE };
  gsize len = strlen (xml);

  if (len > MAX_XML_SIZE)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                   _("The domain definition is too large (%lu MB; at most %d MB is accepted)."),
                   (unsigned long) (len / (1024 * 1024)), MAX_XML_SIZE / (1024 * 1024));
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                           _("Could not start the XML parser (out of memory?)."));
      return NULL;
    }

  ctxt->_private = &state;
  ctxt->sax->entityDecl = on_entity_decl_cb;

  /* No XML_PARSE_NOENT (entity substitution), no XML_PARSE_DTDLOAD, no XML_PARSE_HUGE.
   * XML_PARSE_COMPACT keeps short text (indentation) inside its node: a third less parse time
   * on big definitions. It forbids changing such text in place, which nothing here does
   * (link_before() never merges text nodes). */
  doc = xmlCtxtReadMemory (ctxt, xml, (int) len, "domain.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_COMPACT);

  if (state.entity_declared)
    {
      free_doc (doc);
      xmlFreeParserCtxt (ctxt);
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                           _("The domain definition declares XML entities (<!ENTITY>). libvirt "
                             "never writes those; they are refused for safety. Use the "
                             "definition as libvirt prints it (virsh dumpxml)."));
      return NULL;
    }

  if (doc == NULL)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);
      g_autofree char *msg = g_strdup (xerr != NULL && xerr->message != NULL
                                       ? xerr->message : "unknown error");
      int line = xerr != NULL ? xerr->line : 0;

      g_strstrip (msg);
      if (strstr (msg, "Excessive depth") != NULL)
        g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                     _("The domain definition is nested too deeply (line %d). It is not a "
                       "libvirt definition; use the XML that libvirt prints (virsh dumpxml)."),
                     line);
      else
        g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                     _("The domain definition is not well-formed XML (line %d: %s). Check the "
                       "file, or use the XML that libvirt prints (virsh dumpxml)."),
                     line, msg);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }

  /* An undeclared prefix (qemu: without xmlns:qemu, the classic hand edit) parses, but
   * libvirt refuses it, and declaring the QEMU namespace on <domain> here would silently turn
   * those elements on (hardening: fuzz-domain-xml). */
  if (!ctxt->nsWellFormed)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);
      g_autofree char *msg = g_strdup (xerr != NULL && xerr->message != NULL
                                       ? xerr->message : "undeclared namespace prefix");
      int line = xerr != NULL ? xerr->line : 0;

      g_strstrip (msg);
      free_doc (doc);
      xmlFreeParserCtxt (ctxt);
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                   _("The domain definition uses a namespace prefix it does not declare "
                     "(line %d: %s); libvirt refuses it. Declare it on <domain> (for qemu: "
                     "xmlns:qemu='%s'), or use the XML that libvirt prints (virsh dumpxml)."),
                   line, msg, SLICES_QEMU_NAMESPACE);
      return NULL;
    }

  xmlFreeParserCtxt (ctxt);

  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      free_doc (doc);
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                           _("The domain definition is empty."));
      return NULL;
    }

  if (check_depth (root, 1) > MAX_DEPTH)
    {
      free_doc (doc);
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                   _("The domain definition is nested more than %d elements deep. It is not a "
                     "libvirt definition; use the XML that libvirt prints (virsh dumpxml)."),
                   MAX_DEPTH);
      return NULL;
    }

  if (want_domain && (root->ns != NULL || !xmlStrEqual (root->name, BAD_CAST "domain")))
    {
      if (root->ns != NULL)
        g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN,
                     _("This XML is not a libvirt domain definition: its root element <%s> is "
                       "in the namespace “%s”; libvirt’s <domain> has none."),
                     (const char *) root->name, (const char *) root->ns->href);
      else
        g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN,
                     _("This XML is not a libvirt domain definition: its root element is <%s>, "
                       "not <domain>."),
                     (const char *) root->name);
      free_doc (doc);
      return NULL;
    }

  if (want_domain)
    {
      guint n_devices = 0;

      for (xmlNode *child = root->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE && child->ns == NULL &&
            xmlStrEqual (child->name, BAD_CAST "devices"))
          n_devices++;
      /* libvirt merges several <devices> into one on define; editing one of them could not
       * be undone exactly (hardening: fuzz-domain-xml). */
      if (n_devices > 1)
        {
          free_doc (doc);
          g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                       _("The domain definition has %u <devices> sections; libvirt merges them "
                         "into one. Define it with virsh first and use the XML that libvirt "
                         "prints (virsh dumpxml)."),
                       n_devices);
          return NULL;
        }
    }

  return doc;
}

static char *
serialize_doc (xmlDoc *doc,
               gsize   size_hint)
{
  /* Sized up front: growing a megabyte buffer by doubling costs more than the edit. */
  xmlBuffer *buf = xmlBufferCreateSize (size_hint + size_hint / 8 + 4096);
  xmlSaveCtxt *save = xmlSaveToBuffer (buf, "UTF-8", XML_SAVE_NO_DECL);
  char *out;

  xmlSaveDoc (save, doc);
  xmlSaveClose (save);
  out = g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);

  return out;
}

static char *
serialize_node (xmlDoc  *doc,
                xmlNode *node)
{
  xmlBuffer *buf = xmlBufferCreate ();
  char *out;

  xmlNodeDump (buf, doc, node, 0, 0);
  out = g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);

  return out;
}

/* Element helpers. "Plain" elements are in no namespace, like all of libvirt's own. */

static gboolean
is_plain (xmlNode    *node,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         (name == NULL || xmlStrEqual (node->name, BAD_CAST name));
}

static gboolean
is_in_ns (xmlNode    *node,
          const char *href,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrEqual (node->ns->href, BAD_CAST href) &&
         (name == NULL || xmlStrEqual (node->name, BAD_CAST name));
}

static xmlNode *
first_plain_child (xmlNode    *parent,
                   const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_plain (child, name))
      return child;
  return NULL;
}

static char *
get_prop (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *ret = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return ret;
}

static gboolean
prop_equals (xmlNode    *node,
             const char *name,
             const char *value)
{
  g_autofree char *v = get_prop (node, name);

  return v != NULL && g_ascii_strcasecmp (v, value) == 0;
}

static int
node_depth (xmlNode *node)
{
  int depth = 0;

  for (xmlNode *n = node->parent; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    depth++;
  return depth;
}

static xmlNode *
new_indent (xmlDoc *doc,
            int     depth)
{
  g_autofree char *text = g_strnfill (1 + 2 * depth, ' ');

  text[0] = '\n';
  return xmlNewDocText (doc, BAD_CAST text);
}

static gboolean
is_blank (xmlNode *node)
{
  return node != NULL && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

/* Links @node (unlinked, same document) into @parent before @ref, or last when @ref is NULL.
 * Unlike xmlAddPrevSibling()/xmlAddChild() this never merges neighbouring text nodes, so
 * indentation lands exactly where it is put. */
static void
link_before (xmlNode *parent,
             xmlNode *ref,
             xmlNode *node)
{
  g_assert (node->parent == NULL && node->prev == NULL && node->next == NULL);
  g_assert (ref == NULL || ref->parent == parent);

  node->parent = parent;
  node->next = ref;
  node->prev = ref != NULL ? ref->prev : parent->last;
  if (node->prev != NULL)
    node->prev->next = node;
  else
    parent->children = node;
  if (ref != NULL)
    ref->prev = node;
  else
    parent->last = node;
}

/* Gives a subtree built without whitespace libvirt's two-space indentation. */
static void
indent_subtree (xmlDoc  *doc,
                xmlNode *node,
                int      depth)
{
  xmlNode *child = node->children;
  gboolean any = FALSE;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_ELEMENT_NODE)
        {
          link_before (node, child, new_indent (doc, depth + 1));
          indent_subtree (doc, child, depth + 1);
          any = TRUE;
        }
      child = next;
    }

  if (any)
    link_before (node, NULL, new_indent (doc, depth));
}

/* Inserts @node into @parent before @before (NULL: at the end), indented. */
static void
insert_indented (xmlNode *parent,
                 xmlNode *before,
                 xmlNode *node)
{
  int depth = node_depth (parent) + 1;
  xmlNode *last = parent->last;

  indent_subtree (parent->doc, node, depth);

  if (before != NULL)
    {
      /* The new node takes the whitespace in front of @before; @before gets a fresh one. */
      link_before (parent, before, node);
      link_before (parent, before, new_indent (parent->doc, depth));
    }
  else if (is_blank (last))
    {
      link_before (parent, last, new_indent (parent->doc, depth));
      link_before (parent, last, node);
    }
  else
    {
      link_before (parent, NULL, new_indent (parent->doc, depth));
      link_before (parent, NULL, node);
      link_before (parent, NULL, new_indent (parent->doc, depth - 1));
    }
}

/* The next element or comment after @node, for inserting after @node. */
static xmlNode *
next_non_text (xmlNode *node)
{
  for (xmlNode *n = node->next; n != NULL; n = n->next)
    if (n->type != XML_TEXT_NODE)
      return n;
  return NULL;
}

static void
remove_node (xmlNode *node)
{
  if (is_blank (node->prev))
    {
      xmlNode *space = node->prev;

      xmlUnlinkNode (space);
      xmlFreeNode (space);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

static gboolean
has_element_children (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE || child->type == XML_COMMENT_NODE)
      return TRUE;
  return FALSE;
}

/* Domain structure */

static xmlNode *
get_devices (xmlNode  *root,
             gboolean  create)
{
  xmlNode *devices = first_plain_child (root, "devices");

  if (devices == NULL && create)
    {
      devices = xmlNewDocNode (root->doc, NULL, BAD_CAST "devices", NULL);
      insert_indented (root, NULL, devices);
    }
  return devices;
}

static char *
hostdev_mdev_uuid (xmlNode *hostdev)
{
  xmlNode *source, *address;
  char *uuid;

  if (!is_plain (hostdev, "hostdev") || !prop_equals (hostdev, "type", "mdev"))
    return NULL;
  source = first_plain_child (hostdev, "source");
  address = source != NULL ? first_plain_child (source, "address") : NULL;
  uuid = address != NULL ? get_prop (address, "uuid") : NULL;
  if (uuid != NULL)
    {
      char *lower = g_ascii_strdown (uuid, -1);

      g_free (uuid);
      return lower;
    }
  return NULL;
}

static xmlNode *
find_hostdev (xmlNode    *devices,
              const char *uuid)
{
  if (devices == NULL)
    return NULL;

  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      g_autofree char *u = hostdev_mdev_uuid (child);

      if (u != NULL && g_str_equal (u, uuid))
        return child;
    }
  return NULL;
}

/* The alias libvirt gives the hostdev: its user alias, else hostdev<N> by position. */
static char *
hostdev_alias (xmlNode *devices,
               xmlNode *hostdev)
{
  xmlNode *alias = first_plain_child (hostdev, "alias");
  int index = 0;

  if (alias != NULL)
    {
      char *name = get_prop (alias, "name");

      if (name != NULL)
        return name;
    }

  for (xmlNode *child = devices->children; child != NULL && child != hostdev; child = child->next)
    if (is_plain (child, "hostdev"))
      index++;
  return g_strdup_printf ("hostdev%d", index);
}

static xmlNs *
find_qemu_ns (xmlNode *root)
{
  return xmlSearchNsByHref (root->doc, root, BAD_CAST SLICES_QEMU_NAMESPACE);
}

/* Declares the QEMU namespace on the root unless some prefix already binds it. */
static xmlNs *
ensure_qemu_ns (xmlNode  *root,
                gboolean *declared)
{
  xmlNs *ns = find_qemu_ns (root);

  *declared = FALSE;
  if (ns != NULL)
    return ns;

  for (int i = 1; ; i++)
    {
      g_autofree char *prefix = i == 1 ? g_strdup ("qemu") : g_strdup_printf ("qemu%d", i);

      if (xmlSearchNs (root->doc, root, BAD_CAST prefix) == NULL)
        {
          *declared = TRUE;
          return xmlNewNs (root, BAD_CAST SLICES_QEMU_NAMESPACE, BAD_CAST prefix);
        }
    }
}

static gboolean
tree_uses_ns (xmlNode *node,
              xmlNs   *ns)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (child->ns == ns)
        return TRUE;
      for (xmlAttr *attr = child->properties; attr != NULL; attr = attr->next)
        if (attr->ns == ns)
          return TRUE;
      if (tree_uses_ns (child, ns))
        return TRUE;
    }
  return FALSE;
}

static void
remove_ns_decl (xmlNode *root,
                xmlNs   *ns)
{
  xmlNs **link = &root->nsDef;

  for (xmlNs *cur = root->nsDef; cur != NULL; cur = cur->next)
    {
      if (cur == ns)
        {
          *link = cur->next;
          cur->next = NULL;
          xmlFreeNs (cur);
          return;
        }
      link = &cur->next;
    }
}

static xmlNode *
find_metadata_entry (xmlNode *root)
{
  xmlNode *metadata = first_plain_child (root, "metadata");

  if (metadata == NULL)
    return NULL;
  for (xmlNode *child = metadata->children; child != NULL; child = child->next)
    if (is_in_ns (child, SLICES_DOMAIN_EDIT_NAMESPACE, "gpu-slices"))
      return child;
  return NULL;
}

static xmlNode *
ns_child (xmlNode    *parent,
          const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_in_ns (child, SLICES_DOMAIN_EDIT_NAMESPACE, name))
      return child;
  return NULL;
}

static char *
format_version (guint version)
{
  return g_strdup_printf ("%u.%u.%u", version / 1000000, (version / 1000) % 1000,
                          version % 1000);
}

static void
add_note (GPtrArray  *notes,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (GPtrArray  *notes,
          const char *format,
          ...)
{
  va_list args;

  if (notes == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
doc_has_comments (xmlNode *first)
{
  for (xmlNode *node = first; node != NULL; node = node->next)
    {
      if (node->type == XML_COMMENT_NODE)
        return TRUE;
      if (node->type == XML_ELEMENT_NODE && doc_has_comments (node->children))
        return TRUE;
    }
  return FALSE;
}

/* Detach */

/* Removes `-set device.<alias>.…` pairs from every <qemu:commandline>. */
static void
remove_set_args (xmlNode    *root,
                 const char *alias)
{
  g_autofree char *target = g_strdup_printf ("device.%s.", alias);

  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      xmlNode *arg;

      if (!is_in_ns (cmd, SLICES_QEMU_NAMESPACE, "commandline"))
        continue;

      arg = cmd->children;
      while (arg != NULL)
        {
          xmlNode *next = arg->next;
          xmlNode *value_node;

          if (!is_in_ns (arg, SLICES_QEMU_NAMESPACE, "arg") || !prop_equals (arg, "value", "-set"))
            {
              arg = next;
              continue;
            }

          value_node = next;
          while (value_node != NULL && value_node->type != XML_ELEMENT_NODE)
            value_node = value_node->next;

          if (value_node != NULL && is_in_ns (value_node, SLICES_QEMU_NAMESPACE, "arg"))
            {
              g_autofree char *value = get_prop (value_node, "value");

              if (value != NULL && g_str_has_prefix (value, target))
                {
                  next = value_node->next;
                  remove_node (arg);
                  remove_node (value_node);
                }
            }
          arg = next;
        }
    }
}

static void
remove_override_device (xmlNode    *root,
                        const char *alias)
{
  for (xmlNode *over = root->children; over != NULL; over = over->next)
    {
      xmlNode *dev;

      if (!is_in_ns (over, SLICES_QEMU_NAMESPACE, "override"))
        continue;

      dev = over->children;
      while (dev != NULL)
        {
          xmlNode *next = dev->next;

          if (is_in_ns (dev, SLICES_QEMU_NAMESPACE, "device") && prop_equals (dev, "alias", alias))
            remove_node (dev);
          dev = next;
        }
    }
}

static void
remove_mesa_env (xmlNode *root)
{
  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      if (!is_in_ns (cmd, SLICES_QEMU_NAMESPACE, "commandline"))
        continue;
      for (xmlNode *env = cmd->children; env != NULL; env = env->next)
        {
          if (is_in_ns (env, SLICES_QEMU_NAMESPACE, "env") &&
              prop_equals (env, "name", "MESA_LOADER_DRIVER_OVERRIDE"))
            {
              remove_node (env);
              return;
            }
        }
    }
}

/* Drops <qemu:commandline>/<qemu:override> blocks left empty. */
static void
remove_empty_qemu_blocks (xmlNode   *root,
                          GPtrArray *keep,
                          gboolean   commandline,
                          gboolean   override)
{
  xmlNode *child = root->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (((commandline && is_in_ns (child, SLICES_QEMU_NAMESPACE, "commandline")) ||
           (override && is_in_ns (child, SLICES_QEMU_NAMESPACE, "override"))) &&
          !has_element_children (child) && !g_ptr_array_find (keep, child, NULL))
        remove_node (child);
      child = next;
    }
}

/* The QEMU blocks that are empty already: detach leaves those alone. */
static GPtrArray *
find_empty_qemu_blocks (xmlNode *root)
{
  GPtrArray *empty = g_ptr_array_new ();

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if ((is_in_ns (child, SLICES_QEMU_NAMESPACE, "commandline") ||
         is_in_ns (child, SLICES_QEMU_NAMESPACE, "override")) &&
        !has_element_children (child))
      g_ptr_array_add (empty, child);
  return empty;
}

/* Puts saved <graphics>/<video> elements back in place of the current ones. */
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

  /* Passwords are never copied into metadata (libvirt shows metadata to read-only clients
   * but hides passwd): attach left the password on the element it wrote; take it back. */
  for (child = devices->children; child != NULL; child = child->next)
    if (is_plain (child, name) && passwd == NULL)
      passwd = get_prop (child, "passwd");

  /* Parse all first so that a damaged entry changes nothing. */
  for (xmlNode *entry = saved->children; entry != NULL; entry = entry->next)
    {
      g_autofree char *text = NULL;
      xmlNode *list = NULL;
      xmlChar *content;
      xmlParserErrors rc;

      if (!is_in_ns (entry, SLICES_DOMAIN_EDIT_NAMESPACE, "element"))
        continue;

      content = xmlNodeGetContent (entry);
      text = g_strdup ((const char *) content);
      xmlFree (content);

      rc = xmlParseInNodeContext (devices, text, (int) strlen (text),
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING,
                                  &list);
      if (rc != XML_ERR_OK || list == NULL || list->next != NULL || !is_plain (list, name))
        {
          xmlFreeNodeList (list);
          for (guint i = 0; i < restored->len; i++)
            xmlFreeNode (restored->pdata[i]);
          g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                       _("The saved <%s> in this domain's GPU Slices metadata is damaged, so "
                         "the original display cannot be restored. Nothing was changed."),
                       name);
          return FALSE;
        }

      if (prop_equals (entry, "passwd", "yes") && passwd != NULL)
        xmlSetProp (list, BAD_CAST "passwd", BAD_CAST passwd);
      g_ptr_array_add (restored, list);
    }

  /* Replace the current elements, the restored ones going where the first of them was. */
  child = devices->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_plain (child, name))
        {
          if (anchor == NULL)
            anchor = child;
          else
            remove_node (child);
        }
      child = next;
    }

  for (guint i = 0; i < restored->len; i++)
    {
      xmlNode *node = restored->pdata[i];

      xmlNode *space = new_indent (devices->doc, node_depth (devices) + 1);

      if (anchor != NULL)
        {
          link_before (devices, anchor, node);
          link_before (devices, anchor, space);
        }
      else
        {
          /* No element of this kind is left: add at the end of <devices>. */
          xmlNode *last = is_blank (devices->last) ? devices->last : NULL;

          link_before (devices, last, space);
          link_before (devices, last, node);
        }
    }

  if (anchor != NULL)
    {
      /* The anchor's own whitespace now sits in front of the first restored element. */
      if (restored->len > 0 && is_blank (anchor->prev))
        {
          xmlNode *space = anchor->prev;

          xmlUnlinkNode (space);
          xmlFreeNode (space);
        }
      if (restored->len > 0)
        {
          xmlUnlinkNode (anchor);
          xmlFreeNode (anchor);
        }
      else
        remove_node (anchor);
    }

  return TRUE;
}

static gboolean
detach_in_doc (xmlDoc      *doc,
               const char  *uuid,
               GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = get_devices (root, FALSE);
  xmlNode *hostdev = find_hostdev (devices, uuid);
  xmlNode *entry = find_metadata_entry (root);
  gboolean added_metadata = FALSE, added_ns = FALSE, added_mesa = FALSE, added_devices = FALSE;
  /* Without our metadata (an older attach) any block left empty goes, as before. */
  gboolean added_cmdline = TRUE, added_override = TRUE;
  g_autoptr(GPtrArray) empty_before = NULL;
  g_autofree char *alias = NULL;

  if (hostdev == NULL)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED,
                   _("Slice %s is not attached to this virtual machine."), uuid);
      return FALSE;
    }

  /* Our metadata only counts when it is about this slice. */
  if (entry != NULL)
    {
      xmlNode *slice = ns_child (entry, "slice");
      g_autofree char *meta_uuid = slice != NULL ? get_prop (slice, "uuid") : NULL;

      if (meta_uuid == NULL || g_ascii_strcasecmp (meta_uuid, uuid) != 0)
        entry = NULL;
      else
        {
          xmlNode *added = ns_child (entry, "added");

          added_metadata = added != NULL && prop_equals (added, "metadata", "yes");
          added_ns = added != NULL && prop_equals (added, "qemu-namespace", "yes");
          added_mesa = added != NULL && prop_equals (added, "mesa-env", "yes");
          added_devices = added != NULL && prop_equals (added, "devices", "yes");
          /* Entries written before these two were recorded leave them unset. */
          if (added != NULL && xmlHasProp (added, BAD_CAST "qemu-blocks") != NULL)
            {
              added_cmdline = prop_equals (added, "qemu-blocks", "commandline") ||
                              prop_equals (added, "qemu-blocks", "commandline override");
              added_override = prop_equals (added, "qemu-blocks", "override") ||
                               prop_equals (added, "qemu-blocks", "commandline override");
            }
        }
    }

  if (entry != NULL)
    {
      xmlNode *saved_graphics = ns_child (entry, "saved-graphics");
      xmlNode *saved_video = ns_child (entry, "saved-video");
      xmlNode *saved_audio = ns_child (entry, "saved-audio");

      if (saved_graphics != NULL && !restore_saved (devices, saved_graphics, "graphics", error))
        return FALSE;
      if (saved_video != NULL && !restore_saved (devices, saved_video, "video", error))
        return FALSE;
      if (saved_audio != NULL && !restore_saved (devices, saved_audio, "audio", error))
        return FALSE;
    }

  empty_before = find_empty_qemu_blocks (root);
  alias = hostdev_alias (devices, hostdev);
  remove_node (hostdev);
  remove_override_device (root, alias);
  remove_set_args (root, alias);
  if (added_mesa)
    remove_mesa_env (root);
  remove_empty_qemu_blocks (root, empty_before, added_cmdline, added_override);
  if (added_devices && !has_element_children (devices))
    remove_node (devices);

  if (entry != NULL)
    {
      xmlNode *metadata = entry->parent;

      remove_node (entry);
      if (added_metadata && !has_element_children (metadata))
        remove_node (metadata);
    }

  if (added_ns)
    {
      xmlNs *ns = find_qemu_ns (root);

      if (ns != NULL && !tree_uses_ns (root, ns) && root->ns != ns)
        remove_ns_decl (root, ns);
    }

  return TRUE;
}

/* Attach */

static QemuForm
qemu_form_for (guint version)
{
  if (version >= SLICES_LIBVIRT_VERSION (8, 2, 0))
    return FORM_OVERRIDE;
  if (version >= SLICES_LIBVIRT_VERSION (7, 9, 0))
    return FORM_NONE;
  return FORM_SET;
}

static const char *
display_mode_name (SlicesDisplayMode mode)
{
  switch (mode)
    {
    case SLICES_DISPLAY_MODE_LOCAL:
      return "local";
    case SLICES_DISPLAY_MODE_REMOTE:
      return "remote";
    case SLICES_DISPLAY_MODE_OFF:
    default:
      return "off";
    }
}

static xmlNode *
new_child (xmlNode    *parent,
           xmlNs      *ns,
           const char *name)
{
  return xmlNewChild (parent, ns, BAD_CAST name, NULL);
}

static void
set_prop (xmlNode    *node,
          const char *name,
          const char *value)
{
  xmlSetProp (node, BAD_CAST name, BAD_CAST value);
}

/* Saves every <@name> of @devices into @saved (passwords left out, see restore_saved). */
static void
save_elements (xmlNode    *devices,
               xmlNode    *saved,
               xmlNs      *gs,
               const char *name,
               char      **passwd_out)
{
  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      g_autofree char *text = NULL;
      g_autofree char *passwd = NULL;
      xmlNode *copy, *element;

      if (!is_plain (child, name))
        continue;

      copy = xmlCopyNode (child, 1);
      passwd = get_prop (copy, "passwd");
      if (passwd != NULL)
        xmlUnsetProp (copy, BAD_CAST "passwd");
      text = serialize_node (devices->doc, copy);
      xmlFreeNode (copy);

      element = xmlNewTextChild (saved, gs, BAD_CAST "element", BAD_CAST text);
      if (passwd != NULL)
        {
          set_prop (element, "passwd", "yes");
          if (passwd_out != NULL && *passwd_out == NULL)
            *passwd_out = g_steal_pointer (&passwd);
        }
    }
}

static gboolean
graphics_listens_on_network (xmlNode *graphics)
{
  xmlNode *listen = first_plain_child (graphics, "listen");
  g_autofree char *type = listen != NULL ? get_prop (listen, "type") : NULL;

  /* Without <listen> libvirt listens on its configured default address. */
  return type == NULL || g_str_equal (type, "address") || g_str_equal (type, "network");
}

static xmlNode *
new_gl (xmlDoc     *doc,
        const char *rendernode)
{
  xmlNode *gl = xmlNewDocNode (doc, NULL, BAD_CAST "gl", NULL);

  if (rendernode != NULL)
    set_prop (gl, "rendernode", rendernode);
  return gl;
}

/* Local: one SPICE display on a local socket with OpenGL replaces every graphics device. */
static void
apply_local_graphics (xmlNode                   *devices,
                      const SlicesAttachOptions *opts,
                      const char                *passwd,
                      GPtrArray                 *notes)
{
  xmlNode *spice = xmlNewDocNode (devices->doc, NULL, BAD_CAST "graphics", NULL);
  xmlNode *gl, *anchor = NULL;
  xmlNode *child;

  set_prop (spice, "type", "spice");
  if (passwd != NULL)
    set_prop (spice, "passwd", passwd);
  set_prop (new_child (spice, NULL, "listen"), "type", "none");
  gl = new_child (spice, NULL, "gl");
  set_prop (gl, "enable", "yes");
  set_prop (gl, "rendernode", opts->rendernode);

  child = devices->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_plain (child, "graphics"))
        {
          g_autofree char *type = get_prop (child, "type");

          if (type != NULL && (g_str_equal (type, "spice") || g_str_equal (type, "vnc")) &&
              graphics_listens_on_network (child))
            {
              g_autofree char *upper = g_ascii_strup (type, -1);

              add_note (notes, _("Local display: the VM’s %s server is replaced by a SPICE "
                                 "display that only this computer can open (virt-manager or "
                                 "virt-viewer). Choose the remote display to keep it."),
                        upper);
            }
          if (anchor == NULL)
            {
              anchor = child;
              insert_indented (devices, anchor, spice);
            }
          remove_node (child);
        }
      child = next;
    }

  if (anchor == NULL)
    insert_indented (devices, NULL, spice);
}

static gboolean
is_gl_graphics (xmlNode *graphics)
{
  xmlNode *gl = first_plain_child (graphics, "gl");

  return prop_equals (graphics, "type", "egl-headless") ||
         (gl != NULL && prop_equals (gl, "enable", "yes"));
}

/* Remote: keep the VM's VNC/SPICE server (adding VNC when there is none) and render with
 * egl-headless, since libvirt allows only one OpenGL display per domain. */
static void
apply_remote_graphics (xmlNode                   *devices,
                       const SlicesAttachOptions *opts,
                       guint                      libvirt_version,
                       GPtrArray                 *notes)
{
  xmlNode *child = devices->children;
  xmlNode *last_server = NULL;
  xmlNode *egl;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_plain (child, "graphics"))
        {
          gboolean server = prop_equals (child, "type", "vnc") || prop_equals (child, "type", "spice");

          if (server)
            {
              xmlNode *gl = first_plain_child (child, "gl");

              if (gl != NULL)
                remove_node (gl);
              last_server = child;
            }
          else if (is_gl_graphics (child))
            remove_node (child);
        }
      child = next;
    }

  if (last_server == NULL)
    {
      xmlNode *vnc = xmlNewDocNode (devices->doc, NULL, BAD_CAST "graphics", NULL);

      set_prop (vnc, "type", "vnc");
      set_prop (vnc, "port", "-1");
      set_prop (vnc, "autoport", "yes");
      set_prop (new_child (vnc, NULL, "listen"), "type", "address");
      insert_indented (devices, NULL, vnc);
      last_server = vnc;
      add_note (notes, _("Remote display: the VM had no VNC or SPICE server, so a VNC server is "
                         "added. It listens on libvirt’s default address (usually "
                         "localhost): reach it over SSH, or set a password and address."));
    }

  egl = xmlNewDocNode (devices->doc, NULL, BAD_CAST "graphics", NULL);
  set_prop (egl, "type", "egl-headless");
  if (libvirt_version >= SLICES_LIBVIRT_VERSION (5, 0, 0))
    xmlAddChild (egl, new_gl (devices->doc, opts->rendernode));
  else
    add_note (notes, _("libvirt before 5.0 cannot choose the render node of egl-headless; it "
                       "picks one itself."));
  insert_indented (devices, next_non_text (last_server), egl);
}

static void
apply_video_none (xmlNode *devices)
{
  xmlNode *video = xmlNewDocNode (devices->doc, NULL, BAD_CAST "video", NULL);
  xmlNode *anchor = NULL;
  xmlNode *child = devices->children;

  set_prop (new_child (video, NULL, "model"), "type", "none");

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_plain (child, "video"))
        {
          if (anchor == NULL)
            {
              anchor = child;
              insert_indented (devices, anchor, video);
            }
          remove_node (child);
        }
      child = next;
    }

  if (anchor == NULL)
    {
      /* libvirt lists video after graphics. */
      xmlNode *after = NULL;

      for (child = devices->children; child != NULL; child = child->next)
        if (is_plain (child, "graphics"))
          after = child;
      insert_indented (devices, after != NULL ? next_non_text (after) : NULL, video);
    }
}

static xmlNode *
find_or_add_qemu_block (xmlNode    *root,
                        xmlNs      *ns,
                        const char *name,
                        gboolean   *created)
{
  xmlNode *block;

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (is_in_ns (child, SLICES_QEMU_NAMESPACE, name))
      {
        *created = FALSE;
        return child;
      }

  block = xmlNewDocNode (root->doc, ns, BAD_CAST name, NULL);
  insert_indented (root, NULL, block);
  *created = TRUE;
  return block;
}

static void
add_set_args (xmlNode    *cmdline,
              xmlNs      *ns,
              const char *alias,
              const char *property,
              const char *value)
{
  xmlNode *before = NULL;
  g_autofree char *target = g_strdup_printf ("device.%s.%s=%s", alias, property, value);
  xmlNode *set, *arg;

  /* Arguments go before any <qemu:env>, as libvirt orders them. */
  for (xmlNode *child = cmdline->children; child != NULL; child = child->next)
    if (is_in_ns (child, SLICES_QEMU_NAMESPACE, "env"))
      {
        before = child;
        break;
      }

  set = xmlNewDocNode (cmdline->doc, ns, BAD_CAST "arg", NULL);
  set_prop (set, "value", "-set");
  arg = xmlNewDocNode (cmdline->doc, ns, BAD_CAST "arg", NULL);
  set_prop (arg, "value", target);
  insert_indented (cmdline, before, set);
  insert_indented (cmdline, before, arg);
}

static xmlNode *
ensure_metadata (xmlNode  *root,
                 gboolean *created)
{
  xmlNode *metadata = first_plain_child (root, "metadata");
  xmlNode *after = NULL;

  *created = FALSE;
  if (metadata != NULL)
    return metadata;

  /* libvirt writes <metadata> after name, uuid, genid, title and description. */
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (is_plain (child, "name") || is_plain (child, "uuid") || is_plain (child, "genid") ||
        is_plain (child, "title") || is_plain (child, "description"))
      after = child;

  metadata = xmlNewDocNode (root->doc, NULL, BAD_CAST "metadata", NULL);
  if (after != NULL)
    insert_indented (root, next_non_text (after), metadata);
  else
    {
      xmlNode *first = root->children;

      while (first != NULL && first->type == XML_TEXT_NODE)
        first = first->next;
      insert_indented (root, first, metadata);
    }
  *created = TRUE;
  return metadata;
}

static gboolean
check_attach_args (const char                *uuid,
                   const SlicesAttachOptions *opts,
                   int                        type_width,
                   int                        type_height,
                   guint                      libvirt_version,
                   int                       *xres,
                   int                       *yres,
                   GError                   **error)
{
  if (!slices_uuid_is_valid (uuid))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("“%s” is not a valid slice UUID (expected the form "
                     "1b3e2c4a-0000-4000-8000-0123456789ab)."), uuid);
      return FALSE;
    }

  if (libvirt_version < SLICES_LIBVIRT_VERSION (4, 6, 0))
    {
      g_autofree char *v = format_version (libvirt_version);

      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSUPPORTED,
                   _("libvirt %s is too old to give a VM a GVT-g display (display='on' needs "
                     "libvirt 4.6 or newer). Update libvirt, or use bare QEMU."), v);
      return FALSE;
    }

  if (opts->display != SLICES_DISPLAY_MODE_OFF)
    {
      if (opts->rendernode == NULL || !g_path_is_absolute (opts->rendernode) ||
          strchr (opts->rendernode, ',') != NULL)
        {
          g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                       _("The display needs a render node given as an absolute path such as "
                         "/dev/dri/renderD128 (got “%s”)."),
                       opts->rendernode != NULL ? opts->rendernode : "");
          return FALSE;
        }
    }

  *xres = opts->xres;
  *yres = opts->yres;
  if ((*xres == 0) != (*yres == 0) || *xres < 0 || *yres < 0)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("A resolution needs both a width and a height (got %d × %d)."),
                   opts->xres, opts->yres);
      return FALSE;
    }
  if (*xres == 0)
    {
      *xres = type_width;
      *yres = type_height;
    }
  else if (type_width > 0 && type_height > 0 && (*xres > type_width || *yres > type_height))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("%d × %d is larger than this slice type’s %d × %d. Choose %d × %d or "
                     "less, or a slice type with a larger resolution."),
                   *xres, *yres, type_width, type_height, type_width, type_height);
      return FALSE;
    }

  return TRUE;
}

/* Notes about leftovers of the widely copied `-set device.hostdev0…` recipe. */
static void
note_hostdev_set_args (xmlNode   *root,
                       guint      libvirt_version,
                       GPtrArray *notes)
{
  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      if (!is_in_ns (cmd, SLICES_QEMU_NAMESPACE, "commandline"))
        continue;
      for (xmlNode *arg = cmd->children; arg != NULL; arg = arg->next)
        {
          g_autofree char *value = NULL;

          if (!is_in_ns (arg, SLICES_QEMU_NAMESPACE, "arg"))
            continue;
          value = get_prop (arg, "value");
          if (value != NULL && g_str_has_prefix (value, "device.hostdev"))
            {
              if (libvirt_version >= SLICES_LIBVIRT_VERSION (7, 9, 0))
                add_note (notes, _("The VM still passes “-set %s” to QEMU. libvirt 7.9 and "
                                   "newer cannot apply it and QEMU refuses to start; remove "
                                   "that argument."), value);
              return;
            }
        }
    }
}

static gboolean
attach_in_doc (xmlDoc                    *doc,
               const char                *uuid,
               const char                *type_id,
               int                        xres,
               int                        yres,
               const SlicesAttachOptions *opts,
               guint                      libvirt_version,
               GPtrArray                 *notes)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  gboolean devices_created = first_plain_child (root, "devices") == NULL;
  xmlNode *devices = get_devices (root, TRUE);
  QemuForm form = qemu_form_for (libvirt_version);
  gboolean display_on = opts->display != SLICES_DISPLAY_MODE_OFF;
  gboolean ramfb = display_on && opts->ramfb;
  gboolean set_resolution = display_on && xres > 0 && yres > 0;
  gboolean mesa = display_on && opts->mesa_i965;
  gboolean metadata_created, ns_declared = FALSE;
  gboolean cmdline_created = FALSE, override_created = FALSE;
  g_autofree char *alias = slices_domain_slice_alias (uuid);
  g_autofree char *version_str = format_version (libvirt_version);
  g_autofree char *passwd = NULL;
  g_autofree char *xres_str = g_strdup_printf ("%d", xres);
  g_autofree char *yres_str = g_strdup_printf ("%d", yres);
  xmlNode *metadata, *entry, *slice, *added, *hostdev, *source;
  xmlNs *gs, *qemu_ns = NULL;

  if (doc_has_comments (doc->children))
    add_note (notes, _("This definition has XML comments. libvirt does not keep comments: "
                       "they are lost when the new definition is applied."));
  note_hostdev_set_args (root, libvirt_version, notes);

  /* Our metadata entry: what we added and what we replaced. */
  metadata = ensure_metadata (root, &metadata_created);
  entry = xmlNewDocNode (doc, NULL, BAD_CAST "gpu-slices", NULL);
  gs = xmlNewNs (entry, BAD_CAST SLICES_DOMAIN_EDIT_NAMESPACE, BAD_CAST GS_PREFIX);
  xmlSetNs (entry, gs);
  slice = new_child (entry, gs, "slice");
  set_prop (slice, "uuid", uuid);
  if (type_id != NULL)
    set_prop (slice, "type", type_id);
  set_prop (slice, "display", display_mode_name (opts->display));
  set_prop (slice, "libvirt-version", version_str);
  added = new_child (entry, gs, "added");
  if (metadata_created)
    set_prop (added, "metadata", "yes");
  /* So that detach gives back a definition without <devices> (hardening: fuzz-domain-xml). */
  if (devices_created)
    set_prop (added, "devices", "yes");

  if (display_on)
    {
      save_elements (devices, new_child (entry, gs, "saved-graphics"), gs, "graphics", &passwd);
      save_elements (devices, new_child (entry, gs, "saved-video"), gs, "video", NULL);
      /* Not changed here, but libvirt adds <audio type='spice'> on define when it sees a
       * SPICE display, and refuses it once SPICE is gone: detach restores these too. */
      save_elements (devices, new_child (entry, gs, "saved-audio"), gs, "audio", NULL);

      if (opts->display == SLICES_DISPLAY_MODE_LOCAL)
        apply_local_graphics (devices, opts, passwd, notes);
      else
        apply_remote_graphics (devices, opts, libvirt_version, notes);
      apply_video_none (devices);
    }

  /* The hostdev itself, after the last hostdev or at the end of <devices>. */
  hostdev = xmlNewDocNode (doc, NULL, BAD_CAST "hostdev", NULL);
  set_prop (hostdev, "mode", "subsystem");
  set_prop (hostdev, "type", "mdev");
  set_prop (hostdev, "model", "vfio-pci");
  set_prop (hostdev, "display", display_on ? "on" : "off");
  if (ramfb)
    {
      if (libvirt_version >= SLICES_LIBVIRT_VERSION (5, 10, 0))
        set_prop (hostdev, "ramfb", "on");
      else
        add_note (notes, _("libvirt %s cannot enable the boot display (ramfb needs 5.10): "
                           "firmware and boot screens stay dark until the guest’s graphics "
                           "driver starts."), version_str);
    }
  source = new_child (hostdev, NULL, "source");
  set_prop (new_child (source, NULL, "address"), "uuid", uuid);
  set_prop (new_child (hostdev, NULL, "alias"), "name", alias);
  {
    xmlNode *after = NULL;

    for (xmlNode *child = devices->children; child != NULL; child = child->next)
      if (is_plain (child, "hostdev"))
        after = child;
    insert_indented (devices, after != NULL ? next_non_text (after) : NULL, hostdev);
  }

  /* QEMU properties libvirt has no attribute for. */
  if ((opts->opregion || set_resolution) && form == FORM_NONE)
    {
      g_autoptr(GPtrArray) missing = g_ptr_array_new ();
      g_autofree char *list = NULL;

      if (opts->opregion)
        g_ptr_array_add (missing, (char *) _("OpRegion (x-igd-opregion)"));
      if (set_resolution)
        g_ptr_array_add (missing, (char *) _("resolution (xres, yres)"));
      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (_(" and "), (char **) missing->pdata);
      add_note (notes, _("libvirt %s cannot pass %s to QEMU: from libvirt 7.9 devices are "
                         "given to QEMU as JSON, which “-set” cannot reach, and "
                         "<qemu:override> only arrives in 8.2. The slice works without them "
                         "(Windows guests may show no picture without the OpRegion). Update "
                         "libvirt to 8.2 or newer to set them."),
                version_str, list);
    }

  if (((opts->opregion || set_resolution) && form != FORM_NONE) || mesa)
    qemu_ns = ensure_qemu_ns (root, &ns_declared);

  if (form == FORM_OVERRIDE && (opts->opregion || set_resolution))
    {
      xmlNode *override = find_or_add_qemu_block (root, qemu_ns, "override", &override_created);
      xmlNode *device = xmlNewDocNode (doc, qemu_ns, BAD_CAST "device", NULL);
      xmlNode *frontend = new_child (device, qemu_ns, "frontend");

      set_prop (device, "alias", alias);
      if (opts->opregion)
        {
          xmlNode *p = new_child (frontend, qemu_ns, "property");

          set_prop (p, "name", "x-igd-opregion");
          set_prop (p, "type", "bool");
          set_prop (p, "value", "true");
        }
      if (set_resolution)
        {
          xmlNode *p = new_child (frontend, qemu_ns, "property");

          set_prop (p, "name", "xres");
          set_prop (p, "type", "unsigned");
          set_prop (p, "value", xres_str);
          p = new_child (frontend, qemu_ns, "property");
          set_prop (p, "name", "yres");
          set_prop (p, "type", "unsigned");
          set_prop (p, "value", yres_str);
        }
      insert_indented (override, NULL, device);

      if (libvirt_version < SLICES_LIBVIRT_VERSION (8, 4, 0))
        add_note (notes, _("libvirt %s has a crash with <qemu:override> that 8.4 fixed; if "
                           "the libvirt daemon stops while defining, update libvirt."),
                  version_str);
    }

  if ((form == FORM_SET && (opts->opregion || set_resolution)) || mesa)
    {
      xmlNode *cmdline = find_or_add_qemu_block (root, qemu_ns, "commandline", &cmdline_created);

      if (form == FORM_SET)
        {
          if (opts->opregion)
            add_set_args (cmdline, qemu_ns, alias, "x-igd-opregion", "on");
          if (set_resolution)
            {
              add_set_args (cmdline, qemu_ns, alias, "xres", xres_str);
              add_set_args (cmdline, qemu_ns, alias, "yres", yres_str);
            }
        }

      if (mesa)
        {
          xmlNode *env = NULL;

          for (xmlNode *child = cmdline->children; child != NULL; child = child->next)
            if (is_in_ns (child, SLICES_QEMU_NAMESPACE, "env") &&
                prop_equals (child, "name", "MESA_LOADER_DRIVER_OVERRIDE"))
              env = child;

          if (env == NULL)
            {
              env = xmlNewDocNode (doc, qemu_ns, BAD_CAST "env", NULL);
              set_prop (env, "name", "MESA_LOADER_DRIVER_OVERRIDE");
              set_prop (env, "value", "i965");
              insert_indented (cmdline, NULL, env);
              set_prop (added, "mesa-env", "yes");
            }
        }
    }
  if (opts->mesa_i965 && !display_on)
    add_note (notes, _("The Mesa i965 override only matters with a display; it was not added."));

  if (ns_declared)
    set_prop (added, "qemu-namespace", "yes");
  /* Which QEMU blocks detach may remove once they are empty again: only those made here
   * (hardening: fuzz-domain-xml found an empty block of the user's own removed). */
  set_prop (added, "qemu-blocks", cmdline_created && override_created ? "commandline override"
                                  : cmdline_created ? "commandline"
                                  : override_created ? "override" : "");

  /* An empty <gs:saved-graphics> still matters: detach then removes what attach added. */
  insert_indented (metadata, NULL, entry);

  return TRUE;
}

/* Public API */

char *
slices_domain_slice_alias (const char *uuid)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (uuid != NULL, NULL);

  lower = g_ascii_strdown (uuid, -1);
  return g_strdup_printf (ALIAS_PREFIX "%.8s", lower);
}

char *
slices_domain_attach (const char                *xml,
                      const char                *uuid,
                      const char                *type_id,
                      int                        type_width,
                      int                        type_height,
                      const SlicesAttachOptions *opts,
                      guint                      libvirt_version,
                      GPtrArray                 *notes_out,
                      GError                   **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *lower = NULL;
  g_auto(GStrv) present = NULL;
  xmlNode *root, *devices;
  int xres, yres;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (opts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_attach_args (uuid, opts, type_width, type_height, libvirt_version, &xres, &yres,
                          error))
    return NULL;
  lower = g_ascii_strdown (uuid, -1);

  doc = parse_xml (xml, TRUE, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  devices = get_devices (root, FALSE);

  if (find_hostdev (devices, lower) != NULL)
    {
      add_note (notes_out, _("Slice %s is already attached to this virtual machine; nothing "
                             "changes. Detach it first to change its display settings."), lower);
      return g_strdup (xml);
    }

  /* One GVT-g slice per VM: kvmgt refuses a second one at start (FACTS.md §2). */
  if (devices != NULL)
    {
      g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);

      for (xmlNode *child = devices->children; child != NULL; child = child->next)
        {
          char *u = hostdev_mdev_uuid (child);

          if (u != NULL)
            g_ptr_array_add (others, u);
        }

      if (others->len > 0 && !opts->replace)
        {
          g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE,
                       _("This virtual machine already has slice %s. A VM can use only one "
                         "GVT-g slice (the kernel refuses a second one at start): replace it, "
                         "or pick another VM."),
                       (const char *) others->pdata[0]);
          return NULL;
        }

      for (guint i = 0; i < others->len; i++)
        {
          if (!detach_in_doc (doc, others->pdata[i], error))
            return NULL;
          add_note (notes_out, _("Slice %s is detached from this virtual machine and replaced."),
                    (const char *) others->pdata[i]);
        }
    }

  if (!attach_in_doc (doc, lower, type_id, xres, yres, opts, libvirt_version, notes_out))
    return NULL;

  return serialize_doc (doc, strlen (xml));
}

char *
slices_domain_detach (const char  *xml,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!slices_uuid_is_valid (uuid))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("“%s” is not a valid slice UUID."), uuid);
      return NULL;
    }
  lower = g_ascii_strdown (uuid, -1);

  doc = parse_xml (xml, TRUE, error);
  if (doc == NULL)
    return NULL;

  if (!detach_in_doc (doc, lower, error))
    return NULL;

  return serialize_doc (doc, strlen (xml));
}

GStrv
slices_domain_find_slices (const char  *xml,
                           GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  xmlNode *devices;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_xml (xml, TRUE, error);
  if (doc == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  devices = get_devices (xmlDocGetRootElement (doc), FALSE);
  if (devices != NULL)
    {
      for (xmlNode *child = devices->children; child != NULL; child = child->next)
        {
          g_autofree char *u = hostdev_mdev_uuid (child);

          if (u != NULL)
            g_strv_builder_add (builder, u);
        }
    }

  return g_strv_builder_end (builder);
}

gboolean
slices_domain_has_comments (const char *xml)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (xml != NULL, FALSE);

  doc = parse_xml (xml, FALSE, NULL);
  return doc != NULL && doc_has_comments (doc->children);
}

static void
strip_blank_text (xmlNode *node)
{
  xmlNode *child = node->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_blank (child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        strip_blank_text (child);
      child = next;
    }
}

/* libxml2's C14N reports what it refuses (a relative namespace URI, say) on stderr through the
 * global error handler; the caller gets a GError instead. */
static void
ignore_xml_error (void       *data,
                  xmlErrorPtr xerr)
{
}

char *
slices_domain_canonicalize (const char  *xml,
                            GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlChar *out = NULL;
  char *ret;
  int len;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_xml (xml, FALSE, error);
  if (doc == NULL)
    return NULL;

  strip_blank_text ((xmlNode *) doc);
  {
    /* Thread-local in libxml2, so this does not silence another thread's parser. */
    xmlStructuredErrorFunc saved_handler = xmlStructuredError;
    void *saved_data = xmlStructuredErrorContext;

    xmlSetStructuredErrorFunc (NULL, ignore_xml_error);
    len = xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 1, &out);
    xmlSetStructuredErrorFunc (saved_data, saved_handler);
  }
  if (len < 0)
    {
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                           _("Could not bring the domain definition into canonical form."));
      return NULL;
    }

  ret = g_strndup ((const char *) out, len);
  xmlFree (out);
  return ret;
}
