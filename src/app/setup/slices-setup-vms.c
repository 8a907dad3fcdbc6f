/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup's part in the old GVT-g recipe: see slices-setup-vms.h.
 */
#include "config.h"

#include "slices-setup-vms.h"

static gboolean
is_ready (SlicesVmTracker *vms)
{
  return vms != NULL && slices_vm_tracker_get_state (vms) == SLICES_VM_TRACKER_READY;
}

char *
slices_setup_vm_recipes_key (SlicesVmTracker *vms)
{
  GPtrArray *domains;
  GString *key;

  if (!is_ready (vms))
    return NULL;
  domains = slices_vm_tracker_get_domains (vms);
  key = g_string_new ("ready\n");
  for (guint i = 0; i < domains->len; i++)
    {
      const SlicesDomainInfo *info = domains->pdata[i];

      if (info->recipe != SLICES_RECIPE_OK)
        g_string_append_printf (key, "%s\t%d\t%s\n", info->name, info->recipe,
                                info->recipe_problem);
    }
  return g_string_free (key, FALSE);
}

void
slices_setup_feed_vm_slices (SlicesDoctor    *doctor,
                             SlicesVmTracker *vms,
                             SlicesHost      *host)
{
  g_autoptr(GHashTable) missing = NULL;

  g_return_if_fail (SLICES_IS_DOCTOR (doctor));

  if (host != NULL && is_ready (vms))
    missing = slices_domain_infos_find_missing_slices (slices_vm_tracker_get_domains (vms), host);
  slices_doctor_set_vm_missing_slices (doctor, missing);
}

gboolean
slices_setup_vm_recipes_changed (SlicesVmTracker *vms,
                                 const char      *key)
{
  g_autofree char *now = slices_setup_vm_recipes_key (vms);

  return g_strcmp0 (now, key) != 0;
}

char *
slices_setup_feed_vm_recipes (SlicesDoctor    *doctor,
                              SlicesVmTracker *vms)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (SlicesDoctorVmRecipe));
  GPtrArray *domains;

  g_return_val_if_fail (SLICES_IS_DOCTOR (doctor), NULL);

  if (!is_ready (vms))
    {
      slices_doctor_set_vm_recipes (doctor, FALSE, NULL, 0);
      return NULL;
    }
  domains = slices_vm_tracker_get_domains (vms);
  for (guint i = 0; i < domains->len; i++)
    {
      const SlicesDomainInfo *info = domains->pdata[i];
      SlicesDoctorVmRecipe vm = { info->name, info->recipe == SLICES_RECIPE_BROKEN,
                                  info->recipe_problem };

      if (info->recipe != SLICES_RECIPE_OK)
        g_array_append_val (found, vm);
    }
  slices_doctor_set_vm_recipes (doctor, TRUE, (SlicesDoctorVmRecipe *) (void *) found->data,
                                found->len);
  return slices_setup_vm_recipes_key (vms);
}

void
slices_setup_repair_first_vm (GtkWidget       *widget,
                              SlicesVmTracker *vms)
{
  GPtrArray *domains;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!is_ready (vms))
    return;
  domains = slices_vm_tracker_get_domains (vms);
  for (guint i = 0; i < domains->len; i++)
    {
      const SlicesDomainInfo *info = domains->pdata[i];

      if (info->recipe != SLICES_RECIPE_OK)
        {
          GtkRoot *root = gtk_widget_get_root (widget);
          GtkWindow *parent = NULL;

          if (GTK_IS_WINDOW (root))
            parent = gtk_window_get_transient_for (GTK_WINDOW (root));

          /* Check Setup is a window of its own, over the main window that has the action. */
          gtk_widget_activate_action (parent != NULL ? GTK_WIDGET (parent) : widget,
                                      "win.repair-vm", "s", info->name);
          return;
        }
    }
}

void
slices_setup_feed_vms (SlicesDoctor    *doctor,
                       SlicesVmTracker *vms,
                       SlicesHost      *host)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (SlicesDoctorVm));
  GPtrArray *domains;

  g_return_if_fail (SLICES_IS_DOCTOR (doctor));

  if (!is_ready (vms))
    {
      slices_doctor_set_vms (doctor, FALSE, NULL, 0);
      return;
    }
  domains = slices_vm_tracker_get_domains (vms);
  for (guint i = 0; i < domains->len; i++)
    {
      const SlicesDomainInfo *info = domains->pdata[i];
      /* What it asks for at its next start: the VF its definition names. */
      SlicesDoctorVm vm = { info->name,
                            host != NULL ? slices_domain_info_find_vf (info, host) : NULL,
                            info->looking_glass };

      if (vm.vf != NULL || vm.looking_glass)
        g_array_append_val (found, vm);
    }
  slices_doctor_set_vms (doctor, TRUE, (SlicesDoctorVm *) (void *) found->data, found->len);
}
