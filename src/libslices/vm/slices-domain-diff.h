/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainDiff: the change between two domain definitions as a person reads it, a unified
 * diff line by line (what the attach wizard's review shows). Pure text in, text out: no XML
 * parser and no libvirt, so it runs wherever the definitions are.
 *
 * Two habits of domain XML are taken into account: libvirt writes attributes with single
 * quotes and libxml2 with double ones (the same XML), so lines are compared and shown with
 * double quotes; and a definition read with its secrets holds SPICE/VNC passwords, so every
 * passwd='…' value is shown as dots, whether the line changed or not. What the attach edit
 * saved in its metadata (escaped text in <gs:element>) is shown as the XML it is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A unified diff of @old_xml and @new_xml (NULL counts as empty) with three lines of context:
 * "@@ -l,n +l,n @@" hunks of " ", "-" and "+" lines, each ending in a newline; changes fewer
 * than seven unchanged lines apart share a hunk. "" when no line differs. Very long changed
 * parts (more than four million line pairs to compare) are shown as all removed, then all
 * added, instead of the shortest edit. */
char *slices_domain_diff (const char *old_xml,
                          const char *new_xml);

G_END_DECLS
