/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared umockdev testbed helpers for the helper tests. See slices-test-helper-util.h.
 */
#include "config.h"

#include "slices-test-helper-util.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

void
slices_testbed_setup (SlicesTestbed *bed)
{
  bed->testbed = umockdev_testbed_new ();
  bed->root = umockdev_testbed_get_root_dir (bed->testbed); /* transfer full */
}

void
slices_testbed_teardown (SlicesTestbed *bed,
                         gconstpointer  data)
{
  g_clear_object (&bed->testbed);
  g_clear_pointer (&bed->root, g_free);
}

gboolean
slices_testbed_in_mock_environment (void)
{
  g_autoptr(UMockdevTestbed) probe = umockdev_testbed_new ();

  return umockdev_in_mock_environment ();
}

char *
slices_testbed_path (SlicesTestbed *bed,
                     const char    *path)
{
  return g_build_filename (bed->root, path, NULL);
}

void
slices_testbed_make_link (SlicesTestbed *bed,
                          const char    *target,
                          const char    *path)
{
  g_autofree char *full = slices_testbed_path (bed, path);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, full), ==, 0);
}

void
slices_testbed_make_dir (SlicesTestbed *bed,
                         const char    *path)
{
  g_autofree char *full = slices_testbed_path (bed, path);

  g_assert_cmpint (g_mkdir_with_parents (full, 0755), ==, 0);
}

void
slices_testbed_write_file (SlicesTestbed *bed,
                           const char    *path,
                           const char    *contents)
{
  g_autofree char *full = slices_testbed_path (bed, path);
  g_autofree char *dir = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (full, contents, -1, &error);
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every file, folder and link under the testbed root, with contents and modes. */
static void
snapshot_dir (GString    *out,
              const char *root,
              const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child_rel = g_build_filename (relative, names->pdata[i], NULL);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);
      struct stat st;

      g_assert_cmpint (lstat (child, &st), ==, 0);
      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (child, NULL);

          g_string_append_printf (out, "L %s -> %s\n", child_rel, target);
        }
      else if (S_ISDIR (st.st_mode))
        {
          g_string_append_printf (out, "D %s %o\n", child_rel, st.st_mode & 07777);
          snapshot_dir (out, root, child_rel);
        }
      else if (!S_ISREG (st.st_mode))
        {
          /* umockdev's own sockets */
          g_string_append_printf (out, "S %s %o\n", child_rel, st.st_mode);
        }
      else
        {
          g_autofree char *contents = NULL;
          g_autofree char *escaped = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (child, &contents, &len, NULL));
          escaped = g_strescape (contents, NULL);
          g_string_append_printf (out, "F %s %o %" G_GSIZE_FORMAT " \"%s\"\n", child_rel,
                                  st.st_mode & 07777, len, escaped);
        }
    }
}

char *
slices_testbed_snapshot (SlicesTestbed *bed)
{
  GString *out = g_string_new (NULL);

  snapshot_dir (out, bed->root, "");
  return g_string_free (out, FALSE);
}
