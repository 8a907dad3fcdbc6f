/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup: one fake system per failure (sysfs, /etc, /dev, /proc and the QEMU log folder
 * built with plain file operations in a temporary folder) → the status each check reports,
 * and the fix a user would copy. Also distribution detection from sample os-release files.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slices-distro.h"
#include "slices-doctor.h"
#include "slices-mdevctl.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define KBL_HD620 0x5916
#define ICL_IRIS  0x8a52
#define TGL_IRIS  0x9a49
#define DG2_ARC   0x56a0

#define UUID_A "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define UUID_B "4b20d080-1b54-4048-85b3-a6a62d165c02"
#define UUID_C "4b20d080-1b54-4048-85b3-a6a62d165c03"

/* A fake system in a temporary folder: ROOT/sys, ROOT/root (etc), ROOT/dev, ROOT/proc,
 * ROOT/log, ROOT/bin/mdevctl. */
typedef struct {
  char *base;
  char *sys;
  char *root;
  char *dev;
  char *proc;
  char *log;
  char *mdevctl;
  GHashTable *none_defined;  /* what env.mdevctl_defined points at: mdevctl keeps nothing */
  const char *groups[4];
  SlicesDoctorEnv env;
  gboolean borrowed;  /* another process made the tree and removes it */
} FakeSystem;

/* rm -rf without a shell: never follows links (the fake tree is full of them). */
static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* No fsync: a fake tree does not need to survive a crash, and fsync is slow on a busy disk. */
  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error);
  g_assert_no_error (error);
}

static void
make_dir (const char *path)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
make_link (const char *target,
           const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  make_dir (dir);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static char *
sys_path (FakeSystem *fake,
          const char *relative)
{
  return g_build_filename (fake->sys, relative, NULL);
}

static void
sys_write (FakeSystem *fake,
           const char *relative,
           const char *contents)
{
  g_autofree char *path = sys_path (fake, relative);

  write_file (path, contents);
}

static void
sys_mkdir (FakeSystem *fake,
           const char *relative)
{
  g_autofree char *path = sys_path (fake, relative);

  make_dir (path);
}

static void
sys_remove (FakeSystem *fake,
            const char *relative)
{
  g_autofree char *path = sys_path (fake, relative);

  g_assert_true (slices_test_remove_tree (path));
}

static char *
gpu_dir (const char *address)
{
  return g_strdup_printf ("devices/pci0000:00/%s", address);
}

/* An Intel display device; @render_minor < 0 for no drm folder; @driver NULL for unbound. */
static void
add_gpu (FakeSystem *fake,
         const char *address,
         guint       device_id,
         int         render_minor,
         const char *driver)
{
  g_autofree char *dir = gpu_dir (address);
  g_autofree char *file = NULL;
  g_autofree char *value = NULL;
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;

  file = g_strdup_printf ("%s/vendor", dir);
  sys_write (fake, file, "0x8086\n");
  g_free (file);
  file = g_strdup_printf ("%s/device", dir);
  value = g_strdup_printf ("0x%04x\n", device_id);
  sys_write (fake, file, value);
  g_free (file);
  file = g_strdup_printf ("%s/class", dir);
  sys_write (fake, file, "0x030000\n");

  link = g_build_filename (fake->sys, "bus/pci/devices", address, NULL);
  target = g_strdup_printf ("../../../devices/pci0000:00/%s", address);
  make_link (target, link);

  if (driver != NULL)
    {
      g_autofree char *driver_dir = g_strdup_printf ("bus/pci/drivers/%s", driver);
      g_autofree char *driver_link = NULL;
      g_autofree char *driver_target = g_strdup_printf ("../../../bus/pci/drivers/%s", driver);

      sys_mkdir (fake, driver_dir);
      driver_link = g_build_filename (fake->sys, dir, "driver", NULL);
      make_link (driver_target, driver_link);
    }

  if (render_minor >= 0)
    {
      g_autofree char *node = g_strdup_printf ("%s/drm/renderD%d", dir, render_minor);
      g_autofree char *dev_node = NULL;
      g_autofree char *uevent = NULL;
      g_autofree char *name = g_strdup_printf ("renderD%d", render_minor);

      uevent = g_strdup_printf ("%s/uevent", node);
      value = (g_free (value), g_strdup_printf ("MAJOR=226\nMINOR=%d\nDEVNAME=dri/renderD%d\n"
                                                "DEVTYPE=drm_minor\n", render_minor,
                                                render_minor));
      sys_write (fake, uevent, value);
      dev_node = g_build_filename (fake->dev, "dri", name, NULL);
      write_file (dev_node, "");
      g_assert_cmpint (g_chmod (dev_node, 0666), ==, 0);
    }
}

static void
add_type (FakeSystem *fake,
          const char *address,
          const char *type_id,
          int         available)
{
  g_autofree char *dir = gpu_dir (address);
  g_autofree char *type_dir = g_strdup_printf ("%s/mdev_supported_types/%s", dir, type_id);
  g_autofree char *file = NULL;
  g_autofree char *value = g_strdup_printf ("%d\n", available);

  file = g_strdup_printf ("%s/available_instances", type_dir);
  sys_write (fake, file, value);
  g_free (file);
  file = g_strdup_printf ("%s/device_api", type_dir);
  sys_write (fake, file, "vfio-pci\n");
  g_free (file);
  file = g_strdup_printf ("%s/devices", type_dir);
  sys_mkdir (fake, file);
}

static void
add_slice (FakeSystem *fake,
           const char *address,
           const char *type_id,
           const char *uuid)
{
  g_autofree char *dir = gpu_dir (address);
  g_autofree char *slice_dir = g_strdup_printf ("%s/%s", dir, uuid);
  g_autofree char *link = NULL;
  g_autofree char *target = g_strdup_printf ("../../../%s", uuid);

  sys_mkdir (fake, slice_dir);
  link = g_build_filename (fake->sys, dir, "mdev_supported_types", type_id, "devices", uuid,
                           NULL);
  make_link (target, link);
}

static void
set_os_release (FakeSystem *fake,
                const char *sample)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "doctor", sample, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *dest = g_build_filename (fake->root, "etc", "os-release", NULL);

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  write_file (dest, contents);
}

/* The paths and the doctor's environment of the fake system in @base (taken), which may be
 * there already: nothing is written. */
static FakeSystem *
fake_system_new_at (char *base)
{
  FakeSystem *fake = g_new0 (FakeSystem, 1);

  fake->base = base;
  fake->sys = g_build_filename (fake->base, "sys", NULL);
  fake->root = g_build_filename (fake->base, "root", NULL);
  fake->dev = g_build_filename (fake->base, "dev", NULL);
  fake->proc = g_build_filename (fake->base, "proc", NULL);
  fake->log = g_build_filename (fake->base, "log", NULL);
  fake->mdevctl = g_build_filename (fake->base, "bin", "mdevctl", NULL);

  fake->groups[0] = "users";
  fake->groups[1] = "libvirt";
  fake->groups[2] = "render";
  fake->groups[3] = NULL;

  fake->env.sysfs_root = fake->sys;
  fake->env.root_dir = fake->root;
  fake->env.dev_root = fake->dev;
  fake->env.proc_root = fake->proc;
  fake->env.qemu_log_dir = fake->log;
  fake->env.mdevctl_path = fake->mdevctl;
  fake->none_defined = slices_mdev_definitions_new ();
  fake->env.mdevctl_defined = fake->none_defined;
  fake->env.libvirt_state = SLICES_LIBVIRT_STATE_OK;
  fake->env.user_groups = fake->groups;
  fake->env.user_name = "alice";

  return fake;
}

/* A healthy Kaby Lake laptop on Debian 12, every check ok, in the folder @base (taken). */
static FakeSystem *
fake_system_new_healthy_at (char *base)
{
  FakeSystem *fake = fake_system_new_at (base);
  g_autofree char *agent = NULL;

  add_gpu (fake, "0000:00:02.0", KBL_HD620, 128, "i915");
  add_type (fake, "0000:00:02.0", "i915-GVTg_V5_4", 5);
  add_type (fake, "0000:00:02.0", "i915-GVTg_V5_8", 7);

  sys_write (fake, "module/i915/parameters/enable_gvt", "Y\n");
  sys_write (fake, "module/i915/parameters/enable_guc", "-1\n");
  sys_mkdir (fake, "module/kvmgt");
  sys_mkdir (fake, "module/vfio/parameters");
  sys_mkdir (fake, "module/mdev");
  sys_mkdir (fake, "module/vfio_iommu_type1/parameters");
  sys_mkdir (fake, "class/iommu/dmar0");

  set_os_release (fake, "os-release-debian12");

  agent = g_build_filename (fake->proc, "1234", "comm", NULL);
  write_file (agent, "gnome-shell\n");
  g_free (agent);
  agent = g_build_filename (fake->proc, "1234", "cmdline", NULL);
  write_file (agent, "/usr/bin/gnome-shell");
  g_free (agent);
  agent = g_build_filename (fake->proc, "self", "comm", NULL);
  write_file (agent, "test-doctor\n");

  make_dir (fake->log);
  write_file (fake->mdevctl, "#!/bin/sh\necho '[]'\n");
  g_assert_cmpint (g_chmod (fake->mdevctl, 0755), ==, 0);

  return fake;
}

/* The same in a new temporary folder. */
static FakeSystem *
fake_system_new_healthy (void)
{
  g_autoptr(GError) error = NULL;
  char *base = g_dir_make_tmp ("test-doctor-XXXXXX", &error);

  g_assert_no_error (error);
  return fake_system_new_healthy_at (base);
}

static void
fake_system_free (FakeSystem *fake)
{
  if (!fake->borrowed)
    g_assert_true (slices_test_remove_tree (fake->base));
  g_free (fake->base);
  g_free (fake->sys);
  g_free (fake->root);
  g_free (fake->dev);
  g_free (fake->proc);
  g_free (fake->log);
  g_free (fake->mdevctl);
  g_hash_table_unref (fake->none_defined);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeSystem, fake_system_free)

static SlicesDoctor *
run_doctor (FakeSystem *fake)
{
  SlicesDoctor *doctor = slices_doctor_new (&fake->env);

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
assert_title_contains (SlicesDoctor *doctor,
                       const char   *id,
                       const char   *needle)
{
  const char *title = slices_check_get_title (get_check (doctor, id));

  if (strstr (title, needle) == NULL)
    g_error ("Title of %s is \"%s\", which lacks \"%s\"", id, title, needle);
}

static void
assert_detail_contains (SlicesDoctor *doctor,
                        const char   *id,
                        const char   *needle)
{
  const char *detail = slices_check_get_detail (get_check (doctor, id));

  if (strstr (detail, needle) == NULL)
    g_error ("Detail of %s is \"%s\", which lacks \"%s\"", id, detail, needle);
}

/* Some fix of @kind whose text contains @needle. */
static void
assert_fix (SlicesDoctor  *doctor,
            const char    *id,
            SlicesFixKind  kind,
            const char    *needle)
{
  GPtrArray *fixes = slices_check_get_fixes (get_check (doctor, id));

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      if (fix->kind == kind && strstr (fix->text, needle) != NULL)
        return;
    }
  g_error ("Check %s has no %s fix containing \"%s\"", id, slices_fix_kind_to_string (kind),
           needle);
}

static const char * const all_ids[] = {
  SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION,
  SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_SLICE_TYPES,
  SLICES_CHECK_ROOM, SLICES_CHECK_IOMMU, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_LIBVIRT,
  SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_QEMU_SANDBOX, NULL,
};

/* ---------------------------------------------------------------------------------------- */

static void
test_healthy (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = run_doctor (fake);
  GListModel *checks = slices_doctor_get_checks (doctor);
  g_autofree char *summary = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, g_strv_length ((char **) all_ids));
  for (guint i = 0; all_ids[i] != NULL; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (checks, i);

      /* The order is part of the contract: the page and slicectl list them this way. */
      g_assert_cmpstr (slices_check_get_id (check), ==, all_ids[i]);
      assert_status (doctor, all_ids[i], SLICES_CHECK_STATUS_OK);
      g_assert_cmpstr (slices_check_get_title (check), !=, "");
      g_assert_cmpstr (slices_check_get_detail (check), !=, "");
    }

  g_assert_cmpint (slices_doctor_get_distro (doctor), ==, SLICES_DISTRO_DEBIAN);
  g_assert_false (slices_doctor_has_errors (doctor));
  g_assert_cmpuint (slices_doctor_count (doctor, SLICES_CHECK_STATUS_WARNING), ==, 0);
  summary = slices_doctor_dup_summary (doctor);
  g_assert_cmpstr (summary, ==, "No problems found");
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "Kaby Lake");
  assert_title_contains (doctor, SLICES_CHECK_RENDER_NODE, "/dev/dri/renderD128");
  assert_title_contains (doctor, SLICES_CHECK_POLKIT_AGENT, "gnome-shell");
  assert_title_contains (doctor, SLICES_CHECK_ROOM, "7");
  g_assert_true (slices_check_get_informational (get_check (doctor, SLICES_CHECK_IOMMU)));
  g_assert_true (slices_check_get_informational (get_check (doctor, SLICES_CHECK_QEMU_SANDBOX)));
}

static void
test_gvt_off (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_write (fake, "module/i915/parameters/enable_gvt", "N\n");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_GVT_PARAMETER, "turned off");
  /* Debian: GRUB's default file, then update-grub. */
  assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND, "i915.enable_gvt=1");
  assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND, "update-grub");
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR);
  assert_detail_contains (doctor, SLICES_CHECK_SLICE_TYPES, "above");
  assert_status (doctor, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_UNKNOWN);
  g_assert_true (slices_doctor_has_errors (doctor));
}

static void
test_gvt_off_fedora_arch_nixos (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  sys_write (fake, "module/i915/parameters/enable_gvt", "N\n");

  {
    g_autoptr(SlicesDoctor) doctor = NULL;

    set_os_release (fake, "os-release-fedora");
    doctor = run_doctor (fake);
    assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND,
                "sudo grubby --update-kernel=ALL --args=\"i915.enable_gvt=1\"");
  }
  {
    g_autoptr(SlicesDoctor) doctor = NULL;

    set_os_release (fake, "os-release-arch");
    doctor = run_doctor (fake);
    assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND,
                "grub-mkconfig -o /boot/grub/grub.cfg");
    assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND, "/boot/loader/entries");
  }
  {
    g_autoptr(SlicesDoctor) doctor = NULL;
    g_autofree char *marker = g_build_filename (fake->root, "etc", "NIXOS", NULL);

    write_file (marker, "");
    doctor = run_doctor (fake);
    g_assert_cmpint (slices_doctor_get_distro (doctor), ==, SLICES_DISTRO_NIXOS);
    assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND,
                "virtualisation.kvmgt.enable = true;");
  }
}

static void
test_kernel_without_gvt (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_remove (fake, "module/i915/parameters/enable_gvt");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_GVT_PARAMETER, "without GVT-g");
  assert_detail_contains (doctor, SLICES_CHECK_GVT_PARAMETER, "CONFIG_DRM_I915_GVT");
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR);
}

static void
test_guc_submission (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *snippet = NULL;

  sys_write (fake, "module/i915/parameters/enable_guc", "3\n");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_GUC_SUBMISSION, "enable_guc=3");
  assert_fix (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_FIX_COMMAND, "i915.enable_guc=2");
  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR);

  /* The NixOS snippet carries the modprobe option when GuC fails. */
  snippet = slices_doctor_dup_nixos_snippet (doctor);
  g_assert_nonnull (strstr (snippet, "boot.extraModprobeConfig = \"options i915 enable_guc=2\";"));
}

static void
test_guc_values (void)
{
  const struct {
    const char        *value;
    SlicesCheckStatus  status;
  } cases[] = {
    { "-1\n", SLICES_CHECK_STATUS_OK },   /* default: no GuC submission on gen 9 */
    { "0\n", SLICES_CHECK_STATUS_OK },
    { "1\n", SLICES_CHECK_STATUS_ERROR },
    { "2\n", SLICES_CHECK_STATUS_OK },    /* HuC only */
    { "3\n", SLICES_CHECK_STATUS_ERROR },
  };
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SlicesDoctor) doctor = NULL;

      sys_write (fake, "module/i915/parameters/enable_guc", cases[i].value);
      doctor = run_doctor (fake);
      assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, cases[i].status);
    }
}

/* enable_gvt and enable_guc are mode 0400. Tests may run as root, who reads anything: there a
 * folder in the parameter's place stands in for "cannot read". */
static void
make_parameter_unreadable (FakeSystem *fake,
                           const char *name)
{
  g_autofree char *relative = g_strdup_printf ("module/i915/parameters/%s", name);
  g_autofree char *path = sys_path (fake, relative);

  if (getuid () != 0)
    {
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      return;
    }
  sys_remove (fake, relative);
  make_dir (path);
}

/* A file under the fake system's root (etc/modprobe.d/…) or its /proc (cmdline). */
static void
write_under (const char *dir,
             const char *relative,
             const char *contents)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* The parameters are root-only (0400): read without a password from the kernel command line,
 * then modprobe's configuration, else the driver's default. Slice types prove GVT-g is on. */
static void
test_parameters_unreadable (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  make_parameter_unreadable (fake, "enable_gvt");
  make_parameter_unreadable (fake, "enable_guc");
  write_under (fake->proc, "cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 i915.enable_gvt=0 "
               "i915.enable_guc=3 quiet\n");

  /* Types prove GVT-g is on and GuC submission off, whatever the configuration says. */
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
    assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK);
  }

  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    /* The kernel command line says off and GuC submission on; no password is offered. */
    assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR);
    assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_ERROR);
    assert_title_contains (doctor, SLICES_CHECK_GUC_SUBMISSION, "enable_guc=3");
    g_assert_null (slices_check_find_fix (get_check (doctor, SLICES_CHECK_GVT_PARAMETER),
                                          SLICES_FIX_ACTION));
    assert_fix (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_FIX_COMMAND, "i915.enable_gvt=1");
  }

  /* modprobe.d, when the command line says nothing; the last setting wins. */
  write_under (fake->proc, "cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n");
  write_under (fake->root, "etc/modprobe.d/i915.conf",
               "# GVT-g\noptions i915 enable_gvt=0\noptions  i915\tenable_gvt=1 enable_guc=2\n"
               "options kvm ignore_msrs=1 enable_guc=3\n");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
    assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK);
  }

  /* The command line wins over modprobe.d, as modprobe appends it last. */
  write_under (fake->proc, "cmdline", "i915.enable_guc=1\n");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
    assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_ERROR);
  }

  /* Nothing sets them: the defaults, GVT-g off and GuC submission off. */
  write_under (fake->proc, "cmdline", "quiet\n");
  write_under (fake->root, "etc/modprobe.d/i915.conf", "# nothing\n");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR);
    assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK);
  }
}

static void
test_kvmgt_missing (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;
  const SlicesFix *fix;

  sys_remove (fake, "module/kvmgt");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_ERROR);
  fix = slices_check_find_fix (get_check (doctor, SLICES_CHECK_KVMGT_MODULE), SLICES_FIX_ACTION);
  g_assert_nonnull (fix);
  g_assert_cmpstr (fix->text, ==, SLICES_FIX_ACTION_LOAD_KVMGT);
  assert_fix (doctor, SLICES_CHECK_KVMGT_MODULE, SLICES_FIX_COMMAND,
              "/etc/modules-load.d/gpu-slices.conf");
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR);
  assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK);
}

static void
test_vfio_modules (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  sys_remove (fake, "module/mdev");
  sys_remove (fake, "module/vfio_iommu_type1");
  {
    /* kvmgt loaded: its dependencies are there, built in. */
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK);
  }

  sys_remove (fake, "module/kvmgt");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_VFIO_MODULES, "mdev");
    assert_title_contains (doctor, SLICES_CHECK_VFIO_MODULES, "vfio_iommu_type1");
    assert_fix (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_FIX_COMMAND, "modprobe");
  }

  /* Older kernels call the mdev core vfio_mdev. */
  sys_mkdir (fake, "module/vfio_mdev");
  sys_mkdir (fake, "module/vfio_iommu_type1");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK);
  }
}

static void
test_ice_lake (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_remove (fake, "devices/pci0000:00/0000:00:02.0");
  sys_remove (fake, "bus/pci/devices/0000:00:02.0");
  add_gpu (fake, "0000:00:02.0", ICL_IRIS, 129, "i915");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "Ice Lake");
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "neither GVT-g nor SR-IOV");
  assert_detail_contains (doctor, SLICES_CHECK_GPU_GENERATION, "Comet Lake");
  /* The one root cause leads: what follows from it is not checked and offers no fix. */
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_UNKNOWN);
  assert_detail_contains (doctor, SLICES_CHECK_SLICE_TYPES, "Ice Lake");
  g_assert_cmpstr (slices_check_get_blocked_by (get_check (doctor, SLICES_CHECK_SLICE_TYPES)),
                   ==, SLICES_CHECK_GPU_GENERATION);
  g_assert_null (slices_check_get_blocked_by (get_check (doctor, SLICES_CHECK_GPU_GENERATION)));
  g_assert_cmpuint (slices_doctor_count (doctor, SLICES_CHECK_STATUS_ERROR), ==, 1);
  {
    g_autofree char *json = slices_doctor_to_json (doctor, FALSE);

    g_assert_nonnull (strstr (json, "\"blocked_by\":\"gpu-generation\""));
  }

  /* kvmgt cannot help this GPU: it is not an error of its own, and no fix is offered. */
  sys_remove (fake, "module/kvmgt");
  g_clear_object (&doctor);
  doctor = run_doctor (fake);
  assert_status (doctor, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_UNKNOWN);
  assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_UNKNOWN);
  assert_status (doctor, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_UNKNOWN);
  g_assert_cmpuint (slices_check_get_fixes (get_check (doctor, SLICES_CHECK_KVMGT_MODULE))->len,
                    ==, 0);
  g_assert_cmpuint (slices_doctor_count (doctor, SLICES_CHECK_STATUS_ERROR), ==, 1);
}

/* A GPU that GVT-g can share, but i915 is not loaded: GuC submission is not claimed "off". */
static void
test_i915_missing (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_remove (fake, "module/i915");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_GVT_PARAMETER, "not loaded");
  assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_UNKNOWN);
  assert_detail_contains (doctor, SLICES_CHECK_GUC_SUBMISSION, "not loaded");
}

/* Tiger Lake on mainline i915: an SR-IOV GPU whose driver makes no VFs. The GPU is fine; the
 * driver is what to change, and GVT-g is not in the way. */
static void
test_tiger_lake (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_remove (fake, "devices/pci0000:00/0000:00:02.0");
  sys_remove (fake, "bus/pci/devices/0000:00:02.0");
  add_gpu (fake, "0000:00:02.0", TGL_IRIS, 128, "i915");
  sys_remove (fake, "module/i915/parameters/enable_gvt");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "Tiger Lake");
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "supports SR-IOV");
  assert_status (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR);
  assert_detail_contains (doctor, SLICES_CHECK_SRIOV_DRIVER, "i915-sriov-dkms");
  assert_fix (doctor, SLICES_CHECK_SRIOV_DRIVER, SLICES_FIX_COMMAND,
              "xe.force_probe=9a49 i915.force_probe=!9a49");
  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_OK);
}

static void
test_gpu_without_driver (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  /* i915's probe failed: the GPU is still found by vendor and class. */
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0");
  sys_remove (fake, "bus/pci/devices/0000:00:02.0");
  add_gpu (fake, "0000:00:02.0", KBL_HD620, -1, NULL);
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "Kaby Lake");
  assert_status (doctor, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING);
  assert_detail_contains (doctor, SLICES_CHECK_RENDER_NODE, "No driver");
}

static void
test_no_intel_gpu (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_write (fake, "devices/pci0000:00/0000:00:02.0/vendor", "0x1002\n");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "No Intel GPU");
  assert_status (doctor, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_UNKNOWN);
}

static void
test_no_types_kaby_lake (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  /* Everything looks right (kvmgt on 5.18+ loads anyway), yet no types. */
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR);
  assert_detail_contains (doctor, SLICES_CHECK_SLICE_TYPES,
                          "Unsupported device. GVT-g is disabled");
  assert_detail_contains (doctor, SLICES_CHECK_SLICE_TYPES, "GVT-g is disabled by kernel params");
  assert_detail_contains (doctor, SLICES_CHECK_SLICE_TYPES, "fail to alloc high gm space");
  assert_fix (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_FIX_COMMAND, "dmesg");
}

static void
set_all_available (FakeSystem *fake,
                   const char *value)
{
  sys_write (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types/i915-GVTg_V5_4/"
             "available_instances", value);
  sys_write (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types/i915-GVTg_V5_8/"
             "available_instances", value);
}

static void
test_aperture_too_small (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  set_all_available (fake, "0\n");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_ERROR);
    assert_title_contains (doctor, SLICES_CHECK_ROOM, "aperture");
    assert_detail_contains (doctor, SLICES_CHECK_ROOM, "Aperture Size");
    assert_detail_contains (doctor, SLICES_CHECK_ROOM, "DVMT");
  }

  /* With a slice on the GPU, the slice took the room: it is named, not the aperture. */
  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_4", UUID_A);
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);
    g_autofree char *short_uuid = g_strndup (UUID_A, 8);

    assert_status (doctor, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_ROOM, "the slice on the GPU takes it");
    g_assert_null (strstr (slices_check_get_title (get_check (doctor, SLICES_CHECK_ROOM)),
                           "aperture"));
    assert_detail_contains (doctor, SLICES_CHECK_ROOM, short_uuid);
    assert_detail_contains (doctor, SLICES_CHECK_ROOM, "Remove it");
  }
}

static void
test_seven_slices (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  set_all_available (fake, "0\n");
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("4b20d080-1b54-4048-85b3-a6a62d165d0%u", i);

      add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_8", uuid);
    }
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_WARNING);
  assert_title_contains (doctor, SLICES_CHECK_ROOM, "7 slices");
  g_assert_null (strstr (slices_check_get_detail (get_check (doctor, SLICES_CHECK_ROOM)),
                         "Aperture"));
}

static void
test_no_render_node (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/drm");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_RENDER_NODE, "no render node");
    assert_detail_contains (doctor, SLICES_CHECK_RENDER_NODE, "SPICE GL");
  }
}

static void
test_render_node_missing_in_dev (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *node = g_build_filename (fake->dev, "dri", "renderD128", NULL);

  g_assert_cmpint (g_unlink (node), ==, 0);
  doctor = run_doctor (fake);
  assert_status (doctor, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING);
  assert_title_contains (doctor, SLICES_CHECK_RENDER_NODE, "missing");
}

/* The fake system of /slices/doctor/render-node-denied under root, named after the test
 * process so that its subprocess finds it (setenv is unsafe once threads run). */
static char *
denied_base (pid_t parent)
{
  g_autofree char *name = g_strdup_printf ("test-doctor-denied-%d", (int) parent);

  return g_build_filename (slices_test_public_tmp_dir (), name, NULL);
}

static void
assert_render_node_denied (FakeSystem *fake)
{
  g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING);
  assert_fix (doctor, SLICES_CHECK_RENDER_NODE, SLICES_FIX_COMMAND, "usermod -aG render");
}

/* access() on the node fails: the user is not in the node's group. Root may open any file, so
 * under root the doctor runs in a subprocess as "nobody", on a tree root made where nobody
 * can read it, with the node root's own and mode 0600. */
static void
test_render_node_denied (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autofree char *base = NULL;
  g_autofree char *node = NULL;
  SlicesTestUser nobody;

  if (g_test_subprocess ())
    {
      /* Privileges go first: nothing of the check may run as root. */
      g_assert_true (slices_test_lookup_nobody (&nobody));
      if (!slices_test_become (&nobody))
        g_error ("Could not become nobody: %s", g_strerror (errno));
      g_assert_cmpint (getuid (), !=, 0);
      g_assert_cmpint (geteuid (), !=, 0);

      fake = fake_system_new_at (denied_base (getppid ()));
      fake->borrowed = TRUE;
      assert_render_node_denied (fake);
      return;
    }

  if (getuid () != 0)
    {
      /* Our own file: mode 0 denies us. */
      fake = fake_system_new_healthy ();
      node = g_build_filename (fake->dev, "dri", "renderD128", NULL);
      g_assert_cmpint (g_chmod (node, 0), ==, 0);
      assert_render_node_denied (fake);
      return;
    }

  if (!slices_test_lookup_nobody (&nobody))
    {
      g_test_skip ("root may open any file, and there is no user “nobody” to check as");
      return;
    }

  base = denied_base (getpid ());
  /* A failed run of a process with the same pid may have left one (links are not followed). */
  g_assert_true (slices_test_remove_tree (base));
  g_assert_cmpint (g_mkdir (base, 0755), ==, 0);
  /* Whatever the umask: nobody must reach the fake system. */
  g_assert_cmpint (g_chmod (base, 0755), ==, 0);
  fake = fake_system_new_healthy_at (g_steal_pointer (&base));
  node = g_build_filename (fake->dev, "dri", "renderD128", NULL);
  g_assert_cmpint (g_chmod (node, 0600), ==, 0);

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_two_gpus_one_unsupported (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  /* A Kaby Lake laptop with an Arc card in the slot. */
  add_gpu (fake, "0000:03:00.0", DG2_ARC, 129, "i915");
  doctor = run_doctor (fake);

  assert_status (doctor, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK);
  assert_title_contains (doctor, SLICES_CHECK_GPU_GENERATION, "0000:00:02.0");
  assert_detail_contains (doctor, SLICES_CHECK_GPU_GENERATION, "0000:03:00.0");
  assert_status (doctor, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_OK);
  assert_status (doctor, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_OK);
  /* The render node checked is the one of the GPU that has slices. */
  assert_title_contains (doctor, SLICES_CHECK_RENDER_NODE, "renderD128");
  g_assert_false (slices_doctor_has_errors (doctor));
}

static void
test_iommu_off (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  sys_remove (fake, "class/iommu/dmar0");
  doctor = run_doctor (fake);

  /* Informational: never an error, since slices get emulated groups. */
  assert_status (doctor, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK);
  assert_title_contains (doctor, SLICES_CHECK_IOMMU, "off");
  assert_fix (doctor, SLICES_CHECK_IOMMU, SLICES_FIX_COMMAND, "intel_iommu=on");
}

static void
test_libvirt (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  fake->env.libvirt_state = SLICES_LIBVIRT_STATE_UNKNOWN;
  doctor = run_doctor (fake);
  assert_status (doctor, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_UNKNOWN);

  slices_doctor_set_libvirt (doctor, SLICES_LIBVIRT_STATE_DENIED, "qemu:///system",
                             "authentication unavailable");
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_ERROR);
  assert_detail_contains (doctor, SLICES_CHECK_LIBVIRT, "authentication unavailable");
  assert_fix (doctor, SLICES_CHECK_LIBVIRT, SLICES_FIX_COMMAND, "usermod -aG libvirt");

  slices_doctor_set_libvirt (doctor, SLICES_LIBVIRT_STATE_UNREACHABLE, NULL, NULL);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_ERROR);
  assert_fix (doctor, SLICES_CHECK_LIBVIRT, SLICES_FIX_COMMAND, "libvirt-daemon-system");

  /* Not installed at all: said so, with the same fix, and why loading it failed. */
  slices_doctor_set_libvirt (doctor, SLICES_LIBVIRT_STATE_MISSING, "qemu:///system",
                             "libvirt is not installed (libvirt.so.0: cannot open shared "
                             "object file)");
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_ERROR);
  assert_title_contains (doctor, SLICES_CHECK_LIBVIRT, "not installed");
  assert_detail_contains (doctor, SLICES_CHECK_LIBVIRT, "cannot open shared object file");
  assert_fix (doctor, SLICES_CHECK_LIBVIRT, SLICES_FIX_COMMAND, "libvirt-daemon-system");

  slices_doctor_set_libvirt (doctor, SLICES_LIBVIRT_STATE_OK, "qemu:///system", NULL);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_OK);
}

static void
test_libvirt_group_hint (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;
  const char *groups[] = { "users", NULL };

  fake->env.libvirt_state = SLICES_LIBVIRT_STATE_UNKNOWN;
  fake->env.user_groups = groups;
  fake->env.uid_set = TRUE;
  fake->env.uid = 1000;
  doctor = run_doctor (fake);
  assert_status (doctor, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_UNKNOWN);
  assert_detail_contains (doctor, SLICES_CHECK_LIBVIRT, "not in the libvirt group");
  assert_fix (doctor, SLICES_CHECK_LIBVIRT, SLICES_FIX_COMMAND, "usermod -aG libvirt");
}

static void
test_polkit_agent (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autofree char *agent_dir = g_build_filename (fake->proc, "1234", NULL);

  g_assert_true (slices_test_remove_tree (agent_dir));
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_WARNING);
    assert_detail_contains (doctor, SLICES_CHECK_POLKIT_AGENT, "127");
    assert_fix (doctor, SLICES_CHECK_POLKIT_AGENT, SLICES_FIX_COMMAND,
                "sudo apt install policykit-1-gnome");
  }

  /* comm is cut to 15 bytes; the agent is still recognised (also without a cmdline). */
  {
    g_autofree char *comm = g_build_filename (fake->proc, "4321", "comm", NULL);
    g_autoptr(SlicesDoctor) doctor = NULL;

    write_file (comm, "polkit-gnome-au\n");
    doctor = run_doctor (fake);
    assert_status (doctor, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_OK);
    assert_title_contains (doctor, SLICES_CHECK_POLKIT_AGENT,
                           "polkit-gnome-authentication-agent-1");
  }

  /* Another user's agent (gdm's greeter) does not count. */
  {
    g_autoptr(SlicesDoctor) doctor = NULL;

    fake->env.uid_set = TRUE;
    fake->env.uid = getuid () + 1;
    doctor = run_doctor (fake);
    assert_status (doctor, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_WARNING);
  }

  /* No /proc to read. */
  {
    g_autoptr(SlicesDoctor) doctor = NULL;
    g_autofree char *missing = g_build_filename (fake->base, "no-proc", NULL);

    fake->env.uid_set = FALSE;
    fake->env.proc_root = missing;
    doctor = run_doctor (fake);
    assert_status (doctor, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_UNKNOWN);
  }
}

static void
test_persistence (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autofree char *defined_json = NULL;
  g_autoptr(GHashTable) defined = NULL;
  g_autoptr(GHashTable) both_defined = NULL;
  g_autoptr(GError) error = NULL;

  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_4", UUID_A);
  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_8", UUID_B);

  /* Nothing defined: both vanish at restart. */
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);
    const SlicesFix *fix;

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_PERSISTENCE, "2 slices will vanish");
    fix = slices_check_find_fix (get_check (doctor, SLICES_CHECK_PERSISTENCE),
                                 SLICES_FIX_ACTION);
    g_assert_nonnull (fix);
    g_assert_cmpstr (fix->text, ==, SLICES_FIX_ACTION_PERSIST_SLICES);
    assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND,
                "sudo mdevctl define --uuid " UUID_A " --parent 0000:00:02.0 "
                "--type i915-GVTg_V5_4 --auto");
  }

  /* One kept (mdevctl 1.x layout, UUID written in uppercase): one vanishes. */
  defined_json = g_ascii_strup ("[{\"0000:00:02.0\":[{\"" UUID_A "\":"
                                "{\"mdev_type\":\"i915-GVTg_V5_4\",\"start\":\"auto\","
                                "\"attrs\":[]}}]}]", -1);
  defined = slices_mdevctl_parse_defined (defined_json, &error);
  g_assert_no_error (error);
  fake->env.mdevctl_defined = defined;
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_PERSISTENCE, "1 slice will vanish");
    assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND, UUID_B);
  }

  both_defined = slices_mdevctl_parse_defined (
    "[{\"0000:00:02.0\":[{\"" UUID_A "\":{\"mdev_type\":\"i915-GVTg_V5_4\",\"start\":\"auto\"}},"
    "{\"" UUID_B "\":{\"mdev_type\":\"i915-GVTg_V5_8\",\"start\":\"auto\"}}]}]", &error);
  g_assert_no_error (error);
  fake->env.mdevctl_defined = both_defined;
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK);
  }

  /* mdevctl's list unknown. */
  fake->env.mdevctl_defined = NULL;
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_UNKNOWN);
  }

  /* No mdevctl: install it (per distribution). */
  g_assert_cmpint (g_unlink (fake->mdevctl), ==, 0);
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_PERSISTENCE, "mdevctl is not installed");
    assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND, "sudo apt install mdevctl");
  }
  set_os_release (fake, "os-release-fedora");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND, "sudo dnf install mdevctl");
  }

  /* NixOS: point to the configuration, with the slices in it. */
  {
    g_autofree char *marker = g_build_filename (fake->root, "etc", "NIXOS", NULL);
    g_autoptr(SlicesDoctor) doctor = NULL;

    write_file (marker, "");
    doctor = run_doctor (fake);
    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
    assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND,
                "virtualisation.kvmgt.vgpus.\"i915-GVTg_V5_4\".uuid = [ \"" UUID_A "\" ];");
    assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND,
                "users.users.alice.extraGroups = [ \"libvirtd\" ];");
  }
}

static void
test_persistence_no_slices (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();

  fake->env.mdevctl_defined = NULL;
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK);
  }
  g_assert_cmpint (g_unlink (fake->mdevctl), ==, 0);
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
  }
}

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (slices_doctor_run_finish (SLICES_DOCTOR (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the doctor");
  return G_SOURCE_REMOVE;
}

/* The async run asks (a stand-in) mdevctl for its defined list. */
static void
test_run_async_mdevctl (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *mdevctl_d = g_build_filename (fake->root, "etc", "mdevctl.d", NULL);
  g_autofree char *script = NULL;
  gboolean done = FALSE;
  guint timeout_id;

  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_4", UUID_A);
  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_4", UUID_C);
  make_dir (mdevctl_d);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "[ \"$*\" = 'list --defined --dumpjson' ] || exit 2\n"
                            "echo '[{\"0000:00:02.0\":[{\"%s\":{\"mdev_type\":"
                            "\"i915-GVTg_V5_4\",\"start\":\"auto\"}}]}]'\n", UUID_A);
  write_file (fake->mdevctl, script);
  g_assert_cmpint (g_chmod (fake->mdevctl, 0755), ==, 0);
  fake->env.mdevctl_defined = NULL;
  doctor = slices_doctor_new (&fake->env);

  g_assert_cmpuint (g_list_model_get_n_items (slices_doctor_get_checks (doctor)), ==, 0);
  slices_doctor_run_async (doctor, NULL, on_run_done_cb, &done);
  timeout_id = g_timeout_add_seconds (20, on_timeout_cb, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);

  assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
  assert_title_contains (doctor, SLICES_CHECK_PERSISTENCE, "1 slice will vanish");
  assert_fix (doctor, SLICES_CHECK_PERSISTENCE, SLICES_FIX_COMMAND, UUID_C);

  /* Without /etc/mdevctl.d nothing is defined (and mdevctl is not run). */
  {
    g_autoptr(SlicesDoctor) sync_doctor = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true (slices_test_remove_tree (mdevctl_d));
    write_file (fake->mdevctl, "#!/bin/sh\nexit 1\n");
    g_assert_cmpint (g_chmod (fake->mdevctl, 0755), ==, 0);
    sync_doctor = slices_doctor_new (&fake->env);
    g_assert_true (slices_doctor_run_sync (sync_doctor, NULL, &error));
    g_assert_no_error (error);
    assert_title_contains (sync_doctor, SLICES_CHECK_PERSISTENCE, "2 slices will vanish");
  }
}

/* A table of kept slices handed over later (the app's Check Setup gets it from the backend)
 * decides; clearing it makes persistence unknown again. */
static void
test_defined_table (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(GHashTable) kept = slices_mdev_definitions_new ();
  g_autoptr(SlicesDoctor) doctor = NULL;

  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_4", UUID_A);
  g_hash_table_insert (kept, g_strdup (UUID_A),
                       slices_mdev_definition_new (UUID_A, "0000:00:02.0", "i915-GVTg_V5_4",
                                                   "auto"));
  fake->env.mdevctl_defined = NULL;
  doctor = slices_doctor_new (&fake->env);

  slices_doctor_set_mdevctl_defined (doctor, kept);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK);
  assert_title_contains (doctor, SLICES_CHECK_PERSISTENCE, "kept after restart");

  slices_doctor_set_mdevctl_defined (doctor, NULL);
  slices_doctor_run (doctor);
  assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_UNKNOWN);
}

/* mdevctl that fails: the run still succeeds, and persistence is unknown, not an error. A run
 * cancelled before it starts fails with G_IO_ERROR_CANCELLED and checks nothing. */
static void
test_run_sync_mdevctl_fails (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autofree char *mdevctl_d = g_build_filename (fake->root, "etc", "mdevctl.d", NULL);

  add_slice (fake, "0000:00:02.0", "i915-GVTg_V5_4", UUID_A);
  make_dir (mdevctl_d);
  write_file (fake->mdevctl, "#!/bin/sh\necho 'mdevctl: broken' >&2\nexit 1\n");
  g_assert_cmpint (g_chmod (fake->mdevctl, 0755), ==, 0);
  fake->env.mdevctl_defined = NULL;

  {
    g_autoptr(SlicesDoctor) doctor = slices_doctor_new (&fake->env);
    g_autoptr(GError) error = NULL;

    g_assert_true (slices_doctor_run_sync (doctor, NULL, &error));
    g_assert_no_error (error);
    assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_UNKNOWN);
    g_assert_false (slices_doctor_has_errors (doctor));
  }
  {
    g_autoptr(SlicesDoctor) doctor = slices_doctor_new (&fake->env);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_false (slices_doctor_run_sync (doctor, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (g_list_model_get_n_items (slices_doctor_get_checks (doctor)), ==, 0);
  }
}

static void
test_qemu_sandbox (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autofree char *clean = g_build_filename (fake->log, "win10.log", NULL);
  g_autofree char *killed = g_build_filename (fake->log, "ubuntu.log", NULL);

  write_file (clean, "2024-01-01 10:00:00.000+0000: starting up libvirt version: 9.0.0\n"
                     "-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny\n");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_OK);
  }

  write_file (killed, "2024-01-01 10:00:00.000+0000: starting up\n"
                      "2024-01-01 10:00:01.000+0000: shutting down, reason=crashed\n"
                      "qemu terminated by signal SIGSYS\n");
  {
    g_autoptr(SlicesDoctor) doctor = run_doctor (fake);

    assert_status (doctor, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_WARNING);
    assert_title_contains (doctor, SLICES_CHECK_QEMU_SANDBOX, "ubuntu");
    g_assert_null (strstr (slices_check_get_title (get_check (doctor, SLICES_CHECK_QEMU_SANDBOX)),
                           "win10"));
    assert_detail_contains (doctor, SLICES_CHECK_QEMU_SANDBOX, "seccomp_sandbox = 0");
    assert_fix (doctor, SLICES_CHECK_QEMU_SANDBOX, SLICES_FIX_COMMAND, "/etc/libvirt/qemu.conf");
    g_assert_false (slices_doctor_has_errors (doctor));
  }

  {
    g_autoptr(SlicesDoctor) doctor = NULL;
    g_autofree char *missing = g_build_filename (fake->base, "no-logs", NULL);

    fake->env.qemu_log_dir = missing;
    doctor = run_doctor (fake);
    assert_status (doctor, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_OK);
  }
}

static void
test_json (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *root;
  JsonArray *checks;
  gboolean saw_guc = FALSE;

  sys_write (fake, "module/i915/parameters/enable_guc", "3\n");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  doctor = run_doctor (fake);
  json = slices_doctor_to_json (doctor, FALSE);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "distro"), ==, "debian");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "summary"),
                                               "errors"),
                   ==, slices_doctor_count (doctor, SLICES_CHECK_STATUS_ERROR));
  checks = json_object_get_array_member (root, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, g_strv_length ((char **) all_ids));

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      const char *status = json_object_get_string_member (check, "status");
      JsonArray *fixes = json_object_get_array_member (check, "fixes");

      g_assert_cmpstr (json_object_get_string_member (check, "id"), ==, all_ids[i]);
      g_assert_true (g_strv_contains ((const char *[]) { "ok", "warning", "error", "unknown",
                                                         NULL }, status));
      g_assert_true (json_object_has_member (check, "title"));
      g_assert_true (json_object_has_member (check, "detail"));
      g_assert_nonnull (fixes);

      if (g_str_equal (all_ids[i], SLICES_CHECK_GUC_SUBMISSION))
        {
          JsonObject *fix = json_array_get_object_element (fixes, 0);

          saw_guc = TRUE;
          g_assert_cmpstr (status, ==, "error");
          g_assert_cmpstr (json_object_get_string_member (fix, "kind"), ==, "command");
          g_assert_nonnull (strstr (json_object_get_string_member (fix, "text"),
                                    "i915.enable_guc=2"));
        }
    }
  g_assert_true (saw_guc);
}

/* The kernel simulator's tree (demo mode, slicectl --simulate) is a healthy GVT-g system. */
static void
test_simulator_tree (void)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;
  const char *sim_ids[] = {
    SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION,
    SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_SLICE_TYPES,
    SLICES_CHECK_ROOM, NULL,
  };
  g_autofree char *sim_root = NULL;

  sim_root = g_build_filename (fake->base, "sim", NULL);
  make_dir (sim_root);
  simulator = slices_simulator_new (sim_root);
  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  /* 256 MB aperture: two small types only. */
  spec.aperture_mb = 256;
  g_assert_true (slices_simulator_add_gpu (simulator, &spec, &error));
  g_assert_no_error (error);

  fake->env.sysfs_root = slices_simulator_get_root (simulator);
  doctor = run_doctor (fake);
  for (guint i = 0; sim_ids[i] != NULL; i++)
    assert_status (doctor, sim_ids[i], SLICES_CHECK_STATUS_OK);
  assert_title_contains (doctor, SLICES_CHECK_SLICE_TYPES, "2 slice types");
  assert_title_contains (doctor, SLICES_CHECK_ROOM, "2");

  /* Fill it: one _4 takes all 128 MB of low GM that a 256 MB aperture leaves for slices. */
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                  UUID_A, 36), ==, 0);
  g_clear_object (&doctor);
  doctor = run_doctor (fake);
  assert_status (doctor, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_WARNING);
  /* The slice is the cause; the small aperture is why so soon, and worth the advice. */
  assert_title_contains (doctor, SLICES_CHECK_ROOM, "the slice on the GPU takes it");
  assert_detail_contains (doctor, SLICES_CHECK_ROOM, "Remove it");
  assert_detail_contains (doctor, SLICES_CHECK_ROOM, "Aperture Size");
  assert_status (doctor, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING);
}

/* ---------------------------------------------------------------------------------------- */
/* Distribution families */

static void
test_distro_samples (void)
{
  const struct {
    const char         *sample;
    SlicesDistroFamily  family;
    const char         *name;
  } cases[] = {
    { "os-release-debian12", SLICES_DISTRO_DEBIAN, "debian" },
    { "os-release-ubuntu", SLICES_DISTRO_DEBIAN, "debian" },
    { "os-release-mint", SLICES_DISTRO_DEBIAN, "debian" },
    { "os-release-someday", SLICES_DISTRO_DEBIAN, "debian" },
    { "os-release-fedora", SLICES_DISTRO_FEDORA, "fedora" },
    { "os-release-rocky", SLICES_DISTRO_FEDORA, "fedora" },
    { "os-release-arch", SLICES_DISTRO_ARCH, "arch" },
    { "os-release-endeavouros", SLICES_DISTRO_ARCH, "arch" },
    { "os-release-nixos", SLICES_DISTRO_NIXOS, "nixos" },
    { "os-release-alpine", SLICES_DISTRO_UNKNOWN, "unknown" },
  };
  g_autofree char *empty_root = NULL;
  g_autoptr(GError) error = NULL;

  empty_root = g_dir_make_tmp ("test-distro-XXXXXX", &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "doctor",
                                                     cases[i].sample, NULL);
      SlicesDistroFamily family = slices_distro_detect (empty_root, path);

      g_test_message ("%s -> %s", cases[i].sample, slices_distro_family_to_string (family));
      g_assert_cmpint (family, ==, cases[i].family);
      g_assert_cmpstr (slices_distro_family_to_string (family), ==, cases[i].name);
    }

  g_assert_cmpint (g_rmdir (empty_root), ==, 0);
}

static void
test_distro_root (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("test-distro-XXXXXX", &error);
  g_autofree char *etc_release = g_build_filename (root, "etc", "os-release", NULL);
  g_autofree char *lib_release = g_build_filename (root, "usr", "lib", "os-release", NULL);
  g_autofree char *marker = g_build_filename (root, "etc", "NIXOS", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (slices_distro_detect (root, NULL), ==, SLICES_DISTRO_UNKNOWN);

  /* /usr/lib/os-release is the fallback… */
  write_file (lib_release, "ID=fedora\n");
  g_assert_cmpint (slices_distro_detect (root, NULL), ==, SLICES_DISTRO_FEDORA);
  /* …/etc/os-release wins… */
  write_file (etc_release, "ID=\"arch\"\n");
  g_assert_cmpint (slices_distro_detect (root, NULL), ==, SLICES_DISTRO_ARCH);
  /* …and /etc/NIXOS beats both. */
  write_file (marker, "");
  g_assert_cmpint (slices_distro_detect (root, NULL), ==, SLICES_DISTRO_NIXOS);

  g_assert_true (slices_test_remove_tree (root));
}

static void
test_os_release_values (void)
{
  const char *text = "NAME=\"Some \\\"Day\\\" OS\"\nID='x'\n  VERSION_ID=3\nIDX=no\n";
  g_autofree char *name = slices_os_release_get (text, "NAME");
  g_autofree char *id = slices_os_release_get (text, "ID");
  g_autofree char *version = slices_os_release_get (text, "VERSION_ID");
  g_autofree char *missing = slices_os_release_get (text, "ID_LIKE");

  g_assert_cmpstr (name, ==, "Some \"Day\" OS");
  g_assert_cmpstr (id, ==, "x");
  g_assert_cmpstr (version, ==, "3");
  g_assert_null (missing);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/doctor/healthy", test_healthy);
  g_test_add_func ("/slices/doctor/gvt-off", test_gvt_off);
  g_test_add_func ("/slices/doctor/gvt-off-per-distro", test_gvt_off_fedora_arch_nixos);
  g_test_add_func ("/slices/doctor/kernel-without-gvt", test_kernel_without_gvt);
  g_test_add_func ("/slices/doctor/guc-submission", test_guc_submission);
  g_test_add_func ("/slices/doctor/guc-values", test_guc_values);
  g_test_add_func ("/slices/doctor/parameters-unreadable", test_parameters_unreadable);
  g_test_add_func ("/slices/doctor/kvmgt-missing", test_kvmgt_missing);
  g_test_add_func ("/slices/doctor/vfio-modules", test_vfio_modules);
  g_test_add_func ("/slices/doctor/ice-lake", test_ice_lake);
  g_test_add_func ("/slices/doctor/i915-missing", test_i915_missing);
  g_test_add_func ("/slices/doctor/tiger-lake", test_tiger_lake);
  g_test_add_func ("/slices/doctor/gpu-without-driver", test_gpu_without_driver);
  g_test_add_func ("/slices/doctor/no-intel-gpu", test_no_intel_gpu);
  g_test_add_func ("/slices/doctor/no-types", test_no_types_kaby_lake);
  g_test_add_func ("/slices/doctor/aperture-too-small", test_aperture_too_small);
  g_test_add_func ("/slices/doctor/seven-slices", test_seven_slices);
  g_test_add_func ("/slices/doctor/no-render-node", test_no_render_node);
  g_test_add_func ("/slices/doctor/render-node-missing", test_render_node_missing_in_dev);
  g_test_add_func ("/slices/doctor/render-node-denied", test_render_node_denied);
  g_test_add_func ("/slices/doctor/two-gpus", test_two_gpus_one_unsupported);
  g_test_add_func ("/slices/doctor/iommu-off", test_iommu_off);
  g_test_add_func ("/slices/doctor/libvirt", test_libvirt);
  g_test_add_func ("/slices/doctor/libvirt-group", test_libvirt_group_hint);
  g_test_add_func ("/slices/doctor/polkit-agent", test_polkit_agent);
  g_test_add_func ("/slices/doctor/persistence", test_persistence);
  g_test_add_func ("/slices/doctor/persistence-no-slices", test_persistence_no_slices);
  g_test_add_func ("/slices/doctor/run-async-mdevctl", test_run_async_mdevctl);
  g_test_add_func ("/slices/doctor/run-sync-mdevctl-fails", test_run_sync_mdevctl_fails);
  g_test_add_func ("/slices/doctor/defined-table", test_defined_table);
  g_test_add_func ("/slices/doctor/qemu-sandbox", test_qemu_sandbox);
  g_test_add_func ("/slices/doctor/json", test_json);
  g_test_add_func ("/slices/doctor/simulator-tree", test_simulator_tree);
  g_test_add_func ("/slices/distro/samples", test_distro_samples);
  g_test_add_func ("/slices/distro/root", test_distro_root);
  g_test_add_func ("/slices/distro/os-release-values", test_os_release_values);

  return g_test_run ();
}
