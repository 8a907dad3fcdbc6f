/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl nixos` on simulated trees: the configuration.nix lines for the slices that exist
 * (grouped by type, UUIDs sorted, the GPU named only when it is not the default one, enable_guc=2
 * when GuC submission is on), and user names no system allows refused. Each snippet, put inside
 * configuration.nix's top-level { … } as its comment says, is also parsed by Nix itself
 * (nix-instantiate --parse, Debian's nix-bin).
 */
#include "config.h"

#include <string.h>

#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "nixos-stray-argument", 2,
    { "nixos", "configuration.nix" },
    { "configuration.nix" } },
};

static gboolean
has_line (const char *text,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

static void
assert_has_line (const char *text,
                 const char *line)
{
  if (!has_line (text, line))
    g_error ("no line “%s” in:\n%s", line, text);
}

/* Every line is a comment or one statement ending in ';', and the snippet ends in a newline. */
static void
assert_nix_statements (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_suffix (text, "\n"));
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (*line == '\0' || g_str_has_prefix (line, "#"))
        continue;
      if (!g_str_has_suffix (line, ";"))
        g_error ("not a statement: “%s”", line);
    }
}

/* nix-instantiate --parse on @text in a file; the exit code, and what Nix printed in @run. A
 * private configuration folder and the dummy store, so that it needs no /nix and no root. */
static int
nix_parse (const char    *text,
           SlicesTestRun *run)
{
  g_autofree char *dir = slices_test_make_tmp_dir ("nix-parse-XXXXXX");
  g_autofree char *file = g_build_filename (dir, "configuration.nix", NULL);
  g_autofree char *conf_env = g_strconcat ("NIX_CONF_DIR=", dir, NULL);
  g_autofree char *cache_env = g_strconcat ("XDG_CACHE_HOME=", dir, NULL);
  g_autofree char *home_env = g_strconcat ("HOME=", dir, NULL);
  const char *argv[] = { NIX_INSTANTIATE, "--store", "dummy://", "--parse", file, NULL };
  const char *envp[] = { conf_env, cache_env, home_env, "PATH=/usr/bin:/bin", NULL };

  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  slices_test_run_argv (run, argv, envp);
  g_assert_true (slices_test_remove_tree (dir));

  return run->status;
}

/* The snippet inside the top-level { … } of a configuration.nix passes Nix's own parser, and
 * the same lines with one statement broken do not (so that this check can fail). */
static void
assert_nix_parses (const char *snippet)
{
  g_auto(SlicesTestRun) parse = { 0 };
  g_autofree char *module = g_strdup_printf ("{ config, pkgs, ... }:\n{\n%s}\n", snippet);
  g_autofree char *broken = NULL;
  const char *last = strrchr (snippet, ';');

  if (nix_parse (module, &parse) != 0)
    g_error ("nix-instantiate --parse failed (%s) on:\n%s", parse.err, module);
  /* Nix prints the expression back: the attribute paths are there as attribute sets. */
  g_assert_nonnull (strstr (parse.out, "virtualisation = { "));

  g_assert_nonnull (last);
  broken = g_strdup_printf ("{ config, pkgs, ... }:\n{\n%.*s}\n",
                            (int) (last - snippet), snippet);
  g_assert_cmpint (nix_parse (broken, &parse), !=, 0);
}

static void
test_nixos_snippet (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_tree_make_parameters_readable (tree);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_C);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "nixos", "--user", "alice", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  assert_nix_statements (run.out);
  assert_nix_parses (run.out);

  /* Grouped by type, UUIDs sorted; the GPU is the default one, so no .device line. */
  assert_has_line (run.out, "virtualisation.kvmgt.enable = true;");
  assert_has_line (run.out,
                   "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_4\".uuid = [ \"" UUID_A "\" ];");
  assert_has_line (run.out,
                   "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_8\".uuid = [ \"" UUID_B "\" \""
                   UUID_C "\" ];");
  g_assert_null (strstr (run.out, "virtualisation.kvmgt.device"));
  g_assert_null (strstr (run.out, "enable_guc"));
  assert_has_line (run.out, "virtualisation.libvirtd.enable = true;");
  assert_has_line (run.out, "users.users.alice.extraGroups = [ \"libvirtd\" ];");

  /* With GuC submission on, the snippet also turns it off. */
  slices_test_tree_set_parameter (tree, "enable_guc", "3\n");
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "nixos", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has_line (run.out, "boot.extraModprobeConfig = \"options i915 enable_guc=2\";");
  assert_nix_statements (run.out);
  assert_nix_parses (run.out);

  /* A user name that no system allows is refused rather than written into Nix code. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "nixos", "--user", "a\"b", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "a\"b", NULL);
}

static void
test_nixos_other_device (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  slices_sim_gpu_spec_init (&spec, "0000:03:00.0");
  spec.device_id = 0x3e92;
  tree = slices_test_tree_new (&spec, NULL);
  slices_test_cli_create_slice (tree, "0000:03:00.0", "i915-GVTg_V5_4", UUID_A);

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "nixos", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_nix_statements (run.out);
  assert_nix_parses (run.out);
  assert_has_line (run.out, "virtualisation.kvmgt.device = \"0000:03:00.0\";");
  assert_has_line (run.out,
                   "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_4\".uuid = [ \"" UUID_A "\" ];");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/nixos/snippet", test_nixos_snippet);
  g_test_add_func ("/slices/slicectl/nixos/other-device", test_nixos_other_device);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}
