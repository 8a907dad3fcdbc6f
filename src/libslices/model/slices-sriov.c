/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an SR-IOV GPU (the PF) shows: the driver that makes its VFs, how many it can make and
 * has made, whether new VFs are probed by the host, xe's sriov_admin profile of the PF, and
 * the live list of its VFs (SlicesVf, by index; updated in place like a GPU's slices).
 */
#include "config.h"

#include "slices-sriov.h"
#include "slices-sriov-private.h"
#include "slices-vf.h"
#include "slices-vf-private.h"

struct _SlicesSriov
{
  GObject parent_instance;

  char     *driver;
  guint    total_vfs;
  guint    enabled_vfs;
  gboolean autoprobe;
  gboolean has_admin;
  gint64   exec_quantum_ms;
  gint64   preempt_timeout_us;
  char     *sched_priority;

  GListStore *vfs;
};

G_DEFINE_FINAL_TYPE (SlicesSriov, slices_sriov, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DRIVER,
  PROP_TOTAL_VFS,
  PROP_ENABLED_VFS,
  PROP_AUTOPROBE,
  PROP_HAS_ADMIN,
  PROP_EXEC_QUANTUM_MS,
  PROP_PREEMPT_TIMEOUT_US,
  PROP_SCHED_PRIORITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
compare_vfs (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  guint ia = slices_vf_get_index ((SlicesVf *) a);
  guint ib = slices_vf_get_index ((SlicesVf *) b);

  return ia < ib ? -1 : ia > ib;
}

static gboolean
has_vf (GListModel *model,
        SlicesVf   *vf)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesVf) other = g_list_model_get_item (model, i);

      if (g_str_equal (slices_vf_get_address (vf), slices_vf_get_address (other)))
        return TRUE;
    }
  return FALSE;
}

/* Keeps the VFs @theirs still has (same address, updated in place), removes the others and
 * inserts the new ones: rows bound to a VF keep it across a refresh. */
static gboolean
merge_vfs (GListStore *mine,
           GListModel *theirs)
{
  gboolean changed = FALSE;
  guint n_theirs = g_list_model_get_n_items (theirs);

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (mine)); i > 0; i--)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (G_LIST_MODEL (mine), i - 1);
      gboolean found = FALSE;

      for (guint j = 0; j < n_theirs && !found; j++)
        {
          g_autoptr(SlicesVf) other = g_list_model_get_item (theirs, j);

          found = g_str_equal (slices_vf_get_address (vf), slices_vf_get_address (other));
          if (found)
            changed |= slices_vf_merge (vf, other);
        }
      if (!found)
        {
          g_list_store_remove (mine, i - 1);
          changed = TRUE;
        }
    }

  for (guint j = 0; j < n_theirs; j++)
    {
      g_autoptr(SlicesVf) other = g_list_model_get_item (theirs, j);

      if (!has_vf (G_LIST_MODEL (mine), other))
        {
          g_list_store_insert_sorted (mine, other, compare_vfs, NULL);
          changed = TRUE;
        }
    }

  return changed;
}

static void
slices_sriov_dispose (GObject *object)
{
  SlicesSriov *self = (SlicesSriov *) object;

  if (self->vfs != NULL)
    g_list_store_remove_all (self->vfs);

  G_OBJECT_CLASS (slices_sriov_parent_class)->dispose (object);
}

static void
slices_sriov_finalize (GObject *object)
{
  SlicesSriov *self = (SlicesSriov *) object;

  g_clear_pointer (&self->driver, g_free);
  g_clear_pointer (&self->sched_priority, g_free);
  g_clear_object (&self->vfs);

  G_OBJECT_CLASS (slices_sriov_parent_class)->finalize (object);
}

static void
slices_sriov_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlicesSriov *self = (SlicesSriov *) object;

  switch (prop_id)
    {
    case PROP_DRIVER:
      g_value_set_string (value, self->driver);
      break;
    case PROP_TOTAL_VFS:
      g_value_set_uint (value, self->total_vfs);
      break;
    case PROP_ENABLED_VFS:
      g_value_set_uint (value, self->enabled_vfs);
      break;
    case PROP_AUTOPROBE:
      g_value_set_boolean (value, self->autoprobe);
      break;
    case PROP_HAS_ADMIN:
      g_value_set_boolean (value, self->has_admin);
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
slices_sriov_class_init (SlicesSriovClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = slices_sriov_dispose;
  object_class->finalize = slices_sriov_finalize;
  object_class->get_property = slices_sriov_get_property;

  properties[PROP_DRIVER] =
    g_param_spec_string ("driver", NULL, NULL, NULL, ro);
  properties[PROP_TOTAL_VFS] =
    g_param_spec_uint ("total-vfs", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ENABLED_VFS] =
    g_param_spec_uint ("enabled-vfs", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_AUTOPROBE] =
    g_param_spec_boolean ("autoprobe", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_ADMIN] =
    g_param_spec_boolean ("has-admin", NULL, NULL, FALSE, ro);
  properties[PROP_EXEC_QUANTUM_MS] =
    g_param_spec_int64 ("exec-quantum-ms", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_PREEMPT_TIMEOUT_US] =
    g_param_spec_int64 ("preempt-timeout-us", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_SCHED_PRIORITY] =
    g_param_spec_string ("sched-priority", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_sriov_init (SlicesSriov *self)
{
  self->exec_quantum_ms = -1;
  self->preempt_timeout_us = -1;
  self->vfs = g_list_store_new (SLICES_TYPE_VF);
}

const char *
slices_sriov_get_driver (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), NULL);
  return self->driver;
}

guint
slices_sriov_get_total_vfs (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), 0);
  return self->total_vfs;
}

guint
slices_sriov_get_enabled_vfs (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), 0);
  return self->enabled_vfs;
}

gboolean
slices_sriov_get_autoprobe (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), FALSE);
  return self->autoprobe;
}

gboolean
slices_sriov_get_has_admin (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), FALSE);
  return self->has_admin;
}

gint64
slices_sriov_get_exec_quantum_ms (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), -1);
  return self->exec_quantum_ms;
}

gint64
slices_sriov_get_preempt_timeout_us (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), -1);
  return self->preempt_timeout_us;
}

const char *
slices_sriov_get_sched_priority (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), NULL);
  return self->sched_priority;
}

void
slices_sriov_set_driver (SlicesSriov *self,
                         const char *value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (g_strcmp0 (self->driver, value) == 0)
    return;
  g_free (self->driver);
  self->driver = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVER]);
}

void
slices_sriov_set_total_vfs (SlicesSriov *self,
                            guint       value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (self->total_vfs == value)
    return;
  self->total_vfs = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_VFS]);
}

void
slices_sriov_set_enabled_vfs (SlicesSriov *self,
                              guint       value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (self->enabled_vfs == value)
    return;
  self->enabled_vfs = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED_VFS]);
}

void
slices_sriov_set_autoprobe (SlicesSriov *self,
                            gboolean    value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (self->autoprobe == value)
    return;
  self->autoprobe = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOPROBE]);
}

void
slices_sriov_set_has_admin (SlicesSriov *self,
                            gboolean    value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (self->has_admin == value)
    return;
  self->has_admin = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ADMIN]);
}

void
slices_sriov_set_exec_quantum_ms (SlicesSriov *self,
                                  gint64      value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (self->exec_quantum_ms == value)
    return;
  self->exec_quantum_ms = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXEC_QUANTUM_MS]);
}

void
slices_sriov_set_preempt_timeout_us (SlicesSriov *self,
                                     gint64      value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (self->preempt_timeout_us == value)
    return;
  self->preempt_timeout_us = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREEMPT_TIMEOUT_US]);
}

void
slices_sriov_set_sched_priority (SlicesSriov *self,
                                 const char *value)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));

  if (g_strcmp0 (self->sched_priority, value) == 0)
    return;
  g_free (self->sched_priority);
  self->sched_priority = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHED_PRIORITY]);
}

gboolean
slices_sriov_merge (SlicesSriov *self,
                    SlicesSriov *other)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (SLICES_IS_SRIOV (self), FALSE);
  g_return_val_if_fail (SLICES_IS_SRIOV (other), FALSE);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->driver, other->driver) != 0)
    {
      slices_sriov_set_driver (self, other->driver);
      changed = TRUE;
    }
  if (self->total_vfs != other->total_vfs)
    {
      slices_sriov_set_total_vfs (self, other->total_vfs);
      changed = TRUE;
    }
  if (self->enabled_vfs != other->enabled_vfs)
    {
      slices_sriov_set_enabled_vfs (self, other->enabled_vfs);
      changed = TRUE;
    }
  if (self->autoprobe != other->autoprobe)
    {
      slices_sriov_set_autoprobe (self, other->autoprobe);
      changed = TRUE;
    }
  if (self->has_admin != other->has_admin)
    {
      slices_sriov_set_has_admin (self, other->has_admin);
      changed = TRUE;
    }
  if (self->exec_quantum_ms != other->exec_quantum_ms)
    {
      slices_sriov_set_exec_quantum_ms (self, other->exec_quantum_ms);
      changed = TRUE;
    }
  if (self->preempt_timeout_us != other->preempt_timeout_us)
    {
      slices_sriov_set_preempt_timeout_us (self, other->preempt_timeout_us);
      changed = TRUE;
    }
  if (g_strcmp0 (self->sched_priority, other->sched_priority) != 0)
    {
      slices_sriov_set_sched_priority (self, other->sched_priority);
      changed = TRUE;
    }
  changed |= merge_vfs (self->vfs, G_LIST_MODEL (other->vfs));
  g_object_thaw_notify (G_OBJECT (self));

  return changed;
}

SlicesSriov *
slices_sriov_new (void)
{
  return g_object_new (SLICES_TYPE_SRIOV, NULL);
}

GListModel *
slices_sriov_get_vfs (SlicesSriov *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV (self), NULL);
  return G_LIST_MODEL (self->vfs);
}

SlicesVf *
slices_sriov_find_vf (SlicesSriov *self,
                      const char  *address)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_SRIOV (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->vfs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (G_LIST_MODEL (self->vfs), i);

      if (g_ascii_strcasecmp (slices_vf_get_address (vf), address) == 0)
        return vf; /* the store keeps it alive */
    }
  return NULL;
}

guint
slices_sriov_count_host_bound (SlicesSriov *self)
{
  guint n, count = 0;

  g_return_val_if_fail (SLICES_IS_SRIOV (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->vfs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (G_LIST_MODEL (self->vfs), i);

      count += slices_vf_is_host_bound (vf);
    }
  return count;
}

SlicesVf *
slices_sriov_find_held (SlicesSriov *self)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_SRIOV (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->vfs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (G_LIST_MODEL (self->vfs), i);

      if (slices_vf_get_holder (vf) != NULL)
        return vf; /* the store keeps it alive */
    }
  return NULL;
}

void
slices_sriov_add_vf (SlicesSriov *self,
                     SlicesVf    *vf)
{
  g_return_if_fail (SLICES_IS_SRIOV (self));
  g_return_if_fail (SLICES_IS_VF (vf));

  g_list_store_insert_sorted (self->vfs, vf, compare_vfs, NULL);
}
