/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "changed" signal that the udev monitor and the simulator share (slices-notifier.h).
 */
#include "config.h"

#include "slices-notifier.h"

G_DEFINE_INTERFACE (SlicesNotifier, slices_notifier, G_TYPE_OBJECT)

static guint changed_signal;

static void
slices_notifier_default_init (SlicesNotifierInterface *iface)
{
  changed_signal = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
slices_notifier_emit_changed (SlicesNotifier *self)
{
  g_return_if_fail (SLICES_IS_NOTIFIER (self));

  g_signal_emit (self, changed_signal, 0);
}
