/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core's error domain, and how the kernel's errno values from `create`/`remove` writes map
 * onto it (../shared/FACTS.md §1, "Writes and their errors").
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "slices-error.h"
#include "slices-types.h"

G_DEFINE_QUARK (slices-error-quark, slices_error)

SlicesError
slices_error_from_errno (int errno_value)
{
  switch (errno_value)
    {
    case EINVAL:
      return SLICES_ERROR_INVALID_UUID;
    case EEXIST:
      return SLICES_ERROR_UUID_EXISTS;
    case ENOSPC:
      return SLICES_ERROR_NO_ROOM;
    case ENODEV:
      return SLICES_ERROR_NO_DEVICE;
    case ENOENT:
      /* `create` is missing when GVT-g is off or kvmgt is not loaded. */
      return SLICES_ERROR_GVT_INACTIVE;
    case EACCES:
    case EPERM:
      return SLICES_ERROR_PERMISSION_DENIED;
    case EBUSY:
      return SLICES_ERROR_IN_USE;
    default:
      return SLICES_ERROR_FAILED;
    }
}

static const char *
type_display_name (const char *type_id)
{
  return g_str_has_prefix (type_id, "i915-") ? type_id + strlen ("i915-") : type_id;
}

GError *
slices_error_new_create (int         errno_value,
                         const char *address,
                         const char *type_id,
                         const char *uuid,
                         int         n_slices)
{
  SlicesError code = slices_error_from_errno (errno_value);
  const char *type_name = type_display_name (type_id);

  switch (errno_value)
    {
    case EINVAL:
      return g_error_new (SLICES_ERROR, code, _("“%s” is not a valid UUID."), uuid);
    case EEXIST:
      return g_error_new (SLICES_ERROR, code, _("A slice with UUID %s already exists."), uuid);
    case ENOSPC:
      if (n_slices >= SLICES_MAX_SLICES_PER_GPU)
        return g_error_new (SLICES_ERROR, code,
                            _("No room for another %s slice on %s: it already has %u slices, "
                              "the most a GPU can hold. Remove a slice first."),
                            type_name, address, (guint) n_slices);
      if (n_slices == 0)
        return g_error_new (SLICES_ERROR, code,
                            _("No room for a %s slice on %s: its graphics memory is too small "
                              "for this type. Pick a smaller type; a larger aperture in the "
                              "firmware settings makes more room."), type_name, address);
      if (n_slices < 0)
        return g_error_new (SLICES_ERROR, code,
                            _("No room for another %s slice on %s. Remove a slice, or pick a "
                              "smaller type; a larger aperture in the firmware settings makes "
                              "more room."), type_name, address);
      return g_error_new (SLICES_ERROR, code,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "No room for another %s slice on %s: %u slice already "
                                       "uses its graphics memory. Remove a slice, or pick a "
                                       "smaller type; a larger aperture in the firmware "
                                       "settings makes more room.",
                                       "No room for another %s slice on %s: %u slices already "
                                       "use its graphics memory. Remove a slice, or pick a "
                                       "smaller type; a larger aperture in the firmware "
                                       "settings makes more room.",
                                       (gulong) n_slices),
                          type_name, address, (guint) n_slices);
    case ENOENT:
      return g_error_new (SLICES_ERROR, code,
                          _("GVT-g is not active on %s: it offers no way to create %s slices. "
                            "Check that GVT-g is enabled (i915.enable_gvt=1) and that the kvmgt "
                            "module is loaded."), address, type_name);
    case ENODEV:
      return g_error_new (SLICES_ERROR, code,
                          _("The GPU %s is going away, so no slice can be made on it now. "
                            "Try again once it is back."), address);
    default:
      return g_error_new (SLICES_ERROR, code, _("Could not create a %s slice on %s: %s."),
                          type_name, address, g_strerror (errno_value));
    }
}

GError *
slices_error_new_no_gpu (const char *address)
{
  return g_error_new (SLICES_ERROR, SLICES_ERROR_UNKNOWN_GPU,
                      _("There is no GPU with slices at %s. “slicectl list” shows the GPUs that "
                        "offer them."), address);
}

GError *
slices_error_new_no_type (const char         *address,
                          const char         *type_id,
                          const char * const *types)
{
  g_autofree char *listing = NULL;

  if (types == NULL || types[0] == NULL)
    return g_error_new (SLICES_ERROR, SLICES_ERROR_UNKNOWN_TYPE,
                        _("The GPU %s has no slice type “%s”. “slicectl list” shows its types."),
                        address, type_id);
  listing = g_strjoinv (", ", (char **) types);
  /* TRANSLATORS: the last %s is a list of type ids, like "i915-GVTg_V5_4, i915-GVTg_V5_8" */
  return g_error_new (SLICES_ERROR, SLICES_ERROR_UNKNOWN_TYPE,
                      _("The GPU %s has no slice type “%s”; it offers %s."), address, type_id,
                      listing);
}

GError *
slices_error_new_no_slice (const char *uuid)
{
  return g_error_new (SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE,
                      _("There is no slice %s. It may have been removed already."), uuid);
}

GError *
slices_error_new_in_use (const char *uuid,
                         const char *holder)
{
  return g_error_new (SLICES_ERROR, SLICES_ERROR_IN_USE,
                      _("The slice %s is in use by %s. Shut down the virtual machine first."),
                      uuid, holder);
}
