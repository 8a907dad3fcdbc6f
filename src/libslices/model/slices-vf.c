/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SR-IOV virtual function, a slice named by its PCI address: where it is, which driver
 * holds it (none, a VFIO driver for a VM, or the host's xe/i915 with a render node), its IOMMU
 * group, whether a process holds it open, and its xe sriov_admin profile.
 */
#include "config.h"

#include "slices-vf.h"
#include "slices-vf-private.h"

struct _SlicesVf
{
  GObject parent_instance;

  char     *address;
  guint    index;
  char     *driver;
  gint64   iommu_group;
  char     *render_node;
  char     *holder;
  gboolean has_profile;
  gint64   exec_quantum_ms;
  gint64   preempt_timeout_us;
  char     *sched_priority;
};

G_DEFINE_FINAL_TYPE (SlicesVf, slices_vf, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_INDEX,
  PROP_DRIVER,
  PROP_IOMMU_GROUP,
  PROP_RENDER_NODE,
  PROP_HOLDER,
  PROP_HAS_PROFILE,
  PROP_EXEC_QUANTUM_MS,
  PROP_PREEMPT_TIMEOUT_US,
  PROP_SCHED_PRIORITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
slices_vf_finalize (GObject *object)
{
  SlicesVf *self = (SlicesVf *) object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->driver, g_free);
  g_clear_pointer (&self->render_node, g_free);
  g_clear_pointer (&self->holder, g_free);
  g_clear_pointer (&self->sched_priority, g_free);

  G_OBJECT_CLASS (slices_vf_parent_class)->finalize (object);
}

static void
slices_vf_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SlicesVf *self = (SlicesVf *) object;

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_DRIVER:
      g_value_set_string (value, self->driver);
      break;
    case PROP_IOMMU_GROUP:
      g_value_set_int64 (value, self->iommu_group);
      break;
    case PROP_RENDER_NODE:
      g_value_set_string (value, self->render_node);
      break;
    case PROP_HOLDER:
      g_value_set_string (value, self->holder);
      break;
    case PROP_HAS_PROFILE:
      g_value_set_boolean (value, self->has_profile);
      break;
    case PROP_EXEC_QUANTUM_MS:
      g_value_set_int64 (value, self->exec_quantum_ms);
      break;
    case PROP_PREEMPT_TIMEOUT_US:
      g_value_set_int64 (value, self->preempt_timeout_us);
      break;
    case PROP_SCHED_PRIORITY:
      g_value_set_string (value, self->sched_priority);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_vf_class_init (SlicesVfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = slices_vf_finalize;
  object_class->get_property = slices_vf_get_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, ro);
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DRIVER] =
    g_param_spec_string ("driver", NULL, NULL, NULL, ro);
  properties[PROP_IOMMU_GROUP] =
    g_param_spec_int64 ("iommu-group", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_RENDER_NODE] =
    g_param_spec_string ("render-node", NULL, NULL, NULL, ro);
  properties[PROP_HOLDER] =
    g_param_spec_string ("holder", NULL, NULL, NULL, ro);
  properties[PROP_HAS_PROFILE] =
    g_param_spec_boolean ("has-profile", NULL, NULL, FALSE, ro);
  properties[PROP_EXEC_QUANTUM_MS] =
    g_param_spec_int64 ("exec-quantum-ms", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_PREEMPT_TIMEOUT_US] =
    g_param_spec_int64 ("preempt-timeout-us", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_SCHED_PRIORITY] =
    g_param_spec_string ("sched-priority", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_vf_init (SlicesVf *self)
{
  self->iommu_group = -1;
  self->exec_quantum_ms = -1;
  self->preempt_timeout_us = -1;
}

const char *
slices_vf_get_address (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), NULL);
  return self->address;
}

guint
slices_vf_get_index (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), 0);
  return self->index;
}

const char *
slices_vf_get_driver (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), NULL);
  return self->driver;
}

gint64
slices_vf_get_iommu_group (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), -1);
  return self->iommu_group;
}

const char *
slices_vf_get_render_node (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), NULL);
  return self->render_node;
}

const char *
slices_vf_get_holder (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), NULL);
  return self->holder;
}

gboolean
slices_vf_get_has_profile (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), FALSE);
  return self->has_profile;
}

gint64
slices_vf_get_exec_quantum_ms (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), -1);
  return self->exec_quantum_ms;
}

gint64
slices_vf_get_preempt_timeout_us (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), -1);
  return self->preempt_timeout_us;
}

const char *
slices_vf_get_sched_priority (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), NULL);
  return self->sched_priority;
}

void
slices_vf_set_driver (SlicesVf *self,
                      const char *value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (g_strcmp0 (self->driver, value) == 0)
    return;
  g_free (self->driver);
  self->driver = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVER]);
}

void
slices_vf_set_iommu_group (SlicesVf *self,
                           gint64      value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (self->iommu_group == value)
    return;
  self->iommu_group = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IOMMU_GROUP]);
}

void
slices_vf_set_render_node (SlicesVf *self,
                           const char *value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (g_strcmp0 (self->render_node, value) == 0)
    return;
  g_free (self->render_node);
  self->render_node = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDER_NODE]);
}

void
slices_vf_set_holder (SlicesVf *self,
                      const char *value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (g_strcmp0 (self->holder, value) == 0)
    return;
  g_free (self->holder);
  self->holder = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDER]);
}

void
slices_vf_set_has_profile (SlicesVf *self,
                           gboolean    value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (self->has_profile == value)
    return;
  self->has_profile = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PROFILE]);
}

void
slices_vf_set_exec_quantum_ms (SlicesVf *self,
                               gint64      value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (self->exec_quantum_ms == value)
    return;
  self->exec_quantum_ms = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXEC_QUANTUM_MS]);
}

void
slices_vf_set_preempt_timeout_us (SlicesVf *self,
                                  gint64      value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (self->preempt_timeout_us == value)
    return;
  self->preempt_timeout_us = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREEMPT_TIMEOUT_US]);
}

void
slices_vf_set_sched_priority (SlicesVf *self,
                              const char *value)
{
  g_return_if_fail (SLICES_IS_VF (self));

  if (g_strcmp0 (self->sched_priority, value) == 0)
    return;
  g_free (self->sched_priority);
  self->sched_priority = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHED_PRIORITY]);
}

gboolean
slices_vf_merge (SlicesVf *self,
                 SlicesVf *other)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (SLICES_IS_VF (self), FALSE);
  g_return_val_if_fail (SLICES_IS_VF (other), FALSE);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->driver, other->driver) != 0)
    {
      slices_vf_set_driver (self, other->driver);
      changed = TRUE;
    }
  if (self->iommu_group != other->iommu_group)
    {
      slices_vf_set_iommu_group (self, other->iommu_group);
      changed = TRUE;
    }
  if (g_strcmp0 (self->render_node, other->render_node) != 0)
    {
      slices_vf_set_render_node (self, other->render_node);
      changed = TRUE;
    }
  if (g_strcmp0 (self->holder, other->holder) != 0)
    {
      slices_vf_set_holder (self, other->holder);
      changed = TRUE;
    }
  if (self->has_profile != other->has_profile)
    {
      slices_vf_set_has_profile (self, other->has_profile);
      changed = TRUE;
    }
  if (self->exec_quantum_ms != other->exec_quantum_ms)
    {
      slices_vf_set_exec_quantum_ms (self, other->exec_quantum_ms);
      changed = TRUE;
    }
  if (self->preempt_timeout_us != other->preempt_timeout_us)
    {
      slices_vf_set_preempt_timeout_us (self, other->preempt_timeout_us);
      changed = TRUE;
    }
  if (g_strcmp0 (self->sched_priority, other->sched_priority) != 0)
    {
      slices_vf_set_sched_priority (self, other->sched_priority);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));

  return changed;
}

SlicesVf *
slices_vf_new (const char *address,
               guint       index)
{
  SlicesVf *self;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (SLICES_TYPE_VF, NULL);
  self->address = g_strdup (address);
  self->index = index;
  return self;
}

gboolean
slices_vf_is_vfio (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), FALSE);
  return self->driver != NULL &&
         (g_str_equal (self->driver, "vfio-pci") || g_str_has_suffix (self->driver, "-vfio-pci"));
}

gboolean
slices_vf_is_host_bound (SlicesVf *self)
{
  g_return_val_if_fail (SLICES_IS_VF (self), FALSE);
  return g_strcmp0 (self->driver, "xe") == 0 || g_strcmp0 (self->driver, "i915") == 0;
}
