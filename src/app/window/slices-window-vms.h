/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window's virtual-machine side, kept apart from slices-window.c: which libvirt
 * connection the window's SlicesVmTracker follows (the demo's test:/// host, or the GSettings
 * libvirt-uri), the actions that open the attach wizard, detach a slice, undo the last change
 * and set the connection, and the toasts they show. The window calls in through
 * slices-window-private.h.
 */
#pragma once

#include "libslices-vm.h"

#include "slices-window.h"

G_BEGIN_DECLS

/* Uses @libvirt instead of what the window would choose (tests). */
void slices_window_set_libvirt (SlicesWindow  *self,
                                SlicesLibvirt *libvirt);

G_END_DECLS
