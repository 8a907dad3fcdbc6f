/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel simulator: owns simulated sysfs trees of GVT-g GPUs (a real folder with real,
 * relative symlinks laid out like /sys), the kernel's rules for writes to `create` and `remove`
 * (../shared/FACTS.md §1), and the SlicesBackend implementation that demo mode and
 * `slicectl --simulate` use. This file is the object itself: its root, and the rule that keeps
 * it out of the real system. The tree, the hidden state, the kernel's rules and the backend
 * each have their own file (slices-simulator-private.h lists them).
 *
 * Safety: a simulator never writes into the real system. A root that is "/" or resolves into
 * /sys, /proc or /dev is refused: every write then fails and nothing is made or deleted.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-simulator-private.h"

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

static const char * const forbidden_prefixes[] = { "/sys", "/proc", "/dev" };

/* --- the real system is out of bounds --- */

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

gboolean
slices_sim_check_root_is_safe (const char  *root,
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

void
slices_simulator_emit_changed (SlicesSimulator *self)
{
  slices_notifier_emit_changed (SLICES_NOTIFIER (self));
}

/* --- GObject --- */

static void
slices_simulator_finalize (GObject *object)
{
  SlicesSimulator *self = SLICES_SIMULATOR (object);

  if (self->delete_root && !self->unsafe)
    slices_sim_remove_tree (self->root);

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
        self->unsafe = !slices_sim_check_root_is_safe (self->root, NULL);
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

  if (!slices_sim_check_root_is_safe (root, error))
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

  return slices_sim_check_root_is_safe (root, error);
}

gboolean
slices_sim_demo_from_string (const char    *name,
                             SlicesSimDemo *world)
{
  g_return_val_if_fail (world != NULL, FALSE);

  if (g_strcmp0 (name, "gvt") == 0)
    *world = SLICES_SIM_DEMO_GVT;
  else if (g_strcmp0 (name, "sriov") == 0)
    *world = SLICES_SIM_DEMO_SRIOV;
  else
    return FALSE;
  return TRUE;
}

const char *
slices_sim_demo_to_string (SlicesSimDemo world)
{
  return world == SLICES_SIM_DEMO_SRIOV ? "sriov" : "gvt";
}

/* The SR-IOV world's GPU: as the helper leaves it after set-vfs 3 (autoprobe 0 first), and
 * one VF given a GPU time profile, so that both kinds of row show. */
static gboolean
add_sriov_demo_gpu (SlicesSimulator  *self,
                    GError          **error)
{
  const char *pf = "0000:00:02.0";
  SlicesSimGpuSpec spec;
  int err;

  slices_sim_gpu_spec_init_ptl (&spec, pf);
  if (!slices_simulator_add_gpu (self, &spec, error))
    return FALSE;
  if ((err = slices_simulator_write_sriov_autoprobe (self, pf, "0", 1)) == 0 &&
      (err = slices_simulator_write_sriov_numvfs (self, pf, "3", 1)) == 0 &&
      (err = slices_simulator_write_sriov_admin (self, pf, "vf1/profile/exec_quantum_ms",
                                                 "20", 2)) == 0)
    err = slices_simulator_write_sriov_admin (self, pf, "vf1/profile/preempt_timeout_us",
                                              "500", 3);
  if (err != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   "Could not make the SR-IOV demo: %s", g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

SlicesSimulator *
slices_simulator_new_demo_world (SlicesSimDemo   world,
                                 GError        **error)
{
  g_autoptr(SlicesSimulator) self = NULL;
  g_autofree char *root = NULL;
  SlicesSimGpuSpec spec;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = g_dir_make_tmp ("gpu-slices-demo-XXXXXX", error);
  if (root == NULL)
    return NULL;

  /* A temporary folder inside /dev (TMPDIR=/dev/shm) is refused like any other. */
  if (!slices_sim_check_root_is_safe (root, error))
    {
      g_rmdir (root);
      return NULL;
    }

  self = slices_simulator_new (root);
  self->delete_root = TRUE;

  if (world == SLICES_SIM_DEMO_SRIOV)
    return add_sriov_demo_gpu (self, error) ? g_steal_pointer (&self) : NULL;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  if (!slices_simulator_add_gpu (self, &spec, error))
    return NULL;

  return g_steal_pointer (&self);
}

SlicesSimulator *
slices_simulator_new_demo (GError **error)
{
  return slices_simulator_new_demo_world (SLICES_SIM_DEMO_GVT, error);
}

const char *
slices_simulator_get_root (SlicesSimulator *self)
{
  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), NULL);

  return self->root;
}
