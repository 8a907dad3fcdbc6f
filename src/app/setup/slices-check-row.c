/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesCheckRow: one check's result; see slices-check-row.h. The fixes are built once from
 * the check (a doctor run makes new checks, and so new rows).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-check-row.h"
#include "slices-fix-widgets.h"

struct _SlicesCheckRow
{
  AdwExpanderRow parent_instance;

  GtkImage *status_icon;
  GtkBox *content_box;
  GtkLabel *detail_label;

  SlicesCheck *check;
  /* Per fix, in order: the button a person presses (NULL for none). */
  GPtrArray *fix_buttons;
  /* action id → GtkSpinner */
  GHashTable *spinners;
};

G_DEFINE_FINAL_TYPE (SlicesCheckRow, slices_check_row, ADW_TYPE_EXPANDER_ROW)

enum {
  SIGNAL_FIX_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *id;
  const char *name;
} check_names[] = {
  { SLICES_CHECK_GPU_GENERATION, N_("Graphics Generation") },
  /* TRANSLATORS: SR-IOV is how newer Intel GPUs share themselves */
  { SLICES_CHECK_SRIOV_DRIVER, N_("SR-IOV Driver") },
  { SLICES_CHECK_SRIOV_VFS_LIMIT, N_("Virtual Functions") },
  /* TRANSLATORS: GuC is the name of Intel's graphics microcontroller */
  { SLICES_CHECK_SRIOV_GUC, N_("GuC Submission for SR-IOV") },
  { SLICES_CHECK_SRIOV_HOST_BINDING, N_("Virtual Functions Free for VMs") },
  { SLICES_CHECK_SRIOV_GUEST_DRIVER, N_("Driver in the Guest") },
  { SLICES_CHECK_GVT_PARAMETER, N_("GVT-g Kernel Parameter") },
  /* TRANSLATORS: GuC is the name of Intel's graphics microcontroller */
  { SLICES_CHECK_GUC_SUBMISSION, N_("GuC Submission") },
  /* TRANSLATORS: kvmgt is the name of a kernel module */
  { SLICES_CHECK_KVMGT_MODULE, N_("kvmgt Module") },
  { SLICES_CHECK_VFIO_MODULES, N_("VFIO Modules") },
  { SLICES_CHECK_SLICE_TYPES, N_("Slice Types") },
  { SLICES_CHECK_ROOM, N_("Room for Slices") },
  { SLICES_CHECK_IOMMU, N_("IOMMU") },
  { SLICES_CHECK_RENDER_NODE, N_("Render Node") },
  { SLICES_CHECK_LIBVIRT, N_("Virtual Machine Manager (libvirt)") },
  { SLICES_CHECK_VM_SLICES, N_("Slices the VMs Name") },
  { SLICES_CHECK_VM_RECIPE, N_("Old GVT-g Recipe") },
  { SLICES_CHECK_POLKIT_AGENT, N_("Password Prompt") },
  { SLICES_CHECK_PERSISTENCE, N_("Slices After Restart") },
  { SLICES_CHECK_QEMU_SANDBOX, N_("QEMU Sandbox") },
  /* TRANSLATORS: the file through which Looking Glass shows a VM's picture */
  { SLICES_CHECK_LOOKING_GLASS_SHM, N_("Shared Memory File") },
};

static void
set_status (SlicesCheckRow *self)
{
  SlicesCheckStatus status = slices_check_get_status (self->check);
  gboolean informational = slices_check_get_informational (self->check);
  const char *icon = "dialog-question-symbolic";
  const char *style = "dim-label";
  const char *label = _("Cannot tell");

  switch (status)
    {
    case SLICES_CHECK_STATUS_OK:
      icon = "emblem-ok-symbolic";
      style = "success";
      label = _("Fine");
      break;
    case SLICES_CHECK_STATUS_WARNING:
      icon = "dialog-warning-symbolic";
      style = "warning";
      label = _("Warning");
      break;
    case SLICES_CHECK_STATUS_ERROR:
      icon = "dialog-error-symbolic";
      style = "error";
      label = _("Problem");
      break;
    case SLICES_CHECK_STATUS_UNKNOWN:
    default:
      break;
    }

  /* A hint is never alarming: calm colours whatever it found, and an "i" where it advises
   * something (the IOMMU is "ok" when off, but guides advise turning it on). */
  if (informational &&
      (status != SLICES_CHECK_STATUS_OK || slices_check_get_fixes (self->check)->len > 0))
    {
      icon = "dialog-information-symbolic";
      style = "accent";
      label = _("Hint");
    }

  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_icon), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_fix_button_clicked_cb (SlicesCheckRow *self,
                          GtkButton      *button)
{
  guint index;

  if (!g_ptr_array_find (self->fix_buttons, button, &index))
    return;
  g_signal_emit (self, signals[SIGNAL_FIX_ACTIVATED], 0,
                 g_ptr_array_index (slices_check_get_fixes (self->check), index));
}

static GtkWidget *
add_command_fix (SlicesCheckRow  *self,
                 const SlicesFix *fix)
{
  GtkWidget *button = NULL;

  gtk_box_append (self->content_box, slices_fix_command_new (fix, &button));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_fix_button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  return button;
}

static const char *
action_label (const SlicesFix *fix)
{
  /* Buttons take header capitalization; the core's labels are sentences (for slicectl). */
  if (g_strcmp0 (fix->text, SLICES_FIX_ACTION_LOAD_KVMGT) == 0)
    return _("Load Now and at Every Boot");
  if (g_strcmp0 (fix->text, SLICES_FIX_ACTION_PERSIST_SLICES) == 0)
    return _("Keep All After Restart");
  if (g_strcmp0 (fix->text, SLICES_FIX_ACTION_LOOKING_GLASS) == 0)
    return _("Make It Yours at Every Boot");
  return fix->label != NULL ? fix->label : fix->text;
}

static GtkWidget *
add_action_fix (SlicesCheckRow  *self,
                const SlicesFix *fix)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_label (action_label (fix));
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_fix_button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);

  gtk_widget_set_visible (spinner, FALSE);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), spinner);
  g_hash_table_insert (self->spinners, g_strdup (fix->text), spinner);

  gtk_box_append (self->content_box, box);
  return button;
}

static GtkWidget *
add_link_fix (SlicesCheckRow  *self,
              const SlicesFix *fix)
{
  GtkWidget *button = slices_fix_link_new (fix);

  g_signal_connect_object (button, "clicked", G_CALLBACK (on_fix_button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->content_box, button);
  return button;
}

static void
build_fixes (SlicesCheckRow *self)
{
  GPtrArray *fixes = slices_check_get_fixes (self->check);
  g_autoptr(GArray) ways = slices_check_dup_ways (self->check);
  SlicesFixWay way = SLICES_FIX_WAY_NONE;

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);
      GtkWidget *button = NULL;

      /* Each way out under its heading, its commands below it. */
      if (fix->way != way && fix->way != SLICES_FIX_WAY_NONE)
        {
          way = fix->way;
          gtk_box_append (self->content_box,
                          slices_fix_way_heading_new (way,
                                                      slices_fix_way_number (self->check, way),
                                                      ways->len));
        }

      switch (fix->kind)
        {
        case SLICES_FIX_COMMAND:
          button = add_command_fix (self, fix);
          break;
        case SLICES_FIX_ACTION:
          button = add_action_fix (self, fix);
          break;
        case SLICES_FIX_LINK:
          button = add_link_fix (self, fix);
          break;
        default:
          break;
        }
      g_ptr_array_add (self->fix_buttons, button);
    }
}

static void
slices_check_row_dispose (GObject *object)
{
  SlicesCheckRow *self = SLICES_CHECK_ROW (object);

  g_clear_object (&self->check);
  g_clear_pointer (&self->fix_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->spinners, g_hash_table_unref);

  G_OBJECT_CLASS (slices_check_row_parent_class)->dispose (object);
}

static void
slices_check_row_class_init (SlicesCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_check_row_dispose;

  /* Emitted with the SlicesFix (owned by the check) that a person pressed. */
  signals[SIGNAL_FIX_ACTIVATED] =
    g_signal_new ("fix-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/setup/"
                                               "slices-check-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesCheckRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SlicesCheckRow, content_box);
  gtk_widget_class_bind_template_child (widget_class, SlicesCheckRow, detail_label);
}

static void
slices_check_row_init (SlicesCheckRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fix_buttons = g_ptr_array_new ();
  self->spinners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
slices_check_row_new (SlicesCheck *check)
{
  SlicesCheckRow *self;
  g_return_val_if_fail (SLICES_IS_CHECK (check), NULL);

  self = g_object_new (SLICES_TYPE_CHECK_ROW, NULL);
  self->check = g_object_ref (check);

  /* Titles quote paths and parameters: plain text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 slices_check_row_get_check_name (slices_check_get_id (check)));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), slices_check_get_title (check));
  gtk_label_set_label (self->detail_label, slices_check_get_detail (check));
  set_status (self);
  build_fixes (self);

  return GTK_WIDGET (self);
}

SlicesCheck *
slices_check_row_get_check (SlicesCheckRow *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK_ROW (self), NULL);
  return self->check;
}

void
slices_check_row_set_running (SlicesCheckRow *self,
                              const char     *action_id,
                              gboolean        running)
{
  GtkWidget *spinner;
  GPtrArray *fixes;

  g_return_if_fail (SLICES_IS_CHECK_ROW (self));
  g_return_if_fail (action_id != NULL);

  spinner = g_hash_table_lookup (self->spinners, action_id);
  if (spinner == NULL)
    return;
  gtk_widget_set_visible (spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), running);

  fixes = slices_check_get_fixes (self->check);
  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);
      GtkWidget *button = g_ptr_array_index (self->fix_buttons, i);

      if (fix->kind == SLICES_FIX_ACTION && g_strcmp0 (fix->text, action_id) == 0 &&
          button != NULL)
        gtk_widget_set_sensitive (button, !running);
    }
}

GtkImage *
slices_check_row_get_status_icon (SlicesCheckRow *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK_ROW (self), NULL);
  return self->status_icon;
}

GtkWidget *
slices_check_row_get_fix_button (SlicesCheckRow *self,
                                 guint           index)
{
  g_return_val_if_fail (SLICES_IS_CHECK_ROW (self), NULL);

  if (index >= self->fix_buttons->len)
    return NULL;
  return g_ptr_array_index (self->fix_buttons, index);
}

void
slices_check_row_add_note (SlicesCheckRow *self,
                           const char     *text)
{
  GtkWidget *label = gtk_label_new (text);

  g_return_if_fail (SLICES_IS_CHECK_ROW (self));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (self->content_box, label);
}

const char *
slices_check_row_get_check_name (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (check_names); i++)
    if (g_strcmp0 (check_names[i].id, id) == 0)
      return _(check_names[i].name);
  return id;
}
