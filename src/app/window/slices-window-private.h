/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the window and the two files that carry its actions, slices-window-actions.c and
 * slices-window-vms.c: the window calls them at class_init and when its source changes; they
 * use the few things of the window that are not public. Only window/ includes this.
 */
#pragma once

#include "slices-window.h"

G_BEGIN_DECLS

/* slices-window-actions.c: win.refresh, win.explore-demo, win.leave-demo, win.create-slice,
 * win.new-slice (Ctrl+N), win.attach (the attach shortcut), win.remove-slice, win.copy-uuid, win.copy-qemu-args, win.keep-slice, win.check-setup,
 * win.check-setup-at (s: a SLICES_CHECK_* id; Check Setup opens scrolled to that check,
 * highlighted) and win.nixos-config. */
void       slices_window_actions_install    (GtkWidgetClass *widget_class);
/* The shortcuts window (win.show-help-overlay), loaded after the first frame. */
void       slices_window_actions_load_help_overlay (SlicesWindow *self);
/* The main menu, built on first opening. */
void       slices_window_actions_build_menu_lazily (GtkMenuButton *button,
                                                    GMenuModel    *menu);

/* slices-window-vms.c: win.attach-slice (s: slice UUID; the wizard starts at the VM page),
 * win.attach-wizard, win.detach-slice (s), win.detach-missing-slice ((ss): VM name, slice
 * UUID), win.undo-vm-change and win.vm-connection; the VMs that point to a slice that is gone,
 * above the page. */
void       slices_window_vms_install        (GtkWidgetClass *widget_class);
/* Keeps @job for the window's Undo and shows @title in a toast with Undo. */
void       slices_window_vms_offer_undo     (SlicesWindow    *self,
                                             SlicesAttachJob *job,
                                             const char      *title);
/* slices-window-repair.c: win.repair-vm; the VMs of @tracker that need it (SlicesDomainInfo,
 * owned by the tracker; empty until it is READY), and a row for the VM problems above the
 * page with Repair. */
void       slices_window_repair_install     (GtkWidgetClass *widget_class);
GPtrArray *slices_window_repair_find_domains (SlicesVmTracker        *tracker);
GtkWidget *slices_window_repair_new_row      (const SlicesDomainInfo *info);
/* The same problem on @row, another problem row of the same VM: its Repair button, and its
 * sentence after the row's. */
void       slices_window_repair_add_to_row   (GtkWidget              *row,
                                              const SlicesDomainInfo *info);
/* Removes @uuid after the Remove dialog (slices-window-actions.c): with @detach, from every
 * VM whose definition holds it first, all or nothing, with a toast while it runs and a dialog
 * naming what failed. */
void       slices_window_vms_remove_slice   (SlicesWindow   *self,
                                             const char     *uuid,
                                             gboolean        detach);
/* The VMs whose definition holds @uuid (SlicesDomainInfo, as the window last listed them). */
GPtrArray *slices_window_vms_find_holders   (SlicesWindow   *self,
                                             const char     *uuid);
/* Real mode connects to libvirt only when this was set (the app's own windows); windows made
 * for tests over a temporary tree never touch the host's libvirt. The demo always connects
 * to its private test:/// host. */
void       slices_window_vms_set_auto       (SlicesWindow   *self,
                                             gboolean        auto_connect);
/* Called by the window whenever it drives another host (demo entered or left). */
void       slices_window_vms_source_changed (SlicesWindow   *self);
/* After the connection dialog stored a new libvirt-uri: connect to it (or, in the demo, say
 * when it will be used). */
void       slices_window_vms_reconnect      (SlicesWindow   *self);
/* The libvirt-uri setting, or qemu:///system. */
char      *slices_window_dup_settings_uri   (void);

/* slices-window-connection.c: the dialog that sets libvirt-uri, over @parent; @tracker says
 * what is in use and why it failed. */
void       slices_window_connection_show    (SlicesWindow    *self,
                                             GtkWindow       *parent,
                                             SlicesVmTracker *tracker);

/* slices-window-sriov.c: win.demo-world (s: "gvt" or "sriov"), and for the SR-IOV page
 * win.set-vfs (u: how many VFs the current GPU makes), win.fix-vf-binding (the current GPU's
 * VFs made anew, away from the host's driver), win.set-vf-profile ((ssu): VF address, key,
 * value) and win.keep-vfs (b); each runs through the backend with a toast, and a failure is a
 * dialog. */
void       slices_window_sriov_install      (GtkWidgetClass *widget_class);
/* The demo bar's button that goes to the other world (its child is a GtkLabel). */
void       slices_window_sriov_update_demo_button (SlicesWindow *self,
                                                   GtkButton    *button);

/* slices-window.c */
/* The GPU the page shows, or NULL. */
SlicesGpu *slices_window_get_current_gpu    (SlicesWindow   *self);
/* Reads the host and the kept slices again; a failure is a toast. */
void       slices_window_refresh            (SlicesWindow   *self);
/* Where slices-window-vms.c lists the VMs whose definition points to a slice that is gone. */
GtkRevealer *slices_window_get_vm_problems (SlicesWindow   *self);
/* A message dialog with a Close button over the window. */
void       slices_window_show_message       (SlicesWindow   *self,
                                             const char     *heading,
                                             const char     *body);

G_END_DECLS
