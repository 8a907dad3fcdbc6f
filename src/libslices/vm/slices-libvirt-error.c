/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesLibvirt's errors: what libvirt reports (an error number, the part of libvirt that
 * raised it, the errno behind a system error, its own message) turned into a few codes of
 * SLICES_LIBVIRT_ERROR with messages that say what to do, and the state Check Setup shows for
 * a connection that failed. libvirt's own words stay in the message as the detail.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "slices-libvirt-private.h"

G_DEFINE_QUARK (slices-libvirt-error-quark, slices_libvirt_error)

/* The drivers a libvirt URI scheme may name (the part before "+transport"). Checked before
 * opening because an unknown scheme falls through to the remote driver, which then reports a
 * missing daemon instead of a typo. */
static const char * const known_drivers[] = {
  "qemu", "test", "lxc", "xen", "libxl", "vbox", "vmwareplayer", "vmwarews", "vmwarefusion",
  "esx", "gsx", "vpx", "hyperv", "bhyve", "ch", "vz", "openvz", "parallels", "remote",
  "network", "nodedev", "storage", "secret", "nwfilter", "interface", NULL,
};

static gboolean
uri_is_remote (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (uri == NULL)
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  return parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0';
}

static GError *
new_not_running_error (const char *uri,
                       const char *detail)
{
  if (uri_is_remote (uri))
    {
      g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);

      return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING,
                          _("The libvirt service on %s is not running or cannot be reached "
                            "(%s). Start it there with: sudo systemctl start libvirtd"),
                          g_uri_get_host (parsed), detail);
    }

  return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING,
                      _("The libvirt service is not running. Start it with: "
                        "sudo systemctl start libvirtd (on systems with modular daemons: "
                        "sudo systemctl start virtqemud.socket)"));
}

/* The daemon went away while a call was on the wire: it may or may not have done the call. */
static GError *
new_connection_lost_error (const char *uri,
                           const char *detail)
{
  return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING,
                      _("The connection to libvirt (%s) broke during the operation: the "
                        "service stopped or restarted (%s). Connect again, then reload the "
                        "virtual machine to see whether the change was made."),
                      uri != NULL ? uri : "qemu:///system", detail);
}

static GError *
new_permission_error (const char *uri,
                      const char *detail)
{
  if (uri_is_remote (uri))
    return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_PERMISSION_DENIED,
                        _("You are not allowed to manage virtual machines on “%s” (%s). "
                          "On that host, add your account to the libvirt group: "
                          "sudo usermod -aG libvirt USER"),
                        uri, detail);

  return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_PERMISSION_DENIED,
                      _("You are not allowed to manage virtual machines on “%s”. Add yourself "
                        "to the libvirt group with: sudo usermod -aG libvirt $USER — then log "
                        "out and in again. Or allow it with a polkit rule for the action "
                        "org.libvirt.unix.manage."),
                      uri != NULL ? uri : "qemu:///system");
}

GError *
slices_libvirt_error_new (int         vir_code,
                          int         vir_domain,
                          int         sys_errno,
                          const char *vir_message,
                          const char *uri)
{
  const char *detail = vir_message != NULL ? vir_message : _("no details");

  switch (vir_code)
    {
    case VIR_ERR_SYSTEM_ERROR:
      if (sys_errno == EACCES || sys_errno == EPERM)
        return new_permission_error (uri, detail);
      if (vir_domain == VIR_FROM_RPC
          && (sys_errno == ENOENT || sys_errno == ECONNREFUSED))
        return new_not_running_error (uri, detail);
      if (vir_domain == VIR_FROM_RPC
          && (sys_errno == ECONNRESET || sys_errno == EPIPE || sys_errno == ECONNABORTED))
        return new_connection_lost_error (uri, detail);
      break;

    case VIR_ERR_INTERNAL_ERROR:
      /* What the remote driver says for a call made after it saw the socket close. */
      if (vir_domain == VIR_FROM_RPC && strstr (detail, "client socket is closed") != NULL)
        return new_connection_lost_error (uri, detail);
      break;

    case VIR_ERR_NO_CONNECT:
      if (strstr (detail, "no connection driver available") != NULL)
        return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_URI,
                            _("libvirt has no driver for “%s”. Check the address, or install "
                              "the hypervisor’s libvirt driver (on Debian and Ubuntu: "
                              "libvirt-daemon-system)."),
                            uri != NULL ? uri : "");
      return new_not_running_error (uri, detail);

    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
    case VIR_ERR_ACCESS_DENIED:
    case VIR_ERR_OPERATION_DENIED:
      return new_permission_error (uri, detail);

    case VIR_ERR_NO_DOMAIN:
      return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN,
                          _("The virtual machine no longer exists: it was removed meanwhile. "
                            "Nothing was changed; reload the list of virtual machines."));

    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_XML_INVALID_SCHEMA:
    case VIR_ERR_CONFIG_UNSUPPORTED:
      return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_XML,
                          _("libvirt refused the definition: %s"), detail);

    default:
      break;
    }

  if (vir_domain == VIR_FROM_URI)
    return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_URI,
                        _("“%s” is not a valid libvirt address. Examples: qemu:///system, "
                          "qemu:///session, qemu+ssh://user@host/system."),
                        uri != NULL ? uri : "");

  return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED,
                      _("libvirt failed: %s"), detail);
}

gboolean
slices_libvirt_load (GError **error)
{
  const char *failure = slices_virt_load ();

  if (failure == NULL)
    return TRUE;

  g_set_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_INSTALLED,
               _("libvirt is not installed (%s)"), failure);
  return FALSE;
}

GError *
slices_libvirt_take_last_error (const char *uri)
{
  virErrorPtr err = slices_virt->virGetLastError ();
  GError *error;

  if (err == NULL)
    return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED,
                        _("libvirt failed without saying why."));

  error = slices_libvirt_error_new (err->code, err->domain,
                                    err->code == VIR_ERR_SYSTEM_ERROR ? err->int1 : 0,
                                    err->message, uri);
  slices_virt->virResetLastError ();
  return error;
}

gboolean
slices_libvirt_check_uri (const char  *uri,
                          GError     **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  g_autofree char *driver = NULL;
  char *plus;

  if (scheme != NULL)
    {
      driver = g_ascii_strdown (scheme, -1);
      plus = strchr (driver, '+');
      if (plus != NULL)
        *plus = '\0';
    }

  if (driver == NULL || !g_strv_contains (known_drivers, driver))
    {
      g_set_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_URI,
                   _("“%s” is not a libvirt address. Examples: qemu:///system, "
                     "qemu:///session, qemu+ssh://user@host/system."),
                   uri);
      return FALSE;
    }

  return TRUE;
}

SlicesLibvirtState
slices_libvirt_state_from_error (const GError *error)
{
  if (error == NULL)
    return SLICES_LIBVIRT_STATE_OK;

  /* A daemon that answers but refuses this user is a fix of group membership or polkit, a
   * library that cannot be loaded one of installing; every other failure (no daemon, a wrong
   * address, a timeout) means nothing answered. */
  if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_PERMISSION_DENIED))
    return SLICES_LIBVIRT_STATE_DENIED;
  if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_INSTALLED))
    return SLICES_LIBVIRT_STATE_MISSING;

  return SLICES_LIBVIRT_STATE_UNREACHABLE;
}
