/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared test helpers: temporary trees, child processes (also as "nobody" under root) and
 * main-loop waits (see slices-test-util.h).
 */
/* setresuid(), setresgid() */
#define _GNU_SOURCE

#include "config.h"

#include "slices-test-util.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

char *
slices_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

/* TRUE when @path is a folder that every user can reach: it and each folder above it let
 * others search it (o+x). */
static gboolean
reachable_by_all (const char *path)
{
  g_autofree char *dir = realpath (path, NULL);

  while (dir != NULL)
    {
      GStatBuf st;
      char *parent;

      if (g_stat (dir, &st) != 0 || !S_ISDIR (st.st_mode) || (st.st_mode & S_IXOTH) == 0)
        return FALSE;
      if (g_str_equal (dir, "/"))
        return TRUE;
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
  return FALSE;
}

const char *
slices_test_public_tmp_dir (void)
{
  static const char *base = NULL;

  if (g_once_init_enter (&base))
    g_once_init_leave (&base, reachable_by_all (g_get_tmp_dir ()) ? g_get_tmp_dir () : "/tmp");
  return base;
}

char *
slices_test_make_public_dir (const char *tmpl)
{
  char *path = g_build_filename (slices_test_public_tmp_dir (), tmpl, NULL);

  if (g_mkdtemp (path) == NULL)
    g_error ("Could not make %s: %s", path, g_strerror (errno));
  /* Whatever the umask. */
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

gboolean
slices_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return TRUE;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;
      gboolean ok = TRUE;

      /* A test may have made a folder unreadable (mode 0); root does not need this. */
      if ((st.st_mode & 0700) != 0700)
        g_chmod (path, 0755);
      dir = g_dir_open (path, 0, NULL);

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ok = slices_test_remove_tree (child) && ok;
        }
      return g_rmdir (path) == 0 && ok;
    }

  return g_unlink (path) == 0;
}

void
slices_test_put_file (const char *root,
                      const char *relative,
                      const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

SlicesSimulator *
slices_test_simulator_new (const char *root,
                           const char *gpu_address)
{
  g_autoptr(SlicesSimulator) simulator = slices_simulator_new (root);
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, gpu_address);
  g_assert_true (slices_simulator_add_gpu (simulator, &spec, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&simulator);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
snapshot_into (GPtrArray  *lines,
               const char *root,
               const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = g_build_filename (relative, name, NULL);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);
      g_autofree char *contents = NULL;
      GStatBuf st;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (child, NULL);

          g_ptr_array_add (lines, g_strdup_printf ("%s -> %s", child_rel, target));
        }
      else if (S_ISDIR (st.st_mode))
        {
          g_ptr_array_add (lines, g_strdup_printf ("%s/ %04o", child_rel, st.st_mode & 07777));
          snapshot_into (lines, root, child_rel);
        }
      else if (S_ISREG (st.st_mode))
        {
          g_file_get_contents (child, &contents, NULL, NULL);
          g_ptr_array_add (lines, g_strdup_printf ("%s %04o = %s", child_rel, st.st_mode & 07777,
                                                   contents != NULL ? contents : "(unreadable)"));
        }
      else
        {
          /* A FIFO or a device is never opened: that could block or change it. */
          g_ptr_array_add (lines, g_strdup_printf ("%s %06o (special)", child_rel,
                                                   (guint) st.st_mode));
        }
    }
}

char *
slices_test_snapshot (const char *root)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);

  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  snapshot_into (lines, root, "");
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));

  return g_string_free (text, FALSE);
}

static gboolean
on_wait_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
slices_test_wait_until (SlicesTestCondition condition,
                        gpointer            data,
                        guint               timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, on_wait_timeout_cb, &timed_out);
  guint tick = g_timeout_add (10, on_wait_tick_cb, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

void
slices_test_store_result_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      slot)
{
  g_assert (*(GAsyncResult **) slot == NULL);
  *(GAsyncResult **) slot = g_object_ref (result);
}

static gboolean
has_result (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

GAsyncResult *
slices_test_wait_for_result (GAsyncResult **slot,
                             guint          timeout_seconds)
{
  g_assert_true (slices_test_wait_until (has_result, slot, timeout_seconds));
  return g_steal_pointer (slot);
}

void
slices_test_run_clear (SlicesTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

gboolean
slices_test_lookup_nobody (SlicesTestUser *user)
{
  struct passwd *entry = getpwnam ("nobody");

  if (entry == NULL)
    return FALSE;
  user->uid = entry->pw_uid;
  user->gid = entry->pw_gid;
  return TRUE;
}

gboolean
slices_test_become (const SlicesTestUser *user)
{
  if (setgroups (0, NULL) != 0 || setresgid (user->gid, user->gid, user->gid) != 0 ||
      setresuid (user->uid, user->uid, user->uid) != 0)
    return FALSE;

  /* A process whose uid changed is not dumpable (fs.suid_dumpable 0), and kernels may then
   * refuse ptrace from its own tracer: LeakSanitizer stops the threads with ptrace before it
   * looks for leaks, and would fail ("LeakSanitizer has encountered a fatal error") in a test
   * subprocess that dropped privileges without exec. Nothing of root's is left to protect. */
  return prctl (PR_SET_DUMPABLE, 1, 0, 0, 0) == 0;
}

/* Between fork and exec: only async-signal-safe calls. */
static void
become_child_setup (gpointer data)
{
  static const char message[] = "slices-test-util: could not drop privileges before exec\n";

  if (!slices_test_become (data))
    {
      gssize written = write (STDERR_FILENO, message, sizeof message - 1);

      (void) written;  /* nowhere left to report a failed write */
      _exit (125);
    }
}

/* A copy of the program @path, mode 0755, in the folder @dir. */
static char *
copy_program (const char *path,
              const char *dir)
{
  g_autofree char *name = g_path_get_basename (path);
  char *copy = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) destination = g_file_new_for_path (copy);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, destination, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
  return copy;
}

void
slices_test_run_argv_as (SlicesTestRun        *run,
                         const char * const   *argv,
                         const char * const   *envp,
                         const SlicesTestUser *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *program = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int wait_status = 0;

  slices_test_run_clear (run);
  if (user != NULL)
    {
      /* Root can exec from a folder nobody else may enter; @user cannot. */
      dir = slices_test_make_public_dir ("slices-test-exec-XXXXXX");
      program = copy_program (argv[0], dir);
    }
  g_ptr_array_add (args, program != NULL ? program : (char *) argv[0]);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (dir, (char **) args->pdata, (char **) envp, G_SPAWN_DEFAULT,
                user != NULL ? become_child_setup : NULL, (gpointer) user,
                &run->out, &run->err, &wait_status, &error);
  if (dir != NULL)
    g_assert_true (slices_test_remove_tree (dir));
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    {
      /* A crash (a sanitizer report ends in abort()): say what ran and what it printed. */
      g_autofree char *command = g_strjoinv (" ", (char **) argv);

      g_error ("%s: killed by signal %d\nstderr:\n%s", command,
               WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : -1, run->err);
    }
  run->status = WEXITSTATUS (wait_status);
}

void
slices_test_run_argv (SlicesTestRun      *run,
                      const char * const *argv,
                      const char * const *envp)
{
  slices_test_run_argv_as (run, argv, envp, NULL);
}

gboolean
slices_test_socket_accepts (const char *path)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd;
  gboolean ok;

  if (strlen (path) >= sizeof address.sun_path)
    return FALSE;
  strcpy (address.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  ok = connect (fd, (struct sockaddr *) &address, sizeof address) == 0;
  close (fd);
  return ok;
}

void
slices_test_assert_contains (const char *text,
                             const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, text);
}

void
slices_test_assert_lacks (const char *text,
                          const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” unexpectedly in:\n%s", needle, text);
}
