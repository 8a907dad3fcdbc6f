/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup's groups: see slices-setup-groups.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-check-row.h"
#include "slices-setup-groups.h"

static const struct {
  const char       *id;
  SlicesSetupGroup  group;
} check_groups[] = {
  { SLICES_CHECK_GPU_GENERATION, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_SRIOV_DRIVER, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_SRIOV_VFS_LIMIT, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_SRIOV_GUC, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_SRIOV_HOST_BINDING, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_GVT_PARAMETER, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_GUC_SUBMISSION, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_KVMGT_MODULE, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_SLICE_TYPES, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_ROOM, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_RENDER_NODE, SLICES_SETUP_GROUP_GPU },
  { SLICES_CHECK_SRIOV_GUEST_DRIVER, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_VFIO_MODULES, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_IOMMU, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_LIBVIRT, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_VM_SLICES, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_VM_RECIPE, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_QEMU_SANDBOX, SLICES_SETUP_GROUP_VMS },
  { SLICES_CHECK_LOOKING_GLASS_SHM, SLICES_SETUP_GROUP_LOOKING_GLASS },
  { SLICES_CHECK_POLKIT_AGENT, SLICES_SETUP_GROUP_COMPUTER },
  { SLICES_CHECK_PERSISTENCE, SLICES_SETUP_GROUP_COMPUTER },
};

SlicesSetupGroup
slices_setup_group_for_check (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (check_groups); i++)
    if (g_strcmp0 (check_groups[i].id, id) == 0)
      return check_groups[i].group;
  return SLICES_SETUP_GROUP_COMPUTER;
}

const char *
slices_setup_group_get_title (SlicesSetupGroup group)
{
  switch (group)
    {
    case SLICES_SETUP_GROUP_GPU:
      return _("This GPU");
    case SLICES_SETUP_GROUP_VMS:
      return _("Virtual Machines");
    case SLICES_SETUP_GROUP_LOOKING_GLASS:
      /* TRANSLATORS: the name of a program that shows a VM's picture */
      return _("Looking Glass");
    case SLICES_SETUP_GROUP_COMPUTER:
    case SLICES_SETUP_N_GROUPS:
    default:
      return _("This Computer");
    }
}

const char *
slices_setup_group_get_description (SlicesSetupGroup group)
{
  switch (group)
    {
    case SLICES_SETUP_GROUP_GPU:
      return _("Its driver and the kernel’s settings, which decide whether it can make slices.");
    case SLICES_SETUP_GROUP_VMS:
      return _("What giving a slice to a virtual machine needs, on the host and in the guest.");
    case SLICES_SETUP_GROUP_LOOKING_GLASS:
      return _("A virtual function has no display: Looking Glass shows its picture here.");
    case SLICES_SETUP_GROUP_COMPUTER:
    case SLICES_SETUP_N_GROUPS:
    default:
      return _("Changing slices with your password, and keeping them after a restart.");
    }
}

char *
slices_setup_dup_blocked_note (SlicesDoctor *doctor,
                               const char   *id)
{
  GListModel *checks = slices_doctor_get_checks (doctor);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (checks, i);

      if (g_strcmp0 (slices_check_get_blocked_by (check), id) == 0)
        g_ptr_array_add (names,
                         (char *) slices_check_row_get_check_name (slices_check_get_id (check)));
    }
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: the separator of a list of check names */
  list = g_strjoinv (_(", "), (char **) names->pdata);
  /* TRANSLATORS: %s is a list of check names, "GVT-g Kernel Parameter, GuC Submission, …" */
  return g_strdup_printf (_("Everything else about the GPU follows from this, and is checked "
                            "once it is solved: %s."), list);
}
