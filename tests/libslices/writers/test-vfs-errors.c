/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * slices_vfs_error_from_helper(): what a person reads when gpu-slices-helper set-vfs,
 * set-vf-profile or persist-vfs fails. The helper exits with a code (20–23, 5, 9, 13) and one
 * short line; the client turns them into a typed error in the same words the simulator gives.
 * Each case checks the error code and the whole message, since the message is what is shown.
 * Also slices_vfs_read_kept(): the number the udev rule keeps, read back the way the app's
 * Keep after restart switch reads it, and no number from a file that is not GPU Slices' rule.
 */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-helper-protocol.h"
#include "slices-vfs.h"

/* A PCI address no machine this runs on has, so the "at most" total read from /sys is unknown
 * (0) and the message must not promise a number. */
#define PF "0000:ff:1f.7"

typedef struct {
  const char *name;
  const char *args[7];
  int         exit_status;
  const char *line;
  int         code;     /* SlicesError, or -1: NULL, the client's general words apply */
  const char *message;
} Case;

static const Case cases[] = {
  { "set-vfs/no-sriov", { "slices", "set-vfs", PF, "4", NULL }, SLICES_HELPER_EXIT_NO_SRIOV,
    "0000:ff:1f.7 has no SR-IOV with its driver", SLICES_ERROR_UNKNOWN_GPU,
    "The GPU " PF " offers no SR-IOV virtual functions with its driver; “slicectl doctor” "
    "says which driver can." },
  { "set-vfs/bad-number", { "slices", "set-vfs", PF, "9", NULL }, SLICES_HELPER_EXIT_BAD_NUMBER,
    "9 is more than sriov_totalvfs 7", SLICES_ERROR_INVALID_ARGUMENT,
    "The GPU " PF " cannot make 9 virtual functions; nothing was changed." },
  { "set-vfs/no-room", { "slices", "set-vfs", PF, "7", NULL }, SLICES_HELPER_EXIT_NO_ROOM,
    "no room", SLICES_ERROR_NO_ROOM,
    "The GPU " PF " cannot share its memory and scheduling fairly among 7 virtual functions; "
    "choose fewer." },
  { "set-vfs/in-use", { "slices", "set-vfs", PF, "2", NULL }, SLICES_HELPER_EXIT_IN_USE,
    "0000:ff:1f.5 is in use by qemu-system-x86 (pid 4242)", SLICES_ERROR_IN_USE,
    "The virtual function 0000:ff:1f.5 is in use by qemu-system-x86 (pid 4242), and changing "
    "the count makes every slice anew; shut down the virtual machine first. Nothing was "
    "changed." },
  { "set-vfs/busy", { "slices", "set-vfs", PF, "2", NULL }, SLICES_HELPER_EXIT_IN_USE, NULL,
    SLICES_ERROR_IN_USE, "The GPU " PF " is busy; try again in a moment." },
  { "set-vfs/no-gpu", { "slices", "set-vfs", PF, "2", NULL }, SLICES_HELPER_EXIT_NO_GPU,
    "no such PCI device", SLICES_ERROR_UNKNOWN_GPU,
    "There is no GPU with slices at " PF ". “slicectl list” shows the GPUs that offer them." },
  /* 22 belongs to set-vf-profile; from set-vfs it has no words of its own. */
  { "set-vfs/no-profile", { "slices", "set-vfs", PF, "2", NULL }, SLICES_HELPER_EXIT_NO_PROFILE,
    "x", -1, NULL },
  { "set-vf-profile/no-profile",
    { "slices", "set-vf-profile", PF, "3", "exec_quantum_ms", "20", NULL },
    SLICES_HELPER_EXIT_NO_PROFILE, "no sriov_admin", SLICES_ERROR_INVALID_ARGUMENT,
    "The GPU " PF " has no scheduling profile for virtual function 3: only the xe driver’s "
    "sriov_admin (Linux 6.19 and later) has one, for virtual functions 1 to the most the GPU "
    "makes." },
  { "set-vf-profile/bad-number",
    { "slices", "set-vf-profile", PF, "1", "preempt_timeout_us", "99999999999", NULL },
    SLICES_HELPER_EXIT_BAD_NUMBER, "out of range", SLICES_ERROR_INVALID_ARGUMENT,
    "The driver refused that preempt_timeout_us for virtual function 1 of " PF "." },
  { "set-vf-profile/no-gpu",
    { "slices", "set-vf-profile", PF, "1", "exec_quantum_ms", "5", NULL },
    SLICES_HELPER_EXIT_NO_GPU, NULL, SLICES_ERROR_UNKNOWN_GPU,
    "There is no GPU with slices at " PF ". “slicectl list” shows the GPUs that offer them." },
  { "persist-vfs/no-sriov", { "slices", "persist-vfs", PF, "3", NULL },
    SLICES_HELPER_EXIT_NO_SRIOV, NULL, SLICES_ERROR_UNKNOWN_GPU,
    "The GPU " PF " offers no SR-IOV virtual functions with its driver; “slicectl doctor” "
    "says which driver can." },
  /* 23 (a bad USER) is not about SR-IOV: the client's general words and the helper's line. */
  { "set-vfs/bad-user", { "slices", "set-vfs", PF, "2", NULL }, SLICES_HELPER_EXIT_BAD_USER,
    "no such user", -1, NULL },
  { "set-vfs/not-intel", { "slices", "set-vfs", PF, "2", NULL }, SLICES_HELPER_EXIT_NOT_INTEL,
    "not an Intel GPU", -1, NULL },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = slices_vfs_error_from_helper (c->args, c->exit_status, c->line);

  if (c->code < 0)
    {
      g_assert_null (error);
      return;
    }
  g_assert_error (error, SLICES_ERROR, c->code);
  g_assert_cmpstr (error->message, ==, c->message);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_read_kept (void)
{
  g_autofree char *root = g_dir_make_tmp ("vfs-kept-XXXXXX", NULL);
  g_autofree char *name = slices_vfs_rule_file_name ("0000:00:02.0");
  g_autofree char *dir = g_build_filename (root, ".etc", "udev", "rules.d", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *rule = slices_vfs_udev_rule ("0000:00:02.0", "xe", 5);

  g_assert_nonnull (root);
  g_assert_cmpuint (slices_vfs_read_kept (root, "0000:00:02.0"), ==, G_MAXUINT);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, rule, -1, NULL));
  g_assert_cmpuint (slices_vfs_read_kept (root, "0000:00:02.0"), ==, 5);
  /* Another GPU's rule is not this one's. */
  g_assert_cmpuint (slices_vfs_read_kept (root, "0000:03:00.0"), ==, G_MAXUINT);
  /* A file someone else wrote under our name keeps nothing we can name. */
  g_assert_true (g_file_set_contents (path, "ACTION==\"bind\", ATTR{sriov_numvfs}=\"7\"\n", -1,
                                      NULL));
  g_assert_cmpuint (slices_vfs_read_kept (root, "0000:00:02.0"), ==, G_MAXUINT);
  g_assert_cmpint (g_unlink (path), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      char *parent = g_path_get_dirname (dir);

      g_assert_cmpint (g_rmdir (dir), ==, 0);
      g_free (dir);
      dir = parent;
    }
  g_assert_cmpint (g_rmdir (root), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vfs/read-kept", test_read_kept);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/vfs-errors/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  return g_test_run ();
}
