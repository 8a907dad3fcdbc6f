/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesXml: safe parsing, indentation-keeping edits and serialization with libxml2. See
 * slices-xml.h for what it owns. Input is parsed defensively because a definition can come
 * from anywhere: a daemon we do not control, a file a user copied from a forum.
 */
#include "config.h"

#include <string.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlsave.h>

#include "slices-xml.h"

typedef struct {
  gboolean entity_declared;
} ParseState;

/* Parsing */

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

  if (depth > SLICES_XML_MAX_DEPTH)
    return depth;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        {
          int d = check_depth (child, depth + 1);

          if (d > max)
            max = d;
          if (max > SLICES_XML_MAX_DEPTH)
            break;
        }
    }

  return max;
}

static void
set_parse_error (SlicesXmlParseError *error,
                 SlicesXmlProblem     problem,
                 xmlParserCtxt       *ctxt,
                 const char          *fallback)
{
  const xmlError *xerr = ctxt != NULL ? xmlCtxtGetLastError (ctxt) : NULL;

  if (error == NULL)
    return;

  error->problem = problem;
  error->line = xerr != NULL ? xerr->line : 0;
  g_clear_pointer (&error->detail, g_free);
  if (fallback != NULL)
    {
      error->detail = g_strdup (xerr != NULL && xerr->message != NULL ? xerr->message
                                                                       : fallback);
      g_strstrip (error->detail);
    }
}

void
slices_xml_parse_error_clear (SlicesXmlParseError *error)
{
  error->problem = SLICES_XML_PROBLEM_NONE;
  error->line = 0;
  g_clear_pointer (&error->detail, g_free);
}

xmlDoc *
slices_xml_parse (const char          *xml,
                  SlicesXmlParseError *error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  xmlNode *root;
  ParseState state = { FALSE };
  gsize len;

  g_return_val_if_fail (xml != NULL, NULL);

  len = strlen (xml);
  if (len > SLICES_XML_MAX_SIZE)
    {
      set_parse_error (error, SLICES_XML_PROBLEM_TOO_LARGE, NULL, NULL);
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      set_parse_error (error, SLICES_XML_PROBLEM_NO_PARSER, NULL, NULL);
      return NULL;
    }

  ctxt->_private = &state;
  ctxt->sax->entityDecl = on_entity_decl_cb;

  /* No XML_PARSE_NOENT (entity substitution), no XML_PARSE_DTDLOAD, no XML_PARSE_HUGE.
   * XML_PARSE_COMPACT keeps short text (indentation) inside its node: a third less parse time
   * on big definitions. It forbids changing such text in place, which nothing here does
   * (slices_xml_link_before() never merges text nodes). */
  doc = xmlCtxtReadMemory (ctxt, xml, (int) len, "domain.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_COMPACT);

  if (state.entity_declared)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      set_parse_error (error, SLICES_XML_PROBLEM_ENTITIES, NULL, NULL);
    }
  else if (doc == NULL)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);

      if (xerr != NULL && xerr->message != NULL && strstr (xerr->message, "Excessive depth"))
        set_parse_error (error, SLICES_XML_PROBLEM_PARSER_DEPTH, ctxt, "unknown error");
      else
        set_parse_error (error, SLICES_XML_PROBLEM_MALFORMED, ctxt, "unknown error");
    }
  else if (!ctxt->nsWellFormed)
    {
      /* An undeclared prefix (qemu: without xmlns:qemu, the classic hand edit) parses, but
       * libvirt refuses it, and declaring the namespace on the root afterwards would silently
       * turn those elements on (hardening: fuzz-domain-xml). */
      g_clear_pointer (&doc, xmlFreeDoc);
      set_parse_error (error, SLICES_XML_PROBLEM_UNDECLARED_PREFIX, ctxt,
                       "undeclared namespace prefix");
    }
  xmlFreeParserCtxt (ctxt);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      set_parse_error (error, SLICES_XML_PROBLEM_EMPTY, NULL, NULL);
      return NULL;
    }

  if (check_depth (root, 1) > SLICES_XML_MAX_DEPTH)
    {
      xmlFreeDoc (doc);
      set_parse_error (error, SLICES_XML_PROBLEM_TOO_DEEP, NULL, NULL);
      return NULL;
    }

  return doc;
}

xmlNode *
slices_xml_parse_in_context (xmlNode    *context,
                             const char *text)
{
  xmlNode *list = NULL;
  xmlParserErrors rc;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  rc = xmlParseInNodeContext (context, text, (int) strlen (text),
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING,
                              &list);
  if (rc != XML_ERR_OK)
    {
      xmlFreeNodeList (list);
      return NULL;
    }

  return list;
}

/* Writing */

char *
slices_xml_serialize (xmlDoc *doc,
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

char *
slices_xml_serialize_node (xmlDoc  *doc,
                           xmlNode *node)
{
  xmlBuffer *buf = xmlBufferCreate ();
  char *out;

  xmlNodeDump (buf, doc, node, 0, 0);
  out = g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);

  return out;
}

void
slices_xml_strip_blank_text (xmlNode *node)
{
  xmlNode *child = node->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_blank (child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        slices_xml_strip_blank_text (child);
      child = next;
    }
}

/* libxml2's C14N reports what it refuses (a relative namespace URI, say) on stderr through the
 * global error handler; the caller hears of it from the return value instead. */
static void
ignore_xml_error (void       *data,
                  xmlErrorPtr xerr)
{
}

char *
slices_xml_canonicalize (xmlDoc *doc)
{
  xmlStructuredErrorFunc saved_handler;
  void *saved_data;
  xmlChar *out = NULL;
  char *ret;
  int len;

  g_return_val_if_fail (doc != NULL, NULL);

  slices_xml_strip_blank_text ((xmlNode *) doc);

  /* Thread-local in libxml2, so this does not silence another thread's parser. */
  saved_handler = xmlStructuredError;
  saved_data = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc (NULL, ignore_xml_error);
  len = xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 1, &out);
  xmlSetStructuredErrorFunc (saved_data, saved_handler);
  if (len < 0)
    return NULL;

  ret = g_strndup ((const char *) out, len);
  xmlFree (out);
  return ret;
}

/* Finding */

gboolean
slices_xml_is_plain (xmlNode    *node,
                     const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         (name == NULL || xmlStrEqual (node->name, BAD_CAST name));
}

gboolean
slices_xml_is_in_ns (xmlNode    *node,
                     const char *href,
                     const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrEqual (node->ns->href, BAD_CAST href) &&
         (name == NULL || xmlStrEqual (node->name, BAD_CAST name));
}

xmlNode *
slices_xml_first_plain_child (xmlNode    *parent,
                              const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (slices_xml_is_plain (child, name))
      return child;
  return NULL;
}

xmlNode *
slices_xml_first_ns_child (xmlNode    *parent,
                           const char *href,
                           const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (slices_xml_is_in_ns (child, href, name))
      return child;
  return NULL;
}

xmlNode *
slices_xml_last_plain_child (xmlNode    *parent,
                             const char *name)
{
  xmlNode *last = NULL;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (slices_xml_is_plain (child, name))
      last = child;
  return last;
}

gboolean
slices_xml_has_element_children (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE || child->type == XML_COMMENT_NODE)
      return TRUE;
  return FALSE;
}

gboolean
slices_xml_has_comments (xmlNode *first)
{
  for (xmlNode *node = first; node != NULL; node = node->next)
    {
      if (node->type == XML_COMMENT_NODE)
        return TRUE;
      if (node->type == XML_ELEMENT_NODE && slices_xml_has_comments (node->children))
        return TRUE;
    }
  return FALSE;
}

xmlNode *
slices_xml_next_non_text (xmlNode *node)
{
  for (xmlNode *n = node->next; n != NULL; n = n->next)
    if (n->type != XML_TEXT_NODE)
      return n;
  return NULL;
}

gboolean
slices_xml_is_blank (xmlNode *node)
{
  return node != NULL && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

/* Attributes */

char *
slices_xml_get_prop (xmlNode    *node,
                     const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, BAD_CAST name);
  char *ret = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return ret;
}

gboolean
slices_xml_prop_equals (xmlNode    *node,
                        const char *name,
                        const char *value)
{
  g_autofree char *v = slices_xml_get_prop (node, name);

  return v != NULL && g_ascii_strcasecmp (v, value) == 0;
}

void
slices_xml_set_prop (xmlNode    *node,
                     const char *name,
                     const char *value)
{
  xmlSetProp (node, BAD_CAST name, BAD_CAST value);
}

/* Editing */

xmlNode *
slices_xml_new_child (xmlNode    *parent,
                      xmlNs      *ns,
                      const char *name)
{
  return xmlNewChild (parent, ns, BAD_CAST name, NULL);
}

xmlNode *
slices_xml_new_element (xmlDoc     *doc,
                        const char *name,
                        const char *attribute,
                        const char *value)
{
  xmlNode *node = xmlNewDocNode (doc, NULL, BAD_CAST name, NULL);

  slices_xml_set_prop (node, attribute, value);
  return node;
}

xmlNode *
slices_xml_add_element (xmlNode    *parent,
                        const char *name,
                        const char *attribute,
                        const char *value)
{
  xmlNode *node = slices_xml_new_child (parent, NULL, name);

  slices_xml_set_prop (node, attribute, value);
  return node;
}

int
slices_xml_node_depth (xmlNode *node)
{
  int depth = 0;

  for (xmlNode *n = node->parent; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    depth++;
  return depth;
}

xmlNode *
slices_xml_new_indent (xmlDoc *doc,
                       int     depth)
{
  g_autofree char *text = g_strnfill (1 + 2 * depth, ' ');

  text[0] = '\n';
  return xmlNewDocText (doc, BAD_CAST text);
}

/* Unlike xmlAddPrevSibling()/xmlAddChild() this never merges neighbouring text nodes, so
 * indentation lands exactly where it is put. */
void
slices_xml_link_before (xmlNode *parent,
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
          slices_xml_link_before (node, child, slices_xml_new_indent (doc, depth + 1));
          indent_subtree (doc, child, depth + 1);
          any = TRUE;
        }
      child = next;
    }

  if (any)
    slices_xml_link_before (node, NULL, slices_xml_new_indent (doc, depth));
}

void
slices_xml_insert_indented (xmlNode *parent,
                            xmlNode *before,
                            xmlNode *node)
{
  int depth = slices_xml_node_depth (parent) + 1;
  xmlNode *last = parent->last;
  xmlDoc *doc = parent->doc;

  indent_subtree (doc, node, depth);

  if (before != NULL)
    {
      /* The new node takes the whitespace in front of @before; @before gets a fresh one. */
      slices_xml_link_before (parent, before, node);
      slices_xml_link_before (parent, before, slices_xml_new_indent (doc, depth));
    }
  else if (slices_xml_is_blank (last))
    {
      slices_xml_link_before (parent, last, slices_xml_new_indent (doc, depth));
      slices_xml_link_before (parent, last, node);
    }
  else
    {
      slices_xml_link_before (parent, NULL, slices_xml_new_indent (doc, depth));
      slices_xml_link_before (parent, NULL, node);
      slices_xml_link_before (parent, NULL, slices_xml_new_indent (doc, depth - 1));
    }
}

void
slices_xml_remove_blank_before (xmlNode *node)
{
  if (slices_xml_is_blank (node->prev))
    {
      xmlNode *space = node->prev;

      xmlUnlinkNode (space);
      xmlFreeNode (space);
    }
}

void
slices_xml_remove_node (xmlNode *node)
{
  slices_xml_remove_blank_before (node);
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

/* Namespaces */

xmlNs *
slices_xml_ensure_ns (xmlNode    *root,
                      const char *href,
                      const char *prefix,
                      gboolean   *declared)
{
  xmlNs *ns = xmlSearchNsByHref (root->doc, root, BAD_CAST href);

  *declared = FALSE;
  if (ns != NULL)
    return ns;

  for (int i = 1; ; i++)
    {
      g_autofree char *candidate = i == 1 ? g_strdup (prefix)
                                          : g_strdup_printf ("%s%d", prefix, i);

      if (xmlSearchNs (root->doc, root, BAD_CAST candidate) == NULL)
        {
          *declared = TRUE;
          return xmlNewNs (root, BAD_CAST href, BAD_CAST candidate);
        }
    }
}

gboolean
slices_xml_tree_uses_ns (xmlNode *node,
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
      if (slices_xml_tree_uses_ns (child, ns))
        return TRUE;
    }
  return FALSE;
}

void
slices_xml_remove_ns_decl (xmlNode *node,
                           xmlNs   *ns)
{
  xmlNs **link = &node->nsDef;

  for (xmlNs *cur = node->nsDef; cur != NULL; cur = cur->next)
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
