/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What any slicectl command line meets before the command itself: `--help`, `help COMMAND` and
 * `--version`, unknown commands and options, no command, --sysfs-root pointing at nothing or at
 * a folder that is not sysfs, and --simulate without a tree: one line on stderr, exit 2 for a
 * wrong command line, 1 for a tree it cannot use, and nothing written.
 */
#include "config.h"

#include <string.h>

#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "unknown-command", 2,
    { "frobnicate" },
    { "frobnicate", "list" } },
  { "unknown-option", 2,
    { "--frobnicate", "list" },
    { "--frobnicate" } },
  { "unknown-command-option", 2,
    { "list", "--frobnicate" },
    { "--frobnicate", "list --help" } },
  { "no-command", 2,
    { NULL },
    { "command" } },
};

static void
test_error_trees (void)
{
  g_autoptr(SlicesTestTree) empty = slices_test_tree_new_empty ();
  g_autofree char *missing = g_build_filename (empty->root, "no-such-folder", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  /* --sysfs-root pointing at nothing. */
  slices_test_cli_run (&run, "--sysfs-root", missing, "list", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, missing, "--sysfs-root", NULL);
  slices_test_cli_run (&run, "--sysfs-root", missing, "list", "--json", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, missing, NULL);

  /* A folder that is not a sysfs tree. */
  slices_test_cli_run (&run, "--sysfs-root", empty->root, "list", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, empty->root, "bus/pci/devices", NULL);
  slices_test_cli_run (&run, "--sysfs-root", empty->root, "--simulate", "create", "--gpu",
                       KBL_ADDRESS, "--type", "i915-GVTg_V5_4", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, empty->root));

  /* A tree that looks like sysfs but was not made by the simulator: --simulate cannot write. */
  slices_test_tree_make_dir (empty->root, "bus/pci/devices");
  before = slices_test_snapshot (empty->root);
  slices_test_cli_run (&run, "--sysfs-root", empty->root, "--simulate", "remove",
                       "4b20d080-1b54-4048-85b3-a6a62d165c01", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, empty->root, "simulator", NULL);
  after = slices_test_snapshot (empty->root);
  g_assert_cmpstr (before, ==, after);
}

static void
test_error_simulate_without_root (void)
{
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "--simulate", "list", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
  slices_test_cli_run (&run, "--simulate", "create", "--gpu", KBL_ADDRESS, "--type",
                       "i915-GVTg_V5_4", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
  slices_test_cli_run (&run, "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
}

static void
test_help (void)
{
  const char *tool_needles[] = { "list", "create", "remove", "--sysfs-root", "--simulate",
                                 "--version", "Exit status", "usage error" };
  const char *create_needles[] = { "slicectl create", "--gpu", "--type", "--uuid", "--count",
                                   "--sysfs-root", "Exit status" };
  const char *qemu_args_needles[] = { "--display", "--resolution", "--rendernode", "gtk",
                                      "spice", "egl-headless", "remote-viewer" };
  const char *attach_needles[] = { "--connect", "--domain", "--xml", "--slice", "--display",
                                   "--rendernode", "--resolution", "--no-ramfb", "--no-opregion",
                                   "--mesa-i965", "--replace", "--dry-run", "--libvirt-version",
                                   "--type", "Exit status" };
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (tool_needles); i++)
    g_assert_nonnull (strstr (run.out, tool_needles[i]));

  slices_test_cli_run (&run, "-h", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Exit status"));

  slices_test_cli_run (&run, "create", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (create_needles); i++)
    g_assert_nonnull (strstr (run.out, create_needles[i]));

  slices_test_cli_run (&run, "help", "create", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--count"));

  slices_test_cli_run (&run, "list", "-h", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--json"));

  slices_test_cli_run (&run, "remove", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "UUID"));

  slices_test_cli_run (&run, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "doctor"));
  g_assert_nonnull (strstr (run.out, "nixos"));
  g_assert_nonnull (strstr (run.out, "qemu-args"));

  slices_test_cli_run (&run, "doctor", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--json"));
  g_assert_nonnull (strstr (run.out, "sudo slicectl doctor"));

  slices_test_cli_run (&run, "help", "qemu-args", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (qemu_args_needles); i++)
    g_assert_nonnull (strstr (run.out, qemu_args_needles[i]));

  slices_test_cli_run (&run, "nixos", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "configuration.nix"));

  slices_test_cli_run (&run, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "attach"));
  g_assert_nonnull (strstr (run.out, "detach"));

  slices_test_cli_run (&run, "attach", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (attach_needles); i++)
    g_assert_nonnull (strstr (run.out, attach_needles[i]));

  slices_test_cli_run (&run, "help", "detach", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--xml"));
  g_assert_nonnull (strstr (run.out, "--dry-run"));

  slices_test_cli_run (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "slicectl " PACKAGE_VERSION "\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/error/trees", test_error_trees);
  g_test_add_func ("/slices/slicectl/error/simulate-without-root",
                   test_error_simulate_without_root);
  g_test_add_func ("/slices/slicectl/help", test_help);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}
