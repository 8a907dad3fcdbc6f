/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachReviewPage: the attach wizard's review. Prepares one SlicesAttachJob (it reads
 * the VM's definition and computes the new one; nothing is written) and shows what it will do:
 * a summary as rows (virtual machine, slice, display, render node, resolution, boot display;
 * for an SR-IOV VF the Looking Glass size and memory, its input changes and the guest's
 * driver, SlicesAttachReviewVf),
 * warnings for what the user must do or gives up (a running VM's restart, its own VNC or SPICE
 * server replaced), the edit's other notes, and, behind "Show Changes", the change to the
 * definition as a diff (slices_domain_diff()). Above them, a message when the wizard has one (the definition
 * changed and the change was computed again).
 *
 * Properties: "loading" (the job is being prepared); "complete" (prepared, and it changes the
 * definition).
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-vm.h"

G_BEGIN_DECLS

#define SLICES_TYPE_ATTACH_REVIEW_PAGE (slices_attach_review_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachReviewPage, slices_attach_review_page, SLICES,
                      ATTACH_REVIEW_PAGE, GtkWidget)

SlicesAttachReviewPage *slices_attach_review_page_new (void);

/* What the wizard's pages chose, as the summary puts it in words: attaching @slice_uuid (of
 * @type, may be NULL) to @vm_name (@vm: the tracker's view of it, or NULL) with @opts, drawn
 * on the render node @node_name (may be NULL). For an SR-IOV VF, @slice_uuid is its PCI
 * address, @vf_gpu_address its GPU's (the PF's) and @vf_driver the host's driver of it ("xe"
 * or "i915"); both NULL for a GVT-g slice. */
typedef struct {
  const char                *slice_uuid;
  SlicesSliceType           *type;
  const char                *vm_name;
  const SlicesDomainInfo    *vm;
  const SlicesAttachOptions *opts;
  const char                *node_name;
  const char                *vf_gpu_address;
  const char                *vf_driver;
} SlicesAttachChoice;

/* Prepares @job (the attach of @choice, not busy; NULL: there is nothing to prepare, as when
 * the slice went away) and shows it with a summary of @choice. A load in flight is
 * cancelled. */
void        slices_attach_review_page_load        (SlicesAttachReviewPage    *self,
                                                   SlicesAttachJob           *job,
                                                   const SlicesAttachChoice  *choice);
/* Stops a load in flight (Back); the page stays as it is. */
void        slices_attach_review_page_cancel      (SlicesAttachReviewPage    *self);
/* The job being shown, or NULL. */
SlicesAttachJob *slices_attach_review_page_get_job (SlicesAttachReviewPage   *self);
gboolean    slices_attach_review_page_get_loading (SlicesAttachReviewPage    *self);
gboolean    slices_attach_review_page_get_complete (SlicesAttachReviewPage   *self);
/* The message above the summary, or NULL to hide it. */
void        slices_attach_review_page_set_message (SlicesAttachReviewPage    *self,
                                                   const char                *message);

/* What a person reads: see slices_attach_wizard_get_summary() and friends. */
const char *slices_attach_review_page_get_summary (SlicesAttachReviewPage    *self);
char       *slices_attach_review_page_dup_notes   (SlicesAttachReviewPage    *self);
char       *slices_attach_review_page_dup_diff    (SlicesAttachReviewPage    *self);
const char *slices_attach_review_page_get_message (SlicesAttachReviewPage    *self);
/* The warnings joined by newlines, their box, the "Show Changes" expander and the diff. */
char       *slices_attach_review_page_dup_warnings (SlicesAttachReviewPage   *self);
GtkWidget  *slices_attach_review_page_get_warnings_box (SlicesAttachReviewPage *self);
GtkExpander *slices_attach_review_page_get_diff_expander (SlicesAttachReviewPage *self);
GtkTextView *slices_attach_review_page_get_diff_view (SlicesAttachReviewPage   *self);
/* The VF's part (hidden for a GVT-g slice). */
GtkWidget  *slices_attach_review_page_get_vf_review (SlicesAttachReviewPage   *self);

G_END_DECLS
