/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesNixosView: see slices-nixos-view.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-nixos-view.h"

struct _SlicesNixosView
{
  AdwWindow parent_instance;

  GtkWidget *copy_button;
  AdwToastOverlay *toast_overlay;
  GtkTextView *text_view;

  char *last_toast;
};

G_DEFINE_FINAL_TYPE (SlicesNixosView, slices_nixos_view, ADW_TYPE_WINDOW)

static void
on_copy_clicked_cb (SlicesNixosView *self)
{
  g_autofree char *text = slices_nixos_view_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  g_free (self->last_toast);
  self->last_toast = g_strdup (_("Copied"));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (self->last_toast));
}

static void
slices_nixos_view_finalize (GObject *object)
{
  SlicesNixosView *self = SLICES_NIXOS_VIEW (object);

  g_free (self->last_toast);

  G_OBJECT_CLASS (slices_nixos_view_parent_class)->finalize (object);
}

static void
slices_nixos_view_class_init (SlicesNixosViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = slices_nixos_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/setup/"
                                               "slices-nixos-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesNixosView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesNixosView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlicesNixosView, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
slices_nixos_view_init (SlicesNixosView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlicesNixosView *
slices_nixos_view_new (GtkWindow    *parent,
                       SlicesDoctor *doctor)
{
  SlicesNixosView *self;
  g_autofree char *snippet = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLICES_IS_DOCTOR (doctor), NULL);

  self = g_object_new (SLICES_TYPE_NIXOS_VIEW, "transient-for", parent, NULL);
  slices_doctor_run (doctor);
  snippet = slices_doctor_dup_nixos_snippet (doctor);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), snippet, -1);

  return self;
}

char *
slices_nixos_view_dup_text (SlicesNixosView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SLICES_IS_NIXOS_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

GtkWidget *
slices_nixos_view_get_copy_button (SlicesNixosView *self)
{
  g_return_val_if_fail (SLICES_IS_NIXOS_VIEW (self), NULL);
  return self->copy_button;
}

const char *
slices_nixos_view_get_last_toast (SlicesNixosView *self)
{
  g_return_val_if_fail (SLICES_IS_NIXOS_VIEW (self), NULL);
  return self->last_toast;
}
