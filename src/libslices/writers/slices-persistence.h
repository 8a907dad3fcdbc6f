/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesPersistence: which slices are kept after a restart, as the app shows them. It reads
 * the backend's definitions (slices_backend_list_defined_async()) whenever it is refreshed,
 * remembers whether slices can be kept at all, and changes what is kept for one slice (the
 * Keep switch of a slice row) or for every slice not kept yet ("Keep all" in Check Setup).
 * After every change it reads the definitions again, also after a failure: what it says is
 * what the system says, never what was asked for.
 *
 * Signal "changed" (no arguments): the definitions (or whether slices can be kept) were read
 * again.
 */
#pragma once

#include <gio/gio.h>

#include "slices-backend.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_PERSISTENCE (slices_persistence_get_type ())
G_DECLARE_FINAL_TYPE (SlicesPersistence, slices_persistence, SLICES, PERSISTENCE, GObject)

/* @backend may be NULL (the app's window before it reads the system): nothing is read until
 * one is set. */
SlicesPersistence   *slices_persistence_new          (SlicesBackend *backend);

/* The backend whose definitions are shown. Setting another one drops a reading in flight (one
 * that someone waits for starts again on the new backend); the definitions stay until the next
 * refresh replaces them. Keeping needs a backend. */
SlicesBackend       *slices_persistence_get_backend  (SlicesPersistence *self);
void                 slices_persistence_set_backend  (SlicesPersistence *self,
                                                      SlicesBackend     *backend);

/* Reads the definitions again, dropping a reading in flight; emits "changed" when done. A
 * reading that fails leaves nothing kept (and says why with g_message()). */
void                 slices_persistence_refresh        (SlicesPersistence   *self);
/* The same, and calls back once the definitions of this or a later refresh are known. FALSE
 * with the backend's error when that reading failed; G_IO_ERROR_CANCELLED when @cancellable
 * was cancelled. */
void                 slices_persistence_refresh_async  (SlicesPersistence   *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             slices_persistence_refresh_finish (SlicesPersistence  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* Whether the definitions were read yet (before that, nothing is kept). */
gboolean             slices_persistence_get_known       (SlicesPersistence *self);
/* Whether slices can be kept here, as the backend said at the last refresh
 * (SLICES_PERSIST_NO_MDEVCTL before the first). */
SlicesPersistSupport slices_persistence_get_support     (SlicesPersistence *self);
/* Whether slice @uuid is kept: defined, and started by mdevctl when its GPU appears. */
gboolean             slices_persistence_is_kept         (SlicesPersistence *self,
                                                         const char        *uuid);
/* The definitions as slices_backend_list_defined_finish() gives them, or NULL while unknown. */
GHashTable          *slices_persistence_get_definitions (SlicesPersistence *self);

/* Keeps slice @uuid after a restart (@keep) or stops keeping it, then refreshes. */
void                 slices_persistence_keep_async      (SlicesPersistence   *self,
                                                         const char          *uuid,
                                                         gboolean             keep,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             slices_persistence_keep_finish     (SlicesPersistence  *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

/* Keeps every slice of @host that is not kept yet, one after the other in the host's order,
 * stopping at the first failure; then refreshes. @n_kept (optional) gets how many were kept,
 * also on failure. Nothing to keep succeeds with 0. */
void                 slices_persistence_keep_all_async  (SlicesPersistence   *self,
                                                         SlicesHost          *host,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             slices_persistence_keep_all_finish (SlicesPersistence  *self,
                                                         GAsyncResult       *result,
                                                         guint              *n_kept,
                                                         GError            **error);

G_END_DECLS
