/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The old GVT-g recipe: what the wiki pages told people to put in a VM before this app,
 * `<qemu:commandline>` with `-set device.hostdev0.x-igd-opregion=on` (and ramfb, driver,
 * xres/yres, romfile, display…), sometimes a `<qemu:override>` on alias hostdev0. Which of it
 * works depends on the libvirt version (FACTS.md §2, checked on libvirt 9.0 + QEMU 7.2):
 *
 *   < 7.9     `-device` is a plain option list and `-set device.<id>.…` reaches it: works.
 *   ≥ 7.9     `-device` is JSON (with QEMU 6.2 and newer; attach counts every such libvirt
 *             as JSON, and so does this check), which `-set` cannot reach: QEMU refuses to
 *             start with “there is no device "<id>" defined”, whatever the id. BROKEN.
 *   ≥ 8.2     a <qemu:override> device whose alias no device has is silently ignored: the VM
 *             starts without those properties. INEFFECTIVE. (One on an automatic alias such
 *             as hostdev0 works while the numbering holds; the repair moves it to the
 *             hostdev's user alias all the same.) Older libvirt never stores an override.
 *
 * libvirt numbers hostdevs without a user alias hostdev0, hostdev1… in document order
 * (interfaces of type hostdev first); a hostdev with a user alias takes no number.
 *
 * The repair writes what attach writes for the version (slices-domain-edit.h): ramfb and
 * display become the hostdev's attributes, driver=vfio-pci-nohotplug goes where ramfb makes
 * libvirt choose it, everything else becomes a <qemu:override> frontend property on the
 * hostdev's user alias (ua-gpu-slices-<uuid> for a slice; one is added), typed as QEMU's
 * vfio-pci declares it. On 7.9 – 8.1 nothing reaches those properties: they are dropped, and
 * a note names each. <qemu:env> and every other argument stay.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SLICES_RECIPE_OK,           /* nothing of the old recipe that this libvirt cannot use */
  SLICES_RECIPE_INEFFECTIVE,  /* the VM starts, but some of its settings never arrive */
  SLICES_RECIPE_BROKEN,       /* QEMU refuses to start the VM */
} SlicesRecipeState;

/* What libvirt @libvirt_version makes of the old recipe in @xml. @problem_out (may be NULL)
 * gets one sentence for people naming the argument, when the state is not OK. A definition
 * that cannot be parsed is OK here: the edit says what is wrong with it. */
SlicesRecipeState slices_domain_check_recipe (const char  *xml,
                                              guint        libvirt_version,
                                              char       **problem_out);

/* The definition rewritten into the form this libvirt needs; @xml unchanged when there is
 * nothing to repair. @notes_out (may be NULL) gets a sentence for each thing that moved or
 * had to go. */
char *slices_domain_repair (const char  *xml,
                            guint        libvirt_version,
                            GPtrArray   *notes_out,
                            GError     **error);

G_END_DECLS
