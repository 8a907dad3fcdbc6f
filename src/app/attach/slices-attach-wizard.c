/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachWizard: see slices-attach-wizard.h. The pages are children of one GtkStack; the
 * wizard knows for each page whether it is complete, and the header's Next follows that. The
 * definition is read fresh when the review opens and handed back as the expected definition
 * when applying, so a VM edited meanwhile is never overwritten.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "slices-app-format.h"
#include "slices-attach-wizard.h"
#include "slices-backend.h"
#include "slices-domain-edit.h"
#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-render-nodes.h"
#include "slices-slice.h"
#include "slices-slice-type.h"

struct _SlicesAttachWizard
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkWidget *header_spinner;
  GtkStack *stack;
  GtkListBox *slices_list;
  AdwPreferencesGroup *new_slice_group;
  AdwComboRow *new_type_row;
  AdwActionRow *create_row;
  GtkWidget *create_button;
  GtkListBox *vms_list;
  GtkWidget *replace_group;
  AdwActionRow *replace_row;
  GtkSwitch *replace_switch;
  GtkCheckButton *local_check;
  GtkCheckButton *remote_check;
  GtkCheckButton *off_check;
  GtkWidget *options_group;
  AdwComboRow *node_row;
  AdwActionRow *node_warning_row;
  AdwComboRow *resolution_row;
  GtkWidget *ramfb_row;
  GtkSwitch *ramfb_switch;
  GtkSwitch *opregion_switch;
  GtkSwitch *mesa_switch;
  GtkLabel *review_message;
  GtkLabel *summary_label;
  GtkBox *notes_box;
  GtkTextView *diff_view;
  GtkStack *apply_stack;
  GtkSpinner *apply_spinner;
  AdwStatusPage *progress_page;
  AdwStatusPage *done_page;
  AdwStatusPage *error_page;
  GtkWidget *virt_manager_button;

  SlicesHost *host;
  SlicesBackend *backend;
  SlicesGpu *gpu;
  SlicesVmTracker *vms;
  GCancellable *cancellable;

  char *slice_uuid;          /* chosen */
  char *vm_name;             /* chosen */
  GPtrArray *type_ids;       /* the "new slice" combo's types, in order */
  GPtrArray *nodes;          /* SlicesRenderNode */
  GArray *resolutions;       /* pairs of int: 0,0 = the type's own */
  gboolean rebuilding;       /* list rows are being replaced: ignore their toggles */

  char *old_xml;             /* read when the review opened */
  char *new_xml;
  GPtrArray *notes;
  char *review_error;
  gboolean loading;
  gboolean applying;
  gboolean creating;
  gboolean complete;         /* as last notified */
  char *error_target;        /* the page the error page's button goes back to */
};

G_DEFINE_FINAL_TYPE (SlicesAttachWizard, slices_attach_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_COMPLETE,
  PROP_APPLYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  APPLIED,
  SHOW_CONNECTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const page_names[] = { "slice", "vm", "display", "review", "apply" };

/* Resolutions offered below a type's own, largest first. */
static const struct { int width; int height; } common_resolutions[] = {
  { 1920, 1080 }, { 1680, 1050 }, { 1600, 900 }, { 1440, 900 }, { 1366, 768 },
  { 1280, 1024 }, { 1280, 800 }, { 1280, 720 }, { 1024, 768 }, { 800, 600 },
};

static void update_buttons (SlicesAttachWizard *self);
static void load_review (SlicesAttachWizard *self);

/* Helpers */

static int
page_index (SlicesAttachWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_strcmp0 (name, page_names[i]) == 0)
      return i;
  return 0;
}

static void
show_page (SlicesAttachWizard *self,
           const char         *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_buttons (self);
}

static SlicesSlice *
get_slice (SlicesAttachWizard *self)
{
  return self->slice_uuid != NULL ? slices_gpu_find_slice (self->gpu, self->slice_uuid) : NULL;
}

static SlicesSliceType *
get_slice_type (SlicesAttachWizard *self)
{
  SlicesSlice *slice = get_slice (self);

  return slice != NULL ? slices_gpu_find_type (self->gpu, slices_slice_get_type_id (slice)) : NULL;
}

static const SlicesDomainInfo *
get_vm (SlicesAttachWizard *self)
{
  return self->vm_name != NULL ? slices_vm_tracker_find_domain (self->vms, self->vm_name) : NULL;
}

static SlicesLibvirt *
get_libvirt (SlicesAttachWizard *self)
{
  return slices_vm_tracker_get_libvirt (self->vms);
}

static SlicesDisplayMode
get_display_mode (SlicesAttachWizard *self)
{
  if (gtk_check_button_get_active (self->remote_check))
    return SLICES_DISPLAY_MODE_REMOTE;
  if (gtk_check_button_get_active (self->off_check))
    return SLICES_DISPLAY_MODE_OFF;
  return SLICES_DISPLAY_MODE_LOCAL;
}

static SlicesRenderNode *
get_node (SlicesAttachWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->node_row);

  if (self->nodes == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->nodes->len)
    return NULL;
  return g_ptr_array_index (self->nodes, selected);
}

static void
get_resolution (SlicesAttachWizard *self,
                int                *width,
                int                *height)
{
  guint selected = adw_combo_row_get_selected (self->resolution_row);

  *width = *height = 0;
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->resolutions->len / 2)
    {
      *width = g_array_index (self->resolutions, int, 2 * selected);
      *height = g_array_index (self->resolutions, int, 2 * selected + 1);
    }
}

/* The slices @info holds other than the chosen one. */
static gboolean
holds_other_slice (SlicesAttachWizard     *self,
                   const SlicesDomainInfo *info)
{
  for (guint i = 0; info->slices != NULL && info->slices[i] != NULL; i++)
    if (g_ascii_strcasecmp (info->slices[i], self->slice_uuid != NULL ? self->slice_uuid : "") != 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_page_complete (SlicesAttachWizard *self,
                  int                 index)
{
  const SlicesDomainInfo *vm;

  switch (index)
    {
    case 0:
      return get_slice (self) != NULL && !self->creating;
    case 1:
      vm = get_vm (self);
      if (vm == NULL || get_slice (self) == NULL)
        return FALSE;
      return !holds_other_slice (self, vm) || gtk_switch_get_active (self->replace_switch);
    case 2:
      return get_display_mode (self) == SLICES_DISPLAY_MODE_OFF || get_node (self) != NULL;
    case 3:
      return !self->loading && self->new_xml != NULL && self->old_xml != NULL &&
             g_strcmp0 (self->new_xml, self->old_xml) != 0;
    case 4:
    default:
      return !self->applying;
    }
}

static void
update_buttons (SlicesAttachWizard *self)
{
  int index = page_index (self);
  gboolean complete = is_page_complete (self, index);
  const char *result = gtk_stack_get_visible_child_name (self->apply_stack);
  gboolean finished = index == 4 && g_strcmp0 (result, "progress") != 0;

  adw_window_title_set_subtitle (self->window_title,
                                 gtk_stack_page_get_title (
                                   gtk_stack_get_page (self->stack,
                                                       gtk_stack_get_visible_child (self->stack))));

  gtk_widget_set_visible (self->back_button, index > 0 && index < 4);
  gtk_widget_set_sensitive (self->back_button, !self->loading);
  gtk_widget_set_visible (self->cancel_button, !finished);
  /* A define cannot be taken back halfway: Cancel waits for it (it takes a moment). */
  gtk_widget_set_sensitive (self->cancel_button, !self->applying);
  gtk_widget_set_visible (self->header_spinner, self->loading || self->creating);
  gtk_spinner_set_spinning (GTK_SPINNER (self->header_spinner), self->loading || self->creating);

  if (index == 3)
    gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Apply"));
  else if (index == 4)
    gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Close"));
  else
    gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Next"));
  gtk_widget_set_visible (self->next_button, index < 4 || finished);
  gtk_widget_set_sensitive (self->next_button, complete);

  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
set_applying (SlicesAttachWizard *self,
              gboolean            applying)
{
  if (self->applying == applying)
    return;
  self->applying = applying;
  gtk_spinner_set_spinning (self->apply_spinner, applying);
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
dup_type_text (SlicesSliceType *type,
               const char      *fallback)
{
  g_autofree char *resolution = NULL;

  if (type == NULL)
    return g_strdup (fallback != NULL ? fallback : _("Unknown type"));
  resolution = slices_format_resolution (type);
  /* TRANSLATORS: a slice's type: its resolution and the kernel's type name */
  return g_strdup_printf (_("%s (%s)"), resolution, slices_slice_type_get_name (type));
}

/* A radio row: the title, a subtitle, a check button in @group (NULL: the first). */
static GtkCheckButton *
add_radio_row (GtkListBox     *list,
               const char     *title,
               const char     *subtitle,
               GtkCheckButton *group,
               const char     *key,
               GCallback       toggled,
               gpointer        user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *title_markup = g_markup_escape_text (title, -1);
  g_autofree char *subtitle_markup = g_markup_escape_text (subtitle != NULL ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data_full (G_OBJECT (check), "key", g_strdup (key), g_free);
  g_signal_connect_swapped (check, "toggled", toggled, user_data);
  gtk_list_box_append (list, row);

  return GTK_CHECK_BUTTON (check);
}

/* A row that says something about the list instead of offering a choice. */
static GtkWidget *
add_status_row (GtkListBox *list,
                const char *icon_name,
                const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title_markup = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  if (subtitle != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), markup);
    }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (g_strcmp0 (icon_name, "spinner") == 0)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
    }
  else if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      if (g_str_has_prefix (icon_name, "dialog-error"))
        gtk_widget_add_css_class (image, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);

  return row;
}

/* Page 1: the slice */

static void
on_slice_toggled_cb (SlicesAttachWizard *self,
                     GtkCheckButton     *check)
{
  if (self->rebuilding || !gtk_check_button_get_active (check))
    return;
  g_free (self->slice_uuid);
  self->slice_uuid = g_strdup (g_object_get_data (G_OBJECT (check), "key"));
  update_buttons (self);
}

static void
rebuild_slices (SlicesAttachWizard *self)
{
  GListModel *slices = slices_gpu_get_slices (self->gpu);
  GListModel *types = slices_gpu_get_types (self->gpu);
  GtkCheckButton *group = NULL;
  g_autoptr(GtkStringList) type_names = gtk_string_list_new (NULL);
  g_autofree char *selected_type = NULL;
  guint n_free = 0;

  self->rebuilding = TRUE;
  clear_list_box (self->slices_list);
  for (guint i = 0; i < g_list_model_get_n_items (slices); i++)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);
      const char *uuid = slices_slice_get_uuid (slice);
      const SlicesDomainInfo *user = slices_vm_tracker_find_user (self->vms, uuid);
      SlicesSliceType *type = slices_gpu_find_type (self->gpu, slices_slice_get_type_id (slice));
      g_autofree char *short_uuid = slices_format_short_uuid (uuid);
      g_autofree char *type_text = dup_type_text (type, slices_slice_get_type_id (slice));
      g_autofree char *subtitle = NULL;
      GtkCheckButton *check;

      if (user != NULL)
        /* TRANSLATORS: "1920 × 1200 (GVTg_V5_4) · Used by win10" */
        subtitle = g_strdup_printf (_("%s · Used by %s"), type_text, user->name);
      else
        subtitle = g_strdup (type_text);

      check = add_radio_row (self->slices_list, short_uuid, subtitle, group, uuid,
                             G_CALLBACK (on_slice_toggled_cb), self);
      if (group == NULL)
        group = check;
      /* A slice can be in one VM at a time. */
      if (user != NULL)
        gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                           ADW_TYPE_ACTION_ROW), FALSE);
      else
        n_free++;
      if (g_strcmp0 (uuid, self->slice_uuid) == 0 && user == NULL)
        gtk_check_button_set_active (check, TRUE);
    }
  if (g_list_model_get_n_items (slices) == 0)
    add_status_row (self->slices_list, NULL, _("No slices yet"),
                    _("Create one below: it appears here."));
  else if (n_free == 0)
    add_status_row (self->slices_list, NULL, _("Every slice is in use"),
                    _("Create another one below, or detach a slice from its virtual machine "
                      "first."));

  /* The types a new slice can have now. */
  if (self->type_ids->len > 0)
    {
      guint selected = adw_combo_row_get_selected (self->new_type_row);

      if (selected < self->type_ids->len)
        selected_type = g_strdup (g_ptr_array_index (self->type_ids, selected));
    }
  g_ptr_array_set_size (self->type_ids, 0);
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);
      g_autofree char *text = NULL;

      if (slices_slice_type_get_available (type) <= 0)
        continue;
      text = dup_type_text (type, NULL);
      gtk_string_list_append (type_names, text);
      g_ptr_array_add (self->type_ids, g_strdup (slices_slice_type_get_id (type)));
    }
  adw_combo_row_set_model (self->new_type_row, G_LIST_MODEL (type_names));
  for (guint i = 0; i < self->type_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->type_ids, i), selected_type) == 0)
      adw_combo_row_set_selected (self->new_type_row, i);
  gtk_widget_set_visible (GTK_WIDGET (self->new_type_row), self->type_ids->len > 0);
  gtk_widget_set_sensitive (self->create_button, self->type_ids->len > 0 && !self->creating);
  if (self->type_ids->len == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->create_row),
                                   _("The GPU has no room for another slice"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->create_row),
                                   _("Create a slice of this type"));

  self->rebuilding = FALSE;
  /* The chosen slice went away or got used meanwhile. */
  if (!self->creating && page_index (self) == 0 &&
      (get_slice (self) == NULL ||
       slices_vm_tracker_find_user (self->vms, self->slice_uuid) != NULL))
    g_clear_pointer (&self->slice_uuid, g_free);
  update_buttons (self);
}

static void
on_create_finished_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SlicesAttachWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!slices_backend_create_finish (SLICES_BACKEND (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* A dismissed password dialog, or the wizard went away. */
          if (self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
            {
              self->creating = FALSE;
              g_clear_pointer (&self->slice_uuid, g_free);
              rebuild_slices (self);
            }
          return;
        }
      self->creating = FALSE;
      g_clear_pointer (&self->slice_uuid, g_free);
      {
        g_autofree char *markup = g_markup_escape_text (error->message, -1);

        adw_action_row_set_subtitle (self->create_row, markup);
      }
      rebuild_slices (self);
      return;
    }

  self->creating = FALSE;
  adw_action_row_set_subtitle (self->create_row, "");
  /* The window follows the host too; refreshing here makes the new slice appear now. */
  slices_host_refresh (self->host, NULL);
  rebuild_slices (self);
}

static void
on_create_clicked_cb (SlicesAttachWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->new_type_row);
  g_autofree char *uuid = g_uuid_string_random ();

  if (selected >= self->type_ids->len || self->creating)
    return;

  self->creating = TRUE;
  gtk_widget_set_sensitive (self->create_button, FALSE);
  adw_action_row_set_subtitle (self->create_row, "");
  update_buttons (self);

  /* The new slice is the chosen one once it exists. */
  slices_backend_create_async (self->backend, slices_gpu_get_address (self->gpu),
                               g_ptr_array_index (self->type_ids, selected), uuid,
                               self->cancellable, on_create_finished_cb, g_object_ref (self));
  g_free (self->slice_uuid);
  self->slice_uuid = g_steal_pointer (&uuid);
}

/* Page 2: the virtual machine */

static void
update_replace (SlicesAttachWizard *self)
{
  const SlicesDomainInfo *vm = get_vm (self);
  gboolean other = vm != NULL && holds_other_slice (self, vm);

  gtk_widget_set_visible (self->replace_group, other);
  if (other)
    {
      g_autofree char *short_uuid = slices_format_short_uuid (vm->slices[0]);
      g_autofree char *text = NULL;
      g_autofree char *markup = NULL;

      /* TRANSLATORS: %s are a VM name and the first part of a slice's UUID */
      text = g_strdup_printf (_("%s already has the slice %s. A virtual machine can hold only "
                                "one GVT-g slice, so that one is taken out."),
                              vm->name, short_uuid);
      markup = g_markup_escape_text (text, -1);
      adw_action_row_set_subtitle (self->replace_row, markup);
    }
  else
    gtk_switch_set_active (self->replace_switch, FALSE);
}

static void
on_vm_toggled_cb (SlicesAttachWizard *self,
                  GtkCheckButton     *check)
{
  if (self->rebuilding || !gtk_check_button_get_active (check))
    return;
  g_free (self->vm_name);
  self->vm_name = g_strdup (g_object_get_data (G_OBJECT (check), "key"));
  gtk_switch_set_active (self->replace_switch, FALSE);
  update_replace (self);
  update_buttons (self);
}

static void
on_retry_clicked_cb (SlicesAttachWizard *self)
{
  slices_vm_tracker_refresh (self->vms);
}

static char *
dup_vm_subtitle (const SlicesDomainInfo *info)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (info->os_name != NULL)
    g_ptr_array_add (parts, g_strdup (info->os_name));
  else if (info->title != NULL)
    g_ptr_array_add (parts, g_strdup (info->title));
  /* A running VM gets a "Running" mark instead. */
  if (!info->active)
    g_ptr_array_add (parts, g_strdup (slices_domain_state_to_string (info->state)));
  if (info->slices != NULL && info->slices[0] != NULL)
    {
      g_autofree char *short_uuid = slices_format_short_uuid (info->slices[0]);

      /* TRANSLATORS: %s is the first part of a slice's UUID */
      g_ptr_array_add (parts, g_strdup_printf (_("Has the slice %s"), short_uuid));
    }
  g_ptr_array_add (parts, NULL);

  /* TRANSLATORS: the separator between "Windows 10", "Running" and "Has the slice …" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
rebuild_vms (SlicesAttachWizard *self)
{
  SlicesVmTrackerState state = slices_vm_tracker_get_state (self->vms);
  GPtrArray *domains = slices_vm_tracker_get_domains (self->vms);
  SlicesLibvirt *libvirt = get_libvirt (self);
  const char *uri = libvirt != NULL ? slices_libvirt_get_uri (libvirt) : NULL;
  GtkCheckButton *group = NULL;
  gboolean found = FALSE;

  self->rebuilding = TRUE;
  clear_list_box (self->vms_list);

  switch (state)
    {
    case SLICES_VM_TRACKER_IDLE:
      add_status_row (self->vms_list, "dialog-information-symbolic",
                      _("Not connected to libvirt"),
                      _("Choose the libvirt connection with the settings button above."));
      break;

    case SLICES_VM_TRACKER_CONNECTING:
      add_status_row (self->vms_list, "spinner", _("Connecting to libvirt…"), uri);
      break;

    case SLICES_VM_TRACKER_FAILED:
      {
        const GError *error = slices_vm_tracker_get_error (self->vms);
        GtkWidget *row = add_status_row (self->vms_list, "dialog-error-symbolic",
                                         _("Could not reach the virtual machines"),
                                         error != NULL ? error->message : NULL);
        GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Try Again"));

        gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
        g_signal_connect_swapped (retry, "clicked", G_CALLBACK (on_retry_clicked_cb), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
      }
      break;

    case SLICES_VM_TRACKER_READY:
    default:
      for (guint i = 0; i < domains->len; i++)
        {
          const SlicesDomainInfo *info = g_ptr_array_index (domains, i);
          g_autofree char *subtitle = dup_vm_subtitle (info);
          GtkCheckButton *check;

          check = add_radio_row (self->vms_list, info->name, subtitle, group, info->name,
                                 G_CALLBACK (on_vm_toggled_cb), self);
          if (group == NULL)
            group = check;
          if (info->active)
            {
              GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
              GtkWidget *badge = gtk_label_new (_("Running"));

              gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (badge, "vm-running");
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
            }
          if (g_strcmp0 (info->name, self->vm_name) == 0)
            {
              gtk_check_button_set_active (check, TRUE);
              found = TRUE;
            }
        }
      if (domains->len == 0)
        {
          /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
          g_autofree char *text = g_strdup_printf (_("libvirt at %s has no virtual machines. "
                                                     "Create one in Virtual Machine Manager "
                                                     "or GNOME Boxes first."),
                                                   uri != NULL ? uri : "");

          add_status_row (self->vms_list, "dialog-information-symbolic",
                          _("No Virtual Machines"), text);
        }
      break;
    }

  self->rebuilding = FALSE;
  if (!found && state == SLICES_VM_TRACKER_READY && page_index (self) <= 1)
    g_clear_pointer (&self->vm_name, g_free);
  update_replace (self);
  update_buttons (self);
}

static void
on_vms_changed_cb (SlicesAttachWizard *self)
{
  rebuild_vms (self);
  rebuild_slices (self);
}

/* Page 3: the display */

static void
fill_resolutions (SlicesAttachWizard *self)
{
  SlicesSliceType *type = get_slice_type (self);
  int width = type != NULL ? slices_slice_type_get_width (type) : 0;
  int height = type != NULL ? slices_slice_type_get_height (type) : 0;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  int zero = 0;

  g_array_set_size (self->resolutions, 0);
  if (width > 0 && height > 0)
    {
      /* TRANSLATORS: the slice type's own resolution, e.g. "1920 × 1200 (the slice’s own)" */
      g_autofree char *text = g_strdup_printf (_("%d × %d (the slice’s own)"), width, height);

      gtk_string_list_append (names, text);
    }
  else
    gtk_string_list_append (names, _("The slice’s own"));
  g_array_append_val (self->resolutions, zero);
  g_array_append_val (self->resolutions, zero);

  for (guint i = 0; width > 0 && i < G_N_ELEMENTS (common_resolutions); i++)
    {
      g_autofree char *text = NULL;

      if (common_resolutions[i].width > width || common_resolutions[i].height > height ||
          (common_resolutions[i].width == width && common_resolutions[i].height == height))
        continue;
      text = g_strdup_printf (_("%d × %d"), common_resolutions[i].width,
                              common_resolutions[i].height);
      gtk_string_list_append (names, text);
      g_array_append_val (self->resolutions, common_resolutions[i].width);
      g_array_append_val (self->resolutions, common_resolutions[i].height);
    }
  adw_combo_row_set_model (self->resolution_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->resolution_row, 0);
}

static void
fill_nodes (SlicesAttachWizard *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  SlicesRenderNode *pick;

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  self->nodes = slices_render_nodes_list (slices_host_get_sysfs_root (self->host), NULL, TRUE);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      g_autofree char *text = slices_render_node_describe (g_ptr_array_index (self->nodes, i));

      gtk_string_list_append (names, text);
    }
  if (self->nodes->len == 0)
    gtk_string_list_append (names, _("No render node found"));
  adw_combo_row_set_model (self->node_row, G_LIST_MODEL (names));

  pick = slices_render_nodes_pick_default (self->nodes, slices_gpu_get_address (self->gpu));
  for (guint i = 0; i < self->nodes->len; i++)
    if (g_ptr_array_index (self->nodes, i) == pick)
      adw_combo_row_set_selected (self->node_row, i);
}

static void
update_display_page (SlicesAttachWizard *self)
{
  SlicesDisplayMode mode = get_display_mode (self);
  SlicesRenderNode *node = get_node (self);
  const char *warning = node != NULL ? slices_render_node_get_warning (node) : NULL;
  gboolean shown = mode != SLICES_DISPLAY_MODE_OFF;

  gtk_widget_set_sensitive (GTK_WIDGET (self->node_row), shown && self->nodes->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolution_row), shown);
  gtk_widget_set_sensitive (self->ramfb_row, shown);

  if (self->nodes->len == 0)
    warning = _("This computer has no DRM render node: choose Off, or check the GPU’s driver.");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->node_row),
                               mode == SLICES_DISPLAY_MODE_LOCAL
                                 ? _("The GPU that draws the SPICE window")
                                 : _("The GPU that draws the picture sent to the viewer"));

  gtk_widget_set_visible (GTK_WIDGET (self->node_warning_row), shown && warning != NULL);
  if (warning != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (warning, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->node_warning_row), markup);
    }
}

static void
on_option_changed_cb (SlicesAttachWizard *self)
{
  if (self->nodes != NULL)
    update_display_page (self);
  update_buttons (self);
}

/* Page 4: the review */

static const char *
display_sentence (SlicesDisplayMode mode)
{
  switch (mode)
    {
    case SLICES_DISPLAY_MODE_REMOTE:
      return _("The picture is drawn on this computer’s GPU and viewed from elsewhere over the "
               "virtual machine’s VNC or SPICE server (one is added when it has none).");
    case SLICES_DISPLAY_MODE_OFF:
      return _("The slice gets no display: use it for computing or through a remote desktop "
               "inside the guest. The virtual machine’s current display stays as it is.");
    case SLICES_DISPLAY_MODE_LOCAL:
    default:
      return _("It is shown in a window on this computer through SPICE with OpenGL, on a local "
               "socket; the virtual machine’s current display is replaced.");
    }
}

static void
update_summary (SlicesAttachWizard *self)
{
  const SlicesDomainInfo *vm = get_vm (self);
  SlicesSliceType *type = get_slice_type (self);
  SlicesDisplayMode mode = get_display_mode (self);
  SlicesRenderNode *node = get_node (self);
  g_autofree char *short_uuid = slices_format_short_uuid (self->slice_uuid);
  g_autofree char *type_text = dup_type_text (type, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *name = self->vm_name != NULL ? self->vm_name : "";

  /* TRANSLATORS: "The slice 1a2b3c4d (1920 × 1200 (GVTg_V5_4)) becomes the graphics card of
   * win10." */
  g_string_append_printf (text, _("The slice %s (%s) becomes the graphics card of %s."),
                          short_uuid, type_text, name);
  g_string_append_c (text, ' ');
  g_string_append (text, display_sentence (mode));

  if (mode != SLICES_DISPLAY_MODE_OFF)
    {
      int width, height;

      get_resolution (self, &width, &height);
      if (width == 0 && type != NULL)
        {
          width = slices_slice_type_get_width (type);
          height = slices_slice_type_get_height (type);
        }
      g_string_append_c (text, ' ');
      if (node != NULL && width > 0)
        /* TRANSLATORS: "Rendered on renderD128 at 1920 × 1200." */
        g_string_append_printf (text, _("Rendered on %s at %d × %d."), node->name, width, height);
      else if (node != NULL)
        g_string_append_printf (text, _("Rendered on %s."), node->name);
      g_string_append_c (text, ' ');
      g_string_append (text, gtk_switch_get_active (self->ramfb_switch)
                               ? _("The firmware’s boot screen is shown.")
                               : _("The firmware’s boot screen is not shown."));
      g_string_append (text, _(" What the display replaces is kept in the definition, so "
                               "detaching restores it."));
    }
  if (gtk_switch_get_active (self->replace_switch) && vm != NULL && vm->slices != NULL)
    {
      g_autofree char *other = slices_format_short_uuid (vm->slices[0]);

      g_string_append_c (text, ' ');
      /* TRANSLATORS: %s is the first part of a slice's UUID */
      g_string_append_printf (text, _("The slice %s it has now is taken out."), other);
    }
  if (vm != NULL && vm->active)
    {
      g_string_append (text, "\n\n");
      /* TRANSLATORS: %s is a VM name */
      g_string_append_printf (text, _("%s is running: the change takes effect after it is shut "
                                      "down and started again."), name);
    }

  gtk_label_set_label (self->summary_label, text->str);
}

static void
add_note_label (SlicesAttachWizard *self,
                const char         *icon_name,
                const char         *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "review-note");
  gtk_box_append (self->notes_box, box);
}

static void
ensure_diff_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  if (gtk_text_tag_table_lookup (table, "added") != NULL)
    return;
  /* The palette's green and red, translucent, read well on the light and the dark style. */
  gtk_text_buffer_create_tag (buffer, "added",
                              "paragraph-background-rgba",
                              &(GdkRGBA) { 0.18f, 0.76f, 0.49f, 0.22f },
                              NULL);
  gtk_text_buffer_create_tag (buffer, "removed",
                              "paragraph-background-rgba",
                              &(GdkRGBA) { 0.88f, 0.11f, 0.14f, 0.20f },
                              NULL);
  gtk_text_buffer_create_tag (buffer, "hunk",
                              "paragraph-background-rgba",
                              &(GdkRGBA) { 0.21f, 0.52f, 0.89f, 0.15f },
                              NULL);
}

static void
show_diff (SlicesAttachWizard *self,
           const char         *diff)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->diff_view);
  const char *line = diff;

  ensure_diff_tags (buffer);
  gtk_text_buffer_set_text (buffer, "", 0);
  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line + 1) : strlen (line);
      const char *tag = NULL;
      GtkTextIter iter;

      if (line[0] == '+')
        tag = "added";
      else if (line[0] == '-')
        tag = "removed";
      else if (line[0] == '@')
        tag = "hunk";
      gtk_text_buffer_get_end_iter (buffer, &iter);
      if (tag != NULL)
        gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, line, len, tag, NULL);
      else
        gtk_text_buffer_insert (buffer, &iter, line, len);
      line = end != NULL ? end + 1 : NULL;
    }
}

static void
compute_review (SlicesAttachWizard *self)
{
  SlicesSliceType *type = get_slice_type (self);
  SlicesSlice *slice = get_slice (self);
  SlicesLibvirt *libvirt = get_libvirt (self);
  SlicesAttachOptions options = SLICES_ATTACH_OPTIONS_INIT;
  SlicesRenderNode *node = get_node (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;
  GtkWidget *child;

  options.display = get_display_mode (self);
  options.rendernode = node != NULL ? node->path : NULL;
  get_resolution (self, &options.xres, &options.yres);
  options.ramfb = gtk_switch_get_active (self->ramfb_switch);
  options.opregion = gtk_switch_get_active (self->opregion_switch);
  options.mesa_i965 = gtk_switch_get_active (self->mesa_switch);
  options.replace = gtk_switch_get_active (self->replace_switch);

  g_clear_pointer (&self->new_xml, g_free);
  g_clear_pointer (&self->review_error, g_free);
  g_ptr_array_set_size (self->notes, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_box))) != NULL)
    gtk_box_remove (self->notes_box, child);

  update_summary (self);
  if (slice == NULL || libvirt == NULL)
    return;

  self->new_xml = slices_domain_attach (self->old_xml, self->slice_uuid,
                                        slices_slice_get_type_id (slice),
                                        type != NULL ? slices_slice_type_get_width (type) : 0,
                                        type != NULL ? slices_slice_type_get_height (type) : 0,
                                        &options, slices_libvirt_get_lib_version (libvirt),
                                        self->notes, &error);
  if (self->new_xml == NULL)
    {
      self->review_error = g_strdup (error->message);
      add_note_label (self, "dialog-error-symbolic", error->message);
      show_diff (self, "");
      return;
    }

  for (guint i = 0; i < self->notes->len; i++)
    add_note_label (self, "dialog-information-symbolic", g_ptr_array_index (self->notes, i));
  if (slices_libvirt_is_demo (libvirt))
    add_note_label (self, "dialog-information-symbolic",
                    _("Demo: libvirt’s test driver drops the qemu:* elements when it stores the "
                      "definition, but this is exactly what would be sent to a real host."));

  if (g_strcmp0 (self->new_xml, self->old_xml) == 0)
    {
      add_note_label (self, "dialog-information-symbolic",
                      _("The virtual machine already has this slice with these settings: "
                        "nothing to change."));
      show_diff (self, "");
      return;
    }

  diff = slices_attach_wizard_diff_xml (self->old_xml, self->new_xml);
  show_diff (self, diff);
}

static void
set_loading (SlicesAttachWizard *self,
             gboolean            loading)
{
  self->loading = loading;
  update_buttons (self);
}

static void
on_review_xml_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlicesAttachWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = slices_libvirt_get_xml_finish (SLICES_LIBVIRT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (xml == NULL)
    {
      g_clear_pointer (&self->old_xml, g_free);
      g_clear_pointer (&self->new_xml, g_free);
      update_summary (self);
      show_diff (self, "");
      add_note_label (self, "dialog-error-symbolic", error->message);
      update_buttons (self);
      return;
    }

  g_free (self->old_xml);
  self->old_xml = g_steal_pointer (&xml);
  compute_review (self);
  update_buttons (self);
}

/* Reads the definition afresh and computes the change again. @message (may be NULL) is shown
 * above the summary. */
static void
load_review (SlicesAttachWizard *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->new_xml, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_box))) != NULL)
    gtk_box_remove (self->notes_box, child);
  show_diff (self, "");
  gtk_label_set_label (self->summary_label, "");
  set_loading (self, TRUE);
  slices_libvirt_get_xml_async (get_libvirt (self), self->vm_name, self->cancellable,
                                on_review_xml_cb, g_object_ref (self));
}

static void
set_review_message (SlicesAttachWizard *self,
                    const char         *message)
{
  gtk_label_set_label (self->review_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->review_message), message != NULL);
}

/* Page 5: apply */

static void
show_result (SlicesAttachWizard *self,
             const char         *result,
             const char         *title,
             const char         *description)
{
  AdwStatusPage *page = g_strcmp0 (result, "done") == 0 ? self->done_page : self->error_page;

  adw_status_page_set_title (page, title);
  adw_status_page_set_description (page, description);
  gtk_stack_set_visible_child_name (self->apply_stack, result);
  set_applying (self, FALSE);
  update_buttons (self);
}

static void
on_reread_xml_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlicesAttachWizard) self = user_data;

  set_applying (self, FALSE);
  show_page (self, "review");
  set_review_message (self,
                      _("The definition of this virtual machine changed while this window was "
                        "open. The change below was computed again from the current "
                        "definition: check it, then apply again."));
  on_review_xml_cb (source, result, g_object_ref (self));
}

static void
on_define_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlicesAttachWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *short_uuid = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  gboolean needs_restart = FALSE;

  stored = slices_libvirt_define_finish (SLICES_LIBVIRT (source), result, &needs_restart, &error);
  if (stored == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  short_uuid = slices_format_short_uuid (self->slice_uuid);
  if (stored == NULL)
    {
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        {
          /* Someone else changed the VM: never overwrite, compute against what is there. */
          set_loading (self, TRUE);
          slices_libvirt_get_xml_async (SLICES_LIBVIRT (source), self->vm_name,
                                        self->cancellable, on_reread_xml_cb,
                                        g_object_ref (self));
          return;
        }
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN))
        {
          /* TRANSLATORS: %s is a VM name */
          title = g_strdup_printf (_("%s No Longer Exists"), self->vm_name);
          description = g_strdup (_("The virtual machine was removed while this window was "
                                    "open. Nothing was changed: choose another virtual "
                                    "machine."));
          g_free (self->error_target);
          self->error_target = g_strdup ("vm");
          slices_vm_tracker_refresh (self->vms);
        }
      else
        {
          title = g_strdup (_("Could Not Attach the Slice"));
          /* TRANSLATORS: %s is libvirt's error, already a sentence */
          description = g_strdup_printf (_("%s\n\nThe definition was not changed."),
                                         error->message);
          g_free (self->error_target);
          self->error_target = g_strdup ("review");
        }
      show_result (self, "error", title, description);
      return;
    }

  /* TRANSLATORS: %s is a VM name */
  title = g_strdup_printf (_("Slice Attached to %s"), self->vm_name);
  if (needs_restart)
    /* TRANSLATORS: %s are a VM name and the first part of a slice's UUID */
    description = g_strdup_printf (_("%s is running: it gets the slice %s after it is shut down "
                                     "and started again (a restart from inside the guest is "
                                     "not enough)."),
                                   self->vm_name, short_uuid);
  else
    description = g_strdup_printf (_("%s gets the slice %s when it starts next."),
                                   self->vm_name, short_uuid);
  gtk_widget_set_visible (self->virt_manager_button,
                          !slices_libvirt_is_demo (SLICES_LIBVIRT (source)) &&
                          g_find_program_in_path ("virt-manager") != NULL);
  show_result (self, "done", title, description);

  g_signal_emit (self, signals[APPLIED], 0, self->vm_name, self->slice_uuid, self->old_xml,
                 stored);
  slices_vm_tracker_refresh (self->vms);
}

static void
apply (SlicesAttachWizard *self)
{
  g_autofree char *title = NULL;

  /* TRANSLATORS: %s is a VM name */
  title = g_strdup_printf (_("Changing the Definition of %s…"), self->vm_name);
  adw_status_page_set_title (self->progress_page, title);
  gtk_stack_set_visible_child_name (self->apply_stack, "progress");
  set_review_message (self, NULL);
  set_applying (self, TRUE);
  show_page (self, "apply");
  slices_libvirt_define_async (get_libvirt (self), self->vm_name, self->old_xml, self->new_xml,
                               self->cancellable, on_define_cb, g_object_ref (self));
}

/* Callbacks */

static void
on_stack_page_cb (SlicesAttachWizard *self)
{
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_cancel_clicked_cb (SlicesAttachWizard *self)
{
  if (self->applying)
    return;
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_back_clicked_cb (SlicesAttachWizard *self)
{
  int index = page_index (self);

  if (index > 0 && index < 4)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->loading = FALSE;
      set_review_message (self, NULL);
      show_page (self, page_names[index - 1]);
    }
}

static void
on_next_clicked_cb (SlicesAttachWizard *self)
{
  int index = page_index (self);

  if (!is_page_complete (self, index))
    return;

  switch (index)
    {
    case 0:
      fill_resolutions (self);
      show_page (self, "vm");
      break;
    case 1:
      show_page (self, "display");
      update_display_page (self);
      break;
    case 2:
      set_review_message (self, NULL);
      show_page (self, "review");
      load_review (self);
      break;
    case 3:
      apply (self);
      break;
    case 4:
    default:
      gtk_window_close (GTK_WINDOW (self));
      break;
    }
}

static void
on_error_back_clicked_cb (SlicesAttachWizard *self)
{
  if (g_strcmp0 (self->error_target, "vm") == 0)
    {
      g_clear_pointer (&self->vm_name, g_free);
      show_page (self, "vm");
      rebuild_vms (self);
    }
  else
    {
      show_page (self, "review");
      load_review (self);
    }
}

static void
on_virt_manager_clicked_cb (SlicesAttachWizard *self)
{
  SlicesLibvirt *libvirt = get_libvirt (self);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (libvirt == NULL)
    return;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "virt-manager", "--connect",
                              slices_libvirt_get_uri (libvirt), "--show-domain-console",
                              self->vm_name, NULL);
  if (process == NULL)
    {
      /* TRANSLATORS: %s is the reason */
      g_autofree char *text = g_strdup_printf (_("Could not open Virtual Machine Manager: %s"),
                                               error->message);

      adw_status_page_set_description (self->done_page, text);
    }
}

static void
on_gpu_slices_changed_cb (SlicesAttachWizard *self)
{
  if (!self->creating)
    rebuild_slices (self);
}

static void
connection_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[SHOW_CONNECTION], 0);
}

/* Overrides */

static gboolean
slices_attach_wizard_close_request (GtkWindow *window)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (window);

  /* A define cannot be taken back halfway; it ends in a moment. */
  if (self->applying)
    return TRUE;

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (slices_attach_wizard_parent_class)->close_request (window);
}

static void
slices_attach_wizard_dispose (GObject *object)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->vms != NULL)
    g_signal_handlers_disconnect_by_data (self->vms, self);
  g_clear_object (&self->vms);
  g_clear_object (&self->host);
  g_clear_object (&self->backend);
  g_clear_object (&self->gpu);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_WIZARD);

  G_OBJECT_CLASS (slices_attach_wizard_parent_class)->dispose (object);
}

static void
slices_attach_wizard_finalize (GObject *object)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (object);

  g_free (self->slice_uuid);
  g_free (self->vm_name);
  g_free (self->old_xml);
  g_free (self->new_xml);
  g_free (self->review_error);
  g_free (self->error_target);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->resolutions, g_array_unref);

  G_OBJECT_CLASS (slices_attach_wizard_parent_class)->finalize (object);
}

static void
slices_attach_wizard_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, slices_attach_wizard_get_page (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, slices_attach_wizard_get_complete (self));
      break;
    case PROP_APPLYING:
      g_value_set_boolean (value, self->applying);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_wizard_class_init (SlicesAttachWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_attach_wizard_dispose;
  object_class->finalize = slices_attach_wizard_finalize;
  object_class->get_property = slices_attach_wizard_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = slices_attach_wizard_close_request;

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                   G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (back_button);
  BIND (next_button);
  BIND (header_spinner);
  BIND (stack);
  BIND (slices_list);
  BIND (new_slice_group);
  BIND (new_type_row);
  BIND (create_row);
  BIND (create_button);
  BIND (vms_list);
  BIND (replace_group);
  BIND (replace_row);
  BIND (replace_switch);
  BIND (local_check);
  BIND (remote_check);
  BIND (off_check);
  BIND (options_group);
  BIND (node_row);
  BIND (node_warning_row);
  BIND (resolution_row);
  BIND (ramfb_row);
  BIND (ramfb_switch);
  BIND (opregion_switch);
  BIND (mesa_switch);
  BIND (review_message);
  BIND (summary_label);
  BIND (notes_box);
  BIND (diff_view);
  BIND (apply_stack);
  BIND (apply_spinner);
  BIND (progress_page);
  BIND (done_page);
  BIND (error_page);
  BIND (virt_manager_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_error_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_virt_manager_clicked_cb);

  /* "show-connection": the VM page's settings button; the window shows its connection
   * dialog over the wizard. */
  signals[SHOW_CONNECTION] = g_signal_new ("show-connection", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "wizard.connection", NULL, connection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
slices_attach_wizard_init (SlicesAttachWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->resolutions = g_array_new (FALSE, TRUE, sizeof (int));
}

/* Public API */

SlicesAttachWizard *
slices_attach_wizard_new (GtkWindow       *parent,
                          SlicesHost      *host,
                          SlicesBackend   *backend,
                          SlicesGpu       *gpu,
                          SlicesVmTracker *vms,
                          const char      *slice_uuid)
{
  SlicesAttachWizard *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (vms), NULL);

  self = g_object_new (SLICES_TYPE_ATTACH_WIZARD, "transient-for", parent, NULL);
  self->host = g_object_ref (host);
  self->backend = g_object_ref (backend);
  self->gpu = g_object_ref (gpu);
  self->vms = g_object_ref (vms);
  self->slice_uuid = g_strdup (slice_uuid);

  g_signal_connect_object (vms, "changed", G_CALLBACK (on_vms_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (slices_gpu_get_slices (gpu), "items-changed",
                           G_CALLBACK (on_gpu_slices_changed_cb), self, G_CONNECT_SWAPPED);

  fill_nodes (self);
  rebuild_slices (self);
  rebuild_vms (self);
  if (slice_uuid != NULL && get_slice (self) != NULL)
    {
      fill_resolutions (self);
      gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
      show_page (self, "vm");
      gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
    }
  update_display_page (self);
  update_buttons (self);

  return self;
}

const char *
slices_attach_wizard_get_page (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
slices_attach_wizard_get_complete (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return is_page_complete (self, page_index (self));
}

gboolean
slices_attach_wizard_get_applying (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return self->applying;
}

GtkWidget *
slices_attach_wizard_get_next_button (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return self->next_button;
}

GtkWidget *
slices_attach_wizard_get_back_button (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return self->back_button;
}

GtkWidget *
slices_attach_wizard_get_cancel_button (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return self->cancel_button;
}

GtkWidget *
slices_attach_wizard_get_replace_switch (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return GTK_WIDGET (self->replace_switch);
}

static gboolean
choose_in_list (GtkListBox *list,
                const char *key)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
      if (GTK_IS_CHECK_BUTTON (check) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (check), "key"), key) == 0 &&
          gtk_widget_is_sensitive (row))
        {
          /* As a click on the row does. */
          adw_action_row_activate (ADW_ACTION_ROW (row));
          return gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
        }
    }
  return FALSE;
}

gboolean
slices_attach_wizard_choose_slice (SlicesAttachWizard *self,
                                   const char         *uuid)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return choose_in_list (self->slices_list, uuid);
}

gboolean
slices_attach_wizard_choose_vm (SlicesAttachWizard *self,
                                const char         *name)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return choose_in_list (self->vms_list, name);
}

char *
slices_attach_wizard_dup_vm_status (SlicesAttachWizard *self)
{
  GtkWidget *row;

  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);

  row = gtk_widget_get_first_child (GTK_WIDGET (self->vms_list));
  if (!ADW_IS_ACTION_ROW (row) ||
      GTK_IS_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))))
    return NULL;
  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

void
slices_attach_wizard_choose_display (SlicesAttachWizard *self,
                                     const char         *mode)
{
  g_return_if_fail (SLICES_IS_ATTACH_WIZARD (self));

  if (g_strcmp0 (mode, "remote") == 0)
    gtk_check_button_set_active (self->remote_check, TRUE);
  else if (g_strcmp0 (mode, "off") == 0)
    gtk_check_button_set_active (self->off_check, TRUE);
  else
    gtk_check_button_set_active (self->local_check, TRUE);
}

const char *
slices_attach_wizard_get_summary (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

char *
slices_attach_wizard_dup_notes (SlicesAttachWizard *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);

  for (GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (self->notes_box));
       box != NULL;
       box = gtk_widget_get_next_sibling (box))
    {
      GtkWidget *label = gtk_widget_get_last_child (box);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_label (GTK_LABEL (label)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
slices_attach_wizard_dup_diff (SlicesAttachWizard *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);

  buffer = gtk_text_view_get_buffer (self->diff_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
slices_attach_wizard_get_review_message (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->review_message)))
    return NULL;
  return gtk_label_get_label (self->review_message);
}

const char *
slices_attach_wizard_get_result (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->apply_stack);
}

const char *
slices_attach_wizard_get_result_title (SlicesAttachWizard *self)
{
  const char *result;

  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);

  result = gtk_stack_get_visible_child_name (self->apply_stack);
  if (g_strcmp0 (result, "done") == 0)
    return adw_status_page_get_title (self->done_page);
  if (g_strcmp0 (result, "error") == 0)
    return adw_status_page_get_title (self->error_page);
  return adw_status_page_get_title (self->progress_page);
}

const char *
slices_attach_wizard_get_result_description (SlicesAttachWizard *self)
{
  const char *result;

  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);

  result = gtk_stack_get_visible_child_name (self->apply_stack);
  if (g_strcmp0 (result, "done") == 0)
    return adw_status_page_get_description (self->done_page);
  if (g_strcmp0 (result, "error") == 0)
    return adw_status_page_get_description (self->error_page);
  return NULL;
}

/* The diff */

typedef struct {
  char op;            /* ' ', '-', '+' */
  const char *line;
} DiffOp;

static char *
mask_passwords (const char *line)
{
  static gsize once;
  static GRegex *regex;

  if (g_once_init_enter (&once))
    {
      regex = g_regex_new ("(passwd=)(['\"])[^'\"]*(['\"])", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (strstr (line, "passwd=") == NULL)
    return g_strdup (line);
  return g_regex_replace (regex, line, -1, 0, "\\1\\2••••••\\3", 0, NULL);
}

/* libvirt writes attributes with single quotes, libxml2 with double quotes: the same XML. Lines
 * are compared (and shown) with double quotes so that only real changes stand out. */
static GStrv
split_normalized (const char *xml)
{
  static gsize once;
  static GRegex *regex;
  g_auto(GStrv) lines = g_strsplit (xml != NULL ? xml : "", "\n", -1);

  if (g_once_init_enter (&once))
    {
      regex = g_regex_new ("(\\s[A-Za-z_][-A-Za-z0-9_.:]*)='([^'\"]*)'", G_REGEX_OPTIMIZE, 0,
                           NULL);
      g_once_init_leave (&once, 1);
    }
  for (guint i = 0; lines[i] != NULL; i++)
    if (strchr (lines[i], '\'') != NULL)
      {
        char *normalized = g_regex_replace (regex, lines[i], -1, 0, "\\1=\"\\2\"", 0, NULL);

        if (normalized != NULL)
          {
            g_free (lines[i]);
            lines[i] = normalized;
          }
      }
  return g_steal_pointer (&lines);
}

char *
slices_attach_wizard_diff_xml (const char *old_xml,
                               const char *new_xml)
{
  g_auto(GStrv) a = split_normalized (old_xml);
  g_auto(GStrv) b = split_normalized (new_xml);
  guint n = g_strv_length (a), m = g_strv_length (b);
  guint prefix = 0, suffix = 0;
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (DiffOp));
  g_autoptr(GString) out = g_string_new (NULL);
  guint rn, rm;

  /* A trailing newline gives an empty last piece: not a line. */
  if (n > 0 && *a[n - 1] == '\0')
    n--;
  if (m > 0 && *b[m - 1] == '\0')
    m--;

  while (prefix < n && prefix < m && strcmp (a[prefix], b[prefix]) == 0)
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix &&
         strcmp (a[n - 1 - suffix], b[m - 1 - suffix]) == 0)
    suffix++;
  rn = n - prefix - suffix;
  rm = m - prefix - suffix;

  for (guint i = 0; i < prefix; i++)
    g_array_append_val (ops, ((DiffOp) { ' ', a[i] }));

  if ((guint64) (rn + 1) * (rm + 1) <= 4000000)
    {
      /* Longest common subsequence of the middle part, then walk it. */
      g_autofree guint32 *lcs = g_new0 (guint32, (gsize) (rn + 1) * (rm + 1));
      guint i = 0, j = 0;

#define LCS(x, y) lcs[(gsize) (x) * (rm + 1) + (y)]
      for (int x = rn - 1; x >= 0; x--)
        for (int y = rm - 1; y >= 0; y--)
          LCS (x, y) = strcmp (a[prefix + x], b[prefix + y]) == 0
                         ? LCS (x + 1, y + 1) + 1
                         : MAX (LCS (x + 1, y), LCS (x, y + 1));
      while (i < rn || j < rm)
        {
          if (i < rn && j < rm && strcmp (a[prefix + i], b[prefix + j]) == 0)
            {
              g_array_append_val (ops, ((DiffOp) { ' ', a[prefix + i] }));
              i++, j++;
            }
          else if (i < rn && (j == rm || LCS (i + 1, j) >= LCS (i, j + 1)))
            {
              /* Removed lines first, as diff(1) shows them. */
              g_array_append_val (ops, ((DiffOp) { '-', a[prefix + i] }));
              i++;
            }
          else
            {
              g_array_append_val (ops, ((DiffOp) { '+', b[prefix + j] }));
              j++;
            }
        }
#undef LCS
    }
  else
    {
      for (guint i = 0; i < rn; i++)
        g_array_append_val (ops, ((DiffOp) { '-', a[prefix + i] }));
      for (guint j = 0; j < rm; j++)
        g_array_append_val (ops, ((DiffOp) { '+', b[prefix + j] }));
    }

  for (guint i = 0; i < suffix; i++)
    g_array_append_val (ops, ((DiffOp) { ' ', a[n - suffix + i] }));

  /* Hunks with three lines of context. */
  for (guint k = 0; k < ops->len; )
    {
      guint start, end, last_change, old_line = 1, new_line = 1, old_count = 0, new_count = 0;

      while (k < ops->len && g_array_index (ops, DiffOp, k).op == ' ')
        k++;
      if (k == ops->len)
        break;
      start = k >= 3 ? k - 3 : 0;
      /* Changes closer than seven unchanged lines share a hunk. */
      last_change = k;
      for (guint t = k; t < ops->len; t++)
        {
          if (g_array_index (ops, DiffOp, t).op != ' ')
            last_change = t;
          else if (t - last_change > 6)
            break;
        }
      end = MIN (ops->len, last_change + 1 + 3);

      for (guint t = 0; t < start; t++)
        {
          char op = g_array_index (ops, DiffOp, t).op;

          if (op != '+')
            old_line++;
          if (op != '-')
            new_line++;
        }
      for (guint t = start; t < end; t++)
        {
          char op = g_array_index (ops, DiffOp, t).op;

          if (op != '+')
            old_count++;
          if (op != '-')
            new_count++;
        }
      g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", old_line, old_count, new_line,
                              new_count);
      for (guint t = start; t < end; t++)
        {
          const DiffOp *op = &g_array_index (ops, DiffOp, t);
          g_autofree char *masked = mask_passwords (op->line);

          g_string_append_c (out, op->op);
          g_string_append (out, masked);
          g_string_append_c (out, '\n');
        }
      k = end;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
