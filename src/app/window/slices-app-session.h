/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAppSession: what one window drives, chosen in one place. Either the real system (the
 * host on /sys, followed through udev, and the helper client that runs the root helper) or the
 * demo (a simulated GPU in a temporary tree and the simulator that writes it), or a host and
 * backend a caller gives (tests, a host on a temporary tree). It also owns which slices are
 * kept after restart for whatever it drives (SlicesPersistence follows the backend).
 *
 * Signal "changed" (no arguments): the host, the backend or demo mode changed.
 */
#pragma once

#include <gio/gio.h>

#include "libslices-base.h"
#include "libslices-simulator.h"
#include "libslices-writers.h"

G_BEGIN_DECLS

#define SLICES_TYPE_APP_SESSION (slices_app_session_get_type ())
G_DECLARE_FINAL_TYPE (SlicesAppSession, slices_app_session, SLICES, APP_SESSION, GObject)

/* Drives nothing yet: the window reads the system (or starts the demo) once it is on screen,
 * with slices_app_session_set_demo(). */
SlicesAppSession   *slices_app_session_new          (void);
/* Drives @host and @backend at once; when not @demo, leaving the demo returns to them. */
SlicesAppSession   *slices_app_session_new_with     (SlicesHost    *host,
                                                     SlicesBackend *backend,
                                                     gboolean       demo);

/* Starts the demo (its simulator is made on first use and kept) or returns to the real system
 * (made on first use: the host on /sys and the helper client). FALSE with @error when the demo
 * could not start; then nothing changed. */
gboolean            slices_app_session_set_demo     (SlicesAppSession  *self,
                                                     gboolean           demo,
                                                     GError           **error);

/* Starts (or switches to) the demo's @world, each world's simulator made on first use and
 * kept; slices_app_session_set_demo() enters the last world chosen (GVT-g at first). FALSE
 * with @error when it could not start; then nothing changed. */
gboolean            slices_app_session_set_demo_world (SlicesAppSession  *self,
                                                       SlicesSimDemo      world,
                                                       GError           **error);
/* The world the demo shows, or would show when entered. */
SlicesSimDemo       slices_app_session_get_demo_world (SlicesAppSession *self);

/* What is driven now; NULL before the first slices_app_session_set_demo() of a new session. */
SlicesHost         *slices_app_session_get_host        (SlicesAppSession *self);
SlicesBackend      *slices_app_session_get_backend     (SlicesAppSession *self);
gboolean            slices_app_session_get_demo        (SlicesAppSession *self);
/* Which slices are kept after restart; the same object for the session's life. */
SlicesPersistence  *slices_app_session_get_persistence (SlicesAppSession *self);
/* The helper client the session made for the real system, while it drives that; NULL in the
 * demo and for a caller's backend. Check Setup runs its one-click fixes through it. */
SlicesHelperClient *slices_app_session_get_helper      (SlicesAppSession *self);

G_END_DECLS
