/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one model: the GPUs of a sysfs root with their types and slices. Rebuilt from the tree
 * when the udev monitor (or, in simulated mode, the simulator) says something changed, and
 * updated in place so that widgets keep their rows. Emits one "changed" per refresh that
 * changed something.
 */
#pragma once

#include <gio/gio.h>
#include "slices-notifier.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_HOST (slices_host_get_type ())
G_DECLARE_FINAL_TYPE (SlicesHost, slices_host, SLICES, HOST, GObject)

/* @sysfs_root: NULL for /sys. Does not read anything yet. */
SlicesHost *slices_host_new            (const char *sysfs_root);
/* Reads the tree now and updates the model; emits "changed" when something changed. */
gboolean    slices_host_refresh        (SlicesHost *self, GError **error);
/* Follow the system: the udev monitor for a real root, or @notifier's "changed" signal (the
 * simulator, on a simulated tree). */
gboolean    slices_host_watch          (SlicesHost *self, GError **error);
void        slices_host_watch_notifier (SlicesHost *self, SlicesNotifier *notifier);

const char *slices_host_get_sysfs_root (SlicesHost *self);
/* GPUs that offer slices (GVT-g types, or SR-IOV virtual functions), sorted by address. */
GListModel *slices_host_get_gpus       (SlicesHost *self);
/* Intel display devices that offer no slice types (so the app can say why). */
GListModel *slices_host_get_inactive_gpus (SlicesHost *self);
SlicesGpu   *slices_host_find_gpu      (SlicesHost *self, const char *address);
SlicesSlice *slices_host_find_slice    (SlicesHost *self, const char *uuid);
/* A VF (an SR-IOV slice) by its PCI address, on any GPU; NULL when there is none. */
SlicesVf    *slices_host_find_vf       (SlicesHost *self, const char *address);

G_END_DECLS
