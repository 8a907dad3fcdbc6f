/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesRemovalJob: see slices-removal-job.h. The steps run one after the other from the
 * callbacks of the one before; the task's data says where the run is. The detaches are
 * SlicesAttachJobs, so the rule "define only over what was read, undo only over what was
 * written" is theirs, not repeated here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-ids.h"
#include "slices-removal-job.h"

struct _SlicesRemovalJob
{
  GObject parent_instance;

  SlicesLibvirt *libvirt;
  GStrv uuids;

  GObject *remover;
  SlicesRemoveAsyncFunc remove_async;
  SlicesRemoveFinishFunc remove_finish;

  GPtrArray *holders;   /* SlicesDomainInfo; NULL before find */
  GPtrArray *detaches;  /* SlicesAttachJob, applied */
  GPtrArray *removed;   /* char * */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (SlicesRemovalJob, slices_removal_job, G_TYPE_OBJECT)

typedef struct {
  gboolean  detach;
  GPtrArray *planned;   /* SlicesAttachJob, in the order they are applied */
  guint     next;       /* the next planned job to apply, or the next slice to remove */
  GError   *failure;    /* what went wrong, while the run is undone */
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_pointer (&run->planned, g_ptr_array_unref);
  g_clear_error (&run->failure);
  g_free (run);
}

static void detach_next (GTask *task);
static void remove_next (GTask *task);
static void undo_next   (GTask *task);

/* --- helpers -------------------------------------------------------------------------------- */

static gboolean
holds (const SlicesDomainInfo *info,
       const char             *uuid)
{
  return info->defined_slices != NULL
         && g_strv_contains ((const char * const *) info->defined_slices, uuid);
}

static void
finish_run (GTask *task)
{
  SlicesRemovalJob *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);

  self->busy = FALSE;
  if (run->failure != NULL)
    g_task_return_error (task, g_steal_pointer (&run->failure));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Starts undoing after @error (taken): the detaches still kept, last first. */
static void
fail_run (GTask  *task,
          GError *error)
{
  RunData *run = g_task_get_task_data (task);

  g_assert (run->failure == NULL);
  run->failure = error;
  undo_next (task);
}

static gboolean
check_cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  fail_run (task, error);
  return TRUE;
}

/* --- undo ----------------------------------------------------------------------------------- */

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SlicesRemovalJob *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  g_autoptr(GError) error = NULL;

  if (!slices_attach_job_undo_finish (job, result, &error))
    {
      /* TRANSLATORS: %s are a VM name, a slice UUID and libvirt's error (a sentence) */
      g_prefix_error (&run->failure, _("%s could not get slice %s back in its definition (%s) "),
                      slices_attach_job_get_domain (job), slices_attach_job_get_slice_uuid (job),
                      error->message);
    }
  g_ptr_array_remove_index (self->detaches, self->detaches->len - 1);
  undo_next (task);
}

static void
undo_next (GTask *task)
{
  SlicesRemovalJob *self = g_task_get_source_object (task);
  SlicesAttachJob *job = self->detaches->len > 0
                         ? g_ptr_array_index (self->detaches, self->detaches->len - 1) : NULL;

  /* The detaches of a slice already removed stay (its VMs must not point to it again); being
   * the first ones applied, they are the last ones left. */
  if (job == NULL
      || g_ptr_array_find_with_equal_func (self->removed, slices_attach_job_get_slice_uuid (job),
                                           g_str_equal, NULL))
    {
      finish_run (task);
      return;
    }

  slices_attach_job_undo_async (job, NULL, on_undone_cb, task);
}

/* --- detach ------------------------------------------------------------------------------- */

static void
on_detached_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SlicesRemovalJob *self = g_task_get_source_object (task);
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  GError *error = NULL;

  if (!slices_attach_job_apply_finish (job, result, &error))
    {
      /* TRANSLATORS: %s are a slice UUID, a VM name and the reason (a sentence) */
      g_prefix_error (&error, _("Could not detach slice %s from %s, so no slice was removed: "),
                      slices_attach_job_get_slice_uuid (job), slices_attach_job_get_domain (job));
      fail_run (task, error);
      return;
    }

  g_ptr_array_add (self->detaches, g_object_ref (job));
  detach_next (task);
}

static void
detach_next (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  if (check_cancelled (task))
    return;

  if (run->next >= run->planned->len)
    {
      run->next = 0;
      remove_next (task);
      return;
    }

  slices_attach_job_apply_async (g_ptr_array_index (run->planned, run->next++),
                                 g_task_get_cancellable (task), on_detached_cb, task);
}

/* --- remove --------------------------------------------------------------------------------- */

static void
on_removed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  SlicesRemovalJob *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  const char *uuid = self->uuids[run->next];
  GError *error = NULL;

  if (!self->remove_finish (self->remover, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* TRANSLATORS: %s is a slice UUID; the reason follows */
        g_prefix_error (&error, _("Could not remove slice %s, so the virtual machines that "
                                  "held it keep it: "), uuid);
      fail_run (task, error);
      return;
    }

  g_ptr_array_add (self->removed, g_strdup (uuid));
  run->next++;
  remove_next (task);
}

static void
remove_next (GTask *task)
{
  SlicesRemovalJob *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);

  if (self->uuids[run->next] == NULL)
    {
      finish_run (task);
      return;
    }
  if (check_cancelled (task))
    return;

  self->remove_async (self->remover, self->uuids[run->next], g_task_get_cancellable (task),
                      on_removed_cb, task);
}

/* --- find ----------------------------------------------------------------------------------- */

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesRemovalJob *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) infos = NULL;
  GError *error = NULL;

  self->busy = FALSE;
  infos = slices_libvirt_list_domains_finish (SLICES_LIBVIRT (source), result, &error);
  if (infos == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&self->holders, g_ptr_array_unref);
  self->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);
  for (guint i = 0; i < infos->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (infos, i);

      for (guint j = 0; self->uuids[j] != NULL; j++)
        if (holds (info, self->uuids[j]))
          {
            g_ptr_array_add (self->holders, slices_domain_info_copy (info));
            break;
          }
    }
  g_task_return_boolean (task, TRUE);
}

/* --- run ------------------------------------------------------------------------------------ */

static void
start_run (GTask *task)
{
  SlicesRemovalJob *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);

  run->planned = g_ptr_array_new_with_free_func (g_object_unref);
  /* Slice by slice, so that the detaches of the slices not removed are the last ones applied
   * and can be undone last first. */
  for (guint i = 0; run->detach && self->uuids[i] != NULL; i++)
    for (guint j = 0; self->holders != NULL && j < self->holders->len; j++)
      {
        const SlicesDomainInfo *info = g_ptr_array_index (self->holders, j);

        if (holds (info, self->uuids[i]))
          g_ptr_array_add (run->planned,
                           slices_attach_job_new_detach (self->libvirt, info->name,
                                                         self->uuids[i]));
      }

  run->next = 0;
  detach_next (task);
}

static void
on_run_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  SlicesRemovalJob *self = SLICES_REMOVAL_JOB (source);
  GError *error = NULL;

  self->busy = TRUE;
  if (!slices_removal_job_find_finish (self, result, &error))
    {
      self->busy = FALSE;
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  start_run (task);
}

/* --- GObject -------------------------------------------------------------------------------- */

static void
slices_removal_job_finalize (GObject *object)
{
  SlicesRemovalJob *self = SLICES_REMOVAL_JOB (object);

  g_clear_object (&self->libvirt);
  g_clear_object (&self->remover);
  g_clear_pointer (&self->uuids, g_strfreev);
  g_clear_pointer (&self->holders, g_ptr_array_unref);
  g_clear_pointer (&self->detaches, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);

  G_OBJECT_CLASS (slices_removal_job_parent_class)->finalize (object);
}

static void
slices_removal_job_class_init (SlicesRemovalJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = slices_removal_job_finalize;
}

static void
slices_removal_job_init (SlicesRemovalJob *self)
{
  self->detaches = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_free);
}

/* --- public API ----------------------------------------------------------------------------- */

SlicesRemovalJob *
slices_removal_job_new (SlicesLibvirt      *libvirt,
                        const char * const *uuids)
{
  SlicesRemovalJob *self;
  g_autoptr(GPtrArray) lower = g_ptr_array_new ();

  g_return_val_if_fail (libvirt == NULL || SLICES_IS_LIBVIRT (libvirt), NULL);
  g_return_val_if_fail (uuids != NULL, NULL);

  self = g_object_new (SLICES_TYPE_REMOVAL_JOB, NULL);
  self->libvirt = libvirt != NULL ? g_object_ref (libvirt) : NULL;
  for (guint i = 0; uuids[i] != NULL; i++)
    {
      char *uuid = g_ascii_strdown (uuids[i], -1);

      if (g_ptr_array_find_with_equal_func (lower, uuid, g_str_equal, NULL))
        g_free (uuid);
      else
        g_ptr_array_add (lower, uuid);
    }
  g_ptr_array_add (lower, NULL);
  self->uuids = (GStrv) g_ptr_array_steal (lower, NULL);

  return self;
}

void
slices_removal_job_set_remover (SlicesRemovalJob       *self,
                                gpointer                remover,
                                SlicesRemoveAsyncFunc   remove_async,
                                SlicesRemoveFinishFunc  remove_finish)
{
  g_return_if_fail (SLICES_IS_REMOVAL_JOB (self));
  g_return_if_fail (G_IS_OBJECT (remover));
  g_return_if_fail (remove_async != NULL && remove_finish != NULL);

  g_set_object (&self->remover, remover);
  self->remove_async = remove_async;
  self->remove_finish = remove_finish;
}

const char * const *
slices_removal_job_get_uuids (SlicesRemovalJob *self)
{
  g_return_val_if_fail (SLICES_IS_REMOVAL_JOB (self), NULL);
  return (const char * const *) self->uuids;
}

GPtrArray *
slices_removal_job_get_holders (SlicesRemovalJob *self)
{
  g_return_val_if_fail (SLICES_IS_REMOVAL_JOB (self), NULL);
  return self->holders;
}

GPtrArray *
slices_removal_job_get_detaches (SlicesRemovalJob *self)
{
  g_return_val_if_fail (SLICES_IS_REMOVAL_JOB (self), NULL);
  return self->detaches;
}

GPtrArray *
slices_removal_job_get_removed (SlicesRemovalJob *self)
{
  g_return_val_if_fail (SLICES_IS_REMOVAL_JOB (self), NULL);
  return self->removed;
}

void
slices_removal_job_find_async (SlicesRemovalJob    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLICES_IS_REMOVAL_JOB (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_removal_job_find_async);

  if (self->libvirt == NULL)
    {
      g_clear_pointer (&self->holders, g_ptr_array_unref);
      self->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->busy = TRUE;
  slices_libvirt_list_domains_async (self->libvirt, cancellable, on_listed_cb,
                                     g_steal_pointer (&task));
}

gboolean
slices_removal_job_find_finish (SlicesRemovalJob  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (SLICES_IS_REMOVAL_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_removal_job_find_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slices_removal_job_run_async (SlicesRemovalJob    *self,
                              gboolean             detach,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  RunData *run;

  g_return_if_fail (SLICES_IS_REMOVAL_JOB (self));
  g_return_if_fail (self->remover != NULL);
  g_return_if_fail (!self->busy);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_removal_job_run_async);
  /* Undoing after a Cancel must still be reported as it ended. */
  g_task_set_check_cancellable (task, FALSE);
  run = g_new0 (RunData, 1);
  run->detach = detach;
  g_task_set_task_data (task, run, run_data_free);

  g_ptr_array_set_size (self->detaches, 0);
  g_ptr_array_set_size (self->removed, 0);

  if (self->holders == NULL && detach)
    {
      slices_removal_job_find_async (self, cancellable, on_run_found_cb, task);
      return;
    }

  self->busy = TRUE;
  start_run (task);
}

gboolean
slices_removal_job_run_finish (SlicesRemovalJob  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (SLICES_IS_REMOVAL_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_removal_job_run_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
