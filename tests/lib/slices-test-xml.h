/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The domain XML tests' shared reading: a definition from tests/data/FOLDER/, and the string
 * values an XPath selects, for comparing (prefixes gs, ours, and q, QEMU's, are bound).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of tests/data/@folder/@name; fails the test when it cannot be read. */
char *slices_test_load_data  (const char *folder,
                              const char *name);
/* The string values @expr selects in @xml, each followed by ";" ("" when none). */
char *slices_test_xpath_join (const char *xml,
                              const char *expr);
/* Fails the test unless @actual is @expected, compared canonically (slices_domain_canonicalize). */
void  slices_test_assert_same_definition (const char *expected,
                                          const char *actual);

G_END_DECLS
