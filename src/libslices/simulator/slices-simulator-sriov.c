/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SR-IOV in the simulated tree (../shared/FACTS-SRIOV.md S1–S3): a PF bound to xe, to
 * i915-sriov-dkms or to the stock i915 of a Gen12+ GPU, with its sriov_* files (only when the
 * capability has TotalVFs > 0), the drivers' bind/unbind files and drivers_probe, xe's
 * sriov_admin tree and the dkms i915's prelim_iov; VFs at PF devfn + offset + stride · n with
 * virtfnN / physfn links and an IOMMU group each; binding a device to a driver (the host's
 * xe/i915 gives a VF render and card nodes, a VFIO driver a vfio-dev node); and the pretend
 * process that holds a VF open, in ROOT/.proc as /proc would show it. Which of these may
 * happen is the kernel's business (slices-simulator-pci.c).
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-ids.h"
#include "slices-simulator-private.h"

/* Intel Gen12+ iGPUs: sriov_offset and sriov_stride are 1 and 1 (S1). The simulated card
 * uses the same (unverified for Battlemage, S6). */
#define VF_OFFSET 1
#define VF_STRIDE 1

#define PROC_DIR ".proc"

/* --- addresses and small reads --- */

char *
slices_sim_vf_address (const char *pf_address,
                       guint       index)
{
  guint domain, bus, slot, function, devfn;

  if (sscanf (pf_address, "%4x:%2x:%2x.%1x", &domain, &bus, &slot, &function) != 4)
    return NULL;

  devfn = (slot << 3 | function) + VF_OFFSET + VF_STRIDE * index;
  bus += devfn >> 8;
  devfn &= 0xff;
  if (bus > 0xff)
    return NULL;

  return g_strdup_printf ("%04x:%02x:%02x.%x", domain, bus, devfn >> 3, devfn & 7);
}

char *
slices_sim_dup_pci_dir (SlicesSimulator *self,
                        const char      *address)
{
  g_autofree char *dir = NULL;

  if (!slices_sim_is_component (address))
    return NULL;
  dir = g_build_filename (self->root, PCI_ROOT, address, NULL);
  if (!slices_sim_is_real_dir (dir))
    return NULL;
  return g_steal_pointer (&dir);
}

static char *
read_link_base (const char *dir,
                const char *name)
{
  g_autofree char *link = g_build_filename (dir, name, NULL);
  g_autofree char *target = g_file_read_link (link, NULL);

  return target != NULL ? g_path_get_basename (target) : NULL;
}

char *
slices_sim_read_driver (SlicesSimulator *self,
                        const char      *address)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);

  return dir != NULL ? read_link_base (dir, "driver") : NULL;
}

char *
slices_sim_read_physfn (SlicesSimulator *self,
                        const char      *address)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);

  return dir != NULL ? read_link_base (dir, "physfn") : NULL;
}

int
slices_sim_read_number (SlicesSimulator *self,
                        const char      *address,
                        const char      *file)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  guint64 value;

  if (dir == NULL)
    return -1;
  path = g_build_filename (dir, file, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXINT, &value, NULL))
    return -1;
  return (int) value;
}

gboolean
slices_sim_write_number (SlicesSimulator *self,
                         const char      *address,
                         const char      *file,
                         guint            value,
                         int              mode)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);
  g_autofree char *path = NULL;
  g_autofree char *text = g_strdup_printf ("%u\n", value);
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, file, NULL);
  if (!slices_sim_write_file (path, text, mode, &error))
    {
      g_warning ("Simulator: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
slices_sim_list_vfs (SlicesSimulator *self,
                     const char      *pf_address)
{
  g_autoptr(GPtrArray) vfs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = slices_sim_dup_pci_dir (self, pf_address);

  for (guint n = 0; dir != NULL; n++)
    {
      g_autofree char *name = g_strdup_printf ("virtfn%u", n);
      char *vf = read_link_base (dir, name);

      if (vf == NULL)
        break;
      g_ptr_array_add (vfs, vf);
    }

  return g_steal_pointer (&vfs);
}

static gboolean
write_text (const char  *dir,
            const char  *name,
            const char  *text,
            int          mode,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return slices_sim_write_file (path, text, mode, error);
}

static gboolean
link_in (const char  *dir,
         const char  *name,
         const char  *target,
         GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
  return slices_sim_make_link (target, path, error);
}

static void
unlink_in (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
}

static gboolean
write_uevent (const char  *dir,
              const char  *driver,
              guint        device_id,
              const char  *address,
              GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (driver != NULL)
    g_string_append_printf (text, "DRIVER=%s\n", driver);
  g_string_append_printf (text, "PCI_CLASS=30000\nPCI_ID=8086:%04X\nPCI_SLOT_NAME=%s\n",
                          device_id, address);
  return write_text (dir, "uevent", text->str, 0644, error);
}

static guint
read_device_id (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "device", NULL);
  g_autofree char *text = NULL;
  guint64 value = 0;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_ascii_string_to_unsigned (g_strstrip (text) + 2, 16, 0, 0xffff, &value, NULL);
  return (guint) value;
}

/* --- IOMMU groups --- */

static gboolean
make_group (SlicesSimulator  *self,
            const char       *address,
            const char       *device_dir,
            GError          **error)
{
  g_autofree char *groups = g_build_filename (self->root, "kernel", "iommu_groups", NULL);
  g_autofree char *name = g_strdup_printf ("%u", slices_sim_lowest_free_number (groups, ""));
  g_autofree char *devices = g_build_filename (groups, name, "devices", NULL);
  g_autofree char *to_device = g_build_filename ("..", "..", "..", "..", PCI_ROOT, address,
                                                 NULL);
  g_autofree char *to_group = g_build_filename ("..", "..", "..", "kernel", "iommu_groups", name,
                                                NULL);

  return slices_sim_make_dir (devices, error) && link_in (devices, address, to_device, error) &&
         link_in (device_dir, "iommu_group", to_group, error);
}

static void
remove_group (SlicesSimulator *self,
              const char      *device_dir)
{
  g_autofree char *group = read_link_base (device_dir, "iommu_group");
  g_autofree char *group_dir = NULL;

  if (group == NULL || !slices_sim_is_component (group))
    return;
  group_dir = g_build_filename (self->root, "kernel", "iommu_groups", group, NULL);
  slices_sim_remove_tree (group_dir);
}

/* --- binding --- */

static gboolean
is_host_driver (const char *driver)
{
  return g_strcmp0 (driver, "xe") == 0 || g_strcmp0 (driver, "i915") == 0;
}

static gboolean
is_vfio_driver (const char *driver)
{
  return g_strcmp0 (driver, "vfio-pci") == 0 || g_strcmp0 (driver, "xe-vfio-pci") == 0;
}

static guint
lowest_free_drm_minor (SlicesSimulator *self,
                       const char      *kind,
                       guint            first)
{
  g_autofree char *class_dir = g_build_filename (self->root, "class", "drm", NULL);

  for (guint minor = first;; minor++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", kind, minor);
      g_autofree char *path = g_build_filename (class_dir, name, NULL);

      if (!slices_sim_path_exists_nofollow (path))
        return minor;
    }
}

/* Removes every node in DIR/<sub> together with its ROOT/class/<class>/<name> link. */
static void
remove_class_nodes (SlicesSimulator *self,
                    const char      *device_dir,
                    const char      *sub,
                    const char      *class_name)
{
  g_autofree char *dir = g_build_filename (device_dir, sub, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *link = g_build_filename (self->root, "class", class_name, name, NULL);

      g_unlink (link);
    }
  slices_sim_remove_tree (dir);
}

gboolean
slices_sim_bind (SlicesSimulator  *self,
                 const char       *address,
                 const char       *driver,
                 GError          **error)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);
  g_autofree char *driver_dir = g_build_filename (self->root, "bus", "pci", "drivers", driver,
                                                  NULL);
  g_autofree char *to_driver = g_build_filename ("..", "..", "..", "bus", "pci", "drivers",
                                                 driver, NULL);
  g_autofree char *to_device = g_build_filename ("..", "..", "..", "..", PCI_ROOT, address,
                                                 NULL);
  g_autofree char *physfn = NULL;

  g_assert (dir != NULL);

  if (!link_in (dir, "driver", to_driver, error) ||
      !link_in (driver_dir, address, to_device, error) ||
      !write_uevent (dir, driver, read_device_id (dir), address, error))
    return FALSE;

  physfn = read_link_base (dir, "physfn");
  if (physfn != NULL && is_host_driver (driver))
    {
      /* The host's driver makes the VF a GPU of its own (S1: extra render nodes). */
      int render = (int) lowest_free_drm_minor (self, "renderD", 128);
      int card = (int) lowest_free_drm_minor (self, "card", 0);

      return slices_sim_add_drm_node (self, address, dir, "renderD", render, error) &&
             slices_sim_add_drm_node (self, address, dir, "card", card, error);
    }

  if (is_vfio_driver (driver))
    {
      g_autofree char *class_dir = g_build_filename (self->root, "class", "vfio-dev", NULL);
      g_autofree char *vfio = NULL;
      g_autofree char *node = NULL;
      g_autofree char *to_node = NULL;

      if (!slices_sim_make_dir (class_dir, error))
        return FALSE;
      vfio = g_strdup_printf ("vfio%u", slices_sim_lowest_free_number (class_dir, "vfio"));
      node = g_build_filename (dir, "vfio-dev", vfio, NULL);
      to_node = g_build_filename ("..", "..", PCI_ROOT, address, "vfio-dev", vfio, NULL);
      return slices_sim_make_dir (node, error) &&
             write_text (node, "uevent", "", 0644, error) &&
             link_in (class_dir, vfio, to_node, error);
    }

  return TRUE;
}

void
slices_sim_unbind (SlicesSimulator *self,
                   const char      *address)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);
  g_autofree char *driver = NULL;
  g_autofree char *physfn = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL || (driver = read_link_base (dir, "driver")) == NULL)
    return;

  if (slices_sim_is_component (driver))
    {
      g_autofree char *driver_dir = g_build_filename (self->root, "bus", "pci", "drivers",
                                                      driver, NULL);

      unlink_in (driver_dir, address);
    }
  unlink_in (dir, "driver");

  physfn = read_link_base (dir, "physfn");
  if (physfn != NULL)
    {
      remove_class_nodes (self, dir, "drm", "drm");
      remove_class_nodes (self, dir, "vfio-dev", "vfio-dev");
    }

  if (!write_uevent (dir, NULL, read_device_id (dir), address, &error))
    g_warning ("Simulator: %s", error->message);
}

/* --- VFs --- */

static char *
dup_admin_dir (SlicesSimulator *self,
               const char      *pf_address)
{
  return g_build_filename (self->root, PCI_ROOT, pf_address, "sriov_admin", NULL);
}

/* The dkms i915's prelim_iov folder, under the PF's card node; NULL when there is none. */
static char *
dup_prelim_iov_dir (SlicesSimulator *self,
                    const char      *pf_address)
{
  g_autofree char *drm = g_build_filename (self->root, PCI_ROOT, pf_address, "drm", NULL);
  g_autoptr(GDir) listing = g_dir_open (drm, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (drm, name, "prelim_iov", NULL);

      if (g_str_has_prefix (name, "card") && slices_sim_is_real_dir (path))
        return g_steal_pointer (&path);
    }

  return NULL;
}

gboolean
slices_sim_make_vf (SlicesSimulator  *self,
                    const char       *pf_address,
                    guint             index,
                    GError          **error)
{
  g_autofree char *address = slices_sim_vf_address (pf_address, index);
  g_autofree char *pf_dir = slices_sim_dup_pci_dir (self, pf_address);
  g_autofree char *dir = NULL;
  g_autofree char *virtfn = g_strdup_printf ("virtfn%u", index);
  g_autofree char *to_vf = NULL;
  g_autofree char *to_pf = NULL;
  g_autofree char *bus_link = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *prelim = NULL;
  g_autofree char *device = NULL;
  g_autofree char *vf_device = NULL;
  g_autofree char *class = NULL;
  guint64 device_id = 0;

  if (address == NULL || pf_dir == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   "No room on the bus for VF %u of %s", index, pf_address);
      return FALSE;
    }

  dir = g_build_filename (self->root, PCI_ROOT, address, NULL);
  if (!slices_sim_make_dir (dir, error))
    return FALSE;

  /* The VF's device id is the PF's sriov_vf_device (hex without 0x), its vendor the PF's. */
  vf_device = g_build_filename (pf_dir, "sriov_vf_device", NULL);
  if (g_file_get_contents (vf_device, &device, NULL, NULL))
    g_ascii_string_to_unsigned (g_strstrip (device), 16, 0, 0xffff, &device_id, NULL);
  g_clear_pointer (&device, g_free);
  device = g_strdup_printf ("0x%04x\n", (guint) device_id);
  class = g_build_filename (pf_dir, "class", NULL);
  g_clear_pointer (&vf_device, g_free);
  if (!g_file_get_contents (class, &vf_device, NULL, NULL))
    vf_device = g_strdup ("0x030000\n");

  to_pf = g_build_filename ("..", pf_address, NULL);
  to_vf = g_build_filename ("..", address, NULL);
  if (!write_text (dir, "vendor", "0x8086\n", 0444, error) ||
      !write_text (dir, "device", device, 0444, error) ||
      !write_text (dir, "class", vf_device, 0444, error) ||
      !write_text (dir, "driver_override", "(null)\n", 0644, error) ||
      !write_text (dir, "sriov_vf_msix_count", "", 0200, error) ||
      !write_uevent (dir, NULL, (guint) device_id, address, error) ||
      !link_in (dir, "subsystem", "../../../bus/pci", error) ||
      !link_in (dir, "physfn", to_pf, error) ||
      !make_group (self, address, dir, error) ||
      !link_in (pf_dir, virtfn, to_vf, error))
    return FALSE;

  admin = dup_admin_dir (self, pf_address);
  if (slices_sim_is_real_dir (admin))
    {
      g_autofree char *vf_dir = g_strdup_printf ("%s/vf%u", admin, index + 1);
      g_autofree char *to_device = g_build_filename ("..", "..", address, NULL);

      if (slices_sim_is_real_dir (vf_dir) && !link_in (vf_dir, "device", to_device, error))
        return FALSE;
    }

  prelim = dup_prelim_iov_dir (self, pf_address);
  if (prelim != NULL)
    {
      g_autofree char *vf_dir = g_strdup_printf ("%s/vf%u", prelim, index + 1);
      g_autofree char *id = g_strdup_printf ("%u\n", index + 1);

      if (!slices_sim_make_dir (vf_dir, error) ||
          !write_text (vf_dir, "id", id, 0444, error) ||
          !write_text (vf_dir, "control", "", 0200, error))
        return FALSE;
    }

  /* Last: the bus link makes the VF visible to everyone else (the kernel's "add"). */
  bus_link = g_build_filename (self->root, "bus", "pci", "devices", address, NULL);
  g_clear_pointer (&to_vf, g_free);
  to_vf = g_build_filename ("..", "..", "..", PCI_ROOT, address, NULL);
  return slices_sim_make_link (to_vf, bus_link, error);
}

void
slices_sim_unmake_vf (SlicesSimulator *self,
                      const char      *pf_address,
                      guint            index)
{
  g_autofree char *address = slices_sim_vf_address (pf_address, index);
  g_autofree char *pf_dir = slices_sim_dup_pci_dir (self, pf_address);
  g_autofree char *dir = NULL;
  g_autofree char *bus_link = NULL;
  g_autofree char *virtfn = g_strdup_printf ("virtfn%u", index);
  g_autofree char *admin = NULL;
  g_autofree char *prelim = NULL;

  if (address == NULL || pf_dir == NULL)
    return;
  dir = g_build_filename (self->root, PCI_ROOT, address, NULL);

  /* The kernel's order: unbind whatever holds it, then remove. */
  slices_sim_unbind (self, address);

  bus_link = g_build_filename (self->root, "bus", "pci", "devices", address, NULL);
  g_unlink (bus_link);
  unlink_in (pf_dir, virtfn);

  admin = dup_admin_dir (self, pf_address);
  if (slices_sim_is_real_dir (admin))
    {
      g_autofree char *vf_dir = g_strdup_printf ("%s/vf%u", admin, index + 1);

      unlink_in (vf_dir, "device");
    }
  prelim = dup_prelim_iov_dir (self, pf_address);
  if (prelim != NULL)
    {
      g_autofree char *vf_dir = g_strdup_printf ("%s/vf%u", prelim, index + 1);

      slices_sim_remove_tree (vf_dir);
    }

  remove_group (self, dir);
  slices_sim_remove_tree (dir);
}

/* --- the pretend process holding a VF --- */

static gboolean
parse_holder (const char  *holder,
              char       **comm,
              guint       *pid)
{
  const char *open = strstr (holder, " (pid ");
  guint64 value;

  *pid = 4242;
  if (open != NULL)
    {
      g_autofree char *digits = g_strndup (open + strlen (" (pid "),
                                           strcspn (open + strlen (" (pid "), ")"));

      if (g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT, &value, NULL))
        *pid = (guint) value;
      *comm = g_strndup (holder, open - holder);
    }
  else
    {
      *comm = g_strdup (holder);
    }

  return **comm != '\0' && strchr (*comm, '/') == NULL;
}

gboolean
slices_sim_set_vf_holder (SlicesSimulator  *self,
                          const char       *vf_address,
                          const char       *holder,
                          GError          **error)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, vf_address);
  g_autofree char *group = dir != NULL ? read_link_base (dir, "iommu_group") : NULL;
  g_autofree char *proc = g_build_filename (self->root, PROC_DIR, NULL);
  g_autofree char *node = g_strdup_printf ("/dev/vfio/%s", group != NULL ? group : "");
  g_autoptr(GDir) listing = g_dir_open (proc, 0, NULL);
  g_autofree char *comm = NULL;
  g_autofree char *pid_dir = NULL;
  g_autofree char *fd_dir = NULL;
  g_autofree char *text = NULL;
  const char *name;
  guint pid;

  if (group == NULL)
    {
      g_propagate_error (error, slices_error_new_no_slice (vf_address));
      return FALSE;
    }

  /* Whoever held it before lets go first. */
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *fd = g_build_filename (proc, name, "fd", "3", NULL);
      g_autofree char *target = g_file_read_link (fd, NULL);

      if (g_strcmp0 (target, node) == 0)
        {
          g_autofree char *gone = g_build_filename (proc, name, NULL);

          slices_sim_remove_tree (gone);
        }
    }

  if (holder == NULL)
    return TRUE;

  if (!parse_holder (holder, &comm, &pid))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("“%s” does not name a process."), holder);
      return FALSE;
    }

  pid_dir = g_strdup_printf ("%s/%u", proc, pid);
  fd_dir = g_build_filename (pid_dir, "fd", NULL);
  text = g_strdup_printf ("%s\n", comm);
  return slices_sim_make_dir (fd_dir, error) &&
         write_text (pid_dir, "comm", text, 0444, error) &&
         link_in (fd_dir, "3", node, error);
}

/* --- building a PF --- */

static const char *
driver_name (SlicesSimDriver driver)
{
  return driver == SLICES_SIM_DRIVER_XE ? "xe" : "i915";
}

/* What sriov_totalvfs shows. xe forces 0 when SR-IOV is off: a platform without has_sriov,
 * GuC submission off, or max_vfs 0 (S2). The dkms i915 lowers it to max_vfs the same way (its
 * default 0 means no VFs, S3). The stock i915 leaves the capability's value: it just cannot
 * configure VFs (S1 rule 5). */
static guint
effective_total_vfs (const SlicesSimGpuSpec *spec)
{
  if (spec->driver == SLICES_SIM_DRIVER_I915)
    return spec->total_vfs;
  if (!spec->driver_sriov || !spec->guc || spec->max_vfs == 0)
    return 0;
  return MIN (spec->total_vfs, spec->max_vfs);
}

static gboolean
add_driver (SlicesSimulator  *self,
            const char       *name,
            GError          **error)
{
  g_autofree char *dir = g_build_filename (self->root, "bus", "pci", "drivers", name, NULL);
  g_autofree char *bind = g_build_filename (dir, "bind", NULL);

  if (slices_sim_path_exists_nofollow (bind))
    return TRUE;
  return slices_sim_make_dir (dir, error) &&
         write_text (dir, "bind", "", 0200, error) &&
         write_text (dir, "unbind", "", 0200, error);
}

static gboolean
add_admin_profile (const char  *dir,
                   gboolean     is_pf,
                   gboolean     discrete,
                   GError     **error)
{
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);

  if (!slices_sim_make_dir (profile, error) ||
      !write_text (profile, "exec_quantum_ms", "0\n", 0644, error) ||
      !write_text (profile, "preempt_timeout_us", "0\n", 0644, error))
    return FALSE;

  if (is_pf)
    return write_text (profile, "sched_priority", "[low] normal high\n", 0644, error);

  return write_text (profile, "sched_priority", "[low] normal\n", 0444, error) &&
         (!discrete || write_text (profile, "vram_quota", "0\n", 0644, error)) &&
         write_text (dir, "stop", "", 0200, error);
}

/* xe's sriov_admin (S2), present even with 0 VFs: pf/, vf1/ … vf<T>/ (1-based), .bulk_profile/. */
static gboolean
add_admin (const char              *pf_dir,
           const SlicesSimGpuSpec  *spec,
           guint                    total,
           GError                 **error)
{
  g_autofree char *admin = g_build_filename (pf_dir, "sriov_admin", NULL);
  g_autofree char *pf = g_build_filename (admin, "pf", NULL);
  g_autofree char *bulk = g_build_filename (admin, ".bulk_profile", NULL);

  if (!slices_sim_make_dir (pf, error) || !link_in (pf, "device", "../..", error) ||
      !add_admin_profile (pf, TRUE, spec->discrete, error))
    return FALSE;

  for (guint n = 1; n <= total; n++)
    {
      g_autofree char *vf = g_strdup_printf ("%s/vf%u", admin, n);

      if (!slices_sim_make_dir (vf, error) ||
          !add_admin_profile (vf, FALSE, spec->discrete, error))
        return FALSE;
    }

  return slices_sim_make_dir (bulk, error) &&
         write_text (bulk, "exec_quantum_ms", "", 0200, error) &&
         write_text (bulk, "preempt_timeout_us", "", 0200, error) &&
         write_text (bulk, "sched_priority", "", 0200, error) &&
         (!spec->discrete || write_text (bulk, "vram_quota", "", 0200, error));
}

static gboolean
add_sriov_files (const char              *dir,
                 const SlicesSimGpuSpec  *spec,
                 guint                    total,
                 GError                 **error)
{
  g_autofree char *total_text = g_strdup_printf ("%u\n", total);
  /* Lower-case hex without 0x (S1); the VF's id is taken to be the PF's (unverified, S6). */
  g_autofree char *vf_device = g_strdup_printf ("%x\n", spec->device_id);

  return write_text (dir, "sriov_totalvfs", total_text, 0444, error) &&
         write_text (dir, "sriov_numvfs", "0\n", 0644, error) &&
         write_text (dir, "sriov_offset", "1\n", 0444, error) &&
         write_text (dir, "sriov_stride", "1\n", 0444, error) &&
         write_text (dir, "sriov_vf_device", vf_device, 0444, error) &&
         write_text (dir, "sriov_drivers_autoprobe", "1\n", 0644, error) &&
         write_text (dir, "sriov_vf_total_msix", "0\n", 0444, error);
}

/* The dkms i915's prelim_iov under the PF's card node (S3). File contents beyond the names
 * are not in the FACTS: "mode" reads "PF" here. */
static gboolean
add_prelim_iov (const char  *pf_dir,
                int          card_minor,
                GError     **error)
{
  g_autofree char *card = g_strdup_printf ("card%d", card_minor);
  g_autofree char *dir = g_build_filename (pf_dir, "drm", card, "prelim_iov", NULL);
  g_autofree char *pf = g_build_filename (dir, "pf", NULL);

  return slices_sim_make_dir (pf, error) &&
         write_text (dir, "mode", "PF\n", 0444, error) &&
         write_text (pf, "auto_provisioning", "1\n", 0644, error);
}

static gboolean
add_module_parameters (SlicesSimulator         *self,
                       const SlicesSimGpuSpec  *spec,
                       GError                 **error)
{
  g_autofree char *max_vfs = spec->max_vfs == G_MAXUINT ? g_strdup ("4294967295\n")
                                                         : g_strdup_printf ("%u\n", spec->max_vfs);

  switch (spec->driver)
    {
    case SLICES_SIM_DRIVER_XE:
      return slices_sim_ensure_module_parameter (self, "xe", "max_vfs", max_vfs, error);
    case SLICES_SIM_DRIVER_I915_SRIOV:
      return slices_sim_ensure_module_parameter (self, "i915", "max_vfs", max_vfs, error) &&
             slices_sim_ensure_module_parameter (self, "i915", "enable_guc",
                                                 spec->guc ? "3\n" : "-1\n", error);
    case SLICES_SIM_DRIVER_I915:
      return slices_sim_ensure_module_parameter (self, "i915", "enable_guc", "-1\n", error);
    case SLICES_SIM_DRIVER_I915_GVT:
    default:
      g_assert_not_reached ();
    }
}

gboolean
slices_sim_add_sriov_gpu (SlicesSimulator         *self,
                          const SlicesSimGpuSpec  *spec,
                          GError                 **error)
{
  const char *driver = driver_name (spec->driver);
  guint total = effective_total_vfs (spec);
  g_autofree char *dir = slices_simulator_dup_gpu_dir (self, spec->address);
  g_autofree char *device = g_strdup_printf ("0x%04x\n", spec->device_id);
  g_autofree char *bus_link = NULL;
  g_autofree char *to_device = NULL;
  g_autofree char *probe = g_build_filename (self->root, "bus", "pci", "drivers_probe", NULL);
  g_autoptr(GKeyFile) keyfile = NULL;

  if (!slices_sim_ensure_dirs (self, error, "bus/pci/devices", "kernel/iommu_groups",
                               "module/vfio", "module/vfio_pci", "class/drm", NULL) ||
      !add_driver (self, driver, error) || !add_driver (self, "vfio-pci", error) ||
      !add_module_parameters (self, spec, error))
    return FALSE;
  /* xe-vfio-pci came with sriov_admin (6.19), for Panther Lake, Wildcat Lake and Battlemage. */
  if (spec->driver == SLICES_SIM_DRIVER_XE && spec->sriov_admin &&
      (!add_driver (self, "xe-vfio-pci", error) ||
       !slices_sim_ensure_dirs (self, error, "module/xe_vfio_pci", NULL)))
    return FALSE;
  if (!slices_sim_path_exists_nofollow (probe) && !slices_sim_write_file (probe, "", 0200, error))
    return FALSE;

  if (!slices_sim_make_dir (dir, error) ||
      !write_text (dir, "vendor", "0x8086\n", 0444, error) ||
      !write_text (dir, "device", device, 0444, error) ||
      !write_text (dir, "class", "0x030000\n", 0444, error) ||
      !write_text (dir, "driver_override", "(null)\n", 0644, error) ||
      !link_in (dir, "subsystem", "../../../bus/pci", error) ||
      !make_group (self, spec->address, dir, error) ||
      !slices_sim_bind (self, spec->address, driver, error))
    return FALSE;

  if (spec->render_minor >= 0 &&
      (!slices_sim_add_drm_node (self, spec->address, dir, "renderD", spec->render_minor, error) ||
       (spec->card_minor >= 0 &&
        !slices_sim_add_drm_node (self, spec->address, dir, "card", spec->card_minor, error))))
    return FALSE;

  if (spec->total_vfs > 0 && !add_sriov_files (dir, spec, total, error))
    return FALSE;
  if (spec->driver == SLICES_SIM_DRIVER_XE && spec->sriov_admin && total > 0 &&
      !add_admin (dir, spec, total, error))
    return FALSE;
  if (spec->driver == SLICES_SIM_DRIVER_I915_SRIOV && total > 0 && spec->render_minor >= 0 &&
      spec->card_minor >= 0 && !add_prelim_iov (dir, spec->card_minor, error))
    return FALSE;

  bus_link = g_build_filename (self->root, "bus", "pci", "devices", spec->address, NULL);
  to_device = g_build_filename ("..", "..", "..", PCI_ROOT, spec->address, NULL);
  if (!slices_sim_make_link (to_device, bus_link, error))
    return FALSE;

  keyfile = slices_simulator_load_state (self);
  slices_sim_state_set_gpu (keyfile, spec);
  slices_sim_state_set_sriov (keyfile, spec);
  return slices_simulator_save_state (self, keyfile, error);
}

/* --- the platforms --- */

static void
init_sriov_spec (SlicesSimGpuSpec *spec,
                 const char       *address,
                 guint             device_id,
                 SlicesSimDriver   driver)
{
  slices_sim_gpu_spec_init (spec, address);
  spec->device_id = device_id;
  spec->driver = driver;
  spec->total_vfs = 7;
  spec->driver_sriov = TRUE;
  spec->guc = TRUE;
  spec->max_vfs = driver == SLICES_SIM_DRIVER_XE ? G_MAXUINT : 7;
}

void
slices_sim_gpu_spec_init_ptl (SlicesSimGpuSpec *spec,
                              const char       *address)
{
  g_return_if_fail (spec != NULL);

  /* Panther Lake iGPU (B080) on xe: SR-IOV without force_probe, sriov_admin (S2). */
  init_sriov_spec (spec, address, 0xb080, SLICES_SIM_DRIVER_XE);
  spec->sriov_admin = TRUE;
}

void
slices_sim_gpu_spec_init_adl (SlicesSimGpuSpec *spec,
                              const char       *address)
{
  g_return_if_fail (spec != NULL);

  /* Alder Lake-P (46A6) on i915-sriov-dkms with i915.max_vfs=7 i915.enable_guc=3 (S3). */
  init_sriov_spec (spec, address, 0x46a6, SLICES_SIM_DRIVER_I915_SRIOV);
}

void
slices_sim_gpu_spec_init_bmg (SlicesSimGpuSpec *spec,
                              const char       *address)
{
  g_return_if_fail (spec != NULL);

  /* A Battlemage card (E20B, Arc B580) on xe: SR-IOV without force_probe (S2). Its real
   * TotalVFs is unverified (S6); 7 like the iGPUs. */
  init_sriov_spec (spec, address != NULL ? address : "0000:03:00.0", 0xe20b,
                   SLICES_SIM_DRIVER_XE);
  spec->sriov_admin = TRUE;
  spec->discrete = TRUE;
  spec->render_minor = 128;
  spec->card_minor = 0;
}
