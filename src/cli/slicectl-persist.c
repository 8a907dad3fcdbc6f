/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slices that survive a restart, from the command line: `slicectl persist UUID…` and
 * `slicectl unpersist UUID…` (through the helper and mdevctl, or the simulator's store with
 * --simulate), what `create --persistent` runs after creating, and the table of kept slices
 * that `list` marks. Reading what is kept needs no privileges.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"
#include "libslices-simulator.h"

#include "slicectl.h"

static gboolean
has_slices (SlicesHost *host)
{
  GListModel *gpus = slices_host_get_gpus (host);

  for (guint i = 0; i < g_list_model_get_n_items (gpus); i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);

      if (g_list_model_get_n_items (slices_gpu_get_slices (gpu)) > 0)
        return TRUE;
    }

  return FALSE;
}

GHashTable *
slicectl_dup_kept (SlicectlGlobals *globals,
                   SlicesHost      *host)
{
  g_assert (globals != NULL);

  /* Running mdevctl costs a process, as much as all the rest of `slicectl list`. */
  if (!has_slices (host))
    return slices_mdev_definitions_new ();

  /* A simulated tree: its own store, whether or not --simulate was given (reading is safe). */
  if (globals->sysfs_root != NULL)
    {
      if (slicectl_is_simulated_tree (globals->sysfs_root))
        {
          g_autoptr(SlicesSimulator) simulator = slices_simulator_new (globals->sysfs_root);

          return slices_simulator_dup_defined (simulator);
        }
      /* Another tree: the real mdevctl keeps nothing of it. */
      if (g_strcmp0 (globals->sysfs_root, "/sys") != 0)
        return slices_mdev_definitions_new ();
    }

  {
    g_auto(SlicectlWait) wait = { 0 };
    g_autoptr(GError) error = NULL;
    GHashTable *definitions;

    slices_mdevctl_list_defined_async (NULL, NULL, slicectl_wait_ready_cb, &wait);
    definitions = slices_mdevctl_list_defined_finish (slicectl_wait (&wait, 0, NULL), NULL,
                                                      &error);
    if (definitions == NULL)
      {
        g_debug ("Could not list the slices mdevctl keeps: %s", error->message);
        return slices_mdev_definitions_new ();
      }

    return definitions;
  }
}

gboolean
slicectl_is_kept (GHashTable *kept,
                  const char *uuid)
{
  const SlicesMdevDefinition *definition;

  if (kept == NULL || uuid == NULL)
    return FALSE;
  definition = g_hash_table_lookup (kept, uuid);
  return definition != NULL && slices_mdev_definition_is_auto (definition);
}

/* One line for what cannot work here at all, before any password prompt. */
int
slicectl_check_persist_support (SlicesBackend *backend)
{
  switch (slices_backend_get_persist_support (backend))
    {
    case SLICES_PERSIST_NIXOS:
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("on NixOS the system configuration keeps slices: run “slicectl "
                              "nixos” and add what it prints to configuration.nix; nothing was "
                              "changed"));
    case SLICES_PERSIST_NO_MDEVCTL:
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("mdevctl is not installed, so slices cannot be kept after a "
                              "restart: install the mdevctl package (Debian and Ubuntu: "
                              "sudo apt install mdevctl); nothing was changed"));
    case SLICES_PERSIST_AVAILABLE:
    default:
      return SLICECTL_EXIT_OK;
    }
}

int
slicectl_persist_uuids (SlicesBackend *backend,
                        GPtrArray     *uuids,
                        gboolean       keep)
{
  int status;

  if (keep && (status = slicectl_check_persist_support (backend)) != SLICECTL_EXIT_OK)
    return status;

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      ok = keep ? slices_backend_persist_sync (backend, uuid, &error)
                : slices_backend_unpersist_sync (backend, uuid, &error);
      if (ok)
        continue;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return slicectl_fail (SLICECTL_EXIT_FAILED, _("authentication was dismissed; slice %s "
                                                      "was not changed"), uuid);
      if (keep)
        return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                    _("could not keep slice %s after a restart"), uuid);
      return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                  _("could not stop keeping slice %s"), uuid);
    }

  return SLICECTL_EXIT_OK;
}

static int
run_persist (const SlicectlCommand *command,
             SlicectlGlobals       *globals,
             int                    argc,
             char                 **argv,
             gboolean               keep)
{
  g_autofree char *gpu_arg = NULL;
  const GOptionEntry entries[] = {
    { "gpu", 0, 0, G_OPTION_ARG_STRING, &gpu_arg,
      N_("An SR-IOV GPU: keep its count of virtual functions (or stop keeping it) instead"),
      N_("ADDRESS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SlicesBackend) backend = NULL;
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s\n\n%s",
                       keep ? _("mdevctl then creates the slices again at every boot (its "
                                "definitions live in\n/etc/mdevctl.d). Needs administrator "
                                "rights, unless --simulate is given.")
                            : _("The slices stay until the next restart; a slice that is not "
                                "kept is not an\nerror. Needs administrator rights, unless "
                                "--simulate is given."),
                       keep ? _("With --gpu, the GPU’s current count of SR-IOV virtual functions "
                                "is made\nagain whenever its driver starts (a udev rule in "
                                "/etc/udev/rules.d).\n\nExamples:\n"
                                "  slicectl persist 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                                "  slicectl persist --gpu 0000:00:02.0")
                            : _("With --gpu, the GPU’s virtual functions are no longer made at "
                                "every start.\n\nExamples:\n"
                                "  slicectl unpersist 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                                "  slicectl unpersist --gpu 0000:00:02.0"),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if (gpu_arg != NULL)
    {
      g_autofree char *address = NULL;

      if (argc > 1)
        return slicectl_fail (SLICECTL_EXIT_USAGE, _("“%s --gpu” takes no slice UUIDs: the "
                                                     "GPU’s virtual functions are its slices"),
                              command->name);
      if ((status = slicectl_check_pci_address (gpu_arg, _("“%s” is not a PCI address; write "
                                                           "it as “slicectl list” shows it, "
                                                           "e.g. 0000:00:02.0"), &address))
          != SLICECTL_EXIT_OK)
        return status;
      return slicectl_persist_vfs (globals, address, keep);
    }

  if (argc < 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE, _("“%s” needs at least one slice UUID; "
                                                 "“slicectl list” shows them"), command->name);

  for (int i = 1; i < argc; i++)
    {
      char *uuid = NULL;

      if ((status = slicectl_check_uuid (argv[i],
                                         _("“%s” is not a UUID; write it as "
                                           "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"), &uuid))
          != SLICECTL_EXIT_OK)
        return status;
      g_ptr_array_add (uuids, uuid);
    }

  if (globals->simulate && (status = slicectl_check_tree (globals)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;

  return slicectl_persist_uuids (backend, uuids, keep);
}

int
slicectl_persist_run (const SlicectlCommand *command,
                      SlicectlGlobals       *globals,
                      int                    argc,
                      char                 **argv)
{
  return run_persist (command, globals, argc, argv, TRUE);
}

int
slicectl_unpersist_run (const SlicectlCommand *command,
                        SlicectlGlobals       *globals,
                        int                    argc,
                        char                 **argv)
{
  return run_persist (command, globals, argc, argv, FALSE);
}
