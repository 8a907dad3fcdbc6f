/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pieces a fix is shown with, wherever Check Setup's fixes appear (a check row, the ways
 * out on the window's first screen): a command to copy on a faint panel with its copy button,
 * and the heading of one way out ("Way 1 of 2: Install i915-sriov-dkms" and what it costs).
 * They show; whoever puts them up handles the buttons.
 */
#pragma once

#include <adwaita.h>

#include "libslices-doctor.h"

G_BEGIN_DECLS

/* @fix (a SLICES_FIX_COMMAND): its label as a caption heading, the command, never wrapped (a
 * long one scrolls sideways), and a copy button (*@out_button) with a tooltip and an
 * accessible label that says for where. */
GtkWidget *slices_fix_command_new     (const SlicesFix  *fix,
                                       GtkWidget       **out_button);

/* @fix (a SLICES_FIX_LINK): a flat button with the external-link icon and the fix's label; its
 * tooltip is the address. */
GtkWidget *slices_fix_link_new        (const SlicesFix  *fix);

/* "Way @number of @n_ways: Install i915-sriov-dkms", or the title alone for a single way. */
char      *slices_fix_way_dup_title   (SlicesFixWay      way,
                                       guint             number,
                                       guint             n_ways);
/* "Way @number of @n_ways: <title>" as a heading, and the way's summary below it. */
GtkWidget *slices_fix_way_heading_new (SlicesFixWay      way,
                                       guint             number,
                                       guint             n_ways);

/* The 1-based place of @way among @check's ways, 0 when it has none. */
guint      slices_fix_way_number      (SlicesCheck      *check,
                                       SlicesFixWay      way);

G_END_DECLS
