/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The careful readers of slices-sysfs.c (bounded reads, no following into loops, plain names
 * only), shared with the SR-IOV part of discovery (slices-sysfs-sriov.c) and nothing else.
 */
#pragma once

#include <dirent.h>
#include <gio/gio.h>

#include "slices-types.h"

G_BEGIN_DECLS

void        slices_sysfs_close_fd              (int *fd);
void        slices_sysfs_close_dir             (DIR *dir);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DIR, slices_sysfs_close_dir)
#define autofd __attribute__((cleanup (slices_sysfs_close_fd)))

/* The first line of @name, stripped and valid UTF-8; NULL when unreadable. */
char       *slices_sysfs_read_line_at          (int dir_fd, const char *name, GError **error);
/* -1 when missing, unreadable or not a plain non-negative number. */
int         slices_sysfs_read_count_at         (int dir_fd, const char *name);
/* The last component of a link's target; NULL when not a link or odd (@must_resolve: also
 * when it dangles). */
char       *slices_sysfs_read_link_basename_at (int         dir_fd,
                                                const char *name,
                                                gboolean    must_resolve);
/* An O_PATH descriptor of a folder (following links), or -1. */
int         slices_sysfs_open_dir_path_at      (int dir_fd, const char *name);
/* A folder to list, or NULL. */
DIR        *slices_sysfs_open_dir_at           (int dir_fd, const char *name);
/* readdir() without ".", "..", hidden entries or absurd names. */
const char *slices_sysfs_next_name             (DIR *dir);
/* "/dev/dri/renderD<N>" for each DEVICE/drm/renderD<N>, sorted by N. */
GStrv       slices_sysfs_read_render_nodes     (int device_fd);

/* slices-sysfs-sriov.c: the SR-IOV side of a PF (NULL when @driver cannot make VFs for it or
 * it has no sriov_totalvfs): counts, autoprobe, sriov_admin profiles and each VF, with the
 * process holding it open looked up under @root's proc (/proc for /sys, ROOT/.proc for a
 * simulated tree). */
SlicesSriov *slices_sysfs_read_sriov (const char *root,
                                      int         device_fd,
                                      const char *driver);

G_END_DECLS
