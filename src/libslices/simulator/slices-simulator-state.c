/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator's hidden state, ROOT/.gpu-slices-simulator.ini: what a real kernel knows but
 * sysfs does not show. Per GPU the aperture, GGTT size, fence count and kernel layout; which
 * slices a pretend VM holds ([in-use]); and the simulated mdevctl store ([mdevctl]). It is read
 * again on every write, so that several processes on one root (the app's demo, slicectl
 * --simulate, the tests) agree.
 */

#include "config.h"

#include "slices-error.h"
#include "slices-ids.h"
#include "slices-mdevctl.h"
#include "slices-simulator-private.h"

#define STATE_FILE_NAME  ".gpu-slices-simulator.ini"
#define IN_USE_GROUP     "in-use"
/* The simulated mdevctl store: <uuid>=<parent>;<type>;<start>; */
#define MDEVCTL_GROUP    "mdevctl"

static char *
state_path (SlicesSimulator *self)
{
  return g_build_filename (self->root, STATE_FILE_NAME, NULL);
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

GKeyFile *
slices_simulator_load_state (SlicesSimulator *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = state_path (self);

  /* A missing or broken state file means defaults, as for a tree made by another tool. */
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, NULL);

  return g_steal_pointer (&keyfile);
}

gboolean
slices_simulator_save_state (SlicesSimulator  *self,
                             GKeyFile         *keyfile,
                             GError          **error)
{
  g_autofree char *path = state_path (self);
  g_autofree char *data = g_key_file_to_data (keyfile, NULL, NULL);

  return slices_sim_write_file (path, data, 0644, error);
}

/* --- GPUs --- */

void
slices_sim_state_set_gpu (GKeyFile               *keyfile,
                          const SlicesSimGpuSpec *spec)
{
  g_key_file_set_integer (keyfile, spec->address, "aperture_mb", spec->aperture_mb);
  g_key_file_set_integer (keyfile, spec->address, "ggtt_mb", spec->ggtt_mb);
  g_key_file_set_integer (keyfile, spec->address, "fences", spec->fences);
  g_key_file_set_string (keyfile, spec->address, "layout", layout_to_string (spec->layout));
}

/* The hidden state of a GPU; a GPU the state file does not know (a tree made by another tool)
 * gets the demo's figures, with the aperture guessed from the types it lists. */
void
slices_simulator_load_gpu_state (SlicesSimulator   *self,
                                 GKeyFile          *keyfile,
                                 const char        *address,
                                 SlicesSimGpuState *state)
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
          const SlicesSimTypeSpec *spec = slices_sim_type_spec_for_id (name);
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

/* --- SR-IOV PFs --- */

void
slices_sim_state_set_sriov (GKeyFile               *keyfile,
                            const SlicesSimGpuSpec *spec)
{
  g_key_file_set_integer (keyfile, spec->address, "sriov_driver", spec->driver);
  g_key_file_set_integer (keyfile, spec->address, "sriov_fair_vfs", spec->fair_vfs);
  g_key_file_set_boolean (keyfile, spec->address, "sriov_discrete", spec->discrete);
}

/* A PF the state file does not know gets what its tree shows: xe, or i915 with max_vfs. */
void
slices_simulator_load_sriov_state (SlicesSimulator     *self,
                                   GKeyFile            *keyfile,
                                   const char          *address,
                                   SlicesSimSriovState *state)
{
  state->driver = g_key_file_get_integer (keyfile, address, "sriov_driver", NULL);
  state->fair_vfs = g_key_file_get_integer (keyfile, address, "sriov_fair_vfs", NULL);
  state->discrete = g_key_file_get_boolean (keyfile, address, "sriov_discrete", NULL);

  if (!g_key_file_has_key (keyfile, address, "sriov_driver", NULL))
    {
      g_autofree char *driver = slices_sim_read_driver (self, address);
      g_autofree char *max_vfs = g_build_filename (self->root, "module", "i915", "parameters",
                                                   "max_vfs", NULL);

      if (g_strcmp0 (driver, "xe") == 0)
        state->driver = SLICES_SIM_DRIVER_XE;
      else if (g_strcmp0 (driver, "i915") == 0 && g_file_test (max_vfs, G_FILE_TEST_EXISTS))
        state->driver = SLICES_SIM_DRIVER_I915_SRIOV;
      else
        state->driver = SLICES_SIM_DRIVER_I915;
    }
}

/* --- slices a pretend VM holds --- */

gboolean
slices_sim_state_is_held (GKeyFile   *keyfile,
                          const char *uuid)
{
  return g_key_file_has_key (keyfile, IN_USE_GROUP, uuid, NULL);
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
    return slices_sim_check_root_is_safe (self->root, error);

  address = slices_sim_is_component (uuid) ? slices_simulator_find_slice_gpu (self, uuid) : NULL;
  /* A VF is a slice too, named by its PCI address. */
  if (address == NULL && slices_pci_address_is_valid (uuid))
    address = slices_sim_read_physfn (self, uuid);
  if (address == NULL)
    {
      g_propagate_error (error, slices_error_new_no_slice (uuid));
      return FALSE;
    }

  keyfile = slices_simulator_load_state (self);
  old = g_key_file_get_string (keyfile, IN_USE_GROUP, uuid, NULL);
  if (g_strcmp0 (old, holder) == 0)
    return TRUE;

  if (slices_pci_address_is_valid (uuid) && !slices_sim_set_vf_holder (self, uuid, holder, error))
    return FALSE;

  if (holder != NULL)
    {
      g_key_file_set_string (keyfile, IN_USE_GROUP, uuid, holder);
    }
  else
    {
      g_key_file_remove_key (keyfile, IN_USE_GROUP, uuid, NULL);
      drop_empty_group (keyfile, IN_USE_GROUP);
    }

  if (!slices_simulator_save_state (self, keyfile, error))
    return FALSE;

  slices_simulator_emit_changed (self);
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

  keyfile = slices_simulator_load_state (self);
  return g_key_file_get_string (keyfile, IN_USE_GROUP, uuid, NULL);
}

/* --- the simulated mdevctl store --- */

gboolean
slices_simulator_store_define (SlicesSimulator  *self,
                               const char       *uuid,
                               const char       *address,
                               const char       *type_id,
                               GError          **error)
{
  g_autoptr(GKeyFile) keyfile = slices_simulator_load_state (self);
  const char * const value[] = { address, type_id, "auto", NULL };

  g_key_file_set_string_list (keyfile, MDEVCTL_GROUP, uuid, value, 3);
  return slices_simulator_save_state (self, keyfile, error);
}

gboolean
slices_simulator_store_forget (SlicesSimulator  *self,
                               const char       *uuid,
                               gboolean         *changed,
                               GError          **error)
{
  g_autoptr(GKeyFile) keyfile = slices_simulator_load_state (self);

  if (changed != NULL)
    *changed = FALSE;
  if (!g_key_file_remove_key (keyfile, MDEVCTL_GROUP, uuid, NULL))
    return TRUE;  /* not kept: already what was asked */

  drop_empty_group (keyfile, MDEVCTL_GROUP);
  if (!slices_simulator_save_state (self, keyfile, error))
    return FALSE;
  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
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

  keyfile = slices_simulator_load_state (self);
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
