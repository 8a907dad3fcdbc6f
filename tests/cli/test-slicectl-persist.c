/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slices kept after a restart, from the command line, on simulated trees (the simulator's
 * mdevctl store stands in for /etc/mdevctl.d): `persist` and `unpersist` (UUIDs in any case,
 * several at once), `create --persistent`, what `list` and `list --json` then say, that removing
 * a slice forgets it, and every bad request refused with one line, the right exit code and
 * nothing changed.
 */
#include "config.h"

#include <string.h>

#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "persist-nothing", 2,
    { "--simulate", "persist" },
    { "persist", "UUID" } },
  { "persist-bad-uuid", 2,
    { "--simulate", "persist", UUID_A, "slice-1" },
    { "slice-1", "UUID" } },
  { "unpersist-bad-uuid", 2,
    { "--simulate", "unpersist", "zzz" },
    { "zzz", "UUID" } },
  { "persist-unknown-slice", 1,
    { "--simulate", "persist", "11111111-2222-3333-4444-555555555555" },
    { "11111111-2222-3333-4444-555555555555" } },
  /* Without --simulate, a write to another tree than /sys is refused (and pkexec never runs). */
  { "persist-needs-simulate", 2,
    { "persist", "11111111-2222-3333-4444-555555555555" },
    { "--simulate" } },
};

/* Whether `list --json` marks the slice @uuid as kept; it must be listed. */
static gboolean
is_kept (const SlicesTestTree *tree,
         const char           *uuid)
{
  g_autoptr(JsonNode) root = slices_test_cli_list_json (tree);
  JsonArray *slices = slices_test_cli_get_slices (slices_test_cli_get_gpu (root, 0));

  for (guint i = 0; i < json_array_get_length (slices); i++)
    {
      JsonObject *slice = json_array_get_object_element (slices, i);

      if (g_str_equal (json_object_get_string_member (slice, "uuid"), uuid))
        return json_object_get_boolean_member (slice, "persistent");
    }

  g_error ("slice %s is not listed", uuid);
}

/* The KEPT column of the human list for @uuid. */
static void
assert_kept_column (const SlicesTestTree *tree,
                    const char           *uuid,
                    const char           *kept)
{
  g_auto(SlicesTestRun) run = { 0 };
  g_autofree char *pattern = g_strdup_printf ("\n  %s +i915-GVTg_V5_[0-9]+ +%s\n", uuid, kept);

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "KEPT"));
  if (!g_regex_match_simple (pattern, run.out, 0, 0))
    g_error ("%s is not “%s” in the KEPT column:\n%s", uuid, kept, run.out);
}

static void
test_persist_unpersist (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);
  g_assert_false (is_kept (tree, UUID_A));
  g_assert_false (is_kept (tree, UUID_B));
  assert_kept_column (tree, UUID_A, "no");

  /* Both at once, one of them in upper case: nothing printed, both kept. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "persist",
                       "4B20D080-1B54-4048-85B3-A6A62D165C01", UUID_B, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (is_kept (tree, UUID_A));
  g_assert_true (is_kept (tree, UUID_B));
  assert_kept_column (tree, UUID_A, "yes");

  /* Kept twice is still kept once. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "persist", UUID_A, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (is_kept (tree, UUID_A));

  /* Unpersist one: the other stays kept, and both slices stay. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "unpersist", UUID_A, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (is_kept (tree, UUID_A));
  g_assert_true (is_kept (tree, UUID_B));
  assert_kept_column (tree, UUID_A, "no");
  assert_kept_column (tree, UUID_B, "yes");

  /* A slice that is not kept is not an error. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "unpersist", UUID_A, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  /* Removing a kept slice forgets it: made again, it is not kept. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_B, NULL);
  g_assert_cmpint (run.status, ==, 0);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);
  g_assert_false (is_kept (tree, UUID_B));
}

static void
test_persist_create_persistent (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_auto(GStrv) lines = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu",
                       KBL_ADDRESS, "--type", "i915-GVTg_V5_8", "--count", "2", "--persistent",
                       NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (is_kept (tree, lines[0]));
  g_assert_true (is_kept (tree, lines[1]));

  /* Without --persistent a new slice is not kept. */
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  g_assert_false (is_kept (tree, UUID_A));
}

/* --simulate writes only to a tree the simulator made. */
static void
test_persist_foreign_tree (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_empty ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_tree_make_dir (tree->root, "bus/pci/devices");
  before = slices_test_snapshot (tree->root);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "persist", UUID_A, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, tree->root, "simulator", NULL);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "unpersist", UUID_A,
                       NULL);
  slices_test_cli_assert_one_line_error (&run, 1, tree->root, "simulator", NULL);
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);

  /* And it needs a tree. */
  slices_test_cli_run (&run, "--simulate", "persist", UUID_A, NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
}

static void
test_persist_help (void)
{
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "persist", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "slicectl persist"));
  g_assert_nonnull (strstr (run.out, "mdevctl"));
  g_assert_nonnull (strstr (run.out, "Exit status"));

  slices_test_cli_run (&run, "help", "unpersist", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "slicectl unpersist"));

  slices_test_cli_run (&run, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "persist"));
  g_assert_nonnull (strstr (run.out, "unpersist"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/persist/unpersist", test_persist_unpersist);
  g_test_add_func ("/slices/slicectl/persist/create-persistent", test_persist_create_persistent);
  g_test_add_func ("/slices/slicectl/persist/foreign-tree", test_persist_foreign_tree);
  g_test_add_func ("/slices/slicectl/persist/help", test_persist_help);
  slices_test_cli_add_error_cases ("/slices/slicectl/persist/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}
