/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions for SR-IOV GPUs and the demo's two worlds (see slices-window-private.h):
 * how many VFs the current GPU makes (after a dialog that says every slice is made anew), the
 * fix for VFs the host's driver took (every VF made anew with autoprobe off, as set-vfs does),
 * a VF's GPU time (xe's sriov_admin profile) and keeping the number after restart. Each goes
 * through the session's backend (the helper, or the demo's simulator); the SR-IOV page shows
 * a spinner meanwhile, and the model refreshes from what the system then says.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-simulator.h"
#include "libslices-writers.h"

#include "slices-gpu-page.h"
#include "slices-sriov-page.h"
#include "slices-window-private.h"

typedef enum {
  JOB_COUNT,     /* set-vfs COUNT */
  JOB_FIX,       /* set-vfs 0, then COUNT again */
  JOB_PROFILE,   /* set-vf-profile */
  JOB_KEEP,      /* persist-vfs COUNT, or unpersist-vfs (keep FALSE) */
} JobKind;

typedef struct {
  SlicesWindow *self;   /* owned */
  JobKind kind;
  char *gpu_address;
  guint count;
  gboolean first_step_done;
  char *vf_address;
  char *key;            /* JOB_PROFILE, for the VF numbered vf (1-based, as sriov_admin) */
  guint vf;
  guint32 value;
  gboolean keep;
} Job;

static void run_job (Job *job);

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_free (job->gpu_address);
  g_free (job->vf_address);
  g_free (job->key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static SlicesSriovPage *
get_sriov_page (SlicesWindow *self)
{
  GtkWidget *page = slices_gpu_page_get_sriov_page (
    SLICES_GPU_PAGE (slices_window_get_gpu_page (self)));

  return page != NULL ? SLICES_SRIOV_PAGE (page) : NULL;
}

static Job *
job_new (SlicesWindow *self,
         JobKind       kind,
         SlicesGpu    *gpu)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->kind = kind;
  job->gpu_address = gpu != NULL ? g_strdup (slices_gpu_get_address (gpu)) : NULL;
  return job;
}

static void
set_applying (SlicesWindow *self,
              gboolean      applying)
{
  SlicesSriovPage *page = get_sriov_page (self);

  if (page != NULL)
    slices_sriov_page_set_applying (page, applying);
}

static char *
dup_done_title (Job *job)
{
  switch (job->kind)
    {
    case JOB_COUNT:
      if (job->count == 0)
        return g_strdup (_("Every slice removed"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u slice made", "%u slices made",
                                           job->count), job->count);
    case JOB_FIX:
      return g_strdup (_("The slices are free for virtual machines"));
    case JOB_PROFILE:
      /* TRANSLATORS: %s is a VF's PCI address */
      return g_strdup_printf (_("GPU time of %s set"), job->vf_address);
    case JOB_KEEP:
    default:
      return g_strdup (job->keep ? _("The number of slices is kept after restart")
                                 : _("The number of slices is no longer kept"));
    }
}

static const char *
get_failed_heading (Job *job)
{
  switch (job->kind)
    {
    case JOB_COUNT:
      return _("Could Not Change the Number of Slices");
    case JOB_FIX:
      return _("Could Not Free the Slices");
    case JOB_PROFILE:
      return _("Could Not Set the GPU Time");
    case JOB_KEEP:
    default:
      return job->keep ? _("Could Not Keep the Number of Slices")
                       : _("Could Not Stop Keeping the Number of Slices");
    }
}

static void
on_job_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  SlicesBackend *backend = SLICES_BACKEND (source);
  SlicesSriovPage *page = get_sriov_page (job->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean ok;

  switch (job->kind)
    {
    case JOB_PROFILE:
      ok = slices_backend_set_vf_profile_finish (backend, result, &error);
      break;
    case JOB_KEEP:
      ok = slices_backend_persist_vfs_finish (backend, result, &error);
      break;
    case JOB_COUNT:
    case JOB_FIX:
    default:
      ok = slices_backend_set_vfs_finish (backend, result, &error);
      break;
    }

  /* The fix is two steps: through 0, then the number there was. */
  if (ok && job->kind == JOB_FIX && !job->first_step_done)
    {
      job->first_step_done = TRUE;
      run_job (g_steal_pointer (&job));
      return;
    }
  /* A number kept after restart follows the new one, or the next boot would undo it. */
  if (ok && job->kind == JOB_COUNT)
    {
      SlicesHost *host = slices_window_get_host (job->self);
      guint kept = slices_vfs_read_kept (host != NULL ? slices_host_get_sysfs_root (host) : NULL,
                                         job->gpu_address);

      if (kept != G_MAXUINT && kept != job->count)
        {
          Job *keep = job_new (job->self, JOB_KEEP, NULL);

          keep->gpu_address = g_strdup (job->gpu_address);
          keep->keep = TRUE;
          keep->count = job->count;
          run_job (keep);
        }
    }

  slices_window_refresh (job->self);
  if (job->kind != JOB_PROFILE)
    set_applying (job->self, FALSE);
  if (page != NULL)
    slices_sriov_page_reload_kept (page);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        slices_window_show_message (job->self, get_failed_heading (job), error->message);
      return;
    }
  title = dup_done_title (job);
  slices_window_add_toast (job->self, adw_toast_new (title));
}

static void
run_job (Job *job)
{
  SlicesBackend *backend = slices_window_get_backend (job->self);

  switch (job->kind)
    {
    case JOB_PROFILE:
      slices_backend_set_vf_profile_async (backend, job->gpu_address, job->vf, job->key,
                                           job->value, NULL, on_job_finished_cb, job);
      return;
    case JOB_KEEP:
      if (job->keep)
        slices_backend_persist_vfs_async (backend, job->gpu_address, job->count, NULL,
                                          on_job_finished_cb, job);
      else
        slices_backend_unpersist_vfs_async (backend, job->gpu_address, NULL,
                                            on_job_finished_cb, job);
      return;
    case JOB_FIX:
      set_applying (job->self, TRUE);
      slices_backend_set_vfs_async (backend, job->gpu_address,
                                    job->first_step_done ? job->count : 0, NULL,
                                    on_job_finished_cb, job);
      return;
    case JOB_COUNT:
    default:
      set_applying (job->self, TRUE);
      slices_backend_set_vfs_async (backend, job->gpu_address, job->count, NULL,
                                    on_job_finished_cb, job);
      return;
    }
}

/* The current GPU when it is an SR-IOV one that may make its VFs anew; else says why not (a
 * VM's definition holds a VF) and gives NULL. */
static SlicesGpu *
get_free_sriov_gpu (SlicesWindow *self,
                    const char   *heading)
{
  SlicesGpu *gpu = slices_window_get_current_gpu (self);
  SlicesSriovPage *page = get_sriov_page (self);
  g_autofree char *refusal = NULL;

  if (gpu == NULL || slices_gpu_get_sriov (gpu) == NULL || page == NULL)
    return NULL;
  refusal = slices_sriov_page_dup_refusal (page);
  if (refusal != NULL)
    {
      /* TRANSLATORS: %s is "win11-vf holds 0000:00:02.3" */
      g_autofree char *body = g_strdup_printf (_("%s. Detach it first: changing the number "
                                                 "makes every slice anew, so all of them must "
                                                 "be free."), refusal);

      slices_window_show_message (self, heading, body);
      return NULL;
    }
  return gpu;
}

static void
on_set_vfs_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SlicesWindow     *self)
{
  SlicesGpu *gpu = slices_window_get_current_gpu (self);
  guint count = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "count"));
  Job *job;

  if (g_strcmp0 (response, "apply") != 0 || gpu == NULL || slices_gpu_get_sriov (gpu) == NULL)
    return;
  job = job_new (self, JOB_COUNT, gpu);
  job->count = count;
  run_job (job);
}

static void
set_vfs_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  guint count = g_variant_get_uint32 (parameter);
  SlicesGpu *gpu = get_free_sriov_gpu (self, _("Cannot Change the Number of Slices"));
  SlicesSriov *sriov;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint enabled;

  if (gpu == NULL)
    return;
  sriov = slices_gpu_get_sriov (gpu);
  enabled = slices_sriov_get_enabled_vfs (sriov);
  if (count == enabled || count > slices_sriov_get_total_vfs (sriov))
    return;

  if (count == 0)
    heading = g_strdup (_("Remove Every Slice?"));
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Make %u Slice?",
                                            "Make %u Slices?", count), count);
  if (enabled == 0)
    body = g_strdup (_("Each slice gets an equal share of the GPU, and virtual machines find "
                       "each by its address."));
  else
    /* TRANSLATORS: the first %u is how many slices there are now, the second the new number */
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Changing the number makes every slice anew: the %u "
                                         "slice there now is removed first, then %u are made. "
                                         "None of them may be in use.",
                                         "Changing the number makes every slice anew: the %u "
                                         "slices there now are removed first, then %u are made. "
                                         "None of them may be in use.", enabled),
                            enabled, count);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "apply",
                                   count == 0 ? _("_Remove Slices") : _("_Make Slices"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              count == 0 ? ADW_RESPONSE_DESTRUCTIVE
                                                         : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "count", GUINT_TO_POINTER (count));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_set_vfs_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fix_vf_binding_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpu *gpu = get_free_sriov_gpu (self, _("Cannot Free the Slices"));
  Job *job;

  if (gpu == NULL)
    return;
  job = job_new (self, JOB_FIX, gpu);
  job->count = slices_sriov_get_enabled_vfs (slices_gpu_get_sriov (gpu));
  run_job (job);
}

static void
set_vf_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesHost *host = slices_window_get_host (self);
  g_autoptr(GError) error = NULL;
  SlicesGpu *gpu = NULL;
  const char *address, *key;
  guint32 value;
  SlicesVf *vf;
  Job *job;

  g_variant_get (parameter, "(&s&su)", &address, &key, &value);
  if (host == NULL || (vf = slices_host_find_vf_for_vm (host, address, &gpu, &error)) == NULL)
    {
      if (error != NULL)
        slices_window_show_message (self, _("Could Not Set the GPU Time"), error->message);
      return;
    }
  job = job_new (self, JOB_PROFILE, gpu);
  job->vf_address = g_strdup (address);
  job->key = g_strdup (key);
  job->vf = slices_vf_get_index (vf) + 1;  /* fixed now: the VF the person edited */
  job->value = value;
  run_job (job);
}

static void
keep_vfs_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpu *gpu = slices_window_get_current_gpu (self);
  Job *job;

  if (gpu == NULL || slices_gpu_get_sriov (gpu) == NULL)
    return;
  job = job_new (self, JOB_KEEP, gpu);
  job->keep = g_variant_get_boolean (parameter);
  job->count = slices_sriov_get_enabled_vfs (slices_gpu_get_sriov (gpu));
  run_job (job);
}

static void
demo_world_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlicesSimDemo world;

  if (slices_sim_demo_from_string (g_variant_get_string (parameter, NULL), &world))
    slices_window_set_demo_world (SLICES_WINDOW (widget), world);
}

void
slices_window_sriov_update_demo_button (SlicesWindow *self,
                                        GtkButton    *button)
{
  SlicesSimDemo world = slices_app_session_get_demo_world (slices_window_get_session (self));
  gboolean sriov = world == SLICES_SIM_DEMO_SRIOV;

  gtk_label_set_text_with_mnemonic (GTK_LABEL (gtk_button_get_child (button)),
                                    sriov ? _("Try _GVT-g") : _("Try _SR-IOV"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               sriov ? _("Show a simulated Kaby Lake GPU, shared through GVT-g")
                                     : _("Show a simulated Panther Lake GPU, shared through "
                                         "SR-IOV"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                    slices_sim_demo_to_string (sriov ? SLICES_SIM_DEMO_GVT
                                                                     : SLICES_SIM_DEMO_SRIOV));
}

void
slices_window_sriov_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.demo-world", "s", demo_world_action);
  gtk_widget_class_install_action (widget_class, "win.set-vfs", "u", set_vfs_action);
  gtk_widget_class_install_action (widget_class, "win.fix-vf-binding", NULL,
                                   fix_vf_binding_action);
  gtk_widget_class_install_action (widget_class, "win.set-vf-profile", "(ssu)",
                                   set_vf_profile_action);
  gtk_widget_class_install_action (widget_class, "win.keep-vfs", "b", keep_vfs_action);
}
