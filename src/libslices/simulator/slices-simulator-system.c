/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The made-up computer around the demo's GPU (see slices-simulator.h): what Check Setup reads
 * besides sysfs, written into a private folder so that the demo never reports on the real
 * system as if it had the demo's GPU.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "slices-simulator.h"
#include "slices-simulator-private.h"

static gboolean
write_file (const char  *base,
            const char  *relative,
            const char  *contents,
            int          mode,
            GError     **error)
{
  g_autofree char *path = g_build_filename (base, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, mode, error);
}

char *
slices_simulator_make_demo_system (GError **error)
{
  return slices_simulator_make_demo_system_for (SLICES_SIM_DEMO_GVT, error);
}

char *
slices_simulator_make_demo_system_for (SlicesSimDemo   world,
                                       GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *os_release = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *log = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_dir_make_tmp ("gpu-slices-demo-system-XXXXXX", error);
  if (dir == NULL)
    return NULL;

  /* The distribution is the real one (so that commands fit this computer). */
  if (!g_file_get_contents ("/etc/os-release", &os_release, NULL, NULL) &&
      !g_file_get_contents ("/usr/lib/os-release", &os_release, NULL, NULL))
    os_release = g_strdup ("ID=debian\nNAME=\"Debian GNU/Linux\"\n");

  proc = g_strdup_printf ("proc/%u", (guint) getpid ());
  comm = g_build_filename (proc, "comm", NULL);
  cmdline = g_build_filename (proc, "cmdline", NULL);
  log = g_build_filename (dir, "log", NULL);
  if (!write_file (dir, "etc/os-release", os_release, 0644, error) ||
      !write_file (dir, "dev/dri/renderD128", "", 0666, error) ||
      !write_file (dir, "bin/mdevctl", "#!/bin/sh\necho '[]'\n", 0755, error) ||
      !write_file (dir, comm, "gnome-shell\n", 0644, error) ||
      !write_file (dir, cmdline, "/usr/bin/gnome-shell", 0644, error) ||
      /* SR-IOV: VFIO is there for libvirt to bind the VFs at a VM's start. */
      (world == SLICES_SIM_DEMO_SRIOV && !write_file (dir, "dev/vfio/vfio", "", 0666, error)))
    {
      slices_sim_remove_tree (dir);
      return NULL;
    }
  if (g_mkdir_with_parents (log, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", log, g_strerror (saved_errno));
      slices_sim_remove_tree (dir);
      return NULL;
    }

  return g_steal_pointer (&dir);
}

void
slices_simulator_remove_demo_system (const char *dir)
{
  g_return_if_fail (dir != NULL);
  slices_sim_remove_tree (dir);
}
