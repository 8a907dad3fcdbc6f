/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SR-IOV virtual function, a slice named by its PCI address: where it is, which driver
 * holds it (none, a VFIO driver for a VM, or the host's xe/i915 with a render node), its IOMMU
 * group, whether a process holds it open, and its xe sriov_admin profile.
 */
#pragma once

#include <gio/gio.h>
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_VF (slices_vf_get_type ())
G_DECLARE_FINAL_TYPE (SlicesVf, slices_vf, SLICES, VF, GObject)

/* Properties (read-only, notified on real change): "address", "index", "driver", "iommu-group",
 * "render-node", "holder", "has-profile", "exec-quantum-ms", "preempt-timeout-us",
 * "sched-priority". */
/* "0000:00:02.1" */
const char *slices_vf_get_address (SlicesVf *self);
/* 0-based: virtfn<index> */
guint       slices_vf_get_index (SlicesVf *self);
/* NULL: unbound; "vfio-pci", "xe-vfio-pci", "xe", "i915" */
const char *slices_vf_get_driver (SlicesVf *self);
/* -1: unknown */
gint64      slices_vf_get_iommu_group (SlicesVf *self);
/* while the host's xe/i915 holds it */
const char *slices_vf_get_render_node (SlicesVf *self);
/* "qemu-system-x86 (pid 4242)" while a process holds it open */
const char *slices_vf_get_holder (SlicesVf *self);
/* sriov_admin/vf<index+1>/profile exists */
gboolean    slices_vf_get_has_profile (SlicesVf *self);
/* -1: unknown; 0: unlimited */
gint64      slices_vf_get_exec_quantum_ms (SlicesVf *self);
/* -1: unknown */
gint64      slices_vf_get_preempt_timeout_us (SlicesVf *self);
/* the current choice ("low"), or NULL */
const char *slices_vf_get_sched_priority (SlicesVf *self);

SlicesVf *slices_vf_new (const char *address, guint index);
/* TRUE for vfio-pci and its variants (xe-vfio-pci): ready for a VM. */
gboolean  slices_vf_is_vfio          (SlicesVf *self);
/* TRUE when the host's xe or i915 holds it (it shows up as a GPU of the host's). */
gboolean  slices_vf_is_host_bound    (SlicesVf *self);

G_END_DECLS
