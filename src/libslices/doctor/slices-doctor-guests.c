/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a virtual machine with a virtual function needs beyond the host (FACTS-SRIOV S3, S5):
 *
 *   sriov-guest-driver  the driver inside the guest, chosen by the host's: a Linux guest of an
 *                       i915-sriov-dkms host needs the same module with i915.enable_guc=3, a
 *                       Windows guest Intel's driver. The doctor cannot look inside a guest:
 *                       informational, "cannot tell", naming the VMs that have a VF.
 *   looking-glass-shm   /dev/shm/looking-glass, which the Looking Glass client opens as the
 *                       user: its permissions, or the tmpfiles line that makes it at boot
 *                       (what the helper's `configure-host looking-glass` writes). Made when
 *                       an SR-IOV GPU is present or a VM's definition has Looking Glass; a
 *                       problem only for such a VM, else a hint.
 *
 * Which VMs have a VF or Looking Glass comes from the caller (slices_doctor_set_vms()).
 */
#include "config.h"

#include <grp.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"
#include "slices-nixos.h"
#include "slices-platform.h"
#include "slices-sriov.h"

#define SHM_NAME          "looking-glass"
#define TMPFILES_CONF     "gpu-slices-looking-glass.conf"
#define INTEL_WINDOWS_URL \
  "https://www.intel.com/content/www/us/en/download/785597/intel-arc-iris-xe-graphics-windows.html"

static void
vm_free (gpointer data)
{
  SlicesDoctorVm *vm = data;

  g_free ((char *) vm->domain);
  g_free ((char *) vm->vf);
  g_free (vm);
}

void
slices_doctor_set_vms (SlicesDoctor         *self,
                       gboolean              known,
                       const SlicesDoctorVm *vms,
                       guint                 n_vms)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));
  g_return_if_fail (vms != NULL || n_vms == 0);

  g_clear_pointer (&self->vms, g_ptr_array_unref);
  if (!known)
    return;

  self->vms = g_ptr_array_new_with_free_func (vm_free);
  for (guint i = 0; i < n_vms; i++)
    {
      SlicesDoctorVm *copy = g_new0 (SlicesDoctorVm, 1);

      copy->domain = g_strdup (vms[i].domain);
      copy->vf = g_strdup (vms[i].vf);
      copy->looking_glass = vms[i].looking_glass;
      g_ptr_array_add (self->vms, copy);
    }
}

void
slices_doctor_free_vms (SlicesDoctor *self)
{
  g_clear_pointer (&self->vms, g_ptr_array_unref);
}

/* "win11 (0000:00:02.1), fedora (0000:00:02.2)": the VMs with a VF (or with Looking Glass);
 * NULL when there is none. */
static char *
dup_vm_list (SlicesDoctor *self,
             gboolean      looking_glass)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; self->vms != NULL && i < self->vms->len; i++)
    {
      const SlicesDoctorVm *vm = g_ptr_array_index (self->vms, i);

      if (looking_glass ? !vm->looking_glass : vm->vf == NULL)
        continue;
      if (list->len > 0)
        /* TRANSLATORS: the separator of a list of virtual machines */
        g_string_append (list, _(", "));
      if (vm->vf != NULL && !looking_glass)
        /* TRANSLATORS: a virtual machine and the PCI address of its virtual function */
        g_string_append_printf (list, _("%s (%s)"), vm->domain, vm->vf);
      else
        g_string_append (list, vm->domain);
    }
  return list->len > 0 ? g_string_free (g_steal_pointer (&list), FALSE) : NULL;
}

/* --- sriov-guest-driver --- */

/* The host's driver that makes VFs, and its GPU; NULL when none does yet. */
static const char *
find_vf_driver (SlicesDoctor  *self,
                SlicesGpu    **out_gpu)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);
      SlicesSriov *sriov = slices_gpu_get_sriov (gpu);

      if (sriov != NULL)
        {
          *out_gpu = gpu;
          return slices_sriov_get_driver (sriov);
        }
    }
  *out_gpu = NULL;
  return NULL;
}

void
slices_doctor_check_sriov_guest_driver (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autofree char *vms = dup_vm_list (self, FALSE);
  g_autoptr(GString) detail = g_string_new (NULL);
  const char *title;
  SlicesGpu *gpu = NULL;
  const char *driver = find_vf_driver (self, &gpu);
  SlicesCheck *check;
  gboolean known;

  if (g_strcmp0 (driver, "i915") == 0)
    {
      title = _("Guests need i915-sriov-dkms or Intel’s Windows driver");
      g_string_append (detail, _("This host makes its virtual functions with i915-sriov-dkms. "
                                 "A Linux guest needs the same module, started with "
                                 "i915.enable_guc=3 module_blacklist=xe (no max_vfs: a guest "
                                 "makes no virtual functions). A Windows guest needs Intel’s "
                                 "graphics driver; Hyper-V enlightenments or VBS can stop it "
                                 "with “Code 43”."));
    }
  else if (g_strcmp0 (driver, "xe") == 0)
    {
      title = _("Guests need a driver for Intel virtual functions");
      if ((slices_platform_sriov_drivers (slices_gpu_get_device_id (gpu), &known) &
           SLICES_SRIOV_DRIVER_XE_FORCE_PROBE) != 0)
        g_string_append_printf (detail, _("This host makes its virtual functions with the xe "
                                          "driver. A Linux guest needs a kernel whose xe driver "
                                          "takes virtual functions, started with "
                                          "xe.force_probe=%04x as on the host. A Windows guest "
                                          "needs Intel’s graphics driver."),
                                slices_gpu_get_device_id (gpu));
      else
        g_string_append (detail, _("This host makes its virtual functions with the xe driver. "
                                   "A Linux guest needs a kernel whose xe driver takes virtual "
                                   "functions. A Windows guest needs Intel’s graphics "
                                   "driver."));
    }
  else
    {
      title = _("What guests need follows the host’s driver");
      g_string_append (detail, _("Once the host makes virtual functions (see the checks "
                                 "above), a Linux guest needs the same kind of driver and a "
                                 "Windows guest Intel’s graphics driver."));
    }

  if (vms != NULL)
    /* TRANSLATORS: %s is a list of virtual machines with their virtual functions */
    g_string_append_printf (detail, " %s", _("Virtual machines with a virtual function:"));
  if (vms != NULL)
    g_string_append_printf (detail, " %s.", vms);
  else if (self->vms != NULL)
    g_string_append_printf (detail, " %s", _("No virtual machine has a virtual function yet."));

  /* Nothing here can look inside a guest: never a problem, only what to do there. */
  check = slices_doctor_run_add_check (run, SLICES_CHECK_SRIOV_GUEST_DRIVER,
                                       SLICES_CHECK_STATUS_UNKNOWN, title, detail->str);
  slices_check_set_informational (check, TRUE);
  if (g_strcmp0 (driver, "i915") == 0)
    {
      slices_check_add_fix (check, SLICES_FIX_COMMAND, "i915.enable_guc=3 module_blacklist=xe",
                            _("Inside a Linux guest, after installing i915-sriov-dkms there: "
                              "its kernel parameters"));
      slices_check_add_fix (check, SLICES_FIX_LINK, SLICES_DOCTOR_I915_SRIOV_DKMS_URL,
                            _("i915-sriov-dkms, for guests too"));
    }
  slices_check_add_fix (check, SLICES_FIX_LINK, INTEL_WINDOWS_URL,
                        _("Intel’s Windows driver"));
}

/* --- looking-glass-shm --- */

/* Whether @user (uid, groups) may read and write a file of @st's owner, group and mode. */
static gboolean
user_can_use (SlicesDoctor      *self,
              const struct stat *st)
{
  struct group *group;

  if (st->st_uid == slices_doctor_get_uid (self))
    return (st->st_mode & 0600) == 0600;
  group = getgrgid (st->st_gid);
  if (group != NULL && self->user_groups != NULL &&
      g_strv_contains ((const char * const *) self->user_groups, group->gr_name))
    return (st->st_mode & 0060) == 0060;
  return (st->st_mode & 0006) == 0006;
}

/* A tmpfiles line for the file: ours, or one of the user's own in /etc/tmpfiles.d. Returns
 * the path of the file that has it. */
static char *
find_tmpfiles_line (SlicesDoctor *self)
{
  g_autofree char *dir_path = g_build_filename (self->root_dir, "etc", "tmpfiles.d", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, entry, NULL);
      g_autofree char *text = NULL;

      if (g_str_has_suffix (entry, ".conf") && g_file_get_contents (path, &text, NULL, NULL) &&
          strstr (text, " /dev/shm/" SHM_NAME " ") != NULL)
        return g_build_filename ("/etc/tmpfiles.d", entry, NULL);
    }
  return NULL;
}

static gboolean
any_vm_uses_looking_glass (SlicesDoctor *self)
{
  for (guint i = 0; self->vms != NULL && i < self->vms->len; i++)
    if (((SlicesDoctorVm *) g_ptr_array_index (self->vms, i))->looking_glass)
      return TRUE;
  return FALSE;
}

static void
add_shm_fixes (SlicesCheck  *check,
               SlicesDoctor *self)
{
  g_autofree char *line = g_strdup_printf ("f /dev/shm/" SHM_NAME " 0660 %s kvm -",
                                           self->user_name);
  g_autofree char *text = NULL;

  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      g_autofree char *quoted = slices_nix_string (line);

      text = g_strdup_printf ("systemd.tmpfiles.rules = [ %s ];", quoted);
      slices_doctor_add_nixos_fix (check, text);
      return;
    }
  slices_check_add_fix (check, SLICES_FIX_ACTION, SLICES_FIX_ACTION_LOOKING_GLASS,
                        _("Make it yours at every boot"));
  text = g_strdup_printf ("echo '%s' | sudo tee /etc/tmpfiles.d/" TMPFILES_CONF " && "
                          "sudo systemd-tmpfiles --create /etc/tmpfiles.d/" TMPFILES_CONF, line);
  slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("In a terminal"));
}

void
slices_doctor_check_looking_glass_shm (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autofree char *path = g_build_filename (self->dev_root, "shm", SHM_NAME, NULL);
  g_autofree char *conf = NULL;
  g_autofree char *vms = NULL;
  g_autofree char *detail = NULL;
  gboolean needed = any_vm_uses_looking_glass (self);
  struct stat st;
  SlicesCheck *check;

  if (!run->sriov_gpu_present && !needed)
    return;

  vms = dup_vm_list (self, TRUE);
  conf = find_tmpfiles_line (self);
  if (stat (path, &st) == 0)
    {
      if (user_can_use (self, &st))
        {
          slices_doctor_run_add_check (run, SLICES_CHECK_LOOKING_GLASS_SHM,
                                       SLICES_CHECK_STATUS_OK,
                                       _("Looking Glass can open its shared memory"),
                                       conf != NULL
                                       ? _("/dev/shm/looking-glass is yours to read and write, "
                                           "and a tmpfiles line makes it so at every boot.")
                                       : _("/dev/shm/looking-glass is yours to read and write "
                                           "now."));
          return;
        }
      /* TRANSLATORS: %s is a user name */
      detail = g_strdup_printf (_("The Looking Glass client runs as %s, but /dev/shm/"
                                  "looking-glass belongs to someone else: it shows nothing. A "
                                  "tmpfiles line makes the file %s’s (group kvm, mode 0660) at "
                                  "every boot; restart the virtual machine after."),
                                self->user_name, self->user_name);
      check = slices_doctor_run_add_check (run, SLICES_CHECK_LOOKING_GLASS_SHM,
                                           needed ? SLICES_CHECK_STATUS_ERROR
                                                  : SLICES_CHECK_STATUS_WARNING,
                                           _("Looking Glass cannot open its shared memory"),
                                           detail);
      add_shm_fixes (check, self);
      return;
    }

  if (conf != NULL)
    {
      /* TRANSLATORS: %s is a path such as /etc/tmpfiles.d/gpu-slices-looking-glass.conf */
      detail = g_strdup_printf (_("%s makes /dev/shm/looking-glass yours at every boot (until "
                                  "then, the command below makes it now)."), conf);
      check = slices_doctor_run_add_check (run, SLICES_CHECK_LOOKING_GLASS_SHM,
                                           SLICES_CHECK_STATUS_OK,
                                           _("Looking Glass’s shared memory is set up"), detail);
      g_free (detail);
      detail = g_strdup_printf ("sudo systemd-tmpfiles --create %s", conf);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, detail, _("Make it now"));
      return;
    }

  if (needed)
    {
      /* TRANSLATORS: %s is a list of virtual machines */
      detail = g_strdup_printf (_("Looking Glass shows these virtual machines: %s. Its client "
                                  "reads the picture from /dev/shm/looking-glass, and nothing "
                                  "makes that file yours, so QEMU makes it for itself and the "
                                  "client cannot open it."), vms);
      check = slices_doctor_run_add_check (run, SLICES_CHECK_LOOKING_GLASS_SHM,
                                           SLICES_CHECK_STATUS_WARNING,
                                           _("Looking Glass’s shared memory is not set up"),
                                           detail);
      add_shm_fixes (check, self);
      return;
    }

  check = slices_doctor_run_add_check (run, SLICES_CHECK_LOOKING_GLASS_SHM,
                                       SLICES_CHECK_STATUS_OK,
                                       _("Looking Glass is not set up"),
                                       _("A virtual function has no display of its own. To see "
                                         "a Windows guest’s picture on this desktop through "
                                         "Looking Glass, its client needs /dev/shm/looking-glass "
                                         "to be yours; a remote desktop in the guest needs "
                                         "nothing here."));
  slices_check_set_informational (check, TRUE);
  add_shm_fixes (check, self);
}
