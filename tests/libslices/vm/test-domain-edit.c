/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests for SlicesDomainEdit over the hand-written corpus in tests/data/domains/: every file ×
 * display mode × libvirt version form attaches with the right shape and detaches back to the
 * original (canonical form), and hostile or wrong input gets a clear error.
 */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "slices-domain-edit.h"

#define SLICE "1b3e2c4a-9f6d-4e21-8a7b-0c5d6e7f8091"
#define OTHER_SLICE "2c4f3d5b-0a7e-4f32-9b8c-1d6e7f809102"
#define HELD_SLICE "a297db4a-f4c2-11e6-90f6-d3b88d6c9525"
#define NODE "/dev/dri/renderD128"
#define TYPE "i915-GVTg_V5_4"

static const char *corpus[] = {
  "win10-ovmf-spice.xml",
  "linux-virtio-gpu-comment.xml",
  "qemu-commandline.xml",
  "other-prefix.xml",
  "pci-hostdev.xml",
  "vnc-server.xml",
  "minimal.xml",
};

static const guint versions[] = {
  SLICES_LIBVIRT_VERSION (6, 0, 0),
  SLICES_LIBVIRT_VERSION (7, 0, 0),
  SLICES_LIBVIRT_VERSION (8, 0, 0),
  SLICES_LIBVIRT_VERSION (9, 0, 0),
};

static const SlicesDisplayMode modes[] = {
  SLICES_DISPLAY_MODE_LOCAL, SLICES_DISPLAY_MODE_REMOTE, SLICES_DISPLAY_MODE_OFF,
};

static char *
load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domains", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static SlicesAttachOptions
options (SlicesDisplayMode mode)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;

  opts.display = mode;
  opts.rendernode = NODE;
  return opts;
}

static xmlDoc *
parse (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "test.xml", NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

/* Number of nodes @expr selects; prefixes q (QEMU) and gs (ours) are bound. */
static int
count (xmlDoc     *doc,
       const char *expr)
{
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *obj;
  int n;

  xmlXPathRegisterNs (ctx, BAD_CAST "q", BAD_CAST SLICES_QEMU_NAMESPACE);
  xmlXPathRegisterNs (ctx, BAD_CAST "gs", BAD_CAST SLICES_DOMAIN_EDIT_NAMESPACE);
  obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  g_assert_nonnull (obj);
  n = obj->nodesetval != NULL ? obj->nodesetval->nodeNr : 0;
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  return n;
}

#define assert_count(doc, n, ...) \
  G_STMT_START { \
    g_autofree char *expr__ = g_strdup_printf (__VA_ARGS__); \
    int got__ = count ((doc), expr__); \
    if (got__ != (n)) \
      g_error ("%s: expected %d, got %d", expr__, (n), got__); \
  } G_STMT_END

static int
occurrences (const char *haystack,
             const char *needle)
{
  int n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
assert_canonical_equal (const char *a,
                        const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = slices_domain_canonicalize (a, &error);
  g_autofree char *cb = NULL;

  g_assert_no_error (error);
  cb = slices_domain_canonicalize (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca, ==, cb);
}

/* C14N refuses a relative namespace URI: an error for the caller, and nothing on stderr (libxml2
 * prints such refusals through its global handler unless told not to). */
static void
test_canonical_relative_namespace (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;

      canonical = slices_domain_canonicalize ("<domain type='kvm' xmlns:app='relative/uri'>"
                                              "<name>vm</name><app:x/></domain>", &error);
      g_assert_null (canonical);
      g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE);
      /* The same thread canonicalizes a good definition afterwards. */
      assert_canonical_equal ("<domain type='kvm'><name>vm</name></domain>",
                              "<domain type='kvm'>\n  <name>vm</name>\n</domain>");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

static gboolean
notes_mention (GPtrArray  *notes,
               const char *word)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (notes->pdata[i], word) != NULL)
      return TRUE;
  return FALSE;
}

static void
check_shape (const char        *name,
             const char        *original,
             const char        *attached,
             SlicesDisplayMode  mode,
             guint              version,
             GPtrArray         *notes)
{
  g_autofree char *alias = slices_domain_slice_alias (SLICE);
  xmlDoc *doc = parse (attached);
  xmlDoc *orig = parse (original);
  const char *hd = "/domain/devices/hostdev[@type='mdev']";
  gboolean on = mode != SLICES_DISPLAY_MODE_OFF;

  g_assert_cmpstr (alias, ==, "ua-gpu-slices-1b3e2c4a");

  /* Exactly one slice, with its user alias, display and ramfb as asked. */
  assert_count (doc, 1, "%s", hd);
  assert_count (doc, 1, "%s[@model='vfio-pci']/source/address[@uuid='%s']", hd, SLICE);
  assert_count (doc, 1, "%s/alias[@name='%s']", hd, alias);
  assert_count (doc, 1, "%s[@display='%s']", hd, on ? "on" : "off");
  assert_count (doc, on ? 1 : 0, "%s[@ramfb='on']", hd);

  /* Nothing else lost: every other device is still there. */
  assert_count (doc, count (orig, "/domain/devices/disk"), "/domain/devices/disk");
  assert_count (doc, count (orig, "/domain/devices/hostdev[@type='pci']"),
                "/domain/devices/hostdev[@type='pci']");
  assert_count (doc, count (orig, "/domain/devices/interface"), "/domain/devices/interface");
  assert_count (doc, count (orig, "//q:arg") , "//q:arg[not(starts-with(@value, 'device.ua-')) "
                "and not(@value='-set' and starts-with(following-sibling::q:arg[1]/@value, "
                "'device.ua-'))]");
  assert_count (doc, count (orig, "//q:env"), "//q:env");
  assert_count (doc, count (orig, "//comment()"), "//comment()");
  assert_count (doc, count (orig, "/domain/metadata/*"), "/domain/metadata/*[not(self::gs:*)]");

  /* Never the broken recipe. */
  g_assert_null (strstr (attached, "device.hostdev"));

  /* The QEMU namespace is declared once at most, and an existing prefix is reused. */
  g_assert_cmpint (occurrences (attached, SLICES_QEMU_NAMESPACE), <=, 1);
  if (g_str_equal (name, "other-prefix.xml"))
    {
      g_assert_nonnull (strstr (attached, "xmlns:q=\"" SLICES_QEMU_NAMESPACE "\""));
      g_assert_null (strstr (attached, "xmlns:qemu="));
      g_assert_nonnull (strstr (attached, "<q:"));
    }

  /* The form for the version. */
  if (version >= SLICES_LIBVIRT_VERSION (8, 2, 0))
    {
      assert_count (doc, 1, "/domain/q:override/q:device[@alias='%s']", alias);
      assert_count (doc, 1, "//q:device[@alias='%s']//q:property[@name='x-igd-opregion' and "
                    "@type='bool' and @value='true']", alias);
      assert_count (doc, on ? 1 : 0, "//q:property[@name='xres' and @value='1920']");
      assert_count (doc, on ? 1 : 0, "//q:property[@name='yres' and @value='1200']");
      assert_count (doc, 0, "//q:arg[starts-with(@value, 'device.')]");
    }
  else if (version >= SLICES_LIBVIRT_VERSION (7, 9, 0))
    {
      assert_count (doc, 0, "//q:override");
      assert_count (doc, 0, "//q:arg[starts-with(@value, 'device.')]");
      g_assert_true (notes_mention (notes, "cannot pass"));
    }
  else
    {
      assert_count (doc, 0, "//q:override");
      assert_count (doc, 1, "/domain/q:commandline/q:arg[@value='-set']/following-sibling::"
                    "q:arg[1][@value='device.%s.x-igd-opregion=on']", alias);
      assert_count (doc, on ? 1 : 0, "//q:arg[@value='device.%s.xres=1920']", alias);
      assert_count (doc, on ? 1 : 0, "//q:arg[@value='device.%s.yres=1200']", alias);
    }

  /* The display. */
  if (mode == SLICES_DISPLAY_MODE_LOCAL)
    {
      assert_count (doc, 1, "/domain/devices/graphics");
      assert_count (doc, 1, "/domain/devices/graphics[@type='spice']/listen[@type='none']");
      assert_count (doc, 1, "/domain/devices/graphics/gl[@enable='yes' and @rendernode='%s']",
                    NODE);
    }
  else if (mode == SLICES_DISPLAY_MODE_REMOTE)
    {
      int servers = count (orig, "/domain/devices/graphics[@type='spice' or @type='vnc']");

      assert_count (doc, 1, "/domain/devices/graphics[@type='egl-headless']/gl[@rendernode='%s']",
                    NODE);
      assert_count (doc, servers > 0 ? servers : 1,
                    "/domain/devices/graphics[@type='spice' or @type='vnc']");
      assert_count (doc, 0, "/domain/devices/graphics[@type!='egl-headless']/gl");
    }
  else
    {
      assert_count (doc, count (orig, "/domain/devices/graphics"), "/domain/devices/graphics");
      assert_count (doc, count (orig, "/domain/devices/video"), "/domain/devices/video");
    }
  if (on)
    {
      assert_count (doc, 1, "/domain/devices/video");
      assert_count (doc, 1, "/domain/devices/video/model[@type='none']");
    }

  /* Our metadata, in our namespace, never holding a password. */
  assert_count (doc, 1, "/domain/metadata/gs:gpu-slices/gs:slice[@uuid='%s' and @type='%s']",
                SLICE, TYPE);
  assert_count (doc, 0, "/domain/metadata//*[contains(., 's3cret') or contains(., 'vncpass')]");

  xmlFreeDoc (doc);
  xmlFreeDoc (orig);
}

static void
test_roundtrip (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (corpus); f++)
    {
      g_autofree char *original = load (corpus[f]);

      for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
        for (gsize v = 0; v < G_N_ELEMENTS (versions); v++)
          {
            SlicesAttachOptions opts = options (modes[m]);
            g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
            g_autoptr(GError) error = NULL;
            g_autofree char *attached = NULL;
            g_autofree char *detached = NULL;
            g_autofree char *again = NULL;

            g_test_message ("%s, mode %d, libvirt %u", corpus[f], modes[m], versions[v]);
            attached = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                             versions[v], notes, &error);
            g_assert_no_error (error);
            g_assert_nonnull (attached);
            check_shape (corpus[f], original, attached, modes[m], versions[v], notes);

            /* Attaching the same slice again changes nothing. */
            again = slices_domain_attach (attached, SLICE, TYPE, 1920, 1200, &opts,
                                          versions[v], NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpstr (again, ==, attached);

            detached = slices_domain_detach (attached, SLICE, &error);
            g_assert_no_error (error);
            assert_canonical_equal (detached, original);
          }
    }
}

static void
test_comments (void)
{
  g_autofree char *original = load ("linux-virtio-gpu-comment.xml");
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);
  g_autofree char *attached = NULL;
  g_autofree char *minimal = load ("minimal.xml");

  g_assert_true (slices_domain_has_comments (original));
  g_assert_false (slices_domain_has_comments (minimal));

  attached = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                   SLICES_LIBVIRT_VERSION (9, 0, 0), notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (attached, "<!-- the root disk lives on the fast SSD -->"));
  g_assert_nonnull (strstr (attached, "please keep the virtio-gpu setup"));
  g_assert_true (notes_mention (notes, "comments"));
}

static void
test_password_kept (void)
{
  g_autofree char *original = load ("win10-ovmf-spice.xml");
  g_autoptr(GError) error = NULL;
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);
  g_autofree char *attached = NULL;
  g_autofree char *detached = NULL;
  xmlDoc *doc;

  attached = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                   SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_no_error (error);
  doc = parse (attached);
  /* The password stays on the display (libvirt hides it from read-only clients), never in
   * metadata (which libvirt shows to everyone). */
  assert_count (doc, 1, "/domain/devices/graphics[@type='spice' and @passwd='s3cret-Pa55']");
  assert_count (doc, 0, "/domain/metadata//*[contains(., 's3cret')]");
  xmlFreeDoc (doc);

  detached = slices_domain_detach (attached, SLICE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (detached, "passwd=\"s3cret-Pa55\""));
}

static void
test_held_slice (void)
{
  g_autofree char *original = load ("has-slice.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);
  g_auto(GStrv) found = slices_domain_find_slices (original, &error);
  g_autofree char *same = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *upper = g_ascii_strup (HELD_SLICE, -1);
  xmlDoc *doc;

  g_assert_no_error (error);
  g_assert_cmpstrv (found, ((const char *[]) { HELD_SLICE, NULL }));

  /* The same slice (in any case): unchanged. */
  same = slices_domain_attach (original, upper, TYPE, 1920, 1200, &opts,
                               SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same, ==, original);

  /* Another slice: refused with a specific code… */
  refused = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                  SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, HELD_SLICE));
  g_clear_error (&error);

  /* …unless replacing: exactly one slice, the new one, and the stale -set recipe gone. */
  opts.replace = TRUE;
  replaced = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                   SLICES_LIBVIRT_VERSION (9, 0, 0), notes, &error);
  g_assert_no_error (error);
  doc = parse (replaced);
  assert_count (doc, 1, "/domain/devices/hostdev[@type='mdev']");
  assert_count (doc, 1, "/domain/devices/hostdev/source/address[@uuid='%s']", SLICE);
  assert_count (doc, 1, "/domain/devices/graphics");
  assert_count (doc, 1, "/domain/devices/video");
  g_assert_null (strstr (replaced, "hostdev0"));
  g_assert_true (notes_mention (notes, HELD_SLICE));
  xmlFreeDoc (doc);
}

static void
test_hostdev0 (void)
{
  g_autofree char *original = load ("has-slice.xml");
  g_autofree char *tweaked = load ("qemu-commandline.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detached = slices_domain_detach (original, HELD_SLICE, &error);
  g_autofree char *stale = NULL;
  g_autofree char *attached = NULL;
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_OFF);

  /* Detaching a hand-made slice also drops its `-set device.hostdev0…` arguments. */
  g_assert_no_error (error);
  g_assert_null (strstr (detached, "hostdev0"));
  g_assert_null (strstr (detached, "qemu:commandline"));

  /* A leftover hostdev0 argument is pointed out, and left alone. */
  {
    g_auto(GStrv) parts = g_strsplit (tweaked, "<qemu:env name='TZ'", 2);

    stale = g_strconcat (parts[0], "<qemu:arg value='-set'/>\n    "
                         "<qemu:arg value='device.hostdev0.xres=800'/>\n    "
                         "<qemu:env name='TZ'", parts[1], NULL);
  }
  attached = slices_domain_attach (stale, SLICE, TYPE, 1920, 1200, &opts,
                                   SLICES_LIBVIRT_VERSION (9, 0, 0), notes, &error);
  g_assert_no_error (error);
  g_assert_true (notes_mention (notes, "device.hostdev0.xres=800"));
  g_assert_nonnull (strstr (attached, "device.hostdev0.xres=800"));
}

static void
test_resolution (void)
{
  g_autofree char *original = load ("minimal.xml");
  g_autoptr(GError) error = NULL;
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);
  g_autofree char *out = NULL;
  xmlDoc *doc;

  opts.xres = 2560;
  opts.yres = 1440;
  out = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION);
  g_assert_nonnull (strstr (error->message, "1920 × 1200"));
  g_assert_null (out);
  g_clear_error (&error);

  opts.xres = 1024;
  opts.yres = 0;
  out = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION);
  g_clear_error (&error);

  opts.yres = 768;
  out = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_no_error (error);
  doc = parse (out);
  assert_count (doc, 1, "//q:property[@name='xres' and @value='1024']");
  assert_count (doc, 1, "//q:property[@name='yres' and @value='768']");
  xmlFreeDoc (doc);
}

static void
test_options (void)
{
  g_autofree char *original = load ("minimal.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_REMOTE);
  g_autofree char *out = NULL;
  g_autofree char *back = NULL;
  g_autofree char *old = NULL;
  xmlDoc *doc;

  opts.ramfb = FALSE;
  opts.opregion = FALSE;
  opts.mesa_i965 = TRUE;
  out = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), notes, &error);
  g_assert_no_error (error);
  doc = parse (out);
  assert_count (doc, 0, "//hostdev[@ramfb]");
  assert_count (doc, 0, "//q:property[@name='x-igd-opregion']");
  assert_count (doc, 1, "/domain/q:commandline/q:env[@name='MESA_LOADER_DRIVER_OVERRIDE' and "
                "@value='i965']");
  /* Remote with no server: a VNC server is added, and said so. */
  assert_count (doc, 1, "/domain/devices/graphics[@type='vnc']");
  g_assert_true (notes_mention (notes, "VNC"));
  xmlFreeDoc (doc);

  back = slices_domain_detach (out, SLICE, &error);
  g_assert_no_error (error);
  assert_canonical_equal (back, original);

  /* libvirt 5.0: no ramfb, said so; -set arguments for the rest. */
  g_ptr_array_set_size (notes, 0);
  opts = options (SLICES_DISPLAY_MODE_LOCAL);
  old = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (5, 0, 0), notes, &error);
  g_assert_no_error (error);
  doc = parse (old);
  assert_count (doc, 0, "//hostdev[@ramfb]");
  assert_count (doc, 1, "//q:arg[@value='device.ua-gpu-slices-1b3e2c4a.x-igd-opregion=on']");
  g_assert_true (notes_mention (notes, "ramfb"));
  xmlFreeDoc (doc);
  g_clear_pointer (&old, g_free);

  /* Too old, and a missing render node: clear errors. */
  old = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (4, 5, 0), NULL, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "4.5.0"));
  g_clear_error (&error);

  opts.rendernode = "renderD128";
  old = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_clear_error (&error);

  opts.rendernode = NODE;
  old = slices_domain_attach (original, "not-a-uuid", TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_clear_error (&error);

  old = slices_domain_detach (original, SLICE, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED);
  g_assert_null (old);
}

static void
test_namespace_edge_cases (void)
{
  /* "qemu" bound to another URI: ours gets another prefix and theirs stays as it is. */
  const char *clash =
    "<domain type='qemu' xmlns:qemu='urn:example:not-qemu'>\n"
    "  <name>clash</name>\n"
    "  <qemu:thing/>\n"
    "  <devices/>\n"
    "</domain>\n";
  /* Two commandline blocks, the namespace declared on them rather than on the root. */
  const char *two =
    "<domain type='qemu'>\n"
    "  <name>two</name>\n"
    "  <devices>\n"
    "  </devices>\n"
    "  <qemu:commandline xmlns:qemu='" SLICES_QEMU_NAMESPACE "'>\n"
    "    <qemu:arg value='-no-hpet'/>\n"
    "  </qemu:commandline>\n"
    "  <x:commandline xmlns:x='" SLICES_QEMU_NAMESPACE "'>\n"
    "    <x:env name='A' value='b'/>\n"
    "  </x:commandline>\n"
    "</domain>\n";
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *back = NULL;
  xmlDoc *doc;

  out = slices_domain_attach (clash, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_no_error (error);
  doc = parse (out);
  assert_count (doc, 1, "/domain/q:override/q:device");
  assert_count (doc, 1, "/domain/*[local-name()='thing' and namespace-uri()='urn:example:not-qemu']");
  xmlFreeDoc (doc);
  back = slices_domain_detach (out, SLICE, &error);
  g_assert_no_error (error);
  assert_canonical_equal (back, clash);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&back, g_free);

  out = slices_domain_attach (two, SLICE, TYPE, 1920, 1200, &opts,
                              SLICES_LIBVIRT_VERSION (7, 0, 0), NULL, &error);
  g_assert_no_error (error);
  doc = parse (out);
  assert_count (doc, 2, "/domain/q:commandline");
  assert_count (doc, 1, "//q:arg[@value='-no-hpet']");
  assert_count (doc, 1, "//q:env[@name='A']");
  assert_count (doc, 3, "//q:arg[starts-with(@value, 'device.ua-gpu-slices-1b3e2c4a.')]");
  xmlFreeDoc (doc);
  back = slices_domain_detach (out, SLICE, &error);
  g_assert_no_error (error);
  assert_canonical_equal (back, two);
}

static void
test_bad_input (void)
{
  static const struct { const char *xml; int code; const char *words; } cases[] = {
    { "this is not XML", SLICES_DOMAIN_EDIT_ERROR_PARSE, "not well-formed" },
    { "<domain><devices></domain>", SLICES_DOMAIN_EDIT_ERROR_PARSE, "line 1" },
    { "", SLICES_DOMAIN_EDIT_ERROR_PARSE, "well-formed" },
    { "<network><name>default</name></network>", SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN,
      "<network>" },
    { "<d:domain xmlns:d='urn:x'/>", SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN, "urn:x" },
    { "<!DOCTYPE domain [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]>"
      "<domain><name>&b;</name></domain>", SLICES_DOMAIN_EDIT_ERROR_UNSAFE, "entities" },
    { "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain><name>&x;</name>"
      "</domain>", SLICES_DOMAIN_EDIT_ERROR_UNSAFE, "entities" },
    { "<!DOCTYPE domain [<!ENTITY % p SYSTEM 'http://example.invalid/p.dtd'> %p;]><domain/>",
      SLICES_DOMAIN_EDIT_ERROR_UNSAFE, "entities" },
  };
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = slices_domain_attach (cases[i].xml, SLICE, TYPE, 1920, 1200, &opts,
                                                   SLICES_LIBVIRT_VERSION (9, 0, 0), NULL,
                                                   &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error != NULL ? error->message : "");
      g_assert_null (out);
      g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);

      out = slices_domain_detach (cases[i].xml, SLICE, &error);
      g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, cases[i].code);
    }

  /* Deep nesting, below and above libxml2's own limit of 256. */
  for (int depth = 100; depth <= 1000; depth += 900)
    {
      g_autoptr(GString) deep = g_string_new ("<domain>");
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      for (int i = 0; i < depth; i++)
        g_string_append (deep, "<a>");
      for (int i = 0; i < depth; i++)
        g_string_append (deep, "</a>");
      g_string_append (deep, "</domain>");
      out = slices_domain_attach (deep->str, SLICE, TYPE, 1920, 1200, &opts,
                                  SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
      g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE);
      g_assert_nonnull (strstr (error->message, "deep"));
    }
}

static void
test_damaged_metadata (void)
{
  g_autofree char *original = load ("vnc-server.xml");
  SlicesAttachOptions opts = options (SLICES_DISPLAY_MODE_LOCAL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                               SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_autoptr(GString) bad = NULL;
  g_autofree char *back = NULL;
  char *p;

  g_assert_no_error (error);
  /* Someone slipped a disk into our saved graphics: refused, nothing changes. */
  bad = g_string_new (out);
  p = strstr (bad->str, "&lt;graphics");
  g_assert_nonnull (p);
  g_string_insert (bad, p - bad->str, "&lt;disk type='file'/&gt;");
  back = slices_domain_detach (bad->str, SLICE, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE);
  g_assert_null (back);
}

/* FACTS-SRIOV S5: B7's sizes for the common pictures, HDR doubling them. */
static void
test_looking_glass_size (void)
{
  g_assert_cmpuint (slices_domain_looking_glass_mib (1920, 1080, FALSE), ==, 32);
  g_assert_cmpuint (slices_domain_looking_glass_mib (1920, 1200, FALSE), ==, 32);
  g_assert_cmpuint (slices_domain_looking_glass_mib (2560, 1440, FALSE), ==, 64);
  g_assert_cmpuint (slices_domain_looking_glass_mib (3840, 2160, FALSE), ==, 128);
  g_assert_cmpuint (slices_domain_looking_glass_mib (1920, 1080, TRUE), ==, 64);
  g_assert_cmpuint (slices_domain_looking_glass_mib (2560, 1440, TRUE), ==, 128);
  g_assert_cmpuint (slices_domain_looking_glass_mib (3840, 2160, TRUE), ==, 256);
  g_assert_cmpuint (slices_domain_looking_glass_mib (640, 480, FALSE), ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/domain-edit/roundtrip", test_roundtrip);
  g_test_add_func ("/slices/domain-edit/comments", test_comments);
  g_test_add_func ("/slices/domain-edit/password-kept", test_password_kept);
  g_test_add_func ("/slices/domain-edit/held-slice", test_held_slice);
  g_test_add_func ("/slices/domain-edit/hostdev0", test_hostdev0);
  g_test_add_func ("/slices/domain-edit/resolution", test_resolution);
  g_test_add_func ("/slices/domain-edit/options", test_options);
  g_test_add_func ("/slices/domain-edit/namespaces", test_namespace_edge_cases);
  g_test_add_func ("/slices/domain-edit/bad-input", test_bad_input);
  g_test_add_func ("/slices/domain-edit/damaged-metadata", test_damaged_metadata);
  g_test_add_func ("/slices/domain-edit/canonical-relative-namespace",
                   test_canonical_relative_namespace);

  g_test_add_func ("/slices/domain-edit/looking-glass-size", test_looking_glass_size);

  return g_test_run ();
}
