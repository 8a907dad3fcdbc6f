/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachDisplayPage: see slices-attach-display-page.h. The render nodes are listed once,
 * when the page is made; the resolutions each time the wizard tells the slice type.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slices-attach-display-page.h"

struct _SlicesAttachDisplayPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  GtkCheckButton *local_check;
  GtkCheckButton *remote_check;
  GtkCheckButton *off_check;
  AdwComboRow *node_row;
  AdwActionRow *node_warning_row;
  AdwComboRow *resolution_row;
  GtkWidget *ramfb_row;
  GtkSwitch *ramfb_switch;
  GtkSwitch *opregion_switch;
  GtkSwitch *mesa_switch;
  GtkWidget *display_group;
  GtkWidget *options_group;
  GtkWidget *vf_display_group;
  GtkCheckButton *looking_glass_check;
  GtkCheckButton *guest_remote_check;
  GtkCheckButton *compute_check;
  GtkWidget *looking_glass_group;
  AdwComboRow *lg_resolution_row;
  GtkSwitch *hdr_switch;
  GtkLabel *shm_label;

  SlicesHost *host;
  SlicesGpu *gpu;
  GPtrArray *nodes;           /* SlicesRenderNode; NULL until constructed */
  GArray *resolutions;        /* pairs of int: 0,0 = the type's own */
  gboolean vf;                /* the slice is an SR-IOV VF: Looking Glass, remote, none */
  gboolean complete;          /* as last notified */
};

G_DEFINE_FINAL_TYPE (SlicesAttachDisplayPage, slices_attach_display_page,
                     ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_HOST,
  PROP_GPU,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Resolutions offered below a type's own, largest first. */
static const struct { int width; int height; } common_resolutions[] = {
  { 1920, 1080 }, { 1680, 1050 }, { 1600, 900 }, { 1440, 900 }, { 1366, 768 },
  { 1280, 1024 }, { 1280, 800 }, { 1280, 720 }, { 1024, 768 }, { 800, 600 },
};

/* Looking Glass's sizes, in the order of the template's resolution row. */
static const struct { int width; int height; } looking_glass_resolutions[] = {
  { 1920, 1080 }, { 2560, 1440 }, { 3840, 2160 },
};

/* Helpers */

static void
get_looking_glass_size (SlicesAttachDisplayPage *self,
                        int                     *width,
                        int                     *height)
{
  guint selected = adw_combo_row_get_selected (self->lg_resolution_row);

  if (selected >= G_N_ELEMENTS (looking_glass_resolutions))
    selected = 0;
  *width = looking_glass_resolutions[selected].width;
  *height = looking_glass_resolutions[selected].height;
}

static SlicesDisplayMode
get_display_mode (SlicesAttachDisplayPage *self)
{
  if (self->vf)
    {
      if (gtk_check_button_get_active (self->guest_remote_check))
        return SLICES_DISPLAY_MODE_REMOTE;
      if (gtk_check_button_get_active (self->compute_check))
        return SLICES_DISPLAY_MODE_OFF;
      return SLICES_DISPLAY_MODE_LOOKING_GLASS;
    }
  if (gtk_check_button_get_active (self->remote_check))
    return SLICES_DISPLAY_MODE_REMOTE;
  if (gtk_check_button_get_active (self->off_check))
    return SLICES_DISPLAY_MODE_OFF;
  return SLICES_DISPLAY_MODE_LOCAL;
}

static SlicesRenderNode *
get_node (SlicesAttachDisplayPage *self)
{
  guint selected = adw_combo_row_get_selected (self->node_row);

  if (self->nodes == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->nodes->len)
    return NULL;
  return g_ptr_array_index (self->nodes, selected);
}

static void
fill_nodes (SlicesAttachDisplayPage *self)
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
update_vf_rows (SlicesAttachDisplayPage *self)
{
  int width, height;
  g_autofree char *size = NULL;

  gtk_widget_set_visible (self->looking_glass_group,
                          get_display_mode (self) == SLICES_DISPLAY_MODE_LOOKING_GLASS);
  get_looking_glass_size (self, &width, &height);
  /* TRANSLATORS: a size of shared memory, "32 MiB" */
  size = g_strdup_printf (_("%u MiB"),
                          slices_domain_looking_glass_mib (width, height,
                                                           gtk_switch_get_active (self->hdr_switch)));
  gtk_label_set_label (self->shm_label, size);
}

static void
update_rows (SlicesAttachDisplayPage *self)
{
  SlicesDisplayMode mode = get_display_mode (self);
  SlicesRenderNode *node = get_node (self);
  const char *warning = node != NULL ? slices_render_node_get_warning (node) : NULL;
  gboolean shown = mode != SLICES_DISPLAY_MODE_OFF;

  gtk_widget_set_visible (self->display_group, !self->vf);
  gtk_widget_set_visible (self->options_group, !self->vf);
  gtk_widget_set_visible (self->vf_display_group, self->vf);
  if (self->vf)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->node_warning_row), FALSE);
      update_vf_rows (self);
      return;
    }
  gtk_widget_set_visible (self->looking_glass_group, FALSE);

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
update_complete (SlicesAttachDisplayPage *self)
{
  gboolean complete = slices_attach_display_page_get_complete (self);

  if (complete == self->complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Callbacks */

static void
on_option_changed_cb (SlicesAttachDisplayPage *self)
{
  /* The template sets its defaults before the nodes are known. */
  if (self->nodes == NULL)
    return;
  update_rows (self);
  update_complete (self);
}

/* Overrides */

static void
slices_attach_display_page_constructed (GObject *object)
{
  SlicesAttachDisplayPage *self = SLICES_ATTACH_DISPLAY_PAGE (object);

  G_OBJECT_CLASS (slices_attach_display_page_parent_class)->constructed (object);

  fill_nodes (self);
  update_rows (self);
  self->complete = slices_attach_display_page_get_complete (self);
}

static void
slices_attach_display_page_dispose (GObject *object)
{
  SlicesAttachDisplayPage *self = SLICES_ATTACH_DISPLAY_PAGE (object);

  g_clear_object (&self->host);
  g_clear_object (&self->gpu);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_DISPLAY_PAGE);

  G_OBJECT_CLASS (slices_attach_display_page_parent_class)->dispose (object);
}

static void
slices_attach_display_page_finalize (GObject *object)
{
  SlicesAttachDisplayPage *self = SLICES_ATTACH_DISPLAY_PAGE (object);

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_array_unref (self->resolutions);

  G_OBJECT_CLASS (slices_attach_display_page_parent_class)->finalize (object);
}

static void
slices_attach_display_page_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SlicesAttachDisplayPage *self = SLICES_ATTACH_DISPLAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;
    case PROP_GPU:
      g_value_set_object (value, self->gpu);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, slices_attach_display_page_get_complete (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_display_page_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SlicesAttachDisplayPage *self = SLICES_ATTACH_DISPLAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_object (value);
      break;
    case PROP_GPU:
      self->gpu = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_display_page_class_init (SlicesAttachDisplayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags model = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = slices_attach_display_page_constructed;
  object_class->dispose = slices_attach_display_page_dispose;
  object_class->finalize = slices_attach_display_page_finalize;
  object_class->get_property = slices_attach_display_page_get_property;
  object_class->set_property = slices_attach_display_page_set_property;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, SLICES_TYPE_HOST, model);
  properties[PROP_GPU] = g_param_spec_object ("gpu", NULL, NULL, SLICES_TYPE_GPU, model);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-display-page.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachDisplayPage, name)
  BIND (local_check);
  BIND (remote_check);
  BIND (off_check);
  BIND (node_row);
  BIND (node_warning_row);
  BIND (resolution_row);
  BIND (ramfb_row);
  BIND (ramfb_switch);
  BIND (opregion_switch);
  BIND (mesa_switch);
  BIND (display_group);
  BIND (options_group);
  BIND (vf_display_group);
  BIND (looking_glass_check);
  BIND (guest_remote_check);
  BIND (compute_check);
  BIND (looking_glass_group);
  BIND (lg_resolution_row);
  BIND (hdr_switch);
  BIND (shm_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_option_changed_cb);
}

static void
on_choice_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
on_choice_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

/* The drop-down lists whole choices: the default cuts them ("1024 × 768 (the slice’…"). */
static void
set_whole_choices (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_choice_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_choice_bind_cb), NULL);
  adw_combo_row_set_list_factory (row, factory);
}

static void
slices_attach_display_page_init (SlicesAttachDisplayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_whole_choices (self->resolution_row);
  set_whole_choices (self->node_row);
  set_whole_choices (self->lg_resolution_row);

  self->resolutions = g_array_new (FALSE, TRUE, sizeof (int));
}

/* Public API */

SlicesAttachDisplayPage *
slices_attach_display_page_new (SlicesHost *host,
                                SlicesGpu  *gpu)
{
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);

  return g_object_new (SLICES_TYPE_ATTACH_DISPLAY_PAGE, "host", host, "gpu", gpu, NULL);
}

void
slices_attach_display_page_set_slice_type (SlicesAttachDisplayPage *self,
                                           SlicesSliceType         *type)
{
  int width, height;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  int zero = 0;

  g_return_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self));

  width = type != NULL ? slices_slice_type_get_width (type) : 0;
  height = type != NULL ? slices_slice_type_get_height (type) : 0;
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

gboolean
slices_attach_display_page_get_complete (SlicesAttachDisplayPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self), FALSE);
  /* A VF's choices need no render node. */
  return self->vf || get_display_mode (self) == SLICES_DISPLAY_MODE_OFF || get_node (self) != NULL;
}

void
slices_attach_display_page_get_options (SlicesAttachDisplayPage *self,
                                        SlicesAttachOptions     *opts)
{
  SlicesRenderNode *node;
  guint selected;

  g_return_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self));
  g_return_if_fail (opts != NULL);

  opts->display = get_display_mode (self);
  if (self->vf)
    {
      opts->rendernode = NULL;
      opts->xres = opts->yres = 0;
      opts->ramfb = opts->opregion = opts->mesa_i965 = FALSE;
      opts->hdr = FALSE;
      if (opts->display == SLICES_DISPLAY_MODE_LOOKING_GLASS)
        {
          get_looking_glass_size (self, &opts->xres, &opts->yres);
          opts->hdr = gtk_switch_get_active (self->hdr_switch);
        }
      return;
    }
  node = get_node (self);
  selected = adw_combo_row_get_selected (self->resolution_row);
  opts->rendernode = node != NULL ? node->path : NULL;
  opts->xres = opts->yres = 0;
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->resolutions->len / 2)
    {
      opts->xres = g_array_index (self->resolutions, int, 2 * selected);
      opts->yres = g_array_index (self->resolutions, int, 2 * selected + 1);
    }
  opts->ramfb = gtk_switch_get_active (self->ramfb_switch);
  opts->opregion = gtk_switch_get_active (self->opregion_switch);
  opts->mesa_i965 = gtk_switch_get_active (self->mesa_switch);
}

const char *
slices_attach_display_page_get_node_name (SlicesAttachDisplayPage *self)
{
  SlicesRenderNode *node;

  g_return_val_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self), NULL);

  node = self->vf ? NULL : get_node (self);
  return node != NULL ? node->name : NULL;
}

void
slices_attach_display_page_choose (SlicesAttachDisplayPage *self,
                                   const char              *mode)
{
  g_return_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self));

  if (self->vf)
    {
      if (g_strcmp0 (mode, "remote") == 0)
        gtk_check_button_set_active (self->guest_remote_check, TRUE);
      else if (g_strcmp0 (mode, "off") == 0)
        gtk_check_button_set_active (self->compute_check, TRUE);
      else
        gtk_check_button_set_active (self->looking_glass_check, TRUE);
      return;
    }
  if (g_strcmp0 (mode, "remote") == 0)
    gtk_check_button_set_active (self->remote_check, TRUE);
  else if (g_strcmp0 (mode, "off") == 0)
    gtk_check_button_set_active (self->off_check, TRUE);
  else
    gtk_check_button_set_active (self->local_check, TRUE);
}

void
slices_attach_display_page_set_vf (SlicesAttachDisplayPage *self,
                                   gboolean                 vf)
{
  g_return_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self));

  self->vf = !!vf;
  update_rows (self);
  update_complete (self);
}

gboolean
slices_attach_display_page_choose_looking_glass (SlicesAttachDisplayPage *self,
                                                 int                      width,
                                                 int                      height,
                                                 gboolean                 hdr)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (looking_glass_resolutions); i++)
    if (looking_glass_resolutions[i].width == width &&
        looking_glass_resolutions[i].height == height)
      {
        gtk_check_button_set_active (self->looking_glass_check, TRUE);
        adw_combo_row_set_selected (self->lg_resolution_row, i);
        gtk_switch_set_active (self->hdr_switch, hdr);
        return TRUE;
      }
  return FALSE;
}

const char *
slices_attach_display_page_get_shared_memory (SlicesAttachDisplayPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_DISPLAY_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->looking_glass_group))
    return NULL;
  return gtk_label_get_label (self->shm_label);
}
