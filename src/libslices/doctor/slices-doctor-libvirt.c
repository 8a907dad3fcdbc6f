/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libvirt check: what the caller found when it connected (the vm/ layer probes libvirt, so
 * the doctor never loads it), worded with the fixes for each family; without an answer, a hint
 * from the user's groups.
 */
#include "config.h"

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
      detail = g_strdup_printf ("%s%s%s",
                                _("Virtual machines are managed by the libvirt daemon, which "
                                  "is not installed or not running."),
                                self->libvirt_message != NULL ? " " : "",
                                self->libvirt_message != NULL ? self->libvirt_message : "");
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
