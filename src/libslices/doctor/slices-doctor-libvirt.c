/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libvirt check: what the caller found when it connected (the vm/ layer probes libvirt, so
 * the doctor never loads it), worded with the fixes for each family; without an answer, a hint
 * from the user's groups. The vm-slices check: VM definitions that name a slice that is gone
 * (the caller read the definitions and says which), with the detach that makes them start.
 */
#include "config.h"

#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"

static gboolean
user_in_group (SlicesDoctor *self,
               const char   *group)
{
  return self->user_groups != NULL && g_strv_contains ((const char * const *) self->user_groups,
                                                       group);
}

static void
add_libvirt_group_fix (SlicesDoctor *self,
                       SlicesCheck  *check)
{
  slices_doctor_add_group_fix (check, self->distro, self->user_name, "libvirtd",
                               "sudo usermod -aG libvirt \"$USER\"",
                               _("Join the libvirt group, then log out and in again"));
}

/* How to install libvirt and start its daemon, for the user's family. */
static void
add_install_fix (SlicesDoctor *self,
                 SlicesCheck  *check)
{
  switch (self->distro)
    {
    case SLICES_DISTRO_DEBIAN:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo apt install libvirt-daemon-system && "
                            "sudo systemctl enable --now libvirtd",
                            _("Debian and Ubuntu"));
      break;
    case SLICES_DISTRO_FEDORA:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo dnf install libvirt-daemon-kvm && "
                            "sudo systemctl enable --now libvirtd",
                            _("Fedora"));
      break;
    case SLICES_DISTRO_ARCH:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo pacman -S --needed libvirt qemu-desktop && "
                            "sudo systemctl enable --now libvirtd",
                            _("Arch Linux"));
      break;
    case SLICES_DISTRO_NIXOS:
      slices_doctor_add_nixos_fix (check, "virtualisation.libvirtd.enable = true;");
      break;
    case SLICES_DISTRO_UNKNOWN:
    default:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo systemctl enable --now libvirtd",
                            _("When libvirt is installed"));
      break;
    }
}

void
slices_doctor_check_libvirt (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  const char *uri = self->libvirt_uri != NULL ? self->libvirt_uri : "qemu:///system";
  gboolean in_group = user_in_group (self, "libvirt") || user_in_group (self, "libvirtd") ||
                      slices_doctor_get_uid (self) == 0;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  SlicesCheck *check;

  switch (self->libvirt_state)
    {
    case SLICES_LIBVIRT_STATE_OK:
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      title = g_strdup_printf (_("libvirt answers at %s"), uri);
      slices_doctor_run_add_check (run, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_OK, title,
                                   _("Slices can be attached to the virtual machines it manages."));
      return;

    case SLICES_LIBVIRT_STATE_UNREACHABLE:
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      title = g_strdup_printf (_("libvirt does not answer at %s"), uri);
      /* The cause once: libvirt's own words when there are some, else the two likely ones. */
      detail = g_strdup_printf ("%s %s",
                                _("Virtual machines are managed by the libvirt daemon."),
                                self->libvirt_message != NULL
                                ? self->libvirt_message
                                : _("It is not installed or not running."));
      add_install_fix (self, slices_doctor_run_add_check (run, SLICES_CHECK_LIBVIRT,
                                                          SLICES_CHECK_STATUS_ERROR,
                                                          title, detail));
      return;

    case SLICES_LIBVIRT_STATE_MISSING:
      detail = g_strdup_printf ("%s%s%s",
                                _("Slices can still be made and removed; attaching them to "
                                  "virtual machines needs libvirt."),
                                self->libvirt_message != NULL ? " " : "",
                                self->libvirt_message != NULL ? self->libvirt_message : "");
      add_install_fix (self, slices_doctor_run_add_check (run, SLICES_CHECK_LIBVIRT,
                                                          SLICES_CHECK_STATUS_ERROR,
                                                          _("libvirt is not installed"),
                                                          detail));
      return;

    case SLICES_LIBVIRT_STATE_DENIED:
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      title = g_strdup_printf (_("You may not manage virtual machines at %s"), uri);
      detail = g_strdup_printf ("%s%s%s",
                                _("libvirt answers but refuses you. Members of the libvirt "
                                  "group may manage its virtual machines."),
                                self->libvirt_message != NULL ? " " : "",
                                self->libvirt_message != NULL ? self->libvirt_message : "");
      check = slices_doctor_run_add_check (run, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_ERROR,
                                           title, detail);
      add_libvirt_group_fix (self, check);
      return;

    case SLICES_LIBVIRT_STATE_UNKNOWN:
    default:
      break;
    }

  if (!in_group && self->user_groups != NULL)
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_UNKNOWN,
                                           _("libvirt was not checked"),
                                           _("You are not in the libvirt group, so libvirt will "
                                             "probably refuse to let you manage its virtual "
                                             "machines (qemu:///system)."));
      add_libvirt_group_fix (self, check);
      return;
    }

  slices_doctor_run_add_check (run, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_UNKNOWN,
                               _("libvirt was not checked"),
                               _("Whether the libvirt daemon answers is checked when virtual "
                                 "machines are listed."));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

void
slices_doctor_check_vm_slices (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autofree const char **names = NULL;
  guint n_names = 0;
  g_autoptr(GString) detail = NULL;
  g_autofree char *title = NULL;
  SlicesCheck *check;

  /* Only what the definitions said: without them there is nothing to report either way. */
  if (self->vm_missing_slices == NULL || self->libvirt_state != SLICES_LIBVIRT_STATE_OK)
    return;

  if (g_hash_table_size (self->vm_missing_slices) == 0)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_VM_SLICES, SLICES_CHECK_STATUS_OK,
                                   _("Every slice that a virtual machine names exists"),
                                   _("No virtual machine’s definition points to a slice that "
                                     "was removed."));
      return;
    }

  names = (const char **) g_hash_table_get_keys_as_array (self->vm_missing_slices, &n_names);
  qsort (names, n_names, sizeof *names, compare_names);

  if (n_names == 1)
    /* TRANSLATORS: %s is a VM name */
    title = g_strdup_printf (_("%s points to a slice that no longer exists"), names[0]);
  else
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) names);

      /* TRANSLATORS: %s is a list of VM names, "win10, debian-build" */
      title = g_strdup_printf (_("%s point to slices that no longer exist"), joined);
    }

  detail = g_string_new (NULL);
  for (guint i = 0; i < n_names; i++)
    {
      const char *name = names[i];
      const char * const *uuids = g_hash_table_lookup (self->vm_missing_slices, name);
      g_autofree char *joined = g_strjoinv (", ", (char **) uuids);

      /* TRANSLATORS: %s are a VM name and one or more slice UUIDs */
      g_string_append_printf (detail, _("The definition of %s holds %s, which is not on this "
                                        "computer any more. "), name, joined);
    }
  g_string_append (detail, _("Such a virtual machine does not start until the slice is "
                             "detached from it."));

  check = slices_doctor_run_add_check (run, SLICES_CHECK_VM_SLICES, SLICES_CHECK_STATUS_ERROR,
                                       title, detail->str);
  for (guint i = 0; i < n_names; i++)
    {
      const char *name = names[i];
      const char * const *uuids = g_hash_table_lookup (self->vm_missing_slices, name);
      g_autofree char *quoted = g_shell_quote (name);

      for (guint j = 0; uuids[j] != NULL; j++)
        {
          g_autofree char *command = NULL;
          g_autofree char *uri = NULL;

          uri = self->libvirt_uri != NULL && g_strcmp0 (self->libvirt_uri, "qemu:///system") != 0
                ? g_strdup_printf (" --connect %s", self->libvirt_uri) : g_strdup ("");
          command = g_strdup_printf ("slicectl detach%s --domain %s --slice %s", uri, quoted,
                                     uuids[j]);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, command, name);
        }
    }
}
