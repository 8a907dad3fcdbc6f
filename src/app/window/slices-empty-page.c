/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "slices-driver-ways.h"
#include "slices-empty-page.h"

struct _SlicesEmptyPage
{
  AdwBin parent_instance;

  AdwStatusPage *status_page;
  SlicesDriverWays *driver_ways;
  GtkWidget *explore_demo_button;
  GtkWidget *check_setup_button;
};

G_DEFINE_FINAL_TYPE (SlicesEmptyPage, slices_empty_page, ADW_TYPE_BIN)

static void
slices_empty_page_class_init (SlicesEmptyPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SLICES_TYPE_DRIVER_WAYS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/window/"
                                               "slices-empty-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesEmptyPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, SlicesEmptyPage, driver_ways);
  gtk_widget_class_bind_template_child (widget_class, SlicesEmptyPage, explore_demo_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesEmptyPage, check_setup_button);
}

static void
slices_empty_page_init (SlicesEmptyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlicesEmptyPage *
slices_empty_page_new (void)
{
  return g_object_new (SLICES_TYPE_EMPTY_PAGE, NULL);
}

void
slices_empty_page_update (SlicesEmptyPage *self,
                          SlicesHost      *host,
                          const char      *reason)
{
  /* A GPU that SR-IOV could share, but no driver that does: what is missing, the ways out, and
   * Check Setup leads. */
  gboolean ways = slices_driver_ways_update (self->driver_ways, host);

  g_return_if_fail (SLICES_IS_EMPTY_PAGE (self));

  adw_status_page_set_icon_name (self->status_page, "video-display-symbolic");
  adw_status_page_set_title (self->status_page,
                             ways ? slices_driver_ways_get_title (self->driver_ways)
                                  : _("No GVT-g GPU Found"));
  adw_status_page_set_description (self->status_page,
                                   ways ? slices_driver_ways_get_description (self->driver_ways)
                                        : reason);
  (ways ? gtk_widget_add_css_class : gtk_widget_remove_css_class) (self->check_setup_button,
                                                                  "suggested-action");
  /* A smaller icon, so that the ways are in sight. */
  (ways ? gtk_widget_add_css_class : gtk_widget_remove_css_class) (
    GTK_WIDGET (self->status_page), "compact");
  (ways ? gtk_widget_remove_css_class : gtk_widget_add_css_class) (self->explore_demo_button,
                                                                  "suggested-action");
  gtk_box_reorder_child_after (GTK_BOX (gtk_widget_get_parent (self->check_setup_button)),
                               ways ? self->explore_demo_button : self->check_setup_button,
                               ways ? self->check_setup_button : self->explore_demo_button);
}

GtkWidget *
slices_empty_page_get_status_page (SlicesEmptyPage *self)
{
  g_return_val_if_fail (SLICES_IS_EMPTY_PAGE (self), NULL);
  return GTK_WIDGET (self->status_page);
}

GtkWidget *
slices_empty_page_get_explore_button (SlicesEmptyPage *self)
{
  g_return_val_if_fail (SLICES_IS_EMPTY_PAGE (self), NULL);
  return self->explore_demo_button;
}

GtkWidget *
slices_empty_page_get_check_setup_button (SlicesEmptyPage *self)
{
  g_return_val_if_fail (SLICES_IS_EMPTY_PAGE (self), NULL);
  return self->check_setup_button;
}
