/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON, as much as GPU Slices speaks: a builder that writes text as it goes (the `slicectl list
 * --json` and `doctor --json` contracts, mdevctl's own shape) and a parser into a small tree
 * (what `mdevctl list --dumpjson` prints). Our own rather than json-glib so that slicectl, which
 * links GLib statically to start as fast as the tools scripts compare it with, needs no shared
 * library that brings GIO back in (issue 11).
 *
 * The builder's text is byte for byte what json-glib 1.6's JsonGenerator printed for the same
 * calls, pretty or not, so the contracts did not change: "name" : value, two spaces a level, an
 * empty array as [], an empty object with its closing brace indented, doubles through
 * g_ascii_dtostr() with ".0" added when there is no dot, and json-glib's escaping of strings.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlicesJsonBuilder SlicesJsonBuilder;

SlicesJsonBuilder *slices_json_builder_new             (gboolean           pretty);
void               slices_json_builder_free            (SlicesJsonBuilder *builder);
/* The text written so far (every container closed); frees @builder. */
char              *slices_json_builder_free_to_data    (SlicesJsonBuilder *builder);

/* Inside an object, each value is preceded by its member name. */
void               slices_json_builder_set_member_name (SlicesJsonBuilder *builder,
                                                        const char        *name);
void               slices_json_builder_begin_object    (SlicesJsonBuilder *builder);
void               slices_json_builder_end_object      (SlicesJsonBuilder *builder);
void               slices_json_builder_begin_array     (SlicesJsonBuilder *builder);
void               slices_json_builder_end_array       (SlicesJsonBuilder *builder);
/* NULL @value: null. */
void               slices_json_builder_add_string_value  (SlicesJsonBuilder *builder,
                                                          const char        *value);
void               slices_json_builder_add_int_value     (SlicesJsonBuilder *builder,
                                                          gint64             value);
void               slices_json_builder_add_double_value  (SlicesJsonBuilder *builder,
                                                          double             value);
void               slices_json_builder_add_boolean_value (SlicesJsonBuilder *builder,
                                                          gboolean           value);
void               slices_json_builder_add_null_value    (SlicesJsonBuilder *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesJsonBuilder, slices_json_builder_free)

typedef enum {
  SLICES_JSON_NULL,
  SLICES_JSON_BOOLEAN,
  SLICES_JSON_NUMBER,
  SLICES_JSON_STRING,
  SLICES_JSON_ARRAY,
  SLICES_JSON_OBJECT,
} SlicesJsonKind;

/* One parsed value. An object keeps its members in the order of the text; a name given twice
 * keeps its first place and its last value (as json-glib did). */
typedef struct _SlicesJsonNode SlicesJsonNode;
struct _SlicesJsonNode {
  SlicesJsonKind  kind;
  gboolean        boolean;
  double          number;
  char           *string;    /* SLICES_JSON_STRING: valid UTF-8 */
  GPtrArray      *children;  /* ARRAY: the elements; OBJECT: the member values */
  GPtrArray      *names;     /* OBJECT: the member names, index for index with children */
};

/* RFC 8259 JSON with one value at the top (nesting at most 512 deep); NULL and
 * G_IO_ERROR_INVALID_DATA, with where it went wrong, otherwise. */
SlicesJsonNode       *slices_json_parse             (const char            *text,
                                                     GError               **error);
void                  slices_json_node_free         (SlicesJsonNode        *node);
/* The member @name of an object, or NULL (also when @node is not an object). */
const SlicesJsonNode *slices_json_node_get_member   (const SlicesJsonNode  *node,
                                                     const char            *name);
/* The string, when @node is a string; else NULL. */
const char           *slices_json_node_get_string   (const SlicesJsonNode  *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesJsonNode, slices_json_node_free)

G_END_DECLS
