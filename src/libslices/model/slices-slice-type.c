/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slice type a GPU offers (a folder under mdev_supported_types), and the parser of its
 * kernel `description` text. The parser is tolerant by design: kernel 4.10 printed only three
 * lines, an out-of-tree aggregation patch adds one, and anything else is ignored.
 */
#include "config.h"

#include <string.h>

#include "slices-slice-type.h"

struct _SlicesSliceType
{
  GObject parent_instance;

  char *id;
  char *gpu_address;
  char *name;
  char *description;
  char *device_api;
  SlicesTypeDescription parsed;
  int available;
};

G_DEFINE_FINAL_TYPE (SlicesSliceType, slices_slice_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_GPU_ADDRESS,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_LOW_GM_MB,
  PROP_HIGH_GM_MB,
  PROP_FENCE,
  PROP_WEIGHT,
  PROP_AVAILABLE,
  PROP_DEVICE_API,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
description_clear (SlicesTypeDescription *out)
{
  out->low_gm_mb = -1;
  out->high_gm_mb = -1;
  out->fence = -1;
  out->weight = -1;
  out->width = -1;
  out->height = -1;
}

/* "17", within 0 … G_MAXINT. */
static gboolean
parse_count (const char *text,
             int        *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

/* "128MB", "128 MB", "128M", "2GB", "512KB"; a bare number is taken as MB. */
static gboolean
parse_size_mb (const char *text,
               int        *out)
{
  g_autofree char *number = NULL;
  const char *unit = text;
  guint64 value;
  guint64 mb;

  while (g_ascii_isdigit (*unit))
    unit++;
  if (unit == text || unit - text > 12)
    return FALSE;
  number = g_strndup (text, unit - text);
  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  while (*unit == ' ')
    unit++;

  if (*unit == '\0' || g_ascii_strcasecmp (unit, "MB") == 0 || g_ascii_strcasecmp (unit, "M") == 0
      || g_ascii_strcasecmp (unit, "MiB") == 0)
    mb = value;
  else if (g_ascii_strcasecmp (unit, "GB") == 0 || g_ascii_strcasecmp (unit, "G") == 0
           || g_ascii_strcasecmp (unit, "GiB") == 0)
    mb = value * 1024;
  else if (g_ascii_strcasecmp (unit, "KB") == 0 || g_ascii_strcasecmp (unit, "K") == 0
           || g_ascii_strcasecmp (unit, "KiB") == 0)
    mb = value / 1024;
  else
    return FALSE;

  if (mb > G_MAXINT)
    return FALSE;
  *out = (int) mb;
  return TRUE;
}

/* "1920x1200" (also "1920 x 1200", "1920X1200"). */
static gboolean
parse_resolution (const char *text,
                  int        *width,
                  int        *height)
{
  g_auto(GStrv) parts = g_strsplit_set (text, "xX", -1);
  int w, h;

  if (g_strv_length (parts) != 2)
    return FALSE;
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  if (!parse_count (parts[0], &w) || !parse_count (parts[1], &h) || w == 0 || h == 0)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

gboolean
slices_type_description_parse (const char            *text,
                               SlicesTypeDescription *out)
{
  g_auto(GStrv) lines = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  description_clear (out);
  if (text == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      char *key, *value;

      if (colon == NULL)
        continue;
      *colon = '\0';
      key = g_strstrip (lines[i]);
      value = g_strstrip (colon + 1);

      if (g_str_equal (key, "low_gm_size"))
        any |= parse_size_mb (value, &out->low_gm_mb);
      else if (g_str_equal (key, "high_gm_size"))
        any |= parse_size_mb (value, &out->high_gm_mb);
      else if (g_str_equal (key, "fence"))
        any |= parse_count (value, &out->fence);
      else if (g_str_equal (key, "weight"))
        any |= parse_count (value, &out->weight);
      else if (g_str_equal (key, "resolution"))
        any |= parse_resolution (value, &out->width, &out->height);
    }

  return any;
}

char *
slices_slice_type_name_from_id (const char *id)
{
  const char *dash;

  g_return_val_if_fail (id != NULL, NULL);

  dash = strchr (id, '-');
  if (dash != NULL && dash[1] != '\0')
    return g_strdup (dash + 1);
  return g_strdup (id);
}

static void
slices_slice_type_finalize (GObject *object)
{
  SlicesSliceType *self = (SlicesSliceType *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->gpu_address, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->device_api, g_free);

  G_OBJECT_CLASS (slices_slice_type_parent_class)->finalize (object);
}

static void
slices_slice_type_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlicesSliceType *self = SLICES_SLICE_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, slices_slice_type_get_name (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_GPU_ADDRESS:
      g_value_set_string (value, self->gpu_address);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->parsed.width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->parsed.height);
      break;
    case PROP_LOW_GM_MB:
      g_value_set_int (value, self->parsed.low_gm_mb);
      break;
    case PROP_HIGH_GM_MB:
      g_value_set_int (value, self->parsed.high_gm_mb);
      break;
    case PROP_FENCE:
      g_value_set_int (value, self->parsed.fence);
      break;
    case PROP_WEIGHT:
      g_value_set_int (value, self->parsed.weight);
      break;
    case PROP_AVAILABLE:
      g_value_set_int (value, self->available);
      break;
    case PROP_DEVICE_API:
      g_value_set_string (value, self->device_api);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_slice_type_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlicesSliceType *self = SLICES_SLICE_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_GPU_ADDRESS:
      self->gpu_address = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_slice_type_class_init (SlicesSliceTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                | G_PARAM_STATIC_STRINGS;

  object_class->finalize = slices_slice_type_finalize;
  object_class->get_property = slices_slice_type_get_property;
  object_class->set_property = slices_slice_type_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_GPU_ADDRESS] =
    g_param_spec_string ("gpu-address", NULL, NULL, NULL, construct);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, ro);
  properties[PROP_DEVICE_API] =
    g_param_spec_string ("device-api", NULL, NULL, NULL, ro);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_LOW_GM_MB] =
    g_param_spec_int ("low-gm-mb", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_HIGH_GM_MB] =
    g_param_spec_int ("high-gm-mb", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_FENCE] =
    g_param_spec_int ("fence", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_WEIGHT] =
    g_param_spec_int ("weight", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_AVAILABLE] =
    g_param_spec_int ("available", NULL, NULL, -1, G_MAXINT, -1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_slice_type_init (SlicesSliceType *self)
{
  description_clear (&self->parsed);
  self->available = -1;
}

SlicesSliceType *
slices_slice_type_new (const char *gpu_address,
                       const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (SLICES_TYPE_SLICE_TYPE,
                       "gpu-address", gpu_address,
                       "id", id,
                       NULL);
}

const char *
slices_slice_type_get_id (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), NULL);
  return self->id;
}

const char *
slices_slice_type_get_name (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), NULL);

  /* Kernels before about 5.18 have no name file: derive it once, lazily. */
  if (self->name == NULL)
    self->name = slices_slice_type_name_from_id (self->id);
  return self->name;
}

const char *
slices_slice_type_get_description (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), NULL);
  return self->description;
}

const char *
slices_slice_type_get_gpu_address (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), NULL);
  return self->gpu_address;
}

const char *
slices_slice_type_get_device_api (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), NULL);
  return self->device_api;
}

int
slices_slice_type_get_width (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->parsed.width;
}

int
slices_slice_type_get_height (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->parsed.height;
}

int
slices_slice_type_get_low_gm_mb (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->parsed.low_gm_mb;
}

int
slices_slice_type_get_high_gm_mb (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->parsed.high_gm_mb;
}

int
slices_slice_type_get_fence (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->parsed.fence;
}

int
slices_slice_type_get_weight (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->parsed.weight;
}

int
slices_slice_type_get_available (SlicesSliceType *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (self), -1);
  return self->available;
}

void
slices_slice_type_set_name (SlicesSliceType *self,
                            const char      *name)
{
  g_autofree char *derived = NULL;

  g_return_if_fail (SLICES_IS_SLICE_TYPE (self));

  if (name == NULL || name[0] == '\0')
    name = derived = slices_slice_type_name_from_id (self->id);

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
slices_slice_type_set_description (SlicesSliceType *self,
                                   const char      *text)
{
  SlicesTypeDescription parsed;
  SlicesTypeDescription old;

  g_return_if_fail (SLICES_IS_SLICE_TYPE (self));

  if (g_strcmp0 (self->description, text) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (text);
  slices_type_description_parse (text, &parsed);
  old = self->parsed;
  self->parsed = parsed;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  if (old.width != parsed.width)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
  if (old.height != parsed.height)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
  if (old.low_gm_mb != parsed.low_gm_mb)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOW_GM_MB]);
  if (old.high_gm_mb != parsed.high_gm_mb)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_GM_MB]);
  if (old.fence != parsed.fence)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FENCE]);
  if (old.weight != parsed.weight)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEIGHT]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
slices_slice_type_set_available (SlicesSliceType *self,
                                 int              available)
{
  g_return_if_fail (SLICES_IS_SLICE_TYPE (self));

  available = MAX (available, -1);
  if (self->available == available)
    return;

  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

void
slices_slice_type_set_device_api (SlicesSliceType *self,
                                  const char      *device_api)
{
  g_return_if_fail (SLICES_IS_SLICE_TYPE (self));

  if (g_strcmp0 (self->device_api, device_api) == 0)
    return;

  g_free (self->device_api);
  self->device_api = g_strdup (device_api);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_API]);
}
