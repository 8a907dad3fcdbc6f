/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl --simulate remove` refusing what it cannot do: an unknown slice, a malformed UUID,
 * none at all, and a list with one unknown slice among real ones: one line on stderr, the right
 * exit code, and nothing removed. (Removing itself is checked with create.)
 */
#include "config.h"

#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "remove-unknown-slice", 1,
    { "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01" },
    { "4b20d080-1b54-4048-85b3-a6a62d165c01", "nothing was removed" } },
  { "remove-bad-uuid", 2,
    { "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01", "zzz" },
    { "zzz" } },
  { "remove-nothing", 2,
    { "--simulate", "remove" },
    { "UUID" } },
};

static void
test_error_remove_checks_all_first (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  const char *missing = "11111111-2222-3333-4444-555555555555";

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu",
                       KBL_ADDRESS, "--type", "i915-GVTg_V5_8", "--count", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  before = slices_test_snapshot (tree->root);

  /* Two real slices and one that does not exist, last: nothing is removed. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", lines[0], lines[1],
                       missing, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, missing, "nothing was removed", NULL);
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/error/remove-checks-all-first",
                   test_error_remove_checks_all_first);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}
