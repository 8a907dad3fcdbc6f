/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: header bar with the GPU switcher and the primary menu, the demo banner,
 * the GPU page or the "no GPU" status page, and toasts. Owns which host and backend the app
 * drives (the real system through the helper, or the demo's simulator) and the window
 * actions that create, remove and copy. Also opens Check Setup and the NixOS configuration,
 * and knows which slices are kept after restart (win.keep-slice, "kept-changed").
 */
#pragma once

#include <adwaita.h>
#include "slices-backend.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_WINDOW (slices_window_get_type ())
G_DECLARE_FINAL_TYPE (SlicesWindow, slices_window, SLICES, WINDOW, AdwApplicationWindow)

/* @demo: start in demo mode; otherwise the real /sys through the helper. */
SlicesWindow *slices_window_new      (AdwApplication *app, gboolean demo);
/* Drives @host and @backend (e.g. a stub backend in tests, a host on a temporary tree).
 * Leaving demo mode returns to them. @app may be NULL. */
SlicesWindow *slices_window_new_with (AdwApplication *app,
                                      SlicesHost     *host,
                                      SlicesBackend  *backend,
                                      gboolean        demo);

SlicesHost    *slices_window_get_host    (SlicesWindow *self);
SlicesBackend *slices_window_get_backend (SlicesWindow *self);
gboolean       slices_window_get_demo    (SlicesWindow *self);
void           slices_window_set_demo    (SlicesWindow *self, gboolean demo);

/* For tests and screenshots. */
GtkWidget  *slices_window_get_gpu_page        (SlicesWindow *self);
GtkWidget  *slices_window_get_status_page     (SlicesWindow *self);
GtkWidget  *slices_window_get_explore_button  (SlicesWindow *self);
GtkWidget  *slices_window_get_demo_banner     (SlicesWindow *self);
GtkWidget  *slices_window_get_gpu_switcher    (SlicesWindow *self);
/* "empty" or "gpu". */
const char *slices_window_get_view            (SlicesWindow *self);
GtkWidget  *slices_window_get_check_setup_button (SlicesWindow *self);

/* "Keep after restart" (the slice rows follow "kept-changed"): whether slices can be kept
 * here, whether the kept list was read yet, and whether @uuid is kept (mdevctl starts it by
 * itself when the GPU appears). */
SlicesPersistSupport slices_window_get_persist_support (SlicesWindow *self);
gboolean             slices_window_get_kept_known      (SlicesWindow *self);
gboolean             slices_window_is_slice_kept       (SlicesWindow *self,
                                                        const char   *uuid);

/* Shows @toast (floating: the window takes it), counted like the window's own. */
void        slices_window_add_toast           (SlicesWindow *self,
                                               AdwToast     *toast);
/* Toasts shown so far, and the last one's title. */
guint       slices_window_get_n_toasts        (SlicesWindow *self);
const char *slices_window_get_last_toast      (SlicesWindow *self);

G_END_DECLS
