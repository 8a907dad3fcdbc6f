/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesLibvirt's event loop: our own libvirt event implementation, not libvirt-glib's. Fd
 * watches and timers (virEventRegisterImpl) become GSources on a private GMainContext that one
 * dedicated thread iterates for the whole process; lifecycle and close callbacks arrive on
 * that thread and are handed to the object's main context through an event target, so that
 * signals are emitted where the object was made.
 *
 * Why not libvirt-glib's gvir_event_register(): it is not in the baseline package list, and it
 * dispatches libvirt's I/O in the default main context, i.e. on the UI thread. Why not
 * virEventRegisterDefaultImpl() plus a thread running virEventRunDefaultImpl(): since libvirt
 * 6.1 that iterates GLib's *default* context, the one the application's main loop owns, so the
 * two threads would fight over it and our callbacks would run on whichever thread won
 * (FACTS.md §7: it deadlocks beside a GTK main loop).
 */
#include "config.h"

#include <signal.h>
#include <glib-unix.h>
#include "slices-libvirt-private.h"

/* --- event target ------------------------------------------------------------------------ */

SlicesEventTarget *
slices_event_target_new (gpointer object)
{
  SlicesEventTarget *target = g_new0 (SlicesEventTarget, 1);

  g_atomic_ref_count_init (&target->ref);
  g_weak_ref_init (&target->self, object);
  target->context = g_main_context_ref_thread_default ();

  return target;
}

SlicesEventTarget *
slices_event_target_ref (SlicesEventTarget *target)
{
  g_atomic_ref_count_inc (&target->ref);
  return target;
}

void
slices_event_target_unref (gpointer data)
{
  SlicesEventTarget *target = data;

  if (!g_atomic_ref_count_dec (&target->ref))
    return;

  g_weak_ref_clear (&target->self);
  g_main_context_unref (target->context);
  g_free (target);
}

/* Not g_main_context_invoke(): that runs @func right here when nobody owns the context, which
 * would emit signals on the event thread. */
void
slices_event_target_dispatch (SlicesEventTarget *target,
                              GSourceFunc        func,
                              int                priority)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, slices_event_target_ref (target),
                         slices_event_target_unref);
  g_source_set_static_name (source, "[slices-libvirt] event");
  g_source_attach (source, target->context);
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

/* libvirt prints every error on stderr unless told otherwise; we report them ourselves. */
static void
on_libvirt_error_cb (void        *user_data,
                     virErrorPtr  error)
{
}

/* --- public API ----------------------------------------------------------------------------- */

gboolean
slices_libvirt_init_events (GError **error)
{
  static gsize initialized = 0;

  if (!slices_libvirt_load (error))
    return FALSE;

  if (g_once_init_enter (&initialized))
    {
      struct sigaction current;

      /* libvirt's remote driver writes to its socket without MSG_NOSIGNAL, and libvirt asks
       * applications to ignore SIGPIPE: otherwise a daemon that stops or restarts kills the
       * whole process instead of failing the call. Only a default disposition is changed. */
      if (sigaction (SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL)
        signal (SIGPIPE, SIG_IGN);

      slices_virt->virSetErrorFunc (NULL, on_libvirt_error_cb);
      event_context = g_main_context_new ();
      event_sources = g_ptr_array_new ();
      slices_virt->virEventRegisterImpl (add_handle_cb, update_handle_cb, remove_handle_cb,
                                         add_timeout_cb, update_timeout_cb, remove_timeout_cb);
      g_thread_unref (g_thread_new ("slices-libvirt-events", run_event_loop, NULL));
      g_once_init_leave (&initialized, 1);
    }

  return TRUE;
}
