/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesRemovalJob: removing slices that virtual machines point to, without leaving a VM
 * whose definition names a slice that is gone (such a VM does not start again until its XML
 * is edited by hand). For `slicectl remove` and the app's Remove dialog alike.
 *
 *   find      lists the connection's domains and keeps those whose persistent definition
 *             holds one of the slices: what a confirmation names (slices_removal_job_get_holders(),
 *             with their state, so that a running one can be called so).
 *   run       with @detach, first detaches each slice from each VM that holds it, one
 *             SlicesAttachJob each (the same detach as the window's Detach and `slicectl
 *             detach`: the definition read with its secrets, defined only over what was read),
 *             then removes the slices one by one with the remover. All or nothing:
 *               - a detach that fails undoes the detaches before it (each job writes back the
 *                 definition it read, only over what it wrote) and nothing is removed;
 *               - a removal that fails restores the definitions of the slices not removed, so
 *                 that no VM is left without a slice that still exists, nor with one that is
 *                 gone.
 *             Without @detach the slices are removed and the definitions left as they are
 *             (`--force`, the dialog's plain Remove).
 *
 * Removing is not this layer's (writers/ owns SlicesBackend, and vm/ may not include it), so
 * the caller hands the job its remover: an object and an async pair with the shape of
 * slices_backend_remove_async()/_finish(), which may be passed cast.
 *
 * Without a connection (@libvirt NULL) no VM holds anything and run only removes. One call at
 * a time. Errors: the detach's or the remover's, with a prefix naming the VM or the slice,
 * and what was undone.
 */
#pragma once

#include <gio/gio.h>

#include "slices-attach-job.h"
#include "slices-libvirt.h"

G_BEGIN_DECLS

typedef void     (*SlicesRemoveAsyncFunc)  (gpointer             remover,
                                            const char          *uuid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
typedef gboolean (*SlicesRemoveFinishFunc) (gpointer             remover,
                                            GAsyncResult        *result,
                                            GError             **error);

#define SLICES_TYPE_REMOVAL_JOB (slices_removal_job_get_type ())
G_DECLARE_FINAL_TYPE (SlicesRemovalJob, slices_removal_job, SLICES, REMOVAL_JOB, GObject)

/* @uuids: the slices (any case; each once). @libvirt: open by find and run, or NULL. */
SlicesRemovalJob *slices_removal_job_new         (SlicesLibvirt          *libvirt,
                                                  const char * const     *uuids);
/* @remover (a GObject, referenced) and its pair; needed by run. */
void              slices_removal_job_set_remover (SlicesRemovalJob       *self,
                                                  gpointer                remover,
                                                  SlicesRemoveAsyncFunc   remove_async,
                                                  SlicesRemoveFinishFunc  remove_finish);

/* Lowercase, in the order given. */
const char * const *slices_removal_job_get_uuids   (SlicesRemovalJob *self);
/* After find: the domains (SlicesDomainInfo, sorted by name) whose persistent definition holds
 * one of the slices; empty without a connection; NULL before find. */
GPtrArray          *slices_removal_job_get_holders (SlicesRemovalJob *self);
/* After run: the detaches it applied and kept (SlicesAttachJob, in order). When it failed,
 * only those of the slices removed before the failure: the others were undone. */
GPtrArray          *slices_removal_job_get_detaches (SlicesRemovalJob *self);
/* After run: the slices removed (char *), also when it failed part way. */
GPtrArray          *slices_removal_job_get_removed  (SlicesRemovalJob *self);

void     slices_removal_job_find_async  (SlicesRemovalJob     *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean slices_removal_job_find_finish (SlicesRemovalJob     *self,
                                         GAsyncResult         *result,
                                         GError              **error);

/* Finds first when find has not run. Cancellation is checked between steps; a cancelled run
 * is undone as a failed one. */
void     slices_removal_job_run_async   (SlicesRemovalJob     *self,
                                         gboolean              detach,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean slices_removal_job_run_finish  (SlicesRemovalJob     *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
