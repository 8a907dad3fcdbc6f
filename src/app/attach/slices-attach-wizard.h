/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attach wizard: puts a slice into a libvirt virtual machine in five pages (slice, virtual
 * machine, display, review, apply) with Back/Next in the header. This is the shell: the pages
 * (SlicesAttachSlicePage, …VmPage, …DisplayPage, …ReviewPage, …DonePage) are widgets of their
 * own; the shell moves between them, knows whether the visible one is complete and whether a
 * definition is being written, and runs one SlicesAttachJob per review: prepared when the
 * review opens (the diff), applied with no retry, so that a VM changed meanwhile is never
 * overwritten: the job is prepared again and the review shown again. When a definition was
 * written it emits "applied" with the job, which the window keeps for Undo.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-writers.h"
#include "libslices-vm.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_ATTACH_WIZARD (slices_attach_wizard_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachWizard, slices_attach_wizard, SLICES, ATTACH_WIZARD, AdwWindow)

/* @slice_uuid: the slice to attach, a GVT-g slice's UUID or an SR-IOV VF's PCI address (the
 * wizard starts at the virtual machine page), or NULL (it starts at the slice page; so does
 * a GPU's own address, which the slice page refuses). Construct-only properties "host", "backend", "gpu", "vms"
 * and "slice-uuid". Signal "applied" (the SlicesAttachJob, applied: it can undo). Properties
 * "page" (the visible page's name: "slice", "vm", "display", "review", "apply"), "complete"
 * (the visible page lets Next go on), "applying" (a definition is being written; Cancel waits
 * for it). Signal "show-connection": the VM page's settings button. Signal "show-setup" (a
 * check id, "sriov-guest-driver"): open Check Setup at that check (the review's guest-driver
 * line). */
SlicesAttachWizard *slices_attach_wizard_new (GtkWindow       *parent,
                                              SlicesHost      *host,
                                              SlicesBackend   *backend,
                                              SlicesGpu       *gpu,
                                              SlicesVmTracker *vms,
                                              const char      *slice_uuid);

const char *slices_attach_wizard_get_page     (SlicesAttachWizard *self);
gboolean    slices_attach_wizard_get_complete (SlicesAttachWizard *self);
gboolean    slices_attach_wizard_get_applying (SlicesAttachWizard *self);

/* For tests and screenshots: what a person would click or read. */
GtkWidget  *slices_attach_wizard_get_next_button   (SlicesAttachWizard *self);
GtkWidget  *slices_attach_wizard_get_back_button   (SlicesAttachWizard *self);
GtkWidget  *slices_attach_wizard_get_cancel_button (SlicesAttachWizard *self);
/* "Replace the slice it has" (shown when the chosen VM holds another slice). */
GtkWidget  *slices_attach_wizard_get_replace_switch (SlicesAttachWizard *self);
/* Activates the radio of the slice / VM row; FALSE when there is no such row. */
gboolean    slices_attach_wizard_choose_slice      (SlicesAttachWizard *self,
                                                    const char         *uuid);
gboolean    slices_attach_wizard_choose_vm         (SlicesAttachWizard *self,
                                                    const char         *name);
/* What the VM page says instead of a list (connecting, an error, no VMs): "title\nsubtitle",
 * or NULL when it lists VMs. */
char       *slices_attach_wizard_dup_vm_status     (SlicesAttachWizard *self);
/* "local", "remote" or "off"; for an SR-IOV VF "looking-glass", "remote" or "off". */
void        slices_attach_wizard_choose_display    (SlicesAttachWizard *self,
                                                    const char         *mode);
/* A VF: Looking Glass at 1920x1080, 2560x1440 or 3840x2160 (FALSE for another), with @hdr;
 * and the shared memory the display page shows for it ("32 MiB"), or NULL. */
gboolean    slices_attach_wizard_choose_looking_glass (SlicesAttachWizard *self,
                                                       int                 width,
                                                       int                 height,
                                                       gboolean            hdr);
const char *slices_attach_wizard_get_shared_memory (SlicesAttachWizard *self);
/* What the slice page's VF list says instead of a choice (a refused PF, no VFs, all in use):
 * "title\nsubtitle", or NULL. */
char       *slices_attach_wizard_dup_slice_status  (SlicesAttachWizard *self);
/* The review: plain-language summary, the notes joined by newlines, the diff text, and the
 * message shown above them (after a concurrent change), or NULL. */
const char *slices_attach_wizard_get_summary       (SlicesAttachWizard *self);
char       *slices_attach_wizard_dup_notes         (SlicesAttachWizard *self);
char       *slices_attach_wizard_dup_diff          (SlicesAttachWizard *self);
const char *slices_attach_wizard_get_review_message (SlicesAttachWizard *self);
/* The review page itself (its warnings, "Show Changes"), and the VM page's note that the
 * chosen VM is running (NULL when it is not). */
GtkWidget  *slices_attach_wizard_get_review_page   (SlicesAttachWizard *self);
const char *slices_attach_wizard_get_vm_running_note (SlicesAttachWizard *self);
/* The apply page: "progress", "done" or "error", with its title and description. */
const char *slices_attach_wizard_get_result        (SlicesAttachWizard *self);
const char *slices_attach_wizard_get_result_title  (SlicesAttachWizard *self);
const char *slices_attach_wizard_get_result_description (SlicesAttachWizard *self);

G_END_DECLS
