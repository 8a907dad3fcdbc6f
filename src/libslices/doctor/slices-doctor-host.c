/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The host checks: vfio-modules (GVT-g's and SR-IOV's), iommu (a hint for GVT-g, needed for
 * SR-IOV), render-node (of the first GVT-g GPU, from the model's
 * render nodes), polkit-agent (a running authentication agent of this user, from /proc) and
 * qemu-sandbox (libvirt's QEMU logs for a seccomp kill). qemu-sandbox, and iommu without an
 * SR-IOV GPU, are informational: they never fail the setup.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"
#include "slices-gpu-support.h"
#include "slices-sysfs.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* GVT-g's modules: vfio, mdev and vfio_iommu_type1 (kvmgt pulls them in). */
static void
add_missing_gvt_modules (SlicesDoctor *self,
                         GPtrArray    *missing)
{
  if (!slices_doctor_path_exists (self->sysfs_root, "module", "vfio", NULL))
    g_ptr_array_add (missing, (gpointer) "vfio");
  /* The mdev core module was vfio_mdev up to about 5.15, mdev since. */
  if (!slices_doctor_path_exists (self->sysfs_root, "module", "mdev", NULL) &&
      !slices_doctor_path_exists (self->sysfs_root, "module", "vfio_mdev", NULL))
    g_ptr_array_add (missing, (gpointer) "mdev");
  if (!slices_doctor_path_exists (self->sysfs_root, "module", "vfio_iommu_type1", NULL))
    g_ptr_array_add (missing, (gpointer) "vfio_iommu_type1");
}

/* SR-IOV's: vfio and vfio-pci, which hands a VF to QEMU (vfio loads its IOMMU backend itself).
 * A built-in vfio-pci without parameters shows only as its driver folder. */
static void
add_missing_sriov_modules (SlicesDoctor *self,
                           GPtrArray    *missing)
{
  if (!slices_doctor_path_exists (self->sysfs_root, "module", "vfio", NULL) &&
      !g_ptr_array_find_with_equal_func (missing, "vfio", g_str_equal, NULL))
    g_ptr_array_add (missing, (gpointer) "vfio");
  if (!slices_doctor_path_exists (self->sysfs_root, "module", "vfio_pci", NULL) &&
      !slices_doctor_path_exists (self->sysfs_root, "bus", "pci", "drivers", "vfio-pci", NULL))
    g_ptr_array_add (missing, (gpointer) "vfio_pci");
}

void
slices_doctor_check_vfio_modules (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autofree char *title = NULL;
  g_autofree char *command = NULL;
  gboolean gvt = run->gvt_gpu_present || !run->sriov_gpu_present;
  gboolean sriov = run->sriov_gpu_present;
  /* kvmgt depends on GVT-g's modules: when it is loaded they are built into the kernel
   * (built-in modules without parameters have no folder in /sys/module). */
  gboolean kvmgt = slices_doctor_path_exists (self->sysfs_root, "module", "kvmgt", NULL);
  SlicesCheck *check;

  if (gvt && !kvmgt)
    add_missing_gvt_modules (self, missing);
  if (sriov)
    add_missing_sriov_modules (self, missing);

  if (missing->len == 0)
    {
      if (!gvt)
        slices_doctor_run_add_check (run, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK,
                                     _("The VFIO modules are present"),
                                     _("vfio and vfio-pci hand virtual functions to QEMU."));
      else if (kvmgt && !sriov)
        slices_doctor_run_add_check (run, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK,
                                     _("The VFIO and mdev modules are present"),
                                     _("kvmgt is loaded, so the modules it needs are there (some "
                                       "are built into the kernel)."));
      else
        slices_doctor_run_add_check (run, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK,
                                     _("The VFIO and mdev modules are present"),
                                     sriov
                                     ? _("vfio, vfio-pci, mdev and vfio_iommu_type1 hand slices "
                                         "to QEMU.")
                                     : _("vfio, mdev and vfio_iommu_type1 hand slices to QEMU."));
      return;
    }

  g_ptr_array_add (missing, NULL);
  joined = g_strjoinv (", ", (char **) missing->pdata);
  /* TRANSLATORS: %s is a list of kernel module names */
  title = g_strdup_printf (_("Missing kernel modules: %s"), joined);
  check = slices_doctor_run_add_check (run, SLICES_CHECK_VFIO_MODULES,
                                       SLICES_CHECK_STATUS_WARNING, title,
                                       gvt
                                       ? _("QEMU receives slices through VFIO. Loading kvmgt "
                                           "loads these modules too; they can also be loaded on "
                                           "their own.")
                                       : _("QEMU receives virtual functions through vfio-pci. "
                                           "libvirt loads it when a virtual machine starts; "
                                           "loading it now shows that it is there."));
  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      if (gvt)
        slices_doctor_add_nixos_fix (check, "virtualisation.kvmgt.enable = true;");
      if (sriov)
        slices_doctor_add_nixos_fix (check, "boot.kernelModules = [ \"vfio-pci\" ];");
      return;
    }
  if (!sriov)
    command = g_strdup ("sudo modprobe -a vfio vfio_iommu_type1 mdev");
  else if (!gvt)
    command = g_strdup ("sudo modprobe -a vfio vfio-pci");
  else
    command = g_strdup ("sudo modprobe -a vfio vfio-pci vfio_iommu_type1 mdev");
  slices_check_add_fix (check, SLICES_FIX_COMMAND, command, _("In a terminal"));
}

/* A PCI device in an IOMMU group was put there by an IOMMU driver (the simulator's trees have
 * groups but no class/iommu). */
static gboolean
any_gpu_in_iommu_group (SlicesDoctor *self)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (slices_doctor_path_exists (self->sysfs_root, "bus", "pci", "devices",
                                     slices_gpu_get_address (gpu), "iommu_group", NULL))
        return TRUE;
    }
  return FALSE;
}

void
slices_doctor_check_iommu (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autofree char *path = g_build_filename (self->sysfs_root, "class", "iommu", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  gboolean on = FALSE;
  const char *name;
  SlicesCheck *check;

  while (dir != NULL && !on && (name = g_dir_read_name (dir)) != NULL)
    on = g_str_has_prefix (name, "dmar");

  /* SR-IOV virtual functions reach QEMU through VFIO, which needs the IOMMU (FACTS-SRIOV S3,
   * S4); GVT-g slices do not. */
  if (run->sriov_gpu_present)
    {
      if (on || any_gpu_in_iommu_group (self))
        {
          slices_doctor_run_add_check (run, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK,
                                       _("The Intel IOMMU is on"),
                                       _("SR-IOV virtual functions reach virtual machines "
                                         "through VFIO, which needs it."));
          return;
        }
      check = slices_doctor_run_add_check (run, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_ERROR,
                                           _("The Intel IOMMU is off"),
                                           _("SR-IOV virtual functions reach virtual machines "
                                             "through VFIO, which needs the IOMMU (libvirt says "
                                             "\"host doesn't support VFIO PCI passthrough\"). "
                                             "Turn it on with intel_iommu=on and restart the "
                                             "computer."));
      slices_doctor_add_kernel_param_fixes (check, self->distro, "intel_iommu=on", NULL);
      return;
    }

  if (on)
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK,
                                           _("The Intel IOMMU is on"),
                                           _("Slices do not need it, but many guides advise "
                                             "intel_iommu=on."));
    }
  else
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK,
                                           _("The Intel IOMMU is off"),
                                           _("Slices work without it: each one gets an emulated "
                                             "IOMMU group. Many guides still advise turning it on "
                                             "with intel_iommu=on."));
      slices_doctor_add_kernel_param_fixes (check, self->distro, "intel_iommu=on", NULL);
    }
  slices_check_set_informational (check, TRUE);
}

void
slices_doctor_check_render_node (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  SlicesGpu *gpu = slices_doctor_get_first_gvt_gpu (self);
  const char * const *nodes;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *node_name = NULL;
  g_autofree char *node = NULL;
  g_autofree char *shown = NULL;
  SlicesCheck *check;

  if (gpu == NULL)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_UNKNOWN,
                                   _("No GPU to check for a render node"),
                                   _("Without an Intel GPU there is no render node to show slices "
                                     "with."));
      return;
    }

  name = slices_gpu_support_dup_name (gpu);
  nodes = slices_gpu_get_render_nodes (gpu);
  if (nodes == NULL || nodes[0] == NULL)
    {
      const char *detail =
        slices_gpu_get_driver (gpu) == NULL
        ? _("No driver is bound to the GPU, so it has no render node (/dev/dri/renderD…). "
            "Virtual machines can use slices, but their screens cannot be shown with OpenGL "
            "(SPICE GL).")
        : _("The GPU has no render node (/dev/dri/renderD…). Virtual machines can use slices, "
            "but their screens cannot be shown with OpenGL (SPICE GL).");

      /* TRANSLATORS: %s is e.g. "Intel Kaby Lake GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("%s has no render node"), name);
      slices_doctor_run_add_check (run, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING,
                                   title, detail);
      return;
    }

  /* The model names the node as QEMU opens it on the host; the test of it is under dev_root. */
  node_name = g_path_get_basename (nodes[0]);
  node = g_build_filename (self->dev_root, "dri", node_name, NULL);
  shown = g_build_filename ("/dev/dri", node_name, NULL);

  if (!g_file_test (node, G_FILE_TEST_EXISTS))
    {
      /* TRANSLATORS: %s is a device path such as /dev/dri/renderD128 */
      title = g_strdup_printf (_("%s is missing"), shown);
      slices_doctor_run_add_check (run, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING,
                                   title,
                                   _("The kernel made a render node for the GPU, but udev did not "
                                     "create its device file. Restarting the computer usually "
                                     "brings it back."));
      return;
    }

  if (access (node, R_OK | W_OK) != 0)
    {
      /* TRANSLATORS: %s is a device path such as /dev/dri/renderD128 */
      title = g_strdup_printf (_("You cannot open %s"), shown);
      check = slices_doctor_run_add_check (run, SLICES_CHECK_RENDER_NODE,
                                           SLICES_CHECK_STATUS_WARNING, title,
                                           _("Showing a virtual machine’s screen with OpenGL "
                                             "(SPICE GL) needs the GPU’s render node. Join the "
                                             "render group, then log out and in again."));
      slices_doctor_add_group_fix (check, self->distro, self->user_name, "render",
                                   "sudo usermod -aG render \"$USER\"", _("In a terminal"));
      return;
    }

  /* TRANSLATORS: %s is a device path such as /dev/dri/renderD128 */
  title = g_strdup_printf (_("The GPU’s render node %s is usable"), shown);
  slices_doctor_run_add_check (run, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_OK, title,
                               _("Virtual machines can show their screens with OpenGL (SPICE "
                                 "GL)."));
}

/* Authentication agents of the common desktops. /proc/PID/comm holds only 15 bytes, so the
 * long names are matched on argv[0] as well. */
static const char * const polkit_agents[] = {
  "polkit-gnome-authentication-agent-1",
  "polkit-kde-authentication-agent-1",
  "polkit-mate-authentication-agent-1",
  "polkit-efl-authentication-agent-1",
  "gnome-shell",
  "cinnamon",
  "phosh",
  "lxpolkit",
  "lxqt-policykit-agent",
  "mate-polkit",
  "xfce-polkit",
  "budgie-polkit-dialog",
  "io.elementary.desktop.agent-polkit",
  "hyprpolkitagent",
  "soteria",
  "cosmic-osd",
  "ukui-polkit",
  "deepin-polkit-agent",
  NULL,
};

static const char *
match_polkit_agent (const char *comm,
                    const char *argv0)
{
  g_autofree char *base = argv0 != NULL ? g_path_get_basename (argv0) : NULL;

  for (guint i = 0; polkit_agents[i] != NULL; i++)
    {
      if (base != NULL && g_str_equal (base, polkit_agents[i]))
        return polkit_agents[i];
      if (comm != NULL && strncmp (comm, polkit_agents[i], 15) == 0 &&
          (strlen (comm) == MIN (strlen (polkit_agents[i]), 15)))
        return polkit_agents[i];
    }
  return NULL;
}

void
slices_doctor_check_polkit_agent (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  const char *proc_root = self->proc_root != NULL ? self->proc_root : "/proc";
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *found = NULL;
  const char *entry;
  guint uid = slices_doctor_get_uid (self);
  SlicesCheck *check;

  /* pkexec asks root nothing (real system only: tests run as whoever they run as). */
  if (self->proc_root == NULL && uid == 0)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_OK,
                                   _("Running as administrator"),
                                   _("No authentication agent is needed."));
      return;
    }

  dir = g_dir_open (proc_root, 0, &error);
  if (dir == NULL)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_UNKNOWN,
                                   _("Cannot look for an authentication agent"), error->message);
      return;
    }

  while (found == NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *pid_dir = NULL;
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;
      g_autofree char *cmdline_path = NULL;
      g_autofree char *cmdline = NULL;
      struct stat st;

      if (!g_ascii_isdigit (*entry))
        continue;
      pid_dir = g_build_filename (proc_root, entry, NULL);
      /* Only this user's agents count: gdm's greeter runs a gnome-shell of its own. */
      if (stat (pid_dir, &st) != 0 || st.st_uid != uid)
        continue;

      comm_path = g_build_filename (pid_dir, "comm", NULL);
      comm = slices_sysfs_read_line (comm_path, NULL);
      cmdline_path = g_build_filename (pid_dir, "cmdline", NULL);
      /* argv is NUL-separated: the string ends at argv[0]. */
      if (!g_file_get_contents (cmdline_path, &cmdline, NULL, NULL))
        cmdline = NULL;
      found = match_polkit_agent (comm, cmdline);
    }

  if (found != NULL)
    {
      g_autofree char *title = NULL;

      /* TRANSLATORS: %s is a program name such as gnome-shell */
      title = g_strdup_printf (_("An authentication agent is running (%s)"), found);
      slices_doctor_run_add_check (run, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_OK, title,
                                   _("It asks for your password when a slice is created or "
                                     "removed."));
      return;
    }

  check = slices_doctor_run_add_check (run, SLICES_CHECK_POLKIT_AGENT,
                                       SLICES_CHECK_STATUS_WARNING,
                                       _("No authentication agent found"),
                                       _("Creating and removing slices asks for an administrator "
                                         "password through polkit. GNOME, KDE Plasma, Cinnamon, "
                                         "MATE and most other desktops bring an authentication "
                                         "agent; with a plain window manager none runs, and pkexec "
                                         "fails with “Not authorized” (exit 127). Install one "
                                         "and start it with your session, e.g. "
                                         "polkit-gnome-authentication-agent-1 or lxpolkit."));
  slices_doctor_add_package_fixes (check, self->distro, "policykit-1-gnome", "polkit-gnome",
                                   "polkit-gnome", NULL, NULL);
}

static gboolean
file_mentions_sandbox (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *lower = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  lower = g_ascii_strdown (contents, length);
  return strstr (contents, "SIGSYS") != NULL || strstr (lower, "seccomp") != NULL;
}

void
slices_doctor_check_qemu_sandbox (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  SlicesCheck *check;

  dir = g_dir_open (self->qemu_log_dir, 0, &error);
  if (dir == NULL && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_OK,
                                           _("No virtual machine logs yet"),
                                           _("No virtual machine has run under libvirt here."));
      slices_check_set_informational (check, TRUE);
      return;
    }
  if (dir == NULL)
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_QEMU_SANDBOX,
                                           SLICES_CHECK_STATUS_UNKNOWN,
                                           _("Virtual machine logs are not readable"),
                                           _("Only administrators can read libvirt’s QEMU logs. If "
                                             "a virtual machine with a slice is stopped right at "
                                             "start and its log mentions SIGSYS or seccomp, QEMU’s "
                                             "sandbox killed it: set seccomp_sandbox = 0 in "
                                             "/etc/libvirt/qemu.conf and restart libvirtd."));
      slices_check_set_informational (check, TRUE);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".log"))
        continue;
      path = g_build_filename (self->qemu_log_dir, name, NULL);
      if (file_mentions_sandbox (path))
        g_ptr_array_add (hits, g_strndup (name, strlen (name) - strlen (".log")));
    }

  if (hits->len == 0)
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_OK,
                                           _("No virtual machine was stopped by QEMU’s sandbox"),
                                           _("The QEMU logs mention neither SIGSYS nor seccomp."));
      slices_check_set_informational (check, TRUE);
      return;
    }

  g_ptr_array_sort (hits, compare_strings);
  g_ptr_array_add (hits, NULL);
  {
    g_autofree char *names = g_strjoinv (", ", (char **) hits->pdata);
    g_autofree char *title = NULL;

    /* TRANSLATORS: %s is a list of virtual machine names */
    title = g_strdup_printf (_("QEMU’s sandbox may have stopped: %s"), names);
    check = slices_doctor_run_add_check (run, SLICES_CHECK_QEMU_SANDBOX,
                                         SLICES_CHECK_STATUS_WARNING, title,
                                         _("The log mentions SIGSYS or seccomp: QEMU’s system call "
                                           "filter killed the virtual machine. If it happens when "
                                           "a slice is attached, set seccomp_sandbox = 0 in "
                                           "/etc/libvirt/qemu.conf and restart libvirtd."));
    slices_check_set_informational (check, TRUE);
    if (self->distro == SLICES_DISTRO_NIXOS)
      slices_doctor_add_nixos_fix (check, "virtualisation.libvirtd.qemu.verbatimConfig = "
                                   "\"namespaces = []\\nseccomp_sandbox = 0\\n\";");
    else
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "echo 'seccomp_sandbox = 0' | sudo tee -a /etc/libvirt/qemu.conf && "
                            "sudo systemctl restart libvirtd",
                            _("In a terminal"));
  }
}
