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

  /* SR-IOV (FACTS-SRIOV S1–S3). Optional: without them each fails with SLICES_ERROR_FAILED. */
  void     (*set_vfs_async)         (SlicesBackend       *self,
                                     const char          *gpu_address,
                                     guint                count,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
  gboolean (*set_vfs_finish)        (SlicesBackend *self, GAsyncResult *result, GError **error);
  void     (*set_vf_profile_async)  (SlicesBackend       *self,
                                     const char          *gpu_address,
                                     guint                vf,
                                     const char          *key,
                                     guint32              value,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
  gboolean (*set_vf_profile_finish) (SlicesBackend *self, GAsyncResult *result, GError **error);
  /* @count is kept; G_MAXUINT stops keeping any. */
  void     (*persist_vfs_async)     (SlicesBackend       *self,
                                     const char          *gpu_address,
                                     guint                count,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
  gboolean (*persist_vfs_finish)    (SlicesBackend *self, GAsyncResult *result, GError **error);
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
 * The helper client runs `gpu-slices-helper persist` through pkexec, which writes mdevctl's
 * definition; the simulator records it in its own store. */
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

/* --- SR-IOV ---
 * Make @count virtual functions on the PF @gpu_address (0 removes them all). As the helper
 * does: sriov_drivers_autoprobe 0 first, so the host's driver never takes them; when VFs exist
 * and @count differs, through 0 (the kernel demands it), so every VF is made anew; refused,
 * naming the holder, while a process holds a VF open (the kernel would block). On a refusal
 * nothing changes; when the kernel refuses @count after the 0, the old count is made again. */
void     slices_backend_set_vfs_async  (SlicesBackend       *self,
                                        const char          *gpu_address,
                                        guint                count,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean slices_backend_set_vfs_finish (SlicesBackend  *self,
                                        GAsyncResult   *result,
                                        GError        **error);
/* xe's sriov_admin/vf@vf/profile/@key (SLICES_VF_PROFILE_KEY_*; @vf is 1-based, as there). */
#define SLICES_VF_PROFILE_EXEC_QUANTUM_MS    "exec_quantum_ms"
#define SLICES_VF_PROFILE_PREEMPT_TIMEOUT_US "preempt_timeout_us"
void     slices_backend_set_vf_profile_async  (SlicesBackend       *self,
                                               const char          *gpu_address,
                                               guint                vf,
                                               const char          *key,
                                               guint32              value,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean slices_backend_set_vf_profile_finish (SlicesBackend  *self,
                                               GAsyncResult   *result,
                                               GError        **error);
/* Keep @count VFs on @gpu_address across restarts: one udev rule (slices_vfs_udev_rule()) in
 * /etc/udev/rules.d, or the simulator's ROOT/.etc/udev/rules.d. unpersist_vfs deletes it
 * (success when there was none). */
void     slices_backend_persist_vfs_async    (SlicesBackend       *self,
                                              const char          *gpu_address,
                                              guint                count,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void     slices_backend_unpersist_vfs_async  (SlicesBackend       *self,
                                              const char          *gpu_address,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean slices_backend_persist_vfs_finish   (SlicesBackend  *self,
                                              GAsyncResult   *result,
                                              GError        **error);

/* Runs a backend call to completion in a private main context (for slicectl only; never from
 * the UI). */
gboolean slices_backend_create_sync (SlicesBackend *self, const char *gpu_address,
                                     const char *type_id, const char *uuid, GError **error);
gboolean slices_backend_remove_sync (SlicesBackend *self, const char *uuid, GError **error);
gboolean slices_backend_persist_sync (SlicesBackend *self, const char *uuid, GError **error);
gboolean slices_backend_unpersist_sync (SlicesBackend *self, const char *uuid, GError **error);
GHashTable *slices_backend_list_defined_sync (SlicesBackend *self, GError **error);
gboolean slices_backend_set_vfs_sync (SlicesBackend *self, const char *gpu_address, guint count,
                                      GError **error);
gboolean slices_backend_set_vf_profile_sync (SlicesBackend *self, const char *gpu_address,
                                             guint vf, const char *key, guint32 value,
                                             GError **error);
/* @count G_MAXUINT: unpersist. */
gboolean slices_backend_persist_vfs_sync (SlicesBackend *self, const char *gpu_address,
                                          guint count, GError **error);

G_END_DECLS
