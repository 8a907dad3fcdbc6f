/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one model: the GPUs of a sysfs root, their slice types and slices. A refresh reads the
 * whole tree again (cheap: a few hundred small reads) and merges it into long-lived objects,
 * so that widgets keep their rows, selection and scroll position. Refreshes come from the
 * udev monitor (a real root) or from another SlicesNotifier (the simulator's, in the demo and
 * with --simulate);
 * "changed" is emitted once per refresh that changed something, never for a no-op refresh.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-ids.h"
#include "slices-host.h"
#include "slices-monitor.h"
#include "slices-slice.h"
#include "slices-sriov.h"
#include "slices-sysfs.h"
#include "slices-vf.h"

struct _SlicesHost
{
  GObject parent_instance;

  char *sysfs_root;
  GListStore *gpus;          /* SlicesGpu offering slices: GVT-g types or SR-IOV VFs */
  GListStore *inactive_gpus; /* Intel display devices without types */

  GMainContext *context;     /* where refreshes run and "changed" is emitted */
  SlicesMonitor *monitor;
  SlicesNotifier *notifier;  /* instead of the monitor */
  gulong notifier_changed_id;
};

G_DEFINE_FINAL_TYPE (SlicesHost, slices_host, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYSFS_ROOT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
compare_gpus (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (slices_gpu_get_address ((SlicesGpu *) a),
                    slices_gpu_get_address ((SlicesGpu *) b));
}

static SlicesGpu *
find_in_store (GListStore *store,
               const char *address)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (slices_gpu_get_address (gpu), address) == 0)
        return gpu; /* the store keeps it alive */
    }

  return NULL;
}

/* Drops from @store the GPUs that are not in @wanted (a set of SlicesGpu). */
static gboolean
remove_unwanted (GListStore *store,
                 GHashTable *wanted)
{
  gboolean changed = FALSE;

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(SlicesGpu) item = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

      if (!g_hash_table_contains (wanted, item))
        {
          g_list_store_remove (store, i - 1);
          changed = TRUE;
        }
    }

  return changed;
}

/* Inserts the GPUs of @wanted that @store lacks, in address order. */
static gboolean
add_missing (GListStore *store,
             GHashTable *wanted)
{
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer gpu;

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &gpu, NULL))
    {
      guint position;

      if (!g_list_store_find (store, gpu, &position))
        {
          g_list_store_insert_sorted (store, gpu, compare_gpus, NULL);
          changed = TRUE;
        }
    }

  return changed;
}

static gboolean
refresh_in_context_cb (gpointer user_data)
{
  SlicesHost *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!slices_host_refresh (self, &error))
    g_warning ("Could not refresh the GPU list: %s", error->message);

  return G_SOURCE_REMOVE;
}

/* Refreshes now when called in the host's context (the common case: the monitor and the
 * simulator signal from the main loop), else queues the refresh there. */
static void
queue_refresh (SlicesHost *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, refresh_in_context_cb,
                              g_object_ref (self), g_object_unref);
}

static void
on_monitor_changed_cb (SlicesMonitor *monitor,
                       SlicesHost    *self)
{
  queue_refresh (self);
}

static void
on_notifier_changed_cb (SlicesNotifier *notifier,
                         SlicesHost      *self)
{
  queue_refresh (self);
}

static void
slices_host_dispose (GObject *object)
{
  SlicesHost *self = (SlicesHost *) object;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, on_monitor_changed_cb, self);
  g_clear_object (&self->monitor);
  if (self->notifier != NULL)
    g_clear_signal_handler (&self->notifier_changed_id, self->notifier);
  g_clear_object (&self->notifier);

  if (self->gpus != NULL)
    g_list_store_remove_all (self->gpus);
  if (self->inactive_gpus != NULL)
    g_list_store_remove_all (self->inactive_gpus);

  G_OBJECT_CLASS (slices_host_parent_class)->dispose (object);
}

static void
slices_host_finalize (GObject *object)
{
  SlicesHost *self = (SlicesHost *) object;

  g_clear_pointer (&self->sysfs_root, g_free);
  g_clear_object (&self->gpus);
  g_clear_object (&self->inactive_gpus);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (slices_host_parent_class)->finalize (object);
}

static void
slices_host_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SlicesHost *self = SLICES_HOST (object);

  switch (prop_id)
    {
    case PROP_SYSFS_ROOT:
      g_value_set_string (value, self->sysfs_root);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_host_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SlicesHost *self = SLICES_HOST (object);

  switch (prop_id)
    {
    case PROP_SYSFS_ROOT:
      self->sysfs_root = g_value_dup_string (value);
      if (self->sysfs_root == NULL)
        self->sysfs_root = g_strdup (SLICES_DEFAULT_SYSFS_ROOT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_host_class_init (SlicesHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_host_dispose;
  object_class->finalize = slices_host_finalize;
  object_class->get_property = slices_host_get_property;
  object_class->set_property = slices_host_set_property;

  properties[PROP_SYSFS_ROOT] =
    g_param_spec_string ("sysfs-root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlicesHost::changed:
   *
   * A refresh changed something: a GPU, a type, a slice, or one of their properties.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
slices_host_init (SlicesHost *self)
{
  self->gpus = g_list_store_new (SLICES_TYPE_GPU);
  self->inactive_gpus = g_list_store_new (SLICES_TYPE_GPU);
  self->context = g_main_context_ref_thread_default ();
}

SlicesHost *
slices_host_new (const char *sysfs_root)
{
  return g_object_new (SLICES_TYPE_HOST, "sysfs-root", sysfs_root, NULL);
}

gboolean
slices_host_refresh (SlicesHost  *self,
                     GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) active = NULL;
  g_autoptr(GHashTable) inactive = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (SLICES_IS_HOST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  found = slices_sysfs_discover (self->sysfs_root, TRUE, error);
  if (found == NULL)
    return FALSE;

  active = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  inactive = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);

  for (guint i = 0; i < found->len; i++)
    {
      SlicesGpu *fresh = g_ptr_array_index (found, i);
      const char *address = slices_gpu_get_address (fresh);
      SlicesGpu *kept;

      /* The same object even when a GPU moves between the lists (GVT-g switched on). */
      kept = find_in_store (self->gpus, address);
      if (kept == NULL)
        kept = find_in_store (self->inactive_gpus, address);

      if (kept != NULL)
        changed |= slices_gpu_merge (kept, fresh);
      else
        kept = fresh;

      /* GVT-g and SR-IOV GPUs both offer slices. */
      g_hash_table_add (slices_gpu_get_technology (kept) != SLICES_TECHNOLOGY_NONE ? active
                                                                                  : inactive,
                        g_object_ref (kept));
    }

  /* All removals first, so that a GPU moving between the lists is never in both. */
  changed |= remove_unwanted (self->gpus, active);
  changed |= remove_unwanted (self->inactive_gpus, inactive);
  changed |= add_missing (self->gpus, active);
  changed |= add_missing (self->inactive_gpus, inactive);

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

gboolean
slices_host_watch (SlicesHost  *self,
                   GError     **error)
{
  g_return_val_if_fail (SLICES_IS_HOST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->monitor != NULL)
    return TRUE;

  self->monitor = slices_monitor_new (error);
  if (self->monitor == NULL)
    return FALSE;

  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_monitor_changed_cb), self);

  return TRUE;
}

void
slices_host_watch_notifier (SlicesHost     *self,
                            SlicesNotifier *notifier)
{
  g_return_if_fail (SLICES_IS_HOST (self));
  g_return_if_fail (SLICES_IS_NOTIFIER (notifier));

  if (self->notifier == notifier)
    return;

  if (self->notifier != NULL)
    g_clear_signal_handler (&self->notifier_changed_id, self->notifier);
  g_set_object (&self->notifier, notifier);
  self->notifier_changed_id = g_signal_connect (notifier, "changed",
                                                G_CALLBACK (on_notifier_changed_cb), self);
}

const char *
slices_host_get_sysfs_root (SlicesHost *self)
{
  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  return self->sysfs_root;
}

GListModel *
slices_host_get_gpus (SlicesHost *self)
{
  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  return G_LIST_MODEL (self->gpus);
}

GListModel *
slices_host_get_inactive_gpus (SlicesHost *self)
{
  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  return G_LIST_MODEL (self->inactive_gpus);
}

SlicesGpu *
slices_host_find_gpu (SlicesHost *self,
                      const char *address)
{
  SlicesGpu *gpu;

  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  gpu = find_in_store (self->gpus, address);
  if (gpu == NULL)
    gpu = find_in_store (self->inactive_gpus, address);
  return gpu;
}

SlicesSlice *
slices_host_find_slice (SlicesHost *self,
                        const char *uuid)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->gpus));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (G_LIST_MODEL (self->gpus), i);
      SlicesSlice *slice = slices_gpu_find_slice (gpu, uuid);

      if (slice != NULL)
        return slice;
    }

  return NULL;
}

/* The VF @address of any GPU, and that GPU in @gpu_out (may be NULL). */
static SlicesVf *
find_vf (SlicesHost  *self,
         const char  *address,
         SlicesGpu  **gpu_out)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->gpus));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (G_LIST_MODEL (self->gpus), i);
      SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
      SlicesVf *vf = sriov != NULL ? slices_sriov_find_vf (sriov, address) : NULL;

      if (vf != NULL)
        {
          if (gpu_out != NULL)
            *gpu_out = gpu;  /* the store keeps it alive */
          return vf;
        }
    }

  return NULL;
}

SlicesVf *
slices_host_find_vf (SlicesHost *self,
                     const char *address)
{
  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  return find_vf (self, address, NULL);
}

/* The GPU (offering slices or not) at @address's domain, bus and slot with another function:
 * the PF whose VFs would sit there. */
static SlicesGpu *
find_gpu_in_slot (GListModel *gpus,
                  const char *address)
{
  guint n = g_list_model_get_n_items (gpus);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);
      const char *pf = slices_gpu_get_address (gpu);

      /* "dddd:bb:dd." is the slot; the function follows. */
      if (strncmp (pf, address, 11) == 0 && strcmp (pf, address) != 0)
        return gpu;  /* the store keeps it alive */
    }
  return NULL;
}

gboolean
slices_host_is_vf_address (SlicesHost *self,
                           const char *address)
{
  SlicesGpu *gpu;

  g_return_val_if_fail (SLICES_IS_HOST (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (!slices_pci_address_is_valid (address))
    return FALSE;
  if (slices_host_find_vf (self, address) != NULL)
    return TRUE;
  gpu = find_gpu_in_slot (G_LIST_MODEL (self->gpus), address);
  return gpu != NULL && slices_gpu_get_sriov (gpu) != NULL;
}

/* The first VF of @gpu, as an example of what a VM gets; NULL when none is enabled. */
static const char *
first_vf_address (SlicesGpu *gpu)
{
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  g_autoptr(SlicesVf) vf = NULL;

  if (sriov == NULL || g_list_model_get_n_items (slices_sriov_get_vfs (sriov)) == 0)
    return NULL;
  vf = g_list_model_get_item (slices_sriov_get_vfs (sriov), 0);
  return slices_vf_get_address (vf);  /* the store keeps it alive */
}

SlicesVf *
slices_host_find_vf_for_vm (SlicesHost  *self,
                            const char  *address,
                            SlicesGpu  **gpu_out,
                            GError     **error)
{
  g_autofree char *canonical = NULL;
  SlicesGpu *gpu;
  SlicesVf *vf;

  g_return_val_if_fail (SLICES_IS_HOST (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (gpu_out != NULL)
    *gpu_out = NULL;
  canonical = slices_pci_address_dup_canonical (address);
  if (canonical == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address; a virtual function is named like "
                     "0000:00:02.1 (“slicectl list” shows them)."), address);
      return NULL;
    }

  if ((vf = find_vf (self, canonical, gpu_out)) != NULL)
    return vf;

  gpu = slices_host_find_gpu (self, canonical);
  if (gpu == NULL)
    gpu = find_in_store (self->inactive_gpus, canonical);
  if (gpu != NULL)
    {
      const char *example = first_vf_address (gpu);

      if (example != NULL)
        g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                     _("%s is the GPU itself (the PF), not one of its virtual functions: a VM "
                       "gets a virtual function, such as %s."), canonical, example);
      else
        g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                     _("%s is the GPU itself (the PF), not one of its virtual functions: a VM "
                       "gets a virtual function, and this GPU has none enabled "
                       "(“slicectl set-vfs --gpu %s N” makes them)."), canonical, canonical);
      return NULL;
    }

  gpu = find_gpu_in_slot (G_LIST_MODEL (self->gpus), canonical);
  if (gpu != NULL && slices_gpu_get_sriov (gpu) != NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE,
                   _("%s is not an enabled virtual function of GPU %s (it has %u enabled); "
                     "“slicectl set-vfs --gpu %s N” changes how many it has."),
                   canonical, slices_gpu_get_address (gpu),
                   slices_sriov_get_enabled_vfs (slices_gpu_get_sriov (gpu)),
                   slices_gpu_get_address (gpu));
      return NULL;
    }

  g_set_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE,
               _("%s is no virtual function of an SR-IOV GPU on this system; “slicectl list” "
                 "shows them."), canonical);
  return NULL;
}
