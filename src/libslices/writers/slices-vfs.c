/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SR-IOV words and the udev rule shared by the helper client and the simulator (see the
 * header). The rule's text must stay what do_configure() in src/helper/gpu-slices-helper.c
 * writes: tests/helper/test-persist.c runs the helper's persist-vfs in a mount namespace and
 * compares the file with slices_vfs_udev_rule(), so the two copies cannot drift apart.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "slices-error.h"
#include "slices-helper-protocol.h"
#include "slices-types.h"
#include "slices-vfs.h"

GError *
slices_vfs_error_new (int         errno_value,
                      const char *address,
                      guint       count,
                      guint       total,
                      const char *vf_address,
                      const char *holder)
{
  switch (errno_value)
    {
    case ERANGE:
    case EINVAL:
      if (total > 0)
        return g_error_new (SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                            _("The GPU %s makes at most %u virtual functions, not %u; nothing "
                              "was changed."), address, total, count);
      return g_error_new (SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                          _("The GPU %s cannot make %u virtual functions; nothing was "
                            "changed."), address, count);
    case ENOENT:
      return g_error_new (SLICES_ERROR, SLICES_ERROR_UNKNOWN_GPU,
                          _("The GPU %s offers no SR-IOV virtual functions with its driver; "
                            "“slicectl doctor” says which driver can."), address);
    case ENOSPC:
      return g_error_new (SLICES_ERROR, SLICES_ERROR_NO_ROOM,
                          _("The GPU %s cannot share its memory and scheduling fairly among %u "
                            "virtual functions; choose fewer."), address, count);
    case EBUSY:
      if (holder != NULL)
        return g_error_new (SLICES_ERROR, SLICES_ERROR_IN_USE,
                            _("The virtual function %s is in use by %s, and changing the count "
                              "makes every slice anew; shut down the virtual machine first. "
                              "Nothing was changed."), vf_address != NULL ? vf_address : address,
                            holder);
      return g_error_new (SLICES_ERROR, SLICES_ERROR_IN_USE,
                          _("The GPU %s is busy; try again in a moment."), address);
    default:
      return g_error_new (SLICES_ERROR, slices_error_from_errno (errno_value),
                          _("Could not make %u virtual functions on %s: %s."), count, address,
                          g_strerror (errno_value));
    }
}

GError *
slices_vfs_profile_error_new (int         errno_value,
                              const char *address,
                              guint       vf,
                              const char *key)
{
  if (errno_value == ENOENT)
    return g_error_new (SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                        _("The GPU %s has no scheduling profile for virtual function %u: only "
                          "the xe driver’s sriov_admin (Linux 6.19 and later) has one, for "
                          "virtual functions 1 to the most the GPU makes."), address, vf);
  if (errno_value == EINVAL || errno_value == ERANGE)
    return g_error_new (SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                        _("The driver refused that %s for virtual function %u of %s."), key, vf,
                        address);
  return g_error_new (SLICES_ERROR, slices_error_from_errno (errno_value),
                      _("Could not set %s of virtual function %u of %s: %s."), key, vf,
                      address, g_strerror (errno_value));
}

/* The PF's sriov_totalvfs as /sys shows it to anyone; 0 when unknown. */
static guint
read_total_vfs (const char *address)
{
  g_autofree char *path = g_build_filename (SLICES_DEFAULT_SYSFS_ROOT, "bus", "pci", "devices",
                                            address, "sriov_totalvfs", NULL);
  g_autofree char *text = NULL;
  guint64 total = 0;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXUINT16, &total, NULL);
  return (guint) total;
}

GError *
slices_vfs_error_from_helper (const char * const *args,
                              int                 exit_status,
                              const char         *line)
{
  static const struct { int exit_code; int errno_value; } sriov_errnos[] = {
    { SLICES_HELPER_EXIT_NO_SRIOV, ENOENT }, { SLICES_HELPER_EXIT_BAD_NUMBER, ERANGE },
    { SLICES_HELPER_EXIT_NO_ROOM, ENOSPC }, { SLICES_HELPER_EXIT_IN_USE, EBUSY },
    { SLICES_HELPER_EXIT_NO_PROFILE, ENOENT },
  };
  const char *address = args[2];
  int errno_value = 0;

  if (exit_status == SLICES_HELPER_EXIT_NO_GPU)
    return slices_error_new_no_gpu (address);
  for (gsize i = 0; i < G_N_ELEMENTS (sriov_errnos); i++)
    if (sriov_errnos[i].exit_code == exit_status)
      errno_value = sriov_errnos[i].errno_value;
  if (errno_value == 0)
    return NULL;

  if (g_str_equal (args[1], "set-vf-profile"))
    return slices_vfs_profile_error_new (exit_status == SLICES_HELPER_EXIT_BAD_NUMBER
                                         ? EINVAL : errno_value, address,
                                         (guint) g_ascii_strtoull (args[3], NULL, 10), args[4]);
  if (exit_status == SLICES_HELPER_EXIT_NO_PROFILE)
    return NULL;

  {
    guint count = (guint) g_ascii_strtoull (args[3], NULL, 10);
    const char *holder = line != NULL ? strstr (line, " is in use by ") : NULL;
    g_autofree char *vf = holder != NULL ? g_strndup (line, holder - line) : NULL;

    return slices_vfs_error_new (errno_value, address, count,
                                 errno_value == ERANGE ? read_total_vfs (address) : 0, vf,
                                 holder != NULL ? holder + strlen (" is in use by ") : NULL);
  }
}

char *
slices_vfs_rule_file_name (const char *address)
{
  return g_strdup_printf ("70-gpu-slices-sriov-%s.rules", address);
}

char *
slices_vfs_udev_rule (const char *address,
                      const char *driver,
                      guint       count)
{
  /* The helper's text, and the same "%.8s" cut of the driver name. */
  return g_strdup_printf ("# Written by GPU Slices: %u virtual functions when the driver binds. "
                          "Delete this file to undo.\nACTION==\"bind\", SUBSYSTEM==\"pci\", "
                          "KERNEL==\"%s\", ATTR{vendor}==\"0x8086\", DRIVER==\"%.8s\", "
                          "ATTR{sriov_drivers_autoprobe}=\"0\", ATTR{sriov_numvfs}=\"%u\"\n",
                          count, address, driver, count);
}

guint
slices_vfs_read_kept (const char *sysfs_root,
                      const char *address)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const char *count;
  guint64 value;
  char *end;

  g_return_val_if_fail (address != NULL, G_MAXUINT);

  name = slices_vfs_rule_file_name (address);
  if (sysfs_root == NULL || g_strcmp0 (sysfs_root, "/sys") == 0)
    path = g_build_filename ("/etc", "udev", "rules.d", name, NULL);
  else
    path = g_build_filename (sysfs_root, ".etc", "udev", "rules.d", name, NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !g_str_has_prefix (contents, "# Written by GPU Slices:") ||
      (count = strstr (contents, "ATTR{sriov_numvfs}=\"")) == NULL)
    return G_MAXUINT;
  count += strlen ("ATTR{sriov_numvfs}=\"");
  value = g_ascii_strtoull (count, &end, 10);
  if (end == count || *end != '"' || value > 65535)
    return G_MAXUINT;
  return (guint) value;
}
