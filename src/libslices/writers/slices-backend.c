/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesBackend: the interface both writers implement (the pkexec helper client and the kernel
 * simulator), its checked dispatchers, and the blocking wrappers slicectl uses. The wrappers
 * run the call in a private main context pushed as the thread default, so that the GTask
 * completes there and nothing else in the process is dispatched meanwhile.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-backend.h"
#include "slices-error.h"

G_DEFINE_INTERFACE (SlicesBackend, slices_backend, G_TYPE_OBJECT)

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} SyncData;

static void
slices_backend_default_init (SlicesBackendInterface *iface)
{
}

static void
on_sync_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SyncData *data = user_data;

  data->result = g_object_ref (result);
  data->done = TRUE;
}

static void
iterate_until_done (GMainContext *context,
                    SyncData     *data)
{
  while (!data->done)
    g_main_context_iteration (context, TRUE);
}

void
slices_backend_create_async (SlicesBackend       *self,
                             const char          *gpu_address,
                             const char          *type_id,
                             const char          *uuid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (gpu_address != NULL);
  g_return_if_fail (type_id != NULL);
  g_return_if_fail (uuid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  g_return_if_fail (iface->create_async != NULL);

  iface->create_async (self, gpu_address, type_id, uuid, cancellable, callback, user_data);
}

gboolean
slices_backend_create_finish (SlicesBackend  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  SlicesBackendInterface *iface;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SLICES_BACKEND_GET_IFACE (self);
  g_return_val_if_fail (iface->create_finish != NULL, FALSE);

  return iface->create_finish (self, result, error);
}

void
slices_backend_remove_async (SlicesBackend       *self,
                             const char          *uuid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (uuid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  g_return_if_fail (iface->remove_async != NULL);

  iface->remove_async (self, uuid, cancellable, callback, user_data);
}

gboolean
slices_backend_remove_finish (SlicesBackend  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  SlicesBackendInterface *iface;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SLICES_BACKEND_GET_IFACE (self);
  g_return_val_if_fail (iface->remove_finish != NULL, FALSE);

  return iface->remove_finish (self, result, error);
}

gboolean
slices_backend_create_sync (SlicesBackend  *self,
                            const char     *gpu_address,
                            const char     *type_id,
                            const char     *uuid,
                            GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  SyncData data = { FALSE, NULL };
  gboolean ret;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (gpu_address != NULL, FALSE);
  g_return_val_if_fail (type_id != NULL, FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  slices_backend_create_async (self, gpu_address, type_id, uuid, NULL, on_sync_ready_cb, &data);
  iterate_until_done (context, &data);
  g_main_context_pop_thread_default (context);

  ret = slices_backend_create_finish (self, data.result, error);
  g_object_unref (data.result);

  return ret;
}

gboolean
slices_backend_remove_sync (SlicesBackend  *self,
                            const char     *uuid,
                            GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  SyncData data = { FALSE, NULL };
  gboolean ret;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  slices_backend_remove_async (self, uuid, NULL, on_sync_ready_cb, &data);
  iterate_until_done (context, &data);
  g_main_context_pop_thread_default (context);

  ret = slices_backend_remove_finish (self, data.result, error);
  g_object_unref (data.result);

  return ret;
}

/* --- keeping slices after a restart --- */

static void
report_unsupported (SlicesBackend       *self,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  g_task_report_new_error (self, callback, user_data, source_tag, SLICES_ERROR,
                           SLICES_ERROR_FAILED,
                           _("This cannot keep slices after a restart."));
}

void
slices_backend_persist_async (SlicesBackend       *self,
                              const char          *uuid,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (uuid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->persist_async == NULL)
    report_unsupported (self, callback, user_data, slices_backend_persist_async);
  else
    iface->persist_async (self, uuid, cancellable, callback, user_data);
}

gboolean
slices_backend_persist_finish (SlicesBackend  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  SlicesBackendInterface *iface;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_async_result_is_tagged (result, slices_backend_persist_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  iface = SLICES_BACKEND_GET_IFACE (self);
  return iface->persist_finish (self, result, error);
}

void
slices_backend_unpersist_async (SlicesBackend       *self,
                                const char          *uuid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (uuid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->unpersist_async == NULL)
    report_unsupported (self, callback, user_data, slices_backend_unpersist_async);
  else
    iface->unpersist_async (self, uuid, cancellable, callback, user_data);
}

gboolean
slices_backend_unpersist_finish (SlicesBackend  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  SlicesBackendInterface *iface;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_async_result_is_tagged (result, slices_backend_unpersist_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  iface = SLICES_BACKEND_GET_IFACE (self);
  return iface->unpersist_finish (self, result, error);
}

void
slices_backend_list_defined_async (SlicesBackend       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->list_defined_async == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, slices_backend_list_defined_async);
      g_task_return_pointer (task, slices_mdev_definitions_new (),
                             (GDestroyNotify) g_hash_table_unref);
      return;
    }
  iface->list_defined_async (self, cancellable, callback, user_data);
}

GHashTable *
slices_backend_list_defined_finish (SlicesBackend  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  SlicesBackendInterface *iface;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_async_result_is_tagged (result, slices_backend_list_defined_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  iface = SLICES_BACKEND_GET_IFACE (self);
  return iface->list_defined_finish (self, result, error);
}

SlicesPersistSupport
slices_backend_get_persist_support (SlicesBackend *self)
{
  SlicesBackendInterface *iface;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), SLICES_PERSIST_NO_MDEVCTL);

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->get_persist_support == NULL)
    return SLICES_PERSIST_NO_MDEVCTL;
  return iface->get_persist_support (self);
}

typedef void (*UuidCallFunc) (SlicesBackend *, const char *, GCancellable *,
                              GAsyncReadyCallback, gpointer);
typedef gboolean (*BoolFinishFunc) (SlicesBackend *, GAsyncResult *, GError **);

static gboolean
run_uuid_call_sync (SlicesBackend   *self,
                    const char      *uuid,
                    UuidCallFunc     call,
                    BoolFinishFunc   finish,
                    GError         **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { FALSE, NULL };
  gboolean ret;

  g_main_context_push_thread_default (context);
  call (self, uuid, NULL, on_sync_ready_cb, &data);
  iterate_until_done (context, &data);
  g_main_context_pop_thread_default (context);

  ret = finish (self, data.result, error);
  g_object_unref (data.result);

  return ret;
}

gboolean
slices_backend_persist_sync (SlicesBackend  *self,
                             const char     *uuid,
                             GError        **error)
{
  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_uuid_call_sync (self, uuid, slices_backend_persist_async,
                             slices_backend_persist_finish, error);
}

gboolean
slices_backend_unpersist_sync (SlicesBackend  *self,
                               const char     *uuid,
                               GError        **error)
{
  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_uuid_call_sync (self, uuid, slices_backend_unpersist_async,
                             slices_backend_unpersist_finish, error);
}

GHashTable *
slices_backend_list_defined_sync (SlicesBackend  *self,
                                  GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  SyncData data = { FALSE, NULL };
  GHashTable *ret;

  g_return_val_if_fail (SLICES_IS_BACKEND (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  slices_backend_list_defined_async (self, NULL, on_sync_ready_cb, &data);
  iterate_until_done (context, &data);
  g_main_context_pop_thread_default (context);

  ret = slices_backend_list_defined_finish (self, data.result, error);
  g_object_unref (data.result);

  return ret;
}

/* --- SR-IOV --- */

static gboolean
propagate_sriov (SlicesBackend  *self,
                 GAsyncResult   *result,
                 BoolFinishFunc  finish,
                 GError        **error)
{
  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_task_is_valid (result, self) &&
      g_task_get_source_tag (G_TASK (result)) == report_unsupported)
    return g_task_propagate_boolean (G_TASK (result), error);
  return finish (self, result, error);
}

static void
report_no_sriov (SlicesBackend       *self,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, report_unsupported, SLICES_ERROR,
                           SLICES_ERROR_FAILED,
                           _("This cannot change SR-IOV virtual functions."));
}

void
slices_backend_set_vfs_async (SlicesBackend       *self,
                              const char          *gpu_address,
                              guint                count,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (gpu_address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->set_vfs_async == NULL)
    report_no_sriov (self, callback, user_data);
  else
    iface->set_vfs_async (self, gpu_address, count, cancellable, callback, user_data);
}

gboolean
slices_backend_set_vfs_finish (SlicesBackend  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);

  return propagate_sriov (self, result, SLICES_BACKEND_GET_IFACE (self)->set_vfs_finish, error);
}

void
slices_backend_set_vf_profile_async (SlicesBackend       *self,
                                     const char          *gpu_address,
                                     guint                vf,
                                     const char          *key,
                                     guint32              value,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (gpu_address != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->set_vf_profile_async == NULL)
    report_no_sriov (self, callback, user_data);
  else
    iface->set_vf_profile_async (self, gpu_address, vf, key, value, cancellable, callback,
                                 user_data);
}

gboolean
slices_backend_set_vf_profile_finish (SlicesBackend  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);

  return propagate_sriov (self, result, SLICES_BACKEND_GET_IFACE (self)->set_vf_profile_finish,
                          error);
}

static void
start_persist_vfs (SlicesBackend       *self,
                   const char          *gpu_address,
                   guint                count,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  SlicesBackendInterface *iface;

  g_return_if_fail (SLICES_IS_BACKEND (self));
  g_return_if_fail (gpu_address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SLICES_BACKEND_GET_IFACE (self);
  if (iface->persist_vfs_async == NULL)
    report_no_sriov (self, callback, user_data);
  else
    iface->persist_vfs_async (self, gpu_address, count, cancellable, callback, user_data);
}

void
slices_backend_persist_vfs_async (SlicesBackend       *self,
                                  const char          *gpu_address,
                                  guint                count,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (count != G_MAXUINT);

  start_persist_vfs (self, gpu_address, count, cancellable, callback, user_data);
}

void
slices_backend_unpersist_vfs_async (SlicesBackend       *self,
                                    const char          *gpu_address,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  start_persist_vfs (self, gpu_address, G_MAXUINT, cancellable, callback, user_data);
}

gboolean
slices_backend_persist_vfs_finish (SlicesBackend  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (SLICES_IS_BACKEND (self), FALSE);

  return propagate_sriov (self, result, SLICES_BACKEND_GET_IFACE (self)->persist_vfs_finish,
                          error);
}

/* The SR-IOV calls' blocking wrappers: start the call with the context pushed, then this. */
static gboolean
finish_sync (SlicesBackend   *self,
             GMainContext    *context,
             SyncData        *data,
             BoolFinishFunc   finish,
             GError         **error)
{
  gboolean ret;

  iterate_until_done (context, data);
  g_main_context_pop_thread_default (context);
  ret = finish (self, data->result, error);
  g_object_unref (data->result);
  return ret;
}

gboolean
slices_backend_set_vfs_sync (SlicesBackend  *self,
                             const char     *gpu_address,
                             guint           count,
                             GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { FALSE, NULL };

  g_main_context_push_thread_default (context);
  slices_backend_set_vfs_async (self, gpu_address, count, NULL, on_sync_ready_cb, &data);
  return finish_sync (self, context, &data, slices_backend_set_vfs_finish, error);
}

gboolean
slices_backend_set_vf_profile_sync (SlicesBackend  *self,
                                    const char     *gpu_address,
                                    guint           vf,
                                    const char     *key,
                                    guint32         value,
                                    GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { FALSE, NULL };

  g_main_context_push_thread_default (context);
  slices_backend_set_vf_profile_async (self, gpu_address, vf, key, value, NULL,
                                       on_sync_ready_cb, &data);
  return finish_sync (self, context, &data, slices_backend_set_vf_profile_finish, error);
}

gboolean
slices_backend_persist_vfs_sync (SlicesBackend  *self,
                                 const char     *gpu_address,
                                 guint           count,
                                 GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { FALSE, NULL };

  g_main_context_push_thread_default (context);
  start_persist_vfs (self, gpu_address, count, NULL, on_sync_ready_cb, &data);
  return finish_sync (self, context, &data, slices_backend_persist_vfs_finish, error);
}
