/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libvirt connection of the attach wizard and `slicectl attach`.
 *
 * Event integration: our own, not libvirt-glib. A small libvirt event implementation
 * (virEventRegisterImpl: fd watches and timers as GSources) runs on a private GMainContext that
 * one dedicated thread iterates for the whole process; every libvirt call runs on a GTask worker
 * thread with its own reference on the connection; lifecycle and close callbacks arrive on the
 * event thread and are handed to the object's main context as idle sources, so signals are
 * emitted where the object was made. Why not libvirt-glib's gvir_event_register(): it is not in
 * the baseline package list, and it dispatches libvirt's I/O in the default main context, i.e.
 * on the UI thread. Why not virEventRegisterDefaultImpl() plus a thread running
 * virEventRunDefaultImpl(): since libvirt 6.1 that iterates GLib's *default* context, the one
 * the application's main loop owns, so the two threads would fight over it and our callbacks
 * would run on whichever thread won.
 *
 * A definition is replaced only if it is still the one that was read (re-read right before the
 * define), so a concurrent change by virt-manager or virsh is never overwritten; the caller
 * recomputes instead. Domain XML is never logged: it can hold SPICE/VNC passwords.
 */

/* memfd_create() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "slices-vm-resources.h"
#include "slices-domain-edit.h"
#include "slices-libvirt.h"
#include "slices-ids.h"

#define LIBOSINFO_NAMESPACE "http://libosinfo.org/xmlns/libvirt/domain/1.0"
#define DEMO_HOST_RESOURCE "/io/github/gpuslices/GpuSlices/vm/demo-host.xml"
#define SECURE_INACTIVE (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE)

/* Shared between the object (main context) and libvirt's callbacks (event thread). */
typedef struct {
  gatomicrefcount  ref;
  GWeakRef         self;
  GMainContext    *context;
  int              changed_pending;  /* atomic: a "domains-changed" idle is queued */
} EventTarget;

struct _SlicesLibvirt
{
  GObject        parent_instance;

  char          *uri;
  int            demo_fd;       /* demo: an anonymous file (memfd) with demo-host.xml, or -1 */
  EventTarget   *target;

  virConnectPtr  conn;
  int            lifecycle_id;  /* -1: none */
  gboolean       close_cb_registered;
  gboolean       lost;          /* the open connection broke ("disconnected") */
  guint          lib_version;
  guint          hv_version;
};

G_DEFINE_TYPE (SlicesLibvirt, slices_libvirt, G_TYPE_OBJECT)

G_DEFINE_QUARK (slices-libvirt-error-quark, slices_libvirt_error)

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

enum {
  PROP_0,
  PROP_URI,
  PROP_LIB_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DOMAINS_CHANGED,
  SIGNAL_DISCONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The drivers a libvirt URI scheme may name (the part before "+transport"). Checked before
 * opening because an unknown scheme falls through to the remote driver, which then reports a
 * missing daemon instead of a typo. */
static const char * const known_drivers[] = {
  "qemu", "test", "lxc", "xen", "libxl", "vbox", "vmwareplayer", "vmwarews", "vmwarefusion",
  "esx", "gsx", "vpx", "hyperv", "bhyve", "ch", "vz", "openvz", "parallels", "remote",
  "network", "nodedev", "storage", "secret", "nwfilter", "interface", NULL,
};

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

/* --- event target ------------------------------------------------------------------------ */

static EventTarget *
event_target_new (SlicesLibvirt *self)
{
  EventTarget *target = g_new0 (EventTarget, 1);

  g_atomic_ref_count_init (&target->ref);
  g_weak_ref_init (&target->self, self);
  target->context = g_main_context_ref_thread_default ();

  return target;
}

static EventTarget *
event_target_ref (EventTarget *target)
{
  g_atomic_ref_count_inc (&target->ref);
  return target;
}

static void
event_target_unref (gpointer data)
{
  EventTarget *target = data;

  if (!g_atomic_ref_count_dec (&target->ref))
    return;

  g_weak_ref_clear (&target->self);
  g_main_context_unref (target->context);
  g_free (target);
}

/* Runs @func in the target's context from any thread. Not g_main_context_invoke(): that runs
 * @func right here when nobody owns the context, which would emit signals on the event
 * thread. */
static void
event_target_dispatch (EventTarget *target,
                       GSourceFunc  func,
                       int          priority)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, event_target_ref (target), event_target_unref);
  g_source_set_static_name (source, "[slices-libvirt] event");
  g_source_attach (source, target->context);
}

/* --- connection teardown off the caller's thread ----------------------------------------- */

typedef struct {
  virConnectPtr conn;
  int           lifecycle_id;
  gboolean      close_cb_registered;
  EventTarget  *target;  /* the close callback's data, kept alive until it is unregistered */
} Closing;

static void on_connection_closed_cb (virConnectPtr conn, int reason, void *opaque);

static gpointer
close_connection_thread (gpointer data)
{
  Closing *closing = data;

  if (closing->lifecycle_id >= 0)
    virConnectDomainEventDeregisterAny (closing->conn, closing->lifecycle_id);
  if (closing->close_cb_registered)
    virConnectUnregisterCloseCallback (closing->conn, on_connection_closed_cb);
  virConnectClose (closing->conn);
  g_clear_pointer (&closing->target, event_target_unref);
  g_free (closing);

  return NULL;
}

/* Deregistering and closing talk to the daemon: never on the UI thread. */
static void
close_connection_later (virConnectPtr  conn,
                        int            lifecycle_id,
                        gboolean       close_cb_registered,
                        EventTarget   *target)
{
  Closing *closing;

  if (conn == NULL)
    return;

  closing = g_new0 (Closing, 1);
  closing->conn = conn;
  closing->lifecycle_id = lifecycle_id;
  closing->close_cb_registered = close_cb_registered;
  if (close_cb_registered)
    closing->target = event_target_ref (target);
  g_thread_unref (g_thread_new ("slices-libvirt-close", close_connection_thread, closing));
}

/* --- errors ------------------------------------------------------------------------------ */

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

/* The calling thread's last libvirt error (libvirt keeps it per thread). */
static GError *
take_last_error (const char *uri)
{
  virErrorPtr err = virGetLastError ();
  GError *error;

  if (err == NULL)
    return g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED,
                        _("libvirt failed without saying why."));

  error = slices_libvirt_error_new (err->code, err->domain,
                                    err->code == VIR_ERR_SYSTEM_ERROR ? err->int1 : 0,
                                    err->message, uri);
  virResetLastError ();
  return error;
}

static gboolean
check_uri (const char  *uri,
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

/* --- reading domains (worker threads) ------------------------------------------------------ */

static SlicesDomainState
state_from_libvirt (int state)
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

static xmlDoc *
parse_domain_xml (const char *xml)
{
  /* No entity expansion, no network: definitions come from a daemon we do not control. */
  return xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static gboolean
node_is (xmlNode    *node,
         const char *name,
         const char *ns)
{
  if (node->type != XML_ELEMENT_NODE || g_strcmp0 ((const char *) node->name, name) != 0)
    return FALSE;
  if (ns == NULL)
    return node->ns == NULL;
  return node->ns != NULL && g_strcmp0 ((const char *) node->ns->href, ns) == 0;
}

/* <title> and the libosinfo id from <metadata>. */
static void
read_title_and_os (const char  *xml,
                   char       **title_out,
                   char       **os_id_out)
{
  g_autoptr(xmlDoc) doc = parse_domain_xml (xml);
  xmlNode *root;

  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    return;

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (node_is (child, "title", NULL) && *title_out == NULL)
        {
          xmlChar *text = xmlNodeGetContent (child);

          if (text != NULL && *text != '\0')
            *title_out = g_strdup ((const char *) text);
          xmlFree (text);
        }
      else if (node_is (child, "metadata", NULL))
        {
          for (xmlNode *meta = child->children; meta != NULL; meta = meta->next)
            {
              if (!node_is (meta, "libosinfo", LIBOSINFO_NAMESPACE))
                continue;
              for (xmlNode *os = meta->children; os != NULL; os = os->next)
                {
                  xmlChar *id;

                  if (!node_is (os, "os", LIBOSINFO_NAMESPACE) || *os_id_out != NULL)
                    continue;
                  id = xmlGetProp (os, (const xmlChar *) "id");
                  if (id != NULL && *id != '\0')
                    *os_id_out = g_strdup ((const char *) id);
                  xmlFree (id);
                }
            }
        }
    }
}

/* The <uuid> of a definition, lowercase; NULL when it has none. */
static char *
read_definition_uuid (const char *xml)
{
  g_autoptr(xmlDoc) doc = parse_domain_xml (xml);
  xmlNode *root;

  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    return NULL;

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (node_is (child, "uuid", NULL))
      {
        xmlChar *text = xmlNodeGetContent (child);
        g_autofree char *stripped = g_strstrip (g_strdup ((const char *) text));
        char uuid[37];

        xmlFree (text);
        if (slices_uuid_normalize (stripped, uuid))
          return g_strdup (uuid);
        return NULL;
      }

  return NULL;
}

static void
add_slices (GPtrArray  *slices,
            const char *xml)
{
  g_auto(GStrv) found = slices_domain_find_slices (xml, NULL);

  for (guint i = 0; found != NULL && found[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (slices, found[i], g_str_equal, NULL))
      g_ptr_array_add (slices, g_strdup (found[i]));
}

/* NULL with no error: the domain vanished while we read it (skip it). */
static SlicesDomainInfo *
read_domain_info (virDomainPtr   dom,
                  const char    *uri,
                  GError       **error)
{
  g_autoptr(SlicesDomainInfo) info = g_new0 (SlicesDomainInfo, 1);
  g_autoptr(GPtrArray) slices = g_ptr_array_new_with_free_func (g_free);
  char uuid[VIR_UUID_STRING_BUFLEN];
  int state = 0;
  int reason = 0;
  int active = 0;
  int persistent = 0;
  char *xml;

  if (virDomainGetUUIDString (dom, uuid) < 0
      || virDomainGetState (dom, &state, &reason, 0) < 0
      || (active = virDomainIsActive (dom)) < 0
      || (persistent = virDomainIsPersistent (dom)) < 0
      || (xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE)) == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
        {
          virResetLastError ();
          return NULL;
        }
      g_propagate_error (error, take_last_error (uri));
      return NULL;
    }

  info->name = g_strdup (virDomainGetName (dom));
  info->uuid = g_ascii_strdown (uuid, -1);
  info->state = state_from_libvirt (state);
  info->active = active == 1;
  info->persistent = persistent == 1;

  read_title_and_os (xml, &info->title, &info->os_id);
  add_slices (slices, xml);
  free (xml);

  if (info->active)
    {
      xml = virDomainGetXMLDesc (dom, 0);
      if (xml != NULL)
        add_slices (slices, xml);
      else
        virResetLastError ();
      free (xml);
    }

  info->os_name = slices_libvirt_os_name_from_id (info->os_id);
  g_ptr_array_add (slices, NULL);
  info->slices = (GStrv) g_ptr_array_steal (slices, NULL);

  return g_steal_pointer (&info);
}

static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  const SlicesDomainInfo *ia = *(SlicesDomainInfo * const *) a;
  const SlicesDomainInfo *ib = *(SlicesDomainInfo * const *) b;

  return g_utf8_collate (ia->name, ib->name);
}

static GPtrArray *
list_domains (virConnectPtr   conn,
              const char     *uri,
              GError        **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  virDomainPtr *domains = NULL;
  int n;

  n = virConnectListAllDomains (conn, &domains, 0);
  if (n < 0)
    {
      g_propagate_error (error, take_last_error (uri));
      return NULL;
    }

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      SlicesDomainInfo *info = NULL;

      if (infos != NULL)
        {
          info = read_domain_info (domains[i], uri, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_clear_pointer (&infos, g_ptr_array_unref);
            }
          else if (info != NULL)
            g_ptr_array_add (infos, info);
        }
      virDomainFree (domains[i]);
    }
  free (domains);

  if (infos != NULL)
    g_ptr_array_sort (infos, compare_infos);

  return g_steal_pointer (&infos);
}

static virDomainPtr
lookup_domain (virConnectPtr   conn,
               const char     *domain,
               const char     *uri,
               GError        **error)
{
  char uuid[37];
  virDomainPtr dom;

  if (slices_uuid_normalize (domain, uuid))
    dom = virDomainLookupByUUIDString (conn, uuid);
  else
    dom = virDomainLookupByName (conn, domain);

  if (dom == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
        {
          virResetLastError ();
          g_set_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN,
                       _("The virtual machine “%s” no longer exists: it was removed meanwhile. "
                         "Nothing was changed; reload the list of virtual machines."),
                       domain);
        }
      else
        g_propagate_error (error, take_last_error (uri));
    }

  return dom;
}

static char *
get_secure_xml (virDomainPtr   dom,
                const char    *domain,
                const char    *uri,
                GError       **error)
{
  char *xml = virDomainGetXMLDesc (dom, SECURE_INACTIVE);
  char *copy;

  if (xml == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
        {
          virResetLastError ();
          g_set_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN,
                       _("The virtual machine “%s” no longer exists: it was removed meanwhile. "
                         "Nothing was changed; reload the list of virtual machines."),
                       domain);
        }
      else
        g_propagate_error (error, take_last_error (uri));
      return NULL;
    }

  copy = g_strdup (xml);
  free (xml);
  return copy;
}

/* --- task data ------------------------------------------------------------------------------ */

typedef struct {
  virConnectPtr  conn;          /* our own reference */
  char          *uri;
  char          *domain;
  char          *expected_xml;
  char          *new_xml;
  EventTarget   *target;        /* open only */
} CallData;

static void
call_data_free (gpointer data)
{
  CallData *call = data;

  if (call->conn != NULL)
    virConnectClose (call->conn);
  g_free (call->uri);
  g_free (call->domain);
  g_free (call->expected_xml);
  g_free (call->new_xml);
  g_clear_pointer (&call->target, event_target_unref);
  g_free (call);
}

typedef struct {
  virConnectPtr conn;
  int           lifecycle_id;
  gboolean      close_cb_registered;
  EventTarget  *target;        /* a reference while the close callback is registered */
  guint         lib_version;
  guint         hv_version;
} OpenResult;

static void
open_result_free (gpointer data)
{
  OpenResult *result = data;

  close_connection_later (result->conn, result->lifecycle_id, result->close_cb_registered,
                          result->target);
  g_clear_pointer (&result->target, event_target_unref);
  g_free (result);
}

typedef struct {
  char     *xml;
  gboolean  active;
} DefineResult;

static void
define_result_free (gpointer data)
{
  DefineResult *result = data;

  g_free (result->xml);
  g_free (result);
}

/* A task for a call on the open connection; NULL (with the task answered) when not open. */
static GTask *
new_call_task (SlicesLibvirt        *self,
               gpointer              source_tag,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data,
               CallData            **call_out)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  CallData *call;

  g_task_set_source_tag (task, source_tag);

  if (self->conn == NULL)
    {
      if (self->lost)
        g_task_return_new_error (task, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_OPEN,
                                 _("The connection to libvirt (%s) was lost: the service "
                                   "stopped or restarted. Nothing was changed; connect again "
                                   "and retry."), self->uri);
      else
        g_task_return_new_error (task, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_OPEN,
                                 _("Not connected to libvirt yet."));
      return NULL;
    }

  call = g_new0 (CallData, 1);
  virConnectRef (self->conn);
  call->conn = self->conn;
  call->uri = g_strdup (self->uri);
  g_task_set_task_data (task, call, call_data_free);
  /* Reads can be abandoned: the caller gets G_IO_ERROR_CANCELLED at once. */
  g_task_set_return_on_cancel (task, TRUE);

  *call_out = call;
  return g_steal_pointer (&task);
}

/* --- callbacks ------------------------------------------------------------------------------ */

static gboolean
emit_domains_changed_cb (gpointer data)
{
  EventTarget *target = data;
  g_autoptr(SlicesLibvirt) self = NULL;

  g_atomic_int_set (&target->changed_pending, 0);
  self = g_weak_ref_get (&target->self);
  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_DOMAINS_CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* Event thread. */
static int
on_domain_lifecycle_cb (virConnectPtr  conn,
                        virDomainPtr   dom,
                        int            event,
                        int            detail,
                        void          *opaque)
{
  EventTarget *target = opaque;

  /* A burst of events (a VM starting emits several) gives one signal. */
  if (g_atomic_int_compare_and_exchange (&target->changed_pending, 0, 1))
    event_target_dispatch (target, emit_domains_changed_cb, G_PRIORITY_DEFAULT);

  return 0;
}

static gboolean
emit_disconnected_cb (gpointer data)
{
  EventTarget *target = data;
  g_autoptr(SlicesLibvirt) self = g_weak_ref_get (&target->self);

  if (self == NULL || self->conn == NULL)
    return G_SOURCE_REMOVE;

  g_debug ("The connection to %s closed", self->uri);
  close_connection_later (g_steal_pointer (&self->conn), self->lifecycle_id,
                          self->close_cb_registered, self->target);
  self->lifecycle_id = -1;
  self->close_cb_registered = FALSE;
  self->lost = TRUE;
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0);

  return G_SOURCE_REMOVE;
}

/* Event thread (or whichever thread noticed the broken connection). */
static void
on_connection_closed_cb (virConnectPtr  conn,
                         int            reason,
                         void          *opaque)
{
  if (reason != VIR_CONNECT_CLOSE_REASON_CLIENT)
    event_target_dispatch (opaque, emit_disconnected_cb, G_PRIORITY_DEFAULT);
}

/* libvirt prints every error on stderr unless told otherwise; we report them ourselves. */
static void
on_libvirt_error_cb (void        *user_data,
                     virErrorPtr  error)
{
}

/* --- the event implementation (private context, one thread) ------------------------------- */

typedef struct {
  int               id;
  int               fd;          /* -1 for timers */
  int               events;      /* VIR_EVENT_HANDLE_* for handles, interval (ms) for timers */
  GSource          *source;      /* NULL while disabled */
  gboolean          removed;
  union {
    virEventHandleCallback  handle;
    virEventTimeoutCallback timeout;
  } cb;
  void             *opaque;
  virFreeCallback   ff;
} EventSource;

static GMainContext *event_context;
static GMutex event_lock;
static GPtrArray *event_sources;  /* EventSource, handles and timers; guarded by event_lock */
static int event_next_id = 1;

static GIOCondition
condition_from_events (int events)
{
  GIOCondition condition = 0;

  if (events & VIR_EVENT_HANDLE_READABLE)
    condition |= G_IO_IN;
  if (events & VIR_EVENT_HANDLE_WRITABLE)
    condition |= G_IO_OUT;

  return condition;
}

static int
events_from_condition (GIOCondition condition)
{
  int events = 0;

  if (condition & G_IO_IN)
    events |= VIR_EVENT_HANDLE_READABLE;
  if (condition & G_IO_OUT)
    events |= VIR_EVENT_HANDLE_WRITABLE;
  if (condition & G_IO_HUP)
    events |= VIR_EVENT_HANDLE_HANGUP;
  if (condition & G_IO_ERR)
    events |= VIR_EVENT_HANDLE_ERROR;

  return events;
}

/* Event thread. The struct stays valid while it runs: freeing is deferred to an idle of the
 * same context. libvirt may update or remove the source from inside the callback, so no lock
 * is held here. */
static gboolean
dispatch_handle_cb (int           fd,
                    GIOCondition  condition,
                    gpointer      data)
{
  EventSource *source = data;

  source->cb.handle (source->id, source->fd, events_from_condition (condition), source->opaque);
  return G_SOURCE_CONTINUE;
}

static gboolean
dispatch_timeout_cb (gpointer data)
{
  EventSource *source = data;

  source->cb.timeout (source->id, source->opaque);
  return G_SOURCE_CONTINUE;
}

/* Called with event_lock held. */
static void
event_source_arm (EventSource *source)
{
  if (source->source != NULL)
    {
      g_source_destroy (source->source);
      g_clear_pointer (&source->source, g_source_unref);
    }

  if (source->fd >= 0)
    {
      if (source->events == 0)
        return;
      source->source = g_unix_fd_source_new (source->fd, condition_from_events (source->events));
      g_source_set_callback (source->source, (GSourceFunc) G_CALLBACK (dispatch_handle_cb),
                             source, NULL);
    }
  else
    {
      if (source->events < 0)
        return;
      source->source = g_timeout_source_new ((guint) source->events);
      g_source_set_callback (source->source, dispatch_timeout_cb, source, NULL);
    }

  g_source_attach (source->source, event_context);
}

/* Called with event_lock held. */
static EventSource *
event_source_find (int  id,
                   gboolean is_handle)
{
  for (guint i = 0; i < event_sources->len; i++)
    {
      EventSource *source = g_ptr_array_index (event_sources, i);

      if (source->id == id && (source->fd >= 0) == is_handle && !source->removed)
        return source;
    }

  return NULL;
}

/* Event thread, after the source can no longer be dispatched. */
static gboolean
free_event_source_cb (gpointer data)
{
  EventSource *source = data;

  if (source->ff != NULL)
    source->ff (source->opaque);
  g_free (source);

  return G_SOURCE_REMOVE;
}

static int
event_source_add (int              fd,
                  int              events,
                  gpointer         cb,
                  void            *opaque,
                  virFreeCallback  ff)
{
  EventSource *source = g_new0 (EventSource, 1);
  int id;

  source->fd = fd;
  source->events = events;
  if (fd >= 0)
    source->cb.handle = (virEventHandleCallback) cb;
  else
    source->cb.timeout = (virEventTimeoutCallback) cb;
  source->opaque = opaque;
  source->ff = ff;

  g_mutex_lock (&event_lock);
  id = source->id = event_next_id++;
  g_ptr_array_add (event_sources, source);
  event_source_arm (source);
  g_mutex_unlock (&event_lock);

  return id;
}

static void
event_source_update (int      id,
                     gboolean is_handle,
                     int      events)
{
  EventSource *source;

  g_mutex_lock (&event_lock);
  source = event_source_find (id, is_handle);
  if (source != NULL && source->events != events)
    {
      source->events = events;
      event_source_arm (source);
    }
  g_mutex_unlock (&event_lock);
}

static int
event_source_remove (int      id,
                     gboolean is_handle)
{
  g_autoptr(GSource) idle = NULL;
  EventSource *source;

  g_mutex_lock (&event_lock);
  source = event_source_find (id, is_handle);
  if (source == NULL)
    {
      g_mutex_unlock (&event_lock);
      return -1;
    }

  source->removed = TRUE;
  if (source->source != NULL)
    {
      g_source_destroy (source->source);
      g_clear_pointer (&source->source, g_source_unref);
    }
  g_ptr_array_remove_fast (event_sources, source);
  g_mutex_unlock (&event_lock);

  /* libvirt wants the free function called later, never from inside the remove call. */
  idle = g_idle_source_new ();
  g_source_set_callback (idle, free_event_source_cb, source, NULL);
  g_source_attach (idle, event_context);

  return 0;
}

static int
add_handle_cb (int fd, int events, virEventHandleCallback cb, void *opaque, virFreeCallback ff)
{
  return event_source_add (fd, events, cb, opaque, ff);
}

static void
update_handle_cb (int watch, int events)
{
  event_source_update (watch, TRUE, events);
}

static int
remove_handle_cb (int watch)
{
  return event_source_remove (watch, TRUE);
}

static int
add_timeout_cb (int interval, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff)
{
  return event_source_add (-1, interval, cb, opaque, ff);
}

static void
update_timeout_cb (int timer, int interval)
{
  event_source_update (timer, FALSE, interval);
}

static int
remove_timeout_cb (int timer)
{
  return event_source_remove (timer, FALSE);
}

static gpointer
run_event_loop (gpointer data)
{
  for (;;)
    g_main_context_iteration (event_context, TRUE);

  return NULL;
}

/* --- worker threads ------------------------------------------------------------------------- */

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CallData *call = task_data;
  OpenResult *result;
  unsigned long version = 0;
  virConnectPtr conn;

  conn = virConnectOpen (call->uri);
  if (conn == NULL)
    {
      g_autoptr(GError) error = take_last_error (call->uri);

      if (error->code == SLICES_LIBVIRT_ERROR_FAILED
          || error->code == SLICES_LIBVIRT_ERROR_INVALID_XML)
        {
          g_autoptr(GError) wrapped = NULL;

          wrapped = g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED,
                                 _("Could not connect to “%s”: %s"), call->uri, error->message);
          g_task_return_error (task, g_steal_pointer (&wrapped));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (OpenResult, 1);
  result->conn = conn;
  result->lifecycle_id = -1;

  if (virConnectGetLibVersion (conn, &version) == 0)
    result->lib_version = (guint) version;
  version = 0;
  if (virConnectGetVersion (conn, &version) == 0)
    result->hv_version = (guint) version;
  virResetLastError ();

  result->lifecycle_id =
    virConnectDomainEventRegisterAny (conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      VIR_DOMAIN_EVENT_CALLBACK (on_domain_lifecycle_cb),
                                      event_target_ref (call->target), event_target_unref);
  if (result->lifecycle_id < 0)
    {
      /* libvirt does not call the free function when registering fails. */
      event_target_unref (call->target);
      g_debug ("No lifecycle events from %s; the VM list will not update by itself", call->uri);
      virResetLastError ();
    }

  /* No free function: drivers without close callbacks (test:///, qemu:///embed) report
   * success but never call it, which leaked the reference. The connection's owner keeps the
   * target alive instead, until close_connection_thread() has unregistered the callback. */
  if (virConnectRegisterCloseCallback (conn, on_connection_closed_cb, call->target, NULL) == 0)
    {
      result->close_cb_registered = TRUE;
      result->target = event_target_ref (call->target);
    }
  else
    virResetLastError ();

  g_task_return_pointer (task, result, open_result_free);
}

static void
list_domains_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CallData *call = task_data;
  GError *error = NULL;
  GPtrArray *infos = list_domains (call->conn, call->uri, &error);

  if (infos == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, infos, (GDestroyNotify) g_ptr_array_unref);
}

static void
find_slice_users_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  CallData *call = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) infos = list_domains (call->conn, call->uri, &error);

  if (infos == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, slices_domain_infos_to_slice_users (infos),
                           (GDestroyNotify) g_hash_table_unref);
}

static void
get_xml_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CallData *call = task_data;
  GError *error = NULL;
  virDomainPtr dom;
  char *xml;

  dom = lookup_domain (call->conn, call->domain, call->uri, &error);
  if (dom == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  xml = get_secure_xml (dom, call->domain, call->uri, &error);
  virDomainFree (dom);

  if (xml == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, xml, g_free);
}

static void
define_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CallData *call = task_data;
  GError *error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *new_uuid = NULL;
  g_autofree char *name = NULL;
  DefineResult *result;
  virDomainPtr dom;
  virDomainPtr defined;
  char uuid[VIR_UUID_STRING_BUFLEN];

  dom = lookup_domain (call->conn, call->domain, call->uri, &error);
  if (dom == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  name = g_strdup (virDomainGetName (dom));
  if (virDomainGetUUIDString (dom, uuid) < 0)
    uuid[0] = '\0';

  /* libvirt defines whatever UUID the text names; without this check a stray definition
   * would make or replace another VM. */
  new_uuid = read_definition_uuid (call->new_xml);
  if (new_uuid == NULL || g_ascii_strcasecmp (new_uuid, uuid) != 0)
    {
      virDomainFree (dom);
      g_task_return_new_error (task, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_XML,
                               _("The new definition is not one of “%s” (its UUID differs). "
                                 "Nothing was changed."),
                               name);
      return;
    }

  if (call->expected_xml != NULL)
    {
      current = get_secure_xml (dom, name, call->uri, &error);
      if (current == NULL)
        {
          virDomainFree (dom);
          g_task_return_error (task, error);
          return;
        }
      if (strcmp (current, call->expected_xml) != 0)
        {
          virDomainFree (dom);
          g_task_return_new_error (task, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED,
                                   _("The definition of “%s” was changed by another program "
                                     "since it was read. Nothing was written; read it again "
                                     "and repeat the change."),
                                   name);
          return;
        }
    }
  virDomainFree (dom);

  /* From here the define happens or fails; a late Cancel must not pretend it did not. */
  if (!g_task_set_return_on_cancel (task, FALSE))
    return;

  defined = virDomainDefineXMLFlags (call->conn, call->new_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL)
    {
      g_task_return_error (task, take_last_error (call->uri));
      return;
    }

  result = g_new0 (DefineResult, 1);
  result->active = virDomainIsActive (defined) == 1;
  result->xml = get_secure_xml (defined, name, call->uri, &error);
  virDomainFree (defined);

  if (result->xml == NULL)
    {
      define_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, define_result_free);
}

/* --- GObject ------------------------------------------------------------------------------ */

static void
slices_libvirt_dispose (GObject *object)
{
  SlicesLibvirt *self = SLICES_LIBVIRT (object);

  close_connection_later (g_steal_pointer (&self->conn), self->lifecycle_id,
                          self->close_cb_registered, self->target);
  self->lifecycle_id = -1;
  self->close_cb_registered = FALSE;

  G_OBJECT_CLASS (slices_libvirt_parent_class)->dispose (object);
}

static void
slices_libvirt_finalize (GObject *object)
{
  SlicesLibvirt *self = SLICES_LIBVIRT (object);

  if (self->demo_fd >= 0)
    close (self->demo_fd);

  g_clear_pointer (&self->target, event_target_unref);
  g_free (self->uri);

  G_OBJECT_CLASS (slices_libvirt_parent_class)->finalize (object);
}

static void
slices_libvirt_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlicesLibvirt *self = SLICES_LIBVIRT (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_LIB_VERSION:
      g_value_set_uint (value, self->lib_version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_libvirt_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlicesLibvirt *self = SLICES_LIBVIRT (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      if (self->uri == NULL)
        self->uri = g_strdup ("qemu:///system");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_libvirt_class_init (SlicesLibvirtClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_libvirt_dispose;
  object_class->finalize = slices_libvirt_finalize;
  object_class->get_property = slices_libvirt_get_property;
  object_class->set_property = slices_libvirt_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIB_VERSION] =
    g_param_spec_uint ("lib-version", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DOMAINS_CHANGED] =
    g_signal_new ("domains-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
slices_libvirt_init (SlicesLibvirt *self)
{
  self->lifecycle_id = -1;
  self->demo_fd = -1;
  self->target = event_target_new (self);
}

/* --- public API ----------------------------------------------------------------------------- */

void
slices_libvirt_init_events (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      struct sigaction current;

      /* libvirt's remote driver writes to its socket without MSG_NOSIGNAL, and libvirt asks
       * applications to ignore SIGPIPE: otherwise a daemon that stops or restarts kills the
       * whole process instead of failing the call. Only a default disposition is changed. */
      if (sigaction (SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL)
        signal (SIGPIPE, SIG_IGN);

      virSetErrorFunc (NULL, on_libvirt_error_cb);
      event_context = g_main_context_new ();
      event_sources = g_ptr_array_new ();
      virEventRegisterImpl (add_handle_cb, update_handle_cb, remove_handle_cb,
                            add_timeout_cb, update_timeout_cb, remove_timeout_cb);
      g_thread_unref (g_thread_new ("slices-libvirt-events", run_event_loop, NULL));
      g_once_init_leave (&initialized, 1);
    }
}

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
  copy->slices = g_strdupv (info->slices);

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
  g_strfreev (info->slices);
  g_free (info);
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

SlicesLibvirt *
slices_libvirt_new (const char *uri)
{
  return g_object_new (SLICES_TYPE_LIBVIRT, "uri", uri, NULL);
}

SlicesLibvirt *
slices_libvirt_new_demo (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *uri = NULL;
  SlicesLibvirt *self;
  const char *data;
  gsize size, done = 0;
  int fd;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Through the resource itself: the reference also keeps its object file in the link. */
  bytes = g_resource_lookup_data (slices_vm_get_resource (), DEMO_HOST_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  /* The test driver reads a file path when it opens. An anonymous file, reached through
   * /proc/self/fd (the test driver runs in this process), so that each connection has its own
   * copy of the host and nothing is left in /tmp however the process ends. */
  fd = memfd_create ("gpu-slices-demo-host.xml", MFD_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the demo’s virtual machines: %s"), g_strerror (saved_errno));
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  while (done < size)
    {
      gssize n = write (fd, data + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : EIO;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not make the demo’s virtual machines: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }
      done += n;
    }

  uri = g_strdup_printf ("test:///proc/self/fd/%d", fd);
  self = slices_libvirt_new (uri);
  self->demo_fd = fd;

  return self;
}

const char *
slices_libvirt_get_uri (SlicesLibvirt *self)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);

  return self->uri;
}

gboolean
slices_libvirt_is_demo (SlicesLibvirt *self)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), FALSE);

  return self->demo_fd >= 0;
}

gboolean
slices_libvirt_is_open (SlicesLibvirt *self)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), FALSE);

  return self->conn != NULL;
}

guint
slices_libvirt_get_lib_version (SlicesLibvirt *self)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), 0);

  return self->lib_version;
}

guint
slices_libvirt_get_hypervisor_version (SlicesLibvirt *self)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), 0);

  return self->hv_version;
}

void
slices_libvirt_open_async (SlicesLibvirt        *self,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CallData *call;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_libvirt_open_async);

  if (self->conn != NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (!check_uri (self->uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  slices_libvirt_init_events ();

  call = g_new0 (CallData, 1);
  call->uri = g_strdup (self->uri);
  call->target = event_target_ref (self->target);
  g_task_set_task_data (task, call, call_data_free);
  /* Opening a remote URI can take long; Cancel answers at once and the late connection is
   * closed by open_result_free(). */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_thread);
}

gboolean
slices_libvirt_open_finish (SlicesLibvirt  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  OpenResult *opened;

  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_open_async), FALSE);

  if (g_task_had_error (G_TASK (result)))
    {
      g_task_propagate_pointer (G_TASK (result), error);
      return FALSE;
    }

  /* NULL: the connection was open already. */
  opened = g_task_propagate_pointer (G_TASK (result), NULL);
  if (opened == NULL)
    return TRUE;

  /* Two opens raced: keep the first connection. */
  if (self->conn != NULL)
    {
      open_result_free (opened);
      return TRUE;
    }

  self->conn = g_steal_pointer (&opened->conn);
  self->lost = FALSE;
  self->lifecycle_id = opened->lifecycle_id;
  self->close_cb_registered = opened->close_cb_registered;
  /* self->target, the same target, keeps it alive from now on. */
  g_clear_pointer (&opened->target, event_target_unref);
  self->hv_version = opened->hv_version;
  if (self->lib_version != opened->lib_version)
    {
      self->lib_version = opened->lib_version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIB_VERSION]);
    }
  g_free (opened);

  return TRUE;
}

void
slices_libvirt_list_domains_async (SlicesLibvirt        *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (self, slices_libvirt_list_domains_async, cancellable, callback,
                        user_data, &call);
  if (task != NULL)
    g_task_run_in_thread (task, list_domains_thread);
}

GPtrArray *
slices_libvirt_list_domains_finish (SlicesLibvirt  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_list_domains_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slices_libvirt_find_slice_users_async (SlicesLibvirt        *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (self, slices_libvirt_find_slice_users_async, cancellable, callback,
                        user_data, &call);
  if (task != NULL)
    g_task_run_in_thread (task, find_slice_users_thread);
}

GHashTable *
slices_libvirt_find_slice_users_finish (SlicesLibvirt  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  slices_libvirt_find_slice_users_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slices_libvirt_get_xml_async (SlicesLibvirt        *self,
                              const char           *domain,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (self, slices_libvirt_get_xml_async, cancellable, callback, user_data,
                        &call);
  if (task == NULL)
    return;

  call->domain = g_strdup (domain);
  g_task_run_in_thread (task, get_xml_thread);
}

char *
slices_libvirt_get_xml_finish (SlicesLibvirt  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_get_xml_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slices_libvirt_define_async (SlicesLibvirt        *self,
                             const char           *domain,
                             const char           *expected_xml,
                             const char           *new_xml,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (new_xml != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call_task (self, slices_libvirt_define_async, cancellable, callback, user_data,
                        &call);
  if (task == NULL)
    return;

  call->domain = g_strdup (domain);
  call->expected_xml = g_strdup (expected_xml);
  call->new_xml = g_strdup (new_xml);
  g_task_run_in_thread (task, define_thread);
}

char *
slices_libvirt_define_finish (SlicesLibvirt  *self,
                              GAsyncResult   *result,
                              gboolean       *needs_restart,
                              GError        **error)
{
  DefineResult *defined;
  char *xml;

  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_define_async), NULL);

  if (needs_restart != NULL)
    *needs_restart = FALSE;

  defined = g_task_propagate_pointer (G_TASK (result), error);
  if (defined == NULL)
    return NULL;

  if (needs_restart != NULL)
    *needs_restart = defined->active;
  xml = g_steal_pointer (&defined->xml);
  define_result_free (defined);

  return xml;
}
