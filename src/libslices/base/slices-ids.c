/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UUIDs and PCI addresses (slices-ids.h): the one place their grammar is written for the app,
 * slicectl and the core. (The root helper has its own copy in plain C, so that it links
 * nothing but libc.)
 */
#include "config.h"

#include <string.h>

#include "slices-ids.h"

/* @text has exactly the shape of @shape: 'x' a hex digit (lowercase only unless @upper), 'f' a
 * digit 0 to 7, anything else itself. */
static gboolean
matches (const char *text,
         const char *shape,
         gboolean    upper)
{
  gsize len = strlen (shape);

  if (text == NULL || strnlen (text, len + 1) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      gboolean ok;

      if (shape[i] == 'x')
        ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
             (upper && c >= 'A' && c <= 'F');
      else if (shape[i] == 'f')
        ok = c >= '0' && c <= '7';
      else
        ok = c == shape[i];
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

gboolean
slices_uuid_is_valid (const char *text)
{
  return matches (text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", TRUE);
}

gboolean
slices_uuid_normalize (const char *text,
                       char        out[SLICES_UUID_LEN + 1])
{
  g_return_val_if_fail (out != NULL, FALSE);

  out[0] = '\0';
  if (!slices_uuid_is_valid (text))
    return FALSE;
  for (guint i = 0; i < SLICES_UUID_LEN; i++)
    out[i] = g_ascii_tolower (text[i]);
  out[SLICES_UUID_LEN] = '\0';
  return TRUE;
}

char *
slices_uuid_dup_canonical (const char *text)
{
  char canonical[SLICES_UUID_LEN + 1];

  return slices_uuid_normalize (text, canonical) ? g_strdup (canonical) : NULL;
}

gboolean
slices_pci_address_is_valid (const char *address)
{
  /* The device number has five bits: 00 to 1f. */
  return matches (address, "xxxx:xx:xx.f", FALSE) && address[8] <= '1';
}

char *
slices_pci_address_dup_canonical (const char *text)
{
  g_autofree char *lower = NULL;
  g_autofree char *full = NULL;

  if (text == NULL)
    return NULL;
  lower = g_ascii_strdown (text, -1);
  full = matches (lower, "xx:xx.f", FALSE) ? g_strconcat ("0000:", lower, NULL)
                                           : g_steal_pointer (&lower);
  return slices_pci_address_is_valid (full) ? g_steal_pointer (&full) : NULL;
}
