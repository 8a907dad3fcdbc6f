/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's settings: see slices-app-settings.h.
 */
#include "config.h"

#include "slices-app-settings.h"

GSettings *
slices_app_settings_dup (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}
