/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachVmPage: the attach wizard's virtual machine page. Lists the VMs of the window's
 * libvirt connection as SlicesVmTracker sees them (with what each runs and holds), or says
 * instead why there are none (not connected, connecting, an error with Try Again, no VMs).
 * When the chosen VM holds another slice, "Replace the slice it has" must be on: a VM holds
 * one GVT-g slice. The header button activates "wizard.connection".
 *
 * Properties: "vms" (construct-only); "slice-uuid" (the slice being attached, so that the page
 * knows which slices are "other"); "vm-name" (the choice, or NULL); "complete" (a VM is chosen,
 * and the replace switch is on where it must be); "passed" (set by the wizard once it has gone
 * past this page: the choice then stays even if the VM goes away, and the apply says so).
 */
#pragma once

#include <adwaita.h>

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_ATTACH_VM_PAGE (slices_attach_vm_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachVmPage, slices_attach_vm_page, SLICES, ATTACH_VM_PAGE,
                      AdwPreferencesPage)

SlicesAttachVmPage     *slices_attach_vm_page_new            (SlicesVmTracker    *vms);

void                    slices_attach_vm_page_set_slice_uuid (SlicesAttachVmPage *self,
                                                              const char         *uuid);
const char             *slices_attach_vm_page_get_vm_name    (SlicesAttachVmPage *self);
/* The chosen VM as the tracker lists it now, or NULL. */
const SlicesDomainInfo *slices_attach_vm_page_get_vm         (SlicesAttachVmPage *self);
/* Whether the slice the VM has now is to be taken out. */
gboolean                slices_attach_vm_page_get_replace    (SlicesAttachVmPage *self);
gboolean                slices_attach_vm_page_get_complete   (SlicesAttachVmPage *self);
void                    slices_attach_vm_page_set_passed     (SlicesAttachVmPage *self,
                                                              gboolean            passed);
/* Drops the choice (the VM went away) and lists the VMs again. */
void                    slices_attach_vm_page_forget_vm      (SlicesAttachVmPage *self);

/* For tests and screenshots: see slices_attach_wizard_choose_vm() and friends. */
gboolean                slices_attach_vm_page_choose         (SlicesAttachVmPage *self,
                                                              const char         *name);
char                   *slices_attach_vm_page_dup_status     (SlicesAttachVmPage *self);
GtkWidget              *slices_attach_vm_page_get_replace_switch (SlicesAttachVmPage *self);

/* "win10 is running already: …" when the chosen VM runs, else NULL. */
const char *slices_attach_vm_page_get_running_note (SlicesAttachVmPage *self);

G_END_DECLS
