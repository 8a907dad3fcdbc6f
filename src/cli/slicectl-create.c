/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl create --gpu ADDR --type TYPE [--uuid UUID] [--count N]`. Everything is checked
 * before the first write (GPU, type, UUID, room for all N); if the kernel still refuses one of
 * several (fragmentation), the slices made so far are removed again so that a failure leaves
 * the system as it was. The UUIDs are printed only once all exist.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slicectl.h"

/* Exact type id first; the name without the driver prefix ("GVTg_V5_4") is accepted too. */
static SlicesSliceType *
find_type (SlicesGpu  *gpu,
           const char *wanted)
{
  GListModel *types = slices_gpu_get_types (gpu);
  SlicesSliceType *found = slices_gpu_find_type (gpu, wanted);

  if (found != NULL)
    return found;

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);

      if (g_strcmp0 (slices_slice_type_get_name (type), wanted) == 0)
        return type;
    }

  return NULL;
}

static char *
dup_type_ids (SlicesGpu *gpu)
{
  GListModel *types = slices_gpu_get_types (gpu);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);
      g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", slices_slice_type_get_id (type));
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
generate_uuid (SlicesHost *host,
               GPtrArray  *taken)
{
  for (;;)
    {
      g_autofree char *text = g_uuid_string_random ();

      if (slices_host_find_slice (host, text) == NULL &&
          !g_ptr_array_find_with_equal_func (taken, text, g_str_equal, NULL))
        return g_steal_pointer (&text);
    }
}

/* Undoes a batch that failed halfway. Returns the UUIDs that could not be removed, or NULL. */
static char *
roll_back (SlicesBackend *backend,
           GPtrArray     *created)
{
  g_autoptr(GString) left = g_string_new (NULL);

  for (guint i = created->len; i > 0; i--)
    {
      const char *uuid = g_ptr_array_index (created, i - 1);
      g_autoptr(GError) error = NULL;

      if (!slices_backend_remove_sync (backend, uuid, &error))
        g_string_append_printf (left, "%s%s", left->len > 0 ? " " : "", uuid);
    }

  if (left->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&left), FALSE);
}

/* @outcome says what became of the slices made before this one, when there were any. */
static int
fail_create (const GError *error,
             guint         index,
             guint         count,
             const char   *type_id,
             const char   *address,
             const char   *outcome)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return slicectl_fail (SLICECTL_EXIT_FAILED, _("authentication was dismissed; %s"),
                          outcome != NULL ? outcome : _("nothing was created"));

  if (count == 1)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not create a slice of type %s on %s"),
                                type_id, address);

  if (outcome == NULL)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not create slice %u of %u of type %s on %s"),
                                index + 1, count, type_id, address);

  return slicectl_fail (SLICECTL_EXIT_FAILED,
                        _("could not create slice %u of %u of type %s on %s: %s; %s"),
                        index + 1, count, type_id, address, error->message, outcome);
}

int
slicectl_create_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autofree char *gpu_arg = NULL;
  g_autofree char *type_arg = NULL;
  g_autofree char *uuid_arg = NULL;
  g_autofree char *count_arg = NULL;
  gboolean persistent = FALSE;
  const GOptionEntry entries[] = {
    { "gpu", 0, 0, G_OPTION_ARG_STRING, &gpu_arg,
      N_("PCI address of the GPU, as “slicectl list” shows it"), N_("ADDRESS") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_arg,
      N_("Slice type id (e.g. i915-GVTg_V5_4) or name (GVTg_V5_4)"), N_("TYPE") },
    { "uuid", 0, 0, G_OPTION_ARG_STRING, &uuid_arg,
      N_("UUID of the new slice (default: a random one); only with a count of 1"), N_("UUID") },
    { "count", 0, 0, G_OPTION_ARG_STRING, &count_arg,
      N_("How many slices to create, 1 to 7 (default 1); all or none are created"), N_("N") },
    { "persistent", 0, 0, G_OPTION_ARG_NONE, &persistent,
      N_("Keep the slices after a restart (mdevctl); if that fails, none are created"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesBackend) backend = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) created = g_ptr_array_new ();
  g_autofree char *address = NULL;
  g_autofree char *uuid = NULL;
  SlicesSliceType *type;
  const char *type_id;
  SlicesGpu *gpu;
  guint64 count = 1;
  int available;
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Prints the UUID of each new slice on its own line. Nothing is created\n"
                         "unless there is room for all of them."),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  /* Usage first: all of these can be judged without reading the system. */
  if ((status = slicectl_check_no_arguments (argc, argv,
                                             _("“create” takes only options, but got “%s”; see "
                                               "“slicectl create --help”"))) != SLICECTL_EXIT_OK)
    return status;
  if (gpu_arg == NULL || type_arg == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“create” needs --gpu ADDRESS and --type TYPE; “slicectl list” "
                            "shows both"));

  if ((status = slicectl_check_pci_address (gpu_arg,
                                            _("“%s” is not a PCI address; write it as “slicectl "
                                              "list” shows it, e.g. 0000:00:02.0"), &address))
      != SLICECTL_EXIT_OK)
    return status;

  if (count_arg != NULL &&
      !g_ascii_string_to_unsigned (count_arg, 10, 1, SLICES_MAX_SLICES_PER_GPU, &count, NULL))
    {
      g_autofree char *quoted = slicectl_quote_arg (count_arg);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("--count must be a number from 1 to %d (a GPU holds at most %d "
                              "slices), not “%s”"),
                            SLICES_MAX_SLICES_PER_GPU, SLICES_MAX_SLICES_PER_GPU, quoted);
    }

  if (uuid_arg != NULL)
    {
      if (count > 1)
        return slicectl_fail (SLICECTL_EXIT_USAGE,
                              _("--uuid names one slice, so it cannot be used with --count %u; "
                                "leave out --uuid to get random UUIDs"), (guint) count);

      if ((status = slicectl_check_uuid (uuid_arg,
                                         _("“%s” is not a UUID; write it as "
                                           "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, or leave out "
                                           "--uuid"), &uuid)) != SLICECTL_EXIT_OK)
        return status;
    }

  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;
  if (persistent && (status = slicectl_check_persist_support (backend)) != SLICECTL_EXIT_OK)
    return status;

  gpu = slices_host_find_gpu (host, address);
  if (gpu == NULL)
    {
      g_autofree char *known = slicectl_dup_gpu_addresses (host);

      if (known == NULL)
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("no GPU with slice types at %s, and none elsewhere either; "
                                "“slicectl list” says why"), address);
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("no GPU with slice types at %s; GPUs with slice types: %s"),
                            address, known);
    }

  type = find_type (gpu, type_arg);
  if (type == NULL)
    {
      g_autofree char *ids = dup_type_ids (gpu);
      g_autofree char *quoted = slicectl_quote_arg (type_arg);

      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("GPU %s has no slice type “%s”; its types are: %s"),
                            address, quoted, ids);
    }
  type_id = slices_slice_type_get_id (type);

  if (uuid != NULL && slices_host_find_slice (host, uuid) != NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("a slice with UUID %s already exists; choose another UUID or "
                            "leave out --uuid"), uuid);

  available = slices_slice_type_get_available (type);
  if (available < (int) count)
    {
      if (count == 1)
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("no room for a slice of type %s on %s (0 available); remove a "
                                "slice or pick a smaller type; nothing was created"),
                              type_id, address);
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("no room for %u slices of type %s on %s: only %d available; "
                              "nothing was created"),
                            (guint) count, type_id, address, MAX (available, 0));
    }

  if (uuid != NULL)
    g_ptr_array_add (uuids, g_steal_pointer (&uuid));
  while (uuids->len < count)
    g_ptr_array_add (uuids, generate_uuid (host, uuids));

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *next = g_ptr_array_index (uuids, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *left = NULL;

      if (slices_backend_create_sync (backend, address, type_id, next, &error))
        {
          g_ptr_array_add (created, (gpointer) next);
          continue;
        }

      if (created->len == 0)
        return fail_create (error, i, count, type_id, address, NULL);

      left = roll_back (backend, created);
      if (left == NULL)
        {
          const char *outcome = _("the slices created before it were removed again, so "
                                  "nothing was changed");

          return fail_create (error, i, count, type_id, address, outcome);
        }
      else
        {
          g_autofree char *outcome =
            g_strdup_printf (_("these slices were created but could not be removed again: %s "
                               "(remove them with “slicectl remove”)"), left);
          return fail_create (error, i, count, type_id, address, outcome);
        }
    }

  /* All exist now; keep them, or take them all back so that nothing half-done remains. */
  for (guint i = 0; persistent && i < uuids->len; i++)
    {
      const char *next = g_ptr_array_index (uuids, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *left = NULL;

      if (slices_backend_persist_sync (backend, next, &error))
        continue;

      left = roll_back (backend, created);
      if (left == NULL)
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("could not keep slice %s after a restart: %s; the new slices "
                                "were removed again, so nothing was changed"),
                              next, error->message);
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("could not keep slice %s after a restart: %s; these slices were "
                              "created but could not be removed again: %s"),
                            next, error->message, left);
    }

  for (guint i = 0; i < uuids->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (uuids, i));

  return SLICECTL_EXIT_OK;
}
