/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup on SR-IOV GPUs (FACTS-SRIOV S1–S3), over simulated trees: the simulated
 * platforms (ptl, adl, bmg) pass every SR-IOV check and raise no GVT-g error; a stock i915, Meteor
 * Lake on xe, Lunar Lake, an Alder Lake xe does not probe, max_vfs 0, GuC submission off, VFs the
 * host's xe holds, no IOMMU and no vfio-pci each give the check and the fix a user would
 * copy, per distribution. Where two ways lead out (i915-sriov-dkms, xe with force_probe) each
 * fix says which; what a guest needs, and Looking Glass's shared memory file.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "slices-doctor.h"
#include "slices-mdevctl.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define PF "0000:00:02.0"

typedef void (*SpecInit) (SlicesSimGpuSpec *spec, const char *address);

/* A simulated tree, and the rest of a system (os-release, /proc, /dev) beside it. */
typedef struct {
  char            *base;
  char            *root;
  SlicesSimulator *simulator;
  GHashTable      *none_defined;
  const char      *groups[3];
  SlicesDoctorEnv  env;
} Fixture;

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                           NULL));
}

static void
set_os_release (Fixture    *fixture,
                const char *sample)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "doctor", sample, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *dest = g_build_filename (fixture->root, "etc", "os-release", NULL);

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  write_file (dest, contents);
}

/* @spec: one GPU to simulate. */
static Fixture *
fixture_new (const SlicesSimGpuSpec *spec)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  g_autofree char *sim = NULL;
  g_autofree char *cmdline = NULL;
  g_autoptr(GError) error = NULL;

  fixture->base = g_dir_make_tmp ("test-doctor-sriov-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->root = g_build_filename (fixture->base, "root", NULL);
  sim = g_build_filename (fixture->base, "sys", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sim, 0755), ==, 0);
  fixture->simulator = slices_simulator_new (sim);
  g_assert_true (slices_simulator_add_gpu (fixture->simulator, spec, &error));
  g_assert_no_error (error);

  /* The kernel command line sets nothing: the parameters come from sysfs. */
  cmdline = g_build_filename (fixture->base, "proc", "cmdline", NULL);
  write_file (cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/sda1\n");
  set_os_release (fixture, "os-release-debian12");

  fixture->groups[0] = "libvirt";
  fixture->groups[1] = "render";
  fixture->none_defined = slices_mdev_definitions_new ();
  fixture->env.sysfs_root = slices_simulator_get_root (fixture->simulator);
  fixture->env.root_dir = fixture->root;
  fixture->env.dev_root = fixture->base;
  fixture->env.proc_root = g_build_filename (fixture->base, "proc", NULL);
  fixture->env.qemu_log_dir = fixture->base;
  fixture->env.mdevctl_path = "/nonexistent/mdevctl";
  fixture->env.mdevctl_defined = fixture->none_defined;
  fixture->env.libvirt_state = SLICES_LIBVIRT_STATE_OK;
  fixture->env.user_groups = fixture->groups;
  fixture->env.user_name = "alice";
  return fixture;
}

static Fixture *
fixture_new_platform (SpecInit init)
{
  SlicesSimGpuSpec spec;

  init (&spec, NULL);
  if (spec.address == NULL)
    spec.address = PF;
  return fixture_new (&spec);
}

static void
fixture_free (Fixture *fixture)
{
  g_clear_object (&fixture->simulator);
  g_assert_true (slices_test_remove_tree (fixture->base));
  g_free ((char *) fixture->env.proc_root);
  g_hash_table_unref (fixture->none_defined);
  g_free (fixture->root);
  g_free (fixture->base);
  g_free (fixture);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static SlicesDoctor *
run_doctor (Fixture *fixture)
{
  SlicesDoctor *doctor = slices_doctor_new (&fixture->env);

  slices_doctor_run (doctor);
  return doctor;
}

static SlicesCheck *
get_check (SlicesDoctor *doctor,
           const char   *id)
{
  SlicesCheck *check = slices_doctor_find_check (doctor, id);

  if (check == NULL)
    g_error ("No check with id %s", id);
  return check;
}

static void
assert_status (SlicesDoctor      *doctor,
               const char        *id,
               SlicesCheckStatus  expected)
{
  SlicesCheck *check = get_check (doctor, id);

  if (slices_check_get_status (check) != expected)
    g_error ("Check %s: expected %s, got %s (%s: %s)", id,
             slices_check_status_to_string (expected),
             slices_check_status_to_string (slices_check_get_status (check)),
             slices_check_get_title (check), slices_check_get_detail (check));
}

static void
assert_text (SlicesDoctor *doctor,
             const char   *id,
             const char   *needle)
{
  SlicesCheck *check = get_check (doctor, id);
  g_autofree char *text = g_strconcat (slices_check_get_title (check), "\n",
                                       slices_check_get_detail (check), NULL);

  if (strstr (text, needle) == NULL)
    g_error ("Check %s says \"%s\", which lacks \"%s\"", id, text, needle);
}

/* Whether check @id has a fix of @kind (-1: any) and @way (-1: any) whose text contains
 * @needle and whose label @label (NULL: any). */
static gboolean
has_fix (SlicesDoctor *doctor,
         const char   *id,
         int           kind,
         int           way,
         const char   *needle,
         const char   *label)
{
  GPtrArray *fixes = slices_check_get_fixes (get_check (doctor, id));

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      if ((kind < 0 || (int) fix->kind == kind) && (way < 0 || (int) fix->way == way) &&
          strstr (fix->text, needle) != NULL &&
          (label == NULL || (fix->label != NULL && strstr (fix->label, label) != NULL)))
        return TRUE;
    }
  return FALSE;
}

static void
assert_fix (SlicesDoctor  *doctor,
            const char    *id,
            SlicesFixKind  kind,
            const char    *needle,
            const char    *label)
{
  if (!has_fix (doctor, id, kind, -1, needle, label))
    g_error ("Check %s has no %s fix containing \"%s\"", id, slices_fix_kind_to_string (kind),
             needle);
}

static void
assert_no_gvt_errors (SlicesDoctor *doctor)
{
  const char *gvt_ids[] = {
    SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_KVMGT_MODULE,
    SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_ROOM,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (gvt_ids); i++)
    {
      SlicesCheck *check = get_check (doctor, gvt_ids[i]);

      g_assert_cmpint (slices_check_get_status (check), !=, SLICES_CHECK_STATUS_ERROR);
      g_assert_cmpint (slices_check_get_status (check), !=, SLICES_CHECK_STATUS_WARNING);
    }
}

/* ---------------------------------------------------------------------------------------- */

static void
test_platforms (void)
{
  const struct {
    SpecInit    init;
    const char *platform;
    const char *driver;
  } platforms[] = {
    { slices_sim_gpu_spec_init_ptl, "Panther Lake", "xe" },
    { slices_sim_gpu_spec_init_adl, "Alder Lake-P", "i915-sriov-dkms" },
    { slices_sim_gpu_spec_init_bmg, "Battlemage", "xe" },
  };
  const char *ids[] = {
    SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_SRIOV_VFS_LIMIT,
    SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_SRIOV_GUEST_DRIVER,
    SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_VFIO_MODULES,
    SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_ROOM, SLICES_CHECK_IOMMU,
  };

  for (gsize p = 0; p < G_N_ELEMENTS (platforms); p++)
    {
      g_autoptr(Fixture) fixture = fixture_new_platform (platforms[p].init);
      g_autoptr(SlicesDoctor) doctor = run_doctor (fixture);
      GListModel *checks = slices_doctor_get_checks (doctor);

      /* The SR-IOV checks come right after the GPU's, in this order. */
      for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
        {
          g_autoptr(SlicesCheck) check = g_list_model_get_item (checks, i);

          g_assert_cmpstr (slices_check_get_id (check), ==, ids[i]);
        }
      for (gsize i = 0; i < 5; i++)
        assert_status (doctor, ids[i], SLICES_CHECK_STATUS_OK);
      assert_text (doctor, SLICES_CHECK_GPU_GENERATION, "supports SR-IOV");
      assert_text (doctor, SLICES_CHECK_GPU_GENERATION, platforms[p].platform);
      assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, platforms[p].driver);
      assert_text (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, "up to 7 virtual functions");
      assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK);
      assert_status (doctor, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK);
      /* Needed for SR-IOV, so no mere hint. */
      g_assert_false (slices_check_get_informational (get_check (doctor, SLICES_CHECK_IOMMU)));
      assert_no_gvt_errors (doctor);
      g_assert_false (slices_doctor_has_errors (doctor));
    }
}

/* Mainline i915 on Alder Lake: it drives the GPU but makes no VFs (S1 rule 5). */
static void
test_stock_i915 (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_adl (&spec, PF);
  spec.driver = SLICES_SIM_DRIVER_I915;
  fixture = fixture_new (&spec);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_GPU_GENERATION, "supports SR-IOV");
  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "cannot make virtual functions");
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "i915-sriov-dkms");
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_LINK,
              "github.com/strongtz/i915-sriov-dkms", NULL);
  /* Both ways S2 and S3 give, the Debian way. */
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "i915.enable_guc=3 i915.max_vfs=7 module_blacklist=xe /' /etc/default/grub && "
              "sudo update-grub", "Debian");
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "xe.force_probe=46a6 i915.force_probe=!46a6", "Debian");
  assert_status (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_UNKNOWN);
  /* GuC follows from the driver: i915-sriov-dkms's parameters above turn it on. */
  assert_status (doctor, SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_UNKNOWN);
  assert_status (doctor, SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_STATUS_UNKNOWN);
  assert_no_gvt_errors (doctor);

  /* Fedora quotes the "!" so that the shell does not expand it; NixOS lists each parameter. */
  set_os_release (fixture, "os-release-fedora");
  g_clear_object (&doctor);
  doctor = run_doctor (fixture);
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "sudo grubby --update-kernel=ALL --args='xe.force_probe=46a6 "
              "i915.force_probe=!46a6'", "Fedora");
  set_os_release (fixture, "os-release-nixos");
  g_clear_object (&doctor);
  doctor = run_doctor (fixture);
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "boot.kernelParams = [ \"xe.force_probe=46a6\" \"i915.force_probe=!46a6\" ];",
              "NixOS");
  set_os_release (fixture, "os-release-arch");
  g_clear_object (&doctor);
  doctor = run_doctor (fixture);
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "i915.max_vfs=7 module_blacklist=xe/' /boot/loader/entries/*.conf", "systemd-boot");
}

/* Meteor Lake on xe: no has_sriov there (S2), so xe forces totalvfs to 0. */
static void
test_meteor_lake_xe (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.device_id = 0x7d55;
  spec.driver_sriov = FALSE;
  spec.sriov_admin = FALSE;
  fixture = fixture_new (&spec);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_GPU_GENERATION, "Meteor Lake");
  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "xe driver cannot make virtual functions");
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "only the out-of-tree i915-sriov-dkms");
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_LINK, "i915-sriov-dkms", NULL);
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND, "module_blacklist=xe",
              "Debian");
  assert_status (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, "offers no virtual functions");
  assert_status (doctor, SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_OK);
  assert_no_gvt_errors (doctor);
}

/* Lunar Lake: nothing offers SR-IOV today, and the doctor says so. */
static void
test_lunar_lake (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;

  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.device_id = 0x64a0;
  spec.driver_sriov = FALSE;
  spec.sriov_admin = FALSE;
  fixture = fixture_new (&spec);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_GPU_GENERATION, "Lunar Lake");
  assert_text (doctor, SLICES_CHECK_GPU_GENERATION, "cannot be shared today");
  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "No driver offers SR-IOV for Lunar Lake");
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "today");
  /* Nothing to install or set. */
  g_assert_cmpuint (slices_check_get_fixes (get_check (doctor, SLICES_CHECK_SRIOV_DRIVER))->len,
                    ==, 0);
  assert_no_gvt_errors (doctor);
}

/* Alder Lake with xe alone: without xe.force_probe=46a6 nothing takes the GPU (S2). */
static void
test_alder_lake_unprobed (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.device_id = 0x46a6;
  spec.sriov_admin = FALSE;
  fixture = fixture_new (&spec);
  g_assert_cmpint (slices_simulator_write_unbind (fixture->simulator, "xe", PF, strlen (PF)),
                   ==, 0);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "No driver is bound");
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "xe.force_probe=46a6");
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "sudo sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&xe.force_probe=46a6 "
              "i915.force_probe=!46a6 /' /etc/default/grub && sudo update-grub", "Debian");
  assert_status (doctor, SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_UNKNOWN);
}

/* max_vfs 0: the dkms i915's default (S3), or xe told so (S2). */
static void
test_max_vfs_zero (void)
{
  const struct {
    SpecInit    init;
    const char *param;
  } cases[] = {
    { slices_sim_gpu_spec_init_adl, "i915.max_vfs=7" },
    { slices_sim_gpu_spec_init_ptl, "xe.max_vfs=7" },
  };

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(Fixture) fixture = NULL;
      g_autoptr(SlicesDoctor) doctor = NULL;
      g_autofree char *nixos = NULL;
      SlicesSimGpuSpec spec;

      cases[c].init (&spec, PF);
      spec.max_vfs = 0;
      fixture = fixture_new (&spec);
      doctor = run_doctor (fixture);

      assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_OK);
      assert_status (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_ERROR);
      assert_text (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, "max_vfs is 0");
      assert_text (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, cases[c].param);
      assert_fix (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_FIX_COMMAND, cases[c].param,
                  "Debian");

      set_os_release (fixture, "os-release-nixos");
      g_clear_object (&doctor);
      doctor = run_doctor (fixture);
      nixos = g_strdup_printf ("boot.kernelParams = [ \"%s\" ];", cases[c].param);
      assert_fix (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_FIX_COMMAND, nixos, "NixOS");
    }
}

/* i915-sriov-dkms without GuC submission: no VFs, and enable_guc=3 is the fix (S3). Also what
 * a GVT-g guide's enable_guc=2 leaves behind. */
static void
test_guc_off (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *param = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_adl (&spec, PF);
  spec.guc = FALSE;
  fixture = fixture_new (&spec);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_ERROR);
  assert_fix (doctor, SLICES_CHECK_SRIOV_GUC, SLICES_FIX_COMMAND, "i915.enable_guc=3", "Debian");
  assert_status (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_ERROR);
  assert_fix (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_FIX_COMMAND, "i915.enable_guc=3",
              NULL);
  /* The GVT-g check must not tell the opposite. */
  assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK);

  param = g_build_filename (slices_simulator_get_root (fixture->simulator), "module", "i915",
                            "parameters", "enable_guc", NULL);
  write_file (param, "2\n");
  g_clear_object (&doctor);
  doctor = run_doctor (fixture);
  assert_status (doctor, SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_GUC, "enable_guc=2");
}

/* VFs made with autoprobe on: the host's xe took them (S1). */
static void
test_host_binding (void)
{
  g_autoptr(Fixture) fixture = fixture_new_platform (slices_sim_gpu_spec_init_ptl);
  g_autoptr(SlicesDoctor) doctor = NULL;
  SlicesCheck *check;
  const SlicesFix *fix;

  g_assert_cmpint (slices_simulator_write_sriov_numvfs (fixture->simulator, PF, "2", 1), ==, 0);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_STATUS_WARNING);
  assert_text (doctor, SLICES_CHECK_SRIOV_HOST_BINDING, "xe driver holds 2 virtual functions");
  check = get_check (doctor, SLICES_CHECK_SRIOV_HOST_BINDING);
  fix = slices_check_find_fix (check, SLICES_FIX_COMMAND);
  g_assert_cmpstr (fix->text, ==,
                   "echo 0 | sudo tee /sys/bus/pci/devices/0000:00:02.0/sriov_drivers_autoprobe"
                   " && echo 0000:00:02.1 | sudo tee /sys/bus/pci/drivers/xe/unbind"
                   " && echo 0000:00:02.2 | sudo tee /sys/bus/pci/drivers/xe/unbind");
  assert_text (doctor, SLICES_CHECK_SRIOV_VFS_LIMIT, "2 are enabled now");
  g_assert_false (slices_doctor_has_errors (doctor));

  /* Let go, as the fix does: ok. */
  g_assert_cmpint (slices_simulator_write_unbind (fixture->simulator, "xe", "0000:00:02.1", 12),
                   ==, 0);
  g_assert_cmpint (slices_simulator_write_unbind (fixture->simulator, "xe", "0000:00:02.2", 12),
                   ==, 0);
  g_clear_object (&doctor);
  doctor = run_doctor (fixture);
  assert_status (doctor, SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_STATUS_OK);
}

/* Without an IOMMU, VFIO cannot take a VF (S4): an error here, a hint for GVT-g. Without
 * vfio-pci a warning with the modprobe to copy. */
static void
test_iommu_and_vfio (void)
{
  g_autoptr(Fixture) fixture = fixture_new_platform (slices_sim_gpu_spec_init_ptl);
  g_autoptr(SlicesDoctor) doctor = NULL;
  const char *sys = slices_simulator_get_root (fixture->simulator);
  g_autofree char *group = g_build_filename (sys, "bus", "pci", "devices", PF, "iommu_group",
                                             NULL);
  g_autofree char *vfio_pci = g_build_filename (sys, "module", "vfio_pci", NULL);
  g_autofree char *driver = g_build_filename (sys, "bus", "pci", "drivers", "vfio-pci", NULL);

  g_assert_cmpint (g_unlink (group), ==, 0);
  g_assert_true (slices_test_remove_tree (vfio_pci));
  g_assert_true (slices_test_remove_tree (driver));
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_IOMMU, "VFIO");
  assert_fix (doctor, SLICES_CHECK_IOMMU, SLICES_FIX_COMMAND, "intel_iommu=on", "Debian");
  assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_WARNING);
  assert_text (doctor, SLICES_CHECK_VFIO_MODULES, "vfio_pci");
  assert_fix (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_FIX_COMMAND,
              "sudo modprobe -a vfio vfio-pci", NULL);
}

/* A Kaby Lake laptop with a Battlemage card: both ways, each judged on its own. */
static void
test_gvt_and_sriov (void)
{
  g_autoptr(Fixture) fixture = fixture_new_platform (slices_sim_gpu_spec_init_bmg);
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, PF);
  spec.render_minor = 129;
  spec.card_minor = 1;
  g_assert_true (slices_simulator_add_gpu (fixture->simulator, &spec, &error));
  g_assert_no_error (error);
  doctor = run_doctor (fixture);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_GPU_GENERATION, "supports GVT-g");
  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "Battlemage");
  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_GVT_PARAMETER, "turned on");
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_VFIO_MODULES, "present");
}


/* The ways (FACTS-SRIOV S2, S3) of @doctor's sriov-driver check, in order. */
static void
assert_ways (SlicesDoctor *doctor,
             SlicesFixWay  first,
             SlicesFixWay  second)
{
  g_autoptr(GArray) ways = slices_check_dup_ways (get_check (doctor, SLICES_CHECK_SRIOV_DRIVER));

  g_assert_cmpuint (ways->len, ==, second == SLICES_FIX_WAY_NONE ? 1 : 2);
  g_assert_cmpint (g_array_index (ways, SlicesFixWay, 0), ==, first);
  if (second != SLICES_FIX_WAY_NONE)
    g_assert_cmpint (g_array_index (ways, SlicesFixWay, 1), ==, second);
}

/* The fix of @way whose text has @needle (and label @label, NULL: any) exists. */
static void
assert_way_fix (SlicesDoctor *doctor,
                SlicesFixWay  way,
                const char   *needle,
                const char   *label)
{
  if (!has_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, -1, way, needle, label))
    g_error ("sriov-driver has no fix of way %s containing \"%s\"",
             slices_fix_way_to_string (way), needle);
}

static void
rerun_as (Fixture       *fixture,
          SlicesDoctor **doctor,
          const char    *os_release)
{
  set_os_release (fixture, os_release);
  g_clear_object (doctor);
  *doctor = run_doctor (fixture);
}

/* Stock i915 on Alder Lake (slicectl simulate --platform adl-stock): two ways out, each fix
 * tagged with its way, with the exact commands for each distribution, and in the JSON. */
static void
test_adl_stock_ways (void)
{
  g_autoptr(Fixture) fixture = fixture_new_platform (slices_sim_gpu_spec_init_adl_stock);
  g_autoptr(SlicesDoctor) doctor = run_doctor (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonArray *checks, *fixes = NULL;
  guint n_dkms = 0, n_xe = 0;

  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_SRIOV_DRIVER, "i915 driver of this kernel cannot");
  assert_ways (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS, SLICES_FIX_WAY_XE_FORCE_PROBE);
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS,
                  "sudo apt install build-essential dkms git linux-headers-$(uname -r)",
                  "Debian");
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS, "sudo dkms install -m i915-sriov-dkms",
                  NULL);
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS, "github.com/strongtz/i915-sriov-dkms",
                  "Project page");
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS,
                  "i915.enable_guc=3 i915.max_vfs=7 module_blacklist=xe", "Debian");
  assert_way_fix (doctor, SLICES_FIX_WAY_XE_FORCE_PROBE,
                  "xe.force_probe=46a6 i915.force_probe=!46a6", "Debian");
  g_assert_cmpstr (slices_fix_way_to_string (SLICES_FIX_WAY_I915_SRIOV_DKMS), ==,
                   "i915-sriov-dkms");
  g_assert_nonnull (slices_fix_way_get_title (SLICES_FIX_WAY_XE_FORCE_PROBE));
  /* Only the driver's check decides: GuC and the count follow from it, no second error. */
  g_assert_cmpuint (slices_doctor_count (doctor, SLICES_CHECK_STATUS_ERROR), ==, 1);

  /* JSON: "way" on each fix that belongs to one (additive: the rest of the contract stays). */
  json = slices_doctor_to_json (doctor, FALSE);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  checks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "checks");
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "id"), "sriov-driver"))
        fixes = json_object_get_array_member (check, "fixes");
    }
  g_assert_nonnull (fixes);
  for (guint i = 0; i < json_array_get_length (fixes); i++)
    {
      JsonObject *fix = json_array_get_object_element (fixes, i);
      const char *way = json_object_get_string_member_with_default (fix, "way", NULL);

      g_assert_nonnull (json_object_get_string_member (fix, "kind"));
      n_dkms += g_strcmp0 (way, "i915-sriov-dkms") == 0;
      n_xe += g_strcmp0 (way, "xe-force-probe") == 0;
    }
  g_assert_cmpuint (n_dkms, ==, 3);
  g_assert_cmpuint (n_xe, ==, 1);

  rerun_as (fixture, &doctor, "os-release-fedora");
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS,
                  "sudo dnf install dkms git make gcc kernel-devel-$(uname -r)", "Fedora");
  assert_way_fix (doctor, SLICES_FIX_WAY_XE_FORCE_PROBE, "grubby", "Fedora");
  rerun_as (fixture, &doctor, "os-release-arch");
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS,
                  "git clone https://aur.archlinux.org/i915-sriov-dkms.git && "
                  "cd i915-sriov-dkms && makepkg -si", "AUR");
  assert_way_fix (doctor, SLICES_FIX_WAY_XE_FORCE_PROBE, "/boot/loader/entries", "systemd-boot");
  rerun_as (fixture, &doctor, "os-release-nixos");
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS,
                  "boot.extraModulePackages = [ pkgs.i915-sriov ];", "NixOS");
  assert_way_fix (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS, "github:strongtz/i915-sriov-dkms",
                  "NixOS");
  assert_way_fix (doctor, SLICES_FIX_WAY_XE_FORCE_PROBE,
                  "boot.kernelParams = [ \"xe.force_probe=46a6\" \"i915.force_probe=!46a6\" ];",
                  "NixOS");
}

/* Meteor Lake on xe has one way out (xe has no SR-IOV there); xe that makes VFs has none. */
static void
test_one_way (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autoptr(Fixture) ptl = fixture_new_platform (slices_sim_gpu_spec_init_ptl);
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(GArray) ways = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.device_id = 0x7d55;
  spec.driver_sriov = FALSE;
  fixture = fixture_new (&spec);
  doctor = run_doctor (fixture);
  assert_ways (doctor, SLICES_FIX_WAY_I915_SRIOV_DKMS, SLICES_FIX_WAY_NONE);

  g_clear_object (&doctor);
  doctor = run_doctor (ptl);
  ways = slices_check_dup_ways (get_check (doctor, SLICES_CHECK_SRIOV_DRIVER));
  g_assert_cmpuint (ways->len, ==, 0);
}

static void
assert_informational (SlicesDoctor *doctor,
                      const char   *id)
{
  g_assert_true (slices_check_get_informational (get_check (doctor, id)));
}

/* What the guest needs follows the host's driver, and names the VMs that have a VF. */
static void
test_guest_driver (void)
{
  g_autoptr(Fixture) adl = fixture_new_platform (slices_sim_gpu_spec_init_adl);
  g_autoptr(Fixture) ptl = fixture_new_platform (slices_sim_gpu_spec_init_ptl);
  g_autoptr(Fixture) kbl = fixture_new_platform (slices_sim_gpu_spec_init);
  g_autoptr(SlicesDoctor) doctor = NULL;
  const SlicesDoctorVm vms[] = {
    { "win11", "0000:00:02.1", TRUE }, { "fedora", "0000:00:02.2", FALSE },
  };

  doctor = slices_doctor_new (&adl->env);
  slices_doctor_set_vms (doctor, TRUE, vms, G_N_ELEMENTS (vms));
  slices_doctor_run (doctor);
  /* The doctor cannot look inside a guest: a hint, never a problem. */
  assert_status (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, SLICES_CHECK_STATUS_UNKNOWN);
  assert_informational (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER);
  assert_text (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, "i915-sriov-dkms");
  assert_text (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, "i915.enable_guc=3");
  assert_text (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, "Windows guest needs Intel’s");
  assert_text (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER,
               "win11 (0000:00:02.1), fedora (0000:00:02.2)");
  assert_fix (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, SLICES_FIX_COMMAND,
              "i915.enable_guc=3 module_blacklist=xe", "Linux guest");
  assert_fix (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, SLICES_FIX_LINK, "intel.com", "Windows");

  /* Known, and no VM has a VF yet. */
  slices_doctor_set_vms (doctor, TRUE, NULL, 0);
  slices_doctor_run (doctor);
  assert_text (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, "No virtual machine has a virtual "
                                                        "function yet");

  g_clear_object (&doctor);
  doctor = run_doctor (ptl);
  assert_text (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, "with the xe driver");
  assert_status (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER, SLICES_CHECK_STATUS_UNKNOWN);
  g_assert_null (slices_check_find_fix (get_check (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER),
                                        SLICES_FIX_COMMAND));

  /* GVT-g only: no such check. */
  g_clear_object (&doctor);
  doctor = run_doctor (kbl);
  g_assert_null (slices_doctor_find_check (doctor, SLICES_CHECK_SRIOV_GUEST_DRIVER));
}

static void
write_shm_file (Fixture *fixture,
                int      mode)
{
  g_autofree char *path = g_build_filename (fixture->base, "shm", "looking-glass", NULL);

  write_file (path, "");
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

/* /dev/shm/looking-glass (FACTS-SRIOV S5): made for SR-IOV GPUs and VMs with Looking Glass; a
 * problem only for such a VM; the fix is the helper's tmpfiles line, or NixOS's rules. */
static void
test_looking_glass_shm (void)
{
  g_autoptr(Fixture) ptl = fixture_new_platform (slices_sim_gpu_spec_init_ptl);
  g_autoptr(Fixture) kbl = fixture_new_platform (slices_sim_gpu_spec_init);
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *shm_file = NULL;
  const SlicesDoctorVm vms[] = { { "win11", "0000:00:02.1", TRUE } };
  const char *line = "f /dev/shm/looking-glass 0660 alice kvm -";

  /* GVT-g, no VM with Looking Glass: nothing to say. */
  doctor = run_doctor (kbl);
  g_assert_null (slices_doctor_find_check (doctor, SLICES_CHECK_LOOKING_GLASS_SHM));
  slices_doctor_set_vms (doctor, TRUE, vms, 1);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_CHECK_STATUS_WARNING);
  assert_text (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, "win11");

  /* SR-IOV, no VM uses it: a hint with the one-click fix and the command. */
  g_clear_object (&doctor);
  doctor = run_doctor (ptl);
  assert_status (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_CHECK_STATUS_OK);
  assert_informational (doctor, SLICES_CHECK_LOOKING_GLASS_SHM);
  assert_fix (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_FIX_ACTION,
              SLICES_FIX_ACTION_LOOKING_GLASS, NULL);
  assert_fix (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_FIX_COMMAND, line, NULL);
  assert_fix (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_FIX_COMMAND,
              "sudo tee /etc/tmpfiles.d/gpu-slices-looking-glass.conf", NULL);

  /* The file is someone else's: the client cannot open it. */
  write_shm_file (ptl, 0600);
  ptl->env.uid_set = TRUE;
  ptl->env.uid = getuid () + 1;
  g_clear_object (&doctor);
  doctor = slices_doctor_new (&ptl->env);
  slices_doctor_set_vms (doctor, TRUE, vms, 1);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_CHECK_STATUS_ERROR);
  assert_text (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, "cannot open");
  assert_fix (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_FIX_ACTION,
              SLICES_FIX_ACTION_LOOKING_GLASS, NULL);

  /* Readable and writable for the user (its owner): fine. */
  ptl->env.uid_set = FALSE;
  g_clear_object (&doctor);
  doctor = run_doctor (ptl);
  assert_status (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, "can open");

  /* No file yet, but the helper's tmpfiles line: set up, made at the next boot. */
  conf = g_build_filename (ptl->root, "etc", "tmpfiles.d", "gpu-slices-looking-glass.conf",
                           NULL);
  write_file (conf, "# Written by GPU Slices\nf /dev/shm/looking-glass 0660 alice kvm -\n");
  shm_file = g_build_filename (ptl->base, "shm", "looking-glass", NULL);
  g_assert_cmpint (g_remove (shm_file), ==, 0);
  g_clear_object (&doctor);
  doctor = slices_doctor_new (&ptl->env);
  slices_doctor_set_vms (doctor, TRUE, vms, 1);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_CHECK_STATUS_OK);
  assert_text (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, "set up");
  assert_fix (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_FIX_COMMAND,
              "sudo systemd-tmpfiles --create /etc/tmpfiles.d/gpu-slices-looking-glass.conf",
              NULL);

  /* NixOS: /etc is the configuration's, so its rules instead of the helper. */
  g_assert_cmpint (g_remove (conf), ==, 0);
  rerun_as (ptl, &doctor, "os-release-nixos");
  assert_fix (doctor, SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_FIX_COMMAND,
              "systemd.tmpfiles.rules = [ \"f /dev/shm/looking-glass 0660 alice kvm -\" ];",
              "NixOS");
  g_assert_null (slices_check_find_fix (get_check (doctor, SLICES_CHECK_LOOKING_GLASS_SHM),
                                        SLICES_FIX_ACTION));
}

/* The window's first screen asks only for sriov-driver: the same verdict and ways as a whole
 * run, no check list touched; nothing where no GPU could do SR-IOV. */
static void
test_sriov_driver_alone (void)
{
  g_autoptr(Fixture) stock = fixture_new_platform (slices_sim_gpu_spec_init_adl_stock);
  g_autoptr(Fixture) kbl = fixture_new_platform (slices_sim_gpu_spec_init);
  g_autoptr(SlicesDoctor) whole = run_doctor (stock);
  g_autoptr(SlicesDoctor) alone = slices_doctor_new (&stock->env);
  g_autoptr(SlicesDoctor) gvt = slices_doctor_new (&kbl->env);
  g_autoptr(SlicesCheck) check = slices_doctor_run_sriov_driver (alone);
  g_autoptr(SlicesCheck) none = slices_doctor_run_sriov_driver (gvt);
  g_autoptr(GArray) ways = NULL;
  g_autoptr(GArray) whole_ways = NULL;

  g_assert_nonnull (check);
  g_assert_cmpint (slices_check_get_status (check), ==, SLICES_CHECK_STATUS_ERROR);
  g_assert_cmpstr (slices_check_get_title (check), ==,
                   slices_check_get_title (get_check (whole, SLICES_CHECK_SRIOV_DRIVER)));
  ways = slices_check_dup_ways (check);
  whole_ways = slices_check_dup_ways (get_check (whole, SLICES_CHECK_SRIOV_DRIVER));
  g_assert_cmpuint (ways->len, ==, 2);
  g_assert_cmpuint (ways->len, ==, whole_ways->len);
  g_assert_cmpuint (g_list_model_get_n_items (slices_doctor_get_checks (alone)), ==, 0);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/doctor/sriov/platforms", test_platforms);
  g_test_add_func ("/slices/doctor/sriov/stock-i915", test_stock_i915);
  g_test_add_func ("/slices/doctor/sriov/meteor-lake-xe", test_meteor_lake_xe);
  g_test_add_func ("/slices/doctor/sriov/lunar-lake", test_lunar_lake);
  g_test_add_func ("/slices/doctor/sriov/alder-lake-unprobed", test_alder_lake_unprobed);
  g_test_add_func ("/slices/doctor/sriov/max-vfs-zero", test_max_vfs_zero);
  g_test_add_func ("/slices/doctor/sriov/guc-off", test_guc_off);
  g_test_add_func ("/slices/doctor/sriov/host-binding", test_host_binding);
  g_test_add_func ("/slices/doctor/sriov/iommu-and-vfio", test_iommu_and_vfio);
  g_test_add_func ("/slices/doctor/sriov/gvt-and-sriov", test_gvt_and_sriov);
  g_test_add_func ("/slices/doctor/sriov/adl-stock-ways", test_adl_stock_ways);
  g_test_add_func ("/slices/doctor/sriov/one-way", test_one_way);
  g_test_add_func ("/slices/doctor/sriov/guest-driver", test_guest_driver);
  g_test_add_func ("/slices/doctor/sriov/looking-glass-shm", test_looking_glass_shm);
  g_test_add_func ("/slices/doctor/sriov/sriov-driver-alone", test_sriov_driver_alone);

  return g_test_run ();
}
