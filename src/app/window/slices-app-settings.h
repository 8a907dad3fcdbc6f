/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's GSettings (window size, last GPU, libvirt connection), looked up so that a missing
 * schema (an uninstalled build, some tests) leaves the app working without remembering.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's settings, or NULL when the schema is not installed (then nothing persists). */
GSettings *slices_app_settings_dup (void);

G_END_DECLS
