/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every attached corpus domain (libvirt 9.0 form; local, remote and off displays) against REAL
 * libvirt and QEMU (FACTS.md §6): define with VIR_DOMAIN_DEFINE_VALIDATE in an in-process
 * `qemu:///embed` driver rooted in a temporary folder (no daemon, no root, nothing from the
 * host), turn it into a QEMU command line, and run that with `-S -display none`: the only error
 * allowed is the missing slice. Then detach from libvirt's own rewrite of the definition and
 * check that libvirt accepts it and the original display is back.
 *
 * The same for an SR-IOV VF over tests/data/sriov-domains/ (Looking Glass, a remote desktop in
 * the guest, none): the only QEMU error allowed is the absent VF (FACTS-SRIOV S4), so every
 * option before it parsed, Looking Glass's ivshmem-plain and its memory backend among them;
 * detach gives back the VM as libvirt keeps it (canonical form).
 *
 * One root for the whole process, so that libvirt probes QEMU once (~4 s).
 */
#include "config.h"

#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "qemu-check.h"
#include "slices-domain-edit.h"
#include "slices-domain-recipe.h"
#include "slices-test-util.h"
#include "slices-test-xml.h"

#define SLICE "1b3e2c4a-9f6d-4e21-8a7b-0c5d6e7f8091"
#define VF "0000:00:02.2"
#define TYPE "i915-GVTg_V5_4"

static const char *corpus[] = {
  "win10-ovmf-spice.xml",
  "linux-virtio-gpu-comment.xml",
  "qemu-commandline.xml",
  "other-prefix.xml",
  "pci-hostdev.xml",
  "has-slice.xml",
  "vnc-server.xml",
  "minimal.xml",
};

/* VMs set up with the old `-set device.hostdev0…` recipe: the slice QEMU meets first, and what
 * the repaired command line must still carry. */
static const struct {
  const char *file;
  const char *problem;      /* in the check's sentence */
  const char *first_slice;
  const char *expect[8];
} recipes[] = {
  { "recipe-seed.xml", "device.hostdev0.x-igd-opregion=on",
    "a297db4a-f4c2-11e6-90f6-d3b88d6c9525",
    { "\"driver\":\"vfio-pci-nohotplug\"", "\"ramfb\":true", "\"display\":\"on\"",
      "\"x-igd-opregion\":true", "\"xres\":1920", "\"yres\":1080",
      "MESA_LOADER_DRIVER_OVERRIDE=i965", NULL } },
  { "recipe-romfile.xml", "device.hostdev0.x-igd-opregion=on",
    "a297db4a-f4c2-11e6-90f6-d3b88d6c9525",
    { "\"romfile\":\"/var/lib/libvirt/vbios_gvt_uefi.rom\"", "\"ramfb\":true",
      "\"x-igd-opregion\":true", "\"xres\":1920", "-global ICH9-LPC.disable_s3=1",
      "MESA_LOADER_DRIVER_OVERRIDE=i965", NULL } },
  { "recipe-override-hostdev0.xml", "device.hostdev0.display=on",
    "b8d0e4f2-13a5-4c6e-9f70-81a2b3c4d5e6",
    { "\"driver\":\"vfio-pci-nohotplug\"", "\"display\":\"on\"", "\"ramfb\":true",
      "\"x-igd-opregion\":true", "\"xres\":1600", "\"yres\":900", NULL } },
  { "recipe-not-first.xml", "device.hostdev1.x-igd-opregion=on",
    "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
    { "\"id\":\"ua-gpu-slices-c1d2e3f4\"", "\"ramfb\":true", "\"x-igd-opregion\":true",
      "\"xres\":1280", "\"yres\":800", "\"host\":\"0000:03:00.0\",\"id\":\"hostdev0\"",
      NULL } },
  { "recipe-two-slices.xml", "device.hostdev0.x-igd-opregion=on",
    "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70",
    { "\"id\":\"ua-gpu-slices-d4e5f6a7\"", "\"id\":\"ua-gpu-slices-e5f6a7b8\"",
      "\"ramfb\":true", "\"display\":\"off\"", "\"x-igd-gms\":2", NULL } },
};

static const char *vf_corpus[] = {
  "win11-hyperv-tpm.xml",
  "linux-virtio.xml",
  "nic-hostdev.xml",
  "has-shmem.xml",
  "has-vf.xml",
};

static const struct { SlicesDisplayMode mode; const char *name; } modes[] = {
  { SLICES_DISPLAY_MODE_LOCAL, "local" },
  { SLICES_DISPLAY_MODE_REMOTE, "remote" },
  { SLICES_DISPLAY_MODE_OFF, "off" },
};

static const struct { SlicesDisplayMode mode; const char *name; } vf_modes[] = {
  { SLICES_DISPLAY_MODE_LOOKING_GLASS, "looking-glass" },
  { SLICES_DISPLAY_MODE_REMOTE, "remote" },
  { SLICES_DISPLAY_MODE_OFF, "off" },
};

typedef struct {
  const char *file;
  SlicesDisplayMode mode;
} Case;

static virConnectPtr conn;
static char *root_dir;
static char *skip_reason;
static gboolean have_swtpm;

static void
on_libvirt_error_cb (void        *user_data,
                     virErrorPtr  error)
{
  /* Reported where it matters, through virGetLastErrorMessage(). */
}

static char *
load (const char *name)
{
  return slices_test_load_data ("domains", name);
}

/* swtpm is not among the test packages and libvirt refuses an emulated TPM 2.0 without it. */
static char *
without_tpm (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "x.xml", NULL, XML_PARSE_NONET);
  xmlChar *out = NULL;
  int len = 0;
  char *ret;

  g_assert_nonnull (doc);
  for (xmlNode *dev = xmlDocGetRootElement (doc)->children; dev != NULL; dev = dev->next)
    if (dev->type == XML_ELEMENT_NODE && xmlStrEqual (dev->name, BAD_CAST "devices"))
      {
        xmlNode *child = dev->children;

        while (child != NULL)
          {
            xmlNode *next = child->next;

            if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, BAD_CAST "tpm"))
              {
                xmlUnlinkNode (child);
                xmlFreeNode (child);
              }
            child = next;
          }
      }
  xmlDocDumpMemory (doc, &out, &len);
  ret = g_strndup ((const char *) out, len);
  xmlFree (out);
  xmlFreeDoc (doc);
  return ret;
}

/* libvirt only turns a PCI hostdev into a command line once it has chosen the VFIO backend,
 * which it does by probing the host at start; say it up front, as a started VM would have. */
static char *
with_vfio_driver (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "x.xml", NULL, XML_PARSE_NONET);
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *obj;
  xmlChar *out = NULL;
  int len = 0;
  char *ret;

  obj = xmlXPathEvalExpression (BAD_CAST "/domain/devices/hostdev[@type='pci'][not(driver)]", ctx);
  for (int i = 0; obj->nodesetval != NULL && i < obj->nodesetval->nodeNr; i++)
    xmlSetProp (xmlNewChild (obj->nodesetval->nodeTab[i], NULL, BAD_CAST "driver", NULL),
                BAD_CAST "name", BAD_CAST "vfio");
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlDocDumpMemory (doc, &out, &len);
  ret = g_strndup ((const char *) out, len);
  xmlFree (out);
  xmlFreeDoc (doc);
  return ret;
}

static char *
domain_name (const char *xml)
{
  return slices_test_xpath_join (xml, "/domain/name");
}

static void
undefine (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);

  if (dom != NULL)
    {
      virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM);
      virDomainFree (dom);
    }
  virResetLastError ();
}

/* Defines @xml with validation and returns libvirt's own rewrite of it (secure, inactive). */
static char *
define (const char *xml)
{
  g_autofree char *joined = domain_name (xml);
  g_autofree char *name = g_strndup (joined, strlen (joined) - 1);
  virDomainPtr dom;
  char *out;

  undefine (name);
  dom = virDomainDefineXMLFlags (conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (dom == NULL)
    g_error ("libvirt refused the definition: %s\n%s", virGetLastErrorMessage (), xml);
  out = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (out);
  virDomainFree (dom);
  return out;
}

static const char *display_signature =
  "/domain/devices/graphics/@type | /domain/devices/graphics/@passwd | "
  "/domain/devices/graphics/listen/@type | /domain/devices/graphics/gl/@enable | "
  "/domain/devices/video/model/@type";

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *defined_original = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *native = NULL;
  g_autofree char *for_native = NULL;
  g_autofree char *detached = NULL;
  g_autofree char *redefined = NULL;
  g_autofree char *casedir = NULL;
  g_autofree char *err = NULL;
  g_autofree char *why = NULL;
  g_autofree char *sig_before = NULL;
  g_autofree char *sig_after = NULL;
  g_autofree char *found = NULL;
  g_auto(GStrv) argv = NULL;
  gboolean running = FALSE;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  original = load (c->file);
  if (!have_swtpm)
    {
      char *stripped = without_tpm (original);

      g_free (original);
      original = stripped;
    }

  /* The original as libvirt keeps it, to compare the display after detach. */
  defined_original = define (original);

  opts.display = c->mode;
  opts.rendernode = "/dev/dri/renderD128";
  opts.replace = TRUE;
  attached = slices_domain_attach (original, SLICE, TYPE, 1920, 1200, &opts,
                                   SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_no_error (error);

  /* 1. libvirt accepts it with validation and keeps what matters. */
  defined = define (attached);
  found = slices_test_xpath_join (defined, "/domain/devices/hostdev[@type='mdev']/source/address/@uuid");
  g_assert_cmpstr (found, ==, SLICE ";");
  g_clear_pointer (&found, g_free);
  found = slices_test_xpath_join (defined, "/domain/metadata/gs:gpu-slices/gs:slice/@uuid");
  g_assert_cmpstr (found, ==, SLICE ";");
  g_clear_pointer (&found, g_free);
  found = slices_test_xpath_join (defined, "/domain/q:override/q:device/@alias");
  g_assert_cmpstr (found, ==, "ua-gpu-slices-1b3e2c4a;");

  /* 2. Its QEMU command line has the properties, and QEMU accepts every one of them. */
  for_native = with_vfio_driver (defined);
  native = virConnectDomainXMLToNative (conn, "qemu-argv", for_native, 0);
  if (native == NULL)
    g_error ("libvirt could not make a command line: %s", virGetLastErrorMessage ());
  /* libvirt picks vfio-pci-nohotplug itself for ramfb, which needs a display. */
  g_assert_nonnull (strstr (native, c->mode != SLICES_DISPLAY_MODE_OFF
                                    ? "\"driver\":\"vfio-pci-nohotplug\""
                                    : "\"driver\":\"vfio-pci\""));
  g_assert_nonnull (strstr (native, "\"sysfsdev\":\"/sys/bus/mdev/devices/" SLICE "\""));
  g_assert_nonnull (strstr (native, "\"x-igd-opregion\":true"));
  g_assert_null (strstr (native, "device.hostdev"));
  if (c->mode != SLICES_DISPLAY_MODE_OFF)
    {
      g_assert_nonnull (strstr (native, "\"display\":\"on\""));
      g_assert_nonnull (strstr (native, "\"ramfb\":true"));
      g_assert_nonnull (strstr (native, "\"xres\":1920,\"yres\":1200"));
      g_assert_nonnull (strstr (native, c->mode == SLICES_DISPLAY_MODE_LOCAL
                                        ? "gl=on,rendernode=/dev/dri/renderD128"
                                        : "egl-headless,rendernode=/dev/dri/renderD128"));
    }
  else
    g_assert_nonnull (strstr (native, "\"display\":\"off\""));

  casedir = g_build_filename (root_dir, "run-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (casedir));
  argv = qemu_check_rewrite_libvirt (native, casedir, &error);
  g_assert_no_error (error);
  err = qemu_check_run ((const char * const *) argv, 60, &running, &error);
  g_assert_no_error (error);
  g_assert_false (running);
  if (!qemu_check_only_missing_slice (err, SLICE, &why))
    {
      g_autofree char *line = g_strjoinv (" ", argv);

      g_error ("%s\ncommand: %s", why, line);
    }

  /* 3. Detach from libvirt's rewrite: libvirt accepts it and the display is the original. */
  detached = slices_domain_detach (defined, SLICE, &error);
  g_assert_no_error (error);
  redefined = define (detached);
  g_clear_pointer (&found, g_free);
  found = slices_test_xpath_join (redefined, "/domain/devices/hostdev[@type='mdev'] | /domain/metadata/gs:*");
  g_assert_cmpstr (found, ==, "");
  sig_before = slices_test_xpath_join (defined_original, display_signature);
  sig_after = slices_test_xpath_join (redefined, display_signature);
  g_assert_cmpstr (sig_after, ==, sig_before);

  slices_test_remove_tree (casedir);
}

static int
compare_controllers (gconstpointer a,
                     gconstpointer b)
{
  xmlNode *x = *(xmlNode **) a;
  xmlNode *y = *(xmlNode **) b;
  xmlChar *tx = xmlGetProp (x, BAD_CAST "type");
  xmlChar *ty = xmlGetProp (y, BAD_CAST "type");
  xmlChar *ix = xmlGetProp (x, BAD_CAST "index");
  xmlChar *iy = xmlGetProp (y, BAD_CAST "index");
  int result = xmlStrcmp (tx, ty);

  if (result == 0)
    result = (int) g_ascii_strtoll ((const char *) ix, NULL, 10) -
             (int) g_ascii_strtoll ((const char *) iy, NULL, 10);
  xmlFree (tx);
  xmlFree (ty);
  xmlFree (ix);
  xmlFree (iy);
  return result;
}

/* The canonical form, with the <controller> elements in (type, index) order: libvirt groups
 * them anew on a define after a controller it added went, which means nothing. */
static char *
canonical (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "x.xml", NULL, XML_PARSE_NONET);
  g_autoptr(GPtrArray) controllers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  xmlNode *devices = NULL;
  xmlChar *out = NULL;
  g_autofree char *sorted = NULL;
  char *text;
  int len = 0;

  for (xmlNode *n = xmlDocGetRootElement (doc)->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST "devices"))
      devices = n;
  for (xmlNode *n = devices != NULL ? devices->children : NULL; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST "controller"))
      g_ptr_array_add (controllers, n);
  g_ptr_array_sort (controllers, compare_controllers);
  for (guint i = 0; i < controllers->len; i++)
    {
      xmlUnlinkNode (controllers->pdata[i]);
      xmlAddChild (devices, controllers->pdata[i]);
    }
  xmlDocDumpMemory (doc, &out, &len);
  sorted = g_strndup ((const char *) out, len);
  xmlFree (out);
  xmlFreeDoc (doc);

  text = slices_domain_canonicalize (sorted, &error);
  g_assert_no_error (error);
  return text;
}

/* A VF in each SR-IOV corpus VM, each display. */
static void
test_vf_case (gconstpointer data)
{
  const Case *c = data;
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = slices_test_load_data ("sriov-domains", c->file);
  g_autofree char *stored = NULL;
  g_autofree char *base = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *for_native = NULL;
  g_autofree char *native = NULL;
  g_autofree char *casedir = NULL;
  g_autofree char *err = NULL;
  g_autofree char *why = NULL;
  g_autofree char *detached = NULL;
  g_autofree char *redefined = NULL;
  g_autofree char *canon_base = NULL;
  g_autofree char *canon_back = NULL;
  g_auto(GStrv) argv = NULL;
  gboolean running = FALSE;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  if (!have_swtpm)
    {
      char *stripped = without_tpm (original);

      g_free (original);
      original = stripped;
    }

  /* The original as libvirt keeps it; for has-vf.xml without the VF it holds, since attach
   * replaces that one and detach gives the VM back without either. */
  stored = define (original);
  if (g_str_equal (c->file, "has-vf.xml"))
    {
      g_autofree char *without = slices_domain_detach (stored, "0000:00:02.1", &error);

      g_assert_no_error (error);
      base = define (without);
    }
  else
    base = g_strdup (stored);

  opts.display = c->mode;
  opts.rendernode = NULL;
  opts.replace = TRUE;
  attached = slices_domain_attach (stored, VF, NULL, 0, 0, &opts,
                                   SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
  g_assert_no_error (error);

  /* 1. libvirt accepts it with validation (a VF it cannot see is fine until start). */
  defined = define (attached);
  g_assert_nonnull (strstr (defined, "<alias name='ua-gpu-slices-0000-00-02-2'/>"));

  /* 2. QEMU parses every option up to the absent VF. */
  for_native = with_vfio_driver (defined);
  native = virConnectDomainXMLToNative (conn, "qemu-argv", for_native, 0);
  if (native == NULL)
    g_error ("libvirt could not make a command line: %s", virGetLastErrorMessage ());
  g_assert_nonnull (strstr (native, "\"driver\":\"vfio-pci\",\"host\":\"" VF "\""));
  if (c->mode == SLICES_DISPLAY_MODE_LOOKING_GLASS)
    {
      g_assert_nonnull (strstr (native, "\"mem-path\":\"/dev/shm/looking-glass\""));
      g_assert_nonnull (strstr (native, "\"size\":33554432"));
      g_assert_nonnull (strstr (native, "\"driver\":\"ivshmem-plain\""));
      g_assert_nonnull (strstr (native, "\"driver\":\"virtio-mouse-pci\""));
      g_assert_nonnull (strstr (native, "\"driver\":\"virtio-keyboard-pci\""));
      g_assert_null (strstr (native, "usb-tablet"));
      g_assert_null (strstr (native, "virtio-balloon"));
      if (strstr (native, "\"driver\":\"VGA\"") == NULL)
        g_error ("no VGA in %s", native);
    }
  else if (!g_str_equal (c->file, "has-shmem.xml"))
    g_assert_null (strstr (native, "ivshmem-plain"));  /* nothing added for these */

  casedir = g_build_filename (root_dir, "run-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (casedir));
  argv = qemu_check_rewrite_libvirt_vf (native, casedir, VF, &error);
  g_assert_no_error (error);
  err = qemu_check_run ((const char * const *) argv, 60, &running, &error);
  g_assert_no_error (error);
  g_assert_false (running);
  if (!qemu_check_only_missing_vf (err, VF, &why))
    {
      g_autofree char *line = g_strjoinv (" ", argv);

      g_error ("%s\ncommand: %s", why, line);
    }

  /* 3. Detach from libvirt's rewrite: accepted, and the VM as it was. */
  detached = slices_domain_detach (defined, VF, &error);
  g_assert_no_error (error);
  redefined = define (detached);
  canon_base = canonical (base);
  canon_back = canonical (redefined);
  g_assert_cmpstr (canon_back, ==, canon_base);

  slices_test_remove_tree (casedir);
}

/* The old recipe: the check names it, QEMU refuses the line as it is, the repair passes
 * libvirt's validation and QEMU's parse with every property, and the original goes back. */
static void
test_recipe (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *original = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *repaired = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *native = NULL;
  g_autofree char *broken_native = NULL;
  g_autofree char *casedir = NULL;
  g_autofree char *err = NULL;
  g_autofree char *why = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *canon_stored = NULL;
  g_autofree char *canon_undone = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) broken_argv = NULL;
  gboolean running = FALSE;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  original = load (recipes[i].file);
  stored = define (original);

  /* 1. The check names the argument; QEMU indeed refuses the line as libvirt makes it. */
  g_assert_cmpint (slices_domain_check_recipe (stored, SLICES_LIBVIRT_VERSION (9, 0, 0),
                                               &problem), ==, SLICES_RECIPE_BROKEN);
  g_assert_nonnull (strstr (problem, recipes[i].problem));
  g_assert_cmpint (slices_domain_check_recipe (stored, SLICES_LIBVIRT_VERSION (7, 8, 0), NULL),
                   ==, SLICES_RECIPE_OK);
  casedir = g_build_filename (root_dir, "recipe-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (casedir));
  broken_native = virConnectDomainXMLToNative (conn, "qemu-argv", stored, 0);
  g_assert_nonnull (broken_native);
  broken_argv = qemu_check_rewrite_libvirt (broken_native, casedir, &error);
  g_assert_no_error (error);
  err = qemu_check_run ((const char * const *) broken_argv, 60, &running, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (err, "there is no device"));
  g_clear_pointer (&err, g_free);

  /* 2. The repair: libvirt validates it, QEMU parses every property. */
  repaired = slices_domain_repair (stored, SLICES_LIBVIRT_VERSION (9, 0, 0), notes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (slices_domain_check_recipe (repaired, SLICES_LIBVIRT_VERSION (9, 0, 0), NULL),
                   ==, SLICES_RECIPE_OK);
  defined = define (repaired);
  native = virConnectDomainXMLToNative (conn, "qemu-argv", defined, 0);
  if (native == NULL)
    g_error ("libvirt could not make a command line: %s", virGetLastErrorMessage ());
  g_assert_null (strstr (native, "-set device."));
  for (guint e = 0; recipes[i].expect[e] != NULL; e++)
    if (strstr (native, recipes[i].expect[e]) == NULL)
      g_error ("%s: “%s” is not in %s", recipes[i].file, recipes[i].expect[e], native);
  argv = qemu_check_rewrite_libvirt (native, casedir, &error);
  g_assert_no_error (error);
  err = qemu_check_run ((const char * const *) argv, 60, &running, &error);
  g_assert_no_error (error);
  g_assert_false (running);
  if (!qemu_check_only_missing_slice (err, recipes[i].first_slice, &why))
    g_error ("%s\ncommand: %s", why, native);

  /* 3. Undo: the definition from before, as libvirt keeps it, exactly. */
  undone = define (stored);
  canon_stored = slices_domain_canonicalize (stored, &error);
  g_assert_no_error (error);
  canon_undone = slices_domain_canonicalize (undone, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (canon_undone, ==, canon_stored);

  slices_test_remove_tree (casedir);
}

static void
setup_libvirt (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *swtpm = NULL;

  if (qemu_check_binary () == NULL)
    {
      skip_reason = g_strdup ("qemu-system-x86_64 is not installed (Debian: qemu-system-x86)");
      return;
    }

  root_dir = g_dir_make_tmp ("gpu-slices-embed-XXXXXX", NULL);
  g_assert_nonnull (root_dir);

  /* Embedded libvirt running as root wants its QEMU user; where that user is missing, run
   * QEMU as root inside the private root (FACTS.md §6). */
  if (getuid () == 0 && getpwnam ("libvirt-qemu") == NULL)
    {
      g_autofree char *etc = g_build_filename (root_dir, "etc", NULL);
      g_autofree char *conf = g_build_filename (etc, "qemu.conf", NULL);
      g_autoptr(GError) error = NULL;

      g_mkdir_with_parents (etc, 0700);
      g_file_set_contents (conf, "user = \"root\"\ngroup = \"root\"\n", -1, &error);
      g_assert_no_error (error);
    }

  swtpm = g_find_program_in_path ("swtpm");
  have_swtpm = swtpm != NULL;
  if (!have_swtpm)
    g_test_message ("swtpm is not installed: the emulated TPM is left out of the libvirt checks");

  virSetErrorFunc (NULL, on_libvirt_error_cb);
  if (virEventRegisterDefaultImpl () < 0)
    {
      skip_reason = g_strdup_printf ("libvirt's event loop failed: %s",
                                     virGetLastErrorMessage ());
      return;
    }

  uri = g_strdup_printf ("qemu:///embed?root=%s", root_dir);
  conn = virConnectOpen (uri);
  if (conn == NULL)
    skip_reason = g_strdup_printf ("libvirt's embedded QEMU driver is unavailable here (%s); "
                                   "install libvirt-daemon-system",
                                   virGetLastErrorMessage ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  int ret;

  g_test_init (&argc, &argv, NULL);
  setup_libvirt ();

  for (gsize f = 0; f < G_N_ELEMENTS (corpus); f++)
    for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *base = g_strndup (corpus[f], strlen (corpus[f]) - 4);
        char *path = g_strdup_printf ("/slices/libvirt-embed/%s/%s", base, modes[m].name);

        c->file = corpus[f];
        c->mode = modes[m].mode;
        g_ptr_array_add (cases, c);
        g_ptr_array_add (paths, path);
        g_test_add_data_func (path, c, test_case);
      }

  for (gsize f = 0; f < G_N_ELEMENTS (vf_corpus); f++)
    for (gsize m = 0; m < G_N_ELEMENTS (vf_modes); m++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *base = g_strndup (vf_corpus[f], strlen (vf_corpus[f]) - 4);
        char *path = g_strdup_printf ("/slices/libvirt-embed/vf/%s/%s", base, vf_modes[m].name);

        c->file = vf_corpus[f];
        c->mode = vf_modes[m].mode;
        g_ptr_array_add (cases, c);
        g_ptr_array_add (paths, path);
        g_test_add_data_func (path, c, test_vf_case);
      }

  for (gsize r = 0; r < G_N_ELEMENTS (recipes); r++)
    {
      g_autofree char *base = g_strndup (recipes[r].file, strlen (recipes[r].file) - 4);
      char *path = g_strdup_printf ("/slices/libvirt-embed/repair/%s", base);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (path, GUINT_TO_POINTER (r), test_recipe);
    }

  ret = g_test_run ();

  if (conn != NULL)
    virConnectClose (conn);
  if (root_dir != NULL)
    slices_test_remove_tree (root_dir);
  return ret;
}
