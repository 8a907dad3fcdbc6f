/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl --simulate create` as a user runs it, on simulated trees: several at once and
 * removed again, UUIDs and GPU addresses in the forms people type, and every bad request (unknown
 * GPU or type, malformed values, no room, a write without --simulate) refused with one line on
 * stderr, the right exit code, and the tree exactly as it was.
 */
#include "config.h"

#include <string.h>

#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "unknown-gpu", 1,
    { "--simulate", "create", "--gpu", "0000:00:09.0", "--type", "i915-GVTg_V5_4" },
    { "0000:00:09.0", KBL_ADDRESS } },
  { "bad-address", 2,
    { "--simulate", "create", "--gpu", "banana", "--type", "i915-GVTg_V5_4" },
    { "banana", "PCI address" } },
  { "unknown-type", 1,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_3" },
    { "i915-GVTg_V5_3", "i915-GVTg_V5_8", "i915-GVTg_V5_1" } },
  { "bad-uuid", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_4",
      "--uuid", "not-a-uuid" },
    { "not-a-uuid", "UUID" } },
  { "short-uuid", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_4",
      "--uuid", "4b20d080-1b54-4048-85b3-a6a62d165c0" },
    { "4b20d080-1b54-4048-85b3-a6a62d165c0", "UUID" } },
  { "no-room", 1,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_2",
      "--count", "5" },
    { "i915-GVTg_V5_2", "2 available", "nothing was created" } },
  { "count-zero", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8",
      "--count", "0" },
    { "--count", "“0”" } },
  { "count-too-big", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8",
      "--count", "8" },
    { "--count", "“8”", "7" } },
  { "count-not-a-number", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8",
      "--count", "two" },
    { "--count", "“two”" } },
  { "uuid-with-count", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8",
      "--count", "2", "--uuid", "4b20d080-1b54-4048-85b3-a6a62d165c01" },
    { "--uuid", "--count" } },
  { "create-missing-type", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS },
    { "--type" } },
  { "create-stray-argument", 2,
    { "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8", "extra" },
    { "extra" } },
  /* Without --simulate, a write to another tree than /sys is refused (and pkexec never runs). */
  { "write-needs-simulate", 2,
    { "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8" },
    { "--simulate" } },
};

static void
assert_is_lowercase_uuid (const char *text)
{
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                       "[0-9a-f]{12}$", text, 0, 0));
}

static void
test_create_count_then_remove (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  const int after[] = { 4, 3, 1, 0 };
  const int before[] = { 7, 5, 2, 1 };
  JsonArray *slices;
  JsonObject *gpu;

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create",
                       "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_4", "--count", "2", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  assert_is_lowercase_uuid (lines[0]);
  assert_is_lowercase_uuid (lines[1]);
  g_assert_cmpstr (lines[0], !=, lines[1]);

  /* Both slices, and availability recomputed from the budgets (FACTS.md §1). */
  root = slices_test_cli_list_json (tree);
  slices = slices_test_cli_get_slices (slices_test_cli_get_gpu (root, 0));
  g_assert_cmpuint (json_array_get_length (slices), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *slice = json_array_get_object_element (slices, i);
      const char *uuid = json_object_get_string_member (slice, "uuid");

      g_assert_true (g_strv_contains ((const char * const *) lines, uuid));
      g_assert_cmpstr (json_object_get_string_member (slice, "type"), ==, "i915-GVTg_V5_4");
      g_assert_cmpstr (json_object_get_string_member (slice, "gpu"), ==, KBL_ADDRESS);
      g_assert_cmpstr (json_object_get_string_member (slice, "driver"), ==, "intel_vgpu_mdev");
      g_assert_true (json_object_has_member (slice, "iommu_group"));
    }
  slices_test_cli_assert_types (slices_test_cli_get_gpu (root, 0), after, G_N_ELEMENTS (after));

  /* The human list shows them too. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_nonnull (strstr (run.out, lines[0]));
  g_assert_nonnull (strstr (run.out, lines[1]));

  /* Remove both at once: everything is back. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", lines[0],
                       lines[1], NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = slices_test_cli_list_json (tree);
  gpu = slices_test_cli_get_gpu (root, 0);
  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_slices (gpu)), ==, 0);
  slices_test_cli_assert_types (gpu, before, G_N_ELEMENTS (before));
}

static void
test_create_uppercase_uuid (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  const char *upper = "4B20D080-1B54-4048-85B3-A6A62D165C01";
  const char *lower = "4b20d080-1b54-4048-85b3-a6a62d165c01";
  JsonArray *slices;

  /* The type by its short name, the GPU the way lspci writes it. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create",
                       "--gpu", "00:02.0", "--type", "GVTg_V5_8", "--uuid", upper, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "4b20d080-1b54-4048-85b3-a6a62d165c01\n");

  root = slices_test_cli_list_json (tree);
  slices = slices_test_cli_get_slices (slices_test_cli_get_gpu (root, 0));
  g_assert_cmpuint (json_array_get_length (slices), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slices, 0),
                                                  "uuid"), ==, lower);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slices, 0),
                                                  "type"), ==, "i915-GVTg_V5_8");

  /* The same UUID again is refused before any write. */
  {
    g_autofree char *before = slices_test_snapshot (tree->root);
    g_autofree char *after = NULL;

    slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create",
                         "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8", "--uuid", lower, NULL);
    slices_test_cli_assert_one_line_error (&run, 1, lower, "already exists", NULL);
    after = slices_test_snapshot (tree->root);
    g_assert_cmpstr (before, ==, after);
  }

  /* Remove accepts the uppercase form as well. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", upper, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/create/count-then-remove", test_create_count_then_remove);
  g_test_add_func ("/slices/slicectl/create/uppercase-uuid", test_create_uppercase_uuid);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}
