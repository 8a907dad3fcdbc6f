/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl list [--json]`: what the model holds, as tables for people or as the JSON contract
 * of the foundation issue for scripts (unknown values are null, never -1), with the SR-IOV
 * additions of issue 13: "technology" on every GPU, "sriov" and "vfs" on SR-IOV GPUs.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-base.h"
#include "libslices-model.h"

#include "slicectl.h"

/* Which slices come back after a restart (slicectl_dup_kept()), for the whole run. */
static GHashTable *kept_slices;

/* The model says "unknown" with -1; the JSON contract says it with null. gint64 so that it
 * takes the model's int and gint64 values alike. */
static void
add_number_or_null (SlicesJsonBuilder *builder,
                    const char        *member,
                    gint64             value)
{
  slices_json_builder_set_member_name (builder, member);
  if (value < 0)
    slices_json_builder_add_null_value (builder);
  else
    slices_json_builder_add_int_value (builder, value);
}

static void
add_string_or_null (SlicesJsonBuilder *builder,
                    const char        *member,
                    const char        *value)
{
  slices_json_builder_set_member_name (builder, member);
  if (value == NULL)
    slices_json_builder_add_null_value (builder);
  else
    slices_json_builder_add_string_value (builder, value);
}

static void
add_pci_id (SlicesJsonBuilder *builder,
            const char        *member,
            guint              id)
{
  g_autofree char *text = g_strdup_printf ("%04x", id);

  slices_json_builder_set_member_name (builder, member);
  slices_json_builder_add_string_value (builder, text);
}

static char *
dup_resolution (SlicesSliceType *type)
{
  int width = slices_slice_type_get_width (type);
  int height = slices_slice_type_get_height (type);

  if (width < 0 || height < 0)
    return NULL;

  return g_strdup_printf ("%dx%d", width, height);
}

static void
add_gpu_identity (SlicesJsonBuilder *builder,
                  SlicesGpu         *gpu)
{
  const char * const *nodes = slices_gpu_get_render_nodes (gpu);

  add_string_or_null (builder, "address", slices_gpu_get_address (gpu));
  add_pci_id (builder, "vendor_id", slices_gpu_get_vendor_id (gpu));
  add_pci_id (builder, "device_id", slices_gpu_get_device_id (gpu));
  add_string_or_null (builder, "driver", slices_gpu_get_driver (gpu));
  add_string_or_null (builder, "generation", slices_gpu_get_platform (gpu));
  add_string_or_null (builder, "product", slices_gpu_get_product_name (gpu));
  add_string_or_null (builder, "gvt_support",
                      slices_gvt_support_to_id (slices_gpu_get_gvt_support (gpu)));
  add_string_or_null (builder, "technology",
                      slices_technology_to_id (slices_gpu_get_technology (gpu)));

  slices_json_builder_set_member_name (builder, "render_nodes");
  slices_json_builder_begin_array (builder);
  for (gsize i = 0; nodes != NULL && nodes[i] != NULL; i++)
    slices_json_builder_add_string_value (builder, nodes[i]);
  slices_json_builder_end_array (builder);
}

/* Adds the object for one item of a list (a SlicesGpu, SlicesSliceType or SlicesSlice). */
typedef void (*AddObjectFunc) (SlicesJsonBuilder *builder,
                               gpointer           item);

/* @member: an array with one object per item of @model (NULL: none). */
static void
add_array (SlicesJsonBuilder *builder,
           const char        *member,
           GListModel        *model,
           AddObjectFunc      add_object)
{
  slices_json_builder_set_member_name (builder, member);
  slices_json_builder_begin_array (builder);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      add_object (builder, item);
    }
  slices_json_builder_end_array (builder);
}

static void
add_type (SlicesJsonBuilder *builder,
          gpointer           item)
{
  SlicesSliceType *type = item;
  g_autofree char *resolution = dup_resolution (type);

  slices_json_builder_begin_object (builder);
  add_string_or_null (builder, "id", slices_slice_type_get_id (type));
  add_string_or_null (builder, "name", slices_slice_type_get_name (type));
  add_string_or_null (builder, "resolution", resolution);
  add_number_or_null (builder, "width", slices_slice_type_get_width (type));
  add_number_or_null (builder, "height", slices_slice_type_get_height (type));
  add_number_or_null (builder, "low_gm_mb", slices_slice_type_get_low_gm_mb (type));
  add_number_or_null (builder, "high_gm_mb", slices_slice_type_get_high_gm_mb (type));
  add_number_or_null (builder, "fence", slices_slice_type_get_fence (type));
  add_number_or_null (builder, "weight", slices_slice_type_get_weight (type));
  add_number_or_null (builder, "available", slices_slice_type_get_available (type));
  add_string_or_null (builder, "device_api", slices_slice_type_get_device_api (type));
  add_string_or_null (builder, "description", slices_slice_type_get_description (type));
  slices_json_builder_end_object (builder);
}

static void
add_slice (SlicesJsonBuilder *builder,
           gpointer           item)
{
  SlicesSlice *slice = item;

  slices_json_builder_begin_object (builder);
  add_string_or_null (builder, "uuid", slices_slice_get_uuid (slice));
  add_string_or_null (builder, "type", slices_slice_get_type_id (slice));
  add_string_or_null (builder, "gpu", slices_slice_get_gpu_address (slice));
  add_string_or_null (builder, "driver", slices_slice_get_driver (slice));
  add_number_or_null (builder, "iommu_group", slices_slice_get_iommu_group (slice));
  slices_json_builder_set_member_name (builder, "persistent");
  slices_json_builder_add_boolean_value (builder,
                                  slicectl_is_kept (kept_slices, slices_slice_get_uuid (slice)));
  slices_json_builder_end_object (builder);
}

static void
add_vf (SlicesJsonBuilder *builder,
        gpointer           item)
{
  SlicesVf *vf = item;

  slices_json_builder_begin_object (builder);
  add_string_or_null (builder, "address", slices_vf_get_address (vf));
  slices_json_builder_set_member_name (builder, "index");
  slices_json_builder_add_int_value (builder, slices_vf_get_index (vf));
  add_string_or_null (builder, "driver", slices_vf_get_driver (vf));
  add_number_or_null (builder, "iommu_group", slices_vf_get_iommu_group (vf));
  if (slices_vf_get_render_node (vf) != NULL)
    add_string_or_null (builder, "render_node", slices_vf_get_render_node (vf));
  if (slices_vf_get_has_profile (vf))
    {
      slices_json_builder_set_member_name (builder, "profile");
      slices_json_builder_begin_object (builder);
      add_number_or_null (builder, "exec_quantum_ms", slices_vf_get_exec_quantum_ms (vf));
      add_number_or_null (builder, "preempt_timeout_us", slices_vf_get_preempt_timeout_us (vf));
      add_string_or_null (builder, "sched_priority", slices_vf_get_sched_priority (vf));
      slices_json_builder_end_object (builder);
    }
  slices_json_builder_end_object (builder);
}

static void
add_figure (SlicesJsonBuilder          *builder,
            const char                 *used_member,
            const char                 *free_member,
            const SlicesCapacityFigure *figure)
{
  slices_json_builder_set_member_name (builder, used_member);
  slices_json_builder_add_int_value (builder, figure->used);
  slices_json_builder_set_member_name (builder, free_member);
  if (figure->known)
    slices_json_builder_add_int_value (builder, figure->free_at_least);
  else
    slices_json_builder_add_null_value (builder);
}

/* The slice budget (slices-capacity.h): an addition to the contract, whose fields stay. What is
 * left is a lower bound ("free_at_least"), as the kernel shows no more. */
static void
add_capacity (SlicesJsonBuilder *builder,
              SlicesGpu         *gpu)
{
  g_autoptr(SlicesCapacity) capacity = slices_capacity_new (gpu);
  g_autofree char *summary = slices_capacity_dup_summary (capacity, NULL);
  const SlicesCapacityFigure *parts = capacity->parts;

  slices_json_builder_set_member_name (builder, "capacity");
  slices_json_builder_begin_object (builder);
  add_string_or_null (builder, "state", slices_capacity_state_to_id (capacity->state));
  slices_json_builder_set_member_name (builder, "used_fraction");
  if (capacity->fraction < 0)
    slices_json_builder_add_null_value (builder);
  else
    slices_json_builder_add_double_value (builder, capacity->fraction);
  add_string_or_null (builder, "limiting",
                      capacity->state == SLICES_CAPACITY_UNKNOWN
                        ? NULL : slices_capacity_part_to_id (capacity->limiting));
  add_number_or_null (builder, "max_available", capacity->max_available);
  add_figure (builder, "aperture_used_mb", "aperture_free_at_least_mb",
              &parts[SLICES_CAPACITY_PART_APERTURE]);
  add_figure (builder, "rest_used_mb", "rest_free_at_least_mb", &parts[SLICES_CAPACITY_PART_REST]);
  add_figure (builder, "fences_used", "fences_free_at_least",
              &parts[SLICES_CAPACITY_PART_FENCES]);
  slices_json_builder_set_member_name (builder, "max_slices");
  slices_json_builder_add_int_value (builder, SLICES_MAX_SLICES_PER_GPU);
  add_string_or_null (builder, "summary", summary);
  slices_json_builder_end_object (builder);
}

static void
add_sriov (SlicesJsonBuilder *builder,
           SlicesSriov       *sriov)
{
  slices_json_builder_set_member_name (builder, "sriov");
  slices_json_builder_begin_object (builder);
  add_string_or_null (builder, "driver", slices_sriov_get_driver (sriov));
  slices_json_builder_set_member_name (builder, "total_vfs");
  slices_json_builder_add_int_value (builder, slices_sriov_get_total_vfs (sriov));
  slices_json_builder_set_member_name (builder, "enabled_vfs");
  slices_json_builder_add_int_value (builder, slices_sriov_get_enabled_vfs (sriov));
  slices_json_builder_set_member_name (builder, "autoprobe");
  slices_json_builder_add_boolean_value (builder, slices_sriov_get_autoprobe (sriov));
  slices_json_builder_end_object (builder);

  add_array (builder, "vfs", slices_sriov_get_vfs (sriov), add_vf);
}

static void
add_gpu (SlicesJsonBuilder *builder,
         gpointer           item)
{
  SlicesGpu *gpu = item;

  slices_json_builder_begin_object (builder);
  add_gpu_identity (builder, gpu);
  add_array (builder, "types", slices_gpu_get_types (gpu), add_type);
  add_array (builder, "slices", slices_gpu_get_slices (gpu), add_slice);
  if (slices_gpu_get_sriov (gpu) != NULL)
    add_sriov (builder, slices_gpu_get_sriov (gpu));
  else
    add_capacity (builder, gpu);
  slices_json_builder_end_object (builder);
}

/* Not in the contract, but a script wants to know why "gpus" is empty. */
static void
add_inactive_gpu (SlicesJsonBuilder *builder,
                  gpointer           item)
{
  slices_json_builder_begin_object (builder);
  add_gpu_identity (builder, item);
  slices_json_builder_end_object (builder);
}

static void
print_json (SlicesHost *host)
{
  SlicesJsonBuilder *builder = slices_json_builder_new (TRUE);
  g_autofree char *text = NULL;

  slices_json_builder_begin_object (builder);
  add_array (builder, "gpus", slices_host_get_gpus (host), add_gpu);
  add_array (builder, "inactive_gpus", slices_host_get_inactive_gpus (host), add_inactive_gpu);
  slices_json_builder_end_object (builder);

  text = slices_json_builder_free_to_data (builder);
  g_print ("%s\n", text);
}

/* Rows of cells, printed with columns as wide as their widest cell (in characters). */
static void
print_table (GPtrArray *rows)
{
  g_autofree int *widths = NULL;
  guint n_columns = 0;

  for (guint r = 0; r < rows->len; r++)
    n_columns = MAX (n_columns, g_strv_length (g_ptr_array_index (rows, r)));

  widths = g_new0 (int, n_columns);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; cells[c] != NULL; c++)
        widths[c] = MAX (widths[c], (int) g_utf8_strlen (cells[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new ("  ");

      for (guint c = 0; cells[c] != NULL; c++)
        {
          g_string_append (line, cells[c]);
          if (cells[c + 1] != NULL)
            {
              for (int pad = g_utf8_strlen (cells[c], -1); pad < widths[c] + 2; pad++)
                g_string_append_c (line, ' ');
            }
        }
      g_print ("%s\n", line->str);
    }
}

/* A weight as the share it is of the 16 units GVT-g divides a GPU into: "1/8". */
static char *
share_fraction (int weight)
{
  int a = weight, b = 16;

  while (b != 0)
    {
      int t = a % b;

      a = b;
      b = t;
    }
  return g_strdup_printf ("%d/%d", weight / a, 16 / a);
}

/* "Kaby Lake, HD Graphics 620": the platform tells people whether GVT-g can work at all. */
static char *
dup_gpu_name (SlicesGpu *gpu)
{
  const char *platform = slices_gpu_get_platform (gpu);
  const char *product = slices_gpu_get_product_name (gpu);

  if (platform != NULL && product != NULL)
    return g_strdup_printf ("%s, %s", platform, product);
  if (platform != NULL || product != NULL)
    return g_strdup (platform != NULL ? platform : product);

  return slices_gpu_dup_display_name (gpu);
}

static char *
dup_gpu_title (SlicesGpu *gpu)
{
  const char * const *nodes = slices_gpu_get_render_nodes (gpu);
  const char *driver = slices_gpu_get_driver (gpu);
  g_autoptr(GString) title = g_string_new (slices_gpu_get_address (gpu));
  g_autofree char *name = dup_gpu_name (gpu);
  g_autofree char *joined_nodes = NULL;

  g_string_append_printf (title, "  %s", name);

  /* TRANSLATORS: the kernel driver of the GPU, e.g. "driver i915" */
  g_string_append_printf (title, "  (%s %s, ", _("driver"), driver != NULL ? driver : _("none"));
  if (nodes != NULL && nodes[0] != NULL)
    {
      joined_nodes = g_strjoinv (" ", (char **) nodes);
      g_string_append (title, joined_nodes);
    }
  else
    g_string_append (title, _("no render node"));
  g_string_append (title, ")");

  return g_string_free (g_steal_pointer (&title), FALSE);
}

/* An SR-IOV GPU: its VF count and each VF with the driver holding it. */
static void
print_sriov_gpu (SlicesGpu *gpu)
{
  SlicesSriov *sriov = slices_gpu_get_sriov (gpu);
  GListModel *vfs = slices_sriov_get_vfs (sriov);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *title = dup_gpu_title (gpu);
  g_autofree char *summary = NULL;

  g_print ("%s\n\n", title);
  if (slices_sriov_get_autoprobe (sriov))
    /* TRANSLATORS: "SR-IOV: 3 of 7 virtual functions enabled; the host probes new ones" */
    summary = g_strdup_printf (_("SR-IOV: %u of %u virtual functions enabled; the host probes "
                                 "new ones"), slices_sriov_get_enabled_vfs (sriov),
                               slices_sriov_get_total_vfs (sriov));
  else
    summary = g_strdup_printf (_("SR-IOV: %u of %u virtual functions enabled; the host leaves "
                                 "new ones alone"), slices_sriov_get_enabled_vfs (sriov),
                               slices_sriov_get_total_vfs (sriov));
  g_print ("  %s\n\n", summary);

  if (g_list_model_get_n_items (vfs) == 0)
    {
      g_print ("  %s\n", _("No virtual functions yet."));
      return;
    }

  /* TRANSLATORS: column headers of the virtual functions table */
  g_ptr_array_add (rows, g_strdupv ((char *[]) {
    _("VF"), _("DRIVER"), _("IOMMU GROUP"), _("IN USE BY"), NULL
  }));
  for (guint i = 0; i < g_list_model_get_n_items (vfs); i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (vfs, i);
      const char *driver = slices_vf_get_driver (vf);
      const char *node = slices_vf_get_render_node (vf);
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup (slices_vf_get_address (vf));
      row[1] = driver == NULL ? g_strdup (_("none"))
               : node != NULL ? g_strdup_printf ("%s (%s)", driver, node) : g_strdup (driver);
      row[2] = slices_vf_get_iommu_group (vf) >= 0
               ? g_strdup_printf ("%" G_GINT64_FORMAT, slices_vf_get_iommu_group (vf))
               : g_strdup ("-");
      row[3] = g_strdup (slices_vf_get_holder (vf) != NULL ? slices_vf_get_holder (vf) : "-");
      g_ptr_array_add (rows, row);
    }
  print_table (rows);
}

static void
print_gpu (SlicesGpu *gpu)
{
  GListModel *types = slices_gpu_get_types (gpu);
  GListModel *slices = slices_gpu_get_slices (gpu);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *title = NULL;

  if (slices_gpu_get_sriov (gpu) != NULL)
    {
      print_sriov_gpu (gpu);
      return;
    }

  title = dup_gpu_title (gpu);
  g_print ("%s\n\n", title);

  /* TRANSLATORS: column headers; CPU-VISIBLE is the graphics memory in the aperture, REST the
   * graphics memory beyond it, SHARE the weight in GVT-g's scheduler (not a reservation) */
  g_ptr_array_add (rows, g_strdupv ((char *[]) {
    _("TYPE"), _("RESOLUTION"), _("CPU-VISIBLE"), _("REST"), _("SHARE"), _("AVAILABLE"), NULL
  }));
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);
      g_autofree char *resolution = dup_resolution (type);
      int low = slices_slice_type_get_low_gm_mb (type);
      int high = slices_slice_type_get_high_gm_mb (type);
      int weight = slices_slice_type_get_weight (type);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup (slices_slice_type_get_id (type));
      row[1] = resolution != NULL ? g_strdup (resolution) : g_strdup ("-");
      /* TRANSLATORS: graphics memory of a slice, in megabytes */
      row[2] = low >= 0 ? g_strdup_printf (_("%d MB"), low) : g_strdup ("-");
      row[3] = high >= 0 ? g_strdup_printf (_("%d MB"), high) : g_strdup ("-");
      row[4] = weight > 0 ? share_fraction (weight) : g_strdup ("-");
      row[5] = g_strdup_printf ("%d", slices_slice_type_get_available (type));
      g_ptr_array_add (rows, row);
    }
  print_table (rows);
  g_print ("\n");
  {
    g_autoptr(SlicesCapacity) capacity = slices_capacity_new (gpu);
    g_autofree char *summary = slices_capacity_dup_summary (capacity, NULL);

    /* TRANSLATORS: the room left on the GPU for slices, then a sentence */
    g_print ("  %s %s\n\n", _("Room:"), summary);
  }

  if (g_list_model_get_n_items (slices) == 0)
    {
      g_print ("  %s\n", _("No slices yet."));
      return;
    }

  g_ptr_array_set_size (rows, 0);
  /* TRANSLATORS: column header: whether the slice is kept after a restart */
  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("SLICE"), _("TYPE"), _("KEPT"), NULL }));
  for (guint i = 0; i < g_list_model_get_n_items (slices); i++)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);

      g_ptr_array_add (rows, g_strdupv ((char *[]) {
        (char *) slices_slice_get_uuid (slice), (char *) slices_slice_get_type_id (slice),
        /* TRANSLATORS: in the KEPT column: kept after a restart, or not */
        slicectl_is_kept (kept_slices, slices_slice_get_uuid (slice)) ? _("yes") : _("no"), NULL
      }));
    }
  print_table (rows);
}

static void
print_no_gpus (SlicesHost *host)
{
  GListModel *inactive = slices_host_get_inactive_gpus (host);
  guint n = inactive != NULL ? g_list_model_get_n_items (inactive) : 0;
  gboolean any_gvt = FALSE;

  g_print ("%s\n", _("No GPU offers GVT-g slices."));
  if (n == 0)
    {
      g_autofree char *reason = slices_gpu_support_dup_reason (NULL);

      g_print ("%s\n", reason);
      return;
    }

  g_print ("%s\n", _("Intel GPUs without slice types:"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (inactive, i);
      g_autofree char *name = dup_gpu_name (gpu);
      g_autofree char *reason = slices_gpu_support_dup_reason (gpu);
      const char *driver = slices_gpu_get_driver (gpu);

      g_print ("  %s  %s  (%s %s): %s\n", slices_gpu_get_address (gpu), name, _("driver"),
               driver != NULL ? driver : _("none"), reason);
      any_gvt |= slices_gpu_get_gvt_support (gpu) == SLICES_GVT_SUPPORT_GVT_G;
    }

  if (any_gvt)
    g_print ("%s\n", _("Hint: boot with i915.enable_gvt=1 (and i915.enable_guc=0 or 2), then load "
                       "the kvmgt module: sudo modprobe kvmgt"));
}

int
slicectl_list_run (const SlicectlCommand *command,
                   SlicectlGlobals       *globals,
                   int                    argc,
                   char                 **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesHost) host = NULL;
  GListModel *gpus;
  int status;

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_check_no_arguments (argc, argv,
                                             _("“list” takes no arguments, but got “%s”; see "
                                               "“slicectl list --help”"))) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;
  kept_slices = slicectl_dup_kept (globals, host);

  if (json)
    {
      print_json (host);
      return SLICECTL_EXIT_OK;
    }

  gpus = slices_host_get_gpus (host);
  if (g_list_model_get_n_items (gpus) == 0)
    {
      print_no_gpus (host);
      return SLICECTL_EXIT_OK;
    }

  for (guint i = 0; i < g_list_model_get_n_items (gpus); i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);

      if (i > 0)
        g_print ("\n");
      print_gpu (gpu);
    }

  return SLICECTL_EXIT_OK;
}
