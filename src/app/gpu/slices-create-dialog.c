/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesCreateDialog: creates one or more slices of a type through the backend; see
 * slices-create-dialog.h. Slices are created one after another so that a failure names how
 * many were made before it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-base.h"
#include "libslices-model.h"
#include "libslices-writers.h"

#include "slices-app-format.h"
#include "slices-create-dialog.h"

struct _SlicesCreateDialog
{
  AdwWindow parent_instance;

  GtkWidget *cancel_button;
  GtkWidget *create_button;
  GtkSpinner *spinner;
  AdwPreferencesPage *page;
  AdwActionRow *type_row;
  AdwActionRow *count_row;
  GtkSpinButton *count_spin;
  GtkAdjustment *count_adjustment;
  AdwExpanderRow *uuid_expander;
  AdwEntryRow *uuid_row;
  GtkLabel *problem_label;
  AdwActionRow *keep_row;
  GtkSwitch *keep_switch;

  SlicesHost *host;
  SlicesBackend *backend;
  SlicesGpu *gpu;
  SlicesSliceType *type;

  /* While creating: */
  GCancellable *cancellable;
  GPtrArray *uuids;      /* to create, in order */
  guint n_done;          /* created so far */
  gboolean closing;      /* Cancel was pressed while running */

  gboolean uuid_typed;   /* something was typed in the UUID field: its problems show */
};

G_DEFINE_FINAL_TYPE (SlicesCreateDialog, slices_create_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void create_next (SlicesCreateDialog *self);

static gboolean
is_running (SlicesCreateDialog *self)
{
  return self->cancellable != NULL;
}

static gboolean
use_custom_uuid (SlicesCreateDialog *self)
{
  return adw_expander_row_get_enable_expansion (self->uuid_expander) &&
         gtk_spin_button_get_value_as_int (self->count_spin) == 1;
}

/* What stops Create now, in words; NULL when nothing does. */
static char *
dup_problem (SlicesCreateDialog *self)
{
  const char *text;
  g_autofree char *lower = NULL;

  if (slices_slice_type_get_available (self->type) <= 0)
    return slices_format_full_reason (self->gpu, self->type);

  if (!use_custom_uuid (self))
    return NULL;

  text = gtk_editable_get_text (GTK_EDITABLE (self->uuid_row));
  if (text == NULL || *text == '\0')
    return g_strdup (_("Enter a UUID, or turn off “Choose UUID” to have one made."));
  if (!slices_uuid_is_valid (text))
    /* TRANSLATORS: keep the example UUID as it is */
    return g_strdup (_("This is not a UUID: it needs 32 hexadecimal digits in groups of "
                       "8-4-4-4-12, like 1a2b3c4d-0000-4000-8000-00000000abcd."));

  lower = g_ascii_strdown (text, -1);
  if (self->host != NULL && slices_host_find_slice (self->host, lower) != NULL)
    return g_strdup (_("A slice with this UUID exists already: choose another one."));

  return NULL;
}

static void
update_state (SlicesCreateDialog *self)
{
  g_autofree char *problem = dup_problem (self);
  gboolean running = is_running (self);
  gboolean show_uuid_error;
  gboolean several;
  int available = slices_slice_type_get_available (self->type);
  g_autofree char *count_subtitle = NULL;

  gtk_adjustment_set_upper (self->count_adjustment, MAX (available, 1));
  /* A chosen UUID names exactly one slice: with more, the switch is off, and says why. */
  several = gtk_spin_button_get_value_as_int (self->count_spin) > 1;
  if (several)
    adw_expander_row_set_enable_expansion (self->uuid_expander, FALSE);
  adw_expander_row_set_subtitle (self->uuid_expander,
                                 several ? _("Only for a single slice: each slice gets a new one")
                                         : _("Otherwise a new one is made for the slice"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->uuid_expander), !running && !several);
  gtk_widget_set_sensitive (GTK_WIDGET (self->count_row), !running && available > 1);

  if (available > 0)
    count_subtitle = g_strdup_printf (ngettext ("%d more fits on the GPU",
                                                "Up to %d more fit on the GPU",
                                                available),
                                      available);
  adw_action_row_set_subtitle (self->count_row, count_subtitle != NULL ? count_subtitle : "");

  /* An empty field that nobody typed in yet is not an error: Create just waits for it. */
  show_uuid_error = use_custom_uuid (self) && problem != NULL && available > 0 &&
                    self->uuid_typed;
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label),
                          problem != NULL && (available <= 0 || show_uuid_error));
  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");

  if (show_uuid_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->uuid_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->uuid_row), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_row), !running);
  gtk_widget_set_sensitive (self->create_button, !running && problem == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
}

static void
update_type (SlicesCreateDialog *self)
{
  g_autofree char *resolution = slices_format_resolution (self->type);
  g_autofree char *summary = slices_format_type_summary (self->type);
  g_autofree char *markup = NULL;
  g_autofree char *escaped_summary = g_markup_escape_text (summary, -1);
  g_autofree char *escaped_id = g_markup_escape_text (slices_slice_type_get_id (self->type), -1);

  markup = g_strdup_printf ("%s\n<small>%s</small>", escaped_summary, escaped_id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->type_row), resolution);
  adw_action_row_set_subtitle (self->type_row, markup);
  update_state (self);
}

static void
show_error (SlicesCreateDialog *self,
            const GError       *error)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->n_done > 0)
    body = g_strdup_printf (ngettext ("%s\n\n%u slice was created before this failure.",
                                      "%s\n\n%u slices were created before this failure.",
                                      self->n_done),
                            error->message, self->n_done);
  else
    body = g_strdup (error->message);

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   ngettext ("Could Not Create Slice", "Could Not Create Slices",
                                             self->uuids->len),
                                   body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
finish_run (SlicesCreateDialog *self)
{
  /* Report the slices that exist now, even when a later one failed. */
  if (self->n_done > 0)
    {
      g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < self->n_done; i++)
        g_ptr_array_add (done, g_strdup (g_ptr_array_index (self->uuids, i)));
      g_ptr_array_add (done, NULL);
      g_signal_emit (self, signals[SIGNAL_CREATED], 0, (char **) done->pdata);
    }

  g_clear_object (&self->cancellable);
}

static void create_done (SlicesCreateDialog *self);

/* "Keep after restart": the slice exists whatever happens here. */
static void
on_persist_finished_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SlicesCreateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_done++;
  if (!slices_backend_persist_finish (SLICES_BACKEND (source), result, &error))
    {
      finish_run (self);
      if (self->closing)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      update_state (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                      _("Slice Created, but Not Kept After "
                                                        "Restart"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }

  create_done (self);
}

static void
on_create_finished_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SlicesCreateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!slices_backend_create_finish (SLICES_BACKEND (source), result, &error))
    {
      /* The system may differ from what the dialog offered (another program took the room or
       * the UUID) or from what the error says (the helper died after its write): look again,
       * so that the rows, the counts and this dialog's checks show what is there now. */
      if (self->host != NULL)
        slices_host_refresh (self->host, NULL);
      finish_run (self);
      if (self->closing)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      update_state (self);
      /* A dismissed password dialog is the user's answer: nothing to say. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->keep_row)) &&
      gtk_switch_get_active (self->keep_switch))
    {
      slices_backend_persist_async (self->backend, g_ptr_array_index (self->uuids, self->n_done),
                                    self->cancellable, on_persist_finished_cb,
                                    g_object_ref (self));
      return;
    }

  self->n_done++;
  create_done (self);
}

static void
create_done (SlicesCreateDialog *self)
{
  if (self->n_done < self->uuids->len && !self->closing)
    {
      create_next (self);
      return;
    }

  finish_run (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_next (SlicesCreateDialog *self)
{
  slices_backend_create_async (self->backend,
                               slices_gpu_get_address (self->gpu),
                               slices_slice_type_get_id (self->type),
                               g_ptr_array_index (self->uuids, self->n_done),
                               self->cancellable,
                               on_create_finished_cb,
                               g_object_ref (self));
}

static void
on_create_clicked_cb (SlicesCreateDialog *self)
{
  g_autofree char *problem = NULL;
  int count;

  if (is_running (self))
    return;
  problem = dup_problem (self);
  if (problem != NULL)
    {
      update_state (self);
      return;
    }

  count = gtk_spin_button_get_value_as_int (self->count_spin);
  g_clear_pointer (&self->uuids, g_ptr_array_unref);
  self->uuids = g_ptr_array_new_with_free_func (g_free);
  if (use_custom_uuid (self))
    g_ptr_array_add (self->uuids,
                     g_ascii_strdown (gtk_editable_get_text (GTK_EDITABLE (self->uuid_row)), -1));
  else
    for (int i = 0; i < count; i++)
      g_ptr_array_add (self->uuids, g_uuid_string_random ());

  self->n_done = 0;
  self->closing = FALSE;
  self->cancellable = g_cancellable_new ();
  update_state (self);
  gtk_widget_grab_focus (self->cancel_button);
  create_next (self);
}

static void
on_cancel_clicked_cb (SlicesCreateDialog *self)
{
  if (is_running (self))
    {
      /* Close once the backend has let go, so that its answer is not lost. */
      self->closing = TRUE;
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_count_changed_cb (SlicesCreateDialog *self)
{
  update_state (self);
}

static void
on_uuid_toggled_cb (SlicesCreateDialog *self)
{
  if (adw_expander_row_get_enable_expansion (self->uuid_expander))
    gtk_widget_grab_focus (GTK_WIDGET (self->uuid_row));
  update_state (self);
}

static void
on_uuid_changed_cb (SlicesCreateDialog *self)
{
  self->uuid_typed = TRUE;
  update_state (self);
}

static void
on_type_notify_cb (SlicesCreateDialog *self)
{
  update_type (self);
}

static gboolean
slices_create_dialog_close_request (GtkWindow *window)
{
  SlicesCreateDialog *self = SLICES_CREATE_DIALOG (window);

  if (is_running (self))
    {
      on_cancel_clicked_cb (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (slices_create_dialog_parent_class)->close_request (window);
}

static void
slices_create_dialog_dispose (GObject *object)
{
  SlicesCreateDialog *self = SLICES_CREATE_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->uuids, g_ptr_array_unref);
  /* Let go of the models before dropping them: a disposed GPU empties its lists. */
  if (self->type != NULL)
    g_signal_handlers_disconnect_by_data (self->type, self);
  if (self->gpu != NULL)
    g_signal_handlers_disconnect_by_data (slices_gpu_get_slices (self->gpu), self);
  g_clear_object (&self->host);
  g_clear_object (&self->backend);
  g_clear_object (&self->gpu);
  g_clear_object (&self->type);

  G_OBJECT_CLASS (slices_create_dialog_parent_class)->dispose (object);
}

static void
slices_create_dialog_class_init (SlicesCreateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = slices_create_dialog_dispose;
  window_class->close_request = slices_create_dialog_close_request;

  /* Emitted with the UUIDs (a NULL-terminated array) of the slices that were created. */
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-create-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, page);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, count_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, uuid_expander);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, uuid_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, keep_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesCreateDialog, keep_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_uuid_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_uuid_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
slices_create_dialog_init (SlicesCreateDialog *self)
{
  GtkEditable *count_text;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter in the number field creates, as in the UUID field (GTK 4.8's spin button has no
   * "activate" of its own: its text field has). */
  count_text = gtk_editable_get_delegate (GTK_EDITABLE (self->count_spin));
  if (GTK_IS_TEXT (count_text))
    g_signal_connect_object (count_text, "activate", G_CALLBACK (on_create_clicked_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

SlicesCreateDialog *
slices_create_dialog_new (GtkWindow       *parent,
                          SlicesHost      *host,
                          SlicesBackend   *backend,
                          SlicesGpu       *gpu,
                          SlicesSliceType *type)
{
  SlicesCreateDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (host == NULL || SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (type), NULL);

  self = g_object_new (SLICES_TYPE_CREATE_DIALOG, "transient-for", parent, NULL);
  self->host = host != NULL ? g_object_ref (host) : NULL;
  self->backend = g_object_ref (backend);
  self->gpu = g_object_ref (gpu);
  self->type = g_object_ref (type);

  gtk_widget_set_visible (GTK_WIDGET (self->keep_row),
                          slices_backend_get_persist_support (backend) ==
                          SLICES_PERSIST_AVAILABLE);
  g_signal_connect_object (type, "notify", G_CALLBACK (on_type_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (slices_gpu_get_slices (gpu), "items-changed",
                           G_CALLBACK (on_type_notify_cb), self, G_CONNECT_SWAPPED);
  update_type (self);

  return self;
}

GtkSpinButton *
slices_create_dialog_get_count_spin (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);
  return self->count_spin;
}

AdwExpanderRow *
slices_create_dialog_get_uuid_expander (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);
  return self->uuid_expander;
}

GtkEditable *
slices_create_dialog_get_uuid_entry (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);
  return GTK_EDITABLE (self->uuid_row);
}

GtkWidget *
slices_create_dialog_get_create_button (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);
  return self->create_button;
}

GtkWidget *
slices_create_dialog_get_cancel_button (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);
  return self->cancel_button;
}

const char *
slices_create_dialog_get_problem (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->problem_label)))
    return NULL;
  return gtk_label_get_label (self->problem_label);
}

gboolean
slices_create_dialog_get_running (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), FALSE);
  return is_running (self);
}

GtkSwitch *
slices_create_dialog_get_keep_switch (SlicesCreateDialog *self)
{
  g_return_val_if_fail (SLICES_IS_CREATE_DIALOG (self), NULL);
  return self->keep_switch;
}
