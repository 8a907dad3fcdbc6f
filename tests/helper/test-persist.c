/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real helper with the real mdevctl, without touching the real system: the test process
 * enters a private mount namespace (unshare(CLONE_NEWNS), root only) and there bind-mounts a
 * tree made by the kernel simulator over /sys and a tmpfs over /etc/mdevctl.d and, where a test
 * writes there, /etc/modules-load.d, /etc/udev/rules.d, /etc/tmpfiles.d and /dev/shm;
 * stand-ins for mdevctl and modprobe are bind-mounted over their fixed paths where a test
 * needs to see exactly what ran. Everything vanishes with the process.
 *
 * Proves: `persist` writes mdevctl's definition {"mdev_type":…,"start":"auto"} for the slice's
 * own GPU and type itself (whole or not at all, even on a full disk) and the real `mdevctl list
 * --defined --dumpjson` shows it; `unpersist` and `remove` take it away; no request runs mdevctl;
 * bad requests write nothing; a missing mdevctl does not matter to it (the client's to say);
 * `load-kvmgt` runs `modprobe kvmgt` exactly and writes /etc/modules-load.d/gpu-slices.conf
 * (0644, atomically, never through a symlink), and writes nothing when modprobe fails;
 * `persist-vfs` writes one udev rule for a PF built by hand in the simulated tree, the very
 * text libslices' slices_vfs_udev_rule() gives the simulator and NixOS, and
 * `unpersist-vfs` deletes it; `looking-glass USER` writes the tmpfiles line for a user that
 * exists, which systemd-tmpfiles applies.
 * Skips with the reason where the machine cannot (not root, no unshare, no /etc/mdevctl.d).
 */

#include "config.h"

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "slices-helper-protocol.h"
#include "slices-mdevctl.h"
#include "slices-simulator.h"
#include "slices-test-util.h"
#include "slices-vfs.h"

#define GPU_ADDR   "0000:00:02.0"
#define GPU2_ADDR  "0000:03:00.0"
#define TYPE       "i915-GVTg_V5_4"
#define UUID_A     "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define UUID_GONE  "1f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define UUID_LINK  "2f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"  /* bus link leads out of devices */
#define UUID_OTHER "3f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"  /* mdev_type of another GPU */
#define UUID_OTHER_GPU "4f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"  /* a slice of GPU2 */
#define MDEVCTL_DIR SLICES_HELPER_MDEVCTL_CONF_DIR
#define MODULES_DIR "/etc/modules-load.d"

static char *skip_reason;

typedef struct
{
  char *dir;
  char *log;
  SlicesSimulator *simulator;
  GPtrArray *mounts;  /* mount points, unmounted in reverse */
} Fixture;

typedef struct
{
  int code;
  char *out;
  char *err;
} HelperRun;

static void
helper_run_clear (HelperRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HelperRun, helper_run_clear)

static void
do_mount_with (Fixture    *fixture,
               const char *source,
               const char *target,
               const char *type,
               gulong      flags,
               const char *options)
{
  if (mount (source, target, type, flags, options) != 0)
    g_error ("mount %s on %s failed: %s", source, target, g_strerror (errno));
  g_ptr_array_add (fixture->mounts, g_strdup (target));
}

static void
do_mount (Fixture    *fixture,
          const char *source,
          const char *target,
          const char *type,
          gulong      flags)
{
  do_mount_with (fixture, source, target, type, flags, NULL);
}

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
make_link (const char *target,
           const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* mdevctl 1.2.0 refuses to run without these. */
static void
mount_mdevctl_store (Fixture *fixture)
{
  do_mount (fixture, "none", MDEVCTL_DIR, "tmpfs", 0);
  g_assert_cmpint (g_mkdir_with_parents (MDEVCTL_DIR "/scripts.d/callouts", 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (MDEVCTL_DIR "/scripts.d/notifiers", 0755), ==, 0);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *line = g_strdup_printf ("%s\n", UUID_A);
  g_autofree char *line2 = g_strdup_printf ("%s\n", UUID_OTHER);
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  SlicesSimGpuSpec spec;

  fixture->mounts = g_ptr_array_new_with_free_func (g_free);
  if (skip_reason != NULL)
    return;

  fixture->dir = g_dir_make_tmp ("test-persist-ns-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->log = g_build_filename (fixture->dir, "log", NULL);
  g_assert_cmpint (g_mkdir (fixture->log, 0755), ==, 0);
  root = g_build_filename (fixture->dir, "sys", NULL);
  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);

  /* Two GPUs and two slices, made as the kernel makes them. */
  fixture->simulator = slices_simulator_new (root);
  slices_sim_gpu_spec_init (&spec, GPU_ADDR);
  slices_simulator_add_gpu (fixture->simulator, &spec, &error);
  g_assert_no_error (error);
  slices_sim_gpu_spec_init (&spec, GPU2_ADDR);
  spec.render_minor = 129;
  spec.card_minor = 2;
  slices_simulator_add_gpu (fixture->simulator, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpint (slices_simulator_write_create (fixture->simulator, GPU_ADDR, TYPE, line,
                                                  strlen (line)), ==, 0);
  g_assert_cmpint (slices_simulator_write_create (fixture->simulator, GPU_ADDR, TYPE, line2,
                                                  strlen (line2)), ==, 0);
  g_assert_cmpint (slices_simulator_write_create (fixture->simulator, GPU2_ADDR, TYPE,
                                                  UUID_OTHER_GPU, 36), ==, 0);

  /* Traps: a slice link that leads out of /sys/devices, and a slice whose mdev_type leads to
   * a type of the other GPU. */
  path = g_build_filename (root, "class", "fake", UUID_LINK, NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  g_free (path);
  path = g_build_filename (root, "bus", "mdev", "devices", UUID_LINK, NULL);
  make_link ("../../../class/fake/" UUID_LINK, path);
  path2 = g_build_filename (root, "devices", "pci0000:00", GPU_ADDR, UUID_OTHER, "mdev_type",
                            NULL);
  g_assert_cmpint (g_unlink (path2), ==, 0);
  make_link ("../../" GPU2_ADDR "/mdev_supported_types/" TYPE, path2);

  do_mount (fixture, root, "/sys", NULL, MS_BIND);
  mount_mdevctl_store (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = fixture->mounts->len; i > 0; i--)
    {
      const char *target = g_ptr_array_index (fixture->mounts, i - 1);

      if (umount2 (target, MNT_DETACH) != 0)
        g_error ("umount %s failed: %s", target, g_strerror (errno));
    }
  g_ptr_array_unref (fixture->mounts);
  g_clear_object (&fixture->simulator);
  if (fixture->dir != NULL)
    slices_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->log);
}

static gboolean
can_run (void)
{
  if (skip_reason == NULL)
    return TRUE;
  g_test_skip (skip_reason);
  return FALSE;
}

/* Runs the helper; @setup (may be NULL) runs in the child just before exec, to hand it a
 * hostile process state. */
/* can_run(), and mdevctl at its path: the real one (@real), or anything to bind a stand-in
 * over. */
static gboolean
can_run_mdevctl (gboolean real)
{
  if (!can_run ())
    return FALSE;
  if (!g_file_test (MDEVCTL_PATH, real ? G_FILE_TEST_IS_EXECUTABLE : G_FILE_TEST_EXISTS))
    {
      g_test_skip (real ? "mdevctl is not installed at " MDEVCTL_PATH
                        : "nothing at " MDEVCTL_PATH " to bind a stand-in over");
      return FALSE;
    }
  return TRUE;
}

static void
run_helper_va (HelperRun            *run,
               GSpawnChildSetupFunc  setup,
               gpointer              setup_data,
               const char           *first,
               va_list               args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) HELPER_PATH);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  helper_run_clear (run);
  /* Descriptors left open: what the caller's process holds is the helper's to close. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_LEAVE_DESCRIPTORS_OPEN, setup,
                setup_data, &run->out, &run->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  run->code = WEXITSTATUS (status);
  g_test_message ("helper %s %s: exit %d, stderr: %s", first, (char *) argv->pdata[2],
                  run->code, run->err);
}

static void
run_helper (HelperRun  *run,
            const char *first,
            ...)
{
  va_list args;

  va_start (args, first);
  run_helper_va (run, NULL, NULL, first, args);
  va_end (args);
}

static void
run_helper_setup (HelperRun            *run,
                  GSpawnChildSetupFunc  setup,
                  gpointer              setup_data,
                  const char           *first,
                  ...)
{
  va_list args;

  va_start (args, first);
  run_helper_va (run, setup, setup_data, first, args);
  va_end (args);
}

static void
assert_ok (HelperRun *run)
{
  g_assert_cmpint (run->code, ==, SLICES_HELPER_EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, "");
}

static void
assert_one_line_failure (HelperRun *run,
                         int        code)
{
  gsize len = strlen (run->err);

  g_assert_cmpint (run->code, ==, code);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (len, >, 1);
  g_assert_true (strchr (run->err, '\n') == run->err + len - 1);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every name under @dir, sorted, with file contents: to prove nothing was written. */
static void
snapshot_dir (GString    *out,
              const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *contents = NULL;

      g_string_append_printf (out, "%s\n", path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        snapshot_dir (out, path);
      else if (g_file_get_contents (path, &contents, NULL, NULL))
        g_string_append_printf (out, "%s\n", contents);
    }
}

static char *
snapshot (void)
{
  GString *out = g_string_new (NULL);

  snapshot_dir (out, MDEVCTL_DIR);
  snapshot_dir (out, MODULES_DIR);
  return g_string_free (out, FALSE);
}

static void
on_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("mdevctl list did not answer within 30 s");
  return G_SOURCE_REMOVE;
}

/* What `mdevctl list --defined --dumpjson` says, through the core's unprivileged reader. */
static GHashTable *
list_defined (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  GHashTable *table;
  guint timeout = g_timeout_add_seconds (30, on_timeout_cb, NULL);

  slices_mdevctl_list_defined_async (MDEVCTL_PATH, NULL, on_list_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  table = slices_mdevctl_list_defined_finish (result, &json, &error);
  g_assert_no_error (error);
  g_test_message ("mdevctl list --defined --dumpjson: %s", json);
  return table;
}

static void
assert_definition_file (const char *parent,
                        const char *uuid,
                        const char *type)
{
  g_autofree char *path = g_build_filename (MDEVCTL_DIR, parent, uuid, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "mdev_type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (object, "start"), ==, "auto");
}

/* --- persist / unpersist / remove with the real mdevctl --- */

static void
test_persist_real_mdevctl (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *upper = g_ascii_strup (UUID_A, -1);
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) store = NULL;
  g_auto(HelperRun) run = { 0 };
  const SlicesMdevDefinition *definition;
  const SlicesMdevDefinition *direct;

  if (!can_run_mdevctl (TRUE))
    return;

  /* The caller names only the slice (in any case); GPU and type come from sysfs. */
  run_helper (&run, "slices", "persist", upper, NULL);
  assert_ok (&run);
  assert_definition_file (GPU_ADDR, UUID_A, TYPE);

  table = list_defined ();
  definition = g_hash_table_lookup (table, UUID_A);
  g_assert_nonnull (definition);
  g_assert_cmpstr (definition->parent, ==, GPU_ADDR);
  g_assert_cmpstr (definition->type_id, ==, TYPE);
  g_assert_true (slices_mdev_definition_is_auto (definition));
  /* Reading mdevctl's store directly (what the app and slicectl do) gives the same. */
  store = slices_mdevctl_read_store (MDEVCTL_DIR);
  direct = store != NULL ? g_hash_table_lookup (store, UUID_A) : NULL;
  g_assert_cmpuint (g_hash_table_size (store), ==, g_hash_table_size (table));
  g_assert_nonnull (direct);
  g_assert_cmpstr (direct->parent, ==, definition->parent);
  g_assert_cmpstr (direct->type_id, ==, definition->type_id);
  g_assert_cmpstr (direct->start, ==, definition->start);

  /* Again: mdevctl would refuse a second define; the helper replaces it. */
  run_helper (&run, "slices", "persist", UUID_A, NULL);
  assert_ok (&run);
  assert_definition_file (GPU_ADDR, UUID_A, TYPE);

  run_helper (&run, "slices", "unpersist", GPU_ADDR, UUID_A, NULL);
  assert_ok (&run);
  g_assert_false (g_file_test (MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A, G_FILE_TEST_EXISTS));
  after = list_defined ();
  g_assert_cmpuint (g_hash_table_size (after), ==, 0);

  /* Not kept (any more), or a slice that never existed: nothing to do, not an error. */
  run_helper (&run, "slices", "unpersist", GPU_ADDR, UUID_A, NULL);
  assert_ok (&run);
  run_helper (&run, "slices", "unpersist", GPU_ADDR, UUID_GONE, NULL);
  assert_ok (&run);
}

static void
test_remove_forgets (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *remove_file = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run_mdevctl (TRUE))
    return;

  run_helper (&run, "slices", "persist", UUID_A, NULL);
  assert_ok (&run);
  run_helper (&run, "slices", "remove", UUID_A, NULL);
  assert_ok (&run);

  remove_file = g_build_filename (slices_simulator_get_root (fixture->simulator), "devices",
                                  "pci0000:00", GPU_ADDR, UUID_A, "remove", NULL);
  g_assert_true (g_file_get_contents (remove_file, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "1");
  g_assert_false (g_file_test (MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A, G_FILE_TEST_EXISTS));
  table = list_defined ();
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
}

/* --- with a stand-in mdevctl: exactly what runs, and nothing on bad input --- */

static char *
install_stub (Fixture    *fixture,
              const char *name,
              const char *target,
              const char *exit_line)
{
  g_autofree char *stub = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *args = g_build_filename (fixture->log, name, NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "printf '%%s\\n' \"$@\" > %s.args\n"
                                             "env | sort > %s.env\n"
                                             "%s\n", args, args, exit_line);

  write_file (stub, script, 0755);
  do_mount (fixture, stub, target, NULL, MS_BIND);
  return g_strdup_printf ("%s.args", args);
}

static void
test_refusals_run_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct {
    const char *args[5];
    int         code;
  } cases[] = {
    { { "slices", "persist", NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "slices", "persist", UUID_A, UUID_A, NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "slices", "persist", "../" UUID_A, NULL }, SLICES_HELPER_EXIT_BAD_UUID },
    { { "slices", "persist", "{" UUID_A "}", NULL }, SLICES_HELPER_EXIT_BAD_UUID },
    { { "slices", "persist", UUID_A ";reboot", NULL }, SLICES_HELPER_EXIT_BAD_UUID },
    { { "slices", "persist", UUID_GONE, NULL }, SLICES_HELPER_EXIT_NO_SLICE },
    { { "slices", "persist", UUID_LINK, NULL }, SLICES_HELPER_EXIT_UNSAFE },
    { { "slices", "persist", UUID_OTHER, NULL }, SLICES_HELPER_EXIT_UNSAFE },
    { { "slices", "unpersist", NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "slices", "unpersist", GPU_ADDR, UUID_A, "--parent" }, SLICES_HELPER_EXIT_USAGE },
    { { "slices", "unpersist", GPU_ADDR, "$(reboot)", NULL }, SLICES_HELPER_EXIT_BAD_UUID },
    { { "slices", "unpersist", UUID_A, NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "persist", UUID_A, NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "configure-host", "persist", UUID_A, NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "configure-host", "load-kvmgt", "kvmgt", NULL }, SLICES_HELPER_EXIT_USAGE },
    { { "status", NULL }, SLICES_HELPER_EXIT_USAGE },
  };
  g_autofree char *mdevctl_args = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *before = NULL;
  g_auto(HelperRun) good = { 0 };
  struct stat st;

  if (!can_run_mdevctl (FALSE))
    return;

  mdevctl_args = install_stub (fixture, "mdevctl", MDEVCTL_PATH, "exit 0");
  before = snapshot ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(HelperRun) run = { 0 };
      g_autofree char *after = NULL;
      const char * const *a = cases[i].args;

      run_helper (&run, a[0], a[1], a[2], a[3], a[4], NULL);
      assert_one_line_failure (&run, cases[i].code);
      g_assert_false (g_file_test (mdevctl_args, G_FILE_TEST_EXISTS));
      after = snapshot ();
      g_assert_cmpstr (after, ==, before);
    }

  /* The good request writes mdevctl's definition itself, byte for byte, mode 0644, and still
   * runs no mdevctl. */
  run_helper (&good, "slices", "persist", UUID_A, NULL);
  assert_ok (&good);
  g_assert_false (g_file_test (mdevctl_args, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A, &recorded, NULL,
                                      NULL));
  g_assert_cmpstr (recorded, ==, "{\"mdev_type\":\"" TYPE "\",\"start\":\"auto\",\"attrs\":[]}\n");
  g_assert_cmpint (stat (MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_false (g_file_test (MDEVCTL_DIR "/" GPU_ADDR "/." UUID_A ".tmp", G_FILE_TEST_EXISTS));
  run_helper (&good, "slices", "remove", UUID_A, NULL);
  assert_ok (&good);
  g_assert_false (g_file_test (mdevctl_args, G_FILE_TEST_EXISTS));
}

/* What the helper hands the one program it runs: PATH and LC_ALL, nothing else. */
static void
assert_program_environment (const char *env_file)
{
  g_autofree char *env = NULL;
  g_auto(GStrv) lines = NULL;
  const char *shell_own[] = { "PWD=", "OLDPWD=", "SHLVL=", "_=" };

  g_assert_true (g_file_get_contents (env_file, &env, NULL, NULL));
  /* The helper passes PATH and LC_ALL only; the shell of the stand-in adds its own few. */
  lines = g_strsplit (env, "\n", -1);
  g_assert_nonnull (strstr (env, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"));
  g_assert_nonnull (strstr (env, "LC_ALL=C\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean allowed = lines[i][0] == '\0' || g_str_has_prefix (lines[i], "PATH=") ||
                         g_str_has_prefix (lines[i], "LC_ALL=");

      for (gsize j = 0; !allowed && j < G_N_ELEMENTS (shell_own); j++)
        allowed = g_str_has_prefix (lines[i], shell_own[j]);
      if (!allowed)
        g_error ("the program got an unexpected environment variable: %s", lines[i]);
    }
}

/* Whether mdevctl is installed is the client's to say (it needs no root): the helper writes
 * the definition whole either way, and mdevctl, once installed, starts the slice at boot. */
static void
test_no_mdevctl (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *empty = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run ())
    return;
  if (g_file_test (MDEVCTL_PATH, G_FILE_TEST_EXISTS))
    {
      /* A file that is not a program stands where mdevctl would be. */
      empty = g_build_filename (fixture->dir, "not-mdevctl", NULL);
      write_file (empty, "", 0644);
      do_mount (fixture, empty, MDEVCTL_PATH, NULL, MS_BIND);
    }
  run_helper (&run, "slices", "persist", UUID_A, NULL);
  assert_ok (&run);
  assert_definition_file (GPU_ADDR, UUID_A, TYPE);
}

/* --- load-kvmgt with a stand-in modprobe --- */

static char *
install_modprobe (Fixture    *fixture,
                  const char *exit_line)
{
  struct stat st;

  /* Bind over the real one; where kmod is missing, a tmpfs over /sbin gives the stand-in
   * a place at the one path the helper runs. */
  if (stat ("/sbin/modprobe", &st) == 0)
    return install_stub (fixture, "modprobe", "/sbin/modprobe", exit_line);
  do_mount (fixture, "none", "/sbin", "tmpfs", 0);
  write_file ("/sbin/modprobe", "", 0755);
  return install_stub (fixture, "modprobe", "/sbin/modprobe", exit_line);
}

static gboolean
prepare_modules_dir (Fixture *fixture)
{
  if (!g_file_test (MODULES_DIR, G_FILE_TEST_IS_DIR))
    {
      g_test_skip (MODULES_DIR " does not exist here: nothing to mount a tmpfs over without "
                   "creating it in the real /etc");
      return FALSE;
    }
  do_mount (fixture, "none", MODULES_DIR, "tmpfs", 0);
  return TRUE;
}

static void
test_load_kvmgt (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *modprobe_args = NULL;
  g_autofree char *modprobe_env = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *victim = NULL;
  g_autofree char *victim_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(HelperRun) run = { 0 };
  guint n_modules = 0;
  struct stat st;

  if (!can_run () || !prepare_modules_dir (fixture))
    return;
  modprobe_args = install_modprobe (fixture, "exit 0");

  /* A symlink planted where the file goes must be replaced, never written through. */
  victim = g_build_filename (fixture->dir, "victim", NULL);
  write_file (victim, "untouched\n", 0644);
  g_assert_cmpint (symlink (victim, SLICES_HELPER_MODULES_LOAD_CONF), ==, 0);

  run_helper (&run, "configure-host", "load-kvmgt", NULL);
  assert_ok (&run);

  g_assert_true (g_file_get_contents (modprobe_args, &recorded, NULL, NULL));
  g_assert_cmpstr (recorded, ==, "kvmgt\n");
  modprobe_env = g_strconcat (fixture->log, "/modprobe.env", NULL);
  assert_program_environment (modprobe_env);

  g_assert_cmpint (lstat (SLICES_HELPER_MODULES_LOAD_CONF, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_cmpint (st.st_uid, ==, 0);
  g_assert_true (g_file_get_contents (SLICES_HELPER_MODULES_LOAD_CONF, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "kvmgt\n"));
  /* What systemd-modules-load reads: one module, kvmgt. */
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#' || lines[i][0] == ';')
        continue;
      g_assert_cmpstr (lines[i], ==, "kvmgt");
      n_modules++;
    }
  g_assert_cmpuint (n_modules, ==, 1);
  g_assert_true (g_file_get_contents (victim, &victim_text, NULL, NULL));
  g_assert_cmpstr (victim_text, ==, "untouched\n");
  g_assert_false (g_file_test (MODULES_DIR "/.gpu-slices.conf.tmp", G_FILE_TEST_EXISTS));
}

static void
test_load_kvmgt_fails (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *modprobe_args = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run () || !prepare_modules_dir (fixture))
    return;
  modprobe_args = install_modprobe (fixture,
                                    "echo 'modprobe: FATAL: Module kvmgt not found in directory "
                                    "/lib/modules/6.1.0-13-amd64' >&2\nexit 1");

  before = snapshot ();
  run_helper (&run, "configure-host", "load-kvmgt", NULL);
  after = snapshot ();
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_MODPROBE_FAILED);
  g_assert_nonnull (strstr (run.err, "Module kvmgt not found"));
  /* It did ask modprobe, with exactly one argument, and wrote nothing after the refusal. */
  g_assert_true (g_file_get_contents (modprobe_args, &recorded, NULL, NULL));
  g_assert_cmpstr (recorded, ==, "kvmgt\n");
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (SLICES_HELPER_MODULES_LOAD_CONF, G_FILE_TEST_EXISTS));
}

/* --- the caller's process state (issue 10): reset before anything runs --- */

static void
ignore_sigchld (gpointer data)
{
  signal (SIGCHLD, SIG_IGN);
}

static void
open_fd_200 (gpointer data)
{
  int fd = open ("/dev/null", O_RDONLY);

  if (fd >= 0 && fd != 200)
    {
      dup2 (fd, 200);
      close (fd);
    }
}

typedef struct {
  int    resource;
  rlim_t soft, hard;
} Limit;

static void
set_limit (gpointer data)
{
  const Limit *limit = data;
  struct rlimit value = { limit->soft, limit->hard };

  setrlimit (limit->resource, &value);
}

/* Whether this process may raise a hard resource limit (CAP_SYS_RESOURCE): in a container
 * without it, neither can the helper, which then refuses rather than run within the caller's. */
static gboolean
may_raise_limits (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "CapEff:");
  g_assert_nonnull (line);
  return (g_ascii_strtoull (line + 7, NULL, 16) & (1ull << 24)) != 0;
}

/* A stand-in modprobe that records its arguments and the files it was handed. */
static char *
install_recording_modprobe (Fixture *fixture)
{
  g_autofree char *fds = g_build_filename (fixture->log, "modprobe.fds", NULL);
  g_autofree char *line = g_strdup_printf ("ls /proc/$$/fd > %s\nexit 0", fds);

  return install_modprobe (fixture, line);
}

static void
test_caller_state (Fixture       *fixture,
                   gconstpointer  data)
{
  Limit fsize_soft = { RLIMIT_FSIZE, 20, RLIM_INFINITY };
  Limit fsize_hard = { RLIMIT_FSIZE, 20, 20 };
  Limit nofile_soft = { RLIMIT_NOFILE, 8, 1024 };
  Limit nofile_hard = { RLIMIT_NOFILE, 8, 8 };
  gboolean raise = may_raise_limits ();
  g_autofree char *args_log = NULL;
  g_autofree char *fds_log = g_build_filename (fixture->log, "modprobe.fds", NULL);
  g_autofree char *fds = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run_mdevctl (TRUE))
    return;

  /* The real mdevctl under a 20-byte file size limit writes the whole definition. With only
   * the soft limit lowered the helper raises it itself; with the hard one too it needs
   * CAP_SYS_RESOURCE, and without it refuses and changes nothing. */
  run_helper_setup (&run, set_limit, &fsize_soft, "slices", "persist", UUID_A, NULL);
  assert_ok (&run);
  assert_definition_file (GPU_ADDR, UUID_A, TYPE);
  run_helper (&run, "slices", "unpersist", GPU_ADDR, UUID_A, NULL);
  assert_ok (&run);
  before = snapshot ();
  run_helper_setup (&run, set_limit, &fsize_hard, "slices", "persist", UUID_A, NULL);
  after = snapshot ();
  if (raise)
    {
      assert_ok (&run);
      assert_definition_file (GPU_ADDR, UUID_A, TYPE);
    }
  else
    {
      assert_one_line_failure (&run, SLICES_HELPER_EXIT_FAILED);
      g_assert_nonnull (strstr (run.err, "resource limit"));
      g_assert_cmpstr (after, ==, before);
    }

  /* With SIGCHLD ignored by the caller, waiting for the program it runs still works. */
  if (!prepare_modules_dir (fixture))
    return;
  args_log = install_recording_modprobe (fixture);
  run_helper_setup (&run, ignore_sigchld, NULL, "configure-host", "load-kvmgt", NULL);
  assert_ok (&run);
  g_assert_true (g_file_test (args_log, G_FILE_TEST_EXISTS));

  /* A descriptor the caller left open never reaches it. */
  g_unlink (fds_log);
  run_helper_setup (&run, open_fd_200, NULL, "configure-host", "load-kvmgt", NULL);
  assert_ok (&run);
  g_assert_true (g_file_get_contents (fds_log, &fds, NULL, NULL));
  g_assert_null (strstr (fds, "200"));

  /* Eight descriptors: raised like the file size limit. */
  run_helper_setup (&run, set_limit, &nofile_soft, "slices", "persist", UUID_OTHER_GPU, NULL);
  assert_ok (&run);
  assert_definition_file (GPU2_ADDR, UUID_OTHER_GPU, TYPE);
  g_unlink (args_log);
  run_helper_setup (&run, set_limit, &nofile_hard, "configure-host", "load-kvmgt", NULL);
  if (raise)
    assert_ok (&run);
  else
    {
      assert_one_line_failure (&run, SLICES_HELPER_EXIT_FAILED);
      g_assert_false (g_file_test (args_log, G_FILE_TEST_EXISTS));
    }
}

/* Fills the file system of @dir until a write fails with ENOSPC. */
static void
fill_up (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  char block[4096] = { 0 };
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  ssize_t n;

  g_assert_cmpint (fd, >=, 0);
  while ((n = write (fd, block, sizeof block)) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  g_assert_cmpint (close (fd), ==, 0);
}

/* On a full disk, the definition that was there is there after, byte for byte and with its
 * mode; and where there was none, there is none (no half definition, no temporary file). */
static void
test_persist_keeps_old (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *old = "{\"mdev_type\":\"i915-GVTg_V5_8\",\"start\":\"manual\",\"attrs\":[]}";
  const char *path = MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A;
  g_autofree char *contents = NULL;
  g_auto(HelperRun) run = { 0 };
  struct stat st;

  if (!can_run_mdevctl (FALSE))
    return;

  /* A small store of its own, full after the old definition. */
  do_mount_with (fixture, "none", MDEVCTL_DIR, "tmpfs", 0, "size=64k,mode=0755");
  g_assert_cmpint (g_mkdir_with_parents (MDEVCTL_DIR "/" GPU_ADDR, 0755), ==, 0);
  write_file (path, old, 0600);
  fill_up (MDEVCTL_DIR);

  run_helper (&run, "slices", "persist", UUID_A, NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_FAILED);
  g_assert_nonnull (strstr (run.err, "No space left on device"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_false (g_file_test (MDEVCTL_DIR "/" GPU_ADDR "/." UUID_A ".tmp", G_FILE_TEST_EXISTS));

  /* Nothing kept before: a failed write leaves nothing. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  fill_up (MDEVCTL_DIR "/" GPU_ADDR);
  run_helper (&run, "slices", "persist", UUID_A, NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_FAILED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (MDEVCTL_DIR "/" GPU_ADDR "/." UUID_A ".tmp", G_FILE_TEST_EXISTS));
}

/* Definitions of the same UUID for an NVIDIA GPU and for vfio-ap ("matrix") are never
 * touched: unpersist names the GPU, refuses one that is not an Intel GPU here, and forgets
 * only the definition for the Intel GPU it names. */
static void
test_foreign_definitions (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *nvidia = "{\"mdev_type\":\"nvidia-63\",\"start\":\"auto\",\"attrs\":[]}";
  const char *matrix = "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[]}";
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run_mdevctl (TRUE))
    return;

  g_assert_cmpint (g_mkdir_with_parents (MDEVCTL_DIR "/0000:65:00.0", 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (MDEVCTL_DIR "/matrix", 0755), ==, 0);
  write_file (MDEVCTL_DIR "/0000:65:00.0/" UUID_A, nvidia, 0644);
  write_file (MDEVCTL_DIR "/matrix/" UUID_A, matrix, 0644);

  before = snapshot ();
  run_helper (&run, "slices", "unpersist", "0000:65:00.0", UUID_A, NULL);
  after = snapshot ();
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_NOT_INTEL);
  g_assert_nonnull (strstr (run.err, "0000:65:00.0"));
  g_assert_nonnull (strstr (run.err, "Intel GPU"));
  g_assert_cmpstr (after, ==, before);
  run_helper (&run, "slices", "unpersist", "matrix", UUID_A, NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_BAD_ADDRESS);
  /* The Intel GPU keeps nothing for it: nothing to forget, nothing touched. */
  run_helper (&run, "slices", "unpersist", GPU_ADDR, UUID_A, NULL);
  assert_ok (&run);
  g_clear_pointer (&after, g_free);
  after = snapshot ();
  g_assert_cmpstr (after, ==, before);

  /* With an Intel definition beside them: only that one goes. */
  g_assert_cmpint (g_mkdir_with_parents (MDEVCTL_DIR "/" GPU_ADDR, 0755), ==, 0);
  write_file (MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A,
              "{\"mdev_type\":\"" TYPE "\",\"start\":\"auto\",\"attrs\":[]}", 0644);
  run_helper (&run, "slices", "unpersist", GPU_ADDR, UUID_A, NULL);
  assert_ok (&run);
  g_assert_false (g_file_test (MDEVCTL_DIR "/" GPU_ADDR "/" UUID_A, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (MDEVCTL_DIR "/0000:65:00.0/" UUID_A, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, nvidia);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (MDEVCTL_DIR "/matrix/" UUID_A, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, matrix);
}

typedef struct {
  const char *group;         /* the slice's IOMMU group */
  pid_t       pid;           /* a process whose /proc folder is covered */
  gboolean    fd_is_a_file;  /* its fd cannot be listed */
} FakeProc;

/* In the helper's child only (its own mount namespace): a /dev with the slice's VFIO group,
 * and /proc/PID covered by a folder whose fd is a file (or an empty folder). The rest of /proc
 * stays real, for the helper and its sanitizers. */
static void
cover_proc_entry (gpointer data)
{
  const FakeProc *fake = data;
  char node[64], pid_dir[64];
  int fd;

  snprintf (node, sizeof node, "/dev/vfio/%s", fake->group);
  snprintf (pid_dir, sizeof pid_dir, "/proc/%d", (int) fake->pid);
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("none", "/dev", "tmpfs", 0, NULL) != 0 || mkdir ("/dev/vfio", 0755) != 0 ||
      mknod ("/dev/null", S_IFCHR | 0666, makedev (1, 3)) != 0 ||
      (fd = open (node, O_WRONLY | O_CREAT, 0600)) < 0 || close (fd) != 0 ||
      mount ("none", pid_dir, "tmpfs", 0, NULL) != 0)
    _exit (99);
  snprintf (pid_dir, sizeof pid_dir, "/proc/%d/fd", (int) fake->pid);
  if (fake->fd_is_a_file ? (fd = open (pid_dir, O_WRONLY | O_CREAT, 0600)) < 0 || close (fd) != 0
      : mkdir (pid_dir, 0500) != 0)
    _exit (99);
}

/* The in-use check fails closed: when /proc cannot be read, the remove is refused. */
static void
test_unreadable_proc (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *link = g_build_filename ("/sys/bus/mdev/devices", UUID_A, "iommu_group", NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  g_autofree char *group = target != NULL ? g_path_get_basename (target) : NULL;
  g_autofree char *remove_file = NULL;
  g_autofree char *written = NULL;
  g_autofree char *proc_fd = NULL;
  FakeProc fake = { group, getpid (), TRUE };
  g_auto(HelperRun) run = { 0 };

  if (!can_run ())
    return;
  g_assert_nonnull (group);
  remove_file = g_build_filename (slices_simulator_get_root (fixture->simulator), "devices",
                                  "pci0000:00", GPU_ADDR, UUID_A, "remove", NULL);

  run_helper_setup (&run, cover_proc_entry, &fake, "slices", "remove", UUID_A, NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_FAILED);
  proc_fd = g_strdup_printf ("/proc/%d/fd", (int) getpid ());
  g_assert_nonnull (strstr (run.err, proc_fd));
  g_assert_true (g_file_get_contents (remove_file, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "");

  /* The same /proc, readable: nobody holds the slice, so it goes. */
  fake.fd_is_a_file = FALSE;
  g_clear_pointer (&written, g_free);
  run_helper_setup (&run, cover_proc_entry, &fake, "slices", "remove", UUID_A, NULL);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_OK);
  g_assert_true (g_file_get_contents (remove_file, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "1");
}

/* --- SR-IOV persistence (a udev rule) and Looking Glass (a tmpfiles line) --- */

#define RULE_PATH SLICES_HELPER_UDEV_RULES_DIR "/70-gpu-slices-sriov-" GPU_ADDR ".rules"

/* A tmpfs over the folder @dir of /etc, which must exist: nothing is made in the real /etc. */
static gboolean
mount_etc_dir (Fixture    *fixture,
               const char *dir)
{
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *reason = g_strdup_printf ("%s does not exist here: nothing to mount a "
                                                 "tmpfs over without creating it", dir);

      g_test_skip (reason);
      return FALSE;
    }
  do_mount (fixture, "none", dir, "tmpfs", 0);
  return TRUE;
}

/* The first GPU as an SR-IOV PF on its i915 (FACTS-SRIOV S1): at most 7 VFs, none on. */
static void
make_pf (void)
{
  write_file ("/sys/devices/pci0000:00/" GPU_ADDR "/sriov_totalvfs", "7\n", 0444);
  write_file ("/sys/devices/pci0000:00/" GPU_ADDR "/sriov_numvfs", "0\n", 0644);
  write_file ("/sys/devices/pci0000:00/" GPU_ADDR "/sriov_drivers_autoprobe", "1\n", 0644);
}

/* @path is a regular file of root's, mode 0644, with no temporary file left beside it; a
 * symbolic link that stood there led to @victim, which is untouched. Returns its lines that
 * are neither empty nor comments. */
static char **
assert_written_file (const char *path,
                     const char *victim)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp = g_strdup_printf ("%s/.%s.tmp", dir, base);
  g_autofree char *contents = NULL;
  g_autofree char *victim_text = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_cmpint (st.st_uid, ==, 0);
  g_assert_false (g_file_test (temp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (victim, &victim_text, NULL, NULL));
  g_assert_cmpstr (victim_text, ==, "untouched\n");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      g_ptr_array_add (kept, g_strdup (lines[i]));
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
}

/* A symbolic link at @path to a file of the test's: to be replaced, never written through. */
static char *
plant_link (Fixture    *fixture,
            const char *path)
{
  char *victim = g_build_filename (fixture->dir, "victim", NULL);

  write_file (victim, "untouched\n", 0644);
  g_assert_cmpint (symlink (victim, path), ==, 0);
  return victim;
}

/* The file the helper wrote at @path is, name and text, what slices_vfs_udev_rule() makes
 * for GPU_ADDR on @driver with @count VFs. */
static void
assert_rule_is_libslices (const char *path,
                          const char *driver,
                          guint       count)
{
  g_autofree char *name = slices_vfs_rule_file_name (GPU_ADDR);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *expected = slices_vfs_udev_rule (GPU_ADDR, driver, count);
  g_autofree char *written = NULL;

  g_assert_cmpstr (base, ==, name);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
}

/* persist-vfs writes one rule that udev applies when the PF's driver binds (an add is too
 * early: no driver yet, so the write would fail with ENOENT): autoprobe off, then the count,
 * in that order. unpersist-vfs deletes it. Debian 12's udevadm (252) has no `verify`, so the
 * rule's key/value structure is checked here. */
static void
test_persist_vfs (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const keys[] = {
    "ACTION==\"bind\"", "SUBSYSTEM==\"pci\"", "KERNEL==\"" GPU_ADDR "\"",
    "ATTR{vendor}==\"0x8086\"", "DRIVER==\"i915\"", "ATTR{sriov_drivers_autoprobe}=\"0\"",
    "ATTR{sriov_numvfs}=\"3\"",
  };
  g_autoptr(GRegex) pair = g_regex_new ("^[A-Z]+(\\{[a-z_]+\\})?(==|=)\"[^\"]*\"$", 0, 0, NULL);
  g_autofree char *victim = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) pairs = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run () || !mount_etc_dir (fixture, SLICES_HELPER_UDEV_RULES_DIR))
    return;
  make_pf ();
  victim = plant_link (fixture, RULE_PATH);

  run_helper (&run, "slices", "persist-vfs", GPU_ADDR, "3", NULL);
  assert_ok (&run);
  lines = assert_written_file (RULE_PATH, victim);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  pairs = g_strsplit (lines[0], ", ", -1);
  g_assert_cmpuint (g_strv_length (pairs), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_assert_true (g_regex_match (pair, pairs[i], 0, NULL));
      g_assert_cmpstr (pairs[i], ==, keys[i]);
    }

  /* The simulator and the NixOS output write the rule from slices-vfs.c, not from the
   * helper: both texts, comment included, must be the same byte for byte, for two counts. */
  assert_rule_is_libslices (RULE_PATH, "i915", 3);
  run_helper (&run, "slices", "persist-vfs", GPU_ADDR, "7", NULL);
  assert_ok (&run);
  assert_rule_is_libslices (RULE_PATH, "i915", 7);
  run_helper (&run, "slices", "persist-vfs", GPU_ADDR, "3", NULL);
  assert_ok (&run);

  /* More than the PF makes, or a GPU without SR-IOV: refused, the rule as it was. */
  before = g_strjoinv ("\n", lines);
  run_helper (&run, "slices", "persist-vfs", GPU_ADDR, "8", NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_BAD_NUMBER);
  run_helper (&run, "slices", "persist-vfs", GPU2_ADDR, "1", NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_NO_SRIOV);
  g_strfreev (lines);
  lines = assert_written_file (RULE_PATH, victim);
  after = g_strjoinv ("\n", lines);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (SLICES_HELPER_UDEV_RULES_DIR "/70-gpu-slices-sriov-" GPU2_ADDR
                               ".rules", G_FILE_TEST_EXISTS));

  run_helper (&run, "slices", "unpersist-vfs", GPU_ADDR, NULL);
  assert_ok (&run);
  g_assert_false (g_file_test (RULE_PATH, G_FILE_TEST_EXISTS));
  /* Nothing kept: nothing to do, not an error. */
  run_helper (&run, "slices", "unpersist-vfs", GPU_ADDR, NULL);
  assert_ok (&run);
}

/* The first refusal writes nothing at all, not even the folder's temporary file. */
static void
test_persist_vfs_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  g_auto(HelperRun) run = { 0 };

  if (!can_run () || !mount_etc_dir (fixture, SLICES_HELPER_UDEV_RULES_DIR))
    return;
  make_pf ();
  run_helper (&run, "slices", "persist-vfs", GPU_ADDR, "8", NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_BAD_NUMBER);
  run_helper (&run, "slices", "persist-vfs", "0000:00:09.0", "1", NULL);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_NO_GPU);
  dir = g_dir_open (SLICES_HELPER_UDEV_RULES_DIR, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

/* configure-host looking-glass USER: the tmpfiles line of FACTS-SRIOV S5, for a user that
 * exists; systemd-tmpfiles then makes /dev/shm/looking-glass (here on a private tmpfs) as the
 * line says. */
static void
test_looking_glass (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Only the shape: whether the user exists is the client's to check (it needs no root). */
  static const char * const bad[] = { "Root", "-root", "../root", "root\n", "", "r oot" };
  g_autofree char *victim = NULL;
  g_autofree char *tmpfiles = g_find_program_in_path ("systemd-tmpfiles");
  g_auto(GStrv) lines = NULL;
  g_auto(HelperRun) run = { 0 };
  struct group *kvm = getgrnam ("kvm");
  struct stat st;

  if (!can_run () || !mount_etc_dir (fixture, "/etc/tmpfiles.d"))
    return;
  victim = plant_link (fixture, SLICES_HELPER_TMPFILES_CONF);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *target = g_file_read_link (SLICES_HELPER_TMPFILES_CONF, NULL);

      run_helper (&run, "configure-host", "looking-glass", bad[i], NULL);
      assert_one_line_failure (&run, SLICES_HELPER_EXIT_BAD_USER);
      g_assert_cmpstr (target, ==, victim);
    }

  run_helper (&run, "configure-host", "looking-glass", "nobody", NULL);
  assert_ok (&run);
  lines = assert_written_file (SLICES_HELPER_TMPFILES_CONF, victim);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_cmpstr (lines[0], ==, "f /dev/shm/looking-glass 0660 nobody kvm -");

  if (tmpfiles == NULL || kvm == NULL)
    {
      g_test_message ("no systemd-tmpfiles or no group kvm here: the line is not applied");
      return;
    }
  do_mount (fixture, "none", "/dev/shm", "tmpfs", 0);
  {
    const char *argv[] = { tmpfiles, "--create", SLICES_HELPER_TMPFILES_CONF, NULL };
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_cmpint (lstat ("/dev/shm/looking-glass", &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0660);
  g_assert_cmpint (st.st_uid, ==, 65534);
  g_assert_cmpint (st.st_gid, ==, kvm->gr_gid);
}

static void
enter_namespace (void)
{
  if (getuid () != 0)
    {
      skip_reason = g_strdup ("needs root to make a private mount namespace (CI runs as root)");
      return;
    }
  if (unshare (CLONE_NEWNS) != 0)
    {
      skip_reason = g_strdup_printf ("unshare(CLONE_NEWNS) failed: %s (a container without "
                                     "CAP_SYS_ADMIN?)", g_strerror (errno));
      return;
    }
  /* Nothing mounted here may leak into the real system. */
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      skip_reason = g_strdup_printf ("could not make the mount namespace private: %s",
                                     g_strerror (errno));
      return;
    }
  if (!g_file_test (MDEVCTL_DIR, G_FILE_TEST_IS_DIR))
    skip_reason = g_strdup (MDEVCTL_DIR " does not exist (mdevctl not installed?): nothing to "
                            "mount a tmpfs over without creating it in the real /etc");
}

int
main (int    argc,
      char **argv)
{
  /* Before anything starts a thread: unshare(CLONE_NEWNS) needs a single-threaded process. */
  enter_namespace ();

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/slices/persist/namespace/persist-unpersist-real-mdevctl", Fixture, NULL,
              fixture_setup, test_persist_real_mdevctl, fixture_teardown);
  g_test_add ("/slices/persist/namespace/remove-forgets", Fixture, NULL, fixture_setup,
              test_remove_forgets, fixture_teardown);
  g_test_add ("/slices/persist/namespace/refusals-run-nothing", Fixture, NULL, fixture_setup,
              test_refusals_run_nothing, fixture_teardown);
  g_test_add ("/slices/persist/namespace/no-mdevctl", Fixture, NULL, fixture_setup,
              test_no_mdevctl, fixture_teardown);
  g_test_add ("/slices/persist/namespace/load-kvmgt", Fixture, NULL, fixture_setup,
              test_load_kvmgt, fixture_teardown);
  g_test_add ("/slices/persist/namespace/load-kvmgt-modprobe-fails", Fixture, NULL,
              fixture_setup, test_load_kvmgt_fails, fixture_teardown);
  g_test_add ("/slices/persist/namespace/caller-state", Fixture, NULL, fixture_setup,
              test_caller_state, fixture_teardown);
  g_test_add ("/slices/persist/namespace/persist-keeps-what-was-there", Fixture, NULL,
              fixture_setup, test_persist_keeps_old, fixture_teardown);
  g_test_add ("/slices/persist/namespace/foreign-definitions", Fixture, NULL, fixture_setup,
              test_foreign_definitions, fixture_teardown);
  g_test_add ("/slices/persist/namespace/unreadable-proc-refuses", Fixture, NULL, fixture_setup,
              test_unreadable_proc, fixture_teardown);
  g_test_add ("/slices/persist/namespace/persist-vfs", Fixture, NULL, fixture_setup,
              test_persist_vfs, fixture_teardown);
  g_test_add ("/slices/persist/namespace/persist-vfs-refused-writes-nothing", Fixture, NULL,
              fixture_setup, test_persist_vfs_refused, fixture_teardown);
  g_test_add ("/slices/persist/namespace/looking-glass", Fixture, NULL, fixture_setup,
              test_looking_glass, fixture_teardown);

  return g_test_run ();
}
