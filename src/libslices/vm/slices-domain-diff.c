/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainDiff: see slices-domain-diff.h. The lines both texts begin and end with are
 * taken as they are; only the part between them goes through a longest common subsequence,
 * which keeps a one-element change in a long definition cheap. The result is a list of
 * operations (keep, remove, add), cut into hunks with their context.
 *
 * The elements the attach edit saves in its metadata entry are text there (escaped XML, so
 * that libvirt stores them as they were); before comparing, they are unescaped, which makes
 * "<gs:element>&lt;graphics …" read as the <graphics> element it holds.
 */
#include "config.h"

#include <string.h>

#include "slices-domain-diff.h"

/* Above this many cells the table would take more than 16 MB: remove all, then add all. */
#define MAX_LCS_CELLS 4000000
#define CONTEXT_LINES 3

typedef struct {
  char        op;     /* ' ', '-', '+' */
  const char *line;
} DiffOp;

static char *
mask_passwords (const char *line)
{
  static gsize once;
  static GRegex *regex;

  if (g_once_init_enter (&once))
    {
      /* Not the attach edit's passwd='yes' marker on a saved element: it holds no secret. */
      regex = g_regex_new ("(?<!:element )(passwd=)(['\"])[^'\"]*(['\"])", G_REGEX_OPTIMIZE,
                           0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (strstr (line, "passwd=") == NULL)
    return g_strdup (line);
  return g_regex_replace (regex, line, -1, 0, "\\1\\2••••••\\3", 0, NULL);
}

static gboolean
append_unescaped (const GMatchInfo *match,
                  GString          *out,
                  gpointer          user_data)
{
  g_autofree char *entity = g_match_info_fetch (match, 1);
  static const char *const names[] = { "lt", "gt", "amp", "quot", "apos" };
  static const char chars[] = { '<', '>', '&', '"', '\'' };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (entity, names[i]))
      g_string_append_c (out, chars[i]);
  return FALSE;
}

static gboolean
append_saved_element (const GMatchInfo *match,
                      GString          *out,
                      gpointer          user_data)
{
  GRegex *entities = user_data;
  g_autofree char *open = g_match_info_fetch (match, 1);
  g_autofree char *text = g_match_info_fetch (match, 2);
  g_autofree char *close = g_match_info_fetch (match, 3);
  g_autofree char *unescaped = g_regex_replace_eval (entities, text, -1, 0, 0, append_unescaped,
                                                     NULL, NULL);

  g_string_append (out, open);
  g_string_append (out, unescaped != NULL ? unescaped : text);
  g_string_append (out, close);
  return FALSE;
}

/* @xml with the text of each <gs:element> unescaped. Its text has no "<" (escaped), so the
 * element ends at the first "</gs:element>". */
static char *
dup_readable (const char *xml)
{
  static gsize once;
  static GRegex *saved, *entities;

  if (g_once_init_enter (&once))
    {
      saved = g_regex_new ("(<gs:element\\b[^>]*>)([^<]*)(</gs:element>)", G_REGEX_OPTIMIZE, 0,
                           NULL);
      entities = g_regex_new ("&(lt|gt|amp|quot|apos);", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (xml == NULL || strstr (xml, "<gs:element") == NULL)
    return g_strdup (xml != NULL ? xml : "");
  return g_regex_replace_eval (saved, xml, -1, 0, 0, append_saved_element, entities, NULL);
}

/* The lines of @xml with attribute values in double quotes, so that only real changes stand
 * out. A trailing newline gives an empty last piece: not a line (*n_lines leaves it out). */
static GStrv
split_normalized (const char *xml,
                  guint      *n_lines)
{
  static gsize once;
  static GRegex *regex;
  g_autofree char *readable = dup_readable (xml);
  g_auto(GStrv) lines = g_strsplit (readable != NULL ? readable : "", "\n", -1);
  guint n;

  if (g_once_init_enter (&once))
    {
      regex = g_regex_new ("(\\s[A-Za-z_][-A-Za-z0-9_.:]*)='([^'\"]*)'", G_REGEX_OPTIMIZE, 0,
                           NULL);
      g_once_init_leave (&once, 1);
    }
  for (guint i = 0; lines[i] != NULL; i++)
    if (strchr (lines[i], '\'') != NULL)
      {
        char *normalized = g_regex_replace (regex, lines[i], -1, 0, "\\1=\"\\2\"", 0, NULL);

        if (normalized != NULL)
          {
            g_free (lines[i]);
            lines[i] = normalized;
          }
      }

  n = g_strv_length (lines);
  if (n > 0 && *lines[n - 1] == '\0')
    n--;
  *n_lines = n;
  return g_steal_pointer (&lines);
}

static void
append_op (GArray     *ops,
           char        op,
           const char *line)
{
  DiffOp diff_op = { op, line };

  g_array_append_val (ops, diff_op);
}

/* The shortest edit from @a to @b (@n and @m lines), through their longest common
 * subsequence; removed lines before added ones, as diff(1) shows them. */
static void
append_middle (GArray      *ops,
               char *const *a,
               guint        n,
               char *const *b,
               guint        m)
{
  g_autofree guint32 *lcs = NULL;
  guint i = 0, j = 0;

  if ((guint64) (n + 1) * (m + 1) > MAX_LCS_CELLS)
    {
      for (i = 0; i < n; i++)
        append_op (ops, '-', a[i]);
      for (j = 0; j < m; j++)
        append_op (ops, '+', b[j]);
      return;
    }

  lcs = g_new0 (guint32, (gsize) (n + 1) * (m + 1));
#define LCS(x, y) lcs[(gsize) (x) * (m + 1) + (y)]
  for (int x = n - 1; x >= 0; x--)
    for (int y = m - 1; y >= 0; y--)
      LCS (x, y) = strcmp (a[x], b[y]) == 0 ? LCS (x + 1, y + 1) + 1
                                            : MAX (LCS (x + 1, y), LCS (x, y + 1));
  while (i < n || j < m)
    {
      if (i < n && j < m && strcmp (a[i], b[j]) == 0)
        {
          append_op (ops, ' ', a[i]);
          i++, j++;
        }
      else if (i < n && (j == m || LCS (i + 1, j) >= LCS (i, j + 1)))
        append_op (ops, '-', a[i++]);
      else
        append_op (ops, '+', b[j++]);
    }
#undef LCS
}

/* Counts the old and the new lines among @ops[@from..@to). */
static void
count_lines (GArray *ops,
             guint   from,
             guint   to,
             guint  *old_lines,
             guint  *new_lines)
{
  *old_lines = *new_lines = 0;
  for (guint t = from; t < to; t++)
    {
      char op = g_array_index (ops, DiffOp, t).op;

      if (op != '+')
        (*old_lines)++;
      if (op != '-')
        (*new_lines)++;
    }
}

/* Writes the hunk that holds the change at @ops[@first] and the changes after it that are
 * close enough to share it; returns the index after the hunk. */
static guint
write_hunk (GString *out,
            GArray  *ops,
            guint    first)
{
  guint start = first >= CONTEXT_LINES ? first - CONTEXT_LINES : 0;
  guint last_change = first, end;
  guint old_before, new_before, old_count, new_count;

  for (guint t = first; t < ops->len; t++)
    {
      if (g_array_index (ops, DiffOp, t).op != ' ')
        last_change = t;
      else if (t - last_change > 2 * CONTEXT_LINES)
        break;
    }
  end = MIN (ops->len, last_change + 1 + CONTEXT_LINES);

  count_lines (ops, 0, start, &old_before, &new_before);
  count_lines (ops, start, end, &old_count, &new_count);
  g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", old_before + 1, old_count,
                          new_before + 1, new_count);
  for (guint t = start; t < end; t++)
    {
      const DiffOp *op = &g_array_index (ops, DiffOp, t);
      g_autofree char *masked = mask_passwords (op->line);

      g_string_append_c (out, op->op);
      g_string_append (out, masked);
      g_string_append_c (out, '\n');
    }
  return end;
}

char *
slices_domain_diff (const char *old_xml,
                    const char *new_xml)
{
  guint n, m, prefix = 0, suffix = 0;
  g_auto(GStrv) a = split_normalized (old_xml, &n);
  g_auto(GStrv) b = split_normalized (new_xml, &m);
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (DiffOp));
  g_autoptr(GString) out = g_string_new (NULL);

  while (prefix < n && prefix < m && strcmp (a[prefix], b[prefix]) == 0)
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix &&
         strcmp (a[n - 1 - suffix], b[m - 1 - suffix]) == 0)
    suffix++;

  for (guint i = 0; i < prefix; i++)
    append_op (ops, ' ', a[i]);
  append_middle (ops, a + prefix, n - prefix - suffix, b + prefix, m - prefix - suffix);
  for (guint i = n - suffix; i < n; i++)
    append_op (ops, ' ', a[i]);

  for (guint k = 0; k < ops->len; )
    {
      if (g_array_index (ops, DiffOp, k).op == ' ')
        k++;
      else
        k = write_hunk (out, ops, k);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
