/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What both writers say and write for SR-IOV virtual functions (FACTS-SRIOV S1–S3): the
 * errors of set-vfs and set-vf-profile worded for people (the helper client from the helper's
 * exit codes, the simulator from the kernel's errnos), and the udev rule that keeps the count
 * across restarts, byte for byte what gpu-slices-helper persist-vfs writes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why set-vfs @count on @address failed, from the kernel's errno (ERANGE/EINVAL: more than
 * @total; ENOENT: no SR-IOV; ENOSPC: fair provisioning; EBUSY: @holder, "qemu (pid 42)", holds
 * the VF @vf_address open). @total and @vf_address/@holder may be 0/NULL when unknown. */
GError *slices_vfs_error_new         (int         errno_value,
                                      const char *address,
                                      guint       count,
                                      guint       total,
                                      const char *vf_address,
                                      const char *holder);
/* Why set-vf-profile failed (ENOENT: no sriov_admin or no such VF there; EINVAL). */
GError *slices_vfs_profile_error_new (int         errno_value,
                                      const char *address,
                                      guint       vf,
                                      const char *key);

/* For the helper client: the failure of the helper's @args ("slices", "set-vfs"|
 * "set-vf-profile"|"persist-vfs", ADDRESS, …) with its exit code and stderr line, in the words
 * above (the helper's codes stand for the errnos it met); NULL where only general words fit.
 * The total for "at most" is read from /sys, which anyone may. */
GError *slices_vfs_error_from_helper (const char * const *args,
                                      int                 exit_status,
                                      const char         *line);

/* "70-gpu-slices-sriov-<address>.rules", in /etc/udev/rules.d. */
char   *slices_vfs_rule_file_name    (const char *address);
/* The rule: when @driver binds the Intel PF @address, autoprobe 0, then @count VFs. */
char   *slices_vfs_udev_rule         (const char *address,
                                      const char *driver,
                                      guint       count);

/* How many VFs the rule keeps for @address, or G_MAXUINT when there is no rule (or it is not
 * ours). Looked up in /etc/udev/rules.d, or for a simulated @sysfs_root (neither NULL nor
 * "/sys") in SYSFS_ROOT/.etc/udev/rules.d, where the simulator writes it. Reading needs no
 * privileges. */
guint   slices_vfs_read_kept         (const char *sysfs_root,
                                      const char *address);

G_END_DECLS
