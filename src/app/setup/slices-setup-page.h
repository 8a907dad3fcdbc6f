/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup: a window over the main one that runs the setup checks (SlicesDoctor) when it
 * opens and on Refresh, sums them up ("2 problems found"), shows one SlicesCheckRow per check,
 * and carries out their fixes: copies commands, opens links, and runs the one-click fixes
 * (load kvmgt through the helper, keep slices after a restart through the persistence). In the
 * demo it checks the simulated GPU inside a made-up healthy system.
 *
 * Construct-only properties: "doctor"; "host" (may be NULL), whose slices "Keep all after
 * restart" keeps; "persistence", which reads and keeps them; "helper" (NULL in the demo, where
 * the fixes that need root say they are not available); "vm-tracker" (may be NULL), the main
 * window's libvirt connection, whose state the libvirt check reports.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-writers.h"
#include "libslices-doctor.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SETUP_PAGE (slices_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSetupPage, slices_setup_page, SLICES, SETUP_PAGE, AdwWindow)

/* A doctor for what @host reads: its sysfs root and the rest of the real system, or (@demo)
 * the simulator's tree inside a made-up healthy system (a temporary folder with os-release, a
 * render node, an authentication agent and mdevctl, removed with the doctor). */
SlicesDoctor    *slices_setup_doctor_new   (SlicesHost *host,
                                            gboolean    demo);

/* The properties as above; the checks start to run at once. */
SlicesSetupPage *slices_setup_page_new     (GtkWindow          *parent,
                                            SlicesDoctor       *doctor,
                                            SlicesHost         *host,
                                            SlicesPersistence  *persistence,
                                            SlicesHelperClient *helper,
                                            SlicesVmTracker    *vms);

/* Runs the checks again (what Refresh does); does nothing while they run. */
void             slices_setup_page_refresh (SlicesSetupPage *self);

/* Opens the page at check @id (a SLICES_CHECK_* id): once the checks have run, its row is
 * scrolled to, expanded and highlighted (also after Refresh). A check that is not made (no
 * SR-IOV GPU for sriov-guest-driver) leaves the page as it is. */
void             slices_setup_page_show_check (SlicesSetupPage *self,
                                               const char      *id);
/* The check whose row is highlighted now, or NULL. */
const char      *slices_setup_page_get_highlighted (SlicesSetupPage *self);

/* For tests and screenshots. */
SlicesDoctor    *slices_setup_page_get_doctor       (SlicesSetupPage *self);
gboolean         slices_setup_page_get_running      (SlicesSetupPage *self);
/* The summary line at the top ("2 problems found"), or NULL before the first run ends. */
const char      *slices_setup_page_get_summary      (SlicesSetupPage *self);
GtkImage        *slices_setup_page_get_summary_icon (SlicesSetupPage *self);
/* The row of check @id (a SLICES_CHECK_* id), or NULL. */
GtkWidget       *slices_setup_page_find_row         (SlicesSetupPage *self,
                                                     const char      *id);
GtkWidget       *slices_setup_page_get_refresh_button (SlicesSetupPage *self);
guint            slices_setup_page_get_n_toasts     (SlicesSetupPage *self);
const char      *slices_setup_page_get_last_toast   (SlicesSetupPage *self);
/* The line under the summary (in the demo: that the results are simulated). */
const char      *slices_setup_page_get_intro        (SlicesSetupPage *self);

G_END_DECLS
