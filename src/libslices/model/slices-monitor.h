/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libudev monitor (subsystems mdev, pci, drm) in the GLib main loop. A burst of uevents
 * becomes one "changed" signal, emitted once the burst has been quiet for a short while.
 */
#pragma once

#include <glib-object.h>
#include "slices-notifier.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_MONITOR (slices_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SlicesMonitor, slices_monitor, SLICES, MONITOR, GObject)

/* A SlicesNotifier: "changed" (no arguments) once per burst of uevents. NULL with @error set
 * when udev cannot be opened. */
SlicesMonitor *slices_monitor_new (GError **error);

G_END_DECLS
