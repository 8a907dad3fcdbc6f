/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel simulator and the SlicesBackend it implements: the tree it builds, every errno a
 * write to `create`/`remove` can give (../shared/FACTS.md §1), available_instances after
 * creates and removes, create/remove cycles that leave the tree byte-identical, the async
 * backend's errors and "changed" emissions, shared state between instances, the demo tree, and
 * refusing the real system. Every tree lives in a private temporary folder.
 */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-simulator.h"
#include "slices-test-util.h"

#define GPU     "0000:00:02.0"
#define GPU2    "0000:01:00.0"
#define T8      "i915-GVTg_V5_8"
#define T4      "i915-GVTg_V5_4"
#define T2      "i915-GVTg_V5_2"
#define T1      "i915-GVTg_V5_1"
#define UUID_A  "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define UUID_B  "8f1a3c2e-5d6b-4e7f-9a0b-1c2d3e4f5a6b"
#define UUID_C  "00000000-0000-4000-8000-000000000001"
#define TIMEOUT_SECONDS 10

typedef struct {
  char            *root;
  SlicesSimulator *sim;
} Fixture;

/* --- helpers --- */

static void
fixture_setup_with (Fixture                *fixture,
                    const SlicesSimGpuSpec *spec)
{
  g_autoptr(GError) error = NULL;

  fixture->root = slices_test_make_tmp_dir ("slices-test-simulator-XXXXXX");
  fixture->sim = slices_simulator_new (fixture->root);
  if (spec != NULL)
    {
      slices_simulator_add_gpu (fixture->sim, spec, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, GPU);
  fixture_setup_with (fixture, &spec);
}

static void
fixture_setup_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_setup_with (fixture, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->sim);
  slices_test_remove_tree (fixture->root);
  g_free (fixture->root);
}

static char *
path_in (Fixture    *fixture,
         const char *relative)
{
  return g_build_filename (fixture->root, relative, NULL);
}

static char *
read_text (Fixture    *fixture,
           const char *relative)
{
  g_autofree char *path = path_in (fixture, relative);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
assert_text (Fixture    *fixture,
             const char *relative,
             const char *expected)
{
  g_autofree char *text = read_text (fixture, relative);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_link (Fixture    *fixture,
             const char *relative,
             const char *expected_target)
{
  g_autofree char *path = path_in (fixture, relative);
  g_autofree char *target = g_file_read_link (path, NULL);

  g_assert_cmpstr (target, ==, expected_target);
  /* and it resolves to something */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
assert_mode (Fixture    *fixture,
             const char *relative,
             guint       mode)
{
  g_autofree char *path = path_in (fixture, relative);
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, mode);
}

static gboolean
exists (Fixture    *fixture,
        const char *relative)
{
  g_autofree char *path = path_in (fixture, relative);
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

static guint
available (Fixture    *fixture,
           const char *gpu,
           const char *type)
{
  g_autofree char *relative = g_strdup_printf ("bus/pci/devices/%s/mdev_supported_types/%s/"
                                               "available_instances", gpu, type);
  g_autofree char *text = read_text (fixture, relative);
  guint64 value = 0;

  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_true (g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, 7, &value, NULL));

  return value;
}

static void
assert_available (Fixture    *fixture,
                  const char *gpu,
                  int         a8,
                  int         a4,
                  int         a2,
                  int         a1)
{
  g_assert_cmpuint (available (fixture, gpu, T8), ==, a8);
  g_assert_cmpuint (available (fixture, gpu, T4), ==, a4);
  if (a2 >= 0)
    g_assert_cmpuint (available (fixture, gpu, T2), ==, a2);
  if (a1 >= 0)
    g_assert_cmpuint (available (fixture, gpu, T1), ==, a1);
}

static int
create (Fixture    *fixture,
        const char *gpu,
        const char *type,
        const char *uuid)
{
  g_autofree char *line = g_strconcat (uuid, "\n", NULL);

  return slices_simulator_write_create (fixture->sim, gpu, type, line, strlen (line));
}

static int
remove_slice (Fixture    *fixture,
              const char *uuid)
{
  return slices_simulator_write_remove (fixture->sim, uuid, "1\n", 2);
}

static char *
uuid_for (guint n)
{
  return g_strdup_printf ("%08x-0000-4000-8000-%012x", n, n * 7919);
}

/* Names, modes, link targets and contents of every entry below @root, sorted. */
static void
list_tree_into (const char *root,
                const char *relative,
                GPtrArray  *lines)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_relative = *relative ? g_build_filename (relative, name, NULL)
                                                  : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_relative, NULL);
      GStatBuf st;

      g_assert_cmpint (g_lstat (child, &st), ==, 0);

      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (child, NULL);
          g_ptr_array_add (lines, g_strdup_printf ("%s link %s", child_relative, target));
        }
      else if (S_ISDIR (st.st_mode))
        {
          g_ptr_array_add (lines, g_strdup_printf ("%s dir %o", child_relative,
                                                   st.st_mode & 07777));
          list_tree_into (root, child_relative, lines);
        }
      else
        {
          g_autofree char *contents = NULL;

          g_file_get_contents (child, &contents, NULL, NULL);
          g_ptr_array_add (lines, g_strdup_printf ("%s file %o [%s]", child_relative,
                                                   st.st_mode & 07777,
                                                   contents ? contents : "(unreadable)"));
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
list_tree (const char *root)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);

  list_tree_into (root, "", lines);
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (lines, i));

  return g_string_free (text, FALSE);
}

/* --- the tree --- */

static void
test_tree_gpu (Fixture       *fixture,
               gconstpointer  data)
{
  const char *types[] = { T8, T4, T2, T1 };

  assert_link (fixture, "bus/pci/devices/" GPU, "../../../devices/pci0000:00/" GPU);
  assert_link (fixture, "class/mdev_bus/" GPU, "../../devices/pci0000:00/" GPU);
  assert_link (fixture, "devices/pci0000:00/" GPU "/driver", "../../../bus/pci/drivers/i915");
  assert_text (fixture, "bus/pci/devices/" GPU "/vendor", "0x8086\n");
  assert_text (fixture, "bus/pci/devices/" GPU "/device", "0x5916\n");
  assert_text (fixture, "bus/pci/devices/" GPU "/class", "0x030000\n");
  {
    g_autofree char *uevent = read_text (fixture, "bus/pci/devices/" GPU "/uevent");
    g_assert_nonnull (strstr (uevent, "DRIVER=i915\n"));
    g_assert_nonnull (strstr (uevent, "PCI_ID=8086:5916\n"));
    g_assert_nonnull (strstr (uevent, "PCI_SLOT_NAME=" GPU "\n"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *dir = g_strdup_printf ("bus/pci/devices/" GPU "/mdev_supported_types/%s",
                                              types[i]);
      g_autofree char *name = g_build_filename (dir, "name", NULL);
      g_autofree char *expected_name = g_strdup_printf ("%s\n", types[i] + strlen ("i915-"));
      g_autofree char *create_file = g_build_filename (dir, "create", NULL);
      g_autofree char *api = g_build_filename (dir, "device_api", NULL);
      g_autofree char *devices = g_build_filename (dir, "devices", NULL);

      assert_text (fixture, name, expected_name);
      assert_text (fixture, api, "vfio-pci\n");
      assert_mode (fixture, create_file, 0200);
      assert_mode (fixture, name, 0444);
      g_assert_true (exists (fixture, devices));
    }

  assert_text (fixture, "bus/pci/devices/" GPU "/mdev_supported_types/" T4 "/description",
               "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\n"
               "weight: 4\n");
  assert_text (fixture, "bus/pci/devices/" GPU "/mdev_supported_types/" T8 "/description",
               "low_gm_size: 64MB\nhigh_gm_size: 384MB\nfence: 4\nresolution: 1024x768\n"
               "weight: 2\n");
  assert_text (fixture, "bus/pci/devices/" GPU "/mdev_supported_types/" T1 "/description",
               "low_gm_size: 512MB\nhigh_gm_size: 2048MB\nfence: 4\nresolution: 1920x1200\n"
               "weight: 16\n");

  /* render node and card, and the class link */
  assert_text (fixture, "bus/pci/devices/" GPU "/drm/renderD128/uevent",
               "MAJOR=226\nMINOR=128\nDEVNAME=dri/renderD128\nDEVTYPE=drm_minor\n");
  assert_text (fixture, "bus/pci/devices/" GPU "/drm/card1/uevent",
               "MAJOR=226\nMINOR=1\nDEVNAME=dri/card1\nDEVTYPE=drm_minor\n");
  assert_link (fixture, "class/drm/renderD128", "../../devices/pci0000:00/" GPU "/drm/renderD128");

  /* modules */
  assert_text (fixture, "module/i915/parameters/enable_gvt", "Y\n");
  assert_text (fixture, "module/i915/parameters/enable_guc", "-1\n");
  assert_mode (fixture, "module/i915/parameters/enable_gvt", 0400);
  assert_mode (fixture, "module/i915/parameters/enable_guc", 0400);
  g_assert_true (exists (fixture, "module/kvmgt"));
  g_assert_true (exists (fixture, "module/mdev"));
  g_assert_true (exists (fixture, "bus/mdev/devices"));
  g_assert_true (exists (fixture, "kernel/iommu_groups"));
  g_assert_true (exists (fixture, ".gpu-slices-simulator.ini"));
}

static void
test_tree_layouts (Fixture       *fixture,
                   gconstpointer  data)
{
  SlicesSimGpuSpec spec;
  g_autoptr(GError) error = NULL;

  /* 5.4: no name file, vfio_mdev; no drm folder */
  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.layout = SLICES_KERNEL_5_4;
  spec.render_minor = -1;
  spec.aperture_mb = 512;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);
  g_assert_false (exists (fixture, "devices/pci0000:00/0000:00:02.0/mdev_supported_types/" T4
                                   "/name"));
  g_assert_true (exists (fixture, "devices/pci0000:00/0000:00:02.0/mdev_supported_types/" T2));
  g_assert_false (exists (fixture, "devices/pci0000:00/0000:00:02.0/mdev_supported_types/" T1));
  g_assert_false (exists (fixture, "devices/pci0000:00/0000:00:02.0/drm"));
  g_assert_true (exists (fixture, "module/vfio_mdev"));

  /* adding the same address twice fails, without touching the tree */
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* 4.10: three-line description plus an extra line; Broadwell: V4 types; renderD129/card0 */
  slices_sim_gpu_spec_init (&spec, "0000:00:03.0");
  spec.layout = SLICES_KERNEL_4_10;
  spec.device_id = 0x1616;
  spec.render_minor = 129;
  spec.card_minor = 0;
  spec.extra_description_line = "aggregation: true";
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);
  assert_text (fixture, "devices/pci0000:00/0000:00:03.0/mdev_supported_types/i915-GVTg_V4_2/"
                        "description",
               "low_gm_size: 256MB\nhigh_gm_size: 1024MB\nfence: 4\naggregation: true\n");
  g_assert_false (exists (fixture, "devices/pci0000:00/0000:00:03.0/mdev_supported_types/" T2));
  assert_text (fixture, "bus/pci/devices/0000:00:03.0/device", "0x1616\n");
  assert_link (fixture, "class/drm/renderD129", "../../devices/pci0000:00/0000:00:03.0/drm/"
                                                "renderD129");
  g_assert_true (exists (fixture, "devices/pci0000:00/0000:00:03.0/drm/card0/uevent"));
  assert_text (fixture, "bus/pci/devices/0000:00:03.0/mdev_supported_types/i915-GVTg_V4_1/"
                        "available_instances", "1\n");

  /* a bad address is refused */
  spec.address = "0000:00:03";
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
}

/* --- availability --- */

static void
test_availability_initial (Fixture       *fixture,
                           gconstpointer  data)
{
  /* 1 GB aperture, 4 GB GGTT, 32 fences, no slices */
  assert_available (fixture, GPU, 7, 5, 2, 1);
}

static void
test_availability_256 (Fixture       *fixture,
                       gconstpointer  data)
{
  SlicesSimGpuSpec spec;
  g_autoptr(GError) error = NULL;

  slices_sim_gpu_spec_init (&spec, GPU);
  spec.aperture_mb = 256;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);

  g_assert_false (exists (fixture, "bus/pci/devices/" GPU "/mdev_supported_types/" T2));
  g_assert_false (exists (fixture, "bus/pci/devices/" GPU "/mdev_supported_types/" T1));
  assert_available (fixture, GPU, 2, 1, -1, -1);

  /* (256 − 128) / 128 = 1: one _4 and then nothing fits in low GM */
  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);
  assert_available (fixture, GPU, 0, 0, -1, -1);
  g_assert_cmpint (create (fixture, GPU, T8, UUID_B), ==, ENOSPC);
  g_assert_cmpint (remove_slice (fixture, UUID_A), ==, 0);
  assert_available (fixture, GPU, 2, 1, -1, -1);
}

static void
test_availability_mixed (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Budgets with 1 GB / 4 GB / 32 fences: low 896 MB, high 2688 MB, 28 fences, 7 slices. */
  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);
  /* low 768, high 2176, fences 24, 6 left */
  assert_available (fixture, GPU, 5, 4, 2, 1);

  g_assert_cmpint (create (fixture, GPU, T2, UUID_B), ==, 0);
  /* low 512, high 1152, fences 20, 5 left */
  assert_available (fixture, GPU, 3, 2, 1, 0);
  g_assert_cmpint (create (fixture, GPU, T1, UUID_C), ==, ENOSPC);

  g_assert_cmpint (create (fixture, GPU, T8, UUID_C), ==, 0);
  /* low 448, high 768, fences 16, 4 left */
  assert_available (fixture, GPU, 2, 1, 0, 0);
  g_assert_cmpint (create (fixture, GPU, T2, "10000000-0000-4000-8000-000000000000"), ==,
                   ENOSPC);

  /* removing the _2 gives its memory back */
  g_assert_cmpint (remove_slice (fixture, UUID_B), ==, 0);
  /* low 704, high 1792, fences 20, 5 left */
  assert_available (fixture, GPU, 4, 3, 1, 0);

  g_assert_cmpint (remove_slice (fixture, UUID_A), ==, 0);
  g_assert_cmpint (remove_slice (fixture, UUID_C), ==, 0);
  assert_available (fixture, GPU, 7, 5, 2, 1);
}

static void
test_availability_cap (Fixture       *fixture,
                       gconstpointer  data)
{
  SlicesSimGpuSpec spec;
  g_autoptr(GError) error = NULL;

  /* Plenty of GGTT and fences, so only the 7-slice cap stops the eighth. */
  slices_sim_gpu_spec_init (&spec, GPU);
  spec.ggtt_mb = 8192;
  spec.fences = 64;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *uuid = uuid_for (i);
      g_autofree char *vgpu_id = g_strdup_printf ("bus/mdev/devices/%s/intel_vgpu/vgpu_id",
                                                  uuid);
      g_autofree char *expected_id = g_strdup_printf ("%u\n", i);

      g_assert_cmpint (available (fixture, GPU, T8), ==, 8 - i);
      g_assert_cmpint (create (fixture, GPU, T8, uuid), ==, 0);
      assert_text (fixture, vgpu_id, expected_id);
    }

  assert_available (fixture, GPU, 0, 0, 0, 0);
  {
    g_autofree char *uuid = uuid_for (8);
    g_assert_cmpint (create (fixture, GPU, T8, uuid), ==, ENOSPC);
  }

  /* the freed vGPU id is the next one given out */
  {
    g_autofree char *third = uuid_for (3);
    g_autofree char *uuid = uuid_for (9);
    g_autofree char *vgpu_id = g_strdup_printf ("bus/mdev/devices/%s/intel_vgpu/vgpu_id",
                                                uuid);

    g_assert_cmpint (remove_slice (fixture, third), ==, 0);
    g_assert_cmpuint (available (fixture, GPU, T8), ==, 1);
    g_assert_cmpint (create (fixture, GPU, T8, uuid), ==, 0);
    assert_text (fixture, vgpu_id, "3\n");
  }
}

/* --- create --- */

static void
test_create_slice_tree (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *dir = "devices/pci0000:00/" GPU "/" UUID_A;
  g_autofree char *path = NULL;

  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);

  assert_link (fixture, "bus/mdev/devices/" UUID_A, "../../../devices/pci0000:00/" GPU "/" UUID_A);
  assert_link (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/mdev_type",
               "../mdev_supported_types/" T4);
  assert_link (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/driver",
               "../../../../bus/mdev/drivers/intel_vgpu_mdev");
  assert_link (fixture, "devices/pci0000:00/" GPU "/mdev_supported_types/" T4 "/devices/" UUID_A,
               "../../../" UUID_A);
  assert_link (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/iommu_group",
               "../../../../kernel/iommu_groups/0");
  assert_text (fixture, "kernel/iommu_groups/0/name", "vfio-noiommu\n");
  assert_link (fixture, "kernel/iommu_groups/0/devices/" UUID_A,
               "../../../../devices/pci0000:00/" GPU "/" UUID_A);
  assert_text (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/intel_vgpu/vgpu_id", "1\n");
  assert_mode (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/remove", 0200);
  g_assert_true (exists (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/uevent"));
  g_assert_true (exists (fixture, "devices/pci0000:00/" GPU "/" UUID_A "/vfio-dev/vfio0"));

  /* the second slice takes the next group and vfio device */
  g_assert_cmpint (create (fixture, GPU, T8, UUID_B), ==, 0);
  assert_link (fixture, "bus/mdev/devices/" UUID_B "/iommu_group",
               "../../../../kernel/iommu_groups/1");
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_B "/vfio-dev/vfio1"));
  assert_text (fixture, "bus/mdev/devices/" UUID_B "/intel_vgpu/vgpu_id", "2\n");

  /* the lowest free group is reused */
  g_assert_cmpint (remove_slice (fixture, UUID_A), ==, 0);
  g_assert_false (exists (fixture, dir));
  g_assert_false (exists (fixture, "kernel/iommu_groups/0"));
  g_assert_cmpint (create (fixture, GPU, T8, UUID_C), ==, 0);
  assert_link (fixture, "bus/mdev/devices/" UUID_C "/iommu_group",
               "../../../../kernel/iommu_groups/0");
}

static void
test_create_old_layout (Fixture       *fixture,
                        gconstpointer  data)
{
  SlicesSimGpuSpec spec;
  g_autoptr(GError) error = NULL;

  slices_sim_gpu_spec_init (&spec, GPU);
  spec.layout = SLICES_KERNEL_5_4;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);

  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);
  assert_link (fixture, "bus/mdev/devices/" UUID_A "/driver",
               "../../../../bus/mdev/drivers/vfio_mdev");
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_A "/vfio-dev"));
}

static void
test_create_uuid_forms (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *upper = "4B20D080-1B54-4048-85B3-A6A62D165C01";

  /* uppercase accepted, named lowercase */
  g_assert_cmpint (slices_simulator_write_create (fixture->sim, GPU, T8, upper, 36), ==, 0);
  g_assert_true (exists (fixture, "devices/pci0000:00/" GPU "/" UUID_A));
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_false (exists (fixture, "bus/mdev/devices/4B20D080-1B54-4048-85B3-A6A62D165C01"));
  /* and the same UUID in the other case is the same slice */
  g_assert_cmpint (create (fixture, GPU, T8, UUID_A), ==, EEXIST);

  /* with "\n", as `echo` writes it */
  g_assert_cmpint (slices_simulator_write_create (fixture->sim, GPU, T8, UUID_B "\n", 37), ==,
                   0);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_B));
}

static void
test_create_einval (Fixture       *fixture,
                    gconstpointer  data)
{
  /* How the kernel reads a write to `create` (create_store in drivers/vfio/mdev/mdev_sysfs.c):
   * it first refuses any write shorter than UUID_STRING_LEN (36) or longer than 37 bytes, then
   * guid_parse() checks exactly the first 36 characters. So FACTS.md's "one trailing byte such
   * as \n is fine" means any one byte: "UUID" + "x" succeeds, while "UUID" + two bytes of
   * anything (even "\n\n" or "\r\n") fails with EINVAL before the UUID is looked at. */
  static const struct {
    const char *data;
    gsize       len;
  } bad[] = {
    { "", 0 },
    { UUID_C, 35 },                                      /* one short */
    { UUID_C "\n\n", 38 },                               /* two trailing bytes */
    { UUID_C "\r\n", 38 },
    { UUID_C "xy", 38 },                                 /* 36 + 2 bytes of junk */
    { "{" UUID_C "}", 38 },                              /* braces */
    { "00000000-0000-4000-8000-00000000000g", 36 },      /* not hex */
    { "000000000-000-4000-8000-000000000001", 36 },      /* hyphen moved */
    { "00000000_0000_4000_8000_000000000001", 36 },
    { "000000000000400080000000000000000001", 36 },      /* no hyphens */
    { "00000000-0000-4000-8000-00000000\0" "0001", 36 }, /* a NUL inside */
    { " 0000000-0000-4000-8000-000000000001", 36 },
    { "../../../../../../../../../../../etc", 36 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (slices_simulator_write_create (fixture->sim, GPU, T4, bad[i].data,
                                                      bad[i].len), ==, EINVAL);
    }

  /* nothing was made */
  g_assert_cmpuint (available (fixture, GPU, T4), ==, 5);

  /* exactly one trailing byte of any kind is fine */
  g_assert_cmpint (slices_simulator_write_create (fixture->sim, GPU, T4, UUID_C "x", 37), ==, 0);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_C));
}

static void
test_create_eexist_two_gpus (Fixture       *fixture,
                             gconstpointer  data)
{
  SlicesSimGpuSpec spec;
  g_autoptr(GError) error = NULL;

  slices_sim_gpu_spec_init (&spec, GPU2);
  spec.render_minor = 129;
  spec.card_minor = 2;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);

  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);
  g_assert_cmpint (create (fixture, GPU2, T4, UUID_A), ==, EEXIST);
  g_assert_cmpint (create (fixture, GPU2, T8, "4B20D080-1B54-4048-85B3-A6A62D165C01"), ==, EEXIST);
  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, EEXIST);
  /* the other GPU is untouched; slices on one GPU do not use the other's room */
  assert_available (fixture, GPU2, 7, 5, 2, 1);
  assert_available (fixture, GPU, 5, 4, 2, 1);

  /* a _1 takes all but 640 MB of high GM: room for one _8 or one _4 */
  g_assert_cmpint (create (fixture, GPU2, T1, UUID_B), ==, 0);
  assert_available (fixture, GPU2, 1, 1, 0, 0);
  assert_available (fixture, GPU, 5, 4, 2, 1);
  assert_link (fixture, "bus/mdev/devices/" UUID_B,
               "../../../devices/pci0000:00/" GPU2 "/" UUID_B);
}

static void
test_create_enoent (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *create_file = path_in (fixture, "devices/pci0000:00/" GPU
                                          "/mdev_supported_types/" T4 "/create");

  g_assert_cmpint (create (fixture, "0000:00:09.0", T4, UUID_A), ==, ENOENT);
  g_assert_cmpint (create (fixture, GPU, "i915-GVTg_V5_3", UUID_A), ==, ENOENT);
  g_assert_cmpint (create (fixture, GPU, "../" T4, UUID_A), ==, ENOENT);
  g_assert_cmpint (create (fixture, "..", T4, UUID_A), ==, ENOENT);
  g_assert_cmpint (create (fixture, GPU, "", UUID_A), ==, ENOENT);
  /* a bad UUID to a missing file: the open fails first */
  g_assert_cmpint (create (fixture, GPU, "i915-GVTg_V5_3", "nonsense"), ==, ENOENT);

  /* GVT-g switched off under our feet: the create file is gone */
  g_assert_cmpint (g_unlink (create_file), ==, 0);
  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, ENOENT);
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_A));
}

/* --- remove --- */

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const garbage[] = { "", "\n", "x", "1x", "-1", "1\n\n", "one", "0x",
                                          "99999999999999999999999", " 1", "9" "\n" "1" };

  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);

  /* "0" and "0\n" do nothing and succeed */
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_A, "0", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_A, "0\n", 2), ==, 0);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *escaped = g_strescape (garbage[i], NULL);

      g_test_message ("garbage %u: “%s”", i, escaped);
      g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_A, garbage[i],
                                                      strlen (garbage[i])), ==, EINVAL);
    }
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));

  /* no such slice: the remove file does not exist; names are exact (lowercase) */
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_B, "1", 1), ==, ENOENT);
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim,
                                                  "4B20D080-1B54-4048-85B3-A6A62D165C01",
                                                  "1", 1), ==, ENOENT);
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, "..", "1", 1), ==, ENOENT);

  /* "1" without a newline removes; so does any other number, as kstrtoul reads it */
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_A, "1", 1), ==, 0);
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_false (exists (fixture, "devices/pci0000:00/" GPU "/" UUID_A));
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_A, "1", 1), ==, ENOENT);

  g_assert_cmpint (create (fixture, GPU, T4, UUID_B), ==, 0);
  g_assert_cmpint (slices_simulator_write_remove (fixture->sim, UUID_B, "0x1\n", 4), ==, 0);
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_B));
  assert_available (fixture, GPU, 7, 5, 2, 1);
}

static void
test_remove_in_use (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;

  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);
  slices_simulator_set_in_use (fixture->sim, UUID_A, "qemu-system-x86 (pid 4242)", &error);
  g_assert_no_error (error);

  holder = slices_simulator_get_in_use (fixture->sim, UUID_A);
  g_assert_cmpstr (holder, ==, "qemu-system-x86 (pid 4242)");
  g_assert_cmpint (remove_slice (fixture, UUID_A), ==, EBUSY);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));

  slices_simulator_set_in_use (fixture->sim, UUID_B, "qemu", &error);
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_clear_error (&error);

  slices_simulator_set_in_use (fixture->sim, UUID_A, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&holder, g_free);
  holder = slices_simulator_get_in_use (fixture->sim, UUID_A);
  g_assert_null (holder);
  g_assert_cmpint (remove_slice (fixture, UUID_A), ==, 0);
}

/* --- cycles --- */

static void
test_cycles (Fixture       *fixture,
             gconstpointer  data)
{
  const char *types[] = { T8, T4, T2, T1 };
  g_autofree char *before = list_tree (fixture->root);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
  guint next = 1;

  for (guint cycle = 0; cycle < 20; cycle++)
    {
      guint n_creates = g_test_rand_int_range (1, 6);

      /* a few creates of random types, some failing for lack of room */
      for (guint i = 0; i < n_creates; i++)
        {
          const char *type = types[g_test_rand_int_range (0, G_N_ELEMENTS (types))];
          g_autofree char *uuid = uuid_for (next++);
          guint before_count = available (fixture, GPU, type);
          int err = create (fixture, GPU, type, uuid);

          g_assert_cmpint (err, ==, before_count > 0 ? 0 : ENOSPC);
          if (err == 0)
            g_ptr_array_add (live, g_steal_pointer (&uuid));
        }

      /* then remove some in random order; every few cycles all of them */
      while (live->len > 0 && (cycle % 4 == 3 || g_test_rand_bit ()))
        {
          guint index = g_test_rand_int_range (0, live->len);

          g_assert_cmpint (remove_slice (fixture, g_ptr_array_index (live, index)), ==, 0);
          g_ptr_array_remove_index_fast (live, index);
        }
    }

  while (live->len > 0)
    {
      g_assert_cmpint (remove_slice (fixture, g_ptr_array_index (live, 0)), ==, 0);
      g_ptr_array_remove_index_fast (live, 0);
    }

  after = list_tree (fixture->root);
  g_assert_cmpstr (after, ==, before);
}

/* --- shared state --- */

static void
test_shared_state (Fixture       *fixture,
                   gconstpointer  data)
{
  SlicesSimGpuSpec spec;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesSimulator) other = NULL;
  g_autofree char *holder = NULL;

  slices_sim_gpu_spec_init (&spec, GPU);
  spec.aperture_mb = 256;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);

  other = slices_simulator_open (fixture->root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (slices_simulator_get_root (other), ==, fixture->root);

  /* the second instance knows the aperture is 256 MB: one _4 fills it */
  g_assert_cmpint (slices_simulator_write_create (other, GPU, T4, UUID_A, 36), ==, 0);
  assert_available (fixture, GPU, 0, 0, -1, -1);
  g_assert_cmpint (create (fixture, GPU, T8, UUID_B), ==, ENOSPC);
  g_assert_cmpint (slices_simulator_write_create (other, GPU, T8, UUID_A, 36), ==, EEXIST);

  /* a holder set by one is seen by the other */
  slices_simulator_set_in_use (fixture->sim, UUID_A, "qemu-system-x86 (pid 4242)", &error);
  g_assert_no_error (error);
  holder = slices_simulator_get_in_use (other, UUID_A);
  g_assert_cmpstr (holder, ==, "qemu-system-x86 (pid 4242)");
  g_assert_cmpint (slices_simulator_write_remove (other, UUID_A, "1", 1), ==, EBUSY);

  slices_simulator_set_in_use (other, UUID_A, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (remove_slice (fixture, UUID_A), ==, 0);
  assert_available (fixture, GPU, 2, 1, -1, -1);

  /* a folder that is not laid out like /sys */
  {
    g_autoptr(SlicesSimulator) none = NULL;
    g_autofree char *empty = g_dir_make_tmp ("slices-test-simulator-XXXXXX", NULL);

    none = slices_simulator_open (empty, &error);
    g_assert_error (error, SLICES_ERROR, SLICES_ERROR_BAD_TREE);
    g_assert_null (none);
    g_rmdir (empty);
  }
}

/* --- the backend --- */

typedef struct {
  GAsyncResult *result;
  guint         n_changed;
} AsyncState;

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_null (state->result);
  state->result = g_object_ref (result);
}

static void
on_changed_cb (SlicesSimulator *sim,
               gpointer         user_data)
{
  AsyncState *state = user_data;

  state->n_changed++;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_result (AsyncState *state)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);

  while (state->result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

static gboolean
backend_create (Fixture      *fixture,
                AsyncState   *state,
                const char   *gpu,
                const char   *type,
                const char   *uuid,
                GError      **error)
{
  gboolean ok;

  g_clear_object (&state->result);
  slices_backend_create_async (SLICES_BACKEND (fixture->sim), gpu, type, uuid, NULL, on_ready_cb,
                               state);
  /* never completed inside the call */
  g_assert_null (state->result);
  wait_for_result (state);
  ok = slices_backend_create_finish (SLICES_BACKEND (fixture->sim), state->result, error);
  g_clear_object (&state->result);

  return ok;
}

static gboolean
backend_remove (Fixture     *fixture,
                AsyncState  *state,
                const char  *uuid,
                GError     **error)
{
  gboolean ok;

  g_clear_object (&state->result);
  slices_backend_remove_async (SLICES_BACKEND (fixture->sim), uuid, NULL, on_ready_cb, state);
  g_assert_null (state->result);
  wait_for_result (state);
  ok = slices_backend_remove_finish (SLICES_BACKEND (fixture->sim), state->result, error);
  g_clear_object (&state->result);

  return ok;
}

static void
test_backend_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  AsyncState state = { NULL, 0 };
  g_autoptr(GError) error = NULL;
  gulong handler;

  handler = g_signal_connect (fixture->sim, "changed", G_CALLBACK (on_changed_cb), &state);

  g_assert_false (backend_create (fixture, &state, "0000:00:02", T4, UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (backend_create (fixture, &state, "../../../etc", T4, UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (backend_create (fixture, &state, "0000:00:09.0", T4, UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_GPU);
  g_assert_nonnull (strstr (error->message, "0000:00:09.0"));
  g_clear_error (&error);

  g_assert_false (backend_create (fixture, &state, GPU, "i915-GVTg_V5_3", UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_TYPE);
  g_clear_error (&error);

  g_assert_false (backend_create (fixture, &state, GPU, "../../..", UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_TYPE);
  g_clear_error (&error);

  g_assert_false (backend_create (fixture, &state, GPU, T4, "not-a-uuid", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_assert_nonnull (strstr (error->message, "not-a-uuid"));
  g_clear_error (&error);

  g_assert_false (backend_create (fixture, &state, GPU, T4, UUID_A "\n", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_clear_error (&error);
  g_assert_cmpuint (state.n_changed, ==, 0);

  /* uppercase is canonicalized, as the helper does */
  g_assert_true (backend_create (fixture, &state, GPU, T4,
                                 "4B20D080-1B54-4048-85B3-A6A62D165C01", &error));
  g_assert_no_error (error);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_cmpuint (state.n_changed, ==, 1);

  g_assert_false (backend_create (fixture, &state, GPU, T8, UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UUID_EXISTS);
  g_assert_cmpstr (error->message, ==, "A slice with UUID " UUID_A " already exists.");
  g_clear_error (&error);

  /* fill the aperture: three _4 slices, then no room for a fourth… */
  g_assert_true (backend_create (fixture, &state, GPU, T4, UUID_B, &error));
  g_assert_true (backend_create (fixture, &state, GPU, T4, UUID_C, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (available (fixture, GPU, T4), ==, 2);
  g_assert_true (backend_create (fixture, &state, GPU, T2,
                                 "10000000-0000-4000-8000-000000000000", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (available (fixture, GPU, T4), ==, 0);
  g_assert_cmpuint (state.n_changed, ==, 4);

  g_assert_false (backend_create (fixture, &state, GPU, T4,
                                  "20000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_NO_ROOM);
  g_assert_cmpstr (error->message, ==,
                   "No room for another GVTg_V5_4 slice on " GPU ": 4 slices already use its "
                   "graphics memory. Remove a slice, or pick a smaller type; a larger aperture "
                   "in the firmware settings makes more room.");
  g_clear_error (&error);
  g_assert_cmpuint (state.n_changed, ==, 4);

  /* remove: unknown, in use, bad UUID, then fine */
  g_assert_false (backend_remove (fixture, &state, "30000000-0000-4000-8000-000000000000",
                                  &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_clear_error (&error);

  g_assert_false (backend_remove (fixture, &state, "../" UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_clear_error (&error);

  slices_simulator_set_in_use (fixture->sim, UUID_B, "qemu-system-x86 (pid 4242)", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state.n_changed, ==, 5);
  g_assert_false (backend_remove (fixture, &state, UUID_B, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==,
                   "The slice " UUID_B " is in use by qemu-system-x86 (pid 4242). "
                   "Shut down the virtual machine first.");
  g_clear_error (&error);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_B));
  g_assert_cmpuint (state.n_changed, ==, 5);

  g_assert_true (backend_remove (fixture, &state, "4B20D080-1B54-4048-85B3-A6A62D165C01",
                                 &error));
  g_assert_no_error (error);
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_cmpuint (state.n_changed, ==, 6);

  g_signal_handler_disconnect (fixture->sim, handler);
}

static void
test_backend_no_room_cap (Fixture       *fixture,
                          gconstpointer  data)
{
  AsyncState state = { NULL, 0 };
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, GPU);
  spec.ggtt_mb = 8192;
  spec.fences = 64;
  slices_simulator_add_gpu (fixture->sim, &spec, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *uuid = uuid_for (i);
      g_assert_true (backend_create (fixture, &state, GPU, T8, uuid, &error));
      g_assert_no_error (error);
    }

  g_assert_false (backend_create (fixture, &state, GPU, T8, UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_NO_ROOM);
  g_assert_nonnull (strstr (error->message, "7 slices"));
  g_clear_error (&error);

  /* GVT-g gone: the create file is missing */
  {
    g_autofree char *create_file = path_in (fixture, "devices/pci0000:00/" GPU
                                            "/mdev_supported_types/" T1 "/create");
    g_assert_cmpint (g_unlink (create_file), ==, 0);
    g_assert_false (backend_create (fixture, &state, GPU, T1, UUID_A, &error));
    g_assert_error (error, SLICES_ERROR, SLICES_ERROR_GVT_INACTIVE);
    g_assert_nonnull (strstr (error->message, "kvmgt"));
  }
}

static void
test_backend_cancel (Fixture       *fixture,
                     gconstpointer  data)
{
  AsyncState state = { NULL, 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (fixture->sim, "changed", G_CALLBACK (on_changed_cb), &state);

  /* cancelled after the call but before the write: nothing is written */
  slices_backend_create_async (SLICES_BACKEND (fixture->sim), GPU, T4, UUID_A, cancellable,
                               on_ready_cb, &state);
  g_cancellable_cancel (cancellable);
  wait_for_result (&state);
  g_assert_false (slices_backend_create_finish (SLICES_BACKEND (fixture->sim), state.result,
                                                &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&state.result);
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_cmpuint (state.n_changed, ==, 0);

  g_assert_cmpint (create (fixture, GPU, T4, UUID_A), ==, 0);
  g_assert_cmpuint (state.n_changed, ==, 1);
  slices_backend_remove_async (SLICES_BACKEND (fixture->sim), UUID_A, cancellable, on_ready_cb,
                               &state);
  wait_for_result (&state);
  g_assert_false (slices_backend_remove_finish (SLICES_BACKEND (fixture->sim), state.result,
                                                &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&state.result);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_cmpuint (state.n_changed, ==, 1);

  g_signal_handlers_disconnect_by_data (fixture->sim, &state);
}

static void
test_backend_sync (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AsyncState state = { NULL, 0 };

  g_signal_connect (fixture->sim, "changed", G_CALLBACK (on_changed_cb), &state);

  g_assert_true (slices_backend_create_sync (SLICES_BACKEND (fixture->sim), GPU, T2, UUID_A,
                                             &error));
  g_assert_no_error (error);
  g_assert_true (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_cmpuint (available (fixture, GPU, T2), ==, 1);

  g_assert_false (slices_backend_create_sync (SLICES_BACKEND (fixture->sim), GPU, T2, UUID_A,
                                              &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UUID_EXISTS);
  g_clear_error (&error);

  g_assert_true (slices_backend_remove_sync (SLICES_BACKEND (fixture->sim), UUID_A, &error));
  g_assert_no_error (error);
  g_assert_false (exists (fixture, "bus/mdev/devices/" UUID_A));
  g_assert_cmpuint (state.n_changed, ==, 2);

  g_assert_false (slices_backend_remove_sync (SLICES_BACKEND (fixture->sim), UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);

  /* nothing was left pending in the global context */
  g_assert_false (g_main_context_pending (NULL));

  g_signal_handlers_disconnect_by_data (fixture->sim, &state);
}

/* --- demo and safety --- */

static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  SlicesSimulator *sim;
  g_autofree char *root = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *outside_file = NULL;
  g_autofree char *link = NULL;
  Fixture view;

  sim = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  g_assert_nonnull (sim);
  root = g_strdup (slices_simulator_get_root (sim));
  g_assert_true (g_path_is_absolute (root));
  g_assert_nonnull (strstr (root, "gpu-slices-demo-"));

  view.root = root;
  view.sim = sim;
  assert_available (&view, GPU, 7, 5, 2, 1);
  assert_text (&view, "bus/pci/devices/" GPU "/device", "0x5916\n");
  g_assert_true (exists (&view, "bus/pci/devices/" GPU "/drm/renderD128"));

  /* deleting the demo never follows a link out of it */
  outside = g_dir_make_tmp ("slices-test-simulator-XXXXXX", &error);
  g_assert_no_error (error);
  outside_file = g_build_filename (outside, "keep", NULL);
  g_file_set_contents (outside_file, "keep\n", -1, &error);
  g_assert_no_error (error);
  link = g_build_filename (root, "link-out", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_cmpint (create (&view, GPU, T4, UUID_A), ==, 0);

  g_assert_finalize_object (sim);
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside_file, G_FILE_TEST_IS_REGULAR));

  slices_test_remove_tree (outside);
}

static void
test_refuses_real_system (void)
{
  static const char * const roots[] = { "/", "/sys", "/sys/", "/sys/bus/..", "/proc",
                                        "/proc/self", "/dev", "/dev/shm/x", "/tmp/../sys",
                                        "//sys" };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *link = NULL;
  g_autofree char *below_link = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autoptr(SlicesSimulator) sim = NULL;
      SlicesSimGpuSpec spec;

      g_test_message ("root %s", roots[i]);
      g_assert_null (slices_simulator_open (roots[i], &error));
      g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (slices_simulator_is_safe_root (roots[i], NULL));

      /* even when made anyway, it writes nothing */
      sim = slices_simulator_new (roots[i]);
      slices_sim_gpu_spec_init (&spec, GPU);
      g_assert_false (slices_simulator_add_gpu (sim, &spec, &error));
      g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_cmpint (slices_simulator_write_create (sim, GPU, T4, UUID_A, 36), ==, EACCES);
      g_assert_cmpint (slices_simulator_write_remove (sim, UUID_A, "1", 1), ==, EACCES);
      g_assert_false (slices_simulator_set_in_use (sim, UUID_A, "x", &error));
      g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (slices_backend_create_sync (SLICES_BACKEND (sim), GPU, T4, UUID_A,
                                                  &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  /* a link that leads into /sys is refused too, also for a folder below it */
  tmp = g_dir_make_tmp ("slices-test-simulator-XXXXXX", &error);
  g_assert_no_error (error);
  link = g_build_filename (tmp, "sys", NULL);
  g_assert_cmpint (symlink ("/sys", link), ==, 0);
  below_link = g_build_filename (link, "not-yet", NULL);
  g_assert_false (slices_simulator_is_safe_root (link, NULL));
  g_assert_false (slices_simulator_is_safe_root (below_link, NULL));

  /* names that only start like them are fine */
  g_assert_true (slices_simulator_is_safe_root (tmp, NULL));
  g_assert_true (slices_simulator_is_safe_root ("/sysroot-of-my-own", NULL));
  g_assert_true (slices_simulator_is_safe_root ("/tmp/sys", NULL));

  slices_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add ("/slices/simulator/" path, Fixture, NULL, setup, func, fixture_teardown)

  ADD ("tree/gpu", fixture_setup, test_tree_gpu);
  ADD ("tree/layouts", fixture_setup_empty, test_tree_layouts);
  ADD ("availability/initial", fixture_setup, test_availability_initial);
  ADD ("availability/aperture-256", fixture_setup_empty, test_availability_256);
  ADD ("availability/mixed", fixture_setup, test_availability_mixed);
  ADD ("availability/cap", fixture_setup_empty, test_availability_cap);
  ADD ("create/slice-tree", fixture_setup, test_create_slice_tree);
  ADD ("create/old-layout", fixture_setup_empty, test_create_old_layout);
  ADD ("create/uuid-forms", fixture_setup, test_create_uuid_forms);
  ADD ("create/einval", fixture_setup, test_create_einval);
  ADD ("create/eexist-two-gpus", fixture_setup, test_create_eexist_two_gpus);
  ADD ("create/enoent", fixture_setup, test_create_enoent);
  ADD ("remove/kernel", fixture_setup, test_remove);
  ADD ("remove/in-use", fixture_setup, test_remove_in_use);
  ADD ("cycles", fixture_setup, test_cycles);
  ADD ("shared-state", fixture_setup_empty, test_shared_state);
  ADD ("backend/errors", fixture_setup, test_backend_errors);
  ADD ("backend/no-room-cap", fixture_setup_empty, test_backend_no_room_cap);
  ADD ("backend/cancel", fixture_setup, test_backend_cancel);
  ADD ("backend/sync", fixture_setup, test_backend_sync);

#undef ADD

  g_test_add_func ("/slices/simulator/demo", test_demo);
  g_test_add_func ("/slices/simulator/refuses-real-system", test_refuses_real_system);

  return g_test_run ();
}
