/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl nixos [--user NAME]`: the NixOS configuration for the slices that exist now
 * (issue 5), to paste into /etc/nixos/configuration.nix. On NixOS slices are kept across
 * restarts by `virtualisation.kvmgt`, not by mdevctl. The snippet comes from the core after a
 * setup check, so that it adds `enable_guc=2` exactly when the GuC check fails.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slicectl.h"

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
                         "“sudo nixos-rebuild switch”."),
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

  /* NULL: the invoking user (under sudo, the one who ran sudo). */
  if ((status = slicectl_open_doctor (globals, user_arg, &doctor)) != SLICECTL_EXIT_OK)
    return status;

  snippet = slices_doctor_dup_nixos_snippet (doctor);
  g_print ("%s%s", snippet, g_str_has_suffix (snippet, "\n") ? "" : "\n");

  return SLICECTL_EXIT_OK;
}
