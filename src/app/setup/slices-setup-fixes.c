/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup's one-click fixes: load kvmgt and make /dev/shm/looking-glass the user's (the
 * helper client, asking for the password), keep every slice after a restart (the
 * persistence), repair the VMs with the old recipe (the window's win.repair-vm). Each runs once
 * at a time, with a spinner on its button; success is a toast and a new run of the checks.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-setup-page-private.h"
#include "slices-setup-vms.h"

/* The one-click fixes the helper carries out, each with its words. */
typedef struct {
  const char *action_id;
  gboolean  (*finish) (SlicesHelperClient *client, GAsyncResult *result, GError **error);
  const char *error_heading;
  const char *done;
} HelperFix;

static const HelperFix helper_fixes[] = {
  /* TRANSLATORS: kvmgt is the name of a kernel module */
  { SLICES_FIX_ACTION_LOAD_KVMGT, slices_helper_client_load_kvmgt_finish,
    N_("Could Not Load kvmgt"), N_("kvmgt loaded") },
  /* TRANSLATORS: Looking Glass's shared memory file, /dev/shm/looking-glass */
  { SLICES_FIX_ACTION_LOOKING_GLASS, slices_helper_client_configure_looking_glass_finish,
    N_("Could Not Set Up Looking Glass"), N_("Shared memory made yours at every boot") },
};

typedef struct {
  SlicesSetupPage *page;
  const HelperFix *fix;
} HelperCall;

static void
on_helper_fix_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree HelperCall *call = user_data;
  g_autoptr(SlicesSetupPage) self = call->page;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = call->fix->finish (SLICES_HELPER_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  slices_setup_page_set_action_running (self, call->fix->action_id, FALSE);
  if (!ok)
    {
      slices_setup_page_show_error (self, _(call->fix->error_heading), error);
      return;
    }

  slices_setup_page_show_toast (self, _(call->fix->done));
  slices_setup_page_fix_done (self);
}

static void
on_keep_all_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlicesSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_kept = 0;
  gboolean ok;

  ok = slices_persistence_keep_all_finish (SLICES_PERSISTENCE (source), result, &n_kept,
                                           &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  slices_setup_page_set_action_running (self, SLICES_FIX_ACTION_PERSIST_SLICES, FALSE);
  if (!ok)
    {
      slices_setup_page_show_error (self, _("Could Not Keep Slices After Restart"), error);
      if (n_kept > 0)
        slices_setup_page_fix_done (self);
      return;
    }

  slices_setup_page_show_toast (self, ngettext ("Slice kept after restart",
                                                "Slices kept after restart", n_kept));
  slices_setup_page_fix_done (self);
}

static void
persist_loose_slices (SlicesSetupPage *self)
{
  if (self->host == NULL)
    return;

  slices_setup_page_set_action_running (self, SLICES_FIX_ACTION_PERSIST_SLICES, TRUE);
  slices_persistence_keep_all_async (self->persistence, self->host, self->cancellable,
                                     on_keep_all_cb, g_object_ref (self));
}

void
slices_setup_page_run_action (SlicesSetupPage *self,
                              const char      *action_id)
{
  if (g_hash_table_contains (self->running_actions, action_id))
    return;

  if (g_strcmp0 (action_id, SLICES_FIX_ACTION_PERSIST_SLICES) == 0)
    {
      persist_loose_slices (self);
      return;
    }
  if (g_strcmp0 (action_id, SLICES_FIX_ACTION_REPAIR_VMS) == 0)
    {
      slices_setup_repair_first_vm (GTK_WIDGET (self), self->vms);
      return;
    }

  if (self->helper == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (SLICES_ERROR, SLICES_ERROR_FAILED,
                                                     _("The demo does not change this "
                                                       "computer: leave the demo to fix the "
                                                       "real system."));

      slices_setup_page_show_error (self, _("Not Available in the Demo"), error);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (helper_fixes); i++)
    {
      HelperCall *call;

      if (!g_str_equal (action_id, helper_fixes[i].action_id))
        continue;
      call = g_new0 (HelperCall, 1);
      call->page = g_object_ref (self);
      call->fix = &helper_fixes[i];
      slices_setup_page_set_action_running (self, action_id, TRUE);
      if (g_str_equal (action_id, SLICES_FIX_ACTION_LOAD_KVMGT))
        slices_helper_client_load_kvmgt_async (self->helper, self->cancellable,
                                               on_helper_fix_cb, call);
      else
        slices_helper_client_configure_looking_glass_async (self->helper,
                                                            slices_doctor_get_user_name (
                                                              self->doctor),
                                                            self->cancellable,
                                                            on_helper_fix_cb, call);
      return;
    }
  g_warning ("Unknown one-click fix %s", action_id);
}

