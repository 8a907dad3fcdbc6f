/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON builder and parser of slices-json.h. The builder writes as it goes: each container
 * on a stack remembers how many values it has, which is all json-glib's generator looked at to
 * place commas, newlines and indentation.
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "slices-json.h"

#define MAX_DEPTH 512

typedef struct {
  gboolean is_object;
  guint    n_values;
} Frame;

struct _SlicesJsonBuilder {
  GString  *text;
  GArray   *frames;
  char     *member_name;
  gboolean  pretty;
};

SlicesJsonBuilder *
slices_json_builder_new (gboolean pretty)
{
  SlicesJsonBuilder *builder = g_new0 (SlicesJsonBuilder, 1);

  builder->text = g_string_sized_new (1024);
  builder->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  builder->pretty = pretty;

  return builder;
}

void
slices_json_builder_free (SlicesJsonBuilder *builder)
{
  if (builder == NULL)
    return;

  g_string_free (builder->text, TRUE);
  g_array_unref (builder->frames);
  g_free (builder->member_name);
  g_free (builder);
}

char *
slices_json_builder_free_to_data (SlicesJsonBuilder *builder)
{
  char *data;

  g_return_val_if_fail (builder != NULL, NULL);
  g_warn_if_fail (builder->frames->len == 0);

  data = g_string_free (g_steal_pointer (&builder->text), FALSE);
  builder->text = g_string_new (NULL);
  slices_json_builder_free (builder);

  return data;
}

/* json-glib's json_strescape(): quotes, backslashes and the control characters below 0x1f
 * (0x1f itself not), and DEL; bytes of other UTF-8 characters as they are. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if ((*p > 0 && *p < 0x1f) || *p == 0x7f)
        {
          switch (*p)
            {
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default: g_string_append_printf (out, "\\u00%02x", (guint) *p); break;
            }
        }
      else
        g_string_append_c (out, *p);
    }
}

static void
append_indent (SlicesJsonBuilder *builder,
               guint              level)
{
  if (builder->pretty)
    {
      for (guint i = 0; i < level * 2; i++)
        g_string_append_c (builder->text, ' ');
    }
}

/* What comes before any value: the separator after the previous one, the indentation, and
 * inside an object the member name. */
static void
begin_value (SlicesJsonBuilder *builder)
{
  if (builder->frames->len > 0)
    {
      Frame *frame = &g_array_index (builder->frames, Frame, builder->frames->len - 1);

      if (frame->n_values > 0)
        g_string_append_c (builder->text, ',');
      if (builder->pretty)
        g_string_append_c (builder->text, '\n');
      frame->n_values++;
      g_warn_if_fail (frame->is_object == (builder->member_name != NULL));
    }
  append_indent (builder, builder->frames->len);

  if (builder->member_name != NULL)
    {
      g_string_append_c (builder->text, '"');
      append_escaped (builder->text, builder->member_name);
      g_string_append (builder->text, builder->pretty ? "\" : " : "\":");
      g_clear_pointer (&builder->member_name, g_free);
    }
}

void
slices_json_builder_set_member_name (SlicesJsonBuilder *builder,
                                     const char        *name)
{
  g_return_if_fail (builder != NULL && name != NULL);

  g_free (builder->member_name);
  builder->member_name = g_strdup (name);
}

static void
begin_container (SlicesJsonBuilder *builder,
                 gboolean           is_object)
{
  Frame frame = { is_object, 0 };

  begin_value (builder);
  g_string_append_c (builder->text, is_object ? '{' : '[');
  g_array_append_val (builder->frames, frame);
}

/* json-glib closes a non-empty container on a line of its own; an empty array stays "[]", an
 * empty object gets its indentation before "}" all the same. */
static void
end_container (SlicesJsonBuilder *builder,
               gboolean           is_object)
{
  Frame frame;

  g_return_if_fail (builder->frames->len > 0);
  frame = g_array_index (builder->frames, Frame, builder->frames->len - 1);
  g_return_if_fail (frame.is_object == is_object);
  g_array_set_size (builder->frames, builder->frames->len - 1);

  if (frame.n_values > 0 && builder->pretty)
    g_string_append_c (builder->text, '\n');
  if (frame.n_values > 0 || is_object)
    append_indent (builder, builder->frames->len);
  g_string_append_c (builder->text, is_object ? '}' : ']');
}

void
slices_json_builder_begin_object (SlicesJsonBuilder *builder)
{
  begin_container (builder, TRUE);
}

void
slices_json_builder_end_object (SlicesJsonBuilder *builder)
{
  end_container (builder, TRUE);
}

void
slices_json_builder_begin_array (SlicesJsonBuilder *builder)
{
  begin_container (builder, FALSE);
}

void
slices_json_builder_end_array (SlicesJsonBuilder *builder)
{
  end_container (builder, FALSE);
}

void
slices_json_builder_add_string_value (SlicesJsonBuilder *builder,
                                      const char        *value)
{
  begin_value (builder);
  if (value == NULL)
    {
      g_string_append (builder->text, "null");
      return;
    }
  g_string_append_c (builder->text, '"');
  append_escaped (builder->text, value);
  g_string_append_c (builder->text, '"');
}

void
slices_json_builder_add_int_value (SlicesJsonBuilder *builder,
                                   gint64             value)
{
  begin_value (builder);
  g_string_append_printf (builder->text, "%" G_GINT64_FORMAT, value);
}

void
slices_json_builder_add_double_value (SlicesJsonBuilder *builder,
                                      double             value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  begin_value (builder);
  g_string_append (builder->text, g_ascii_dtostr (buffer, sizeof buffer, value));
  /* As json-glib: a double never reads as an integer. */
  if (strchr (buffer, '.') == NULL)
    g_string_append (builder->text, ".0");
}

void
slices_json_builder_add_boolean_value (SlicesJsonBuilder *builder,
                                       gboolean           value)
{
  begin_value (builder);
  g_string_append (builder->text, value ? "true" : "false");
}

void
slices_json_builder_add_null_value (SlicesJsonBuilder *builder)
{
  begin_value (builder);
  g_string_append (builder->text, "null");
}

/* --- the parser --- */

typedef struct {
  const char *start;
  const char *p;
  GError    **error;
} Parser;

void
slices_json_node_free (SlicesJsonNode *node)
{
  if (node == NULL)
    return;

  g_free (node->string);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->names, g_ptr_array_unref);
  g_free (node);
}

static SlicesJsonNode *
node_new (SlicesJsonKind kind)
{
  SlicesJsonNode *node = g_new0 (SlicesJsonNode, 1);

  node->kind = kind;
  if (kind == SLICES_JSON_ARRAY || kind == SLICES_JSON_OBJECT)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_json_node_free);
  if (kind == SLICES_JSON_OBJECT)
    node->names = g_ptr_array_new_with_free_func (g_free);

  return node;
}

/* Sets the error with the line and column of the parser's position; returns NULL. */
static gpointer
fail (Parser     *parser,
      const char *what)
{
  guint line = 1, column = 1;

  for (const char *q = parser->start; q < parser->p; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else
        column++;
    }
  if (parser->error != NULL && *parser->error == NULL)
    g_set_error (parser->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%u:%u: %s", line, column,
                 what);
  return NULL;
}

static void
skip_space (Parser *parser)
{
  while (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r')
    parser->p++;
}

static int
hex_digits (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* A string, the parser at its opening quote; the text, newly allocated, or NULL. */
static char *
parse_string (Parser *parser)
{
  g_autoptr(GString) out = g_string_new (NULL);

  parser->p++;
  for (;;)
    {
      unsigned char c = (unsigned char) *parser->p;

      if (c == '"')
        {
          parser->p++;
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      if (c == '\0')
        return fail (parser, "unterminated string");
      if (c < 0x20)
        return fail (parser, "control character in a string");
      if (c != '\\')
        {
          g_string_append_c (out, (char) c);
          parser->p++;
          continue;
        }

      parser->p++;
      switch (*parser->p)
        {
        case '"': case '\\': case '/': g_string_append_c (out, *parser->p); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int unit = hex_digits (parser->p + 1);
            gunichar ch;

            if (unit < 0)
              return fail (parser, "bad \\u escape");
            parser->p += 4;
            ch = (gunichar) unit;
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                int low = parser->p[1] == '\\' && parser->p[2] == 'u'
                          ? hex_digits (parser->p + 3) : -1;

                if (low < 0xdc00 || low > 0xdfff)
                  return fail (parser, "unpaired surrogate in a \\u escape");
                ch = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
                parser->p += 6;
              }
            else if (unit >= 0xdc00 && unit <= 0xdfff)
              return fail (parser, "unpaired surrogate in a \\u escape");
            if (ch == 0)
              return fail (parser, "\\u0000 in a string");
            g_string_append_unichar (out, ch);
          }
          break;
        default:
          return fail (parser, "unknown escape in a string");
        }
      parser->p++;
    }
}

static SlicesJsonNode *
parse_number (Parser *parser)
{
  const char *begin = parser->p;
  SlicesJsonNode *node;

  if (*parser->p == '-')
    parser->p++;
  if (*parser->p == '0')
    parser->p++;
  else if (g_ascii_isdigit (*parser->p))
    {
      while (g_ascii_isdigit (*parser->p))
        parser->p++;
    }
  else
    return fail (parser, "unexpected character");
  if (*parser->p == '.')
    {
      parser->p++;
      if (!g_ascii_isdigit (*parser->p))
        return fail (parser, "digits expected after the decimal point");
      while (g_ascii_isdigit (*parser->p))
        parser->p++;
    }
  if (*parser->p == 'e' || *parser->p == 'E')
    {
      parser->p++;
      if (*parser->p == '+' || *parser->p == '-')
        parser->p++;
      if (!g_ascii_isdigit (*parser->p))
        return fail (parser, "digits expected in the exponent");
      while (g_ascii_isdigit (*parser->p))
        parser->p++;
    }

  node = node_new (SLICES_JSON_NUMBER);
  node->number = g_ascii_strtod (begin, NULL);
  return node;
}

static SlicesJsonNode *parse_value (Parser *parser,
                                    guint   depth);

/* An array or object, the parser at its opening bracket. */
static SlicesJsonNode *
parse_container (Parser *parser,
                 guint   depth)
{
  gboolean is_object = *parser->p == '{';
  char close = is_object ? '}' : ']';
  g_autoptr(SlicesJsonNode) node = NULL;

  if (depth >= MAX_DEPTH)
    return fail (parser, "nested too deeply");
  node = node_new (is_object ? SLICES_JSON_OBJECT : SLICES_JSON_ARRAY);
  parser->p++;
  skip_space (parser);
  if (*parser->p == close)
    {
      parser->p++;
      return g_steal_pointer (&node);
    }

  for (;;)
    {
      g_autofree char *name = NULL;
      SlicesJsonNode *value;

      skip_space (parser);
      if (is_object)
        {
          if (*parser->p != '"')
            return fail (parser, "member name expected");
          if ((name = parse_string (parser)) == NULL)
            return NULL;
          skip_space (parser);
          if (*parser->p != ':')
            return fail (parser, "“:” expected after a member name");
          parser->p++;
        }
      if ((value = parse_value (parser, depth + 1)) == NULL)
        return NULL;

      if (is_object)
        {
          guint i;

          for (i = 0; i < node->names->len; i++)
            {
              if (g_str_equal (g_ptr_array_index (node->names, i), name))
                break;
            }
          if (i < node->names->len)
            {
              slices_json_node_free (node->children->pdata[i]);
              node->children->pdata[i] = value;
            }
          else
            {
              g_ptr_array_add (node->names, g_steal_pointer (&name));
              g_ptr_array_add (node->children, value);
            }
        }
      else
        g_ptr_array_add (node->children, value);

      skip_space (parser);
      if (*parser->p == close)
        {
          parser->p++;
          return g_steal_pointer (&node);
        }
      if (*parser->p != ',')
        return fail (parser, is_object ? "“,” or “}” expected"
                                       : "“,” or “]” expected");
      parser->p++;
    }
}

static SlicesJsonNode *
parse_literal (Parser         *parser,
               const char     *word,
               SlicesJsonKind  kind,
               gboolean        boolean)
{
  SlicesJsonNode *node;

  if (strncmp (parser->p, word, strlen (word)) != 0)
    return fail (parser, "unexpected word");
  parser->p += strlen (word);
  node = node_new (kind);
  node->boolean = boolean;
  return node;
}

static SlicesJsonNode *
parse_value (Parser *parser,
             guint   depth)
{
  skip_space (parser);
  switch (*parser->p)
    {
    case '{':
    case '[':
      return parse_container (parser, depth);
    case '"':
      {
        char *text = parse_string (parser);
        SlicesJsonNode *node;

        if (text == NULL)
          return NULL;
        node = node_new (SLICES_JSON_STRING);
        node->string = text;
        return node;
      }
    case 't':
      return parse_literal (parser, "true", SLICES_JSON_BOOLEAN, TRUE);
    case 'f':
      return parse_literal (parser, "false", SLICES_JSON_BOOLEAN, FALSE);
    case 'n':
      return parse_literal (parser, "null", SLICES_JSON_NULL, FALSE);
    case '\0':
      return fail (parser, "unexpected end of the text");
    default:
      return parse_number (parser);
    }
}

SlicesJsonNode *
slices_json_parse (const char  *text,
                   GError     **error)
{
  Parser parser = { text, text, error };
  g_autoptr(SlicesJsonNode) root = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not UTF-8");
      return NULL;
    }

  if ((root = parse_value (&parser, 0)) == NULL)
    return NULL;
  skip_space (&parser);
  if (*parser.p != '\0')
    return fail (&parser, "text after the value");

  return g_steal_pointer (&root);
}

const SlicesJsonNode *
slices_json_node_get_member (const SlicesJsonNode *node,
                             const char           *name)
{
  if (node == NULL || node->kind != SLICES_JSON_OBJECT)
    return NULL;

  for (guint i = 0; i < node->names->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (node->names, i), name))
        return g_ptr_array_index (node->children, i);
    }
  return NULL;
}

const char *
slices_json_node_get_string (const SlicesJsonNode *node)
{
  return node != NULL && node->kind == SLICES_JSON_STRING ? node->string : NULL;
}
