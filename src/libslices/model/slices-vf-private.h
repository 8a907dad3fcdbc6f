/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For discovery (slices-sysfs*.c) and the merge into long-lived objects only.
 */
#pragma once

#include "slices-vf.h"

G_BEGIN_DECLS

void slices_vf_set_driver (SlicesVf *self, const char *value);
void slices_vf_set_iommu_group (SlicesVf *self, gint64      value);
void slices_vf_set_render_node (SlicesVf *self, const char *value);
void slices_vf_set_holder (SlicesVf *self, const char *value);
void slices_vf_set_has_profile (SlicesVf *self, gboolean    value);
void slices_vf_set_exec_quantum_ms (SlicesVf *self, gint64      value);
void slices_vf_set_preempt_timeout_us (SlicesVf *self, gint64      value);
void slices_vf_set_sched_priority (SlicesVf *self, const char *value);
/* Copies every property of @other into @self (notifying what changed); TRUE when any did. */
gboolean slices_vf_merge (SlicesVf *self, SlicesVf *other);

G_END_DECLS
