/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachDonePage: the attach wizard's last page, how applying goes and how it ended. While
 * the job applies: a spinner that follows the job's "busy". Then either done (the VM gets the
 * slice when it starts next, or after a shut down when it runs; a button opens the VM in
 * Virtual Machine Manager where that is installed) or an error that says what happened and
 * that nothing was changed, with "Choose Again" (signal "choose-again").
 */
#pragma once

#include <adwaita.h>

#include "libslices-vm.h"

G_BEGIN_DECLS

#define SLICES_TYPE_ATTACH_DONE_PAGE (slices_attach_done_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachDonePage, slices_attach_done_page, SLICES, ATTACH_DONE_PAGE,
                      GtkWidget)

SlicesAttachDonePage *slices_attach_done_page_new (void);

/* @job is about to apply. */
void        slices_attach_done_page_show_progress    (SlicesAttachDonePage *self,
                                                      SlicesAttachJob      *job);
/* @job has applied. */
void        slices_attach_done_page_show_applied     (SlicesAttachDonePage *self,
                                                      SlicesAttachJob      *job);
/* @job's apply failed with @error. */
void        slices_attach_done_page_show_failed      (SlicesAttachDonePage *self,
                                                      SlicesAttachJob      *job,
                                                      const GError         *error);

/* "progress", "done" or "error", with its title and description (NULL while in progress). */
const char *slices_attach_done_page_get_result       (SlicesAttachDonePage *self);
const char *slices_attach_done_page_get_title        (SlicesAttachDonePage *self);
const char *slices_attach_done_page_get_description  (SlicesAttachDonePage *self);

G_END_DECLS
