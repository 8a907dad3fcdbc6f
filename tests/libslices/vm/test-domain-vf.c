/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainEdit with an SR-IOV virtual function, offline, over the corpus in
 * tests/data/sriov-domains/: every file × display (Looking Glass, remote desktop, none)
 * attaches a PCI hostdev with the right display changes, records them, and detaches back to
 * the original (canonical form); the notes (Hyper-V, a kept or resized shmem); replacing
 * across GVT-g and VF; a NIC given to the VM is never a slice; refusals give NULL and a code.
 * On a simulated Panther Lake with two VFs: which VM definitions name a VF that is gone (never
 * a NIC), who holds a VF, and the model's check that a VM gets a VF and not the PF.
 */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "libslices-base.h"
#include "libslices-model.h"
#include "libslices-simulator.h"
#include "libslices-vm.h"
#include "slices-test-util.h"
#include "slices-test-xml.h"

#define VF "0000:00:02.2"
#define HELD_VF "0000:00:02.1"
#define NIC "0000:03:00.0"
#define GVT_SLICE "1b3e2c4a-9f6d-4e21-8a7b-0c5d6e7f8091"
#define LIBVIRT_9 SLICES_LIBVIRT_VERSION (9, 0, 0)

static const char *corpus[] = {
  "win11-hyperv-tpm.xml",
  "linux-virtio.xml",
  "nic-hostdev.xml",
  "has-shmem.xml",
  "has-vf.xml",
};

static const SlicesDisplayMode modes[] = {
  SLICES_DISPLAY_MODE_LOOKING_GLASS, SLICES_DISPLAY_MODE_REMOTE, SLICES_DISPLAY_MODE_OFF,
};

static char *
load (const char *name)
{
  return slices_test_load_data ("sriov-domains", name);
}

static SlicesAttachOptions
vf_options (SlicesDisplayMode mode)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;

  opts.display = mode;
  opts.rendernode = NULL;
  opts.ramfb = FALSE;
  opts.opregion = FALSE;
  return opts;
}

static void
assert_selects (const char *xml,
                const char *expr,
                const char *expected)
{
  g_autofree char *found = slices_test_xpath_join (xml, expr);

  if (g_strcmp0 (found, expected) != 0)
    g_error ("%s gave “%s”, not “%s”, in:\n%s", expr, found, expected, xml);
}

static gboolean
notes_mention (GPtrArray  *notes,
               const char *needle)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (notes->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static char *
attach_vf (const char        *xml,
           const char        *address,
           SlicesDisplayMode  mode,
           GPtrArray         *notes)
{
  SlicesAttachOptions opts = vf_options (mode);
  g_autoptr(GError) error = NULL;
  char *out;

  opts.replace = TRUE;
  out = slices_domain_attach (xml, address, NULL, 0, 0, &opts, LIBVIRT_9, notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

/* The hostdev libvirt binds to VFIO at start (FACTS-SRIOV S4), with our alias. */
static void
assert_vf_hostdev (const char *xml)
{
  assert_selects (xml, "/domain/devices/hostdev[@type='pci'][alias/@name="
                       "'ua-gpu-slices-0000-00-02-2']/@managed", "yes;");
  assert_selects (xml, "/domain/devices/hostdev[alias/@name='ua-gpu-slices-0000-00-02-2']"
                       "/source/address/@*", "0x0000;0x00;0x02;0x2;");
  assert_selects (xml, "/domain/devices/hostdev[@type='mdev']", "");
}

static void
test_corpus (gconstpointer data)
{
  const char *file = data;
  g_autofree char *original = load (file);
  gboolean has_vf = g_str_equal (file, "has-vf.xml");
  gboolean nic = g_str_equal (file, "nic-hostdev.xml");
  g_autofree char *graphics_before = slices_test_xpath_join (original, "/domain/devices/graphics/@type");
  g_autofree char *base = NULL;

  /* The VM as it would be without the VF it holds: what detach must give back. */
  if (has_vf)
    {
      g_autoptr(GError) error = NULL;

      base = slices_domain_detach (original, HELD_VF, &error);
      g_assert_no_error (error);
      assert_selects (base, "/domain/devices/hostdev | /domain/metadata/*", "");
    }
  else
    base = g_strdup (original);

  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *attached = NULL;
      g_autofree char *again = NULL;
      g_autofree char *detached = NULL;
      g_auto(GStrv) slices = NULL;
      char *video = NULL;
      SlicesAttachOptions opts = vf_options (modes[m]);

      g_test_message ("%s, display %d", file, modes[m]);
      attached = attach_vf (original, VF, modes[m], notes);
      assert_vf_hostdev (attached);
      assert_selects (attached, "/domain/metadata/gs:gpu-slices/gs:slice/@address", VF ";");
      /* The VM keeps or gets a console adapter that shows a picture. */
      video = slices_test_xpath_join (attached, "/domain/devices/video/model[@type!='none']/@type");
      g_assert_cmpuint (strlen (video), >, 0);
      g_clear_pointer (&video, g_free);
      /* The VM's own SPICE or VNC stays, whatever the display. */
      assert_selects (attached, "/domain/devices/graphics/@type", graphics_before);

      if (modes[m] == SLICES_DISPLAY_MODE_LOOKING_GLASS)
        {
          assert_selects (attached, "/domain/devices/shmem[@name='looking-glass']/model/@type",
                          "ivshmem-plain;");
          assert_selects (attached, "/domain/devices/shmem[@name='looking-glass']/size",
                          "32;");
          assert_selects (attached, "/domain/devices/shmem[@name='looking-glass']/size/@unit",
                          "M;");
          assert_selects (attached, "/domain/devices/video/model/@type", "vga;");
          assert_selects (attached, "/domain/devices/input[@type='tablet']", "");
          assert_selects (attached, "/domain/devices/input[@bus='virtio']/@type",
                          g_str_equal (file, "linux-virtio.xml") ? "keyboard;mouse;"
                                                                  : "mouse;keyboard;");
          assert_selects (attached, "/domain/devices/memballoon/@model", "none;");
        }
      else
        {
          g_autofree char *shmem = slices_test_xpath_join (original, "/domain/devices/shmem/size");
          g_autofree char *balloon = slices_test_xpath_join (original, "/domain/devices/memballoon/@model");
          g_autofree char *inputs = slices_test_xpath_join (original, "/domain/devices/input/@type");

          /* A remote desktop or none: nothing but the console adapter changes. */
          assert_selects (attached, "/domain/devices/shmem/size", shmem);
          assert_selects (attached, "/domain/devices/memballoon/@model", balloon);
          assert_selects (attached, "/domain/devices/input/@type", inputs);
        }

      /* A NIC given to the VM stays, and is no slice that attaching replaces. */
      if (nic)
        assert_selects (attached, "/domain/devices/hostdev/source/address/@bus", "0x03;0x00;");
      if (has_vf)
        {
          assert_selects (attached, "/domain/devices/hostdev/source/address/@function", "0x2;");
          g_assert_true (notes_mention (notes, HELD_VF));
        }

      slices = slices_domain_find_slices (attached, &error);
      g_assert_no_error (error);
      g_assert_true (g_strv_contains ((const char * const *) slices, VF));
      g_assert_cmpuint (g_strv_length (slices), ==, nic ? 2 : 1);

      /* Attaching it again changes nothing and says so. */
      again = slices_domain_attach (attached, VF, NULL, 0, 0, &opts, LIBVIRT_9, notes, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, attached);
      g_assert_true (notes_mention (notes, "already attached"));

      /* Detach gives back exactly what was there. */
      detached = slices_domain_detach (attached, VF, &error);
      g_assert_no_error (error);
      slices_test_assert_same_definition (base, detached);
    }
}

/* The notes: Hyper-V enlightenments (Code 43), a kept or resized shmem, a missing SPICE. */
static void
test_notes (void)
{
  g_autofree char *win11 = load ("win11-hyperv-tpm.xml");
  g_autofree char *linux_vm = load ("linux-virtio.xml");
  g_autofree char *shmem = load ("has-shmem.xml");
  g_autofree char *nic = load ("nic-hostdev.xml");
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SlicesAttachOptions opts = vf_options (SLICES_DISPLAY_MODE_LOOKING_GLASS);
  g_autofree char *out = NULL;

  g_free (attach_vf (win11, VF, SLICES_DISPLAY_MODE_OFF, notes));
  g_assert_true (notes_mention (notes, "Code 43"));
  g_assert_true (notes_mention (notes, "relaxed, vapic, spinlocks, vpindex, synic, stimer)"));
  g_ptr_array_set_size (notes, 0);
  g_free (attach_vf (linux_vm, VF, SLICES_DISPLAY_MODE_LOOKING_GLASS, notes));
  g_assert_false (notes_mention (notes, "Code 43"));
  g_assert_true (notes_mention (notes, "virtio graphics adapter is replaced by vga"));

  /* The hand-made shmem is already 32 MiB, right for 1080p: kept. */
  g_ptr_array_set_size (notes, 0);
  out = attach_vf (shmem, VF, SLICES_DISPLAY_MODE_LOOKING_GLASS, notes);
  g_assert_true (notes_mention (notes, "is kept"));
  assert_selects (out, "/domain/devices/shmem/size", "32;");
  assert_selects (out, "/domain/devices/video/model/@vram", "16384;");
  g_clear_pointer (&out, g_free);

  /* 4K with HDR needs 256 MiB: resized, and detach gives the 32 back. */
  g_ptr_array_set_size (notes, 0);
  opts.xres = 3840;
  opts.yres = 2160;
  opts.hdr = TRUE;
  out = slices_domain_attach (shmem, VF, NULL, 0, 0, &opts, LIBVIRT_9, notes, &error);
  g_assert_no_error (error);
  g_assert_true (notes_mention (notes, "changes from 32 MiB to the 256 MiB"));
  assert_selects (out, "/domain/devices/shmem[@name='looking-glass']/size", "256;");
  {
    g_autofree char *back = slices_domain_detach (out, VF, &error);

    g_assert_no_error (error);
    slices_test_assert_same_definition (shmem, back);
  }
  g_clear_pointer (&out, g_free);

  /* 1440p: 64 MiB (FACTS-SRIOV S5). */
  opts.xres = 2560;
  opts.yres = 1440;
  opts.hdr = FALSE;
  out = slices_domain_attach (linux_vm, VF, NULL, 0, 0, &opts, LIBVIRT_9, NULL, &error);
  g_assert_no_error (error);
  assert_selects (out, "/domain/devices/shmem/size", "64;");
  g_clear_pointer (&out, g_free);

  /* VNC only: Looking Glass has no SPICE server for its input. */
  g_ptr_array_set_size (notes, 0);
  g_free (attach_vf (nic, VF, SLICES_DISPLAY_MODE_LOOKING_GLASS, notes));
  g_assert_true (notes_mention (notes, "SPICE"));
}

/* A VM has one slice of ours: GVT-g and VF replace each other with replace, not without. */
static void
test_replace (void)
{
  g_autofree char *held = load ("has-vf.xml");
  g_autofree char *nic = load ("nic-hostdev.xml");
  SlicesAttachOptions vf = vf_options (SLICES_DISPLAY_MODE_REMOTE);
  SlicesAttachOptions gvt = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *gvt_attached = NULL;
  g_autofree char *back = NULL;

  gvt.display = SLICES_DISPLAY_MODE_OFF;

  /* Without replace: refused, naming the slice it has. */
  out = slices_domain_attach (held, VF, NULL, 0, 0, &vf, LIBVIRT_9, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE);
  g_assert_nonnull (strstr (error->message, HELD_VF));
  g_clear_error (&error);
  out = slices_domain_attach (held, GVT_SLICE, "i915-GVTg_V5_4", 1920, 1200, &gvt, LIBVIRT_9,
                              NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE);
  g_clear_error (&error);

  /* VF → GVT-g: the VF and its console change go, the mdev comes. */
  gvt.replace = TRUE;
  gvt_attached = slices_domain_attach (held, GVT_SLICE, "i915-GVTg_V5_4", 1920, 1200, &gvt,
                                       LIBVIRT_9, NULL, &error);
  g_assert_no_error (error);
  assert_selects (gvt_attached, "/domain/devices/hostdev/@type", "mdev;");
  assert_selects (gvt_attached, "/domain/metadata/gs:gpu-slices/gs:slice/@uuid", GVT_SLICE ";");

  /* GVT-g → VF. */
  vf.replace = TRUE;
  out = slices_domain_attach (gvt_attached, VF, NULL, 0, 0, &vf, LIBVIRT_9, NULL, &error);
  g_assert_no_error (error);
  assert_selects (out, "/domain/devices/hostdev/@type", "pci;");
  assert_selects (out, "/domain/devices/hostdev/source/address/@function", "0x2;");
  g_clear_pointer (&out, g_free);

  /* A NIC is not ours: a VF goes in beside it without replace. */
  vf.replace = FALSE;
  out = slices_domain_attach (nic, VF, NULL, 0, 0, &vf, LIBVIRT_9, NULL, &error);
  g_assert_no_error (error);
  back = slices_domain_detach (out, VF, &error);
  g_assert_no_error (error);
  slices_test_assert_same_definition (nic, back);
}

/* Refusals give NULL with a code and a sentence; nothing is half done. */
static void
test_refusals (void)
{
  g_autofree char *xml = load ("linux-virtio.xml");
  SlicesAttachOptions opts = vf_options (SLICES_DISPLAY_MODE_LOCAL);
  g_autoptr(GError) error = NULL;
  char *out;

  /* A VF has no display for SPICE GL. */
  opts.rendernode = "/dev/dri/renderD128";
  out = slices_domain_attach (xml, VF, NULL, 0, 0, &opts, LIBVIRT_9, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no display of its own"));
  g_clear_error (&error);

  /* Malformed addresses. */
  opts = vf_options (SLICES_DISPLAY_MODE_OFF);
  for (const char * const *bad = (const char * const[]) { "0000:00:02.8", "0000:00:20.1",
                                                            "00:02", "0000-00-02.1", "",
                                                            "0000:00:02.1,x", NULL };
       *bad != NULL; bad++)
    {
      out = slices_domain_attach (xml, *bad, NULL, 0, 0, &opts, LIBVIRT_9, NULL, &error);
      g_assert_null (out);
      g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
      g_clear_error (&error);
      out = slices_domain_detach (xml, *bad, &error);
      g_assert_null (out);
      g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* lspci's short form and upper case are the same VF. */
  out = slices_domain_attach (xml, "00:02.2", NULL, 0, 0, &opts, LIBVIRT_9, NULL, &error);
  g_assert_no_error (error);
  assert_vf_hostdev (out);
  g_free (out);

  /* Looking Glass is for VFs only; half a resolution is no resolution. */
  opts.display = SLICES_DISPLAY_MODE_LOOKING_GLASS;
  opts.rendernode = "/dev/dri/renderD128";
  out = slices_domain_attach (xml, GVT_SLICE, NULL, 0, 0, &opts, LIBVIRT_9, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  opts.xres = 1920;
  out = slices_domain_attach (xml, VF, NULL, 0, 0, &opts, LIBVIRT_9, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION);
  g_clear_error (&error);

  /* Broken XML. */
  opts.xres = 0;
  out = slices_domain_attach ("<domain><devices>", VF, NULL, 0, 0, &opts, LIBVIRT_9, NULL,
                              &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE);
  g_clear_error (&error);

  /* Detaching a VF the VM does not have. */
  out = slices_domain_detach (xml, VF, &error);
  g_assert_null (out);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED);
}

/* find_slices names PCI devices in lowercase, as sysfs does, whatever the XML's number form. */
static void
test_find_slices (void)
{
  const char *xml =
    "<domain><devices>"
    "<hostdev mode='subsystem' type='pci'><source>"
    "<address domain='0' bus='0x00' slot='2' function='0x7'/></source></hostdev>"
    "<hostdev mode='subsystem' type='pci'><source>"
    "<address domain='0x0000' bus='0xAF' slot='0x1F' function='0x0'/></source></hostdev>"
    "<hostdev mode='subsystem' type='pci'><source>"
    "<address domain='0x0000' bus='0x00' slot='0x20' function='0x0'/></source></hostdev>"
    "</devices></domain>";
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = slices_domain_find_slices (xml, &error);
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  joined = g_strjoinv (" ", found);
  /* Slot 0x20 does not exist (five bits): not a device. */
  g_assert_cmpstr (joined, ==, "0000:00:02.7 0000:af:1f.0");
  g_assert_true (slices_domain_looking_glass_mib (1920, 1200, FALSE) == 32);
}

static SlicesDomainInfo *
info_new (const char *name,
          const char *slice,
          const char *recorded)
{
  SlicesDomainInfo *info = g_new0 (SlicesDomainInfo, 1);
  const char *slices[] = { slice, NULL };

  info->name = g_strdup (name);
  info->slices = g_strdupv ((char **) slices);
  info->defined_slices = g_strdupv ((char **) slices);
  info->recorded_slice = g_strdup (recorded);
  return info;
}

static SlicesHost *
ptl_host_with_two_vfs (char **out_root)
{
  char *root = slices_test_make_tmp_dir ("domain-vf-XXXXXX");
  g_autoptr(SlicesSimulator) sim = slices_simulator_new (root);
  g_autoptr(GError) error = NULL;
  SlicesHost *host;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init_ptl (&spec, "0000:00:02.0");
  g_assert_true (slices_simulator_add_gpu (sim, &spec, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slices_simulator_write_sriov_numvfs (sim, "0000:00:02.0", "2", 1), ==, 0);
  host = slices_host_new (root);
  g_assert_true (slices_host_refresh (host, &error));
  g_assert_no_error (error);
  *out_root = root;
  return host;
}

/* What the doctor and the window call a slice that is gone: a VF we recorded, or one in the
 * GPU's slot; never a NIC, never a VF that is there. */
static void
test_missing_slices (void)
{
  g_autofree char *root = NULL;
  g_autoptr(SlicesHost) host = ptl_host_with_two_vfs (&root);
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);
  g_autoptr(GHashTable) missing = NULL;
  g_autoptr(GHashTable) users = NULL;

  g_ptr_array_add (infos, info_new ("router", NIC, NULL));
  g_ptr_array_add (infos, info_new ("router-recorded-other", NIC, HELD_VF));
  g_ptr_array_add (infos, info_new ("win11", HELD_VF, HELD_VF));
  g_ptr_array_add (infos, info_new ("ours-gone", "0000:00:02.5", "0000:00:02.5"));
  g_ptr_array_add (infos, info_new ("by-hand-gone", "0000:00:02.4", NULL));
  g_ptr_array_add (infos, info_new ("gvt-gone", GVT_SLICE, GVT_SLICE));

  missing = slices_domain_infos_find_missing_slices (infos, host);
  g_assert_cmpuint (g_hash_table_size (missing), ==, 3);
  g_assert_cmpstr (((GStrv) g_hash_table_lookup (missing, "ours-gone"))[0], ==, "0000:00:02.5");
  g_assert_cmpstr (((GStrv) g_hash_table_lookup (missing, "by-hand-gone"))[0], ==,
                   "0000:00:02.4");
  g_assert_cmpstr (((GStrv) g_hash_table_lookup (missing, "gvt-gone"))[0], ==, GVT_SLICE);

  /* Who holds a VF, by its address. */
  users = slices_domain_infos_to_slice_users (infos);
  g_assert_cmpstr (g_hash_table_lookup (users, HELD_VF), ==, "win11");

  slices_test_remove_tree (root);
}

/* The model's check before any edit: a VF of this host, never the PF. */
static void
test_vf_for_vm (void)
{
  g_autofree char *root = NULL;
  g_autoptr(SlicesHost) host = ptl_host_with_two_vfs (&root);
  g_autoptr(GError) error = NULL;
  SlicesGpu *gpu = NULL;
  SlicesVf *vf;

  vf = slices_host_find_vf_for_vm (host, "00:02.2", &gpu, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (slices_vf_get_address (vf), ==, VF);
  g_assert_cmpstr (slices_gpu_get_address (gpu), ==, "0000:00:02.0");

  g_assert_null (slices_host_find_vf_for_vm (host, "0000:00:02.0", &gpu, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "0000:00:02.0 is the GPU itself (the PF), not one of its "
                   "virtual functions: a VM gets a virtual function, such as 0000:00:02.1.");
  g_assert_null (gpu);
  g_clear_error (&error);
  g_assert_null (slices_host_find_vf_for_vm (host, "0000:00:02.3", NULL, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_clear_error (&error);
  g_assert_null (slices_host_find_vf_for_vm (host, NIC, NULL, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_clear_error (&error);
  g_assert_null (slices_host_find_vf_for_vm (host, "0000:00:02", NULL, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (slices_host_is_vf_address (host, "0000:00:02.7"));
  g_assert_false (slices_host_is_vf_address (host, "0000:00:02.0"));
  g_assert_false (slices_host_is_vf_address (host, NIC));

  slices_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize f = 0; f < G_N_ELEMENTS (corpus); f++)
    {
      g_autofree char *base = g_strndup (corpus[f], strlen (corpus[f]) - 4);
      g_autofree char *path = g_strdup_printf ("/slices/domain-vf/corpus/%s", base);

      g_test_add_data_func (path, corpus[f], test_corpus);
    }
  g_test_add_func ("/slices/domain-vf/notes", test_notes);
  g_test_add_func ("/slices/domain-vf/replace", test_replace);
  g_test_add_func ("/slices/domain-vf/refusals", test_refusals);
  g_test_add_func ("/slices/domain-vf/find-slices", test_find_slices);
  g_test_add_func ("/slices/domain-vf/missing-slices", test_missing_slices);
  g_test_add_func ("/slices/domain-vf/vf-for-vm", test_vf_for_vm);

  return g_test_run ();
}
