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
#include "slices-mdevctl.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_BACKEND (slices_backend_get_type ())
G_DECLARE_INTERFACE (SlicesBackend, slices_backend, SLICES, BACKEND, GObject)

/* Whether "Keep after restart" can be offered. */
typedef enum {
  SLICES_PERSIST_AVAILABLE,  /* mdevctl is installed (or the simulator keeps its own store) */
  SLICES_PERSIST_NO_MDEVCTL, /* offer the switch off, explaining how to install mdevctl */
  SLICES_PERSIST_NIXOS,      /* /etc/NIXOS: show the NixOS configuration instead */
} SlicesPersistSupport;

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

  /* Keeping slices after a restart (mdevctl). Optional: without them persist/unpersist fail
   * with SLICES_ERROR_FAILED, list_defined gives an empty table and the support is
   * SLICES_PERSIST_NO_MDEVCTL. */
  void        (*persist_async)        (SlicesBackend       *self,
                                       const char          *uuid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
  gboolean    (*persist_finish)       (SlicesBackend *self, GAsyncResult *result, GError **error);
  void        (*unpersist_async)      (SlicesBackend       *self,
                                       const char          *uuid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
  gboolean    (*unpersist_finish)     (SlicesBackend *self, GAsyncResult *result, GError **error);
  void        (*list_defined_async)   (SlicesBackend       *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
  GHashTable *(*list_defined_finish)  (SlicesBackend *self, GAsyncResult *result, GError **error);
  SlicesPersistSupport (*get_persist_support) (SlicesBackend *self);
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

/* Keep @uuid after a restart: the slice must exist; its GPU and type come from the system.
 * The helper client runs `gpu-slices-helper persist` through pkexec (mdevctl define --auto);
 * the simulator records it in its own store. */
void     slices_backend_persist_async    (SlicesBackend       *self,
                                          const char          *uuid,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean slices_backend_persist_finish   (SlicesBackend  *self,
                                          GAsyncResult   *result,
                                          GError        **error);
/* Stop keeping @uuid (it need not exist now). Succeeds when it was not kept. Removing a slice
 * (remove_async) also stops keeping it: the helper and the simulator do both. */
void     slices_backend_unpersist_async  (SlicesBackend       *self,
                                          const char          *uuid,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean slices_backend_unpersist_finish (SlicesBackend  *self,
                                          GAsyncResult   *result,
                                          GError        **error);
/* What is kept, without privileges: lowercase uuid → SlicesMdevDefinition (slices-mdevctl.h),
 * including definitions whose slice does not exist now. A slice is kept after a restart when
 * its definition is there and slices_mdev_definition_is_auto(). */
void        slices_backend_list_defined_async  (SlicesBackend       *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GHashTable *slices_backend_list_defined_finish (SlicesBackend  *self,
                                                GAsyncResult   *result,
                                                GError        **error);
SlicesPersistSupport slices_backend_get_persist_support (SlicesBackend *self);

/* Runs a backend call to completion in a private main context (for slicectl only; never from
 * the UI). */
gboolean slices_backend_create_sync (SlicesBackend *self, const char *gpu_address,
                                     const char *type_id, const char *uuid, GError **error);
gboolean slices_backend_remove_sync (SlicesBackend *self, const char *uuid, GError **error);
gboolean slices_backend_persist_sync (SlicesBackend *self, const char *uuid, GError **error);
gboolean slices_backend_unpersist_sync (SlicesBackend *self, const char *uuid, GError **error);
GHashTable *slices_backend_list_defined_sync (SlicesBackend *self, GError **error);

G_END_DECLS
