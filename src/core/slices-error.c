/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core's error domain, and how the kernel's errno values from `create`/`remove` writes map
 * onto it (../shared/FACTS.md §1, "Writes and their errors").
 */
#include "config.h"

#include <errno.h>

#include "slices-error.h"

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
