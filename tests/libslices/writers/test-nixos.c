/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The NixOS snippet (issue 5, FACTS.md §4) for several slice sets: the lines a NixOS user
 * pastes, checked with `nix-instantiate --parse` where Nix is installed and by a structural
 * check everywhere (balanced brackets and quotes, every statement ends with ';').
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "slices-nixos.h"

#define UUID_1 "11111111-2222-3333-4444-555555555501"
#define UUID_2 "11111111-2222-3333-4444-555555555502"
#define UUID_3 "11111111-2222-3333-4444-555555555503"

/* Balanced (), [], {} outside strings and comments, strings closed, and every non-comment
 * line a statement ending in ';'. Returns a reason, or NULL when the text looks right. */
static const char *
structural_problem (const char *snippet)
{
  g_auto(GStrv) lines = g_strsplit (snippet, "\n", -1);
  int depth[3] = { 0, 0, 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean in_string = FALSE;
      const char *last = NULL;

      while (*line == ' ')
        line++;
      if (*line == '\0' || *line == '#')
        continue;

      for (const char *p = line; *p != '\0'; p++)
        {
          if (in_string)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              else if (*p == '$' && p[1] == '{')
                return "unescaped ${ inside a string";
              else if (*p == '"')
                in_string = FALSE;
              continue;
            }
          switch (*p)
            {
            case '"': in_string = TRUE; break;
            case '(': depth[0]++; break;
            case ')': depth[0]--; break;
            case '[': depth[1]++; break;
            case ']': depth[1]--; break;
            case '{': depth[2]++; break;
            case '}': depth[2]--; break;
            case '#': return "comment after code";
            default: break;
            }
          if (depth[0] < 0 || depth[1] < 0 || depth[2] < 0)
            return "closing bracket without an opening one";
          if (*p != ' ')
            last = p;
        }
      if (in_string)
        return "string not closed on its line";
      if (depth[0] != 0 || depth[1] != 0 || depth[2] != 0)
        return "brackets not balanced on a line";
      if (last == NULL || *last != ';')
        return "statement without ';'";
      if (strstr (line, " = ") == NULL)
        return "statement without ' = '";
    }
  return NULL;
}

/* nix-instantiate --parse on the snippet wrapped as a module; FALSE when Nix is missing. */
static gboolean
nix_parses (const char *snippet)
{
  g_autofree char *nix = g_find_program_in_path ("nix-instantiate");
  g_autofree char *module = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  int fd, status = 0;

  if (nix == NULL)
    return FALSE;

  module = slices_nixos_wrap_module (snippet);
  fd = g_file_open_tmp ("test-nixos-XXXXXX.nix", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, module, -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { nix, "--parse", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &err_text, &status, &error);
  }
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("nix-instantiate --parse refused:\n%s\n%s", module, err_text);
  return TRUE;
}

static void
check_snippet (const char *snippet)
{
  const char *problem = structural_problem (snippet);
  g_autofree char *module = slices_nixos_wrap_module (snippet);

  if (problem != NULL)
    g_error ("%s in:\n%s", problem, snippet);
  /* The wrapped module is one balanced expression. */
  g_assert_true (g_str_has_prefix (module, "{\n"));
  g_assert_true (g_str_has_suffix (module, "}\n"));

  if (!nix_parses (snippet))
    g_test_message ("nix-instantiate is not installed: structural check only");
}

static gboolean
has_line (const char *snippet,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (snippet, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

static void
assert_line (const char *snippet,
             const char *line)
{
  if (!has_line (snippet, line))
    g_error ("Missing line\n  %s\nin:\n%s", line, snippet);
}

static void
test_no_slices (void)
{
  g_autofree char *snippet = slices_nixos_snippet (NULL, NULL, 0, FALSE, "alice");

  check_snippet (snippet);
  assert_line (snippet, "virtualisation.kvmgt.enable = true;");
  assert_line (snippet, "virtualisation.libvirtd.enable = true;");
  assert_line (snippet, "users.users.alice.extraGroups = [ \"libvirtd\" ];");
  g_assert_null (strstr (snippet, "virtualisation.kvmgt.device"));
  g_assert_null (strstr (snippet, "vgpus"));
  g_assert_null (strstr (snippet, "extraModprobeConfig"));
}

static void
test_grouped_by_type (void)
{
  /* Given out of order and in mixed case: grouped by type, types and uuids sorted. */
  const SlicesNixosSlice slices[] = {
    { "0000:00:02.0", "i915-GVTg_V5_8", UUID_2 },
    { "0000:00:02.0", "i915-GVTg_V5_4", UUID_3 },
    { "0000:00:02.0", "i915-GVTg_V5_8", "11111111-2222-3333-4444-5555555555AA" },
    { "0000:00:02.0", "i915-GVTg_V5_8", UUID_1 },
  };
  g_autofree char *snippet = slices_nixos_snippet (NULL, slices, G_N_ELEMENTS (slices), FALSE,
                                                   "alice");
  const char *v4, *v8;

  check_snippet (snippet);
  assert_line (snippet, "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_4\".uuid = [ \"" UUID_3 "\" ];");
  assert_line (snippet, "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_8\".uuid = [ \"" UUID_1 "\" \""
               UUID_2 "\" \"11111111-2222-3333-4444-5555555555aa\" ];");
  v4 = strstr (snippet, "GVTg_V5_4");
  v8 = strstr (snippet, "GVTg_V5_8");
  g_assert_true (v4 != NULL && v8 != NULL && v4 < v8);
  /* The default device is not written. */
  g_assert_null (strstr (snippet, "virtualisation.kvmgt.device"));

  /* The same input twice gives the same text. */
  {
    g_autofree char *again = slices_nixos_snippet (NULL, slices, G_N_ELEMENTS (slices), FALSE,
                                                   "alice");

    g_assert_cmpstr (snippet, ==, again);
  }
}

static void
test_other_device_and_guc (void)
{
  const SlicesNixosSlice slices[] = {
    { "0000:00:02.0", "i915-GVTg_V4_2", UUID_1 },
    { "0000:01:00.0", "i915-GVTg_V5_4", UUID_2 },
  };
  g_autofree char *snippet = slices_nixos_snippet ("0000:01:00.0", slices, G_N_ELEMENTS (slices),
                                                   TRUE, "bob");

  check_snippet (snippet);
  assert_line (snippet, "virtualisation.kvmgt.device = \"0000:01:00.0\";");
  assert_line (snippet, "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_4\".uuid = [ \"" UUID_2 "\" ];");
  assert_line (snippet, "boot.extraModprobeConfig = \"options i915 enable_guc=2\";");
  /* The other GPU's slice is only named in a comment: the module drives one GPU. */
  g_assert_null (strstr (snippet, UUID_1));
  g_assert_nonnull (strstr (snippet, "# "));
  g_assert_nonnull (strstr (snippet, "0000:00:02.0"));
}

static void
test_device_from_slices (void)
{
  const SlicesNixosSlice slices[] = {
    { "0000:00:02.1", "i915-GVTg_V5_2", UUID_1 },
  };
  g_autofree char *snippet = slices_nixos_snippet (NULL, slices, 1, FALSE, NULL);

  check_snippet (snippet);
  assert_line (snippet, "virtualisation.kvmgt.device = \"0000:00:02.1\";");
  /* No user name: no users line. */
  g_assert_null (strstr (snippet, "users.users"));
}

static void
test_escaping (void)
{
  const SlicesNixosSlice slices[] = {
    { "0000:00:02.0", "weird\"type${x}\\", UUID_1 },
  };
  g_autofree char *snippet = slices_nixos_snippet (NULL, slices, 1, FALSE, "first.last");
  g_autofree char *quoted = slices_nix_string ("a\"b\\c${d}$e\n");
  g_autofree char *plain = slices_nix_attr_name ("alice_2-x'");
  g_autofree char *keyword = slices_nix_attr_name ("with");
  g_autofree char *digit = slices_nix_attr_name ("1user");

  check_snippet (snippet);
  assert_line (snippet, "virtualisation.kvmgt.vgpus.\"weird\\\"type\\${x}\\\\\".uuid = [ \""
               UUID_1 "\" ];");
  assert_line (snippet, "users.users.\"first.last\".extraGroups = [ \"libvirtd\" ];");

  g_assert_cmpstr (quoted, ==, "\"a\\\"b\\\\c\\${d}$e\\n\"");
  g_assert_cmpstr (plain, ==, "alice_2-x'");
  g_assert_cmpstr (keyword, ==, "\"with\"");
  g_assert_cmpstr (digit, ==, "\"1user\"");
}

static void
test_structural_check_catches (void)
{
  /* The structural check itself must fail on broken text, or it proves nothing. */
  g_assert_nonnull (structural_problem ("a = [ \"x\" ;\n"));
  g_assert_nonnull (structural_problem ("a = \"x;\n"));
  g_assert_nonnull (structural_problem ("a = true\n"));
  g_assert_nonnull (structural_problem ("a = \"${x}\";\n"));
  g_assert_null (structural_problem ("# comment\na.\"b\" = [ \"\\\"\" ];\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/nixos/no-slices", test_no_slices);
  g_test_add_func ("/slices/nixos/grouped-by-type", test_grouped_by_type);
  g_test_add_func ("/slices/nixos/other-device-and-guc", test_other_device_and_guc);
  g_test_add_func ("/slices/nixos/device-from-slices", test_device_from_slices);
  g_test_add_func ("/slices/nixos/escaping", test_escaping);
  g_test_add_func ("/slices/nixos/structural-check", test_structural_check_catches);

  return g_test_run ();
}
