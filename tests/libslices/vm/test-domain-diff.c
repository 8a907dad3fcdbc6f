/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests for SlicesDomainDiff, the line diff the attach wizard's review shows: exact output for
 * small cases (one change, hunks and their context, quotes, passwords), and for long texts
 * and every corpus domain after an attach, that applying the diff to the old text gives the
 * new one, line for line.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "slices-domain-diff.h"
#include "slices-domain-edit.h"

#define SLICE "1b3e2c4a-9f6d-4e21-8a7b-0c5d6e7f8091"

/* "l1\n" … "l@n\n", with line @changed (1-based, 0: none) written as @text instead. */
static char *
numbered_lines (guint       n,
                guint       changed,
                const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    {
      if (i == changed)
        g_string_append_printf (out, "%s\n", text);
      else
        g_string_append_printf (out, "l%u\n", i);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @text with the whole line @line1 replaced by @text1, and @line2 by @text2. */
static char *
replace_lines (const char *text,
               const char *line1,
               const char *text1,
               const char *line2,
               const char *text2)
{
  g_autoptr(GString) out = g_string_new ("\n");
  g_autofree char *from1 = g_strdup_printf ("\n%s\n", line1);
  g_autofree char *to1 = g_strdup_printf ("\n%s\n", text1);
  g_autofree char *from2 = g_strdup_printf ("\n%s\n", line2);
  g_autofree char *to2 = g_strdup_printf ("\n%s\n", text2);

  g_string_append (out, text);
  g_assert_cmpuint (g_string_replace (out, from1, to1, 1), ==, 1);
  g_assert_cmpuint (g_string_replace (out, from2, to2, 1), ==, 1);
  g_string_erase (out, 0, 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The line as the diff shows it: attribute values in double quotes, passwords as dots. */
static char *
shown_line (const char *line)
{
  g_autoptr(GRegex) quotes = g_regex_new ("(\\s[A-Za-z_][-A-Za-z0-9_.:]*)='([^'\"]*)'", 0, 0,
                                          NULL);
  g_autoptr(GRegex) passwd = g_regex_new ("(?<!:element )passwd=\"[^\"]*\"", 0, 0, NULL);
  g_autofree char *double_quoted = g_regex_replace (quotes, line, -1, 0, "\\1=\"\\2\"", 0, NULL);

  return g_regex_replace_literal (passwd, double_quoted, -1, 0, "passwd=\"••••••\"", 0, NULL);
}

/* @text with the escaped XML inside each <gs:element> unescaped, as the diff shows it. */
static char *
unescape_saved (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *rest = text;
  const char *start;

  while ((start = strstr (rest, "<gs:element")) != NULL)
    {
      const char *content = strchr (start, '>') + 1;
      const char *end = strstr (content, "</gs:element>");
      g_autoptr(GString) inner = g_string_new_len (content, end - content);

      g_string_replace (inner, "&lt;", "<", 0);
      g_string_replace (inner, "&gt;", ">", 0);
      g_string_replace (inner, "&quot;", "\"", 0);
      g_string_replace (inner, "&amp;", "&", 0);
      g_string_append_len (out, rest, content - rest);
      g_string_append (out, inner->str);
      rest = end;
    }
  g_string_append (out, rest);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
shown_lines (const char *text)
{
  g_autofree char *readable = unescape_saved (text);
  g_auto(GStrv) lines = g_strsplit (readable, "\n", -1);
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i + 1] != NULL || *lines[i] != '\0')
      g_ptr_array_add (shown, shown_line (lines[i]));
  return shown;
}

/* Applies @diff to @old_text as patch(1) would, checking every hunk header and every context
 * and removed line against the old text; returns the new lines. */
static GPtrArray *
apply_diff (const char *old_text,
            const char *diff)
{
  g_autoptr(GPtrArray) old = shown_lines (old_text);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (diff, "\n", -1);
  guint cursor = 0;
  guint i = 0;

  g_assert_true (*diff == '\0' || g_str_has_suffix (diff, "\n"));
  while (lines[i] != NULL && *lines[i] != '\0')
    {
      guint old_start, old_count, new_start, new_count, old_seen = 0, new_seen = 0;

      g_assert_cmpint (sscanf (lines[i], "@@ -%u,%u +%u,%u @@", &old_start, &old_count,
                               &new_start, &new_count), ==, 4);
      g_assert_cmpuint (old_start, >=, cursor + 1);
      while (cursor + 1 < old_start)
        g_ptr_array_add (result, g_strdup (old->pdata[cursor++]));
      g_assert_cmpuint (new_start, ==, result->len + 1);

      for (i++; lines[i] != NULL && lines[i][0] != '@' && *lines[i] != '\0'; i++)
        {
          const char *rest = lines[i] + 1;

          if (lines[i][0] != '+')
            {
              g_assert_cmpuint (cursor, <, old->len);
              g_assert_cmpstr (rest, ==, old->pdata[cursor]);
              cursor++;
              old_seen++;
            }
          if (lines[i][0] != '-')
            {
              g_ptr_array_add (result, g_strdup (rest));
              new_seen++;
            }
          g_assert_true (strchr (" -+", lines[i][0]) != NULL);
        }
      g_assert_cmpuint (old_seen, ==, old_count);
      g_assert_cmpuint (new_seen, ==, new_count);
    }
  while (cursor < old->len)
    g_ptr_array_add (result, g_strdup (old->pdata[cursor++]));
  return result;
}

static void
assert_diff_applies (const char *old_text,
                     const char *new_text)
{
  g_autofree char *diff = slices_domain_diff (old_text, new_text);
  g_autoptr(GPtrArray) result = apply_diff (old_text, diff);
  g_autoptr(GPtrArray) expected = shown_lines (new_text);

  g_assert_cmpuint (result->len, ==, expected->len);
  for (guint i = 0; i < result->len; i++)
    g_assert_cmpstr (result->pdata[i], ==, expected->pdata[i]);
}

/* The cases the attach wizard's GUI test checked when the diff was part of the wizard. */
static void
test_wizard_cases (void)
{
  g_autofree char *diff = NULL;
  g_autofree char *same = NULL;

  diff = slices_domain_diff ("a\nb\nc\nd\ne\nf\ng\nh\n<x passwd='secret'/>\n",
                             "a\nb\nc\nd\nE\nf\ng\nh\n<x passwd='secret'/>\ni\n");
  g_assert_cmpstr (diff, ==,
                   "@@ -2,8 +2,9 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n <x passwd=\"••••••\"/>\n+i\n");
  /* Quote style is not a change. */
  g_clear_pointer (&diff, g_free);
  diff = slices_domain_diff ("<a>\n  <b c='1' d:e='x'/>\n</a>\n",
                             "<a>\n  <b c=\"1\" d:e=\"x\"/>\n  <f/>\n</a>\n");
  g_assert_cmpstr (diff, ==, "@@ -1,3 +1,4 @@\n <a>\n   <b c=\"1\" d:e=\"x\"/>\n+  <f/>\n </a>\n");
  same = slices_domain_diff ("a\nb\n", "a\nb\n");
  g_assert_cmpstr (same, ==, "");
}

/* What attach saves in its metadata is escaped text; the diff shows it as the XML it is, and
 * the saved element's passwd="yes" marker (no secret) is not masked like a password. */
static void
test_saved_elements (void)
{
  g_autofree char *diff = NULL;

  diff = slices_domain_diff ("<d>\n</d>\n",
                             "<d>\n  <gs:element passwd=\"yes\">&lt;graphics type=\"spice\" "
                             "a=\"x&amp;amp;y\"&gt;\n    &lt;listen type=\"none\"/&gt;\n"
                             "  &lt;/graphics&gt;</gs:element>\n"
                             "  <graphics passwd='secret'/>\n</d>\n");
  g_assert_cmpstr (diff, ==,
                   "@@ -1,2 +1,6 @@\n <d>\n"
                   "+  <gs:element passwd=\"yes\"><graphics type=\"spice\" a=\"x&amp;y\">\n"
                   "+    <listen type=\"none\"/>\n"
                   "+  </graphics></gs:element>\n"
                   "+  <graphics passwd=\"••••••\"/>\n"
                   " </d>\n");
  g_assert_null (strstr (diff, "&lt;"));
}

static void
test_identical (void)
{
  const char *pairs[][2] = {
    { NULL, NULL },
    { NULL, "" },
    { "", "" },
    { "a\nb\n", "a\nb\n" },
    /* A trailing newline is not a line. */
    { "a\nb", "a\nb\n" },
    /* Only the quotes differ. */
    { "<graphics type='spice' passwd='x'/>\n", "<graphics type=\"spice\" passwd=\"x\"/>\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *diff = slices_domain_diff (pairs[i][0], pairs[i][1]);

      g_assert_cmpstr (diff, ==, "");
    }
}

static void
test_one_change (void)
{
  g_autofree char *old = numbered_lines (20, 0, NULL);
  g_autofree char *middle = numbered_lines (20, 10, "L10");
  g_autofree char *first = numbered_lines (20, 1, "L1");
  g_autofree char *added = g_strconcat (old, "l21\n", NULL);
  g_autofree char *diff = NULL;

  /* Three lines of context on each side. */
  diff = slices_domain_diff (old, middle);
  g_assert_cmpstr (diff, ==, "@@ -7,7 +7,7 @@\n l7\n l8\n l9\n-l10\n+L10\n l11\n l12\n l13\n");
  g_clear_pointer (&diff, g_free);

  /* At the start there is no context before. */
  diff = slices_domain_diff (old, first);
  g_assert_cmpstr (diff, ==, "@@ -1,4 +1,4 @@\n-l1\n+L1\n l2\n l3\n l4\n");
  g_clear_pointer (&diff, g_free);

  /* A line added at the end, and the same line taken away again. */
  diff = slices_domain_diff (old, added);
  g_assert_cmpstr (diff, ==, "@@ -18,3 +18,4 @@\n l18\n l19\n l20\n+l21\n");
  g_clear_pointer (&diff, g_free);
  diff = slices_domain_diff (added, old);
  g_assert_cmpstr (diff, ==, "@@ -18,4 +18,3 @@\n l18\n l19\n l20\n-l21\n");
}

static void
test_hunks (void)
{
  g_autofree char *old = numbered_lines (20, 0, NULL);
  g_autofree char *near = replace_lines (old, "l5", "X", "l12", "Y");
  g_autofree char *apart = replace_lines (old, "l5", "X", "l13", "Z1\nZ2");
  g_autofree char *diff = NULL;

  /* Six unchanged lines between two changes: one hunk. */
  diff = slices_domain_diff (old, near);
  g_assert_cmpstr (diff, ==,
                   "@@ -2,14 +2,14 @@\n l2\n l3\n l4\n-l5\n+X\n l6\n l7\n l8\n l9\n l10\n l11\n"
                   "-l12\n+Y\n l13\n l14\n l15\n");
  g_clear_pointer (&diff, g_free);

  /* Seven: two hunks, each with its own context, numbered in the old and the new text. */
  diff = slices_domain_diff (old, apart);
  g_assert_cmpstr (diff, ==,
                   "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+X\n l6\n l7\n l8\n"
                   "@@ -10,7 +10,8 @@\n l10\n l11\n l12\n-l13\n+Z1\n+Z2\n l14\n l15\n l16\n");
  assert_diff_applies (old, near);
  assert_diff_applies (old, apart);
  assert_diff_applies (apart, old);
}

static void
test_passwords (void)
{
  const char *old = "<domain>\n  <name>vm</name>\n"
                    "  <graphics type='vnc' passwd='old-secret'/>\n"
                    "  <graphics type=\"spice\" passwd=\"kept-secret\"/>\n</domain>\n";
  const char *new = "<domain>\n  <name>vm2</name>\n"
                    "  <graphics type='vnc' passwd='new-secret'/>\n"
                    "  <graphics type=\"spice\" passwd=\"kept-secret\"/>\n</domain>\n";
  g_autofree char *diff = slices_domain_diff (old, new);

  /* The changed password is a change, but no password is shown, in any line. */
  g_assert_null (strstr (diff, "secret"));
  g_assert_cmpstr (diff, ==,
                   "@@ -1,5 +1,5 @@\n <domain>\n-  <name>vm</name>\n-  <graphics type=\"vnc\" "
                   "passwd=\"••••••\"/>\n+  <name>vm2</name>\n+  <graphics type=\"vnc\" "
                   "passwd=\"••••••\"/>\n   <graphics type=\"spice\" passwd=\"••••••\"/>\n"
                   " </domain>\n");
}

static void
test_long (void)
{
  g_autofree char *old = numbered_lines (5000, 0, NULL);
  g_autofree char *changed = numbered_lines (5000, 2500, "<changed/>");
  g_autofree char *diff = slices_domain_diff (old, changed);
  g_autoptr(GString) other = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *edited_text = NULL;
  g_auto(GStrv) lines = NULL;

  /* One change in a long definition: one hunk of seven lines. */
  g_assert_cmpstr (diff, ==,
                   "@@ -2497,7 +2497,7 @@\n l2497\n l2498\n l2499\n-l2500\n+<changed/>\n l2501\n"
                   " l2502\n l2503\n");
  g_clear_pointer (&diff, g_free);

  /* Nothing in common, too long to compare every pair: all removed, then all added. */
  for (guint i = 1; i <= 2500; i++)
    g_string_append_printf (other, "m%u\n", i);
  g_clear_pointer (&old, g_free);
  old = numbered_lines (2500, 0, NULL);
  diff = slices_domain_diff (old, other->str);
  lines = g_strsplit (diff, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "@@ -1,2500 +1,2500 @@");
  g_assert_cmpstr (lines[1], ==, "-l1");
  g_assert_cmpstr (lines[2500], ==, "-l2500");
  g_assert_cmpstr (lines[2501], ==, "+m1");
  g_assert_cmpstr (lines[5000], ==, "+m2500");
  g_assert_cmpstr (lines[5001], ==, "");
  g_assert_null (lines[5002]);

  /* Many edits spread over 1500 lines: the diff takes the old text to the new one. */
  for (guint i = 1; i <= 1500; i++)
    {
      guint32 roll = g_rand_int_range (rand, 0, 100);

      if (roll < 2)
        continue;                                             /* removed */
      if (roll < 4)
        g_ptr_array_add (edited, g_strdup_printf ("new %u", i));  /* added before */
      g_ptr_array_add (edited, roll < 6 ? g_strdup_printf ("L%u", i) : g_strdup_printf ("l%u", i));
    }
  g_ptr_array_add (edited, NULL);
  edited_text = g_strjoinv ("\n", (char **) edited->pdata);
  g_clear_pointer (&old, g_free);
  old = numbered_lines (1500, 0, NULL);
  assert_diff_applies (old, edited_text);
  assert_diff_applies (edited_text, old);
}

/* Every corpus domain, attached with every display: the diff is exactly the edit. */
static void
test_attach_corpus (void)
{
  const char *corpus[] = {
    "win10-ovmf-spice.xml", "linux-virtio-gpu-comment.xml", "qemu-commandline.xml",
    "other-prefix.xml", "pci-hostdev.xml", "vnc-server.xml", "minimal.xml",
  };
  const SlicesDisplayMode modes[] = {
    SLICES_DISPLAY_MODE_LOCAL, SLICES_DISPLAY_MODE_REMOTE, SLICES_DISPLAY_MODE_OFF,
  };

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    for (guint j = 0; j < G_N_ELEMENTS (modes); j++)
      {
        g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domains",
                                                       corpus[i], NULL);
        SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
        g_autoptr(GError) error = NULL;
        g_autofree char *original = NULL;
        g_autofree char *attached = NULL;
        g_autofree char *diff = NULL;

        g_file_get_contents (path, &original, NULL, &error);
        g_assert_no_error (error);
        opts.display = modes[j];
        opts.rendernode = "/dev/dri/renderD128";
        attached = slices_domain_attach (original, SLICE, "i915-GVTg_V5_4", 1920, 1200, &opts,
                                         SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
        g_assert_no_error (error);

        diff = slices_domain_diff (original, attached);
        g_assert_nonnull (strstr (diff, "\n+"));
        g_assert_nonnull (strstr (diff, SLICE));
        g_assert_null (strstr (diff, "s3cret-Pa55"));
        g_assert_null (strstr (diff, "vncpass"));
        assert_diff_applies (original, attached);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/domain-diff/wizard-cases", test_wizard_cases);
  g_test_add_func ("/slices/domain-diff/saved-elements", test_saved_elements);
  g_test_add_func ("/slices/domain-diff/identical", test_identical);
  g_test_add_func ("/slices/domain-diff/one-change", test_one_change);
  g_test_add_func ("/slices/domain-diff/hunks", test_hunks);
  g_test_add_func ("/slices/domain-diff/passwords", test_passwords);
  g_test_add_func ("/slices/domain-diff/long", test_long);
  g_test_add_func ("/slices/domain-diff/attach-corpus", test_attach_corpus);

  return g_test_run ();
}
