/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesQemuArgs: builds the `-device vfio-pci-nohotplug,…` line and a matching GL display for
 * bare QEMU (FACTS.md §3). Pure string work; checked against real QEMU in the tests.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slices-ids.h"
#include "slices-domain-edit-private.h"
#include "slices-qemu-args.h"

/* Here, in a file without XML, because the arguments' checks fail with it too: what uses only
 * them (slicectl qemu-args) then does not link libxml2. The same for the UUID check below. */
G_DEFINE_QUARK (slices-domain-edit-error-quark, slices_domain_edit_error)

char *
slices_domain_lower_slice_uuid (const char  *uuid,
                                GError     **error)
{
  if (!slices_uuid_is_valid (uuid))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("“%s” is not a valid slice UUID."), uuid);
      return NULL;
    }
  return g_ascii_strdown (uuid, -1);
}

char *
slices_domain_canonical_slice (const char  *slice,
                               gboolean    *is_vf,
                               GError     **error)
{
  g_autofree char *address = slices_pci_address_dup_canonical (slice);

  *is_vf = address != NULL;
  if (address != NULL)
    return g_steal_pointer (&address);
  if (slices_uuid_is_valid (slice))
    return g_ascii_strdown (slice, -1);

  g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
               _("“%s” is neither a slice UUID (such as 1b3e2c4a-0000-4000-8000-0123456789ab) "
                 "nor a virtual function’s PCI address (such as 0000:00:02.1)."), slice);
  return NULL;
}

/* Here too, for the same reason: `slicectl qemu-args --looking-glass` sizes the memory. */
guint
slices_domain_looking_glass_mib (int      width,
                                 int      height,
                                 gboolean hdr)
{
  guint64 bytes, mib;
  guint size = 1;

  g_return_val_if_fail (width > 0 && width <= 16384 && height > 0 && height <= 16384, 0);

  bytes = (guint64) width * (guint64) height * (hdr ? 8 : 4) * 2;
  mib = (bytes + 1048575) / 1048576 + 10;
  while (size < mib)
    size *= 2;
  return size;
}

static gboolean
check_option_value (const char  *what,
                    const char  *value,
                    GError     **error)
{
  /* QEMU's option syntax splits on commas; a path with one would need doubling and is never
   * a render node or our socket. */
  if (value == NULL || !g_path_is_absolute (value) || strchr (value, ',') != NULL)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("The %s must be an absolute path without commas (got “%s”)."),
                   what, value != NULL ? value : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
slices_qemu_display_from_string (const char        *name,
                                 SlicesQemuDisplay *out)
{
  static const struct { const char *name; SlicesQemuDisplay display; } names[] = {
    { "gtk", SLICES_QEMU_DISPLAY_GTK },
    { "spice", SLICES_QEMU_DISPLAY_SPICE },
    { "egl-headless", SLICES_QEMU_DISPLAY_EGL_HEADLESS },
    { "none", SLICES_QEMU_DISPLAY_NONE },
  };

  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i].name))
      {
        *out = names[i].display;
        return TRUE;
      }
  return FALSE;
}

GStrv
slices_qemu_args_build (const char                  *uuid,
                        int                          type_width,
                        int                          type_height,
                        const SlicesQemuArgsOptions *opts,
                        GError                     **error)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autoptr(GString) device = g_string_new ("vfio-pci-nohotplug");
  g_autofree char *lower = NULL;
  gboolean display_on;
  int xres, yres;

  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (opts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lower = slices_domain_lower_slice_uuid (uuid, error);
  if (lower == NULL)
    return NULL;
  display_on = opts->display != SLICES_QEMU_DISPLAY_NONE;

  xres = opts->xres;
  yres = opts->yres;
  if ((xres == 0) != (yres == 0) || xres < 0 || yres < 0)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("A resolution needs both a width and a height (got %d × %d)."), xres, yres);
      return NULL;
    }
  if (xres == 0)
    {
      xres = type_width;
      yres = type_height;
    }
  else if (type_width > 0 && type_height > 0 && (xres > type_width || yres > type_height))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("%d × %d is larger than this slice type’s %d × %d. Choose %d × %d or "
                     "less."), xres, yres, type_width, type_height, type_width, type_height);
      return NULL;
    }

  if ((opts->display == SLICES_QEMU_DISPLAY_SPICE ||
       opts->display == SLICES_QEMU_DISPLAY_EGL_HEADLESS) &&
      !check_option_value (_("render node"), opts->rendernode, error))
    return NULL;
  if (opts->display == SLICES_QEMU_DISPLAY_SPICE && opts->spice_socket != NULL &&
      !check_option_value (_("SPICE socket"), opts->spice_socket, error))
    return NULL;
  if (opts->vnc != NULL && (strchr (opts->vnc, ',') != NULL || *opts->vnc == '\0'))
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("“%s” is not a VNC display such as 127.0.0.1:0."), opts->vnc);
      return NULL;
    }

  g_string_append_printf (device, ",sysfsdev=/sys/bus/mdev/devices/%s,display=%s",
                          lower, display_on ? "on" : "off");
  if (opts->opregion)
    g_string_append (device, ",x-igd-opregion=on");
  /* QEMU refuses ramfb and xres/yres on a device without a display. */
  if (display_on && opts->ramfb)
    g_string_append (device, ",ramfb=on");
  if (display_on && xres > 0 && yres > 0)
    g_string_append_printf (device, ",xres=%d,yres=%d", xres, yres);

  g_strv_builder_add (argv, "-device");
  g_strv_builder_add (argv, device->str);

  switch (opts->display)
    {
    case SLICES_QEMU_DISPLAY_GTK:
      g_strv_builder_add_many (argv, "-display", "gtk,gl=on", NULL);
      break;

    case SLICES_QEMU_DISPLAY_SPICE:
      {
        g_autofree char *socket = opts->spice_socket != NULL
          ? g_strdup (opts->spice_socket)
          : g_strdup_printf ("%s/gpu-slices/%s.sock", g_get_user_runtime_dir (), lower);
        g_autofree char *spice = NULL;

        if (!check_option_value (_("SPICE socket"), socket, error))
          return NULL;
        /* SPICE GL is local-only in QEMU: a unix socket, never a TCP port. */
        spice = g_strdup_printf ("unix=on,addr=%s,disable-ticketing=on,gl=on,rendernode=%s",
                                 socket, opts->rendernode);
        g_strv_builder_add_many (argv, "-display", "none", "-spice", spice, NULL);
      }
      break;

    case SLICES_QEMU_DISPLAY_EGL_HEADLESS:
      {
        g_autofree char *egl = g_strdup_printf ("egl-headless,rendernode=%s", opts->rendernode);

        /* Loopback by default: a VNC server without a password must not face the network. */
        g_strv_builder_add_many (argv, "-display", egl,
                                 "-vnc", opts->vnc != NULL ? opts->vnc : "127.0.0.1:0", NULL);
      }
      break;

    case SLICES_QEMU_DISPLAY_NONE:
    default:
      break;
    }

  return g_strv_builder_end (argv);
}

GStrv
slices_qemu_args_build_vf (const char  *address,
                           int          lg_width,
                           int          lg_height,
                           gboolean     hdr,
                           GError     **error)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *canonical = NULL;
  g_autofree char *device = NULL;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  canonical = slices_pci_address_dup_canonical (address);
  if (canonical == NULL)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID,
                   _("“%s” is not a virtual function’s PCI address (such as 0000:00:02.1)."),
                   address);
      return NULL;
    }
  if ((lg_width == 0) != (lg_height == 0) || lg_width < 0 || lg_height < 0 ||
      lg_width > 16384 || lg_height > 16384)
    {
      g_set_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,
                   _("A resolution needs both a width and a height of at most 16384 (got "
                     "%d × %d)."),
                   lg_width, lg_height);
      return NULL;
    }

  device = g_strdup_printf ("vfio-pci,host=%s", canonical);
  g_strv_builder_add_many (argv, "-device", device, NULL);
  if (lg_width > 0)
    {
      g_autofree char *object =
        g_strdup_printf ("memory-backend-file,id=looking-glass,share=on,"
                         "mem-path=/dev/shm/looking-glass,size=%uM",
                         slices_domain_looking_glass_mib (lg_width, lg_height, hdr));

      g_strv_builder_add_many (argv, "-object", object,
                               "-device", "ivshmem-plain,memdev=looking-glass", NULL);
    }

  return g_strv_builder_end (argv);
}

static gboolean
needs_quoting (const char *arg)
{
  if (*arg == '\0')
    return TRUE;
  for (const char *p = arg; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_./,=:+@%", *p) == NULL)
      return TRUE;
  return FALSE;
}

char *
slices_qemu_args_to_shell (const char * const *argv)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_return_val_if_fail (argv != NULL, NULL);

  for (gsize i = 0; argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (line, ' ');
      if (needs_quoting (argv[i]))
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);

          g_string_append (line, quoted);
        }
      else
        g_string_append (line, argv[i]);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}
