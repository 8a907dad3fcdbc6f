/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: command line (--demo), app actions (quit, about), accelerators, and one
 * window per activation.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SLICES_TYPE_APPLICATION (slices_application_get_type ())
G_DECLARE_FINAL_TYPE (SlicesApplication, slices_application, SLICES, APPLICATION,
                      AdwApplication)

SlicesApplication *slices_application_new (void);

G_END_DECLS
