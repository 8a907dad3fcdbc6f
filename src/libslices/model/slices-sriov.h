/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an SR-IOV GPU (the PF) shows: the driver that makes its VFs, how many it can make and
 * has made, whether new VFs are probed by the host, xe's sriov_admin profile of the PF, and
 * the live list of its VFs (SlicesVf, by index; updated in place like a GPU's slices).
 */
#pragma once

#include <gio/gio.h>
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SRIOV (slices_sriov_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSriov, slices_sriov, SLICES, SRIOV, GObject)

/* Properties (read-only, notified on real change): "driver", "total-vfs", "enabled-vfs",
 * "autoprobe", "has-admin", "exec-quantum-ms", "preempt-timeout-us", "sched-priority". */
/* "xe" or "i915" */
const char *slices_sriov_get_driver (SlicesSriov *self);
/* sriov_totalvfs (0: SR-IOV off) */
guint       slices_sriov_get_total_vfs (SlicesSriov *self);
/* sriov_numvfs */
guint       slices_sriov_get_enabled_vfs (SlicesSriov *self);
/* sriov_drivers_autoprobe */
gboolean    slices_sriov_get_autoprobe (SlicesSriov *self);
/* xe's sriov_admin exists */
gboolean    slices_sriov_get_has_admin (SlicesSriov *self);
/* the PF's profile; -1: unknown */
gint64      slices_sriov_get_exec_quantum_ms (SlicesSriov *self);
/* -1: unknown */
gint64      slices_sriov_get_preempt_timeout_us (SlicesSriov *self);
/* the PF's current choice, or NULL */
const char *slices_sriov_get_sched_priority (SlicesSriov *self);

SlicesSriov *slices_sriov_new      (void);
/* Item type SlicesVf, by index. */
GListModel  *slices_sriov_get_vfs  (SlicesSriov *self);
SlicesVf    *slices_sriov_find_vf  (SlicesSriov *self, const char *address);
/* How many VFs the host's xe/i915 holds; the first VF a process holds open, or NULL. */
guint        slices_sriov_count_host_bound (SlicesSriov *self);
SlicesVf    *slices_sriov_find_held        (SlicesSriov *self);

G_END_DECLS
