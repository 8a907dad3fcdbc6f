/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks on the virtual machines' definitions. The doctor never reads them: the caller's
 * vm/ layer does (with the connection's libvirt version) and hands over what it found.
 *
 *   vm-recipe   a VM set up with the old `-set device.hostdev0…` recipe, which libvirt 7.9
 *               and newer cannot start: error, each VM named, with `slicectl repair`.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"

void
slices_doctor_vm_recipe_free (gpointer data)
{
  SlicesDoctorVmRecipe *vm = data;

  g_free ((char *) vm->domain);
  g_free ((char *) vm->problem);
  g_free (vm);
}

void
slices_doctor_set_vm_recipes (SlicesDoctor               *self,
                              gboolean                    known,
                              const SlicesDoctorVmRecipe *vms,
                              guint                       n_vms)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));
  g_return_if_fail (vms != NULL || n_vms == 0);

  g_clear_pointer (&self->vm_recipes, g_ptr_array_unref);
  if (!known)
    return;

  self->vm_recipes = g_ptr_array_new_with_free_func (slices_doctor_vm_recipe_free);
  for (guint i = 0; i < n_vms; i++)
    {
      SlicesDoctorVmRecipe *copy = g_new0 (SlicesDoctorVmRecipe, 1);

      copy->domain = g_strdup (vms[i].domain);
      copy->broken = vms[i].broken;
      copy->problem = g_strdup (vms[i].problem);
      g_ptr_array_add (self->vm_recipes, copy);
    }
}

void
slices_doctor_check_vm_recipe (SlicesDoctorRun *run)
{
  GPtrArray *vms = run->doctor->vm_recipes;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) detail = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *title = NULL;
  gboolean broken = FALSE;
  SlicesCheck *check;

  if (vms == NULL)
    return;
  if (vms->len == 0)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_VM_RECIPE, SLICES_CHECK_STATUS_OK,
                                   _("No virtual machine uses the old GVT-g recipe"),
                                   _("No definition passes “-set device.…” arguments that "
                                     "this libvirt cannot deliver to QEMU."));
      return;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  detail = g_string_new (NULL);
  for (guint i = 0; i < vms->len; i++)
    {
      SlicesDoctorVmRecipe *vm = vms->pdata[i];

      broken = broken || vm->broken;
      g_ptr_array_add (names, g_strdup_printf ("“%s”", vm->domain));
      if (detail->len > 0)
        g_string_append_c (detail, ' ');
      /* TRANSLATORS: %s is a VM name, then a sentence saying what is wrong with it */
      g_string_append_printf (detail, _("%s: %s"), vm->domain, vm->problem);
    }
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  if (broken)
    /* TRANSLATORS: %s is a list of VM names in quotes */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s cannot start: the old GVT-g recipe",
                                          "%s cannot start: the old GVT-g recipe", vms->len),
                             joined);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s does not get all its GVT-g settings",
                                          "%s do not get all their GVT-g settings", vms->len),
                             joined);
  g_string_append (detail, " ");
  g_string_append (detail, _("Repair rewrites the definition into the form this libvirt "
                             "needs, keeping every setting that can work; it shows the change "
                             "first and can be undone."));

  check = slices_doctor_run_add_check (run, SLICES_CHECK_VM_RECIPE,
                                       broken ? SLICES_CHECK_STATUS_ERROR
                                              : SLICES_CHECK_STATUS_WARNING,
                                       title, detail->str);
  slices_check_add_fix (check, SLICES_FIX_ACTION, SLICES_FIX_ACTION_REPAIR_VMS, _("Repair"));
  for (guint i = 0; i < vms->len; i++)
    {
      SlicesDoctorVmRecipe *vm = vms->pdata[i];
      g_autofree char *quoted = g_shell_quote (vm->domain);
      g_autofree char *command = g_strdup_printf ("slicectl repair --domain %s", quoted);

      slices_check_add_fix (check, SLICES_FIX_COMMAND, command, NULL);
    }
}
