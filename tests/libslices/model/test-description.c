/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The description parser and the small parsers beside it: what a slice type's `description`
 * file says on each kernel (../shared/FACTS.md §1), type names derived from ids, UUIDs, PCI
 * addresses, the platform table and errno mapping.
 */
#include "config.h"

#include <errno.h>

#include "slices-ids.h"
#include "slices-error.h"
#include "slices-platform.h"
#include "slices-slice-type.h"
#include "slices-sysfs.h"

static void
test_description_kernel_6 (void)
{
  SlicesTypeDescription d;

  g_assert_true (slices_type_description_parse ("low_gm_size: 128MB\nhigh_gm_size: 512MB\n"
                                                "fence: 4\nresolution: 1920x1200\nweight: 4\n",
                                                &d));
  g_assert_cmpint (d.low_gm_mb, ==, 128);
  g_assert_cmpint (d.high_gm_mb, ==, 512);
  g_assert_cmpint (d.fence, ==, 4);
  g_assert_cmpint (d.width, ==, 1920);
  g_assert_cmpint (d.height, ==, 1200);
  g_assert_cmpint (d.weight, ==, 4);
}

static void
test_description_kernel_4_10 (void)
{
  SlicesTypeDescription d;

  /* 4.10 printed only the first three lines. */
  g_assert_true (slices_type_description_parse ("low_gm_size: 64MB\nhigh_gm_size: 384MB\n"
                                                "fence: 4\n", &d));
  g_assert_cmpint (d.low_gm_mb, ==, 64);
  g_assert_cmpint (d.high_gm_mb, ==, 384);
  g_assert_cmpint (d.fence, ==, 4);
  g_assert_cmpint (d.width, ==, -1);
  g_assert_cmpint (d.height, ==, -1);
  g_assert_cmpint (d.weight, ==, -1);
}

static void
test_description_extra_line (void)
{
  SlicesTypeDescription d;

  /* The out-of-tree aggregation patch adds a line; any order, odd spacing, CRLF. */
  g_assert_true (slices_type_description_parse ("low_gm_size: 512MB\r\n"
                                                "high_gm_size:2048MB\n"
                                                "aggregation: true\n"
                                                "fence: 4\n"
                                                "  weight :  16\n"
                                                "resolution: 1920x1200\n", &d));
  g_assert_cmpint (d.low_gm_mb, ==, 512);
  g_assert_cmpint (d.high_gm_mb, ==, 2048);
  g_assert_cmpint (d.fence, ==, 4);
  g_assert_cmpint (d.weight, ==, 16);
  g_assert_cmpint (d.width, ==, 1920);
  g_assert_cmpint (d.height, ==, 1200);

  g_assert_true (slices_type_description_parse ("low_gm_size: 1GB\n", &d));
  g_assert_cmpint (d.low_gm_mb, ==, 1024);
}

static void
test_description_garbage (void)
{
  SlicesTypeDescription d;

  g_assert_false (slices_type_description_parse ("\x01\x02 no colon here\n:::\n"
                                                 "low_gm_size: lots\n"
                                                 "high_gm_size: -5MB\n"
                                                 "fence: 4.5\n"
                                                 "resolution: 1920x\n"
                                                 "resolution: x1200\n"
                                                 "weight: 99999999999999999999\n"
                                                 "low_gm_size: 12TB\n", &d));
  g_assert_cmpint (d.low_gm_mb, ==, -1);
  g_assert_cmpint (d.high_gm_mb, ==, -1);
  g_assert_cmpint (d.fence, ==, -1);
  g_assert_cmpint (d.weight, ==, -1);
  g_assert_cmpint (d.width, ==, -1);
  g_assert_cmpint (d.height, ==, -1);

  /* One good line among garbage still counts. */
  g_assert_true (slices_type_description_parse ("junk\nfence: 8\n\xff\xfe\n", &d));
  g_assert_cmpint (d.fence, ==, 8);
  g_assert_cmpint (d.low_gm_mb, ==, -1);
}

static void
test_description_empty (void)
{
  SlicesTypeDescription d;

  g_assert_false (slices_type_description_parse ("", &d));
  g_assert_cmpint (d.low_gm_mb, ==, -1);
  g_assert_cmpint (d.weight, ==, -1);
  g_assert_false (slices_type_description_parse ("\n\n\n", &d));
  g_assert_false (slices_type_description_parse (NULL, &d));
  g_assert_cmpint (d.width, ==, -1);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_description_type_object (void)
{
  g_autoptr(SlicesSliceType) type = slices_slice_type_new ("0000:00:02.0", "i915-GVTg_V5_4");
  const char *text = "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\n"
                     "resolution: 1920x1200\nweight: 4\n";
  guint notifications = 0;

  /* Without a name file the name comes from the id. */
  g_assert_cmpstr (slices_slice_type_get_name (type), ==, "GVTg_V5_4");
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, -1);

  g_signal_connect (type, "notify::weight", G_CALLBACK (count_cb), &notifications);

  slices_slice_type_set_description (type, text);
  g_assert_cmpstr (slices_slice_type_get_description (type), ==, text); /* raw text kept */
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, 4);
  g_assert_cmpint (slices_slice_type_get_width (type), ==, 1920);
  g_assert_cmpuint (notifications, ==, 1);

  /* The same text again notifies nothing. */
  slices_slice_type_set_description (type, text);
  g_assert_cmpuint (notifications, ==, 1);
}

static void
test_description_name_from_id (void)
{
  g_autofree char *a = slices_slice_type_name_from_id ("i915-GVTg_V5_4");
  g_autofree char *b = slices_slice_type_name_from_id ("GVTg_V4_1");
  g_autofree char *c = slices_slice_type_name_from_id ("nvidia-63");
  g_autofree char *d = slices_slice_type_name_from_id ("trailing-");

  g_assert_cmpstr (a, ==, "GVTg_V5_4");
  g_assert_cmpstr (b, ==, "GVTg_V4_1");
  g_assert_cmpstr (c, ==, "63");
  g_assert_cmpstr (d, ==, "trailing-");
}

static void
test_description_uuid (void)
{
  char out[37];

  g_assert_true (slices_uuid_normalize ("A2E6F6B1-7F4E-4E5F-9C53-0D2F1B2A3C4D", out));
  g_assert_cmpstr (out, ==, "a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d");
  g_assert_true (slices_uuid_normalize ("a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d", out));
  g_assert_cmpstr (out, ==, "a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d");

  g_assert_false (slices_uuid_normalize ("a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d\n", out));
  g_assert_false (slices_uuid_normalize ("a2e6f6b17f4e4e5f9c530d2f1b2a3c4d", out));
  g_assert_false (slices_uuid_normalize ("g2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d", out));
  g_assert_false (slices_uuid_normalize ("../../../../../etc/passwd-aaaaaaaaaaa", out));
  g_assert_false (slices_uuid_normalize ("", out));
  g_assert_false (slices_uuid_normalize (NULL, out));
  g_assert_cmpstr (out, ==, "");
}

static void
test_description_pci_address (void)
{
  g_assert_true (slices_pci_address_is_valid ("0000:00:02.0"));
  g_assert_true (slices_pci_address_is_valid ("0000:ff:1f.7"));
  g_assert_true (slices_pci_address_is_valid ("abcd:01:00.1"));

  g_assert_false (slices_pci_address_is_valid ("0000:00:02.8"));
  g_assert_false (slices_pci_address_is_valid ("0000:00:20.0"));
  g_assert_false (slices_pci_address_is_valid ("0000:00:0A.0"));
  g_assert_false (slices_pci_address_is_valid ("0000:00:02"));
  g_assert_false (slices_pci_address_is_valid ("0000:00:02.0\n"));
  g_assert_false (slices_pci_address_is_valid ("00:02.0"));
  g_assert_false (slices_pci_address_is_valid ("0000-00-02.0"));
  g_assert_false (slices_pci_address_is_valid ("../../00:02.0"));
  g_assert_false (slices_pci_address_is_valid (""));
  g_assert_false (slices_pci_address_is_valid (NULL));
}

static void
test_description_platforms (void)
{
  struct {
    guint             id;
    const char       *name;
    SlicesGvtSupport  support;
  } cases[] = {
    { 0x1616, "Broadwell", SLICES_GVT_SUPPORT_GVT_G },
    { 0x1912, "Skylake", SLICES_GVT_SUPPORT_GVT_G },
    { 0x5a84, "Broxton", SLICES_GVT_SUPPORT_GVT_G },
    { 0x5916, "Kaby Lake", SLICES_GVT_SUPPORT_GVT_G },
    { 0x87c0, "Kaby Lake", SLICES_GVT_SUPPORT_GVT_G },    /* Amber Lake as the kernel groups it */
    { 0x3e92, "Coffee Lake", SLICES_GVT_SUPPORT_GVT_G },
    { 0x3ea0, "Coffee Lake", SLICES_GVT_SUPPORT_GVT_G },  /* Whiskey Lake */
    { 0x9bc5, "Comet Lake", SLICES_GVT_SUPPORT_GVT_G },
    { 0x3185, "Gemini Lake", SLICES_GVT_SUPPORT_NONE },
    { 0x8a52, "Ice Lake", SLICES_GVT_SUPPORT_NONE },
    { 0x4e71, "Jasper Lake", SLICES_GVT_SUPPORT_NONE },
    { 0x9a49, "Tiger Lake", SLICES_GVT_SUPPORT_SRIOV },
    { 0x4680, "Alder Lake-S", SLICES_GVT_SUPPORT_SRIOV },
    { 0x46a6, "Alder Lake-P", SLICES_GVT_SUPPORT_SRIOV },
    { 0x46d1, "Alder Lake-N", SLICES_GVT_SUPPORT_SRIOV },
    { 0xa7a0, "Raptor Lake-P", SLICES_GVT_SUPPORT_SRIOV },
    { 0x7d55, "Meteor Lake", SLICES_GVT_SUPPORT_SRIOV },
  };
  SlicesGvtSupport support = SLICES_GVT_SUPPORT_GVT_G;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (slices_platform_lookup (cases[i].id, &support), ==, cases[i].name);
      g_assert_cmpint (support, ==, cases[i].support);
    }

  g_assert_null (slices_platform_lookup (0xffff, &support));
  g_assert_cmpint (support, ==, SLICES_GVT_SUPPORT_UNKNOWN);
  g_assert_null (slices_platform_lookup (0x0000, NULL));
}

static void
test_description_errno (void)
{
  g_assert_cmpint (slices_error_from_errno (EINVAL), ==, SLICES_ERROR_INVALID_UUID);
  g_assert_cmpint (slices_error_from_errno (EEXIST), ==, SLICES_ERROR_UUID_EXISTS);
  g_assert_cmpint (slices_error_from_errno (ENOSPC), ==, SLICES_ERROR_NO_ROOM);
  g_assert_cmpint (slices_error_from_errno (ENODEV), ==, SLICES_ERROR_NO_DEVICE);
  g_assert_cmpint (slices_error_from_errno (ENOENT), ==, SLICES_ERROR_GVT_INACTIVE);
  g_assert_cmpint (slices_error_from_errno (EACCES), ==, SLICES_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (slices_error_from_errno (EPERM), ==, SLICES_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (slices_error_from_errno (EBUSY), ==, SLICES_ERROR_IN_USE);
  g_assert_cmpint (slices_error_from_errno (EIO), ==, SLICES_ERROR_FAILED);
  g_assert_cmpint (slices_error_from_errno (0), ==, SLICES_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/description/kernel-6", test_description_kernel_6);
  g_test_add_func ("/slices/description/kernel-4-10", test_description_kernel_4_10);
  g_test_add_func ("/slices/description/extra-line", test_description_extra_line);
  g_test_add_func ("/slices/description/garbage", test_description_garbage);
  g_test_add_func ("/slices/description/empty", test_description_empty);
  g_test_add_func ("/slices/description/type-object", test_description_type_object);
  g_test_add_func ("/slices/description/name-from-id", test_description_name_from_id);
  g_test_add_func ("/slices/description/uuid", test_description_uuid);
  g_test_add_func ("/slices/description/pci-address", test_description_pci_address);
  g_test_add_func ("/slices/description/platforms", test_description_platforms);
  g_test_add_func ("/slices/description/errno", test_description_errno);

  return g_test_run ();
}
