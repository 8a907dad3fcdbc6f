/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GPU and GVT-g checks: gpu-generation (worded by model/slices-gpu-support.h, and here for
 * SR-IOV GPUs, whose wording also weighs which driver can share them),
 * gvt-parameter and guc-submission (the i915 parameters, read without root from the kernel
 * command line and modprobe.d when sysfs will not say), kvmgt-module, slice-types and room.
 * The GPUs, their types and slices are the model's (slices_sysfs_discover()).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slices-capacity.h"
#include "slices-doctor-private.h"
#include "slices-gpu-support.h"
#include "slices-platform.h"
#include "slices-slice-type.h"
#include "slices-sriov.h"
#include "slices-sysfs.h"

static guint
count_types (SlicesGpu *gpu)
{
  return g_list_model_get_n_items (slices_gpu_get_types (gpu));
}

/* An SR-IOV GPU that some driver shares: its platform has one (slices-platform.h), or, for a
 * platform the table does not describe, its driver makes VFs. */
static gboolean
sriov_gpu_can_be_shared (SlicesGpu *gpu)
{
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  gboolean known;
  SlicesSriovDrivers drivers = slices_platform_sriov_drivers (slices_gpu_get_device_id (gpu),
                                                              &known);

  return known ? drivers != SLICES_SRIOV_DRIVER_NONE
               : sriov != NULL && slices_sriov_get_total_vfs (sriov) > 0;
}

static char *
dup_sriov_title (SlicesGpu *gpu)
{
  g_autofree char *name = slices_gpu_support_dup_name (gpu);

  if (sriov_gpu_can_be_shared (gpu))
    /* TRANSLATORS: %s is e.g. "Intel Panther Lake GPU (0000:00:02.0)" */
    return g_strdup_printf (_("%s supports SR-IOV"), name);
  /* TRANSLATORS: %s is e.g. "Intel Lunar Lake GPU (0000:00:02.0)" */
  return g_strdup_printf (_("%s cannot be shared today"), name);
}

static char *
dup_sriov_detail (SlicesGpu  *gpu,
                  const char *others)
{
  const char *platform = slices_gpu_get_platform (gpu);

  if (!sriov_gpu_can_be_shared (gpu))
    /* TRANSLATORS: %s is a platform such as "Lunar Lake" */
    return g_strdup_printf (_("No driver offers SR-IOV for %s graphics today: neither the xe "
                              "driver nor i915-sriov-dkms makes virtual functions for them, so "
                              "this GPU cannot be shared with virtual machines."),
                            platform != NULL ? platform : "?");
  if (others != NULL && *others != '\0')
    /* TRANSLATORS: %s is a list of GPUs */
    return g_strdup_printf (_("Its graphics can be shared with virtual machines as SR-IOV "
                              "virtual functions (the checks below say what that needs). Not "
                              "this way: %s."), others);
  return g_strdup (_("Its graphics can be shared with virtual machines as SR-IOV virtual "
                     "functions: the checks below say what that needs."));
}

void
slices_doctor_check_gpu_generation (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autoptr(GString) others = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  SlicesGpu *good = NULL;
  SlicesGpu *sriov = NULL;
  SlicesGpu *bad = NULL;
  SlicesCheckStatus status;

  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (slices_gpu_support_offers_gvt (gpu))
        {
          if (good == NULL)
            good = gpu;
        }
      else if (slices_doctor_gpu_is_sriov (gpu) && sriov_gpu_can_be_shared (gpu))
        {
          if (sriov == NULL)
            sriov = gpu;
        }
      else
        {
          g_autofree char *name = slices_gpu_support_dup_name (gpu);

          if (bad == NULL)
            bad = gpu;
          g_string_append_printf (others, "%s%s", others->len > 0 ? ", " : "", name);
        }
      run->sriov_gpu_present |= slices_doctor_gpu_is_sriov (gpu);
    }

  run->gvt_gpu_present = good != NULL;

  if (good != NULL || sriov != NULL)
    status = SLICES_CHECK_STATUS_OK;
  else if (bad == NULL)
    status = SLICES_CHECK_STATUS_ERROR;
  else
    /* Known not to work is an error; not known to work only a warning. */
    status = slices_gpu_get_gvt_support (bad) == SLICES_GVT_SUPPORT_SRIOV ||
             slices_gpu_get_gvt_support (bad) == SLICES_GVT_SUPPORT_NONE
             ? SLICES_CHECK_STATUS_ERROR : SLICES_CHECK_STATUS_WARNING;

  if (good == NULL && (sriov != NULL || (bad != NULL && slices_doctor_gpu_is_sriov (bad))))
    {
      SlicesGpu *gpu = sriov != NULL ? sriov : bad;

      title = dup_sriov_title (gpu);
      detail = dup_sriov_detail (gpu, sriov != NULL ? others->str : NULL);
    }
  else
    {
      title = slices_gpu_support_dup_title (good != NULL ? good : bad);
      detail = slices_gpu_support_dup_detail (good != NULL ? good : bad,
                                              good != NULL ? others->str : NULL);
    }
  slices_doctor_run_add_check (run, SLICES_CHECK_GPU_GENERATION, status, title, detail);
}

/* A GVT-g check on a computer whose GPUs are all shared through SR-IOV: nothing to fix. */
static gboolean
add_if_gvt_not_needed (SlicesDoctorRun *run,
                       const char      *id,
                       const char      *title,
                       const char      *detail)
{
  if (run->gvt_gpu_present || !run->sriov_gpu_present)
    return FALSE;
  slices_doctor_run_add_check (run, id, SLICES_CHECK_STATUS_OK, title, detail);
  return TRUE;
}

static gboolean
any_gpu_has_types (SlicesDoctor *self)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      if (count_types (g_ptr_array_index (self->gpus, i)) > 0)
        return TRUE;
    }
  return FALSE;
}

/* The last "@module.@name=VALUE" on the kernel command line, or "options @module …
 * @name=VALUE" in modprobe's configuration (the command line wins, as modprobe appends it
 * last). */
static char *
find_module_setting (SlicesDoctor *self,
                     const char   *module,
                     const char   *name)
{
  static const char * const dirs[] = { "lib/modprobe.d", "usr/lib/modprobe.d", "run/modprobe.d",
                                       "etc/modprobe.d" };
  g_autofree char *cmdline_path = g_build_filename (self->proc_root != NULL ? self->proc_root
                                                                          : "/proc",
                                                    "cmdline", NULL);
  g_autofree char *cmdline = NULL;
  g_autofree char *key = g_strdup_printf ("%s.%s=", module, name);
  g_autofree char *option = g_strdup_printf ("%s=", name);
  char *value = NULL;

  if (g_file_get_contents (cmdline_path, &cmdline, NULL, NULL))
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (cmdline), " \t\n", -1);

      for (guint i = 0; words[i] != NULL; i++)
        if (g_str_has_prefix (words[i], key))
          {
            g_free (value);
            value = g_strdup (words[i] + strlen (key));
          }
      if (value != NULL)
        return value;
    }

  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = g_build_filename (self->root_dir, dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, entry, NULL);
          g_autofree char *text = NULL;
          g_auto(GStrv) lines = NULL;

          if (!g_str_has_suffix (entry, ".conf") || !g_file_get_contents (path, &text, NULL, NULL))
            continue;
          lines = g_strsplit (text, "\n", -1);
          for (guint l = 0; lines[l] != NULL; l++)
            {
              g_auto(GStrv) parts = g_strsplit_set (lines[l], " \t", -1);
              g_autoptr(GPtrArray) words = g_ptr_array_new ();

              /* Words as modprobe reads them: any run of blanks separates. */
              for (guint p = 0; parts[p] != NULL; p++)
                if (parts[p][0] != '\0')
                  g_ptr_array_add (words, parts[p]);
              if (words->len < 3 || !g_str_equal (words->pdata[0], "options") ||
                  !g_str_equal (words->pdata[1], module))
                continue;
              for (guint w = 2; w < words->len; w++)
                if (g_str_has_prefix (words->pdata[w], option))
                  {
                    g_free (value);
                    value = g_strdup ((char *) words->pdata[w] + strlen (option));
                  }
            }
        }
    }
  return value;
}

char *
slices_doctor_read_parameter (SlicesDoctor          *self,
                              const char            *module,
                              const char            *name,
                              const char            *fallback,
                              SlicesParameterSource *source)
{
  g_autofree char *path = g_build_filename (self->sysfs_root, "module", module, "parameters",
                                            name, NULL);
  g_autoptr(GError) error = NULL;
  char *value = slices_sysfs_read_line (path, &error);

  *source = SLICES_PARAMETER_SYSFS;
  if (value != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    return value;

  value = find_module_setting (self, module, name);
  *source = value != NULL ? SLICES_PARAMETER_CONFIG : SLICES_PARAMETER_DEFAULT;
  return value != NULL ? value : g_strdup (fallback);
}

void
slices_doctor_check_gvt_parameter (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autofree char *value = NULL;
  SlicesParameterSource source;
  SlicesCheck *check;

  if (add_if_gvt_not_needed (run, SLICES_CHECK_GVT_PARAMETER, _("GVT-g is not needed"),
                             _("The GPU is shared through SR-IOV, which does not use "
                               "i915.enable_gvt.")))
    return;

  value = slices_doctor_read_parameter (self, "i915", "enable_gvt", "N", &source);

  /* Slice types prove it is on, whatever the configuration says. */
  if (source != SLICES_PARAMETER_SYSFS && value != NULL && any_gpu_has_types (self))
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK,
                                   _("GVT-g is turned on"),
                                   _("The GPU offers slice types, which it only does with "
                                     "enable_gvt=1."));
      return;
    }

  if (value != NULL && (g_ascii_strcasecmp (value, "Y") == 0 || g_str_equal (value, "1")))
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK,
                                   _("GVT-g is turned on"),
                                   source == SLICES_PARAMETER_SYSFS
                                   ? _("The i915 driver was started with enable_gvt=1.")
                                   : _("The kernel command line or /etc/modprobe.d starts the i915 "
                                       "driver with enable_gvt=1."));
      return;
    }

  if (value != NULL)
    {
      const char *detail =
        source == SLICES_PARAMETER_DEFAULT
        ? _("The i915 driver shares the GPU only when the kernel starts it with "
            "i915.enable_gvt=1, and neither the kernel command line nor /etc/modprobe.d says so. "
            "Add it to the kernel command line and restart the computer.")
        : _("The i915 driver shares the GPU only when the kernel starts it with "
            "i915.enable_gvt=1. Add it to the kernel command line and restart the computer.");

      check = slices_doctor_run_add_check (run, SLICES_CHECK_GVT_PARAMETER,
                                           SLICES_CHECK_STATUS_ERROR, _("GVT-g is turned off"),
                                           detail);
      slices_doctor_add_kernel_param_fixes (check, self->distro, "i915.enable_gvt=1",
                                            "virtualisation.kvmgt.enable = true;");
      return;
    }

  if (!slices_doctor_path_exists (self->sysfs_root, "module", "i915", NULL))
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR,
                                   _("The i915 graphics driver is not loaded"),
                                   _("GVT-g is part of the i915 driver, which is not running. On a "
                                     "supported GPU it loads by itself; when it does not, the "
                                     "kernel log (sudo dmesg | grep i915) says why."));
      return;
    }
  slices_doctor_run_add_check (run, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR,
                               _("This kernel was built without GVT-g"),
                               _("The i915 driver has no enable_gvt parameter, so the kernel was "
                                 "built without CONFIG_DRM_I915_GVT. Use a kernel built with "
                                 "CONFIG_DRM_I915_GVT and CONFIG_DRM_I915_GVT_KVMGT (most "
                                 "distribution kernels are)."));
}

void
slices_doctor_check_guc_submission (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autofree char *value = NULL;
  g_autofree char *title = NULL;
  SlicesParameterSource source;
  SlicesCheck *check;
  gint64 mode;

  if (add_if_gvt_not_needed (run, SLICES_CHECK_GUC_SUBMISSION,
                             _("GuC submission does not block SR-IOV"),
                             _("Only GVT-g needs GuC submission off. SR-IOV needs it on (see "
                               "the SR-IOV checks).")))
    return;

  /* Without the driver there is no submission to speak of: not "off", not known. */
  if (!slices_doctor_path_exists (self->sysfs_root, "module", "i915", NULL))
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_UNKNOWN,
                                   _("GuC submission was not checked"),
                                   _("The i915 driver is not loaded (see the check above), so it "
                                     "uses no GuC submission yet."));
      return;
    }

  value = slices_doctor_read_parameter (self, "i915", "enable_guc", "-1", &source);

  if (value == NULL)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
                                   _("GuC submission is off"),
                                   _("This i915 driver has no enable_guc parameter, so it does not "
                                     "use GuC submission."));
      return;
    }

  if (source != SLICES_PARAMETER_SYSFS && any_gpu_has_types (self))
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
                                   _("GuC submission is off"),
                                   _("The GPU offers slice types, which it does not with GuC "
                                     "submission."));
      return;
    }

  mode = g_ascii_strtoll (value, NULL, 10);
  if (mode >= 0 && (mode & 1) != 0)
    {
      run->guc_failed = TRUE;
      /* TRANSLATORS: %s is the value of i915.enable_guc, e.g. "3" */
      title = g_strdup_printf (_("GuC submission is on (enable_guc=%s) and blocks GVT-g"), value);
      check = slices_doctor_run_add_check (run, SLICES_CHECK_GUC_SUBMISSION,
                                           SLICES_CHECK_STATUS_ERROR, title,
                                           _("With GuC submission the i915 driver refuses GVT-g "
                                             "(“Graphics virtualization is not yet supported with "
                                             "GuC submission”). Start it with i915.enable_guc=2 "
                                             "instead, which loads only the HuC firmware, and "
                                             "remove any other enable_guc setting from the kernel "
                                             "command line and /etc/modprobe.d."));
      slices_doctor_add_kernel_param_fixes (check, self->distro, "i915.enable_guc=2",
                                            "boot.extraModprobeConfig = "
                                            "\"options i915 enable_guc=2\";");
      return;
    }

  if (mode < 0)
    slices_doctor_run_add_check (run, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
                                 _("GuC submission is off"),
                                 _("i915.enable_guc is at its default, which does not turn on GuC "
                                   "submission on GPUs that support GVT-g."));
  else
    slices_doctor_run_add_check (run, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
                                 _("GuC submission is off"),
                                 _("i915.enable_guc does not ask for GuC submission."));
}

void
slices_doctor_check_kvmgt_module (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  SlicesCheck *check;

  if (add_if_gvt_not_needed (run, SLICES_CHECK_KVMGT_MODULE, _("kvmgt is not needed"),
                             _("kvmgt connects GVT-g slices. SR-IOV virtual functions reach "
                               "virtual machines through vfio-pci.")))
    return;

  if (slices_doctor_path_exists (self->sysfs_root, "module", "kvmgt", NULL))
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_OK,
                                   _("The kvmgt module is loaded"),
                                   _("kvmgt connects GVT-g slices to virtual machines."));
      return;
    }

  check = slices_doctor_run_add_check (run, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_ERROR,
                                       _("The kvmgt module is not loaded"),
                                       _("Without kvmgt the GPU offers no slice types. Load it now "
                                         "and at every boot."));
  /* Loading it helps nothing on a GPU without GVT-g (and fails with ENODEV before 5.18). */
  if (!run->gvt_gpu_present)
    return;
  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      slices_doctor_add_nixos_fix (check, "virtualisation.kvmgt.enable = true;");
      return;
    }
  slices_check_add_fix (check, SLICES_FIX_ACTION, SLICES_FIX_ACTION_LOAD_KVMGT,
                        _("Load now and at every boot"));
  slices_check_add_fix (check, SLICES_FIX_COMMAND,
                        "sudo modprobe kvmgt && "
                        "echo kvmgt | sudo tee /etc/modules-load.d/gpu-slices.conf",
                        _("In a terminal"));
}

void
slices_doctor_check_slice_types (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  SlicesCheck *check;
  const char *earlier[] = {
    SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_KVMGT_MODULE,
  };
  gboolean earlier_ok = TRUE;
  guint n_types = 0;

  for (guint i = 0; i < self->gpus->len; i++)
    n_types += count_types (g_ptr_array_index (self->gpus, i));

  if (n_types > 0)
    {
      g_autofree char *title = NULL;

      run->types_present = TRUE;
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The GPU offers %u slice type",
                                            "The GPU offers %u slice types", n_types),
                               n_types);
      slices_doctor_run_add_check (run, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_OK, title,
                                   _("GVT-g is active: slices can be created."));
      return;
    }

  if (add_if_gvt_not_needed (run, SLICES_CHECK_SLICE_TYPES,
                             _("GVT-g slice types are not needed"),
                             _("This GPU’s slices are SR-IOV virtual functions, not GVT-g "
                               "types.")))
    return;

  if (!run->gvt_gpu_present)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR,
                                   _("No GPU offers slice types"),
                                   _("None of the GPUs of this computer can be shared with GVT-g "
                                     "(see the first check)."));
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (earlier); i++)
    {
      if (slices_doctor_run_get_status (run, earlier[i]) != SLICES_CHECK_STATUS_OK)
        earlier_ok = FALSE;
    }

  if (!earlier_ok)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR,
                                   _("The GPU offers no slice types"),
                                   _("Slice types appear once GVT-g is on, GuC submission is off "
                                     "and kvmgt is loaded: see the checks above."));
      return;
    }

  check = slices_doctor_run_add_check (run, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR,
                                       _("The GPU offers no slice types"),
                                       _("Everything above looks right, yet the GPU lists no slice "
                                         "types. The kernel log says why; look for “Unsupported "
                                         "device. GVT-g is disabled”, “GVT-g is disabled by "
                                         "kernel params”, “Graphics virtualization is not yet "
                                         "supported with GuC submission” or “gvt: fail to alloc "
                                         "high gm space from host” (the firmware’s graphics "
                                         "memory settings are too small)."));
  slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo dmesg | grep -iE 'gvt|guc|i915'",
                        _("Show the kernel messages"));
}

/* What the firmware setup calls the aperture, and where to find it. */
#define FIRMWARE_APERTURE_ADVICE \
  N_("In the firmware setup (press F2 or Del while the computer starts), look for “Aperture " \
     "Size” or “DVMT Pre-Allocated” under the graphics or chipset settings and choose 512 MB " \
     "or 1024 MB: 256 MB leaves room for only two small slices.")

void
slices_doctor_check_room (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autoptr(SlicesCapacity) full = NULL;
  int max_available = -1;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *detail = NULL;
  guint n_slices;

  if (!run->types_present &&
      add_if_gvt_not_needed (run, SLICES_CHECK_ROOM, _("Room for GVT-g slices is not needed"),
                             _("An SR-IOV GPU shares itself in equal virtual functions: the "
                               "count of them is its room.")))
    return;
  if (!run->types_present)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_UNKNOWN,
                                   _("No slice types to measure"),
                                   _("Room for slices can be measured once the GPU offers slice "
                                     "types."));
      return;
    }

  /* The same budget the window's level bar shows (slices-capacity.h), GPU by GPU: the first
   * full one says why when none has room. */
  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);
      g_autoptr(SlicesCapacity) capacity = NULL;

      if (count_types (gpu) == 0)
        continue;
      capacity = slices_capacity_new (gpu);
      max_available = MAX (max_available, capacity->max_available);
      if (full == NULL && slices_capacity_is_full (capacity))
        full = g_steal_pointer (&capacity);
    }

  if (max_available > 0 || full == NULL)
    {
      if (max_available <= 0)
        {
          slices_doctor_run_add_check (run, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_UNKNOWN,
                                       _("The kernel does not say how many slices fit"),
                                       _("The slice types do not show how many more slices "
                                         "fit."));
          return;
        }
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Room for %d more slice",
                                            "Room for up to %d more slices", max_available),
                               max_available);
      slices_doctor_run_add_check (run, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_OK, title,
                                   _("At least one slice type has room. A create can still fail "
                                     "when the GPU’s memory is fragmented."));
      return;
    }

  n_slices = full->slices->len;
  summary = slices_capacity_dup_summary (full, NULL);
  switch (full->state)
    {
    case SLICES_CAPACITY_FULL_LIMIT:
      title = g_strdup_printf (_("%u slices: the most a GPU can have"), n_slices);
      slices_doctor_run_add_check (run, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_WARNING, title,
                                   summary);
      return;

    case SLICES_CAPACITY_FULL_SLICES:
      /* The user's own slices took the room: removing one helps, whatever the aperture. */
      title = g_strdup (g_dngettext (GETTEXT_PACKAGE,
                                     "No room for another slice: the slice on the GPU takes it",
                                     "No room for another slice: the slices on the GPU take it",
                                     n_slices));
      if (full->aperture_limits_types)
        detail = g_strdup_printf ("%s %s", summary, _(FIRMWARE_APERTURE_ADVICE));
      slices_doctor_run_add_check (run, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_WARNING, title,
                                   detail != NULL ? detail : summary);
      return;

    case SLICES_CAPACITY_FULL_APERTURE:
    case SLICES_CAPACITY_ROOM:
    case SLICES_CAPACITY_UNKNOWN:
    default:
      /* Nothing on the GPU, and still no room: the firmware's aperture is too small. */
      detail = g_strdup_printf ("%s %s",
                                _("Each slice takes part of the GPU’s aperture, which the "
                                  "firmware sets."),
                                _(FIRMWARE_APERTURE_ADVICE));
      slices_doctor_run_add_check (run, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_ERROR,
                                   _("No room for any slice: the graphics aperture is too small"),
                                   detail);
      return;
    }
}
