/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl repair [--domain NAME] [--connect URI] [--dry-run]`: rewrite the definitions that
 * the old GVT-g recipe (`-set device.hostdev0…`) broke into the form the connection's libvirt
 * needs. Which VMs need it and what the repair writes are the library's
 * (slices-domain-recipe.h); each VM is one SlicesAttachJob (read with its secrets, define with
 * validation only over what was read). The change is printed as a diff first, as the app's
 * review shows it; --dry-run stops there.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "libslices-vm.h"

#include "slicectl.h"

/* Repairs (or with @dry_run only shows) one VM. */
static int
repair_one (SlicesLibvirt *libvirt,
            const char    *domain,
            gboolean       dry_run)
{
  g_autoptr(SlicesAttachJob) job = slices_attach_job_new_repair (libvirt, domain);
  g_autoptr(GError) error = NULL;
  g_auto(SlicectlWait) wait = { 0 };
  g_autofree char *name = slicectl_quote_arg (domain);
  g_autofree char *diff = NULL;
  gboolean ok;

  slices_attach_job_prepare_async (job, NULL, slicectl_wait_ready_cb, &wait);
  ok = slices_attach_job_prepare_finish (job, slicectl_wait (&wait, 0, NULL), &error);
  if (!ok)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not repair “%s”; nothing was changed"), name);

  diff = slices_domain_diff (slices_attach_job_get_old_xml (job),
                             slices_attach_job_get_new_xml (job));
  /* TRANSLATORS: %s is a VM name; a diff of its definition follows */
  g_print (_("The repair of %s changes its definition:\n"), name);
  g_print ("%s", diff);
  slicectl_print_notes (slices_attach_job_get_notes (job));
  if (dry_run)
    return SLICECTL_EXIT_OK;

  slices_attach_job_apply_async (job, NULL, slicectl_wait_ready_cb, &wait);
  ok = slices_attach_job_apply_finish (job, slicectl_wait (&wait, 0, NULL), &error);
  if (!ok)
    {
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("the definition of “%s” changed again while slicectl was "
                                "writing it: another program is editing it. Nothing was "
                                "written; try again when it is done"),
                              name);
      return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                  _("could not define the repaired “%s”; nothing was changed"),
                                  name);
    }

  g_print (_("Repaired %s."), name);
  if (slices_attach_job_get_needs_restart (job))
    {
      g_print (" ");
      g_print (_("It takes effect after %s is shut down and started again."), name);
    }
  g_print ("\n");
  return SLICECTL_EXIT_OK;
}

int
slicectl_repair_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autofree char *domain = NULL;
  g_autofree char *connect = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain,
      N_("Repair only this virtual machine (name or UUID)"), N_("NAME") },
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &connect,
      N_("libvirt connection (default: qemu:///system)"), N_("URI") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Show the change and write nothing"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals,
                                                                     entries);
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_auto(SlicectlWait) wait = { 0 };
  g_autofree char *description = NULL;
  const char *uri;
  int status;

  description = g_strdup_printf ("%s\n\n%s",
                                 _("Virtual machines set up with the old GVT-g recipe pass\n"
                                   "“-set device.hostdev0.…” to QEMU. libvirt 7.9 and newer give\n"
                                   "QEMU its devices as JSON, which “-set” cannot reach, so QEMU\n"
                                   "refuses to start them. repair rewrites such a definition into\n"
                                   "the form this libvirt needs: ramfb and display on the slice,\n"
                                   "the other properties (x-igd-opregion, xres, yres, romfile…)\n"
                                   "in <qemu:override>; <qemu:env> and other arguments stay. The\n"
                                   "change is printed first; notes go to stderr as “note: …”.\n"
                                   "Without --domain every such VM on the connection is repaired.\n"
                                   "“slicectl doctor --connect URI” lists them (vm-recipe).\n\n"
                                   "Examples:\n"
                                   "  slicectl repair --connect qemu:///system --dry-run\n"
                                   "  slicectl repair --domain win10"),
                                 slicectl_exit_status_text ());
  g_option_context_set_description (context, description);
  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = slicectl_check_no_arguments (argc, argv,
                                             _("“repair” takes no arguments (got “%s”); name "
                                               "the VM with --domain NAME"))) != SLICECTL_EXIT_OK)
    return status;

  libvirt = slices_libvirt_new (connect);
  slices_libvirt_open_async (libvirt, NULL, slicectl_wait_ready_cb, &wait);
  if (!slices_libvirt_open_finish (libvirt, slicectl_wait (&wait, 0, NULL), &error))
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not connect to %s"),
                                slices_libvirt_get_uri (libvirt));
  uri = slices_libvirt_get_uri (libvirt);

  slices_libvirt_list_domains_async (libvirt, NULL, slicectl_wait_ready_cb, &wait);
  infos = slices_libvirt_list_domains_finish (libvirt, slicectl_wait (&wait, 0, NULL), &error);
  if (infos == NULL)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not list the virtual machines on %s"), uri);

  for (guint i = 0; i < infos->len; i++)
    {
      SlicesDomainInfo *info = infos->pdata[i];

      if (domain != NULL && g_strcmp0 (info->name, domain) != 0 &&
          g_ascii_strcasecmp (info->uuid, domain) != 0)
        continue;
      if (domain != NULL && info->recipe == SLICES_RECIPE_OK)
        {
          g_autofree char *name = slicectl_quote_arg (info->name);

          g_print (_("%s needs no repair: nothing in its definition is lost on this "
                     "libvirt.\n"), name);
          return SLICECTL_EXIT_OK;
        }
      if (info->recipe != SLICES_RECIPE_OK)
        g_ptr_array_add (targets, info);
    }

  if (domain != NULL && targets->len == 0)
    {
      g_autofree char *name = slicectl_quote_arg (domain);

      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("no virtual machine “%s” on %s; “virsh -c %s list --all” lists "
                              "them"), name, uri, uri);
    }
  if (targets->len == 0)
    {
      g_print (_("No virtual machine on %s needs a repair.\n"), uri);
      return SLICECTL_EXIT_OK;
    }

  for (guint i = 0; i < targets->len; i++)
    {
      SlicesDomainInfo *info = targets->pdata[i];

      g_printerr (_("note: %s: %s\n"), info->name, info->recipe_problem);
      if ((status = repair_one (libvirt, info->name, dry_run)) != SLICECTL_EXIT_OK)
        return status;
    }
  if (dry_run)
    g_print (_("Nothing was changed (--dry-run).\n"));
  return SLICECTL_EXIT_OK;
}
