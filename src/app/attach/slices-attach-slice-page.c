/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachSlicePage: see slices-attach-slice-page.h. The lists are rebuilt from the
 * GPU (its GVT-g slices) and the host (the VFs of its SR-IOV GPUs) whenever they or the VMs
 * change; the choice is kept by UUID or PCI address across rebuilds.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slices-app-format.h"
#include "slices-attach-rows.h"
#include "slices-attach-slice-page.h"

struct _SlicesAttachSlicePage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  GtkListBox *slices_list;
  GtkWidget *slices_group;
  GtkWidget *vfs_group;
  GtkListBox *vfs_list;
  GtkWidget *new_slice_group;
  AdwComboRow *new_type_row;
  AdwActionRow *create_row;
  GtkWidget *create_button;

  SlicesHost *host;
  SlicesBackend *backend;
  SlicesGpu *gpu;
  SlicesVmTracker *vms;
  GCancellable *cancellable;  /* a create in flight; cancelled when the page goes */

  char *slice_uuid;           /* a GVT-g slice's UUID or a VF's PCI address */
  char *refused;              /* the address the wizard was opened with, refused (a PF) */
  char *refusal;              /* why, in the model's words */
  GtkWidget *refusal_row;     /* saying so, until something is chosen */
  GPtrArray *type_ids;        /* the "new slice" combo's types, in order */
  gboolean rebuilding;        /* list rows are being replaced: ignore their toggles */
  gboolean creating;
  gboolean passed;
  gboolean complete;          /* as last notified */
};

static void on_slice_toggled_cb (SlicesAttachSlicePage *self,
                                 GtkCheckButton        *check);

G_DEFINE_FINAL_TYPE (SlicesAttachSlicePage, slices_attach_slice_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_HOST,
  PROP_BACKEND,
  PROP_GPU,
  PROP_VMS,
  PROP_SLICE_UUID,
  PROP_CREATING,
  PROP_COMPLETE,
  PROP_PASSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
update_complete (SlicesAttachSlicePage *self)
{
  gboolean complete = slices_attach_slice_page_get_complete (self);

  if (complete == self->complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Takes @uuid (may be NULL). */
static void
take_slice_uuid (SlicesAttachSlicePage *self,
                 char                  *uuid)
{
  if (g_strcmp0 (uuid, self->slice_uuid) == 0)
    {
      g_free (uuid);
      return;
    }
  g_free (self->slice_uuid);
  self->slice_uuid = uuid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLICE_UUID]);
}

static void
set_creating (SlicesAttachSlicePage *self,
              gboolean               creating)
{
  if (self->creating == creating)
    return;
  self->creating = creating;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATING]);
}

/* A VF a VM can get now: no VM's definition names it, no process holds it open and the
 * host's xe/i915 does not drive it (the GPU page frees those). */
static gboolean
is_vf_free (SlicesAttachSlicePage *self,
            SlicesVf              *vf)
{
  return slices_vm_tracker_find_user (self->vms, slices_vf_get_address (vf)) == NULL &&
         slices_vf_get_holder (vf) == NULL &&
         !slices_vf_is_host_bound (vf);
}

/* Where @vf is when it cannot be chosen, or NULL. */
static char *
dup_vf_taken (SlicesAttachSlicePage *self,
              SlicesVf              *vf)
{
  const SlicesDomainInfo *user = slices_vm_tracker_find_user (self->vms,
                                                              slices_vf_get_address (vf));

  if (user != NULL)
    /* TRANSLATORS: %s is a VM name */
    return g_strdup_printf (_("Used by %s"), user->name);
  if (slices_vf_get_holder (vf) != NULL)
    /* TRANSLATORS: %s is a process, "qemu-system-x86 (pid 4242)" */
    return g_strdup_printf (_("Held open by %s"), slices_vf_get_holder (vf));
  if (slices_vf_is_host_bound (vf))
    /* TRANSLATORS: %s is a driver, "xe" */
    return g_strdup_printf (_("The host’s %s driver uses it: free it on the GPU’s page first"),
                            slices_vf_get_driver (vf));
  return NULL;
}

/* The VFs of every SR-IOV GPU of the host, in the same radio group as the slices. */
static void
fill_vfs (SlicesAttachSlicePage *self,
          GtkCheckButton        *group)
{
  GListModel *gpus = slices_host_get_gpus (self->host);
  guint n_vfs = 0, n_free = 0;
  gboolean sriov = FALSE;

  slices_attach_rows_clear (self->vfs_list);
  self->refusal_row = NULL;
  if (self->refused != NULL && self->slice_uuid == NULL)
    {
      /* TRANSLATORS: %s is a PCI address, "0000:00:02.0" */
      g_autofree char *title = g_strdup_printf (_("%s cannot be attached"), self->refused);

      self->refusal_row = slices_attach_rows_add_status (self->vfs_list,
                                                         "dialog-error-symbolic", title,
                                                         self->refusal);
    }
  for (guint g = 0; g < g_list_model_get_n_items (gpus); g++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, g);
      SlicesSriov *sriov_gpu = slices_gpu_get_sriov (gpu);
      GListModel *vfs;

      if (sriov_gpu == NULL)
        continue;
      sriov = TRUE;
      vfs = slices_sriov_get_vfs (sriov_gpu);
      for (guint i = 0; i < g_list_model_get_n_items (vfs); i++)
        {
          g_autoptr(SlicesVf) vf = g_list_model_get_item (vfs, i);
          const char *address = slices_vf_get_address (vf);
          g_autofree char *taken = dup_vf_taken (self, vf);
          g_autofree char *gpu_time = slices_format_vf_gpu_time (vf);
          g_autofree char *subtitle = NULL;
          GtkCheckButton *check;

          if (taken != NULL)
            subtitle = g_steal_pointer (&taken);
          else if (gpu_time != NULL)
            /* TRANSLATORS: "Free for virtual machines · GPU time: 20 ms turns" */
            subtitle = g_strdup_printf (_("Free for virtual machines · %s"), gpu_time);
          else
            subtitle = g_strdup (_("Free for virtual machines"));

          check = slices_attach_rows_add_radio (self->vfs_list, address, subtitle, group,
                                                address, G_CALLBACK (on_slice_toggled_cb), self);
          if (group == NULL)
            group = check;
          n_vfs++;
          if (!is_vf_free (self, vf))
            gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                               ADW_TYPE_ACTION_ROW), FALSE);
          else
            n_free++;
          if (g_strcmp0 (address, self->slice_uuid) == 0 && is_vf_free (self, vf))
            gtk_check_button_set_active (check, TRUE);
        }
    }
  if (sriov && n_vfs == 0)
    slices_attach_rows_add_status (self->vfs_list, NULL, _("No virtual functions yet"),
                                   _("Choose how many the GPU makes on its page: they appear "
                                     "here."));
  else if (sriov && n_free == 0)
    slices_attach_rows_add_status (self->vfs_list, NULL,
                                   _("Every virtual function is in use"),
                                   _("Detach one from its virtual machine first, or make more "
                                     "on the GPU’s page."));
  gtk_widget_set_visible (self->vfs_group, sriov || self->refused != NULL);
}

static void
on_slice_toggled_cb (SlicesAttachSlicePage *self,
                     GtkCheckButton        *check)
{
  if (self->rebuilding || !gtk_check_button_get_active (check))
    return;
  /* A choice answers the refusal. */
  g_clear_pointer (&self->refused, g_free);
  if (self->refusal_row != NULL)
    gtk_list_box_remove (self->vfs_list, g_steal_pointer (&self->refusal_row));
  take_slice_uuid (self, g_strdup (slices_attach_rows_get_key (check)));
  update_complete (self);
}

/* Returns the radio group (NULL when there is no slice). */
static GtkCheckButton *
fill_slices (SlicesAttachSlicePage *self)
{
  GListModel *slices = slices_gpu_get_slices (self->gpu);
  GtkCheckButton *group = NULL;
  guint n_free = 0;

  slices_attach_rows_clear (self->slices_list);
  for (guint i = 0; i < g_list_model_get_n_items (slices); i++)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);
      const char *uuid = slices_slice_get_uuid (slice);
      const SlicesDomainInfo *user = slices_vm_tracker_find_user (self->vms, uuid);
      SlicesSliceType *type = slices_gpu_find_type (self->gpu, slices_slice_get_type_id (slice));
      g_autofree char *short_uuid = slices_format_short_uuid (uuid);
      g_autofree char *type_text = slices_format_type_text (type, slices_slice_get_type_id (slice));
      g_autofree char *subtitle = NULL;
      GtkCheckButton *check;

      if (user != NULL)
        /* TRANSLATORS: "1920 × 1200 (GVTg_V5_4) · Used by win10" */
        subtitle = g_strdup_printf (_("%s · Used by %s"), type_text, user->name);
      else
        subtitle = g_strdup (type_text);

      check = slices_attach_rows_add_radio (self->slices_list, short_uuid, subtitle, group, uuid,
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
    slices_attach_rows_add_status (self->slices_list, NULL, _("No slices yet"),
                                   _("Create one below: it appears here."));
  else if (n_free == 0)
    slices_attach_rows_add_status (self->slices_list, NULL, _("Every slice is in use"),
                                   _("Create another one below, or detach a slice from its "
                                     "virtual machine first."));
  return group;
}

/* The types a new slice can have now, keeping the one chosen in the combo. */
static void
fill_types (SlicesAttachSlicePage *self)
{
  GListModel *types = slices_gpu_get_types (self->gpu);
  g_autoptr(GtkStringList) type_names = gtk_string_list_new (NULL);
  g_autofree char *selected_type = NULL;

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
      text = slices_format_type_choice (type);
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
}

static void
rebuild (SlicesAttachSlicePage *self)
{
  /* An SR-IOV GPU makes its slices by its VF count, on its own page: nothing to create here. */
  gboolean gvt = slices_gpu_get_technology (self->gpu) != SLICES_TECHNOLOGY_SRIOV;
  GtkCheckButton *group = NULL;

  self->rebuilding = TRUE;
  gtk_widget_set_visible (self->slices_group, gvt);
  gtk_widget_set_visible (self->new_slice_group, gvt);
  if (gvt)
    {
      group = fill_slices (self);
      fill_types (self);
    }
  fill_vfs (self, group);
  self->rebuilding = FALSE;

  /* The chosen slice went away or got used meanwhile. */
  if (!self->creating && !self->passed &&
      ((slices_attach_slice_page_get_slice (self) == NULL &&
        slices_attach_slice_page_get_vf (self) == NULL) ||
       slices_vm_tracker_find_user (self->vms, self->slice_uuid) != NULL))
    take_slice_uuid (self, NULL);
  update_complete (self);
}

/* Callbacks */

static void
on_create_finished_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SlicesAttachSlicePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean created = slices_backend_create_finish (SLICES_BACKEND (source), result, &error);

  /* The wizard went away. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  set_creating (self, FALSE);
  if (!created)
    {
      take_slice_uuid (self, NULL);
      /* A dismissed password dialog needs no words. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *markup = g_markup_escape_text (error->message, -1);

          adw_action_row_set_subtitle (self->create_row, markup);
        }
      rebuild (self);
      return;
    }

  adw_action_row_set_subtitle (self->create_row, "");
  /* The window follows the host too; refreshing here makes the new slice appear now. */
  slices_host_refresh (self->host, NULL);
  rebuild (self);
}

static void
on_create_clicked_cb (SlicesAttachSlicePage *self)
{
  guint selected = adw_combo_row_get_selected (self->new_type_row);
  g_autofree char *uuid = g_uuid_string_random ();

  if (selected >= self->type_ids->len || self->creating)
    return;

  set_creating (self, TRUE);
  gtk_widget_set_sensitive (self->create_button, FALSE);
  adw_action_row_set_subtitle (self->create_row, "");
  update_complete (self);

  /* The new slice is the chosen one once it exists. */
  slices_backend_create_async (self->backend, slices_gpu_get_address (self->gpu),
                               g_ptr_array_index (self->type_ids, selected), uuid,
                               self->cancellable, on_create_finished_cb, g_object_ref (self));
  take_slice_uuid (self, g_steal_pointer (&uuid));
}

static void
on_gpu_slices_changed_cb (SlicesAttachSlicePage *self)
{
  if (!self->creating)
    rebuild (self);
}

/* Overrides */

static void
slices_attach_slice_page_constructed (GObject *object)
{
  SlicesAttachSlicePage *self = SLICES_ATTACH_SLICE_PAGE (object);

  G_OBJECT_CLASS (slices_attach_slice_page_parent_class)->constructed (object);

  /* Opened with a PCI address that is no VF a VM may get (the GPU itself, above all): say
   * why, and offer the VFs instead. */
  if (self->slice_uuid != NULL && slices_pci_address_is_valid (self->slice_uuid))
    {
      g_autoptr(GError) error = NULL;

      if (slices_host_find_vf_for_vm (self->host, self->slice_uuid, NULL, &error) == NULL)
        {
          self->refused = g_steal_pointer (&self->slice_uuid);
          self->refusal = g_strdup (error->message);
        }
    }

  g_signal_connect_object (self->vms, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (slices_gpu_get_slices (self->gpu), "items-changed",
                           G_CALLBACK (on_gpu_slices_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
slices_attach_slice_page_dispose (GObject *object)
{
  SlicesAttachSlicePage *self = SLICES_ATTACH_SLICE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->host);
  g_clear_object (&self->backend);
  g_clear_object (&self->gpu);
  g_clear_object (&self->vms);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_SLICE_PAGE);

  G_OBJECT_CLASS (slices_attach_slice_page_parent_class)->dispose (object);
}

static void
slices_attach_slice_page_finalize (GObject *object)
{
  SlicesAttachSlicePage *self = SLICES_ATTACH_SLICE_PAGE (object);

  g_free (self->slice_uuid);
  g_free (self->refused);
  g_free (self->refusal);
  g_ptr_array_unref (self->type_ids);

  G_OBJECT_CLASS (slices_attach_slice_page_parent_class)->finalize (object);
}

static void
slices_attach_slice_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SlicesAttachSlicePage *self = SLICES_ATTACH_SLICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;
    case PROP_BACKEND:
      g_value_set_object (value, self->backend);
      break;
    case PROP_GPU:
      g_value_set_object (value, self->gpu);
      break;
    case PROP_VMS:
      g_value_set_object (value, self->vms);
      break;
    case PROP_SLICE_UUID:
      g_value_set_string (value, self->slice_uuid);
      break;
    case PROP_CREATING:
      g_value_set_boolean (value, self->creating);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, slices_attach_slice_page_get_complete (self));
      break;
    case PROP_PASSED:
      g_value_set_boolean (value, self->passed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_slice_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SlicesAttachSlicePage *self = SLICES_ATTACH_SLICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_object (value);
      break;
    case PROP_BACKEND:
      self->backend = g_value_dup_object (value);
      break;
    case PROP_GPU:
      self->gpu = g_value_dup_object (value);
      break;
    case PROP_VMS:
      self->vms = g_value_dup_object (value);
      break;
    case PROP_SLICE_UUID:
      self->slice_uuid = g_value_dup_string (value);
      break;
    case PROP_PASSED:
      slices_attach_slice_page_set_passed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_slice_page_class_init (SlicesAttachSlicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags model = G_PARAM_WRITABLE | G_PARAM_READABLE | G_PARAM_CONSTRUCT_ONLY |
                      G_PARAM_STATIC_STRINGS;
  GParamFlags state = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = slices_attach_slice_page_constructed;
  object_class->dispose = slices_attach_slice_page_dispose;
  object_class->finalize = slices_attach_slice_page_finalize;
  object_class->get_property = slices_attach_slice_page_get_property;
  object_class->set_property = slices_attach_slice_page_set_property;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, SLICES_TYPE_HOST, model);
  properties[PROP_BACKEND] = g_param_spec_object ("backend", NULL, NULL, SLICES_TYPE_BACKEND,
                                                  model);
  properties[PROP_GPU] = g_param_spec_object ("gpu", NULL, NULL, SLICES_TYPE_GPU, model);
  properties[PROP_VMS] = g_param_spec_object ("vms", NULL, NULL, SLICES_TYPE_VM_TRACKER, model);
  properties[PROP_SLICE_UUID] =
    g_param_spec_string ("slice-uuid", NULL, NULL, NULL,
                         model | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREATING] = g_param_spec_boolean ("creating", NULL, NULL, FALSE, state);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE, state);
  properties[PROP_PASSED] =
    g_param_spec_boolean ("passed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-slice-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, slices_list);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, slices_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, vfs_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, vfs_list);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, new_slice_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, new_type_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, create_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachSlicePage, create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked_cb);
}

/* The type choices wrap instead of being cut: two 1920 × 1200 types differ only after it. */
static void
on_type_item_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
on_type_item_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (text));
}

static void
slices_attach_slice_page_init (SlicesAttachSlicePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (on_type_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_type_item_bind_cb), NULL);
  adw_combo_row_set_list_factory (self->new_type_row, factory);

  self->cancellable = g_cancellable_new ();
  self->type_ids = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

SlicesAttachSlicePage *
slices_attach_slice_page_new (SlicesHost      *host,
                              SlicesBackend   *backend,
                              SlicesGpu       *gpu,
                              SlicesVmTracker *vms,
                              const char      *slice_uuid)
{
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_ATTACH_SLICE_PAGE,
                       "host", host,
                       "backend", backend,
                       "gpu", gpu,
                       "vms", vms,
                       "slice-uuid", slice_uuid,
                       NULL);
}

const char *
slices_attach_slice_page_get_slice_uuid (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);
  return self->slice_uuid;
}

SlicesSlice *
slices_attach_slice_page_get_slice (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);
  return self->slice_uuid != NULL ? slices_gpu_find_slice (self->gpu, self->slice_uuid) : NULL;
}

SlicesSliceType *
slices_attach_slice_page_get_slice_type (SlicesAttachSlicePage *self)
{
  SlicesSlice *slice;

  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);

  slice = slices_attach_slice_page_get_slice (self);
  return slice != NULL ? slices_gpu_find_type (self->gpu, slices_slice_get_type_id (slice)) : NULL;
}

gboolean
slices_attach_slice_page_get_creating (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), FALSE);
  return self->creating;
}

gboolean
slices_attach_slice_page_get_complete (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), FALSE);
  return (slices_attach_slice_page_get_slice (self) != NULL ||
          slices_attach_slice_page_get_vf (self) != NULL) && !self->creating;
}

SlicesVf *
slices_attach_slice_page_get_vf (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);

  if (self->slice_uuid == NULL || !slices_pci_address_is_valid (self->slice_uuid))
    return NULL;
  return slices_host_find_vf (self->host, self->slice_uuid);
}

SlicesGpu *
slices_attach_slice_page_get_vf_gpu (SlicesAttachSlicePage *self)
{
  SlicesGpu *gpu = NULL;

  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);

  if (slices_attach_slice_page_get_vf (self) == NULL ||
      slices_host_find_vf_for_vm (self->host, self->slice_uuid, &gpu, NULL) == NULL)
    return NULL;
  return gpu;
}

const char *
slices_attach_slice_page_get_refused (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);
  return self->slice_uuid == NULL ? self->refused : NULL;
}

char *
slices_attach_slice_page_dup_vf_status (SlicesAttachSlicePage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), NULL);
  return slices_attach_rows_dup_status (self->vfs_list);
}

void
slices_attach_slice_page_set_passed (SlicesAttachSlicePage *self,
                                     gboolean               passed)
{
  g_return_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self));

  passed = !!passed;
  if (self->passed == passed)
    return;
  self->passed = passed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSED]);
}

gboolean
slices_attach_slice_page_choose (SlicesAttachSlicePage *self,
                                 const char            *uuid)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_SLICE_PAGE (self), FALSE);
  return slices_attach_rows_choose (self->slices_list, uuid) ||
         slices_attach_rows_choose (self->vfs_list, uuid);
}
