/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the parts of SlicesLibvirt share and nobody else sees:
 *
 *   slices-libvirt.c          the object: the connection, its open and close, lifecycle and
 *                             close callbacks, the demo host on a memfd;
 *   slices-libvirt-events.c   our libvirt event implementation on a private GMainContext and
 *                             the event target that carries callbacks back to the object;
 *   slices-libvirt-error.c    libvirt errors into SLICES_LIBVIRT_ERROR for people;
 *   slices-libvirt-domains.c  calls on domains: list, slice users, read and define;
 *   slices-domain-info.c      SlicesDomainInfo and what is read from a definition for it;
 *   slices-libvirt-demo.c     the demo's test:/// host keeping <qemu:*> elements;
 *   slices-virt.c             libvirt itself, loaded on first use.
 *
 * Internal to vm/: it includes libvirt's headers.
 */
#pragma once

#include "slices-libvirt.h"
#include "slices-virt.h"

G_BEGIN_DECLS

#define SLICES_LIBVIRT_SECURE_INACTIVE (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE)

/* --- slices-libvirt-events.c ---------------------------------------------------------------
 *
 * The bridge from libvirt's callbacks (on the event thread) to the object (in the main context
 * it was made in). Shared between both: reference-counted, and it holds only a weak reference
 * on the object, so that a callback arriving after the object is gone does nothing. */
typedef struct {
  gatomicrefcount  ref;
  GWeakRef         self;
  GMainContext    *context;
  int              changed_pending;  /* atomic: a "domains-changed" idle is queued */
} SlicesEventTarget;

/* A target for @object in the calling thread's default main context. */
SlicesEventTarget *slices_event_target_new      (gpointer           object);
SlicesEventTarget *slices_event_target_ref      (SlicesEventTarget *target);
void               slices_event_target_unref    (gpointer           target);
/* Runs @func (with a reference on @target as its data) in the target's context, from any
 * thread; never right here, even when nobody owns that context. */
void               slices_event_target_dispatch (SlicesEventTarget *target,
                                                 GSourceFunc        func,
                                                 int                priority);

/* --- slices-libvirt-error.c ------------------------------------------------------------- */

/* slices_virt_load(), failing with NOT_INSTALLED and why. */
gboolean slices_libvirt_load            (GError     **error);

/* The calling thread's last libvirt error as a GError for people (libvirt keeps it per
 * thread), and reset. @uri (may be NULL) names the connection in messages. */
GError  *slices_libvirt_take_last_error (const char  *uri);
/* Fails with INVALID_URI unless @uri names a libvirt driver: an unknown scheme would fall
 * through to the remote driver, which then reports a missing daemon instead of a typo. */
gboolean slices_libvirt_check_uri       (const char  *uri,
                                         GError     **error);

/* --- slices-libvirt.c ------------------------------------------------------------------- */

/* A call's task data: what its worker thread needs, owned by the thread. */
typedef struct {
  virConnectPtr      conn;          /* our own reference; NULL for open */
  char              *uri;
  char              *domain;
  char              *expected_xml;
  char              *new_xml;
  guint              lib_version;   /* the connection's, for the recipe check */
  gboolean           demo;          /* the demo host: <qemu:*> kept in <metadata> */
  SlicesEventTarget *target;        /* open only */
} SlicesLibvirtCall;

void   slices_libvirt_call_free (gpointer data);

/* --- slices-libvirt-demo.c ---------------------------------------------------------------- */

/* Before a define on the demo host: <qemu:*> into our <metadata> entry. */
char  *slices_libvirt_demo_stash_qemu   (const char *xml);
/* After a read from it: back to where a QEMU host keeps them. */
char  *slices_libvirt_demo_unstash_qemu (const char *xml);

/* A task for a call on the open connection, abandoned at once on cancel (reads can be), with
 * a SlicesLibvirtCall as its data (*@call_out); NULL, with the task answered NOT_OPEN, when
 * the connection is not open. */
GTask *slices_libvirt_new_call_task (SlicesLibvirt        *self,
                                     gpointer              source_tag,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data,
                                     SlicesLibvirtCall   **call_out);

/* --- slices-domain-info.c --------------------------------------------------------------- */

SlicesDomainState slices_domain_state_from_libvirt (int state);

/* Fills @info's title and libosinfo id from a definition (the first of each wins). */
void  slices_domain_info_read_xml (SlicesDomainInfo *info,
                                   const char       *xml);

/* Adds the slices a definition names to @slices (char *), each once. */
void  slices_domain_add_slices    (GPtrArray        *slices,
                                   const char       *xml);

/* The <uuid> of a definition, lowercase; NULL when it has none or it is not valid. */
char *slices_domain_read_uuid     (const char       *xml);

G_END_DECLS
