/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesVmTracker: the window's view of the virtual machines on one libvirt connection. It
 * opens the connection asynchronously, keeps the list of domains (name, state, OS, the slices
 * each holds) fresh on libvirt's lifecycle events, and remembers why the connection failed so
 * that the UI can say so without a modal dialog. Slice rows ask it who uses a slice; the attach
 * wizard takes its connection and domain list.
 */
#pragma once

#include <gio/gio.h>

#include "libslices-vm.h"

G_BEGIN_DECLS

typedef enum {
  SLICES_VM_TRACKER_IDLE,        /* no connection (tests, or not wanted) */
  SLICES_VM_TRACKER_CONNECTING,
  SLICES_VM_TRACKER_READY,
  SLICES_VM_TRACKER_FAILED,      /* see slices_vm_tracker_get_error() */
} SlicesVmTrackerState;

#define SLICES_TYPE_VM_TRACKER (slices_vm_tracker_get_type ())
G_DECLARE_FINAL_TYPE (SlicesVmTracker, slices_vm_tracker, SLICES, VM_TRACKER, GObject)

SlicesVmTracker *slices_vm_tracker_new (void);

/* Drops the current connection and, if @libvirt is not NULL, opens it and lists its domains.
 * Emits "changed" (no arguments) whenever the state or the domain list changes. */
void                 slices_vm_tracker_set_libvirt (SlicesVmTracker *self,
                                                    SlicesLibvirt   *libvirt);
SlicesLibvirt       *slices_vm_tracker_get_libvirt (SlicesVmTracker *self);
SlicesVmTrackerState slices_vm_tracker_get_state   (SlicesVmTracker *self);
const GError        *slices_vm_tracker_get_error   (SlicesVmTracker *self);

/* Lists the domains again (coalesced with a listing in flight). */
void                 slices_vm_tracker_refresh     (SlicesVmTracker *self);

/* The domains (SlicesDomainInfo), sorted by name; empty until READY. */
GPtrArray              *slices_vm_tracker_get_domains (SlicesVmTracker *self);
const SlicesDomainInfo *slices_vm_tracker_find_domain (SlicesVmTracker *self,
                                                       const char      *name);
/* The domain that holds slice @uuid, or NULL. */
const SlicesDomainInfo *slices_vm_tracker_find_user   (SlicesVmTracker *self,
                                                       const char      *uuid);

G_END_DECLS
