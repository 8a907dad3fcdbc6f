/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainInfo, one domain as the list call found it, and what is read from a definition
 * to fill it: the title, the libosinfo id and a readable OS name for it, and the slices it
 * names. No libvirt calls here: slices-libvirt-domains.c makes those. Definitions come from a
 * daemon we do not control, so they are parsed with slices-xml.c's limits.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "slices-domain-edit-private.h"
#include "slices-host.h"
#include "slices-ids.h"
#include "slices-libvirt-private.h"
#include "slices-xml.h"

#define LIBOSINFO_NAMESPACE "http://libosinfo.org/xmlns/libvirt/domain/1.0"

G_DEFINE_ENUM_TYPE (SlicesDomainState, slices_domain_state,
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_BLOCKED, "blocked"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_SHUTTING_DOWN, "shutting-down"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_SHUT_OFF, "shut-off"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_CRASHED, "crashed"),
  G_DEFINE_ENUM_VALUE (SLICES_DOMAIN_STATE_SUSPENDED, "suspended"))

G_DEFINE_BOXED_TYPE (SlicesDomainInfo, slices_domain_info,
                     slices_domain_info_copy, slices_domain_info_free)

static const struct {
  const char *prefix;
  const char *name;
} os_vendors[] = {
  { "http://microsoft.com/win/", "Windows" },
  { "http://fedoraproject.org/fedora/", "Fedora" },
  { "http://fedoraproject.org/silverblue/", "Fedora Silverblue" },
  { "http://ubuntu.com/ubuntu/", "Ubuntu" },
  { "http://debian.org/debian/", "Debian" },
  { "http://redhat.com/rhel/", "Red Hat Enterprise Linux" },
  { "http://centos.org/centos-stream/", "CentOS Stream" },
  { "http://centos.org/centos/", "CentOS" },
  { "http://almalinux.org/almalinux/", "AlmaLinux" },
  { "http://rockylinux.org/rocky/", "Rocky Linux" },
  { "http://opensuse.org/opensuse/", "openSUSE" },
  { "http://suse.com/sles/", "SUSE Linux Enterprise Server" },
  { "http://archlinux.org/archlinux/", "Arch Linux" },
  { "http://linuxmint.com/linuxmint/", "Linux Mint" },
  { "http://nixos.org/nixos/", "NixOS" },
  { "http://gentoo.org/gentoo/", "Gentoo" },
  { "http://alpinelinux.org/alpinelinux/", "Alpine Linux" },
  { "http://freebsd.org/freebsd/", "FreeBSD" },
  { "http://manjaro.org/manjaro/", "Manjaro" },
  { "http://popos.org/popos/", "Pop!_OS" },
  { "http://elementary.io/elementary/", "elementary OS" },
};

/* --- reading a definition ------------------------------------------------------------------ */

SlicesDomainState
slices_domain_state_from_libvirt (int state)
{
  switch (state)
    {
    case VIR_DOMAIN_RUNNING: return SLICES_DOMAIN_STATE_RUNNING;
    case VIR_DOMAIN_BLOCKED: return SLICES_DOMAIN_STATE_BLOCKED;
    case VIR_DOMAIN_PAUSED: return SLICES_DOMAIN_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN: return SLICES_DOMAIN_STATE_SHUTTING_DOWN;
    case VIR_DOMAIN_SHUTOFF: return SLICES_DOMAIN_STATE_SHUT_OFF;
    case VIR_DOMAIN_CRASHED: return SLICES_DOMAIN_STATE_CRASHED;
    case VIR_DOMAIN_PMSUSPENDED: return SLICES_DOMAIN_STATE_SUSPENDED;
    default: return SLICES_DOMAIN_STATE_UNKNOWN;
    }
}

/* The libosinfo id in <metadata><libosinfo:libosinfo><libosinfo:os id=…>. */
static char *
read_os_id (xmlNode *metadata)
{
  for (xmlNode *meta = metadata->children; meta != NULL; meta = meta->next)
    {
      if (!slices_xml_is_in_ns (meta, LIBOSINFO_NAMESPACE, "libosinfo"))
        continue;
      for (xmlNode *os = meta->children; os != NULL; os = os->next)
        {
          g_autofree char *id = NULL;

          if (!slices_xml_is_in_ns (os, LIBOSINFO_NAMESPACE, "os"))
            continue;
          id = slices_xml_get_prop (os, "id");
          if (id != NULL && *id != '\0')
            return g_steal_pointer (&id);
        }
    }

  return NULL;
}

/* The shmem device Looking Glass reads the guest's picture from (FACTS-SRIOV S5). */
static gboolean
has_looking_glass (xmlNode *devices)
{
  for (xmlNode *device = devices->children; device != NULL; device = device->next)
    {
      g_autofree char *name = slices_xml_is_plain (device, "shmem")
                              ? slices_xml_get_prop (device, "name") : NULL;

      if (g_strcmp0 (name, "looking-glass") == 0)
        return TRUE;
    }
  return FALSE;
}

void
slices_domain_info_read_xml (SlicesDomainInfo *info,
                             const char       *xml)
{
  g_autoptr(xmlDoc) doc = slices_xml_parse (xml, NULL);

  for (xmlNode *child = doc != NULL ? xmlDocGetRootElement (doc)->children : NULL;
       child != NULL; child = child->next)
    {
      if (slices_xml_is_plain (child, "title") && info->title == NULL)
        {
          xmlChar *text = xmlNodeGetContent (child);

          if (text != NULL && *text != '\0')
            info->title = g_strdup ((const char *) text);
          xmlFree (text);
        }
      else if (slices_xml_is_plain (child, "metadata") && info->os_id == NULL)
        info->os_id = read_os_id (child);
      else if (slices_xml_is_plain (child, "devices"))
        info->looking_glass |= has_looking_glass (child);
    }
  if (doc != NULL && info->recorded_slice == NULL)
    info->recorded_slice = slices_domain_metadata_dup_slice (xmlDocGetRootElement (doc));
}

void
slices_domain_add_slices (GPtrArray  *slices,
                          const char *xml)
{
  g_auto(GStrv) found = slices_domain_find_slices (xml, NULL);

  for (guint i = 0; found != NULL && found[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (slices, found[i], g_str_equal, NULL))
      g_ptr_array_add (slices, g_strdup (found[i]));
}

char *
slices_domain_read_uuid (const char *xml)
{
  g_autoptr(xmlDoc) doc = slices_xml_parse (xml, NULL);
  xmlNode *node = doc != NULL ? slices_xml_first_plain_child (xmlDocGetRootElement (doc), "uuid")
                              : NULL;
  xmlChar *text;
  g_autofree char *stripped = NULL;
  char uuid[37];

  if (node == NULL)
    return NULL;

  text = xmlNodeGetContent (node);
  stripped = g_strstrip (g_strdup ((const char *) text));
  xmlFree (text);

  return slices_uuid_normalize (stripped, uuid) ? g_strdup (uuid) : NULL;
}

/* --- public API ----------------------------------------------------------------------------- */

const char *
slices_domain_state_to_string (SlicesDomainState state)
{
  switch (state)
    {
    case SLICES_DOMAIN_STATE_RUNNING: return _("Running");
    case SLICES_DOMAIN_STATE_BLOCKED: return _("Running");
    case SLICES_DOMAIN_STATE_PAUSED: return _("Paused");
    case SLICES_DOMAIN_STATE_SHUTTING_DOWN: return _("Shutting down");
    case SLICES_DOMAIN_STATE_SHUT_OFF: return _("Shut off");
    case SLICES_DOMAIN_STATE_CRASHED: return _("Crashed");
    /* TRANSLATORS: a VM suspended to RAM or disk by its own power management */
    case SLICES_DOMAIN_STATE_SUSPENDED: return _("Suspended");
    case SLICES_DOMAIN_STATE_UNKNOWN:
    default: return _("Unknown");
    }
}

SlicesDomainInfo *
slices_domain_info_copy (const SlicesDomainInfo *info)
{
  SlicesDomainInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (SlicesDomainInfo, 1);
  copy->name = g_strdup (info->name);
  copy->uuid = g_strdup (info->uuid);
  copy->title = g_strdup (info->title);
  copy->state = info->state;
  copy->active = info->active;
  copy->persistent = info->persistent;
  copy->os_id = g_strdup (info->os_id);
  copy->os_name = g_strdup (info->os_name);
  copy->recipe = info->recipe;
  copy->recipe_problem = g_strdup (info->recipe_problem);
  copy->slices = g_strdupv (info->slices);
  copy->defined_slices = g_strdupv (info->defined_slices);
  copy->recorded_slice = g_strdup (info->recorded_slice);
  copy->looking_glass = info->looking_glass;

  return copy;
}

void
slices_domain_info_free (SlicesDomainInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->uuid);
  g_free (info->title);
  g_free (info->os_id);
  g_free (info->os_name);
  g_free (info->recipe_problem);
  g_strfreev (info->slices);
  g_strfreev (info->defined_slices);
  g_free (info->recorded_slice);
  g_free (info);
}

const char *
slices_domain_info_find_vf (const SlicesDomainInfo *info,
                            SlicesHost             *host)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);

  for (guint i = 0; info->defined_slices != NULL && info->defined_slices[i] != NULL; i++)
    if (slices_host_is_vf_address (host, info->defined_slices[i]))
      return info->defined_slices[i];
  return NULL;
}

char *
slices_libvirt_os_name_from_id (const char *os_id)
{
  if (os_id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (os_vendors); i++)
    {
      const char *version;

      if (!g_str_has_prefix (os_id, os_vendors[i].prefix))
        continue;

      version = os_id + strlen (os_vendors[i].prefix);
      if (*version == '\0' || strchr (version, '/') != NULL
          || g_str_equal (version, "rolling") || g_str_equal (version, "unknown"))
        return g_strdup (os_vendors[i].name);

      /* "tumbleweed" → "Tumbleweed"; numbers stay as they are. */
      return g_strdup_printf ("%s %c%s", os_vendors[i].name,
                              g_ascii_toupper (version[0]), version + 1);
    }

  return NULL;
}

GHashTable *
slices_domain_infos_to_slice_users (GPtrArray *infos)
{
  GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (infos != NULL, users);

  for (guint i = 0; i < infos->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (infos, i);

      for (guint j = 0; info->slices != NULL && info->slices[j] != NULL; j++)
        g_hash_table_replace (users, g_strdup (info->slices[j]), g_strdup (info->name));
    }

  return users;
}

GHashTable *
slices_domain_infos_find_missing_slices (GPtrArray  *infos,
                                         SlicesHost *host)
{
  GHashTable *missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_strfreev);

  g_return_val_if_fail (infos != NULL, missing);
  g_return_val_if_fail (SLICES_IS_HOST (host), missing);

  for (guint i = 0; i < infos->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);

      for (guint j = 0; info->defined_slices != NULL && info->defined_slices[j] != NULL; j++)
        {
          const char *slice = info->defined_slices[j];

          if (!slices_pci_address_is_valid (slice))
            {
              if (slices_host_find_slice (host, slice) == NULL)
                g_ptr_array_add (uuids, g_strdup (slice));
            }
          /* A PCI device is a slice only when we put it there or it is a GPU's VF. */
          else if ((g_strcmp0 (slice, info->recorded_slice) == 0 ||
                    slices_host_is_vf_address (host, slice)) &&
                   slices_host_find_vf (host, slice) == NULL)
            g_ptr_array_add (uuids, g_strdup (slice));
        }

      if (uuids->len == 0)
        continue;
      g_ptr_array_add (uuids, NULL);
      g_hash_table_replace (missing, g_strdup (info->name),
                            (GStrv) g_ptr_array_steal (uuids, NULL));
    }

  return missing;
}
