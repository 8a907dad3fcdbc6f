/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real gpu-slices-helper binary against a umockdev testbed: the helper inherits
 * LD_PRELOAD=libumockdev-preload, so its compiled-in /sys and /dev are the testbed while /proc
 * stays real. Every hostile invocation must exit with its documented code, print exactly one
 * line on stderr and nothing on stdout, and leave the testbed byte-identical; good requests
 * write exactly what the kernel expects to exactly one file. Also drives SlicesHelperClient
 * (without pkexec) against the same helper.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <umockdev.h>

#include "slices-error.h"
#include "slices-helper-client.h"
#include "slices-helper-protocol.h"
#include "slices-test-helper-util.h"

#define GPU_ADDR   "0000:00:02.0"
#define GPU_PATH   "/sys/devices/pci0000:00/" GPU_ADDR
#define GPU2_ADDR  "0000:01:00.0"
#define GPU2_PATH  "/sys/devices/pci0000:00/0000:00:01.0/" GPU2_ADDR
#define TYPE       "i915-GVTg_V5_4"
#define NEW_UUID   "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define SLICE_UUID "6d8a3c2e-0f1b-4a5c-9e7d-3b2a1c0f9e8d"  /* group 7 */
#define SLICE2_UUID "9b1e7f20-4c3d-4e5a-8f6b-7a8c9d0e1f2a" /* group 8, vfio-dev/vfio3 */
#define SLICE3_UUID "3c2b1a09-8d7e-4f6a-9b5c-4d3e2f1a0b9c" /* its remove is a symlink */
#define NV_ADDR    "0000:65:00.0"                          /* an NVIDIA vGPU parent */
#define NV_PATH    "/sys/devices/pci0000:64/0000:64:00.0/" NV_ADDR
#define NV_UUID    "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"  /* its slice */
#define XE_ADDR    "0000:00:05.0"                          /* Intel, but bound to xe */

/* Placeholders in the case table, replaced when the test runs. */
#define LONG_ARG "@long@"  /* SLICES_HELPER_MAX_ARG_LEN + 1 bytes */
#define HUGE_ARG "@huge@"  /* 100 000 bytes */

typedef SlicesTestbed Fixture;

typedef struct
{
  const char *name;
  const char *args[8];
  int code;
} HelperCase;

typedef struct
{
  int code;
  char *out;
  char *err;
} HelperRun;

static gboolean have_mock;

static const HelperCase refusals[] = {
  /* usage */
  { "no-command", { NULL }, SLICES_HELPER_EXIT_USAGE },
  { "unknown-command", { "frobnicate" }, SLICES_HELPER_EXIT_USAGE },
  { "empty-command", { "" }, SLICES_HELPER_EXIT_USAGE },
  { "uppercase-command", { "CREATE", GPU_ADDR, TYPE, NEW_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "option-as-command", { "--sysfs-root=/tmp", "create", GPU_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "overlong-command", { LONG_ARG }, SLICES_HELPER_EXIT_USAGE },
  { "create-missing-uuid", { "slices", "create", GPU_ADDR, TYPE }, SLICES_HELPER_EXIT_USAGE },
  { "create-only", { "create" }, SLICES_HELPER_EXIT_USAGE },
  { "create-extra-argument", { "slices", "create", GPU_ADDR, TYPE, NEW_UUID, "extra" },
    SLICES_HELPER_EXIT_USAGE },
  { "remove-missing-uuid", { "remove" }, SLICES_HELPER_EXIT_USAGE },
  { "remove-extra-argument", { "slices", "remove", SLICE_UUID, SLICE_UUID },
    SLICES_HELPER_EXIT_USAGE },
  /* the first word picks the polkit action: a command without it, or under the other one, is
   * not a command */
  { "create-without-group", { "create", GPU_ADDR, TYPE, NEW_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "remove-without-group", { "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "create-as-configure-host", { "configure-host", "create", GPU_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "load-kvmgt-as-slices", { "slices", "load-kvmgt" }, SLICES_HELPER_EXIT_USAGE },
  { "group-only", { "slices" }, SLICES_HELPER_EXIT_USAGE },
  /* only Intel GPUs on i915, their GVT-g types and their slices */
  { "foreign-parent-create", { "slices", "create", NV_ADDR, "nvidia-63", NEW_UUID },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "foreign-parent-create-gvt-type", { "slices", "create", NV_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "foreign-slice-remove", { "slices", "remove", NV_UUID }, SLICES_HELPER_EXIT_NOT_INTEL },
  { "foreign-slice-persist", { "slices", "persist", NV_UUID }, SLICES_HELPER_EXIT_NOT_INTEL },
  { "foreign-parent-unpersist", { "slices", "unpersist", NV_ADDR, NV_UUID },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "absent-parent-unpersist", { "slices", "unpersist", "0000:00:03.0", NEW_UUID },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "matrix-parent-unpersist", { "slices", "unpersist", "matrix", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "intel-gpu-on-xe", { "slices", "create", XE_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_NOT_INTEL },
  { "type-not-gvt", { "slices", "create", GPU_ADDR, "i915-other_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-double-dash-option", { "slices", "create", GPU_ADDR, "--auto", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-double-dash-assignment", { "slices", "create", GPU_ADDR, "--type=" TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  /* PCI address */
  { "address-empty", { "slices", "create", "", TYPE, NEW_UUID }, SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-overlong", { "slices", "create", LONG_ARG, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-huge", { "slices", "create", HUGE_ARG, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-uppercase", { "slices", "create", "0000:00:0A.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-short-form", { "slices", "create", "00:02.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-function-8", { "slices", "create", "0000:00:02.8", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-dotdot", { "slices", "create", "../../../devices", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-trailing-slash", { "slices", "create", GPU_ADDR "/", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-absolute-path", { "slices", "create", GPU_PATH, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-root", { "slices", "create", "/", TYPE, NEW_UUID }, SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-newline", { "slices", "create", GPU_ADDR "\n", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-fullwidth-digit", { "slices", "create", "0000:00:\xef\xbc\x90" "2.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-shell", { "slices", "create", GPU_ADDR ";reboot", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  /* type id */
  { "type-empty", { "slices", "create", GPU_ADDR, "", NEW_UUID }, SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-overlong", { "slices", "create", GPU_ADDR, LONG_ARG, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-dot", { "slices", "create", GPU_ADDR, ".", NEW_UUID }, SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-dotdot", { "slices", "create", GPU_ADDR, "../" TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-slash", { "slices", "create", GPU_ADDR, TYPE "/create", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-absolute", { "slices", "create", GPU_ADDR, "/", NEW_UUID }, SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-command-substitution", { "slices", "create", GPU_ADDR, "$(reboot)", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-backticks", { "slices", "create", GPU_ADDR, "`id`", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-glob", { "slices", "create", GPU_ADDR, "i915-*", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-space", { "slices", "create", GPU_ADDR, "i915-GVTg V5_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-escape-sequence", { "slices", "create", GPU_ADDR, TYPE "\x1b[2J", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-unknown", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_1", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-other-case", { "slices", "create", GPU_ADDR, "I915-GVTG_V5_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-of-another-gpu", { "slices", "create", GPU_ADDR, "i915-GVTg_V4_2", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  /* UUID */
  { "uuid-empty", { "slices", "create", GPU_ADDR, TYPE, "" }, SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-overlong", { "slices", "create", GPU_ADDR, TYPE, LONG_ARG },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-braces", { "slices", "create", GPU_ADDR, TYPE, "{" NEW_UUID "}" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-no-hyphens", { "slices", "create", GPU_ADDR, TYPE, "0f3c4a1e6b2d4f8e9a7c2d5e8b1f0a93" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-newline", { "slices", "create", GPU_ADDR, TYPE, NEW_UUID "\n" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-leading-space", { "slices", "create", GPU_ADDR, TYPE, " " NEW_UUID },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-urn", { "slices", "create", GPU_ADDR, TYPE, "urn:uuid:" NEW_UUID },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-not-hex", { "slices", "create", GPU_ADDR, TYPE, "0g3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-cyrillic-a",
    { "slices", "create", GPU_ADDR, TYPE, "0f3c4\xd0\xb0" "1e-6b2d-4f8e-9a7c-2d5e8b1f0a9" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-shell", { "slices", "create", GPU_ADDR, TYPE, "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1;reboot" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "remove-uuid-dotdot", { "slices", "remove", "../../../devices/pci0000:00/" GPU_ADDR },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "remove-uuid-braces", { "slices", "remove", "{" SLICE_UUID "}" }, SLICES_HELPER_EXIT_BAD_UUID },
  { "remove-uuid-root", { "slices", "remove", "/" }, SLICES_HELPER_EXIT_BAD_UUID },
  /* what the system says */
  { "gpu-missing", { "slices", "create", "0000:00:03.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_NO_GPU },
  { "gpu-not-a-gvt-gpu", { "slices", "create", "0000:00:1f.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_NO_GPU },
  { "gpu-link-outside-devices", { "slices", "create", "0000:00:04.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "type-folder-symlink", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_2", NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "create-file-symlink", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_1x", NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "create-file-missing", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_8", NEW_UUID },
    SLICES_HELPER_EXIT_GVT_INACTIVE },
  { "remove-unknown-slice", { "slices", "remove", NEW_UUID }, SLICES_HELPER_EXIT_NO_SLICE },
  { "remove-file-symlink", { "slices", "remove", SLICE3_UUID }, SLICES_HELPER_EXIT_UNSAFE },
  { "remove-slice-misnamed", { "slices", "remove", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" },
    SLICES_HELPER_EXIT_UNSAFE },
  /* status, persist, unpersist, load-kvmgt: refused before anything runs (the good paths run
   * the real mdevctl and modprobe, so they are tested in a private mount namespace instead:
   * test-persist.c) */
  { "status-is-gone", { "status" }, SLICES_HELPER_EXIT_USAGE },
  { "load-kvmgt-extra-argument", { "configure-host", "load-kvmgt", "kvmgt" },
    SLICES_HELPER_EXIT_USAGE },
  { "load-kvmgt-other-module", { "configure-host", "load-kvmgt", "../../evil" },
    SLICES_HELPER_EXIT_USAGE },
  { "persist-missing-uuid", { "persist" }, SLICES_HELPER_EXIT_USAGE },
  { "persist-extra-argument", { "slices", "persist", SLICE_UUID, "--auto" },
    SLICES_HELPER_EXIT_USAGE },
  { "persist-uuid-dotdot", { "slices", "persist", "../../../devices/pci0000:00/" GPU_ADDR },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "persist-uuid-braces", { "slices", "persist", "{" SLICE_UUID "}" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "persist-uuid-huge", { "slices", "persist", HUGE_ARG }, SLICES_HELPER_EXIT_BAD_UUID },
  { "persist-unknown-slice", { "slices", "persist", NEW_UUID }, SLICES_HELPER_EXIT_NO_SLICE },
  { "persist-slice-misnamed", { "slices", "persist", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" },
    SLICES_HELPER_EXIT_UNSAFE },
  { "unpersist-missing-uuid", { "slices", "unpersist", GPU_ADDR }, SLICES_HELPER_EXIT_USAGE },
  { "unpersist-extra-argument", { "slices", "unpersist", GPU_ADDR, SLICE_UUID, SLICE2_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "unpersist-uuid-shell", { "slices", "unpersist", GPU_ADDR,
                              "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1;reboot" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "unpersist-uuid-empty", { "slices", "unpersist", GPU_ADDR, "" },
    SLICES_HELPER_EXIT_BAD_UUID },
};

static const char gpus[] =
  "P: /devices/pci0000:00/" GPU_ADDR "\n"
  "E: SUBSYSTEM=pci\n"
  "E: DRIVER=i915\n"
  "E: PCI_ID=8086:5916\n"
  "A: vendor=0x8086\n"
  "A: device=0x5916\n"
  "A: class=0x030000\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:01.0/" GPU2_ADDR "\n"
  "E: SUBSYSTEM=pci\n"
  "E: DRIVER=i915\n"
  "A: vendor=0x8086\n"
  "A: device=0x1616\n"
  "\n"
  "P: /devices/pci0000:64/0000:64:00.0/" NV_ADDR "\n"
  "E: SUBSYSTEM=pci\n"
  "E: DRIVER=nvidia\n"
  "A: vendor=0x10de\n"
  "A: device=0x1eb8\n"
  "A: class=0x030200\n"
  "\n"
  "P: /devices/pci0000:00/" XE_ADDR "\n"
  "E: SUBSYSTEM=pci\n"
  "E: DRIVER=xe\n"
  "A: vendor=0x8086\n"
  "A: device=0x7d55\n"
  "A: class=0x030000\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:1f.0\n"
  "E: SUBSYSTEM=pci\n"
  "A: vendor=0x8086\n"
  "A: device=0x9d4e\n"
  "A: class=0x060100\n"
  "\n"
  "P: /devices/pci0000:00/" GPU_ADDR "/" SLICE_UUID "\n"
  "E: SUBSYSTEM=mdev\n"
  "E: MDEV_TYPE=" TYPE "\n"
  "\n"
  "P: /devices/pci0000:00/" GPU_ADDR "/" SLICE2_UUID "\n"
  "E: SUBSYSTEM=mdev\n"
  "E: MDEV_TYPE=" TYPE "\n"
  "\n"
  "P: /devices/pci0000:00/" GPU_ADDR "/" SLICE3_UUID "\n"
  "E: SUBSYSTEM=mdev\n"
  "E: MDEV_TYPE=" TYPE "\n"
  "\n"
  "P: /devices/pci0000:64/0000:64:00.0/" NV_ADDR "/" NV_UUID "\n"
  "E: SUBSYSTEM=mdev\n"
  "E: MDEV_TYPE=nvidia-63\n";

static char *
read_file (Fixture    *fixture,
           const char *path)
{
  g_autofree char *full = slices_testbed_path (fixture, path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (full, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
add_type (Fixture    *fixture,
          const char *gpu,
          const char *type,
          const char *description,
          const char *available)
{
  g_autofree char *folder = g_strdup_printf ("mdev_supported_types/%s", type);
  g_autofree char *attr = NULL;
  const char *name = strchr (type, '-') + 1;

  attr = g_strdup_printf ("%s/description", folder);
  umockdev_testbed_set_attribute (fixture->testbed, gpu, attr, description);
  g_free (attr);
  attr = g_strdup_printf ("%s/available_instances", folder);
  umockdev_testbed_set_attribute (fixture->testbed, gpu, attr, available);
  g_free (attr);
  attr = g_strdup_printf ("%s/device_api", folder);
  umockdev_testbed_set_attribute (fixture->testbed, gpu, attr, "vfio-pci\n");
  g_free (attr);
  attr = g_strdup_printf ("%s/name", folder);
  umockdev_testbed_set_attribute (fixture->testbed, gpu, attr, name);
  g_free (attr);
  attr = g_strdup_printf ("%s/create", folder);
  umockdev_testbed_set_attribute (fixture->testbed, gpu, attr, "");
  g_free (attr);
  attr = g_strdup_printf ("%s%s/%s/devices", gpu, "/mdev_supported_types", type);
  slices_testbed_make_dir (fixture, attr);
}

/* A slice @uuid of @type on the GPU at @gpu_path (under /sys/devices), with its IOMMU group. */
static void
add_slice_on (Fixture    *fixture,
              const char *gpu_path,
              const char *type,
              const char *uuid,
              const char *group)
{
  g_autofree char *slice = g_strdup_printf ("%s/%s", gpu_path, uuid);
  g_autofree char *bus_link = g_strdup_printf ("/sys/bus/mdev/devices/%s", uuid);
  g_autofree char *type_link = g_strdup_printf ("%s/mdev_supported_types/%s/devices/%s",
                                                gpu_path, type, uuid);
  g_autofree char *bus_target = g_strdup_printf ("../../..%s", slice + strlen ("/sys"));
  g_autofree char *type_target = g_strdup_printf ("../../../%s", uuid);
  g_autofree char *mdev_type = g_strdup_printf ("../mdev_supported_types/%s", type);
  g_autofree char *group_target = g_strdup_printf ("../../../kernel/iommu_groups/%s", group);
  g_autofree char *group_dir = g_strdup_printf ("/sys/kernel/iommu_groups/%s", group);
  g_autofree char *full_bus_link = slices_testbed_path (fixture, bus_link);

  umockdev_testbed_set_attribute (fixture->testbed, slice, "remove", "");
  umockdev_testbed_set_attribute_link (fixture->testbed, slice, "mdev_type", mdev_type);
  umockdev_testbed_set_attribute_link (fixture->testbed, slice, "iommu_group", group_target);
  slices_testbed_make_dir (fixture, group_dir);
  slices_testbed_make_link (fixture, type_target, type_link);
  /* umockdev may or may not link mdev devices into /sys/bus; make sure the link is there. */
  if (!g_file_test (full_bus_link, G_FILE_TEST_IS_SYMLINK))
    slices_testbed_make_link (fixture, bus_target, bus_link);
}

static void
add_slice (Fixture    *fixture,
           const char *uuid,
           const char *group)
{
  add_slice_on (fixture, GPU_PATH, TYPE, uuid, group);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *slice3_remove = NULL;

  slices_testbed_setup (fixture);

  umockdev_testbed_add_from_string (fixture->testbed, gpus, &error);
  g_assert_no_error (error);

  add_type (fixture, GPU_PATH, TYPE,
            "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\n"
            "weight: 4\n", "1\n");
  add_type (fixture, GPU_PATH, "i915-GVTg_V5_8",
            "low_gm_size: 64MB\nhigh_gm_size: 384MB\nfence: 4\nresolution: 1024x768\n"
            "weight: 2\n", "2\n");
  add_type (fixture, GPU2_PATH, "i915-GVTg_V4_2",
            "low_gm_size: 256MB\nhigh_gm_size: 1024MB\nfence: 4\nresolution: 1920x1200\n"
            "weight: 8\n", "1\n");
  /* Not ours: an NVIDIA vGPU parent with its own slice, and an Intel GPU on another driver
   * that lists a GVT-g type (whatever a careless tree says, only i915 makes GVT-g slices). */
  add_type (fixture, NV_PATH, "nvidia-63", "num_heads=4, frl_config=60, framebuffer=2048M\n",
            "7\n");
  add_slice_on (fixture, NV_PATH, "nvidia-63", NV_UUID, "40");
  add_type (fixture, "/sys/devices/pci0000:00/" XE_ADDR, TYPE,
            "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\n"
            "weight: 4\n", "1\n");

  /* i915-GVTg_V5_8 lists a type whose create file is missing: GVT-g not active. */
  {
    g_autofree char *create = slices_testbed_path (fixture, GPU_PATH
                                            "/mdev_supported_types/i915-GVTg_V5_8/create");
    g_assert_cmpint (g_unlink (create), ==, 0);
  }

  /* Traps: a type folder that is a symlink to another GPU's type, a type whose create is a
   * symlink to a real create file, a PCI link that leads out of /sys/devices, a slice whose
   * remove is a symlink, and a slice link that leads to a folder of another name. */
  slices_testbed_make_link (fixture, "../../" GPU2_ADDR "/mdev_supported_types/i915-GVTg_V4_2",
                            GPU_PATH "/mdev_supported_types/i915-GVTg_V5_2");
  slices_testbed_make_dir (fixture, GPU_PATH "/mdev_supported_types/i915-GVTg_V5_1x");
  slices_testbed_make_link (fixture, "../" TYPE "/create",
                            GPU_PATH "/mdev_supported_types/i915-GVTg_V5_1x/create");
  slices_testbed_write_file (fixture,
                             "/sys/class/fake/0000:00:04.0/mdev_supported_types/" TYPE "/create",
                             "");
  slices_testbed_make_link (fixture, "../../../class/fake/0000:00:04.0",
                            "/sys/bus/pci/devices/0000:00:04.0");

  /* Their drivers, as the kernel links them (umockdev's DRIVER= makes no link). */
  slices_testbed_make_link (fixture, "../../../bus/pci/drivers/i915", GPU_PATH "/driver");
  slices_testbed_make_link (fixture, "../../../../bus/pci/drivers/i915", GPU2_PATH "/driver");
  slices_testbed_make_link (fixture, "../../../../bus/pci/drivers/nvidia", NV_PATH "/driver");
  slices_testbed_make_link (fixture, "../../../bus/pci/drivers/xe",
                            "/sys/devices/pci0000:00/" XE_ADDR "/driver");

  add_slice (fixture, SLICE_UUID, "7");
  add_slice (fixture, SLICE2_UUID, "8");
  add_slice (fixture, SLICE3_UUID, "9");
  slices_testbed_make_dir (fixture, GPU_PATH "/" SLICE2_UUID "/vfio-dev/vfio3");
  slice3_remove = slices_testbed_path (fixture, GPU_PATH "/" SLICE3_UUID "/remove");
  g_assert_cmpint (g_unlink (slice3_remove), ==, 0);
  slices_testbed_make_link (fixture, "../" SLICE_UUID "/remove",
                            GPU_PATH "/" SLICE3_UUID "/remove");
  slices_testbed_write_file (fixture, "/sys/devices/pci0000:00/" GPU_ADDR "/not-a-slice/remove",
                             "");
  slices_testbed_make_link (fixture, "../../../devices/pci0000:00/" GPU_ADDR "/not-a-slice",
                            "/sys/bus/mdev/devices/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");

  /* The slices' VFIO nodes, as plain files in the testbed's /dev. */
  slices_testbed_write_file (fixture, "/dev/vfio/7", "");
  slices_testbed_write_file (fixture, "/dev/vfio/8", "");
  slices_testbed_write_file (fixture, "/dev/vfio/devices/vfio3", "");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
helper_run_clear (HelperRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HelperRun, helper_run_clear)

/* Runs the helper, optionally behind a prefix (setpriv …) and with another environment. */
static void
run_helper_full (const char * const *prefix,
                 const char * const *args,
                 char              **envp,
                 HelperRun          *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status = 0;

  for (guint i = 0; prefix != NULL && prefix[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (prefix[i]));
  g_ptr_array_add (argv, g_strdup (HELPER_PATH));
  for (guint i = 0; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], LONG_ARG))
        g_ptr_array_add (argv, g_strnfill (SLICES_HELPER_MAX_ARG_LEN + 1, 'a'));
      else if (g_str_equal (args[i], HUGE_ARG))
        g_ptr_array_add (argv, g_strnfill (100000, '0'));
      else
        g_ptr_array_add (argv, g_strdup (args[i]));
    }
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  run->code = WEXITSTATUS (status);
  g_test_message ("helper exit %d, stderr: %s", run->code, run->err);
}

static void
run_helper (const char * const *args,
            HelperRun          *run)
{
  run_helper_full (NULL, args, NULL, run);
}

/* What a person sees of a failure: one line of text, nothing on stdout. */
static void
assert_one_line_failure (HelperRun *run)
{
  gsize len = strlen (run->err);

  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (len, >, 1);
  g_assert_true (g_utf8_validate (run->err, -1, NULL));
  g_assert_true (strchr (run->err, '\n') == run->err + len - 1);
}

static gboolean
can_run (gboolean need_root)
{
  if (!have_mock)
    {
      g_test_skip ("Not under umockdev: run with LD_PRELOAD=libumockdev-preload.so.0 (meson "
                   "test does); without it the helper would see the real /sys");
      return FALSE;
    }
  if (need_root && getuid () != 0)
    {
      g_test_skip ("Needs root: the helper refuses to run as anyone else (the not-root test "
                   "covers that)");
      return FALSE;
    }
  return TRUE;
}

static void
test_refusal (Fixture       *fixture,
              gconstpointer  data)
{
  const HelperCase *test_case = data;
  g_auto(HelperRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!can_run (TRUE))
    return;

  before = slices_testbed_snapshot (fixture);
  run_helper (test_case->args, &run);
  after = slices_testbed_snapshot (fixture);

  g_assert_cmpint (run.code, ==, test_case->code);
  assert_one_line_failure (&run);
  g_assert_cmpstr (after, ==, before);
}

static void
assert_created (Fixture    *fixture,
                const char *before,
                HelperRun  *run)
{
  const char *create = GPU_PATH "/mdev_supported_types/" TYPE "/create";
  g_autofree char *written = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (run->code, ==, SLICES_HELPER_EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, NEW_UUID "\n");

  /* Exactly the canonical UUID and a newline in the right create file, nothing elsewhere. */
  written = read_file (fixture, create);
  g_assert_cmpstr (written, ==, NEW_UUID "\n");
  slices_testbed_write_file (fixture, create, "");
  after = slices_testbed_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  const char *args[] = { "slices", "create", GPU_ADDR, TYPE, NEW_UUID, NULL };
  g_auto(HelperRun) run = { 0 };
  g_autofree char *before = NULL;

  if (!can_run (TRUE))
    return;

  before = slices_testbed_snapshot (fixture);
  run_helper (args, &run);
  assert_created (fixture, before, &run);
}

/* The kernel accepts an uppercase UUID but names the slice in lowercase; the helper writes and
 * prints the canonical lowercase form, so that what it prints is the slice's name. */
static void
test_create_uppercase (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *upper = g_ascii_strup (NEW_UUID, -1);
  const char *args[] = { "slices", "create", GPU_ADDR, TYPE, upper, NULL };
  g_auto(HelperRun) run = { 0 };
  g_autofree char *before = NULL;

  if (!can_run (TRUE))
    return;

  before = slices_testbed_snapshot (fixture);
  run_helper (args, &run);
  assert_created (fixture, before, &run);
}

/* Variables that would change paths, libraries or the locale in a careless program. */
static void
test_create_hostile_environment (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *args[] = { "slices", "create", GPU_ADDR, TYPE, NEW_UUID, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *decoy = NULL;
  g_autofree char *decoy_create = NULL;
  g_autofree char *decoy_dir = NULL;
  g_autofree char *before = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(HelperRun) run = { 0 };
  g_autofree char *contents = NULL;

  if (!can_run (TRUE))
    return;

  decoy = g_dir_make_tmp ("test-helper-decoy-XXXXXX", &error);
  g_assert_no_error (error);

  /* A decoy tree with the same GPU and type: nothing may be written there. */
  decoy_dir = g_build_filename (decoy, "bus/pci/devices", GPU_ADDR, "mdev_supported_types",
                                TYPE, NULL);
  g_assert_cmpint (g_mkdir_with_parents (decoy_dir, 0755), ==, 0);
  decoy_create = g_build_filename (decoy_dir, "create", NULL);
  g_file_set_contents (decoy_create, "", 0, &error);
  g_assert_no_error (error);

  envp = g_environ_setenv (envp, "PATH", decoy, TRUE);
  envp = g_environ_setenv (envp, "SYSFS_PATH", decoy, TRUE);
  envp = g_environ_setenv (envp, "SYSFS_ROOT", decoy, TRUE);
  envp = g_environ_setenv (envp, "SLICES_SYSFS_ROOT", decoy, TRUE);
  envp = g_environ_setenv (envp, "LD_LIBRARY_PATH", decoy, TRUE);
  envp = g_environ_setenv (envp, "GCONV_PATH", decoy, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "tr_TR.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANG", "tr_TR.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "tr", TRUE);
  envp = g_environ_setenv (envp, "IFS", "-", TRUE);
  envp = g_environ_setenv (envp, "TMPDIR", decoy, TRUE);
  envp = g_environ_setenv (envp, "HOME", decoy, TRUE);
  envp = g_environ_setenv (envp, "MALLOC_PERTURB_", "165", TRUE);

  before = slices_testbed_snapshot (fixture);
  run_helper_full (NULL, args, envp, &run);
  assert_created (fixture, before, &run);

  g_file_get_contents (decoy_create, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "");

  remove_tree (decoy);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *upper = g_ascii_strup (SLICE_UUID, -1);
  const char *args[] = { "slices", "remove", upper, NULL };
  const char *remove = GPU_PATH "/" SLICE_UUID "/remove";
  g_auto(HelperRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;

  if (!can_run (TRUE))
    return;

  before = slices_testbed_snapshot (fixture);
  run_helper (args, &run);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_OK);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");

  written = read_file (fixture, remove);
  g_assert_cmpstr (written, ==, "1");
  slices_testbed_write_file (fixture, remove, "");
  after = slices_testbed_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A process (this test, standing in for QEMU) holds the slice's VFIO node: the helper must
 * refuse and name it, then remove the slice once it lets go. */
static void
check_in_use (Fixture    *fixture,
              const char *uuid,
              const char *node)
{
  const char *args[] = { "slices", "remove", uuid, NULL };
  g_autofree char *remove = g_strdup_printf (GPU_PATH "/%s/remove", uuid);
  g_autofree char *comm = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;
  g_auto(HelperRun) run = { 0 };
  g_auto(HelperRun) run2 = { 0 };
  int fd;

  if (!can_run (TRUE))
    return;

  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strchomp (comm);
  holder = g_strdup_printf ("in use by %s (pid %d)", comm, (int) getpid ());

  /* Opened by its /dev name: the preload library redirects it into the testbed. */
  fd = open (node, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);

  before = slices_testbed_snapshot (fixture);
  run_helper (args, &run);
  after = slices_testbed_snapshot (fixture);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_IN_USE);
  assert_one_line_failure (&run);
  g_assert_nonnull (strstr (run.err, holder));
  g_assert_nonnull (strstr (run.err, uuid));
  g_assert_cmpstr (after, ==, before);

  close (fd);
  run_helper (args, &run2);
  g_assert_cmpint (run2.code, ==, SLICES_HELPER_EXIT_OK);
  written = read_file (fixture, remove);
  g_assert_cmpstr (written, ==, "1");
}

static void
test_remove_in_use_group (Fixture       *fixture,
                          gconstpointer  data)
{
  check_in_use (fixture, SLICE_UUID, "/dev/vfio/7");
}

static void
test_remove_in_use_device (Fixture       *fixture,
                           gconstpointer  data)
{
  check_in_use (fixture, SLICE2_UUID, "/dev/vfio/devices/vfio3");
}

/* Not root (run as nobody), or only partly root (real uid or gid not 0, as a setuid or
 * setgid install would be): refused before anything is looked at. */
static void
test_not_root (Fixture       *fixture,
               gconstpointer  data)
{
  const char *args[] = { "slices", "remove", SLICE_UUID, NULL };
  const char *as_nobody[] = { NULL, "--reuid=65534", "--regid=65534", "--clear-groups", NULL };
  const char *real_uid[] = { NULL, "--ruid=65534", NULL };
  const char *real_gid[] = { NULL, "--rgid=65534", "--keep-groups", NULL };
  const char **prefixes[] = { as_nobody, real_uid, real_gid };
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *before = NULL;

  if (!have_mock)
    {
      can_run (FALSE);
      return;
    }

  before = slices_testbed_snapshot (fixture);

  if (getuid () != 0)
    {
      g_auto(HelperRun) run = { 0 };
      g_autofree char *after = NULL;

      run_helper (args, &run);
      after = slices_testbed_snapshot (fixture);
      g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_NOT_ROOT);
      assert_one_line_failure (&run);
      g_assert_cmpstr (after, ==, before);
      return;
    }

  if (setpriv == NULL)
    {
      g_test_skip ("setpriv (util-linux) is not installed: cannot drop root for this test");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_auto(HelperRun) run = { 0 };
      g_autofree char *after = NULL;

      g_auto(GStrv) envp = g_get_environ ();

      /* With only the real ids dropped the loader runs in secure mode and refuses the
       * preload library itself (and says so on stderr); the helper must refuse before it
       * looks at anything, and the UUID exists nowhere, so run those without it. */
      if (prefixes[i] != as_nobody)
        envp = g_environ_unsetenv (envp, "LD_PRELOAD");

      prefixes[i][0] = setpriv;
      run_helper_full (prefixes[i], args, envp, &run);
      after = slices_testbed_snapshot (fixture);
      g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_NOT_ROOT);
      assert_one_line_failure (&run);
      g_assert_nonnull (strstr (run.err, "root"));
      g_assert_cmpstr (after, ==, before);
    }
}

/* A holder the way anyone can make one: O_PATH needs only search permission on the folders,
 * here as nobody. Only real opens count, so the remove goes ahead. */
static void
test_remove_o_path_holder (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *args[] = { "slices", "remove", SLICE_UUID, NULL };
  g_autofree char *root = slices_testbed_path (fixture, "/");
  /* Its path in the testbed: umockdev's /dev handling itself needs more than search rights. */
  g_autofree char *node = slices_testbed_path (fixture, "/dev/vfio/7");
  g_autofree char *written = NULL;
  g_auto(HelperRun) run = { 0 };
  int ready[2], release[2];
  char byte = 0;
  pid_t child;

  if (!can_run (TRUE))
    return;

  /* Search permission only, from the testbed's root down to /dev/vfio. */
  g_assert_cmpint (g_chmod (root, 0711), ==, 0);
  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (release), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      int fd;

      close (ready[0]);
      close (release[1]);
      if (setgroups (0, NULL) != 0 || setresgid (65534, 65534, 65534) != 0 ||
          setresuid (65534, 65534, 65534) != 0)
        byte = 'u';
      else
        byte = (fd = open (node, O_PATH | O_CLOEXEC)) >= 0 ? 'y' : 'n';
      if (write (ready[1], &byte, 1) != 1 || read (release[0], &byte, 1) < 0)
        _exit (1);
      _exit (0);
    }
  close (ready[1]);
  close (release[0]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  g_assert_cmpint (byte, ==, 'y');  /* nobody holds it */

  run_helper (args, &run);
  g_assert_cmpint (run.code, ==, SLICES_HELPER_EXIT_OK);
  written = read_file (fixture, GPU_PATH "/" SLICE_UUID "/remove");
  g_assert_cmpstr (written, ==, "1");

  close (release[1]);
  close (ready[0]);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
}

/* The installed helper has no test path: with umockdev's preload library and UMOCKDEV_DIR
 * handed to it (directly, and through sudo where it is installed), it still sees the real /sys,
 * where the testbed's slice does not exist, and writes nothing into the testbed. */
static void
test_installed_ignores_testbed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *sudo = g_find_program_in_path ("sudo");
  const char *direct[] = { INSTALLED_HELPER_PATH, "slices", "remove", SLICE_UUID, NULL };
  const char *via_sudo[] = { "sudo", "-n", "-E", INSTALLED_HELPER_PATH, "slices", "remove",
                             SLICE_UUID, NULL };
  const char * const *invocations[] = { direct, via_sudo };
  g_autofree char *before = NULL;

  if (!can_run (TRUE))
    return;
  g_assert_nonnull (g_getenv ("UMOCKDEV_DIR"));
  g_assert_nonnull (strstr (g_getenv ("LD_PRELOAD"), "libumockdev-preload"));

  before = slices_testbed_snapshot (fixture);
  for (gsize i = 0; i < (sudo != NULL ? 2 : 1); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL, *err = NULL, *after = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) invocations[i], NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                    &out, &err, &status, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", invocations[i][0], err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, SLICES_HELPER_EXIT_NO_SLICE);
      after = slices_testbed_snapshot (fixture);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("The helper client did not answer within 30 s");
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  guint timeout = g_timeout_add_seconds (30, on_timeout_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  return *slot;
}

/* SlicesHelperClient without pkexec: the same helper, its codes as typed errors. */
static void
test_client (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!can_run (TRUE))
    return;

  client = slices_helper_client_new_full (NULL, HELPER_PATH);

  slices_backend_create_async (SLICES_BACKEND (client), GPU_ADDR, TYPE, NEW_UUID, NULL,
                               on_ready_cb, &result);
  g_assert_true (slices_backend_create_finish (SLICES_BACKEND (client),
                                               wait_for_result (&result), &error));
  g_assert_no_error (error);
  written = read_file (fixture, GPU_PATH "/mdev_supported_types/" TYPE "/create");
  g_assert_cmpstr (written, ==, NEW_UUID "\n");

  before = slices_testbed_snapshot (fixture);
  slices_backend_create_async (SLICES_BACKEND (client), GPU_ADDR, "i915-GVTg_V4_2", NEW_UUID,
                               NULL, on_ready_cb, &result2);
  g_assert_false (slices_backend_create_finish (SLICES_BACKEND (client),
                                                wait_for_result (&result2), &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_TYPE);
  /* Worded by the client, which lists what the GPU offers (read from /sys as anyone may). */
  g_assert_nonnull (strstr (error->message, "“i915-GVTg_V4_2”; it offers "));
  g_assert_nonnull (strstr (error->message, "i915-GVTg_V5_4, i915-GVTg_V5_8"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  slices_backend_remove_async (SLICES_BACKEND (client), NEW_UUID, NULL, on_ready_cb, &result3);
  g_assert_false (slices_backend_remove_finish (SLICES_BACKEND (client),
                                                wait_for_result (&result3), &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  after = slices_testbed_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  have_mock = slices_testbed_in_mock_environment ();

  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/helper/refuses/%s", refusals[i].name);
      g_test_add (path, Fixture, &refusals[i], fixture_setup, test_refusal,
                  slices_testbed_teardown);
    }
  g_test_add ("/slices/helper/create/canonical", Fixture, NULL, fixture_setup, test_create,
              slices_testbed_teardown);
  g_test_add ("/slices/helper/create/uppercase-uuid-written-lowercase", Fixture, NULL,
              fixture_setup, test_create_uppercase, slices_testbed_teardown);
  g_test_add ("/slices/helper/create/hostile-environment", Fixture, NULL, fixture_setup,
              test_create_hostile_environment, slices_testbed_teardown);
  g_test_add ("/slices/helper/remove/writes-one", Fixture, NULL, fixture_setup, test_remove,
              slices_testbed_teardown);
  g_test_add ("/slices/helper/remove/in-use-vfio-group", Fixture, NULL, fixture_setup,
              test_remove_in_use_group, slices_testbed_teardown);
  g_test_add ("/slices/helper/remove/in-use-vfio-device", Fixture, NULL, fixture_setup,
              test_remove_in_use_device, slices_testbed_teardown);
  g_test_add ("/slices/helper/not-root", Fixture, NULL, fixture_setup, test_not_root,
              slices_testbed_teardown);
  g_test_add ("/slices/helper/remove/o-path-holder-does-not-count", Fixture, NULL, fixture_setup,
              test_remove_o_path_holder, slices_testbed_teardown);
  g_test_add ("/slices/helper/installed-build-ignores-testbed", Fixture, NULL, fixture_setup,
              test_installed_ignores_testbed, slices_testbed_teardown);
  g_test_add ("/slices/helper/client/typed-errors", Fixture, NULL, fixture_setup, test_client,
              slices_testbed_teardown);

  return g_test_run ();
}
