/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fuzz target: discovery (slices_sysfs_discover) over arbitrary small trees. The input is a
 * list of lines that build a tree in a fresh temporary folder:
 *
 *   D path            a folder (parents made as needed)
 *   F path<TAB>text   a file; "\n" in text is a newline, "\t" a tab, "\\" a backslash
 *   L path<TAB>target a symbolic link
 *
 * Paths are relative to the tree's root; "." and ".." components are refused, and a link
 * target may only climb ("../") as far as the root, so that nothing outside the temporary
 * folder is ever made or read. Then discovery runs, its result is checked for sanity, and the
 * tree is removed.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "slices-ids.h"
#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-sysfs.h"

#define MAX_RECORDS  256
#define MAX_PATH_LEN 256

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Splits @path into components; FALSE for absolute paths, "." or "..", or empty ones. */
static gboolean
path_is_plain (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path[0] == '\0' || path[0] == '/' || strlen (path) > MAX_PATH_LEN)
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

/* How many folders below @root the real folder of @dir lies, or -1 when it is not inside. */
static int
real_depth (const char *root,
            const char *dir)
{
  g_autofree char *real = realpath (dir, NULL);
  size_t root_len = strlen (root);
  int depth = 0;

  if (real == NULL || strncmp (real, root, root_len) != 0 ||
      (real[root_len] != '\0' && real[root_len] != '/'))
    return -1;
  for (const char *c = real + root_len; *c != '\0'; c++)
    if (*c == '/')
      depth++;
  return depth;
}

/* "../" at most @depth times, then plain names only. */
static gboolean
target_is_confined (const char *target,
                    int         depth)
{
  int ups = 0;

  while (g_str_has_prefix (target, "../"))
    {
      target += 3;
      ups++;
    }
  if (g_str_equal (target, ".."))
    {
      target += 2;
      ups++;
    }
  if (ups > depth)
    return FALSE;
  return target[0] == '\0' || path_is_plain (target);
}

static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c++)
    {
      if (c[0] == '\\' && c[1] == 'n')
        g_string_append_c (out, '\n'), c++;
      else if (c[0] == '\\' && c[1] == 't')
        g_string_append_c (out, '\t'), c++;
      else if (c[0] == '\\' && c[1] == '\\')
        g_string_append_c (out, '\\'), c++;
      else
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

/* Makes the parents of @path (relative) inside @root; returns the real depth of the parent,
 * or -1 when it cannot be made inside the root. */
static int
make_parents (const char *root,
              const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *parent = g_path_get_dirname (full);
  g_autofree char *relative_parent = g_path_get_dirname (path);

  /* Each step must stay inside the root, even through links made earlier. */
  if (!g_str_equal (relative_parent, "."))
    {
      g_auto(GStrv) parts = g_strsplit (relative_parent, "/", -1);
      g_autofree char *walk = g_strdup (root);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *next = g_build_filename (walk, parts[i], NULL);

          g_free (walk);
          walk = next;
          if (mkdir (walk, 0755) != 0 && errno != EEXIST)
            return -1;
          if (real_depth (root, walk) < 0)
            return -1;
        }
    }
  return real_depth (root, parent);
}

static void
build_record (const char *root,
              const char *line)
{
  g_autofree char *path = NULL;
  g_autofree char *full = NULL;
  const char *tab;
  char op = line[0];
  int depth;

  if ((op != 'D' && op != 'F' && op != 'L') || line[1] != ' ')
    return;
  line += 2;
  tab = strchr (line, '\t');
  path = tab != NULL ? g_strndup (line, tab - line) : g_strdup (line);
  if (!path_is_plain (path))
    return;
  depth = make_parents (root, path);
  if (depth < 0)
    return;
  full = g_build_filename (root, path, NULL);

  switch (op)
    {
    case 'D':
      (void) mkdir (full, 0755);
      break;
    case 'F':
      {
        g_autofree char *text = unescape (tab != NULL ? tab + 1 : "");
        int fd = open (full, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);

        if (fd >= 0)
          {
            ssize_t ignored = write (fd, text, strlen (text));

            (void) ignored;
            close (fd);
          }
        break;
      }
    case 'L':
      if (tab != NULL && target_is_confined (tab + 1, depth))
        (void) symlink (tab + 1, full);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;

      if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (child);
      else
        (void) unlink (child);
    }
  (void) rmdir (path);
}

static void
check_gpus (GPtrArray *gpus)
{
  for (guint i = 0; i < gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (gpus, i);
      const char *address = slices_gpu_get_address (gpu);
      GListModel *types = slices_gpu_get_types (gpu);
      GListModel *slices = slices_gpu_get_slices (gpu);

      g_autofree char *display_name = slices_gpu_dup_display_name (gpu);

      check (address != NULL && strchr (address, '/') == NULL);
      check (display_name != NULL && g_utf8_validate (display_name, -1, NULL));
      if (i > 0)
        check (strcmp (slices_gpu_get_address (g_ptr_array_index (gpus, i - 1)), address) < 0);
      check (g_list_model_get_n_items (types) < 10000);
      check (g_utf8_validate (address, -1, NULL));
      check (slices_gpu_get_driver (gpu) == NULL ||
             g_utf8_validate (slices_gpu_get_driver (gpu), -1, NULL));

      /* Everything here may reach a label or a message: valid UTF-8 only. */
      for (guint n = 0; n < g_list_model_get_n_items (types); n++)
        {
          g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, n);
          const char *description = slices_slice_type_get_description (type);
          const char *device_api = slices_slice_type_get_device_api (type);

          check (g_utf8_validate (slices_slice_type_get_id (type), -1, NULL));
          check (g_utf8_validate (slices_slice_type_get_name (type), -1, NULL));
          check (description == NULL || g_utf8_validate (description, -1, NULL));
          check (device_api == NULL || g_utf8_validate (device_api, -1, NULL));
          check (slices_slice_type_get_available (type) >= -1);
        }

      for (guint n = 0; n < g_list_model_get_n_items (slices); n++)
        {
          g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, n);
          const char *uuid = slices_slice_get_uuid (slice);
          char canonical[37];

          /* Slices are known by the kernel's lowercase UUID, whatever the tree says. */
          check (slices_uuid_normalize (uuid, canonical));
          check (g_str_equal (canonical, uuid));
          check (g_utf8_validate (slices_slice_get_type_id (slice), -1, NULL));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autoptr(GPtrArray) gpus = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  tmp = g_dir_make_tmp ("fuzz-sysfs-XXXXXX", NULL);
  check (tmp != NULL);
  root = realpath (tmp, NULL);
  check (root != NULL);

  lines = g_strsplit (text, "\n", MAX_RECORDS + 1);
  for (guint i = 0; lines[i] != NULL && i < MAX_RECORDS; i++)
    build_record (root, lines[i]);

  gpus = slices_sysfs_discover (root, FALSE, &error);
  if (gpus == NULL)
    check (g_error_matches (error, SLICES_ERROR, SLICES_ERROR_BAD_TREE));
  else
    {
      g_autoptr(GPtrArray) again = slices_sysfs_discover (root, FALSE, NULL);

      check_gpus (gpus);
      /* Reading the same tree again changes nothing (what a refresh relies on). */
      check (again != NULL && again->len == gpus->len);
      for (guint i = 0; i < gpus->len; i++)
        check (!slices_gpu_merge (g_ptr_array_index (gpus, i), g_ptr_array_index (again, i)));
    }

  remove_tree (root);
  return 0;
}
