/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's page for no GPU to share: why, the ways out where SR-IOV could share the GPU but
 * its driver cannot (setup/slices-driver-ways.h), the demo and Check Setup. Built the first time
 * it is shown, not before the window's first frame.
 */
#pragma once

#include <adwaita.h>

#include "libslices-model.h"

G_BEGIN_DECLS

#define SLICES_TYPE_EMPTY_PAGE (slices_empty_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesEmptyPage, slices_empty_page, SLICES, EMPTY_PAGE, AdwBin)

SlicesEmptyPage *slices_empty_page_new    (void);
/* Shows what @host lacks: the ways out when there are some, else @reason. */
void             slices_empty_page_update (SlicesEmptyPage *self,
                                           SlicesHost      *host,
                                           const char      *reason);
GtkWidget       *slices_empty_page_get_status_page       (SlicesEmptyPage *self);
GtkWidget       *slices_empty_page_get_explore_button    (SlicesEmptyPage *self);
GtkWidget       *slices_empty_page_get_check_setup_button (SlicesEmptyPage *self);

G_END_DECLS
