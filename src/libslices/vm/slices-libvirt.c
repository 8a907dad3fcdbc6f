/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesLibvirt, the object: one connection of the attach wizard and `slicectl attach`. It
 * owns opening it (on a worker thread, abandoned at once on cancel), the lifecycle events and
 * the close callback (turned into "domains-changed" and "disconnected" in the main context
 * the object was made in, through an event target), closing it off the caller's thread, and
 * the demo host on an anonymous file. Calls on domains are in slices-libvirt-domains.c, the
 * event loop in slices-libvirt-events.c, the errors in slices-libvirt-error.c.
 */

/* memfd_create() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "slices-vm-resources.h"
#include "slices-libvirt-private.h"

#define DEMO_HOST_RESOURCE "/io/github/gpuslices/GpuSlices/vm/demo-host.xml"
#define DEMO_HOST_SRIOV_RESOURCE "/io/github/gpuslices/GpuSlices/vm/demo-host-sriov.xml"

struct _SlicesLibvirt
{
  GObject            parent_instance;

  char              *uri;
  int                demo_fd;       /* demo: a memfd with demo-host.xml, or -1 */
  SlicesEventTarget *target;

  virConnectPtr      conn;
  int                lifecycle_id;  /* -1: none */
  gboolean           close_cb_registered;
  gboolean           lost;          /* the open connection broke ("disconnected") */
  guint              lib_version;
  guint              hv_version;
};

G_DEFINE_TYPE (SlicesLibvirt, slices_libvirt, G_TYPE_OBJECT)

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

/* --- connection teardown off the caller's thread ----------------------------------------- */

typedef struct {
  virConnectPtr      conn;
  int                lifecycle_id;
  gboolean           close_cb_registered;
  SlicesEventTarget *target;  /* the close callback's data, alive until it is unregistered */
} Closing;

static void on_connection_closed_cb (virConnectPtr conn, int reason, void *opaque);

static gpointer
close_connection_thread (gpointer data)
{
  Closing *closing = data;

  if (closing->lifecycle_id >= 0)
    slices_virt->virConnectDomainEventDeregisterAny (closing->conn, closing->lifecycle_id);
  if (closing->close_cb_registered)
    slices_virt->virConnectUnregisterCloseCallback (closing->conn, on_connection_closed_cb);
  slices_virt->virConnectClose (closing->conn);
  g_clear_pointer (&closing->target, slices_event_target_unref);
  g_free (closing);

  return NULL;
}

/* Deregistering and closing talk to the daemon: never on the UI thread. */
static void
close_connection_later (virConnectPtr      conn,
                        int                lifecycle_id,
                        gboolean           close_cb_registered,
                        SlicesEventTarget *target)
{
  Closing *closing;

  if (conn == NULL)
    return;

  closing = g_new0 (Closing, 1);
  closing->conn = conn;
  closing->lifecycle_id = lifecycle_id;
  closing->close_cb_registered = close_cb_registered;
  if (close_cb_registered)
    closing->target = slices_event_target_ref (target);
  g_thread_unref (g_thread_new ("slices-libvirt-close", close_connection_thread, closing));
}

/* --- task data ------------------------------------------------------------------------------ */

void
slices_libvirt_call_free (gpointer data)
{
  SlicesLibvirtCall *call = data;

  if (call->conn != NULL)
    slices_virt->virConnectClose (call->conn);
  g_free (call->uri);
  g_free (call->domain);
  g_free (call->expected_xml);
  g_free (call->new_xml);
  g_clear_pointer (&call->target, slices_event_target_unref);
  g_free (call);
}

typedef struct {
  virConnectPtr      conn;
  int                lifecycle_id;
  gboolean           close_cb_registered;
  SlicesEventTarget *target;  /* a reference while the close callback is registered */
  guint              lib_version;
  guint              hv_version;
} OpenResult;

static void
open_result_free (gpointer data)
{
  OpenResult *result = data;

  close_connection_later (result->conn, result->lifecycle_id, result->close_cb_registered,
                          result->target);
  g_clear_pointer (&result->target, slices_event_target_unref);
  g_free (result);
}

GTask *
slices_libvirt_new_call_task (SlicesLibvirt        *self,
                              gpointer              source_tag,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data,
                              SlicesLibvirtCall   **call_out)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SlicesLibvirtCall *call;

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

  call = g_new0 (SlicesLibvirtCall, 1);
  call->lib_version = self->lib_version;
  call->demo = self->demo_fd >= 0;
  slices_virt->virConnectRef (self->conn);
  call->conn = self->conn;
  call->uri = g_strdup (self->uri);
  g_task_set_task_data (task, call, slices_libvirt_call_free);
  /* Reads can be abandoned: the caller gets G_IO_ERROR_CANCELLED at once. */
  g_task_set_return_on_cancel (task, TRUE);

  *call_out = call;
  return g_steal_pointer (&task);
}

/* --- callbacks ------------------------------------------------------------------------------ */

static gboolean
emit_domains_changed_cb (gpointer data)
{
  SlicesEventTarget *target = data;
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
  SlicesEventTarget *target = opaque;

  /* A burst of events (a VM starting emits several) gives one signal. */
  if (g_atomic_int_compare_and_exchange (&target->changed_pending, 0, 1))
    slices_event_target_dispatch (target, emit_domains_changed_cb, G_PRIORITY_DEFAULT);

  return 0;
}

static gboolean
emit_disconnected_cb (gpointer data)
{
  SlicesEventTarget *target = data;
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
    slices_event_target_dispatch (opaque, emit_disconnected_cb, G_PRIORITY_DEFAULT);
}

/* --- opening (worker thread) ---------------------------------------------------------------- */

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlicesLibvirtCall *call = task_data;
  OpenResult *result;
  unsigned long version = 0;
  virConnectPtr conn;
  GError *load_error = NULL;

  /* Here, not in the caller's thread: loading libvirt the first time takes a while. */
  if (!slices_libvirt_init_events (&load_error))
    {
      g_task_return_error (task, load_error);
      return;
    }

  conn = slices_virt->virConnectOpen (call->uri);
  if (conn == NULL)
    {
      g_autoptr(GError) error = slices_libvirt_take_last_error (call->uri);

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

  if (slices_virt->virConnectGetLibVersion (conn, &version) == 0)
    result->lib_version = (guint) version;
  version = 0;
  if (slices_virt->virConnectGetVersion (conn, &version) == 0)
    result->hv_version = (guint) version;
  slices_virt->virResetLastError ();

  result->lifecycle_id =
    slices_virt->virConnectDomainEventRegisterAny (conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      VIR_DOMAIN_EVENT_CALLBACK (on_domain_lifecycle_cb),
                                      slices_event_target_ref (call->target),
                                      slices_event_target_unref);
  if (result->lifecycle_id < 0)
    {
      /* libvirt does not call the free function when registering fails. */
      slices_event_target_unref (call->target);
      g_debug ("No lifecycle events from %s; the VM list will not update by itself", call->uri);
      slices_virt->virResetLastError ();
    }

  /* No free function: drivers without close callbacks (test:///, qemu:///embed) report
   * success but never call it, which leaked the reference. The connection's owner keeps the
   * target alive instead, until close_connection_thread() has unregistered the callback. */
  if (slices_virt->virConnectRegisterCloseCallback (conn, on_connection_closed_cb, call->target, NULL) == 0)
    {
      result->close_cb_registered = TRUE;
      result->target = slices_event_target_ref (call->target);
    }
  else
    slices_virt->virResetLastError ();

  g_task_return_pointer (task, result, open_result_free);
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

  g_clear_pointer (&self->target, slices_event_target_unref);
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
  self->target = slices_event_target_new (self);
}

/* --- public API ----------------------------------------------------------------------------- */

SlicesLibvirt *
slices_libvirt_new (const char *uri)
{
  return g_object_new (SLICES_TYPE_LIBVIRT, "uri", uri, NULL);
}

static SlicesLibvirt *
new_demo_from (const char  *resource,
               GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *uri = NULL;
  SlicesLibvirt *self;
  const char *data;
  gsize size, done = 0;
  int fd;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Through the resource itself: the reference also keeps its object file in the link. */
  bytes = g_resource_lookup_data (slices_vm_get_resource (), resource,
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

SlicesLibvirt *
slices_libvirt_new_demo (GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return new_demo_from (DEMO_HOST_RESOURCE, error);
}

SlicesLibvirt *
slices_libvirt_new_demo_sriov (GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return new_demo_from (DEMO_HOST_SRIOV_RESOURCE, error);
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
  SlicesLibvirtCall *call;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_libvirt_open_async);

  if (self->conn != NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (!slices_libvirt_check_uri (self->uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call = g_new0 (SlicesLibvirtCall, 1);
  call->uri = g_strdup (self->uri);
  call->target = slices_event_target_ref (self->target);
  g_task_set_task_data (task, call, slices_libvirt_call_free);
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
  g_clear_pointer (&opened->target, slices_event_target_unref);
  self->hv_version = opened->hv_version;
  if (self->lib_version != opened->lib_version)
    {
      self->lib_version = opened->lib_version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIB_VERSION]);
    }
  g_free (opened);

  return TRUE;
}

gboolean
slices_libvirt_get_library_version (guint   *out_version,
                                    GError **error)
{
  unsigned long version = 0;

  g_return_val_if_fail (out_version != NULL, FALSE);

  if (!slices_libvirt_load (error))
    return FALSE;
  if (slices_virt->virGetVersion (&version, NULL, NULL) < 0 || version == 0)
    {
      slices_virt->virResetLastError ();
      g_set_error_literal (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED,
                           _("libvirt did not say its version"));
      return FALSE;
    }

  *out_version = (guint) version;
  return TRUE;
}
