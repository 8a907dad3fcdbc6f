/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of Check Setup share and nothing else sees: the page's state, and the few
 * things its one-click fixes (slices-setup-fixes.c) do to it.
 */
#pragma once

#include "slices-setup-groups.h"
#include "slices-setup-page.h"

G_BEGIN_DECLS

struct _SlicesSetupPage
{
  AdwWindow parent_instance;

  GtkWidget *refresh_button;
  GtkSpinner *header_spinner;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  GtkSpinner *page_spinner;
  GtkImage *summary_icon;
  GtkLabel *summary_label;
  GtkLabel *intro_label;
  GtkWidget *page;
  /* One group of rows per SlicesSetupGroup: "This GPU", "Virtual Machines"… */
  AdwPreferencesGroup *groups[SLICES_SETUP_N_GROUPS];
  GtkListBox *lists[SLICES_SETUP_N_GROUPS];

  /* Construct-only properties */
  SlicesDoctor *doctor;
  SlicesHost *host;                 /* may be NULL */
  SlicesPersistence *persistence;
  SlicesHelperClient *helper;       /* NULL: the demo */
  SlicesVmTracker *vms;             /* may be NULL */
  char *vm_recipes_key;             /* what the vm-recipe check was last given */

  GCancellable *cancellable;

  gboolean running;
  gboolean has_run;
  /* What the libvirt check was last told (real mode, from the main window's connection) */
  SlicesLibvirtState libvirt_state;
  char *summary;
  /* Check ids whose rows were expanded: a run makes new rows, which open again. */
  GHashTable *expanded;
  /* SLICES_FIX_ACTION_* ids running now */
  GHashTable *running_actions;

  guint n_toasts;
  char *last_toast;
  /* The check the page was opened at (slices_setup_page_show_check()), or NULL */
  char *highlighted;
  guint scroll_tick_id;
};

/* A toast, counted for tests. */
void slices_setup_page_show_toast          (SlicesSetupPage *self,
                                            const char      *title);
/* A message dialog over the page; nothing for a dismissed password prompt. */
void slices_setup_page_show_error          (SlicesSetupPage *self,
                                            const char      *heading,
                                            const GError    *error);
/* The spinner and the insensitive button of one-click fix @action_id on every row. */
void slices_setup_page_set_action_running  (SlicesSetupPage *self,
                                            const char      *action_id,
                                            gboolean         running);
/* After a fix changed the system: the window reads it again, the page checks again. */
void slices_setup_page_fix_done            (SlicesSetupPage *self);

/* slices-setup-fixes.c: runs the one-click fix @action_id (a SLICES_FIX_ACTION_* id), once at
 * a time. */
void slices_setup_page_run_action          (SlicesSetupPage *self,
                                            const char      *action_id);

G_END_DECLS
