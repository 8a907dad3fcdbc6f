/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesVmTracker: see slices-vm-tracker.h. Every libvirt call is asynchronous; a listing that
 * is asked for while one runs is done once more when it ends, so bursts of lifecycle events
 * cost one or two listings.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-vm-tracker.h"

struct _SlicesVmTracker
{
  GObject parent_instance;

  SlicesLibvirt *libvirt;
  GCancellable *cancellable;
  SlicesVmTrackerState state;
  GError *error;
  GPtrArray *domains;
  gboolean listing;
  gboolean list_again;
};

G_DEFINE_FINAL_TYPE (SlicesVmTracker, slices_vm_tracker, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_domains (SlicesVmTracker *self);

static void
set_state (SlicesVmTracker      *self,
           SlicesVmTrackerState  state,
           const GError         *error)
{
  self->state = state;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  if (state != SLICES_VM_TRACKER_READY)
    g_ptr_array_set_size (self->domains, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_list_domains_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SlicesVmTracker) self = user_data;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GError) error = NULL;

  domains = slices_libvirt_list_domains_finish (SLICES_LIBVIRT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      SLICES_LIBVIRT (source) != self->libvirt)
    return;

  self->listing = FALSE;
  if (domains == NULL)
    {
      set_state (self, SLICES_VM_TRACKER_FAILED, error);
      return;
    }

  g_ptr_array_set_size (self->domains, 0);
  for (guint i = 0; i < domains->len; i++)
    g_ptr_array_add (self->domains, slices_domain_info_copy (g_ptr_array_index (domains, i)));
  set_state (self, SLICES_VM_TRACKER_READY, NULL);

  if (self->list_again)
    {
      self->list_again = FALSE;
      list_domains (self);
    }
}

static void
list_domains (SlicesVmTracker *self)
{
  if (self->listing)
    {
      self->list_again = TRUE;
      return;
    }
  self->listing = TRUE;
  slices_libvirt_list_domains_async (self->libvirt, self->cancellable, on_list_domains_cb,
                                     g_object_ref (self));
}

static void
on_open_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlicesVmTracker) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!slices_libvirt_open_finish (SLICES_LIBVIRT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          SLICES_LIBVIRT (source) != self->libvirt)
        return;
      set_state (self, SLICES_VM_TRACKER_FAILED, error);
      return;
    }
  if (SLICES_LIBVIRT (source) != self->libvirt)
    return;

  list_domains (self);
}

static void
on_domains_changed_cb (SlicesVmTracker *self)
{
  if (self->state == SLICES_VM_TRACKER_READY)
    list_domains (self);
}

static void
on_disconnected_cb (SlicesVmTracker *self)
{
  g_autoptr(GError) error = NULL;

  error = g_error_new (SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING,
                       _("The connection to libvirt at %s was lost. Check that the libvirt "
                         "daemon runs, then try again."),
                       slices_libvirt_get_uri (self->libvirt));
  self->listing = FALSE;
  self->list_again = FALSE;
  set_state (self, SLICES_VM_TRACKER_FAILED, error);
}

static void
open_connection (SlicesVmTracker *self)
{
  self->listing = FALSE;
  self->list_again = FALSE;
  set_state (self, SLICES_VM_TRACKER_CONNECTING, NULL);
  slices_libvirt_open_async (self->libvirt, self->cancellable, on_open_cb, g_object_ref (self));
}

static void
drop_connection (SlicesVmTracker *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->libvirt != NULL)
    g_signal_handlers_disconnect_by_data (self->libvirt, self);
  g_clear_object (&self->libvirt);
}

static void
slices_vm_tracker_dispose (GObject *object)
{
  SlicesVmTracker *self = SLICES_VM_TRACKER (object);

  drop_connection (self);

  G_OBJECT_CLASS (slices_vm_tracker_parent_class)->dispose (object);
}

static void
slices_vm_tracker_finalize (GObject *object)
{
  SlicesVmTracker *self = SLICES_VM_TRACKER (object);

  g_clear_error (&self->error);
  g_clear_pointer (&self->domains, g_ptr_array_unref);

  G_OBJECT_CLASS (slices_vm_tracker_parent_class)->finalize (object);
}

static void
slices_vm_tracker_class_init (SlicesVmTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_vm_tracker_dispose;
  object_class->finalize = slices_vm_tracker_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
slices_vm_tracker_init (SlicesVmTracker *self)
{
  self->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);
}

SlicesVmTracker *
slices_vm_tracker_new (void)
{
  return g_object_new (SLICES_TYPE_VM_TRACKER, NULL);
}

void
slices_vm_tracker_set_libvirt (SlicesVmTracker *self,
                               SlicesLibvirt   *libvirt)
{
  g_return_if_fail (SLICES_IS_VM_TRACKER (self));
  g_return_if_fail (libvirt == NULL || SLICES_IS_LIBVIRT (libvirt));

  if (libvirt == self->libvirt && self->state != SLICES_VM_TRACKER_FAILED)
    return;

  if (libvirt != self->libvirt)
    {
      drop_connection (self);
      if (libvirt == NULL)
        {
          set_state (self, SLICES_VM_TRACKER_IDLE, NULL);
          return;
        }
      self->libvirt = g_object_ref (libvirt);
      g_signal_connect_object (libvirt, "domains-changed", G_CALLBACK (on_domains_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (libvirt, "disconnected", G_CALLBACK (on_disconnected_cb),
                               self, G_CONNECT_SWAPPED);
    }
  else
    g_clear_object (&self->cancellable);

  self->cancellable = g_cancellable_new ();
  open_connection (self);
}

SlicesLibvirt *
slices_vm_tracker_get_libvirt (SlicesVmTracker *self)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (self), NULL);
  return self->libvirt;
}

SlicesVmTrackerState
slices_vm_tracker_get_state (SlicesVmTracker *self)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (self), SLICES_VM_TRACKER_IDLE);
  return self->state;
}

const GError *
slices_vm_tracker_get_error (SlicesVmTracker *self)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (self), NULL);
  return self->error;
}

void
slices_vm_tracker_refresh (SlicesVmTracker *self)
{
  g_return_if_fail (SLICES_IS_VM_TRACKER (self));

  if (self->libvirt == NULL)
    return;
  if (self->state == SLICES_VM_TRACKER_FAILED)
    {
      /* Retry: the daemon may run now. */
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      open_connection (self);
    }
  else if (self->state == SLICES_VM_TRACKER_READY)
    list_domains (self);
}

GPtrArray *
slices_vm_tracker_get_domains (SlicesVmTracker *self)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (self), NULL);
  return self->domains;
}

const SlicesDomainInfo *
slices_vm_tracker_find_domain (SlicesVmTracker *self,
                               const char      *name)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (self), NULL);

  for (guint i = 0; i < self->domains->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (self->domains, i);

      if (g_strcmp0 (info->name, name) == 0 || g_strcmp0 (info->uuid, name) == 0)
        return info;
    }
  return NULL;
}

const SlicesDomainInfo *
slices_vm_tracker_find_user (SlicesVmTracker *self,
                             const char      *uuid)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (self), NULL);

  if (uuid == NULL)
    return NULL;
  for (guint i = 0; i < self->domains->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (self->domains, i);

      for (guint j = 0; info->slices != NULL && info->slices[j] != NULL; j++)
        if (g_ascii_strcasecmp (info->slices[j], uuid) == 0)
          return info;
    }
  return NULL;
}
