/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery of SR-IOV (../shared/FACTS-SRIOV.md S1–S3): a PF is an SR-IOV GPU when it has
 * sriov_totalvfs and its driver can configure VFs: xe, or an i915 built with SR-IOV (which has
 * the max_vfs parameter; the stock one does not). Its counts and autoprobe, xe's sriov_admin
 * profiles, and every VF through the virtfnN links: its driver, IOMMU group, render node (while
 * the host's xe/i915 holds it) and the process that holds it open. The same careful readers as
 * the rest of discovery (slices-sysfs-private.h): a malformed part is left unknown.
 *
 * Who holds a VF open is not in sysfs: a process that opened /dev/vfio/<group> (or
 * /dev/vfio/devices/vfioN) shows it in /proc/<pid>/fd. Only VFs bound to a VFIO driver can be
 * held, so /proc is read only when one is; an unprivileged reader sees only its own processes
 * (a qemu:///session VM), the helper checks everyone before it changes anything.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "slices-sriov.h"
#include "slices-sriov-private.h"
#include "slices-sysfs-private.h"
#include "slices-vf.h"
#include "slices-vf-private.h"

/* No PF has more; a loop of virtfn links in a bad tree stops here. */
#define MAX_VFS 256

/* Rule 5 of S1 seen from outside: xe has sriov_configure, the dkms i915 too (its max_vfs
 * parameter gives it away), the stock i915 none. */
static gboolean
driver_does_sriov (const char *root,
                   const char *driver)
{
  g_autofree char *max_vfs = NULL;

  if (g_strcmp0 (driver, "xe") == 0)
    return TRUE;
  if (g_strcmp0 (driver, "i915") != 0)
    return FALSE;

  max_vfs = g_build_filename (root, "module", "i915", "parameters", "max_vfs", NULL);
  return access (max_vfs, F_OK) == 0;
}

static gint64
read_u64_at (int         dir_fd,
             const char *name)
{
  g_autofree char *line = slices_sysfs_read_line_at (dir_fd, name, NULL);
  guint64 value;

  if (line == NULL || !g_ascii_string_to_unsigned (line, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return (gint64) value;
}

/* "low [normal] high" → "normal"; NULL when nothing is in brackets. */
static char *
read_choice_at (int         dir_fd,
                const char *name)
{
  g_autofree char *line = slices_sysfs_read_line_at (dir_fd, name, NULL);
  const char *open = line != NULL ? strchr (line, '[') : NULL;
  const char *close = open != NULL ? strchr (open, ']') : NULL;

  if (close == NULL || close == open + 1)
    return NULL;
  return g_strndup (open + 1, close - open - 1);
}

typedef struct {
  gboolean found;
  gint64   exec_quantum_ms;
  gint64   preempt_timeout_us;
  char    *sched_priority;
} Profile;

static void
read_profile (int         admin_fd,
              const char *owner,
              Profile    *profile)
{
  g_autofree char *name = g_strconcat (owner, "/profile", NULL);
  autofd int fd = admin_fd >= 0 ? slices_sysfs_open_dir_path_at (admin_fd, name) : -1;

  profile->found = fd >= 0;
  profile->exec_quantum_ms = fd >= 0 ? read_u64_at (fd, "exec_quantum_ms") : -1;
  profile->preempt_timeout_us = fd >= 0 ? read_u64_at (fd, "preempt_timeout_us") : -1;
  profile->sched_priority = fd >= 0 ? read_choice_at (fd, "sched_priority") : NULL;
}

/* --- who holds a VF --- */

static char *
dup_proc_root (const char *root)
{
  if (g_strcmp0 (root, SLICES_DEFAULT_SYSFS_ROOT) == 0)
    return g_strdup ("/proc");
  return g_build_filename (root, ".proc", NULL);
}

/* "/dev/vfio/<group>" and "/dev/vfio/devices/vfio<K>" → the VF they open. */
static void
add_vfio_nodes (GHashTable *nodes,
                int         vf_fd,
                SlicesVf   *vf)
{
  g_autoptr(DIR) vfio_dev = slices_sysfs_open_dir_at (vf_fd, "vfio-dev");
  const char *name;

  if (slices_vf_get_iommu_group (vf) >= 0)
    g_hash_table_insert (nodes,
                         g_strdup_printf ("/dev/vfio/%" G_GINT64_FORMAT,
                                          slices_vf_get_iommu_group (vf)),
                         vf);
  while (vfio_dev != NULL && (name = slices_sysfs_next_name (vfio_dev)) != NULL)
    if (g_str_has_prefix (name, "vfio"))
      g_hash_table_insert (nodes, g_strconcat ("/dev/vfio/devices/", name, NULL), vf);
}

static void
find_holders (const char *root,
              GHashTable *nodes)
{
  g_autofree char *proc_root = dup_proc_root (root);
  g_autoptr(DIR) proc = opendir (proc_root);
  const char *pid;

  while (proc != NULL && (pid = slices_sysfs_next_name (proc)) != NULL)
    {
      g_autofree char *fd_name = NULL;
      g_autoptr(DIR) fds = NULL;
      const char *fd;

      if (strspn (pid, "0123456789") != strlen (pid))
        continue;
      fd_name = g_strconcat (pid, "/fd", NULL);
      /* Other users' processes cannot be looked into: skipped, not an error. */
      fds = slices_sysfs_open_dir_at (dirfd (proc), fd_name);
      while (fds != NULL && (fd = slices_sysfs_next_name (fds)) != NULL)
        {
          char target[256];
          gssize n = readlinkat (dirfd (fds), fd, target, sizeof target - 1);
          SlicesVf *vf;

          if (n <= 0)
            continue;
          target[n] = '\0';
          vf = g_hash_table_lookup (nodes, target);
          if (vf != NULL && slices_vf_get_holder (vf) == NULL)
            {
              g_autofree char *comm_name = g_strconcat (pid, "/comm", NULL);
              g_autofree char *comm = slices_sysfs_read_line_at (dirfd (proc), comm_name, NULL);
              g_autofree char *holder = NULL;

              holder = g_strdup_printf ("%s (pid %s)",
                                        comm != NULL && comm[0] != '\0' ? comm : "?", pid);
              slices_vf_set_holder (vf, holder);
            }
        }
    }
}

/* --- the PF and its VFs --- */

static SlicesVf *
read_vf (int         device_fd,
         int         admin_fd,
         guint       index,
         GHashTable *vfio_nodes)
{
  g_autofree char *link = g_strdup_printf ("virtfn%u", index);
  g_autofree char *address = slices_sysfs_read_link_basename_at (device_fd, link, FALSE);
  g_autofree char *driver = NULL;
  g_autofree char *group = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(SlicesVf) vf = NULL;
  autofd int vf_fd = -1;
  guint64 group_number;
  Profile profile = { 0, };

  if (address == NULL)
    return NULL;
  vf = slices_vf_new (address, index);

  /* A link that dangles (the VF going away while we read) still names it. */
  vf_fd = slices_sysfs_open_dir_path_at (device_fd, link);
  if (vf_fd < 0)
    return g_steal_pointer (&vf);

  driver = slices_sysfs_read_link_basename_at (vf_fd, "driver", TRUE);
  slices_vf_set_driver (vf, driver);
  group = slices_sysfs_read_link_basename_at (vf_fd, "iommu_group", FALSE);
  if (group != NULL && g_ascii_string_to_unsigned (group, 10, 0, G_MAXINT, &group_number, NULL))
    slices_vf_set_iommu_group (vf, (gint64) group_number);

  if (slices_vf_is_host_bound (vf))
    {
      g_auto(GStrv) nodes = slices_sysfs_read_render_nodes (vf_fd);

      slices_vf_set_render_node (vf, nodes[0]);
    }
  else if (slices_vf_is_vfio (vf))
    {
      add_vfio_nodes (vfio_nodes, vf_fd, vf);
    }

  /* sriov_admin is 1-based: vf1 is virtfn0. */
  owner = g_strdup_printf ("vf%u", index + 1);
  read_profile (admin_fd, owner, &profile);
  slices_vf_set_has_profile (vf, profile.found);
  slices_vf_set_exec_quantum_ms (vf, profile.exec_quantum_ms);
  slices_vf_set_preempt_timeout_us (vf, profile.preempt_timeout_us);
  slices_vf_set_sched_priority (vf, profile.sched_priority);
  g_free (profile.sched_priority);

  return g_steal_pointer (&vf);
}

SlicesSriov *
slices_sysfs_read_sriov (const char *root,
                         int         device_fd,
                         const char *driver)
{
  g_autoptr(SlicesSriov) sriov = NULL;
  g_autoptr(GHashTable) vfio_nodes = NULL;
  autofd int admin_fd = -1;
  Profile profile = { 0, };
  int total;

  total = slices_sysfs_read_count_at (device_fd, "sriov_totalvfs");
  if (total < 0 || !driver_does_sriov (root, driver))
    return NULL;

  sriov = slices_sriov_new ();
  slices_sriov_set_driver (sriov, driver);
  slices_sriov_set_total_vfs (sriov, (guint) total);
  slices_sriov_set_enabled_vfs (sriov, MAX (slices_sysfs_read_count_at (device_fd,
                                                                        "sriov_numvfs"), 0));
  slices_sriov_set_autoprobe (sriov, slices_sysfs_read_count_at (device_fd,
                                                                 "sriov_drivers_autoprobe") != 0);

  admin_fd = slices_sysfs_open_dir_path_at (device_fd, "sriov_admin");
  slices_sriov_set_has_admin (sriov, admin_fd >= 0);
  read_profile (admin_fd, "pf", &profile);
  slices_sriov_set_exec_quantum_ms (sriov, profile.exec_quantum_ms);
  slices_sriov_set_preempt_timeout_us (sriov, profile.preempt_timeout_us);
  slices_sriov_set_sched_priority (sriov, profile.sched_priority);
  g_free (profile.sched_priority);

  vfio_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint index = 0; index < MAX_VFS; index++)
    {
      g_autoptr(SlicesVf) vf = read_vf (device_fd, admin_fd, index, vfio_nodes);

      if (vf == NULL)
        break;
      slices_sriov_add_vf (sriov, vf);
    }

  if (g_hash_table_size (vfio_nodes) > 0)
    find_holders (root, vfio_nodes);

  return g_steal_pointer (&sriov);
}
