/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachReviewVf: the part of the attach wizard's review that only an SR-IOV VF has.
 * For Looking Glass, each of B7's input recommendations that the attach applies as a line of
 * its own (virtio mouse and keyboard, no USB tablet, memballoon none, a VGA console); and the
 * driver the guest needs, chosen by the host's driver (i915-sriov-dkms or xe), with a row
 * that opens Check Setup at the check about it (the "wizard.check-setup" action, with the
 * check's id).
 */
#pragma once

#include <adwaita.h>

#include "libslices-vm.h"

G_BEGIN_DECLS

/* The Check Setup check the guest-driver line opens. */
#define SLICES_ATTACH_GUEST_DRIVER_CHECK "sriov-guest-driver"

#define SLICES_TYPE_ATTACH_REVIEW_VF (slices_attach_review_vf_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachReviewVf, slices_attach_review_vf, SLICES, ATTACH_REVIEW_VF,
                      GtkWidget)

SlicesAttachReviewVf *slices_attach_review_vf_new (void);

/* Shows the lines for @display (hidden: not a VF, @host_driver NULL) on a host whose PF runs
 * @host_driver ("xe" or "i915"). */
void  slices_attach_review_vf_show           (SlicesAttachReviewVf *self,
                                              SlicesDisplayMode     display,
                                              const char           *host_driver);
/* What a person reads: the input lines ("title: subtitle" each, by newlines; empty when not
 * Looking Glass) and the guest-driver note. */
char       *slices_attach_review_vf_dup_input  (SlicesAttachReviewVf *self);
const char *slices_attach_review_vf_get_driver_note (SlicesAttachReviewVf *self);
/* The row (a link) that opens Check Setup at the guest-driver check. */
GtkWidget  *slices_attach_review_vf_get_setup_row (SlicesAttachReviewVf *self);

G_END_DECLS
