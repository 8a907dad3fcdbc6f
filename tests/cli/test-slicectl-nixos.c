/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl nixos` on simulated trees: the configuration.nix lines for the slices that exist
 * (grouped by type, UUIDs sorted, the GPU named only when it is not the default one, enable_guc=2
 * when GuC submission is on), and user names no system allows refused.
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
