/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainEdit: attach and detach a GVT-g slice in libvirt domain XML. The forms per
 * libvirt version and why are in slices-domain-edit.h and ../shared/FACTS.md §2.
 *
 * This file owns the GVT-g decisions: which slice a VM may hold, the hostdev, which QEMU form
 * a version gets, the order of the edit and the notes for people. The other parts are named
 * in slices-domain-edit-private.h. Edits keep every node they do not own, and indent what
 * they add like libvirt does so that a diff of the result reads well.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slices-ids.h"
#include "slices-domain-edit-private.h"
#include "slices-xml.h"

#define ALIAS_PREFIX "ua-gpu-slices-"

typedef enum {
  FORM_SET,       /* 4.6 – 7.8: -set device.<alias>.prop=value */
  FORM_NONE,      /* 7.9 – 8.1: nothing reaches the JSON -device */
  FORM_OVERRIDE,  /* 8.2 and newer: <qemu:override> */
} QemuForm;

/* Reading a definition */

/* Says why slices_xml_parse() refused a definition, in words for people. */
static void
set_parse_error (GError                    **error,
                 const SlicesXmlParseError  *parse_error,
                 gsize                       size)
{
  int line = parse_error->line;
  const char *detail = parse_error->detail;

  switch (parse_error->problem)
    {
    case SLICES_XML_PROBLEM_TOO_LARGE:
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                   _("The domain definition is too large (%lu MB; at most %d MB is accepted)."),
                   (unsigned long) (size / (1024 * 1024)),
                   SLICES_XML_MAX_SIZE / (1024 * 1024));
      break;
    case SLICES_XML_PROBLEM_NO_PARSER:
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                           _("Could not start the XML parser (out of memory?)."));
      break;
    case SLICES_XML_PROBLEM_ENTITIES:
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                           _("The domain definition declares XML entities (<!ENTITY>). libvirt "
                             "never writes those; they are refused for safety. Use the "
                             "definition as libvirt prints it (virsh dumpxml)."));
      break;
    case SLICES_XML_PROBLEM_PARSER_DEPTH:
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                   _("The domain definition is nested too deeply (line %d). It is not a "
                     "libvirt definition; use the XML that libvirt prints (virsh dumpxml)."),
                   line);
      break;
    case SLICES_XML_PROBLEM_UNDECLARED_PREFIX:
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                   _("The domain definition uses a namespace prefix it does not declare "
                     "(line %d: %s); libvirt refuses it. Declare it on <domain> (for qemu: "
                     "xmlns:qemu='%s'), or use the XML that libvirt prints (virsh dumpxml)."),
                   line, detail, SLICES_QEMU_NAMESPACE);
      break;
    case SLICES_XML_PROBLEM_EMPTY:
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                           _("The domain definition is empty."));
      break;
    case SLICES_XML_PROBLEM_TOO_DEEP:
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                   _("The domain definition is nested more than %d elements deep. It is not a "
                     "libvirt definition; use the XML that libvirt prints (virsh dumpxml)."),
                   SLICES_XML_MAX_DEPTH);
      break;
    case SLICES_XML_PROBLEM_MALFORMED:
    case SLICES_XML_PROBLEM_NONE:
    default:
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                   _("The domain definition is not well-formed XML (line %d: %s). Check the "
                     "file, or use the XML that libvirt prints (virsh dumpxml)."),
                   line, detail != NULL ? detail : "unknown error");
      break;
    }
}

xmlDoc *
slices_domain_parse (const char  *xml,
                     gboolean     want_domain,
                     GError     **error)
{
  g_auto(SlicesXmlParseError) parse_error = { 0 };
  g_autoptr(xmlDoc) doc = slices_xml_parse (xml, &parse_error);
  xmlNode *root;
  guint n_devices = 0;

  if (doc == NULL)
    {
      set_parse_error (error, &parse_error, strlen (xml));
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (!want_domain)
    return g_steal_pointer (&doc);

  if (root->ns != NULL)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN,
                   _("This XML is not a libvirt domain definition: its root element <%s> is "
                     "in the namespace “%s”; libvirt’s <domain> has none."),
                   (const char *) root->name, (const char *) root->ns->href);
      return NULL;
    }
  if (!xmlStrEqual (root->name, BAD_CAST "domain"))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN,
                   _("This XML is not a libvirt domain definition: its root element is <%s>, "
                     "not <domain>."),
                   (const char *) root->name);
      return NULL;
    }

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (slices_xml_is_plain (child, "devices"))
      n_devices++;
  /* libvirt merges several <devices> into one on define; editing one of them could not be
   * undone exactly (hardening: fuzz-domain-xml). */
  if (n_devices > 1)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE,
                   _("The domain definition has %u <devices> sections; libvirt merges them "
                     "into one. Define it with virsh first and use the XML that libvirt "
                     "prints (virsh dumpxml)."),
                   n_devices);
      return NULL;
    }

  return g_steal_pointer (&doc);
}

/* Domain structure */

xmlNode *
slices_domain_get_devices (xmlNode  *root,
                           gboolean  create)
{
  xmlNode *devices = slices_xml_first_plain_child (root, "devices");

  if (devices == NULL && create)
    {
      devices = xmlNewDocNode (root->doc, NULL, BAD_CAST "devices", NULL);
      slices_xml_insert_indented (root, NULL, devices);
    }
  return devices;
}

char *
slices_domain_hostdev_uuid (xmlNode *hostdev)
{
  xmlNode *source, *address;
  g_autofree char *uuid = NULL;

  if (!slices_xml_is_plain (hostdev, "hostdev") ||
      !slices_xml_prop_equals (hostdev, "type", "mdev"))
    return NULL;
  source = slices_xml_first_plain_child (hostdev, "source");
  address = source != NULL ? slices_xml_first_plain_child (source, "address") : NULL;
  uuid = address != NULL ? slices_xml_get_prop (address, "uuid") : NULL;

  return uuid != NULL ? g_ascii_strdown (uuid, -1) : NULL;
}

/* The slice @hostdev holds: a GVT-g slice's UUID or a PCI device's address, else NULL. */
static char *
dup_hostdev_slice (xmlNode *hostdev)
{
  char *key = slices_domain_hostdev_uuid (hostdev);

  return key != NULL ? key : slices_domain_hostdev_pci_address (hostdev);
}

/* The hostdev holding @slice (a lowercase UUID or PCI address). */
static xmlNode *
find_hostdev (xmlNode    *devices,
              const char *slice)
{
  if (devices == NULL)
    return NULL;

  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      g_autofree char *u = dup_hostdev_slice (child);

      if (u != NULL && g_str_equal (u, slice))
        return child;
    }
  return NULL;
}

char *
slices_domain_format_version (guint version)
{
  return g_strdup_printf ("%u.%u.%u", version / 1000000, (version / 1000) % 1000,
                          version % 1000);
}

void
slices_domain_add_note (GPtrArray  *notes,
                        const char *format,
                        ...)
{
  va_list args;

  if (notes == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Detach */

static gboolean
detach_in_doc (xmlDoc      *doc,
               const char  *uuid,
               GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = slices_domain_get_devices (root, FALSE);
  xmlNode *hostdev = find_hostdev (devices, uuid);
  SlicesDomainAdded added;
  xmlNode *entry;
  g_autoptr(GPtrArray) empty_before = NULL;
  g_autofree char *alias = NULL;

  if (hostdev == NULL)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED,
                   _("Slice %s is not attached to this virtual machine."), uuid);
      return FALSE;
    }

  /* Without our metadata (an older attach) any QEMU block left empty goes, as before. */
  entry = slices_domain_metadata_find (root, uuid, &added);
  if (entry != NULL && !slices_domain_metadata_restore (entry, devices, error))
    return FALSE;

  empty_before = slices_domain_qemu_find_empty_blocks (root);
  alias = slices_domain_hostdev_alias (devices, hostdev);
  slices_xml_remove_node (hostdev);
  if (entry != NULL)
    slices_domain_vf_remove_added_controllers (entry, devices);
  slices_domain_qemu_remove_device (root, alias);
  if (added.mesa_env)
    slices_domain_qemu_remove_mesa_env (root);
  slices_domain_qemu_remove_empty_blocks (root, empty_before, added.commandline, added.override);
  if (added.devices && !slices_xml_has_element_children (devices))
    slices_xml_remove_node (devices);

  if (entry != NULL)
    slices_domain_metadata_remove (entry, &added);

  if (added.qemu_namespace)
    {
      xmlNs *ns = slices_domain_qemu_find_ns (root);

      if (ns != NULL && !slices_xml_tree_uses_ns (root, ns) && root->ns != ns)
        slices_xml_remove_ns_decl (root, ns);
    }

  return TRUE;
}

/* Attach */

static QemuForm
qemu_form_for (guint version)
{
  if (version >= SLICES_LIBVIRT_VERSION (8, 2, 0))
    return FORM_OVERRIDE;
  if (version >= SLICES_LIBVIRT_VERSION (7, 9, 0))
    return FORM_NONE;
  return FORM_SET;
}

const char *
slices_domain_display_mode_name (SlicesDisplayMode mode)
{
  switch (mode)
    {
    case SLICES_DISPLAY_MODE_LOCAL:
      return "local";
    case SLICES_DISPLAY_MODE_REMOTE:
      return "remote";
    case SLICES_DISPLAY_MODE_LOOKING_GLASS:
      return "looking-glass";
    case SLICES_DISPLAY_MODE_OFF:
    default:
      return "off";
    }
}

/* A VF's options: a display it can have, and the Looking Glass picture (default 1080p). */
static gboolean
check_vf_args (const char                *address,
               const SlicesAttachOptions *opts,
               int                       *xres,
               int                       *yres,
               GError                   **error)
{
  if (opts->display == SLICES_DISPLAY_MODE_LOCAL)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("Virtual function %s has no display of its own, so it cannot have the "
                     "local SPICE display. Choose Looking Glass, a remote desktop in the guest, "
                     "or none."), address);
      return FALSE;
    }

  *xres = opts->xres != 0 ? opts->xres : 1920;
  *yres = opts->yres != 0 ? opts->yres : 1080;
  if ((opts->xres == 0) != (opts->yres == 0) || *xres < 0 || *yres < 0 ||
      *xres > 16384 || *yres > 16384)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("A resolution needs both a width and a height of at most 16384 (got "
                     "%d × %d)."),
                   opts->xres, opts->yres);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_attach_args (const char                *uuid,
                   const SlicesAttachOptions *opts,
                   int                        type_width,
                   int                        type_height,
                   guint                      libvirt_version,
                   int                       *xres,
                   int                       *yres,
                   GError                   **error)
{
  if (!slices_uuid_is_valid (uuid))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("“%s” is not a valid slice UUID (expected the form "
                     "1b3e2c4a-0000-4000-8000-0123456789ab)."), uuid);
      return FALSE;
    }

  if (opts->display == SLICES_DISPLAY_MODE_LOOKING_GLASS)
    {
      g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                           _("Looking Glass is for SR-IOV virtual functions; a GVT-g slice "
                             "shows its picture itself (choose the local or remote display)."));
      return FALSE;
    }

  if (libvirt_version < SLICES_LIBVIRT_VERSION (4, 6, 0))
    {
      g_autofree char *v = slices_domain_format_version (libvirt_version);

      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSUPPORTED,
                   _("libvirt %s is too old to give a VM a GVT-g display (display='on' needs "
                     "libvirt 4.6 or newer). Update libvirt, or use bare QEMU."), v);
      return FALSE;
    }

  if (opts->display != SLICES_DISPLAY_MODE_OFF)
    {
      if (opts->rendernode == NULL || !g_path_is_absolute (opts->rendernode) ||
          strchr (opts->rendernode, ',') != NULL)
        {
          g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                       _("The display needs a render node given as an absolute path such as "
                         "/dev/dri/renderD128 (got “%s”)."),
                       opts->rendernode != NULL ? opts->rendernode : "");
          return FALSE;
        }
    }

  *xres = opts->xres;
  *yres = opts->yres;
  if ((*xres == 0) != (*yres == 0) || *xres < 0 || *yres < 0)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("A resolution needs both a width and a height (got %d × %d)."),
                   opts->xres, opts->yres);
      return FALSE;
    }
  if (*xres == 0)
    {
      *xres = type_width;
      *yres = type_height;
    }
  else if (type_width > 0 && type_height > 0 && (*xres > type_width || *yres > type_height))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("%d × %d is larger than this slice type’s %d × %d. Choose %d × %d or "
                     "less, or a slice type with a larger resolution."),
                   *xres, *yres, type_width, type_height, type_width, type_height);
      return FALSE;
    }

  return TRUE;
}

/* The hostdev itself, after the last hostdev or at the end of <devices>. */
static void
add_hostdev (xmlNode    *devices,
             const char *uuid,
             const char *alias,
             gboolean    display_on,
             gboolean    ramfb,
             guint       libvirt_version,
             const char *version_str,
             GPtrArray  *notes)
{
  xmlNode *hostdev = slices_xml_new_element (devices->doc, "hostdev", "mode", "subsystem");
  xmlNode *after = slices_xml_last_plain_child (devices, "hostdev");

  slices_xml_set_prop (hostdev, "type", "mdev");
  slices_xml_set_prop (hostdev, "model", "vfio-pci");
  slices_xml_set_prop (hostdev, "display", display_on ? "on" : "off");
  if (ramfb)
    {
      if (libvirt_version >= SLICES_LIBVIRT_VERSION (5, 10, 0))
        slices_xml_set_prop (hostdev, "ramfb", "on");
      else
        slices_domain_add_note (notes,
                                _("libvirt %s cannot enable the boot display (ramfb needs "
                                  "5.10): firmware and boot screens stay dark until the "
                                  "guest’s graphics driver starts."),
                                version_str);
    }
  slices_xml_add_element (slices_xml_new_child (hostdev, NULL, "source"), "address", "uuid", uuid);
  slices_xml_add_element (hostdev, "alias", "name", alias);
  slices_xml_insert_indented (devices, after != NULL ? slices_xml_next_non_text (after) : NULL,
                              hostdev);
}

/* The note for 7.9 – 8.1, where neither `-set` nor <qemu:override> reaches the device. */
static void
note_unreachable_properties (gboolean    opregion,
                             gboolean    set_resolution,
                             const char *version_str,
                             GPtrArray  *notes)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *list = NULL;

  if (opregion)
    g_ptr_array_add (missing, (char *) _("OpRegion (x-igd-opregion)"));
  if (set_resolution)
    g_ptr_array_add (missing, (char *) _("resolution (xres, yres)"));
  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (_(" and "), (char **) missing->pdata);
  slices_domain_add_note (notes,
                          _("libvirt %s cannot pass %s to QEMU: from libvirt 7.9 devices are "
                            "given to QEMU as JSON, which “-set” cannot reach, and "
                            "<qemu:override> only arrives in 8.2. The slice works without them "
                            "(Windows guests may show no picture without the OpRegion). Update "
                            "libvirt to 8.2 or newer to set them."),
                          version_str, list);
}

static void
attach_in_doc (xmlDoc                    *doc,
               const char                *uuid,
               const char                *type_id,
               int                        xres,
               int                        yres,
               const SlicesAttachOptions *opts,
               guint                      libvirt_version,
               GPtrArray                 *notes)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  SlicesDomainAdded added = { .devices = slices_xml_first_plain_child (root, "devices") == NULL };
  xmlNode *devices = slices_domain_get_devices (root, TRUE);
  QemuForm form = qemu_form_for (libvirt_version);
  gboolean display_on = opts->display != SLICES_DISPLAY_MODE_OFF;
  gboolean set_resolution = display_on && xres > 0 && yres > 0;
  gboolean qemu_properties = opts->opregion || set_resolution;
  gboolean mesa = display_on && opts->mesa_i965;
  g_autofree char *alias = slices_domain_slice_alias (uuid);
  g_autofree char *version_str = slices_domain_format_version (libvirt_version);
  g_autofree char *passwd = NULL;
  g_autofree char *xres_str = g_strdup_printf ("%d", xres);
  g_autofree char *yres_str = g_strdup_printf ("%d", yres);
  xmlNode *metadata, *entry;
  xmlNs *qemu_ns = NULL;

  slices_domain_note_common (root, libvirt_version, notes);

  /* Our metadata entry: what we added and what we replaced. */
  metadata = slices_domain_metadata_ensure (root, &added.metadata);
  entry = slices_domain_metadata_new_entry (doc, uuid, type_id,
                                            slices_domain_display_mode_name (opts->display), version_str);

  if (display_on)
    {
      slices_domain_metadata_save (entry, devices, "graphics", &passwd);
      slices_domain_metadata_save (entry, devices, "video", NULL);
      /* Not changed here, but libvirt adds <audio type='spice'> on define when it sees a
       * SPICE display, and refuses it once SPICE is gone: detach restores these too. */
      slices_domain_metadata_save (entry, devices, "audio", NULL);

      slices_domain_display_apply (devices, opts, passwd, libvirt_version, notes);
    }

  add_hostdev (devices, uuid, alias, display_on, display_on && opts->ramfb, libvirt_version,
               version_str, notes);

  /* QEMU properties libvirt has no attribute for. */
  if (qemu_properties && form == FORM_NONE)
    note_unreachable_properties (opts->opregion, set_resolution, version_str, notes);

  if ((qemu_properties && form != FORM_NONE) || mesa)
    qemu_ns = slices_domain_qemu_ensure_ns (root, &added.qemu_namespace);

  if (form == FORM_OVERRIDE && qemu_properties)
    {
      xmlNode *override = slices_domain_qemu_find_or_add_block (root, qemu_ns, "override",
                                                                &added.override);

      slices_domain_qemu_add_override (override, qemu_ns, alias, opts->opregion,
                                       set_resolution ? xres_str : NULL,
                                       set_resolution ? yres_str : NULL);
      if (libvirt_version < SLICES_LIBVIRT_VERSION (8, 4, 0))
        slices_domain_add_note (notes,
                                _("libvirt %s has a crash with <qemu:override> that 8.4 fixed; "
                                  "if the libvirt daemon stops while defining, update libvirt."),
                                version_str);
    }

  if ((form == FORM_SET && qemu_properties) || mesa)
    {
      xmlNode *cmdline = slices_domain_qemu_find_or_add_block (root, qemu_ns, "commandline",
                                                               &added.commandline);

      if (form == FORM_SET && opts->opregion)
        slices_domain_qemu_add_set_arg (cmdline, qemu_ns, alias, "x-igd-opregion", "on");
      if (form == FORM_SET && set_resolution)
        {
          slices_domain_qemu_add_set_arg (cmdline, qemu_ns, alias, "xres", xres_str);
          slices_domain_qemu_add_set_arg (cmdline, qemu_ns, alias, "yres", yres_str);
        }
      if (mesa)
        added.mesa_env = slices_domain_qemu_add_mesa_env (cmdline, qemu_ns);
    }
  if (opts->mesa_i965 && !display_on)
    slices_domain_add_note (notes,
                            _("The Mesa i965 override only matters with a display; it was not "
                              "added."));

  slices_domain_metadata_set_added (entry, &added);
  /* An empty <gs:saved-graphics> still matters: detach then removes what attach added. */
  slices_xml_insert_indented (metadata, NULL, entry);
}

void
slices_domain_note_common (xmlNode   *root,
                           guint      libvirt_version,
                           GPtrArray *notes)
{
  g_autofree char *hostdev_set = NULL;

  if (slices_xml_has_comments (root->doc->children))
    slices_domain_add_note (notes,
                            _("This definition has XML comments. libvirt does not keep "
                              "comments: they are lost when the new definition is applied."));
  /* Leftovers of the widely copied `-set device.hostdev0…` recipe. */
  hostdev_set = slices_domain_qemu_find_hostdev_set (root);
  if (hostdev_set != NULL && libvirt_version >= SLICES_LIBVIRT_VERSION (7, 9, 0))
    slices_domain_add_note (notes,
                            _("The VM still passes “-set %s” to QEMU. libvirt 7.9 and newer "
                              "cannot apply it and QEMU refuses to start; remove that argument."),
                            hostdev_set);
}

/* The slices the VM holds that attaching another one replaces: every GVT-g slice, and the VF
 * that our metadata says GPU Slices attached (a PCI hostdev of the user's own, such as a NIC,
 * is never one). */
static GPtrArray *
find_held_slices (xmlNode *root)
{
  GPtrArray *held = g_ptr_array_new_with_free_func (g_free);
  xmlNode *devices = slices_domain_get_devices (root, FALSE);
  g_autofree char *recorded = slices_domain_metadata_dup_slice (root);

  for (xmlNode *child = devices != NULL ? devices->children : NULL; child != NULL;
       child = child->next)
    {
      char *u = slices_domain_hostdev_uuid (child);
      g_autofree char *address = u == NULL ? slices_domain_hostdev_pci_address (child) : NULL;

      if (u == NULL && address != NULL && g_strcmp0 (address, recorded) == 0)
        u = g_steal_pointer (&address);
      if (u != NULL)
        g_ptr_array_add (held, u);
    }
  return held;
}

/* Public API */

char *
slices_domain_slice_alias (const char *uuid)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (uuid != NULL, NULL);

  lower = g_ascii_strdown (uuid, -1);
  /* A VF: "ua-gpu-slices-0000-00-02-1" (libvirt's user aliases allow [a-zA-Z0-9_-]). */
  if (slices_pci_address_is_valid (lower))
    return g_strdelimit (g_strconcat (ALIAS_PREFIX, lower, NULL), ":.", '-');
  return g_strdup_printf (ALIAS_PREFIX "%.8s", lower);
}

char *
slices_domain_attach (const char                *xml,
                      const char                *uuid,
                      const char                *type_id,
                      int                        type_width,
                      int                        type_height,
                      const SlicesAttachOptions *opts,
                      guint                      libvirt_version,
                      GPtrArray                 *notes_out,
                      GError                   **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(GPtrArray) others = NULL;
  gboolean is_vf, others_gvt = TRUE;
  xmlNode *devices;
  int xres, yres;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (opts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lower = slices_domain_canonical_slice (uuid, &is_vf, error);
  if (lower == NULL)
    return NULL;
  if (is_vf ? !check_vf_args (lower, opts, &xres, &yres, error)
            : !check_attach_args (lower, opts, type_width, type_height, libvirt_version, &xres,
                                  &yres, error))
    return NULL;

  doc = slices_domain_parse (xml, TRUE, error);
  if (doc == NULL)
    return NULL;
  devices = slices_domain_get_devices (xmlDocGetRootElement (doc), FALSE);

  if (find_hostdev (devices, lower) != NULL)
    {
      slices_domain_add_note (notes_out,
                              _("Slice %s is already attached to this virtual machine; nothing "
                                "changes. Detach it first to change its display settings."),
                              lower);
      return g_strdup (xml);
    }

  others = find_held_slices (xmlDocGetRootElement (doc));
  for (guint i = 0; i < others->len; i++)
    others_gvt &= slices_uuid_is_valid (others->pdata[i]);

  /* One GVT-g slice per VM: kvmgt refuses a second one at start (FACTS.md §2). */
  if (others->len > 0 && !opts->replace && !is_vf && others_gvt)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE,
                   _("This virtual machine already has slice %s. A VM can use only one "
                     "GVT-g slice (the kernel refuses a second one at start): replace it, "
                     "or pick another VM."),
                   (const char *) others->pdata[0]);
      return NULL;
    }
  /* Our metadata remembers one slice per VM, so that detach restores exactly. */
  if (others->len > 0 && !opts->replace)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE,
                   _("This virtual machine already has slice %s. GPU Slices gives a VM one "
                     "slice: replace it, or pick another VM."),
                   (const char *) others->pdata[0]);
      return NULL;
    }

  for (guint i = 0; i < others->len; i++)
    {
      if (!detach_in_doc (doc, others->pdata[i], error))
        return NULL;
      slices_domain_add_note (notes_out,
                              _("Slice %s is detached from this virtual machine and replaced."),
                              (const char *) others->pdata[i]);
    }

  if (is_vf)
    slices_domain_vf_attach_in_doc (doc, lower, xres, yres, opts, libvirt_version, notes_out);
  else
    attach_in_doc (doc, lower, type_id, xres, yres, opts, libvirt_version, notes_out);

  return slices_xml_serialize (doc, strlen (xml));
}

char *
slices_domain_detach (const char  *xml,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *lower = NULL;
  gboolean is_vf;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lower = slices_domain_canonical_slice (uuid, &is_vf, error);
  if (lower == NULL)
    return NULL;

  doc = slices_domain_parse (xml, TRUE, error);
  if (doc == NULL)
    return NULL;

  if (!detach_in_doc (doc, lower, error))
    return NULL;

  return slices_xml_serialize (doc, strlen (xml));
}

GStrv
slices_domain_find_slices (const char  *xml,
                           GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  xmlNode *devices;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = slices_domain_parse (xml, TRUE, error);
  if (doc == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  devices = slices_domain_get_devices (xmlDocGetRootElement (doc), FALSE);
  for (xmlNode *child = devices != NULL ? devices->children : NULL; child != NULL;
       child = child->next)
    {
      g_autofree char *u = dup_hostdev_slice (child);

      if (u != NULL)
        g_strv_builder_add (builder, u);
    }

  return g_strv_builder_end (builder);
}

gboolean
slices_domain_has_comments (const char *xml)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (xml != NULL, FALSE);

  doc = slices_domain_parse (xml, FALSE, NULL);
  return doc != NULL && slices_xml_has_comments (doc->children);
}

char *
slices_domain_canonicalize (const char  *xml,
                            GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  char *canonical;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = slices_domain_parse (xml, FALSE, error);
  if (doc == NULL)
    return NULL;

  canonical = slices_xml_canonicalize (doc);
  if (canonical == NULL)
    g_set_error_literal (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE,
                         _("Could not bring the domain definition into canonical form."));
  return canonical;
}
