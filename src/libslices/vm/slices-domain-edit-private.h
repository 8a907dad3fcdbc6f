/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts of the domain edit and what they share; nobody outside vm/ sees this header (it
 * includes libxml2's):
 *
 *   slices-domain-edit.c      the GVT-g decisions: which slice a VM may hold, the hostdev,
 *                             which QEMU form a libvirt version gets, the notes for people;
 *   slices-domain-display.c   what each display mode does to <graphics> and <video>;
 *   slices-domain-vf.c        an SR-IOV VF: its PCI hostdev, the console adapter, Looking
 *                             Glass (FACTS-SRIOV S4, S5);
 *   slices-domain-qemu.c      the <qemu:*> pieces;
 *   slices-domain-metadata.c  the <metadata> record of what attach added and replaced;
 *   slices-domain-recipe.c    the old `-set device.hostdev0…` recipe: its check and repair,
 *                             and the aliases libvirt gives hostdevs;
 *   slices-xml.c              the XML mechanics under all of them.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "slices-domain-edit.h"

G_BEGIN_DECLS

/* --- slices-domain-edit.c -------------------------------------------------------------------- */

/* Adds a sentence for people to @notes (may be NULL: nobody asked). */
void  slices_domain_add_note       (GPtrArray  *notes,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (2, 3);

/* "9.0.0" for libvirt's number 9000000. */
char *slices_domain_format_version (guint       version);

/* Parses any XML safely (slices-xml.c's limits), the refusal worded for people;
 * @want_domain also checks that it is a domain definition we can edit and undo exactly. */
xmlDoc *slices_domain_parse       (const char  *xml,
                                   gboolean     want_domain,
                                   GError     **error);

/* The lowercase UUID of a <hostdev type='mdev'>, else NULL. */
char *slices_domain_hostdev_uuid  (xmlNode    *hostdev);

/* The <devices> of @root, made at its end when there is none and @create. */
xmlNode *slices_domain_get_devices (xmlNode   *root,
                                    gboolean   create);

/* The notes every attach gives: XML comments that a define drops, the old `-set
 * device.hostdev0…` recipe's leftovers that @libvirt_version refuses. */
void  slices_domain_note_common   (xmlNode    *root,
                                   guint       libvirt_version,
                                   GPtrArray  *notes);

/* The name <gs:slice display=…> records for @mode. */
const char *slices_domain_display_mode_name (SlicesDisplayMode mode);

/* --- slices-domain-recipe.c ------------------------------------------------------------------ */

/* The alias libvirt gives @hostdev (a child of @devices): its user alias, else hostdev<N>,
 * numbered as libvirt does (qemuAssignDeviceAliases): first the <interface type='hostdev'>,
 * then the <hostdev> without an alias of their own, each in document order; a hostdev with a
 * user alias takes no number. */
char *slices_domain_hostdev_alias (xmlNode    *devices,
                                   xmlNode    *hostdev);

/* --- slices-qemu-args.c (no XML there: slicectl qemu-args does not link libxml2) ------------ */

/* A slice as the definition names it: a lowercase UUID (*@is_vf FALSE), or a VF's PCI address
 * in sysfs form (*@is_vf TRUE; upper case and lspci's "00:02.1" accepted); NULL with INVALID
 * when it is neither. */
char *slices_domain_canonical_slice (const char  *slice,
                                     gboolean    *is_vf,
                                     GError     **error);

/* @uuid in lower case, the form the definition stores; NULL with INVALID when it is not a
 * UUID (detach and the bare QEMU arguments say so in the same words). */
char *slices_domain_lower_slice_uuid (const char  *uuid,
                                      GError     **error);

/* --- slices-domain-vf.c ----------------------------------------------------------------------
 *
 * An SR-IOV virtual function in a VM (FACTS-SRIOV S4, S5). It has no display of its own: the VM
 * keeps (or gets) an emulated vga console adapter, and Looking Glass adds its shared memory and
 * B7's input changes. What it replaces is saved in the entry (<gs:saved-video>, -input,
 * -memballoon, -shmem) for detach, which slices-domain-edit.c does for both kinds of slice.
 */

/* The PCI address (dddd:bb:dd.f, lowercase) of a <hostdev type='pci'>, else NULL. */
char *slices_domain_hostdev_pci_address (xmlNode *hostdev);

/* Puts the VF @address into @doc (checked by the caller: a PCI address, @opts->display not
 * LOCAL, @xres × @yres the Looking Glass picture). */
void  slices_domain_vf_attach_in_doc    (xmlDoc                    *doc,
                                         const char                *address,
                                         int                        xres,
                                         int                        yres,
                                         const SlicesAttachOptions *opts,
                                         guint                      libvirt_version,
                                         GPtrArray                 *notes);

/* Detach: removes the PCI controllers that were not there when the entry was written (libvirt
 * added them for what attach added) and on which nothing sits any more. */
void  slices_domain_vf_remove_added_controllers (xmlNode *entry,
                                                 xmlNode *devices);

/* --- slices-domain-display.c ----------------------------------------------------------------- */

/* Gives @devices the slice's display as @opts->display says (LOCAL or REMOTE, not OFF):
 * the graphics (@passwd, may be NULL: the password of the graphics it replaces) and
 * <video><model type='none'/>. What it replaces was saved by the caller. */
void  slices_domain_display_apply  (xmlNode                   *devices,
                                    const SlicesAttachOptions *opts,
                                    const char                *passwd,
                                    guint                      libvirt_version,
                                    GPtrArray                 *notes);

/* --- slices-domain-qemu.c --------------------------------------------------------------------
 *
 * The QEMU pass-through part of the domain edit: the qemu: namespace, and what attach writes
 * into <qemu:commandline> (`-set device.<alias>.prop=value` pairs, the Mesa override in
 * <qemu:env>) and <qemu:override> (the frontend properties of the slice's device), and how
 * detach takes exactly that out again. Which form a libvirt version gets is decided by the
 * caller (slices-domain-edit.c, FACTS.md §2).
 */

/* The namespace some prefix binds to the QEMU URI in scope of @root, or NULL. */
xmlNs   *slices_domain_qemu_find_ns            (xmlNode    *root);
/* The same, else declared on @root as qemu: (qemu2: … when taken); *@declared says so. */
xmlNs   *slices_domain_qemu_ensure_ns          (xmlNode    *root,
                                                gboolean   *declared);

/* The first <qemu:@name> child of @root ("commandline" or "override"), else a new one at its
 * end; *@created says which. */
xmlNode *slices_domain_qemu_find_or_add_block  (xmlNode    *root,
                                                xmlNs      *ns,
                                                const char *name,
                                                gboolean   *created);

/* Adds `-set device.@alias.@property=@value` to @cmdline, before any <qemu:env>. */
void     slices_domain_qemu_add_set_arg        (xmlNode    *cmdline,
                                                xmlNs      *ns,
                                                const char *alias,
                                                const char *property,
                                                const char *value);

/* Adds <qemu:device alias=@alias> to @override with x-igd-opregion (when @opregion) and
 * xres/yres (when not NULL) as frontend properties. */
void     slices_domain_qemu_add_override       (xmlNode    *override,
                                                xmlNs      *ns,
                                                const char *alias,
                                                gboolean    opregion,
                                                const char *xres,
                                                const char *yres);

/* The <qemu:device alias=@alias> of @override, else NULL. */
xmlNode *slices_domain_qemu_find_device        (xmlNode    *override,
                                                const char *alias);
/* Whether the frontend of @device sets @name already. */
gboolean slices_domain_qemu_device_has_property (xmlNode   *device,
                                                 const char *name);
/* Adds a frontend property to @device (linked and indented already, or not yet linked). */
void     slices_domain_qemu_add_property       (xmlNode    *device,
                                                xmlNs      *ns,
                                                const char *name,
                                                const char *type,
                                                const char *value);

/* Adds MESA_LOADER_DRIVER_OVERRIDE=i965 to @cmdline; FALSE when it is there already. */
gboolean slices_domain_qemu_add_mesa_env       (xmlNode    *cmdline,
                                                xmlNs      *ns);

/* The first `-set` value in any <qemu:commandline> of @root that names device.hostdev…,
 * the widely copied recipe that no longer works from libvirt 7.9; NULL when there is none. */
char    *slices_domain_qemu_find_hostdev_set   (xmlNode    *root);

/* Removes what attach wrote for the device @alias: its <qemu:device> in every
 * <qemu:override> and its `-set device.@alias.…` pairs in every <qemu:commandline>. */
void     slices_domain_qemu_remove_device      (xmlNode    *root,
                                                const char *alias);
/* Removes the first MESA_LOADER_DRIVER_OVERRIDE of the first <qemu:commandline> with one. */
void     slices_domain_qemu_remove_mesa_env    (xmlNode    *root);

/* The QEMU blocks of @root that are empty already (detach leaves those alone). */
GPtrArray *slices_domain_qemu_find_empty_blocks (xmlNode   *root);
/* Removes the <qemu:commandline> (when @commandline) and <qemu:override> (when @override)
 * blocks left empty, except those in @keep. */
void     slices_domain_qemu_remove_empty_blocks (xmlNode   *root,
                                                 GPtrArray *keep,
                                                 gboolean   commandline,
                                                 gboolean   override);

/* --- slices-domain-metadata.c ----------------------------------------------------------------
 *
 * The domain edit's memory: one <gs:gpu-slices> entry in the domain's <metadata> (the place
 * libvirt keeps for applications; it survives redefines) that says which slice attach put in,
 * what attach added to the definition, and a serialized copy of every element it replaced
 * (<graphics>, <video>, and <audio>, which libvirt adjusts to the graphics on define), so
 * that detach can remove exactly what was added and restore exactly what was there.
 * Passwords are never copied into the metadata: libvirt shows metadata to read-only clients
 * but hides passwd.
 */

/* What attach added, as the entry's <gs:added> records it. */
typedef struct {
  gboolean metadata;        /* the <metadata> element itself */
  gboolean devices;         /* the <devices> element */
  gboolean qemu_namespace;  /* the declaration of the qemu: namespace */
  gboolean mesa_env;        /* MESA_LOADER_DRIVER_OVERRIDE in <qemu:commandline> */
  gboolean commandline;     /* the <qemu:commandline> block */
  gboolean override;        /* the <qemu:override> block */
} SlicesDomainAdded;

/* The domain's <metadata>, made where libvirt writes it when there is none (*@created). */
xmlNode *slices_domain_metadata_ensure    (xmlNode                 *root,
                                           gboolean                *created);

/* A new entry (not linked yet) for the slice @uuid (or a VF's PCI address, recorded as
 * address=…): its <gs:slice> with @type_id (may be NULL), @display and @libvirt_version, then
 * an empty <gs:added>. */
xmlNode *slices_domain_metadata_new_entry (xmlDoc                  *doc,
                                           const char              *uuid,
                                           const char              *type_id,
                                           const char              *display,
                                           const char              *libvirt_version);

/* Saves every <@name> of @devices into the entry's <gs:saved-@name>, made even when there
 * is none: detach then removes what attach added. The first password found goes to
 * *@passwd_out (may be NULL) instead, for the element that replaces them. */
void     slices_domain_metadata_save      (xmlNode                 *entry,
                                           xmlNode                 *devices,
                                           const char              *name,
                                           char                   **passwd_out);

/* Records @added in the entry's <gs:added>. */
void     slices_domain_metadata_set_added (xmlNode                 *entry,
                                           const SlicesDomainAdded *added);

/* The slice (UUID or VF address) the entry in @root's <metadata> is about, or NULL. */
char    *slices_domain_metadata_dup_slice (xmlNode                 *root);

/* The entry about the slice @uuid (or VF address; case-insensitive), or NULL. @added is filled from it;
 * without an entry, or from an entry older than the record of QEMU blocks, any QEMU block
 * left empty counts as added (what detach did before there was a record). */
xmlNode *slices_domain_metadata_find      (xmlNode                 *root,
                                           const char              *uuid,
                                           SlicesDomainAdded       *added);

/* Puts every saved element (<graphics>, <video>, <audio>, <input>, <memballoon>, <shmem>)
 * back in place of the current ones of its name, the password attach left on its own element
 * going back where it was. Checks each saved element first: a damaged entry fails with
 * SLICES_DOMAIN_EDIT_ERROR_PARSE (the caller then drops the document). */
gboolean slices_domain_metadata_restore   (xmlNode                 *entry,
                                           xmlNode                 *devices,
                                           GError                 **error);

/* Removes the entry, and <metadata> too when attach added it and nothing else is in it. */
void     slices_domain_metadata_remove    (xmlNode                 *entry,
                                           const SlicesDomainAdded *added);

G_END_DECLS
