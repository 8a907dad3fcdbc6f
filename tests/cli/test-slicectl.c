/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * slicectl as a user runs it: the built binary in a subprocess, on simulated trees made in a
 * temporary folder (FACTS.md §1). Checks the `list --json` contract field by field, the human
 * list, create/remove with --simulate, and that every bad input exits non-zero with one line on
 * stderr that names the problem, leaving the tree exactly as it was.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include <libvirt/libvirt.h>

#include "qemu-check.h"
#include "slices-domain-edit.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define KBL_ADDRESS "0000:00:02.0"

typedef SlicesTestRun Run;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, slices_test_run_clear)

static const char *
get_slicectl (void)
{
  const char *path = g_getenv ("SLICECTL");

  return path != NULL ? path : SLICECTL_PATH;
}

/* @user: who slicectl runs as (NULL: as the test). */
static void
run_slicectl_va (Run                  *run,
                 char                **envp,
                 const SlicesTestUser *user,
                 const char           *first,
                 va_list               args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) get_slicectl ());
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  /* Never a crash, whatever the input (asserted there). */
  slices_test_run_argv_as (run, (const char * const *) argv->pdata,
                           (const char * const *) envp, user);
}

/* Runs slicectl with the NULL-terminated arguments. */
static void
run_slicectl (Run        *run,
              const char *first,
              ...)
{
  va_list args;

  va_start (args, first);
  run_slicectl_va (run, NULL, NULL, first, args);
  va_end (args);
}

/* The same with the environment @envp (NULL: inherited). */
static void
run_slicectl_env (Run        *run,
                  char      **envp,
                  const char *first,
                  ...)
{
  va_list args;

  va_start (args, first);
  run_slicectl_va (run, envp, NULL, first, args);
  va_end (args);
}

/* The same as @user (NULL: as the test). */
static void
run_slicectl_as (Run                  *run,
                 const SlicesTestUser *user,
                 const char           *first,
                 ...)
{
  va_list args;

  va_start (args, first);
  run_slicectl_va (run, NULL, user, first, args);
  va_end (args);
}

/* A failure is exactly one line on stderr that starts with "slicectl: " and names each of
 * the NULL-terminated @needles; nothing goes to stdout. */
static void
assert_one_line_error (const Run  *run,
                       int         status,
                       const char *needle,
                       ...)
{
  const char *newline;
  va_list args;

  if (run->status != status)
    g_printerr ("unexpected exit %d, stderr: %s\n", run->status, run->err);
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "slicectl: "));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline, ==, "\n");

  va_start (args, needle);
  for (const char *n = needle; n != NULL; n = va_arg (args, const char *))
    {
      if (strstr (run->err, n) == NULL)
        g_error ("“%s” not in the error line: %s", n, run->err);
    }
  va_end (args);
}

/* Links are removed, never followed. */
typedef struct {
  char *root;
} Tree;

static void
tree_free (Tree *tree)
{
  slices_test_remove_tree (tree->root);
  g_free (tree->root);
  g_free (tree);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tree, tree_free)

static Tree *
tree_new_empty (void)
{
  Tree *tree = g_new0 (Tree, 1);

  tree->root = slices_test_make_tmp_dir ("test-slicectl-XXXXXX");
  return tree;
}

/* A simulated tree with the NULL-terminated GPU specs. */
static Tree *
tree_new (const SlicesSimGpuSpec *spec,
          ...)
{
  Tree *tree = tree_new_empty ();
  g_autoptr(SlicesSimulator) simulator = slices_simulator_new (tree->root);
  va_list args;

  va_start (args, spec);
  for (const SlicesSimGpuSpec *s = spec; s != NULL; s = va_arg (args, const SlicesSimGpuSpec *))
    {
      g_autoptr(GError) error = NULL;

      slices_simulator_add_gpu (simulator, s, &error);
      g_assert_no_error (error);
    }
  va_end (args);

  return tree;
}

static Tree *
tree_new_kaby_lake (void)
{
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  return tree_new (&spec, NULL);
}

/* tree_new_kaby_lake() where @user (NULL: the test) can reach it. */
static Tree *
tree_new_kaby_lake_for (const SlicesTestUser *user)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  Tree *tree;

  if (user == NULL)
    return tree_new_kaby_lake ();
  tree = g_new0 (Tree, 1);
  tree->root = slices_test_make_public_dir ("test-slicectl-XXXXXX");
  simulator = slices_test_simulator_new (tree->root, KBL_ADDRESS);
  return tree;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
list_json (const Tree *tree)
{
  g_auto(Run) run = { 0 };

  run_slicectl (&run, "--sysfs-root", tree->root, "list", "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  return parse_json (run.out);
}

static JsonArray *
get_gpus (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_array_member (json_node_get_object (root), "gpus");
}

static JsonObject *
get_gpu (JsonNode *root,
         guint     index)
{
  return json_array_get_object_element (get_gpus (root), index);
}

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

typedef struct {
  const char *id;
  const char *name;
  const char *resolution;
  int low_gm_mb, high_gm_mb, fence, weight;
} ExpectedType;

/* FACTS.md §1: the kernel's fixed table, smallest share first. */
static const ExpectedType gen9_types[] = {
  { "i915-GVTg_V5_8", "GVTg_V5_8", "1024x768", 64, 384, 4, 2 },
  { "i915-GVTg_V5_4", "GVTg_V5_4", "1920x1200", 128, 512, 4, 4 },
  { "i915-GVTg_V5_2", "GVTg_V5_2", "1920x1200", 256, 1024, 4, 8 },
  { "i915-GVTg_V5_1", "GVTg_V5_1", "1920x1200", 512, 2048, 4, 16 },
};

/* @available: one count per expected type; the GPU must have exactly that many types. */
static void
assert_types (JsonObject *gpu,
              const int  *available,
              guint       n_types)
{
  JsonArray *types = json_object_get_array_member (gpu, "types");

  g_assert_cmpuint (json_array_get_length (types), ==, n_types);
  for (guint i = 0; i < n_types; i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);
      const ExpectedType *e = &gen9_types[i];
      g_autofree char *low_line = g_strdup_printf ("low_gm_size: %dMB\n", e->low_gm_mb);

      g_assert_cmpstr (json_object_get_string_member (type, "id"), ==, e->id);
      g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, e->name);
      g_assert_cmpstr (json_object_get_string_member (type, "resolution"), ==, e->resolution);
      g_assert_cmpint (json_object_get_int_member (type, "low_gm_mb"), ==, e->low_gm_mb);
      g_assert_cmpint (json_object_get_int_member (type, "high_gm_mb"), ==, e->high_gm_mb);
      g_assert_cmpint (json_object_get_int_member (type, "fence"), ==, e->fence);
      g_assert_cmpint (json_object_get_int_member (type, "weight"), ==, e->weight);
      g_assert_cmpint (json_object_get_int_member (type, "available"), ==, available[i]);
      g_assert_cmpstr (json_object_get_string_member (type, "device_api"), ==, "vfio-pci");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (type, "description"),
                                       low_line));
    }
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

static JsonArray *
get_slices (JsonObject *gpu)
{
  return json_object_get_array_member (gpu, "slices");
}

/* --- list --json ------------------------------------------------------------------------ */

static void
test_list_json_kaby_lake (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = list_json (tree);
  const int available[] = { 7, 5, 2, 1 };
  JsonObject *gpu;

  g_assert_cmpuint (json_array_get_length (get_gpus (root)), ==, 1);
  gpu = get_gpu (root, 0);
  assert_gpu_identity (gpu, KBL_ADDRESS, "5916", "Kaby Lake", "/dev/dri/renderD128");
  assert_types (gpu, available, G_N_ELEMENTS (available));
  g_assert_cmpuint (json_array_get_length (get_slices (gpu)), ==, 0);
}

static void
test_list_json_small_aperture (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(Tree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  const int available[] = { 2, 1 };

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.aperture_mb = 256;
  tree = tree_new (&spec, NULL);
  root = list_json (tree);

  g_assert_cmpuint (json_array_get_length (get_gpus (root)), ==, 1);
  assert_types (get_gpu (root, 0), available, G_N_ELEMENTS (available));
}

static void
test_list_json_render_d129 (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(Tree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = 129;
  spec.card_minor = 1;
  tree = tree_new (&spec, NULL);
  root = list_json (tree);

  assert_gpu_identity (get_gpu (root, 0), KBL_ADDRESS, "5916", "Kaby Lake",
                       "/dev/dri/renderD129");
}

static void
test_list_json_two_gpus (void)
{
  SlicesSimGpuSpec first, second;
  g_autoptr(Tree) tree = NULL;
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
  tree = tree_new (&second, &first, NULL);
  root = list_json (tree);

  g_assert_cmpuint (json_array_get_length (get_gpus (root)), ==, 2);
  assert_gpu_identity (get_gpu (root, 0), KBL_ADDRESS, "5916", "Kaby Lake",
                       "/dev/dri/renderD128");
  assert_types (get_gpu (root, 0), full, G_N_ELEMENTS (full));
  assert_gpu_identity (get_gpu (root, 1), "0000:03:00.0", "3e92", "Coffee Lake",
                       "/dev/dri/renderD129");
  assert_types (get_gpu (root, 1), small, G_N_ELEMENTS (small));
}

static void
test_list_json_old_kernels (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(Tree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *type;

  /* 5.4: no name file; the name is derived from the id. */
  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.layout = SLICES_KERNEL_5_4;
  tree = tree_new (&spec, NULL);
  root = list_json (tree);
  type = find_type (get_gpu (root, 0), "i915-GVTg_V5_4");
  g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, "GVTg_V5_4");
  g_assert_cmpint (json_object_get_int_member (type, "weight"), ==, 4);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&tree, tree_free);

  /* 4.10: three description lines; what it lacks is null, not -1 or "-1x-1". */
  spec.layout = SLICES_KERNEL_4_10;
  tree = tree_new (&spec, NULL);
  root = list_json (tree);
  type = find_type (get_gpu (root, 0), "i915-GVTg_V5_8");
  g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, "GVTg_V5_8");
  g_assert_cmpint (json_object_get_int_member (type, "low_gm_mb"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (type, "high_gm_mb"), ==, 384);
  g_assert_cmpint (json_object_get_int_member (type, "fence"), ==, 4);
  assert_member_null (type, "resolution");
  assert_member_null (type, "weight");
}

/* --- human list ----------------------------------------------------------------------- */

static void
test_list_human (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_auto(Run) run = { 0 };
  const char *needles[] = {
    KBL_ADDRESS, "Kaby Lake", "i915", "/dev/dri/renderD128",
    "TYPE", "RESOLUTION", "MEMORY", "SHARE", "AVAILABLE",
    "i915-GVTg_V5_8", "1024x768", "64 MB + 384 MB", "2/16",
    "i915-GVTg_V5_4", "1920x1200", "128 MB + 512 MB", "4/16",
    "2048 MB", "16/16",
  };

  run_slicectl (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  for (gsize i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      if (strstr (run.out, needles[i]) == NULL)
        g_error ("“%s” not in the list:\n%s", needles[i], run.out);
    }

  /* Global options are accepted after the command too. */
  run_slicectl (&run, "list", "--sysfs-root", tree->root, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "128 MB + 512 MB"));
}

static void
make_dir (const char *root,
          const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
make_link (const char *root,
           const char *relative,
           const char *target)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
test_list_no_gvt (void)
{
  g_autoptr(Tree) tree = tree_new_empty ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *inactive;

  /* An empty bus first: nothing at all. */
  make_dir (tree->root, "bus/pci/devices");
  run_slicectl (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No GPU offers GVT-g slices"));

  /* Then a Kaby Lake with i915 bound but GVT-g off: no mdev_supported_types. */
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:00:02.0/vendor", "0x8086\n");
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:00:02.0/device", "0x5916\n");
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:00:02.0/class", "0x030000\n");
  make_dir (tree->root, "bus/pci/drivers/i915");
  make_link (tree->root, "devices/pci0000:00/0000:00:02.0/driver",
             "../../../bus/pci/drivers/i915");
  make_link (tree->root, "bus/pci/devices/0000:00:02.0",
             "../../../devices/pci0000:00/0000:00:02.0");

  run_slicectl (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "No GPU offers GVT-g slices"));
  g_assert_nonnull (strstr (run.out, KBL_ADDRESS));
  g_assert_nonnull (strstr (run.out, "enable_gvt"));

  root = list_json (tree);
  g_assert_cmpuint (json_array_get_length (get_gpus (root)), ==, 0);
  inactive = json_object_get_array_member (json_node_get_object (root), "inactive_gpus");
  g_assert_cmpuint (json_array_get_length (inactive), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (inactive, 0),
                                                  "address"), ==, KBL_ADDRESS);
}

/* --- create and remove with --simulate --------------------------------------------------- */

static void
assert_is_lowercase_uuid (const char *text)
{
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                       "[0-9a-f]{12}$", text, 0, 0));
}

static void
test_create_count_then_remove (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  const int after[] = { 4, 3, 1, 0 };
  const int before[] = { 7, 5, 2, 1 };
  JsonArray *slices;

  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "create",
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
  root = list_json (tree);
  slices = get_slices (get_gpu (root, 0));
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
  assert_types (get_gpu (root, 0), after, G_N_ELEMENTS (after));

  /* The human list shows them too. */
  run_slicectl (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_nonnull (strstr (run.out, lines[0]));
  g_assert_nonnull (strstr (run.out, lines[1]));

  /* Remove both at once: everything is back. */
  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "remove", lines[0], lines[1],
                NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = list_json (tree);
  g_assert_cmpuint (json_array_get_length (get_slices (get_gpu (root, 0))), ==, 0);
  assert_types (get_gpu (root, 0), before, G_N_ELEMENTS (before));
}

static void
test_create_uppercase_uuid (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  const char *upper = "4B20D080-1B54-4048-85B3-A6A62D165C01";
  const char *lower = "4b20d080-1b54-4048-85b3-a6a62d165c01";
  JsonArray *slices;

  /* The type by its short name, the GPU the way lspci writes it. */
  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "create",
                "--gpu", "00:02.0", "--type", "GVTg_V5_8", "--uuid", upper, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "4b20d080-1b54-4048-85b3-a6a62d165c01\n");

  root = list_json (tree);
  slices = get_slices (get_gpu (root, 0));
  g_assert_cmpuint (json_array_get_length (slices), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slices, 0),
                                                  "uuid"), ==, lower);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slices, 0),
                                                  "type"), ==, "i915-GVTg_V5_8");

  /* The same UUID again is refused before any write. */
  {
    g_autofree char *before = slices_test_snapshot (tree->root);
    g_autofree char *after = NULL;

    run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "create",
                  "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_8", "--uuid", lower, NULL);
    assert_one_line_error (&run, 1, lower, "already exists", NULL);
    after = slices_test_snapshot (tree->root);
    g_assert_cmpstr (before, ==, after);
  }

  /* Remove accepts the uppercase form as well. */
  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "remove", upper, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

/* --- errors: one line, the right exit code, the tree untouched ------------------------- */

typedef struct {
  const char *name;
  int         status;
  const char *args[12];    /* after "--sysfs-root ROOT"; "@ROOT" is replaced by the root */
  const char *needles[4];  /* each must appear in the error line */
} ErrorCase;

static const ErrorCase error_cases[] = {
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
  { "remove-unknown-slice", 1,
    { "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01" },
    { "4b20d080-1b54-4048-85b3-a6a62d165c01", "nothing was removed" } },
  { "remove-bad-uuid", 2,
    { "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01", "zzz" },
    { "zzz" } },
  { "remove-nothing", 2,
    { "--simulate", "remove" },
    { "UUID" } },
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
  { "doctor-stray-argument", 2,
    { "doctor", "now" },
    { "now" } },
  { "doctor-unknown-option", 2,
    { "doctor", "--fix" },
    { "--fix", "doctor --help" } },
  { "nixos-stray-argument", 2,
    { "nixos", "configuration.nix" },
    { "configuration.nix" } },
  { "qemu-args-no-uuid", 2,
    { "qemu-args" },
    { "UUID" } },
  { "qemu-args-two-uuids", 2,
    { "qemu-args", "4b20d080-1b54-4048-85b3-a6a62d165c01",
      "0e94a3f8-6f2a-4b9e-a0c1-5f3b2d9c8e11" },
    { "0e94a3f8-6f2a-4b9e-a0c1-5f3b2d9c8e11", "one" } },
  { "qemu-args-bad-uuid", 2,
    { "qemu-args", "slice-1" },
    { "slice-1", "UUID" } },
  { "qemu-args-unknown-slice", 1,
    { "qemu-args", "11111111-2222-3333-4444-555555555555" },
    { "11111111-2222-3333-4444-555555555555", "slicectl list" } },
  { "qemu-args-bad-display", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--display", "vnc" },
    { "vnc", "gtk", "spice", "egl-headless" } },
  { "qemu-args-bad-resolution", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--resolution", "1920by1080" },
    { "1920by1080", "WIDTHxHEIGHT" } },
  { "qemu-args-zero-resolution", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--resolution", "0x0" },
    { "0x0" } },
  { "qemu-args-resolution-without-display", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--display", "none",
      "--resolution", "1280x720" },
    { "--resolution", "none" } },
  { "qemu-args-relative-rendernode", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--display", "spice",
      "--rendernode", "renderD128" },
    { "renderD128", "absolute" } },
  { "qemu-args-rendernode-with-gtk", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--rendernode",
      "/dev/dri/renderD128" },
    { "--rendernode", "spice" } },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(Run) run = { 0 };

  /* One slice exists, so that the remove cases have something they must not touch. */
  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu", KBL_ADDRESS,
                "--type", "i915-GVTg_V5_4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  before = slices_test_snapshot (tree->root);

  g_ptr_array_add (argv, g_strdup (get_slicectl ()));
  g_ptr_array_add (argv, g_strdup ("--sysfs-root"));
  g_ptr_array_add (argv, g_strdup (tree->root));
  for (gsize i = 0; i < G_N_ELEMENTS (c->args) && c->args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (c->args[i]));
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (&run, (const char * const *) argv->pdata, NULL);

  assert_one_line_error (&run, c->status, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (c->needles) && c->needles[i] != NULL; i++)
    {
      if (strstr (run.err, c->needles[i]) == NULL)
        g_error ("%s: “%s” not in the error line: %s", c->name, c->needles[i], run.err);
    }

  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

static void
test_error_remove_checks_all_first (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  const char *missing = "11111111-2222-3333-4444-555555555555";

  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu", KBL_ADDRESS,
                "--type", "i915-GVTg_V5_8", "--count", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  before = slices_test_snapshot (tree->root);

  /* Two real slices and one that does not exist, last: nothing is removed. */
  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "remove", lines[0], lines[1],
                missing, NULL);
  assert_one_line_error (&run, 1, missing, "nothing was removed", NULL);
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

static void
test_error_trees (void)
{
  g_autoptr(Tree) empty = tree_new_empty ();
  g_autofree char *missing = g_build_filename (empty->root, "no-such-folder", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };

  /* --sysfs-root pointing at nothing. */
  run_slicectl (&run, "--sysfs-root", missing, "list", NULL);
  assert_one_line_error (&run, 1, missing, "--sysfs-root", NULL);
  run_slicectl (&run, "--sysfs-root", missing, "list", "--json", NULL);
  assert_one_line_error (&run, 1, missing, NULL);

  /* A folder that is not a sysfs tree. */
  run_slicectl (&run, "--sysfs-root", empty->root, "list", NULL);
  assert_one_line_error (&run, 1, empty->root, "bus/pci/devices", NULL);
  run_slicectl (&run, "--sysfs-root", empty->root, "--simulate", "create", "--gpu", KBL_ADDRESS,
                "--type", "i915-GVTg_V5_4", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, empty->root));

  /* A tree that looks like sysfs but was not made by the simulator: --simulate cannot write. */
  make_dir (empty->root, "bus/pci/devices");
  before = slices_test_snapshot (empty->root);
  run_slicectl (&run, "--sysfs-root", empty->root, "--simulate", "remove",
                "4b20d080-1b54-4048-85b3-a6a62d165c01", NULL);
  assert_one_line_error (&run, 1, empty->root, "simulator", NULL);
  after = slices_test_snapshot (empty->root);
  g_assert_cmpstr (before, ==, after);
}

static void
test_error_simulate_without_root (void)
{
  g_auto(Run) run = { 0 };

  run_slicectl (&run, "--simulate", "list", NULL);
  assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
  run_slicectl (&run, "--simulate", "create", "--gpu", KBL_ADDRESS, "--type", "i915-GVTg_V5_4",
                NULL);
  assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
  run_slicectl (&run, "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01", NULL);
  assert_one_line_error (&run, 2, "--simulate", "--sysfs-root", NULL);
}

/* --- doctor ------------------------------------------------------------------------------ */

/* slices-doctor.h: the stable ids, in this order. */
static const char * const check_ids[] = {
  "gpu-generation", "gvt-parameter", "guc-submission", "kvmgt-module", "vfio-modules",
  "slice-types", "room", "iommu", "render-node", "libvirt", "polkit-agent", "persistence",
  "qemu-sandbox",
};

/* On a real system enable_gvt and enable_guc are root-only (0400), and so are the simulator's;
 * the doctor then says "unknown". Make them readable so that the statuses do not depend on who
 * runs the test (root reads them anyway). */
static void
make_parameters_readable (const Tree *tree)
{
  const char *names[] = { "enable_gvt", "enable_guc" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (tree->root, "module", "i915", "parameters",
                                                names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_chmod (path, 0644), ==, 0);
    }
}

static void
set_parameter (const Tree *tree,
               const char *name,
               const char *value)
{
  g_autofree char *relative = g_build_filename ("module", "i915", "parameters", name, NULL);

  slices_test_put_file (tree->root, relative, value);
}

/* Runs `doctor --json` as @user (NULL: as the test), checks the exit status and the shape of
 * the contract, returns it. */
static JsonNode *
doctor_json_as (const Tree           *tree,
                int                   status,
                const SlicesTestUser *user)
{
  const char *distros[] = { "debian", "fedora", "arch", "nixos", "unknown", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *checks;
  guint errors = 0;

  run_slicectl_as (&run, user, "--sysfs-root", tree->root, "doctor", "--json", NULL);
  if (run.status != status)
    g_printerr ("unexpected exit %d:\n%s%s", run.status, run.out, run.err);
  g_assert_cmpint (run.status, ==, status);
  g_assert_cmpstr (run.err, ==, "");

  root = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (g_strv_contains (distros, json_object_get_string_member (object, "distro")));

  checks = json_object_get_array_member (object, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, G_N_ELEMENTS (check_ids));
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      const char *check_status = json_object_get_string_member (check, "status");
      JsonArray *fixes = json_object_get_array_member (check, "fixes");

      g_assert_cmpstr (json_object_get_string_member (check, "id"), ==, check_ids[i]);
      g_assert_true (g_strv_contains ((const char *[]) { "ok", "warning", "error", "unknown",
                                                         NULL }, check_status));
      g_assert_cmpstr (json_object_get_string_member (check, "title"), !=, "");
      g_assert_nonnull (json_object_get_string_member (check, "detail"));
      g_assert_nonnull (fixes);
      for (guint j = 0; j < json_array_get_length (fixes); j++)
        {
          JsonObject *fix = json_array_get_object_element (fixes, j);

          g_assert_true (g_strv_contains ((const char *[]) { "command", "action", "link", NULL },
                                          json_object_get_string_member (fix, "kind")));
          g_assert_cmpstr (json_object_get_string_member (fix, "text"), !=, "");
        }
      errors += g_str_equal (check_status, "error");
    }

  /* The exit status is the promise scripts rely on: 1 exactly when a check is an error. */
  g_assert_cmpint (errors > 0, ==, status == 1);

  return g_steal_pointer (&root);
}

static JsonNode *
doctor_json (const Tree *tree,
             int         status)
{
  return doctor_json_as (tree, status, NULL);
}

static JsonObject *
find_check (JsonNode   *root,
            const char *id)
{
  JsonArray *checks = json_object_get_array_member (json_node_get_object (root), "checks");

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "id"), id))
        return check;
    }

  g_error ("no check %s", id);
}

static void
assert_check_status (JsonNode   *root,
                     const char *id,
                     const char *status)
{
  JsonObject *check = find_check (root, id);

  if (g_strcmp0 (json_object_get_string_member (check, "status"), status) != 0)
    g_error ("check %s is %s, not %s: %s", id, json_object_get_string_member (check, "status"),
             status, json_object_get_string_member (check, "title"));
}

/* The first command fix of @id that contains @needle; its text is returned. */
static const char *
find_command_fix (JsonNode   *root,
                  const char *id,
                  const char *needle)
{
  JsonArray *fixes = json_object_get_array_member (find_check (root, id), "fixes");

  for (guint i = 0; i < json_array_get_length (fixes); i++)
    {
      JsonObject *fix = json_array_get_object_element (fixes, i);
      const char *text = json_object_get_string_member (fix, "text");

      if (g_str_equal (json_object_get_string_member (fix, "kind"), "command") &&
          strstr (text, needle) != NULL)
        return text;
    }

  g_error ("check %s has no command fix with “%s”", id, needle);
}

/* A fix command appears whole on a line of its own, only indented: it can be copied. */
static void
assert_copyable_line (const char *out,
                      const char *command)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *start = lines[i];

      while (*start == ' ')
        start++;
      if (start > lines[i] && g_str_equal (start, command))
        return;
    }

  g_error ("“%s” is not on an indented line of its own:\n%s", command, out);
}

static void
test_doctor_healthy (void)
{
  const char *ok_ids[] = { "gpu-generation", "gvt-parameter", "guc-submission", "kvmgt-module",
                           "vfio-modules", "slice-types", "room", "iommu" };
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *summary;

  make_parameters_readable (tree);
  root = doctor_json (tree, 0);

  /* Everything the tree decides is fine. The rest looks at this machine (its /dev, its
   * processes, libvirt, mdevctl), so only "no error" is certain there. */
  for (gsize i = 0; i < G_N_ELEMENTS (ok_ids); i++)
    assert_check_status (root, ok_ids[i], "ok");
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (root, "gpu-generation"),
                                                           "title"), "Kaby Lake"));
  summary = json_object_get_object_member (json_node_get_object (root), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "errors"), ==, 0);

  /* For people: a summary line first, then one line per check. */
  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "No problems found\n") ||
                 g_regex_match_simple ("^[0-9]+ problems? found\n", run.out, 0, 0));
  g_assert_nonnull (strstr (run.out, "\n✓ ok "));
  g_assert_nonnull (strstr (run.out, "Kaby Lake"));
  g_assert_null (strstr (run.out, "✗"));
}

/* --connect asks libvirt, and the libvirt check says what it answered. Without it a tree given
 * with --sysfs-root never touches the host's libvirt (the other doctor tests rely on that). */
static void
test_doctor_libvirt (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  const char *unreachable = "qemu+unix:///system?socket=/nonexistent";
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *check;

  make_parameters_readable (tree);

  /* The test driver answers in-process. */
  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect",
                "test:///default", NULL);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_json (run.out);
  assert_check_status (root, "libvirt", "ok");
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (root, "libvirt"),
                                                           "title"), "test:///default"));
  g_clear_pointer (&root, json_node_unref);

  /* No daemon behind the socket: an error that says to start the service, and exit 1. */
  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect", unreachable,
                NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_json (run.out);
  assert_check_status (root, "libvirt", "error");
  check = find_check (root, "libvirt");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "title"), unreachable));
  g_assert_nonnull (strstr (json_object_get_string_member (check, "detail"), "libvirtd"));
  g_clear_pointer (&root, json_node_unref);

  /* For people too. */
  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", "--connect", unreachable, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "libvirt does not answer"));
  g_assert_nonnull (strstr (run.out, "libvirtd"));
}

static void
test_doctor_guc_submission (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  const char *fix;

  set_parameter (tree, "enable_guc", "3\n");
  make_parameters_readable (tree);
  root = doctor_json (tree, 1);
  assert_check_status (root, "guc-submission", "error");
  assert_check_status (root, "gvt-parameter", "ok");
  fix = find_command_fix (root, "guc-submission", "enable_guc=2");

  /* The human form names the problem, explains it and gives the command to copy. */
  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "\n✗ error "));
  g_assert_nonnull (strstr (run.out, "enable_guc=3"));
  g_assert_nonnull (strstr (run.out, "Fix"));
  assert_copyable_line (run.out, fix);

  /* Without a UTF-8 locale the glyphs are plain ASCII. */
  {
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);

    run_slicectl_env (&run, envp, "--sysfs-root", tree->root, "doctor", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "\nx error "));
    g_assert_nonnull (strstr (run.out, "\n+ ok "));
    g_assert_null (strstr (run.out, "✗"));
    g_assert_null (strstr (run.out, "✓"));
  }
}

static void
test_doctor_gvt_off (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *types = g_build_filename (tree->root, "devices", "pci0000:00", KBL_ADDRESS,
                                             "mdev_supported_types", NULL);
  g_autofree char *link = g_build_filename (tree->root, "class", "mdev_bus", KBL_ADDRESS, NULL);
  g_auto(Run) run = { 0 };
  const char *fix;

  /* What the kernel shows without i915.enable_gvt=1: the parameter is N, no types. */
  set_parameter (tree, "enable_gvt", "N\n");
  make_parameters_readable (tree);
  slices_test_remove_tree (types);
  slices_test_remove_tree (link);

  root = doctor_json (tree, 1);
  assert_check_status (root, "gpu-generation", "ok");
  assert_check_status (root, "gvt-parameter", "error");
  assert_check_status (root, "slice-types", "error");
  fix = find_command_fix (root, "gvt-parameter", "enable_gvt=1");

  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "GVT-g is turned off"));
  assert_copyable_line (run.out, fix);
}

/* A GPU whose i915 driver is bound but that has no slice types, built by hand. */
static Tree *
tree_new_without_types (guint device_id)
{
  Tree *tree = tree_new_empty ();
  g_autofree char *device = g_strdup_printf ("0x%04x\n", device_id);

  slices_test_put_file (tree->root, "devices/pci0000:00/0000:00:02.0/vendor", "0x8086\n");
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:00:02.0/device", device);
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:00:02.0/class", "0x030000\n");
  make_dir (tree->root, "bus/pci/drivers/i915");
  make_link (tree->root, "devices/pci0000:00/0000:00:02.0/driver",
             "../../../bus/pci/drivers/i915");
  make_link (tree->root, "bus/pci/devices/0000:00:02.0",
             "../../../devices/pci0000:00/0000:00:02.0");
  slices_test_put_file (tree->root, "module/i915/parameters/enable_guc", "-1\n");

  return tree;
}

static void
test_doctor_ice_lake (void)
{
  /* Ice Lake (Gen11, 0x8a52): neither GVT-g nor SR-IOV, whatever the CPU generation says. */
  g_autoptr(Tree) tree = tree_new_without_types (0x8a52);
  g_autoptr(JsonNode) root = doctor_json (tree, 1);
  JsonObject *check = find_check (root, "gpu-generation");
  g_auto(Run) run = { 0 };

  assert_check_status (root, "gpu-generation", "error");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "title"), "Ice Lake"));

  run_slicectl (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Ice Lake"));
}

/* Non-root users cannot read the 0400 parameters: slicectl reads the kernel command line and
 * /etc/modprobe.d instead (here the real ones, which do not turn GVT-g on), and never sends
 * the user off to run it again as root. Root reads them anyway, so under root slicectl runs
 * as "nobody" on a tree root made. */
static void
test_doctor_unreadable_parameters (void)
{
  g_autoptr(Tree) tree = NULL;
  g_autofree char *gvt = NULL;
  g_autofree char *guc = NULL;
  g_autofree char *command = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  g_autofree char *types = NULL;
  SlicesTestUser nobody;
  const SlicesTestUser *user = NULL;

  if (getuid () == 0)
    {
      if (!slices_test_lookup_nobody (&nobody))
        {
          g_test_skip ("root reads files of mode 0400, and there is no user “nobody” to check "
                       "as");
          return;
        }
      user = &nobody;
    }

  tree = tree_new_kaby_lake_for (user);
  gvt = g_build_filename (tree->root, "module", "i915", "parameters", "enable_gvt", NULL);
  guc = g_build_filename (tree->root, "module", "i915", "parameters", "enable_guc", NULL);
  types = g_build_filename (tree->root, "devices", "pci0000:00", KBL_ADDRESS,
                            "mdev_supported_types", NULL);
  /* Without types nothing proves that GVT-g is on. */
  slices_test_remove_tree (types);
  if (user == NULL)
    {
      /* The file belongs to us, so mode 0 stands for the kernel's root-owned 0400. */
      g_assert_cmpint (g_chmod (gvt, 0), ==, 0);
    }
  else
    {
      /* The kernel's own: root's, 0400. nobody, as the owner does on the path above, reads
       * enable_guc: enable_gvt alone is unreadable. */
      g_assert_cmpint (g_chmod (gvt, 0400), ==, 0);
      g_assert_cmpint (g_chmod (guc, 0644), ==, 0);
    }

  root = doctor_json_as (tree, 1, user);
  assert_check_status (root, "gvt-parameter", "error");

  run_slicectl_as (&run, user, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_nonnull (strstr (run.out, "i915.enable_gvt=1"));
  command = g_strdup_printf ("sudo slicectl doctor --sysfs-root %s", tree->root);
  g_assert_null (strstr (run.out, command));
}

static void
test_doctor_errors (void)
{
  g_autoptr(Tree) empty = tree_new_empty ();
  g_autofree char *missing = g_build_filename (empty->root, "no-such-folder", NULL);
  g_auto(Run) run = { 0 };

  /* A tree that is not there is not "no Intel GPU". */
  run_slicectl (&run, "--sysfs-root", missing, "doctor", NULL);
  assert_one_line_error (&run, 1, missing, "--sysfs-root", NULL);
  run_slicectl (&run, "--sysfs-root", empty->root, "doctor", "--json", NULL);
  assert_one_line_error (&run, 1, empty->root, "bus/pci/devices", NULL);
  run_slicectl (&run, "--sysfs-root", missing, "nixos", NULL);
  assert_one_line_error (&run, 1, missing, NULL);
}

/* --- nixos ------------------------------------------------------------------------------- */

#define UUID_A "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define UUID_B "0e94a3f8-6f2a-4b9e-a0c1-5f3b2d9c8e11"
#define UUID_C "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"

static void
create_slice (const Tree *tree,
              const char *address,
              const char *type,
              const char *uuid)
{
  g_auto(Run) run = { 0 };

  run_slicectl (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu", address,
                "--type", type, "--uuid", uuid, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

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
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_auto(Run) run = { 0 };

  make_parameters_readable (tree);
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_C);
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);

  run_slicectl (&run, "--sysfs-root", tree->root, "nixos", "--user", "alice", NULL);
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
  set_parameter (tree, "enable_guc", "3\n");
  run_slicectl (&run, "--sysfs-root", tree->root, "nixos", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_has_line (run.out, "boot.extraModprobeConfig = \"options i915 enable_guc=2\";");

  /* A user name that no system allows is refused rather than written into Nix code. */
  run_slicectl (&run, "--sysfs-root", tree->root, "nixos", "--user", "a\"b", NULL);
  assert_one_line_error (&run, 2, "a\"b", NULL);
}

static void
test_nixos_other_device (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(Tree) tree = NULL;
  g_auto(Run) run = { 0 };

  slices_sim_gpu_spec_init (&spec, "0000:03:00.0");
  spec.device_id = 0x3e92;
  tree = tree_new (&spec, NULL);
  create_slice (tree, "0000:03:00.0", "i915-GVTg_V5_4", UUID_A);

  run_slicectl (&run, "--sysfs-root", tree->root, "nixos", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_nix_statements (run.out);
  assert_has_line (run.out, "virtualisation.kvmgt.device = \"0000:03:00.0\";");
  assert_has_line (run.out,
                   "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_4\".uuid = [ \"" UUID_A "\" ];");
}

/* --- qemu-args --------------------------------------------------------------------------- */

#define DEVICE_ON "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_A \
                  ",display=on,x-igd-opregion=on,ramfb=on"

/* Runs qemu-args for @uuid with the NULL-terminated options (XDG_RUNTIME_DIR set to @runtime
 * for the SPICE socket) and returns the line split as a POSIX shell would. */
static GStrv
qemu_args (const Tree *tree,
           const char *runtime,
           const char *uuid,
           ...)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", runtime, TRUE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  GStrv parsed = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) get_slicectl ());
  g_ptr_array_add (argv, (char *) "--sysfs-root");
  g_ptr_array_add (argv, tree->root);
  g_ptr_array_add (argv, (char *) "qemu-args");
  g_ptr_array_add (argv, (char *) uuid);
  va_start (args, uuid);
  for (const char *arg = va_arg (args, const char *); arg != NULL;
       arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (&run, (const char * const *) argv->pdata, (const char * const *) envp);
  if (run.status != 0)
    g_error ("qemu-args failed: %s", run.err);
  g_assert_cmpstr (run.err, ==, "");

  /* One line, no comments: it pastes after `qemu-system-x86_64 …`. */
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  g_assert_null (strchr (run.out, '#'));
  g_assert_true (strchr (run.out, '\n') == run.out + strlen (run.out) - 1);

  g_shell_parse_argv (run.out, NULL, &parsed, &error);
  g_assert_no_error (error);

  return parsed;
}

static void
assert_strv (char       **actual,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (expected, (char *) s);
  va_end (args);
  g_ptr_array_add (expected, NULL);

  if (!g_strv_equal ((const char * const *) actual, (const char * const *) expected->pdata))
    {
      g_autofree char *got = g_strjoinv (" ", actual);
      g_error ("unexpected arguments: %s", got);
    }
}

static void
test_qemu_args_modes (void)
{
  g_autoptr(Tree) tree = tree_new_kaby_lake ();
  g_autofree char *runtime = g_build_filename (tree->root, "run", NULL);
  g_autofree char *spice = g_strdup_printf ("unix=on,addr=%s/gpu-slices/" UUID_A ".sock,"
                                            "disable-ticketing=on,gl=on,"
                                            "rendernode=/dev/dri/renderD128", runtime);
  g_auto(GStrv) args = NULL;

  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

  /* The type's own resolution by default, and a window with OpenGL. UUIDs in any case. */
  args = qemu_args (tree, runtime, "4B20D080-1B54-4048-85B3-A6A62D165C01", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200", "-display", "gtk,gl=on", NULL);
  g_clear_pointer (&args, g_strfreev);

  args = qemu_args (tree, runtime, UUID_A, "--display", "gtk", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200", "-display", "gtk,gl=on", NULL);
  g_clear_pointer (&args, g_strfreev);

  /* SPICE GL only on a local socket, with the GPU's render node. */
  args = qemu_args (tree, runtime, UUID_A, "--display", "spice", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200", "-display", "none",
               "-spice", spice, NULL);
  g_clear_pointer (&args, g_strfreev);

  args = qemu_args (tree, runtime, UUID_A, "--display", "egl-headless", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200",
               "-display", "egl-headless,rendernode=/dev/dri/renderD128",
               "-vnc", "127.0.0.1:0", NULL);
  g_clear_pointer (&args, g_strfreev);

  args = qemu_args (tree, runtime, UUID_A, "--display", "none", NULL);
  assert_strv (args, "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_A
               ",display=off,x-igd-opregion=on", NULL);
  g_clear_pointer (&args, g_strfreev);

  /* A smaller resolution, another render node, and the two switches. */
  args = qemu_args (tree, runtime, UUID_A, "--display", "egl-headless", "--resolution",
                    "1280x720", "--rendernode", "/dev/dri/renderD129", "--no-ramfb",
                    "--no-opregion", NULL);
  assert_strv (args, "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_A
               ",display=on,xres=1280,yres=720",
               "-display", "egl-headless,rendernode=/dev/dri/renderD129",
               "-vnc", "127.0.0.1:0", NULL);
}

static void
test_qemu_args_type_and_node (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(Tree) tree = NULL;
  g_autofree char *runtime = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(Run) run = { 0 };

  /* The GPU's first render node is the default, whatever its number. */
  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = 129;
  spec.card_minor = 1;
  tree = tree_new (&spec, NULL);
  runtime = g_build_filename (tree->root, "run", NULL);
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);

  args = qemu_args (tree, runtime, UUID_B, "--display", "egl-headless", NULL);
  assert_strv (args, "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_B
               ",display=on,x-igd-opregion=on,ramfb=on,xres=1024,yres=768",
               "-display", "egl-headless,rendernode=/dev/dri/renderD129",
               "-vnc", "127.0.0.1:0", NULL);

  /* Larger than the type: refused with exit 1 (the value is well formed, this slice cannot
   * do it), naming what it can do. */
  run_slicectl (&run, "--sysfs-root", tree->root, "qemu-args", UUID_B, "--resolution",
                "1920x1200", NULL);
  assert_one_line_error (&run, 1, UUID_B, "1920", "1024", NULL);
  run_slicectl (&run, "--sysfs-root", tree->root, "qemu-args", UUID_B, "--resolution",
                "1024x769", NULL);
  assert_one_line_error (&run, 1, "768", NULL);
}

/* What `slicectl qemu-args` prints is what QEMU accepts: only the missing slice is left. */
static void
test_qemu_args_real_qemu (void)
{
  const char *modes[] = { "gtk", "spice", "egl-headless", "none" };
  const char *qemu = qemu_check_binary ();
  g_autoptr(Tree) tree = NULL;
  g_autofree char *runtime = NULL;

  if (qemu == NULL)
    {
      g_test_skip ("qemu-system-x86_64 is not installed (Debian: qemu-system-x86)");
      return;
    }

  tree = tree_new_kaby_lake ();
  runtime = g_build_filename (tree->root, "run", NULL);
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_auto(GStrv) args = qemu_args (tree, runtime, UUID_A, "--display", modes[m], NULL);
      g_auto(GStrv) device_only = qemu_check_rewrite_display ((const char * const *) args,
                                                              tree->root);
      g_autoptr(GStrvBuilder) cmd = g_strv_builder_new ();
      g_auto(GStrv) argv = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      g_autofree char *why = NULL;
      gboolean running = FALSE;

      g_strv_builder_add_many (cmd, qemu, "-S", "-nodefaults", "-machine", "q35", "-accel",
                               "tcg", "-m", "128", NULL);
      g_strv_builder_addv (cmd, (const char **) device_only);
      argv = g_strv_builder_end (cmd);
      err = qemu_check_run ((const char * const *) argv, 30, &running, &error);
      g_assert_no_error (error);
      g_assert_false (running);
      if (!qemu_check_only_missing_slice (err, UUID_A, &why))
        g_error ("--display %s: %s", modes[m], why);
    }
}

/* --- attach and detach ---------------------------------------------------------------------- */

#define UUID_OLD "a297db4a-f4c2-11e6-90f6-d3b88d6c9525" /* the slice has-slice.xml holds */
#define ALIAS_A "ua-gpu-slices-4b20d080"
#define NODE_128 "/dev/dri/renderD128"

/* A test:/// driver host: one running VM, one shut off (test:runstate 5), one with a slice. */
static const char *test_host_xml =
  "<node>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>running-vm</name><uuid>11111111-2222-4333-8444-555555555555</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><graphics type='vnc' port='-1' passwd='secret1'/>\n"
  "      <video><model type='vga'/></video></devices>\n"
  "  </domain>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>off-vm</name><uuid>11111111-2222-4333-8444-666666666666</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><graphics type='vnc' port='-1' passwd='secret2'/>\n"
  "      <video><model type='vga'/></video></devices>\n"
  "    <test:runstate>5</test:runstate>\n"
  "  </domain>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>with-slice</name><uuid>11111111-2222-4333-8444-777777777777</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><graphics type='spice'><listen type='none'/>\n"
  "      <gl enable='yes' rendernode='/dev/dri/renderD128'/></graphics>\n"
  "      <video><model type='none'/></video>\n"
  "      <hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>\n"
  "        <source><address uuid='" UUID_OLD "'/></source></hostdev></devices>\n"
  "    <test:runstate>5</test:runstate>\n"
  "  </domain>\n"
  "</node>\n";

static char *
domain_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "domains", name, NULL);
}

/* Runs slicectl with @args (NULL-terminated), each "@T" in them replaced by @tmp. */
static void
run_slicectl_args (Run               *run,
                   const char        *tmp,
                   const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (get_slicectl ()));
  for (gsize i = 0; args[i] != NULL; i++)
    {
      g_autoptr(GString) arg = g_string_new (args[i]);

      if (tmp != NULL)
        g_string_replace (arg, "@T", tmp, 0);
      g_ptr_array_add (argv, g_string_free (g_steal_pointer (&arg), FALSE));
    }
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (run, (const char * const *) argv->pdata, NULL);
}

/* Success: exit 0, and whatever went to stderr is "note: …" lines. */
static void
assert_success_with_notes (const Run *run)
{
  g_auto(GStrv) lines = NULL;

  if (run->status != 0)
    g_error ("unexpected exit %d, stderr: %s", run->status, run->err);
  lines = g_strsplit (run->err, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "note: "))
        g_error ("not a note on stderr: %s", lines[i]);
    }
}

static char *
canonicalize (const char *xml)
{
  g_autoptr(GError) error = NULL;
  char *canonical = slices_domain_canonicalize (xml, &error);

  g_assert_no_error (error);
  return canonical;
}

static void
assert_same_definition (const char *expected,
                        const char *actual)
{
  g_autofree char *a = canonicalize (expected);
  g_autofree char *b = canonicalize (actual);

  g_assert_cmpstr (a, ==, b);
}

/* The slices in @xml are exactly @uuid (NULL: none). */
static void
assert_slices (const char *xml,
               const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = slices_domain_find_slices (xml, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, uuid != NULL ? 1 : 0);
  if (uuid != NULL)
    g_assert_cmpstr (found[0], ==, uuid);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” unexpectedly in:\n%s", needle, text);
}

/* Every corpus domain, offline, for the three libvirt generations users run: the form fits the
 * version, and detaching the result gives the original back. */
static void
test_attach_offline_versions (void)
{
  const char *versions[] = { "6.0.0", "8.0.0", "9.0.0" };
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "domains", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(Tree) tmp = tree_new_empty ();
  const char *name;
  guint checked = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *original = NULL;
      g_auto(GStrv) had = NULL;
      gboolean had_hostdev0;

      if (!g_str_has_suffix (name, ".xml"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
      had = slices_domain_find_slices (original, NULL);
      g_assert_nonnull (had);
      had_hostdev0 = strstr (original, "device.hostdev0") != NULL;

      for (gsize v = 0; v < G_N_ELEMENTS (versions); v++)
        {
          const char *args[] = { "attach", "--xml", path, "--slice", UUID_A, "--type",
                                 "i915-GVTg_V5_4", "--rendernode", NODE_128,
                                 "--libvirt-version", versions[v],
                                 had[0] != NULL ? "--replace" : NULL, NULL };
          g_autofree char *attached_path = g_build_filename (tmp->root, "attached.xml", NULL);
          g_auto(Run) run = { 0 };
          g_autoptr(GError) error = NULL;

          g_test_message ("%s, libvirt %s", name, versions[v]);
          run_slicectl_args (&run, NULL, args);
          assert_success_with_notes (&run);
          assert_slices (run.out, UUID_A);
          assert_contains (run.out, "ramfb=\"on\"");
          assert_contains (run.out, ALIAS_A);
          if (!had_hostdev0)
            assert_lacks (run.out, "device.hostdev0");

          if (g_str_equal (versions[v], "9.0.0"))
            {
              assert_contains (run.out, ":override>");
              assert_lacks (run.out, "device." ALIAS_A);
            }
          else if (g_str_equal (versions[v], "6.0.0"))
            {
              assert_lacks (run.out, ":override>");
              assert_contains (run.out, "\"device." ALIAS_A ".x-igd-opregion=on\"");
              assert_contains (run.out, "\"device." ALIAS_A ".xres=1920\"");
              assert_contains (run.out, "\"device." ALIAS_A ".yres=1200\"");
            }
          else
            {
              /* 7.9–8.1: neither works; a note says what is missing. */
              assert_lacks (run.out, ":override>");
              assert_lacks (run.out, "device." ALIAS_A);
              assert_contains (run.err, "note: ");
              assert_contains (run.err, "8.0.0");
            }

          if (had[0] != NULL)
            continue;

          /* Detaching the result gives the original back. */
          g_file_set_contents (attached_path, run.out, -1, &error);
          g_assert_no_error (error);
          {
            const char *detach[] = { "detach", "--xml", attached_path, "--slice", UUID_A, NULL };
            g_auto(Run) back = { 0 };

            run_slicectl_args (&back, NULL, detach);
            assert_success_with_notes (&back);
            assert_same_definition (original, back.out);
          }
          checked++;
        }
    }

  /* The corpus is there: seven domains without a slice, three versions each. */
  g_assert_cmpuint (checked, >=, 7 * G_N_ELEMENTS (versions));
}

/* A VM holds one GVT-g slice: another one needs --replace, which swaps them. */
static void
test_attach_replace (void)
{
  g_autofree char *path = domain_path ("has-slice.xml");
  const char *plain[] = { "attach", "--xml", path, "--slice", UUID_A, "--type",
                          "i915-GVTg_V5_4", "--rendernode", NODE_128, "--libvirt-version",
                          "9.0.0", NULL };
  const char *replace[] = { "attach", "--xml", path, "--slice", UUID_A, "--type",
                            "i915-GVTg_V5_4", "--rendernode", NODE_128, "--libvirt-version",
                            "9.0.0", "--replace", NULL };
  g_auto(Run) run = { 0 };

  run_slicectl_args (&run, NULL, plain);
  assert_one_line_error (&run, 1, UUID_OLD, "--replace", NULL);

  run_slicectl_args (&run, NULL, replace);
  assert_success_with_notes (&run);
  assert_slices (run.out, UUID_A);
  assert_contains (run.err, UUID_OLD);
}

/* Without --type the slice's type, its resolution and the render node come from the tree. */
static void
test_attach_type_from_tree (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(Tree) tree = NULL;
  g_autofree char *minimal = domain_path ("minimal.xml");
  g_auto(Run) run = { 0 };
  char version_text[32];
  unsigned long version = 0;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = 129;
  spec.card_minor = 1;
  tree = tree_new (&spec, NULL);
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);

  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--libvirt-version", "9.0.0", NULL };

    run_slicectl_args (&run, NULL, args);
    assert_success_with_notes (&run);
    assert_slices (run.out, UUID_B);
    assert_contains (run.out, "rendernode=\"/dev/dri/renderD129\"");
    assert_contains (run.out, "type=\"i915-GVTg_V5_8\"");
    assert_contains (run.out, "name=\"xres\" type=\"unsigned\" value=\"1024\"");
    assert_contains (run.out, "name=\"yres\" type=\"unsigned\" value=\"768\"");
  }

  /* Above the type's own resolution: refused, naming what it can do. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--resolution", "1920x1200", NULL };

    run_slicectl_args (&run, NULL, args);
    assert_one_line_error (&run, 1, "1920", "1024", NULL);
  }

  /* A slice that is not in the tree needs --type… */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_A, NULL };

    run_slicectl_args (&run, NULL, args);
    assert_one_line_error (&run, 1, UUID_A, "--type", NULL);
  }

  /* …which then gives the resolution from the kernel's table; the tree still gives the node. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_A, "--type", "GVTg_V5_1", "--libvirt-version", "9.0.0", NULL };

    run_slicectl_args (&run, NULL, args);
    assert_success_with_notes (&run);
    assert_slices (run.out, UUID_A);
    assert_contains (run.out, "type=\"i915-GVTg_V5_1\"");
    assert_contains (run.out, "rendernode=\"/dev/dri/renderD129\"");
    assert_contains (run.out, "name=\"xres\" type=\"unsigned\" value=\"1920\"");
    assert_contains (run.out, "name=\"yres\" type=\"unsigned\" value=\"1200\"");
  }

  /* No display: no render node, display='off'. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--display", "off", "--libvirt-version", "9.0.0", NULL };

    run_slicectl_args (&run, NULL, args);
    assert_success_with_notes (&run);
    assert_contains (run.out, "display=\"off\"");
    assert_lacks (run.out, "rendernode");
  }

  /* Without --libvirt-version: the installed libvirt's form. */
  g_assert_cmpint (virGetVersion (&version, NULL, NULL), ==, 0);
  g_snprintf (version_text, sizeof version_text, "%lu.%lu.%lu", version / 1000000,
              (version / 1000) % 1000, version % 1000);
  {
    const char *implicit[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal,
                               "--slice", UUID_B, NULL };
    const char *explicit[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal,
                               "--slice", UUID_B, "--libvirt-version", version_text, NULL };
    g_auto(Run) other = { 0 };

    run_slicectl_args (&run, NULL, implicit);
    assert_success_with_notes (&run);
    run_slicectl_args (&other, NULL, explicit);
    assert_success_with_notes (&other);
    g_assert_cmpstr (run.out, ==, other.out);
  }
}

typedef struct {
  const char *name;
  int         status;
  const char *args[20];   /* "@T" is replaced by a temporary folder with a simulated tree */
  const char *needles[4]; /* each must appear in the error line */
} AttachErrorCase;

#define XML_ARGS(file) "--xml", "@T/" file, "--rendernode", NODE_128
#define TEST_HOST "test://@T/host.xml"

static const AttachErrorCase attach_error_cases[] = {
  { "bad-uuid", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", "1234", "--type", "i915-GVTg_V5_4" },
    { "1234", "UUID" } },
  { "no-slice", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--type", "i915-GVTg_V5_4" },
    { "--slice" } },
  { "no-domain", 2,
    { "attach", "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "--domain", "--xml" } },
  { "xml-and-domain", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--domain", "vm", "--slice", UUID_A },
    { "--xml", "--domain" } },
  { "stray-argument", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "now" },
    { "now" } },
  { "bad-display", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--display", "vnc" },
    { "vnc", "local", "remote", "off" } },
  { "bad-version", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--libvirt-version", "nine" },
    { "nine", "X.Y.Z" } },
  { "version-online", 2,
    { "attach", "--connect", TEST_HOST, "--domain", "off-vm", "--slice", UUID_A,
      "--libvirt-version", "9.0.0" },
    { "--libvirt-version" } },
  { "bad-type", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_3" },
    { "i915-GVTg_V5_3" } },
  { "relative-rendernode", 2,
    { "attach", "--xml", "@T/minimal.xml", "--slice", UUID_A, "--type", "i915-GVTg_V5_4",
      "--rendernode", "renderD128" },
    { "renderD128", "absolute" } },
  { "resolution-above-type", 1,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_8",
      "--resolution", "1920x1200" },
    { "1920", "1024" } },
  { "unknown-slice", 1,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_B },
    { UUID_B, "--type" } },
  { "broken-xml", 1,
    { "attach", XML_ARGS ("broken.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "broken.xml" } },
  { "not-a-domain", 1,
    { "attach", XML_ARGS ("network.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "network.xml" } },
  { "missing-file", 1,
    { "attach", XML_ARGS ("missing.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "missing.xml" } },
  { "has-slice", 1,
    { "attach", XML_ARGS ("has-slice.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { UUID_OLD, "--replace" } },
  { "unknown-domain", 1,
    { "attach", "--connect", TEST_HOST, "--domain", "nope", "--slice", UUID_A, "--type",
      "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { "“nope”", "list --all" } },
  { "no-daemon", 1,
    { "attach", "--connect", "qemu+unix:///system?socket=@T/missing.sock", "--domain", "vm",
      "--slice", UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { "not running" } },
  { "invalid-uri", 1,
    { "attach", "--connect", "not-a-uri", "--domain", "vm", "--slice", UUID_A, "--type",
      "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { "not-a-uri", "libvirt address" } },
  { "online-has-slice", 1,
    { "attach", "--connect", TEST_HOST, "--domain", "with-slice", "--slice", UUID_A, "--type",
      "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { UUID_OLD, "--replace" } },
  { "detach-not-attached", 1,
    { "detach", "--xml", "@T/minimal.xml", "--slice", UUID_A },
    { UUID_A, "not attached" } },
  { "detach-online-not-attached", 1,
    { "detach", "--connect", TEST_HOST, "--domain", "off-vm", "--slice", UUID_A },
    { UUID_A, "not attached" } },
  { "detach-bad-uuid", 2,
    { "detach", "--xml", "@T/minimal.xml", "--slice", "slice-1" },
    { "slice-1", "UUID" } },
  { "detach-unknown-domain", 1,
    { "detach", "--connect", TEST_HOST, "--domain", "nope", "--slice", UUID_A },
    { "“nope”" } },
};

/* A temporary folder with a simulated Kaby Lake tree (no slices), copies of two corpus
 * domains, a broken file, a definition that is not a domain and the test:/// host. */
static Tree *
attach_tree_new (void)
{
  const char *copies[] = { "minimal.xml", "has-slice.xml" };
  Tree *tree = tree_new_kaby_lake ();

  for (gsize i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *path = domain_path (copies[i]);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      slices_test_put_file (tree->root, copies[i], contents);
    }
  slices_test_put_file (tree->root, "broken.xml", "<domain type='kvm'><name>half</name><devices>");
  slices_test_put_file (tree->root, "network.xml", "<network><name>default</name></network>");
  slices_test_put_file (tree->root, "host.xml", test_host_xml);

  return tree;
}

static void
test_attach_error_case (gconstpointer data)
{
  const AttachErrorCase *c = data;
  g_autoptr(Tree) tree = attach_tree_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *before = slices_test_snapshot (tree->root);
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };

  g_ptr_array_add (args, (char *) "--sysfs-root");
  g_ptr_array_add (args, tree->root);
  for (gsize i = 0; i < G_N_ELEMENTS (c->args) && c->args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) c->args[i]);
  g_ptr_array_add (args, NULL);

  run_slicectl_args (&run, tree->root, (const char * const *) args->pdata);
  assert_one_line_error (&run, c->status, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (c->needles) && c->needles[i] != NULL; i++)
    {
      if (strstr (run.err, c->needles[i]) == NULL)
        g_error ("%s: “%s” not in the error line: %s", c->name, c->needles[i], run.err);
    }

  /* Nothing was written: not the files, not the tree. */
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

/* Online with libvirt's test:/// driver. Each process loads its own copy of the host file, so
 * every check is on one invocation's output. */
static void
test_attach_test_driver (void)
{
  g_autoptr(Tree) tree = attach_tree_new ();
  g_auto(Run) run = { 0 };

  /* A running VM gets the slice at its next cold boot, and is told so. */
  {
    const char *args[] = { "attach", "--connect", TEST_HOST, "--domain", "running-vm",
                           "--slice", UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode",
                           NODE_128, NULL };

    run_slicectl_args (&run, tree->root, args);
    assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " UUID_A " to running-vm. It takes effect "
                     "after running-vm is shut down and started again.\n");
  }

  {
    const char *args[] = { "attach", "--connect", TEST_HOST, "--domain", "off-vm", "--slice",
                           UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode", NODE_128, NULL };

    run_slicectl_args (&run, tree->root, args);
    assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " UUID_A " to off-vm.\n");
  }

  /* The render node from --sysfs-root, the resolution from --type; the definition is read
   * with its secrets (the VNC password is kept in our metadata for detach). --dry-run prints
   * the new definition and defines nothing. */
  {
    const char *args[] = { "--sysfs-root", "@T", "attach", "--connect", TEST_HOST,
                           "--domain", "off-vm", "--slice", UUID_A, "--type", "i915-GVTg_V5_8",
                           "--dry-run", NULL };

    run_slicectl_args (&run, tree->root, args);
    assert_success_with_notes (&run);
    assert_slices (run.out, UUID_A);
    assert_contains (run.out, "<name>off-vm</name>");
    assert_contains (run.out, "secret2");
    assert_contains (run.out, "rendernode=\"/dev/dri/renderD128\"");
    assert_contains (run.out, "name=\"xres\" type=\"unsigned\" value=\"1024\"");
  }

  /* --replace swaps the VM's slice for this one. */
  {
    const char *args[] = { "attach", "--connect", TEST_HOST, "--domain", "with-slice",
                           "--slice", UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode",
                           NODE_128, "--replace", "--dry-run", NULL };

    run_slicectl_args (&run, tree->root, args);
    assert_success_with_notes (&run);
    assert_slices (run.out, UUID_A);
  }

  {
    const char *args[] = { "detach", "--connect", TEST_HOST, "--domain", "with-slice",
                           "--slice", UUID_OLD, "--dry-run", NULL };

    run_slicectl_args (&run, tree->root, args);
    assert_success_with_notes (&run);
    assert_slices (run.out, NULL);
    assert_contains (run.out, "<name>with-slice</name>");
  }

  {
    const char *args[] = { "detach", "--connect", TEST_HOST, "--domain", "with-slice",
                           "--slice", UUID_OLD, NULL };

    run_slicectl_args (&run, tree->root, args);
    assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Detached slice " UUID_OLD " from with-slice.\n");
  }
}

/* Runs virsh on @uri; returns its stdout, NULL (with @err set) when it fails. */
static char *
virsh (const char  *uri,
       char       **err,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) "virsh");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) uri);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, err, &wait_status, &error);
  g_assert_no_error (error);

  return g_spawn_check_wait_status (wait_status, NULL) ? g_steal_pointer (&out) : NULL;
}

static char *
dump_definition (const char *uri,
                 const char *name)
{
  g_autofree char *err = NULL;
  char *xml = virsh (uri, &err, "dumpxml", "--inactive", "--security-info", name, NULL);

  if (xml == NULL)
    g_error ("virsh dumpxml failed: %s", err);
  return xml;
}

/* Real libvirt (the QEMU driver embedded in each process, persistent in a temporary root):
 * attach and detach as two invocations, checked by reading the stored definition back. */
static void
test_attach_embed (void)
{
  g_autoptr(Tree) tree = NULL;
  g_autoptr(Tree) root = NULL;
  g_autofree char *virsh_path = g_find_program_in_path ("virsh");
  g_autofree char *domain = domain_path ("vnc-server.xml");
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *before = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *now = NULL;
  g_auto(Run) run = { 0 };

  if (qemu_check_binary () == NULL || virsh_path == NULL)
    {
      g_test_skip ("qemu-system-x86_64 or virsh is not installed (Debian: qemu-system-x86, "
                   "libvirt-clients)");
      return;
    }

  tree = tree_new_kaby_lake ();
  create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

  root = tree_new_empty ();
  if (geteuid () == 0)
    {
      /* CI containers may lack the libvirt-qemu user (FACTS.md §6). */
      slices_test_put_file (root->root, "etc/qemu.conf", "user = \"root\"\ngroup = \"root\"\n");
    }
  uri = g_strdup_printf ("qemu:///embed?root=%s", root->root);

  defined = virsh (uri, &err, "define", domain, NULL);
  if (defined == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("libvirt's embedded QEMU driver is "
                                                 "unavailable here: %s", err);
      g_test_skip (reason);
      return;
    }
  before = dump_definition (uri, "headless-server");

  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--connect", uri, "--domain",
                           "headless-server", "--slice", UUID_A, NULL };

    run_slicectl_args (&run, NULL, args);
    assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " UUID_A " to headless-server.\n");
  }
  attached = dump_definition (uri, "headless-server");
  assert_slices (attached, UUID_A);
  assert_contains (attached, "<qemu:override>");
  assert_contains (attached, "x-igd-opregion");
  /* The VNC server's password is kept for detach. */
  assert_contains (attached, "vncpass");

  /* The same slice again changes nothing. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--connect", uri, "--domain",
                           "headless-server", "--slice", UUID_A, NULL };

    run_slicectl_args (&run, NULL, args);
    assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "");
    assert_contains (run.err, "already attached");
    now = dump_definition (uri, "headless-server");
    g_assert_cmpstr (now, ==, attached);
    g_clear_pointer (&now, g_free);
  }

  /* Another slice without --replace: refused, nothing defined. */
  {
    const char *args[] = { "attach", "--connect", uri, "--domain", "headless-server",
                           "--slice", UUID_B, "--type", "i915-GVTg_V5_4", "--rendernode",
                           NODE_128, NULL };

    run_slicectl_args (&run, NULL, args);
    assert_one_line_error (&run, 1, UUID_A, "--replace", NULL);
    now = dump_definition (uri, "headless-server");
    g_assert_cmpstr (now, ==, attached);
    g_clear_pointer (&now, g_free);
  }

  {
    const char *args[] = { "detach", "--connect", uri, "--domain", "headless-server",
                           "--slice", UUID_A, NULL };

    run_slicectl_args (&run, NULL, args);
    assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Detached slice " UUID_A " from headless-server.\n");
  }
  now = dump_definition (uri, "headless-server");
  assert_same_definition (before, now);

  g_free (virsh (uri, NULL, "undefine", "headless-server", NULL));
}

/* --- help and version ----------------------------------------------------------------- */

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
  g_auto(Run) run = { 0 };

  run_slicectl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (tool_needles); i++)
    g_assert_nonnull (strstr (run.out, tool_needles[i]));

  run_slicectl (&run, "-h", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Exit status"));

  run_slicectl (&run, "create", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (create_needles); i++)
    g_assert_nonnull (strstr (run.out, create_needles[i]));

  run_slicectl (&run, "help", "create", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--count"));

  run_slicectl (&run, "list", "-h", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--json"));

  run_slicectl (&run, "remove", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "UUID"));

  run_slicectl (&run, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "doctor"));
  g_assert_nonnull (strstr (run.out, "nixos"));
  g_assert_nonnull (strstr (run.out, "qemu-args"));

  run_slicectl (&run, "doctor", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--json"));
  g_assert_nonnull (strstr (run.out, "sudo slicectl doctor"));

  run_slicectl (&run, "help", "qemu-args", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (qemu_args_needles); i++)
    g_assert_nonnull (strstr (run.out, qemu_args_needles[i]));

  run_slicectl (&run, "nixos", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "configuration.nix"));

  run_slicectl (&run, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "attach"));
  g_assert_nonnull (strstr (run.out, "detach"));

  run_slicectl (&run, "attach", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (attach_needles); i++)
    g_assert_nonnull (strstr (run.out, attach_needles[i]));

  run_slicectl (&run, "help", "detach", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--xml"));
  g_assert_nonnull (strstr (run.out, "--dry-run"));

  run_slicectl (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "slicectl " PACKAGE_VERSION "\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/list-json/kaby-lake", test_list_json_kaby_lake);
  g_test_add_func ("/slices/slicectl/list-json/small-aperture", test_list_json_small_aperture);
  g_test_add_func ("/slices/slicectl/list-json/render-d129", test_list_json_render_d129);
  g_test_add_func ("/slices/slicectl/list-json/two-gpus", test_list_json_two_gpus);
  g_test_add_func ("/slices/slicectl/list-json/old-kernels", test_list_json_old_kernels);
  g_test_add_func ("/slices/slicectl/list/human", test_list_human);
  g_test_add_func ("/slices/slicectl/list/no-gvt", test_list_no_gvt);
  g_test_add_func ("/slices/slicectl/create/count-then-remove", test_create_count_then_remove);
  g_test_add_func ("/slices/slicectl/create/uppercase-uuid", test_create_uppercase_uuid);
  for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/slicectl/error/%s", error_cases[i].name);
      g_test_add_data_func (path, &error_cases[i], test_error_case);
    }
  g_test_add_func ("/slices/slicectl/error/remove-checks-all-first",
                   test_error_remove_checks_all_first);
  g_test_add_func ("/slices/slicectl/error/trees", test_error_trees);
  g_test_add_func ("/slices/slicectl/error/simulate-without-root",
                   test_error_simulate_without_root);
  g_test_add_func ("/slices/slicectl/doctor/healthy", test_doctor_healthy);
  g_test_add_func ("/slices/slicectl/doctor/guc-submission", test_doctor_guc_submission);
  g_test_add_func ("/slices/slicectl/doctor/libvirt", test_doctor_libvirt);
  g_test_add_func ("/slices/slicectl/doctor/gvt-off", test_doctor_gvt_off);
  g_test_add_func ("/slices/slicectl/doctor/ice-lake", test_doctor_ice_lake);
  g_test_add_func ("/slices/slicectl/doctor/unreadable-parameters",
                   test_doctor_unreadable_parameters);
  g_test_add_func ("/slices/slicectl/doctor/errors", test_doctor_errors);
  g_test_add_func ("/slices/slicectl/nixos/snippet", test_nixos_snippet);
  g_test_add_func ("/slices/slicectl/nixos/other-device", test_nixos_other_device);
  g_test_add_func ("/slices/slicectl/qemu-args/modes", test_qemu_args_modes);
  g_test_add_func ("/slices/slicectl/qemu-args/type-and-node", test_qemu_args_type_and_node);
  g_test_add_func ("/slices/slicectl/qemu-args/real-qemu", test_qemu_args_real_qemu);
  g_test_add_func ("/slices/slicectl/attach/offline-versions", test_attach_offline_versions);
  g_test_add_func ("/slices/slicectl/attach/replace", test_attach_replace);
  g_test_add_func ("/slices/slicectl/attach/type-from-tree", test_attach_type_from_tree);
  for (gsize i = 0; i < G_N_ELEMENTS (attach_error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/slicectl/attach/error/%s",
                                               attach_error_cases[i].name);
      g_test_add_data_func (path, &attach_error_cases[i], test_attach_error_case);
    }
  g_test_add_func ("/slices/slicectl/attach/test-driver", test_attach_test_driver);
  g_test_add_func ("/slices/slicectl/attach/embed", test_attach_embed);
  g_test_add_func ("/slices/slicectl/help", test_help);

  return g_test_run ();
}
