/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the slicectl tests share (see slices-test-cli.h).
 */
#include "config.h"

#include "slices-test-cli.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

const char *
slices_test_cli_path (void)
{
  const char *path = g_getenv ("SLICECTL");

  return path != NULL ? path : SLICECTL_PATH;
}

/* @user: who slicectl runs as (NULL: as the test). */
static void
run_va (SlicesTestRun        *run,
        char                **envp,
        const SlicesTestUser *user,
        const char           *first,
        va_list               args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) slices_test_cli_path ());
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  /* Never a crash, whatever the input (asserted there). */
  slices_test_run_argv_as (run, (const char * const *) argv->pdata,
                           (const char * const *) envp, user);
}

void
slices_test_cli_run (SlicesTestRun *run,
                     const char    *first,
                     ...)
{
  va_list args;

  va_start (args, first);
  run_va (run, NULL, NULL, first, args);
  va_end (args);
}

void
slices_test_cli_run_env (SlicesTestRun *run,
                         char         **envp,
                         const char    *first,
                         ...)
{
  va_list args;

  va_start (args, first);
  run_va (run, envp, NULL, first, args);
  va_end (args);
}

void
slices_test_cli_run_as (SlicesTestRun        *run,
                        const SlicesTestUser *user,
                        const char           *first,
                        ...)
{
  va_list args;

  va_start (args, first);
  run_va (run, NULL, user, first, args);
  va_end (args);
}

void
slices_test_cli_run_args (SlicesTestRun      *run,
                          const char         *tmp,
                          const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (slices_test_cli_path ()));
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

void
slices_test_cli_assert_success_with_notes (const SlicesTestRun *run)
{
  g_auto(GStrv) lines = NULL;

  if (run->status != 0)
    g_error ("unexpected exit %d, stderr: %s", run->status, run->err);
  lines = g_strsplit (run->err, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "note: "))
      g_error ("not a note on stderr: %s", lines[i]);
}

void
slices_test_cli_assert_one_line_error (const SlicesTestRun *run,
                                       int                  status,
                                       const char          *needle,
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

void
slices_test_cli_assert_error_row (const SlicesTestRun          *run,
                                  const SlicesTestCliErrorCase *error_case)
{
  const SlicesTestCliErrorCase *c = error_case;

  slices_test_cli_assert_one_line_error (run, c->status, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (c->needles) && c->needles[i] != NULL; i++)
    {
      if (strstr (run->err, c->needles[i]) == NULL)
        g_error ("%s: “%s” not in the error line: %s", c->name, c->needles[i], run->err);
    }
}

static void
test_error_case (gconstpointer data)
{
  const SlicesTestCliErrorCase *c = data;
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  /* One slice exists, so that the remove cases have something they must not touch. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu",
                       KBL_ADDRESS, "--type", "i915-GVTg_V5_4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  before = slices_test_snapshot (tree->root);

  g_ptr_array_add (argv, g_strdup (slices_test_cli_path ()));
  g_ptr_array_add (argv, g_strdup ("--sysfs-root"));
  g_ptr_array_add (argv, g_strdup (tree->root));
  for (gsize i = 0; i < G_N_ELEMENTS (c->args) && c->args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (c->args[i]));
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (&run, (const char * const *) argv->pdata, NULL);

  slices_test_cli_assert_error_row (&run, c);

  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

void
slices_test_cli_add_cases (const char                   *prefix,
                           const SlicesTestCliErrorCase *cases,
                           gsize                         n_cases,
                           GTestDataFunc                 run_case)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, cases[i].name);

      g_test_add_data_func (path, &cases[i], run_case);
    }
}

void
slices_test_cli_add_error_cases (const char                   *prefix,
                                 const SlicesTestCliErrorCase *cases,
                                 gsize                         n_cases)
{
  slices_test_cli_add_cases (prefix, cases, n_cases, test_error_case);
}

/* --- simulated trees -------------------------------------------------------------------- */

void
slices_test_tree_free (SlicesTestTree *tree)
{
  slices_test_remove_tree (tree->root);
  g_free (tree->root);
  g_free (tree);
}

SlicesTestTree *
slices_test_tree_new_empty (void)
{
  SlicesTestTree *tree = g_new0 (SlicesTestTree, 1);

  tree->root = slices_test_make_tmp_dir ("test-slicectl-XXXXXX");
  return tree;
}

SlicesTestTree *
slices_test_tree_new (const SlicesSimGpuSpec *spec,
                      ...)
{
  SlicesTestTree *tree = slices_test_tree_new_empty ();
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

SlicesTestTree *
slices_test_tree_new_kaby_lake (void)
{
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  return slices_test_tree_new (&spec, NULL);
}

SlicesTestTree *
slices_test_tree_new_kaby_lake_for (const SlicesTestUser *user)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  SlicesTestTree *tree;

  if (user == NULL)
    return slices_test_tree_new_kaby_lake ();
  tree = g_new0 (SlicesTestTree, 1);
  tree->root = slices_test_make_public_dir ("test-slicectl-XXXXXX");
  simulator = slices_test_simulator_new (tree->root, KBL_ADDRESS);
  return tree;
}

void
slices_test_tree_make_dir (const char *root,
                           const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

void
slices_test_tree_make_link (const char *root,
                            const char *relative,
                            const char *target)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

void
slices_test_tree_add_bare_gpu (const SlicesTestTree *tree,
                               guint                 device_id)
{
  g_autofree char *device = g_strdup_printf ("0x%04x\n", device_id);

  slices_test_put_file (tree->root, "devices/pci0000:00/" KBL_ADDRESS "/vendor", "0x8086\n");
  slices_test_put_file (tree->root, "devices/pci0000:00/" KBL_ADDRESS "/device", device);
  slices_test_put_file (tree->root, "devices/pci0000:00/" KBL_ADDRESS "/class", "0x030000\n");
  slices_test_tree_make_dir (tree->root, "bus/pci/drivers/i915");
  slices_test_tree_make_link (tree->root, "devices/pci0000:00/" KBL_ADDRESS "/driver",
                              "../../../bus/pci/drivers/i915");
  slices_test_tree_make_link (tree->root, "bus/pci/devices/" KBL_ADDRESS,
                              "../../../devices/pci0000:00/" KBL_ADDRESS);
}

void
slices_test_tree_make_parameters_readable (const SlicesTestTree *tree)
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

void
slices_test_tree_set_parameter (const SlicesTestTree *tree,
                                const char           *name,
                                const char           *value)
{
  g_autofree char *relative = g_build_filename ("module", "i915", "parameters", name, NULL);

  slices_test_put_file (tree->root, relative, value);
}

void
slices_test_cli_create_slice (const SlicesTestTree *tree,
                              const char           *address,
                              const char           *type,
                              const char           *uuid)
{
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu",
                       address, "--type", type, "--uuid", uuid, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

/* --- list --json ------------------------------------------------------------------------ */

JsonNode *
slices_test_cli_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
slices_test_cli_list_json (const SlicesTestTree *tree)
{
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  return slices_test_cli_parse_json (run.out);
}

JsonArray *
slices_test_cli_get_gpus (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_array_member (json_node_get_object (root), "gpus");
}

JsonObject *
slices_test_cli_get_gpu (JsonNode *root,
                         guint     index)
{
  return json_array_get_object_element (slices_test_cli_get_gpus (root), index);
}

JsonArray *
slices_test_cli_get_slices (JsonObject *gpu)
{
  return json_object_get_array_member (gpu, "slices");
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

void
slices_test_cli_assert_types (JsonObject *gpu,
                              const int  *available,
                              guint       n_types)
{
  JsonArray *types = json_object_get_array_member (gpu, "types");

  g_assert_cmpuint (n_types, <=, G_N_ELEMENTS (gen9_types));
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

/* --- libvirt ---------------------------------------------------------------------------- */

char *
slices_test_virsh (const char  *uri,
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

char *
slices_test_virsh_dump (const char *uri,
                        const char *name)
{
  g_autofree char *err = NULL;
  char *xml = slices_test_virsh (uri, &err, "dumpxml", "--inactive", "--security-info", name,
                                 NULL);

  if (xml == NULL)
    g_error ("virsh dumpxml failed: %s", err);
  return xml;
}

char *
slices_test_embed_uri (const SlicesTestTree *root)
{
  if (geteuid () == 0)
    slices_test_put_file (root->root, "etc/qemu.conf", "user = \"root\"\ngroup = \"root\"\n");
  return g_strdup_printf ("qemu:///embed?root=%s", root->root);
}
