/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl nixos [--user NAME]`: the NixOS configuration for the slices that exist now
 * (issue 5), to paste into /etc/nixos/configuration.nix. On NixOS slices are kept across
 * restarts by `virtualisation.kvmgt`, not by mdevctl. The snippet comes from the core after a
 * setup check, so that it adds `enable_guc=2` exactly when the GuC check fails.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "slicectl.h"

/* On a host whose GPUs do SR-IOV and none GVT-g: their udev rules and kernel parameters
 * (slices_nixos_sriov_snippet()). -1 when that is not the host. */
static int
print_sriov_snippet (SlicectlGlobals *globals,
                     const char      *user_arg)
{
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GArray) gpus = g_array_new (FALSE, TRUE, sizeof (SlicesNixosSriovGpu));
  g_autofree char *snippet = NULL;
  const char *user_name = user_arg;
  GListModel *model;
  int status;

  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;
  model = slices_host_get_gpus (host);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (model, i);
      SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
      SlicesNixosSriovGpu entry = { 0 };

      if (slices_gpu_get_technology (gpu) == SLICES_TECHNOLOGY_GVT_G)
        return -1;
      if (sriov == NULL)
        continue;
      entry.gpu_address = slices_gpu_get_address (gpu);
      entry.driver = slices_sriov_get_driver (sriov);
      entry.device_id = slices_gpu_get_device_id (gpu);
      entry.force_probe = g_strcmp0 (entry.driver, "xe") == 0 &&
                          !(slices_platform_sriov_drivers (entry.device_id, NULL) &
                            SLICES_SRIOV_DRIVER_XE) &&
                          (slices_platform_sriov_drivers (entry.device_id, NULL) &
                           SLICES_SRIOV_DRIVER_XE_FORCE_PROBE);
      entry.count = slices_sriov_get_enabled_vfs (sriov);
      g_array_append_val (gpus, entry);
    }
  if (gpus->len == 0)
    return -1;

  /* As the doctor does for GVT-g: under sudo, the person who ran it. */
  if (user_name == NULL)
    user_name = getuid () == 0 && g_getenv ("SUDO_USER") != NULL ? g_getenv ("SUDO_USER")
                                                                 : g_get_user_name ();
  snippet = slices_nixos_sriov_snippet ((SlicesNixosSriovGpu *) gpus->data, gpus->len,
                                        user_name);
  g_print ("%s", snippet);
  return SLICECTL_EXIT_OK;
}

int
slicectl_nixos_run (const SlicectlCommand *command,
                    SlicectlGlobals       *globals,
                    int                    argc,
                    char                 **argv)
{
  g_autofree char *user_arg = NULL;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user_arg,
      N_("The user to put in the libvirtd group (default: you)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *snippet = NULL;
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Prints lines for /etc/nixos/configuration.nix that recreate the\n"
                         "slices that exist now at every boot (virtualisation.kvmgt), grouped by\n"
                         "type. Paste them inside its top-level { … }, then run\n"
                         "“sudo nixos-rebuild switch”. For SR-IOV GPUs: the rule that makes\n"
                         "their virtual functions at every boot, and the kernel parameters\n"
                         "their driver needs."),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_check_no_arguments (argc, argv,
                                             _("“nixos” takes no arguments, but got “%s”; see "
                                               "“slicectl nixos --help”"))) != SLICECTL_EXIT_OK)
    return status;

  /* The name lands in Nix code: the core escapes it, but a name no system allows is a typo. */
  if (user_arg != NULL &&
      !g_regex_match_simple ("^[a-z_][a-z0-9_.-]*\\$?$", user_arg, G_REGEX_CASELESS, 0))
    return slicectl_fail_usage_arg (_("“%s” is not a user name; see “slicectl nixos --help”"),
                                    user_arg);

  if ((status = print_sriov_snippet (globals, user_arg)) != -1)
    return status;

  /* NULL: the invoking user (under sudo, the one who ran sudo). */
  if ((status = slicectl_open_doctor (globals, user_arg, &doctor)) != SLICECTL_EXIT_OK)
    return status;

  snippet = slices_doctor_dup_nixos_snippet (doctor);
  g_print ("%s%s", snippet, g_str_has_suffix (snippet, "\n") ? "" : "\n");

  return SLICECTL_EXIT_OK;
}
