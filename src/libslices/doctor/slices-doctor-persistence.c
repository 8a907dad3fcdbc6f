/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The persistence check: which slices vanish at the next restart. On NixOS the configuration
 * keeps slices (the fix is the snippet); elsewhere mdevctl does, and what it keeps is the
 * table of writers/slices-mdevctl.h, given to the doctor or listed by its run.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "slices-doctor-private.h"
#include "slices-slice.h"

/* The slices of the last run that @defined does not keep (SlicesSlice). */
static GPtrArray *
find_loose_slices (SlicesDoctor *self,
                   GHashTable   *defined)
{
  GPtrArray *loose = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->gpus->len; i++)
    {
      GListModel *slices = slices_gpu_get_slices (g_ptr_array_index (self->gpus, i));

      for (guint j = 0; j < g_list_model_get_n_items (slices); j++)
        {
          g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, j);

          if (!g_hash_table_contains (defined, slices_slice_get_uuid (slice)))
            g_ptr_array_add (loose, g_steal_pointer (&slice));
        }
    }
  return loose;
}

static void
check_persistence_nixos (SlicesDoctorRun *run,
                         guint            n_slices)
{
  g_autofree char *title = NULL;
  g_autofree char *snippet = NULL;
  SlicesCheck *check;

  if (n_slices == 0)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK,
                                   _("No slices to keep yet"),
                                   _("On NixOS slices are kept through virtualisation.kvmgt in "
                                     "the system configuration."));
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u slice will vanish at restart unless it is in "
                                        "your NixOS configuration",
                                        "%u slices will vanish at restart unless they are "
                                        "in your NixOS configuration", n_slices),
                           n_slices);
  check = slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE,
                                       SLICES_CHECK_STATUS_WARNING, title,
                                       _("The kernel forgets slices at every restart. On NixOS "
                                         "virtualisation.kvmgt.vgpus creates them again at boot: "
                                         "add these lines to /etc/nixos/configuration.nix, then "
                                         "run sudo nixos-rebuild switch."));
  snippet = slices_doctor_dup_nixos_snippet_for_run (run->doctor, run->guc_failed);
  slices_check_add_fix (check, SLICES_FIX_COMMAND, snippet, _("NixOS configuration"));
}

void
slices_doctor_check_persistence (SlicesDoctorRun *run)
{
  SlicesDoctor *self = run->doctor;
  g_autoptr(GPtrArray) loose = NULL;
  g_autoptr(GString) commands = NULL;
  g_autofree char *title = NULL;
  guint n_slices = slices_doctor_count_slices (self);
  gboolean installed;
  SlicesCheck *check;

  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      check_persistence_nixos (run, n_slices);
      return;
    }

  installed = self->mdevctl_path != NULL &&
              g_file_test (self->mdevctl_path, G_FILE_TEST_IS_EXECUTABLE) &&
              !g_file_test (self->mdevctl_path, G_FILE_TEST_IS_DIR);
  if (!installed)
    {
      check = slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE,
                                           SLICES_CHECK_STATUS_WARNING,
                                           n_slices > 0 ? _("Slices will vanish at restart: "
                                                            "mdevctl is not installed")
                                                        : _("mdevctl is not installed"),
                                           _("The kernel forgets slices at every restart. mdevctl "
                                             "keeps their definitions and creates them again when "
                                             "the GPU appears; without it “Keep after restart” "
                                             "is not available."));
      slices_doctor_add_package_fixes (check, self->distro, "mdevctl", "mdevctl", NULL, NULL,
                                       "https://github.com/mdevctl/mdevctl");
      return;
    }

  if (n_slices == 0)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK,
                                   _("mdevctl is installed"),
                                   _("Slices can be kept after restart."));
      return;
    }

  if (self->mdevctl_defined == NULL)
    {
      slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_UNKNOWN,
                                   _("Cannot tell which slices are kept after restart"),
                                   _("mdevctl’s list of defined slices could not be read."));
      return;
    }

  loose = find_loose_slices (self, self->mdevctl_defined);
  if (loose->len == 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The slice is kept after restart",
                                            "All %u slices are kept after restart", n_slices),
                               n_slices);
      slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK, title,
                                   _("mdevctl creates them again when the GPU appears."));
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u slice will vanish at restart",
                                        "%u slices will vanish at restart", loose->len),
                           loose->len);
  check = slices_doctor_run_add_check (run, SLICES_CHECK_PERSISTENCE,
                                       SLICES_CHECK_STATUS_WARNING, title,
                                       _("The kernel forgets slices at every restart. Turn on "
                                         "“Keep after restart” for them, so that mdevctl creates "
                                         "them again at boot."));
  slices_check_add_fix (check, SLICES_FIX_ACTION, SLICES_FIX_ACTION_PERSIST_SLICES,
                        _("Keep all after restart"));

  commands = g_string_new (NULL);
  for (guint i = 0; i < loose->len; i++)
    {
      SlicesSlice *slice = g_ptr_array_index (loose, i);

      g_string_append_printf (commands, "%ssudo mdevctl define --uuid %s --parent %s "
                              "--type %s --auto",
                              i > 0 ? "\n" : "", slices_slice_get_uuid (slice),
                              slices_slice_get_gpu_address (slice),
                              slices_slice_get_type_id (slice));
    }
  slices_check_add_fix (check, SLICES_FIX_COMMAND, commands->str, _("In a terminal"));
}
