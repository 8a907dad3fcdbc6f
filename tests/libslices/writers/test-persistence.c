/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesPersistence, the app's view of which slices are kept after a restart, on the
 * simulator's store: unknown until read, one slice kept and let go (the Keep switch), every
 * loose slice kept in order and the stop at the first failure ("Keep all"), refreshes that
 * overtake each other, a backend set while someone waits, and a backend that cannot list.
 */

#include <glib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-persistence.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define GPU_ADDR "0000:00:02.0"
#define TYPE     "i915-GVTg_V5_8"
#define UUID_A   "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define UUID_B   "1f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define UUID_C   "2f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define TIMEOUT_SECONDS 10

typedef struct
{
  char *dir;
  SlicesSimulator *simulator;
  SlicesHost *host;
  SlicesPersistence *persistence;
  guint changes;
} Fixture;

static void
on_changed_cb (SlicesPersistence *persistence,
               Fixture           *fixture)
{
  fixture->changes++;
}

static SlicesSimulator *
new_simulator_in (const char *dir,
                  const char *name)
{
  g_autofree char *root = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);
  return slices_test_simulator_new (root, GPU_ADDR);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = slices_test_make_tmp_dir ("test-persistence-XXXXXX");
  fixture->simulator = new_simulator_in (fixture->dir, "sys");
  fixture->host = slices_host_new (slices_simulator_get_root (fixture->simulator));
  fixture->persistence = slices_persistence_new (SLICES_BACKEND (fixture->simulator));
  g_signal_connect (fixture->persistence, "changed", G_CALLBACK (on_changed_cb), fixture);
}

/* Runs what is due now (a reading's answer comes in an idle), without waiting for more. */
static void
flush_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* A reading in flight holds the persistence until its answer comes. */
  flush_main_context ();
  g_assert_finalize_object (fixture->persistence);
  g_clear_object (&fixture->host);
  g_clear_object (&fixture->simulator);
  slices_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
create_slice (Fixture    *fixture,
              const char *uuid)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (slices_backend_create_sync (SLICES_BACKEND (fixture->simulator), GPU_ADDR, TYPE,
                                             uuid, &error));
  g_assert_no_error (error);
}

static gboolean
store_keeps (Fixture    *fixture,
             const char *uuid)
{
  g_autoptr(GHashTable) defined = slices_simulator_dup_defined (fixture->simulator);
  SlicesMdevDefinition *definition = g_hash_table_lookup (defined, uuid);

  return definition != NULL && slices_mdev_definition_is_auto (definition);
}

/* Waiting for results */

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  g_assert_true (slices_test_wait_until (is_set, slot, TIMEOUT_SECONDS));
  return *slot;
}

static gboolean
refresh_sync (SlicesPersistence  *persistence,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slices_persistence_refresh_async (persistence, NULL, on_ready_cb, &result);
  return slices_persistence_refresh_finish (persistence, wait_for (&result), error);
}

static gboolean
keep_sync (SlicesPersistence  *persistence,
           const char         *uuid,
           gboolean            keep,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slices_persistence_keep_async (persistence, uuid, keep, NULL, on_ready_cb, &result);
  return slices_persistence_keep_finish (persistence, wait_for (&result), error);
}

static gboolean
keep_all_sync (SlicesPersistence  *persistence,
               SlicesHost         *host,
               guint              *n_kept,
               GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slices_persistence_keep_all_async (persistence, host, NULL, on_ready_cb, &result);
  return slices_persistence_keep_all_finish (persistence, wait_for (&result), n_kept, error);
}

typedef struct {
  Fixture *fixture;
  guint changes;
} ChangesAfter;

static gboolean
has_changed_since (gpointer data)
{
  ChangesAfter *wait = data;

  return wait->fixture->changes > wait->changes;
}

/* Keeping refreshes by itself: wait for the "changed" after the call. */
static void
wait_for_change (Fixture *fixture,
                 guint    changes_before)
{
  ChangesAfter wait = { fixture, changes_before };

  g_assert_true (slices_test_wait_until (has_changed_since, &wait, TIMEOUT_SECONDS));
}

/* Tests */

static void
test_unknown_until_read (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create_slice (fixture, UUID_A);
  g_assert_false (slices_persistence_get_known (fixture->persistence));
  g_assert_null (slices_persistence_get_definitions (fixture->persistence));
  g_assert_false (slices_persistence_is_kept (fixture->persistence, UUID_A));

  g_assert_true (refresh_sync (fixture->persistence, &error));
  g_assert_no_error (error);
  g_assert_true (slices_persistence_get_known (fixture->persistence));
  g_assert_cmpuint (fixture->changes, ==, 1);
  g_assert_cmpint (slices_persistence_get_support (fixture->persistence), ==,
                   SLICES_PERSIST_AVAILABLE);
  g_assert_cmpuint (g_hash_table_size (slices_persistence_get_definitions (fixture->persistence)),
                    ==, 0);
  g_assert_false (slices_persistence_is_kept (fixture->persistence, UUID_A));
}

/* The Keep switch: the answer comes from the store, read again after the change. */
static void
test_keep_one (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint changes;

  create_slice (fixture, UUID_A);
  create_slice (fixture, UUID_B);

  changes = fixture->changes;
  g_assert_true (keep_sync (fixture->persistence, UUID_A, TRUE, &error));
  g_assert_no_error (error);
  wait_for_change (fixture, changes);
  g_assert_true (store_keeps (fixture, UUID_A));
  g_assert_true (slices_persistence_is_kept (fixture->persistence, UUID_A));
  g_assert_false (slices_persistence_is_kept (fixture->persistence, UUID_B));

  changes = fixture->changes;
  g_assert_true (keep_sync (fixture->persistence, UUID_A, FALSE, &error));
  g_assert_no_error (error);
  wait_for_change (fixture, changes);
  g_assert_false (store_keeps (fixture, UUID_A));
  g_assert_false (slices_persistence_is_kept (fixture->persistence, UUID_A));
}

/* A failed change is read again too, so a switch goes back to what the system says. */
static void
test_keep_failure_reads_again (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint changes = fixture->changes;

  g_assert_false (keep_sync (fixture->persistence, UUID_C, TRUE, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  wait_for_change (fixture, changes);
  g_assert_true (slices_persistence_get_known (fixture->persistence));
  g_assert_false (slices_persistence_is_kept (fixture->persistence, UUID_C));
}

/* "Keep all": the slices not kept yet, in the host's order; the kept one is left alone. */
static void
test_keep_all (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_kept = 99;
  guint changes;

  create_slice (fixture, UUID_A);
  create_slice (fixture, UUID_B);
  create_slice (fixture, UUID_C);
  g_assert_true (slices_backend_persist_sync (SLICES_BACKEND (fixture->simulator), UUID_B,
                                              &error));
  g_assert_true (slices_host_refresh (fixture->host, &error));
  g_assert_true (refresh_sync (fixture->persistence, &error));
  g_assert_no_error (error);

  changes = fixture->changes;
  g_assert_true (keep_all_sync (fixture->persistence, fixture->host, &n_kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept, ==, 2);
  wait_for_change (fixture, changes);
  g_assert_true (store_keeps (fixture, UUID_A));
  g_assert_true (store_keeps (fixture, UUID_B));
  g_assert_true (store_keeps (fixture, UUID_C));
  g_assert_true (slices_persistence_is_kept (fixture->persistence, UUID_A));
  g_assert_true (slices_persistence_is_kept (fixture->persistence, UUID_C));

  /* Nothing left to keep. */
  g_assert_true (keep_all_sync (fixture->persistence, fixture->host, &n_kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept, ==, 0);
}

/* A slice that vanished after the host was read stops the run; those before it stay kept. */
static void
test_keep_all_stops_at_failure (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_kept = 99;

  create_slice (fixture, UUID_A);
  create_slice (fixture, UUID_B);
  create_slice (fixture, UUID_C);
  g_assert_true (slices_host_refresh (fixture->host, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slices_simulator_write_remove (fixture->simulator, UUID_B, "1", 1), ==, 0);

  g_assert_false (keep_all_sync (fixture->persistence, fixture->host, &n_kept, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_assert_cmpuint (n_kept, ==, 1);
  g_assert_true (store_keeps (fixture, UUID_A));
  g_assert_false (store_keeps (fixture, UUID_C));
}

/* Two refreshes in a row: the first reading is dropped, both callers get the second's answer,
 * and "changed" comes once. */
static void
test_refreshes_overtake (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  create_slice (fixture, UUID_A);
  slices_persistence_refresh_async (fixture->persistence, NULL, on_ready_cb, &first);
  g_assert_true (slices_backend_persist_sync (SLICES_BACKEND (fixture->simulator), UUID_A,
                                              &error));
  slices_persistence_refresh_async (fixture->persistence, NULL, on_ready_cb, &second);

  g_assert_true (slices_persistence_refresh_finish (fixture->persistence, wait_for (&first),
                                                    &error));
  g_assert_true (slices_persistence_refresh_finish (fixture->persistence, wait_for (&second),
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes, ==, 1);
  g_assert_true (slices_persistence_is_kept (fixture->persistence, UUID_A));
}

/* A caller's cancellable ends its wait; the reading still lands for everyone else. */
static void
test_cancelled_wait (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slices_persistence_refresh_async (fixture->persistence, cancellable, on_ready_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (slices_persistence_refresh_finish (fixture->persistence, wait_for (&result),
                                                     &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (slices_persistence_get_known (fixture->persistence));
}

/* The demo entered while a reading is awaited: the answer is the new backend's. */
static void
test_set_backend_while_waiting (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(SlicesSimulator) other = new_simulator_in (fixture->dir, "other");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  create_slice (fixture, UUID_A);
  g_assert_true (slices_backend_persist_sync (SLICES_BACKEND (fixture->simulator), UUID_A,
                                              &error));

  slices_persistence_refresh_async (fixture->persistence, NULL, on_ready_cb, &result);
  slices_persistence_set_backend (fixture->persistence, SLICES_BACKEND (other));
  g_assert_true (slices_persistence_get_backend (fixture->persistence) ==
                 SLICES_BACKEND (other));
  g_assert_true (slices_persistence_refresh_finish (fixture->persistence, wait_for (&result),
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes, ==, 1);
  g_assert_false (slices_persistence_is_kept (fixture->persistence, UUID_A));
}

/* Without a backend nothing is read; whoever waits gets the first backend's answer. */
static void
test_no_backend_yet (void)
{
  g_autoptr(SlicesPersistence) persistence = slices_persistence_new (NULL);
  g_autofree char *dir = slices_test_make_tmp_dir ("test-persistence-XXXXXX");
  g_autoptr(SlicesSimulator) simulator = new_simulator_in (dir, "sys");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (slices_persistence_get_backend (persistence));
  slices_persistence_refresh (persistence);
  slices_persistence_refresh_async (persistence, NULL, on_ready_cb, &result);
  flush_main_context ();
  g_assert_null (result);
  g_assert_false (slices_persistence_get_known (persistence));

  slices_persistence_set_backend (persistence, SLICES_BACKEND (simulator));
  g_assert_true (slices_persistence_refresh_finish (persistence, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (slices_persistence_get_known (persistence));
  g_clear_object (&persistence);
  g_clear_object (&simulator);
  slices_test_remove_tree (dir);
}

/* A backend that cannot tell what is kept (mdevctl broken) */

#define TEST_TYPE_BROKEN_BACKEND (test_broken_backend_get_type ())
G_DECLARE_FINAL_TYPE (TestBrokenBackend, test_broken_backend, TEST, BROKEN_BACKEND, GObject)

struct _TestBrokenBackend
{
  GObject parent_instance;
};

static void test_broken_backend_iface_init (SlicesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestBrokenBackend, test_broken_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SLICES_TYPE_BACKEND,
                                                      test_broken_backend_iface_init))

static void
broken_list_defined_async (SlicesBackend       *backend,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "mdevctl: broken");
}

static GHashTable *
broken_list_defined_finish (SlicesBackend  *backend,
                            GAsyncResult   *result,
                            GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static SlicesPersistSupport
broken_get_persist_support (SlicesBackend *backend)
{
  return SLICES_PERSIST_AVAILABLE;
}

static void
test_broken_backend_iface_init (SlicesBackendInterface *iface)
{
  iface->list_defined_async = broken_list_defined_async;
  iface->list_defined_finish = broken_list_defined_finish;
  iface->get_persist_support = broken_get_persist_support;
}

static void
test_broken_backend_class_init (TestBrokenBackendClass *klass)
{
}

static void
test_broken_backend_init (TestBrokenBackend *self)
{
}

/* Nothing is kept then, and the caller learns why. */
static void
test_listing_fails (void)
{
  g_autoptr(TestBrokenBackend) backend = g_object_new (TEST_TYPE_BROKEN_BACKEND, NULL);
  g_autoptr(SlicesPersistence) persistence = slices_persistence_new (SLICES_BACKEND (backend));
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("libslices", G_LOG_LEVEL_MESSAGE,
                         "Cannot tell which slices are kept after restart: mdevctl: broken");
  g_assert_false (refresh_sync (persistence, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_true (slices_persistence_get_known (persistence));
  g_assert_cmpuint (g_hash_table_size (slices_persistence_get_definitions (persistence)), ==, 0);
  g_assert_false (slices_persistence_is_kept (persistence, UUID_A));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/slices/persistence/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("unknown-until-read", test_unknown_until_read);
  ADD ("keep-one", test_keep_one);
  ADD ("keep-failure-reads-again", test_keep_failure_reads_again);
  ADD ("keep-all", test_keep_all);
  ADD ("keep-all-stops-at-failure", test_keep_all_stops_at_failure);
  ADD ("refreshes-overtake", test_refreshes_overtake);
  ADD ("cancelled-wait", test_cancelled_wait);
  ADD ("set-backend-while-waiting", test_set_backend_while_waiting);
#undef ADD
  g_test_add_func ("/slices/persistence/no-backend-yet", test_no_backend_yet);
  g_test_add_func ("/slices/persistence/listing-fails", test_listing_fails);

  return g_test_run ();
}
