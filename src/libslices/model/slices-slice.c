/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slice: a mediated device that exists now on a GPU. Identity (uuid, GPU, type) is fixed
 * at construction; the driver binding and IOMMU group can change under it.
 */
#include "config.h"

#include "slices-slice.h"

struct _SlicesSlice
{
  GObject parent_instance;

  char *uuid;
  char *gpu_address;
  char *type_id;
  char *driver;
  int iommu_group;
};

G_DEFINE_FINAL_TYPE (SlicesSlice, slices_slice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_GPU_ADDRESS,
  PROP_TYPE_ID,
  PROP_DRIVER,
  PROP_IOMMU_GROUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
slices_slice_finalize (GObject *object)
{
  SlicesSlice *self = (SlicesSlice *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->gpu_address, g_free);
  g_clear_pointer (&self->type_id, g_free);
  g_clear_pointer (&self->driver, g_free);

  G_OBJECT_CLASS (slices_slice_parent_class)->finalize (object);
}

static void
slices_slice_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlicesSlice *self = SLICES_SLICE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_GPU_ADDRESS:
      g_value_set_string (value, self->gpu_address);
      break;
    case PROP_TYPE_ID:
      g_value_set_string (value, self->type_id);
      break;
    case PROP_DRIVER:
      g_value_set_string (value, self->driver);
      break;
    case PROP_IOMMU_GROUP:
      g_value_set_int (value, self->iommu_group);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_slice_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SlicesSlice *self = SLICES_SLICE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* The kernel names slices in lowercase whatever was written to `create`. */
      self->uuid = g_ascii_strdown (g_value_get_string (value), -1);
      break;
    case PROP_GPU_ADDRESS:
      self->gpu_address = g_value_dup_string (value);
      break;
    case PROP_TYPE_ID:
      self->type_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_slice_class_init (SlicesSliceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = slices_slice_finalize;
  object_class->get_property = slices_slice_get_property;
  object_class->set_property = slices_slice_set_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, "", construct);
  properties[PROP_GPU_ADDRESS] = g_param_spec_string ("gpu-address", NULL, NULL, NULL, construct);
  properties[PROP_TYPE_ID] = g_param_spec_string ("type-id", NULL, NULL, NULL, construct);
  properties[PROP_DRIVER] = g_param_spec_string ("driver", NULL, NULL, NULL, ro);
  properties[PROP_IOMMU_GROUP] = g_param_spec_int ("iommu-group", NULL, NULL,
                                                   -1, G_MAXINT, -1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_slice_init (SlicesSlice *self)
{
  self->iommu_group = -1;
}

SlicesSlice *
slices_slice_new (const char *uuid,
                  const char *gpu_address,
                  const char *type_id)
{
  g_return_val_if_fail (uuid != NULL, NULL);

  return g_object_new (SLICES_TYPE_SLICE,
                       "uuid", uuid,
                       "gpu-address", gpu_address,
                       "type-id", type_id,
                       NULL);
}

const char *
slices_slice_get_uuid (SlicesSlice *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE (self), NULL);
  return self->uuid;
}

const char *
slices_slice_get_gpu_address (SlicesSlice *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE (self), NULL);
  return self->gpu_address;
}

const char *
slices_slice_get_type_id (SlicesSlice *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE (self), NULL);
  return self->type_id;
}

const char *
slices_slice_get_driver (SlicesSlice *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE (self), NULL);
  return self->driver;
}

int
slices_slice_get_iommu_group (SlicesSlice *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE (self), -1);
  return self->iommu_group;
}

void
slices_slice_set_driver (SlicesSlice *self,
                         const char  *driver)
{
  g_return_if_fail (SLICES_IS_SLICE (self));

  if (g_strcmp0 (self->driver, driver) == 0)
    return;

  g_free (self->driver);
  self->driver = g_strdup (driver);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVER]);
}

void
slices_slice_set_iommu_group (SlicesSlice *self,
                              int          group)
{
  g_return_if_fail (SLICES_IS_SLICE (self));

  group = MAX (group, -1);
  if (self->iommu_group == group)
    return;

  self->iommu_group = group;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IOMMU_GROUP]);
}
