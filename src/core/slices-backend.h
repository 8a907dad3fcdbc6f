/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What writes to the system: one interface, two implementations. SlicesHelperClient runs the
 * root helper through pkexec; SlicesSimulator applies the kernel's rules to a simulated tree.
 * The UI and slicectl drive either without knowing which. Writes never touch the model: it
 * refreshes from what the system then says.
 *
 * Errors: SLICES_ERROR codes with a message for people; G_IO_ERROR_CANCELLED when the user
 * dismissed the password dialog (show nothing).
 */
#pragma once

#include <gio/gio.h>
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_BACKEND (slices_backend_get_type ())
G_DECLARE_INTERFACE (SlicesBackend, slices_backend, SLICES, BACKEND, GObject)

struct _SlicesBackendInterface
{
  GTypeInterface parent_iface;

  void     (*create_async)  (SlicesBackend       *self,
                             const char          *gpu_address,
                             const char          *type_id,
                             const char          *uuid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
  gboolean (*create_finish) (SlicesBackend *self, GAsyncResult *result, GError **error);
  void     (*remove_async)  (SlicesBackend       *self,
                             const char          *uuid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
  gboolean (*remove_finish) (SlicesBackend *self, GAsyncResult *result, GError **error);
};

void     slices_backend_create_async  (SlicesBackend       *self,
                                       const char          *gpu_address,
                                       const char          *type_id,
                                       const char          *uuid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean slices_backend_create_finish (SlicesBackend  *self,
                                       GAsyncResult   *result,
                                       GError        **error);
void     slices_backend_remove_async  (SlicesBackend       *self,
                                       const char          *uuid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean slices_backend_remove_finish (SlicesBackend  *self,
                                       GAsyncResult   *result,
                                       GError        **error);

/* Runs a backend call to completion in a private main context (for slicectl only; never from
 * the UI). */
gboolean slices_backend_create_sync (SlicesBackend *self, const char *gpu_address,
                                     const char *type_id, const char *uuid, GError **error);
gboolean slices_backend_remove_sync (SlicesBackend *self, const char *uuid, GError **error);

G_END_DECLS
