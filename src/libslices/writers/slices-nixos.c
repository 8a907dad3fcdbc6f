/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NixOS configuration text for the slices that exist now. Owns Nix string escaping and the
 * order of the lines (stable, so that the snippet does not change between two runs).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "slices-nixos.h"
#include "slices-vfs.h"

static const char * const nix_keywords[] = {
  "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with", NULL,
};

static gboolean
is_nix_identifier (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (*name) || *name == '_'))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '\'' || *p == '-'))
        return FALSE;
    }
  return !g_strv_contains (nix_keywords, name);
}

char *
slices_nix_string (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '$':
          /* Only "${" starts an interpolation; escaping every '$' keeps it simple. */
          if (p[1] == '{')
            g_string_append (out, "\\$");
          else
            g_string_append_c (out, '$');
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

char *
slices_nix_attr_name (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (is_nix_identifier (name))
    return g_strdup (name);
  return slices_nix_string (name);
}

/* Comments come from translations: keep each on one line so that it stays a comment. */
static void
append_comment (GString    *out,
                const char *text)
{
  g_autofree char *line = g_strdup (text);

  g_strdelimit (line, "\r\n", ' ');
  g_string_append_printf (out, "# %s\n", line);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The lines every snippet ends with. */
static void
append_libvirtd (GString    *out,
                 const char *user_name)
{
  g_string_append (out, "virtualisation.libvirtd.enable = true;\n");

  if (user_name != NULL && *user_name != '\0')
    {
      g_autofree char *attr = slices_nix_attr_name (user_name);

      g_string_append_printf (out, "users.users.%s.extraGroups = [ \"libvirtd\" ];\n", attr);
    }
}

char *
slices_nixos_snippet (const char             *gpu_address,
                      const SlicesNixosSlice *slices,
                      gsize                   n_slices,
                      gboolean                guc_failed,
                      const char             *user_name)
{
  g_autoptr(GHashTable) by_type = NULL;   /* type id → GPtrArray of lowercase uuids */
  g_autoptr(GPtrArray) type_ids = NULL;
  g_autoptr(GPtrArray) other_gpus = NULL;
  GString *out;
  const char *device;

  g_return_val_if_fail (slices != NULL || n_slices == 0, NULL);

  device = gpu_address;
  if (device == NULL && n_slices > 0)
    device = slices[0].gpu_address;
  if (device == NULL)
    device = SLICES_NIXOS_DEFAULT_DEVICE;

  by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  type_ids = g_ptr_array_new ();
  other_gpus = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < n_slices; i++)
    {
      const SlicesNixosSlice *slice = &slices[i];
      GPtrArray *uuids;

      if (slice->type_id == NULL || slice->uuid == NULL)
        continue;
      if (slice->gpu_address != NULL && g_ascii_strcasecmp (slice->gpu_address, device) != 0)
        {
          if (!g_ptr_array_find_with_equal_func (other_gpus, slice->gpu_address,
                                                 g_str_equal, NULL))
            g_ptr_array_add (other_gpus, g_strdup (slice->gpu_address));
          continue;
        }

      uuids = g_hash_table_lookup (by_type, slice->type_id);
      if (uuids == NULL)
        {
          char *key = g_strdup (slice->type_id);

          uuids = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (by_type, key, uuids);
          g_ptr_array_add (type_ids, key);
        }
      g_ptr_array_add (uuids, g_ascii_strdown (slice->uuid, -1));
    }

  g_ptr_array_sort (type_ids, compare_strings);

  out = g_string_new (NULL);
  /* TRANSLATORS: a comment at the top of a NixOS configuration snippet */
  append_comment (out, _("GPU Slices: add these lines inside the { ... } of "
                         "/etc/nixos/configuration.nix, then run: sudo nixos-rebuild switch"));
  g_string_append (out, "virtualisation.kvmgt.enable = true;\n");

  if (g_ascii_strcasecmp (device, SLICES_NIXOS_DEFAULT_DEVICE) != 0)
    {
      g_autofree char *value = slices_nix_string (device);

      g_string_append_printf (out, "virtualisation.kvmgt.device = %s;\n", value);
    }

  if (type_ids->len == 0)
    {
      /* TRANSLATORS: a comment in a NixOS configuration snippet */
      append_comment (out, _("No slices exist yet: create some, then come back for their lines."));
    }

  for (guint i = 0; i < type_ids->len; i++)
    {
      const char *type_id = g_ptr_array_index (type_ids, i);
      GPtrArray *uuids = g_hash_table_lookup (by_type, type_id);
      g_autofree char *name = slices_nix_string (type_id);

      g_ptr_array_sort (uuids, compare_strings);
      g_string_append_printf (out, "virtualisation.kvmgt.vgpus.%s.uuid = [", name);
      for (guint j = 0; j < uuids->len; j++)
        {
          g_autofree char *value = slices_nix_string (g_ptr_array_index (uuids, j));

          g_string_append_printf (out, " %s", value);
        }
      g_string_append (out, " ];\n");
    }

  for (guint i = 0; i < other_gpus->len; i++)
    {
      g_autofree char *note = NULL;

      /* TRANSLATORS: a comment in a NixOS configuration snippet; %s is a PCI address */
      note = g_strdup_printf (_("Slices on GPU %s are not included: "
                                "virtualisation.kvmgt configures one GPU."),
                              (const char *) g_ptr_array_index (other_gpus, i));
      append_comment (out, note);
    }

  if (guc_failed)
    {
      /* TRANSLATORS: a comment in a NixOS configuration snippet */
      append_comment (out, _("GuC submission blocks GVT-g: load only HuC firmware."));
      g_string_append (out, "boot.extraModprobeConfig = \"options i915 enable_guc=2\";\n");
    }

  append_libvirtd (out, user_name);
  return g_string_free (out, FALSE);
}

static void
add_parameter (GPtrArray  *parameters,
               char       *parameter)
{
  if (g_ptr_array_find_with_equal_func (parameters, parameter, g_str_equal, NULL))
    g_free (parameter);
  else
    g_ptr_array_add (parameters, parameter);
}

char *
slices_nixos_sriov_snippet (const SlicesNixosSriovGpu *gpus,
                            gsize                      n_gpus,
                            const char                *user_name)
{
  g_autoptr(GPtrArray) parameters = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) rules = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (gpus != NULL || n_gpus == 0, NULL);

  append_comment (out, _("GPU Slices: add these lines inside the { ... } of "
                         "/etc/nixos/configuration.nix, then run: sudo nixos-rebuild switch"));
  add_parameter (parameters, g_strdup ("intel_iommu=on"));
  for (gsize i = 0; i < n_gpus; i++)
    {
      const SlicesNixosSriovGpu *gpu = &gpus[i];

      if (g_strcmp0 (gpu->driver, "i915") == 0)
        {
          add_parameter (parameters, g_strdup ("i915.enable_guc=3"));
          add_parameter (parameters, g_strdup ("i915.max_vfs=7"));
          add_parameter (parameters, g_strdup ("module_blacklist=xe"));
        }
      else if (gpu->force_probe)
        {
          add_parameter (parameters, g_strdup_printf ("xe.force_probe=%04x", gpu->device_id));
          add_parameter (parameters, g_strdup_printf ("i915.force_probe=!%04x", gpu->device_id));
        }

      if (gpu->count == 0)
        {
          g_autofree char *note = NULL;

          /* TRANSLATORS: a comment in a NixOS configuration snippet; %s is a PCI address */
          note = g_strdup_printf (_("GPU %s has no virtual functions yet: make some with "
                                    "slicectl set-vfs, then come back for its rule."),
                                  gpu->gpu_address);
          append_comment (out, note);
        }
      else
        {
          g_autofree char *rule = slices_vfs_udev_rule (gpu->gpu_address, gpu->driver,
                                                        gpu->count);

          g_string_append (rules, rule);
        }
    }

  if (rules->len > 0)
    {
      g_autofree char *value = slices_nix_string (rules->str);

      g_string_append_printf (out, "services.udev.extraRules = %s;\n", value);
    }
  g_string_append (out, "boot.kernelParams = [");
  for (guint i = 0; i < parameters->len; i++)
    {
      g_autofree char *value = slices_nix_string (g_ptr_array_index (parameters, i));

      g_string_append_printf (out, " %s", value);
    }
  g_string_append (out, " ];\n");
  append_libvirtd (out, user_name);

  return g_string_free (out, FALSE);
}

char *
slices_nixos_wrap_module (const char *snippet)
{
  g_autoptr(GString) out = g_string_new ("{\n");
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (snippet != NULL, NULL);

  lines = g_strsplit (snippet, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0')
        g_string_append_printf (out, "  %s\n", lines[i]);
    }
  g_string_append (out, "}\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
