/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesSriovPage: an SR-IOV GPU (shown inside SlicesGpuPage when the GPU makes virtual
 * functions). First the GPU: how many slices (VFs) it makes, with a control to change the
 * number (win.set-vfs, which says first that every slice is made anew, and which the page
 * refuses, naming the VM, while a VM's definition holds one); the host driver's hold on VFs
 * with its fix (win.fix-vf-binding); Keep after restart for the number (win.keep-vfs, read
 * from the udev rule through slices_vfs_read_kept()). Then one SlicesVfRow per VF.
 */
#pragma once

#include <adwaita.h>

#include "libslices-base.h"

#include "slices-vm-tracker.h"

G_BEGIN_DECLS

#define SLICES_TYPE_SRIOV_PAGE (slices_sriov_page_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSriovPage, slices_sriov_page, SLICES, SRIOV_PAGE, AdwBin)

GtkWidget  *slices_sriov_page_new       (SlicesVmTracker *vms);
/* @gpu: an SR-IOV GPU, or NULL; @sysfs_root: its host's (NULL: /sys), where the kept number's
 * rule is looked up. */
void        slices_sriov_page_set_gpu   (SlicesSriovPage *self,
                                         SlicesGpu       *gpu,
                                         const char      *sysfs_root);
SlicesGpu  *slices_sriov_page_get_gpu   (SlicesSriovPage *self);
/* Reads the kept number again (after win.keep-vfs: a rule file sends no uevent). */
void        slices_sriov_page_reload_kept (SlicesSriovPage *self);
/* While win.set-vfs or the binding fix runs: a spinner, the controls off. */
void        slices_sriov_page_set_applying (SlicesSriovPage *self,
                                            gboolean         applying);
/* Why the number cannot change now ("win11-vf holds 0000:00:02.3": a VM's definition, or a
 * process, holds a VF), or NULL. Free it. */
char       *slices_sriov_page_dup_refusal (SlicesSriovPage *self);

/* For tests: the rows as they are shown. */
GtkSpinButton *slices_sriov_page_get_count_spin   (SlicesSriovPage *self);
GtkButton     *slices_sriov_page_get_apply_button (SlicesSriovPage *self);
AdwActionRow  *slices_sriov_page_get_count_row    (SlicesSriovPage *self);
/* What changing the number does, or why it cannot change now. */
AdwActionRow  *slices_sriov_page_get_note_row     (SlicesSriovPage *self);
/* The note's Detach, shown while a VM's definition holds a slice. */
GtkButton     *slices_sriov_page_get_note_detach_button (SlicesSriovPage *self);
AdwActionRow  *slices_sriov_page_get_binding_row  (SlicesSriovPage *self);
GtkButton     *slices_sriov_page_get_fix_button   (SlicesSriovPage *self);
GtkSwitch     *slices_sriov_page_get_keep_switch  (SlicesSriovPage *self);
AdwActionRow  *slices_sriov_page_get_keep_row     (SlicesSriovPage *self);
GtkWidget     *slices_sriov_page_find_vf_row      (SlicesSriovPage *self,
                                                   const char      *address);
guint          slices_sriov_page_count_vf_rows    (SlicesSriovPage *self);

G_END_DECLS
