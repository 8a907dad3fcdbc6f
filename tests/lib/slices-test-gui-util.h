/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers the GTK tests and the screenshot programs share and used to carry their own copy of:
 * finding a toplevel window by type, destroying them all, clicking a message dialog's response,
 * waiting for a window to draw frames, reading the clipboard, and the screenshot
 * programs' start (arguments, translations, X display, stylesheet) and saving a window as a PNG
 * rendered in-process with the window's own renderer. Test code only: failures are assertions.
 * Kept apart from slices-test-util.h, which the GTK-free unit tests link.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GUI test's start: g_test_init(), then GTK and libadwaita where there is a display. */
void       slices_test_gui_init             (int    *argc,
                                             char ***argv);
/* TRUE (and the test marked skipped, with the reason) when there was no display. */
gboolean   slices_test_gui_should_skip      (void);
/* Whether slices_test_gui_init() found a display. */
gboolean   slices_test_gui_available        (void);

/* Runs what is pending in the default main context (idles, redraws) without blocking. */
void       slices_test_flush_main_loop      (void);

/* A SlicesTestCondition: TRUE once @widget (a GtkWidget) is mapped. */
gboolean   slices_test_is_mapped            (gpointer widget);

/* SlicesTestConditions (data unused): whether a SlicesCreateDialog, or an AdwMessageDialog, is
 * open as a visible toplevel, or is not. */
gboolean   slices_test_has_create_dialog      (gpointer data);
/* Check Setup is open. */
gboolean   slices_test_has_setup_page         (gpointer data);
gboolean   slices_test_has_no_create_dialog   (gpointer data);
gboolean   slices_test_has_message_dialog     (gpointer data);
gboolean   slices_test_has_no_message_dialog  (gpointer data);

/* The first visible toplevel window that is a @type (or a subtype), or NULL. Not a new
 * reference. */
GtkWindow *slices_test_find_toplevel        (GType type);

/* Destroys every toplevel window, then flushes the main loop. */
void       slices_test_destroy_all_windows  (void);

/* The first button under @widget (itself included) whose label is @label, or NULL. */
GtkWidget *slices_test_find_button_with_label (GtkWidget  *widget,
                                               const char *label);

/* Clicks the button of @response in an AdwMessageDialog, as a person would (the dialog then
 * closes). Asserts that the button is there. */
void       slices_test_click_response       (GtkWindow  *dialog,
                                             const char *response);

/* Iterates the default main context until @widget has drawn @n_frames frames (so that it is
 * mapped and its layout has settled) or @timeout_seconds pass. Returns FALSE on timeout. */
gboolean   slices_test_wait_for_frames      (GtkWidget *widget,
                                             guint      n_frames,
                                             guint      timeout_seconds);

/* The text on @widget's clipboard, read in the main loop; asserts that the read finished within
 * @timeout_seconds. NULL when the clipboard holds no text. Free with g_free(). */
char      *slices_test_read_clipboard       (GtkWidget *widget,
                                             guint      timeout_seconds);

/* The start of a screenshot program run as `PROGRAM OUTPUT-DIR [LOCALEDIR]`: sets the locale
 * and the text domain, remembers the output folder and the LANGUAGE suffix, initialises GTK and
 * libadwaita with animations off (so SLICES_SCREENSHOT_FRAMES frames settle a window whose
 * content is ready), loads the app's stylesheet as AdwApplication would, and makes the
 * folder. Returns -1 to go on, or the exit code to return at once (2: usage; 77: no X display,
 * with the reason printed). */
#define SLICES_SCREENSHOT_FRAMES 3
int        slices_screenshots_init          (int    argc,
                                             char **argv);

/* Renders @window and saves it as OUTPUT-DIR/@name[-LANGUAGE].png; prints the path and size. */
void       slices_screenshots_save          (GtkWidget  *window,
                                             const char *name);

G_END_DECLS
