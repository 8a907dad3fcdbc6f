/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The <qemu:*> elements attach writes and detach removes; see slices-domain-edit-private.h. Each
 * removal touches only what attach wrote for the one device alias, so a user's own QEMU
 * arguments survive an attach and detach untouched.
 */
#include "config.h"

#include "slices-domain-edit-private.h"
#include "slices-xml.h"

#define MESA_ENV_NAME "MESA_LOADER_DRIVER_OVERRIDE"

static gboolean
is_qemu (xmlNode    *node,
         const char *name)
{
  return slices_xml_is_in_ns (node, SLICES_QEMU_NAMESPACE, name);
}

static gboolean
is_block (xmlNode *node)
{
  return is_qemu (node, "commandline") || is_qemu (node, "override");
}

/* Adding */

xmlNs *
slices_domain_qemu_find_ns (xmlNode *root)
{
  return xmlSearchNsByHref (root->doc, root, BAD_CAST SLICES_QEMU_NAMESPACE);
}

xmlNs *
slices_domain_qemu_ensure_ns (xmlNode  *root,
                              gboolean *declared)
{
  return slices_xml_ensure_ns (root, SLICES_QEMU_NAMESPACE, "qemu", declared);
}

xmlNode *
slices_domain_qemu_find_or_add_block (xmlNode    *root,
                                      xmlNs      *ns,
                                      const char *name,
                                      gboolean   *created)
{
  xmlNode *block = slices_xml_first_ns_child (root, SLICES_QEMU_NAMESPACE, name);

  *created = block == NULL;
  if (block != NULL)
    return block;

  block = xmlNewDocNode (root->doc, ns, BAD_CAST name, NULL);
  slices_xml_insert_indented (root, NULL, block);
  return block;
}

void
slices_domain_qemu_add_set_arg (xmlNode    *cmdline,
                                xmlNs      *ns,
                                const char *alias,
                                const char *property,
                                const char *value)
{
  /* Arguments go before any <qemu:env>, as libvirt orders them. */
  xmlNode *before = slices_xml_first_ns_child (cmdline, SLICES_QEMU_NAMESPACE, "env");
  g_autofree char *target = g_strdup_printf ("device.%s.%s=%s", alias, property, value);
  xmlNode *set, *arg;

  set = xmlNewDocNode (cmdline->doc, ns, BAD_CAST "arg", NULL);
  slices_xml_set_prop (set, "value", "-set");
  arg = xmlNewDocNode (cmdline->doc, ns, BAD_CAST "arg", NULL);
  slices_xml_set_prop (arg, "value", target);
  slices_xml_insert_indented (cmdline, before, set);
  slices_xml_insert_indented (cmdline, before, arg);
}

static void
add_property (xmlNode    *frontend,
              xmlNs      *ns,
              const char *name,
              const char *type,
              const char *value)
{
  xmlNode *property = slices_xml_new_child (frontend, ns, "property");

  slices_xml_set_prop (property, "name", name);
  slices_xml_set_prop (property, "type", type);
  slices_xml_set_prop (property, "value", value);
}

xmlNode *
slices_domain_qemu_find_device (xmlNode    *override,
                                const char *alias)
{
  for (xmlNode *dev = override->children; dev != NULL; dev = dev->next)
    if (is_qemu (dev, "device") && slices_xml_prop_equals (dev, "alias", alias))
      return dev;
  return NULL;
}

gboolean
slices_domain_qemu_device_has_property (xmlNode    *device,
                                        const char *name)
{
  for (xmlNode *frontend = device->children; frontend != NULL; frontend = frontend->next)
    {
      if (!is_qemu (frontend, "frontend"))
        continue;
      for (xmlNode *prop = frontend->children; prop != NULL; prop = prop->next)
        if (is_qemu (prop, "property") && slices_xml_prop_equals (prop, "name", name))
          return TRUE;
    }
  return FALSE;
}

void
slices_domain_qemu_add_property (xmlNode    *device,
                                 xmlNs      *ns,
                                 const char *name,
                                 const char *type,
                                 const char *value)
{
  xmlNode *frontend = slices_xml_first_ns_child (device, SLICES_QEMU_NAMESPACE, "frontend");
  xmlNode *property;

  /* Not linked yet: built flat, indented when inserted. */
  if (device->parent == NULL)
    {
      add_property (frontend != NULL ? frontend : slices_xml_new_child (device, ns, "frontend"),
                    ns, name, type, value);
      return;
    }

  if (frontend == NULL)
    {
      frontend = xmlNewDocNode (device->doc, ns, BAD_CAST "frontend", NULL);
      slices_xml_insert_indented (device, NULL, frontend);
    }
  property = xmlNewDocNode (device->doc, ns, BAD_CAST "property", NULL);
  slices_xml_set_prop (property, "name", name);
  slices_xml_set_prop (property, "type", type);
  slices_xml_set_prop (property, "value", value);
  slices_xml_insert_indented (frontend, NULL, property);
}

void
slices_domain_qemu_add_override (xmlNode    *override,
                                 xmlNs      *ns,
                                 const char *alias,
                                 gboolean    opregion,
                                 const char *xres,
                                 const char *yres)
{
  xmlNode *device = xmlNewDocNode (override->doc, ns, BAD_CAST "device", NULL);
  xmlNode *frontend = slices_xml_new_child (device, ns, "frontend");

  slices_xml_set_prop (device, "alias", alias);
  if (opregion)
    add_property (frontend, ns, "x-igd-opregion", "bool", "true");
  if (xres != NULL && yres != NULL)
    {
      add_property (frontend, ns, "xres", "unsigned", xres);
      add_property (frontend, ns, "yres", "unsigned", yres);
    }
  slices_xml_insert_indented (override, NULL, device);
}

gboolean
slices_domain_qemu_add_mesa_env (xmlNode *cmdline,
                                 xmlNs   *ns)
{
  xmlNode *env;

  for (xmlNode *child = cmdline->children; child != NULL; child = child->next)
    if (is_qemu (child, "env") && slices_xml_prop_equals (child, "name", MESA_ENV_NAME))
      return FALSE;

  env = xmlNewDocNode (cmdline->doc, ns, BAD_CAST "env", NULL);
  slices_xml_set_prop (env, "name", MESA_ENV_NAME);
  slices_xml_set_prop (env, "value", "i965");
  slices_xml_insert_indented (cmdline, NULL, env);
  return TRUE;
}

char *
slices_domain_qemu_find_hostdev_set (xmlNode *root)
{
  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      if (!is_qemu (cmd, "commandline"))
        continue;
      for (xmlNode *arg = cmd->children; arg != NULL; arg = arg->next)
        {
          g_autofree char *value = NULL;

          if (!is_qemu (arg, "arg"))
            continue;
          value = slices_xml_get_prop (arg, "value");
          if (value != NULL && g_str_has_prefix (value, "device.hostdev"))
            return g_steal_pointer (&value);
        }
    }

  return NULL;
}

/* Removing */

/* Removes `-set device.<alias>.…` pairs from every <qemu:commandline>. */
static void
remove_set_args (xmlNode    *root,
                 const char *alias)
{
  g_autofree char *target = g_strdup_printf ("device.%s.", alias);

  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      xmlNode *arg;

      if (!is_qemu (cmd, "commandline"))
        continue;

      arg = cmd->children;
      while (arg != NULL)
        {
          xmlNode *next = arg->next;
          xmlNode *value_node;

          if (!is_qemu (arg, "arg") || !slices_xml_prop_equals (arg, "value", "-set"))
            {
              arg = next;
              continue;
            }

          value_node = next;
          while (value_node != NULL && value_node->type != XML_ELEMENT_NODE)
            value_node = value_node->next;

          if (value_node != NULL && is_qemu (value_node, "arg"))
            {
              g_autofree char *value = slices_xml_get_prop (value_node, "value");

              if (value != NULL && g_str_has_prefix (value, target))
                {
                  next = value_node->next;
                  slices_xml_remove_node (arg);
                  slices_xml_remove_node (value_node);
                }
            }
          arg = next;
        }
    }
}

static void
remove_override_device (xmlNode    *root,
                        const char *alias)
{
  for (xmlNode *over = root->children; over != NULL; over = over->next)
    {
      xmlNode *dev;

      if (!is_qemu (over, "override"))
        continue;

      dev = over->children;
      while (dev != NULL)
        {
          xmlNode *next = dev->next;

          if (is_qemu (dev, "device") && slices_xml_prop_equals (dev, "alias", alias))
            slices_xml_remove_node (dev);
          dev = next;
        }
    }
}

void
slices_domain_qemu_remove_device (xmlNode    *root,
                                  const char *alias)
{
  remove_override_device (root, alias);
  remove_set_args (root, alias);
}

void
slices_domain_qemu_remove_mesa_env (xmlNode *root)
{
  for (xmlNode *cmd = root->children; cmd != NULL; cmd = cmd->next)
    {
      if (!is_qemu (cmd, "commandline"))
        continue;
      for (xmlNode *env = cmd->children; env != NULL; env = env->next)
        {
          if (is_qemu (env, "env") && slices_xml_prop_equals (env, "name", MESA_ENV_NAME))
            {
              slices_xml_remove_node (env);
              return;
            }
        }
    }
}

GPtrArray *
slices_domain_qemu_find_empty_blocks (xmlNode *root)
{
  GPtrArray *empty = g_ptr_array_new ();

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (is_block (child) && !slices_xml_has_element_children (child))
      g_ptr_array_add (empty, child);
  return empty;
}

void
slices_domain_qemu_remove_empty_blocks (xmlNode   *root,
                                        GPtrArray *keep,
                                        gboolean   commandline,
                                        gboolean   override)
{
  xmlNode *child = root->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (((commandline && is_qemu (child, "commandline")) ||
           (override && is_qemu (child, "override"))) &&
          !slices_xml_has_element_children (child) && !g_ptr_array_find (keep, child, NULL))
        slices_xml_remove_node (child);
      child = next;
    }
}
