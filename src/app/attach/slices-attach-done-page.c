/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachDonePage: see slices-attach-done-page.h. Three status pages in a stack; the words
 * come from the job (its domain, slice and whether the VM must be restarted) and the error.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-app-format.h"
#include "slices-attach-done-page.h"

struct _SlicesAttachDonePage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack *apply_stack;
  GtkSpinner *apply_spinner;
  AdwStatusPage *progress_page;
  AdwStatusPage *done_page;
  AdwStatusPage *error_page;
  GtkWidget *virt_manager_button;

  SlicesAttachJob *job;       /* the one shown */
};

G_DEFINE_FINAL_TYPE (SlicesAttachDonePage, slices_attach_done_page, GTK_TYPE_WIDGET)

enum {
  CHOOSE_AGAIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
on_job_busy_cb (SlicesAttachDonePage *self)
{
  gtk_spinner_set_spinning (self->apply_spinner, slices_attach_job_is_busy (self->job));
}

static void
set_job (SlicesAttachDonePage *self,
         SlicesAttachJob      *job)
{
  if (self->job == job)
    return;
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  g_signal_connect_swapped (job, "notify::busy", G_CALLBACK (on_job_busy_cb), self);
}

static void
show_result (SlicesAttachDonePage *self,
             const char           *result,
             const char           *title,
             const char           *description)
{
  AdwStatusPage *page = g_strcmp0 (result, "done") == 0 ? self->done_page : self->error_page;

  adw_status_page_set_title (page, title);
  adw_status_page_set_description (page, description);
  gtk_stack_set_visible_child_name (self->apply_stack, result);
}

/* Callbacks */

static void
on_error_back_clicked_cb (SlicesAttachDonePage *self)
{
  g_signal_emit (self, signals[CHOOSE_AGAIN], 0);
}

static void
on_virt_manager_clicked_cb (SlicesAttachDonePage *self)
{
  SlicesLibvirt *libvirt = self->job != NULL ? slices_attach_job_get_libvirt (self->job) : NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (libvirt == NULL)
    return;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "virt-manager", "--connect",
                              slices_libvirt_get_uri (libvirt), "--show-domain-console",
                              slices_attach_job_get_domain (self->job), NULL);
  if (process == NULL)
    {
      /* TRANSLATORS: %s is the reason */
      g_autofree char *text = g_strdup_printf (_("Could not open Virtual Machine Manager: %s"),
                                               error->message);

      adw_status_page_set_description (self->done_page, text);
    }
}

/* Overrides */

static void
slices_attach_done_page_dispose (GObject *object)
{
  SlicesAttachDonePage *self = SLICES_ATTACH_DONE_PAGE (object);
  GtkWidget *child;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_DONE_PAGE);
  /* A GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (slices_attach_done_page_parent_class)->dispose (object);
}

static void
slices_attach_done_page_class_init (SlicesAttachDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_attach_done_page_dispose;

  signals[CHOOSE_AGAIN] = g_signal_new ("choose-again", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDonePage, apply_stack);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDonePage, apply_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDonePage, progress_page);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDonePage, done_page);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDonePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDonePage, virt_manager_button);
  gtk_widget_class_bind_template_callback (widget_class, on_error_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_virt_manager_clicked_cb);
}

static void
slices_attach_done_page_init (SlicesAttachDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

SlicesAttachDonePage *
slices_attach_done_page_new (void)
{
  return g_object_new (SLICES_TYPE_ATTACH_DONE_PAGE, NULL);
}

void
slices_attach_done_page_show_progress (SlicesAttachDonePage *self,
                                       SlicesAttachJob      *job)
{
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SLICES_IS_ATTACH_DONE_PAGE (self));
  g_return_if_fail (SLICES_IS_ATTACH_JOB (job));

  set_job (self, job);
  /* A name in a title that wraps keeps its hyphens ("debian-build", not "debian-" / "build"). */
  name = slices_format_unbreakable (slices_attach_job_get_domain (job));
  /* TRANSLATORS: %s is a VM name */
  title = g_strdup_printf (_("Changing the Definition of %s…"), name);
  adw_status_page_set_title (self->progress_page, title);
  gtk_stack_set_visible_child_name (self->apply_stack, "progress");
  /* The job starts right after this: spin from now on, as "busy" will say. */
  gtk_spinner_set_spinning (self->apply_spinner, TRUE);
}

void
slices_attach_done_page_show_applied (SlicesAttachDonePage *self,
                                      SlicesAttachJob      *job)
{
  g_autofree char *name = NULL;
  g_autofree char *short_uuid = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *virt_manager = NULL;

  g_return_if_fail (SLICES_IS_ATTACH_DONE_PAGE (self));
  g_return_if_fail (SLICES_IS_ATTACH_JOB (job));

  set_job (self, job);
  name = slices_format_unbreakable (slices_attach_job_get_domain (job));
  short_uuid = slices_format_short_uuid (slices_attach_job_get_slice_uuid (job));
  /* TRANSLATORS: %s is a VM name */
  title = g_strdup_printf (_("Slice Attached to %s"), name);
  if (slices_attach_job_get_needs_restart (job))
    /* TRANSLATORS: %s are a VM name and the first part of a slice's UUID */
    description = g_strdup_printf (_("%s is running: it gets the slice %s after it is shut down "
                                     "and started again (a restart from inside the guest is "
                                     "not enough)."),
                                   name, short_uuid);
  else
    description = g_strdup_printf (_("%s gets the slice %s when it starts next."),
                                   name, short_uuid);
  virt_manager = g_find_program_in_path ("virt-manager");
  gtk_widget_set_visible (self->virt_manager_button,
                          !slices_libvirt_is_demo (slices_attach_job_get_libvirt (job)) &&
                          virt_manager != NULL);
  show_result (self, "done", title, description);
}

void
slices_attach_done_page_show_failed (SlicesAttachDonePage *self,
                                     SlicesAttachJob      *job,
                                     const GError         *error)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (SLICES_IS_ATTACH_DONE_PAGE (self));
  g_return_if_fail (SLICES_IS_ATTACH_JOB (job));
  g_return_if_fail (error != NULL);

  set_job (self, job);
  name = slices_format_unbreakable (slices_attach_job_get_domain (job));
  if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN))
    {
      /* TRANSLATORS: %s is a VM name */
      title = g_strdup_printf (_("%s No Longer Exists"), name);
      description = g_strdup (_("The virtual machine was removed while this window was open. "
                                "Nothing was changed: choose another virtual machine."));
    }
  else
    {
      title = g_strdup (_("Could Not Attach the Slice"));
      /* TRANSLATORS: %s is libvirt's error, already a sentence */
      description = g_strdup_printf (_("%s\n\nThe definition was not changed."), error->message);
    }
  show_result (self, "error", title, description);
}

const char *
slices_attach_done_page_get_result (SlicesAttachDonePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_DONE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->apply_stack);
}

const char *
slices_attach_done_page_get_title (SlicesAttachDonePage *self)
{
  const char *result;

  g_return_val_if_fail (SLICES_IS_ATTACH_DONE_PAGE (self), NULL);

  result = gtk_stack_get_visible_child_name (self->apply_stack);
  if (g_strcmp0 (result, "done") == 0)
    return adw_status_page_get_title (self->done_page);
  if (g_strcmp0 (result, "error") == 0)
    return adw_status_page_get_title (self->error_page);
  return adw_status_page_get_title (self->progress_page);
}

const char *
slices_attach_done_page_get_description (SlicesAttachDonePage *self)
{
  const char *result;

  g_return_val_if_fail (SLICES_IS_ATTACH_DONE_PAGE (self), NULL);

  result = gtk_stack_get_visible_child_name (self->apply_stack);
  if (g_strcmp0 (result, "done") == 0)
    return adw_status_page_get_description (self->done_page);
  if (g_strcmp0 (result, "error") == 0)
    return adw_status_page_get_description (self->error_page);
  return NULL;
}
