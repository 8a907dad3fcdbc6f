/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What mdevctl keeps, read as the user: runs `mdevctl list --defined --dumpjson` through
 * GSubprocess and parses its JSON tolerantly (the nesting changed between versions), finds
 * mdevctl where distributions install it, and tells NixOS apart. No privileges, no writes.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include "slices-helper-protocol.h"
#include "slices-ids.h"
#include "slices-json.h"
#include "slices-mdevctl.h"

G_DEFINE_BOXED_TYPE (SlicesMdevDefinition, slices_mdev_definition,
                     slices_mdev_definition_copy, slices_mdev_definition_free)

SlicesMdevDefinition *
slices_mdev_definition_new (const char *uuid,
                            const char *parent,
                            const char *type_id,
                            const char *start)
{
  SlicesMdevDefinition *definition;

  g_return_val_if_fail (uuid != NULL, NULL);

  definition = g_new0 (SlicesMdevDefinition, 1);
  definition->uuid = g_ascii_strdown (uuid, -1);
  definition->parent = g_strdup (parent);
  definition->type_id = g_strdup (type_id);
  definition->start = g_strdup (start);

  return definition;
}

SlicesMdevDefinition *
slices_mdev_definition_copy (const SlicesMdevDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);

  return slices_mdev_definition_new (definition->uuid, definition->parent, definition->type_id,
                                     definition->start);
}

void
slices_mdev_definition_free (SlicesMdevDefinition *definition)
{
  if (definition == NULL)
    return;

  g_free (definition->uuid);
  g_free (definition->parent);
  g_free (definition->type_id);
  g_free (definition->start);
  g_free (definition);
}

gboolean
slices_mdev_definition_is_auto (const SlicesMdevDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, FALSE);

  return g_strcmp0 (definition->start, "auto") == 0;
}

GHashTable *
slices_mdev_definitions_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) slices_mdev_definition_free);
}

static gboolean
looks_like_pci_address (const char *text)
{
  return text != NULL &&
         g_regex_match_simple ("^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]$", text, 0,
                               0);
}

static const char *
get_string_member (const SlicesJsonNode *object,
                   const char           *name)
{
  return slices_json_node_get_string (slices_json_node_get_member (object, name));
}

static void
add_definition (GHashTable           *definitions,
                const char           *uuid,
                const char           *parent,
                const SlicesJsonNode *object)
{
  const char *own_parent = get_string_member (object, "parent");
  const char *type_id = get_string_member (object, "mdev_type");
  SlicesMdevDefinition *definition;

  if (type_id == NULL)
    type_id = get_string_member (object, "type");
  if (own_parent != NULL && looks_like_pci_address (own_parent))
    parent = own_parent;

  definition = slices_mdev_definition_new (uuid, parent, type_id,
                                           get_string_member (object, "start"));
  if (definition->parent != NULL)
    {
      char *lower = g_ascii_strdown (definition->parent, -1);

      g_free (definition->parent);
      definition->parent = lower;
    }
  g_hash_table_replace (definitions, g_strdup (definition->uuid), definition);
}

/* @parent: the nearest enclosing member named like a PCI address, or NULL. */
static void
collect_definitions (const SlicesJsonNode *node,
                     const char           *parent,
                     GHashTable           *definitions)
{
  if (node->kind == SLICES_JSON_ARRAY)
    {
      for (guint i = 0; i < node->children->len; i++)
        collect_definitions (g_ptr_array_index (node->children, i), parent, definitions);
    }
  else if (node->kind == SLICES_JSON_OBJECT)
    {
      const char *own_uuid = get_string_member (node, "uuid");

      /* {"uuid":"…","parent":"…","mdev_type":"…"}: the object is the definition itself. */
      if (own_uuid != NULL && slices_uuid_is_valid (own_uuid))
        {
          add_definition (definitions, own_uuid, parent, node);
          return;
        }

      for (guint i = 0; i < node->names->len; i++)
        {
          const char *name = g_ptr_array_index (node->names, i);
          const SlicesJsonNode *member = g_ptr_array_index (node->children, i);

          if (slices_uuid_is_valid (name) && member->kind == SLICES_JSON_OBJECT)
            add_definition (definitions, name, parent, member);
          else if (looks_like_pci_address (name))
            collect_definitions (member, name, definitions);
          else
            collect_definitions (member, parent, definitions);
        }
    }
}

GHashTable *
slices_mdevctl_parse_defined (const char  *json,
                              GError     **error)
{
  g_autoptr(SlicesJsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stripped = NULL;
  GHashTable *definitions;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  definitions = slices_mdev_definitions_new ();
  stripped = g_strstrip (g_strdup (json != NULL ? json : ""));
  /* Some versions print nothing at all when nothing is defined. */
  if (*stripped == '\0')
    return definitions;

  root = slices_json_parse (stripped, &local_error);
  if (root == NULL)
    {
      g_hash_table_unref (definitions);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("mdevctl’s list of kept slices could not be read: %s"),
                   local_error->message);
      return NULL;
    }

  collect_definitions (root, NULL, definitions);

  return definitions;
}

GHashTable *
slices_mdevctl_read_store (const char *store_dir)
{
  GHashTable *definitions = slices_mdev_definitions_new ();
  g_autoptr(GDir) parents = NULL;
  const char *parent;

  g_return_val_if_fail (store_dir != NULL, definitions);

  parents = g_dir_open (store_dir, 0, NULL);
  while (parents != NULL && (parent = g_dir_read_name (parents)) != NULL)
    {
      g_autofree char *parent_dir = g_build_filename (store_dir, parent, NULL);
      g_autoptr(GDir) uuids = g_dir_open (parent_dir, 0, NULL);
      const char *uuid;

      while (uuids != NULL && (uuid = g_dir_read_name (uuids)) != NULL)
        {
          g_autofree char *path = NULL;
          g_autofree char *text = NULL;
          g_autoptr(SlicesJsonNode) root = NULL;

          if (!slices_uuid_is_valid (uuid))
            continue;
          path = g_build_filename (parent_dir, uuid, NULL);
          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
              !g_file_get_contents (path, &text, NULL, NULL) ||
              (root = slices_json_parse (text, NULL)) == NULL || root->kind != SLICES_JSON_OBJECT)
            continue;
          add_definition (definitions, uuid, parent, root);
        }
    }
  return definitions;
}

static int
compare_definitions (gconstpointer a,
                     gconstpointer b)
{
  const SlicesMdevDefinition *da = *(const SlicesMdevDefinition * const *) a;
  const SlicesMdevDefinition *db = *(const SlicesMdevDefinition * const *) b;
  int by_parent = g_strcmp0 (da->parent, db->parent);

  return by_parent != 0 ? by_parent : g_strcmp0 (da->uuid, db->uuid);
}

char *
slices_mdev_definitions_to_json (GHashTable *definitions)
{
  SlicesJsonBuilder *builder = slices_json_builder_new (FALSE);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  const char *open_parent = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (definitions != NULL, NULL);

  g_hash_table_iter_init (&iter, definitions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_definitions);

  slices_json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const SlicesMdevDefinition *definition = sorted->pdata[i];
      const char *parent = definition->parent != NULL ? definition->parent : "";

      if (open_parent == NULL || g_strcmp0 (open_parent, parent) != 0)
        {
          if (open_parent != NULL)
            {
              slices_json_builder_end_array (builder);
              slices_json_builder_end_object (builder);
            }
          slices_json_builder_begin_object (builder);
          slices_json_builder_set_member_name (builder, parent);
          slices_json_builder_begin_array (builder);
          open_parent = parent;
        }

      slices_json_builder_begin_object (builder);
      slices_json_builder_set_member_name (builder, definition->uuid);
      slices_json_builder_begin_object (builder);
      if (definition->type_id != NULL)
        {
          slices_json_builder_set_member_name (builder, "mdev_type");
          slices_json_builder_add_string_value (builder, definition->type_id);
        }
      slices_json_builder_set_member_name (builder, "start");
      slices_json_builder_add_string_value (builder, definition->start != NULL
                                                     ? definition->start : "manual");
      slices_json_builder_set_member_name (builder, "attrs");
      slices_json_builder_begin_array (builder);
      slices_json_builder_end_array (builder);
      slices_json_builder_end_object (builder);
      slices_json_builder_end_object (builder);
    }
  if (open_parent != NULL)
    {
      slices_json_builder_end_array (builder);
      slices_json_builder_end_object (builder);
    }
  slices_json_builder_end_array (builder);

  return slices_json_builder_free_to_data (builder);
}

char *
slices_mdevctl_find (void)
{
  const char *candidates[] = { MDEVCTL_PATH, "/usr/bin/mdevctl", "/usr/sbin/mdevctl" };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE) &&
          !g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

gboolean
slices_mdevctl_is_installed (void)
{
  g_autofree char *path = slices_mdevctl_find ();

  return path != NULL;
}

gboolean
slices_system_is_nixos (const char *root_dir)
{
  g_autofree char *path = g_build_filename (root_dir != NULL ? root_dir : "/", "etc", "NIXOS",
                                            NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

typedef struct {
  GHashTable *definitions;
  char       *json;
} ListResult;

static void
list_result_free (ListResult *list)
{
  g_clear_pointer (&list->definitions, g_hash_table_unref);
  g_free (list->json);
  g_free (list);
}

static void
return_list (GTask      *task,
             GHashTable *definitions,
             const char *json)
{
  ListResult *list = g_new0 (ListResult, 1);

  list->definitions = definitions;
  list->json = g_strdup (json);
  g_task_return_pointer (task, list, (GDestroyNotify) list_result_free);
}

char *
slices_last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        return g_strdup (lines[i]);
    }
  return NULL;
}

static void
on_list_communicate_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *definitions;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *line = slices_last_line (err);

      /* mdevctl 1.2.0 fails when /etc/mdevctl.d (or its scripts.d folders) is missing: then
       * it keeps nothing. */
      if (line != NULL && strstr (line, "doesn't exist") != NULL &&
          strstr (line, "/etc/mdevctl.d") != NULL)
        {
          return_list (task, slices_mdev_definitions_new (), "[]");
          return;
        }

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("mdevctl could not list the slices it keeps: %s"),
                               line != NULL ? line : _("it failed without saying why"));
      return;
    }

  definitions = slices_mdevctl_parse_defined (out, &error);
  if (definitions == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  return_list (task, definitions, out);
}

static void
read_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  /* No JSON: nothing was printed (slices_mdevctl_list_defined_finish() says so). */
  return_list (task, slices_mdevctl_read_store (SLICES_HELPER_MDEVCTL_CONF_DIR), NULL);
}

void
slices_mdevctl_list_defined_async (const char          *mdevctl_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  const char *argv[] = { NULL, "list", "--defined", "--dumpjson", NULL };

  g_return_if_fail (mdevctl_path == NULL || g_path_is_absolute (mdevctl_path));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_mdevctl_list_defined_async);

  if (mdevctl_path == NULL)
    {
      /* This system: mdevctl's store itself, no process (its start costs as much as all of
       * `slicectl list`). */
      found = slices_mdevctl_find ();
      if (found == NULL)
        return_list (task, slices_mdev_definitions_new (), "[]");
      else
        g_task_run_in_thread (task, read_store_thread);
      return;
    }
  if (!g_file_test (mdevctl_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      return_list (task, slices_mdev_definitions_new (), "[]");
      return;
    }

  argv[0] = mdevctl_path;
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not run %s: %s"), mdevctl_path, error->message);
      return;
    }

  g_subprocess_communicate_utf8_async (process, NULL, cancellable, on_list_communicate_cb,
                                       g_steal_pointer (&task));
}

GHashTable *
slices_mdevctl_list_defined_finish (GAsyncResult  *result,
                                    char         **out_json,
                                    GError       **error)
{
  ListResult *list;
  GHashTable *definitions;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        slices_mdevctl_list_defined_async, NULL);

  list = g_task_propagate_pointer (G_TASK (result), error);
  if (list == NULL)
    return NULL;

  definitions = g_steal_pointer (&list->definitions);
  if (out_json != NULL)
    *out_json = g_steal_pointer (&list->json);
  list_result_free (list);

  return definitions;
}
