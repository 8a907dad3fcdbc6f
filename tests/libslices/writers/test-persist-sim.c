/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slices that survive a restart, without root: the parser of `mdevctl list --defined
 * --dumpjson` (mdevctl 1.2.0's real output and the shapes other versions print), the
 * simulator's mdevctl store behind demo mode ("Keep after restart" works there, removing a
 * kept slice forgets it, other processes on the root agree), the helper client's refusals
 * before any password prompt (no mdevctl, NixOS) and its unprivileged listing through a
 * stand-in mdevctl, and slicectl's `create --persistent`, `persist`, `unpersist` and the
 * kept marker of `list` on simulated trees.
 */

#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "slices-error.h"
#include "slices-helper-client.h"
#include "slices-mdevctl.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define GPU_ADDR "0000:00:02.0"
#define TYPE     "i915-GVTg_V5_4"
#define UUID_A   "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define UUID_B   "1f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"

/* Printed by mdevctl 1.2.0 (Debian 12) after two defines, one with --auto. */
static const char mdevctl_1_2_output[] =
  "[\n"
  "  {\n"
  "    \"0000:00:02.0\": [\n"
  "      {\n"
  "        \"0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93\": {\n"
  "          \"mdev_type\": \"i915-GVTg_V5_4\",\n"
  "          \"start\": \"auto\",\n"
  "          \"attrs\": []\n"
  "        }\n"
  "      },\n"
  "      {\n"
  "        \"1f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93\": {\n"
  "          \"mdev_type\": \"i915-GVTg_V5_8\",\n"
  "          \"start\": \"manual\",\n"
  "          \"attrs\": []\n"
  "        }\n"
  "      }\n"
  "    ]\n"
  "  }\n"
  "]\n";

typedef struct
{
  char *dir;
  SlicesSimulator *simulator;
} Fixture;

typedef SlicesTestRun Run;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, slices_test_run_clear)

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *root = NULL;

  fixture->dir = slices_test_make_tmp_dir ("test-persist-XXXXXX");
  root = g_build_filename (fixture->dir, "sys", NULL);
  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);

  fixture->simulator = slices_test_simulator_new (root, GPU_ADDR);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->simulator);
  slices_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static const char *
sim_root (Fixture *fixture)
{
  return slices_simulator_get_root (fixture->simulator);
}

/* --- the parser --- */

static void
test_parse_mdevctl_1_2 (void)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) error = NULL;
  const SlicesMdevDefinition *a, *b;

  table = slices_mdevctl_parse_defined (mdevctl_1_2_output, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (table), ==, 2);

  a = g_hash_table_lookup (table, UUID_A);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->parent, ==, GPU_ADDR);
  g_assert_cmpstr (a->type_id, ==, TYPE);
  g_assert_true (slices_mdev_definition_is_auto (a));

  /* Defined but started by hand only: not kept after a restart. */
  b = g_hash_table_lookup (table, UUID_B);
  g_assert_nonnull (b);
  g_assert_cmpstr (b->type_id, ==, "i915-GVTg_V5_8");
  g_assert_false (slices_mdev_definition_is_auto (b));
}

static void
test_parse_variants (void)
{
  static const struct {
    const char *json;
    guint       n;
  } cases[] = {
    { "", 0 },
    { "  \n", 0 },
    { "[]", 0 },
    { "{}", 0 },
    /* objects instead of arrays at both levels */
    { "{\"0000:00:02.0\":{\"" UUID_A "\":{\"mdev_type\":\"" TYPE "\",\"start\":\"auto\"}}}", 1 },
    /* flat entries that carry their own uuid and parent */
    { "[{\"uuid\":\"" UUID_A "\",\"parent\":\"0000:00:02.0\",\"mdev_type\":\"" TYPE "\","
      "\"start\":\"auto\"}]", 1 },
    /* upper case as typed by a person; extra members; two parents */
    { "[{\"0000:00:02.0\":[{\"0F3C4A1E-6B2D-4F8E-9A7C-2D5E8B1F0A93\":{\"mdev_type\":\"" TYPE "\","
      "\"start\":\"auto\",\"attrs\":[{\"x\":\"1\"}],\"future\":true}}]},"
      "{\"0000:03:00.0\":[{\"" UUID_B "\":{\"mdev_type\":\"i915-GVTg_V5_8\","
      "\"start\":\"manual\"}}]}]", 2 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) table = NULL;
      g_autoptr(GError) error = NULL;
      const SlicesMdevDefinition *a;

      table = slices_mdevctl_parse_defined (cases[i].json, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_hash_table_size (table), ==, cases[i].n);
      if (cases[i].n == 0)
        continue;

      a = g_hash_table_lookup (table, UUID_A);
      g_assert_nonnull (a);
      g_assert_cmpstr (a->uuid, ==, UUID_A);
      g_assert_cmpstr (a->parent, ==, GPU_ADDR);
      g_assert_cmpstr (a->type_id, ==, TYPE);
      g_assert_true (slices_mdev_definition_is_auto (a));
    }
}

static void
test_parse_garbage (void)
{
  const char *garbage[] = { "Error: something", "[{", "\"just a string\"" };

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GHashTable) table = NULL;
      g_autoptr(GError) error = NULL;

      table = slices_mdevctl_parse_defined (garbage[i], &error);
      if (i < 2)
        {
          g_assert_null (table);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        }
      else
        {
          /* Valid JSON that names nothing: nothing kept. */
          g_assert_no_error (error);
          g_assert_cmpuint (g_hash_table_size (table), ==, 0);
        }
    }
}

static void
write_store_file (const char *store,
                  const char *parent,
                  const char *name,
                  const char *text)
{
  g_autofree char *dir = g_build_filename (store, parent, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* mdevctl's store read directly gives what its list gives, and leaves out what is no
 * definition: mdevctl's own scripts.d, a temporary file, broken JSON, a name that is no UUID. */
static void
test_read_store (void)
{
  g_autofree char *store = g_dir_make_tmp ("test-mdevctl-store-XXXXXX", NULL);
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GHashTable) none = NULL;
  g_autofree char *missing = NULL;
  const SlicesMdevDefinition *definition;

  g_assert_nonnull (store);
  write_store_file (store, "0000:00:02.0", "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93",
                    "{\"mdev_type\":\"i915-GVTg_V5_4\",\"start\":\"auto\",\"attrs\":[]}\n");
  write_store_file (store, "0000:00:02.0", "1F3C4A1E-6B2D-4F8E-9A7C-2D5E8B1F0A93",
                    "{\n  \"mdev_type\": \"i915-GVTg_V5_8\",\n  \"start\": \"manual\"\n}");
  write_store_file (store, "0000:00:02.0", ".2f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93.tmp",
                    "{\"mdev_type\":\"i915-GVTg_V5_4\",\"start\":\"auto\",\"attrs\":[]}");
  write_store_file (store, "0000:00:02.0", "3f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93", "{\"mde");
  write_store_file (store, "0000:00:02.0", "not-a-uuid", "{\"mdev_type\":\"x\"}");
  write_store_file (store, "scripts.d/callouts", "4f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93", "{}");
  write_store_file (store, "matrix", "5f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93",
                    "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\"}");

  table = slices_mdevctl_read_store (store);
  g_assert_cmpuint (g_hash_table_size (table), ==, 3);
  definition = g_hash_table_lookup (table, "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93");
  g_assert_nonnull (definition);
  g_assert_cmpstr (definition->parent, ==, "0000:00:02.0");
  g_assert_cmpstr (definition->type_id, ==, "i915-GVTg_V5_4");
  g_assert_true (slices_mdev_definition_is_auto (definition));
  /* mdevctl lists a UUID in lower case, as the table keys it. */
  definition = g_hash_table_lookup (table, "1f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93");
  g_assert_nonnull (definition);
  g_assert_cmpstr (definition->type_id, ==, "i915-GVTg_V5_8");
  g_assert_false (slices_mdev_definition_is_auto (definition));
  definition = g_hash_table_lookup (table, "5f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93");
  g_assert_nonnull (definition);
  g_assert_cmpstr (definition->parent, ==, "matrix");

  missing = g_build_filename (store, "absent", NULL);
  none = slices_mdevctl_read_store (missing);
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);
  slices_test_remove_tree (store);
}

static void
test_to_json_round_trip (void)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GHashTable) again = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  table = slices_mdevctl_parse_defined (mdevctl_1_2_output, &error);
  g_assert_no_error (error);
  json = slices_mdev_definitions_to_json (table);
  g_assert_cmpstr (json, ==, "[{\"0000:00:02.0\":[{\"" UUID_A "\":{\"mdev_type\":\"" TYPE "\","
                   "\"start\":\"auto\",\"attrs\":[]}},{\"" UUID_B "\":{\"mdev_type\":"
                   "\"i915-GVTg_V5_8\",\"start\":\"manual\",\"attrs\":[]}}]}]");
  again = slices_mdevctl_parse_defined (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (again), ==, 2);
}

static void
test_nixos (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-persist-nixos-XXXXXX", &error);
  g_autofree char *etc = g_build_filename (dir, "etc", NULL);
  g_autofree char *marker = g_build_filename (etc, "NIXOS", NULL);

  g_assert_no_error (error);
  g_assert_false (slices_system_is_nixos (dir));
  g_assert_cmpint (g_mkdir (etc, 0755), ==, 0);
  g_assert_true (g_file_set_contents (marker, "", 0, NULL));
  g_assert_true (slices_system_is_nixos (dir));
  slices_test_remove_tree (dir);
}

/* --- the simulator's store (demo mode) --- */

static void
on_changed_cb (SlicesSimulator *simulator,
               guint           *count)
{
  (*count)++;
}

static const SlicesMdevDefinition *
lookup_kept (GHashTable *table,
             const char *uuid)
{
  const SlicesMdevDefinition *definition = g_hash_table_lookup (table, uuid);

  return definition != NULL && slices_mdev_definition_is_auto (definition) ? definition : NULL;
}

static void
test_simulator_store (Fixture       *fixture,
                      gconstpointer  data)
{
  SlicesBackend *backend = SLICES_BACKEND (fixture->simulator);
  g_autoptr(SlicesSimulator) other = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GHashTable) seen_by_other = NULL;
  g_autoptr(GError) error = NULL;
  const SlicesMdevDefinition *definition;
  guint changes = 0;

  g_assert_cmpint (slices_backend_get_persist_support (backend), ==, SLICES_PERSIST_AVAILABLE);
  g_assert_true (slices_backend_create_sync (backend, GPU_ADDR, TYPE, UUID_A, &error));
  g_assert_no_error (error);
  g_signal_connect (fixture->simulator, "changed", G_CALLBACK (on_changed_cb), &changes);

  table = slices_backend_list_defined_sync (backend, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
  g_clear_pointer (&table, g_hash_table_unref);

  /* Upper case is accepted and kept under the slice's own lower-case name. */
  {
    g_autofree char *upper = g_ascii_strup (UUID_A, -1);

    g_assert_true (slices_backend_persist_sync (backend, upper, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (changes, ==, 1);

  table = slices_backend_list_defined_sync (backend, &error);
  g_assert_no_error (error);
  definition = lookup_kept (table, UUID_A);
  g_assert_nonnull (definition);
  g_assert_cmpstr (definition->parent, ==, GPU_ADDR);
  g_assert_cmpstr (definition->type_id, ==, TYPE);

  /* Another process on the same root (slicectl --simulate next to the demo) agrees. */
  other = slices_simulator_new (sim_root (fixture));
  seen_by_other = slices_simulator_dup_defined (other);
  g_assert_nonnull (lookup_kept (seen_by_other, UUID_A));

  /* Keeping twice is fine; forgetting twice too. */
  g_assert_true (slices_backend_persist_sync (backend, UUID_A, &error));
  g_assert_no_error (error);
  g_assert_true (slices_backend_unpersist_sync (backend, UUID_A, &error));
  g_assert_no_error (error);
  g_assert_true (slices_backend_unpersist_sync (backend, UUID_A, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, g_hash_table_unref);
  table = slices_backend_list_defined_sync (backend, &error);
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
}

static void
test_simulator_refusals (Fixture       *fixture,
                         gconstpointer  data)
{
  SlicesBackend *backend = SLICES_BACKEND (fixture->simulator);
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) error = NULL;

  /* Only a slice that exists can be kept. */
  g_assert_false (slices_backend_persist_sync (backend, UUID_B, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_assert_nonnull (strstr (error->message, UUID_B));
  g_clear_error (&error);

  g_assert_false (slices_backend_persist_sync (backend, "../" UUID_B, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_clear_error (&error);
  g_assert_false (slices_backend_unpersist_sync (backend, "{" UUID_A "}", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_clear_error (&error);

  table = slices_simulator_dup_defined (fixture->simulator);
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
}

/* As the helper does: removing a kept slice forgets it, or it would come back at boot. */
static void
test_simulator_remove_forgets (Fixture       *fixture,
                               gconstpointer  data)
{
  SlicesBackend *backend = SLICES_BACKEND (fixture->simulator);
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (slices_backend_create_sync (backend, GPU_ADDR, TYPE, UUID_A, &error));
  g_assert_true (slices_backend_create_sync (backend, GPU_ADDR, TYPE, UUID_B, &error));
  g_assert_true (slices_backend_persist_sync (backend, UUID_A, &error));
  g_assert_true (slices_backend_persist_sync (backend, UUID_B, &error));
  g_assert_no_error (error);

  /* A slice in use is not removed, and stays kept. */
  g_assert_true (slices_simulator_set_in_use (fixture->simulator, UUID_B,
                                              "qemu-system-x86 (pid 4242)", &error));
  g_assert_false (slices_backend_remove_sync (backend, UUID_B, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_true (slices_backend_remove_sync (backend, UUID_A, &error));
  g_assert_no_error (error);

  table = slices_backend_list_defined_sync (backend, &error);
  g_assert_null (g_hash_table_lookup (table, UUID_A));
  g_assert_nonnull (lookup_kept (table, UUID_B));
}

/* --- the helper client, before any password prompt --- */

static void
write_script (const char *path,
              const char *body)
{
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n%s", body);

  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, on_timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  return *slot;
}

static void
test_client_support (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *pkexec = g_build_filename (fixture->dir, "fake-pkexec", NULL);
  g_autofree char *helper = g_build_filename (fixture->dir, "fake-helper", NULL);
  g_autofree char *mdevctl = g_build_filename (fixture->dir, "fake-mdevctl", NULL);
  g_autofree char *ran = g_build_filename (fixture->dir, "pkexec-ran", NULL);
  g_autofree char *etc = g_build_filename (fixture->dir, "etc", NULL);
  g_autofree char *nixos = g_build_filename (etc, "NIXOS", NULL);
  g_autofree char *body = g_strdup_printf ("touch %s\nexit 0\n", ran);
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  SlicesBackend *backend;

  write_script (pkexec, body);
  write_script (helper, "exit 99\n");
  client = slices_helper_client_new_full (pkexec, helper);
  backend = SLICES_BACKEND (client);

  /* No mdevctl: refused with the way to install it, and pkexec never asked. */
  slices_helper_client_set_persist_env (client, "/nonexistent/mdevctl", fixture->dir);
  g_assert_cmpint (slices_backend_get_persist_support (backend), ==, SLICES_PERSIST_NO_MDEVCTL);
  slices_backend_persist_async (backend, UUID_A, NULL, on_ready_cb, &result);
  g_assert_false (slices_backend_persist_finish (backend, wait_for (&result), &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "apt install mdevctl"));
  g_assert_false (g_file_test (ran, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* NixOS: the configuration keeps slices, not mdevctl. */
  write_script (mdevctl, "echo '[]'\n");
  g_assert_cmpint (g_mkdir (etc, 0755), ==, 0);
  g_assert_true (g_file_set_contents (nixos, "", 0, NULL));
  slices_helper_client_set_persist_env (client, mdevctl, fixture->dir);
  g_assert_cmpint (slices_backend_get_persist_support (backend), ==, SLICES_PERSIST_NIXOS);
  slices_backend_persist_async (backend, UUID_A, NULL, on_ready_cb, &result2);
  g_assert_false (slices_backend_persist_finish (backend, wait_for (&result2), &error));
  g_assert_nonnull (strstr (error->message, "virtualisation.kvmgt.vgpus"));
  g_assert_false (g_file_test (ran, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_unlink (nixos), ==, 0);
  g_assert_cmpint (slices_backend_get_persist_support (backend), ==, SLICES_PERSIST_AVAILABLE);
}

/* Listing needs no root: the client runs mdevctl itself, as the user. */
static void
test_client_list_defined (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *mdevctl = g_build_filename (fixture->dir, "fake-mdevctl", NULL);
  g_autofree char *json_file = g_build_filename (fixture->dir, "defined.json", NULL);
  g_autofree char *args_file = g_build_filename (fixture->dir, "args", NULL);
  g_autofree char *body = g_strdup_printf ("printf '%%s\\n' \"$@\" > %s\ncat %s\n", args_file,
                                           json_file);
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GHashTable) empty = NULL;
  g_autoptr(GHashTable) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;

  g_assert_true (g_file_set_contents (json_file, mdevctl_1_2_output, -1, NULL));
  write_script (mdevctl, body);
  client = slices_helper_client_new_full (NULL, "/nonexistent/helper");
  slices_helper_client_set_persist_env (client, mdevctl, fixture->dir);

  table = slices_backend_list_defined_sync (SLICES_BACKEND (client), &error);
  g_assert_no_error (error);
  g_assert_nonnull (lookup_kept (table, UUID_A));
  g_assert_null (lookup_kept (table, UUID_B));
  g_assert_true (g_file_get_contents (args_file, &args, NULL, NULL));
  g_assert_cmpstr (args, ==, "list\n--defined\n--dumpjson\n");

  /* mdevctl 1.2.0 without /etc/mdevctl.d: nothing is kept, not an error. */
  write_script (mdevctl, "echo 'Error: Required directory \"/etc/mdevctl.d\" doesn'\"'\"'t exist. "
                "This may indicate a packaging or installation error' >&2\nexit 1\n");
  empty = slices_backend_list_defined_sync (SLICES_BACKEND (client), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  /* Any other failure is reported with mdevctl's own words. */
  write_script (mdevctl, "echo 'Error: permission trouble' >&2\nexit 1\n");
  none = slices_backend_list_defined_sync (SLICES_BACKEND (client), &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "permission trouble"));
}

/* --- slicectl on simulated trees --- */

static void
run_slicectl (Run        *run,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (char *) SLICECTL_PATH);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (run, (const char * const *) argv->pdata, NULL);
  g_test_message ("slicectl exit %d, stderr: %s", run->status, run->err);
}

static void
assert_one_line (Run *run)
{
  gsize len = strlen (run->err);

  g_assert_cmpuint (len, >, 10);
  g_assert_true (g_str_has_prefix (run->err, "slicectl: "));
  g_assert_true (strchr (run->err, '\n') == run->err + len - 1);
}

/* "persistent" of @uuid in `list --json`: 1 true, 0 false, -1 no such slice. */
static int
json_persistent (Fixture    *fixture,
                 const char *uuid)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *gpus;

  run_slicectl (&run, "--sysfs-root", sim_root (fixture), "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  gpus = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "gpus");
  for (guint i = 0; i < json_array_get_length (gpus); i++)
    {
      JsonArray *slices = json_object_get_array_member (json_array_get_object_element (gpus, i),
                                                        "slices");

      for (guint j = 0; j < json_array_get_length (slices); j++)
        {
          JsonObject *slice = json_array_get_object_element (slices, j);

          /* Every slice says, true or false. */
          g_assert_true (json_object_has_member (slice, "persistent"));
          if (g_str_equal (json_object_get_string_member (slice, "uuid"), uuid))
            return json_object_get_boolean_member (slice, "persistent") ? 1 : 0;
        }
    }
  return -1;
}

static void
test_slicectl (Fixture       *fixture,
               gconstpointer  data)
{
  const char *root = sim_root (fixture);
  g_auto(Run) run = { 0 };
  g_autofree char *created = NULL;
  g_autoptr(GHashTable) table = NULL;

  run_slicectl (&run, "--sysfs-root", root, "--simulate", "create", "--gpu", GPU_ADDR,
                "--type", TYPE, "--uuid", UUID_A, "--persistent", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, UUID_A "\n");
  run_slicectl (&run, "--sysfs-root", root, "--simulate", "create", "--gpu", GPU_ADDR,
                "--type", TYPE, NULL);
  g_assert_cmpint (run.status, ==, 0);
  created = g_strstrip (g_strdup (run.out));

  g_assert_cmpint (json_persistent (fixture, UUID_A), ==, 1);
  g_assert_cmpint (json_persistent (fixture, created), ==, 0);

  /* People see it too: a KEPT column. */
  run_slicectl (&run, "--sysfs-root", root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "KEPT"));
  g_assert_true (g_regex_match_simple (UUID_A "\\s+" TYPE "\\s+yes", run.out, 0, 0));

  run_slicectl (&run, "--sysfs-root", root, "--simulate", "persist", created, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpint (json_persistent (fixture, created), ==, 1);

  run_slicectl (&run, "--sysfs-root", root, "--simulate", "unpersist", UUID_A, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_persistent (fixture, UUID_A), ==, 0);

  /* Removing a kept slice forgets it. */
  run_slicectl (&run, "--sysfs-root", root, "--simulate", "remove", created, NULL);
  g_assert_cmpint (run.status, ==, 0);
  table = slices_simulator_dup_defined (fixture->simulator);
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
}

static void
test_slicectl_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *root = sim_root (fixture);
  g_auto(Run) run = { 0 };
  g_autoptr(GHashTable) table = NULL;

  run_slicectl (&run, "--sysfs-root", root, "--simulate", "persist", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (&run);

  run_slicectl (&run, "--sysfs-root", root, "--simulate", "persist", "../" UUID_A, NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (&run);

  run_slicectl (&run, "--sysfs-root", root, "--simulate", "unpersist", "not-a-uuid", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (&run);

  /* No such slice: nothing to keep. */
  run_slicectl (&run, "--sysfs-root", root, "--simulate", "persist", UUID_B, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_one_line (&run);
  g_assert_nonnull (strstr (run.err, UUID_B));

  /* A fake tree without --simulate: the helper only writes the real system. */
  run_slicectl (&run, "--sysfs-root", root, "persist", UUID_A, NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (&run);

  run_slicectl (&run, "persist", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "mdevctl"));

  table = slices_simulator_dup_defined (fixture->simulator);
  g_assert_cmpuint (g_hash_table_size (table), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/persist/parse/mdevctl-1.2", test_parse_mdevctl_1_2);
  g_test_add_func ("/slices/persist/parse/variants", test_parse_variants);
  g_test_add_func ("/slices/persist/parse/garbage", test_parse_garbage);
  g_test_add_func ("/slices/persist/parse/to-json-round-trip", test_to_json_round_trip);
  g_test_add_func ("/slices/persist/read-store", test_read_store);
  g_test_add_func ("/slices/persist/nixos-marker", test_nixos);
  g_test_add ("/slices/persist/simulator/store", Fixture, NULL, fixture_setup,
              test_simulator_store, fixture_teardown);
  g_test_add ("/slices/persist/simulator/refusals", Fixture, NULL, fixture_setup,
              test_simulator_refusals, fixture_teardown);
  g_test_add ("/slices/persist/simulator/remove-forgets", Fixture, NULL, fixture_setup,
              test_simulator_remove_forgets, fixture_teardown);
  g_test_add ("/slices/persist/client/support-before-pkexec", Fixture, NULL, fixture_setup,
              test_client_support, fixture_teardown);
  g_test_add ("/slices/persist/client/list-defined", Fixture, NULL, fixture_setup,
              test_client_list_defined, fixture_teardown);
  g_test_add ("/slices/persist/slicectl/persistent-persist-unpersist", Fixture, NULL,
              fixture_setup, test_slicectl, fixture_teardown);
  g_test_add ("/slices/persist/slicectl/errors", Fixture, NULL, fixture_setup,
              test_slicectl_errors, fixture_teardown);

  return g_test_run ();
}
