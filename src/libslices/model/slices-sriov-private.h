/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For discovery (slices-sysfs*.c) and the merge into long-lived objects only.
 */
#pragma once

#include "slices-sriov.h"

G_BEGIN_DECLS

void slices_sriov_set_driver (SlicesSriov *self, const char *value);
void slices_sriov_set_total_vfs (SlicesSriov *self, guint       value);
void slices_sriov_set_enabled_vfs (SlicesSriov *self, guint       value);
void slices_sriov_set_autoprobe (SlicesSriov *self, gboolean    value);
void slices_sriov_set_has_admin (SlicesSriov *self, gboolean    value);
void slices_sriov_set_exec_quantum_ms (SlicesSriov *self, gint64      value);
void slices_sriov_set_preempt_timeout_us (SlicesSriov *self, gint64      value);
void slices_sriov_set_sched_priority (SlicesSriov *self, const char *value);
/* Copies every property of @other into @self (notifying what changed); TRUE when any did. */
gboolean slices_sriov_merge (SlicesSriov *self, SlicesSriov *other);
void slices_sriov_add_vf (SlicesSriov *self, SlicesVf *vf);

G_END_DECLS
