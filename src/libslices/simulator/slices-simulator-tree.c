/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulated tree: the files, folders and relative links of GPUs and slices, laid out as
 * each kernel layout has them (6.1: name files, intel_vgpu_mdev, vfio-dev/vfioN; 5.4 and 4.10:
 * no name file, vfio_mdev), with module parameters, drm nodes, IOMMU groups and the bus and
 * class links. Every file is replaced atomically so that a reader never sees half of one, as
 * with sysfs. Which writes may happen is the kernel's business (slices-simulator-kernel.c).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-ids.h"
#include "slices-simulator-private.h"

/* --- paths and small file helpers --- */

/* A single path component: no separators, not empty, not "." or "..". */
gboolean
slices_sim_is_component (const char *name)
{
  return name != NULL && *name != '\0' && strchr (name, '/') == NULL &&
         strcmp (name, ".") != 0 && strcmp (name, "..") != 0 && strlen (name) < 256;
}

gboolean
slices_sim_path_exists_nofollow (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

gboolean
slices_sim_is_real_dir (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

/* Replaces @path atomically (readers see the old or the new content, as with sysfs) with
 * exactly @mode, whatever the umask. No fsync: a simulated tree needs no durability, and
 * g_file_set_contents() would fsync every available_instances update. */
gboolean
slices_sim_write_file (const char  *path,
                       const char  *contents,
                       int          mode,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, ".simulator-XXXXXX", NULL);
  gsize len = strlen (contents);
  int saved_errno = 0;
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
    }
  else
    {
      gsize done = 0;

      while (saved_errno == 0 && done < len)
        {
          gssize n = write (fd, contents + done, len - done);

          if (n < 0 && errno != EINTR)
            saved_errno = errno;
          else if (n > 0)
            done += n;
        }

      if (saved_errno == 0 && fchmod (fd, mode) != 0)
        saved_errno = errno;
      if (close (fd) != 0 && saved_errno == 0)
        saved_errno = errno;
      if (saved_errno == 0 && g_rename (tmp, path) != 0)
        saved_errno = errno;
      if (saved_errno != 0)
        g_unlink (tmp);
    }

  if (saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
slices_sim_make_dir (const char  *path,
                     GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the folder %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
slices_sim_make_link (const char  *target,
                      const char  *path,
                      GError     **error)
{
  if (symlink (target, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the link %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Deletes @path and everything below it, never following a symlink. */
void
slices_sim_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      /* Without write permission on the folder its entries cannot go. */
      if ((st.st_mode & S_IRWXU) != S_IRWXU)
        g_chmod (path, st.st_mode | S_IRWXU);
      if (dir == NULL)
        dir = g_dir_open (path, 0, NULL);

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          slices_sim_remove_tree (child);
        }

      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

/* --- finding GPUs and slices in the tree --- */

static const char *
layout_mdev_driver (SlicesKernelLayout layout)
{
  return layout == SLICES_KERNEL_6_1 ? "intel_vgpu_mdev" : "vfio_mdev";
}

char *
slices_simulator_dup_gpu_dir (SlicesSimulator *self,
                              const char      *address)
{
  return g_build_filename (self->root, PCI_ROOT, address, NULL);
}

/* The slices on a GPU: real folders (not links) with an mdev_type link. Returns their names. */
GPtrArray *
slices_simulator_list_gpu_slices (SlicesSimulator *self,
                                  const char      *address)
{
  g_autofree char *gpu_dir = slices_simulator_dup_gpu_dir (self, address);
  g_autoptr(GDir) dir = g_dir_open (gpu_dir, 0, NULL);
  g_autoptr(GPtrArray) slices = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (gpu_dir, name, NULL);
      g_autofree char *type_link = g_build_filename (path, "mdev_type", NULL);

      if (slices_sim_is_real_dir (path) && g_file_test (type_link, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (slices, g_strdup (name));
    }

  return g_steal_pointer (&slices);
}

char *
slices_simulator_read_slice_type (SlicesSimulator *self,
                                  const char      *address,
                                  const char      *uuid)
{
  g_autofree char *link = g_build_filename (self->root, PCI_ROOT, address, uuid, "mdev_type",
                                            NULL);
  g_autofree char *target = g_file_read_link (link, NULL);

  return target != NULL ? g_path_get_basename (target) : NULL;
}

/* Finds the GPU of a slice from its bus link (…/devices/pci0000:00/<BDF>/<uuid>). */
char *
slices_simulator_find_slice_gpu (SlicesSimulator *self,
                                 const char      *uuid)
{
  g_autofree char *link = g_build_filename (self->root, "bus", "mdev", "devices", uuid, NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  g_autofree char *parent = NULL;
  g_autofree char *address = NULL;
  g_autofree char *slice_dir = NULL;

  if (target == NULL)
    return NULL;

  parent = g_path_get_dirname (target);
  address = g_path_get_basename (parent);
  if (!slices_sim_is_component (address))
    return NULL;

  slice_dir = g_build_filename (self->root, PCI_ROOT, address, uuid, NULL);
  if (!slices_sim_is_real_dir (slice_dir))
    return NULL;

  return g_steal_pointer (&address);
}

/* --- making and removing slices --- */

static guint
lowest_free_vgpu_id (SlicesSimulator *self,
                     const char      *address)
{
  g_autoptr(GPtrArray) slices = slices_simulator_list_gpu_slices (self, address);
  gboolean used[SLICES_MAX_SLICES_PER_GPU + 1] = { FALSE, };

  for (guint i = 0; i < slices->len; i++)
    {
      g_autofree char *path = g_build_filename (self->root, PCI_ROOT, address,
                                                g_ptr_array_index (slices, i),
                                                "intel_vgpu", "vgpu_id", NULL);
      g_autofree char *text = NULL;
      guint64 id;

      if (g_file_get_contents (path, &text, NULL, NULL) &&
          g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, SLICES_MAX_SLICES_PER_GPU, &id,
                                      NULL))
        used[id] = TRUE;
    }

  for (guint id = 1; id <= SLICES_MAX_SLICES_PER_GPU; id++)
    if (!used[id])
      return id;

  return 0;
}

guint
slices_sim_lowest_free_number (const char *dir,
                               const char *prefix)
{
  for (guint n = 0;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!slices_sim_path_exists_nofollow (path))
        return n;
    }
}

/* The lowest vfio<K> not used by any slice on any GPU of the root. */
static guint
lowest_free_vfio_minor (SlicesSimulator *self)
{
  g_autofree char *bus = g_build_filename (self->root, "bus", "mdev", "devices", NULL);

  for (guint k = 0;; k++)
    {
      g_autoptr(GDir) dir = g_dir_open (bus, 0, NULL);
      g_autofree char *vfio = g_strdup_printf ("vfio%u", k);
      const char *name;
      gboolean used = FALSE;

      while (!used && dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (bus, name, "vfio-dev", vfio, NULL);
          used = g_file_test (path, G_FILE_TEST_IS_DIR);
        }

      if (!used)
        return k;
    }
}

void
slices_simulator_unmake_slice (SlicesSimulator *self,
                               const char      *address,
                               const char      *uuid)
{
  g_autofree char *slice_dir = g_build_filename (self->root, PCI_ROOT, address, uuid, NULL);
  g_autofree char *bus_link = g_build_filename (self->root, "bus", "mdev", "devices", uuid,
                                                NULL);
  g_autofree char *group_link = g_build_filename (slice_dir, "iommu_group", NULL);
  g_autofree char *group_target = g_file_read_link (group_link, NULL);
  g_autofree char *type_id = slices_simulator_read_slice_type (self, address, uuid);

  g_unlink (bus_link);

  if (type_id != NULL && slices_sim_is_component (type_id))
    {
      g_autofree char *type_link = g_build_filename (self->root, PCI_ROOT, address,
                                                     "mdev_supported_types", type_id,
                                                     "devices", uuid, NULL);
      g_unlink (type_link);
    }

  if (group_target != NULL)
    {
      g_autofree char *group = g_path_get_basename (group_target);
      g_autofree char *group_dir = g_build_filename (self->root, "kernel", "iommu_groups",
                                                     group, NULL);

      if (slices_sim_is_component (group))
        slices_sim_remove_tree (group_dir);
    }

  slices_sim_remove_tree (slice_dir);
}

gboolean
slices_simulator_make_slice (SlicesSimulator    *self,
                             const char         *address,
                             const char         *type_id,
                             const char         *uuid,
                             SlicesKernelLayout  layout,
                             GError            **error)
{
  const char *driver = layout_mdev_driver (layout);
  g_autofree char *slice_dir = g_build_filename (self->root, PCI_ROOT, address, uuid, NULL);
  g_autofree char *groups_dir = g_build_filename (self->root, "kernel", "iommu_groups", NULL);
  g_autofree char *drivers_dir = g_build_filename (self->root, "bus", "mdev", "drivers", driver,
                                                   NULL);
  g_autofree char *bus_dir = g_build_filename (self->root, "bus", "mdev", "devices", NULL);
  g_autofree char *type_devices = g_build_filename (self->root, PCI_ROOT, address,
                                                    "mdev_supported_types", type_id, "devices",
                                                    NULL);
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;
  g_autofree char *group_name = NULL;
  g_autofree char *group_dir = NULL;
  guint vgpu_id;

  vgpu_id = lowest_free_vgpu_id (self, address);
  g_assert (vgpu_id != 0);

  if (!slices_sim_make_dir (groups_dir, error) || !slices_sim_make_dir (drivers_dir, error) ||
      !slices_sim_make_dir (bus_dir, error) || !slices_sim_make_dir (type_devices, error))
    return FALSE;

  if (g_mkdir (slice_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the folder %s: %s"), slice_dir, g_strerror (saved_errno));
      return FALSE;
    }

  path = g_build_filename (slice_dir, "mdev_type", NULL);
  target = g_build_filename ("..", "mdev_supported_types", type_id, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "remove", NULL);
  if (!slices_sim_write_file (path, "", 0200, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (slice_dir, "driver", NULL);
  target = g_build_filename ("..", "..", "..", "..", "bus", "mdev", "drivers", driver, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "subsystem", NULL);
  if (!slices_sim_make_link ("../../../../bus/mdev", path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  /* An emulated IOMMU group per slice, even without a hardware IOMMU. */
  group_name = g_strdup_printf ("%u", slices_sim_lowest_free_number (groups_dir, ""));
  group_dir = g_build_filename (groups_dir, group_name, NULL);
  path = g_build_filename (group_dir, "devices", NULL);
  if (!slices_sim_make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (group_dir, "name", NULL);
  if (!slices_sim_write_file (path, "vfio-noiommu\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (group_dir, "devices", uuid, NULL);
  target = g_build_filename ("..", "..", "..", "..", PCI_ROOT, address, uuid, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "iommu_group", NULL);
  target = g_build_filename ("..", "..", "..", "..", "kernel", "iommu_groups", group_name, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "intel_vgpu", NULL);
  if (!slices_sim_make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (slice_dir, "intel_vgpu", "vgpu_id", NULL);
  text = g_strdup_printf ("%u\n", vgpu_id);
  if (!slices_sim_write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (slice_dir, "uevent", NULL);
  text = g_strdup_printf ("DRIVER=%s\nMDEV_TYPE=%s\n", driver, type_id);
  if (!slices_sim_write_file (path, text, 0644, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  if (layout == SLICES_KERNEL_6_1)
    {
      g_autofree char *vfio = g_strdup_printf ("vfio%u", lowest_free_vfio_minor (self));

      path = g_build_filename (slice_dir, "vfio-dev", vfio, NULL);
      if (!slices_sim_make_dir (path, error))
        return FALSE;
      g_clear_pointer (&path, g_free);

      path = g_build_filename (slice_dir, "vfio-dev", vfio, "uevent", NULL);
      if (!slices_sim_write_file (path, "", 0644, error))
        return FALSE;
      g_clear_pointer (&path, g_free);
    }

  path = g_build_filename (type_devices, uuid, NULL);
  target = g_build_filename ("..", "..", "..", uuid, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  /* Last: the bus link is what makes the slice visible to everyone else. */
  path = g_build_filename (bus_dir, uuid, NULL);
  target = g_build_filename ("..", "..", "..", PCI_ROOT, address, uuid, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;

  return TRUE;
}

/* --- building a GPU --- */

static char *
type_description (const SlicesSimTypeSpec *type,
                  const SlicesSimGpuSpec  *spec)
{
  GString *text = g_string_new (NULL);

  /* As intel_vgpu_get_type_description() prints it; 4.10 stopped after the fence line. */
  g_string_append_printf (text, "low_gm_size: %uMB\nhigh_gm_size: %uMB\nfence: %u\n",
                          type->low_gm_mb, type->high_gm_mb, type->fence);
  if (spec->layout != SLICES_KERNEL_4_10)
    g_string_append_printf (text, "resolution: %s\nweight: %u\n", type->resolution,
                            type->weight);
  if (spec->extra_description_line != NULL)
    g_string_append_printf (text, "%s\n", spec->extra_description_line);

  return g_string_free (text, FALSE);
}

static gboolean
add_type (SlicesSimulator          *self,
          const SlicesSimGpuSpec   *spec,
          const char               *gpu_dir,
          const SlicesSimTypeSpec  *type,
          GError                  **error)
{
  /* Broadwell (device ids 0x16xx) has the V4 types, gen 9 the V5 ones. */
  const char *version = (spec->device_id & 0xff00) == 0x1600 ? "V4" : "V5";
  g_autofree char *name = g_strdup_printf ("GVTg_%s_%u", version, type->n);
  g_autofree char *type_id = g_strdup_printf ("i915-%s", name);
  g_autofree char *dir = g_build_filename (gpu_dir, "mdev_supported_types", type_id, NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  path = g_build_filename (dir, "devices", NULL);
  if (!slices_sim_make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  if (spec->layout == SLICES_KERNEL_6_1)
    {
      path = g_build_filename (dir, "name", NULL);
      text = g_strdup_printf ("%s\n", name);
      if (!slices_sim_write_file (path, text, 0444, error))
        return FALSE;
      g_clear_pointer (&path, g_free);
      g_clear_pointer (&text, g_free);
    }

  path = g_build_filename (dir, "description", NULL);
  text = type_description (type, spec);
  if (!slices_sim_write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (dir, "device_api", NULL);
  if (!slices_sim_write_file (path, "vfio-pci\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  /* Filled in by slices_simulator_update_availability () once every type exists. */
  path = g_build_filename (dir, "available_instances", NULL);
  if (!slices_sim_write_file (path, "0\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (dir, "create", NULL);
  return slices_sim_write_file (path, "", 0200, error);
}

gboolean
slices_sim_add_drm_node (SlicesSimulator  *self,
                         const char       *address,
                         const char       *gpu_dir,
                         const char       *kind,
                         int               minor,
                         GError          **error)
{
  g_autofree char *node = g_strdup_printf ("%s%d", kind, minor);
  g_autofree char *dir = g_build_filename (gpu_dir, "drm", node, NULL);
  g_autofree char *class_dir = g_build_filename (self->root, "class", "drm", NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;

  if (!slices_sim_make_dir (dir, error) || !slices_sim_make_dir (class_dir, error))
    return FALSE;

  path = g_build_filename (dir, "uevent", NULL);
  text = g_strdup_printf ("MAJOR=226\nMINOR=%d\nDEVNAME=dri/%s\nDEVTYPE=drm_minor\n", minor,
                          node);
  if (!slices_sim_write_file (path, text, 0644, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (dir, "dev", NULL);
  text = g_strdup_printf ("226:%d\n", minor);
  if (!slices_sim_write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (class_dir, node, NULL);
  target = g_build_filename ("..", "..", PCI_ROOT, address, "drm", node, NULL);
  return slices_sim_make_link (target, path, error);
}

gboolean
slices_sim_ensure_module_parameter (SlicesSimulator  *self,
                                    const char       *module,
                                    const char       *parameter,
                                    const char       *value,
                                    GError          **error)
{
  g_autofree char *dir = g_build_filename (self->root, "module", module, "parameters", NULL);
  g_autofree char *path = g_build_filename (dir, parameter, NULL);

  if (slices_sim_path_exists_nofollow (path))
    return TRUE;

  return slices_sim_make_dir (dir, error) && slices_sim_write_file (path, value, 0400, error);
}

gboolean
slices_sim_ensure_dirs (SlicesSimulator  *self,
                        GError          **error,
                        ...)
{
  va_list args;
  const char *relative;
  gboolean ok = TRUE;

  va_start (args, error);
  while (ok && (relative = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->root, relative, NULL);
      ok = slices_sim_make_dir (path, error);
    }
  va_end (args);

  return ok;
}

/* --- public API --- */

void
slices_sim_gpu_spec_init (SlicesSimGpuSpec *spec,
                          const char       *address)
{
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->address = address != NULL ? address : "0000:00:02.0";
  spec->device_id = 0x5916;
  spec->aperture_mb = 1024;
  spec->ggtt_mb = 4096;
  spec->fences = 32;
  spec->render_minor = 128;
  spec->card_minor = 1;
  spec->layout = SLICES_KERNEL_6_1;
  spec->extra_description_line = NULL;
}

void
slices_sim_gpu_spec_init_adl_stock (SlicesSimGpuSpec *spec,
                                    const char       *address)
{
  g_return_if_fail (spec != NULL);

  /* The same Alder Lake-P on the kernel's own i915 (S1 rule 5, S3): no max_vfs parameter and
   * no SR-IOV configuration, GuC at its default. The PCI core still shows the capability's
   * sriov_totalvfs (7); any write of sriov_numvfs fails with ENOENT. */
  slices_sim_gpu_spec_init_adl (spec, address);
  spec->driver = SLICES_SIM_DRIVER_I915;
  spec->driver_sriov = FALSE;
  spec->guc = FALSE;
  spec->max_vfs = 0;
}

gboolean
slices_simulator_add_gpu (SlicesSimulator         *self,
                          const SlicesSimGpuSpec  *spec,
                          GError                 **error)
{
  g_autofree char *gpu_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  guint n_types;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->unsafe)
    return slices_sim_check_root_is_safe (self->root, error);

  if (spec->address == NULL || !slices_pci_address_is_valid (spec->address))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address like 0000:00:02.0."),
                   spec->address != NULL ? spec->address : "");
      return FALSE;
    }

  gpu_dir = slices_simulator_dup_gpu_dir (self, spec->address);
  if (slices_sim_path_exists_nofollow (gpu_dir))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The simulated tree already has a device at %s."), spec->address);
      return FALSE;
    }

  /* xe, i915-sriov-dkms and the stock i915 of a Gen12+ GPU: no mdev, SR-IOV files instead. */
  if (spec->driver != SLICES_SIM_DRIVER_I915_GVT)
    return slices_sim_add_sriov_gpu (self, spec, error);

  if (!slices_sim_ensure_dirs (self, error,
                               "bus/pci/devices", "bus/pci/drivers/i915", "bus/mdev/devices",
                               "class/mdev_bus", "kernel/iommu_groups", "module/kvmgt",
                               "module/vfio", "module/mdev", NULL))
    return FALSE;
  if (spec->layout != SLICES_KERNEL_6_1 &&
      !slices_sim_ensure_dirs (self, error, "module/vfio_mdev", NULL))
    return FALSE;

  path = g_build_filename (self->root, "bus", "mdev", "drivers", layout_mdev_driver (spec->layout),
                           NULL);
  if (!slices_sim_make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  if (!slices_sim_ensure_module_parameter (self, "i915", "enable_gvt", "Y\n", error) ||
      !slices_sim_ensure_module_parameter (self, "i915", "enable_guc", "-1\n", error))
    return FALSE;

  if (!slices_sim_make_dir (gpu_dir, error))
    return FALSE;

  path = g_build_filename (gpu_dir, "vendor", NULL);
  if (!slices_sim_write_file (path, "0x8086\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (gpu_dir, "device", NULL);
  text = g_strdup_printf ("0x%04x\n", spec->device_id);
  if (!slices_sim_write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (gpu_dir, "class", NULL);
  if (!slices_sim_write_file (path, "0x030000\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (gpu_dir, "uevent", NULL);
  text = g_strdup_printf ("DRIVER=i915\nPCI_CLASS=30000\nPCI_ID=8086:%04X\nPCI_SLOT_NAME=%s\n",
                          spec->device_id, spec->address);
  if (!slices_sim_write_file (path, text, 0644, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (gpu_dir, "driver", NULL);
  if (!slices_sim_make_link ("../../../bus/pci/drivers/i915", path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (gpu_dir, "subsystem", NULL);
  if (!slices_sim_make_link ("../../../bus/pci", path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  /* Which types exist depends on the aperture the firmware gives the GPU. */
  n_types = spec->aperture_mb >= 1024 ? 4 : spec->aperture_mb >= 512 ? 3 : 2;
  for (guint i = 0; i < n_types; i++)
    if (!add_type (self, spec, gpu_dir, &slices_sim_type_specs[i], error))
      return FALSE;

  if (spec->render_minor >= 0)
    {
      if (!slices_sim_add_drm_node (self, spec->address, gpu_dir, "renderD", spec->render_minor, error))
        return FALSE;
      if (spec->card_minor >= 0 &&
          !slices_sim_add_drm_node (self, spec->address, gpu_dir, "card", spec->card_minor, error))
        return FALSE;
    }

  path = g_build_filename (self->root, "bus", "pci", "devices", spec->address, NULL);
  target = g_build_filename ("..", "..", "..", PCI_ROOT, spec->address, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (self->root, "class", "mdev_bus", spec->address, NULL);
  target = g_build_filename ("..", "..", PCI_ROOT, spec->address, NULL);
  if (!slices_sim_make_link (target, path, error))
    return FALSE;

  keyfile = slices_simulator_load_state (self);
  slices_sim_state_set_gpu (keyfile, spec);
  if (!slices_simulator_save_state (self, keyfile, error))
    return FALSE;

  slices_simulator_update_availability (self, keyfile, spec->address);

  return TRUE;
}

