/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window's virtual-machine side, kept apart from slices-window.c: which libvirt
 * connection the window follows (the demo's test:/// host, or the GSettings libvirt-uri),
 * the actions that open the attach wizard, detach a slice, undo the last change and set the
 * connection, and the toasts they show.
 */
#pragma once

#include "slices-vm-tracker.h"
#include "slices-window.h"

G_BEGIN_DECLS

/* Installs win.attach-slice (s: slice UUID; the wizard starts at the VM page),
 * win.attach-wizard, win.detach-slice (s), win.undo-vm-change and win.vm-connection. */
void             slices_window_vms_class_init     (GtkWidgetClass *widget_class);
/* Real mode connects to libvirt only when this was set (the app's own windows); windows made
 * for tests over a temporary tree never touch the host's libvirt. The demo always connects
 * to its private test:/// host. */
void             slices_window_vms_set_auto       (SlicesWindow   *self,
                                                   gboolean        auto_connect);
/* Called by the window whenever it drives another host (demo entered or left). */
void             slices_window_vms_source_changed (SlicesWindow   *self);

/* The tracker of @self's virtual machines (made on first use). */
SlicesVmTracker *slices_window_get_vm_tracker     (SlicesWindow   *self);
/* Uses @libvirt instead of what the window would choose (tests). */
void             slices_window_set_libvirt        (SlicesWindow   *self,
                                                   SlicesLibvirt  *libvirt);

G_END_DECLS
