/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test support shared by test-qemu-args and test-libvirt-embed: running real QEMU on a line
 * and judging its errors, and making libvirt's command line runnable without libvirt.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "qemu-check.h"

const char *
qemu_check_binary (void)
{
  static char *binary = NULL;

  if (binary == NULL)
    {
      if (g_file_test ("/usr/bin/qemu-system-x86_64", G_FILE_TEST_IS_EXECUTABLE))
        binary = g_strdup ("/usr/bin/qemu-system-x86_64");
      else
        binary = g_find_program_in_path ("qemu-system-x86_64");
    }
  return binary;
}

typedef struct {
  GMainLoop *loop;
  char *err;
  GError *error;
  gboolean done;
} RunData;

static void
on_communicate_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RunData *data = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &data->err,
                                        &data->error);
  data->done = TRUE;
  g_main_loop_quit (data->loop);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_main_loop_quit (data->loop);
  return G_SOURCE_REMOVE;
}

char *
qemu_check_run (const char * const *argv,
                guint               timeout_s,
                gboolean           *still_running,
                GError            **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (timeout_s);
  RunData data = { loop, NULL, NULL, FALSE };

  g_main_context_push_thread_default (context);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL)
    {
      g_main_context_pop_thread_default (context);
      return NULL;
    }

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicate_cb, &data);
  g_source_set_callback (timeout, on_timeout_cb, &data, NULL);
  g_source_attach (timeout, context);
  g_main_loop_run (loop);
  g_source_destroy (timeout);

  *still_running = !data.done;
  if (!data.done)
    {
      g_subprocess_force_exit (proc);
      while (!data.done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      g_free (data.err);
      return NULL;
    }
  return data.err != NULL ? data.err : g_strdup ("");
}

/* Whether the one error in @stderr_text is QEMU's for the absent device at @sysfs_path. */
static gboolean
only_missing_device (const char  *stderr_text,
                     const char  *sysfs_path,
                     char       **why)
{
  g_auto(GStrv) lines = g_strsplit (stderr_text, "\n", -1);
  g_autofree char *expected = g_strdup_printf ("vfio %s: no such host device: No such file or "
                                               "directory", sysfs_path);
  guint errors = 0;
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line == '\0' || strstr (line, ": warning: ") != NULL)
        continue;
      errors++;
      if (g_str_has_suffix (line, expected))
        found = TRUE;
    }

  if (found && errors == 1)
    return TRUE;

  *why = g_strdup_printf ("expected only “%s”, QEMU said:\n%s", expected, stderr_text);
  return FALSE;
}

gboolean
qemu_check_only_missing_slice (const char  *stderr_text,
                               const char  *uuid,
                               char       **why)
{
  g_autofree char *path = g_strconcat ("/sys/bus/mdev/devices/", uuid, NULL);

  return only_missing_device (stderr_text, path, why);
}

gboolean
qemu_check_only_missing_vf (const char  *stderr_text,
                            const char  *address,
                            char       **why)
{
  g_autofree char *path = g_strconcat ("/sys/bus/pci/devices/", address, NULL);

  return only_missing_device (stderr_text, path, why);
}

/* Drops the keys in @drop from a QEMU "key=value,key=value" option string. */
static char *
drop_option_keys (const char         *options,
                  const char * const *drop)
{
  g_auto(GStrv) parts = g_strsplit (options, ",", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup (parts[i]);
      char *eq = strchr (key, '=');

      if (eq != NULL)
        *eq = '\0';
      if (!g_strv_contains (drop, key))
        g_strv_builder_add (kept, parts[i]);
    }

  result = g_strv_builder_end (kept);
  return g_strjoinv (",", result);
}

/* The value of @key in a QEMU "type,key=value,…" option string, or NULL. */
static char *
option_value (const char *options,
              const char *key)
{
  g_auto(GStrv) parts = g_strsplit (options, ",", -1);
  gsize len = strlen (key);

  for (guint i = 0; parts[i] != NULL; i++)
    if (strncmp (parts[i], key, len) == 0 && parts[i][len] == '=')
      return g_strdup (parts[i] + len + 1);
  return NULL;
}

/* Hyper-V enlightenments that only KVM gives ("kernel doesn't allow setting HyperV VP_INDEX"
 * under TCG, QEMU 7.2); a Windows 11 definition has them. */
static const char * const kvm_only_cpu_drop[] = {
  "hv-vpindex", "hv-synic", "hv-stimer", "hv-stimer-direct", "hv-runtime", "hv-reset",
  "hv-frequencies", "hv-reenlightenment", "hv-tlbflush", "hv-ipi", "hv-evmcs", NULL
};

static const char * const spice_drop[] = {
  "gl", "rendernode", "port", "tls-port", "addr", "unix", "password-secret", "password",
  "x509-dir", "tls-channel", "plaintext-channel", "disable-ticketing", NULL
};

static char *
rewrite_spice (const char *options,
               const char *tmpdir)
{
  g_autofree char *kept = drop_option_keys (options, spice_drop);
  g_autofree char *socket = g_build_filename (tmpdir, "spice.sock", NULL);

  /* Passwords come through libvirt's secrets, which are dropped: no ticketing. */
  return g_strdup_printf ("unix=on,addr=%s,disable-ticketing=on%s%s", socket,
                          *kept != '\0' ? "," : "", kept);
}

static gboolean
is_env_assignment (const char *arg)
{
  const char *eq = strchr (arg, '=');

  if (eq == NULL || eq == arg || arg[0] == '-' || arg[0] == '/')
    return FALSE;
  for (const char *p = arg; p < eq; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static JsonObject *
parse_json_object (const char  *text,
                   JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text[0] != '{' || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* An emulated TPM (-tpmdev emulator) talks to swtpm through its chardev, and only libvirt
 * starts swtpm, when the VM boots: run without it, QEMU stops at the TPM ("tpm-emulator:
 * Failed to send CMD_SET_DATAFD") before it reaches the slice. Collects the ids of each such
 * TPM and of its chardev in @argv, so that the TPM's -chardev, -tpmdev and -device can go: a
 * line then gets the same verdict whether or not swtpm is installed (without it libvirt
 * refuses the TPM at define, FACTS.md §7). */
static void
collect_tpm_emulators (const char * const *argv,
                       GPtrArray          *tpmdevs,
                       GPtrArray          *chardevs)
{
  for (guint i = 0; argv[i] != NULL && argv[i + 1] != NULL; i++)
    {
      char *id;
      char *chardev;

      if (!g_str_equal (argv[i], "-tpmdev") || !g_str_has_prefix (argv[i + 1], "emulator,"))
        continue;
      id = option_value (argv[i + 1], "id");
      chardev = option_value (argv[i + 1], "chardev");
      if (id != NULL)
        g_ptr_array_add (tpmdevs, id);
      if (chardev != NULL)
        g_ptr_array_add (chardevs, chardev);
    }
}

/* TRUE when the -device @val is the front end of one of the TPMs in @tpmdevs. */
static gboolean
is_tpm_device (const char *val,
               GPtrArray  *tpmdevs)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *obj = parse_json_object (val, &parser);
  g_autofree char *tpmdev = NULL;

  if (obj != NULL)
    tpmdev = g_strdup (json_object_get_string_member_with_default (obj, "tpmdev", ""));
  else
    tpmdev = option_value (val, "tpmdev");
  return tpmdev != NULL && g_ptr_array_find_with_equal_func (tpmdevs, tpmdev, g_str_equal, NULL);
}

/* TRUE when the -chardev @val has one of the ids in @ids. */
static gboolean
is_chardev_of (const char *val,
               GPtrArray  *ids)
{
  g_autofree char *id = option_value (val, "id");

  return id != NULL && g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

GStrv
qemu_check_rewrite_libvirt (const char  *native,
                            const char  *tmpdir,
                            GError     **error)
{
  return qemu_check_rewrite_libvirt_vf (native, tmpdir, NULL, error);
}

GStrv
qemu_check_rewrite_libvirt_vf (const char  *native,
                               const char  *tmpdir,
                               const char  *vf_address,
                               GError     **error)
{
  g_autofree char *vf_host = vf_address != NULL ? g_strdup_printf ("\"host\":\"%s\"",
                                                                   vf_address)
                                                : NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GPtrArray) host_devices = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tpmdevs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tpm_chardevs = g_ptr_array_new_with_free_func (g_free);
  guint files = 0;
  guint i = 0;

  if (!g_shell_parse_argv (native, NULL, &argv, error))
    return NULL;

  while (argv[i] != NULL && is_env_assignment (argv[i]))
    i++;
  if (argv[i] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no QEMU binary in: %s", native);
      return NULL;
    }
  g_strv_builder_add (out, argv[i++]);
  collect_tpm_emulators ((const char * const *) argv + i, tpmdevs, tpm_chardevs);

  for (; argv[i] != NULL; i++)
    {
      const char *opt = argv[i];
      const char *val = argv[i + 1];

      if (val == NULL)
        {
          g_strv_builder_add (out, opt);
          continue;
        }

      if (g_str_equal (opt, "-chardev") && g_str_has_prefix (val, "socket,"))
        {
          /* Monitor and guest-agent sockets live in libvirt's runtime folders. */
          i++;
          continue;
        }
      if ((g_str_equal (opt, "-chardev") && is_chardev_of (val, tpm_chardevs)) ||
          (g_str_equal (opt, "-tpmdev") && g_str_has_prefix (val, "emulator,")) ||
          (g_str_equal (opt, "-device") && is_tpm_device (val, tpmdevs)))
        {
          /* The emulated TPM needs swtpm behind it (collect_tpm_emulators()). */
          i++;
          continue;
        }
      if (g_str_equal (opt, "-device") && strstr (val, "\"driver\":\"vfio-pci\"") != NULL &&
          strstr (val, "\"host\":") != NULL)
        {
          /* PCI passthrough of a host device this machine lacks: QEMU stops at the first
           * device it cannot open, so put these last and let the slice be the one it meets. */
          if (vf_host != NULL && strstr (val, vf_host) != NULL)
            g_ptr_array_insert (host_devices, 0, g_strdup (val));
          else
            g_ptr_array_add (host_devices, g_strdup (val));
          i++;
          continue;
        }
      if (g_str_equal (opt, "-mon"))
        {
          i++;
          continue;
        }
      if (g_str_equal (opt, "-display"))
        {
          i++;
          continue;
        }
      if (g_str_equal (opt, "-vnc"))
        {
          g_strv_builder_add_many (out, "-vnc", "none", NULL);
          i++;
          continue;
        }
      if (g_str_equal (opt, "-cpu"))
        {
          g_autofree char *cpu = drop_option_keys (val, kvm_only_cpu_drop);

          g_strv_builder_add_many (out, "-cpu", cpu, NULL);
          i++;
          continue;
        }
      if (g_str_equal (opt, "-spice"))
        {
          g_autofree char *spice = rewrite_spice (val, tmpdir);

          g_strv_builder_add_many (out, "-spice", spice, NULL);
          i++;
          continue;
        }
      if (g_str_equal (opt, "-object") || g_str_equal (opt, "-blockdev") ||
          g_str_equal (opt, "-netdev"))
        {
          g_autoptr(JsonParser) parser = NULL;
          JsonObject *obj = parse_json_object (val, &parser);
          g_autofree char *rewritten = NULL;

          if (obj != NULL && g_str_equal (opt, "-object") &&
              g_strcmp0 (json_object_get_string_member_with_default (obj, "qom-type", ""),
                         "secret") == 0)
            {
              /* Secrets are encrypted with libvirt's per-run master key. */
              i++;
              continue;
            }
          if (obj != NULL && g_str_equal (opt, "-blockdev") &&
              g_strcmp0 (json_object_get_string_member_with_default (obj, "driver", ""),
                         "file") == 0)
            {
              g_autofree char *name = g_strdup_printf ("image-%u.img", files++);
              g_autofree char *path = g_build_filename (tmpdir, name, NULL);
              g_autoptr(GFile) file = g_file_new_for_path (path);
              g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE,
                                                                    G_FILE_CREATE_NONE, NULL,
                                                                    error);

              /* 2 MiB: a valid size for pflash firmware as well as for a disk. */
              if (stream == NULL ||
                  !g_seekable_truncate (G_SEEKABLE (stream), 2 * 1024 * 1024, NULL, error) ||
                  !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
                return NULL;
              json_object_set_string_member (obj, "filename", path);
              rewritten = object_to_string (obj);
            }
          else if (obj != NULL && g_str_equal (opt, "-object") &&
                   g_str_has_prefix (json_object_get_string_member_with_default (obj,
                                                                                 "mem-path",
                                                                                 ""),
                                     "/dev/shm/"))
            {
              /* Looking Glass's shared memory: QEMU would make it in the host's /dev/shm. */
              const char *shm = json_object_get_string_member (obj, "mem-path");
              g_autofree char *path = g_build_filename (tmpdir, shm + strlen ("/dev/shm/"),
                                                        NULL);

              json_object_set_string_member (obj, "mem-path", path);
              rewritten = object_to_string (obj);
            }
          else if (obj != NULL && g_str_equal (opt, "-blockdev") &&
                   g_strcmp0 (json_object_get_string_member_with_default (obj, "driver", ""),
                              "qcow2") == 0)
            {
              json_object_set_string_member (obj, "driver", "raw");
              rewritten = object_to_string (obj);
            }
          else if (obj != NULL && g_str_equal (opt, "-netdev") &&
                   g_strcmp0 (json_object_get_string_member_with_default (obj, "type", ""),
                              "user") != 0)
            {
              /* tap needs root and a bridge; user networking keeps the same netdev id. */
              g_autoptr(JsonObject) user = json_object_new ();

              json_object_set_string_member (user, "type", "user");
              json_object_set_string_member (user, "id",
                                             json_object_get_string_member (obj, "id"));
              rewritten = object_to_string (user);
            }

          g_strv_builder_add_many (out, opt, rewritten != NULL ? rewritten : val, NULL);
          i++;
          continue;
        }

      g_strv_builder_add (out, opt);
    }

  for (guint d = 0; d < host_devices->len; d++)
    g_strv_builder_add_many (out, "-device", host_devices->pdata[d], NULL);
  g_strv_builder_add_many (out, "-display", "none", NULL);
  return g_strv_builder_end (out);
}

GStrv
qemu_check_rewrite_display (const char * const *args,
                            const char         *tmpdir)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *val = args[i + 1];

      if (val != NULL && g_str_equal (args[i], "-display"))
        i++;
      else if (val != NULL && g_str_equal (args[i], "-vnc"))
        {
          g_strv_builder_add_many (out, "-vnc", "none", NULL);
          i++;
        }
      else if (val != NULL && g_str_equal (args[i], "-spice"))
        {
          g_autofree char *spice = rewrite_spice (val, tmpdir);

          g_strv_builder_add_many (out, "-spice", spice, NULL);
          i++;
        }
      else
        g_strv_builder_add (out, args[i]);
    }

  g_strv_builder_add_many (out, "-display", "none", NULL);
  return g_strv_builder_end (out);
}
