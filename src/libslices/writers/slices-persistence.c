/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesPersistence: see slices-persistence.h. One reading of the definitions is in flight at
 * most: a refresh drops the one before (its answer may already be stale) and everyone who
 * waits gets the answer of the newest.
 */

#include "config.h"

#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-mdevctl.h"
#include "slices-persistence.h"
#include "slices-slice.h"

struct _SlicesPersistence
{
  GObject parent_instance;

  SlicesBackend *backend;
  SlicesPersistSupport support;
  GHashTable *kept;            /* uuid → SlicesMdevDefinition; NULL until read */

  GCancellable *reading;       /* the reading in flight, or NULL */
  GPtrArray *waiting;          /* GTasks of slices_persistence_refresh_async() */
};

G_DEFINE_FINAL_TYPE (SlicesPersistence, slices_persistence, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One reading: which one it was, so that an answer to a dropped one is ignored. */
typedef struct {
  SlicesPersistence *self;     /* owned */
  GCancellable *reading;       /* owned */
} Reading;

static void
reading_free (Reading *reading)
{
  g_object_unref (reading->self);
  g_object_unref (reading->reading);
  g_free (reading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reading, reading_free)

static void start_reading (SlicesPersistence *self);

static void
return_to_waiting (SlicesPersistence *self,
                   const GError      *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
on_list_defined_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Reading) reading = user_data;
  SlicesPersistence *self = reading->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) kept = NULL;

  kept = slices_backend_list_defined_finish (SLICES_BACKEND (source), result, &error);
  if (reading->reading != self->reading)
    return;
  g_clear_object (&self->reading);

  if (kept == NULL)
    {
      g_message ("Cannot tell which slices are kept after restart: %s", error->message);
      kept = slices_mdev_definitions_new ();
    }

  g_clear_pointer (&self->kept, g_hash_table_unref);
  self->kept = g_steal_pointer (&kept);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return_to_waiting (self, error);
}

static void
start_reading (SlicesPersistence *self)
{
  Reading *reading;

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  /* Nothing to read yet: slices_persistence_set_backend() reads for those who wait. */
  if (self->backend == NULL)
    return;

  self->support = slices_backend_get_persist_support (self->backend);
  self->reading = g_cancellable_new ();

  reading = g_new0 (Reading, 1);
  reading->self = g_object_ref (self);
  reading->reading = g_object_ref (self->reading);
  slices_backend_list_defined_async (self->backend, self->reading, on_list_defined_cb, reading);
}

/* Keeping one slice */

static void
on_keep_finished_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesPersistence *self = g_task_get_source_object (task);
  gboolean keep = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (keep)
    ok = slices_backend_persist_finish (SLICES_BACKEND (source), result, &error);
  else
    ok = slices_backend_unpersist_finish (SLICES_BACKEND (source), result, &error);

  /* Also after a failure: the switches go back to what the system says. */
  slices_persistence_refresh (self);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Keeping all */

typedef struct {
  GPtrArray *uuids;   /* to keep, in order */
  guint next;
} KeepAllRun;

static void
keep_all_run_free (KeepAllRun *run)
{
  g_ptr_array_unref (run->uuids);
  g_free (run);
}

static void keep_next (GTask *task);

static void
on_keep_all_persisted_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesPersistence *self = g_task_get_source_object (task);
  KeepAllRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!slices_backend_persist_finish (SLICES_BACKEND (source), result, &error))
    {
      slices_persistence_refresh (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run->next++;
  keep_next (g_steal_pointer (&task));
}

static void
keep_next (GTask *task)
{
  SlicesPersistence *self = g_task_get_source_object (task);
  KeepAllRun *run = g_task_get_task_data (task);

  if (run->next < run->uuids->len)
    {
      slices_backend_persist_async (self->backend, g_ptr_array_index (run->uuids, run->next),
                                    g_task_get_cancellable (task), on_keep_all_persisted_cb,
                                    task);
      return;
    }

  slices_persistence_refresh (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Every slice of @host without a definition that mdevctl starts by itself. */
static GPtrArray *
dup_loose_slices (SlicesPersistence *self,
                  SlicesHost        *host)
{
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  GListModel *gpus = slices_host_get_gpus (host);

  for (guint i = 0; i < g_list_model_get_n_items (gpus); i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);
      GListModel *slices = slices_gpu_get_slices (gpu);

      for (guint j = 0; j < g_list_model_get_n_items (slices); j++)
        {
          g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, j);
          const char *uuid = slices_slice_get_uuid (slice);

          if (!slices_persistence_is_kept (self, uuid))
            g_ptr_array_add (uuids, g_strdup (uuid));
        }
    }

  return uuids;
}

/* Overrides */

static void
slices_persistence_dispose (GObject *object)
{
  SlicesPersistence *self = SLICES_PERSISTENCE (object);

  /* Nobody waits (the tasks hold the object): only a reading nobody needs may be in flight. */
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->kept, g_hash_table_unref);

  G_OBJECT_CLASS (slices_persistence_parent_class)->dispose (object);
}

static void
slices_persistence_finalize (GObject *object)
{
  SlicesPersistence *self = SLICES_PERSISTENCE (object);

  g_ptr_array_unref (self->waiting);

  G_OBJECT_CLASS (slices_persistence_parent_class)->finalize (object);
}

static void
slices_persistence_class_init (SlicesPersistenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_persistence_dispose;
  object_class->finalize = slices_persistence_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
slices_persistence_init (SlicesPersistence *self)
{
  self->support = SLICES_PERSIST_NO_MDEVCTL;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

SlicesPersistence *
slices_persistence_new (SlicesBackend *backend)
{
  SlicesPersistence *self;

  g_return_val_if_fail (backend == NULL || SLICES_IS_BACKEND (backend), NULL);

  self = g_object_new (SLICES_TYPE_PERSISTENCE, NULL);
  g_set_object (&self->backend, backend);
  return self;
}

SlicesBackend *
slices_persistence_get_backend (SlicesPersistence *self)
{
  g_return_val_if_fail (SLICES_IS_PERSISTENCE (self), NULL);
  return self->backend;
}

void
slices_persistence_set_backend (SlicesPersistence *self,
                                SlicesBackend     *backend)
{
  g_return_if_fail (SLICES_IS_PERSISTENCE (self));
  g_return_if_fail (SLICES_IS_BACKEND (backend));

  if (!g_set_object (&self->backend, backend))
    return;

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (self->waiting->len > 0)
    start_reading (self);
}

void
slices_persistence_refresh (SlicesPersistence *self)
{
  g_return_if_fail (SLICES_IS_PERSISTENCE (self));
  start_reading (self);
}

void
slices_persistence_refresh_async (SlicesPersistence   *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLICES_IS_PERSISTENCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_persistence_refresh_async);
  g_ptr_array_add (self->waiting, task);
  start_reading (self);
}

gboolean
slices_persistence_refresh_finish (SlicesPersistence  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_persistence_refresh_async),
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
slices_persistence_get_known (SlicesPersistence *self)
{
  g_return_val_if_fail (SLICES_IS_PERSISTENCE (self), FALSE);
  return self->kept != NULL;
}

SlicesPersistSupport
slices_persistence_get_support (SlicesPersistence *self)
{
  g_return_val_if_fail (SLICES_IS_PERSISTENCE (self), SLICES_PERSIST_NO_MDEVCTL);
  return self->support;
}

gboolean
slices_persistence_is_kept (SlicesPersistence *self,
                            const char        *uuid)
{
  SlicesMdevDefinition *definition;

  g_return_val_if_fail (SLICES_IS_PERSISTENCE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (self->kept == NULL)
    return FALSE;
  definition = g_hash_table_lookup (self->kept, uuid);
  return definition != NULL && slices_mdev_definition_is_auto (definition);
}

GHashTable *
slices_persistence_get_definitions (SlicesPersistence *self)
{
  g_return_val_if_fail (SLICES_IS_PERSISTENCE (self), NULL);
  return self->kept;
}

void
slices_persistence_keep_async (SlicesPersistence   *self,
                               const char          *uuid,
                               gboolean             keep,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLICES_IS_PERSISTENCE (self));
  g_return_if_fail (self->backend != NULL);
  g_return_if_fail (uuid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_persistence_keep_async);
  g_task_set_task_data (task, GINT_TO_POINTER (!!keep), NULL);

  if (keep)
    slices_backend_persist_async (self->backend, uuid, cancellable, on_keep_finished_cb, task);
  else
    slices_backend_unpersist_async (self->backend, uuid, cancellable, on_keep_finished_cb, task);
}

gboolean
slices_persistence_keep_finish (SlicesPersistence  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_persistence_keep_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slices_persistence_keep_all_async (SlicesPersistence   *self,
                                   SlicesHost          *host,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  KeepAllRun *run;

  g_return_if_fail (SLICES_IS_PERSISTENCE (self));
  g_return_if_fail (self->backend != NULL);
  g_return_if_fail (SLICES_IS_HOST (host));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_persistence_keep_all_async);
  run = g_new0 (KeepAllRun, 1);
  run->uuids = dup_loose_slices (self, host);
  g_task_set_task_data (task, run, (GDestroyNotify) keep_all_run_free);
  keep_next (task);
}

gboolean
slices_persistence_keep_all_finish (SlicesPersistence  *self,
                                    GAsyncResult       *result,
                                    guint              *n_kept,
                                    GError            **error)
{
  KeepAllRun *run;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_persistence_keep_all_async),
                        FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (n_kept != NULL)
    *n_kept = run->next;
  return g_task_propagate_boolean (G_TASK (result), error);
}
