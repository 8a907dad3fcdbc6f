/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into gpu-slices-helper-testbed only, with -Wl,--wrap=clearenv: the helper's clearenv()
 * then keeps UMOCKDEV_DIR, which umockdev's preload library reads, so that the umockdev tests
 * can point the helper's /sys at a testbed. The installed helper has no such path at all.
 */

#define _GNU_SOURCE

#include <stdlib.h>
#include <string.h>

int __real_clearenv (void);
int __wrap_clearenv (void);

int
__wrap_clearenv (void)
{
  const char *mock = getenv ("UMOCKDEV_DIR");
  char *copy = mock != NULL ? strdup (mock) : NULL;
  int result = __real_clearenv ();

  if (result == 0 && copy != NULL)
    result = setenv ("UMOCKDEV_DIR", copy, 1);
  free (copy);
  return result;
}
