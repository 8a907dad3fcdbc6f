/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachReviewPage: see slices-attach-review-page.h. The summary's rows are made when the
 * load starts and shown with the job's result, so that the page never shows words for one
 * change beside the diff of another. Domain XML is never logged: it can hold passwords (the
 * diff masks them).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-vm.h"

#include "slices-app-format.h"
#include "slices-attach-review-page.h"
#include "slices-attach-review-vf.h"

struct _SlicesAttachReviewPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel *review_message;
  GtkBox *warnings_box;
  GtkListBox *summary_list;
  GtkBox *notes_box;
  SlicesAttachReviewVf *vf_review;
  GtkExpander *diff_expander;
  GtkTextView *diff_view;

  SlicesAttachJob *job;
  GCancellable *cancellable;  /* the load in flight */
  char *summary;              /* the summary's rows as text */
  char *running_vm;           /* the VM's name when it runs: the change waits for a restart */
  gboolean display_kept;      /* the display replaces one, which the definition keeps */
  gboolean loading;
  gboolean ready;             /* prepared, with a change to apply */
  gboolean complete;          /* as last notified */
};

G_DEFINE_FINAL_TYPE (SlicesAttachReviewPage, slices_attach_review_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static const char *
display_value (SlicesDisplayMode mode,
               gboolean          vf)
{
  switch (mode)
    {
    case SLICES_DISPLAY_MODE_LOOKING_GLASS:
      return _("Looking Glass");
    case SLICES_DISPLAY_MODE_REMOTE:
      return vf ? _("Remote desktop in the guest") : _("Remote");
    case SLICES_DISPLAY_MODE_OFF:
      return _("None");
    case SLICES_DISPLAY_MODE_LOCAL:
    default:
      return _("This computer");
    }
}

static const char *
display_detail (SlicesDisplayMode mode,
                gboolean          vf)
{
  if (vf)
    switch (mode)
      {
      case SLICES_DISPLAY_MODE_LOOKING_GLASS:
        return _("The guest writes its frames to shared memory, which the Looking Glass client "
                 "shows in a window here.");
      case SLICES_DISPLAY_MODE_REMOTE:
        return _("RDP, Sunshine or Parsec inside the guest; its SPICE or VNC stays for the "
                 "console.");
      case SLICES_DISPLAY_MODE_OFF:
      default:
        return _("For computing. The virtual machine’s current display stays as it is.");
      }

  switch (mode)
    {
    case SLICES_DISPLAY_MODE_REMOTE:
      return _("Drawn on this computer’s GPU and viewed over the virtual machine’s VNC or SPICE "
               "server; one is added when it has none.");
    case SLICES_DISPLAY_MODE_OFF:
      return _("For computing, or a remote desktop inside the guest. The virtual machine’s "
               "current display stays as it is.");
    case SLICES_DISPLAY_MODE_LOCAL:
    default:
      return _("SPICE with OpenGL on a local socket; it replaces the virtual machine’s current "
               "display.");
    }
}

/* One line of the summary: @title, @value at the end, @detail (may be NULL) below the title.
 * The plain text (for tests and screen readers) gets "title: value". */
static void
add_summary_row (SlicesAttachReviewPage *self,
                 GString                *text,
                 const char             *title,
                 const char             *value,
                 const char             *detail)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (detail != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  /* Never cut: a long value wraps, but never narrower than a short one needs (a wrapping
   * label gets only its minimum width beside the row's title). */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (value, -1), 16));
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->summary_list, row);

  if (text->len > 0)
    g_string_append_c (text, '\n');
  /* TRANSLATORS: a line of the review's summary as read out, "Virtual Machine: win10" */
  g_string_append_printf (text, _("%s: %s"), title, value);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* The summary of @choice as rows; returns it as plain text. */
static char *
show_summary (SlicesAttachReviewPage   *self,
              const SlicesAttachChoice *choice)
{
  const SlicesAttachOptions *opts = choice->opts;
  const SlicesDomainInfo *vm = choice->vm;
  SlicesSliceType *type = choice->type;
  gboolean vf = choice->vf_gpu_address != NULL;
  g_autofree char *short_uuid = slices_format_short_uuid (choice->slice_uuid);
  g_autofree char *type_text = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (vf)
    /* TRANSLATORS: %s is the GPU's PCI address, "0000:00:02.0" */
    type_text = g_strdup_printf (_("A virtual function of the GPU at %s"),
                                 choice->vf_gpu_address);
  else
    type_text = slices_format_type_text (type, NULL);

  clear_box (GTK_WIDGET (self->summary_list));
  add_summary_row (self, text, _("Virtual Machine"),
                   choice->vm_name != NULL ? choice->vm_name : "", NULL);
  add_summary_row (self, text, _("Slice"), short_uuid, type_text);
  if (opts->replace && vm != NULL && vm->slices != NULL)
    {
      g_autofree char *other = slices_format_short_uuid (vm->slices[0]);

      add_summary_row (self, text, _("Replaces Slice"), other,
                       _("The slice it has now is taken out."));
    }
  add_summary_row (self, text, _("Display"), display_value (opts->display, vf),
                   display_detail (opts->display, vf));

  if (vf && opts->display == SLICES_DISPLAY_MODE_LOOKING_GLASS)
    {
      /* TRANSLATORS: a resolution, "1920 × 1080"; with HDR "1920 × 1080, HDR" */
      g_autofree char *resolution = g_strdup_printf (opts->hdr ? _("%d × %d, HDR") : _("%d × %d"),
                                                     opts->xres, opts->yres);
      /* TRANSLATORS: a size of shared memory, "32 MiB" */
      g_autofree char *size = g_strdup_printf (_("%u MiB"),
                                               slices_domain_looking_glass_mib (opts->xres,
                                                                                opts->yres,
                                                                                opts->hdr));

      add_summary_row (self, text, _("Resolution"), resolution, NULL);
      add_summary_row (self, text, _("Shared Memory"), size,
                       _("A shmem device, /dev/shm/looking‑glass on this computer"));
    }
  else if (!vf && opts->display != SLICES_DISPLAY_MODE_OFF)
    {
      int width = opts->xres, height = opts->yres;

      if (width == 0 && type != NULL)
        {
          width = slices_slice_type_get_width (type);
          height = slices_slice_type_get_height (type);
        }
      if (choice->node_name != NULL)
        add_summary_row (self, text, _("Render Node"), choice->node_name, NULL);
      if (width > 0 && height > 0)
        {
          /* TRANSLATORS: a resolution, "1920 × 1200" */
          g_autofree char *resolution = g_strdup_printf (_("%d × %d"), width, height);

          add_summary_row (self, text, _("Resolution"), resolution, NULL);
        }
      add_summary_row (self, text, _("Boot Display"),
                       opts->ramfb ? _("Shown") : _("Not shown"),
                       opts->ramfb ? _("The firmware’s boot screen shows before the guest’s "
                                       "graphics driver starts.")
                                   : NULL);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A remark (@warning FALSE) or something the user gives up or must do (TRUE): an icon and a
 * wrapping label, warnings on the warning colour. */
static void
add_note (SlicesAttachReviewPage *self,
          gboolean                warning,
          const char             *icon_name,
          const char             *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  if (warning)
    {
      gtk_widget_add_css_class (box, "review-warning");
      gtk_widget_add_css_class (image, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text, -1);
      gtk_box_append (self->warnings_box, box);
    }
  else
    {
      gtk_widget_add_css_class (box, "review-note");
      gtk_widget_add_css_class (box, "dim-label");
      gtk_box_append (self->notes_box, box);
    }
}

static void
clear_notes (SlicesAttachReviewPage *self)
{
  clear_box (GTK_WIDGET (self->notes_box));
  clear_box (GTK_WIDGET (self->warnings_box));
}

/* The warning that stays whatever the job says: a running VM needs a restart. */
static void
add_running_warning (SlicesAttachReviewPage *self)
{
  g_autofree char *text = NULL;

  if (self->running_vm == NULL)
    return;
  /* TRANSLATORS: %s is a VM name */
  text = g_strdup_printf (_("%s is running: the change takes effect once the virtual machine "
                            "is shut down and started again."), self->running_vm);
  add_note (self, TRUE, "dialog-warning-symbolic", text);
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
show_diff (SlicesAttachReviewPage *self,
           const char             *diff)
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
update_complete (SlicesAttachReviewPage *self)
{
  gboolean complete = slices_attach_review_page_get_complete (self);

  if (complete == self->complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

static void
set_loading (SlicesAttachReviewPage *self,
             gboolean                loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The prepared job's notes and diff, or @error (which step failed says the message). */
static void
show_prepared (SlicesAttachReviewPage *self,
               const GError           *error)
{
  SlicesAttachJob *job = self->job;
  GPtrArray *notes = slices_attach_job_get_notes (job);
  g_autofree char *diff = NULL;

  clear_notes (self);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_list), TRUE);
  if (error != NULL)
    {
      add_note (self, TRUE, "dialog-error-symbolic", error->message);
      show_diff (self, "");
      return;
    }

  add_running_warning (self);
  for (guint i = 0; i < notes->len; i++)
    {
      const char *note = g_ptr_array_index (notes, i);

      if (slices_domain_note_is_warning (note))
        add_note (self, TRUE, "dialog-warning-symbolic", note);
      else
        add_note (self, FALSE, "dialog-information-symbolic", note);
    }

  if (!slices_attach_job_has_changes (job))
    {
      add_note (self, FALSE, "dialog-information-symbolic",
                _("The virtual machine already has this slice with these settings: nothing to "
                  "change."));
      show_diff (self, "");
      return;
    }

  if (self->display_kept)
    add_note (self, FALSE, "dialog-information-symbolic",
              _("What the display replaces is kept in the definition, so detaching restores "
                "it."));
  if (slices_libvirt_is_demo (slices_attach_job_get_libvirt (job)) &&
      strstr (slices_attach_job_get_new_xml (job), "<qemu:") != NULL)
    add_note (self, FALSE, "dialog-information-symbolic",
              _("Demo: libvirt’s test driver drops the qemu:* elements when it stores the "
                "definition, but this is exactly what would be sent to a real host."));

  diff = slices_domain_diff (slices_attach_job_get_old_xml (job),
                             slices_attach_job_get_new_xml (job));
  show_diff (self, diff);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_expander), TRUE);
  self->ready = TRUE;
}

/* Callbacks */

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlicesAttachReviewPage) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  g_autoptr(GError) error = NULL;

  /* Cancelled: by Back, a newer load or the page going away; none wants this result. */
  if (!slices_attach_job_prepare_finish (job, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (job != self->job)
    return;

  set_loading (self, FALSE);
  show_prepared (self, error);
  update_complete (self);
}

/* Overrides */

static void
slices_attach_review_page_dispose (GObject *object)
{
  SlicesAttachReviewPage *self = SLICES_ATTACH_REVIEW_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->job);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_REVIEW_PAGE);
  /* A GtkWidget does not drop its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (slices_attach_review_page_parent_class)->dispose (object);
}

static void
slices_attach_review_page_finalize (GObject *object)
{
  SlicesAttachReviewPage *self = SLICES_ATTACH_REVIEW_PAGE (object);

  g_free (self->summary);
  g_free (self->running_vm);

  G_OBJECT_CLASS (slices_attach_review_page_parent_class)->finalize (object);
}

static void
slices_attach_review_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SlicesAttachReviewPage *self = SLICES_ATTACH_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, slices_attach_review_page_get_complete (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_review_page_class_init (SlicesAttachReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags state = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = slices_attach_review_page_dispose;
  object_class->finalize = slices_attach_review_page_finalize;
  object_class->get_property = slices_attach_review_page_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, state);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE, state);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SLICES_TYPE_ATTACH_REVIEW_VF);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, vf_review);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, review_message);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, summary_list);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, diff_expander);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachReviewPage, diff_view);
}

static void
slices_attach_review_page_init (SlicesAttachReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

SlicesAttachReviewPage *
slices_attach_review_page_new (void)
{
  return g_object_new (SLICES_TYPE_ATTACH_REVIEW_PAGE, NULL);
}

void
slices_attach_review_page_load (SlicesAttachReviewPage   *self,
                                SlicesAttachJob          *job,
                                const SlicesAttachChoice *choice)
{
  g_return_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self));
  g_return_if_fail (job == NULL || SLICES_IS_ATTACH_JOB (job));
  g_return_if_fail (choice != NULL && choice->opts != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->job, job);
  self->ready = FALSE;

  g_free (self->summary);
  self->summary = show_summary (self, choice);
  g_free (self->running_vm);
  self->running_vm = choice->vm != NULL && choice->vm->active ? g_strdup (choice->vm_name) : NULL;
  self->display_kept = choice->opts->display != SLICES_DISPLAY_MODE_OFF;
  slices_attach_review_vf_show (self->vf_review, choice->opts->display,
                                choice->vf_gpu_address != NULL ? choice->vf_driver : NULL);
  clear_notes (self);
  show_diff (self, "");
  gtk_expander_set_expanded (self->diff_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_expander), FALSE);

  if (job == NULL)
    {
      add_running_warning (self);
      set_loading (self, FALSE);
      update_complete (self);
      return;
    }

  /* Rows for one change never stand beside the notes of another: hidden until prepared. */
  gtk_widget_set_visible (GTK_WIDGET (self->summary_list), FALSE);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  update_complete (self);
  slices_attach_job_prepare_async (job, self->cancellable, on_prepared_cb, g_object_ref (self));
}

void
slices_attach_review_page_cancel (SlicesAttachReviewPage *self)
{
  g_return_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  update_complete (self);
}

SlicesAttachJob *
slices_attach_review_page_get_job (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return self->job;
}

gboolean
slices_attach_review_page_get_loading (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), FALSE);
  return self->loading;
}

gboolean
slices_attach_review_page_get_complete (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), FALSE);
  return !self->loading && self->ready;
}

void
slices_attach_review_page_set_message (SlicesAttachReviewPage *self,
                                       const char             *message)
{
  g_return_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self));

  gtk_label_set_label (self->review_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->review_message), message != NULL);
}

const char *
slices_attach_review_page_get_summary (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->summary_list)) || self->summary == NULL)
    return "";
  return self->summary;
}

static char *
dup_box_text (GtkBox *box)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_widget_get_last_child (row);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_label (GTK_LABEL (label)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
slices_attach_review_page_dup_notes (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return dup_box_text (self->notes_box);
}

char *
slices_attach_review_page_dup_warnings (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return dup_box_text (self->warnings_box);
}

GtkWidget *
slices_attach_review_page_get_warnings_box (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->warnings_box);
}

GtkExpander *
slices_attach_review_page_get_diff_expander (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return self->diff_expander;
}

GtkTextView *
slices_attach_review_page_get_diff_view (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return self->diff_view;
}

char *
slices_attach_review_page_dup_diff (SlicesAttachReviewPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->diff_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
slices_attach_review_page_get_message (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->review_message)))
    return NULL;
  return gtk_label_get_label (self->review_message);
}

GtkWidget *
slices_attach_review_page_get_vf_review (SlicesAttachReviewPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->vf_review);
}
