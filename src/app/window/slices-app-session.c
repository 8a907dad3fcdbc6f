/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAppSession: see slices-app-session.h. The real system and the demo are both kept once
 * made, so that going in and out of the demo is quick and the demo keeps its slices.
 */
#include "config.h"

#include "libslices-model.h"
#include "libslices-simulator.h"

#include "slices-app-session.h"

struct _SlicesAppSession
{
  GObject parent_instance;

  /* What is driven now. */
  SlicesHost *host;
  SlicesBackend *backend;
  gboolean demo;

  /* The real system, kept while the demo runs (NULL until first needed). */
  SlicesHost *real_host;
  SlicesBackend *real_backend;
  SlicesHelperClient *helper;    /* the real backend, when the session made it */
  /* The demo's worlds (SlicesSimDemo), each made on first use and kept. */
  SlicesSimulator *simulators[2];
  SlicesSimDemo world;

  SlicesPersistence *persistence;
};

G_DEFINE_FINAL_TYPE (SlicesAppSession, slices_app_session, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
drive (SlicesAppSession *self,
       SlicesHost       *host,
       SlicesBackend    *backend,
       gboolean          demo)
{
  g_set_object (&self->host, host);
  g_set_object (&self->backend, backend);
  self->demo = demo;
  slices_persistence_set_backend (self->persistence, backend);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
ensure_real (SlicesAppSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->real_host != NULL)
    return;

  self->real_host = slices_host_new (NULL);
  if (!slices_host_watch (self->real_host, &error))
    g_message ("Not following GPU changes: %s", error->message);
  self->helper = slices_helper_client_new ();
  self->real_backend = SLICES_BACKEND (g_object_ref (self->helper));
}

static gboolean
enter_demo (SlicesAppSession  *self,
            GError           **error)
{
  g_autoptr(SlicesHost) host = NULL;
  SlicesSimulator **simulator = &self->simulators[self->world];

  if (*simulator == NULL)
    {
      *simulator = slices_simulator_new_demo_world (self->world, error);
      if (*simulator == NULL)
        return FALSE;
    }

  host = slices_host_new (slices_simulator_get_root (*simulator));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (*simulator));
  drive (self, host, SLICES_BACKEND (*simulator), TRUE);
  return TRUE;
}

static void
slices_app_session_dispose (GObject *object)
{
  SlicesAppSession *self = SLICES_APP_SESSION (object);

  g_clear_object (&self->host);
  g_clear_object (&self->backend);
  g_clear_object (&self->real_host);
  g_clear_object (&self->real_backend);
  g_clear_object (&self->helper);
  g_clear_object (&self->simulators[SLICES_SIM_DEMO_GVT]);
  g_clear_object (&self->simulators[SLICES_SIM_DEMO_SRIOV]);
  g_clear_object (&self->persistence);

  G_OBJECT_CLASS (slices_app_session_parent_class)->dispose (object);
}

static void
slices_app_session_class_init (SlicesAppSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_app_session_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
slices_app_session_init (SlicesAppSession *self)
{
  self->persistence = slices_persistence_new (NULL);
}

SlicesAppSession *
slices_app_session_new (void)
{
  return g_object_new (SLICES_TYPE_APP_SESSION, NULL);
}

SlicesAppSession *
slices_app_session_new_with (SlicesHost    *host,
                             SlicesBackend *backend,
                             gboolean       demo)
{
  SlicesAppSession *self;

  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);

  self = g_object_new (SLICES_TYPE_APP_SESSION, NULL);
  if (!demo)
    {
      self->real_host = g_object_ref (host);
      self->real_backend = g_object_ref (backend);
    }
  drive (self, host, backend, demo);
  return self;
}

gboolean
slices_app_session_set_demo (SlicesAppSession  *self,
                             gboolean           demo,
                             GError           **error)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (demo)
    return enter_demo (self, error);

  ensure_real (self);
  drive (self, self->real_host, self->real_backend, FALSE);
  return TRUE;
}

gboolean
slices_app_session_set_demo_world (SlicesAppSession  *self,
                                   SlicesSimDemo      world,
                                   GError           **error)
{
  SlicesSimDemo old;

  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), FALSE);
  g_return_val_if_fail (world == SLICES_SIM_DEMO_GVT || world == SLICES_SIM_DEMO_SRIOV, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  old = self->world;
  self->world = world;
  if (enter_demo (self, error))
    return TRUE;
  self->world = old;
  return FALSE;
}

SlicesSimDemo
slices_app_session_get_demo_world (SlicesAppSession *self)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), SLICES_SIM_DEMO_GVT);
  return self->world;
}

SlicesHost *
slices_app_session_get_host (SlicesAppSession *self)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), NULL);
  return self->host;
}

SlicesBackend *
slices_app_session_get_backend (SlicesAppSession *self)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), NULL);
  return self->backend;
}

gboolean
slices_app_session_get_demo (SlicesAppSession *self)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), FALSE);
  return self->demo;
}

SlicesPersistence *
slices_app_session_get_persistence (SlicesAppSession *self)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), NULL);
  return self->persistence;
}

SlicesHelperClient *
slices_app_session_get_helper (SlicesAppSession *self)
{
  g_return_val_if_fail (SLICES_IS_APP_SESSION (self), NULL);
  if (self->helper == NULL || self->backend != (SlicesBackend *) self->helper)
    return NULL;
  return self->helper;
}
