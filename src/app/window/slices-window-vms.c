/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's virtual machines: see slices-window-vms.h. The state hangs on the window as
 * object data so that slices-window.c only calls in at three points (slices-window-private.h).
 */
#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"
#include "libslices-vm.h"

#include "slices-app-format.h"
#include "slices-app-settings.h"
#include "slices-attach-wizard.h"
#include "slices-gpu-page.h"
#include "slices-window-private.h"
#include "slices-window-vms.h"

typedef struct {
  SlicesWindow *window;       /* not owned */
  SlicesVmTracker *tracker;   /* the window's */
  SlicesLibvirt *demo_libvirt[2];   /* by SlicesSimDemo: each world has its own VMs */
  SlicesLibvirt *real_libvirt;
  SlicesLibvirt *forced_libvirt;
  SlicesHost *host;           /* the host whose changes refresh the tracker */
  gboolean auto_connect;
  gboolean failure_shown;

  /* The last change (attach or detach, applied), for Undo. */
  SlicesAttachJob *undo_job;

  /* The VMs that point to a slice that is gone, shown above the page, and what they are
   * ("name\nuuid\n…"), so that the rows are made again only when that changes. */
  GtkListBox *problems;
  char *problems_key;
} VmState;

#define STATE_KEY "slices-window-vms"
#define SLICES_UNDO_TOAST_SECONDS 12

static void
vm_state_free (gpointer data)
{
  VmState *state = data;

  if (state->tracker != NULL)
    g_signal_handlers_disconnect_by_data (state->tracker, state);
  if (state->host != NULL)
    g_signal_handlers_disconnect_by_data (state->host, state);
  g_clear_object (&state->tracker);
  g_clear_object (&state->demo_libvirt[SLICES_SIM_DEMO_GVT]);
  g_clear_object (&state->demo_libvirt[SLICES_SIM_DEMO_SRIOV]);
  g_clear_object (&state->real_libvirt);
  g_clear_object (&state->forced_libvirt);
  g_clear_object (&state->host);
  g_clear_object (&state->undo_job);
  g_free (state->problems_key);
  g_free (state);
}

static void update_problems (VmState *state);

static void
on_tracker_changed_cb (VmState *state)
{
  SlicesVmTracker *tracker = state->tracker;
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (tracker);
  AdwToast *toast;

  update_problems (state);
  /* Tell once per connection, without a dialog: the slices still work without libvirt. */
  if (slices_vm_tracker_get_state (tracker) != SLICES_VM_TRACKER_FAILED)
    {
      if (slices_vm_tracker_get_state (tracker) == SLICES_VM_TRACKER_READY)
        state->failure_shown = FALSE;
      return;
    }
  if (state->failure_shown || libvirt == NULL || slices_libvirt_is_demo (libvirt))
    return;
  /* No daemon usually means libvirt is not used here: the wizard's VM page says so when it
   * matters, without a toast at every start. */
  if (g_error_matches (slices_vm_tracker_get_error (tracker), SLICES_LIBVIRT_ERROR,
                       SLICES_LIBVIRT_ERROR_NOT_RUNNING))
    return;
  state->failure_shown = TRUE;
  toast = adw_toast_new (_("Could not reach the virtual machines"));
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.vm-connection");
  adw_toast_set_timeout (toast, 10);
  slices_window_add_toast (state->window, toast);
}

static VmState *
get_state (SlicesWindow *self)
{
  VmState *state = g_object_get_data (G_OBJECT (self), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (VmState, 1);
      state->window = self;
      state->tracker = g_object_ref (slices_window_get_vm_tracker (self));
      g_signal_connect_swapped (state->tracker, "changed", G_CALLBACK (on_tracker_changed_cb),
                                state);
      g_object_set_data_full (G_OBJECT (self), STATE_KEY, state, vm_state_free);
    }
  return state;
}

char *
slices_window_dup_settings_uri (void)
{
  g_autoptr(GSettings) settings = slices_app_settings_dup ();
  g_autofree char *uri = NULL;

  if (settings != NULL)
    uri = g_settings_get_string (settings, "libvirt-uri");
  if (uri == NULL || *uri == '\0')
    return g_strdup ("qemu:///system");
  return g_steal_pointer (&uri);
}

static void
on_host_changed_cb (VmState *state)
{
  update_problems (state);
  slices_vm_tracker_refresh (state->tracker);
}

/* The VMs that point to a slice that is gone: one row each above the page, with Detach; and
 * those the old GVT-g recipe keeps from starting, with Repair (slices-window-repair.c). */

static GtkWidget *
new_problem_row (const char *domain,
                 const char *uuid)
{
  g_autofree char *short_uuid = slices_format_short_uuid (uuid);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Detach"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), domain);
  /* TRANSLATORS: %s is the first part of a slice's UUID */
  subtitle = g_strdup_printf (_("Points to slice %s, which no longer exists: it will not start "
                                "until the slice is detached"), short_uuid);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.detach-missing-slice");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", domain, uuid);
  /* TRANSLATORS: %s is a VM name */
  {
    g_autofree char *label = g_strdup_printf (_("Detach the missing slice from %s"), domain);

    gtk_widget_set_tooltip_text (button, label);
  }
  /* The row's buttons one above the other, so that its sentences keep room at 360 px. */
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  g_object_set_data (G_OBJECT (row), "buttons", buttons);
  g_object_set_data_full (G_OBJECT (row), "domain", g_strdup (domain), g_free);

  return row;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
update_problems (VmState *state)
{
  GtkRevealer *revealer = slices_window_get_vm_problems (state->window);
  SlicesHost *host = slices_window_get_host (state->window);
  g_autoptr(GHashTable) missing = NULL;
  g_autofree const char **names = NULL;
  guint n_names = 0;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GPtrArray) recipes = NULL;
  GtkWidget *child;

  if (state->problems == NULL)
    {
      GtkWidget *clamp = adw_clamp_new ();

      state->problems = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (state->problems, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (state->problems), "boxed-list");
      /* Lined up with the GPU page below (an AdwPreferencesPage: 600 px, 12 px margins);
       * the bottom margin keeps the list's shadow inside the revealer. */
      adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
      adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 400);
      gtk_widget_set_margin_top (clamp, 12);
      gtk_widget_set_margin_bottom (clamp, 6);
      gtk_widget_set_margin_start (GTK_WIDGET (state->problems), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (state->problems), 12);
      adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (state->problems));
      gtk_revealer_set_child (revealer, clamp);
    }

  /* Only with a list of VMs that is current, and the slices the host really shows. */
  if (host != NULL && slices_vm_tracker_get_state (state->tracker) == SLICES_VM_TRACKER_READY)
    missing = slices_domain_infos_find_missing_slices (
      slices_vm_tracker_get_domains (state->tracker), host);
  if (missing != NULL)
    names = (const char **) g_hash_table_get_keys_as_array (missing, &n_names);
  if (names != NULL)
    qsort (names, n_names, sizeof *names, compare_names);
  for (guint i = 0; i < n_names; i++)
    {
      const char * const *uuids = g_hash_table_lookup (missing, names[i]);

      for (guint j = 0; uuids[j] != NULL; j++)
        g_string_append_printf (key, "%s\n%s\n", names[i], uuids[j]);
    }
  /* And those the old GVT-g recipe keeps from starting, with Repair. */
  recipes = slices_window_repair_find_domains (state->tracker);
  for (guint i = 0; i < recipes->len; i++)
    g_string_append_printf (key, "recipe\n%s\n",
                            ((SlicesDomainInfo *) recipes->pdata[i])->name);
  if (g_strcmp0 (key->str, state->problems_key) == 0)
    return;
  g_free (state->problems_key);
  state->problems_key = g_strdup (key->str);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (state->problems))) != NULL)
    gtk_list_box_remove (state->problems, child);
  for (guint i = 0; i < n_names; i++)
    {
      const char * const *uuids = g_hash_table_lookup (missing, names[i]);

      for (guint j = 0; uuids[j] != NULL; j++)
        {
          GtkWidget *row = new_problem_row (names[i], uuids[j]);

          /* A VM's problems share its row: the list above the page stays short. */
          for (guint k = 0; j == 0 && k < recipes->len; k++)
            if (g_str_equal (((SlicesDomainInfo *) recipes->pdata[k])->name, names[i]))
              slices_window_repair_add_to_row (row, g_ptr_array_steal_index (recipes, k--));
          gtk_list_box_append (state->problems, row);
        }
    }
  for (guint i = 0; i < recipes->len; i++)
    gtk_list_box_append (state->problems, slices_window_repair_new_row (recipes->pdata[i]));
  gtk_revealer_set_reveal_child (revealer, n_names > 0 || recipes->len > 0);
}

static void
connect_source (SlicesWindow *self)
{
  VmState *state = get_state (self);
  SlicesHost *host = slices_window_get_host (self);
  SlicesLibvirt *libvirt = NULL;

  if (host != state->host)
    {
      if (state->host != NULL)
        g_signal_handlers_disconnect_by_data (state->host, state);
      g_set_object (&state->host, host);
      if (host != NULL)
        g_signal_connect_swapped (host, "changed", G_CALLBACK (on_host_changed_cb), state);
    }

  if (state->forced_libvirt != NULL)
    libvirt = state->forced_libvirt;
  else if (slices_window_get_demo (self))
    {
      SlicesSimDemo world = slices_app_session_get_demo_world (slices_window_get_session (self));
      SlicesLibvirt **demo = &state->demo_libvirt[world];

      if (*demo == NULL)
        {
          g_autoptr(GError) error = NULL;

          *demo = world == SLICES_SIM_DEMO_SRIOV ? slices_libvirt_new_demo_sriov (&error)
                                                 : slices_libvirt_new_demo (&error);
          if (*demo == NULL)
            g_message ("The demo has no virtual machines: %s", error->message);
        }
      libvirt = *demo;
    }
  else if (state->auto_connect)
    {
      if (state->real_libvirt == NULL)
        {
          g_autofree char *uri = slices_window_dup_settings_uri ();

          state->real_libvirt = slices_libvirt_new (uri);
        }
      libvirt = state->real_libvirt;
    }

  state->failure_shown = FALSE;
  slices_vm_tracker_set_libvirt (state->tracker, libvirt);
}

/* Undo */

static void
set_undo (SlicesWindow    *self,
          SlicesAttachJob *job)
{
  VmState *state = get_state (self);

  g_set_object (&state->undo_job, job);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-vm-change", job != NULL);
}

/* The toast about @job's slice must not cover its row. */
static void
reveal_job_slice (SlicesWindow    *self,
                  SlicesAttachJob *job)
{
  GtkWidget *page = slices_window_get_gpu_page (self);
  const char *uuid = slices_attach_job_get_slice_uuid (job);

  if (page != NULL && uuid != NULL)
    slices_gpu_page_reveal_slice (SLICES_GPU_PAGE (page), uuid);
}

static void
show_undo_toast (SlicesWindow *self,
                 const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  /* Long enough to reach the button (the default 5 s is not). */
  adw_toast_set_timeout (toast, SLICES_UNDO_TOAST_SECONDS);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-vm-change");
  slices_window_add_toast (self, toast);
}

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  g_autoptr(GError) error = NULL;

  if (!slices_attach_job_undo_finish (job, result, &error))
    {
      const char *domain = slices_attach_job_get_domain (job);
      g_autofree char *body = NULL;

      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        /* TRANSLATORS: %s is a VM name */
        body = g_strdup_printf (_("%s was changed again since then, and undoing would "
                                  "overwrite that change. Nothing was changed."),
                                domain);
      else
        /* TRANSLATORS: %s is libvirt's error, already a sentence */
        body = g_strdup_printf (_("%s\n\nNothing was changed."), error->message);
      slices_window_show_message (self, _("Could Not Undo"), body);
    }
  else
    {
      reveal_job_slice (self, job);
      slices_window_add_toast (self, adw_toast_new (_("Change undone")));
    }
  slices_vm_tracker_refresh (get_state (self)->tracker);
}

static void
undo_vm_change_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  g_autoptr(SlicesAttachJob) job = g_steal_pointer (&get_state (self)->undo_job);

  /* One undo per change: whether it works or not, it is gone. */
  set_undo (self, NULL);
  if (job == NULL)
    return;

  /* On the connection the change was made on, and only over what it wrote (the job checks). */
  slices_attach_job_undo_async (job, NULL, on_undone_cb, g_object_ref (self));
}

void
slices_window_vms_offer_undo (SlicesWindow    *self,
                              SlicesAttachJob *job,
                              const char      *title)
{
  set_undo (self, job);
  show_undo_toast (self, title);
}

/* Attach */

static void
on_wizard_applied_cb (SlicesWindow    *self,
                      SlicesAttachJob *job)
{
  g_autofree char *title = NULL;

  set_undo (self, job);
  reveal_job_slice (self, job);
  /* TRANSLATORS: %s is a VM name */
  title = g_strdup_printf (_("Slice attached to %s"), slices_attach_job_get_domain (job));
  show_undo_toast (self, title);
}


static void
on_wizard_show_connection_cb (SlicesAttachWizard *wizard,
                              SlicesWindow       *self)
{
  slices_window_connection_show (self, GTK_WINDOW (wizard), get_state (self)->tracker);
}

/* The review's guest-driver line: Check Setup at that check. */
static void
on_wizard_show_setup_cb (SlicesAttachWizard *wizard,
                         const char         *check_id,
                         SlicesWindow       *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.check-setup-at", "s", check_id);
}

static void
open_wizard (SlicesWindow *self,
             SlicesGpu    *gpu,
             const char   *uuid)
{
  SlicesAttachWizard *wizard;

  wizard = slices_attach_wizard_new (GTK_WINDOW (self), slices_window_get_host (self),
                                     slices_window_get_backend (self), gpu,
                                     get_state (self)->tracker, uuid);
  g_signal_connect_object (wizard, "applied", G_CALLBACK (on_wizard_applied_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wizard, "show-connection", G_CALLBACK (on_wizard_show_connection_cb),
                           self, 0);
  g_signal_connect_object (wizard, "show-setup", G_CALLBACK (on_wizard_show_setup_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* FALSE when the virtual machines cannot be reached: Attach is off then (and a shortcut or a
 * caller that activates the action anyway gets nothing). */
static gboolean
can_attach (SlicesWindow *self)
{
  return slices_vm_tracker_get_state (get_state (self)->tracker) != SLICES_VM_TRACKER_FAILED;
}

static void
attach_slice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  const char *uuid = g_variant_get_string (parameter, NULL);
  SlicesHost *host = slices_window_get_host (self);
  SlicesSlice *slice = host != NULL ? slices_host_find_slice (host, uuid) : NULL;
  SlicesGpu *gpu = NULL;

  if (host == NULL || !can_attach (self))
    return;
  if (slice != NULL)
    gpu = slices_host_find_gpu (host, slices_slice_get_gpu_address (slice));
  else if (slices_pci_address_is_valid (uuid) &&
           (gpu = slices_host_find_gpu (host, uuid)) == NULL)
    /* A VF (a GPU's own address stays: the wizard refuses it with a message). */
    slices_host_find_vf_for_vm (host, uuid, &gpu, NULL);
  if (gpu != NULL)
    open_wizard (self, gpu, uuid);
}

static void
attach_wizard_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpu *gpu = slices_window_get_current_gpu (self);

  if (!can_attach (self))
    return;
  if (gpu == NULL)
    {
      slices_window_add_toast (self, adw_toast_new (_("There is no GVT-g GPU to take a slice "
                                                      "from")));
      return;
    }
  open_wizard (self, gpu, NULL);
}

/* Detach */

/* Why @job could not detach, from the step that failed. */
static void
show_detach_error (SlicesWindow    *self,
                   SlicesAttachJob *job,
                   const GError    *error)
{
  const char *domain = slices_attach_job_get_domain (job);
  g_autofree char *body = NULL;

  switch (slices_attach_job_get_phase (job))
    {
    case SLICES_ATTACH_JOB_PHASE_EDITING:
      if (g_error_matches (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED))
        {
          /* TRANSLATORS: %s is a VM name */
          body = g_strdup_printf (_("The definition of %s no longer has this slice; the running "
                                    "virtual machine lets go of it when it is shut down."),
                                  domain);
          slices_window_show_message (self, _("Already Detached"), body);
          return;
        }
      break;

    case SLICES_ATTACH_JOB_PHASE_DEFINING:
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        /* TRANSLATORS: %s is a VM name */
        body = g_strdup_printf (_("The definition of %s changed at the same moment. Nothing "
                                  "was changed: look at it again, then detach."),
                                domain);
      else
        body = g_strdup_printf (_("%s\n\nNothing was changed."), error->message);
      break;

    default:
      break;
    }
  slices_window_show_message (self, _("Could Not Detach the Slice"),
                              body != NULL ? body : error->message);
}

static void
on_detached_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  const char *domain = slices_attach_job_get_domain (job);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean detached = slices_attach_job_apply_finish (job, result, &error);
  SlicesAttachJobPhase phase = slices_attach_job_get_phase (job);

  /* Once libvirt was asked to store a definition, the list may have changed. */
  if (phase == SLICES_ATTACH_JOB_PHASE_DEFINING || phase == SLICES_ATTACH_JOB_PHASE_APPLIED)
    slices_vm_tracker_refresh (get_state (self)->tracker);
  if (!detached)
    {
      show_detach_error (self, job, error);
      return;
    }

  set_undo (self, job);
  reveal_job_slice (self, job);
  if (slices_attach_job_get_needs_restart (job))
    /* TRANSLATORS: %s is a VM name */
    title = g_strdup_printf (_("Slice detached from %s; it lets go of it when shut down"),
                             domain);
  else
    title = g_strdup_printf (_("Slice detached from %s"), domain);
  show_undo_toast (self, title);
}

/* No confirmation: Detach changes nothing that its Undo (on the toast, for long enough to
 * reach it) cannot give back. */
static void
detach_slice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  const char *uuid = g_variant_get_string (parameter, NULL);
  SlicesVmTracker *tracker = get_state (self)->tracker;
  const SlicesDomainInfo *user = slices_vm_tracker_find_user (tracker, uuid);
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (tracker);
  g_autoptr(SlicesAttachJob) job = NULL;

  if (user == NULL || libvirt == NULL)
    return;

  /* The definition as it is now, secrets included; a change at the same moment is reported,
   * not worked around. */
  job = slices_attach_job_new_detach (libvirt, user->name, uuid);
  slices_attach_job_set_retries (job, 0);
  slices_attach_job_apply_async (job, NULL, on_detached_cb, g_object_ref (self));
}

/* Detach a slice that is gone from a VM that still points to it (the VM problems' button). */

static void
on_missing_detached_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!slices_attach_job_apply_finish (job, result, &error))
    show_detach_error (self, job, error);
  else
    {
      /* TRANSLATORS: %s is a VM name */
      title = g_strdup_printf (_("%s no longer points to the missing slice"),
                               slices_attach_job_get_domain (job));
      slices_window_add_toast (self, adw_toast_new (title));
    }
  slices_vm_tracker_refresh (get_state (self)->tracker);
}

static void
detach_missing_slice_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (get_state (self)->tracker);
  g_autoptr(SlicesAttachJob) job = NULL;
  const char *domain = NULL;
  const char *uuid = NULL;

  if (libvirt == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &domain, &uuid);
  /* Nothing to confirm: the VM cannot start as it is, and the slice is gone already. */
  job = slices_attach_job_new_detach (libvirt, domain, uuid);
  slices_attach_job_apply_async (job, NULL, on_missing_detached_cb, g_object_ref (self));
}

/* Remove, from the Remove dialog (slices-window-actions.c) */

typedef struct {
  SlicesWindow *self;  /* owned */
  AdwToast *progress;  /* owned; NULL without detaching */
} RemoveCall;

static void
on_removal_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RemoveCall *call = user_data;
  SlicesWindow *self = call->self;
  SlicesRemovalJob *job = SLICES_REMOVAL_JOB (source);
  GPtrArray *detaches = slices_removal_job_get_detaches (job);
  g_autoptr(GError) error = NULL;
  gboolean ok = slices_removal_job_run_finish (job, result, &error);

  if (call->progress != NULL)
    adw_toast_dismiss (call->progress);
  g_clear_object (&call->progress);
  slices_window_refresh (self);
  slices_vm_tracker_refresh (get_state (self)->tracker);

  if (!ok)
    {
      /* Dismissed authentication: the detaches were undone, nothing to say. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        slices_window_show_message (self,
                                    g_error_matches (error, SLICES_ERROR, SLICES_ERROR_IN_USE)
                                    ? _("Slice Is in Use") : _("Could Not Remove Slice"),
                                    error->message);
    }
  else if (detaches->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint i = 0; i < detaches->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                slices_attach_job_get_domain (g_ptr_array_index (detaches, i)));
      /* TRANSLATORS: %s is one or more VM names */
      title = g_strdup_printf (_("Slice detached from %s and removed"), names->str);
      slices_window_add_toast (self, adw_toast_new (title));
    }
  else
    slices_window_add_toast (self, adw_toast_new (_("Slice removed")));

  g_object_unref (call->self);
  g_free (call);
}

GPtrArray *
slices_window_vms_find_holders (SlicesWindow *self,
                                const char   *uuid)
{
  VmState *state = get_state (self);
  GPtrArray *domains = slices_vm_tracker_get_domains (state->tracker);
  GPtrArray *holders = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);

  for (guint i = 0; domains != NULL && i < domains->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (domains, i);

      if (info->defined_slices != NULL
          && g_strv_contains ((const char * const *) info->defined_slices, uuid))
        g_ptr_array_add (holders, slices_domain_info_copy (info));
    }
  return holders;
}

void
slices_window_vms_remove_slice (SlicesWindow *self,
                                const char   *uuid,
                                gboolean      detach)
{
  VmState *state = get_state (self);
  SlicesLibvirt *libvirt = NULL;
  const char *uuids[] = { uuid, NULL };
  g_autoptr(SlicesRemovalJob) job = NULL;
  RemoveCall *call;

  if (slices_vm_tracker_get_state (state->tracker) == SLICES_VM_TRACKER_READY)
    libvirt = slices_vm_tracker_get_libvirt (state->tracker);
  job = slices_removal_job_new (libvirt, uuids);
  slices_removal_job_set_remover (job, slices_window_get_backend (self),
                                  (SlicesRemoveAsyncFunc) slices_backend_remove_async,
                                  (SlicesRemoveFinishFunc) slices_backend_remove_finish);

  call = g_new0 (RemoveCall, 1);
  call->self = g_object_ref (self);
  if (detach && libvirt != NULL)
    {
      /* Reading, redefining and removing take a moment each; say so until it is done. */
      call->progress = adw_toast_new (_("Detaching and removing the slice…"));
      adw_toast_set_timeout (call->progress, 0);
      slices_window_add_toast (self, g_object_ref (call->progress));
    }
  slices_removal_job_run_async (job, detach && libvirt != NULL, NULL, on_removal_done_cb, call);
}

/* The connection: the dialog is slices-window-connection.c */

static void
vm_connection_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  slices_window_connection_show (SLICES_WINDOW (widget), GTK_WINDOW (widget),
                                 get_state (SLICES_WINDOW (widget))->tracker);
}

/* Public API */

void
slices_window_vms_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.attach-slice", "s", attach_slice_action);
  gtk_widget_class_install_action (widget_class, "win.attach-wizard", NULL,
                                   attach_wizard_action);
  gtk_widget_class_install_action (widget_class, "win.detach-slice", "s", detach_slice_action);
  gtk_widget_class_install_action (widget_class, "win.detach-missing-slice", "(ss)",
                                   detach_missing_slice_action);
  gtk_widget_class_install_action (widget_class, "win.undo-vm-change", NULL,
                                   undo_vm_change_action);
  gtk_widget_class_install_action (widget_class, "win.vm-connection", NULL,
                                   vm_connection_action);
}

void
slices_window_vms_set_auto (SlicesWindow *self,
                            gboolean      auto_connect)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));
  get_state (self)->auto_connect = auto_connect;
}

void
slices_window_vms_source_changed (SlicesWindow *self)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));
  connect_source (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-vm-change",
                                 get_state (self)->undo_job != NULL);
}

void
slices_window_vms_reconnect (SlicesWindow *self)
{
  VmState *state;

  g_return_if_fail (SLICES_IS_WINDOW (self));
  state = get_state (self);
  /* A new connection on the next source change, or now. */
  g_clear_object (&state->real_libvirt);
  if (slices_window_get_demo (self))
    slices_window_add_toast (self, adw_toast_new (_("The demo keeps its own virtual machines; "
                                                    "the connection is used when you leave "
                                                    "it")));
  else
    {
      state->auto_connect = TRUE;
      connect_source (self);
    }
}

void
slices_window_set_libvirt (SlicesWindow  *self,
                           SlicesLibvirt *libvirt)
{
  VmState *state;

  g_return_if_fail (SLICES_IS_WINDOW (self));
  state = get_state (self);
  g_set_object (&state->forced_libvirt, libvirt);
  connect_source (self);
}
