/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator's SR-IOV side against every rule of ../shared/FACTS-SRIOV.md S1 and S2 (and
 * the S3 files of i915-sriov-dkms): the PF's files, sriov_numvfs's checks in the kernel's order,
 * VFs with their links and groups, autoprobe, driver_override, drivers_probe, bind and unbind,
 * a held VF, xe's fair provisioning, the sriov_admin tree and its write rules.
 */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "slices-simulator.h"
#include "slices-test-util.h"

#define PF   "0000:00:02.0"
#define VF1  "0000:00:02.1"
#define VF2  "0000:00:02.2"
#define DEV  "devices/pci0000:00/"

typedef struct {
  char            *root;
  SlicesSimulator *sim;
  guint            changed;
} Fixture;

typedef void (*SpecInit) (SlicesSimGpuSpec *spec, const char *address);

static void
on_changed_cb (SlicesSimulator *sim,
               gpointer         user_data)
{
  Fixture *fixture = user_data;

  fixture->changed++;
}

static void
setup_with (Fixture                *fixture,
            const SlicesSimGpuSpec *spec)
{
  g_autoptr(GError) error = NULL;

  fixture->root = slices_test_make_tmp_dir ("slices-test-sriov-XXXXXX");
  fixture->sim = slices_simulator_new (fixture->root);
  slices_simulator_add_gpu (fixture->sim, spec, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->sim, "changed", G_CALLBACK (on_changed_cb), fixture);
}

static void
setup_ptl (Fixture       *fixture,
           gconstpointer  data)
{
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  setup_with (fixture, &spec);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->sim);
  slices_test_remove_tree (fixture->root);
  g_free (fixture->root);
}

static char *
read_text (Fixture    *fixture,
           const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->root, relative, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

#define assert_text(fixture, relative, expected) \
  G_STMT_START { \
    g_autofree char *_text = read_text ((fixture), (relative)); \
    g_assert_cmpstr (_text, ==, (expected)); \
  } G_STMT_END

static char *
read_link (Fixture    *fixture,
           const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->root, relative, NULL);

  return g_file_read_link (path, NULL);
}

static gboolean
has_link (Fixture    *fixture,
          const char *relative)
{
  g_autofree char *target = read_link (fixture, relative);

  return target != NULL;
}

static gboolean
exists (Fixture    *fixture,
        const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->root, relative, NULL);
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

static guint
mode_of (Fixture    *fixture,
         const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->root, relative, NULL);
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static int
numvfs (Fixture    *fixture,
        const char *text)
{
  return slices_simulator_write_sriov_numvfs (fixture->sim, PF, text, strlen (text));
}

static int
autoprobe (Fixture    *fixture,
           const char *text)
{
  return slices_simulator_write_sriov_autoprobe (fixture->sim, PF, text, strlen (text));
}

static int
override (Fixture    *fixture,
          const char *address,
          const char *text)
{
  return slices_simulator_write_driver_override (fixture->sim, address, text, strlen (text));
}

static int
admin (Fixture    *fixture,
       const char *file,
       const char *text)
{
  return slices_simulator_write_sriov_admin (fixture->sim, PF, file, text, strlen (text));
}

/* --- the PF --- */

static void
test_pf_files (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *driver = read_link (fixture, DEV PF "/driver");

  g_assert_true (g_str_has_suffix (driver, "/bus/pci/drivers/xe"));
  assert_text (fixture, DEV PF "/sriov_totalvfs", "7\n");
  assert_text (fixture, DEV PF "/sriov_numvfs", "0\n");
  assert_text (fixture, DEV PF "/sriov_offset", "1\n");
  assert_text (fixture, DEV PF "/sriov_stride", "1\n");
  /* lower-case hex, no 0x */
  assert_text (fixture, DEV PF "/sriov_vf_device", "b080\n");
  assert_text (fixture, DEV PF "/sriov_drivers_autoprobe", "1\n");
  assert_text (fixture, DEV PF "/sriov_vf_total_msix", "0\n");
  assert_text (fixture, DEV PF "/driver_override", "(null)\n");
  g_assert_cmpuint (mode_of (fixture, DEV PF "/sriov_totalvfs"), ==, 0444);
  g_assert_cmpuint (mode_of (fixture, DEV PF "/sriov_numvfs"), ==, 0644);
  g_assert_cmpuint (mode_of (fixture, DEV PF "/sriov_drivers_autoprobe"), ==, 0644);
  g_assert_false (exists (fixture, DEV PF "/virtfn0"));
  /* xe's default max_vfs: unlimited */
  assert_text (fixture, "module/xe/parameters/max_vfs", "4294967295\n");
  g_assert_true (exists (fixture, "bus/pci/drivers/xe-vfio-pci/bind"));
  g_assert_true (exists (fixture, "bus/pci/drivers/vfio-pci/bind"));
  g_assert_true (exists (fixture, "bus/pci/drivers_probe"));
}

static void
test_admin_tree (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *device = read_link (fixture, DEV PF "/sriov_admin/pf/device");

  g_assert_cmpstr (device, ==, "../..");
  assert_text (fixture, DEV PF "/sriov_admin/pf/profile/sched_priority", "[low] normal high\n");
  g_assert_cmpuint (mode_of (fixture, DEV PF "/sriov_admin/pf/profile/sched_priority"), ==, 0644);
  /* present with 0 VFs, 1-based, one per possible VF */
  for (guint n = 1; n <= 7; n++)
    {
      g_autofree char *vf = g_strdup_printf (DEV PF "/sriov_admin/vf%u", n);
      g_autofree char *quantum = g_strconcat (vf, "/profile/exec_quantum_ms", NULL);
      g_autofree char *timeout = g_strconcat (vf, "/profile/preempt_timeout_us", NULL);
      g_autofree char *priority = g_strconcat (vf, "/profile/sched_priority", NULL);
      g_autofree char *stop = g_strconcat (vf, "/stop", NULL);
      g_autofree char *link = g_strconcat (vf, "/device", NULL);

      assert_text (fixture, quantum, "0\n");
      assert_text (fixture, timeout, "0\n");
      assert_text (fixture, priority, "[low] normal\n");
      g_assert_cmpuint (mode_of (fixture, priority), ==, 0444);
      g_assert_cmpuint (mode_of (fixture, stop), ==, 0200);
      g_assert_false (exists (fixture, link));
      /* an iGPU has no VRAM to share */
      g_assert_false (exists (fixture, DEV PF "/sriov_admin/vf1/profile/vram_quota"));
    }
  g_assert_false (exists (fixture, DEV PF "/sriov_admin/vf8"));
  g_assert_cmpuint (mode_of (fixture, DEV PF "/sriov_admin/.bulk_profile/exec_quantum_ms"), ==,
                    0200);
}

/* --- sriov_numvfs, rule by rule --- */

static void
test_numvfs_parse (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *bad[] = { "", " ", "-1", "abc", "3x", " 3", "3 ", "1\n\n", "++1", "0x", "08" };
  g_autofree char *before = slices_test_snapshot (fixture->root);
  g_autofree char *after = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (numvfs (fixture, bad[i]), ==, EINVAL);
  /* kstrtou16 itself gives ERANGE above 65535 */
  g_assert_cmpint (numvfs (fixture, "65536"), ==, ERANGE);
  /* rule 2: above totalvfs */
  g_assert_cmpint (numvfs (fixture, "8"), ==, ERANGE);
  g_assert_cmpint (numvfs (fixture, "0x8"), ==, ERANGE);
  /* rule 3: the same value is a no-op */
  g_assert_cmpint (numvfs (fixture, "0\n"), ==, 0);
  g_assert_cmpint (numvfs (fixture, "+0"), ==, 0);

  after = slices_test_snapshot (fixture->root);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (fixture->changed, ==, 0);

  /* base 0: hex and octal */
  g_assert_cmpint (numvfs (fixture, "0x3\n"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_numvfs", "3\n");
  g_assert_cmpint (numvfs (fixture, "0"), ==, 0);
  g_assert_cmpint (numvfs (fixture, "07"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_numvfs", "7\n");
}

static void
test_numvfs_enable (Fixture       *fixture,
                    gconstpointer  data)
{
  g_assert_cmpint (numvfs (fixture, "3\n"), ==, 0);
  g_assert_cmpuint (fixture->changed, ==, 1);
  assert_text (fixture, DEV PF "/sriov_numvfs", "3\n");

  for (guint n = 0; n < 3; n++)
    {
      g_autofree char *vf = g_strdup_printf ("0000:00:02.%u", n + 1);
      g_autofree char *virtfn = g_strdup_printf (DEV PF "/virtfn%u", n);
      g_autofree char *target = read_link (fixture, virtfn);
      g_autofree char *expected = g_strdup_printf ("../%s", vf);
      g_autofree char *physfn_path = g_strdup_printf (DEV "%s/physfn", vf);
      g_autofree char *physfn = read_link (fixture, physfn_path);
      g_autofree char *device = g_strdup_printf (DEV "%s/device", vf);
      g_autofree char *bus = g_strdup_printf ("bus/pci/devices/%s/vendor", vf);
      g_autofree char *group = g_strdup_printf (DEV "%s/iommu_group/devices/%s", vf, vf);
      g_autofree char *link = g_strdup_printf (DEV PF "/sriov_admin/vf%u/device", n + 1);
      g_autofree char *driver_path = g_strdup_printf (DEV "%s/driver", vf);
      g_autofree char *driver = read_link (fixture, driver_path);
      g_autofree char *override_path = g_strdup_printf (DEV "%s/driver_override", vf);

      g_assert_cmpstr (target, ==, expected);
      g_assert_cmpstr (physfn, ==, "../" PF);
      assert_text (fixture, device, "0xb080\n");
      assert_text (fixture, bus, "0x8086\n");
      assert_text (fixture, override_path, "(null)\n");
      g_assert_true (exists (fixture, group));
      g_assert_true (exists (fixture, link));
      /* autoprobe 1: the host's xe takes the VF, with a render node of its own */
      g_assert_true (g_str_has_suffix (driver, "/drivers/xe"));
    }
  g_assert_true (exists (fixture, DEV VF1 "/drm/renderD129"));
  g_assert_true (exists (fixture, "class/drm/renderD131"));
  g_assert_false (exists (fixture, DEV PF "/virtfn3"));

  /* rule 6: from 3 to 5 only through 0 */
  g_assert_cmpint (numvfs (fixture, "5"), ==, EBUSY);
  assert_text (fixture, DEV PF "/sriov_numvfs", "3\n");
  g_assert_cmpint (numvfs (fixture, "3"), ==, 0);
  g_assert_cmpuint (fixture->changed, ==, 1);

  g_assert_cmpint (numvfs (fixture, "0"), ==, 0);
  g_assert_cmpuint (fixture->changed, ==, 2);
  assert_text (fixture, DEV PF "/sriov_numvfs", "0\n");
  g_assert_false (exists (fixture, DEV VF1));
  g_assert_false (exists (fixture, "bus/pci/devices/" VF1));
  g_assert_false (exists (fixture, DEV PF "/virtfn0"));
  g_assert_false (exists (fixture, "class/drm/renderD129"));
  g_assert_false (exists (fixture, DEV PF "/sriov_admin/vf1/device"));
  g_assert_true (exists (fixture, DEV PF "/sriov_admin/vf1/profile"));
  g_assert_cmpint (numvfs (fixture, "5"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_numvfs", "5\n");
}

static void
test_numvfs_no_driver (Fixture       *fixture,
                       gconstpointer  data)
{
  g_assert_cmpint (slices_simulator_write_unbind (fixture->sim, "xe", PF "\n", 13), ==, 0);
  g_assert_false (has_link (fixture, DEV PF "/driver"));

  /* rule 2 before rule 4, and rule 3 even without a driver */
  g_assert_cmpint (numvfs (fixture, "9"), ==, ERANGE);
  g_assert_cmpint (numvfs (fixture, "0"), ==, 0);
  g_assert_cmpint (numvfs (fixture, "2"), ==, ENOENT);
  assert_text (fixture, DEV PF "/sriov_numvfs", "0\n");

  /* bound again, it works */
  g_assert_cmpint (slices_simulator_write_bind (fixture->sim, "xe", PF, 12), ==, 0);
  g_assert_cmpint (numvfs (fixture, "2"), ==, 0);
  /* unbinding the PF takes its VFs with it */
  g_assert_cmpint (slices_simulator_write_unbind (fixture->sim, "xe", PF, 12), ==, 0);
  assert_text (fixture, DEV PF "/sriov_numvfs", "0\n");
  g_assert_false (exists (fixture, DEV VF1));
}

static void
test_numvfs_stock_i915 (void)
{
  Fixture fixture = { 0, };
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_adl (&spec, PF);
  spec.driver = SLICES_SIM_DRIVER_I915;
  setup_with (&fixture, &spec);

  /* The capability's TotalVFs stays, but stock i915 cannot configure VFs (rule 5). */
  assert_text (&fixture, DEV PF "/sriov_totalvfs", "7\n");
  g_assert_false (exists (&fixture, "module/i915/parameters/max_vfs"));
  g_assert_cmpint (numvfs (&fixture, "8"), ==, ERANGE);
  g_assert_cmpint (numvfs (&fixture, "2"), ==, ENOENT);
  g_assert_false (exists (&fixture, DEV VF1));

  teardown (&fixture, NULL);
}

static void
test_xe_sriov_off (void)
{
  struct { const char *why; guint max_vfs; gboolean driver_sriov; gboolean guc; } cases[] = {
    { "xe.max_vfs=0", 0, TRUE, TRUE },
    { "a platform without has_sriov (Meteor Lake)", G_MAXUINT, FALSE, TRUE },
    { "GuC submission off", G_MAXUINT, TRUE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fixture = { 0, };
      SlicesSimGpuSpec spec;

      g_test_message ("%s", cases[i].why);
      slices_sim_gpu_spec_init_ptl (&spec, PF);
      spec.max_vfs = cases[i].max_vfs;
      spec.driver_sriov = cases[i].driver_sriov;
      spec.guc = cases[i].guc;
      setup_with (&fixture, &spec);

      assert_text (&fixture, DEV PF "/sriov_totalvfs", "0\n");
      g_assert_cmpint (numvfs (&fixture, "1"), ==, ERANGE);
      g_assert_false (exists (&fixture, DEV PF "/sriov_admin"));

      teardown (&fixture, NULL);
    }
}

static void
test_no_capability (void)
{
  Fixture fixture = { 0, };
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.total_vfs = 0;
  setup_with (&fixture, &spec);

  /* TotalVFs 0 in the capability: none of the files exist */
  g_assert_false (exists (&fixture, DEV PF "/sriov_totalvfs"));
  g_assert_false (exists (&fixture, DEV PF "/sriov_numvfs"));
  g_assert_cmpint (numvfs (&fixture, "1"), ==, ENOENT);
  g_assert_cmpint (autoprobe (&fixture, "0"), ==, ENOENT);

  teardown (&fixture, NULL);
}

static void
test_fair_provisioning (void)
{
  Fixture fixture = { 0, };
  SlicesSimGpuSpec spec;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.fair_vfs = 4;
  setup_with (&fixture, &spec);

  before = slices_test_snapshot (fixture.root);
  g_assert_cmpint (numvfs (&fixture, "5"), ==, ENOSPC);
  after = slices_test_snapshot (fixture.root);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (numvfs (&fixture, "4"), ==, 0);
  assert_text (&fixture, DEV PF "/sriov_numvfs", "4\n");

  teardown (&fixture, NULL);
}

/* --- binding --- */

static void
test_autoprobe (Fixture       *fixture,
                gconstpointer  data)
{
  const char *on[] = { "1", "y", "Y", "t", "T", "e", "E", "on", "ON", "1\n" };
  const char *off[] = { "0", "n", "N", "f", "F", "d", "D", "off", "0\n" };
  const char *bad[] = { "", "2", "x", "o", "ox", " 1" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (autoprobe (fixture, bad[i]), ==, EINVAL);
  for (gsize i = 0; i < G_N_ELEMENTS (off); i++)
    {
      g_assert_cmpint (autoprobe (fixture, off[i]), ==, 0);
      assert_text (fixture, DEV PF "/sriov_drivers_autoprobe", "0\n");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (on); i++)
    {
      g_assert_cmpint (autoprobe (fixture, on[i]), ==, 0);
      assert_text (fixture, DEV PF "/sriov_drivers_autoprobe", "1\n");
    }

  /* autoprobe 0, then enable: the host's xe does not grab the VFs */
  g_assert_cmpint (autoprobe (fixture, "0"), ==, 0);
  g_assert_cmpint (numvfs (fixture, "2"), ==, 0);
  g_assert_false (has_link (fixture, DEV VF1 "/driver"));
  g_assert_false (exists (fixture, DEV VF1 "/drm"));
  /* it affects only VFs enabled later: turning it on binds nothing now */
  g_assert_cmpint (autoprobe (fixture, "1"), ==, 0);
  g_assert_false (has_link (fixture, DEV VF1 "/driver"));
  /* but a reprobe now binds the host's driver */
  g_assert_cmpint (slices_simulator_write_drivers_probe (fixture->sim, VF1 "\n", 13), ==, 0);
  g_assert_true (has_link (fixture, DEV VF1 "/driver"));
  g_assert_true (exists (fixture, DEV VF1 "/drm/renderD129"));
}

static void
test_binding (Fixture       *fixture,
              gconstpointer  data)
{
  SlicesSimulator *sim = fixture->sim;
  g_autofree char *driver = NULL;

  g_assert_cmpint (autoprobe (fixture, "0"), ==, 0);
  g_assert_cmpint (numvfs (fixture, "2"), ==, 0);

  /* driver_override: set (cut at \n), it binds nothing by itself */
  g_assert_cmpint (override (fixture, VF1, "vfio-pci\nrest"), ==, 0);
  assert_text (fixture, DEV VF1 "/driver_override", "vfio-pci\n");
  g_assert_false (has_link (fixture, DEV VF1 "/driver"));
  g_assert_cmpint (override (fixture, "0000:00:09.0", "vfio-pci"), ==, ENOENT);

  /* drivers_probe: ENODEV for an unknown BDF, else success */
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, "0000:00:09.0\n", 13), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, "garbage", 7), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, VF1 "\n", 13), ==, 0);
  driver = read_link (fixture, DEV VF1 "/driver");
  g_assert_true (g_str_has_suffix (driver, "/drivers/vfio-pci"));
  g_assert_true (exists (fixture, DEV VF1 "/vfio-dev/vfio0"));
  g_assert_true (exists (fixture, "bus/pci/drivers/vfio-pci/" VF1));
  g_assert_false (exists (fixture, DEV VF1 "/drm"));
  /* no override, autoprobe 0: success, nothing binds */
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, VF2, 12), ==, 0);
  g_assert_false (has_link (fixture, DEV VF2 "/driver"));

  /* bind: ENODEV without a match (VFIO drivers only through an override; no probe while
   * autoprobe is 0), EBUSY when bound, ENOENT for a driver that does not exist */
  g_assert_cmpint (slices_simulator_write_bind (sim, "vfio-pci", VF2, 12), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_bind (sim, "xe", VF2, 12), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_bind (sim, "xe-vfio-pci", VF2, 12), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_bind (sim, "nouveau", VF2, 12), ==, ENOENT);
  g_assert_cmpint (slices_simulator_write_bind (sim, "vfio-pci", "0000:00:09.0", 12), ==, ENODEV);
  g_assert_cmpint (override (fixture, VF2, "xe-vfio-pci"), ==, 0);
  g_assert_cmpint (slices_simulator_write_bind (sim, "vfio-pci", VF2, 12), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_bind (sim, "xe-vfio-pci", VF2 "\n", 13), ==, 0);
  g_assert_cmpint (slices_simulator_write_bind (sim, "xe-vfio-pci", VF2, 12), ==, EBUSY);
  g_assert_true (exists (fixture, DEV VF2 "/vfio-dev/vfio1"));

  /* unbind: ENODEV unless bound to that driver */
  g_assert_cmpint (slices_simulator_write_unbind (sim, "vfio-pci", VF2, 12), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_unbind (sim, "xe-vfio-pci", VF2, 12), ==, 0);
  g_assert_false (has_link (fixture, DEV VF2 "/driver"));
  g_assert_false (exists (fixture, DEV VF2 "/vfio-dev"));
  g_assert_cmpint (slices_simulator_write_unbind (sim, "xe-vfio-pci", VF2, 12), ==, ENODEV);

  /* clearing the override: empty or "\n" */
  g_assert_cmpint (override (fixture, VF2, "\n"), ==, 0);
  assert_text (fixture, DEV VF2 "/driver_override", "(null)\n");
  g_assert_cmpint (override (fixture, VF1, ""), ==, 0);
  assert_text (fixture, DEV VF1 "/driver_override", "(null)\n");
  /* (and clearing does not unbind) */
  g_assert_true (has_link (fixture, DEV VF1 "/driver"));

  /* libvirt's stop: override "\n", unbind, reprobe: with autoprobe 0 the VF stays unbound */
  g_assert_cmpint (slices_simulator_write_unbind (sim, "vfio-pci", VF1, 12), ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, VF1, 12), ==, 0);
  g_assert_false (has_link (fixture, DEV VF1 "/driver"));
}

static void
test_held (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *group = NULL;
  g_autofree char *node = NULL;
  g_autofree char *fd = NULL;

  g_assert_cmpint (autoprobe (fixture, "0"), ==, 0);
  g_assert_cmpint (numvfs (fixture, "2"), ==, 0);
  g_assert_cmpint (override (fixture, VF2, "vfio-pci"), ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (fixture->sim, VF2, 12), ==, 0);

  g_assert_true (slices_simulator_set_in_use (fixture->sim, VF2, "qemu-system-x86 (pid 4242)",
                                              &error));
  g_assert_no_error (error);
  group = read_link (fixture, DEV VF2 "/iommu_group");
  node = g_strdup_printf ("/dev/vfio/%s", strrchr (group, '/') + 1);
  fd = read_link (fixture, ".proc/4242/fd/3");
  g_assert_cmpstr (fd, ==, node);
  assert_text (fixture, ".proc/4242/comm", "qemu-system-x86\n");

  /* The real kernel blocks here until QEMU lets go; the simulator says EBUSY. */
  g_assert_cmpint (numvfs (fixture, "0"), ==, EBUSY);
  g_assert_true (exists (fixture, DEV VF2));
  assert_text (fixture, DEV PF "/sriov_numvfs", "2\n");

  g_assert_true (slices_simulator_set_in_use (fixture->sim, VF2, NULL, &error));
  g_assert_false (exists (fixture, ".proc/4242"));
  g_assert_cmpint (numvfs (fixture, "0"), ==, 0);
  g_assert_false (exists (fixture, DEV VF2));

  /* a VF that does not exist cannot be held */
  g_assert_false (slices_simulator_set_in_use (fixture->sim, VF2, "qemu", &error));
  g_assert_nonnull (error);
}

/* --- sriov_admin writes --- */

static void
test_admin_writes (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *bad[] = { "", "abc", "-1", "4294967296", "1 ", "0x" };

  g_assert_cmpint (admin (fixture, "vf1/profile/exec_quantum_ms", "25\n"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_admin/vf1/profile/exec_quantum_ms", "25\n");
  g_assert_cmpint (admin (fixture, "vf1/profile/preempt_timeout_us", "0x10"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_admin/vf1/profile/preempt_timeout_us", "16\n");
  g_assert_cmpint (admin (fixture, "vf2/profile/exec_quantum_ms", "4294967295"), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (admin (fixture, "vf1/profile/exec_quantum_ms", bad[i]), ==, EINVAL);
  assert_text (fixture, DEV PF "/sriov_admin/vf1/profile/exec_quantum_ms", "25\n");

  /* a VF's priority is read-only; the PF's is a choice */
  g_assert_cmpint (admin (fixture, "vf1/profile/sched_priority", "normal"), ==, EOPNOTSUPP);
  g_assert_cmpint (admin (fixture, "pf/profile/sched_priority", "high\n"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_admin/pf/profile/sched_priority", "low normal [high]\n");
  g_assert_cmpint (admin (fixture, "pf/profile/sched_priority", "urgent"), ==, EINVAL);
  g_assert_cmpint (admin (fixture, "pf/profile/exec_quantum_ms", "10"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_admin/pf/profile/exec_quantum_ms", "10\n");

  /* .bulk_profile sets every VF */
  g_assert_cmpint (admin (fixture, ".bulk_profile/preempt_timeout_us", "500"), ==, 0);
  for (guint n = 1; n <= 7; n++)
    {
      g_autofree char *path = g_strdup_printf (DEV PF "/sriov_admin/vf%u/profile/"
                                               "preempt_timeout_us", n);
      assert_text (fixture, path, "500\n");
    }
  g_assert_cmpint (admin (fixture, ".bulk_profile/sched_priority", "normal"), ==, 0);
  assert_text (fixture, DEV PF "/sriov_admin/vf3/profile/sched_priority", "low [normal]\n");
  g_assert_cmpint (admin (fixture, ".bulk_profile/exec_quantum_ms", "x"), ==, EINVAL);

  /* stop: a bool, nothing to see */
  g_assert_cmpint (admin (fixture, "vf1/stop", "1"), ==, 0);
  g_assert_cmpint (admin (fixture, "vf1/stop", "x"), ==, EINVAL);

  /* files that do not exist */
  g_assert_cmpint (admin (fixture, "vf8/profile/exec_quantum_ms", "1"), ==, ENOENT);
  g_assert_cmpint (admin (fixture, "vf1/profile/vram_quota", "1"), ==, ENOENT);
  g_assert_cmpint (admin (fixture, "../sriov_numvfs", "1"), ==, ENOENT);
  g_assert_cmpint (admin (fixture, "vf1/../../sriov_numvfs", "1"), ==, ENOENT);
  g_assert_cmpint (admin (fixture, "vf1/profile", "1"), ==, EISDIR);
}

/* --- the other platforms --- */

static void
test_dkms (void)
{
  Fixture fixture = { 0, };
  SlicesSimGpuSpec spec;
  g_autofree char *driver = NULL;

  slices_sim_gpu_spec_init_adl (&spec, PF);
  setup_with (&fixture, &spec);

  driver = read_link (&fixture, DEV PF "/driver");
  g_assert_true (g_str_has_suffix (driver, "/drivers/i915"));
  assert_text (&fixture, "module/i915/parameters/max_vfs", "7\n");
  assert_text (&fixture, "module/i915/parameters/enable_guc", "3\n");
  assert_text (&fixture, DEV PF "/sriov_totalvfs", "7\n");
  assert_text (&fixture, DEV PF "/sriov_vf_device", "46a6\n");
  g_assert_true (exists (&fixture, DEV PF "/drm/card1/prelim_iov/pf/auto_provisioning"));
  g_assert_false (exists (&fixture, DEV PF "/sriov_admin"));
  g_assert_false (exists (&fixture, "bus/pci/drivers/xe-vfio-pci"));

  g_assert_cmpint (numvfs (&fixture, "2"), ==, 0);
  assert_text (&fixture, DEV PF "/drm/card1/prelim_iov/vf1/id", "1\n");
  g_assert_true (exists (&fixture, DEV PF "/drm/card1/prelim_iov/vf2/control"));
  g_assert_cmpint (numvfs (&fixture, "0"), ==, 0);
  g_assert_false (exists (&fixture, DEV PF "/drm/card1/prelim_iov/vf1"));
  teardown (&fixture, NULL);

  /* i915.max_vfs defaults to 0: no VFs */
  memset (&fixture, 0, sizeof fixture);
  slices_sim_gpu_spec_init_adl (&spec, PF);
  spec.max_vfs = 0;
  setup_with (&fixture, &spec);
  assert_text (&fixture, "module/i915/parameters/max_vfs", "0\n");
  assert_text (&fixture, DEV PF "/sriov_totalvfs", "0\n");
  g_assert_cmpint (numvfs (&fixture, "1"), ==, ERANGE);
  teardown (&fixture, NULL);
}

static void
test_battlemage (void)
{
  Fixture fixture = { 0, };
  SlicesSimGpuSpec spec;
  g_autofree char *physfn = NULL;

  slices_sim_gpu_spec_init_bmg (&spec, NULL);
  g_assert_cmpstr (spec.address, ==, "0000:03:00.0");
  setup_with (&fixture, &spec);

  g_assert_true (exists (&fixture, DEV "0000:03:00.0/sriov_admin/vf1/profile/vram_quota"));
  g_assert_true (exists (&fixture, DEV "0000:03:00.0/sriov_admin/.bulk_profile/vram_quota"));
  g_assert_cmpint (slices_simulator_write_sriov_numvfs (fixture.sim, "0000:03:00.0", "7", 1),
                   ==, 0);
  /* VF n at devfn + 1 + n: 03:00.1 … 03:00.7 */
  physfn = read_link (&fixture, DEV "0000:03:00.7/physfn");
  g_assert_cmpstr (physfn, ==, "../0000:03:00.0");
  g_assert_cmpint (slices_simulator_write_sriov_admin (fixture.sim, "0000:03:00.0",
                                                       "vf1/profile/vram_quota",
                                                       "8589934592", 10), ==, 0);
  assert_text (&fixture, DEV "0000:03:00.0/sriov_admin/vf1/profile/vram_quota", "8589934592\n");
  teardown (&fixture, NULL);
}

static void
test_unsafe_root (void)
{
  g_autoptr(SlicesSimulator) sim = slices_simulator_new ("/sys");

  g_assert_cmpint (slices_simulator_write_sriov_numvfs (sim, PF, "0", 1), ==, EACCES);
  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (sim, PF, "0", 1), ==, EACCES);
  g_assert_cmpint (slices_simulator_write_driver_override (sim, VF1, "x", 1), ==, EACCES);
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, VF1, 12), ==, EACCES);
  g_assert_cmpint (slices_simulator_write_bind (sim, "vfio-pci", VF1, 12), ==, EACCES);
  g_assert_cmpint (slices_simulator_write_unbind (sim, "vfio-pci", VF1, 12), ==, EACCES);
  g_assert_cmpint (slices_simulator_write_sriov_admin (sim, PF, "vf1/stop", "1", 1), ==, EACCES);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/slices/simulator-sriov/" path, Fixture, NULL, setup_ptl, func, teardown)
  ADD ("pf-files", test_pf_files);
  ADD ("admin-tree", test_admin_tree);
  ADD ("numvfs-parse", test_numvfs_parse);
  ADD ("numvfs-enable", test_numvfs_enable);
  ADD ("numvfs-no-driver", test_numvfs_no_driver);
  ADD ("autoprobe", test_autoprobe);
  ADD ("binding", test_binding);
  ADD ("held", test_held);
  ADD ("admin-writes", test_admin_writes);
#undef ADD
  g_test_add_func ("/slices/simulator-sriov/numvfs-stock-i915", test_numvfs_stock_i915);
  g_test_add_func ("/slices/simulator-sriov/xe-sriov-off", test_xe_sriov_off);
  g_test_add_func ("/slices/simulator-sriov/no-capability", test_no_capability);
  g_test_add_func ("/slices/simulator-sriov/fair-provisioning", test_fair_provisioning);
  g_test_add_func ("/slices/simulator-sriov/dkms", test_dkms);
  g_test_add_func ("/slices/simulator-sriov/battlemage", test_battlemage);
  g_test_add_func ("/slices/simulator-sriov/unsafe-root", test_unsafe_root);

  return g_test_run ();
}
