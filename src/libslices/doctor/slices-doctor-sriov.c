/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SR-IOV checks (../shared/FACTS-SRIOV.md S1–S3), made only when a GPU is shared through
 * SR-IOV: sriov-driver (the bound driver makes VFs for this platform, else which one would:
 * the platform table's "sriov" records, slices_platform_sriov_drivers()), sriov-vfs-limit
 * (sriov_totalvfs is 0: max_vfs, GuC), sriov-guc (i915-sriov-dkms needs enable_guc=3) and
 * sriov-host-binding (the host's xe/i915 holds VFs). What the GPU and its VFs show comes from
 * the model (slices_gpu_get_sriov()); the root-only module parameters are read as the GVT-g
 * checks read them. With several SR-IOV GPUs each check speaks of the one worst off.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"
#include "slices-gpu-support.h"
#include "slices-platform.h"
#include "slices-sriov.h"
#include "slices-vf.h"

/* S3: the host's parameters for i915-sriov-dkms (intel_iommu=on is the iommu check's). */
#define I915_SRIOV_PARAMS   "i915.enable_guc=3 i915.max_vfs=7 module_blacklist=xe"

typedef SlicesCheck *(*JudgeFunc) (SlicesDoctor *self,
                                   SlicesGpu    *gpu);

static int
status_rank (SlicesCheckStatus status)
{
  switch (status)
    {
    case SLICES_CHECK_STATUS_ERROR:
      return 3;
    case SLICES_CHECK_STATUS_WARNING:
      return 2;
    case SLICES_CHECK_STATUS_UNKNOWN:
      return 1;
    case SLICES_CHECK_STATUS_OK:
    default:
      return 0;
    }
}

/* @judge on every SR-IOV GPU; the check of the first one worst off joins the run. */
static void
add_worst (SlicesDoctorRun *run,
           JudgeFunc        judge)
{
  SlicesDoctor *self = run->doctor;
  g_autoptr(SlicesCheck) worst = NULL;

  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);
      g_autoptr(SlicesCheck) check = NULL;

      if (!slices_doctor_gpu_is_sriov (gpu))
        continue;
      check = judge (self, gpu);
      if (worst == NULL || status_rank (slices_check_get_status (check)) >
                           status_rank (slices_check_get_status (worst)))
        g_set_object (&worst, check);
    }
  g_assert (worst != NULL);
  g_ptr_array_add (run->checks, g_steal_pointer (&worst));
}

static SlicesSriovDrivers
get_drivers (SlicesGpu *gpu,
             gboolean  *known)
{
  return slices_platform_sriov_drivers (slices_gpu_get_device_id (gpu), known);
}

static const char *
get_platform (SlicesGpu *gpu)
{
  const char *platform = slices_gpu_get_platform (gpu);

  /* TRANSLATORS: stands for a platform name the table does not know */
  return platform != NULL ? platform : _("these");
}

/* The first way out (S3): build and install i915-sriov-dkms, its kernel parameters, then its
 * project page for what the commands do not cover (Secure Boot, a kernel it does not build
 * for). */
static void
add_dkms_fixes (SlicesCheck        *check,
                SlicesDistroFamily  distro)
{
  guint first = slices_check_get_fixes (check)->len;

  slices_doctor_add_i915_sriov_dkms_fixes (check, distro);
  slices_doctor_add_kernel_param_fixes (check, distro, I915_SRIOV_PARAMS, NULL);
  slices_check_add_fix (check, SLICES_FIX_LINK, SLICES_DOCTOR_I915_SRIOV_DKMS_URL,
                        _("Project page"));
  slices_check_set_fixes_way (check, first, SLICES_FIX_WAY_I915_SRIOV_DKMS);
}

/* The second (S2): xe with force_probe, so that xe takes the device and i915 leaves it. */
static void
add_force_probe_fixes (SlicesCheck        *check,
                       SlicesDistroFamily  distro,
                       SlicesGpu          *gpu)
{
  guint id = slices_gpu_get_device_id (gpu);
  g_autofree char *params = g_strdup_printf ("xe.force_probe=%04x i915.force_probe=!%04x",
                                             id, id);
  guint first = slices_check_get_fixes (check)->len;

  slices_doctor_add_kernel_param_fixes (check, distro, params, NULL);
  slices_check_set_fixes_way (check, first, SLICES_FIX_WAY_XE_FORCE_PROBE);
}

/* --- sriov-driver --- */

static SlicesCheck *
judge_driver (SlicesDoctor *self,
              SlicesGpu    *gpu)
{
  g_autofree char *name = slices_gpu_support_dup_name (gpu);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *driver = slices_gpu_get_driver (gpu);
  const char *platform = get_platform (gpu);
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  gboolean known;
  SlicesSriovDrivers drivers = get_drivers (gpu, &known);
  gboolean xe_can = (drivers & (SLICES_SRIOV_DRIVER_XE | SLICES_SRIOV_DRIVER_XE_FORCE_PROBE)) != 0;
  gboolean dkms_can = (drivers & SLICES_SRIOV_DRIVER_I915_SRIOV_DKMS) != 0;
  gboolean force_probe = (drivers & SLICES_SRIOV_DRIVER_XE_FORCE_PROBE) != 0;
  SlicesCheck *check;

  if (known && drivers == SLICES_SRIOV_DRIVER_NONE)
    {
      /* TRANSLATORS: %s is a platform such as "Lunar Lake" */
      title = g_strdup_printf (_("No driver offers SR-IOV for %s graphics"), platform);
      detail = g_strdup_printf (_("Neither the xe driver nor i915-sriov-dkms makes virtual "
                                  "functions for %s graphics today. %s cannot be shared with "
                                  "virtual machines."), platform, name);
      return slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR, title,
                               detail);
    }

  if (g_strcmp0 (driver, "xe") == 0 && (xe_can || (!known && sriov != NULL)))
    {
      /* TRANSLATORS: %s is e.g. "Intel Panther Lake GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("The xe driver makes virtual functions for %s"), name);
      return slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_OK, title,
                               force_probe
                               ? _("xe drives this GPU through xe.force_probe and supports "
                                   "SR-IOV on it.")
                               : _("Mainline xe supports SR-IOV on this GPU."));
    }

  if (g_strcmp0 (driver, "i915") == 0 && sriov != NULL && (dkms_can || !known))
    {
      /* TRANSLATORS: %s is e.g. "Intel Alder Lake-P GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("i915-sriov-dkms makes virtual functions for %s"), name);
      return slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_OK, title,
                               _("This i915 is built with SR-IOV (it has the max_vfs "
                                 "parameter)."));
    }

  if (g_strcmp0 (driver, "xe") == 0 && dkms_can)
    {
      /* Meteor Lake, Arrow Lake (S2): no has_sriov in xe. */
      /* TRANSLATORS: %s is e.g. "Intel Meteor Lake GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("The xe driver cannot make virtual functions for %s"), name);
      detail = g_strdup_printf (_("xe has no SR-IOV for %s graphics; only the out-of-tree "
                                  "i915-sriov-dkms driver does. Install it, start the kernel "
                                  "with %s, then restart the computer."),
                                platform, I915_SRIOV_PARAMS);
      check = slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR, title,
                                detail);
      add_dkms_fixes (check, self->distro);
      return check;
    }

  if (g_strcmp0 (driver, "i915") == 0 && (dkms_can || force_probe))
    {
      /* TRANSLATORS: %s is e.g. "Intel Alder Lake-P GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("The i915 driver of this kernel cannot make virtual functions "
                                 "for %s"), name);
      if (force_probe)
        /* The ways themselves, with their commands, are the fixes (SlicesFixWay). */
        detail = g_strdup_printf (_("Mainline i915 has no SR-IOV (\"driver does not support "
                                    "SR-IOV configuration via sysfs\"). %s graphics can get it in "
                                    "two ways: the out-of-tree i915-sriov-dkms, or the mainline "
                                    "xe driver made to take the GPU (xe.force_probe=%04x). Either "
                                    "needs a restart."),
                                  platform, slices_gpu_get_device_id (gpu));
      else
        detail = g_strdup_printf (_("Mainline i915 has no SR-IOV (\"driver does not support "
                                    "SR-IOV configuration via sysfs\"), and xe has none for %s "
                                    "graphics. Install i915-sriov-dkms, start the kernel with %s, "
                                    "then restart the computer."),
                                  platform, I915_SRIOV_PARAMS);
      check = slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR, title,
                                detail);
      add_dkms_fixes (check, self->distro);
      if (force_probe)
        add_force_probe_fixes (check, self->distro, gpu);
      return check;
    }

  if (driver == NULL && force_probe)
    {
      /* TRANSLATORS: %s is e.g. "Intel Alder Lake-P GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("No driver is bound to %s"), name);
      detail = g_strdup_printf (_("xe drives %s graphics only when the kernel is started with "
                                  "xe.force_probe=%04x (the kernel log says \"not officially "
                                  "supported by xe driver\"). Add it, or install "
                                  "i915-sriov-dkms, then restart the computer."),
                                platform, slices_gpu_get_device_id (gpu));
      check = slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR, title,
                                detail);
      add_force_probe_fixes (check, self->distro, gpu);
      add_dkms_fixes (check, self->distro);
      return check;
    }

  if (driver == NULL)
    {
      /* TRANSLATORS: %s is e.g. "Intel Battlemage GPU (0000:03:00.0)" */
      title = g_strdup_printf (_("No driver is bound to %s"), name);
      check = slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR, title,
                                xe_can
                                ? _("The xe driver makes virtual functions for this GPU, but it "
                                    "did not take it. The kernel log says why.")
                                : _("No driver took this GPU. The kernel log says why."));
      slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo dmesg | grep -iE 'xe|i915'",
                            _("Show the kernel messages"));
      return check;
    }

  /* TRANSLATORS: first %s is e.g. "Intel Battlemage GPU (0000:03:00.0)", second a driver */
  title = g_strdup_printf (_("%s is bound to %s, which makes no virtual functions"), name,
                           driver);
  return slices_check_new (SLICES_CHECK_SRIOV_DRIVER, SLICES_CHECK_STATUS_ERROR, title,
                           xe_can
                           ? _("The xe driver makes virtual functions for this GPU. Never give "
                               "the GPU itself (the physical function) to a virtual machine: "
                               "give it its virtual functions.")
                           : _("Only xe or i915-sriov-dkms make virtual functions. Never give "
                               "the GPU itself (the physical function) to a virtual machine: "
                               "give it its virtual functions."));
}

void
slices_doctor_check_sriov_driver (SlicesDoctorRun *run)
{
  add_worst (run, judge_driver);
}

/* --- sriov-vfs-limit --- */

static SlicesCheck *
judge_vfs_limit (SlicesDoctor *self,
                 SlicesGpu    *gpu)
{
  g_autofree char *name = slices_gpu_support_dup_name (gpu);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *max_vfs = NULL;
  g_autofree char *enabled = NULL;
  g_autofree char *param = NULL;
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  SlicesParameterSource source;
  const char *driver;
  guint total, n;
  SlicesCheck *check;

  if (sriov == NULL)
    return slices_check_new (SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_UNKNOWN,
                             _("No count of virtual functions"),
                             _("The GPU’s driver makes no virtual functions (see above), so "
                               "there is no count to check."));

  total = slices_sriov_get_total_vfs (sriov);
  n = slices_sriov_get_enabled_vfs (sriov);
  if (total > 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: %s is a GPU, %u a number */
                                            "%s can make %u virtual function",
                                            "%s can make up to %u virtual functions", total),
                               name, total);
      enabled = n == 0 ? g_strdup (_("None is enabled yet."))
                       : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u is enabled now.",
                                                       "%u are enabled now.", n), n);
      return slices_check_new (SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_OK, title,
                               enabled);
    }

  /* sriov_totalvfs is 0: the driver turned SR-IOV off (S2, S3). */
  driver = slices_sriov_get_driver (sriov);
  max_vfs = slices_doctor_read_parameter (self, driver, "max_vfs",
                                          g_str_equal (driver, "xe") ? "4294967295" : "0",
                                          &source);
  if (g_strcmp0 (max_vfs, "0") == 0)
    {
      param = g_strdup_printf ("%s.max_vfs=7", driver);
      /* TRANSLATORS: %s is a kernel parameter such as "i915.max_vfs" */
      title = g_strdup_printf (_("%s.max_vfs is 0: no virtual functions"), driver);
      detail = g_strdup_printf (g_str_equal (driver, "xe")
                                ? _("xe makes no virtual functions while max_vfs is 0. Start the "
                                    "kernel with %s instead and restart the computer.")
                                : _("i915-sriov-dkms makes no virtual functions while max_vfs is "
                                    "0, its default. Start the kernel with %s and restart the "
                                    "computer."),
                                param);
      check = slices_check_new (SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_ERROR, title,
                                detail);
      slices_doctor_add_kernel_param_fixes (check, self->distro, param, NULL);
      return check;
    }

  /* TRANSLATORS: %s is e.g. "Intel Panther Lake GPU (0000:00:02.0)" */
  title = g_strdup_printf (_("%s offers no virtual functions"), name);
  if (g_str_equal (driver, "i915"))
    {
      check = slices_check_new (SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_ERROR, title,
                                _("i915-sriov-dkms makes virtual functions only with GuC "
                                  "submission. Start the kernel with i915.enable_guc=3 and "
                                  "restart the computer."));
      slices_doctor_add_kernel_param_fixes (check, self->distro, "i915.enable_guc=3", NULL);
      return check;
    }

  check = slices_check_new (SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_CHECK_STATUS_ERROR, title,
                            _("xe turned SR-IOV off (\"Support for SR-IOV is not "
                              "available\"): this platform has none in xe, GuC submission is "
                              "off, or its firmware did not load. The kernel log says "
                              "which."));
  slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo dmesg | grep -iE 'sr-iov|guc'",
                        _("Show the kernel messages"));
  return check;
}

void
slices_doctor_check_sriov_vfs_limit (SlicesDoctorRun *run)
{
  add_worst (run, judge_vfs_limit);
}

/* --- sriov-guc --- */

static SlicesCheck *
judge_guc (SlicesDoctor *self,
           SlicesGpu    *gpu)
{
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  const char *driver = slices_gpu_get_driver (gpu);
  g_autofree char *value = NULL;
  g_autofree char *title = NULL;
  SlicesParameterSource source;
  SlicesCheck *check;
  gint64 mode;

  if (g_strcmp0 (driver, "xe") == 0)
    return slices_check_new (SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_OK,
                             _("The xe driver uses GuC submission"),
                             _("SR-IOV needs the GPU’s GuC to schedule work, which xe always "
                               "uses."));
  if (g_strcmp0 (driver, "i915") != 0)
    return slices_check_new (SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_UNKNOWN,
                             _("GuC submission was not checked"),
                             _("Without xe or i915 bound to the GPU there is nothing to "
                               "check."));
  /* The stock i915 makes no VFs whatever GuC does: the driver's check says what to do, and
   * i915-sriov-dkms's parameters there turn GuC submission on. */
  if (sriov == NULL)
    return slices_check_new (SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_UNKNOWN,
                             _("GuC submission was not checked"),
                             _("It matters once i915-sriov-dkms drives the GPU; its kernel "
                               "parameters (see the driver check above) turn it on."));

  value = slices_doctor_read_parameter (self, "i915", "enable_guc", "-1", &source);
  /* Virtual functions prove it is on, whatever the configuration says. */
  if (source != SLICES_PARAMETER_SYSFS && sriov != NULL &&
      slices_sriov_get_total_vfs (sriov) > 0)
    return slices_check_new (SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_OK,
                             _("GuC submission is on"),
                             _("The GPU offers virtual functions, which i915-sriov-dkms does "
                               "only with GuC submission."));

  mode = value != NULL ? g_ascii_strtoll (value, NULL, 10) : -1;
  if (mode >= 0 && (mode & 1) != 0)
    {
      /* TRANSLATORS: %s is the value of i915.enable_guc, e.g. "3" */
      title = g_strdup_printf (_("GuC submission is on (enable_guc=%s)"), value);
      return slices_check_new (SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_OK, title,
                               _("i915-sriov-dkms makes virtual functions only with GuC "
                                 "submission."));
    }

  if (value != NULL && mode >= 0)
    /* TRANSLATORS: %s is the value of i915.enable_guc, e.g. "2" */
    title = g_strdup_printf (_("GuC submission is off (enable_guc=%s)"), value);
  else
    title = g_strdup (_("GuC submission is not turned on"));
  check = slices_check_new (SLICES_CHECK_SRIOV_GUC, SLICES_CHECK_STATUS_ERROR, title,
                            _("i915-sriov-dkms makes virtual functions only with GuC submission. "
                              "Start the kernel with i915.enable_guc=3, remove any other "
                              "enable_guc setting (GVT-g guides set enable_guc=2 in "
                              "/etc/modprobe.d), then restart the computer."));
  slices_doctor_add_kernel_param_fixes (check, self->distro, "i915.enable_guc=3", NULL);
  return check;
}

void
slices_doctor_check_sriov_guc (SlicesDoctorRun *run)
{
  add_worst (run, judge_guc);
}

/* --- sriov-host-binding --- */

static SlicesCheck *
judge_host_binding (SlicesDoctor *self,
                    SlicesGpu    *gpu)
{
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  g_autoptr(GString) command = NULL;
  g_autofree char *title = NULL;
  GListModel *vfs;
  const char *driver = NULL;
  SlicesCheck *check;
  guint n;

  if (sriov == NULL)
    return slices_check_new (SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_STATUS_UNKNOWN,
                             _("No virtual functions to check"),
                             _("The GPU’s driver makes no virtual functions (see above)."));

  n = slices_sriov_count_host_bound (sriov);
  if (n == 0)
    return slices_check_new (SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_STATUS_OK,
                             _("The host holds no virtual function"),
                             _("Virtual functions stay free for virtual machines."));

  /* Autoprobe off first, so that the host does not take the next ones either (S1). */
  command = g_string_new (NULL);
  g_string_append_printf (command, "echo 0 | sudo tee /sys/bus/pci/devices/%s/"
                          "sriov_drivers_autoprobe", slices_gpu_get_address (gpu));
  vfs = slices_sriov_get_vfs (sriov);
  for (guint i = 0; i < g_list_model_get_n_items (vfs); i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (vfs, i);

      if (!slices_vf_is_host_bound (vf))
        continue;
      driver = driver != NULL ? driver : slices_vf_get_driver (vf);
      g_string_append_printf (command, " && echo %s | sudo tee /sys/bus/pci/drivers/%s/unbind",
                              slices_vf_get_address (vf), slices_vf_get_driver (vf));
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* TRANSLATORS: %s is a driver ("xe"), %u a number */
                                        "The host’s %s driver holds %u virtual function",
                                        "The host’s %s driver holds %u virtual functions", n),
                           driver, n);
  check = slices_check_new (SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_CHECK_STATUS_WARNING, title,
                            _("The host took these virtual functions as GPUs of its own "
                              "because new ones are probed (sriov_drivers_autoprobe is 1). "
                              "They make extra render nodes, can upset the desktop, and no "
                              "virtual machine can use them until the host lets go."));
  slices_check_add_fix (check, SLICES_FIX_COMMAND, command->str,
                        _("Stop probing new virtual functions and let these go"));
  return check;
}

void
slices_doctor_check_sriov_host_binding (SlicesDoctorRun *run)
{
  add_worst (run, judge_host_binding);
}
