/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachJob: one change of a VM's persistent definition that puts a slice in (attach),
 * takes it out (detach) or repairs the old GVT-g recipe (repair), from reading to undo. The
 * one place where the rule "define only over what was read; when another program changed it
 * meanwhile, read again and recompute;
 * undo only over what was written" lives, for the attach wizard, the window's Detach and
 * `slicectl attach|detach|repair` alike.
 *
 *   prepare   read the definition with its secrets (slices_libvirt_get_xml_async()) and
 *             compute the new one (slices_domain_attach() or slices_domain_detach(), for the
 *             connection's libvirt version, on a worker thread). Nothing is written: this is
 *             what a review page shows (the XML before and after, and the notes).
 *   apply     define the prepared definition with validation, only if the stored one is still
 *             the one that was read (slices_libvirt_define_async()). When it is not (CHANGED),
 *             read again, recompute and define again, up to "retries" times (default 1), then
 *             fail with SLICES_LIBVIRT_ERROR_CHANGED. Prepares first when the job is not
 *             prepared. With nothing to change (the VM already holds the slice) it writes
 *             nothing and succeeds.
 *   undo      define the definition from before back, only if the stored one is still the
 *             one apply wrote (CHANGED otherwise: someone changed it again; nothing written).
 *
 * Phases ("phase", notified in the main context the job's calls were made in; a spinner can
 * follow "busy"):
 *
 *   NONE ─prepare─► READING ─► EDITING ─► PREPARED ─apply─► DEFINING ─► APPLIED
 *                      ▲                                        │ CHANGED, retries left
 *                      └────────────────────────────────────────┘
 *   APPLIED ─undo─► UNDOING ─► UNDONE
 *
 * When a call fails, "phase" stays the step that failed (READING: libvirt could not give the
 * definition; EDITING: the edit refused it, SLICES_DOMAIN_EDIT_ERROR; DEFINING: libvirt did
 * not store it; UNDOING), so that a caller can say which. Until something is written, prepare
 * and apply may be called again whenever the job is not busy; once applied, only undo (again
 * after it failed). One call at a time.
 *
 * Cancellation: prepare answers G_IO_ERROR_CANCELLED at once. Apply and undo do too until the
 * define starts; a define that has started is waited for and reported as it ended, so a
 * success after Cancel is a success (the definition was written, and can be undone).
 *
 * For the attach wizard (replacing its own define-and-retry): make one job per review with
 * the options chosen and "retries" 0; prepare it when the review opens and show
 * get_old_xml()/get_new_xml() as the diff, get_notes() as the notes and has_changes() to
 * enable Apply; apply with the wizard's cancellable and follow "busy" for the spinner. On
 * SLICES_LIBVIRT_ERROR_CHANGED prepare again and show the review with its message (the user
 * confirms the recomputed change); on NO_DOMAIN send the user back to the VM page. After
 * apply, get_needs_restart() chooses the message, and the job itself (or get_old_xml() with
 * get_stored_xml()) is what the window keeps for Undo.
 */
#pragma once

#include <gio/gio.h>

#include "slices-domain-edit.h"
#include "slices-libvirt.h"

G_BEGIN_DECLS

typedef enum {
  SLICES_ATTACH_JOB_PHASE_NONE,      /* nothing done yet */
  SLICES_ATTACH_JOB_PHASE_READING,   /* reading the definition */
  SLICES_ATTACH_JOB_PHASE_EDITING,   /* computing the new one */
  SLICES_ATTACH_JOB_PHASE_PREPARED,  /* both known; nothing written */
  SLICES_ATTACH_JOB_PHASE_DEFINING,  /* writing the new one */
  SLICES_ATTACH_JOB_PHASE_APPLIED,   /* written, or there was nothing to write */
  SLICES_ATTACH_JOB_PHASE_UNDOING,   /* writing the one from before back */
  SLICES_ATTACH_JOB_PHASE_UNDONE,    /* the definition is the one from before again */
} SlicesAttachJobPhase;

#define SLICES_TYPE_ATTACH_JOB_PHASE (slices_attach_job_phase_get_type ())
GType slices_attach_job_phase_get_type (void) G_GNUC_CONST;

#define SLICES_TYPE_ATTACH_JOB (slices_attach_job_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachJob, slices_attach_job, SLICES, ATTACH_JOB, GObject)

/* Attach @uuid to @domain (a name or a UUID) on @libvirt, which must be open by prepare.
 * @type_id, @type_width, @type_height and @opts as slices_domain_attach() takes them (copied;
 * @type_id may be NULL, the sizes 0 when unknown). @libvirt may be NULL (and then @domain
 * too) for a job that only edits text: slices_attach_job_edit(). */
SlicesAttachJob *slices_attach_job_new_attach (SlicesLibvirt             *libvirt,
                                               const char                *domain,
                                               const char                *uuid,
                                               const char                *type_id,
                                               int                        type_width,
                                               int                        type_height,
                                               const SlicesAttachOptions *opts);

/* Detach @uuid from @domain: the slice and everything attach added go, what it replaced comes
 * back. @libvirt and @domain as for slices_attach_job_new_attach(). */
SlicesAttachJob *slices_attach_job_new_detach (SlicesLibvirt             *libvirt,
                                               const char                *domain,
                                               const char                *uuid);

/* Repair @domain's old GVT-g recipe (slices_domain_repair(), slices-domain-recipe.h): the
 * same read, define with validation over what was read, and undo. No slice: get_slice_uuid()
 * is NULL. */
SlicesAttachJob *slices_attach_job_new_repair (SlicesLibvirt             *libvirt,
                                               const char                *domain);

SlicesLibvirt       *slices_attach_job_get_libvirt       (SlicesAttachJob *self);
const char          *slices_attach_job_get_domain        (SlicesAttachJob *self);
/* Lowercase; NULL for a repair. */
const char          *slices_attach_job_get_slice_uuid    (SlicesAttachJob *self);
gboolean             slices_attach_job_is_detach         (SlicesAttachJob *self);
gboolean             slices_attach_job_is_repair         (SlicesAttachJob *self);

/* How often apply recomputes after a concurrent change before it gives up (default 1). */
guint                slices_attach_job_get_retries       (SlicesAttachJob *self);
void                 slices_attach_job_set_retries       (SlicesAttachJob *self,
                                                          guint            retries);

SlicesAttachJobPhase slices_attach_job_get_phase         (SlicesAttachJob *self);
/* A prepare, apply or undo is running. */
gboolean             slices_attach_job_is_busy           (SlicesAttachJob *self);

/* The definition as read (with its secrets): the "before" of the diff and what undo writes
 * back. NULL until read. */
const char          *slices_attach_job_get_old_xml       (SlicesAttachJob *self);
/* The definition computed from it: the "after". NULL until computed. */
const char          *slices_attach_job_get_new_xml       (SlicesAttachJob *self);
/* Whether the new definition differs from the old one (FALSE also until computed). */
gboolean             slices_attach_job_has_changes       (SlicesAttachJob *self);
/* The edit's sentences for people (char *), refilled by each computation; never NULL. */
GPtrArray           *slices_attach_job_get_notes         (SlicesAttachJob *self);
/* The definition as libvirt stored it after apply (the expected one for undo); NULL until
 * applied, and when apply had nothing to write. */
const char          *slices_attach_job_get_stored_xml    (SlicesAttachJob *self);
/* After apply or undo: the VM is running, and the change takes effect after it is shut down
 * and started again (a restart from inside the guest is not enough). */
gboolean             slices_attach_job_get_needs_restart (SlicesAttachJob *self);

/* The edit alone, without libvirt: what prepare computes, on @xml for @libvirt_version.
 * @notes_out (may be NULL) gets the notes, as slices_domain_attach() gives them. For
 * definitions that are not in libvirt (`slicectl attach --xml FILE`). */
char    *slices_attach_job_edit            (SlicesAttachJob      *self,
                                            const char           *xml,
                                            guint                 libvirt_version,
                                            GPtrArray            *notes_out,
                                            GError              **error);

void     slices_attach_job_prepare_async   (SlicesAttachJob      *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean slices_attach_job_prepare_finish  (SlicesAttachJob      *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void     slices_attach_job_apply_async     (SlicesAttachJob      *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean slices_attach_job_apply_finish    (SlicesAttachJob      *self,
                                            GAsyncResult         *result,
                                            GError              **error);

void     slices_attach_job_undo_async      (SlicesAttachJob      *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean slices_attach_job_undo_finish     (SlicesAttachJob      *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
