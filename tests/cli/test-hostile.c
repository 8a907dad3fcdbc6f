/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hostile input, enumerated (issue 6), for everything but the root helper (that is
 * test-hostile-helper.c):
 *   - slicectl, run as a user runs it, with look-alike, control-character, huge and misplaced
 *     arguments and a hostile environment: its documented exit code (1 failed, 2 usage), one
 *     line on stderr, and the simulated tree byte-identical afterwards;
 *   - malformed trees (unreadable files, garbage in available_instances, a 1 MB description,
 *     loops of symlinks, FIFOs): discovery and `slicectl list` never crash or hang, show
 *     "unknown" rather than inventing a number, and change nothing;
 *   - domain XML that is not XML, not a domain, huge, deeply nested, with a DOCTYPE, entities or
 *     XInclude (no expansion, no network), another namespace bound to the `qemu` prefix, or two
 *     qemu:commandline blocks: a clear error or a correct edit, never a crash.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "slices-domain-edit.h"
#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-simulator.h"
#include "slices-slice-type.h"
#include "slices-sysfs.h"
#include "slices-test-util.h"

#define GPU     "0000:00:02.0"
#define TYPE    "i915-GVTg_V5_4"
#define SLICE   "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define TYPES   "devices/pci0000:00/" GPU "/mdev_supported_types"

/* Linux refuses a single argument of MAX_ARG_STRLEN (32 pages) or more. */
#define LONGEST_ARG (32 * 4096 - 1)
#define HUGE_ARG "@huge@"

#define FW_0     "\xef\xbc\x90"   /* U+FF10 FULLWIDTH DIGIT ZERO */
#define CYR_A    "\xd0\xb0"       /* U+0430 CYRILLIC SMALL LETTER A */
#define CYR_I    "\xd1\x96"       /* U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I */
#define RATIO    "\xe2\x88\xb6"   /* U+2236 RATIO */
#define HYPHEN   "\xe2\x80\x90"   /* U+2010 HYPHEN */
#define ZWSP     "\xe2\x80\x8b"   /* U+200B ZERO WIDTH SPACE */

/* --- trees and runs ----------------------------------------------------------------------- */

typedef struct {
  char *root;
} Tree;

static void
tree_free (Tree *tree)
{
  slices_test_remove_tree (tree->root);
  g_free (tree->root);
  g_free (tree);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tree, tree_free)

/* The demo Kaby Lake with one slice of TYPE. */
static Tree *
tree_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  Tree *tree = g_new0 (Tree, 1);
  SlicesSimGpuSpec spec;

  tree->root = g_dir_make_tmp ("test-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  simulator = slices_simulator_new (tree->root);
  slices_sim_gpu_spec_init (&spec, GPU);
  slices_simulator_add_gpu (simulator, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpint (slices_simulator_write_create (simulator, GPU, TYPE, SLICE "\n", 37), ==, 0);
  return tree;
}

static char *
tree_path (Tree       *tree,
           const char *relative)
{
  return g_build_filename (tree->root, relative, NULL);
}

static void
tree_write (Tree       *tree,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = tree_path (tree, relative);
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
tree_replace_with_link (Tree       *tree,
                        const char *relative,
                        const char *target)
{
  g_autofree char *path = tree_path (tree, relative);

  slices_test_remove_tree (path);
  g_unlink (path);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* Every entry with its kind, mode, link target or contents; FIFOs are never opened. */
static char *
snapshot (Tree *tree)
{
  return slices_test_snapshot (tree->root);
}

typedef struct {
  int code;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs slicectl with @args (NULL-terminated, HUGE_ARG replaced), "@root@" replaced by the
 * tree's root. */
static void
run_slicectl (Tree               *tree,
              const char * const *args,
              char              **envp,
              Run                *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  int status = 0;

  run_clear (run);
  g_ptr_array_add (argv, g_strdup (SLICECTL_PATH));
  for (guint i = 0; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], HUGE_ARG))
        g_ptr_array_add (argv, g_strnfill (LONGEST_ARG, 'a'));
      else if (g_str_equal (args[i], "@root@"))
        g_ptr_array_add (argv, g_strdup (tree->root));
      else
        g_ptr_array_add (argv, g_strdup (args[i]));
    }
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &status, &error);
  g_assert_no_error (error);
  /* Shortened and on one line: a huge argument comes back in the message. */
  shown = g_strdelimit (g_strndup (run->err, 300), "\n", ' ');
  g_test_message ("slicectl exit status %d, stderr: %s", status, shown);
  /* Never a crash, whatever the input. */
  g_assert_true (WIFEXITED (status));
  run->code = WEXITSTATUS (status);
}

/* One line for people, in valid UTF-8. */
static void
assert_one_line (const char *text)
{
  gsize len = strlen (text);

  g_assert_cmpuint (len, >, 1);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (strchr (text, '\n') == text + len - 1);
}

/* A terminal escape in an argument must not reach the terminal raw. */
static gboolean
has_control_characters (const char *line)
{
  for (const char *c = line; *c != '\0' && *c != '\n'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      return TRUE;
  return FALSE;
}

/* --- slicectl arguments ------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *args[12];
  int code;
} SlicectlCase;

#define SIM "--sysfs-root", "@root@", "--simulate"

static const SlicectlCase slicectl_cases[] = {
  { "gpu-fullwidth-digit", { SIM, "create", "--gpu", "0000:00:" FW_0 "2.0", "--type", TYPE }, 2 },
  { "gpu-ratio-colons", { SIM, "create", "--gpu", "0000" RATIO "00" RATIO "02.0", "--type",
                          TYPE }, 2 },
  { "gpu-control-characters", { SIM, "create", "--gpu", "0000:00:02.0\x1b[2J", "--type",
                                TYPE }, 2 },
  { "gpu-huge", { SIM, "create", "--gpu", HUGE_ARG, "--type", TYPE }, 2 },
  { "gpu-traversal", { SIM, "create", "--gpu", "../../../../devices", "--type", TYPE }, 2 },
  { "type-cyrillic-i", { SIM, "create", "--gpu", GPU, "--type", CYR_I "915-GVTg_V5_4" }, 1 },
  { "type-zero-width-space", { SIM, "create", "--gpu", GPU, "--type",
                               "i915-GVTg" ZWSP "_V5_4" }, 1 },
  { "type-traversal", { SIM, "create", "--gpu", GPU, "--type", "../" TYPE }, 1 },
  { "type-huge", { SIM, "create", "--gpu", GPU, "--type", HUGE_ARG }, 1 },
  { "type-escape-sequence", { SIM, "create", "--gpu", GPU, "--type", "\x1b]0;title\x07" }, 1 },
  { "uuid-fullwidth-digit", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--uuid",
                              FW_0 "f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a9" }, 2 },
  { "uuid-cyrillic-a", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--uuid",
                         "0f3c4" CYR_A "1e-6b2d-4f8e-9a7c-2d5e8b1f0a9" }, 2 },
  { "uuid-unicode-hyphen", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--uuid",
                             "0f3c4a1e" HYPHEN "6b2d-4f8e-9a7c-2d5e8b1f0a93" }, 2 },
  { "uuid-braces", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--uuid",
                     "{0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93}" }, 2 },
  { "uuid-huge", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--uuid", HUGE_ARG }, 2 },
  { "uuid-existing", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--uuid", SLICE }, 1 },
  { "count-overflow", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--count",
                        "99999999999999999999" }, 2 },
  { "count-negative", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--count", "-1" }, 2 },
  { "count-newline", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--count", "1\n" }, 2 },
  { "count-fullwidth", { SIM, "create", "--gpu", GPU, "--type", TYPE, "--count", "\xef\xbc\x91" },
    2 },
  { "remove-cyrillic-a", { SIM, "remove", "4b20d080-1b54-4048-85b3-" CYR_A "6a62d165c01" }, 2 },
  { "remove-huge", { SIM, "remove", HUGE_ARG }, 2 },
  { "remove-traversal", { SIM, "remove", "../../../../../../../../../../../.." }, 2 },
  { "option-escape-sequence", { SIM, "--\x1b[31mred", "list" }, 2 },
  { "command-huge", { SIM, HUGE_ARG }, 2 },
  { "simulate-real-sys", { "--sysfs-root", "/sys", "--simulate", "remove", SLICE }, 1 },
  { "simulate-root", { "--sysfs-root", "/", "--simulate", "create", "--gpu", GPU, "--type",
                       TYPE }, 1 },
  { "simulate-proc-by-dots", { "--sysfs-root", "/tmp/../proc/self/..", "--simulate", "remove",
                               SLICE }, 1 },
  { "sysfs-root-empty", { "--sysfs-root", "", "list" }, 1 },
  { "simulate-huge", { "simulate", HUGE_ARG }, 1 },
  { "simulate-sys-by-dots", { "simulate", "/tmp/../sys/gpu-slices-test" }, 1 },
  { "simulate-escape-sequence", { "simulate", "@root@", "--gpu", "\x1b[2J" }, 2 },
};

static void
test_slicectl_case (gconstpointer data)
{
  const SlicectlCase *test_case = data;
  g_autoptr(Tree) tree = tree_new ();
  g_autofree char *before = snapshot (tree);
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };

  run_slicectl (tree, test_case->args, NULL, &run);
  after = snapshot (tree);

  g_assert_cmpint (run.code, ==, test_case->code);
  assert_one_line (run.err);
  g_assert_cmpstr (after, ==, before);
  /* A terminal escape in an argument comes back escaped, never raw. */
  g_assert_false (has_control_characters (run.err));
  /* A huge argument comes back shortened: the line stays readable. */
  g_assert_cmpuint (g_utf8_strlen (run.err, -1), <, 600);
}

/* Locale, paths and allocator variables set to trouble: the same answers. */
static void
test_slicectl_hostile_environment (void)
{
  const char *list[] = { "--sysfs-root", "@root@", "list", "--json", NULL };
  const char *bad[] = { SIM, "remove", "{" SLICE "}", NULL };
  g_autoptr(Tree) tree = tree_new ();
  g_autofree char *before = snapshot (tree);
  g_autofree char *after = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(Run) plain = { 0 };
  g_auto(Run) hostile = { 0 };

  run_slicectl (tree, list, NULL, &plain);
  g_assert_cmpint (plain.code, ==, 0);

  envp = g_environ_setenv (envp, "LC_ALL", "tr_TR.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANG", "tr_TR.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "tr", TRUE);
  envp = g_environ_setenv (envp, "PATH", "/nonexistent", TRUE);
  envp = g_environ_setenv (envp, "IFS", "0", TRUE);
  envp = g_environ_setenv (envp, "TMPDIR", "/nonexistent", TRUE);
  envp = g_environ_setenv (envp, "HOME", "/nonexistent", TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", "/nonexistent", TRUE);
  envp = g_environ_setenv (envp, "SLICES_SYSFS_ROOT", "/", TRUE);
  envp = g_environ_setenv (envp, "MALLOC_PERTURB_", "165", TRUE);
  envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "all", TRUE);

  run_slicectl (tree, list, envp, &hostile);
  g_assert_cmpint (hostile.code, ==, 0);
  /* The JSON contract does not depend on the locale (Turkish dotless i, decimal commas). */
  g_assert_cmpstr (hostile.out, ==, plain.out);

  run_slicectl (tree, bad, envp, &hostile);
  g_assert_cmpint (hostile.code, ==, 2);
  after = snapshot (tree);
  g_assert_cmpstr (after, ==, before);
}

/* --- malformed trees ---------------------------------------------------------------------- */

typedef void (*TreeDamage) (Tree *tree);

typedef struct {
  const char *name;
  TreeDamage damage;
  int available;     /* what TYPE's "available" must read as; -2: anything */
  gboolean has_type; /* whether TYPE is still listed */
} TreeCase;

static void
damage_garbage_available (Tree *tree)
{
  tree_write (tree, TYPES "/" TYPE "/available_instances", "lots\n");
}

static void
damage_negative_available (Tree *tree)
{
  tree_write (tree, TYPES "/" TYPE "/available_instances", "-3\n");
}

static void
damage_overflow_available (Tree *tree)
{
  tree_write (tree, TYPES "/" TYPE "/available_instances", "99999999999999999999999\n");
}

static void
damage_binary_available (Tree *tree)
{
  g_autofree char *path = tree_path (tree, TYPES "/" TYPE "/available_instances");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "2\0\xff\xfe", 4, &error);
  g_assert_no_error (error);
}

static void
damage_unreadable_files (Tree *tree)
{
  static const char * const files[] = { "description", "available_instances", "name",
                                        "device_api" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *rel = g_strdup_printf (TYPES "/" TYPE "/%s", files[i]);
      g_autofree char *path = tree_path (tree, rel);

      g_assert_cmpint (g_chmod (path, 0), ==, 0);
    }
}

static void
damage_folders_for_files (Tree *tree)
{
  static const char * const files[] = { "description", "available_instances", "name",
                                        "device_api" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *rel = g_strdup_printf (TYPES "/" TYPE "/%s", files[i]);
      g_autofree char *path = tree_path (tree, rel);

      g_unlink (path);
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
    }
}

static void
damage_fifos_for_files (Tree *tree)
{
  static const char * const files[] = { "description", "available_instances", "name",
                                        "device_api" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *rel = g_strdup_printf (TYPES "/" TYPE "/%s", files[i]);
      g_autofree char *path = tree_path (tree, rel);

      g_unlink (path);
      g_assert_cmpint (mkfifo (path, 0644), ==, 0);
    }
}

static void
damage_huge_description (Tree *tree)
{
  GString *text = g_string_new ("low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\n"
                                "resolution: 1920x1200\nweight: 4\n");

  while (text->len < 1024 * 1024)
    g_string_append (text, "padding: 0123456789abcdef0123456789abcdef0123456789abcdef\n");
  g_string_append (text, "resolution: 1x1\n");
  tree_write (tree, TYPES "/" TYPE "/description", text->str);
  g_string_free (text, TRUE);
}

static void
damage_huge_single_line (Tree *tree)
{
  g_autofree char *line = g_strnfill (1024 * 1024, '9');

  tree_write (tree, TYPES "/" TYPE "/available_instances", line);
  tree_write (tree, TYPES "/" TYPE "/name", line);
}

static void
damage_type_link_loop (Tree *tree)
{
  tree_replace_with_link (tree, TYPES "/i915-GVTg_V5_8", "i915-GVTg_V5_8");
}

static void
damage_type_link_ancestor (Tree *tree)
{
  tree_replace_with_link (tree, TYPES "/i915-GVTg_V5_8", "../..");
}

static void
damage_devices_link_loop (Tree *tree)
{
  g_autofree char *path = tree_path (tree, TYPES "/" TYPE "/devices/"
                                     "11111111-2222-4333-8444-555555555555");

  g_assert_cmpint (symlink ("11111111-2222-4333-8444-555555555555", path), ==, 0);
}

static void
damage_slice_link_cycle (Tree *tree)
{
  g_autofree char *a = tree_path (tree, "bus/mdev/devices/11111111-2222-4333-8444-555555555555");
  g_autofree char *b = tree_path (tree, "bus/mdev/devices/66666666-7777-4888-9999-aaaaaaaaaaaa");

  g_assert_cmpint (symlink ("66666666-7777-4888-9999-aaaaaaaaaaaa", a), ==, 0);
  g_assert_cmpint (symlink ("11111111-2222-4333-8444-555555555555", b), ==, 0);
}

static void
damage_pci_link_loop (Tree *tree)
{
  g_autofree char *path = tree_path (tree, "bus/pci/devices/0000:00:03.0");

  g_assert_cmpint (symlink ("0000:00:03.0", path), ==, 0);
}

static void
damage_mdev_type_loop (Tree *tree)
{
  g_autofree char *rel = g_strdup_printf ("devices/pci0000:00/" GPU "/%s/mdev_type", SLICE);

  tree_replace_with_link (tree, rel, "mdev_type");
}

static void
damage_render_node_uevent (Tree *tree)
{
  tree_write (tree, "devices/pci0000:00/" GPU "/drm/renderD128/uevent",
              "MAJOR=226\nDEVNAME=../../../etc/shadow\nDEVNAME=dri/renderD128\x1b[2J\n");
}

static const TreeCase tree_cases[] = {
  { "available-garbage", damage_garbage_available, -1, TRUE },
  { "available-negative", damage_negative_available, -1, TRUE },
  { "available-overflow", damage_overflow_available, -1, TRUE },
  { "available-binary", damage_binary_available, -2, TRUE },
  { "unreadable-files", damage_unreadable_files, -2, TRUE },
  { "folders-for-files", damage_folders_for_files, -1, TRUE },
  { "fifos-for-files", damage_fifos_for_files, -1, TRUE },
  { "description-1mb", damage_huge_description, -2, TRUE },
  { "one-line-1mb", damage_huge_single_line, -1, TRUE },
  { "type-link-loop", damage_type_link_loop, -2, TRUE },
  { "type-link-to-ancestor", damage_type_link_ancestor, -2, TRUE },
  { "devices-link-loop", damage_devices_link_loop, -2, TRUE },
  { "slice-link-cycle", damage_slice_link_cycle, -2, TRUE },
  { "pci-link-loop", damage_pci_link_loop, -2, TRUE },
  { "mdev-type-link-loop", damage_mdev_type_loop, -2, TRUE },
  { "render-node-uevent-garbage", damage_render_node_uevent, -2, TRUE },
};

static void
test_tree_case (gconstpointer data)
{
  const TreeCase *test_case = data;
  const char *list[] = { "--sysfs-root", "@root@", "list", NULL };
  const char *list_json[] = { "--sysfs-root", "@root@", "list", "--json", NULL };
  g_autoptr(Tree) tree = tree_new ();
  g_autoptr(GPtrArray) gpus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };
  SlicesSliceType *type;
  SlicesGpu *gpu;
  gint64 start;

  test_case->damage (tree);
  before = snapshot (tree);

  /* Discovery: no hang, no crash, and "unknown" rather than a made-up number. */
  start = g_get_monotonic_time ();
  gpus = slices_sysfs_discover (tree->root, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (gpus->len, >=, 1);
  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpstr (slices_gpu_get_address (gpu), ==, GPU);
  type = slices_gpu_find_type (gpu, TYPE);
  if (test_case->has_type)
    {
      g_assert_nonnull (type);
      if (test_case->available != -2)
        g_assert_cmpint (slices_slice_type_get_available (type), ==, test_case->available);
      g_assert_cmpint (slices_slice_type_get_available (type), >=, -1);
      g_assert_cmpint (slices_slice_type_get_available (type), <=, 7);
      for (const char * const *node = slices_gpu_get_render_nodes (gpu);
           node != NULL && *node != NULL; node++)
        {
          g_assert_true (g_str_has_prefix (*node, "/dev/dri/"));
          g_assert_null (strstr (*node, ".."));
        }
    }

  /* slicectl list, for people and as JSON: succeeds, and the JSON parses. */
  run_slicectl (tree, list, NULL, &run);
  g_assert_cmpint (run.code, ==, 0);
  g_assert_true (g_utf8_validate (run.out, -1, NULL));
  run_slicectl (tree, list_json, NULL, &run);
  g_assert_cmpint (run.code, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  /* Reading changed nothing. */
  after = snapshot (tree);
  g_assert_cmpstr (after, ==, before);
}

/* --- domain XML --------------------------------------------------------------------------- */

static const char minimal_domain[] =
  "<domain type='kvm'>\n"
  "  <name>vm</name>\n"
  "  <memory unit='MiB'>2048</memory>\n"
  "  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n"
  "  <devices>\n"
  "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
  "    <graphics type='vnc' port='-1' autoport='yes'/>\n"
  "    <video><model type='qxl'/></video>\n"
  "  </devices>\n"
  "</domain>\n";

static char *
attach (const char  *xml,
        GError     **error)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;

  opts.rendernode = "/dev/dri/renderD128";
  return slices_domain_attach (xml, SLICE, TYPE, 1920, 1200, &opts,
                               SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, error);
}

static void
assert_refused (const char *xml,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = attach (xml, &error);
  g_autofree char *detached = NULL;
  g_auto(GStrv) found = NULL;

  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 1000);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);

  detached = slices_domain_detach (xml, SLICE, &error);
  g_assert_null (detached);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, code);
  g_clear_error (&error);

  found = slices_domain_find_slices (xml, &error);
  g_assert_null (found);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, code);
}

/* A correct edit: one hostdev for the slice, and detach gives back the original. */
static char *
assert_edited (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = attach (xml, &error);
  g_autofree char *detached = NULL;
  g_autofree char *canonical_in = NULL;
  g_autofree char *canonical_out = NULL;
  g_auto(GStrv) found = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (out);
  found = slices_domain_find_slices (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  g_assert_cmpstr (found[0], ==, SLICE);

  detached = slices_domain_detach (out, SLICE, &error);
  g_assert_no_error (error);
  canonical_in = slices_domain_canonicalize (xml, &error);
  g_assert_no_error (error);
  canonical_out = slices_domain_canonicalize (detached, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (canonical_out, ==, canonical_in);
  return g_steal_pointer (&out);
}

static void
test_xml_not_xml (void)
{
  assert_refused ("", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("hello", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("{\"domain\": {}}", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("<domain>", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("<domain></domian>", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("<domain a='1' a='2'/>", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("<?xml version='1.0' encoding='NO-SUCH-ENCODING'?><domain/>",
                  SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("<domain>\xff\xfe</domain>", SLICES_DOMAIN_EDIT_ERROR_PARSE);
  assert_refused ("<domain/><domain/>", SLICES_DOMAIN_EDIT_ERROR_PARSE);
}

static void
test_xml_not_domain (void)
{
  assert_refused ("<network><name>default</name></network>",
                  SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN);
  assert_refused ("<x:domain xmlns:x='urn:evil'><devices/></x:domain>",
                  SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN);
  assert_refused ("<domain xmlns='http://libvirt.org/schemas/domain/qemu/1.0'/>",
                  SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN);
  assert_refused ("<Domain/>", SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN);
}

static void
test_xml_huge (void)
{
  GString *xml = g_string_new ("<domain type='kvm'><name>vm</name><description>");

  /* Over the 32 MB bound: refused before parsing. */
  while (xml->len < 33 * 1024 * 1024)
    g_string_append (xml, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (xml, "</description><devices/></domain>");
  assert_refused (xml->str, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
  g_string_free (xml, TRUE);
}

/* The classic hand edit: <qemu:commandline> without xmlns:qemu. libvirt refuses it; declaring
 * the namespace during attach would silently switch those elements on. */
static void
test_xml_undeclared_qemu_prefix (void)
{
  static const char xml[] =
    "<domain type='kvm'><name>vm</name><devices/>\n"
    "  <qemu:commandline><qemu:arg value='-set'/>"
    "<qemu:arg value='device.hostdev0.x-igd-opregion=on'/></qemu:commandline>\n"
    "</domain>\n";

  assert_refused (xml, SLICES_DOMAIN_EDIT_ERROR_PARSE);
}

/* libvirt merges several <devices> sections; an edit of one could not be undone exactly. */
static void
test_xml_two_devices_sections (void)
{
  assert_refused ("<domain type='kvm'><name>vm</name><devices><graphics type='vnc'/></devices>"
                  "<devices><video><model type='qxl'/></video></devices></domain>",
                  SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
}

static void
test_xml_big_but_fine (void)
{
  GString *xml = g_string_new ("<domain type='kvm'><name>vm</name><devices>");
  g_autofree char *out = NULL;

  /* 5000 disks: a big but real definition is edited. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (xml, "<disk type='file' device='disk'><source file='/d/%u.img'/>"
                            "<target dev='vd%u' bus='virtio'/></disk>", i, i);
  g_string_append (xml, "</devices></domain>");
  out = assert_edited (xml->str);
  g_string_free (xml, TRUE);
}

static void
test_xml_deeply_nested (void)
{
  GString *xml = g_string_new ("<domain><metadata>");

  for (guint i = 0; i < 100; i++)
    g_string_append (xml, "<a>");
  for (guint i = 0; i < 100; i++)
    g_string_append (xml, "</a>");
  g_string_append (xml, "</metadata></domain>");
  assert_refused (xml->str, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);

  /* Far deeper than libxml2's own limit. */
  g_string_assign (xml, "<domain>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (xml, "<a>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (xml, "</a>");
  g_string_append (xml, "</domain>");
  assert_refused (xml->str, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
  g_string_free (xml, TRUE);
}

static void
test_xml_entities (void)
{
  static const char billion_laughs[] =
    "<?xml version='1.0'?>\n"
    "<!DOCTYPE domain [\n"
    " <!ENTITY lol 'lol'>\n"
    " <!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
    " <!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>\n"
    " <!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
    " <!ENTITY lol4 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>\n"
    " <!ENTITY lol5 '&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;'>\n"
    " <!ENTITY lol6 '&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;'>\n"
    " <!ENTITY lol7 '&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;'>\n"
    " <!ENTITY lol8 '&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;'>\n"
    " <!ENTITY lol9 '&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;'>\n"
    "]>\n"
    "<domain type='kvm'><name>&lol9;</name><devices/></domain>\n";
  static const char local_file[] =
    "<!DOCTYPE domain [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>\n"
    "<domain type='kvm'><name>&secret;</name><devices/></domain>\n";
  static const char parameter_entity[] =
    "<!DOCTYPE domain [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>\n"
    "<domain type='kvm'><name>vm</name><devices/></domain>\n";

  assert_refused (billion_laughs, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
  assert_refused (local_file, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
  assert_refused (parameter_entity, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
}

/* A listening socket on 127.0.0.1: any fetch of an external DTD, entity or XInclude by libxml2
 * would connect to it. */
static int
listen_local (int *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 8), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  *port = ntohs (addr.sin_port);
  return fd;
}

static void
assert_no_connection (int fd)
{
  int client = accept (fd, NULL, NULL);

  g_assert_cmpint (client, ==, -1);
  g_assert_true (errno == EAGAIN || errno == EWOULDBLOCK);
  close (fd);
}

static void
test_xml_no_network (void)
{
  int port;
  int fd = listen_local (&port);
  g_autofree char *external_entity = g_strdup_printf (
    "<!DOCTYPE domain [<!ENTITY e SYSTEM 'http://127.0.0.1:%d/e.xml'>]>\n"
    "<domain type='kvm'><name>&e;</name><devices/></domain>\n", port);
  g_autofree char *external_dtd = g_strdup_printf (
    "<!DOCTYPE domain SYSTEM 'http://127.0.0.1:%d/domain.dtd'>\n%s", port, minimal_domain);
  g_autofree char *xinclude = g_strdup_printf (
    "<domain type='kvm' xmlns:xi='http://www.w3.org/2001/XInclude'><name>vm</name>"
    "<xi:include href='http://127.0.0.1:%d/x.xml'/><xi:include href='/etc/passwd' "
    "parse='text'/><devices/></domain>", port);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  assert_refused (external_entity, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);

  /* A DOCTYPE without entities is harmless when nothing is fetched: edited, DTD unread. */
  out = attach (external_dtd, &error);
  if (out == NULL)
    g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
  g_clear_error (&error);
  g_clear_pointer (&out, g_free);

  /* XInclude is never processed: the elements stay as they are. */
  out = attach (xinclude, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (out, "root:"));
  g_assert_nonnull (strstr (out, "/etc/passwd"));

  assert_no_connection (fd);
}

/* Another namespace bound to the `qemu` prefix: it is not libvirt's; left alone, and the edit
 * declares libvirt's QEMU namespace under a prefix of its own. */
static void
test_xml_foreign_qemu_prefix (void)
{
  static const char xml[] =
    "<domain type='kvm' xmlns:qemu='urn:example:not-qemu'>\n"
    "  <name>vm</name>\n"
    "  <devices><graphics type='vnc' port='-1'/></devices>\n"
    "  <qemu:commandline><qemu:arg value='-keep-me'/></qemu:commandline>\n"
    "</domain>\n";
  g_autofree char *out = NULL;

  out = assert_edited (xml);
  g_assert_nonnull (strstr (out, "urn:example:not-qemu"));
  g_assert_nonnull (strstr (out, "-keep-me"));
  g_assert_nonnull (strstr (out, SLICES_QEMU_NAMESPACE));
}

static void
test_xml_two_commandline_blocks (void)
{
  static const char xml[] =
    "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
    "  <name>vm</name>\n"
    "  <devices><graphics type='spice' autoport='yes'/><video><model type='qxl'/></video>"
    "</devices>\n"
    "  <qemu:commandline><qemu:arg value='-global'/><qemu:arg value='a.b=1'/>"
    "</qemu:commandline>\n"
    "  <qemu:commandline><qemu:env name='TZ' value='UTC'/></qemu:commandline>\n"
    "</domain>\n";
  g_autofree char *out = NULL;

  /* Both as libvirt 7.0 (-set arguments into a commandline block) and 9.0 (override). */
  out = assert_edited (xml);
  g_assert_nonnull (strstr (out, "a.b=1"));
  g_assert_nonnull (strstr (out, "UTC"));

  {
    SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
    g_autoptr(GError) error = NULL;
    g_autofree char *old = NULL;
    g_autofree char *detached = NULL;
    g_autofree char *canonical_in = NULL;
    g_autofree char *canonical_out = NULL;

    opts.rendernode = "/dev/dri/renderD128";
    old = slices_domain_attach (xml, SLICE, TYPE, 1920, 1200, &opts,
                                SLICES_LIBVIRT_VERSION (7, 0, 0), NULL, &error);
    g_assert_no_error (error);
    detached = slices_domain_detach (old, SLICE, &error);
    g_assert_no_error (error);
    canonical_in = slices_domain_canonicalize (xml, NULL);
    canonical_out = slices_domain_canonicalize (detached, NULL);
    g_assert_cmpstr (canonical_out, ==, canonical_in);
  }
}

static void
test_xml_odd_but_valid (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  /* CDATA, processing instructions, a BOM and CRLF line ends, a default namespace on a child. */
  a = assert_edited ("\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\r\n<?app x?>\r\n"
                     "<domain type='kvm'>\r\n<name><![CDATA[v<m>]]></name>\r\n<devices/>\r\n"
                     "<metadata><app xmlns='urn:app'><x>1</x></app></metadata></domain>");
  /* No <devices> at all. */
  b = assert_edited ("<domain type='kvm'><name>vm</name></domain>");
  /* Latin-1 declared and used. */
  c = assert_edited ("<?xml version='1.0' encoding='ISO-8859-1'?>"
                     "<domain type='kvm'><name>caf\xe9</name><devices/></domain>");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (slicectl_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/hostile/slicectl/%s",
                                               slicectl_cases[i].name);

      g_test_add_data_func (path, &slicectl_cases[i], test_slicectl_case);
    }
  g_test_add_func ("/slices/hostile/slicectl/hostile-environment",
                   test_slicectl_hostile_environment);
  for (gsize i = 0; i < G_N_ELEMENTS (tree_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/hostile/tree/%s", tree_cases[i].name);

      g_test_add_data_func (path, &tree_cases[i], test_tree_case);
    }
  g_test_add_func ("/slices/hostile/xml/not-xml", test_xml_not_xml);
  g_test_add_func ("/slices/hostile/xml/not-a-domain", test_xml_not_domain);
  g_test_add_func ("/slices/hostile/xml/undeclared-qemu-prefix",
                   test_xml_undeclared_qemu_prefix);
  g_test_add_func ("/slices/hostile/xml/two-devices-sections", test_xml_two_devices_sections);
  g_test_add_func ("/slices/hostile/xml/huge", test_xml_huge);
  g_test_add_func ("/slices/hostile/xml/big-but-fine", test_xml_big_but_fine);
  g_test_add_func ("/slices/hostile/xml/deeply-nested", test_xml_deeply_nested);
  g_test_add_func ("/slices/hostile/xml/entities", test_xml_entities);
  g_test_add_func ("/slices/hostile/xml/no-network", test_xml_no_network);
  g_test_add_func ("/slices/hostile/xml/foreign-qemu-prefix", test_xml_foreign_qemu_prefix);
  g_test_add_func ("/slices/hostile/xml/two-commandline-blocks",
                   test_xml_two_commandline_blocks);
  g_test_add_func ("/slices/hostile/xml/odd-but-valid", test_xml_odd_but_valid);

  return g_test_run ();
}
