/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesApplication: parses the command line, installs the app actions and their
 * accelerators, and opens the window (in demo mode with --demo). SIGINT, SIGTERM and SIGHUP
 * quit the way Ctrl+Q does, so that a demo killed from a terminal or by logging out still
 * removes its simulated system from /tmp.
 */
#include "config.h"

#include <signal.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "libslices-simulator.h"

#include "slices-application.h"
#include "slices-window.h"

struct _SlicesApplication
{
  AdwApplication parent_instance;

  gboolean demo;
  SlicesSimDemo demo_world;
  guint    signal_sources[3];
};

G_DEFINE_FINAL_TYPE (SlicesApplication, slices_application, ADW_TYPE_APPLICATION)

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close the windows so that they save their size. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The GPU Slices developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        /* TRANSLATORS: the app's name, the same in every language */
                        "application-name", _("GPU Slices"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The GPU Slices developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Share an Intel GPU with virtual machines: GVT-g slices "
                                      "and SR-IOV virtual functions."),
                        "website", "https://github.com/gpuslices/GpuSlices",
                        "issue-url", "https://github.com/gpuslices/GpuSlices/issues",
                        /* TRANSLATORS: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static gboolean
on_quit_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

/* --demo, --demo=gvt or --demo=sriov. GApplication gives a callback option no data of its
 * own: the option lands here, and handle_local_options() takes it (one application per
 * process). */
static struct {
  gboolean      given;
  SlicesSimDemo world;
} demo_option;

static gboolean
on_demo_option_cb (const char  *option_name,
                   const char  *value,
                   gpointer     data,
                   GError     **error)
{
  SlicesSimDemo world = SLICES_SIM_DEMO_GVT;

  if (value != NULL && !slices_sim_demo_from_string (value, &world))
    {
      /* TRANSLATORS: --demo=foo; "gvt" and "sriov" stay as they are */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown demo “%s”: choose --demo=gvt (GVT-g) or --demo=sriov (SR-IOV)"),
                   value);
      return FALSE;
    }
  demo_option.given = TRUE;
  demo_option.world = world;
  return TRUE;
}

static int
slices_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  SlicesApplication *self = SLICES_APPLICATION (app);

  self->demo = demo_option.given;
  self->demo_world = demo_option.world;
  return -1;
}

static void
slices_application_activate (GApplication *app)
{
  SlicesApplication *self = SLICES_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (slices_window_new_demo_world (ADW_APPLICATION (app), self->demo,
                                                       self->demo_world));

  gtk_window_present (window);
}

static void
slices_application_startup (GApplication *app)
{
  SlicesApplication *self = SLICES_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *refresh_accels[] = { "F5", NULL };
  static const char *new_slice_accels[] = { "<Control>n", NULL };
  static const char *attach_accels[] = { "<Control><Shift>a", NULL };
  static const char *check_setup_accels[] = { "<Control><Shift>s", NULL };
  static const char *undo_accels[] = { "<Control>z", NULL };
  /* GtkApplication's own for its help overlay: the window loads ours after its first frame. */
  static const char *help_overlay_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (slices_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-slice",
                                         new_slice_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.attach", attach_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.check-setup",
                                         check_setup_accels);
  /* The last attach or detach (the toast's Undo). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.undo-vm-change",
                                         undo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_overlay_accels);

  self->signal_sources[0] = g_unix_signal_add (SIGINT, on_quit_signal, app);
  self->signal_sources[1] = g_unix_signal_add (SIGTERM, on_quit_signal, app);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, on_quit_signal, app);
}

static void
slices_application_shutdown (GApplication *app)
{
  SlicesApplication *self = SLICES_APPLICATION (app);

  for (gsize i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  G_APPLICATION_CLASS (slices_application_parent_class)->shutdown (app);
}

static void
slices_application_class_init (SlicesApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = slices_application_handle_local_options;
  app_class->startup = slices_application_startup;
  app_class->shutdown = slices_application_shutdown;
  app_class->activate = slices_application_activate;
}

static void
slices_application_init (SlicesApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, on_demo_option_cb,
      N_("Show a simulated GPU (gvt: Kaby Lake with GVT-g, the default; sriov: Panther Lake "
         "with SR-IOV); nothing on this computer changes"), "gvt|sriov" },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

SlicesApplication *
slices_application_new (void)
{
  return g_object_new (SLICES_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
