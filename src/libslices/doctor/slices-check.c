/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesCheck and SlicesFix: the results Check Setup hands to its two faces. Plain values once
 * the doctor has made them: a check never changes after its run.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-check.h"

G_DEFINE_BOXED_TYPE (SlicesFix, slices_fix, slices_fix_copy, slices_fix_free)

SlicesFix *
slices_fix_new (SlicesFixKind  kind,
                const char    *text,
                const char    *label)
{
  SlicesFix *fix;

  g_return_val_if_fail (text != NULL, NULL);

  fix = g_new0 (SlicesFix, 1);
  fix->kind = kind;
  fix->text = g_strdup (text);
  fix->label = g_strdup (label);
  return fix;
}

SlicesFix *
slices_fix_copy (const SlicesFix *fix)
{
  SlicesFix *copy;

  g_return_val_if_fail (fix != NULL, NULL);

  copy = slices_fix_new (fix->kind, fix->text, fix->label);
  copy->way = fix->way;
  return copy;
}

void
slices_fix_free (SlicesFix *fix)
{
  if (fix == NULL)
    return;
  g_free (fix->text);
  g_free (fix->label);
  g_free (fix);
}

const char *
slices_fix_kind_to_string (SlicesFixKind kind)
{
  switch (kind)
    {
    case SLICES_FIX_ACTION:
      return "action";
    case SLICES_FIX_LINK:
      return "link";
    case SLICES_FIX_COMMAND:
    default:
      return "command";
    }
}

const char *
slices_fix_way_to_string (SlicesFixWay way)
{
  switch (way)
    {
    case SLICES_FIX_WAY_I915_SRIOV_DKMS:
      return "i915-sriov-dkms";
    case SLICES_FIX_WAY_XE_FORCE_PROBE:
      return "xe-force-probe";
    case SLICES_FIX_WAY_NONE:
    default:
      return NULL;
    }
}

const char *
slices_fix_way_get_title (SlicesFixWay way)
{
  switch (way)
    {
    case SLICES_FIX_WAY_I915_SRIOV_DKMS:
      return _("Install i915-sriov-dkms");
    case SLICES_FIX_WAY_XE_FORCE_PROBE:
      /* TRANSLATORS: xe is the name of Intel's newer graphics driver */
      return _("Use the xe driver");
    case SLICES_FIX_WAY_NONE:
    default:
      return NULL;
    }
}

const char *
slices_fix_way_get_summary (SlicesFixWay way)
{
  switch (way)
    {
    case SLICES_FIX_WAY_I915_SRIOV_DKMS:
      return _("An out-of-tree i915 driver with SR-IOV, built for each new kernel by DKMS. Most "
               "people sharing these GPUs use it; Linux guests need it too.");
    case SLICES_FIX_WAY_XE_FORCE_PROBE:
      return _("The kernel’s own xe driver, made to take this GPU, which it does not support "
               "officially yet. Nothing to build, but less tested on this GPU.");
    case SLICES_FIX_WAY_NONE:
    default:
      return NULL;
    }
}

const char *
slices_check_status_to_string (SlicesCheckStatus status)
{
  switch (status)
    {
    case SLICES_CHECK_STATUS_OK:
      return "ok";
    case SLICES_CHECK_STATUS_WARNING:
      return "warning";
    case SLICES_CHECK_STATUS_ERROR:
      return "error";
    case SLICES_CHECK_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

struct _SlicesCheck
{
  GObject parent_instance;

  char              *id;
  SlicesCheckStatus  status;
  char              *title;
  char              *detail;
  gboolean           informational;
  char              *blocked_by;
  GPtrArray         *fixes;
};

G_DEFINE_FINAL_TYPE (SlicesCheck, slices_check, G_TYPE_OBJECT)

enum {
  CHECK_PROP_0,
  CHECK_PROP_ID,
  CHECK_PROP_STATUS,
  CHECK_PROP_TITLE,
  CHECK_PROP_DETAIL,
  CHECK_PROP_INFORMATIONAL,
  CHECK_N_PROPS
};

static GParamSpec *check_properties[CHECK_N_PROPS];

static void
slices_check_finalize (GObject *object)
{
  SlicesCheck *self = SLICES_CHECK (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->blocked_by);
  g_ptr_array_unref (self->fixes);

  G_OBJECT_CLASS (slices_check_parent_class)->finalize (object);
}

static void
slices_check_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlicesCheck *self = SLICES_CHECK (object);

  switch (prop_id)
    {
    case CHECK_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case CHECK_PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case CHECK_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case CHECK_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case CHECK_PROP_INFORMATIONAL:
      g_value_set_boolean (value, self->informational);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_check_class_init (SlicesCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slices_check_finalize;
  object_class->get_property = slices_check_get_property;

  check_properties[CHECK_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      SLICES_CHECK_STATUS_OK, SLICES_CHECK_STATUS_UNKNOWN,
                      SLICES_CHECK_STATUS_UNKNOWN, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_INFORMATIONAL] =
    g_param_spec_boolean ("informational", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CHECK_N_PROPS, check_properties);
}

static void
slices_check_init (SlicesCheck *self)
{
  self->fixes = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_fix_free);
  self->status = SLICES_CHECK_STATUS_UNKNOWN;
}

SlicesCheck *
slices_check_new (const char        *id,
                  SlicesCheckStatus  status,
                  const char        *title,
                  const char        *detail)
{
  SlicesCheck *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (SLICES_TYPE_CHECK, NULL);
  self->id = g_strdup (id);
  self->status = status;
  self->title = g_strdup (title != NULL ? title : "");
  self->detail = g_strdup (detail != NULL ? detail : "");
  return self;
}

const char *
slices_check_get_id (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->id;
}

SlicesCheckStatus
slices_check_get_status (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), SLICES_CHECK_STATUS_UNKNOWN);
  return self->status;
}

const char *
slices_check_get_title (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->title;
}

const char *
slices_check_get_detail (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->detail;
}

gboolean
slices_check_get_informational (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), FALSE);
  return self->informational;
}

GPtrArray *
slices_check_get_fixes (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->fixes;
}

const SlicesFix *
slices_check_find_fix (SlicesCheck   *self,
                       SlicesFixKind  kind)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);

  for (guint i = 0; i < self->fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (self->fixes, i);

      if (fix->kind == kind)
        return fix;
    }
  return NULL;
}

void
slices_check_set_informational (SlicesCheck *self,
                                gboolean     informational)
{
  g_return_if_fail (SLICES_IS_CHECK (self));
  self->informational = informational;
}

const char *
slices_check_get_blocked_by (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->blocked_by;
}

void
slices_check_set_blocked_by (SlicesCheck *self,
                             const char  *id)
{
  g_return_if_fail (SLICES_IS_CHECK (self));
  g_free (self->blocked_by);
  self->blocked_by = g_strdup (id);
}

void
slices_check_add_fix (SlicesCheck   *self,
                      SlicesFixKind  kind,
                      const char    *text,
                      const char    *label)
{
  g_return_if_fail (SLICES_IS_CHECK (self));
  g_return_if_fail (text != NULL);

  g_ptr_array_add (self->fixes, slices_fix_new (kind, text, label));
}

void
slices_check_set_fixes_way (SlicesCheck  *self,
                            guint         first,
                            SlicesFixWay  way)
{
  g_return_if_fail (SLICES_IS_CHECK (self));

  for (guint i = first; i < self->fixes->len; i++)
    ((SlicesFix *) g_ptr_array_index (self->fixes, i))->way = way;
}

GArray *
slices_check_dup_ways (SlicesCheck *self)
{
  GArray *ways;

  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);

  ways = g_array_new (FALSE, FALSE, sizeof (SlicesFixWay));
  for (guint i = 0; i < self->fixes->len; i++)
    {
      SlicesFixWay way = ((SlicesFix *) g_ptr_array_index (self->fixes, i))->way;
      gboolean seen = FALSE;

      for (guint j = 0; j < ways->len && !seen; j++)
        seen = g_array_index (ways, SlicesFixWay, j) == way;
      if (way != SLICES_FIX_WAY_NONE && !seen)
        g_array_append_val (ways, way);
    }
  return ways;
}
