/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesNotifier: something that says "the system changed; read it again", with one signal,
 * "changed" (no arguments). The udev monitor says it for a real sysfs root, the kernel
 * simulator for a simulated one; the model (SlicesHost) listens to either without knowing
 * which, so that it never depends on what writes.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SLICES_TYPE_NOTIFIER (slices_notifier_get_type ())
G_DECLARE_INTERFACE (SlicesNotifier, slices_notifier, SLICES, NOTIFIER, GObject)

struct _SlicesNotifierInterface
{
  GTypeInterface parent_iface;
};

/* Emits "changed". */
void slices_notifier_emit_changed (SlicesNotifier *self);

G_END_DECLS
