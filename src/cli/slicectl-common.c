/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps every slicectl command shares: option contexts with the global options, one-line
 * failure messages, opening the sysfs model and the backend, the checks of the arguments several
 * commands take (UUIDs, PCI addresses, resolutions), and waiting for one asynchronous call.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"
#include "libslices-simulator.h"

#include "slicectl.h"

/* Documented in slices-simulator.h: the simulator keeps its hidden state here. */
#define SIMULATOR_STATE_FILE ".gpu-slices-simulator.ini"

const GOptionEntry *
slicectl_global_entries (SlicectlGlobals *globals)
{
  static GOptionEntry entries[3];

  g_assert (globals != NULL);

  entries[0] = (GOptionEntry) {
    "sysfs-root", 0, 0, G_OPTION_ARG_FILENAME, &globals->sysfs_root,
    N_("Read the sysfs tree in DIR instead of /sys"), N_("DIR")
  };
  entries[1] = (GOptionEntry) {
    "simulate", 0, 0, G_OPTION_ARG_NONE, &globals->simulate,
    N_("Apply writes with the kernel simulator inside --sysfs-root, without the helper"), NULL
  };
  entries[2] = (GOptionEntry) { NULL };

  return entries;
}

const char *
slicectl_exit_status_text (void)
{
  return _("Exit status:\n"
           "  0  success\n"
           "  1  the operation failed (unknown GPU, type or slice, no room, unreadable tree,\n"
           "     helper or authorization failure); nothing was changed unless the message says so\n"
           "  2  usage error (unknown command or option, malformed value)");
}

GOptionContext *
slicectl_command_context_new (const SlicectlCommand *command,
                              SlicectlGlobals       *globals,
                              const GOptionEntry    *entries)
{
  g_autofree char *prgname = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  GOptionContext *context;

  /* The usage line then reads "slicectl create [OPTION…]". */
  prgname = g_strdup_printf ("slicectl %s", command->name);
  g_set_prgname (prgname);

  context = g_option_context_new (command->parameter_string != NULL
                                  ? _(command->parameter_string) : NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, slicectl_global_entries (globals), GETTEXT_PACKAGE);

  g_string_append (description, slicectl_exit_status_text ());
  g_option_context_set_description (context, description->str);

  return context;
}

int
slicectl_command_parse (const SlicectlCommand *command,
                        GOptionContext        *context,
                        int                   *argc,
                        char                ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return slicectl_fail (SLICECTL_EXIT_USAGE, _("%s; see “slicectl %s --help”"),
                          error->message, command->name);

  return SLICECTL_EXIT_OK;
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || c == 0x7f;
}

/* Beyond ASCII: what shows nothing, or changes how the rest shows (bidirectional overrides). */
static gboolean
is_unprintable (gunichar c)
{
  return c >= 0x80 && !g_unichar_isprint (c);
}

gboolean
slicectl_is_printable (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_control (c) || is_unprintable (c))
        return FALSE;
    }

  return TRUE;
}

/* Appends @text with what a terminal would act on escaped; at most @max_chars characters
 * (then "…"), or all of them when @max_chars is 0. With @lines_as_spaces, line breaks become
 * spaces instead. */
static void
append_escaped (GString    *out,
                const char *text,
                guint       max_chars,
                gboolean    lines_as_spaces)
{
  const char *p = text;
  const char *end = text + strlen (text);
  guint n_chars = 0;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (max_chars > 0 && n_chars == max_chars)
        {
          g_string_append (out, "…");
          return;
        }
      n_chars++;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: show the byte. */
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      p = g_utf8_next_char (p);

      if (lines_as_spaces && (c == '\n' || c == '\r'))
        g_string_append_c (out, ' ');
      else if (is_control (c))
        g_string_append_printf (out, "\\x%02x", c);
      else if (c == '\\' && max_chars > 0)
        g_string_append (out, "\\\\");
      else if (is_unprintable (c))
        g_string_append_printf (out, "\\u{%04X}", c);
      else
        g_string_append_unichar (out, c);
    }
}

char *
slicectl_quote_arg (const char *arg)
{
  GString *out;

  g_return_val_if_fail (arg != NULL, NULL);

  out = g_string_new (NULL);
  append_escaped (out, arg, SLICECTL_QUOTE_MAX_CHARS, FALSE);

  return g_string_free (out, FALSE);
}

/* Messages may come from the kernel, the helper or GLib: keep the promise of one line, and
 * never let a terminal escape through. */
static void
print_one_line (const char *message)
{
  g_autofree char *stripped = g_strstrip (g_strdup (message));
  g_autoptr(GString) line = g_string_new (NULL);

  append_escaped (line, stripped, 0, TRUE);
  g_printerr ("slicectl: %s\n", line->str);
}

int
slicectl_fail (int         code,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  print_one_line (message);

  return code;
}

int
slicectl_fail_error (int           code,
                     const GError *error,
                     const char   *format,
                     ...)
{
  g_autofree char *prefix = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  prefix = g_strdup_vprintf (format, args);
  va_end (args);

  message = g_strdup_printf ("%s: %s", prefix, error->message);
  print_one_line (message);

  return code;
}

static int
check_globals (SlicectlGlobals *globals)
{
  if (globals->simulate && globals->sysfs_root == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--simulate needs --sysfs-root DIR: the simulator never writes to "
                            "the real /sys"));

  return SLICECTL_EXIT_OK;
}

static const char *
get_root (SlicectlGlobals *globals)
{
  return globals->sysfs_root != NULL ? globals->sysfs_root : SLICES_DEFAULT_SYSFS_ROOT;
}

int
slicectl_check_tree (SlicectlGlobals *globals)
{
  g_autofree char *devices = NULL;
  g_autofree char *quoted = NULL;
  const char *root;
  int status;

  if ((status = check_globals (globals)) != SLICECTL_EXIT_OK)
    return status;

  root = get_root (globals);
  quoted = slicectl_quote_arg (root);
  if (!g_file_test (root, G_FILE_TEST_IS_DIR))
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("no sysfs tree at %s: the folder does not exist; check --sysfs-root"),
                          quoted);

  devices = g_build_filename (root, "bus", "pci", "devices", NULL);
  if (!g_file_test (devices, G_FILE_TEST_IS_DIR))
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("%s is not a sysfs tree (it has no bus/pci/devices); point "
                            "--sysfs-root at /sys or at a tree made by the simulator"),
                          quoted);

  return SLICECTL_EXIT_OK;
}

int
slicectl_open_host (SlicectlGlobals  *globals,
                    SlicesHost      **out_host)
{
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert (out_host != NULL);

  if ((status = slicectl_check_tree (globals)) != SLICECTL_EXIT_OK)
    return status;

  host = slices_host_new (globals->sysfs_root);
  if (!slices_host_refresh (host, &error))
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not read the GPUs in %s"),
                                get_root (globals));

  *out_host = g_steal_pointer (&host);

  return SLICECTL_EXIT_OK;
}

gboolean
slicectl_is_simulated_tree (const char *root)
{
  g_autofree char *state = g_build_filename (root, SIMULATOR_STATE_FILE, NULL);

  return g_file_test (state, G_FILE_TEST_IS_REGULAR);
}

int
slicectl_open_backend (SlicectlGlobals  *globals,
                       SlicesBackend   **out_backend)
{
  int status;

  g_assert (out_backend != NULL);

  if ((status = check_globals (globals)) != SLICECTL_EXIT_OK)
    return status;

  if (globals->simulate)
    {
      if (!slicectl_is_simulated_tree (globals->sysfs_root))
        {
          g_autofree char *quoted = slicectl_quote_arg (globals->sysfs_root);

          return slicectl_fail (SLICECTL_EXIT_FAILED,
                                _("%s was not made by the simulator (it has no %s), so "
                                  "--simulate cannot write there; nothing was changed"),
                                quoted, SIMULATOR_STATE_FILE);
        }

      *out_backend = SLICES_BACKEND (slices_simulator_new (globals->sysfs_root));
      return SLICECTL_EXIT_OK;
    }

  if (globals->sysfs_root != NULL && g_strcmp0 (globals->sysfs_root, "/sys") != 0)
    {
      g_autofree char *quoted = slicectl_quote_arg (globals->sysfs_root);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("writes to %s need --simulate: the helper only writes to the real "
                              "/sys; nothing was changed"),
                            quoted);
    }

  *out_backend = SLICES_BACKEND (slices_helper_client_new ());

  return SLICECTL_EXIT_OK;
}

char *
slicectl_dup_gpu_addresses (SlicesHost *host)
{
  GListModel *gpus = slices_host_get_gpus (host);
  guint n = g_list_model_get_n_items (gpus);
  g_autoptr(GString) text = g_string_new (NULL);

  if (n == 0)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", slices_gpu_get_address (gpu));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* No display QEMU drives is larger; anything above is a typo. */
#define MAX_RESOLUTION 16384

static gboolean
parse_resolution (const char *text,
                  int        *out_width,
                  int        *out_height)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{1,5})(?:x|X|×)([0-9]{1,5})$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *width = NULL;
  g_autofree char *height = NULL;
  guint64 w, h;

  if (!g_regex_match (regex, text, 0, &match))
    return FALSE;

  width = g_match_info_fetch (match, 1);
  height = g_match_info_fetch (match, 2);
  if (!g_ascii_string_to_unsigned (width, 10, 1, MAX_RESOLUTION, &w, NULL) ||
      !g_ascii_string_to_unsigned (height, 10, 1, MAX_RESOLUTION, &h, NULL))
    return FALSE;

  *out_width = (int) w;
  *out_height = (int) h;

  return TRUE;
}

int
slicectl_fail_usage_arg (const char *format,
                         const char *arg)
{
  g_autofree char *quoted = slicectl_quote_arg (arg);
  g_autofree char *message = NULL;

  /* @format is checked against its one %s where it is written: G_GNUC_PRINTF (1, 0). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  message = g_strdup_printf (format, quoted);
#pragma GCC diagnostic pop

  return slicectl_fail (SLICECTL_EXIT_USAGE, "%s", message);
}

int
slicectl_check_no_arguments (int         argc,
                             char      **argv,
                             const char *format)
{
  if (argc > 1)
    return slicectl_fail_usage_arg (format, argv[1]);

  return SLICECTL_EXIT_OK;
}

/* @arg in the form @canonicalize gives (NULL when @arg is not of that kind). */
static int
check_canonical (const char  *arg,
                 char      *(*canonicalize) (const char *text),
                 const char  *format,
                 char       **out_value)
{
  g_autofree char *value = canonicalize (arg);

  g_assert (out_value != NULL);

  if (value == NULL)
    return slicectl_fail_usage_arg (format, arg);

  *out_value = g_steal_pointer (&value);

  return SLICECTL_EXIT_OK;
}

int
slicectl_check_uuid (const char  *arg,
                     const char  *format,
                     char       **out_uuid)
{
  return check_canonical (arg, slices_uuid_dup_canonical, format, out_uuid);
}

int
slicectl_check_pci_address (const char  *arg,
                            const char  *format,
                            char       **out_address)
{
  return check_canonical (arg, slices_pci_address_dup_canonical, format, out_address);
}

int
slicectl_check_resolution (const char *arg,
                           int        *out_width,
                           int        *out_height)
{
  g_assert (out_width != NULL && out_height != NULL);

  if (!parse_resolution (arg, out_width, out_height))
    return slicectl_fail_usage_arg (_("“%s” is not a resolution; write it as WIDTHxHEIGHT, e.g. "
                                      "1920x1080"), arg);

  return SLICECTL_EXIT_OK;
}

int
slicectl_check_rendernode (const char *arg)
{
  /* QEMU splits its options at commas. */
  if (!g_path_is_absolute (arg) || strchr (arg, ',') != NULL)
    return slicectl_fail_usage_arg (_("“%s” is not a render node; give its absolute path "
                                      "without commas, e.g. /dev/dri/renderD128"), arg);

  return SLICECTL_EXIT_OK;
}

void
slicectl_wait_ready_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  SlicectlWait *wait = user_data;

  g_assert (wait->result == NULL);
  wait->result = g_object_ref (result);
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  SlicectlWait *wait = user_data;

  /* The call then finishes at once, as cancelled (a thread it runs on finishes on its own). */
  wait->timed_out = TRUE;
  g_cancellable_cancel (wait->cancellable);

  return G_SOURCE_REMOVE;
}

GAsyncResult *
slicectl_wait (SlicectlWait *wait,
               guint         timeout_seconds,
               GCancellable *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) timeout = NULL;

  g_assert (wait != NULL);
  g_assert (timeout_seconds == 0 || cancellable != NULL);

  wait->timed_out = FALSE;
  if (timeout_seconds > 0)
    {
      g_set_object (&wait->cancellable, cancellable);
      timeout = g_timeout_source_new_seconds (timeout_seconds);
      g_source_set_callback (timeout, on_wait_timeout_cb, wait, NULL);
      g_source_attach (timeout, context);
    }

  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);

  if (timeout != NULL)
    g_source_destroy (timeout);
  g_clear_object (&wait->cancellable);

  /* The result lives until the next wait: callers pass it straight to their _finish(). */
  g_clear_object (&wait->finished);
  wait->finished = g_steal_pointer (&wait->result);

  return wait->finished;
}

void
slicectl_wait_clear (SlicectlWait *wait)
{
  g_clear_object (&wait->result);
  g_clear_object (&wait->finished);
  g_clear_object (&wait->cancellable);
}

#ifdef SLICECTL_VM
SlicesLibvirt *
slicectl_connect_libvirt (const char  *uri,
                          guint        timeout_seconds,
                          GError     **error)
{
  g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new (uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(SlicectlWait) wait = { 0 };
  GAsyncResult *result;

  slices_libvirt_open_async (libvirt, cancellable, slicectl_wait_ready_cb, &wait);
  result = slicectl_wait (&wait, timeout_seconds, cancellable);

  if (slices_libvirt_open_finish (libvirt, result, &local_error))
    return g_steal_pointer (&libvirt);

  if (wait.timed_out)
    g_set_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING,
                 _("libvirt did not answer at %s within %u seconds."),
                 slices_libvirt_get_uri (libvirt), timeout_seconds);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
#endif

void
slicectl_print_notes (GPtrArray *notes)
{
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    g_printerr (_("note: %s\n"), (const char *) g_ptr_array_index (notes, i));
}
