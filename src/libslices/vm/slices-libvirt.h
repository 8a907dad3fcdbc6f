/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesLibvirt: one libvirt connection (qemu:///system, qemu:///session, a remote URI,
 * test:///FILE for the demo, qemu:///embed?root=DIR in tests), used by the attach wizard and
 * `slicectl attach`. It lists domains with their state, OS and slices, reads and redefines a
 * domain's definition without ever overwriting a concurrent change, and reports lifecycle
 * events as "domains-changed" in the main context it was made in. Every libvirt call runs on a
 * worker thread; the caller's thread never waits on libvirt. Nothing here logs a domain XML
 * (definitions can hold passwords).
 */
#pragma once

#include <gio/gio.h>

#include "slices-types.h"
#include "slices-domain-recipe.h"

G_BEGIN_DECLS

#define SLICES_LIBVIRT_ERROR (slices_libvirt_error_quark ())

typedef enum {
  SLICES_LIBVIRT_ERROR_FAILED,
  SLICES_LIBVIRT_ERROR_NOT_RUNNING,        /* no daemon behind the socket */
  SLICES_LIBVIRT_ERROR_PERMISSION_DENIED,  /* socket permissions, polkit, access control */
  SLICES_LIBVIRT_ERROR_INVALID_URI,        /* not a libvirt URI, or no driver for it */
  SLICES_LIBVIRT_ERROR_NO_DOMAIN,          /* the domain vanished (undefined meanwhile) */
  SLICES_LIBVIRT_ERROR_CHANGED,            /* the definition changed since it was read */
  SLICES_LIBVIRT_ERROR_INVALID_XML,        /* libvirt refused the new definition */
  SLICES_LIBVIRT_ERROR_NOT_OPEN,           /* used before open finished */
  SLICES_LIBVIRT_ERROR_NOT_INSTALLED,      /* libvirt's library could not be loaded */
} SlicesLibvirtError;

typedef enum {
  SLICES_DOMAIN_STATE_UNKNOWN,
  SLICES_DOMAIN_STATE_RUNNING,
  SLICES_DOMAIN_STATE_BLOCKED,
  SLICES_DOMAIN_STATE_PAUSED,
  SLICES_DOMAIN_STATE_SHUTTING_DOWN,
  SLICES_DOMAIN_STATE_SHUT_OFF,
  SLICES_DOMAIN_STATE_CRASHED,
  SLICES_DOMAIN_STATE_SUSPENDED,           /* power-management suspend (S3/S4) */
} SlicesDomainState;

#define SLICES_TYPE_DOMAIN_STATE (slices_domain_state_get_type ())
GType slices_domain_state_get_type (void) G_GNUC_CONST;

/* "Running", "Shut off"… (translated). */
const char *slices_domain_state_to_string (SlicesDomainState state);

/* One domain as the list call found it. */
typedef struct {
  char              *name;
  char              *uuid;        /* lowercase */
  char              *title;       /* <title>, or NULL */
  SlicesDomainState  state;
  gboolean           active;      /* a QEMU process exists: definition changes wait for a cold
                                   * boot ("takes effect after the VM is shut down and started
                                   * again") */
  gboolean           persistent;
  char              *os_id;       /* libosinfo id, e.g. "http://microsoft.com/win/10", or NULL */
  char              *os_name;     /* "Windows 10" when the id is one we can name, else NULL */
  GStrv              slices;      /* mdev UUIDs and PCI hostdev addresses (VFs, but also any
                                   * other device such as a NIC) in its definition and, if
                                   * active, its live XML */
  GStrv              defined_slices; /* those in its persistent definition alone: what it asks
                                      * for at its next start */
  char              *recorded_slice; /* the slice (UUID or VF address) GPU Slices' <metadata>
                                      * in the persistent definition says it attached, or NULL */
  SlicesRecipeState  recipe;      /* what this libvirt makes of the old GVT-g recipe in it */
  char              *recipe_problem; /* why, for people; NULL when OK */
  gboolean           looking_glass; /* a looking-glass shmem device in its definition */
} SlicesDomainInfo;

#define SLICES_TYPE_DOMAIN_INFO (slices_domain_info_get_type ())
GType             slices_domain_info_get_type (void) G_GNUC_CONST;
SlicesDomainInfo *slices_domain_info_copy     (const SlicesDomainInfo *info);
void              slices_domain_info_free     (SlicesDomainInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesDomainInfo, slices_domain_info_free)

/* A readable OS name for a libosinfo id ("http://fedoraproject.org/fedora/38" → "Fedora 38"),
 * or NULL when the vendor is not one we know. */
char *slices_libvirt_os_name_from_id (const char *os_id);

/* The first of @host's VFs that @info's persistent definition holds (owned by @info), or NULL:
 * what the doctor's sriov-guest-driver names. */
const char *slices_domain_info_find_vf (const SlicesDomainInfo *info,
                                        SlicesHost             *host);

/* uuid → domain name (both strings owned by the table) for every slice in @infos. */
GHashTable *slices_domain_infos_to_slice_users (GPtrArray *infos);

/* The domains of @infos (SlicesDomainInfo) whose persistent definition holds a slice that
 * @host does not have: domain name → GStrv of those UUIDs or VF addresses (lowercase), empty
 * when every slice a definition names exists. A PCI hostdev counts only when GPU Slices
 * attached it (recorded_slice) or its address is one of an SR-IOV GPU's VFs
 * (slices_host_is_vf_address()): a NIC given to the VM is never a missing slice. Such a VM does not start until the slice is detached (or made
 * again). What the doctor's vm-slices check and the app's VM problems show. */
GHashTable *slices_domain_infos_find_missing_slices (GPtrArray  *infos,
                                                     SlicesHost *host);

#define SLICES_TYPE_LIBVIRT (slices_libvirt_get_type ())
G_DECLARE_FINAL_TYPE (SlicesLibvirt, slices_libvirt, SLICES, LIBVIRT, GObject)

GQuark slices_libvirt_error_quark (void);

/* Loads libvirt (nothing links it: see slices-virt.h), registers our libvirt event
 * implementation (virEventRegisterImpl on a private GMainContext) and starts the one thread
 * that runs it; done once per process, and by open on its worker thread. Call it yourself
 * before any virConnectOpen() of your own in the same process, and never call
 * virEventRegisterDefaultImpl() in a process that uses this module: libvirt needs exactly one
 * loop, registered before the first connection. Fails with NOT_INSTALLED when libvirt cannot
 * be loaded. */
gboolean slices_libvirt_init_events (GError **error);

/* The installed libvirt's version (virGetVersion(), major * 1000000 + minor * 1000 + micro),
 * for editing a definition offline; loads libvirt. */
gboolean slices_libvirt_get_library_version (guint   *out_version,
                                             GError **error);

/* Maps a libvirt error (virErrorNumber, virErrorDomain, the errno in int1 for system errors,
 * libvirt's own message) to a GError in SLICES_LIBVIRT_ERROR that says what to do. @uri (may
 * be NULL) names the connection in messages. Exposed for tests. */
GError *slices_libvirt_error_new (int         vir_code,
                                  int         vir_domain,
                                  int         sys_errno,
                                  const char *vir_message,
                                  const char *uri);

/* What Check Setup says about a connection whose open failed with @error (NULL: it opened):
 * PERMISSION_DENIED is DENIED (the daemon answers but refuses this user), NOT_INSTALLED is
 * MISSING, any other failure UNREACHABLE. The one place the app's Check Setup and `slicectl doctor --connect` map it. */
SlicesLibvirtState slices_libvirt_state_from_error (const GError *error);

/* Properties: "uri" (construct-only; NULL: qemu:///system), "lib-version" (guint, 0 until the
 * connection is open: virConnectGetLibVersion(), major * 1000000 + minor * 1000 + micro, the
 * number slices_domain_attach() takes). Signals: "domains-changed" (no arguments; domains were
 * defined, undefined, started, stopped…; coalesced), "disconnected" (the daemon went away or
 * the connection broke; open again to reconnect). */
SlicesLibvirt *slices_libvirt_new            (const char *uri);

/* The demo host: libvirt's test:/// driver on a private copy of the bundled demo-host.xml
 * (win10 running; fedora-workstation, ubuntu-server, debian-build and gvt-legacy, set up
 * with the old GVT-g recipe, shut off). The copy is
 * removed when the object is finalized. Not open yet: call slices_libvirt_open_async(). */
SlicesLibvirt *slices_libvirt_new_demo       (GError **error);
/* The SR-IOV demo's host (demo-host-sriov.xml): the same win10, fedora-workstation and
 * ubuntu-server, no gvt-legacy, and win11-vf (shut off) whose definition holds the VF
 * 0000:00:02.3. */
SlicesLibvirt *slices_libvirt_new_demo_sriov (GError **error);

const char    *slices_libvirt_get_uri        (SlicesLibvirt *self);
gboolean       slices_libvirt_is_demo        (SlicesLibvirt *self);
gboolean       slices_libvirt_is_open        (SlicesLibvirt *self);
guint          slices_libvirt_get_lib_version (SlicesLibvirt *self);
/* The hypervisor's version (e.g. QEMU 7.2.0 → 7002000), 0 when unknown. */
guint          slices_libvirt_get_hypervisor_version (SlicesLibvirt *self);

/* Opens the connection and subscribes to lifecycle events. Opening an open connection
 * succeeds at once. Errors: NOT_RUNNING, PERMISSION_DENIED, INVALID_URI, FAILED. */
void     slices_libvirt_open_async  (SlicesLibvirt        *self,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean slices_libvirt_open_finish (SlicesLibvirt        *self,
                                     GAsyncResult         *result,
                                     GError              **error);

/* Every domain (active and inactive), sorted by name: a GPtrArray of SlicesDomainInfo. */
void       slices_libvirt_list_domains_async  (SlicesLibvirt        *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray *slices_libvirt_list_domains_finish (SlicesLibvirt        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Which domain holds which slice: uuid (lowercase) → domain name, from every domain's
 * definition and, for running domains, the live XML too (a slice a running VM holds is in use
 * even when its next definition no longer names it). */
void        slices_libvirt_find_slice_users_async  (SlicesLibvirt        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GHashTable *slices_libvirt_find_slice_users_finish (SlicesLibvirt        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* The persistent definition with secrets (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE):
 * the text to edit and to hand back as @expected_xml. @domain: a UUID or a name. */
void  slices_libvirt_get_xml_async  (SlicesLibvirt        *self,
                                     const char           *domain,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char *slices_libvirt_get_xml_finish (SlicesLibvirt        *self,
                                     GAsyncResult         *result,
                                     GError              **error);

/* Redefines @domain (a UUID or a name; it must exist) with @new_xml using
 * VIR_DOMAIN_DEFINE_VALIDATE. Just before defining, the definition is read again: when it is
 * no longer @expected_xml (may be NULL: no check) this fails with CHANGED and nothing is
 * written; read again and recompute. A domain that vanished fails with NO_DOMAIN (it is not
 * brought back). Returns the definition as libvirt now stores it (the @expected_xml for an
 * undo). @needs_restart (may be NULL) is set when the domain is running: the change takes
 * effect after it is shut down and started again. */
void  slices_libvirt_define_async  (SlicesLibvirt        *self,
                                    const char           *domain,
                                    const char           *expected_xml,
                                    const char           *new_xml,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char *slices_libvirt_define_finish (SlicesLibvirt        *self,
                                    GAsyncResult         *result,
                                    gboolean             *needs_restart,
                                    GError              **error);

G_END_DECLS
