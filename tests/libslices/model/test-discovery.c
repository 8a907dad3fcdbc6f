/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery on sysfs-like trees: the kernel layouts the simulator builds from
 * ../shared/FACTS.md §1 (6.1, 5.4 without `name`, 4.10 with a 3-line description, a 256 MB
 * aperture, an extra description line, renderD129/card1, two GPUs), trees built by hand here
 * (so discovery is not only checked against the simulator's idea of sysfs), and malformed
 * trees that must never crash it.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-platform.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-sysfs.h"
#include "slices-test-util.h"

#define UUID_A "a2e6f6b1-7f4e-4e5f-9c53-0d2f1b2a3c4d"
#define UUID_B "0b5d0ad6-64a2-4b36-8f6b-3c2b1c7f0e11"

/* --- tree helpers --- */

static void
put_dir (const char *root,
         const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
put_link (const char *root,
          const char *relative,
          const char *target)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static GPtrArray *
discover (const char *root)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *gpus = slices_sysfs_discover (root, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (gpus);
  return gpus;
}

static SlicesSliceType *
type_at (SlicesGpu *gpu,
         guint      position)
{
  /* The store holds a reference; tests only look. */
  g_autoptr(SlicesSliceType) type = g_list_model_get_item (slices_gpu_get_types (gpu), position);

  g_assert_nonnull (type);
  return type;
}

static SlicesSlice *
slice_at (SlicesGpu *gpu,
          guint      position)
{
  g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices_gpu_get_slices (gpu), position);

  g_assert_nonnull (slice);
  return slice;
}

typedef struct {
  char            *root;
  SlicesSimulator *simulator;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->root = slices_test_make_tmp_dir ("test-discovery-XXXXXX");
  fixture->simulator = slices_simulator_new (fixture->root);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->simulator);
  slices_test_remove_tree (fixture->root);
  g_clear_pointer (&fixture->root, g_free);
}

static void
add_gpu (Fixture                *fixture,
         const SlicesSimGpuSpec *spec)
{
  g_autoptr(GError) error = NULL;

  slices_simulator_add_gpu (fixture->simulator, spec, &error);
  g_assert_no_error (error);
}

static void
create_slice (Fixture    *fixture,
              const char *address,
              const char *type_id,
              const char *uuid)
{
  g_autofree char *data = g_strconcat (uuid, "\n", NULL);

  g_assert_cmpint (slices_simulator_write_create (fixture->simulator, address, type_id,
                                                  data, strlen (data)), ==, 0);
}

/* --- simulated kernels --- */

static void
test_discovery_kernel_6_1 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;
  SlicesGpu *gpu;
  SlicesSliceType *type;
  SlicesSlice *slice;
  static const char * const ids[] = {
    "i915-GVTg_V5_8", "i915-GVTg_V5_4", "i915-GVTg_V5_2", "i915-GVTg_V5_1"
  };
  static const int available[] = { 7, 5, 2, 1 };

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  add_gpu (fixture, &spec);

  gpus = discover (fixture->root);
  g_assert_cmpuint (gpus->len, ==, 1);
  gpu = g_ptr_array_index (gpus, 0);

  g_assert_cmpstr (slices_gpu_get_address (gpu), ==, "0000:00:02.0");
  g_assert_cmpuint (slices_gpu_get_vendor_id (gpu), ==, 0x8086);
  g_assert_cmpuint (slices_gpu_get_device_id (gpu), ==, 0x5916);
  g_assert_cmpuint (slices_gpu_get_pci_class (gpu), ==, 0x030000);
  g_assert_cmpstr (slices_gpu_get_driver (gpu), ==, "i915");
  g_assert_cmpstr (slices_gpu_get_platform (gpu), ==, "Kaby Lake");
  g_assert_cmpint (slices_gpu_get_gvt_support (gpu), ==, SLICES_GVT_SUPPORT_GVT_G);
  g_assert_true (slices_gpu_get_has_types (gpu));
  g_assert_null (slices_gpu_get_product_name (gpu)); /* names were not looked up */
  g_assert_cmpstrv (slices_gpu_get_render_nodes (gpu),
                    ((const char * const[]) { "/dev/dri/renderD128", NULL }));

  /* 1 GB aperture: four types, smallest share first, 7 / 5 / 2 / 1 available. */
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      type = type_at (gpu, i);
      g_assert_cmpstr (slices_slice_type_get_id (type), ==, ids[i]);
      g_assert_cmpstr (slices_slice_type_get_name (type), ==, ids[i] + strlen ("i915-"));
      g_assert_cmpint (slices_slice_type_get_available (type), ==, available[i]);
      g_assert_cmpstr (slices_slice_type_get_device_api (type), ==, "vfio-pci");
      g_assert_cmpstr (slices_slice_type_get_gpu_address (type), ==, "0000:00:02.0");
    }

  type = type_at (gpu, 1);
  g_assert_cmpint (slices_slice_type_get_low_gm_mb (type), ==, 128);
  g_assert_cmpint (slices_slice_type_get_high_gm_mb (type), ==, 512);
  g_assert_cmpint (slices_slice_type_get_fence (type), ==, 4);
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, 4);
  g_assert_cmpint (slices_slice_type_get_width (type), ==, 1920);
  g_assert_cmpint (slices_slice_type_get_height (type), ==, 1200);
  g_assert_true (g_str_has_prefix (slices_slice_type_get_description (type),
                                   "low_gm_size: 128MB\nhigh_gm_size: 512MB\n"));
  type = type_at (gpu, 0);
  g_assert_cmpint (slices_slice_type_get_width (type), ==, 1024);
  g_assert_cmpint (slices_slice_type_get_height (type), ==, 768);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 0);

  /* A slice written in uppercase: the kernel (and we) name it in lowercase. */
  g_clear_pointer (&gpus, g_ptr_array_unref);
  create_slice (fixture, "0000:00:02.0", "i915-GVTg_V5_4", "A2E6F6B1-7F4E-4E5F-9C53-0D2F1B2A3C4D");
  gpus = discover (fixture->root);
  gpu = g_ptr_array_index (gpus, 0);

  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 1);
  slice = slice_at (gpu, 0);
  g_assert_cmpstr (slices_slice_get_uuid (slice), ==, UUID_A);
  g_assert_cmpstr (slices_slice_get_gpu_address (slice), ==, "0000:00:02.0");
  g_assert_cmpstr (slices_slice_get_type_id (slice), ==, "i915-GVTg_V5_4");
  g_assert_cmpstr (slices_slice_get_driver (slice), ==, "intel_vgpu_mdev");
  g_assert_cmpint (slices_slice_get_iommu_group (slice), >=, 0);
  g_assert_true (slices_gpu_find_slice (gpu, UUID_A) == slice);
  g_assert_cmpint (slices_slice_type_get_available (slices_gpu_find_type (gpu, "i915-GVTg_V5_4")),
                   <, 5);
}

static void
test_discovery_kernel_5_4 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  g_autofree char *name_file = NULL;
  SlicesSimGpuSpec spec;
  SlicesGpu *gpu;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.layout = SLICES_KERNEL_5_4;
  add_gpu (fixture, &spec);
  create_slice (fixture, "0000:00:02.0", "i915-GVTg_V5_8", UUID_A);

  /* The layout really has no name file. */
  name_file = g_build_filename (fixture->root, "bus/pci/devices/0000:00:02.0",
                                "mdev_supported_types/i915-GVTg_V5_8/name", NULL);
  g_assert_false (g_file_test (name_file, G_FILE_TEST_EXISTS));

  gpus = discover (fixture->root);
  g_assert_cmpuint (gpus->len, ==, 1);
  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      SlicesSliceType *type = type_at (gpu, i);

      g_assert_cmpstr (slices_slice_type_get_name (type), ==,
                       slices_slice_type_get_id (type) + strlen ("i915-"));
    }
  g_assert_cmpstr (slices_slice_get_driver (slice_at (gpu, 0)), ==, "vfio_mdev");
  g_assert_cmpstr (slices_slice_get_type_id (slice_at (gpu, 0)), ==, "i915-GVTg_V5_8");
}

static void
test_discovery_kernel_4_10 (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;
  SlicesGpu *gpu;
  SlicesSliceType *type;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.layout = SLICES_KERNEL_4_10;
  add_gpu (fixture, &spec);

  gpus = discover (fixture->root);
  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 4);

  type = slices_gpu_find_type (gpu, "i915-GVTg_V5_4");
  g_assert_nonnull (type);
  g_assert_cmpstr (slices_slice_type_get_name (type), ==, "GVTg_V5_4");
  g_assert_cmpint (slices_slice_type_get_low_gm_mb (type), ==, 128);
  g_assert_cmpint (slices_slice_type_get_high_gm_mb (type), ==, 512);
  g_assert_cmpint (slices_slice_type_get_fence (type), ==, 4);
  /* Not in a 4.10 description: unknown, not zero. */
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, -1);
  g_assert_cmpint (slices_slice_type_get_width (type), ==, -1);
  g_assert_cmpint (slices_slice_type_get_height (type), ==, -1);
  g_assert_cmpint (slices_slice_type_get_available (type), ==, 5);
}

static void
test_discovery_aperture_256 (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;
  SlicesGpu *gpu;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.aperture_mb = 256;
  add_gpu (fixture, &spec);

  gpus = discover (fixture->root);
  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 2);
  g_assert_cmpstr (slices_slice_type_get_id (type_at (gpu, 0)), ==, "i915-GVTg_V5_8");
  g_assert_cmpint (slices_slice_type_get_available (type_at (gpu, 0)), ==, 2);
  g_assert_cmpstr (slices_slice_type_get_id (type_at (gpu, 1)), ==, "i915-GVTg_V5_4");
  g_assert_cmpint (slices_slice_type_get_available (type_at (gpu, 1)), ==, 1);
  g_assert_null (slices_gpu_find_type (gpu, "i915-GVTg_V5_2"));
}

static void
test_discovery_extra_line (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;
  SlicesSliceType *type;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.extra_description_line = "aggregation: true";
  add_gpu (fixture, &spec);

  gpus = discover (fixture->root);
  type = slices_gpu_find_type (g_ptr_array_index (gpus, 0), "i915-GVTg_V5_2");
  g_assert_nonnull (type);
  g_assert_nonnull (strstr (slices_slice_type_get_description (type), "aggregation: true"));
  g_assert_cmpint (slices_slice_type_get_low_gm_mb (type), ==, 256);
  g_assert_cmpint (slices_slice_type_get_high_gm_mb (type), ==, 1024);
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, 8);
  g_assert_cmpint (slices_slice_type_get_width (type), ==, 1920);
}

static void
test_discovery_render_node (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.render_minor = 129;
  spec.card_minor = 1;
  add_gpu (fixture, &spec);

  gpus = discover (fixture->root);
  g_assert_cmpstrv (slices_gpu_get_render_nodes (g_ptr_array_index (gpus, 0)),
                    ((const char * const[]) { "/dev/dri/renderD129", NULL }));
}

static void
test_discovery_no_drm (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;

  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  spec.render_minor = -1;
  add_gpu (fixture, &spec);

  gpus = discover (fixture->root);
  g_assert_cmpstrv (slices_gpu_get_render_nodes (g_ptr_array_index (gpus, 0)),
                    ((const char * const[]) { NULL }));
}

static void
test_discovery_two_gpus (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesSimGpuSpec spec;
  SlicesGpu *first, *second;

  /* Added in reverse order: discovery sorts by address. */
  slices_sim_gpu_spec_init (&spec, "0000:03:00.0");
  spec.device_id = 0x3e92;
  spec.aperture_mb = 512;
  spec.render_minor = 129;
  spec.card_minor = 2;
  add_gpu (fixture, &spec);
  slices_sim_gpu_spec_init (&spec, "0000:00:02.0");
  add_gpu (fixture, &spec);

  create_slice (fixture, "0000:03:00.0", "i915-GVTg_V5_2", UUID_A);
  create_slice (fixture, "0000:00:02.0", "i915-GVTg_V5_8", UUID_B);

  gpus = discover (fixture->root);
  g_assert_cmpuint (gpus->len, ==, 2);
  first = g_ptr_array_index (gpus, 0);
  second = g_ptr_array_index (gpus, 1);

  g_assert_cmpstr (slices_gpu_get_address (first), ==, "0000:00:02.0");
  g_assert_cmpstr (slices_gpu_get_platform (first), ==, "Kaby Lake");
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (first)), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (first)), ==, 1);
  g_assert_cmpstr (slices_slice_get_uuid (slice_at (first, 0)), ==, UUID_B);
  g_assert_cmpstrv (slices_gpu_get_render_nodes (first),
                    ((const char * const[]) { "/dev/dri/renderD128", NULL }));

  g_assert_cmpstr (slices_gpu_get_address (second), ==, "0000:03:00.0");
  g_assert_cmpstr (slices_gpu_get_platform (second), ==, "Coffee Lake");
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (second)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (second)), ==, 1);
  g_assert_cmpstr (slices_slice_get_uuid (slice_at (second, 0)), ==, UUID_A);
  g_assert_cmpstr (slices_slice_get_type_id (slice_at (second, 0)), ==, "i915-GVTg_V5_2");
  g_assert_cmpstr (slices_slice_get_gpu_address (slice_at (second, 0)), ==, "0000:03:00.0");
  g_assert_cmpstrv (slices_gpu_get_render_nodes (second),
                    ((const char * const[]) { "/dev/dri/renderD129", NULL }));
}

/* --- trees built by hand --- */

#define GPU_DIR "devices/pci0000:00/0000:00:02.0"

static void
build_hand_tree (const char *root)
{
  /* A Coffee Lake GPU on a 5.4-like kernel, written the way the kernel lays it out. */
  slices_test_put_file (root, GPU_DIR "/vendor", "0x8086\n");
  slices_test_put_file (root, GPU_DIR "/device", "0x3e92\n");
  slices_test_put_file (root, GPU_DIR "/class", "0x030000\n");
  put_dir (root, "bus/pci/drivers/i915");
  put_link (root, GPU_DIR "/driver", "../../../bus/pci/drivers/i915");
  put_link (root, "bus/pci/devices/0000:00:02.0", "../../../" GPU_DIR);

  /* Render nodes in an order a plain string sort gets wrong; one without uevent. */
  slices_test_put_file (root, GPU_DIR "/drm/renderD130/uevent",
                        "MAJOR=226\nMINOR=130\nDEVNAME=dri/renderD130\nDEVTYPE=drm_minor\n");
  slices_test_put_file (root, GPU_DIR "/drm/renderD1000/uevent",
                        "MAJOR=226\nDEVNAME=dri/renderD1000\n");
  put_dir (root, GPU_DIR "/drm/renderD129");
  slices_test_put_file (root, GPU_DIR "/drm/card0/uevent", "DEVNAME=dri/card0\n");

  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/name", "GVTg_V5_4\n");
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/description",
                        "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\n"
                        "weight: 4\n");
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/available_instances",
                        "3\n");
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/device_api",
                        "vfio-pci\n");
  put_dir (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/devices");

  /* No name, a 4.10 description, garbage available_instances, no device_api. */
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_8/description",
                        "low_gm_size: 64MB\nhigh_gm_size: 384MB\nfence: 4\n");
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_8/available_instances",
                        "seven\n");

  /* Slice A exists only under bus/mdev/devices: its mdev_type link says which GPU and type. */
  put_link (root, GPU_DIR "/" UUID_A "/mdev_type", "../mdev_supported_types/i915-GVTg_V5_8");
  put_dir (root, "bus/mdev/drivers/vfio_mdev");
  put_link (root, GPU_DIR "/" UUID_A "/driver", "../../../../bus/mdev/drivers/vfio_mdev");
  put_dir (root, "kernel/iommu_groups/7");
  put_link (root, GPU_DIR "/" UUID_A "/iommu_group", "../../../../kernel/iommu_groups/7");
  put_link (root, "bus/mdev/devices/" UUID_A, "../../../" GPU_DIR "/" UUID_A);

  /* Slice B only in its type's devices folder, listed in uppercase, unbound. */
  put_link (root, GPU_DIR "/" UUID_B "/mdev_type", "../mdev_supported_types/i915-GVTg_V5_4");
  put_link (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/devices/"
            "0B5D0AD6-64A2-4B36-8F6B-3C2B1C7F0E11", "../../../" UUID_B);

  /* Other devices: audio (ignored), an NVIDIA GPU without types (ignored), an Ice Lake GPU
   * without types and without a driver (kept as inactive). */
  slices_test_put_file (root, "devices/pci0000:00/0000:00:1f.3/vendor", "0x8086\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:1f.3/class", "0x040380\n");
  put_link (root, "bus/pci/devices/0000:00:1f.3", "../../../devices/pci0000:00/0000:00:1f.3");
  slices_test_put_file (root, "devices/pci0000:00/0000:01:00.0/vendor", "0x10de\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:01:00.0/class", "0x030000\n");
  put_link (root, "bus/pci/devices/0000:01:00.0", "../../../devices/pci0000:00/0000:01:00.0");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:03.0/vendor", "0x8086\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:03.0/device", "0x8a52\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:03.0/class", "0x038000\n");
  put_link (root, "bus/pci/devices/0000:00:03.0", "../../../devices/pci0000:00/0000:00:03.0");
}

static void
test_discovery_hand_built (void)
{
  g_autofree char *root = slices_test_make_tmp_dir ("test-discovery-XXXXXX");
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesGpu *gpu, *inactive;
  SlicesSliceType *type;
  SlicesSlice *slice;

  build_hand_tree (root);
  gpus = discover (root);
  g_assert_cmpuint (gpus->len, ==, 2);

  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpstr (slices_gpu_get_address (gpu), ==, "0000:00:02.0");
  g_assert_cmpuint (slices_gpu_get_device_id (gpu), ==, 0x3e92);
  g_assert_cmpstr (slices_gpu_get_platform (gpu), ==, "Coffee Lake");
  g_assert_cmpstr (slices_gpu_get_driver (gpu), ==, "i915");
  g_assert_true (slices_gpu_get_has_types (gpu));
  g_assert_cmpstrv (slices_gpu_get_render_nodes (gpu),
                    ((const char * const[]) { "/dev/dri/renderD129", "/dev/dri/renderD130",
                                              "/dev/dri/renderD1000", NULL }));

  /* Known weight first; the 4.10-style type (weight unknown) last. */
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 2);
  type = type_at (gpu, 0);
  g_assert_cmpstr (slices_slice_type_get_id (type), ==, "i915-GVTg_V5_4");
  g_assert_cmpint (slices_slice_type_get_available (type), ==, 3);
  g_assert_cmpstr (slices_slice_type_get_device_api (type), ==, "vfio-pci");
  type = type_at (gpu, 1);
  g_assert_cmpstr (slices_slice_type_get_id (type), ==, "i915-GVTg_V5_8");
  g_assert_cmpstr (slices_slice_type_get_name (type), ==, "GVTg_V5_8");
  g_assert_cmpint (slices_slice_type_get_available (type), ==, -1); /* garbage: unknown */
  g_assert_null (slices_slice_type_get_device_api (type));
  g_assert_cmpint (slices_slice_type_get_low_gm_mb (type), ==, 64);

  /* Sorted by uuid: B (0b5d…) before A (a2e6…). */
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 2);
  slice = slice_at (gpu, 0);
  g_assert_cmpstr (slices_slice_get_uuid (slice), ==, UUID_B);
  g_assert_cmpstr (slices_slice_get_type_id (slice), ==, "i915-GVTg_V5_4");
  g_assert_null (slices_slice_get_driver (slice));
  g_assert_cmpint (slices_slice_get_iommu_group (slice), ==, -1);
  slice = slice_at (gpu, 1);
  g_assert_cmpstr (slices_slice_get_uuid (slice), ==, UUID_A);
  g_assert_cmpstr (slices_slice_get_type_id (slice), ==, "i915-GVTg_V5_8");
  g_assert_cmpstr (slices_slice_get_driver (slice), ==, "vfio_mdev");
  g_assert_cmpint (slices_slice_get_iommu_group (slice), ==, 7);
  g_assert_cmpstr (slices_slice_get_gpu_address (slice), ==, "0000:00:02.0");

  /* The Ice Lake GPU offers no types: kept, so the app can say why. */
  inactive = g_ptr_array_index (gpus, 1);
  g_assert_cmpstr (slices_gpu_get_address (inactive), ==, "0000:00:03.0");
  g_assert_false (slices_gpu_get_has_types (inactive));
  g_assert_null (slices_gpu_get_driver (inactive));
  g_assert_cmpstr (slices_gpu_get_platform (inactive), ==, "Ice Lake");
  g_assert_cmpint (slices_gpu_get_gvt_support (inactive), ==, SLICES_GVT_SUPPORT_NONE);
  g_assert_cmpuint (slices_gpu_get_pci_class (inactive), ==, 0x038000);
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (inactive)), ==, 0);

  slices_test_remove_tree (root);
}

static void
test_discovery_malformed (void)
{
  g_autofree char *root = slices_test_make_tmp_dir ("test-discovery-XXXXXX");
  g_autofree char *fifo = NULL;
  g_autoptr(GString) huge = g_string_new ("low_gm_size: 128MB\nweight: 4\n");
  g_autoptr(GPtrArray) gpus = NULL;
  SlicesGpu *gpu;
  SlicesSliceType *type;
  SlicesSlice *slice;

  put_link (root, "bus/pci/devices/0000:00:02.0", "../../../" GPU_DIR);
  slices_test_put_file (root, GPU_DIR "/vendor", "0x8086");     /* no newline */
  slices_test_put_file (root, GPU_DIR "/device", "");           /* empty */
  slices_test_put_file (root, GPU_DIR "/class", "0x0300zz\n");  /* not hex */
  put_link (root, GPU_DIR "/driver", "driver");     /* a loop */
  put_link (root, GPU_DIR "/drm", "drm");           /* a loop */

  /* 2 MB description: read only the start, keep going. */
  while (huge->len < 2 * 1024 * 1024)
    g_string_append (huge, "padding: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/description",
                        huge->str);
  put_dir (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/name");        /* a folder */
  put_link (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/device_api",
            "device_api");                                                      /* a loop */
  put_dir (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/devices");
  /* A FIFO must not block discovery. */
  fifo = g_build_filename (root, GPU_DIR, "mdev_supported_types/i915-GVTg_V5_4",
                           "available_instances", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/not-a-folder", "x\n");
  put_link (root, GPU_DIR "/mdev_supported_types/dangling", "nowhere");
  put_dir (root, GPU_DIR "/mdev_supported_types/.hidden");

  /* Slice entries: not a uuid, a dangling link, a folder without mdev_type (its type folder
   * decides), a devices folder that is a loop. */
  put_dir (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/devices/not-a-uuid");
  put_link (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/devices/"
            "11111111-2222-3333-4444-555555555555", "../../../gone");
  put_dir (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_4/devices/" UUID_B);
  put_link (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_8/devices", "devices");
  slices_test_put_file (root, GPU_DIR "/mdev_supported_types/i915-GVTg_V5_8/available_instances",
                        "99999999999999999999999\n");

  /* bus/mdev/devices: a loop, a slice whose type link dangles, a non-uuid name. */
  put_link (root, "bus/mdev/devices/" UUID_A, UUID_A);
  put_link (root, GPU_DIR "/66666666-7777-8888-9999-000000000000/mdev_type", "../nowhere");
  put_link (root, "bus/mdev/devices/66666666-7777-8888-9999-000000000000",
            "../../../" GPU_DIR "/66666666-7777-8888-9999-000000000000");
  put_dir (root, "bus/mdev/devices/..weird");

  /* A PCI entry that is a plain file, one that is a loop. */
  slices_test_put_file (root, "bus/pci/devices/0000:00:05.0", "not a device\n");
  put_link (root, "bus/pci/devices/0000:00:06.0", "0000:00:06.0");

  gpus = discover (root);
  g_assert_cmpuint (gpus->len, ==, 1);
  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpuint (slices_gpu_get_vendor_id (gpu), ==, 0x8086);
  g_assert_cmpuint (slices_gpu_get_device_id (gpu), ==, 0);
  g_assert_cmpuint (slices_gpu_get_pci_class (gpu), ==, 0);
  g_assert_null (slices_gpu_get_driver (gpu));
  g_assert_null (slices_gpu_get_platform (gpu));
  g_assert_cmpstrv (slices_gpu_get_render_nodes (gpu), ((const char * const[]) { NULL }));

  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_types (gpu)), ==, 2);
  type = slices_gpu_find_type (gpu, "i915-GVTg_V5_4");
  g_assert_nonnull (type);
  g_assert_cmpstr (slices_slice_type_get_name (type), ==, "GVTg_V5_4");
  g_assert_cmpint (slices_slice_type_get_available (type), ==, -1);
  g_assert_null (slices_slice_type_get_device_api (type));
  g_assert_cmpint (slices_slice_type_get_low_gm_mb (type), ==, 128);
  g_assert_cmpint (slices_slice_type_get_weight (type), ==, 4);
  g_assert_cmpuint (strlen (slices_slice_type_get_description (type)), <=, 64 * 1024);
  type = slices_gpu_find_type (gpu, "i915-GVTg_V5_8");
  g_assert_nonnull (type);
  g_assert_cmpint (slices_slice_type_get_available (type), ==, -1);

  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, 1);
  slice = slice_at (gpu, 0);
  g_assert_cmpstr (slices_slice_get_uuid (slice), ==, UUID_B);
  g_assert_cmpstr (slices_slice_get_type_id (slice), ==, "i915-GVTg_V5_4");

  slices_test_remove_tree (root);
}

static void
test_discovery_missing_root (void)
{
  g_autofree char *root = slices_test_make_tmp_dir ("test-discovery-XXXXXX");
  g_autofree char *missing = g_build_filename (root, "nothing-here", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gpus = NULL;

  gpus = slices_sysfs_discover (missing, FALSE, &error);
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_BAD_TREE);
  g_assert_null (gpus);
  g_assert_nonnull (strstr (error->message, "nothing-here"));
  g_clear_error (&error);

  /* An empty but well-formed tree is not an error: no GPUs. */
  put_dir (root, "bus/pci/devices");
  gpus = slices_sysfs_discover (root, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gpus->len, ==, 0);

  slices_test_remove_tree (root);
}

static void
test_discovery_read_line (void)
{
  g_autofree char *root = slices_test_make_tmp_dir ("test-discovery-XXXXXX");
  g_autofree char *path = g_build_filename (root, "f", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  slices_test_put_file (root, "f", "  i915-GVTg_V5_4 \nsecond line\n");
  line = slices_sysfs_read_line (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "i915-GVTg_V5_4");
  g_clear_pointer (&line, g_free);

  g_free (path);
  path = g_build_filename (root, "missing", NULL);
  line = slices_sysfs_read_line (path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (line);

  slices_test_remove_tree (root);
}

static void
test_discovery_product_name (void)
{
  g_autofree char *name = slices_platform_product_name (0x8086, 0x5916);

  if (name == NULL)
    {
      g_test_skip ("udev's hardware database (hwdb.bin) is not installed here");
      return;
    }
  g_assert_nonnull (strstr (name, "HD Graphics 620"));
  g_assert_null (slices_platform_product_name (0x8086, 0xfffe));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_SIM_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD_SIM_TEST ("/slices/discovery/kernel-6-1", test_discovery_kernel_6_1);
  ADD_SIM_TEST ("/slices/discovery/kernel-5-4", test_discovery_kernel_5_4);
  ADD_SIM_TEST ("/slices/discovery/kernel-4-10", test_discovery_kernel_4_10);
  ADD_SIM_TEST ("/slices/discovery/aperture-256", test_discovery_aperture_256);
  ADD_SIM_TEST ("/slices/discovery/extra-line", test_discovery_extra_line);
  ADD_SIM_TEST ("/slices/discovery/render-node", test_discovery_render_node);
  ADD_SIM_TEST ("/slices/discovery/no-drm", test_discovery_no_drm);
  ADD_SIM_TEST ("/slices/discovery/two-gpus", test_discovery_two_gpus);
  g_test_add_func ("/slices/discovery/hand-built", test_discovery_hand_built);
  g_test_add_func ("/slices/discovery/malformed", test_discovery_malformed);
  g_test_add_func ("/slices/discovery/missing-root", test_discovery_missing_root);
  g_test_add_func ("/slices/discovery/read-line", test_discovery_read_line);
  g_test_add_func ("/slices/discovery/product-name", test_discovery_product_name);

  return g_test_run ();
}
