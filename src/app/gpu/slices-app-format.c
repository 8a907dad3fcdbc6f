/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words for people about slice types and slices: see slices-app-format.h.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "libslices-base.h"
#include "libslices-model.h"

#include "slices-app-format.h"

char *
slices_format_resolution (SlicesSliceType *type)
{
  int width = slices_slice_type_get_width (type);
  int height = slices_slice_type_get_height (type);

  if (width <= 0 || height <= 0)
    return g_strdup (_("Unknown resolution"));

  /* TRANSLATORS: a screen resolution, width × height in pixels */
  return g_strdup_printf (_("%d × %d"), width, height);
}

char *
slices_format_type_text (SlicesSliceType *type,
                         const char      *fallback)
{
  g_autofree char *resolution = NULL;

  if (type == NULL)
    return g_strdup (fallback != NULL ? fallback : _("Unknown type"));
  resolution = slices_format_resolution (type);
  /* TRANSLATORS: a slice's type: its resolution and the kernel's type name */
  return g_strdup_printf (_("%s (%s)"), resolution, slices_slice_type_get_name (type));
}

char *
slices_format_share (SlicesSliceType *type)
{
  return slices_slice_type_dup_share_text (type);
}

char *
slices_format_memory (SlicesSliceType *type)
{
  return slices_slice_type_dup_memory_text (type);
}

char *
slices_format_type_summary (SlicesSliceType *type)
{
  g_autofree char *memory = slices_format_memory (type);
  g_autofree char *share = slices_format_share (type);

  if (memory != NULL && share != NULL)
    /* TRANSLATORS: joins "640 MB graphics memory (128 MB CPU-visible)" and "1/4 share of GPU
     * time" */
    return g_strdup_printf (_("%s · %s"), memory, share);
  if (memory != NULL)
    return g_steal_pointer (&memory);
  if (share != NULL)
    return g_steal_pointer (&share);
  return g_strdup ("");
}

char *
slices_format_type_choice (SlicesSliceType *type)
{
  g_autofree char *resolution = slices_format_resolution (type);
  g_autofree char *summary = slices_format_type_summary (type);

  if (*summary == '\0')
    return g_steal_pointer (&resolution);
  /* TRANSLATORS: joins a resolution and the type's memory and share */
  return g_strdup_printf (_("%s · %s"), resolution, summary);
}

char *
slices_format_available (int available)
{
  if (available < 0)
    /* TRANSLATORS: the kernel does not say how many more slices of this type fit */
    return g_strdup (C_("slice type", "Unknown"));
  if (available == 0)
    /* TRANSLATORS: no more slices of this type fit on the GPU */
    return g_strdup (C_("slice type", "Full"));

  /* TRANSLATORS: how many more slices of this type fit on the GPU */
  return g_strdup_printf (ngettext ("%d available", "%d available", available), available);
}

char *
slices_format_full_reason (SlicesGpu *gpu, SlicesSliceType *type)
{
  g_autoptr(SlicesCapacity) capacity = NULL;

  if (slices_slice_type_get_available (type) != 0)
    return NULL;

  /* The GPU's own cause, worded once for all its types. */
  capacity = slices_capacity_new (gpu);
  if (slices_capacity_is_full (capacity))
    return slices_capacity_dup_summary (capacity, NULL);

  return g_strdup (_("This type needs more room than is left on the GPU; smaller types still "
                     "fit."));
}

char *
slices_format_slice_title (const char *uuid,
                           const char *vm_name)
{
  if (vm_name != NULL)
    /* TRANSLATORS: a slice named by the VM whose definition holds it */
    return g_strdup_printf (_("%s’s slice"), vm_name);
  return slices_format_short_uuid (uuid);
}

char **
slices_format_capacity_names (const SlicesCapacity *capacity,
                              SlicesVmTracker      *vms)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  for (guint i = 0; i < capacity->slices->len; i++)
    {
      const char *uuid = slices_slice_get_uuid (g_ptr_array_index (capacity->slices, i));
      const SlicesDomainInfo *user = vms != NULL ? slices_vm_tracker_find_user (vms, uuid) : NULL;
      g_autofree char *title = slices_format_slice_title (uuid, user != NULL ? user->name : NULL);

      g_strv_builder_add (builder, title);
    }
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

char *
slices_format_short_uuid (const char *uuid)
{
  /* An SR-IOV VF is named by its whole PCI address. */
  if (uuid != NULL && slices_pci_address_is_valid (uuid))
    return g_strdup (uuid);
  return g_strndup (uuid, 8);
}

char *
slices_format_unbreakable (const char *name)
{
  g_autoptr(GString) text = g_string_new (name != NULL ? name : "");

  /* U+2011 NON-BREAKING HYPHEN: looks like "-", but Pango never breaks a line after it. */
  g_string_replace (text, "-", "\u2011", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "GPU time: 20 ms turns, preempted after 500 µs" from xe's sriov_admin profile. */
char *
slices_format_vf_gpu_time (SlicesVf *vf)
{
  gint64 quantum = slices_vf_get_exec_quantum_ms (vf);
  gint64 preempt = slices_vf_get_preempt_timeout_us (vf);
  g_autofree char *turns = NULL;
  g_autofree char *preemption = NULL;

  if (!slices_vf_get_has_profile (vf) || quantum < 0)
    return NULL;
  if (quantum == 0)
    turns = g_strdup (_("no time limit"));
  else
    /* TRANSLATORS: how long a VF runs on the GPU before the next one's turn */
    turns = g_strdup_printf (_("%lld ms turns"), (long long) quantum);
  if (preempt > 0)
    /* TRANSLATORS: "GPU time: 20 ms turns, preempted after 500 µs" */
    return g_strdup_printf (_("GPU time: %s, preempted after %lld µs"), turns,
                            (long long) preempt);
  /* TRANSLATORS: "GPU time: 20 ms turns" or "GPU time: no time limit" */
  return g_strdup_printf (_("GPU time: %s"), turns);
}
