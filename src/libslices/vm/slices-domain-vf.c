/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SR-IOV part of the domain edit (FACTS-SRIOV S4, S5): a virtual function becomes a PCI
 * hostdev that libvirt binds to VFIO at start (managed='yes'). A VF has no display of its own,
 * so the VM keeps or gets an emulated console adapter (vga, the one Looking Glass documents),
 * and Looking Glass gets its shared memory and B7's input recommendations. Everything replaced
 * is saved in the metadata entry first; detach (slices-domain-edit.c) restores it.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slices-domain-edit-private.h"
#include "slices-xml.h"

#define LOOKING_GLASS_SHMEM "looking-glass"

/* One hex (0x…) or decimal number of a PCI <address>, as libvirt reads them; -1 when absent
 * or not below @limit. */
static gint64
read_address_part (xmlNode    *address,
                   const char *name,
                   guint64     limit)
{
  g_autofree char *text = slices_xml_get_prop (address, name);
  guint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return -1;
  value = g_ascii_strtoull (text, &end, 0);
  if (end == text || *end != '\0' || value >= limit)
    return -1;
  return (gint64) value;
}

char *
slices_domain_hostdev_pci_address (xmlNode *hostdev)
{
  xmlNode *source, *address;
  gint64 domain, bus, slot, function;

  if (!slices_xml_is_plain (hostdev, "hostdev") ||
      !slices_xml_prop_equals (hostdev, "type", "pci"))
    return NULL;
  source = slices_xml_first_plain_child (hostdev, "source");
  address = source != NULL ? slices_xml_first_plain_child (source, "address") : NULL;
  if (address == NULL)
    return NULL;

  domain = read_address_part (address, "domain", 0x10000);
  bus = read_address_part (address, "bus", 0x100);
  slot = read_address_part (address, "slot", 0x20);
  function = read_address_part (address, "function", 0x8);
  if (domain < 0 || bus < 0 || slot < 0 || function < 0)
    return NULL;

  return g_strdup_printf ("%04x:%02x:%02x.%x", (guint) domain, (guint) bus, (guint) slot,
                          (guint) function);
}

/* Inserts @node after the last <@after_name> of @devices, else at its end. */
static void
insert_after_last (xmlNode    *devices,
                   const char *after_name,
                   xmlNode    *node)
{
  xmlNode *after = slices_xml_last_plain_child (devices, after_name);

  slices_xml_insert_indented (devices, after != NULL ? slices_xml_next_non_text (after) : NULL,
                              node);
}

/* Puts @replacement where the first <@name> is and removes every <@name>; at the end of
 * @devices when there was none. */
static void
replace_every (xmlNode    *devices,
               const char *name,
               xmlNode    *replacement)
{
  xmlNode *child = devices->children;
  gboolean placed = FALSE;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_plain (child, name))
        {
          if (!placed)
            slices_xml_insert_indented (devices, child, replacement);
          placed = TRUE;
          slices_xml_remove_node (child);
        }
      child = next;
    }
  if (!placed)
    slices_xml_insert_indented (devices, NULL, replacement);
}

static char *
dup_video_model (xmlNode *devices)
{
  xmlNode *video = slices_xml_first_plain_child (devices, "video");
  xmlNode *model = video != NULL ? slices_xml_first_plain_child (video, "model") : NULL;

  if (video == NULL)
    return NULL;
  /* libvirt's default for a <video> without a model on x86 is vga (or cirrus, long ago). */
  return model != NULL ? slices_xml_get_prop (model, "type") : g_strdup ("default");
}

/* The console adapter: kept when it shows a picture (vga only for Looking Glass, which
 * documents it), else every <video> is saved and replaced by one vga. */
static void
ensure_console (xmlNode                   *entry,
                xmlNode                   *devices,
                const SlicesAttachOptions *opts,
                GPtrArray                 *notes)
{
  g_autofree char *model = dup_video_model (devices);
  gboolean looking_glass = opts->display == SLICES_DISPLAY_MODE_LOOKING_GLASS;
  gboolean keep = model != NULL && g_strcmp0 (model, "none") != 0 &&
                  (!looking_glass || g_str_equal (model, "vga"));
  xmlNode *video;

  slices_domain_metadata_save (entry, devices, "video", NULL);
  if (keep)
    return;

  video = xmlNewDocNode (devices->doc, NULL, BAD_CAST "video", NULL);
  slices_xml_add_element (video, "model", "type", "vga");
  if (slices_xml_first_plain_child (devices, "video") != NULL)
    replace_every (devices, "video", video);
  else
    insert_after_last (devices, "graphics", video);

  if (model == NULL || g_str_equal (model, "none"))
    slices_domain_add_note (notes,
                            _("A virtual function has no display of its own, and this VM had no "
                              "graphics adapter: a vga adapter is added for its console."));
  else
    /* TRANSLATORS: %s is the VM's graphics adapter model, such as qxl or virtio */
    slices_domain_add_note (notes,
                            _("The VM’s %s graphics adapter is replaced by vga, the console "
                              "adapter Looking Glass documents."),
                            model);
}

/* B7's input: no tablet (absolute pointing fights Looking Glass's capture), virtio mouse and
 * keyboard. */
static void
apply_looking_glass_input (xmlNode *entry,
                           xmlNode *devices)
{
  const char * const wanted[] = { "mouse", "keyboard" };
  xmlNode *child = devices->children;

  slices_domain_metadata_save (entry, devices, "input", NULL);

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_plain (child, "input") && slices_xml_prop_equals (child, "type", "tablet"))
        slices_xml_remove_node (child);
      child = next;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      gboolean present = FALSE;
      xmlNode *input;

      for (child = devices->children; child != NULL && !present; child = child->next)
        present = slices_xml_is_plain (child, "input") &&
                  slices_xml_prop_equals (child, "type", wanted[i]) &&
                  slices_xml_prop_equals (child, "bus", "virtio");
      if (present)
        continue;

      input = slices_xml_new_element (devices->doc, "input", "type", wanted[i]);
      slices_xml_set_prop (input, "bus", "virtio");
      if (slices_xml_first_plain_child (devices, "input") != NULL)
        insert_after_last (devices, "input", input);
      else
        {
          xmlNode *graphics = slices_xml_first_plain_child (devices, "graphics");

          slices_xml_insert_indented (devices, graphics, input);
        }
    }
}

static void
apply_memballoon_none (xmlNode *entry,
                       xmlNode *devices)
{
  slices_domain_metadata_save (entry, devices, "memballoon", NULL);
  replace_every (devices, "memballoon",
                 slices_xml_new_element (devices->doc, "memballoon", "model", "none"));
}

/* A <size> in MiB; 0 when it is not a whole number of MiB in a unit libvirt knows. */
static guint64
read_size_mib (xmlNode *shmem)
{
  static const struct { const char *unit; guint64 bytes; } units[] = {
    { "b", 1 }, { "bytes", 1 }, { "k", 1024 }, { "kib", 1024 }, { "kb", 1000 },
    { "m", 1048576 }, { "mib", 1048576 }, { "mb", 1000000 },
    { "g", 1073741824 }, { "gib", 1073741824 }, { "gb", 1000000000 },
  };
  xmlNode *size = slices_xml_first_plain_child (shmem, "size");
  g_autofree char *unit = size != NULL ? slices_xml_get_prop (size, "unit") : NULL;
  xmlChar *text;
  guint64 value, scale = 0;
  char *end = NULL;

  if (size == NULL)
    return 0;
  if (unit == NULL)
    unit = g_strdup ("b");  /* libvirt's default unit for <size> */
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_ascii_strcasecmp (unit, units[i].unit) == 0)
      scale = units[i].bytes;

  text = xmlNodeGetContent (size);
  value = g_ascii_strtoull ((const char *) text, &end, 10);
  if (end == (char *) text || *end != '\0')
    value = 0;
  xmlFree (text);

  if (scale == 0 || value == 0 || value > G_MAXUINT64 / scale || value * scale % 1048576 != 0)
    return 0;
  return value * scale / 1048576;
}

/* The <shmem name='looking-glass'> Looking Glass reads frames from, sized for the picture. */
static void
apply_looking_glass_shmem (xmlNode   *entry,
                           xmlNode   *devices,
                           int        xres,
                           int        yres,
                           gboolean   hdr,
                           GPtrArray *notes)
{
  guint mib = slices_domain_looking_glass_mib (xres, yres, hdr);
  g_autofree char *mib_str = g_strdup_printf ("%u", mib);
  xmlNode *existing = NULL;
  xmlNode *shmem, *size;

  slices_domain_metadata_save (entry, devices, "shmem", NULL);

  for (xmlNode *child = devices->children; child != NULL && existing == NULL;
       child = child->next)
    if (slices_xml_is_plain (child, "shmem") &&
        slices_xml_prop_equals (child, "name", LOOKING_GLASS_SHMEM))
      existing = child;

  if (existing != NULL)
    {
      xmlNode *model = slices_xml_first_plain_child (existing, "model");
      guint64 old_mib = read_size_mib (existing);

      if (old_mib == mib && model != NULL &&
          slices_xml_prop_equals (model, "type", "ivshmem-plain"))
        {
          slices_domain_add_note (notes,
                                  _("The VM already has Looking Glass’s shared memory "
                                    "(“looking-glass”, %u MiB) in the size %d × %d needs; it "
                                    "is kept."),
                                  mib, xres, yres);
          return;
        }
      if (old_mib > 0)
        slices_domain_add_note (notes,
                                _("The VM’s shared memory “looking-glass” changes from %lu MiB "
                                  "to the %u MiB that %d × %d needs."),
                                (unsigned long) old_mib, mib, xres, yres);
      else
        slices_domain_add_note (notes,
                                _("The VM’s shared memory “looking-glass” is set to an "
                                  "ivshmem-plain device of the %u MiB that %d × %d needs."),
                                mib, xres, yres);
    }

  shmem = slices_xml_new_element (devices->doc, "shmem", "name", LOOKING_GLASS_SHMEM);
  slices_xml_add_element (shmem, "model", "type", "ivshmem-plain");
  size = slices_xml_add_element (shmem, "size", "unit", "M");
  xmlNodeSetContent (size, BAD_CAST mib_str);

  if (existing != NULL)
    {
      slices_xml_insert_indented (devices, existing, shmem);
      slices_xml_remove_node (existing);
    }
  else
    insert_after_last (devices, "shmem", shmem);
}

/* Looking Glass takes keyboard and mouse through SPICE (B7). */
static void
note_missing_spice (xmlNode   *devices,
                    GPtrArray *notes)
{
  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    if (slices_xml_is_plain (child, "graphics") && slices_xml_prop_equals (child, "type", "spice"))
      return;

  slices_domain_add_note (notes,
                          _("Looking Glass sends keyboard and mouse through the VM’s SPICE "
                            "server, and this VM has none: add a SPICE display (in "
                            "virt-manager: Add Hardware, Graphics) to control it from the "
                            "Looking Glass window."));
}

/* The Hyper-V enlightenments users report to give "Code 43" with a VF (FACTS-SRIOV S3). */
static void
note_hyperv (xmlNode   *root,
             GPtrArray *notes)
{
  xmlNode *features = slices_xml_first_plain_child (root, "features");
  xmlNode *hyperv = features != NULL ? slices_xml_first_plain_child (features, "hyperv") : NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *list = NULL;

  if (hyperv == NULL)
    return;

  names = g_ptr_array_new ();
  for (xmlNode *child = hyperv->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && !slices_xml_prop_equals (child, "state", "off"))
      g_ptr_array_add (names, (char *) child->name);
  if (names->len == 0 && !slices_xml_prop_equals (hyperv, "mode", "passthrough"))
    return;
  if (names->len == 0)
    g_ptr_array_add (names, (char *) "passthrough");
  g_ptr_array_add (names, NULL);
  list = g_strjoinv (", ", (char **) names->pdata);

  slices_domain_add_note (notes,
                          _("This VM has Hyper-V enlightenments (%s). Users report that with "
                            "them, and with Windows’s virtualization-based security, Intel’s "
                            "driver in the guest can stop with error “Code 43”; if it does, "
                            "turn them off in <features><hyperv>."),
                          list);
}

static void
add_pci_hostdev (xmlNode    *devices,
                 const char *address)
{
  xmlNode *hostdev = slices_xml_new_element (devices->doc, "hostdev", "mode", "subsystem");
  xmlNode *source, *addr;
  g_autofree char *alias = slices_domain_slice_alias (address);
  g_autofree char *domain = g_strdup_printf ("0x%.4s", address);
  g_autofree char *bus = g_strdup_printf ("0x%.2s", address + 5);
  g_autofree char *slot = g_strdup_printf ("0x%.2s", address + 8);
  g_autofree char *function = g_strdup_printf ("0x%.1s", address + 11);

  slices_xml_set_prop (hostdev, "type", "pci");
  slices_xml_set_prop (hostdev, "managed", "yes");
  source = slices_xml_new_child (hostdev, NULL, "source");
  addr = slices_xml_add_element (source, "address", "domain", domain);
  slices_xml_set_prop (addr, "bus", bus);
  slices_xml_set_prop (addr, "slot", slot);
  slices_xml_set_prop (addr, "function", function);
  slices_xml_add_element (hostdev, "alias", "name", alias);
  insert_after_last (devices, "hostdev", hostdev);
}

/* The index of a <controller type='pci'>, else -1. */
static gint64
pci_controller_index (xmlNode *node)
{
  g_autofree char *index = NULL;

  if (!slices_xml_is_plain (node, "controller") || !slices_xml_prop_equals (node, "type", "pci"))
    return -1;
  index = slices_xml_get_prop (node, "index");
  return index != NULL ? (gint64) g_ascii_strtoll (index, NULL, 10) : -1;
}

/* Whether an element below @devices sits on PCI bus @bus (a controller's index). */
static gboolean
bus_is_used (xmlNode *node,
             gint64   bus)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (slices_xml_is_plain (child, "address") && slices_xml_prop_equals (child, "type", "pci"))
        {
          g_autofree char *text = slices_xml_get_prop (child, "bus");

          if (text != NULL && (gint64) g_ascii_strtoll (text, NULL, 0) == bus)
            return TRUE;
        }
      else if (bus_is_used (child, bus))
        return TRUE;
    }
  return FALSE;
}

/* libvirt adds PCI controllers on define for what attach adds (a root port for the VF, a
 * PCIe-to-PCI bridge for ivshmem-plain); record which there were, so that detach can take
 * the others away again when nothing sits on them. */
static xmlNode *
pci_address_of (xmlNode *node)
{
  xmlNode *address = slices_xml_first_plain_child (node, "address");

  return address != NULL && slices_xml_prop_equals (address, "type", "pci") ? address : NULL;
}

/* libvirt marks a controller multifunction when it puts the ones it adds in the same slot. */
static gboolean
is_multifunction (xmlNode *controller)
{
  xmlNode *address = pci_address_of (controller);

  return address != NULL && slices_xml_prop_equals (address, "multifunction", "on");
}

static void
record_pci_controllers (xmlNode *entry,
                        xmlNode *devices)
{
  xmlNode *added = slices_xml_first_ns_child (entry, SLICES_DOMAIN_EDIT_NAMESPACE, "added");
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GString) multifunction = g_string_new (NULL);

  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      gint64 index = pci_controller_index (child);

      if (index >= 0)
        g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len > 0 ? " " : "", index);
      if (index >= 0 && is_multifunction (child))
        g_string_append_printf (multifunction, "%s%" G_GINT64_FORMAT,
                                multifunction->len > 0 ? " " : "", index);
    }
  slices_xml_set_prop (added, "pci-controllers", list->str);
  slices_xml_set_prop (added, "pci-multifunction", multifunction->str);
}

/* Whether another element of @devices has a PCI address in @address's slot. */
static gboolean
slot_is_shared (xmlNode *devices,
                xmlNode *address)
{
  g_autofree char *bus = slices_xml_get_prop (address, "bus");
  g_autofree char *slot = slices_xml_get_prop (address, "slot");

  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      xmlNode *other = child->type == XML_ELEMENT_NODE ? pci_address_of (child) : NULL;

      if (other != NULL && other != address && slices_xml_prop_equals (other, "bus", bus) &&
          slices_xml_prop_equals (other, "slot", slot))
        return TRUE;
    }
  return FALSE;
}

void
slices_domain_vf_remove_added_controllers (xmlNode *entry,
                                           xmlNode *devices)
{
  xmlNode *added = slices_xml_first_ns_child (entry, SLICES_DOMAIN_EDIT_NAMESPACE, "added");
  g_autofree char *recorded = added != NULL ? slices_xml_get_prop (added, "pci-controllers")
                                            : NULL;
  g_autofree char *recorded_multi = added != NULL
                                    ? slices_xml_get_prop (added, "pci-multifunction") : NULL;
  g_auto(GStrv) kept = NULL;
  g_auto(GStrv) multi = NULL;
  gboolean removed = TRUE;

  /* An entry without the record (GVT-g, or older) leaves the controllers alone. */
  if (recorded == NULL)
    return;
  kept = g_strsplit (recorded, " ", -1);
  multi = g_strsplit (recorded_multi != NULL ? recorded_multi : "", " ", -1);

  /* A bridge behind a root port frees the port once it is gone: until nothing changes. */
  while (removed)
    {
      removed = FALSE;
      for (xmlNode *child = devices->children; child != NULL; child = child->next)
        {
          gint64 index = pci_controller_index (child);
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, index);

          if (index <= 0 || g_strv_contains ((const char * const *) kept, text) ||
              bus_is_used (devices, index))
            continue;
          slices_xml_remove_node (child);
          removed = TRUE;
          break;
        }
    }

  /* What libvirt marked multifunction for a neighbour it added and that is gone now. */
  for (xmlNode *child = devices->children; child != NULL; child = child->next)
    {
      gint64 index = pci_controller_index (child);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, index);

      if (index > 0 && is_multifunction (child) &&
          !g_strv_contains ((const char * const *) multi, text) &&
          !slot_is_shared (devices, pci_address_of (child)))
        xmlUnsetProp (pci_address_of (child), BAD_CAST "multifunction");
    }
}

void
slices_domain_vf_attach_in_doc (xmlDoc                    *doc,
                                const char                *address,
                                int                        xres,
                                int                        yres,
                                const SlicesAttachOptions *opts,
                                guint                      libvirt_version,
                                GPtrArray                 *notes)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  SlicesDomainAdded added = { .devices = slices_xml_first_plain_child (root, "devices") == NULL };
  xmlNode *devices = slices_domain_get_devices (root, TRUE);
  g_autofree char *version_str = slices_domain_format_version (libvirt_version);
  xmlNode *metadata, *entry;

  g_assert (opts->display != SLICES_DISPLAY_MODE_LOCAL);

  slices_domain_note_common (root, libvirt_version, notes);
  note_hyperv (root, notes);

  metadata = slices_domain_metadata_ensure (root, &added.metadata);
  entry = slices_domain_metadata_new_entry (doc, address, NULL,
                                            slices_domain_display_mode_name (opts->display),
                                            version_str);

  ensure_console (entry, devices, opts, notes);
  if (opts->display == SLICES_DISPLAY_MODE_LOOKING_GLASS)
    {
      note_missing_spice (devices, notes);
      apply_looking_glass_input (entry, devices);
      apply_looking_glass_shmem (entry, devices, xres, yres, opts->hdr, notes);
      apply_memballoon_none (entry, devices);
    }

  add_pci_hostdev (devices, address);

  slices_domain_metadata_set_added (entry, &added);
  record_pci_controllers (entry, devices);
  slices_xml_insert_indented (metadata, NULL, entry);
}
