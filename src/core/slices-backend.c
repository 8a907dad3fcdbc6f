/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesBackend: the interface both writers implement (the pkexec helper client and the kernel
 * simulator), its checked dispatchers, and the blocking wrappers slicectl uses. The wrappers
 * run the call in a private main context pushed as the thread default, so that the GTask
 * completes there and nothing else in the process is dispatched meanwhile.
 */

#include "slices-backend.h"

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
