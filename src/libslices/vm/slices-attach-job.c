/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachJob: read → edit → define with a retry on a concurrent change, and undo; see
 * slices-attach-job.h for the rules. Each step is one call of SlicesLibvirt (or the edit on a
 * worker thread), chained through one GTask per prepare, apply or undo; the phase changes in
 * the callbacks, so in the caller's main context. Domain XML is never logged: it can hold
 * SPICE/VNC passwords.
 */
#include "config.h"

#include "slices-attach-job.h"
#include "slices-domain-recipe.h"

struct _SlicesAttachJob
{
  GObject               parent_instance;

  /* The edit, fixed at construction. */
  SlicesLibvirt        *libvirt;
  char                 *domain;
  char                 *uuid;
  gboolean              detach;
  gboolean              repair;
  char                 *type_id;
  int                   type_width;
  int                   type_height;
  SlicesAttachOptions   opts;         /* opts.rendernode points at rendernode */
  char                 *rendernode;
  guint                 retries;

  SlicesAttachJobPhase  phase;
  gboolean              busy;
  char                 *old_xml;
  char                 *new_xml;
  char                 *stored_xml;
  GPtrArray            *notes;
  gboolean              needs_restart;
};

G_DEFINE_TYPE (SlicesAttachJob, slices_attach_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SlicesAttachJobPhase, slices_attach_job_phase,
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_READING, "reading"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_EDITING, "editing"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_PREPARED, "prepared"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_DEFINING, "defining"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_APPLIED, "applied"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_UNDOING, "undoing"),
  G_DEFINE_ENUM_VALUE (SLICES_ATTACH_JOB_PHASE_UNDONE, "undone"))

enum {
  PROP_0,
  PROP_RETRIES,
  PROP_PHASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One prepare or apply in flight (the task data). */
typedef struct {
  gboolean apply;         /* define once prepared */
  guint    retries_left;
} Run;

/* The edit on a worker thread: its input (task data) and its result. */
typedef struct {
  char  *xml;
  guint  libvirt_version;
} EditInput;

typedef struct {
  char      *new_xml;
  GPtrArray *notes;
} EditResult;

static void start_reading (GTask *task);

/* --- helpers ------------------------------------------------------------------------------ */

static void
edit_input_free (gpointer data)
{
  EditInput *input = data;

  g_free (input->xml);
  g_free (input);
}

static void
edit_result_free (gpointer data)
{
  EditResult *result = data;

  g_free (result->new_xml);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
  g_free (result);
}

static void
set_phase (SlicesAttachJob      *self,
           SlicesAttachJobPhase  phase)
{
  if (self->phase == phase)
    return;

  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_busy (SlicesAttachJob *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Ends the call of @task; the phase stays the step that failed. */
static void
fail (GTask  *task,
      GError *error)
{
  set_busy (g_task_get_source_object (task), FALSE);
  g_task_return_error (task, error);
}

static void
succeed (GTask                *task,
         SlicesAttachJobPhase  phase)
{
  SlicesAttachJob *self = g_task_get_source_object (task);

  set_phase (self, phase);
  set_busy (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

static gboolean
is_written (SlicesAttachJob *self)
{
  return self->phase == SLICES_ATTACH_JOB_PHASE_APPLIED ||
         self->phase == SLICES_ATTACH_JOB_PHASE_UNDOING ||
         self->phase == SLICES_ATTACH_JOB_PHASE_UNDONE;
}

static GTask *
new_task (SlicesAttachJob     *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  set_busy (self, TRUE);
  return task;
}

/* --- the edit (worker thread) ------------------------------------------------------------- */

static void
edit_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlicesAttachJob *self = source_object;
  EditInput *input = task_data;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  EditResult *result;
  char *new_xml;

  /* Only what was fixed at construction is read from @self. */
  new_xml = slices_attach_job_edit (self, input->xml, input->libvirt_version, notes, &error);
  if (new_xml == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (EditResult, 1);
  result->new_xml = new_xml;
  result->notes = g_steal_pointer (&notes);
  g_task_return_pointer (task, result, edit_result_free);
}

/* --- the steps (main context) ------------------------------------------------------------- */

static void
on_defined_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesAttachJob *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  gboolean needs_restart = FALSE;

  stored = slices_libvirt_define_finish (SLICES_LIBVIRT (source), result, &needs_restart, &error);
  if (stored == NULL)
    {
      /* Another program changed the VM since it was read: never over that, recompute. */
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED) &&
          run->retries_left > 0)
        {
          run->retries_left--;
          start_reading (g_steal_pointer (&task));
          return;
        }
      fail (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->stored_xml);
  self->stored_xml = g_steal_pointer (&stored);
  self->needs_restart = needs_restart;
  succeed (task, SLICES_ATTACH_JOB_PHASE_APPLIED);
}

static void
start_defining (GTask *task)
{
  SlicesAttachJob *self = g_task_get_source_object (task);

  set_phase (self, SLICES_ATTACH_JOB_PHASE_DEFINING);

  /* The VM already holds the slice (the edit's note says so): nothing to write. */
  if (!slices_attach_job_has_changes (self))
    {
      g_clear_pointer (&self->stored_xml, g_free);
      self->needs_restart = FALSE;
      succeed (task, SLICES_ATTACH_JOB_PHASE_APPLIED);
      return;
    }

  slices_libvirt_define_async (self->libvirt, self->domain, self->old_xml, self->new_xml,
                               g_task_get_cancellable (task), on_defined_cb, task);
}

static void
on_edited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesAttachJob *self = SLICES_ATTACH_JOB (source);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  EditResult *edited;

  edited = g_task_propagate_pointer (G_TASK (result), &error);
  if (edited == NULL)
    {
      fail (task, error);
      return;
    }

  g_free (self->new_xml);
  self->new_xml = g_steal_pointer (&edited->new_xml);
  g_ptr_array_unref (self->notes);
  self->notes = g_steal_pointer (&edited->notes);
  edit_result_free (edited);

  if (g_task_return_error_if_cancelled (task))
    {
      set_busy (self, FALSE);
      return;
    }

  if (run->apply)
    {
      start_defining (g_steal_pointer (&task));
      return;
    }

  succeed (task, SLICES_ATTACH_JOB_PHASE_PREPARED);
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesAttachJob *self = g_task_get_source_object (task);
  g_autoptr(GTask) edit = NULL;
  GError *error = NULL;
  EditInput *input;
  char *xml;

  xml = slices_libvirt_get_xml_finish (SLICES_LIBVIRT (source), result, &error);
  if (xml == NULL)
    {
      fail (task, error);
      return;
    }

  g_free (self->old_xml);
  self->old_xml = xml;
  set_phase (self, SLICES_ATTACH_JOB_PHASE_EDITING);

  /* Large definitions take milliseconds to edit: not on the caller's thread. */
  input = g_new0 (EditInput, 1);
  input->xml = g_strdup (xml);
  input->libvirt_version = slices_libvirt_get_lib_version (self->libvirt);
  edit = g_task_new (self, NULL, on_edited_cb, g_steal_pointer (&task));
  g_task_set_source_tag (edit, on_read_cb);
  g_task_set_task_data (edit, input, edit_input_free);
  g_task_run_in_thread (edit, edit_thread);
}

/* Reads the definition afresh; what was read or computed before no longer counts. */
static void
start_reading (GTask *task)
{
  SlicesAttachJob *self = g_task_get_source_object (task);

  g_clear_pointer (&self->old_xml, g_free);
  g_clear_pointer (&self->new_xml, g_free);
  g_ptr_array_set_size (self->notes, 0);
  set_phase (self, SLICES_ATTACH_JOB_PHASE_READING);
  slices_libvirt_get_xml_async (self->libvirt, self->domain, g_task_get_cancellable (task),
                                on_read_cb, task);
}

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesAttachJob *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autofree char *stored = NULL;
  gboolean needs_restart = FALSE;

  stored = slices_libvirt_define_finish (SLICES_LIBVIRT (source), result, &needs_restart, &error);
  if (stored == NULL)
    {
      fail (task, error);
      return;
    }

  self->needs_restart = needs_restart;
  succeed (task, SLICES_ATTACH_JOB_PHASE_UNDONE);
}

/* --- GObject ------------------------------------------------------------------------------ */

static void
slices_attach_job_dispose (GObject *object)
{
  SlicesAttachJob *self = SLICES_ATTACH_JOB (object);

  g_clear_object (&self->libvirt);

  G_OBJECT_CLASS (slices_attach_job_parent_class)->dispose (object);
}

static void
slices_attach_job_finalize (GObject *object)
{
  SlicesAttachJob *self = SLICES_ATTACH_JOB (object);

  g_free (self->domain);
  g_free (self->uuid);
  g_free (self->type_id);
  g_free (self->rendernode);
  g_free (self->old_xml);
  g_free (self->new_xml);
  g_free (self->stored_xml);
  g_ptr_array_unref (self->notes);

  G_OBJECT_CLASS (slices_attach_job_parent_class)->finalize (object);
}

static void
slices_attach_job_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlicesAttachJob *self = SLICES_ATTACH_JOB (object);

  switch (prop_id)
    {
    case PROP_RETRIES:
      g_value_set_uint (value, self->retries);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_job_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlicesAttachJob *self = SLICES_ATTACH_JOB (object);

  switch (prop_id)
    {
    case PROP_RETRIES:
      slices_attach_job_set_retries (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_job_class_init (SlicesAttachJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slices_attach_job_dispose;
  object_class->finalize = slices_attach_job_finalize;
  object_class->get_property = slices_attach_job_get_property;
  object_class->set_property = slices_attach_job_set_property;

  properties[PROP_RETRIES] =
    g_param_spec_uint ("retries", NULL, NULL, 0, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, SLICES_TYPE_ATTACH_JOB_PHASE,
                       SLICES_ATTACH_JOB_PHASE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_attach_job_init (SlicesAttachJob *self)
{
  self->retries = 1;
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

/* --- public API ----------------------------------------------------------------------------- */

static SlicesAttachJob *
new_job (SlicesLibvirt *libvirt,
         const char    *domain,
         const char    *uuid,
         gboolean       detach)
{
  SlicesAttachJob *self = g_object_new (SLICES_TYPE_ATTACH_JOB, NULL);

  self->libvirt = libvirt != NULL ? g_object_ref (libvirt) : NULL;
  self->domain = g_strdup (domain);
  self->uuid = uuid != NULL ? g_ascii_strdown (uuid, -1) : NULL;
  self->detach = detach;

  return self;
}

SlicesAttachJob *
slices_attach_job_new_attach (SlicesLibvirt             *libvirt,
                              const char                *domain,
                              const char                *uuid,
                              const char                *type_id,
                              int                        type_width,
                              int                        type_height,
                              const SlicesAttachOptions *opts)
{
  SlicesAttachJob *self;

  g_return_val_if_fail (libvirt == NULL || SLICES_IS_LIBVIRT (libvirt), NULL);
  g_return_val_if_fail (libvirt == NULL || domain != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (opts != NULL, NULL);

  self = new_job (libvirt, domain, uuid, FALSE);
  self->type_id = g_strdup (type_id);
  self->type_width = type_width;
  self->type_height = type_height;
  self->opts = *opts;
  self->rendernode = g_strdup (opts->rendernode);
  self->opts.rendernode = self->rendernode;

  return self;
}

SlicesAttachJob *
slices_attach_job_new_detach (SlicesLibvirt *libvirt,
                              const char    *domain,
                              const char    *uuid)
{
  g_return_val_if_fail (libvirt == NULL || SLICES_IS_LIBVIRT (libvirt), NULL);
  g_return_val_if_fail (libvirt == NULL || domain != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return new_job (libvirt, domain, uuid, TRUE);
}

SlicesAttachJob *
slices_attach_job_new_repair (SlicesLibvirt *libvirt,
                              const char    *domain)
{
  SlicesAttachJob *self;

  g_return_val_if_fail (libvirt == NULL || SLICES_IS_LIBVIRT (libvirt), NULL);
  g_return_val_if_fail (libvirt == NULL || domain != NULL, NULL);

  self = new_job (libvirt, domain, NULL, FALSE);
  self->repair = TRUE;
  return self;
}

SlicesLibvirt *
slices_attach_job_get_libvirt (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->libvirt;
}

const char *
slices_attach_job_get_domain (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->domain;
}

const char *
slices_attach_job_get_slice_uuid (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->uuid;
}

gboolean
slices_attach_job_is_detach (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);

  return self->detach;
}

gboolean
slices_attach_job_is_repair (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);

  return self->repair;
}

guint
slices_attach_job_get_retries (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), 0);

  return self->retries;
}

void
slices_attach_job_set_retries (SlicesAttachJob *self,
                               guint            retries)
{
  g_return_if_fail (SLICES_IS_ATTACH_JOB (self));

  if (self->retries == retries)
    return;

  self->retries = retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRIES]);
}

SlicesAttachJobPhase
slices_attach_job_get_phase (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), SLICES_ATTACH_JOB_PHASE_NONE);

  return self->phase;
}

gboolean
slices_attach_job_is_busy (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);

  return self->busy;
}

const char *
slices_attach_job_get_old_xml (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->old_xml;
}

const char *
slices_attach_job_get_new_xml (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->new_xml;
}

gboolean
slices_attach_job_has_changes (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);

  return self->old_xml != NULL && self->new_xml != NULL &&
         g_strcmp0 (self->old_xml, self->new_xml) != 0;
}

GPtrArray *
slices_attach_job_get_notes (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->notes;
}

const char *
slices_attach_job_get_stored_xml (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);

  return self->stored_xml;
}

gboolean
slices_attach_job_get_needs_restart (SlicesAttachJob *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);

  return self->needs_restart;
}

char *
slices_attach_job_edit (SlicesAttachJob  *self,
                        const char       *xml,
                        guint             libvirt_version,
                        GPtrArray        *notes_out,
                        GError          **error)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), NULL);
  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->repair)
    return slices_domain_repair (xml, libvirt_version, notes_out, error);
  if (self->detach)
    return slices_domain_detach (xml, self->uuid, error);

  return slices_domain_attach (xml, self->uuid, self->type_id, self->type_width,
                               self->type_height, &self->opts, libvirt_version, notes_out,
                               error);
}

void
slices_attach_job_prepare_async (SlicesAttachJob     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLICES_IS_ATTACH_JOB (self));
  g_return_if_fail (self->libvirt != NULL);
  g_return_if_fail (!self->busy && !is_written (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, slices_attach_job_prepare_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_new0 (Run, 1), g_free);
  start_reading (task);
}

gboolean
slices_attach_job_prepare_finish (SlicesAttachJob  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_attach_job_prepare_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slices_attach_job_apply_async (SlicesAttachJob     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (SLICES_IS_ATTACH_JOB (self));
  g_return_if_fail (self->libvirt != NULL);
  g_return_if_fail (!self->busy && !is_written (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, slices_attach_job_apply_async, cancellable, callback, user_data);
  /* A define that started is reported as it ended, Cancel or not: it may have written. */
  g_task_set_check_cancellable (task, FALSE);
  run = g_new0 (Run, 1);
  run->apply = TRUE;
  run->retries_left = self->retries;
  g_task_set_task_data (task, run, g_free);

  if (self->phase == SLICES_ATTACH_JOB_PHASE_PREPARED)
    start_defining (task);
  else
    start_reading (task);
}

gboolean
slices_attach_job_apply_finish (SlicesAttachJob  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_attach_job_apply_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slices_attach_job_undo_async (SlicesAttachJob     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLICES_IS_ATTACH_JOB (self));
  g_return_if_fail (self->libvirt != NULL);
  g_return_if_fail (!self->busy);
  g_return_if_fail (self->phase == SLICES_ATTACH_JOB_PHASE_APPLIED ||
                    self->phase == SLICES_ATTACH_JOB_PHASE_UNDOING);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, slices_attach_job_undo_async, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);

  /* Apply wrote nothing: the definition is the one from before already. */
  if (self->stored_xml == NULL)
    {
      self->needs_restart = FALSE;
      succeed (task, SLICES_ATTACH_JOB_PHASE_UNDONE);
      g_object_unref (task);
      return;
    }

  set_phase (self, SLICES_ATTACH_JOB_PHASE_UNDOING);
  /* Only over what apply wrote: define checks that the stored one is still @stored_xml. */
  slices_libvirt_define_async (self->libvirt, self->domain, self->stored_xml, self->old_xml,
                               cancellable, on_undone_cb, task);
}

gboolean
slices_attach_job_undo_finish (SlicesAttachJob  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_attach_job_undo_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
