/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDriverWays: the ways out for a GPU that SR-IOV could share but whose driver makes no
 * virtual functions (stock i915 on Alder Lake: FACTS-SRIOV S2, S3), for the window's first
 * screen. It runs the setup checks on the host's tree and shows the sriov-driver check's ways
 * (i915-sriov-dkms, or xe with force_probe), each a row that opens to the exact commands for
 * this distribution, with copy buttons. Copying marks the button; Check Setup is the window's.
 */
#pragma once

#include <adwaita.h>

#include "libslices-doctor.h"
#include "libslices-model.h"

G_BEGIN_DECLS

#define SLICES_TYPE_DRIVER_WAYS (slices_driver_ways_get_type ())
G_DECLARE_FINAL_TYPE (SlicesDriverWays, slices_driver_ways, SLICES, DRIVER_WAYS, GtkBox)

GtkWidget   *slices_driver_ways_new             (void);

/* Checks @host (NULL: nothing to show) again. TRUE when there are ways to show: the widget is
 * then visible, with the title and the description for the page around it. */
gboolean     slices_driver_ways_update          (SlicesDriverWays *self,
                                                 SlicesHost       *host);
/* "This GPU Needs an SR-IOV Driver", and what is missing (a sentence or two); NULL when there
 * is nothing to show. */
const char  *slices_driver_ways_get_title       (SlicesDriverWays *self);
const char  *slices_driver_ways_get_description (SlicesDriverWays *self);

/* For tests: the sriov-driver check shown (NULL: none), and the row of @way (NULL: not
 * offered). */
SlicesCheck *slices_driver_ways_get_check       (SlicesDriverWays *self);
GtkWidget   *slices_driver_ways_get_way_row     (SlicesDriverWays *self,
                                                 SlicesFixWay      way);

G_END_DECLS
