/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices' own JSON (slices-json.h). The builder must write what json-glib 1.6's generator
 * wrote for the same calls, byte for byte, pretty and not: the `list --json` and `doctor --json`
 * contracts were made with it. Each document here is built through both and compared. The
 * parser reads what mdevctl prints and refuses, with an error and no crash, what is not JSON.
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "slices-json.h"

/* One document, written through either builder by the same calls. */
typedef struct {
  SlicesJsonBuilder *ours;
  JsonBuilder       *theirs;
} Both;

static void
both_name (Both       *both,
           const char *name)
{
  slices_json_builder_set_member_name (both->ours, name);
  json_builder_set_member_name (both->theirs, name);
}

static void
both_begin (Both     *both,
            gboolean  object)
{
  if (object)
    {
      slices_json_builder_begin_object (both->ours);
      json_builder_begin_object (both->theirs);
    }
  else
    {
      slices_json_builder_begin_array (both->ours);
      json_builder_begin_array (both->theirs);
    }
}

static void
both_end (Both     *both,
          gboolean  object)
{
  if (object)
    {
      slices_json_builder_end_object (both->ours);
      json_builder_end_object (both->theirs);
    }
  else
    {
      slices_json_builder_end_array (both->ours);
      json_builder_end_array (both->theirs);
    }
}

static void
both_string (Both       *both,
             const char *value)
{
  slices_json_builder_add_string_value (both->ours, value);
  json_builder_add_string_value (both->theirs, value);
}

static void
both_int (Both   *both,
          gint64  value)
{
  slices_json_builder_add_int_value (both->ours, value);
  json_builder_add_int_value (both->theirs, value);
}

static void
both_double (Both   *both,
             double  value)
{
  slices_json_builder_add_double_value (both->ours, value);
  json_builder_add_double_value (both->theirs, value);
}

static void
both_boolean (Both     *both,
              gboolean  value)
{
  slices_json_builder_add_boolean_value (both->ours, value);
  json_builder_add_boolean_value (both->theirs, value);
}

static void
both_null (Both *both)
{
  slices_json_builder_add_null_value (both->ours);
  json_builder_add_null_value (both->theirs);
}

/* Something like `slicectl list --json`, with every kind of value, every escape json-glib
 * makes (and 0x1f, which it leaves), UTF-8, empty and nested containers at several depths. */
static void
build_document (Both *both)
{
  static const double doubles[] = { 0.0, 1.0, -2.5, 0.25, 1.0 / 3.0, 1e-05, 1e300, 123456789.0 };
  static const gint64 ints[] = { 0, -1, 7, G_MAXINT64, G_MININT64 };

  both_begin (both, TRUE);
  both_name (both, "gpus");
  both_begin (both, FALSE);
  both_begin (both, TRUE);
  both_name (both, "address");
  both_string (both, "0000:00:02.0");
  both_name (both, "escapes \"\\\b\f\n\r\t\x01\x1e\x1f\x7f");
  both_string (both, "quote \" backslash \\ controls \b\f\n\r\t \x01\x02\x1e\x1f\x7f end");
  both_name (both, "utf-8");
  both_string (both, "Kaby Lake – HD Graphics 620 “…” ✓");
  both_name (both, "render_nodes");
  both_begin (both, FALSE);
  both_end (both, FALSE);
  both_name (both, "empty_object");
  both_begin (both, TRUE);
  both_end (both, TRUE);
  both_name (both, "ints");
  both_begin (both, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (ints); i++)
    both_int (both, ints[i]);
  both_end (both, FALSE);
  both_name (both, "doubles");
  both_begin (both, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (doubles); i++)
    both_double (both, doubles[i]);
  both_end (both, FALSE);
  both_name (both, "persistent");
  both_boolean (both, TRUE);
  both_name (both, "kept");
  both_boolean (both, FALSE);
  both_name (both, "iommu_group");
  both_null (both);
  both_name (both, "nested");
  both_begin (both, FALSE);
  both_begin (both, FALSE);
  both_begin (both, TRUE);
  both_end (both, TRUE);
  both_begin (both, FALSE);
  both_end (both, FALSE);
  both_null (both);
  both_end (both, FALSE);
  both_end (both, FALSE);
  both_end (both, TRUE);
  both_begin (both, TRUE);
  both_end (both, TRUE);
  both_end (both, FALSE);
  both_name (both, "inactive_gpus");
  both_begin (both, FALSE);
  both_end (both, FALSE);
  both_end (both, TRUE);
}

static void
assert_same_as_json_glib (void (*build) (Both *both),
                          gboolean pretty)
{
  g_autoptr(JsonBuilder) theirs = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  Both both = { slices_json_builder_new (pretty), theirs };

  build (&both);
  got = slices_json_builder_free_to_data (both.ours);

  root = json_builder_get_root (theirs);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  expected = json_generator_to_data (generator, NULL);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_builder_pretty (void)
{
  assert_same_as_json_glib (build_document, TRUE);
}

static void
test_builder_compact (void)
{
  assert_same_as_json_glib (build_document, FALSE);
}

static void
build_empty_array (Both *both)
{
  both_begin (both, FALSE);
  both_end (both, FALSE);
}

static void
build_empty_object (Both *both)
{
  both_begin (both, TRUE);
  both_end (both, TRUE);
}

static void
test_builder_empty_roots (void)
{
  assert_same_as_json_glib (build_empty_array, TRUE);
  assert_same_as_json_glib (build_empty_array, FALSE);
  assert_same_as_json_glib (build_empty_object, TRUE);
  assert_same_as_json_glib (build_empty_object, FALSE);
}

static void
test_parse_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesJsonNode) root = slices_json_parse (
    " {\"s\" : \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u2713\\ud83d\\ude00\", \"n\": -12.5e1,"
    " \"i\": 0, \"t\": true, \"f\": false, \"z\": null, \"a\": [1, [], {}],"
    " \"dup\": 1, \"o\": {\"k\": \"v\"}, \"dup\": \"last\"}\n", &error);
  const SlicesJsonNode *a;

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpint (root->kind, ==, SLICES_JSON_OBJECT);
  g_assert_cmpstr (slices_json_node_get_string (slices_json_node_get_member (root, "s")), ==,
                   "a\"b\\c/d\b\f\n\r\té✓😀");
  g_assert_cmpint (slices_json_node_get_member (root, "n")->kind, ==, SLICES_JSON_NUMBER);
  g_assert_cmpfloat (slices_json_node_get_member (root, "n")->number, ==, -125.0);
  g_assert_cmpfloat (slices_json_node_get_member (root, "i")->number, ==, 0.0);
  g_assert_true (slices_json_node_get_member (root, "t")->boolean);
  g_assert_cmpint (slices_json_node_get_member (root, "f")->kind, ==, SLICES_JSON_BOOLEAN);
  g_assert_false (slices_json_node_get_member (root, "f")->boolean);
  g_assert_cmpint (slices_json_node_get_member (root, "z")->kind, ==, SLICES_JSON_NULL);
  a = slices_json_node_get_member (root, "a");
  g_assert_cmpint (a->kind, ==, SLICES_JSON_ARRAY);
  g_assert_cmpuint (a->children->len, ==, 3);
  g_assert_cmpint (((SlicesJsonNode *) a->children->pdata[1])->kind, ==, SLICES_JSON_ARRAY);
  g_assert_cmpint (((SlicesJsonNode *) a->children->pdata[2])->kind, ==, SLICES_JSON_OBJECT);
  g_assert_cmpstr (slices_json_node_get_string (
                     slices_json_node_get_member (slices_json_node_get_member (root, "o"), "k")),
                   ==, "v");
  g_assert_null (slices_json_node_get_member (root, "missing"));
  g_assert_null (slices_json_node_get_string (slices_json_node_get_member (root, "n")));

  /* A name given twice keeps its first place and its last value, as json-glib's did. */
  g_assert_cmpuint (root->names->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (root->names, 7), ==, "dup");
  g_assert_cmpstr (slices_json_node_get_string (slices_json_node_get_member (root, "dup")), ==,
                   "last");
}

/* What the builder writes, the parser reads back (but for 0x1f, which json-glib, and so the
 * builder, leaves unescaped: not JSON, refused by the parser). */
static void
test_round_trip (void)
{
  SlicesJsonBuilder *builder = slices_json_builder_new (TRUE);
  g_autofree char *text = NULL;
  g_autoptr(SlicesJsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *odd = "\x01\x1e\x7f \"\\ – ✓";

  slices_json_builder_begin_array (builder);
  slices_json_builder_add_string_value (builder, odd);
  slices_json_builder_add_double_value (builder, 1.0 / 3.0);
  slices_json_builder_add_int_value (builder, G_MININT64);
  slices_json_builder_end_array (builder);
  text = slices_json_builder_free_to_data (builder);

  root = slices_json_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (root->children->len, ==, 3);
  g_assert_cmpstr (slices_json_node_get_string (root->children->pdata[0]), ==, odd);
  g_assert_cmpfloat (((SlicesJsonNode *) root->children->pdata[1])->number, ==, 1.0 / 3.0);
  g_assert_cmpfloat (((SlicesJsonNode *) root->children->pdata[2])->number, ==,
                     (double) G_MININT64);
}

static void
test_parse_refuses (void)
{
  const char *bad[] = {
    "", "   ", "[{", "Error: something", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}",
    "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]", "tru", "nul", "[true false]",
    "\"unterminated", "\"bad escape \\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
    "\"\\ud800\\u0041\"", "\"\\u0000\"", "\"raw\ncontrol\"", "[] []", "[] x", "\xff\xfe",
    "[\"\xc3\"]", "{\"a\":1}}", "]", "}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlicesJsonNode) root = slices_json_parse (bad[i], &error);

      if (root != NULL)
        g_error ("“%s” parsed", bad[i]);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* Nesting: 512 levels are read; deeper is refused, not a stack overflow. */
static void
test_parse_depth (void)
{
  static const guint depths[] = { 1, 511, 512, 513, 100000 };

  for (gsize d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      guint depth = depths[d];
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlicesJsonNode) root = NULL;

      for (guint i = 0; i < depth; i++)
        g_string_append_c (text, '[');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (text, ']');
      root = slices_json_parse (text->str, &error);
      if (depth <= 512)
        {
          g_assert_no_error (error);
          g_assert_nonnull (root);
        }
      else
        {
          g_assert_null (root);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/base/json/builder-pretty", test_builder_pretty);
  g_test_add_func ("/slices/base/json/builder-compact", test_builder_compact);
  g_test_add_func ("/slices/base/json/builder-empty-roots", test_builder_empty_roots);
  g_test_add_func ("/slices/base/json/parse-values", test_parse_values);
  g_test_add_func ("/slices/base/json/round-trip", test_round_trip);
  g_test_add_func ("/slices/base/json/parse-refuses", test_parse_refuses);
  g_test_add_func ("/slices/base/json/parse-depth", test_parse_depth);

  return g_test_run ();
}
