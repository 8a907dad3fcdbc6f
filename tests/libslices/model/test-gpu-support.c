/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a GPU offers and why it offers no slices (slices-gpu-support.h): the words the window,
 * `slicectl list` and the doctor share, for each kind of platform a user may have.
 */
#include "config.h"

#include <string.h>

#include "slices-gpu.h"
#include "slices-gpu-support.h"
#include "slices-slice-type.h"

#define ADDRESS   "0000:00:02.0"
#define KBL_HD620 0x5916   /* Kaby Lake: GVT-g */
#define ICL_IRIS  0x8a52   /* Ice Lake: neither */
#define TGL_IRIS  0x9a49   /* Tiger Lake: SR-IOV */
#define UNKNOWN   0x1234

static SlicesGpu *
make_gpu (guint vendor_id,
          guint device_id,
          guint pci_class)
{
  SlicesGpu *gpu = slices_gpu_new (ADDRESS);

  slices_gpu_set_ids (gpu, vendor_id, device_id, pci_class);
  return gpu;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” lacks “%s”", text, needle);
}

static void
test_ids (void)
{
  /* The values of slicectl list --json's gvt_support. */
  g_assert_cmpstr (slices_gvt_support_to_id (SLICES_GVT_SUPPORT_GVT_G), ==, "gvt-g");
  g_assert_cmpstr (slices_gvt_support_to_id (SLICES_GVT_SUPPORT_SRIOV), ==, "sriov");
  g_assert_cmpstr (slices_gvt_support_to_id (SLICES_GVT_SUPPORT_NONE), ==, "none");
  g_assert_cmpstr (slices_gvt_support_to_id (SLICES_GVT_SUPPORT_UNKNOWN), ==, "unknown");
}

static void
test_intel_display (void)
{
  g_autoptr(SlicesGpu) vga = make_gpu (0x8086, KBL_HD620, 0x030000);
  g_autoptr(SlicesGpu) other_display = make_gpu (0x8086, KBL_HD620, 0x038000);
  g_autoptr(SlicesGpu) audio = make_gpu (0x8086, 0x9d71, 0x040300);
  g_autoptr(SlicesGpu) nvidia = make_gpu (0x10de, 0x1eb8, 0x030000);

  g_assert_true (slices_gpu_is_intel_display (vga));
  g_assert_true (slices_gpu_is_intel_display (other_display));
  g_assert_false (slices_gpu_is_intel_display (audio));
  /* An NVIDIA vGPU card offers mediated devices too, but is not ours to judge. */
  g_assert_false (slices_gpu_is_intel_display (nvidia));
}

static void
test_offers_gvt (void)
{
  g_autoptr(SlicesGpu) kaby_lake = make_gpu (0x8086, KBL_HD620, 0x030000);
  g_autoptr(SlicesGpu) ice_lake = make_gpu (0x8086, ICL_IRIS, 0x030000);
  g_autoptr(SlicesGpu) unknown = make_gpu (0x8086, UNKNOWN, 0x030000);
  g_autoptr(SlicesSliceType) type = slices_slice_type_new (ADDRESS, "i915-GVTg_V5_4");

  /* Kaby Lake could, once GVT-g is on; Ice Lake never. */
  g_assert_true (slices_gpu_support_offers_gvt (kaby_lake));
  g_assert_false (slices_gpu_support_offers_gvt (ice_lake));
  /* A device id the table does not know, which lists slice types anyway, does. */
  g_assert_false (slices_gpu_support_offers_gvt (unknown));
  slices_gpu_add_type (unknown, type);
  g_assert_true (slices_gpu_support_offers_gvt (unknown));
}

/* The window's sentences (tests/app/test-gui.c asserts them on the status page). */
static void
test_reason (void)
{
  g_autoptr(SlicesGpu) kaby_lake = make_gpu (0x8086, KBL_HD620, 0x030000);
  g_autoptr(SlicesGpu) ice_lake = make_gpu (0x8086, ICL_IRIS, 0x030000);
  g_autoptr(SlicesGpu) tiger_lake = make_gpu (0x8086, TGL_IRIS, 0x030000);
  g_autoptr(SlicesGpu) unknown = make_gpu (0x8086, UNKNOWN, 0x030000);
  g_autofree char *none = slices_gpu_support_dup_reason (NULL);
  g_autofree char *kbl = slices_gpu_support_dup_reason (kaby_lake);
  g_autofree char *icl = slices_gpu_support_dup_reason (ice_lake);
  g_autofree char *tgl = slices_gpu_support_dup_reason (tiger_lake);
  g_autofree char *other = slices_gpu_support_dup_reason (unknown);

  assert_contains (none, "no Intel graphics");
  assert_contains (kbl, "GVT-g is not enabled for the Kaby Lake graphics");
  /* It says what turns it on. */
  assert_contains (kbl, "i915.enable_gvt=1");
  assert_contains (kbl, "kvmgt");
  g_assert_cmpstr (icl, ==, "Ice Lake graphics do not support GVT-g.");
  assert_contains (tgl, "Tiger Lake graphics do not support GVT-g: they share the GPU through "
                   "SR-IOV");
  assert_contains (other, "Broadwell to Comet Lake");
}

/* Without an Intel GPU, the detail names both ways a GPU is shared. */
static void
test_no_gpu_detail (void)
{
  g_autofree char *detail = slices_gpu_support_dup_detail (NULL, NULL);

  assert_contains (detail, "as GVT-g slices");
  assert_contains (detail, "Tiger Lake and newer");
  assert_contains (detail, "as SR-IOV virtual functions");
  assert_contains (detail, "No Intel display device");
}

/* The doctor's gpu-generation check. */
static void
test_title_and_detail (void)
{
  g_autoptr(SlicesGpu) kaby_lake = make_gpu (0x8086, KBL_HD620, 0x030000);
  g_autoptr(SlicesGpu) ice_lake = make_gpu (0x8086, ICL_IRIS, 0x030000);
  g_autoptr(SlicesGpu) tiger_lake = make_gpu (0x8086, TGL_IRIS, 0x030000);
  g_autoptr(SlicesGpu) unknown = make_gpu (0x8086, UNKNOWN, 0x030000);
  g_autofree char *name = slices_gpu_support_dup_name (kaby_lake);
  g_autofree char *unknown_name = slices_gpu_support_dup_name (unknown);

  g_assert_cmpstr (name, ==, "Intel Kaby Lake GPU (" ADDRESS ")");
  g_assert_cmpstr (unknown_name, ==, "Intel GPU 0x1234 (" ADDRESS ")");

  {
    g_autofree char *title = slices_gpu_support_dup_title (kaby_lake);
    g_autofree char *alone = slices_gpu_support_dup_detail (kaby_lake, NULL);
    g_autofree char *beside = slices_gpu_support_dup_detail (kaby_lake, "Intel GPU 0x56a0");

    g_assert_cmpstr (title, ==, "Intel Kaby Lake GPU (" ADDRESS ") supports GVT-g");
    g_assert_null (strstr (alone, "Not this way"));
    assert_contains (beside, "Not this way: Intel GPU 0x56a0.");
  }
  {
    g_autofree char *title = slices_gpu_support_dup_title (tiger_lake);
    g_autofree char *detail = slices_gpu_support_dup_detail (tiger_lake, NULL);

    assert_contains (title, "Tiger Lake");
    g_assert_cmpstr (title, ==, "Intel Tiger Lake GPU (" ADDRESS ") supports SR-IOV");
    /* Says what is true today, promises nothing: SR-IOV GPUs are managed, with set-vfs. */
    assert_contains (detail, "through SR-IOV virtual functions");
    assert_contains (detail, "“slicectl set-vfs” sets how many this GPU makes");
    g_assert_null (strstr (detail, "does not manage"));
    g_assert_null (strstr (detail, "will"));
  }
  {
    g_autofree char *title = slices_gpu_support_dup_title (ice_lake);
    g_autofree char *detail = slices_gpu_support_dup_detail (ice_lake, NULL);

    assert_contains (title, "Ice Lake");
    assert_contains (title, "supports neither GVT-g nor SR-IOV");
    assert_contains (detail, "Comet Lake");
  }
  {
    g_autofree char *title = slices_gpu_support_dup_title (unknown);

    g_assert_cmpstr (title, ==, "Intel GPU 0x1234 (" ADDRESS ") is not a known GVT-g platform");
  }
  {
    g_autofree char *title = slices_gpu_support_dup_title (NULL);
    g_autofree char *detail = slices_gpu_support_dup_detail (NULL, NULL);

    g_assert_cmpstr (title, ==, "No Intel GPU found");
    assert_contains (detail, "No Intel display device");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/gpu-support/ids", test_ids);
  g_test_add_func ("/slices/gpu-support/intel-display", test_intel_display);
  g_test_add_func ("/slices/gpu-support/offers-gvt", test_offers_gvt);
  g_test_add_func ("/slices/gpu-support/no-gpu-detail", test_no_gpu_detail);
  g_test_add_func ("/slices/gpu-support/reason", test_reason);
  g_test_add_func ("/slices/gpu-support/title-and-detail", test_title_and_detail);

  return g_test_run ();
}
