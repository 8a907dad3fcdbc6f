/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl list` as a user runs it: the built binary in a subprocess, on simulated trees made in
 * a temporary folder (FACTS.md §1). Checks the `list --json` contract field by field (one and two
 * GPUs, a small aperture, another render node, older kernels' layouts) and the list for people,
 * also when no GPU offers GVT-g.
 */
#include "config.h"

#include <string.h>

#include "slices-test-cli.h"

static void
assert_member_null (JsonObject *object,
                    const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  g_assert_true (json_object_get_null_member (object, member));
}

static void
assert_gpu_identity (JsonObject *gpu,
                     const char *address,
                     const char *device_id,
                     const char *generation,
                     const char *render_node)
{
  JsonArray *nodes = json_object_get_array_member (gpu, "render_nodes");
  JsonNode *product = json_object_get_member (gpu, "product");

  g_assert_cmpstr (json_object_get_string_member (gpu, "address"), ==, address);
  g_assert_cmpstr (json_object_get_string_member (gpu, "vendor_id"), ==, "8086");
  g_assert_cmpstr (json_object_get_string_member (gpu, "device_id"), ==, device_id);
  g_assert_cmpstr (json_object_get_string_member (gpu, "driver"), ==, "i915");
  g_assert_cmpstr (json_object_get_string_member (gpu, "generation"), ==, generation);
  /* The product name comes from the machine's hwdb: a string, or null without one. */
  g_assert_nonnull (product);
  g_assert_true (JSON_NODE_HOLDS_NULL (product) ||
                 json_node_get_value_type (product) == G_TYPE_STRING);
  g_assert_cmpuint (json_array_get_length (nodes), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (nodes, 0), ==, render_node);
}

/* By id: without weights (kernel 4.10) the order is not the weight order. */
static JsonObject *
find_type (JsonObject *gpu,
           const char *id)
{
  JsonArray *types = json_object_get_array_member (gpu, "types");

  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (g_strcmp0 (json_object_get_string_member (type, "id"), id) == 0)
        return type;
    }

  g_error ("no type %s", id);
}

static void
test_list_json_kaby_lake (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = slices_test_cli_list_json (tree);
  const int available[] = { 7, 5, 2, 1 };
  JsonObject *gpu;

  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_gpus (root)), ==, 1);
  gpu = slices_test_cli_get_gpu (root, 0);
  assert_gpu_identity (gpu, KBL_ADDRESS, "5916", "Kaby Lake", "/dev/dri/renderD128");
  slices_test_cli_assert_types (gpu, available, G_N_ELEMENTS (available));
  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_slices (gpu)), ==, 0);
}

static void
test_list_json_small_aperture (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  const int available[] = { 2, 1 };

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.aperture_mb = 256;
  tree = slices_test_tree_new (&spec, NULL);
  root = slices_test_cli_list_json (tree);

  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_gpus (root)), ==, 1);
  slices_test_cli_assert_types (slices_test_cli_get_gpu (root, 0), available,
                                G_N_ELEMENTS (available));
}

static void
test_list_json_render_d129 (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = 129;
  spec.card_minor = 1;
  tree = slices_test_tree_new (&spec, NULL);
  root = slices_test_cli_list_json (tree);

  assert_gpu_identity (slices_test_cli_get_gpu (root, 0), KBL_ADDRESS, "5916", "Kaby Lake",
                       "/dev/dri/renderD129");
}

static void
test_list_json_two_gpus (void)
{
  SlicesSimGpuSpec first, second;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  const int full[] = { 7, 5, 2, 1 };
  const int small[] = { 2, 1 };

  slices_sim_gpu_spec_init (&first, KBL_ADDRESS);
  /* A Coffee Lake UHD 630 (0x3e92) with a small aperture, listed second by address. */
  slices_sim_gpu_spec_init (&second, "0000:03:00.0");
  second.device_id = 0x3e92;
  second.aperture_mb = 256;
  second.render_minor = 129;
  second.card_minor = 2;
  tree = slices_test_tree_new (&second, &first, NULL);
  root = slices_test_cli_list_json (tree);

  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_gpus (root)), ==, 2);
  assert_gpu_identity (slices_test_cli_get_gpu (root, 0), KBL_ADDRESS, "5916", "Kaby Lake",
                       "/dev/dri/renderD128");
  slices_test_cli_assert_types (slices_test_cli_get_gpu (root, 0), full, G_N_ELEMENTS (full));
  assert_gpu_identity (slices_test_cli_get_gpu (root, 1), "0000:03:00.0", "3e92", "Coffee Lake",
                       "/dev/dri/renderD129");
  slices_test_cli_assert_types (slices_test_cli_get_gpu (root, 1), small, G_N_ELEMENTS (small));
}

static void
test_list_json_old_kernels (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *type;

  /* 5.4: no name file; the name is derived from the id. */
  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.layout = SLICES_KERNEL_5_4;
  tree = slices_test_tree_new (&spec, NULL);
  root = slices_test_cli_list_json (tree);
  type = find_type (slices_test_cli_get_gpu (root, 0), "i915-GVTg_V5_4");
  g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, "GVTg_V5_4");
  g_assert_cmpint (json_object_get_int_member (type, "weight"), ==, 4);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&tree, slices_test_tree_free);

  /* 4.10: three description lines; what it lacks is null, not -1 or "-1x-1". */
  spec.layout = SLICES_KERNEL_4_10;
  tree = slices_test_tree_new (&spec, NULL);
  root = slices_test_cli_list_json (tree);
  type = find_type (slices_test_cli_get_gpu (root, 0), "i915-GVTg_V5_8");
  g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, "GVTg_V5_8");
  g_assert_cmpint (json_object_get_int_member (type, "low_gm_mb"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (type, "high_gm_mb"), ==, 384);
  g_assert_cmpint (json_object_get_int_member (type, "fence"), ==, 4);
  assert_member_null (type, "resolution");
  assert_member_null (type, "weight");
}

/* The budget beside the types: exact what the slices take, full exactly when no type has room,
 * and the slices named as the cause. */
static void
test_list_json_capacity (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) empty = slices_test_cli_list_json (tree);
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) full = NULL;
  JsonObject *capacity;
  double fraction;

  capacity = json_object_get_object_member (slices_test_cli_get_gpu (empty, 0), "capacity");
  g_assert_cmpstr (json_object_get_string_member (capacity, "state"), ==, "room");
  g_assert_cmpfloat (json_object_get_double_member (capacity, "used_fraction"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (capacity, "max_available"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (capacity, "max_slices"), ==, 7);

  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_1",
                                "aaaaaaaa-1111-4111-8111-111111111111");
  one = slices_test_cli_list_json (tree);
  capacity = json_object_get_object_member (slices_test_cli_get_gpu (one, 0), "capacity");
  fraction = json_object_get_double_member (capacity, "used_fraction");
  g_assert_cmpstr (json_object_get_string_member (capacity, "state"), ==, "room");
  g_assert_cmpfloat (fraction, >, 0.5);
  g_assert_cmpfloat (fraction, <, 1.0);
  g_assert_cmpint (json_object_get_int_member (capacity, "aperture_used_mb"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (capacity, "rest_used_mb"), ==, 2048);
  /* 640 MB of the rest are left; the 1/4 type (512 MB, 1 available) proves 512 of them. */
  g_assert_cmpint (json_object_get_int_member (capacity, "rest_free_at_least_mb"), ==, 512);

  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8",
                                "bbbbbbbb-2222-4222-8222-222222222222");
  full = slices_test_cli_list_json (tree);
  capacity = json_object_get_object_member (slices_test_cli_get_gpu (full, 0), "capacity");
  g_assert_cmpstr (json_object_get_string_member (capacity, "state"), ==, "full-slices");
  g_assert_cmpfloat (json_object_get_double_member (capacity, "used_fraction"), ==, 1.0);
  g_assert_cmpint (json_object_get_int_member (capacity, "max_available"), ==, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (capacity, "summary"),
                            "aaaaaaaa and bbbbbbbb take all the room"));
}

static void
test_list_human (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_auto(SlicesTestRun) run = { 0 };
  const char *needles[] = {
    KBL_ADDRESS, "Kaby Lake", "i915", "/dev/dri/renderD128",
    "TYPE", "RESOLUTION", "CPU-VISIBLE", "REST", "SHARE", "AVAILABLE",
    "i915-GVTg_V5_8", "1024x768", "64 MB", "384 MB", "1/8",
    "i915-GVTg_V5_4", "1920x1200", "128 MB", "512 MB", "1/4",
    "2048 MB", "1/1",
    "Room: No slices yet: all the room is free. Up to 7 slices fit.",
  };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  for (gsize i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      if (strstr (run.out, needles[i]) == NULL)
        g_error ("“%s” not in the list:\n%s", needles[i], run.out);
    }

  /* Global options are accepted after the command too. */
  slices_test_cli_run (&run, "list", "--sysfs-root", tree->root, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "512 MB"));
}

static void
test_list_no_gvt (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_empty ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  JsonArray *inactive;

  /* An empty bus first: nothing at all. */
  slices_test_tree_make_dir (tree->root, "bus/pci/devices");
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No GPU offers GVT-g slices"));

  /* Then a Kaby Lake with i915 bound but GVT-g off: no mdev_supported_types. */
  slices_test_tree_add_bare_gpu (tree, 0x5916);

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "No GPU offers GVT-g slices"));
  g_assert_nonnull (strstr (run.out, KBL_ADDRESS));
  g_assert_nonnull (strstr (run.out, "enable_gvt"));

  root = slices_test_cli_list_json (tree);
  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_gpus (root)), ==, 0);
  inactive = json_object_get_array_member (json_node_get_object (root), "inactive_gpus");
  g_assert_cmpuint (json_array_get_length (inactive), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (inactive, 0),
                                                  "address"), ==, KBL_ADDRESS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/list-json/kaby-lake", test_list_json_kaby_lake);
  g_test_add_func ("/slices/slicectl/list-json/small-aperture", test_list_json_small_aperture);
  g_test_add_func ("/slices/slicectl/list-json/capacity", test_list_json_capacity);
  g_test_add_func ("/slices/slicectl/list-json/render-d129", test_list_json_render_d129);
  g_test_add_func ("/slices/slicectl/list-json/two-gpus", test_list_json_two_gpus);
  g_test_add_func ("/slices/slicectl/list-json/old-kernels", test_list_json_old_kernels);
  g_test_add_func ("/slices/slicectl/list/human", test_list_human);
  g_test_add_func ("/slices/slicectl/list/no-gvt", test_list_no_gvt);

  return g_test_run ();
}
