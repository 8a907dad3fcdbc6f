/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachSlicePage: the attach wizard's first page. Lists the GPU's slices (one in use by
 * a VM cannot be chosen: a slice is in one VM at a time) and creates a new one of a type that
 * still fits, which becomes the choice once it exists. Beside them (or alone, for an SR-IOV
 * GPU) the virtual functions of the host's SR-IOV GPUs, by PCI address with their GPU time;
 * only a free one can be chosen (no VM, no process, not the host's driver). Opened with a
 * GPU's own address (the PF), it refuses it with a message and offers the VFs. Follows the
 * GPU's slices, the host's VFs and the VMs' use of them while it is open.
 *
 * Properties: "host", "backend", "gpu", "vms" (construct-only: the models it shows and writes
 * through); "slice-uuid" (the choice: a slice's UUID or a VF's PCI address, or NULL;
 * construct: the slice to start with); "creating"
 * (a slice is being created); "complete" (a slice is chosen and nothing is being created);
 * "passed" (set by the wizard once it has gone past this page: the choice then stays even if
 * the slice goes away, and the apply says so).
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-writers.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_ATTACH_SLICE_PAGE (slices_attach_slice_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachSlicePage, slices_attach_slice_page, SLICES, ATTACH_SLICE_PAGE,
                      AdwPreferencesPage)

SlicesAttachSlicePage *slices_attach_slice_page_new (SlicesHost      *host,
                                                     SlicesBackend   *backend,
                                                     SlicesGpu       *gpu,
                                                     SlicesVmTracker *vms,
                                                     const char      *slice_uuid);

const char      *slices_attach_slice_page_get_slice_uuid (SlicesAttachSlicePage *self);
/* The chosen slice and its type as the GPU lists them now, or NULL. */
SlicesSlice     *slices_attach_slice_page_get_slice      (SlicesAttachSlicePage *self);
SlicesSliceType *slices_attach_slice_page_get_slice_type (SlicesAttachSlicePage *self);
/* The chosen VF, and the SR-IOV GPU it belongs to, or NULL (a GVT-g slice, or none). */
SlicesVf        *slices_attach_slice_page_get_vf         (SlicesAttachSlicePage *self);
SlicesGpu       *slices_attach_slice_page_get_vf_gpu     (SlicesAttachSlicePage *self);
/* The GPU address the page was opened with and refused, while nothing else is chosen. */
const char      *slices_attach_slice_page_get_refused    (SlicesAttachSlicePage *self);
/* The VF list's status row ("title\nsubtitle": the refusal, none, all in use), or NULL. */
char            *slices_attach_slice_page_dup_vf_status  (SlicesAttachSlicePage *self);
gboolean         slices_attach_slice_page_get_creating   (SlicesAttachSlicePage *self);
gboolean         slices_attach_slice_page_get_complete   (SlicesAttachSlicePage *self);
void             slices_attach_slice_page_set_passed     (SlicesAttachSlicePage *self,
                                                          gboolean               passed);
/* Activates the radio of the slice's row; FALSE when there is no such row. */
gboolean         slices_attach_slice_page_choose         (SlicesAttachSlicePage *self,
                                                          const char            *uuid);

G_END_DECLS
