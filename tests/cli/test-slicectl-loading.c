/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What slicectl loads. Nothing links libvirt (slices-virt.h): list, create, persist, doctor
 * without --connect, nixos, qemu-args and an offline attach with --libvirt-version never map
 * it, which the dynamic loader's own trace (LD_DEBUG=files) shows (and, with GLib linked
 * statically, those that slicectl runs itself map only libudev and libc); attach online, doctor
 * --connect and remove (which looks up the VMs that hold the slices, on $LIBVIRT_DEFAULT_URI
 * here: test:///default) do. Only attach, detach, remove, repair and doctor --connect, which
 * read or edit definitions, map libxml2: slicectl runs slicectl-vm for them, and says so in one line
 * when it is missing. On a system without libvirt (its library hidden in a private mount
 * namespace) the first group works all the same, remove too (with a note that the VMs were not
 * looked up), and the rest say libvirt is not installed, in one line, changing nothing.
 */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "slices-test-cli.h"

#define TEST_URI "test:///default"

typedef struct {
  const char *name;
  gboolean    needs_libvirt;
  gboolean    checks;         /* may exit 1: doctor when a check is an error, SR-IOV commands
                               * on the Kaby Lake tree */
  gboolean    optional;       /* works without libvirt, with a note */
  const char *args[16];
} Command;

/* Run by slicectl-vm, with libxml2. */
static gboolean
edits_vm (const Command *command)
{
  return g_str_has_prefix (command->name, "attach") || g_str_equal (command->name, "remove")
         || g_str_equal (command->name, "repair")
         || g_str_equal (command->name, "doctor-connect");
}

/* "@T" is the tree. Each runs on a fresh Kaby Lake tree with slice UUID_B. */
static const Command commands[] = {
  { "list", FALSE, FALSE, FALSE, { "--sysfs-root", "@T", "list", "--json" } },
  { "list-table", FALSE, FALSE, FALSE, { "--sysfs-root", "@T", "list" } },
  { "create", FALSE, FALSE, FALSE,
    { "--sysfs-root", "@T", "--simulate", "create", "--gpu", KBL_ADDRESS, "--type",
      "i915-GVTg_V5_8", "--uuid", UUID_C } },
  { "remove", TRUE, FALSE, TRUE, { "--sysfs-root", "@T", "--simulate", "remove", UUID_B } },
  { "persist", FALSE, FALSE, FALSE, { "--sysfs-root", "@T", "--simulate", "persist", UUID_B } },
  { "doctor", FALSE, TRUE, FALSE, { "--sysfs-root", "@T", "doctor", "--json" } },
  /* SR-IOV: the Kaby Lake GPU makes no VFs, so these read the tree and refuse (exit 1). */
  { "set-vfs", FALSE, TRUE, FALSE,
    { "--sysfs-root", "@T", "--simulate", "set-vfs", "--gpu", KBL_ADDRESS, "2" } },
  { "set-vf-profile", FALSE, TRUE, FALSE,
    { "--sysfs-root", "@T", "--simulate", "set-vf-profile", "--gpu", KBL_ADDRESS, "--vf", "0",
      "--exec-quantum-ms", "20" } },
  { "persist-gpu", FALSE, TRUE, FALSE,
    { "--sysfs-root", "@T", "--simulate", "persist", "--gpu", KBL_ADDRESS } },
  { "unpersist-gpu", FALSE, FALSE, FALSE,
    { "--sysfs-root", "@T", "--simulate", "unpersist", "--gpu", KBL_ADDRESS } },
  { "nixos", FALSE, FALSE, FALSE, { "--sysfs-root", "@T", "nixos" } },
  { "qemu-args", FALSE, FALSE, FALSE, { "--sysfs-root", "@T", "qemu-args", UUID_B } },
  { "attach-offline", FALSE, FALSE, FALSE,
    { "--sysfs-root", "@T", "attach", "--xml", "@X", "--slice", UUID_B, "--libvirt-version",
      "9.0.0" } },
  { "attach-online", TRUE, FALSE, FALSE,
    { "--sysfs-root", "@T", "attach", "--connect", TEST_URI, "--domain", "test", "--slice",
      UUID_B, "--dry-run" } },
  { "doctor-connect", TRUE, TRUE, FALSE,
    { "--sysfs-root", "@T", "doctor", "--connect", TEST_URI } },
  { "repair", TRUE, FALSE, FALSE,
    { "--sysfs-root", "@T", "repair", "--connect", TEST_URI, "--dry-run" } },
};

/* The file the loader opens for libvirt.so.0: the one this test itself was linked with. */
static char *
libvirt_library_path (void)
{
  Dl_info info;

  g_assert_true (dladdr ((void *) virGetVersion, &info) != 0);
  g_assert_nonnull (info.dli_fname);
  return realpath (info.dli_fname, NULL);
}

/* Between fork and exec: a private mount namespace where libvirt's library is an empty file,
 * as if it were not installed. Only system calls; exits on failure so that a test never runs
 * with libvirt in place by mistake. */
static void
hide_libvirt (gpointer data)
{
  const char *library = data;

  if (unshare (CLONE_NEWNS) != 0
      || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
      || mount ("/dev/null", library, NULL, MS_BIND, NULL) != 0)
    {
      const char message[] = "test-slicectl-loading: could not hide libvirt\n";

      if (write (STDERR_FILENO, message, sizeof message - 1) < 0)
        _exit (126);
      _exit (126);
    }
}

/* Runs slicectl with @command's arguments on @tree, with the loader's trace of the libraries
 * it maps in @trace (when not NULL), or without libvirt (@hide: the library's path). */
static void
run_command (SlicesTestRun        *run,
             const Command        *command,
             const SlicesTestTree *tree,
             const char           *xml_file,
             const char           *trace,
             const char           *hide)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) slices_test_cli_path ());
  for (gsize i = 0; command->args[i] != NULL; i++)
    {
      const char *arg = command->args[i];

      g_ptr_array_add (argv, (char *) (g_str_equal (arg, "@T") ? tree->root
                                       : g_str_equal (arg, "@X") ? xml_file : arg));
    }
  g_ptr_array_add (argv, NULL);

  if (trace != NULL)
    {
      envp = g_environ_setenv (envp, "LD_DEBUG", "files", TRUE);
      envp = g_environ_setenv (envp, "LD_DEBUG_OUTPUT", trace, TRUE);
    }

  slices_test_run_clear (run);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               hide != NULL ? hide_libvirt : NULL, (gpointer) hide,
                               &run->out, &run->err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 126);
  run->status = WEXITSTATUS (status);
}

/* The loader's trace goes to TRACE.PID, one file per process. */
static char *
read_trace (const char *trace)
{
  g_autofree char *dir = g_path_get_dirname (trace);
  g_autofree char *base = g_path_get_basename (trace);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (!g_str_has_prefix (name, base))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_string_append (text, contents);
      g_assert_no_errno (unlink (path));
    }

  g_assert_cmpuint (text->len, >, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static SlicesTestTree *
tree_with_slice (void)
{
  SlicesTestTree *tree = slices_test_tree_new_kaby_lake ();

  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_B);
  return tree;
}

static char *
write_domain (const SlicesTestTree *tree)
{
  char *path = g_build_filename (tree->root, "vm.xml", NULL);

  g_assert_true (g_file_set_contents (path,
                                      "<domain type='kvm'><name>vm</name><memory>1048576</memory>"
                                      "<os><type arch='x86_64'>hvm</type></os></domain>\n",
                                      -1, NULL));
  return path;
}

#if SLICECTL_GLIB_STATIC
/* What slicectl runs itself maps libudev and libc, and nothing else (issue 11: it starts about
 * as fast as mdevctl); slicectl-vm maps the shared GLib, which libvirt needs too. Each trace
 * line starts with the process id: slicectl's is the one whose libraries it "needed", and the
 * programs it runs (mdevctl) have others. */
static void
assert_maps_only_libudev_and_libc (const Command *command,
                                   const char    *libraries)
{
  g_autofree char *needed = g_strdup_printf ("needed by %s [0]", slices_test_cli_path ());
  g_auto(GStrv) lines = g_strsplit (libraries, "\n", -1);
  g_autofree char *pid = NULL;

  for (guint i = 0; lines[i] != NULL && pid == NULL; i++)
    {
      if (strstr (lines[i], needed) != NULL)
        pid = g_strndup (lines[i], strcspn (lines[i], ":"));
    }
  g_assert_nonnull (pid);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *file = strstr (lines[i], "file=");

      if (file == NULL || strncmp (lines[i], pid, strlen (pid)) != 0 ||
          lines[i][strlen (pid)] != ':')
        continue;
      if (!g_str_has_prefix (file, "file=libc.so.6 ") &&
          !g_str_has_prefix (file, "file=libudev.so.1 "))
        g_error ("“%s” mapped more than libudev and libc:\n%s", command->name, libraries);
    }
}
#endif

static void
test_maps_libvirt (gconstpointer data)
{
  const Command *command = data;
  g_autoptr(SlicesTestTree) tree = tree_with_slice ();
  g_autofree char *xml_file = write_domain (tree);
  g_autofree char *trace = g_build_filename (tree->root, "ld-trace", NULL);
  g_autofree char *libraries = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  run_command (&run, command, tree, xml_file, trace, NULL);
  if (run.status != 0 && !(command->checks && run.status == 1))
    g_error ("“%s” failed (%d): %s", command->name, run.status, run.err);
  libraries = read_trace (trace);

  /* The trace names each library it maps as "file=NAME [0];  needed by …" or "dynamically
   * loaded by …"; the C library's is in every one, as a check that the trace is what we read
   * (GLib's is not: slicectl links it statically, src/cli/meson.build). */
  g_assert_nonnull (strstr (libraries, "file=libc.so.6"));
#if SLICECTL_GLIB_STATIC
  if (!edits_vm (command) && !command->needs_libvirt)
    assert_maps_only_libudev_and_libc (command, libraries);
#endif
  if (command->needs_libvirt)
    g_assert_nonnull (strstr (libraries, "file=libvirt.so.0"));
  else if (strstr (libraries, "libvirt") != NULL)
    g_error ("“%s” mapped libvirt:\n%s", command->name, libraries);

  /* libvirt needs libxml2 itself. */
  if (edits_vm (command))
    g_assert_nonnull (strstr (libraries, "file=libxml2.so.2"));
  else if (!command->needs_libvirt && strstr (libraries, "libxml2") != NULL)
    g_error ("“%s” mapped libxml2:\n%s", command->name, libraries);
}

/* A slicectl without its slicectl-vm (a broken install): attach and detach say what is
 * missing, in one line; the rest works. */
static void
test_without_vm_tool (void)
{
  g_autoptr(SlicesTestTree) tree = tree_with_slice ();
  g_autofree char *xml_file = write_domain (tree);
  g_autofree char *dir = slices_test_make_tmp_dir ("test-slicectl-alone-XXXXXX");
  g_autofree char *alone = g_build_filename (dir, "slicectl", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_auto(SlicesTestRun) run = { 0 };

  g_assert_true (g_file_get_contents (slices_test_cli_path (), &contents, &length, NULL));
  g_assert_true (g_file_set_contents_full (alone, contents, length, G_FILE_SET_CONTENTS_NONE,
                                           0755, NULL));

  {
    const char *argv[] = { alone, "--sysfs-root", tree->root, "attach", "--xml", xml_file,
                           "--slice", UUID_B, "--libvirt-version", "9.0.0", NULL };

    slices_test_run_argv (&run, argv, NULL);
    slices_test_cli_assert_one_line_error (&run, 1, "slicectl-vm", "attach", NULL);
  }
  {
    const char *argv[] = { alone, "--sysfs-root", tree->root, "list", NULL };

    slices_test_run_argv (&run, argv, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, UUID_B));
  }

  slices_test_remove_tree (dir);
}

static void
test_without_libvirt (gconstpointer data)
{
  const Command *command = data;
  g_autoptr(SlicesTestTree) tree = tree_with_slice ();
  g_autofree char *xml_file = write_domain (tree);
  g_autofree char *library = libvirt_library_path ();
  g_autofree char *before = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  g_auto(SlicesTestRun) with = { 0 };

  if (getuid () != 0)
    {
      g_test_skip ("hiding libvirt takes a mount namespace, which needs root (CI runs as root)");
      return;
    }

  /* What the command does with libvirt, for comparison. */
  if (!command->needs_libvirt)
    {
      g_autoptr(SlicesTestTree) other = tree_with_slice ();
      g_autofree char *other_xml = write_domain (other);

      run_command (&with, command, other, other_xml, NULL, NULL);
    }

  before = slices_test_snapshot (tree->root);
  run_command (&run, command, tree, xml_file, NULL, library);

  if (!command->needs_libvirt)
    {
      /* The same answer, word for word, only the tree's own path differing. */
      g_autofree char *out = NULL;
      g_autofree char *expected = NULL;
      GRegex *paths = g_regex_new ("/[^ \"\n]*test-slicectl-[^ \"\n/]*", 0, 0, NULL);

      out = g_regex_replace_literal (paths, run.out, -1, 0, "TREE", 0, NULL);
      expected = g_regex_replace_literal (paths, with.out, -1, 0, "TREE", 0, NULL);
      g_regex_unref (paths);
      g_assert_cmpint (run.status, ==, with.status);
      g_assert_cmpstr (out, ==, expected);
      return;
    }

  if (command->optional)
    {
      /* It went on without the VMs, and said so. */
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "note: "));
      g_assert_nonnull (strstr (run.err, "libvirt is not installed"));
      g_assert_null (strstr (run.err, "\nslicectl: "));
      return;
    }

  if (g_str_equal (command->name, "doctor-connect"))
    {
      /* A failed check naming the cause, with the fix that installs it. */
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.out, "libvirt is not installed"));
      g_assert_nonnull (strstr (run.out, "libvirtd"));
    }
  else
    slices_test_cli_assert_one_line_error (&run, 1, "libvirt is not installed", NULL);

  {
    g_autofree char *after = slices_test_snapshot (tree->root);

    g_assert_cmpstr (before, ==, after);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *maps = g_strdup_printf ("/slices/slicectl/loading/maps/%s",
                                               commands[i].name);
      g_autofree char *without = g_strdup_printf ("/slices/slicectl/loading/without-libvirt/%s",
                                                  commands[i].name);

      g_test_add_data_func (maps, &commands[i], test_maps_libvirt);
      g_test_add_data_func (without, &commands[i], test_without_libvirt);
    }

  g_test_add_func ("/slices/slicectl/loading/without-vm-tool", test_without_vm_tool);

  return g_test_run ();
}
