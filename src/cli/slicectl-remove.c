/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl remove UUID…`: every UUID is checked (well formed, and a slice that exists) before
 * the first is removed, so a typo in the third UUID removes nothing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slicectl.h"

int
slicectl_remove_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, NULL);
  g_autoptr(SlicesBackend) backend = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) removed = g_string_new (NULL);
  guint n_missing = 0;
  int status;

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if (argc < 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“remove” needs at least one slice UUID; “slicectl list” shows them"));

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *uuid = NULL;

      if ((status = slicectl_check_uuid (argv[i],
                                         _("“%s” is not a UUID; “slicectl list” shows the "
                                           "slices' UUIDs; nothing was removed"), &uuid))
          != SLICECTL_EXIT_OK)
        return status;

      /* The same slice named twice (perhaps in another case) is removed once. */
      if (!g_ptr_array_find_with_equal_func (uuids, uuid, g_str_equal, NULL))
        g_ptr_array_add (uuids, g_steal_pointer (&uuid));
    }

  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);

      if (slices_host_find_slice (host, uuid) == NULL)
        {
          g_string_append_printf (missing, "%s%s", n_missing > 0 ? ", " : "", uuid);
          n_missing++;
        }
    }

  if (n_missing > 0)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          n_missing == 1
                          ? _("no slice has the UUID %s (“slicectl list” shows the slices); "
                              "nothing was removed")
                          : _("no slices have the UUIDs %s (“slicectl list” shows the slices); "
                              "nothing was removed"),
                          missing->str);

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      g_autoptr(GError) error = NULL;

      if (slices_backend_remove_sync (backend, uuid, &error))
        {
          g_string_append_printf (removed, "%s%s", removed->len > 0 ? ", " : "", uuid);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (removed->len == 0)
            return slicectl_fail (SLICECTL_EXIT_FAILED,
                                  _("authentication was dismissed; nothing was removed"));
          return slicectl_fail (SLICECTL_EXIT_FAILED,
                                _("authentication was dismissed; only %s was removed"),
                                removed->str);
        }

      if (removed->len == 0)
        return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not remove %s"), uuid);

      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("could not remove %s: %s; already removed: %s; the rest were kept"),
                            uuid, error->message, removed->str);
    }

  return SLICECTL_EXIT_OK;
}
