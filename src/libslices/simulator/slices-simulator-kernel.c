/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel's rules, as i915 GVT-g and the mdev core apply them to writes (FACTS.md §1):
 * which bytes `create` and `remove` accept, EINVAL, ENOENT, EEXIST, ENOSPC and the 7-slice
 * cap, lowercase names, and available_instances recomputed from the low-GM, high-GM and fence
 * budgets after every change. The table of GVT-g types is the kernel's too.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "slices-ids.h"
#include "slices-simulator-private.h"

/* What the host keeps for itself before any slice gets some (i915 GVT-g's reserve). */
#define HOST_LOW_GM_MB   128
#define HOST_HIGH_GM_MB  384
#define HOST_FENCES      4

const SlicesSimTypeSpec slices_sim_type_specs[] = {
  { 8, 64, 384, 4, 2, "1024x768" },
  { 4, 128, 512, 4, 4, "1920x1200" },
  { 2, 256, 1024, 4, 8, "1920x1200" },
  { 1, 512, 2048, 4, 16, "1920x1200" },
};

const SlicesSimTypeSpec *
slices_sim_type_spec_for_id (const char *type_id)
{
  const char *underscore = type_id != NULL ? strrchr (type_id, '_') : NULL;
  guint64 n;

  if (underscore == NULL || !g_ascii_string_to_unsigned (underscore + 1, 10, 1, 16, &n, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (slices_sim_type_specs); i++)
    if (slices_sim_type_specs[i].n == n)
      return &slices_sim_type_specs[i];

  return NULL;
}

/* --- budgets --- */

void
slices_simulator_compute_usage (SlicesSimulator *self,
                                const char      *address,
                                SlicesSimUsage  *usage)
{
  g_autoptr(GPtrArray) slices = slices_simulator_list_gpu_slices (self, address);

  memset (usage, 0, sizeof *usage);
  usage->count = slices->len;

  for (guint i = 0; i < slices->len; i++)
    {
      g_autofree char *type_id = slices_simulator_read_slice_type (self, address,
                                                                   g_ptr_array_index (slices, i));
      const SlicesSimTypeSpec *spec = slices_sim_type_spec_for_id (type_id);

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
compute_available (const SlicesSimGpuState *state,
                   const SlicesSimUsage    *usage,
                   const SlicesSimTypeSpec *spec)
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

void
slices_simulator_update_availability (SlicesSimulator *self,
                                      GKeyFile        *keyfile,
                                      const char      *address)
{
  g_autofree char *types = g_build_filename (self->root, PCI_ROOT, address,
                                             "mdev_supported_types", NULL);
  g_autoptr(GDir) dir = g_dir_open (types, 0, NULL);
  const char *name;
  SlicesSimGpuState state;
  SlicesSimUsage usage;

  slices_simulator_load_gpu_state (self, keyfile, address, &state);
  slices_simulator_compute_usage (self, address, &usage);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (types, name, "available_instances", NULL);
      g_autofree char *old = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      text = g_strdup_printf ("%u\n", compute_available (&state, &usage,
                                                         slices_sim_type_spec_for_id (name)));
      if (g_file_get_contents (path, &old, NULL, NULL) && g_strcmp0 (old, text) == 0)
        continue;
      if (!slices_sim_write_file (path, text, 0444, &error))
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

/* The kernel's kstrto* (s, 0, &val) family: optional '+', base from the prefix (0x → 16,
 * 0 → 8, else 10), at least one digit, at most one trailing newline. EINVAL for anything
 * else, ERANGE above @max (as kstrtou16 / kstrtou32 return it). */
int
slices_sim_kernel_parse_unsigned (const char *data,
                                  gsize       len,
                                  guint64     max,
                                  guint64    *value)
{
  g_autofree char *text = g_strndup (data, len); /* sysfs hands the store a NUL-ended copy */
  const char *s = text;
  guint base = 10;
  guint64 result = 0;
  gboolean any = FALSE;
  gboolean overflow = FALSE;

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
        overflow = TRUE;
      else
        result = result * base + digit;
      any = TRUE;
    }

  if (!any)
    return EINVAL;
  if (*s == '\n')
    s++;
  if (*s != '\0')
    return EINVAL;
  if (overflow || result > max)
    return ERANGE;

  *value = result;
  return 0;
}

/* --- writes --- */

int
slices_simulator_write_create (SlicesSimulator *self,
                               const char      *gpu_address,
                               const char      *type_id,
                               const char      *data,
                               gsize            len)
{
  g_autofree char *create = NULL;
  g_autofree char *bus_link = NULL;
  g_autofree char *slice_dir = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  const SlicesSimTypeSpec *spec;
  char uuid[37];
  SlicesSimGpuState state;
  SlicesSimUsage usage;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (gpu_address != NULL, EINVAL);
  g_return_val_if_fail (type_id != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  /* Opening …/<gpu>/mdev_supported_types/<type>/create */
  if (!slices_sim_is_component (gpu_address) || !slices_sim_is_component (type_id))
    return ENOENT;
  create = g_build_filename (self->root, PCI_ROOT, gpu_address, "mdev_supported_types", type_id,
                             "create", NULL);
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
  if (slices_sim_path_exists_nofollow (bus_link) || slices_sim_path_exists_nofollow (slice_dir))
    return EEXIST;

  keyfile = slices_simulator_load_state (self);
  slices_simulator_load_gpu_state (self, keyfile, gpu_address, &state);
  slices_simulator_compute_usage (self, gpu_address, &usage);
  spec = slices_sim_type_spec_for_id (type_id);

  /* intel_gvt_create_vgpu(): no vGPU id left (7 per GPU) or no room in a budget. */
  if (compute_available (&state, &usage, spec) == 0)
    return ENOSPC;

  if (!slices_simulator_make_slice (self, gpu_address, type_id, uuid, state.layout, &error))
    {
      g_warning ("Simulator could not make slice %s: %s", uuid, error->message);
      slices_simulator_unmake_slice (self, gpu_address, uuid);
      slices_simulator_update_availability (self, keyfile, gpu_address);
      return EIO;
    }

  slices_simulator_update_availability (self, keyfile, gpu_address);
  slices_simulator_emit_changed (self);

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
  if (!slices_sim_is_component (uuid))
    return ENOENT;
  address = slices_simulator_find_slice_gpu (self, uuid);
  if (address == NULL)
    return ENOENT;
  remove = g_build_filename (self->root, PCI_ROOT, address, uuid, "remove", NULL);
  if (!g_file_test (remove, G_FILE_TEST_IS_REGULAR))
    return ENOENT;

  /* remove_store(): kstrtoul (buf, 0, &val); 0 does nothing, any other number removes. */
  if (slices_sim_kernel_parse_unsigned (data, len, G_MAXUINT64, &value) != 0)
    return EINVAL;
  if (value == 0)
    return 0;

  keyfile = slices_simulator_load_state (self);

  /* The real kernel blocks until the VM lets go (or, on 5.19–6.1, returns and leaks the vGPU).
   * Neither can be simulated usefully, so a held slice fails with EBUSY instead. */
  if (slices_sim_state_is_held (keyfile, uuid))
    return EBUSY;

  slices_simulator_unmake_slice (self, address, uuid);
  slices_simulator_update_availability (self, keyfile, address);
  slices_simulator_emit_changed (self);

  return 0;
}
