/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a GPU offers and why it offers no slices, worded once. The reason is one sentence for
 * the window and `slicectl list`; the title and detail are the doctor's gpu-generation check.
 * All of it follows from three facts of the model: the platform (from the device id), what it
 * supports, and whether the GPU lists slice types.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-gpu.h"
#include "slices-gpu-support.h"
#include "slices-platform.h"

#define PCI_CLASS_DISPLAY 0x03

const char *
slices_gvt_support_to_id (SlicesGvtSupport support)
{
  switch (support)
    {
    case SLICES_GVT_SUPPORT_GVT_G:
      return "gvt-g";
    case SLICES_GVT_SUPPORT_NONE:
      return "none";
    case SLICES_GVT_SUPPORT_SRIOV:
      return "sriov";
    case SLICES_GVT_SUPPORT_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
slices_gpu_is_intel_display (SlicesGpu *gpu)
{
  g_return_val_if_fail (SLICES_IS_GPU (gpu), FALSE);

  return slices_gpu_get_vendor_id (gpu) == SLICES_PCI_VENDOR_INTEL &&
         (slices_gpu_get_pci_class (gpu) >> 16) == PCI_CLASS_DISPLAY;
}

gboolean
slices_gpu_support_offers_gvt (SlicesGpu *gpu)
{
  g_return_val_if_fail (SLICES_IS_GPU (gpu), FALSE);

  return g_list_model_get_n_items (slices_gpu_get_types (gpu)) > 0 ||
         slices_gpu_get_gvt_support (gpu) == SLICES_GVT_SUPPORT_GVT_G;
}

char *
slices_gpu_support_dup_name (SlicesGpu *gpu)
{
  const char *platform;

  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);

  platform = slices_gpu_get_platform (gpu);
  if (platform != NULL)
    /* TRANSLATORS: %s is a platform such as "Kaby Lake", then a PCI address */
    return g_strdup_printf (_("Intel %s GPU (%s)"), platform, slices_gpu_get_address (gpu));
  /* TRANSLATORS: %04x is a PCI device id, %s a PCI address */
  return g_strdup_printf (_("Intel GPU 0x%04x (%s)"), slices_gpu_get_device_id (gpu),
                          slices_gpu_get_address (gpu));
}

char *
slices_gpu_support_dup_reason (SlicesGpu *gpu)
{
  const char *platform;

  g_return_val_if_fail (gpu == NULL || SLICES_IS_GPU (gpu), NULL);

  if (gpu == NULL)
    return g_strdup (_("This computer has no Intel graphics, which GVT-g needs."));

  platform = slices_gpu_get_platform (gpu);
  switch (slices_gpu_get_gvt_support (gpu))
    {
    case SLICES_GVT_SUPPORT_GVT_G:
      if (platform == NULL)
        return g_strdup (_("GVT-g is not enabled for this Intel GPU: it needs the kernel "
                           "parameter i915.enable_gvt=1 and the kvmgt module."));
      /* TRANSLATORS: %s is a platform such as "Kaby Lake" */
      return g_strdup_printf (_("GVT-g is not enabled for the %s graphics: it needs the "
                                "kernel parameter i915.enable_gvt=1 and the kvmgt module."),
                              platform);
    case SLICES_GVT_SUPPORT_NONE:
      if (platform == NULL)
        return g_strdup (_("This Intel GPU does not support GVT-g."));
      /* TRANSLATORS: %s is a platform such as "Ice Lake" */
      return g_strdup_printf (_("%s graphics do not support GVT-g."), platform);
    case SLICES_GVT_SUPPORT_SRIOV:
      if (platform == NULL)
        return g_strdup (_("This Intel GPU does not support GVT-g: it shares the GPU through "
                           "SR-IOV instead."));
      /* TRANSLATORS: %s is a platform such as "Tiger Lake" */
      return g_strdup_printf (_("%s graphics do not support GVT-g: they share the GPU "
                                "through SR-IOV instead."),
                              platform);
    case SLICES_GVT_SUPPORT_UNKNOWN:
    default:
      return g_strdup (_("This Intel GPU’s generation is not one that supports GVT-g "
                         "(Broadwell to Comet Lake)."));
    }
}

char *
slices_gpu_support_dup_title (SlicesGpu *gpu)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (gpu == NULL || SLICES_IS_GPU (gpu), NULL);

  if (gpu == NULL)
    return g_strdup (_("No Intel GPU found"));

  name = slices_gpu_support_dup_name (gpu);
  if (slices_gpu_support_offers_gvt (gpu))
    /* TRANSLATORS: %s is e.g. "Intel Kaby Lake GPU (0000:00:02.0)" */
    return g_strdup_printf (_("%s supports GVT-g"), name);

  switch (slices_gpu_get_gvt_support (gpu))
    {
    case SLICES_GVT_SUPPORT_SRIOV:
      /* TRANSLATORS: %s is e.g. "Intel Panther Lake GPU (0000:00:02.0)" */
      return g_strdup_printf (_("%s supports SR-IOV"), name);
    case SLICES_GVT_SUPPORT_NONE:
      /* TRANSLATORS: %s is e.g. "Intel Ice Lake GPU (0000:00:02.0)" */
      return g_strdup_printf (_("%s supports neither GVT-g nor SR-IOV"), name);
    case SLICES_GVT_SUPPORT_UNKNOWN:
    case SLICES_GVT_SUPPORT_GVT_G:
    default:
      /* TRANSLATORS: %s is e.g. "Intel GPU 0x1234 (0000:00:02.0)" */
      return g_strdup_printf (_("%s is not a known GVT-g platform"), name);
    }
}

char *
slices_gpu_support_dup_detail (SlicesGpu  *gpu,
                               const char *others)
{
  g_return_val_if_fail (gpu == NULL || SLICES_IS_GPU (gpu), NULL);

  if (gpu == NULL)
    return g_strdup (_("GPU Slices shares Intel graphics: Broadwell to Comet Lake (5th to 10th "
                       "generation Core processors) as GVT-g slices, Tiger Lake and newer and "
                       "Battlemage cards as SR-IOV virtual functions. No Intel display device is "
                       "on the PCI bus of this computer."));

  if (slices_gpu_support_offers_gvt (gpu))
    {
      if (others != NULL && *others != '\0')
        /* TRANSLATORS: %s is a list of GPUs */
        return g_strdup_printf (_("Its graphics can be shared with virtual machines as GVT-g "
                                  "slices. Not this way: %s."), others);
      return g_strdup (_("Its graphics can be shared with virtual machines as GVT-g slices."));
    }

  switch (slices_gpu_get_gvt_support (gpu))
    {
    case SLICES_GVT_SUPPORT_SRIOV:
      return g_strdup (_("Gen12 graphics and newer (Tiger Lake, Alder Lake, Raptor Lake, Meteor "
                         "Lake and later) are shared with virtual machines through SR-IOV virtual "
                         "functions (the xe driver, or the out-of-tree i915-sriov-dkms module), "
                         "not through GVT-g slices. “slicectl set-vfs” sets how many this GPU "
                         "makes, and “slicectl doctor” says whether its driver can."));
    case SLICES_GVT_SUPPORT_NONE:
      return g_strdup (_("GVT-g ends with Comet Lake graphics, and SR-IOV starts with Gen12 (Tiger "
                         "Lake). Gemini Lake, Ice Lake (Gen11, sold as some 10th generation Core "
                         "processors), Elkhart Lake and Jasper Lake graphics have neither, so "
                         "this GPU cannot be shared with virtual machines. The platform decides, "
                         "not the processor’s generation number: 10th generation Core processors "
                         "with Comet Lake graphics do support GVT-g."));
    case SLICES_GVT_SUPPORT_UNKNOWN:
    case SLICES_GVT_SUPPORT_GVT_G:
    default:
      return g_strdup (_("GVT-g works on Broadwell, Skylake, Kaby Lake, Broxton, Coffee Lake and "
                         "Comet Lake graphics. This device id is not in GPU Slices’ table, so it "
                         "probably cannot be shared this way."));
    }
}
