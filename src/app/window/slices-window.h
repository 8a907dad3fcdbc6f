/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: header bar with the GPU switcher and the primary menu, the demo banner,
 * the GPU page or the "no GPU" status page, and toasts. It shows what its session drives (the
 * real system through the helper, or the demo's simulator; see slices-app-session.h) and
 * follows the session's virtual machines (SlicesVmTracker). Its actions (win.*) create, remove,
 * copy, keep after restart, open Check Setup and the NixOS configuration
 * (slices-window-actions.c), and attach and detach (slices-window-vms.c); rows and dialogs reach
 * the window only through them.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"
#include "libslices-writers.h"

#include "slices-app-session.h"
#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_WINDOW (slices_window_get_type ())
G_DECLARE_FINAL_TYPE (SlicesWindow, slices_window, SLICES, WINDOW, AdwApplicationWindow)

/* @demo: start in demo mode; otherwise the real /sys through the helper. */
SlicesWindow *slices_window_new      (AdwApplication *app, gboolean demo);
/* The same, with the demo's @world (when @demo). */
SlicesWindow *slices_window_new_demo_world (AdwApplication *app,
                                            gboolean        demo,
                                            SlicesSimDemo   world);
/* Drives @host and @backend (e.g. a stub backend in tests, a host on a temporary tree).
 * Leaving demo mode returns to them. @app may be NULL. */
SlicesWindow *slices_window_new_with (AdwApplication *app,
                                      SlicesHost     *host,
                                      SlicesBackend  *backend,
                                      gboolean        demo);

/* What the window drives (property "session", construct-only), and shortcuts into it. */
SlicesAppSession *slices_window_get_session (SlicesWindow *self);
SlicesHost       *slices_window_get_host    (SlicesWindow *self);
SlicesBackend    *slices_window_get_backend (SlicesWindow *self);
gboolean          slices_window_get_demo    (SlicesWindow *self);
void              slices_window_set_demo    (SlicesWindow *self, gboolean demo);
/* Enters the demo's @world (win.demo-world, "gvt" or "sriov"), or stays when it shows it. */
void              slices_window_set_demo_world (SlicesWindow *self, SlicesSimDemo world);

/* The virtual machines on the window's libvirt connection (see slices-window-vms.h). */
SlicesVmTracker  *slices_window_get_vm_tracker (SlicesWindow *self);

/* For tests and screenshots. */
GtkWidget  *slices_window_get_gpu_page        (SlicesWindow *self);
GtkWidget  *slices_window_get_status_page     (SlicesWindow *self);
GtkWidget  *slices_window_get_explore_button  (SlicesWindow *self);
GtkWidget  *slices_window_get_demo_banner     (SlicesWindow *self);
/* The setup banner when it shows (a setup problem keeps slices off the GPU), else NULL. */
GtkWidget  *slices_window_get_setup_banner    (SlicesWindow *self);
GtkWidget  *slices_window_get_gpu_switcher    (SlicesWindow *self);
/* "empty" or "gpu". */
const char *slices_window_get_view            (SlicesWindow *self);
GtkWidget  *slices_window_get_check_setup_button (SlicesWindow *self);

/* Shows @toast (floating: the window takes it), counted like the window's own. */
void        slices_window_add_toast           (SlicesWindow *self,
                                               AdwToast     *toast);
/* Toasts shown so far, and the last one's title. */
guint       slices_window_get_n_toasts        (SlicesWindow *self);
const char *slices_window_get_last_toast      (SlicesWindow *self);
/* Its timeout in seconds (0: until dismissed). */
guint       slices_window_get_last_toast_timeout (SlicesWindow *self);

G_END_DECLS
