/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixes per distribution family: how Debian, Fedora, Arch and NixOS (and an unknown family,
 * with GRUB) add a kernel parameter, install a package, build i915-sriov-dkms (FACTS-SRIOV S3:
 * no distribution packages it; Arch has it in the AUR, NixOS through the project's flake) and
 * add the user to a group. The checks say what is wrong; this file says what to type.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"
#include "slices-nixos.h"

#define NIXOS_REBUILD_LABEL \
  N_("NixOS: add to /etc/nixos/configuration.nix, then run sudo nixos-rebuild switch")

void
slices_doctor_add_nixos_fix (SlicesCheck *check,
                             const char  *lines)
{
  slices_check_add_fix (check, SLICES_FIX_COMMAND, lines, _(NIXOS_REBUILD_LABEL));
}

void
slices_doctor_add_kernel_param_fixes (SlicesCheck        *check,
                                      SlicesDistroFamily  distro,
                                      const char         *param,
                                      const char         *nixos_text)
{
  g_autofree char *grub_sed = NULL;
  g_autofree char *text = NULL;

  /* Prepends to GRUB_CMDLINE_LINUX_DEFAULT so that the rest of the line stays as it was. */
  grub_sed = g_strdup_printf ("sudo sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&%s /' "
                              "/etc/default/grub", param);

  switch (distro)
    {
    case SLICES_DISTRO_DEBIAN:
      text = g_strdup_printf ("%s && sudo update-grub", grub_sed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Debian and Ubuntu: add to the kernel command line, then restart"));
      break;

    case SLICES_DISTRO_FEDORA:
      /* Single quotes where a "!" (i915.force_probe=!<id>) would be history expansion in an
       * interactive shell. */
      text = strchr (param, '!') != NULL
             ? g_strdup_printf ("sudo grubby --update-kernel=ALL --args='%s'", param)
             : g_strdup_printf ("sudo grubby --update-kernel=ALL --args=\"%s\"", param);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Fedora: add to the kernel command line, then restart"));
      break;

    case SLICES_DISTRO_ARCH:
      text = g_strdup_printf ("%s && sudo grub-mkconfig -o /boot/grub/grub.cfg", grub_sed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Arch Linux with GRUB: add to the kernel command line, then "
                              "restart"));
      g_clear_pointer (&text, g_free);
      text = g_strdup_printf ("sudo sed -i '/^options /s/$/ %s/' /boot/loader/entries/*.conf",
                              param);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Arch Linux with systemd-boot: add to every boot entry, then "
                              "restart"));
      break;

    case SLICES_DISTRO_NIXOS:
      if (nixos_text != NULL)
        {
          slices_doctor_add_nixos_fix (check, nixos_text);
        }
      else
        {
          g_auto(GStrv) words = g_strsplit (param, " ", -1);
          g_autoptr(GString) list = g_string_new ("boot.kernelParams = [");

          for (guint i = 0; words[i] != NULL; i++)
            {
              g_autofree char *quoted = slices_nix_string (words[i]);

              g_string_append_printf (list, " %s", quoted);
            }
          g_string_append (list, " ];");
          slices_doctor_add_nixos_fix (check, list->str);
        }
      break;

    case SLICES_DISTRO_UNKNOWN:
    default:
      text = g_strdup_printf ("%s && sudo grub-mkconfig -o /boot/grub/grub.cfg", grub_sed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("With GRUB: add to the kernel command line, then restart (the "
                              "grub.cfg path differs between distributions)"));
      break;
    }
}

void
slices_doctor_add_package_fixes (SlicesCheck        *check,
                                 SlicesDistroFamily  distro,
                                 const char         *debian,
                                 const char         *fedora,
                                 const char         *arch,
                                 const char         *nixos,
                                 const char         *link)
{
  g_autofree char *text = NULL;

  switch (distro)
    {
    case SLICES_DISTRO_DEBIAN:
      if (debian != NULL)
        {
          text = g_strdup_printf ("sudo apt install %s", debian);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("Debian and Ubuntu"));
          return;
        }
      break;
    case SLICES_DISTRO_FEDORA:
      if (fedora != NULL)
        {
          text = g_strdup_printf ("sudo dnf install %s", fedora);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("Fedora"));
          return;
        }
      break;
    case SLICES_DISTRO_ARCH:
      if (arch != NULL)
        {
          text = g_strdup_printf ("sudo pacman -S --needed %s", arch);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("Arch Linux"));
          return;
        }
      break;
    case SLICES_DISTRO_NIXOS:
      if (nixos != NULL)
        {
          slices_doctor_add_nixos_fix (check, nixos);
          return;
        }
      break;
    case SLICES_DISTRO_UNKNOWN:
    default:
      break;
    }

  if (link != NULL)
    slices_check_add_fix (check, SLICES_FIX_LINK, link, _("Project page"));
}

void
slices_doctor_add_group_fix (SlicesCheck        *check,
                             SlicesDistroFamily  distro,
                             const char         *user_name,
                             const char         *nixos_group,
                             const char         *command,
                             const char         *label)
{
  g_autofree char *attr = NULL;
  g_autofree char *text = NULL;

  if (distro != SLICES_DISTRO_NIXOS)
    {
      slices_check_add_fix (check, SLICES_FIX_COMMAND, command, label);
      return;
    }

  attr = slices_nix_attr_name (user_name != NULL ? user_name : "you");
  text = g_strdup_printf ("users.users.%s.extraGroups = [ \"%s\" ];", attr, nixos_group);
  slices_doctor_add_nixos_fix (check, text);
}

/* Its README's build: register the source with DKMS, then build it for the running kernel. */
#define I915_SRIOV_DKMS_BUILD \
  "git clone " SLICES_DOCTOR_I915_SRIOV_DKMS_URL " && cd i915-sriov-dkms && sudo dkms add . && " \
  "sudo dkms install -m i915-sriov-dkms -v $(cat VERSION) --force"

void
slices_doctor_add_i915_sriov_dkms_fixes (SlicesCheck        *check,
                                         SlicesDistroFamily  distro)
{
  switch (distro)
    {
    case SLICES_DISTRO_DEBIAN:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo apt install build-essential dkms git linux-headers-$(uname -r) && "
                            I915_SRIOV_DKMS_BUILD,
                            _("Debian and Ubuntu: build and install it"));
      break;
    case SLICES_DISTRO_FEDORA:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo dnf install dkms git make gcc kernel-devel-$(uname -r) && "
                            I915_SRIOV_DKMS_BUILD,
                            _("Fedora: build and install it"));
      break;
    case SLICES_DISTRO_ARCH:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "sudo pacman -S --needed base-devel git linux-headers && "
                            "git clone https://aur.archlinux.org/i915-sriov-dkms.git && "
                            "cd i915-sriov-dkms && makepkg -si",
                            _("Arch Linux: build and install it from the AUR"));
      break;
    case SLICES_DISTRO_NIXOS:
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "# flake.nix: inputs.i915-sriov.url = \"github:strongtz/i915-sriov-dkms\";\n"
                            "# and add i915-sriov.nixosModules.default to the system's modules\n"
                            "boot.extraModulePackages = [ pkgs.i915-sriov ];",
                            _("NixOS (flakes): add the project’s module, then run sudo "
                              "nixos-rebuild switch"));
      break;
    case SLICES_DISTRO_UNKNOWN:
    default:
      slices_check_add_fix (check, SLICES_FIX_COMMAND, I915_SRIOV_DKMS_BUILD,
                            _("Build and install it (needs git, dkms, a compiler and the "
                              "kernel’s headers)"));
      break;
    }
}
