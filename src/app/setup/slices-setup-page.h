/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup: a window over the main one that runs the setup checks (SlicesDoctor) when it
 * opens and on Refresh, sums them up ("2 problems found"), shows one SlicesCheckRow per check,
 * and carries out their fixes: copies commands, opens links, and runs the one-click fixes
 * (load kvmgt and check with administrator rights through the helper, keep slices after a
 * restart through the backend). In the demo it checks the simulated GPU inside a made-up
 * healthy system.
 */
#pragma once

#include <adwaita.h>
#include "slices-doctor.h"
#include "slices-backend.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SETUP_PAGE (slices_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSetupPage, slices_setup_page, SLICES, SETUP_PAGE, AdwWindow)

/* A doctor for what @host reads: its sysfs root and the rest of the real system, or (@demo)
 * the simulator's tree inside a made-up healthy system (a temporary folder with os-release, a
 * render node, an authentication agent and mdevctl, removed with the doctor). */
SlicesDoctor    *slices_setup_doctor_new   (SlicesHost *host,
                                            gboolean    demo);

/* @host (may be NULL) names the slices that "Keep all after restart" keeps; @backend lists
 * and keeps them, and is the helper client for the other one-click fixes when it is one.
 * The checks start to run at once. */
SlicesSetupPage *slices_setup_page_new     (GtkWindow     *parent,
                                            SlicesDoctor  *doctor,
                                            SlicesHost    *host,
                                            SlicesBackend *backend);

/* Runs the checks again (what Refresh does); does nothing while they run. */
void             slices_setup_page_refresh (SlicesSetupPage *self);

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

G_END_DECLS
