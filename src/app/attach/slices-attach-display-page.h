/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachDisplayPage: the attach wizard's display page. How the VM shows the slice's
 * picture (local, remote, off) and the options that go with it: the render node (the GPU that
 * draws it, with a warning where the node is an odd choice), the resolution (the slice type's
 * own or a common one below it), the boot display, OpRegion and Mesa's i965 driver. For an
 * SR-IOV VF instead (no display of its own, no render node): Looking Glass (its resolution,
 * HDR, and the shared memory that takes), a remote desktop in the guest, or none.
 *
 * Properties: "host" and "gpu" (construct-only: where the render nodes are, and which one
 * belongs to the slice's GPU); "complete" (the display is off, or a render node is chosen).
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-vm.h"

G_BEGIN_DECLS

#define SLICES_TYPE_ATTACH_DISPLAY_PAGE (slices_attach_display_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAttachDisplayPage, slices_attach_display_page, SLICES,
                      ATTACH_DISPLAY_PAGE, AdwPreferencesPage)

SlicesAttachDisplayPage *slices_attach_display_page_new (SlicesHost *host,
                                                         SlicesGpu  *gpu);

/* Offers the resolutions of @type (may be NULL: only "the slice's own"), choosing its own. */
void        slices_attach_display_page_set_slice_type (SlicesAttachDisplayPage *self,
                                                       SlicesSliceType         *type);
gboolean    slices_attach_display_page_get_complete   (SlicesAttachDisplayPage *self);
/* Fills the display part of @opts: display, rendernode (valid while the page lives), xres and
 * yres (0: the type's own), ramfb, opregion, mesa_i965. */
void        slices_attach_display_page_get_options    (SlicesAttachDisplayPage *self,
                                                       SlicesAttachOptions     *opts);
/* The chosen render node's name ("renderD128"), or NULL. */
const char *slices_attach_display_page_get_node_name  (SlicesAttachDisplayPage *self);
/* "local", "remote" or "off"; for a VF "looking-glass", "remote" or "off". */
void        slices_attach_display_page_choose         (SlicesAttachDisplayPage *self,
                                                       const char              *mode);
/* Whether the slice is an SR-IOV VF: the page offers a VF's three choices instead. */
void        slices_attach_display_page_set_vf         (SlicesAttachDisplayPage *self,
                                                       gboolean                 vf);
/* A VF: chooses Looking Glass at @width x @height (1920x1080, 2560x1440 or 3840x2160; FALSE
 * for another) with @hdr. */
gboolean    slices_attach_display_page_choose_looking_glass (SlicesAttachDisplayPage *self,
                                                             int                      width,
                                                             int                      height,
                                                             gboolean                 hdr);
/* The shared memory Looking Glass takes as shown ("32 MiB"), or NULL when not chosen. */
const char *slices_attach_display_page_get_shared_memory (SlicesAttachDisplayPage *self);

G_END_DECLS
