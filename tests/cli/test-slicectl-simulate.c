/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl simulate DIR`: the tree it makes is the simulator's own (the same files as the test
 * trees), every other command works on it with --sysfs-root DIR --simulate, the options (platform,
 * aperture, several GPUs) show in `list --json`, the command it suggests can be pasted into a
 * shell, and it refuses, with one line and nothing written, a folder that is not empty, is not a
 * folder, or is in the real system, and every malformed option.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "slices-test-cli.h"

/* A path for a tree inside a fresh temporary folder (the folder is removed with @tmp). */
static char *
new_dir_path (SlicesTestTree **tmp,
              const char      *name)
{
  *tmp = slices_test_tree_new_empty ();
  return g_build_filename ((*tmp)->root, name, NULL);
}

/* Runs `slicectl simulate DIR` with the NULL-terminated options; asserts success and returns
 * what it suggests trying, split as a shell would. */
static GStrv
simulate (const char *dir,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  GStrv command = NULL;
  const char *last;
  va_list args;

  g_ptr_array_add (argv, (char *) slices_test_cli_path ());
  g_ptr_array_add (argv, (char *) "simulate");
  g_ptr_array_add (argv, (char *) dir);
  va_start (args, dir);
  for (const char *arg = va_arg (args, const char *); arg != NULL;
       arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (&run, (const char * const *) argv->pdata, NULL);
  if (run.status != 0)
    g_error ("simulate failed: %s", run.err);
  g_assert_cmpstr (run.err, ==, "");

  /* One line per GPU, then the command to try. */
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  for (gsize i = 0; lines[i + 1] != NULL; i++)
    g_assert_true (g_str_has_prefix (lines[i], "Simulated Kaby Lake"));
  last = lines[g_strv_length (lines) - 1];
  g_assert_true (g_str_has_prefix (last, "Try: "));

  g_shell_parse_argv (last + strlen ("Try: "), NULL, &command, &error);
  g_assert_no_error (error);

  return command;
}

static void
test_simulate_default (void)
{
  g_autoptr(SlicesTestTree) tmp = NULL;
  g_autoptr(SlicesTestTree) reference = slices_test_tree_new_kaby_lake ();
  g_autofree char *dir = new_dir_path (&tmp, "new/sim");
  g_autofree char *made = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  g_auto(GStrv) command = NULL;
  const int available[] = { 7, 5, 2, 1 };
  const int after[] = { 4, 3, 1, 0 };
  JsonObject *gpu;

  /* A folder that does not exist yet, with one that does not either above it. */
  command = simulate (dir, NULL);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  /* The simulator's Kaby Lake, file for file. */
  made = slices_test_snapshot (dir);
  expected = slices_test_snapshot (reference->root);
  g_assert_cmpstr (made, ==, expected);

  /* What it suggests is slicectl on this tree. */
  g_assert_cmpuint (g_strv_length (command), ==, 5);
  g_assert_cmpstr (command[0], ==, "slicectl");
  g_assert_cmpstr (command[1], ==, "--sysfs-root");
  g_assert_cmpstr (command[2], ==, dir);
  g_assert_cmpstr (command[3], ==, "--simulate");
  g_assert_cmpstr (command[4], ==, "list");

  {
    /* The folder is removed with tmp. */
    SlicesTestTree tree = { dir };

    root = slices_test_cli_list_json (&tree);
    gpu = slices_test_cli_get_gpu (root, 0);
    g_assert_cmpstr (json_object_get_string_member (gpu, "address"), ==, KBL_ADDRESS);
    g_assert_cmpstr (json_object_get_string_member (gpu, "generation"), ==, "Kaby Lake");
    slices_test_cli_assert_types (gpu, available, G_N_ELEMENTS (available));
    g_clear_pointer (&root, json_node_unref);

    /* The other commands work on it. */
    slices_test_cli_create_slice (&tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
    slices_test_cli_create_slice (&tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);
    root = slices_test_cli_list_json (&tree);
    slices_test_cli_assert_types (slices_test_cli_get_gpu (root, 0), after, G_N_ELEMENTS (after));
  }

  slices_test_cli_run (&run, "--sysfs-root", dir, "qemu-args", UUID_A, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, UUID_A));

  slices_test_cli_run (&run, "--sysfs-root", dir, "--simulate", "remove", UUID_A, UUID_B, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  /* Back as it was made. */
  g_clear_pointer (&made, g_free);
  made = slices_test_snapshot (dir);
  g_assert_cmpstr (made, ==, expected);
}

static void
test_simulate_options (void)
{
  g_autoptr(SlicesTestTree) tmp = NULL;
  g_autofree char *dir = new_dir_path (&tmp, "sim");
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) command = NULL;
  const int small[] = { 2, 1 };
  const char *addresses[] = { KBL_ADDRESS, "0000:03:00.0" };
  const char *nodes[] = { "/dev/dri/renderD128", "/dev/dri/renderD129" };
  JsonArray *gpus;

  /* An empty folder that exists is fine; addresses as lspci writes them, too. */
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  command = simulate (dir, "--platform", "kbl", "--aperture", "256", "--gpu", "00:02.0",
                      "--gpu", "0000:03:00.0", NULL);

  {
    SlicesTestTree tree = { dir };

    root = slices_test_cli_list_json (&tree);
  }
  gpus = slices_test_cli_get_gpus (root);
  g_assert_cmpuint (json_array_get_length (gpus), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *gpu = json_array_get_object_element (gpus, i);
      JsonArray *render_nodes = json_object_get_array_member (gpu, "render_nodes");

      g_assert_cmpstr (json_object_get_string_member (gpu, "address"), ==, addresses[i]);
      g_assert_cmpuint (json_array_get_length (render_nodes), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (render_nodes, 0), ==, nodes[i]);
      slices_test_cli_assert_types (gpu, small, G_N_ELEMENTS (small));
    }
}

/* A folder name the shell must quote is quoted; one a terminal would act on is not repeated. */
static void
test_simulate_odd_names (void)
{
  g_autoptr(SlicesTestTree) tmp = NULL;
  g_autofree char *spaced = new_dir_path (&tmp, "my 'trees' $HOME");
  g_autofree char *control = g_build_filename (tmp->root, "esc\033[2Jape", NULL);
  g_auto(GStrv) command = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  command = simulate (spaced, NULL);
  g_assert_cmpstr (command[2], ==, spaced);
  g_clear_pointer (&command, g_strfreev);

  slices_test_cli_run (&run, "simulate", control, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strchr (run.out, '\033'));
  g_assert_nonnull (strstr (run.out, "Try: slicectl --sysfs-root DIR --simulate list\n"));
  g_assert_true (g_file_test (control, G_FILE_TEST_IS_DIR));
}


/* After "simulate"; "@T" stands for a new folder's path. */
static const SlicesTestCliErrorCase refused_cases[] = {
  { "no-folder", 2, { NULL }, { "DIR" } },
  { "two-folders", 2, { "@T", "@T-too" }, { "one folder" } },
  { "unknown-platform", 2, { "@T", "--platform", "mtl" }, { "mtl", "kbl, ptl, adl, bmg, adl-stock" } },
  { "aperture-on-sriov", 2, { "@T", "--platform", "ptl", "--aperture", "256" },
    { "--aperture", "ptl" } },
  { "bad-aperture", 2, { "@T", "--aperture", "300" }, { "--aperture", "“300”", "1024" } },
  { "aperture-not-a-number", 2, { "@T", "--aperture", "1G" }, { "“1G”" } },
  { "bad-address", 2, { "@T", "--gpu", "banana" }, { "banana", "PCI address" } },
  { "same-address-twice", 2, { "@T", "--gpu", "00:02.0", "--gpu", "0000:00:02.0" },
    { "0000:00:02.0", "twice" } },
  { "with-sysfs-root", 2, { "--sysfs-root", "/tmp", "@T" }, { "--sysfs-root" } },
  { "with-simulate", 2, { "@T", "--simulate" }, { "--simulate" } },
  { "real-sys", 1, { "/sys/kernel/gpu-slices-test" }, { "/sys/kernel/gpu-slices-test", "real" } },
  { "real-proc", 1, { "/proc/gpu-slices-test" }, { "/proc/gpu-slices-test" } },
  { "real-dev", 1, { "/dev/gpu-slices-test" }, { "/dev/gpu-slices-test" } },
  { "root", 1, { "/" }, { "/" } },
};

/* Refused with one line: nothing is made, and the folder holding @T is as it was. */
static void
test_simulate_refused (gconstpointer data)
{
  const SlicesTestCliErrorCase *c = data;
  g_autoptr(SlicesTestTree) tmp = NULL;
  g_autofree char *dir = new_dir_path (&tmp, "sim");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *before = slices_test_snapshot (tmp->root);
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  g_ptr_array_add (args, (char *) "simulate");
  for (gsize i = 0; i < G_N_ELEMENTS (c->args) && c->args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) c->args[i]);
  g_ptr_array_add (args, NULL);

  slices_test_cli_run_args (&run, dir, (const char * const *) args->pdata);
  slices_test_cli_assert_error_row (&run, c);

  after = slices_test_snapshot (tmp->root);
  g_assert_cmpstr (before, ==, after);
  /* A folder in the real system is not even made. */
  if (g_str_has_prefix (c->name, "real-"))
    g_assert_false (g_file_test (c->args[0], G_FILE_TEST_EXISTS));
}

/* A folder with anything in it, or a file: refused, and left exactly as it was. */
static void
test_simulate_not_empty (void)
{
  g_autoptr(SlicesTestTree) tmp = slices_test_tree_new_empty ();
  g_autofree char *file = g_build_filename (tmp->root, "notes.txt", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_put_file (tmp->root, "notes.txt", "mine\n");
  slices_test_put_file (tmp->root, "tree/.hidden", "");
  before = slices_test_snapshot (tmp->root);

  slices_test_cli_run (&run, "simulate", tmp->root, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, tmp->root, "not empty", NULL);

  {
    g_autofree char *hidden_only = g_build_filename (tmp->root, "tree", NULL);

    slices_test_cli_run (&run, "simulate", hidden_only, NULL);
    slices_test_cli_assert_one_line_error (&run, 1, hidden_only, "not empty", NULL);
  }

  slices_test_cli_run (&run, "simulate", file, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, file, "not a folder", NULL);

  after = slices_test_snapshot (tmp->root);
  g_assert_cmpstr (before, ==, after);
}

static void
test_simulate_help (void)
{
  const char *needles[] = { "slicectl simulate", "DIR", "--platform", "--aperture", "--gpu",
                            "kbl", "Kaby Lake", "--sysfs-root", "--simulate", "Exit status" };
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "help", "simulate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      if (strstr (run.out, needles[i]) == NULL)
        g_error ("“%s” not in the help:\n%s", needles[i], run.out);
    }

  slices_test_cli_run (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\n  simulate "));
  g_assert_nonnull (strstr (run.out, "slicectl simulate /tmp/gpu"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/simulate/default", test_simulate_default);
  g_test_add_func ("/slices/slicectl/simulate/options", test_simulate_options);
  g_test_add_func ("/slices/slicectl/simulate/odd-names", test_simulate_odd_names);
  g_test_add_func ("/slices/slicectl/simulate/not-empty", test_simulate_not_empty);
  slices_test_cli_add_cases ("/slices/slicectl/simulate/refused", refused_cases,
                             G_N_ELEMENTS (refused_cases), test_simulate_refused);
  g_test_add_func ("/slices/slicectl/simulate/help", test_simulate_help);

  return g_test_run ();
}
