/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachReviewVf: see slices-attach-review-vf.h. The input lines are the template's; the
 * guest-driver note is chosen by the host's driver (FACTS-SRIOV S2, S3).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-attach-review-vf.h"

struct _SlicesAttachReviewVf
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *input_box;
  GtkListBox *input_list;
  AdwActionRow *driver_row;
  GtkWidget *setup_row;
};

G_DEFINE_FINAL_TYPE (SlicesAttachReviewVf, slices_attach_review_vf, GTK_TYPE_WIDGET)

/* Helpers */

/* What the guest needs beside a VF of a GPU that the host runs with @host_driver. */
static const char *
guest_driver_note (const char *host_driver)
{
  if (g_strcmp0 (host_driver, "i915") == 0)
    return _("A Linux guest needs the same i915-sriov-dkms driver as the host, started with "
             "i915.enable_guc=3; a Windows guest needs Intel’s graphics driver.");
  return _("A Linux guest needs a kernel whose xe driver runs on virtual functions, as the "
           "host’s does; a Windows guest needs Intel’s graphics driver.");
}

/* Overrides */

static void
slices_attach_review_vf_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SLICES_TYPE_ATTACH_REVIEW_VF);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (slices_attach_review_vf_parent_class)->dispose (object);
}

static void
slices_attach_review_vf_class_init (SlicesAttachReviewVfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_attach_review_vf_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-review-vf.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewVf, input_box);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewVf, input_list);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewVf, driver_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewVf, setup_row);
}

static void
slices_attach_review_vf_init (SlicesAttachReviewVf *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

SlicesAttachReviewVf *
slices_attach_review_vf_new (void)
{
  return g_object_new (SLICES_TYPE_ATTACH_REVIEW_VF, NULL);
}

void
slices_attach_review_vf_show (SlicesAttachReviewVf *self,
                              SlicesDisplayMode     display,
                              const char           *host_driver)
{
  g_return_if_fail (SLICES_IS_ATTACH_REVIEW_VF (self));

  gtk_widget_set_visible (GTK_WIDGET (self), host_driver != NULL);
  gtk_widget_set_visible (self->input_box, display == SLICES_DISPLAY_MODE_LOOKING_GLASS);
  adw_action_row_set_subtitle (self->driver_row, guest_driver_note (host_driver));
}

char *
slices_attach_review_vf_dup_input (SlicesAttachReviewVf *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_VF (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)) || !gtk_widget_get_visible (self->input_box))
    return g_strdup ("");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->input_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
slices_attach_review_vf_get_driver_note (SlicesAttachReviewVf *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_VF (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  return adw_action_row_get_subtitle (self->driver_row);
}

GtkWidget *
slices_attach_review_vf_get_setup_row (SlicesAttachReviewVf *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_VF (self), NULL);
  return self->setup_row;
}
