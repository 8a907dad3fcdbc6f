/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading libvirt on first use: see slices-virt.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "slices-virt.h"

/* libvirt's soname since 0.x: its ABI never broke. */
#define LIBVIRT_LIBRARY "libvirt.so.0"

const SlicesVirt *slices_virt;

static SlicesVirt loaded;

static const struct {
  const char *name;
  glong       offset;
} entries[] = {
#define SLICES_VIRT_ENTRY(name) { #name, G_STRUCT_OFFSET (SlicesVirt, name) },
  SLICES_VIRT_FUNCTIONS (SLICES_VIRT_ENTRY)
#undef SLICES_VIRT_ENTRY
};

/* NULL on success, else why it failed. */
static char *
load (void)
{
  GModule *module = g_module_open (LIBVIRT_LIBRARY, G_MODULE_BIND_LOCAL);

  if (module == NULL)
    return g_strdup (g_module_error ());

  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    if (!g_module_symbol (module, entries[i].name,
                          G_STRUCT_MEMBER_P (&loaded, entries[i].offset)))
      {
        g_module_close (module);
        return g_strdup_printf (_("%s has no %s (GPU Slices needs libvirt 4.6 or newer)"),
                                LIBVIRT_LIBRARY, entries[i].name);
      }

  /* Its threads and callbacks live as long as the process. */
  g_module_make_resident (module);
  g_atomic_pointer_set (&slices_virt, &loaded);
  return NULL;
}

const char *
slices_virt_load (void)
{
  static GMutex lock;
  /* Why the one attempt failed: every later call says the same. */
  static char *failure;
  g_autoptr(GMutexLocker) locker = NULL;

  if (g_atomic_pointer_get (&slices_virt) != NULL)
    return NULL;

  locker = g_mutex_locker_new (&lock);
  if (slices_virt == NULL && failure == NULL)
    failure = load ();

  return failure;
}
