/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel simulator: owns simulated sysfs trees of GVT-g GPUs (a real folder with real,
 * relative symlinks laid out like /sys), the kernel's rules for writes to `create` and `remove`
 * (../shared/FACTS.md §1), and the SlicesBackend implementation that demo mode and
 * `slicectl --simulate` use. Hidden state that sysfs does not show (aperture, GGTT size, fence
 * count, kernel layout, which slices a pretend VM holds, which slices a pretend mdevctl keeps)
 * lives in ROOT/.gpu-slices-simulator.ini
 * and is read again on every write, so that several processes on one root agree.
 *
 * Safety: a simulator never writes into the real system. A root that is "/" or resolves into
 * /sys, /proc or /dev is refused: every write then fails and nothing is made or deleted.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-ids.h"
#include "slices-simulator.h"

#define STATE_FILE_NAME  ".gpu-slices-simulator.ini"
#define IN_USE_GROUP     "in-use"
/* The simulated mdevctl store: <uuid>=<parent>;<type>;<start>; */
#define MDEVCTL_GROUP    "mdevctl"
#define PCI_ROOT         "devices/pci0000:00"

/* What the host keeps for itself before any slice gets some (i915 GVT-g's reserve). */
#define HOST_LOW_GM_MB   128
#define HOST_HIGH_GM_MB  384
#define HOST_FENCES      4

struct _SlicesSimulator
{
  GObject parent_instance;

  char    *root;       /* absolute */
  gboolean delete_root; /* demo: the folder is ours, delete it at finalize */
  gboolean unsafe;     /* root is the real system: refuse every write */
};

/* The kernel's fixed table of GVT-g types (weight = 16 / n). */
typedef struct {
  guint       n;
  guint       low_gm_mb;
  guint       high_gm_mb;
  guint       fence;
  guint       weight;
  const char *resolution;
} TypeSpec;

/* What a GPU's existing slices hold. */
typedef struct {
  guint count;
  guint low_gm_mb;
  guint high_gm_mb;
  guint fences;
} Usage;

/* The hidden facts about one GPU. */
typedef struct {
  guint              aperture_mb;
  guint              ggtt_mb;
  guint              fences;
  SlicesKernelLayout layout;
} GpuState;

typedef struct {
  char *gpu_address;
  char *type_id;
  char *uuid;
} WriteData;

static void slices_simulator_backend_init (SlicesBackendInterface *iface);
static void slices_simulator_persist_async (SlicesBackend *backend, const char *uuid,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlicesSimulator, slices_simulator, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SLICES_TYPE_BACKEND,
                                                      slices_simulator_backend_init)
                               G_IMPLEMENT_INTERFACE (SLICES_TYPE_NOTIFIER, NULL))

enum {
  PROP_0,
  PROP_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static const TypeSpec type_specs[] = {
  { 8, 64, 384, 4, 2, "1024x768" },
  { 4, 128, 512, 4, 4, "1920x1200" },
  { 2, 256, 1024, 4, 8, "1920x1200" },
  { 1, 512, 2048, 4, 16, "1920x1200" },
};

static const char * const forbidden_prefixes[] = { "/sys", "/proc", "/dev" };

static void
write_data_free (WriteData *data)
{
  g_free (data->gpu_address);
  g_free (data->type_id);
  g_free (data->uuid);
  g_free (data);
}

/* --- paths and small file helpers --- */

static gboolean
path_is_forbidden (const char *path)
{
  if (g_strcmp0 (path, "/") == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (forbidden_prefixes); i++)
    {
      const char *prefix = forbidden_prefixes[i];
      gsize len = strlen (prefix);

      if (strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/'))
        return TRUE;
    }

  return FALSE;
}

/* Resolves symlinks in the longest existing part of @path (the rest may not exist yet). */
static char *
resolve_path (const char *path)
{
  g_autofree char *existing = g_strdup (path);
  g_autofree char *rest = NULL;

  for (;;)
    {
      g_autofree char *real = realpath (existing, NULL);
      g_autofree char *parent = NULL;
      g_autofree char *base = NULL;
      char *joined;

      if (real != NULL)
        return rest != NULL ? g_build_filename (real, rest, NULL) : g_steal_pointer (&real);

      parent = g_path_get_dirname (existing);
      if (g_strcmp0 (parent, existing) == 0)
        return g_strdup (path);

      base = g_path_get_basename (existing);
      joined = rest != NULL ? g_build_filename (base, rest, NULL) : g_strdup (base);
      g_free (rest);
      rest = joined;
      g_free (existing);
      existing = g_steal_pointer (&parent);
    }
}

static gboolean
check_root_is_safe (const char  *root,
                    GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (root, NULL);
  g_autofree char *resolved = resolve_path (absolute);

  if (path_is_forbidden (absolute) || path_is_forbidden (resolved))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("The simulator will not work in “%s”: it is part of the real system. "
                     "Give it a folder of its own."), root);
      return FALSE;
    }

  return TRUE;
}

/* A single path component: no separators, not empty, not "." or "..". */
static gboolean
is_component (const char *name)
{
  return name != NULL && *name != '\0' && strchr (name, '/') == NULL &&
         strcmp (name, ".") != 0 && strcmp (name, "..") != 0 && strlen (name) < 256;
}

static gboolean
path_exists_nofollow (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

static gboolean
is_real_dir (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

/* Replaces @path atomically (readers see the old or the new content, as with sysfs) with
 * exactly @mode, whatever the umask. No fsync: a simulated tree needs no durability, and
 * g_file_set_contents() would fsync every available_instances update. */
static gboolean
write_file (const char  *path,
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

static gboolean
make_dir (const char  *path,
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

static gboolean
make_link (const char  *target,
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
static void
remove_tree (const char *path)
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
          remove_tree (child);
        }

      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static char *
state_path (SlicesSimulator *self)
{
  return g_build_filename (self->root, STATE_FILE_NAME, NULL);
}

static GKeyFile *
load_state (SlicesSimulator *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = state_path (self);

  /* A missing or broken state file means defaults, as for a tree made by another tool. */
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, NULL);

  return g_steal_pointer (&keyfile);
}

static gboolean
save_state (SlicesSimulator  *self,
            GKeyFile         *keyfile,
            GError          **error)
{
  g_autofree char *path = state_path (self);
  g_autofree char *data = g_key_file_to_data (keyfile, NULL, NULL);

  return write_file (path, data, 0644, error);
}

static const char *
layout_to_string (SlicesKernelLayout layout)
{
  switch (layout)
    {
    case SLICES_KERNEL_6_1:
      return "6.1";
    case SLICES_KERNEL_5_4:
      return "5.4";
    case SLICES_KERNEL_4_10:
      return "4.10";
    default:
      g_assert_not_reached ();
    }
}

static SlicesKernelLayout
layout_from_string (const char *text)
{
  if (g_strcmp0 (text, "4.10") == 0)
    return SLICES_KERNEL_4_10;
  if (g_strcmp0 (text, "5.4") == 0)
    return SLICES_KERNEL_5_4;
  return SLICES_KERNEL_6_1;
}

static const char *
layout_mdev_driver (SlicesKernelLayout layout)
{
  return layout == SLICES_KERNEL_6_1 ? "intel_vgpu_mdev" : "vfio_mdev";
}

static char *
gpu_dir_path (SlicesSimulator *self,
              const char      *address)
{
  return g_build_filename (self->root, PCI_ROOT, address, NULL);
}

static char *
type_dir_path (SlicesSimulator *self,
               const char      *address,
               const char      *type_id)
{
  return g_build_filename (self->root, PCI_ROOT, address, "mdev_supported_types", type_id, NULL);
}

static const TypeSpec *
type_spec_for_id (const char *type_id)
{
  const char *underscore = type_id != NULL ? strrchr (type_id, '_') : NULL;
  guint64 n;

  if (underscore == NULL || !g_ascii_string_to_unsigned (underscore + 1, 10, 1, 16, &n, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (type_specs); i++)
    if (type_specs[i].n == n)
      return &type_specs[i];

  return NULL;
}

/* The hidden state of a GPU; a GPU the state file does not know (a tree made by another tool)
 * gets the demo's figures, with the aperture guessed from the types it lists. */
static void
load_gpu_state (SlicesSimulator *self,
                GKeyFile        *keyfile,
                const char      *address,
                GpuState        *state)
{
  if (g_key_file_has_group (keyfile, address))
    {
      g_autofree char *layout = g_key_file_get_string (keyfile, address, "layout", NULL);

      state->aperture_mb = g_key_file_get_integer (keyfile, address, "aperture_mb", NULL);
      state->ggtt_mb = g_key_file_get_integer (keyfile, address, "ggtt_mb", NULL);
      state->fences = g_key_file_get_integer (keyfile, address, "fences", NULL);
      state->layout = layout_from_string (layout);
    }
  else
    {
      g_autofree char *types = g_build_filename (self->root, PCI_ROOT, address,
                                                 "mdev_supported_types", NULL);
      g_autoptr(GDir) dir = g_dir_open (types, 0, NULL);
      const char *name;
      gboolean has_name_file = FALSE;

      state->aperture_mb = 256;
      state->ggtt_mb = 4096;
      state->fences = 32;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          const TypeSpec *spec = type_spec_for_id (name);
          g_autofree char *name_file = g_build_filename (types, name, "name", NULL);

          if (spec != NULL && spec->n == 1)
            state->aperture_mb = MAX (state->aperture_mb, 1024);
          else if (spec != NULL && spec->n == 2)
            state->aperture_mb = MAX (state->aperture_mb, 512);
          has_name_file |= g_file_test (name_file, G_FILE_TEST_EXISTS);
        }

      state->layout = has_name_file ? SLICES_KERNEL_6_1 : SLICES_KERNEL_5_4;
    }
}

/* The slices on a GPU: real folders (not links) with an mdev_type link. Returns their names. */
static GPtrArray *
list_gpu_slices (SlicesSimulator *self,
                 const char      *address)
{
  g_autofree char *gpu_dir = gpu_dir_path (self, address);
  g_autoptr(GDir) dir = g_dir_open (gpu_dir, 0, NULL);
  g_autoptr(GPtrArray) slices = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (gpu_dir, name, NULL);
      g_autofree char *type_link = g_build_filename (path, "mdev_type", NULL);

      if (is_real_dir (path) && g_file_test (type_link, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (slices, g_strdup (name));
    }

  return g_steal_pointer (&slices);
}

static char *
read_slice_type (SlicesSimulator *self,
                 const char      *address,
                 const char      *uuid)
{
  g_autofree char *link = g_build_filename (self->root, PCI_ROOT, address, uuid, "mdev_type",
                                            NULL);
  g_autofree char *target = g_file_read_link (link, NULL);

  return target != NULL ? g_path_get_basename (target) : NULL;
}

static void
compute_usage (SlicesSimulator *self,
               const char      *address,
               Usage           *usage)
{
  g_autoptr(GPtrArray) slices = list_gpu_slices (self, address);

  memset (usage, 0, sizeof *usage);
  usage->count = slices->len;

  for (guint i = 0; i < slices->len; i++)
    {
      g_autofree char *type_id = read_slice_type (self, address, g_ptr_array_index (slices, i));
      const TypeSpec *spec = type_spec_for_id (type_id);

      if (spec == NULL)
        continue;

      usage->low_gm_mb += spec->low_gm_mb;
      usage->high_gm_mb += spec->high_gm_mb;
      usage->fences += spec->fence;
    }
}

static guint
budget (gint64 total,
        gint64 reserve,
        gint64 used,
        guint  per_slice)
{
  gint64 free_part = total - reserve - used;

  if (free_part <= 0 || per_slice == 0)
    return 0;

  return (guint) MIN (free_part / per_slice, G_MAXUINT);
}

/* available_instances: the smallest of the low-GM, high-GM and fence budgets and the cap. */
static guint
compute_available (const GpuState *state,
                   const Usage    *usage,
                   const TypeSpec *spec)
{
  guint available;

  if (spec == NULL || usage->count >= SLICES_MAX_SLICES_PER_GPU)
    return 0;

  available = SLICES_MAX_SLICES_PER_GPU - usage->count;
  available = MIN (available, budget (state->aperture_mb, HOST_LOW_GM_MB, usage->low_gm_mb,
                                      spec->low_gm_mb));
  available = MIN (available, budget ((gint64) state->ggtt_mb - state->aperture_mb,
                                      HOST_HIGH_GM_MB, usage->high_gm_mb, spec->high_gm_mb));
  available = MIN (available, budget (state->fences, HOST_FENCES, usage->fences, spec->fence));

  return available;
}

static void
update_availability (SlicesSimulator *self,
                     GKeyFile        *keyfile,
                     const char      *address)
{
  g_autofree char *types = g_build_filename (self->root, PCI_ROOT, address,
                                             "mdev_supported_types", NULL);
  g_autoptr(GDir) dir = g_dir_open (types, 0, NULL);
  const char *name;
  GpuState state;
  Usage usage;

  load_gpu_state (self, keyfile, address, &state);
  compute_usage (self, address, &usage);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (types, name, "available_instances", NULL);
      g_autofree char *old = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      text = g_strdup_printf ("%u\n",
                              compute_available (&state, &usage, type_spec_for_id (name)));
      if (g_file_get_contents (path, &old, NULL, NULL) && g_strcmp0 (old, text) == 0)
        continue;
      if (!write_file (path, text, 0444, &error))
        g_warning ("Simulator: %s", error->message);
    }
}

/* --- the kernel's parsers --- */

/* The kernel's uuid_is_valid() on the first 36 bytes of a write (a NUL among them fails). */
static gboolean
kernel_uuid_is_valid (const char *data)
{
  char copy[SLICES_UUID_LEN + 1];

  memcpy (copy, data, SLICES_UUID_LEN);
  copy[SLICES_UUID_LEN] = '\0';
  return strlen (copy) == SLICES_UUID_LEN && slices_uuid_is_valid (copy);
}

/* The kernel's kstrtoul (s, 0, &val) as remove_store uses it: optional '+', base from the
 * prefix (0x → 16, 0 → 8, else 10), at least one digit, at most one trailing newline.
 * Returns FALSE where the kernel returns an error (which remove_store turns into EINVAL). */
static gboolean
kernel_parse_ulong (const char *data,
                    gsize       len,
                    guint64    *value)
{
  g_autofree char *text = g_strndup (data, len); /* sysfs hands the store a NUL-ended copy */
  const char *s = text;
  guint base = 10;
  guint64 result = 0;
  gboolean any = FALSE;

  if (*s == '+')
    s++;

  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && g_ascii_isxdigit (s[2]))
    {
      base = 16;
      s += 2;
    }
  else if (s[0] == '0')
    {
      base = 8;
    }

  for (; *s != '\0'; s++)
    {
      int digit = g_ascii_xdigit_value (*s);

      if (digit < 0 || (guint) digit >= base)
        break;
      if (result > (G_MAXUINT64 - digit) / base)
        return FALSE;
      result = result * base + digit;
      any = TRUE;
    }

  if (!any)
    return FALSE;
  if (*s == '\n')
    s++;
  if (*s != '\0')
    return FALSE;

  *value = result;
  return TRUE;
}

/* --- making and removing slices --- */

static guint
lowest_free_vgpu_id (SlicesSimulator *self,
                     const char      *address)
{
  g_autoptr(GPtrArray) slices = list_gpu_slices (self, address);
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

static guint
lowest_free_number (const char *dir,
                    const char *prefix)
{
  for (guint n = 0;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!path_exists_nofollow (path))
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

/* Finds the GPU of a slice from its bus link (…/devices/pci0000:00/<BDF>/<uuid>). */
static char *
find_slice_gpu (SlicesSimulator *self,
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
  if (!is_component (address))
    return NULL;

  slice_dir = g_build_filename (self->root, PCI_ROOT, address, uuid, NULL);
  if (!is_real_dir (slice_dir))
    return NULL;

  return g_steal_pointer (&address);
}

static void
unmake_slice (SlicesSimulator *self,
              const char      *address,
              const char      *uuid)
{
  g_autofree char *slice_dir = g_build_filename (self->root, PCI_ROOT, address, uuid, NULL);
  g_autofree char *bus_link = g_build_filename (self->root, "bus", "mdev", "devices", uuid,
                                                NULL);
  g_autofree char *group_link = g_build_filename (slice_dir, "iommu_group", NULL);
  g_autofree char *group_target = g_file_read_link (group_link, NULL);
  g_autofree char *type_id = read_slice_type (self, address, uuid);

  g_unlink (bus_link);

  if (type_id != NULL && is_component (type_id))
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

      if (is_component (group))
        remove_tree (group_dir);
    }

  remove_tree (slice_dir);
}

static gboolean
make_slice (SlicesSimulator    *self,
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

  if (!make_dir (groups_dir, error) || !make_dir (drivers_dir, error) ||
      !make_dir (bus_dir, error) || !make_dir (type_devices, error))
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
  if (!make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "remove", NULL);
  if (!write_file (path, "", 0200, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (slice_dir, "driver", NULL);
  target = g_build_filename ("..", "..", "..", "..", "bus", "mdev", "drivers", driver, NULL);
  if (!make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "subsystem", NULL);
  if (!make_link ("../../../../bus/mdev", path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  /* An emulated IOMMU group per slice, even without a hardware IOMMU. */
  group_name = g_strdup_printf ("%u", lowest_free_number (groups_dir, ""));
  group_dir = g_build_filename (groups_dir, group_name, NULL);
  path = g_build_filename (group_dir, "devices", NULL);
  if (!make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (group_dir, "name", NULL);
  if (!write_file (path, "vfio-noiommu\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (group_dir, "devices", uuid, NULL);
  target = g_build_filename ("..", "..", "..", "..", PCI_ROOT, address, uuid, NULL);
  if (!make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "iommu_group", NULL);
  target = g_build_filename ("..", "..", "..", "..", "kernel", "iommu_groups", group_name, NULL);
  if (!make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (slice_dir, "intel_vgpu", NULL);
  if (!make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (slice_dir, "intel_vgpu", "vgpu_id", NULL);
  text = g_strdup_printf ("%u\n", vgpu_id);
  if (!write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (slice_dir, "uevent", NULL);
  text = g_strdup_printf ("DRIVER=%s\nMDEV_TYPE=%s\n", driver, type_id);
  if (!write_file (path, text, 0644, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  if (layout == SLICES_KERNEL_6_1)
    {
      g_autofree char *vfio = g_strdup_printf ("vfio%u", lowest_free_vfio_minor (self));

      path = g_build_filename (slice_dir, "vfio-dev", vfio, NULL);
      if (!make_dir (path, error))
        return FALSE;
      g_clear_pointer (&path, g_free);

      path = g_build_filename (slice_dir, "vfio-dev", vfio, "uevent", NULL);
      if (!write_file (path, "", 0644, error))
        return FALSE;
      g_clear_pointer (&path, g_free);
    }

  path = g_build_filename (type_devices, uuid, NULL);
  target = g_build_filename ("..", "..", "..", uuid, NULL);
  if (!make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  /* Last: the bus link is what makes the slice visible to everyone else. */
  path = g_build_filename (bus_dir, uuid, NULL);
  target = g_build_filename ("..", "..", "..", PCI_ROOT, address, uuid, NULL);
  if (!make_link (target, path, error))
    return FALSE;

  return TRUE;
}

/* --- building a GPU --- */

static char *
type_description (const TypeSpec         *type,
                  const SlicesSimGpuSpec *spec)
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
add_type (SlicesSimulator         *self,
          const SlicesSimGpuSpec  *spec,
          const char              *gpu_dir,
          const TypeSpec          *type,
          GError                 **error)
{
  /* Broadwell (device ids 0x16xx) has the V4 types, gen 9 the V5 ones. */
  const char *version = (spec->device_id & 0xff00) == 0x1600 ? "V4" : "V5";
  g_autofree char *name = g_strdup_printf ("GVTg_%s_%u", version, type->n);
  g_autofree char *type_id = g_strdup_printf ("i915-%s", name);
  g_autofree char *dir = g_build_filename (gpu_dir, "mdev_supported_types", type_id, NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  path = g_build_filename (dir, "devices", NULL);
  if (!make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  if (spec->layout == SLICES_KERNEL_6_1)
    {
      path = g_build_filename (dir, "name", NULL);
      text = g_strdup_printf ("%s\n", name);
      if (!write_file (path, text, 0444, error))
        return FALSE;
      g_clear_pointer (&path, g_free);
      g_clear_pointer (&text, g_free);
    }

  path = g_build_filename (dir, "description", NULL);
  text = type_description (type, spec);
  if (!write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (dir, "device_api", NULL);
  if (!write_file (path, "vfio-pci\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  /* Filled in by update_availability () once every type exists. */
  path = g_build_filename (dir, "available_instances", NULL);
  if (!write_file (path, "0\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (dir, "create", NULL);
  return write_file (path, "", 0200, error);
}

static gboolean
add_drm_node (SlicesSimulator  *self,
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

  if (!make_dir (dir, error) || !make_dir (class_dir, error))
    return FALSE;

  path = g_build_filename (dir, "uevent", NULL);
  text = g_strdup_printf ("MAJOR=226\nMINOR=%d\nDEVNAME=dri/%s\nDEVTYPE=drm_minor\n", minor,
                          node);
  if (!write_file (path, text, 0644, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (dir, "dev", NULL);
  text = g_strdup_printf ("226:%d\n", minor);
  if (!write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (class_dir, node, NULL);
  target = g_build_filename ("..", "..", PCI_ROOT, address, "drm", node, NULL);
  return make_link (target, path, error);
}

static gboolean
ensure_module_parameter (SlicesSimulator  *self,
                         const char       *module,
                         const char       *parameter,
                         const char       *value,
                         GError          **error)
{
  g_autofree char *dir = g_build_filename (self->root, "module", module, "parameters", NULL);
  g_autofree char *path = g_build_filename (dir, parameter, NULL);

  if (path_exists_nofollow (path))
    return TRUE;

  return make_dir (dir, error) && write_file (path, value, 0400, error);
}

static gboolean
ensure_dirs (SlicesSimulator  *self,
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
      ok = make_dir (path, error);
    }
  va_end (args);

  return ok;
}

/* --- helpers for the backend --- */

static GError *
create_error_for_errno (SlicesSimulator *self,
                        int              errno_value,
                        const char      *address,
                        const char      *type_id,
                        const char      *uuid)
{
  Usage usage;

  if (errno_value == EACCES || errno_value == EPERM)
    return g_error_new (SLICES_ERROR, slices_error_from_errno (errno_value),
                        _("The simulator will not write to “%s”: it is part of the real "
                          "system."), self->root);
  compute_usage (self, address, &usage);
  return slices_error_new_create (errno_value, address, type_id, uuid, (int) usage.count);
}

static void
emit_changed (SlicesSimulator *self)
{
  slices_notifier_emit_changed (SLICES_NOTIFIER (self));
}

/* --- backend: create --- */

static gboolean
run_create (SlicesSimulator  *self,
            WriteData        *data,
            GError          **error)
{
  g_autofree char *gpu_dir = NULL;
  g_autofree char *types_dir = NULL;
  g_autofree char *type_dir = NULL;
  g_autofree char *line = NULL;
  char uuid[37];
  int err;

  if (self->unsafe)
    return check_root_is_safe (self->root, error);

  /* Checked in the order the root helper checks, with the same errors. */
  if (!slices_pci_address_is_valid (data->gpu_address))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address. Write it as the kernel does, like 0000:00:02.0."),
                   data->gpu_address);
      return FALSE;
    }

  gpu_dir = g_build_filename (self->root, "bus", "pci", "devices", data->gpu_address, NULL);
  types_dir = g_build_filename (gpu_dir, "mdev_supported_types", NULL);
  if (!g_file_test (types_dir, G_FILE_TEST_IS_DIR))
    {
      g_propagate_error (error, slices_error_new_no_gpu (data->gpu_address));
      return FALSE;
    }

  type_dir = g_build_filename (types_dir, data->type_id, NULL);
  if (!is_component (data->type_id) || !g_file_test (type_dir, G_FILE_TEST_IS_DIR))
    {
      g_propagate_error (error, slices_error_new_no_type (data->gpu_address, data->type_id,
                                                          NULL));
      return FALSE;
    }

  if (strlen (data->uuid) != 36 || !kernel_uuid_is_valid (data->uuid))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID,
                   _("“%s” is not a valid UUID. Write it like "
                     "4b20d080-1b54-4048-85b3-a6a62d165c01, or leave it out to get a new one."),
                   data->uuid);
      return FALSE;
    }

  for (guint i = 0; i < 36; i++)
    uuid[i] = g_ascii_tolower (data->uuid[i]);
  uuid[36] = '\0';

  line = g_strconcat (uuid, "\n", NULL);
  err = slices_simulator_write_create (self, data->gpu_address, data->type_id, line,
                                       strlen (line));
  if (err != 0)
    {
      g_propagate_error (error, create_error_for_errno (self, err, data->gpu_address,
                                                        data->type_id, uuid));
      return FALSE;
    }

  return TRUE;
}

typedef gboolean (*WriteFunc) (SlicesSimulator  *self,
                               WriteData        *data,
                               GError          **error);

typedef struct {
  GTask     *task;
  WriteFunc  run;
} ScheduledWrite;

static void
scheduled_write_free (gpointer user_data)
{
  ScheduledWrite *write = user_data;

  g_object_unref (write->task);
  g_free (write);
}

static gboolean
on_write_idle_cb (gpointer user_data)
{
  ScheduledWrite *write = user_data;
  SlicesSimulator *self = g_task_get_source_object (write->task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (write->task))
    return G_SOURCE_REMOVE;

  if (write->run (self, g_task_get_task_data (write->task), &error))
    g_task_return_boolean (write->task, TRUE);
  else
    g_task_return_error (write->task, error);

  return G_SOURCE_REMOVE;
}

/* The write happens in an idle of the caller's context, never inside the call, so callers see
 * the same order of events as with the helper; a cancel before then writes nothing. */
static void
schedule_task (GTask     *task,
               WriteFunc  run)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  ScheduledWrite *write = g_new0 (ScheduledWrite, 1);

  write->task = g_object_ref (task);
  write->run = run;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_write_idle_cb, write, scheduled_write_free);
  g_source_set_static_name (source, "[slices] simulator write");
  g_source_attach (source, g_task_get_context (task));
}

static void
slices_simulator_create_async (SlicesBackend       *backend,
                               const char          *gpu_address,
                               const char          *type_id,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SlicesSimulator *self = SLICES_SIMULATOR (backend);
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_simulator_create_async);

  data = g_new0 (WriteData, 1);
  data->gpu_address = g_strdup (gpu_address);
  data->type_id = g_strdup (type_id);
  data->uuid = g_strdup (uuid);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);

  schedule_task (task, run_create);
}

static gboolean
slices_simulator_create_finish (SlicesBackend  *backend,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slices_simulator_create_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- backend: remove --- */

static void
drop_empty_group (GKeyFile   *keyfile,
                  const char *group)
{
  g_auto(GStrv) keys = NULL;

  if (!g_key_file_has_group (keyfile, group))
    return;
  keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  if (keys == NULL || keys[0] == NULL)
    g_key_file_remove_group (keyfile, group, NULL);
}

static gboolean
run_remove (SlicesSimulator  *self,
            WriteData        *data,
            GError          **error)
{
  g_autofree char *address = NULL;
  g_autofree char *holder = NULL;
  char uuid[37];
  int err;

  if (self->unsafe)
    return check_root_is_safe (self->root, error);

  if (strlen (data->uuid) != 36 || !kernel_uuid_is_valid (data->uuid))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID,
                   _("“%s” is not a valid UUID. “slicectl list” shows the slices and their "
                     "UUIDs."), data->uuid);
      return FALSE;
    }

  for (guint i = 0; i < 36; i++)
    uuid[i] = g_ascii_tolower (data->uuid[i]);
  uuid[36] = '\0';

  address = find_slice_gpu (self, uuid);
  if (address == NULL)
    {
      g_propagate_error (error, slices_error_new_no_slice (uuid));
      return FALSE;
    }

  /* The kernel would block (or leak the vGPU) here: refuse first, as the helper does. */
  holder = slices_simulator_get_in_use (self, uuid);
  if (holder != NULL)
    {
      g_propagate_error (error, slices_error_new_in_use (uuid, holder));
      return FALSE;
    }

  err = slices_simulator_write_remove (self, uuid, "1\n", 2);
  if (err == 0)
    {
      /* As the helper does: a removed slice is no longer kept after a restart. */
      g_autoptr(GKeyFile) keyfile = load_state (self);

      if (g_key_file_remove_key (keyfile, MDEVCTL_GROUP, uuid, NULL))
        {
          drop_empty_group (keyfile, MDEVCTL_GROUP);
          if (!save_state (self, keyfile, error))
            return FALSE;
        }
    }
  if (err != 0)
    {
      if (err == EACCES || err == EPERM)
        g_set_error (error, SLICES_ERROR, slices_error_from_errno (err),
                     _("The simulator will not write to “%s”: it is part of the real system."),
                     self->root);
      else if (err == ENOENT)
        g_propagate_error (error, slices_error_new_no_slice (uuid));
      else
        g_set_error (error, SLICES_ERROR, slices_error_from_errno (err),
                     _("Could not remove the slice %s: %s."), uuid, g_strerror (err));
      return FALSE;
    }

  return TRUE;
}

static void
slices_simulator_remove_async (SlicesBackend       *backend,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SlicesSimulator *self = SLICES_SIMULATOR (backend);
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_simulator_remove_async);

  data = g_new0 (WriteData, 1);
  data->uuid = g_strdup (uuid);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);

  schedule_task (task, run_remove);
}

static gboolean
slices_simulator_remove_finish (SlicesBackend  *backend,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slices_simulator_remove_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- backend: keeping slices after a restart (a simulated mdevctl store) --- */

static gboolean
canonical_uuid (const char  *text,
                char         uuid[37],
                GError     **error)
{
  if (!slices_uuid_normalize (text, uuid))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID,
                   _("“%s” is not a valid UUID. “slicectl list” shows the slices and their "
                     "UUIDs."), text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_persist (SlicesSimulator  *self,
             WriteData        *data,
             GError          **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *address = NULL;
  g_autofree char *type_id = NULL;
  char uuid[37];

  if (self->unsafe)
    return check_root_is_safe (self->root, error);
  if (!canonical_uuid (data->uuid, uuid, error))
    return FALSE;

  /* As the helper: only a slice that exists, with its GPU and type as the tree says. */
  address = find_slice_gpu (self, uuid);
  type_id = address != NULL ? read_slice_type (self, address, uuid) : NULL;
  if (address == NULL || type_id == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE,
                   _("There is no slice %s: only a slice that exists can be kept after a "
                     "restart; refresh the list."), uuid);
      return FALSE;
    }

  keyfile = load_state (self);
  {
    const char * const value[] = { address, type_id, "auto", NULL };
    g_key_file_set_string_list (keyfile, MDEVCTL_GROUP, uuid, value, 3);
  }
  if (!save_state (self, keyfile, error))
    return FALSE;

  emit_changed (self);
  return TRUE;
}

static gboolean
run_unpersist (SlicesSimulator  *self,
               WriteData        *data,
               GError          **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  char uuid[37];

  if (self->unsafe)
    return check_root_is_safe (self->root, error);
  if (!canonical_uuid (data->uuid, uuid, error))
    return FALSE;

  keyfile = load_state (self);
  if (!g_key_file_remove_key (keyfile, MDEVCTL_GROUP, uuid, NULL))
    return TRUE;  /* not kept: already what was asked */
  drop_empty_group (keyfile, MDEVCTL_GROUP);
  if (!save_state (self, keyfile, error))
    return FALSE;

  emit_changed (self);
  return TRUE;
}

static void
start_store_write (SlicesSimulator     *self,
                   const char          *uuid,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  WriteData *data = g_new0 (WriteData, 1);

  g_task_set_source_tag (task, source_tag);
  data->uuid = g_strdup (uuid);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);

  schedule_task (task, source_tag == slices_simulator_persist_async ? run_persist
                                                                   : run_unpersist);
}

static void
slices_simulator_persist_async (SlicesBackend       *backend,
                                const char          *uuid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start_store_write (SLICES_SIMULATOR (backend), uuid, slices_simulator_persist_async,
                     cancellable, callback, user_data);
}

static gboolean
slices_simulator_persist_finish (SlicesBackend  *backend,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_simulator_persist_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
slices_simulator_unpersist_async (SlicesBackend       *backend,
                                  const char          *uuid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  start_store_write (SLICES_SIMULATOR (backend), uuid, slices_simulator_unpersist_async,
                     cancellable, callback, user_data);
}

static gboolean
slices_simulator_unpersist_finish (SlicesBackend  *backend,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_simulator_unpersist_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Public for slicectl list, which reads the store without opening a backend. */
GHashTable *
slices_simulator_dup_defined (SlicesSimulator *self)
{
  GHashTable *definitions;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), NULL);

  definitions = slices_mdev_definitions_new ();
  if (self->unsafe)
    return definitions;

  keyfile = load_state (self);
  keys = g_key_file_get_keys (keyfile, MDEVCTL_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) value = NULL;
      gsize n = 0;

      value = g_key_file_get_string_list (keyfile, MDEVCTL_GROUP, keys[i], &n, NULL);
      if (!slices_uuid_is_valid (keys[i]) || value == NULL || n < 3)
        continue;
      g_hash_table_replace (definitions, g_ascii_strdown (keys[i], -1),
                            slices_mdev_definition_new (keys[i], value[0], value[1], value[2]));
    }

  return definitions;
}

static void
slices_simulator_list_defined_async (SlicesBackend       *backend,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SlicesSimulator *self = SLICES_SIMULATOR (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, slices_simulator_list_defined_async);
  g_task_return_pointer (task, slices_simulator_dup_defined (self),
                         (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
slices_simulator_list_defined_finish (SlicesBackend  *backend,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_simulator_list_defined_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The demo always can: its store is the state file. */
static SlicesPersistSupport
slices_simulator_get_persist_support (SlicesBackend *backend)
{
  return SLICES_PERSIST_AVAILABLE;
}

/* --- GObject --- */

static void
slices_simulator_finalize (GObject *object)
{
  SlicesSimulator *self = SLICES_SIMULATOR (object);

  if (self->delete_root && !self->unsafe)
    remove_tree (self->root);

  g_clear_pointer (&self->root, g_free);

  G_OBJECT_CLASS (slices_simulator_parent_class)->finalize (object);
}

static void
slices_simulator_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlicesSimulator *self = SLICES_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_simulator_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SlicesSimulator *self = SLICES_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      {
        const char *root = g_value_get_string (value);

        g_assert (self->root == NULL);
        self->root = g_canonicalize_filename (root != NULL ? root : "/", NULL);
        self->unsafe = !check_root_is_safe (self->root, NULL);
        if (self->unsafe)
          g_debug ("Simulator root %s is part of the real system: every write is refused",
                   self->root);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_simulator_backend_init (SlicesBackendInterface *iface)
{
  iface->create_async = slices_simulator_create_async;
  iface->create_finish = slices_simulator_create_finish;
  iface->remove_async = slices_simulator_remove_async;
  iface->remove_finish = slices_simulator_remove_finish;
  iface->persist_async = slices_simulator_persist_async;
  iface->persist_finish = slices_simulator_persist_finish;
  iface->unpersist_async = slices_simulator_unpersist_async;
  iface->unpersist_finish = slices_simulator_unpersist_finish;
  iface->list_defined_async = slices_simulator_list_defined_async;
  iface->list_defined_finish = slices_simulator_list_defined_finish;
  iface->get_persist_support = slices_simulator_get_persist_support;
}

static void
slices_simulator_class_init (SlicesSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slices_simulator_finalize;
  object_class->get_property = slices_simulator_get_property;
  object_class->set_property = slices_simulator_set_property;

  /**
   * SlicesSimulator:root:
   *
   * The folder laid out like /sys that the simulator works in (absolute).
   */
  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_simulator_init (SlicesSimulator *self)
{
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

SlicesSimulator *
slices_simulator_new (const char *root)
{
  g_return_val_if_fail (root != NULL, NULL);

  return g_object_new (SLICES_TYPE_SIMULATOR, "root", root, NULL);
}

SlicesSimulator *
slices_simulator_open (const char  *root,
                       GError     **error)
{
  g_autofree char *bus = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_root_is_safe (root, error))
    return NULL;

  bus = g_build_filename (root, "bus", "pci", "devices", NULL);
  if (!g_file_test (bus, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_BAD_TREE,
                   _("“%s” is not laid out like /sys: it has no bus/pci/devices folder."), root);
      return NULL;
    }

  return slices_simulator_new (root);
}

gboolean
slices_simulator_is_safe_root (const char  *root,
                               GError     **error)
{
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_root_is_safe (root, error);
}

SlicesSimulator *
slices_simulator_new_demo (GError **error)
{
  g_autoptr(SlicesSimulator) self = NULL;
  g_autofree char *root = NULL;
  SlicesSimGpuSpec spec;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = g_dir_make_tmp ("gpu-slices-demo-XXXXXX", error);
  if (root == NULL)
    return NULL;

  /* A temporary folder inside /dev (TMPDIR=/dev/shm) is refused like any other. */
  if (!check_root_is_safe (root, error))
    {
      g_rmdir (root);
      return NULL;
    }

  self = slices_simulator_new (root);
  self->delete_root = TRUE;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  if (!slices_simulator_add_gpu (self, &spec, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
slices_simulator_get_root (SlicesSimulator *self)
{
  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), NULL);

  return self->root;
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
    return check_root_is_safe (self->root, error);

  if (spec->address == NULL || !slices_pci_address_is_valid (spec->address))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address like 0000:00:02.0."),
                   spec->address != NULL ? spec->address : "");
      return FALSE;
    }

  gpu_dir = gpu_dir_path (self, spec->address);
  if (path_exists_nofollow (gpu_dir))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The simulated tree already has a device at %s."), spec->address);
      return FALSE;
    }

  if (!ensure_dirs (self, error,
                    "bus/pci/devices", "bus/pci/drivers/i915", "bus/mdev/devices",
                    "class/mdev_bus", "kernel/iommu_groups", "module/kvmgt", "module/vfio",
                    "module/mdev", NULL))
    return FALSE;
  if (spec->layout != SLICES_KERNEL_6_1 && !ensure_dirs (self, error, "module/vfio_mdev", NULL))
    return FALSE;

  path = g_build_filename (self->root, "bus", "mdev", "drivers", layout_mdev_driver (spec->layout),
                           NULL);
  if (!make_dir (path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  if (!ensure_module_parameter (self, "i915", "enable_gvt", "Y\n", error) ||
      !ensure_module_parameter (self, "i915", "enable_guc", "-1\n", error))
    return FALSE;

  if (!make_dir (gpu_dir, error))
    return FALSE;

  path = g_build_filename (gpu_dir, "vendor", NULL);
  if (!write_file (path, "0x8086\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (gpu_dir, "device", NULL);
  text = g_strdup_printf ("0x%04x\n", spec->device_id);
  if (!write_file (path, text, 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (gpu_dir, "class", NULL);
  if (!write_file (path, "0x030000\n", 0444, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (gpu_dir, "uevent", NULL);
  text = g_strdup_printf ("DRIVER=i915\nPCI_CLASS=30000\nPCI_ID=8086:%04X\nPCI_SLOT_NAME=%s\n",
                          spec->device_id, spec->address);
  if (!write_file (path, text, 0644, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&text, g_free);

  path = g_build_filename (gpu_dir, "driver", NULL);
  if (!make_link ("../../../bus/pci/drivers/i915", path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  path = g_build_filename (gpu_dir, "subsystem", NULL);
  if (!make_link ("../../../bus/pci", path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);

  /* Which types exist depends on the aperture the firmware gives the GPU. */
  n_types = spec->aperture_mb >= 1024 ? 4 : spec->aperture_mb >= 512 ? 3 : 2;
  for (guint i = 0; i < n_types; i++)
    if (!add_type (self, spec, gpu_dir, &type_specs[i], error))
      return FALSE;

  if (spec->render_minor >= 0)
    {
      if (!add_drm_node (self, spec->address, gpu_dir, "renderD", spec->render_minor, error))
        return FALSE;
      if (spec->card_minor >= 0 &&
          !add_drm_node (self, spec->address, gpu_dir, "card", spec->card_minor, error))
        return FALSE;
    }

  path = g_build_filename (self->root, "bus", "pci", "devices", spec->address, NULL);
  target = g_build_filename ("..", "..", "..", PCI_ROOT, spec->address, NULL);
  if (!make_link (target, path, error))
    return FALSE;
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&target, g_free);

  path = g_build_filename (self->root, "class", "mdev_bus", spec->address, NULL);
  target = g_build_filename ("..", "..", PCI_ROOT, spec->address, NULL);
  if (!make_link (target, path, error))
    return FALSE;

  keyfile = load_state (self);
  g_key_file_set_integer (keyfile, spec->address, "aperture_mb", spec->aperture_mb);
  g_key_file_set_integer (keyfile, spec->address, "ggtt_mb", spec->ggtt_mb);
  g_key_file_set_integer (keyfile, spec->address, "fences", spec->fences);
  g_key_file_set_string (keyfile, spec->address, "layout", layout_to_string (spec->layout));
  if (!save_state (self, keyfile, error))
    return FALSE;

  update_availability (self, keyfile, spec->address);

  return TRUE;
}

int
slices_simulator_write_create (SlicesSimulator *self,
                               const char      *gpu_address,
                               const char      *type_id,
                               const char      *data,
                               gsize            len)
{
  g_autofree char *type_dir = NULL;
  g_autofree char *create = NULL;
  g_autofree char *bus_link = NULL;
  g_autofree char *slice_dir = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  const TypeSpec *spec;
  char uuid[37];
  GpuState state;
  Usage usage;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (gpu_address != NULL, EINVAL);
  g_return_val_if_fail (type_id != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  /* Opening …/<gpu>/mdev_supported_types/<type>/create */
  if (!is_component (gpu_address) || !is_component (type_id))
    return ENOENT;
  type_dir = type_dir_path (self, gpu_address, type_id);
  create = g_build_filename (type_dir, "create", NULL);
  if (!g_file_test (create, G_FILE_TEST_IS_REGULAR))
    return ENOENT;

  /* create_store(): the write must be 36 or 37 bytes, and guid_parse() looks at the first
   * 36 only, so the 37th (normally "\n") may be any byte. Longer writes fail before parsing. */
  if (len < 36 || len > 37)
    return EINVAL;
  if (!kernel_uuid_is_valid (data))
    return EINVAL;

  /* The kernel names the device with %pUl: lowercase, whatever case was written. */
  for (guint i = 0; i < 36; i++)
    uuid[i] = g_ascii_tolower (data[i]);
  uuid[36] = '\0';

  /* mdev_device_create(): a UUID is unique across every parent. */
  bus_link = g_build_filename (self->root, "bus", "mdev", "devices", uuid, NULL);
  slice_dir = g_build_filename (self->root, PCI_ROOT, gpu_address, uuid, NULL);
  if (path_exists_nofollow (bus_link) || path_exists_nofollow (slice_dir))
    return EEXIST;

  keyfile = load_state (self);
  load_gpu_state (self, keyfile, gpu_address, &state);
  compute_usage (self, gpu_address, &usage);
  spec = type_spec_for_id (type_id);

  /* intel_gvt_create_vgpu(): no vGPU id left (7 per GPU) or no room in a budget. */
  if (compute_available (&state, &usage, spec) == 0)
    return ENOSPC;

  if (!make_slice (self, gpu_address, type_id, uuid, state.layout, &error))
    {
      g_warning ("Simulator could not make slice %s: %s", uuid, error->message);
      unmake_slice (self, gpu_address, uuid);
      update_availability (self, keyfile, gpu_address);
      return EIO;
    }

  update_availability (self, keyfile, gpu_address);
  emit_changed (self);

  return 0;
}

int
slices_simulator_write_remove (SlicesSimulator *self,
                               const char      *uuid,
                               const char      *data,
                               gsize            len)
{
  g_autofree char *address = NULL;
  g_autofree char *remove = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  guint64 value;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (uuid != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  /* Opening /sys/bus/mdev/devices/<uuid>/remove: names are exact (lowercase). */
  if (!is_component (uuid))
    return ENOENT;
  address = find_slice_gpu (self, uuid);
  if (address == NULL)
    return ENOENT;
  remove = g_build_filename (self->root, PCI_ROOT, address, uuid, "remove", NULL);
  if (!g_file_test (remove, G_FILE_TEST_IS_REGULAR))
    return ENOENT;

  /* remove_store(): kstrtoul (buf, 0, &val); 0 does nothing, any other number removes. */
  if (!kernel_parse_ulong (data, len, &value))
    return EINVAL;
  if (value == 0)
    return 0;

  keyfile = load_state (self);

  /* The real kernel blocks until the VM lets go (or, on 5.19–6.1, returns and leaks the vGPU).
   * Neither can be simulated usefully, so a held slice fails with EBUSY instead. */
  if (g_key_file_has_key (keyfile, IN_USE_GROUP, uuid, NULL))
    return EBUSY;

  unmake_slice (self, address, uuid);
  update_availability (self, keyfile, address);
  emit_changed (self);

  return 0;
}

gboolean
slices_simulator_set_in_use (SlicesSimulator  *self,
                             const char       *uuid,
                             const char       *holder,
                             GError          **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *address = NULL;
  g_autofree char *old = NULL;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->unsafe)
    return check_root_is_safe (self->root, error);

  address = is_component (uuid) ? find_slice_gpu (self, uuid) : NULL;
  if (address == NULL)
    {
      g_propagate_error (error, slices_error_new_no_slice (uuid));
      return FALSE;
    }

  keyfile = load_state (self);
  old = g_key_file_get_string (keyfile, IN_USE_GROUP, uuid, NULL);
  if (g_strcmp0 (old, holder) == 0)
    return TRUE;

  if (holder != NULL)
    {
      g_key_file_set_string (keyfile, IN_USE_GROUP, uuid, holder);
    }
  else
    {
      g_key_file_remove_key (keyfile, IN_USE_GROUP, uuid, NULL);
      if (g_key_file_has_group (keyfile, IN_USE_GROUP))
        {
          g_auto(GStrv) keys = g_key_file_get_keys (keyfile, IN_USE_GROUP, NULL, NULL);

          if (keys == NULL || keys[0] == NULL)
            g_key_file_remove_group (keyfile, IN_USE_GROUP, NULL);
        }
    }

  if (!save_state (self, keyfile, error))
    return FALSE;

  emit_changed (self);
  return TRUE;
}

char *
slices_simulator_get_in_use (SlicesSimulator *self,
                             const char      *uuid)
{
  g_autoptr(GKeyFile) keyfile = NULL;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  if (self->unsafe)
    return NULL;

  keyfile = load_state (self);
  return g_key_file_get_string (keyfile, IN_USE_GROUP, uuid, NULL);
}
