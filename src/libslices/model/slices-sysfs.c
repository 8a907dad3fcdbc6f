/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery: the one code path that reads GPUs, slice types and slices from a sysfs root (the
 * real /sys, a simulated tree, or a umockdev testbed). Plain reads, no udev. SR-IOV PFs and
 * their VFs are read by slices-sysfs-sriov.c with the same readers.
 *
 * Everything under the root is treated as untrusted input: files may be missing, unreadable,
 * hold garbage or be huge (at most SYSFS_READ_MAX bytes are read), links may dangle or loop.
 * A malformed part is skipped or left unknown; discovery never fails because of it. Only a
 * root without bus/pci/devices is an error.
 *
 * Reads go through directory file descriptors (openat, readlinkat, fstatat relative to the
 * device, type and slice folders): a refresh makes about a thousand small reads, and walking
 * each full path again through the bus/pci/devices symlink was most of its cost. It also
 * keeps each device's reads inside the one folder that was opened.
 */
/* O_PATH */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "slices-error.h"
#include "slices-ids.h"
#include "slices-gpu.h"
#include "slices-platform.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-sriov.h"
#include "slices-sysfs.h"
#include "slices-sysfs-private.h"

/* sysfs attributes fit in a page; a description is a few lines. Anything longer is not what
 * we are looking for, and reading it all would only let a bad tree stall the UI. */
#define SYSFS_READ_MAX (64 * 1024)

#define PCI_CLASS_DISPLAY 0x03

void
slices_sysfs_close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

void
slices_sysfs_close_dir (DIR *dir)
{
  if (dir != NULL)
    closedir (dir);
}

/* Reads at most SYSFS_READ_MAX bytes of @name relative to @dirfd (or a path with AT_FDCWD).
 * O_NONBLOCK: a FIFO planted in a tree reads as empty instead of blocking; a folder fails with
 * EISDIR. A sysfs attribute costs exactly open, one read, close. */
static char *
read_file_at (int          dir_fd,
              const char  *name,
              GError     **error)
{
  char stack_buffer[4096];
  g_autofree char *heap_buffer = NULL;
  char *buffer = stack_buffer;
  gsize capacity = sizeof stack_buffer - 1;
  gsize length = 0;
  autofd int fd = -1;

  fd = openat (dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s"), name, g_strerror (saved_errno));
      return NULL;
    }

  for (;;)
    {
      gssize n = read (fd, buffer + length, capacity - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot read %s: %s"), name, g_strerror (saved_errno));
          return NULL;
        }
      length += n;
      /* A short read is the end of a regular or sysfs file: skip the extra read for EOF. */
      if (n == 0 || length < capacity || capacity >= SYSFS_READ_MAX)
        break;

      /* Long text (a description with many lines): move to the heap, up to the cap. */
      capacity = MIN (capacity * 4, SYSFS_READ_MAX);
      if (heap_buffer == NULL)
        {
          heap_buffer = g_malloc (capacity + 1);
          memcpy (heap_buffer, stack_buffer, length);
        }
      else
        {
          heap_buffer = g_realloc (heap_buffer, capacity + 1);
        }
      buffer = heap_buffer;
    }

  buffer[length] = '\0';
  /* A NUL inside the text ends it: sysfs text attributes have none. */
  if (heap_buffer != NULL)
    return g_steal_pointer (&heap_buffer);
  return g_strndup (buffer, length);
}

char *
slices_sysfs_read_line_at (int          dir_fd,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *text = read_file_at (dir_fd, name, error);
  char *newline;

  if (text == NULL)
    return NULL;

  newline = strchr (text, '\n');
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (text);

  /* Shown to people: never invalid UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  return g_steal_pointer (&text);
}

char *
slices_sysfs_read_line (const char  *path,
                        GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return slices_sysfs_read_line_at (AT_FDCWD, path, error);
}


/* "0x8086" (or "8086") → 0x8086; FALSE on anything else. */
static gboolean
read_hex_at (int         dir_fd,
             const char *name,
             guint64     max,
             guint      *out)
{
  g_autofree char *line = slices_sysfs_read_line_at (dir_fd, name, NULL);
  const char *digits;
  guint64 value;

  if (line == NULL)
    return FALSE;
  digits = line;
  if (g_str_has_prefix (digits, "0x") || g_str_has_prefix (digits, "0X"))
    digits += 2;
  if (!g_ascii_string_to_unsigned (digits, 16, 0, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* -1 when the file is missing, unreadable or not a plain non-negative number. */
int
slices_sysfs_read_count_at (int         dir_fd,
                            const char *name)
{
  g_autofree char *line = slices_sysfs_read_line_at (dir_fd, name, NULL);
  guint64 value;

  if (line == NULL || !g_ascii_string_to_unsigned (line, 10, 0, G_MAXINT, &value, NULL))
    return -1;
  return (int) value;
}

/* Sysfs names are printable ASCII without spaces; anything else (invalid UTF-8, control
 * characters) would reach labels and messages, so it is not a device, type or slice. */
static gboolean
is_plain_name (const char *name)
{
  for (const char *c = name; *c != '\0'; c++)
    if ((guchar) *c <= 0x20 || (guchar) *c >= 0x7f)
      return FALSE;
  return TRUE;
}

/* The last component of a symlink's target ("i915" for .../drivers/i915); NULL when it is not
 * a link or its target ends oddly, and with @must_resolve also when it dangles or loops.
 * (A slice's own links are read without that check: there are many of them, and the link text
 * alone names the type, driver or group.) */
char *
slices_sysfs_read_link_basename_at (int         dir_fd,
                                    const char *name,
                                    gboolean    must_resolve)
{
  char target[PATH_MAX];
  const char *base;
  gssize n;
  struct stat st;

  n = readlinkat (dir_fd, name, target, sizeof target);
  if (n <= 0 || (gsize) n >= sizeof target)
    return NULL;
  target[n] = '\0';
  if (must_resolve && fstatat (dir_fd, name, &st, 0) != 0)
    return NULL;

  /* Trailing slashes do not name anything. */
  while (n > 1 && target[n - 1] == '/')
    target[--n] = '\0';
  base = strrchr (target, '/');
  base = base != NULL ? base + 1 : target;
  if (base[0] == '\0' || g_str_equal (base, ".") || g_str_equal (base, "..") ||
      !is_plain_name (base))
    return NULL;

  return g_strdup (base);
}

/* A folder (following links) as a descriptor for *at() calls; -1 when it is not one. */
int
slices_sysfs_open_dir_path_at (int         dir_fd,
                               const char *name)
{
  return openat (dir_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* A folder to list; NULL when it is not one or cannot be read. */
DIR *
slices_sysfs_open_dir_at (int         dir_fd,
                          const char *name)
{
  int fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  DIR *dir;

  if (fd < 0)
    return NULL;
  dir = fdopendir (fd);
  if (dir == NULL)
    close (fd);
  return dir;
}

/* readdir() without ".", "..", hidden entries or absurd names. */
const char *
slices_sysfs_next_name (DIR *dir)
{
  struct dirent *entry;

  while ((entry = readdir (dir)) != NULL)
    {
      if (entry->d_name[0] != '.' && is_plain_name (entry->d_name))
        return entry->d_name;
    }

  return NULL;
}

typedef struct {
  guint  number;
  char  *path;
} RenderNode;

static int
compare_render_nodes (gconstpointer a,
                      gconstpointer b)
{
  const RenderNode *na = a;
  const RenderNode *nb = b;

  if (na->number != nb->number)
    return na->number < nb->number ? -1 : 1;
  return g_strcmp0 (na->path, nb->path);
}

static void
render_node_clear (gpointer data)
{
  RenderNode *node = data;

  g_free (node->path);
}

/* DEVNAME from a drm node's uevent, when it names a node right under /dev/dri. */
static char *
render_node_path_from_uevent (int         drm_fd,
                              const char *node)
{
  g_autofree char *uevent_name = g_strconcat (node, "/uevent", NULL);
  g_autofree char *uevent = read_file_at (drm_fd, uevent_name, NULL);
  g_auto(GStrv) lines = NULL;

  if (uevent == NULL)
    return NULL;

  lines = g_strsplit (uevent, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *devname;

      if (!g_str_has_prefix (lines[i], "DEVNAME="))
        continue;
      devname = g_strstrip (lines[i] + strlen ("DEVNAME="));
      if (g_str_has_prefix (devname, "dri/") && devname[strlen ("dri/")] != '\0'
          && strchr (devname + strlen ("dri/"), '/') == NULL && strstr (devname, "..") == NULL)
        return g_strconcat ("/dev/", devname, NULL);
    }

  return NULL;
}

/* "/dev/dri/renderD<N>" for each drm/renderD<N>, from DEVNAME in its uevent when that looks
 * right, sorted by N. Numbers are never assumed: simpledrm and second GPUs shift them. */
GStrv
slices_sysfs_read_render_nodes (int device_fd)
{
  g_autoptr(DIR) dir = slices_sysfs_open_dir_at (device_fd, "drm");
  g_autoptr(GArray) nodes = g_array_new (FALSE, TRUE, sizeof (RenderNode));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;

  g_array_set_clear_func (nodes, render_node_clear);

  while (dir != NULL && (name = slices_sysfs_next_name (dir)) != NULL)
    {
      RenderNode node = { 0, NULL };
      guint64 number;

      if (!g_str_has_prefix (name, "renderD")
          || !g_ascii_string_to_unsigned (name + strlen ("renderD"), 10, 0, G_MAXUINT32,
                                          &number, NULL))
        continue;
      node.number = (guint) number;
      node.path = render_node_path_from_uevent (dirfd (dir), name);
      if (node.path == NULL)
        node.path = g_strconcat ("/dev/dri/", name, NULL);

      g_array_append_val (nodes, node);
    }

  g_array_sort (nodes, compare_render_nodes);
  for (guint i = 0; i < nodes->len; i++)
    g_strv_builder_add (builder, g_array_index (nodes, RenderNode, i).path);

  return g_strv_builder_end (builder);
}

static SlicesSliceType *
read_type (const char *address,
           int         type_fd,
           const char *type_id)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *device_api = NULL;
  g_autoptr(SlicesSliceType) type = slices_slice_type_new (address, type_id);

  name = slices_sysfs_read_line_at (type_fd, "name", NULL);
  slices_slice_type_set_name (type, name); /* NULL or empty: derived from the id */

  description = read_file_at (type_fd, "description", NULL);
  if (description != NULL && !g_utf8_validate (description, -1, NULL))
    {
      char *valid = g_utf8_make_valid (description, -1);

      g_free (description);
      description = valid;
    }
  if (description != NULL)
    slices_slice_type_set_description (type, description);

  slices_slice_type_set_available (type, slices_sysfs_read_count_at (type_fd, "available_instances"));

  device_api = slices_sysfs_read_line_at (type_fd, "device_api", NULL);
  if (device_api != NULL && device_api[0] != '\0')
    slices_slice_type_set_device_api (type, device_api);

  return g_steal_pointer (&type);
}

/* A slice folder: its mdev_type link decides the type (@fallback_type when the link is
 * missing), the driver and IOMMU group come from their links. */
static SlicesSlice *
read_slice (int         slice_fd,
            const char *uuid,
            const char *address,
            const char *fallback_type)
{
  g_autofree char *type_id = NULL;
  g_autofree char *driver = NULL;
  g_autofree char *group = NULL;
  g_autoptr(SlicesSlice) slice = NULL;
  guint64 group_number;

  type_id = slices_sysfs_read_link_basename_at (slice_fd, "mdev_type", FALSE);
  if (type_id == NULL)
    type_id = g_strdup (fallback_type);
  if (type_id == NULL)
    return NULL;

  slice = slices_slice_new (uuid, address, type_id);

  driver = slices_sysfs_read_link_basename_at (slice_fd, "driver", FALSE);
  slices_slice_set_driver (slice, driver);

  group = slices_sysfs_read_link_basename_at (slice_fd, "iommu_group", FALSE);
  if (group != NULL && g_ascii_string_to_unsigned (group, 10, 0, G_MAXINT, &group_number, NULL))
    slices_slice_set_iommu_group (slice, (int) group_number);

  return g_steal_pointer (&slice);
}

static void
read_type_slices (SlicesGpu  *gpu,
                  int         type_fd,
                  const char *type_id,
                  GHashTable *seen_uuids)
{
  g_autoptr(DIR) devices = slices_sysfs_open_dir_at (type_fd, "devices");
  const char *entry;

  while (devices != NULL && (entry = slices_sysfs_next_name (devices)) != NULL)
    {
      g_autoptr(SlicesSlice) slice = NULL;
      autofd int slice_fd = -1;
      char uuid[37];

      if (!slices_uuid_normalize (entry, uuid) || g_hash_table_contains (seen_uuids, uuid))
        continue;
      /* Fails for a dangling link: the slice went away while we read. */
      slice_fd = slices_sysfs_open_dir_path_at (dirfd (devices), entry);
      if (slice_fd < 0)
        continue;
      slice = read_slice (slice_fd, uuid, slices_gpu_get_address (gpu), type_id);
      if (slice == NULL)
        continue;
      g_hash_table_add (seen_uuids, g_strdup (uuid));
      slices_gpu_add_slice (gpu, slice);
    }
}

static void
read_types_and_slices (SlicesGpu  *gpu,
                       DIR        *types,
                       GHashTable *seen_uuids)
{
  const char *type_id;

  while ((type_id = slices_sysfs_next_name (types)) != NULL)
    {
      g_autoptr(SlicesSliceType) type = NULL;
      autofd int type_fd = slices_sysfs_open_dir_path_at (dirfd (types), type_id);

      if (type_fd < 0)
        continue;
      type = read_type (slices_gpu_get_address (gpu), type_fd, type_id);
      slices_gpu_add_type (gpu, type);
      read_type_slices (gpu, type_fd, type_id, seen_uuids);
    }
}

/* Slices listed under ROOT/bus/mdev/devices that no type folder listed: the GPU is the device
 * that holds the type their mdev_type link points into. Rare (the kernel links every slice
 * from its type folder too), so plain paths and realpath() are fine here. */
static void
read_bus_mdev_slices (const char *root,
                      GHashTable *gpus_by_address,
                      GHashTable *seen_uuids)
{
  g_autofree char *bus_path = g_build_filename (root, "bus", "mdev", "devices", NULL);
  g_autoptr(DIR) dir = opendir (bus_path);
  const char *entry;

  while (dir != NULL && (entry = slices_sysfs_next_name (dir)) != NULL)
    {
      g_autofree char *type_link = NULL;
      g_autofree char *type_target = NULL;
      g_autofree char *types_dir = NULL;
      g_autofree char *types_name = NULL;
      g_autofree char *device_dir = NULL;
      g_autofree char *address = NULL;
      g_autoptr(SlicesSlice) slice = NULL;
      autofd int slice_fd = -1;
      SlicesGpu *gpu;
      char uuid[37];

      if (!slices_uuid_normalize (entry, uuid) || g_hash_table_contains (seen_uuids, uuid))
        continue;

      type_link = g_build_filename (bus_path, entry, "mdev_type", NULL);
      type_target = realpath (type_link, NULL);
      if (type_target == NULL)
        continue;

      /* …/<address>/mdev_supported_types/<type-id> */
      types_dir = g_path_get_dirname (type_target);
      types_name = g_path_get_basename (types_dir);
      if (!g_str_equal (types_name, "mdev_supported_types"))
        continue;
      device_dir = g_path_get_dirname (types_dir);
      address = g_path_get_basename (device_dir);

      gpu = g_hash_table_lookup (gpus_by_address, address);
      if (gpu == NULL)
        continue;

      slice_fd = slices_sysfs_open_dir_path_at (dirfd (dir), entry);
      if (slice_fd < 0)
        continue;
      slice = read_slice (slice_fd, uuid, address, NULL);
      if (slice == NULL)
        continue;
      g_hash_table_add (seen_uuids, g_strdup (uuid));
      slices_gpu_add_slice (gpu, slice);
    }
}

/* One entry of bus/pci/devices: a SlicesGpu when it offers slice types or is an Intel display
 * device, else NULL. */
static SlicesGpu *
read_device (const char *root,
             int         devices_fd,
             const char *name,
             gboolean    lookup_names,
             GHashTable *seen_uuids)
{
  autofd int device_fd = slices_sysfs_open_dir_path_at (devices_fd, name);
  g_autoptr(DIR) types = NULL;
  g_autoptr(SlicesGpu) gpu = NULL;
  g_autofree char *driver = NULL;
  g_auto(GStrv) render_nodes = NULL;
  guint vendor_id = 0, device_id = 0, pci_class = 0;

  if (device_fd < 0)
    return NULL;

  types = slices_sysfs_open_dir_at (device_fd, "mdev_supported_types");
  read_hex_at (device_fd, "vendor", 0xffff, &vendor_id);
  read_hex_at (device_fd, "class", 0xffffff, &pci_class);

  if (types == NULL
      && !(vendor_id == SLICES_PCI_VENDOR_INTEL && (pci_class >> 16) == PCI_CLASS_DISPLAY))
    return NULL;
  /* An SR-IOV VF is a slice of its PF (read there), not a GPU of its own. */
  if (types == NULL && faccessat (device_fd, "physfn", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    return NULL;

  read_hex_at (device_fd, "device", 0xffff, &device_id);

  gpu = slices_gpu_new (name);
  slices_gpu_set_ids (gpu, vendor_id, device_id, pci_class);
  slices_gpu_set_has_types (gpu, types != NULL);

  driver = slices_sysfs_read_link_basename_at (device_fd, "driver", TRUE);
  slices_gpu_set_driver (gpu, driver);

  render_nodes = slices_sysfs_read_render_nodes (device_fd);
  slices_gpu_set_render_nodes (gpu, (const char * const *) render_nodes);

  if (lookup_names && vendor_id != 0)
    {
      g_autofree char *product = slices_platform_product_name (vendor_id, device_id);

      slices_gpu_set_product_name (gpu, product);
    }

  if (types != NULL)
    read_types_and_slices (gpu, types, seen_uuids);
  else if (vendor_id == SLICES_PCI_VENDOR_INTEL)
    {
      g_autoptr(SlicesSriov) sriov = slices_sysfs_read_sriov (root, device_fd, driver);

      slices_gpu_set_sriov (gpu, sriov);
    }

  return g_steal_pointer (&gpu);
}

static int
compare_gpus (gconstpointer a,
              gconstpointer b)
{
  SlicesGpu *ga = *(SlicesGpu **) a;
  SlicesGpu *gb = *(SlicesGpu **) b;

  return g_strcmp0 (slices_gpu_get_address (ga), slices_gpu_get_address (gb));
}

GPtrArray *
slices_sysfs_discover (const char  *root,
                       gboolean     lookup_names,
                       GError     **error)
{
  g_autofree char *devices_path = NULL;
  g_autoptr(DIR) dir = NULL;
  g_autoptr(GPtrArray) gpus = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) gpus_by_address = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL)
    root = SLICES_DEFAULT_SYSFS_ROOT;

  devices_path = g_build_filename (root, "bus", "pci", "devices", NULL);
  /* opendir() on the path (not openat): umockdev redirects /sys for path-based calls. */
  dir = opendir (devices_path);
  if (dir == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, SLICES_ERROR, SLICES_ERROR_BAD_TREE,
                   _("Cannot list the PCI devices in %s: %s. Check that %s is a sysfs tree "
                     "(such as /sys)."),
                   devices_path, g_strerror (saved_errno), root);
      return NULL;
    }

  while ((name = slices_sysfs_next_name (dir)) != NULL)
    {
      SlicesGpu *gpu = read_device (root, dirfd (dir), name, lookup_names, seen_uuids);

      if (gpu == NULL)
        continue;
      g_hash_table_insert (gpus_by_address, (gpointer) slices_gpu_get_address (gpu), gpu);
      g_ptr_array_add (gpus, gpu);
    }

  read_bus_mdev_slices (root, gpus_by_address, seen_uuids);

  g_ptr_array_sort (gpus, compare_gpus);

  return g_steal_pointer (&gpus);
}
