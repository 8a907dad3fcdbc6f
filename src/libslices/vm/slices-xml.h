/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesXml: the XML toolkit under the domain edit, with libxml2 and nothing else, and no
 * knowledge of libvirt. It owns three things:
 *
 *   - reading untrusted XML safely: no network, no DTD loading, no entity expansion, entity
 *     declarations refused, undeclared prefixes refused, size and depth bounded. What went
 *     wrong comes back as a SlicesXmlProblem with libxml2's line and message, and the caller
 *     says it in its own words;
 *   - editing a tree so that the text still reads like libvirt's: elements are found by name
 *     and namespace, and inserted and removed together with their two-space indentation,
 *     never merging neighbouring text nodes;
 *   - writing it out again: serialization, and a canonical form for comparing two documents.
 *
 * Internal to vm/: its header includes libxml2's, which nothing above this layer sees.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Far above any real definition (a domain with hundreds of disks is ~1 MB) yet bounded. */
#define SLICES_XML_MAX_SIZE (32 * 1024 * 1024)
/* Real definitions nest about 6 deep; applications' metadata a little more. */
#define SLICES_XML_MAX_DEPTH 64

typedef enum {
  SLICES_XML_PROBLEM_NONE,
  SLICES_XML_PROBLEM_TOO_LARGE,          /* over SLICES_XML_MAX_SIZE bytes */
  SLICES_XML_PROBLEM_NO_PARSER,          /* the parser could not start (out of memory) */
  SLICES_XML_PROBLEM_ENTITIES,           /* an <!ENTITY> declaration */
  SLICES_XML_PROBLEM_PARSER_DEPTH,       /* libxml2 stopped at its own depth limit (line) */
  SLICES_XML_PROBLEM_MALFORMED,          /* not well-formed (line, detail) */
  SLICES_XML_PROBLEM_UNDECLARED_PREFIX,  /* a namespace prefix nobody declares (line, detail) */
  SLICES_XML_PROBLEM_EMPTY,              /* no root element */
  SLICES_XML_PROBLEM_TOO_DEEP,           /* nested over SLICES_XML_MAX_DEPTH elements */
} SlicesXmlProblem;

/* Why slices_xml_parse() refused a text. */
typedef struct {
  SlicesXmlProblem  problem;
  int               line;    /* where libxml2 stopped; 0 when it did not say */
  char             *detail;  /* libxml2's message without trailing whitespace, or NULL */
} SlicesXmlParseError;

void slices_xml_parse_error_clear (SlicesXmlParseError *error);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlicesXmlParseError, slices_xml_parse_error_clear)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Parses @xml with the limits above; NULL and @error (may be NULL) filled when refused.
 * Short text (indentation) stays inside its node (XML_PARSE_COMPACT), so text nodes of the
 * result must not be changed in place; nothing here does. */
xmlDoc  *slices_xml_parse             (const char          *xml,
                                       SlicesXmlParseError *error);

/* Parses @text as the content of @context (one of its document's elements, whose namespace
 * declarations are in scope), without network access: a node list to link, or NULL. */
xmlNode *slices_xml_parse_in_context  (xmlNode             *context,
                                       const char          *text);

/* The document without an XML declaration. @size_hint: about how long the text will be. */
char    *slices_xml_serialize         (xmlDoc              *doc,
                                       gsize                size_hint);
char    *slices_xml_serialize_node    (xmlDoc              *doc,
                                       xmlNode             *node);

/* Drops whitespace-only text between elements, then writes W3C Canonical XML 1.0 with
 * comments (attributes sorted, quotes and empty elements normalized, namespace declarations
 * kept where they are). Changes @doc. NULL when libxml2 refuses (a relative namespace URI). */
char    *slices_xml_canonicalize      (xmlDoc              *doc);

/* Finding. "Plain" elements are in no namespace, like all of libvirt's own; @name NULL
 * matches any name. */
gboolean slices_xml_is_plain            (xmlNode    *node,
                                         const char *name);
gboolean slices_xml_is_in_ns            (xmlNode    *node,
                                         const char *href,
                                         const char *name);
xmlNode *slices_xml_first_plain_child   (xmlNode    *parent,
                                         const char *name);
xmlNode *slices_xml_first_ns_child      (xmlNode    *parent,
                                         const char *href,
                                         const char *name);
/* The last plain child called @name, or NULL. */
xmlNode *slices_xml_last_plain_child    (xmlNode    *parent,
                                         const char *name);
/* Whether @node holds an element or a comment (whitespace does not count). */
gboolean slices_xml_has_element_children (xmlNode   *node);
/* Whether there is a comment in @first, its siblings after it, or anywhere below them. */
gboolean slices_xml_has_comments        (xmlNode    *first);
/* The next element or comment after @node: where to insert "after @node". */
xmlNode *slices_xml_next_non_text       (xmlNode    *node);
gboolean slices_xml_is_blank            (xmlNode    *node);

/* Attributes without a namespace. prop_equals compares ASCII case-insensitively. */
char    *slices_xml_get_prop            (xmlNode    *node,
                                         const char *name);
gboolean slices_xml_prop_equals         (xmlNode    *node,
                                         const char *name,
                                         const char *value);
void     slices_xml_set_prop            (xmlNode    *node,
                                         const char *name,
                                         const char *value);

/* Building and editing with libvirt's two-space indentation. */
xmlNode *slices_xml_new_child           (xmlNode    *parent,
                                         xmlNs      *ns,
                                         const char *name);
/* A plain element (unlinked) with one attribute, and the same as the last child of
 * @parent. */
xmlNode *slices_xml_new_element         (xmlDoc     *doc,
                                         const char *name,
                                         const char *attribute,
                                         const char *value);
xmlNode *slices_xml_add_element         (xmlNode    *parent,
                                         const char *name,
                                         const char *attribute,
                                         const char *value);
/* Inserts @node (unlinked, without whitespace inside) into @parent before @before (NULL: at
 * the end), indenting it and everything below it. */
void     slices_xml_insert_indented     (xmlNode    *parent,
                                         xmlNode    *before,
                                         xmlNode    *node);
/* Links @node (unlinked, same document) before @ref (NULL: last) as it is: no text merged. */
void     slices_xml_link_before         (xmlNode    *parent,
                                         xmlNode    *ref,
                                         xmlNode    *node);
/* A text node with a newline and the indentation of an element @depth deep. */
xmlNode *slices_xml_new_indent          (xmlDoc     *doc,
                                         int         depth);
/* How many elements @node is below the root element's parent (the root is 0). */
int      slices_xml_node_depth          (xmlNode    *node);
/* Drops the whitespace-only text below @node (to insert it indented anew, or to compare). */
void     slices_xml_strip_blank_text    (xmlNode    *node);
/* Unlinks and frees @node with the whitespace in front of it. */
void     slices_xml_remove_node         (xmlNode    *node);
/* Unlinks and frees the whitespace in front of @node, if there is any. */
void     slices_xml_remove_blank_before (xmlNode    *node);

/* Namespaces. ensure_ns returns the namespace some prefix in scope of @root binds to @href,
 * else declares it on @root as @prefix (or @prefix2, @prefix3… when taken) and sets
 * *@declared. */
xmlNs   *slices_xml_ensure_ns           (xmlNode    *root,
                                         const char *href,
                                         const char *prefix,
                                         gboolean   *declared);
/* Whether an element or attribute below @node is in @ns. */
gboolean slices_xml_tree_uses_ns        (xmlNode    *node,
                                         xmlNs      *ns);
/* Removes and frees the declaration @ns from @node's own declarations. */
void     slices_xml_remove_ns_decl      (xmlNode    *node,
                                         xmlNs      *ns);

G_END_DECLS
