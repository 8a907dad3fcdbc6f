/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachWizard: see slices-attach-wizard.h. The pages are children of one GtkStack,
 * added in constructed() because they take the wizard's models; each says whether it is
 * complete ("complete"), and the header's Next follows the visible one. The choices stay in
 * their pages; the shell reads them when the review opens and makes the job from them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-vm.h"

#include "slices-attach-display-page.h"
#include "slices-attach-done-page.h"
#include "slices-attach-review-page.h"
#include "slices-attach-slice-page.h"
#include "slices-attach-vm-page.h"
#include "slices-attach-wizard.h"

struct _SlicesAttachWizard
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkLabel *step_label;
  GtkWidget *cancel_button;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkWidget *header_spinner;
  GtkStack *stack;

  /* The pages, children of @stack */
  SlicesAttachSlicePage *slice_page;
  SlicesAttachVmPage *vm_page;
  SlicesAttachDisplayPage *display_page;
  SlicesAttachReviewPage *review_page;
  SlicesAttachDonePage *done_page;

  SlicesHost *host;
  SlicesBackend *backend;
  SlicesGpu *gpu;
  SlicesVmTracker *vms;
  char *slice_uuid;          /* the one to start with */
  GCancellable *cancellable; /* the apply; NULL once disposed */

  gboolean applying;
  gboolean rereading;        /* the VM changed under Apply: the review is prepared again */
  gboolean complete;         /* as last notified */
  const char *error_target;  /* the page the error page's button goes back to */
};

G_DEFINE_FINAL_TYPE (SlicesAttachWizard, slices_attach_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_HOST,
  PROP_BACKEND,
  PROP_GPU,
  PROP_VMS,
  PROP_SLICE_UUID,
  PROP_PAGE,
  PROP_COMPLETE,
  PROP_APPLYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  APPLIED,
  SHOW_CONNECTION,
  SHOW_SETUP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PAGE_SLICE,
  PAGE_VM,
  PAGE_DISPLAY,
  PAGE_REVIEW,
  PAGE_APPLY,
};

static const char * const page_names[] = { "slice", "vm", "display", "review", "apply" };

/* Helpers */

static int
page_index (SlicesAttachWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_strcmp0 (name, page_names[i]) == 0)
      return i;
  return PAGE_SLICE;
}

/* A GVT-g slice or an SR-IOV VF is chosen, and the host still has it. */
static gboolean
has_slice (SlicesAttachWizard *self)
{
  return slices_attach_slice_page_get_slice (self->slice_page) != NULL ||
         slices_attach_slice_page_get_vf (self->slice_page) != NULL;
}

/* Tells the display page what the slice page chose. */
static void
pass_slice (SlicesAttachWizard *self)
{
  slices_attach_display_page_set_vf (self->display_page,
                                     slices_attach_slice_page_get_vf (self->slice_page) != NULL);
  slices_attach_display_page_set_slice_type (
    self->display_page, slices_attach_slice_page_get_slice_type (self->slice_page));
}

static gboolean
is_page_complete (SlicesAttachWizard *self,
                  int                 index)
{
  switch (index)
    {
    case PAGE_SLICE:
      return slices_attach_slice_page_get_complete (self->slice_page);
    case PAGE_VM:
      /* The slice can go away while the VM is chosen. */
      return has_slice (self) && slices_attach_vm_page_get_complete (self->vm_page);
    case PAGE_DISPLAY:
      return slices_attach_display_page_get_complete (self->display_page);
    case PAGE_REVIEW:
      return slices_attach_review_page_get_complete (self->review_page);
    case PAGE_APPLY:
    default:
      return !self->applying;
    }
}

static void
update_buttons (SlicesAttachWizard *self)
{
  int index = page_index (self);
  gboolean complete = is_page_complete (self, index);
  gboolean loading = slices_attach_review_page_get_loading (self->review_page);
  gboolean busy = loading || slices_attach_slice_page_get_creating (self->slice_page);
  const char *result = slices_attach_done_page_get_result (self->done_page);
  gboolean finished = index == PAGE_APPLY && g_strcmp0 (result, "progress") != 0;

  gtk_label_set_label (self->step_label,
                       gtk_stack_page_get_title (
                         gtk_stack_get_page (self->stack,
                                             gtk_stack_get_visible_child (self->stack))));

  gtk_widget_set_visible (self->back_button, index > PAGE_SLICE && index < PAGE_APPLY);
  gtk_widget_set_sensitive (self->back_button, !loading);
  gtk_widget_set_visible (self->cancel_button, !finished);
  /* A define cannot be taken back halfway: Cancel waits for it (it takes a moment). */
  gtk_widget_set_sensitive (self->cancel_button, !self->applying);
  gtk_widget_set_visible (self->header_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->header_spinner), busy);

  if (index == PAGE_REVIEW)
    gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Apply"));
  else if (index == PAGE_APPLY)
    gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Close"));
  else
    gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Next"));
  gtk_widget_set_visible (self->next_button, index < PAGE_APPLY || finished);
  gtk_widget_set_sensitive (self->next_button, complete);

  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
show_page (SlicesAttachWizard *self,
           int                 index)
{
  /* Past a page, its choice stays even when what it chose goes away: Apply says so. */
  slices_attach_slice_page_set_passed (self->slice_page, index > PAGE_SLICE);
  slices_attach_vm_page_set_passed (self->vm_page, index > PAGE_VM);
  gtk_stack_set_visible_child_name (self->stack, page_names[index]);
  update_buttons (self);
}

static void
set_applying (SlicesAttachWizard *self,
              gboolean            applying)
{
  if (self->applying == applying)
    return;
  self->applying = applying;
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

/* Prepares the review: a new job from what the pages chose, or @job again (the VM changed
 * under Apply: the same change, computed from the definition as it is now). */
static void
load_review (SlicesAttachWizard *self,
             SlicesAttachJob    *job)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  SlicesSlice *slice = slices_attach_slice_page_get_slice (self->slice_page);
  SlicesVf *vf = slices_attach_slice_page_get_vf (self->slice_page);
  SlicesGpu *vf_gpu = slices_attach_slice_page_get_vf_gpu (self->slice_page);
  SlicesSliceType *type = slices_attach_slice_page_get_slice_type (self->slice_page);
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (self->vms);
  g_autoptr(SlicesAttachJob) new_job = NULL;
  SlicesAttachChoice choice = {
    .slice_uuid = slices_attach_slice_page_get_slice_uuid (self->slice_page),
    .type = type,
    .vm_name = slices_attach_vm_page_get_vm_name (self->vm_page),
    .vm = slices_attach_vm_page_get_vm (self->vm_page),
    .opts = &opts,
    .node_name = slices_attach_display_page_get_node_name (self->display_page),
    .vf_gpu_address = vf_gpu != NULL ? slices_gpu_get_address (vf_gpu) : NULL,
    .vf_driver = vf_gpu != NULL ? slices_sriov_get_driver (slices_gpu_get_sriov (vf_gpu)) : NULL,
  };

  slices_attach_display_page_get_options (self->display_page, &opts);
  opts.replace = slices_attach_vm_page_get_replace (self->vm_page);

  if (job == NULL && (slice != NULL || vf != NULL) && libvirt != NULL && choice.vm_name != NULL)
    {
      int width = type != NULL ? slices_slice_type_get_width (type) : 0;
      int height = type != NULL ? slices_slice_type_get_height (type) : 0;

      /* A VF: its PCI address, no type (slices-domain-edit.h). */
      new_job = slices_attach_job_new_attach (libvirt, choice.vm_name, choice.slice_uuid,
                                              slice != NULL ? slices_slice_get_type_id (slice)
                                                            : NULL,
                                              width, height, &opts);
      /* The user confirms a recomputed change: the review shows it again instead. */
      slices_attach_job_set_retries (new_job, 0);
      job = new_job;
    }
  slices_attach_review_page_load (self->review_page, job, &choice);
}

static void
on_applied_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlicesAttachWizard) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  g_autoptr(GError) error = NULL;

  if (!slices_attach_job_apply_finish (job, result, &error))
    {
      /* The wizard went away (it waits for a define, so nothing was written). */
      if (self->cancellable == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        {
          /* Someone else changed the VM: never overwrite, compute against what is there. The
           * review comes back once it is computed (on_review_loading_cb). */
          self->rereading = TRUE;
          slices_attach_review_page_set_message (
            self->review_page,
            _("The definition of this virtual machine changed while this window was open. The "
              "change below was computed again from the current definition: check it, then "
              "apply again."));
          load_review (self, job);
          return;
        }
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN))
        {
          self->error_target = "vm";
          slices_vm_tracker_refresh (self->vms);
        }
      else
        self->error_target = "review";
      slices_attach_done_page_show_failed (self->done_page, job, error);
      set_applying (self, FALSE);
      update_buttons (self);
      return;
    }

  /* A define that had started when the wizard went away: written, but nobody to tell. */
  if (self->cancellable == NULL)
    return;
  slices_attach_done_page_show_applied (self->done_page, job);
  set_applying (self, FALSE);
  update_buttons (self);

  g_signal_emit (self, signals[APPLIED], 0, job);
  slices_vm_tracker_refresh (self->vms);
}

static void
apply (SlicesAttachWizard *self)
{
  SlicesAttachJob *job = slices_attach_review_page_get_job (self->review_page);

  slices_attach_done_page_show_progress (self->done_page, job);
  slices_attach_review_page_set_message (self->review_page, NULL);
  set_applying (self, TRUE);
  show_page (self, PAGE_APPLY);
  slices_attach_job_apply_async (job, self->cancellable, on_applied_cb, g_object_ref (self));
}

/* Callbacks */

static void
on_page_changed_cb (SlicesAttachWizard *self)
{
  update_buttons (self);
}

static void
on_stack_page_cb (SlicesAttachWizard *self)
{
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_review_loading_cb (SlicesAttachWizard *self)
{
  if (self->rereading && !slices_attach_review_page_get_loading (self->review_page))
    {
      self->rereading = FALSE;
      set_applying (self, FALSE);
      show_page (self, PAGE_REVIEW);
    }
  update_buttons (self);
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

  if (index > PAGE_SLICE && index < PAGE_APPLY)
    {
      slices_attach_review_page_cancel (self->review_page);
      slices_attach_review_page_set_message (self->review_page, NULL);
      show_page (self, index - 1);
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
    case PAGE_SLICE:
      pass_slice (self);
      show_page (self, PAGE_VM);
      break;
    case PAGE_VM:
      show_page (self, PAGE_DISPLAY);
      break;
    case PAGE_DISPLAY:
      slices_attach_review_page_set_message (self->review_page, NULL);
      show_page (self, PAGE_REVIEW);
      load_review (self, NULL);
      break;
    case PAGE_REVIEW:
      apply (self);
      break;
    case PAGE_APPLY:
    default:
      gtk_window_close (GTK_WINDOW (self));
      break;
    }
}

static void
on_choose_again_cb (SlicesAttachWizard *self)
{
  if (g_strcmp0 (self->error_target, "vm") == 0)
    {
      show_page (self, PAGE_VM);
      slices_attach_vm_page_forget_vm (self->vm_page);
    }
  else
    {
      show_page (self, PAGE_REVIEW);
      load_review (self, NULL);
    }
}

static void
connection_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[SHOW_CONNECTION], 0);
}

static void
check_setup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[SHOW_SETUP], 0, g_variant_get_string (parameter, NULL));
}

/* Adds @page to the stack and follows whether it is complete. */
static void
add_page (SlicesAttachWizard *self,
          gpointer            page,
          int                 index,
          const char         *title)
{
  gtk_stack_add_titled (self->stack, GTK_WIDGET (page), page_names[index], title);
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Overrides */

static void
slices_attach_wizard_constructed (GObject *object)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (object);

  G_OBJECT_CLASS (slices_attach_wizard_parent_class)->constructed (object);

  self->slice_page = slices_attach_slice_page_new (self->host, self->backend, self->gpu,
                                                   self->vms, self->slice_uuid);
  self->vm_page = slices_attach_vm_page_new (self->vms);
  self->display_page = slices_attach_display_page_new (self->host, self->gpu);
  self->review_page = slices_attach_review_page_new ();
  self->done_page = slices_attach_done_page_new ();
  add_page (self, self->slice_page, PAGE_SLICE, _("Slice"));
  add_page (self, self->vm_page, PAGE_VM, _("Virtual Machine"));
  add_page (self, self->display_page, PAGE_DISPLAY, _("Display"));
  add_page (self, self->review_page, PAGE_REVIEW, _("Review"));
  add_page (self, self->done_page, PAGE_APPLY, _("Apply"));

  g_object_bind_property (self->slice_page, "slice-uuid", self->vm_page, "slice-uuid",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->slice_page, "notify::creating",
                           G_CALLBACK (on_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_page, "notify::loading",
                           G_CALLBACK (on_review_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->done_page, "choose-again", G_CALLBACK (on_choose_again_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_stack_page_cb), self, G_CONNECT_SWAPPED);

  if (has_slice (self))
    {
      pass_slice (self);
      gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
      show_page (self, PAGE_VM);
      gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
    }
  update_buttons (self);
}

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
  g_clear_object (&self->vms);
  g_clear_object (&self->host);
  g_clear_object (&self->backend);
  g_clear_object (&self->gpu);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_WIZARD);
  self->slice_page = NULL;
  self->vm_page = NULL;
  self->display_page = NULL;
  self->review_page = NULL;
  self->done_page = NULL;

  G_OBJECT_CLASS (slices_attach_wizard_parent_class)->dispose (object);
}

static void
slices_attach_wizard_finalize (GObject *object)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (object);

  g_free (self->slice_uuid);

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
slices_attach_wizard_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SlicesAttachWizard *self = SLICES_ATTACH_WIZARD (object);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_wizard_class_init (SlicesAttachWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags model = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags state = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = slices_attach_wizard_constructed;
  object_class->dispose = slices_attach_wizard_dispose;
  object_class->finalize = slices_attach_wizard_finalize;
  object_class->get_property = slices_attach_wizard_get_property;
  object_class->set_property = slices_attach_wizard_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = slices_attach_wizard_close_request;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, SLICES_TYPE_HOST, model);
  properties[PROP_BACKEND] = g_param_spec_object ("backend", NULL, NULL, SLICES_TYPE_BACKEND,
                                                  model);
  properties[PROP_GPU] = g_param_spec_object ("gpu", NULL, NULL, SLICES_TYPE_GPU, model);
  properties[PROP_VMS] = g_param_spec_object ("vms", NULL, NULL, SLICES_TYPE_VM_TRACKER, model);
  properties[PROP_SLICE_UUID] = g_param_spec_string ("slice-uuid", NULL, NULL, NULL, model);
  properties[PROP_PAGE] = g_param_spec_string ("page", NULL, NULL, NULL, state);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE, state);
  properties[PROP_APPLYING] = g_param_spec_boolean ("applying", NULL, NULL, FALSE, state);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLICES_TYPE_ATTACH_JOB);
  /* The window shows its connection dialog over the wizard. */
  signals[SHOW_CONNECTION] = g_signal_new ("show-connection", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  /* The window opens Check Setup at the check of that id (the review's guest-driver line). */
  signals[SHOW_SETUP] = g_signal_new ("show-setup", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, step_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, header_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachWizard, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);

  gtk_widget_class_install_action (widget_class, "wizard.connection", NULL, connection_action);
  gtk_widget_class_install_action (widget_class, "wizard.check-setup", "s", check_setup_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
slices_attach_wizard_init (SlicesAttachWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
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
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_ATTACH_WIZARD,
                       "transient-for", parent,
                       "host", host,
                       "backend", backend,
                       "gpu", gpu,
                       "vms", vms,
                       "slice-uuid", slice_uuid,
                       NULL);
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
  return slices_attach_vm_page_get_replace_switch (self->vm_page);
}

gboolean
slices_attach_wizard_choose_slice (SlicesAttachWizard *self,
                                   const char         *uuid)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return slices_attach_slice_page_choose (self->slice_page, uuid);
}

gboolean
slices_attach_wizard_choose_vm (SlicesAttachWizard *self,
                                const char         *name)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return slices_attach_vm_page_choose (self->vm_page, name);
}

char *
slices_attach_wizard_dup_vm_status (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_vm_page_dup_status (self->vm_page);
}

void
slices_attach_wizard_choose_display (SlicesAttachWizard *self,
                                     const char         *mode)
{
  g_return_if_fail (SLICES_IS_ATTACH_WIZARD (self));
  slices_attach_display_page_choose (self->display_page, mode);
}

gboolean
slices_attach_wizard_choose_looking_glass (SlicesAttachWizard *self,
                                           int                 width,
                                           int                 height,
                                           gboolean            hdr)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), FALSE);
  return slices_attach_display_page_choose_looking_glass (self->display_page, width, height,
                                                          hdr);
}

const char *
slices_attach_wizard_get_shared_memory (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_display_page_get_shared_memory (self->display_page);
}

char *
slices_attach_wizard_dup_slice_status (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_slice_page_dup_vf_status (self->slice_page);
}

const char *
slices_attach_wizard_get_summary (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_review_page_get_summary (self->review_page);
}

char *
slices_attach_wizard_dup_notes (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_review_page_dup_notes (self->review_page);
}

char *
slices_attach_wizard_dup_diff (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_review_page_dup_diff (self->review_page);
}

const char *
slices_attach_wizard_get_review_message (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_review_page_get_message (self->review_page);
}

GtkWidget *
slices_attach_wizard_get_review_page (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return GTK_WIDGET (self->review_page);
}

const char *
slices_attach_wizard_get_vm_running_note (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_vm_page_get_running_note (self->vm_page);
}

const char *
slices_attach_wizard_get_result (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_done_page_get_result (self->done_page);
}

const char *
slices_attach_wizard_get_result_title (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_done_page_get_title (self->done_page);
}

const char *
slices_attach_wizard_get_result_description (SlicesAttachWizard *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_WIZARD (self), NULL);
  return slices_attach_done_page_get_description (self->done_page);
}
