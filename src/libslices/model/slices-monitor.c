/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libudev monitor for the subsystems that change what discovery sees (mdev: slices come and
 * go; pci: GPUs bind, unbind and register as mdev parents, and SR-IOV VFs are added, removed,
 * bound and unbound as any PCI device; drm: render nodes), read from the
 * GLib main loop. Creating or removing one slice makes several uevents, and a VM start can
 * make dozens: they are debounced into one "changed" emitted SLICES_MONITOR_DEBOUNCE_MS after
 * the last event of a burst.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <libudev.h>

#include "slices-error.h"
#include "slices-monitor.h"

/* Long enough to swallow one create/remove (a handful of uevents within a few ms), short
 * enough that the UI still feels immediate. */
#define SLICES_MONITOR_DEBOUNCE_MS 100

struct _SlicesMonitor
{
  GObject parent_instance;

  struct udev *udev;
  struct udev_monitor *monitor;
  guint fd_source_id;
  guint debounce_id;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (SlicesMonitor, slices_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SLICES_TYPE_NOTIFIER, NULL))

static gboolean
on_debounce_timeout_cb (gpointer user_data)
{
  SlicesMonitor *self = user_data;

  self->debounce_id = 0;
  slices_notifier_emit_changed (SLICES_NOTIFIER (self));

  return G_SOURCE_REMOVE;
}

static gboolean
on_monitor_fd_cb (int          fd,
                  GIOCondition condition,
                  gpointer     user_data)
{
  SlicesMonitor *self = user_data;
  struct udev_device *device;
  gboolean any = FALSE;

  if (condition & (G_IO_ERR | G_IO_HUP | G_IO_NVAL))
    {
      g_warning ("The udev monitor stopped; GPU and slice changes will not show until the "
                 "next manual refresh");
      self->fd_source_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* Drain everything queued: the socket is non-blocking. */
  while ((device = udev_monitor_receive_device (self->monitor)) != NULL)
    {
      g_debug ("uevent %s %s (%s)",
               udev_device_get_action (device) ? udev_device_get_action (device) : "?",
               udev_device_get_syspath (device) ? udev_device_get_syspath (device) : "?",
               udev_device_get_subsystem (device) ? udev_device_get_subsystem (device) : "?");
      udev_device_unref (device);
      any = TRUE;
    }

  if (any)
    {
      g_clear_handle_id (&self->debounce_id, g_source_remove);
      self->debounce_id = g_timeout_add (SLICES_MONITOR_DEBOUNCE_MS, on_debounce_timeout_cb, self);
      g_source_set_name_by_id (self->debounce_id, "[gpu-slices] monitor debounce");
    }

  return G_SOURCE_CONTINUE;
}

static void
slices_monitor_dispose (GObject *object)
{
  SlicesMonitor *self = (SlicesMonitor *) object;

  g_clear_handle_id (&self->fd_source_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);

  G_OBJECT_CLASS (slices_monitor_parent_class)->dispose (object);
}

static void
slices_monitor_finalize (GObject *object)
{
  SlicesMonitor *self = (SlicesMonitor *) object;

  g_clear_pointer (&self->monitor, udev_monitor_unref);
  g_clear_pointer (&self->udev, udev_unref);

  G_OBJECT_CLASS (slices_monitor_parent_class)->finalize (object);
}

static void
slices_monitor_class_init (SlicesMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_monitor_dispose;
  object_class->finalize = slices_monitor_finalize;
}

static void
slices_monitor_init (SlicesMonitor *self)
{
}

static gboolean
set_up_monitor (SlicesMonitor  *self,
                GError        **error)
{
  static const char * const subsystems[] = { "mdev", "pci", "drm" };
  int fd;

  self->udev = udev_new ();
  if (self->udev == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                   _("Cannot open udev (%s): changes to GPUs and slices will not show "
                     "until a manual refresh"), g_strerror (errno));
      return FALSE;
    }

  self->monitor = udev_monitor_new_from_netlink (self->udev, "udev");
  if (self->monitor == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                   _("Cannot listen to udev events (%s): changes to GPUs and slices will not "
                     "show until a manual refresh"), g_strerror (errno));
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (subsystems); i++)
    udev_monitor_filter_add_match_subsystem_devtype (self->monitor, subsystems[i], NULL);

  if (udev_monitor_enable_receiving (self->monitor) < 0)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                   _("Cannot listen to udev events (%s): changes to GPUs and slices will not "
                     "show until a manual refresh"), g_strerror (errno));
      return FALSE;
    }

  fd = udev_monitor_get_fd (self->monitor);
  if (fd < 0)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                   _("Cannot listen to udev events: the monitor has no socket"));
      return FALSE;
    }

  self->fd_source_id = g_unix_fd_add (fd, G_IO_IN | G_IO_ERR | G_IO_HUP, on_monitor_fd_cb, self);
  g_source_set_name_by_id (self->fd_source_id, "[gpu-slices] udev monitor");

  return TRUE;
}

SlicesMonitor *
slices_monitor_new (GError **error)
{
  g_autoptr(SlicesMonitor) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SLICES_TYPE_MONITOR, NULL);
  if (!set_up_monitor (self, error))
    return NULL;

  return g_steal_pointer (&self);
}
