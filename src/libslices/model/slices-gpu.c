/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GPU with its live lists of slice types and slices. Discovery builds a fresh SlicesGpu
 * for every refresh; slices_gpu_merge() folds it into the long-lived one so that widgets bound
 * to the lists keep their rows: same objects, properties notified only on real change,
 * items-changed only for additions and removals.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-gpu.h"
#include "slices-platform.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-sriov.h"
#include "slices-sriov-private.h"

struct _SlicesGpu
{
  GObject parent_instance;

  char *address;
  guint vendor_id;
  guint device_id;
  guint pci_class;
  char *driver;
  char *product_name;
  GStrv render_nodes;
  gboolean has_types;
  SlicesSriov *sriov;

  GListStore *types;
  GListStore *slices;
};

G_DEFINE_FINAL_TYPE (SlicesGpu, slices_gpu, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SlicesGvtSupport, slices_gvt_support,
  G_DEFINE_ENUM_VALUE (SLICES_GVT_SUPPORT_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (SLICES_GVT_SUPPORT_GVT_G, "gvt-g"),
  G_DEFINE_ENUM_VALUE (SLICES_GVT_SUPPORT_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SLICES_GVT_SUPPORT_SRIOV, "sriov"))

G_DEFINE_ENUM_TYPE (SlicesTechnology, slices_technology,
  G_DEFINE_ENUM_VALUE (SLICES_TECHNOLOGY_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SLICES_TECHNOLOGY_GVT_G, "gvt-g"),
  G_DEFINE_ENUM_VALUE (SLICES_TECHNOLOGY_SRIOV, "sr-iov"))

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_VENDOR_ID,
  PROP_DEVICE_ID,
  PROP_PCI_CLASS,
  PROP_DRIVER,
  PROP_PLATFORM,
  PROP_GVT_SUPPORT,
  PROP_PRODUCT_NAME,
  PROP_RENDER_NODES,
  PROP_HAS_TYPES,
  PROP_TECHNOLOGY,
  PROP_SRIOV,
  PROP_TYPES,
  PROP_SLICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const empty_strv[] = { NULL };

/* Smallest share first; types whose weight is unknown go last; then by id. */
static int
compare_types (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SlicesSliceType *ta = (SlicesSliceType *) a;
  SlicesSliceType *tb = (SlicesSliceType *) b;
  guint wa = (guint) slices_slice_type_get_weight (ta); /* -1 sorts last */
  guint wb = (guint) slices_slice_type_get_weight (tb);

  if (wa != wb)
    return wa < wb ? -1 : 1;
  return g_strcmp0 (slices_slice_type_get_id (ta), slices_slice_type_get_id (tb));
}

static int
compare_slices (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (slices_slice_get_uuid ((SlicesSlice *) a),
                    slices_slice_get_uuid ((SlicesSlice *) b));
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  return g_strv_equal (a != NULL ? a : empty_strv, b != NULL ? b : empty_strv);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Merges a type discovered just now into the one the UI holds; TRUE when something changed. */
static gboolean
merge_type (SlicesSliceType *self,
            SlicesSliceType *other)
{
  gboolean changed = FALSE;

  if (g_strcmp0 (slices_slice_type_get_name (self), slices_slice_type_get_name (other)) != 0)
    {
      slices_slice_type_set_name (self, slices_slice_type_get_name (other));
      changed = TRUE;
    }
  if (g_strcmp0 (slices_slice_type_get_description (self),
                 slices_slice_type_get_description (other)) != 0)
    {
      slices_slice_type_set_description (self, slices_slice_type_get_description (other));
      changed = TRUE;
    }
  if (slices_slice_type_get_available (self) != slices_slice_type_get_available (other))
    {
      slices_slice_type_set_available (self, slices_slice_type_get_available (other));
      changed = TRUE;
    }
  if (g_strcmp0 (slices_slice_type_get_device_api (self),
                 slices_slice_type_get_device_api (other)) != 0)
    {
      slices_slice_type_set_device_api (self, slices_slice_type_get_device_api (other));
      changed = TRUE;
    }

  return changed;
}

static gboolean
merge_slice (SlicesSlice *self,
             SlicesSlice *other)
{
  gboolean changed = FALSE;

  if (g_strcmp0 (slices_slice_get_driver (self), slices_slice_get_driver (other)) != 0)
    {
      slices_slice_set_driver (self, slices_slice_get_driver (other));
      changed = TRUE;
    }
  if (slices_slice_get_iommu_group (self) != slices_slice_get_iommu_group (other))
    {
      slices_slice_set_iommu_group (self, slices_slice_get_iommu_group (other));
      changed = TRUE;
    }

  return changed;
}

static gboolean
same_slice_identity (SlicesSlice *a,
                     SlicesSlice *b)
{
  return g_strcmp0 (slices_slice_get_uuid (a), slices_slice_get_uuid (b)) == 0
         && g_strcmp0 (slices_slice_get_type_id (a), slices_slice_get_type_id (b)) == 0
         && g_strcmp0 (slices_slice_get_gpu_address (a), slices_slice_get_gpu_address (b)) == 0;
}

static gboolean
is_in_order (GListModel       *model,
             guint             position,
             GCompareDataFunc  compare)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);
  guint n = g_list_model_get_n_items (model);

  if (position > 0)
    {
      g_autoptr(GObject) before = g_list_model_get_item (model, position - 1);

      if (compare (before, item, NULL) > 0)
        return FALSE;
    }
  if (position + 1 < n)
    {
      g_autoptr(GObject) after = g_list_model_get_item (model, position + 1);

      if (compare (item, after, NULL) > 0)
        return FALSE;
    }

  return TRUE;
}

/* Keeps the objects of @mine that @theirs still has (updated by @merge), removes the others
 * and inserts the new ones in sorted position. Lists are small (a handful of types, at most
 * 7 slices), so plain linear lookups are fine. */
static gboolean
merge_store (GListStore       *mine,
             GListModel       *theirs,
             GCompareDataFunc  compare,
             gboolean        (*same) (gpointer a, gpointer b),
             gboolean        (*merge) (gpointer self, gpointer other))
{
  gboolean changed = FALSE;
  guint n_theirs = g_list_model_get_n_items (theirs);

  /* Removals first, from the end so indexes stay valid. */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (mine)); i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (mine), i - 1);
      gboolean found = FALSE;

      for (guint j = 0; j < n_theirs && !found; j++)
        {
          g_autoptr(GObject) other = g_list_model_get_item (theirs, j);

          found = same (item, other);
        }
      if (!found)
        {
          g_list_store_remove (mine, i - 1);
          changed = TRUE;
        }
    }

  for (guint j = 0; j < n_theirs; j++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (theirs, j);
      g_autoptr(GObject) existing = NULL;
      guint n_mine = g_list_model_get_n_items (G_LIST_MODEL (mine));
      guint position = 0;

      for (guint i = 0; i < n_mine; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (mine), i);

          if (same (item, other))
            {
              existing = g_steal_pointer (&item);
              position = i;
              break;
            }
        }

      if (existing == NULL)
        {
          g_list_store_insert_sorted (mine, other, compare, NULL);
          changed = TRUE;
          continue;
        }

      if (merge (existing, other))
        {
          changed = TRUE;
          /* A new description can change the sort key (the weight): move the row then. */
          if (!is_in_order (G_LIST_MODEL (mine), position, compare))
            {
              g_list_store_remove (mine, position);
              g_list_store_insert_sorted (mine, existing, compare, NULL);
            }
        }
    }

  return changed;
}

static gboolean
same_type_cb (gpointer a,
              gpointer b)
{
  return g_strcmp0 (slices_slice_type_get_id (a), slices_slice_type_get_id (b)) == 0;
}

static gboolean
same_slice_cb (gpointer a,
               gpointer b)
{
  return same_slice_identity (a, b);
}

static gboolean
merge_type_cb (gpointer self,
               gpointer other)
{
  return merge_type (self, other);
}

static gboolean
merge_slice_cb (gpointer self,
                gpointer other)
{
  return merge_slice (self, other);
}

static void
slices_gpu_dispose (GObject *object)
{
  SlicesGpu *self = (SlicesGpu *) object;

  if (self->types != NULL)
    g_list_store_remove_all (self->types);
  if (self->slices != NULL)
    g_list_store_remove_all (self->slices);

  G_OBJECT_CLASS (slices_gpu_parent_class)->dispose (object);
}

static void
slices_gpu_finalize (GObject *object)
{
  SlicesGpu *self = (SlicesGpu *) object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->driver, g_free);
  g_clear_pointer (&self->product_name, g_free);
  g_clear_pointer (&self->render_nodes, g_strfreev);
  g_clear_object (&self->sriov);
  g_clear_object (&self->types);
  g_clear_object (&self->slices);

  G_OBJECT_CLASS (slices_gpu_parent_class)->finalize (object);
}

static void
slices_gpu_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SlicesGpu *self = SLICES_GPU (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_VENDOR_ID:
      g_value_set_uint (value, self->vendor_id);
      break;
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_PCI_CLASS:
      g_value_set_uint (value, self->pci_class);
      break;
    case PROP_DRIVER:
      g_value_set_string (value, self->driver);
      break;
    case PROP_PLATFORM:
      g_value_set_string (value, slices_gpu_get_platform (self));
      break;
    case PROP_GVT_SUPPORT:
      g_value_set_enum (value, slices_gpu_get_gvt_support (self));
      break;
    case PROP_PRODUCT_NAME:
      g_value_set_string (value, self->product_name);
      break;
    case PROP_RENDER_NODES:
      g_value_set_boxed (value, slices_gpu_get_render_nodes (self));
      break;
    case PROP_HAS_TYPES:
      g_value_set_boolean (value, self->has_types);
      break;
    case PROP_TECHNOLOGY:
      g_value_set_enum (value, slices_gpu_get_technology (self));
      break;
    case PROP_SRIOV:
      g_value_set_object (value, self->sriov);
      break;
    case PROP_TYPES:
      g_value_set_object (value, self->types);
      break;
    case PROP_SLICES:
      g_value_set_object (value, self->slices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_gpu_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SlicesGpu *self = SLICES_GPU (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_gpu_class_init (SlicesGpuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = slices_gpu_dispose;
  object_class->finalize = slices_gpu_finalize;
  object_class->get_property = slices_gpu_get_property;
  object_class->set_property = slices_gpu_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VENDOR_ID] =
    g_param_spec_uint ("vendor-id", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PCI_CLASS] =
    g_param_spec_uint ("pci-class", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DRIVER] =
    g_param_spec_string ("driver", NULL, NULL, NULL, ro);
  properties[PROP_PLATFORM] =
    g_param_spec_string ("platform", NULL, NULL, NULL, ro);
  properties[PROP_GVT_SUPPORT] =
    g_param_spec_enum ("gvt-support", NULL, NULL, SLICES_TYPE_GVT_SUPPORT,
                       SLICES_GVT_SUPPORT_UNKNOWN, ro);
  properties[PROP_PRODUCT_NAME] =
    g_param_spec_string ("product-name", NULL, NULL, NULL, ro);
  properties[PROP_RENDER_NODES] =
    g_param_spec_boxed ("render-nodes", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_HAS_TYPES] =
    g_param_spec_boolean ("has-types", NULL, NULL, FALSE, ro);
  properties[PROP_TECHNOLOGY] =
    g_param_spec_enum ("technology", NULL, NULL, SLICES_TYPE_TECHNOLOGY,
                       SLICES_TECHNOLOGY_NONE, ro);
  properties[PROP_SRIOV] =
    g_param_spec_object ("sriov", NULL, NULL, SLICES_TYPE_SRIOV, ro);
  properties[PROP_TYPES] =
    g_param_spec_object ("types", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_SLICES] =
    g_param_spec_object ("slices", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_gpu_init (SlicesGpu *self)
{
  self->types = g_list_store_new (SLICES_TYPE_SLICE_TYPE);
  self->slices = g_list_store_new (SLICES_TYPE_SLICE);
}

SlicesGpu *
slices_gpu_new (const char *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  return g_object_new (SLICES_TYPE_GPU, "address", address, NULL);
}

const char *
slices_gpu_get_address (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return self->address;
}

guint
slices_gpu_get_vendor_id (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), 0);
  return self->vendor_id;
}

guint
slices_gpu_get_device_id (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), 0);
  return self->device_id;
}

guint
slices_gpu_get_pci_class (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), 0);
  return self->pci_class;
}

const char *
slices_gpu_get_driver (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return self->driver;
}

const char *
slices_gpu_get_platform (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);

  if (self->vendor_id != SLICES_PCI_VENDOR_INTEL)
    return NULL;
  return slices_platform_lookup (self->device_id, NULL);
}

SlicesGvtSupport
slices_gpu_get_gvt_support (SlicesGpu *self)
{
  SlicesGvtSupport support = SLICES_GVT_SUPPORT_UNKNOWN;

  g_return_val_if_fail (SLICES_IS_GPU (self), SLICES_GVT_SUPPORT_UNKNOWN);

  if (self->vendor_id == SLICES_PCI_VENDOR_INTEL)
    slices_platform_lookup (self->device_id, &support);
  return support;
}

const char *
slices_gpu_get_product_name (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return self->product_name;
}

const char * const *
slices_gpu_get_render_nodes (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return self->render_nodes != NULL ? (const char * const *) self->render_nodes : empty_strv;
}

gboolean
slices_gpu_get_has_types (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), FALSE);
  return self->has_types;
}

char *
slices_gpu_dup_display_name (SlicesGpu *self)
{
  const char *platform;

  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);

  if (self->product_name != NULL && self->product_name[0] != '\0')
    return g_strdup (self->product_name);

  platform = slices_gpu_get_platform (self);
  if (platform != NULL)
    /* TRANSLATORS: %s is an Intel GPU platform such as "Kaby Lake" */
    return g_strdup_printf (_("Intel %s GPU"), platform);

  if (self->vendor_id == SLICES_PCI_VENDOR_INTEL)
    return g_strdup (_("Unknown Intel GPU"));

  /* TRANSLATORS: %s is a PCI address such as "0000:00:02.0" */
  return g_strdup_printf (_("GPU %s"), self->address);
}

GListModel *
slices_gpu_get_types (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return G_LIST_MODEL (self->types);
}

GListModel *
slices_gpu_get_slices (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return G_LIST_MODEL (self->slices);
}

SlicesSliceType *
slices_gpu_find_type (SlicesGpu  *self,
                      const char *type_id)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  g_return_val_if_fail (type_id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->types));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (G_LIST_MODEL (self->types), i);

      if (g_strcmp0 (slices_slice_type_get_id (type), type_id) == 0)
        return type; /* the store keeps it alive */
    }

  return NULL;
}

SlicesSlice *
slices_gpu_find_slice (SlicesGpu  *self,
                       const char *uuid)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->slices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (G_LIST_MODEL (self->slices), i);

      if (g_ascii_strcasecmp (slices_slice_get_uuid (slice), uuid) == 0)
        return slice; /* the store keeps it alive */
    }

  return NULL;
}

void
slices_gpu_set_ids (SlicesGpu *self,
                    guint      vendor_id,
                    guint      device_id,
                    guint      pci_class)
{
  const char *old_platform;
  SlicesGvtSupport old_support;

  g_return_if_fail (SLICES_IS_GPU (self));

  if (self->vendor_id == vendor_id && self->device_id == device_id && self->pci_class == pci_class)
    return;

  old_platform = slices_gpu_get_platform (self);
  old_support = slices_gpu_get_gvt_support (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->vendor_id != vendor_id)
    {
      self->vendor_id = vendor_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VENDOR_ID]);
    }
  if (self->device_id != device_id)
    {
      self->device_id = device_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
    }
  if (self->pci_class != pci_class)
    {
      self->pci_class = pci_class;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PCI_CLASS]);
    }
  if (g_strcmp0 (old_platform, slices_gpu_get_platform (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLATFORM]);
  if (old_support != slices_gpu_get_gvt_support (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GVT_SUPPORT]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
slices_gpu_set_driver (SlicesGpu  *self,
                       const char *driver)
{
  g_return_if_fail (SLICES_IS_GPU (self));

  if (set_string (&self->driver, driver))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVER]);
}

void
slices_gpu_set_render_nodes (SlicesGpu          *self,
                             const char * const *nodes)
{
  g_return_if_fail (SLICES_IS_GPU (self));

  if (strv_equal0 ((const char * const *) self->render_nodes, nodes))
    return;

  g_strfreev (self->render_nodes);
  self->render_nodes = g_strdupv ((char **) (nodes != NULL ? nodes : empty_strv));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDER_NODES]);
}

void
slices_gpu_set_has_types (SlicesGpu *self,
                          gboolean   has_types)
{
  g_return_if_fail (SLICES_IS_GPU (self));

  has_types = !!has_types;
  if (self->has_types == has_types)
    return;

  self->has_types = has_types;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TYPES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNOLOGY]);
}

SlicesTechnology
slices_gpu_get_technology (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), SLICES_TECHNOLOGY_NONE);

  if (self->has_types)
    return SLICES_TECHNOLOGY_GVT_G;
  if (self->sriov != NULL)
    return SLICES_TECHNOLOGY_SRIOV;
  return SLICES_TECHNOLOGY_NONE;
}

SlicesSriov *
slices_gpu_get_sriov (SlicesGpu *self)
{
  g_return_val_if_fail (SLICES_IS_GPU (self), NULL);
  return self->sriov;
}

const char *
slices_technology_to_id (SlicesTechnology technology)
{
  switch (technology)
    {
    case SLICES_TECHNOLOGY_GVT_G:
      return "gvt-g";
    case SLICES_TECHNOLOGY_SRIOV:
      return "sr-iov";
    case SLICES_TECHNOLOGY_NONE:
    default:
      return "none";
    }
}

void
slices_gpu_set_sriov (SlicesGpu   *self,
                      SlicesSriov *sriov)
{
  SlicesTechnology old;

  g_return_if_fail (SLICES_IS_GPU (self));
  g_return_if_fail (sriov == NULL || SLICES_IS_SRIOV (sriov));

  if (self->sriov == sriov)
    return;

  old = slices_gpu_get_technology (self);
  g_set_object (&self->sriov, sriov);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SRIOV]);
  if (old != slices_gpu_get_technology (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNOLOGY]);
}

void
slices_gpu_set_product_name (SlicesGpu  *self,
                             const char *name)
{
  g_return_if_fail (SLICES_IS_GPU (self));

  if (set_string (&self->product_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NAME]);
}

void
slices_gpu_add_type (SlicesGpu       *self,
                     SlicesSliceType *type)
{
  g_return_if_fail (SLICES_IS_GPU (self));
  g_return_if_fail (SLICES_IS_SLICE_TYPE (type));

  g_list_store_insert_sorted (self->types, type, compare_types, NULL);
}

void
slices_gpu_add_slice (SlicesGpu   *self,
                      SlicesSlice *slice)
{
  g_return_if_fail (SLICES_IS_GPU (self));
  g_return_if_fail (SLICES_IS_SLICE (slice));

  g_list_store_insert_sorted (self->slices, slice, compare_slices, NULL);
}

gboolean
slices_gpu_merge (SlicesGpu *self,
                  SlicesGpu *other)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (SLICES_IS_GPU (self), FALSE);
  g_return_val_if_fail (SLICES_IS_GPU (other), FALSE);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->vendor_id != other->vendor_id || self->device_id != other->device_id
      || self->pci_class != other->pci_class)
    {
      slices_gpu_set_ids (self, other->vendor_id, other->device_id, other->pci_class);
      changed = TRUE;
    }
  if (g_strcmp0 (self->driver, other->driver) != 0)
    {
      slices_gpu_set_driver (self, other->driver);
      changed = TRUE;
    }
  if (!strv_equal0 ((const char * const *) self->render_nodes,
                    (const char * const *) other->render_nodes))
    {
      slices_gpu_set_render_nodes (self, (const char * const *) other->render_nodes);
      changed = TRUE;
    }
  if (self->has_types != other->has_types)
    {
      slices_gpu_set_has_types (self, other->has_types);
      changed = TRUE;
    }
  if (g_strcmp0 (self->product_name, other->product_name) != 0)
    {
      slices_gpu_set_product_name (self, other->product_name);
      changed = TRUE;
    }

  /* The SR-IOV side stays the same object (its VF list too) while the GPU keeps it. */
  if (self->sriov != NULL && other->sriov != NULL)
    changed |= slices_sriov_merge (self->sriov, other->sriov);
  else if (self->sriov != other->sriov)
    {
      slices_gpu_set_sriov (self, other->sriov);
      changed = TRUE;
    }

  changed |= merge_store (self->types, G_LIST_MODEL (other->types), compare_types,
                          same_type_cb, merge_type_cb);
  changed |= merge_store (self->slices, G_LIST_MODEL (other->slices), compare_slices,
                          same_slice_cb, merge_slice_cb);

  g_object_thaw_notify (G_OBJECT (self));

  return changed;
}

void
slices_gpu_update_from (SlicesGpu *self,
                        SlicesGpu *other)
{
  slices_gpu_merge (self, other);
}
