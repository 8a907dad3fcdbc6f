/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The display part of the domain edit: what the local and the remote display do to a VM's
 * <graphics>, and the <video> that leaves the picture to the slice. libvirt allows only one
 * OpenGL display per domain, and QEMU refuses SPICE GL on a TCP listen (FACTS.md §2), which is
 * why the two modes look as they do. What is replaced was saved in the metadata before.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-domain-edit-private.h"
#include "slices-xml.h"

static gboolean
graphics_listens_on_network (xmlNode *graphics)
{
  xmlNode *listen = slices_xml_first_plain_child (graphics, "listen");
  g_autofree char *type = listen != NULL ? slices_xml_get_prop (listen, "type") : NULL;

  /* Without <listen> libvirt listens on its configured default address. */
  return type == NULL || g_str_equal (type, "address") || g_str_equal (type, "network");
}

/* Puts @replacement where the first <@name> of @devices is and removes all of them; FALSE
 * (nothing inserted) when there is none. @each (may be NULL) sees every one first. */
static gboolean
replace_all (xmlNode    *devices,
             const char *name,
             xmlNode    *replacement,
             void      (*each) (xmlNode *node, gpointer data),
             gpointer    data)
{
  xmlNode *child = devices->children;
  gboolean replaced = FALSE;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_plain (child, name))
        {
          if (each != NULL)
            each (child, data);
          if (!replaced)
            {
              slices_xml_insert_indented (devices, child, replacement);
              replaced = TRUE;
            }
          slices_xml_remove_node (child);
        }
      child = next;
    }

  return replaced;
}

/* What the local display takes away: the VM's own @server ("SPICE" or "VNC") server. */
static char *
dup_server_note (const char *server)
{
  /* TRANSLATORS: %s is SPICE or VNC */
  return g_strdup_printf (_("The VM’s own %s server is replaced by a SPICE display that only "
                            "this computer can open (in virt-manager or virt-viewer). Choose "
                            "the remote display to keep the server."),
                          server);
}

static void
note_network_server (xmlNode  *graphics,
                     gpointer  data)
{
  GPtrArray *notes = data;
  g_autofree char *type = slices_xml_get_prop (graphics, "type");

  if (notes != NULL && type != NULL &&
      (g_str_equal (type, "spice") || g_str_equal (type, "vnc")) &&
      graphics_listens_on_network (graphics))
    {
      g_autofree char *upper = g_ascii_strup (type, -1);

      g_ptr_array_add (notes, dup_server_note (upper));
    }
}

/* Local: one SPICE display on a local socket with OpenGL replaces every graphics device. */
static void
apply_local_graphics (xmlNode                   *devices,
                      const SlicesAttachOptions *opts,
                      const char                *passwd,
                      GPtrArray                 *notes)
{
  xmlNode *spice = slices_xml_new_element (devices->doc, "graphics", "type", "spice");
  xmlNode *gl;

  if (passwd != NULL)
    slices_xml_set_prop (spice, "passwd", passwd);
  slices_xml_add_element (spice, "listen", "type", "none");
  gl = slices_xml_add_element (spice, "gl", "enable", "yes");
  slices_xml_set_prop (gl, "rendernode", opts->rendernode);

  if (!replace_all (devices, "graphics", spice, note_network_server, notes))
    slices_xml_insert_indented (devices, NULL, spice);
}

static gboolean
is_gl_graphics (xmlNode *graphics)
{
  xmlNode *gl = slices_xml_first_plain_child (graphics, "gl");

  return slices_xml_prop_equals (graphics, "type", "egl-headless") ||
         (gl != NULL && slices_xml_prop_equals (gl, "enable", "yes"));
}

/* Remote: keep the VM's VNC/SPICE server (adding VNC when there is none) and render with
 * egl-headless, since libvirt allows only one OpenGL display per domain. */
static void
apply_remote_graphics (xmlNode                   *devices,
                       const SlicesAttachOptions *opts,
                       guint                      libvirt_version,
                       GPtrArray                 *notes)
{
  xmlNode *child = devices->children;
  xmlNode *last_server = NULL;
  xmlNode *egl;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (slices_xml_is_plain (child, "graphics"))
        {
          if (slices_xml_prop_equals (child, "type", "vnc") ||
              slices_xml_prop_equals (child, "type", "spice"))
            {
              xmlNode *gl = slices_xml_first_plain_child (child, "gl");

              if (gl != NULL)
                slices_xml_remove_node (gl);
              last_server = child;
            }
          else if (is_gl_graphics (child))
            slices_xml_remove_node (child);
        }
      child = next;
    }

  if (last_server == NULL)
    {
      xmlNode *vnc = slices_xml_new_element (devices->doc, "graphics", "type", "vnc");

      slices_xml_set_prop (vnc, "port", "-1");
      slices_xml_set_prop (vnc, "autoport", "yes");
      slices_xml_add_element (vnc, "listen", "type", "address");
      slices_xml_insert_indented (devices, NULL, vnc);
      last_server = vnc;
      slices_domain_add_note (notes,
                              _("Remote display: the VM had no VNC or SPICE server, so a VNC "
                                "server is added. It listens on libvirt’s default address "
                                "(usually localhost): reach it over SSH, or set a password and "
                                "address."));
    }

  egl = slices_xml_new_element (devices->doc, "graphics", "type", "egl-headless");
  if (libvirt_version >= SLICES_LIBVIRT_VERSION (5, 0, 0))
    slices_xml_add_element (egl, "gl", "rendernode", opts->rendernode);
  else
    slices_domain_add_note (notes,
                            _("libvirt before 5.0 cannot choose the render node of "
                              "egl-headless; it picks one itself."));
  slices_xml_insert_indented (devices, slices_xml_next_non_text (last_server), egl);
}

static void
apply_video_none (xmlNode *devices)
{
  xmlNode *video = xmlNewDocNode (devices->doc, NULL, BAD_CAST "video", NULL);

  slices_xml_add_element (video, "model", "type", "none");
  if (!replace_all (devices, "video", video, NULL, NULL))
    {
      /* libvirt lists video after graphics. */
      xmlNode *after = slices_xml_last_plain_child (devices, "graphics");

      slices_xml_insert_indented (devices, after != NULL ? slices_xml_next_non_text (after)
                                                         : NULL, video);
    }
}

void
slices_domain_display_apply (xmlNode                   *devices,
                             const SlicesAttachOptions *opts,
                             const char                *passwd,
                             guint                      libvirt_version,
                             GPtrArray                 *notes)
{
  g_assert (opts->display != SLICES_DISPLAY_MODE_OFF);

  if (opts->display == SLICES_DISPLAY_MODE_LOCAL)
    apply_local_graphics (devices, opts, passwd, notes);
  else
    apply_remote_graphics (devices, opts, libvirt_version, notes);
  apply_video_none (devices);
}

gboolean
slices_domain_note_is_warning (const char *note)
{
  static const char *const servers[] = { "SPICE", "VNC" };

  g_return_val_if_fail (note != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *warning = dup_server_note (servers[i]);

      if (g_str_equal (note, warning))
        return TRUE;
    }
  return FALSE;
}
