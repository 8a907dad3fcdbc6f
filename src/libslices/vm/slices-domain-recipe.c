/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The old GVT-g recipe's check and repair, and the aliases libvirt gives hostdevs; see
 * slices-domain-recipe.h for which version does what. Like the attach edit this is pure: XML
 * and a libvirt version in, XML out.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slices-domain-edit-private.h"
#include "slices-domain-recipe.h"
#include "slices-xml.h"

#define JSON_DEVICE_SINCE SLICES_LIBVIRT_VERSION (7, 9, 0)
#define OVERRIDE_SINCE SLICES_LIBVIRT_VERSION (8, 2, 0)

/* One device that libvirt names hostdev<N> or by its user alias. */
typedef struct {
  xmlNode  *node;
  char     *alias;       /* as libvirt names it in the definition as read */
  gboolean  user_alias;
  char     *uuid;        /* a slice's UUID; NULL for PCI and network hostdevs */
  char     *new_alias;   /* the user alias the repair gives it, or NULL */
  gboolean  nohotplug;   /* the recipe asked for driver=vfio-pci-nohotplug */
} Hostdev;

/* One `-set device.<id>.<property>=<value>` pair. */
typedef struct {
  xmlNode *flag;       /* <qemu:arg value='-set'/> */
  xmlNode *arg;        /* the one after it */
  char    *text;       /* its value */
  char    *id;         /* NULL when the text does not parse */
  char    *property;
  char    *value;
} SetArg;

/* vfio-pci's properties as QEMU 7.2 declares them (`-device vfio-pci-nohotplug,help`), for the
 * type of a <qemu:property>; the rest are strings (or integers when they look like one). */
static const char * const bool_properties[] = {
  "multifunction", "ramfb", "x-balloon-allowed", "x-enable-migration", "x-igd-opregion",
  "x-no-geforce-quirks", "x-no-kvm-intx", "x-no-kvm-ioeventfd", "x-no-kvm-msi",
  "x-no-kvm-msix", "x-no-mmap", "x-no-vfio-ioeventfd", "x-pcie-extcap-init",
  "x-pcie-lnksta-dllla", "x-req", "x-vga", NULL
};
static const char * const string_properties[] = {
  "display", "driver", "failover_pair_id", "host", "romfile", "sysfsdev",
  "x-msix-relocation", "x-pre-copy-dirty-page-tracking", NULL
};
static const char * const signed_properties[] = { "addr", "bootindex", NULL };

static void
hostdev_free (gpointer data)
{
  Hostdev *h = data;

  g_free (h->alias);
  g_free (h->uuid);
  g_free (h->new_alias);
  g_free (h);
}

static void
set_arg_free (gpointer data)
{
  SetArg *s = data;

  g_free (s->text);
  g_free (s->id);
  g_free (s->property);
  g_free (s->value);
  g_free (s);
}

static gboolean
is_auto_hostdev_alias (const char *alias)
{
  if (alias == NULL || !g_str_has_prefix (alias, "hostdev") || alias[7] == '\0')
    return FALSE;
  for (const char *p = alias + 7; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
user_alias_of (xmlNode *node)
{
  xmlNode *alias = slices_xml_first_plain_child (node, "alias");

  return alias != NULL ? slices_xml_get_prop (alias, "name") : NULL;
}

/* Every hostdev and hostdev interface of @devices with the alias libvirt gives it. */
static GPtrArray *
collect_hostdevs (xmlNode *devices)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (hostdev_free);
  guint next = 0;

  if (devices == NULL)
    return all;

  /* libvirt numbers the interfaces first, then the hostdevs. */
  for (int pass = 0; pass < 2; pass++)
    for (xmlNode *child = devices->children; child != NULL; child = child->next)
      {
        gboolean wanted = pass == 0
          ? slices_xml_is_plain (child, "interface") &&
            slices_xml_prop_equals (child, "type", "hostdev")
          : slices_xml_is_plain (child, "hostdev");
        Hostdev *h;

        if (!wanted)
          continue;
        h = g_new0 (Hostdev, 1);
        h->node = child;
        h->alias = user_alias_of (child);
        h->user_alias = h->alias != NULL;
        if (h->alias == NULL)
          h->alias = g_strdup_printf ("hostdev%u", next++);
        h->uuid = slices_domain_hostdev_uuid (child);
        g_ptr_array_add (all, h);
      }
  return all;
}

static Hostdev *
find_by_alias (GPtrArray  *hostdevs,
               const char *alias)
{
  for (guint i = 0; alias != NULL && i < hostdevs->len; i++)
    {
      Hostdev *h = hostdevs->pdata[i];

      if (g_str_equal (h->alias, alias))
        return h;
    }
  return NULL;
}

static xmlNode *
next_element (xmlNode *node)
{
  for (node = node->next; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE)
      return node;
  return NULL;
}

/* Every `-set device.…` pair of every <qemu:commandline>. */
static GPtrArray *
collect_set_args (xmlNode *root)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (set_arg_free);

  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      if (!slices_xml_is_in_ns (cmd, SLICES_QEMU_NAMESPACE, "commandline"))
        continue;
      for (xmlNode *arg = cmd->children; arg != NULL; arg = arg->next)
        {
          xmlNode *value_node;
          g_autofree char *text = NULL;
          const char *id, *dot, *eq;
          SetArg *s;

          if (!slices_xml_is_in_ns (arg, SLICES_QEMU_NAMESPACE, "arg") ||
              !slices_xml_prop_equals (arg, "value", "-set"))
            continue;
          value_node = next_element (arg);
          if (value_node == NULL || !slices_xml_is_in_ns (value_node, SLICES_QEMU_NAMESPACE, "arg"))
            continue;
          text = slices_xml_get_prop (value_node, "value");
          if (text == NULL || !g_str_has_prefix (text, "device."))
            continue;

          s = g_new0 (SetArg, 1);
          s->flag = arg;
          s->arg = value_node;
          /* QEMU reads it as group.id.property=value; ids hold no dot. */
          id = text + strlen ("device.");
          dot = strchr (id, '.');
          eq = dot != NULL ? strchr (dot, '=') : NULL;
          if (dot != NULL && eq != NULL && dot > id && eq > dot + 1)
            {
              s->id = g_strndup (id, dot - id);
              s->property = g_strndup (dot + 1, eq - dot - 1);
              s->value = g_strdup (eq + 1);
            }
          s->text = g_steal_pointer (&text);
          g_ptr_array_add (all, s);
          arg = value_node;
        }
    }
  return all;
}

/* Checking */

SlicesRecipeState
slices_domain_check_recipe (const char  *xml,
                            guint        libvirt_version,
                            char       **problem_out)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) hostdevs = NULL;
  g_autofree char *version = NULL;
  xmlNode *root;

  g_return_val_if_fail (xml != NULL, SLICES_RECIPE_OK);

  if (problem_out != NULL)
    *problem_out = NULL;
  if (libvirt_version < JSON_DEVICE_SINCE)
    return SLICES_RECIPE_OK;
  doc = slices_domain_parse (xml, TRUE, NULL);
  if (doc == NULL)
    return SLICES_RECIPE_OK;

  root = xmlDocGetRootElement (doc);
  version = slices_domain_format_version (libvirt_version);
  sets = collect_set_args (root);
  if (sets->len > 0)
    {
      SetArg *s = sets->pdata[0];

      if (problem_out != NULL)
        *problem_out = g_strdup_printf (_("It passes “-set %s” to QEMU, which libvirt %s "
                                          "cannot deliver: QEMU refuses to start the virtual "
                                          "machine (“there is no device \"%s\" defined”)."),
                                        s->text, version, s->id != NULL ? s->id : s->text);
      return SLICES_RECIPE_BROKEN;
    }

  if (libvirt_version < OVERRIDE_SINCE)
    return SLICES_RECIPE_OK;
  hostdevs = collect_hostdevs (slices_xml_first_plain_child (root, "devices"));
  for (xmlNode *over = root->children; over != NULL; over = over->next)
    {
      if (!slices_xml_is_in_ns (over, SLICES_QEMU_NAMESPACE, "override"))
        continue;
      for (xmlNode *dev = over->children; dev != NULL; dev = dev->next)
        {
          g_autofree char *alias = NULL;

          if (!slices_xml_is_in_ns (dev, SLICES_QEMU_NAMESPACE, "device"))
            continue;
          alias = slices_xml_get_prop (dev, "alias");
          if (is_auto_hostdev_alias (alias) && find_by_alias (hostdevs, alias) == NULL)
            {
              if (problem_out != NULL)
                *problem_out = g_strdup_printf (_("Its <qemu:override> sets properties of "
                                                  "“%s”, a device it does not have: libvirt "
                                                  "ignores them and the virtual machine "
                                                  "starts without them."),
                                                alias);
              return SLICES_RECIPE_INEFFECTIVE;
            }
        }
    }
  return SLICES_RECIPE_OK;
}

/* Repairing */

typedef struct {
  xmlNode   *root;
  xmlNode   *devices;
  xmlNs     *ns;
  GPtrArray *hostdevs;
  guint      version;
  char      *version_str;
  GPtrArray *notes;
  /* alias → GPtrArray of "name\ntype\nvalue" for <qemu:override>, in the order met */
  GHashTable *properties;
  GPtrArray  *alias_order;
} Repair;

static const char *
target_alias (Repair  *r,
              Hostdev *h)
{
  xmlNode *alias;

  if (h->user_alias)
    return h->alias;
  if (h->new_alias != NULL)
    return h->new_alias;

  /* A user alias keeps the properties on this device whatever libvirt numbers it. */
  h->new_alias = h->uuid != NULL ? slices_domain_slice_alias (h->uuid)
                                 : g_strconcat ("ua-", h->alias, NULL);
  alias = slices_xml_new_element (r->root->doc, "alias", "name", h->new_alias);
  slices_xml_insert_indented (h->node, NULL, alias);
  return h->new_alias;
}

/* The <qemu:property> type and value for -set's @value of @property; FALSE when it cannot be
 * said in that type (the argument never worked either). */
static gboolean
property_type (const char  *property,
               const char  *value,
               const char **type_out,
               char       **value_out)
{
  gboolean numeric = *value != '\0' && strspn (value, "0123456789") == strlen (value);

  if (g_strv_contains (bool_properties, property))
    {
      *type_out = "bool";
      if (g_ascii_strcasecmp (value, "on") == 0 || g_ascii_strcasecmp (value, "yes") == 0 ||
          g_ascii_strcasecmp (value, "true") == 0)
        *value_out = g_strdup ("true");
      else if (g_ascii_strcasecmp (value, "off") == 0 || g_ascii_strcasecmp (value, "no") == 0 ||
               g_ascii_strcasecmp (value, "false") == 0)
        *value_out = g_strdup ("false");
      else
        return FALSE;
      return TRUE;
    }
  if (g_strv_contains (string_properties, property) || (!numeric && *value != '-'))
    {
      *type_out = "string";
      *value_out = g_strdup (value);
      return TRUE;
    }
  if (g_strv_contains (signed_properties, property) || *value == '-')
    {
      gint64 n;

      *type_out = "signed";
      if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &n, NULL))
        return FALSE;
      *value_out = g_strdup (value);
      return TRUE;
    }
  *type_out = "unsigned";
  if (!numeric)
    return FALSE;
  *value_out = g_strdup (value);
  return TRUE;
}

static void
queue_property (Repair     *r,
                const char *alias,
                const char *property,
                const char *value)
{
  GPtrArray *list = g_hash_table_lookup (r->properties, alias);
  const char *type = NULL;
  g_autofree char *typed = NULL;

  if (!property_type (property, value, &type, &typed))
    {
      slices_domain_add_note (r->notes,
                              _("“%s=%s” is not a value QEMU takes for %s; it was removed."),
                              property, value, property);
      return;
    }
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (r->properties, g_strdup (alias), list);
      g_ptr_array_add (r->alias_order, g_strdup (alias));
    }
  g_ptr_array_add (list, g_strdup_printf ("%s\n%s\n%s", property, type, typed));
}

static gboolean
has_graphics (Repair *r)
{
  return slices_xml_first_plain_child (r->devices, "graphics") != NULL;
}

static gboolean
other_slice_has_ramfb (Repair  *r,
                       Hostdev *h)
{
  for (guint i = 0; i < r->hostdevs->len; i++)
    {
      Hostdev *other = r->hostdevs->pdata[i];

      if (other != h && other->uuid != NULL && slices_xml_prop_equals (other->node, "ramfb", "on"))
        return TRUE;
    }
  return FALSE;
}

/* ramfb and display become the slice's own attributes, as attach writes them; TRUE when
 * @s was one of those. */
static gboolean
move_to_attribute (Repair  *r,
                   Hostdev *h,
                   SetArg  *s)
{
  const char *type = NULL;
  g_autofree char *on = NULL;

  if (h->uuid == NULL)
    return FALSE;

  if (g_str_equal (s->property, "ramfb") && property_type ("ramfb", s->value, &type, &on))
    {
      if (g_str_equal (on, "true") && other_slice_has_ramfb (r, h))
        {
          slices_domain_add_note (r->notes,
                                  _("Only one slice of a virtual machine can have the boot "
                                    "display (ramfb); “-set %s” was removed."), s->text);
          return TRUE;
        }
      slices_xml_set_prop (h->node, "ramfb", g_str_equal (on, "true") ? "on" : "off");
      return TRUE;
    }

  /* display='on' needs a graphics device, else libvirt refuses the definition. */
  if (g_str_equal (s->property, "display") &&
      (g_ascii_strcasecmp (s->value, "off") == 0 ||
       (g_ascii_strcasecmp (s->value, "on") == 0 && has_graphics (r))))
    {
      slices_xml_set_prop (h->node, "display", g_ascii_strcasecmp (s->value, "on") == 0
                                               ? "on" : "off");
      return TRUE;
    }
  return FALSE;
}

static void
repair_set_arg (Repair *r,
                SetArg *s)
{
  Hostdev *h = find_by_alias (r->hostdevs, s->id);

  if (s->id == NULL)
    {
      slices_domain_add_note (r->notes, _("“-set %s” is not an argument QEMU understands; it "
                                          "was removed."), s->text);
      return;
    }
  if (h == NULL && is_auto_hostdev_alias (s->id))
    {
      slices_domain_add_note (r->notes, _("“-set %s” names %s, a device this virtual machine "
                                          "does not have; it was removed."), s->text, s->id);
      return;
    }
  if (h != NULL && move_to_attribute (r, h, s))
    return;

  /* libvirt picks vfio-pci-nohotplug itself for ramfb; decided once all are moved. */
  if (h != NULL && h->uuid != NULL && g_str_equal (s->property, "driver") &&
      (g_str_equal (s->value, "vfio-pci-nohotplug") || g_str_equal (s->value, "vfio-pci")))
    {
      h->nohotplug = h->nohotplug || g_str_equal (s->value, "vfio-pci-nohotplug");
      return;
    }

  if (r->version < OVERRIDE_SINCE)
    {
      slices_domain_add_note (r->notes,
                              _("libvirt %s cannot pass “%s=%s” to QEMU (from 7.9 devices are "
                                "given as JSON, which “-set” cannot reach, and <qemu:override> "
                                "arrives in 8.2); it was removed. Update libvirt to 8.2 or newer "
                                "to set it."),
                              r->version_str, s->property, s->value);
      return;
    }
  queue_property (r, h != NULL ? target_alias (r, h) : s->id, s->property, s->value);
}

/* vfio-pci-nohotplug is what libvirt emits for a slice with ramfb; without ramfb the user's
 * choice stays, as an override. */
static void
repair_drivers (Repair *r)
{
  for (guint i = 0; i < r->hostdevs->len; i++)
    {
      Hostdev *h = r->hostdevs->pdata[i];

      if (!h->nohotplug || slices_xml_prop_equals (h->node, "ramfb", "on"))
        continue;
      if (r->version < OVERRIDE_SINCE)
        slices_domain_add_note (r->notes,
                                _("libvirt %s cannot choose the driver vfio-pci-nohotplug "
                                  "without the boot display (ramfb); it was removed."),
                                r->version_str);
      else
        queue_property (r, target_alias (r, h), "driver", "vfio-pci-nohotplug");
    }
}

/* Overrides on hostdev<N> move to the user alias that the same device now has; those on a
 * hostdev<N> that does not exist go. */
static void
repair_overrides (Repair *r)
{
  if (r->version < OVERRIDE_SINCE)
    return;

  for (xmlNode *over = r->root->children; over != NULL; over = over->next)
    {
      xmlNode *dev;

      if (!slices_xml_is_in_ns (over, SLICES_QEMU_NAMESPACE, "override"))
        continue;
      dev = over->children;
      while (dev != NULL)
        {
          xmlNode *next = dev->next;
          g_autofree char *alias = NULL;
          Hostdev *h;

          if (!slices_xml_is_in_ns (dev, SLICES_QEMU_NAMESPACE, "device"))
            {
              dev = next;
              continue;
            }
          alias = slices_xml_get_prop (dev, "alias");
          h = is_auto_hostdev_alias (alias) ? find_by_alias (r->hostdevs, alias) : NULL;
          if (is_auto_hostdev_alias (alias) && h == NULL)
            {
              slices_domain_add_note (r->notes, _("The <qemu:override> of %s, a device this "
                                                  "virtual machine does not have, was "
                                                  "removed."), alias);
              slices_xml_remove_node (dev);
            }
          else if (h != NULL && !h->user_alias)
            slices_xml_set_prop (dev, "alias", target_alias (r, h));
          dev = next;
        }
    }
}

static void
write_overrides (Repair *r)
{
  xmlNode *override = NULL;

  for (guint i = 0; i < r->alias_order->len; i++)
    {
      const char *alias = r->alias_order->pdata[i];
      GPtrArray *list = g_hash_table_lookup (r->properties, alias);
      xmlNode *device;
      gboolean created = FALSE;

      if (override == NULL)
        override = slices_domain_qemu_find_or_add_block (r->root, r->ns, "override", &created);
      device = slices_domain_qemu_find_device (override, alias);
      if (device == NULL)
        {
          device = xmlNewDocNode (r->root->doc, r->ns, BAD_CAST "device", NULL);
          slices_xml_set_prop (device, "alias", alias);
          created = TRUE;
        }
      else
        created = FALSE;

      for (guint j = 0; j < list->len; j++)
        {
          g_auto(GStrv) parts = g_strsplit (list->pdata[j], "\n", 3);

          /* What the override said already is what libvirt applies today: it stays. */
          if (!created && slices_domain_qemu_device_has_property (device, parts[0]))
            continue;
          slices_domain_qemu_add_property (device, r->ns, parts[0], parts[1], parts[2]);
        }
      if (created)
        slices_xml_insert_indented (override, NULL, device);
    }
}

static void
remove_set_args (GPtrArray *sets)
{
  for (guint i = 0; i < sets->len; i++)
    {
      SetArg *s = sets->pdata[i];
      xmlNode *cmd = s->flag->parent;

      slices_xml_remove_node (s->flag);
      slices_xml_remove_node (s->arg);
      if (!slices_xml_has_element_children (cmd))
        {
          /* The other -set pairs of this block are gone already or come later. */
          gboolean later = FALSE;

          for (guint j = i + 1; j < sets->len; j++)
            later = later || ((SetArg *) sets->pdata[j])->flag->parent == cmd;
          if (!later)
            slices_xml_remove_node (cmd);
        }
    }
}

static void
remove_empty_overrides (xmlNode *root)
{
  xmlNode *child = root->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_in_ns (child, SLICES_QEMU_NAMESPACE, "override") &&
          !slices_xml_has_element_children (child))
        slices_xml_remove_node (child);
      child = next;
    }
}

char *
slices_domain_repair (const char  *xml,
                      guint        libvirt_version,
                      GPtrArray   *notes_out,
                      GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) hostdevs = NULL;
  g_autoptr(GHashTable) properties = NULL;
  g_autoptr(GPtrArray) alias_order = NULL;
  g_autofree char *version_str = NULL;
  Repair r = { 0 };

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = slices_domain_parse (xml, TRUE, error);
  if (doc == NULL)
    return NULL;
  if (slices_domain_check_recipe (xml, libvirt_version, NULL) == SLICES_RECIPE_OK)
    return g_strdup (xml);

  r.root = xmlDocGetRootElement (doc);
  r.devices = slices_xml_first_plain_child (r.root, "devices");
  r.ns = slices_domain_qemu_find_ns (r.root);
  r.hostdevs = hostdevs = collect_hostdevs (r.devices);
  r.version = libvirt_version;
  r.version_str = version_str = slices_domain_format_version (libvirt_version);
  r.notes = notes_out;
  r.properties = properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  r.alias_order = alias_order = g_ptr_array_new_with_free_func (g_free);

  if (slices_xml_has_comments (doc->children))
    slices_domain_add_note (notes_out,
                            _("This definition has XML comments. libvirt does not keep "
                              "comments: they are lost when the new definition is applied."));

  sets = collect_set_args (r.root);
  for (guint i = 0; i < sets->len; i++)
    repair_set_arg (&r, sets->pdata[i]);
  repair_drivers (&r);
  repair_overrides (&r);
  remove_set_args (sets);
  write_overrides (&r);
  remove_empty_overrides (r.root);

  if (r.alias_order->len > 0 && libvirt_version < SLICES_LIBVIRT_VERSION (8, 4, 0))
    slices_domain_add_note (notes_out,
                            _("libvirt %s has a crash with <qemu:override> that 8.4 fixed; "
                              "if the libvirt daemon stops while defining, update libvirt."),
                            version_str);

  return slices_xml_serialize (doc, strlen (xml));
}

char *
slices_domain_hostdev_alias (xmlNode *devices,
                             xmlNode *hostdev)
{
  g_autoptr(GPtrArray) all = collect_hostdevs (devices);

  for (guint i = 0; i < all->len; i++)
    {
      Hostdev *h = all->pdata[i];

      if (h->node == hostdev)
        return g_strdup (h->alias);
    }
  return user_alias_of (hostdev);
}
