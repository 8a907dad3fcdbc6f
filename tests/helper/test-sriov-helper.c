/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real gpu-slices-helper's SR-IOV commands (set-vfs, set-vf-profile) against a umockdev
 * testbed built by hand as FACTS-SRIOV S1 and S2 describe a PF: sriov_totalvfs, sriov_numvfs,
 * sriov_drivers_autoprobe, virtfnN links to VF folders with physfn and iommu_group, and xe's
 * sriov_admin tree. Not the simulator: these tests must hold whatever it learns.
 *
 * A good request writes exactly the files it names, in order (seen with inotify, since a
 * testbed file cannot tell a write of the bytes it holds from none); every refusal exits with
 * its code, prints one line on stderr and leaves the testbed byte-identical.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <umockdev.h>

#include "slices-helper-protocol.h"
#include "slices-test-helper-util.h"

#define XE_PF     "0000:00:02.0"  /* xe, 7 VFs at most, 2 on; sriov_admin */
#define XE_PATH   "/sys/devices/pci0000:00/" XE_PF
#define XE_VF1    "0000:00:02.1"  /* virtfn0, IOMMU group 11 */
#define XE_VF2    "0000:00:02.2"  /* virtfn1, IOMMU group 12 */
#define I915_PF   "0000:03:00.0"  /* i915 with SR-IOV (the dkms one), 7 VFs at most, none on */
#define I915_PATH "/sys/devices/pci0000:00/0000:00:01.0/" I915_PF
#define NV_PF     "0000:65:00.0"  /* NVIDIA, with SR-IOV files */
#define VFIO_PF   "0000:04:00.0"  /* Intel, with SR-IOV files, bound to vfio-pci */
#define ZERO_PF   "0000:05:00.0"  /* xe with SR-IOV off: totalvfs 0 */
#define NOT_PF    "0000:06:00.0"  /* xe on a GPU without SR-IOV: no sriov_* files */
#define AWAY_PF   "0000:07:00.0"  /* its virtfn0 leads to a device that is not its VF */
#define JUNK_PF   "0000:08:00.0"  /* its virtfn0 leads to a name that is no PCI address */
#define LINK_PF   "0000:09:00.0"  /* its sriov_numvfs is a symbolic link */
#define PART_PF   "0000:0c:00.0"  /* Intel, bound to a driver named "e": a piece of "xe" only */

#define PROFILE(vf, key) XE_PATH "/sriov_admin/vf" vf "/profile/" key

typedef SlicesTestbed Fixture;

typedef struct
{
  const char *name;
  const char *args[8];
  int code;
} HelperCase;

typedef struct
{
  int code;
  char *out;
  char *err;
} HelperRun;

static gboolean have_mock;

static const HelperCase refusals[] = {
  /* set-vfs: only an Intel PF with SR-IOV on xe or i915, and at most its total */
  { "set-vfs/above-total", { "slices", "set-vfs", XE_PF, "8" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs/above-total-i915", { "slices", "set-vfs", I915_PF, "8" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs/above-u16", { "slices", "set-vfs", XE_PF, "65536" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs/negative", { "slices", "set-vfs", XE_PF, "-1" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs/hex", { "slices", "set-vfs", XE_PF, "0x3" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs/empty", { "slices", "set-vfs", XE_PF, "" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs/total-zero", { "slices", "set-vfs", ZERO_PF, "1" }, SLICES_HELPER_EXIT_NO_SRIOV },
  { "set-vfs/total-zero-count-zero", { "slices", "set-vfs", ZERO_PF, "0" },
    SLICES_HELPER_EXIT_NO_SRIOV },
  { "set-vfs/not-a-pf", { "slices", "set-vfs", NOT_PF, "1" }, SLICES_HELPER_EXIT_NO_SRIOV },
  { "set-vfs/nvidia", { "slices", "set-vfs", NV_PF, "1" }, SLICES_HELPER_EXIT_NOT_INTEL },
  { "set-vfs/intel-on-vfio-pci", { "slices", "set-vfs", VFIO_PF, "1" },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "set-vfs/a-vf", { "slices", "set-vfs", XE_VF1, "1" }, SLICES_HELPER_EXIT_NOT_INTEL },
  { "set-vfs/driver-named-e", { "slices", "set-vfs", PART_PF, "1" },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "set-vfs/absent", { "slices", "set-vfs", "0000:0a:00.0", "1" }, SLICES_HELPER_EXIT_NO_GPU },
  { "set-vfs/virtfn-leads-elsewhere", { "slices", "set-vfs", AWAY_PF, "3" },
    SLICES_HELPER_EXIT_UNSAFE },
  { "set-vfs/virtfn-not-an-address", { "slices", "set-vfs", JUNK_PF, "3" },
    SLICES_HELPER_EXIT_UNSAFE },
  { "set-vfs/numvfs-symlink", { "slices", "set-vfs", LINK_PF, "3" }, SLICES_HELPER_EXIT_UNSAFE },
  { "set-vfs/missing-count", { "slices", "set-vfs", XE_PF }, SLICES_HELPER_EXIT_USAGE },
  /* set-vf-profile: only where sriov_admin has the VF, two keys, strict u32 */
  { "profile/no-sriov-admin", { "slices", "set-vf-profile", I915_PF, "1", "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_NO_PROFILE },
  { "profile/vf-beyond", { "slices", "set-vf-profile", XE_PF, "8", "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_NO_PROFILE },
  { "profile/vf-zero", { "slices", "set-vf-profile", XE_PF, "0", "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/key-sched-priority", { "slices", "set-vf-profile", XE_PF, "1", "sched_priority",
                                    "high" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/key-sched-priority-number", { "slices", "set-vf-profile", XE_PF, "1",
                                           "sched_priority", "1" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/key-stop", { "slices", "set-vf-profile", XE_PF, "1", "stop", "1" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/key-vram-quota", { "slices", "set-vf-profile", XE_PF, "1", "vram_quota", "1" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/key-path", { "slices", "set-vf-profile", XE_PF, "1", "../../vf2/profile/"
                          "exec_quantum_ms", "5" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-word", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms", "ten" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-negative", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms", "-1" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-plus", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms", "+5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-space", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms", "5 " },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-overlong", { "slices", "set-vf-profile", XE_PF, "1", "preempt_timeout_us",
                                "00000000001" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-above-u32", { "slices", "set-vf-profile", XE_PF, "1", "preempt_timeout_us",
                                 "4294967296" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-hex", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms", "0x10" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/value-empty", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms", "" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile/file-symlink", { "slices", "set-vf-profile", XE_PF, "2", "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_UNSAFE },
  { "profile/vf-folder-symlink", { "slices", "set-vf-profile", XE_PF, "4", "exec_quantum_ms",
                                   "5" }, SLICES_HELPER_EXIT_UNSAFE },
  { "profile/nvidia", { "slices", "set-vf-profile", NV_PF, "1", "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "profile/missing-value", { "slices", "set-vf-profile", XE_PF, "1", "exec_quantum_ms" },
    SLICES_HELPER_EXIT_USAGE },
};

/* Each PF, then its VFs; the traps' targets last. */
static const char devices[] =
  "P: /devices/pci0000:00/" XE_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\nA: device=0xb080\n\n"
  "P: /devices/pci0000:00/" XE_VF1 "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\nA: device=0xb080\n\n"
  "P: /devices/pci0000:00/" XE_VF2 "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\nA: device=0xb080\n\n"
  "P: /devices/pci0000:00/0000:00:01.0/" I915_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0x46a6\n\n"
  "P: /devices/pci0000:64/0000:64:00.0/" NV_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x10de\n"
  "A: device=0x20b5\n\n"
  "P: /devices/pci0000:00/0000:00:1c.0/" VFIO_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0xe20b\n\n"
  "P: /devices/pci0000:00/0000:00:1c.1/" ZERO_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0xe20b\n\n"
  "P: /devices/pci0000:00/0000:00:1c.2/" NOT_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0x64a0\n\n"
  "P: /devices/pci0000:00/0000:00:1c.3/" AWAY_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0xe20b\n\n"
  "P: /devices/pci0000:00/0000:00:1c.4/" JUNK_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0xe20b\n\n"
  "P: /devices/pci0000:00/0000:00:1c.5/" LINK_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0xe20b\n\n"
  "P: /devices/pci0000:00/0000:00:1c.6/" PART_PF "\nE: SUBSYSTEM=pci\nA: vendor=0x8086\n"
  "A: device=0xe20b\n\n"
  "P: /devices/pci0000:00/0000:00:1f.0\nE: SUBSYSTEM=pci\nA: vendor=0x8086\nA: device=0x9d4e\n";

static char *
read_file (Fixture    *fixture,
           const char *path)
{
  g_autofree char *full = slices_testbed_path (fixture, path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (full, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A PF at @path (under /sys/devices) bound to @driver, with the SR-IOV files of S1 unless
 * @total is NULL, and virtfn0… links to @vfs (NULL-terminated, may be NULL). */
static void
add_pf (Fixture    *fixture,
        const char *path,
        const char *driver,
        const char *total,
        const char *current,
        const char *vfs[])
{
  g_autofree char *link = g_strdup_printf ("%s/driver", path);
  g_autoptr(GString) target = g_string_new (NULL);

  /* Up from the PF's folder to /sys, as the kernel links it. */
  for (const char *c = path + 1; *c != '\0'; c++)
    if (*c == '/')
      g_string_append (target, "../");
  g_string_append_printf (target, "bus/pci/drivers/%s", driver);
  slices_testbed_make_link (fixture, target->str, link);
  if (total == NULL)
    return;
  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = { "sriov_totalvfs", "sriov_numvfs",
                                             "sriov_drivers_autoprobe" };
      g_autofree char *file = g_strdup_printf ("%s/%s", path, names[i]);

      slices_testbed_write_file (fixture, file, i == 0 ? total : i == 1 ? current : "1\n");
    }
  for (guint i = 0; vfs != NULL && vfs[i] != NULL; i++)
    {
      g_autofree char *virtfn = g_strdup_printf ("%s/virtfn%u", path, i);

      slices_testbed_make_link (fixture, vfs[i], virtfn);
    }
}

/* A VF of the PF @pf (both under /sys/devices/pci0000:00) with its IOMMU group @group, its
 * VFIO node in /dev, and vfio-pci bound. */
static void
add_vf (Fixture    *fixture,
        const char *vf,
        const char *pf,
        const char *group)
{
  g_autofree char *path = g_strdup_printf ("/sys/devices/pci0000:00/%s", vf);
  g_autofree char *physfn = g_strdup_printf ("%s/physfn", path);
  g_autofree char *physfn_target = g_strdup_printf ("../%s", pf);
  g_autofree char *group_link = g_strdup_printf ("%s/iommu_group", path);
  g_autofree char *group_target = g_strdup_printf ("../../../kernel/iommu_groups/%s", group);
  g_autofree char *group_dir = g_strdup_printf ("/sys/kernel/iommu_groups/%s", group);
  g_autofree char *node = g_strdup_printf ("/dev/vfio/%s", group);
  g_autofree char *driver = g_strdup_printf ("%s/driver", path);

  slices_testbed_make_link (fixture, physfn_target, physfn);
  slices_testbed_make_link (fixture, group_target, group_link);
  slices_testbed_make_dir (fixture, group_dir);
  slices_testbed_make_link (fixture, "../../../bus/pci/drivers/vfio-pci", driver);
  slices_testbed_write_file (fixture, node, "");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *xe_vfs[] = { "../" XE_VF1, "../" XE_VF2, NULL };
  static const char *away_vfs[] = { "../../0000:00:1f.0", NULL };
  static const char *junk_vfs[] = { "../fake/not-a-vf", NULL };
  static const char * const keys[] = { "exec_quantum_ms", "preempt_timeout_us" };
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  slices_testbed_setup (fixture);
  umockdev_testbed_add_from_string (fixture->testbed, devices, &error);
  g_assert_no_error (error);

  add_pf (fixture, XE_PATH, "xe", "7\n", "2\n", xe_vfs);
  add_vf (fixture, XE_VF1, XE_PF, "11");
  add_vf (fixture, XE_VF2, XE_PF, "12");
  add_pf (fixture, I915_PATH, "i915", "7\n", "0\n", NULL);
  add_pf (fixture, "/sys/devices/pci0000:64/0000:64:00.0/" NV_PF, "nvidia", "4\n", "0\n", NULL);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.0/" VFIO_PF, "vfio-pci", "2\n", "0\n",
          NULL);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.1/" ZERO_PF, "xe", "0\n", "0\n", NULL);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.2/" NOT_PF, "xe", NULL, NULL, NULL);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.3/" AWAY_PF, "xe", "7\n", "1\n",
          away_vfs);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.4/" JUNK_PF, "xe", "7\n", "1\n",
          junk_vfs);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.5/" LINK_PF, "xe", "7\n", "0\n", NULL);
  add_pf (fixture, "/sys/devices/pci0000:00/0000:00:1c.6/" PART_PF, "e", "7\n", "0\n", NULL);
  file = slices_testbed_path (fixture, "/sys/devices/pci0000:00/0000:00:1c.5/" LINK_PF
                              "/sriov_numvfs");
  g_assert_cmpint (g_unlink (file), ==, 0);
  slices_testbed_make_link (fixture, "sriov_totalvfs",
                            "/sys/devices/pci0000:00/0000:00:1c.5/" LINK_PF "/sriov_numvfs");
  slices_testbed_write_file (fixture, "/sys/devices/pci0000:00/0000:00:1c.4/fake/not-a-vf/vendor",
                             "0x8086\n");

  /* xe's sriov_admin (S2): vf1 … vf7, 1-based; sched_priority reads a choice and is 0444. */
  for (guint vf = 1; vf <= 7; vf++)
    for (guint k = 0; k < G_N_ELEMENTS (keys) + 1; k++)
      {
        g_autofree char *path = g_strdup_printf (XE_PATH "/sriov_admin/vf%u/profile/%s", vf,
                                                 k < G_N_ELEMENTS (keys) ? keys[k]
                                                 : "sched_priority");

        if (vf != 4)
          slices_testbed_write_file (fixture, path, k < G_N_ELEMENTS (keys) ? "0\n"
                                     : "[low] normal\n");
      }
  slices_testbed_write_file (fixture, XE_PATH "/sriov_admin/pf/profile/exec_quantum_ms", "0\n");
  /* Traps: vf2's exec_quantum_ms is a link to vf1's, and vf4 (left out above) is a link to
   * vf1. */
  g_clear_pointer (&file, g_free);
  file = slices_testbed_path (fixture, PROFILE ("2", "exec_quantum_ms"));
  g_assert_cmpint (g_unlink (file), ==, 0);
  slices_testbed_make_link (fixture, "../../vf1/profile/exec_quantum_ms",
                            PROFILE ("2", "exec_quantum_ms"));
  slices_testbed_make_link (fixture, "vf1", XE_PATH "/sriov_admin/vf4");
}

static void
helper_run_clear (HelperRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HelperRun, helper_run_clear)

static void
run_helper (const char * const *args,
            HelperRun          *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) HELPER_PATH);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  helper_run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  run->code = WEXITSTATUS (status);
  g_test_message ("helper exit %d, stderr: %s", run->code, run->err);
}

/* One line of text on stderr, nothing on stdout. */
static void
assert_one_line_failure (HelperRun *run,
                         int        code)
{
  gsize len = strlen (run->err);

  g_assert_cmpint (run->code, ==, code);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (len, >, 1);
  g_assert_true (strchr (run->err, '\n') == run->err + len - 1);
}

static gboolean
can_run (void)
{
  if (!have_mock)
    {
      g_test_skip ("Not under umockdev: run with LD_PRELOAD=libumockdev-preload.so.0 (meson "
                   "test does); without it the helper would see the real /sys");
      return FALSE;
    }
  if (getuid () != 0)
    {
      g_test_skip ("Needs root: the helper refuses to run as anyone else (test-helper covers "
                   "that)");
      return FALSE;
    }
  return TRUE;
}

/* An inotify watch on the folder @path of the testbed, for the names written in it. */
static int
watch_folder (Fixture    *fixture,
              const char *path)
{
  g_autofree char *full = slices_testbed_path (fixture, path);
  int fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  /* IN_CLOSE_WRITE too, so that two writes of one file do not merge into one event. */
  g_assert_cmpint (inotify_add_watch (fd, full, IN_MODIFY | IN_CLOSE_WRITE), >=, 0);
  return fd;
}

/* The names written in the watched folder since, in order, space-separated; closes @fd. */
static char *
written_names (int fd)
{
  GString *names = g_string_new (NULL);
  char buffer[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    for (char *p = buffer; p < buffer + n; p += sizeof (struct inotify_event) +
                                                 ((struct inotify_event *) p)->len)
      if (((struct inotify_event *) p)->mask & IN_MODIFY)
        g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "",
                                ((struct inotify_event *) p)->name);
  close (fd);
  return g_string_free (names, FALSE);
}

static void
test_refusal (Fixture       *fixture,
              gconstpointer  data)
{
  const HelperCase *test_case = data;
  g_auto(HelperRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!can_run ())
    return;

  before = slices_testbed_snapshot (fixture);
  run_helper (test_case->args, &run);
  after = slices_testbed_snapshot (fixture);
  assert_one_line_failure (&run, test_case->code);
  g_assert_cmpstr (after, ==, before);
}

typedef struct
{
  const char *pf, *path, *count;
  const char *written;  /* in this order */
  const char *numvfs;   /* what sriov_numvfs holds after */
} SetVfsCase;

static const SetVfsCase set_vfs_cases[] = {
  /* 2 on, 3 wanted: the kernel demands 0 first (S1: EBUSY otherwise) */
  { XE_PF, XE_PATH, "3", "sriov_drivers_autoprobe sriov_numvfs sriov_numvfs", "3\n" },
  { XE_PF, XE_PATH, "0", "sriov_drivers_autoprobe sriov_numvfs", "0\n" },
  { XE_PF, XE_PATH, "7", "sriov_drivers_autoprobe sriov_numvfs sriov_numvfs", "7\n" },
  /* none on: autoprobe off, then the count */
  { I915_PF, I915_PATH, "7", "sriov_drivers_autoprobe sriov_numvfs", "7\n" },
  { I915_PF, I915_PATH, "0000000003", "sriov_drivers_autoprobe sriov_numvfs", "3\n" },
  /* the count it has: nothing at all */
  { XE_PF, XE_PATH, "2", "", "2\n" },
  { I915_PF, I915_PATH, "0", "", "0\n" },
};

/* Autoprobe off first, so that the host's driver never takes a VF; then the count. Only those
 * two files change. */
static void
test_set_vfs (Fixture       *fixture,
              gconstpointer  data)
{
  const SetVfsCase *test_case = data;
  const char *args[] = { "slices", "set-vfs", test_case->pf, test_case->count, NULL };
  g_autofree char *numvfs_path = g_strdup_printf ("%s/sriov_numvfs", test_case->path);
  g_autofree char *probe_path = g_strdup_printf ("%s/sriov_drivers_autoprobe", test_case->path);
  g_autofree char *old_numvfs = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;
  g_autofree char *numvfs = NULL;
  g_autofree char *probe = NULL;
  g_auto(HelperRun) run = { 0 };
  int watch;

  if (!can_run ())
    return;

  old_numvfs = read_file (fixture, numvfs_path);
  before = slices_testbed_snapshot (fixture);
  watch = watch_folder (fixture, test_case->path);
  run_helper (args, &run);
  written = written_names (watch);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_OK);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (written, ==, test_case->written);

  numvfs = read_file (fixture, numvfs_path);
  probe = read_file (fixture, probe_path);
  g_assert_cmpstr (numvfs, ==, test_case->numvfs);
  g_assert_cmpstr (probe, ==, test_case->written[0] != '\0' ? "0\n" : "1\n");
  slices_testbed_write_file (fixture, numvfs_path, old_numvfs);
  slices_testbed_write_file (fixture, probe_path, "1\n");
  after = slices_testbed_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* This test stands in for QEMU and holds VF 2's VFIO group: set-vfs refuses, names it, and
 * writes nothing, since the kernel would block on the write of 0 (S1); once it lets go, the
 * count changes. An O_PATH open of the same node (anyone who may search /dev/vfio can make
 * one) does not count. */
static void
test_set_vfs_in_use (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "slices", "set-vfs", XE_PF, "3", NULL };
  g_autofree char *node = slices_testbed_path (fixture, "/dev/vfio/12");
  g_autofree char *comm = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *numvfs = NULL;
  g_auto(HelperRun) run = { 0 };
  int fd, path_fd;

  if (!can_run ())
    return;

  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strchomp (comm);
  holder = g_strdup_printf ("in use by %s (pid %d)", comm, (int) getpid ());
  fd = open ("/dev/vfio/12", O_RDWR | O_CLOEXEC);  /* the preload library leads it there */
  g_assert_cmpint (fd, >=, 0);
  path_fd = open (node, O_PATH | O_CLOEXEC);
  g_assert_cmpint (path_fd, >=, 0);

  before = slices_testbed_snapshot (fixture);
  run_helper (args, &run);
  after = slices_testbed_snapshot (fixture);
  assert_one_line_failure (&run, SLICES_HELPER_EXIT_IN_USE);
  g_assert_nonnull (strstr (run.err, XE_VF2));
  g_assert_nonnull (strstr (run.err, holder));
  g_assert_cmpstr (after, ==, before);

  close (fd);
  run_helper (args, &run);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_OK);
  numvfs = read_file (fixture, XE_PATH "/sriov_numvfs");
  g_assert_cmpstr (numvfs, ==, "3\n");
  close (path_fd);
}

typedef struct
{
  const char *vf, *key, *value;
  const char *written;  /* what the file holds after */
} ProfileCase;

static const ProfileCase profile_cases[] = {
  { "1", "exec_quantum_ms", "25", "25" },
  { "3", "preempt_timeout_us", "4294967295", "4294967295" },
  { "7", "exec_quantum_ms", "0", "0\n" },
  { "5", "preempt_timeout_us", "0000000640", "640" },
};

/* One write, of the plain decimal number, to sriov_admin/vfN/profile/KEY; nothing else. */
static void
test_set_vf_profile (Fixture       *fixture,
                     gconstpointer  data)
{
  const ProfileCase *test_case = data;
  const char *args[] = { "slices", "set-vf-profile", XE_PF, test_case->vf, test_case->key,
                         test_case->value, NULL };
  g_autofree char *folder = g_strdup_printf (XE_PATH "/sriov_admin/vf%s/profile", test_case->vf);
  g_autofree char *path = g_strdup_printf ("%s/%s", folder, test_case->key);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *written = NULL;
  g_auto(HelperRun) run = { 0 };
  int watch;

  if (!can_run ())
    return;

  before = slices_testbed_snapshot (fixture);
  watch = watch_folder (fixture, folder);
  run_helper (args, &run);
  written = written_names (watch);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_OK);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (written, ==, test_case->key);
  contents = read_file (fixture, path);
  g_assert_cmpstr (contents, ==, test_case->written);
  slices_testbed_write_file (fixture, path, "0\n");
  after = slices_testbed_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  have_mock = slices_testbed_in_mock_environment ();

  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/helper/sriov/refuses/%s",
                                               refusals[i].name);

      g_test_add (path, Fixture, &refusals[i], fixture_setup, test_refusal,
                  slices_testbed_teardown);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (set_vfs_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/helper/sriov/set-vfs/%s-to-%s",
                                               set_vfs_cases[i].pf, set_vfs_cases[i].count);

      g_test_add (path, Fixture, &set_vfs_cases[i], fixture_setup, test_set_vfs,
                  slices_testbed_teardown);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (profile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/helper/sriov/set-vf-profile/vf%s-%s",
                                               profile_cases[i].vf, profile_cases[i].key);

      g_test_add (path, Fixture, &profile_cases[i], fixture_setup, test_set_vf_profile,
                  slices_testbed_teardown);
    }
  g_test_add ("/slices/helper/sriov/set-vfs/in-use-vf-refused", Fixture, NULL, fixture_setup,
              test_set_vfs_in_use, slices_testbed_teardown);

  return g_test_run ();
}
