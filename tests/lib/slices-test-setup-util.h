/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Check Setup GUI tests and screenshots share: waiting for a page's checks, its rows
 * and their one-click buttons, a doctor for a simulated tree inside the demo's made-up healthy
 * computer, and finding widgets by type or text under a widget.
 */
#pragma once

#include <adwaita.h>

#include "slices-check-row.h"
#include "slices-doctor.h"
#include "slices-setup-page.h"

G_BEGIN_DECLS

/* A SlicesTestCondition: @page (a SlicesSetupPage) has run its checks and is not running. */
gboolean        slices_test_setup_page_has_run        (gpointer         page);
/* Waits until @page is on screen and its checks have run. */
void            slices_test_setup_wait                (SlicesSetupPage *page);
/* The row of check @id; fails the test when there is none. */
SlicesCheckRow *slices_test_setup_get_row             (SlicesSetupPage *page,
                                                       const char      *id);
/* The button of the one-click fix @action_id on the row of check @id, or NULL. */
GtkWidget      *slices_test_setup_find_action_button  (SlicesSetupPage *page,
                                                       const char      *id,
                                                       const char      *action_id);

/* A doctor for @sysfs_root in @system (slices_simulator_make_demo_system()): its os-release,
 * dev, proc, log and mdevctl (keeping nothing), libvirt answering at qemu:///system, the user
 * "alice" in libvirt and render. */
SlicesDoctor   *slices_test_demo_system_doctor        (const char      *sysfs_root,
                                                       const char      *system);

/* The first widget of @type under @widget (itself included), or NULL. */
GtkWidget      *slices_test_find_descendant           (GtkWidget       *widget,
                                                       GType            type);
/* The first label under @widget whose text is @text, or NULL. */
GtkWidget      *slices_test_find_label                (GtkWidget       *widget,
                                                       const char      *text);

G_END_DECLS
