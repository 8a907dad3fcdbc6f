/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one model: the GPUs of a sysfs root with their types and slices. Rebuilt from the tree
 * when the udev monitor (or, in simulated mode, the simulator) says something changed, and
 * updated in place so that widgets keep their rows. Emits one "changed" per refresh that
 * changed something.
 */
#pragma once

#include <gio/gio.h>
#include "slices-notifier.h"
#include "slices-types.h"

G_BEGIN_DECLS

#define SLICES_TYPE_HOST (slices_host_get_type ())
G_DECLARE_FINAL_TYPE (SlicesHost, slices_host, SLICES, HOST, GObject)

/* @sysfs_root: NULL for /sys. Does not read anything yet. */
SlicesHost *slices_host_new            (const char *sysfs_root);
/* Reads the tree now and updates the model; emits "changed" when something changed. */
gboolean    slices_host_refresh        (SlicesHost *self, GError **error);
/* Follow the system: the udev monitor for a real root, or @notifier's "changed" signal (the
 * simulator, on a simulated tree). */
gboolean    slices_host_watch          (SlicesHost *self, GError **error);
void        slices_host_watch_notifier (SlicesHost *self, SlicesNotifier *notifier);

const char *slices_host_get_sysfs_root (SlicesHost *self);
/* GPUs that offer slices (GVT-g types, or SR-IOV virtual functions), sorted by address. */
GListModel *slices_host_get_gpus       (SlicesHost *self);
/* Intel display devices that offer no slice types (so the app can say why). */
GListModel *slices_host_get_inactive_gpus (SlicesHost *self);
SlicesGpu   *slices_host_find_gpu      (SlicesHost *self, const char *address);
SlicesSlice *slices_host_find_slice    (SlicesHost *self, const char *uuid);
/* A VF (an SR-IOV slice) by its PCI address, on any GPU; NULL when there is none. */
SlicesVf    *slices_host_find_vf       (SlicesHost *self, const char *address);

/* The VF a VM may be given at @address (any case, or lspci's "00:02.1"), and its GPU in
 * *@gpu_out (may be NULL). NULL with SLICES_ERROR_INVALID_ARGUMENT and a sentence for people
 * when @address is not a PCI address or is a GPU itself (the PF, which a VM must never get),
 * SLICES_ERROR_UNKNOWN_SLICE when it is no enabled VF of the host's SR-IOV GPUs. What
 * `slicectl attach` and the attach wizard check before the domain edit, which cannot know. */
SlicesVf    *slices_host_find_vf_for_vm (SlicesHost  *self,
                                         const char  *address,
                                         SlicesGpu  **gpu_out,
                                         GError     **error);

/* Whether @address (canonical) is, or could be once enabled, a VF of one of the host's Intel
 * GPUs: an enabled VF, or another function of an SR-IOV GPU's own slot (an iGPU at 00:02.0
 * has its VFs at 00:02.1 – 00:02.7, FACTS-SRIOV S1). A NIC given to a VM never is. */
gboolean     slices_host_is_vf_address  (SlicesHost  *self,
                                         const char  *address);

G_END_DECLS
