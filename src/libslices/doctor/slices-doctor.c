/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup (issue 5, FACTS.md §1, §4, §5). Owns the checks, their wording and the fix
 * commands per distribution family. It reads sysfs itself rather than through SlicesHost
 * because it must see what discovery skips: Intel GPUs without a driver, module parameters,
 * modules and the IOMMU. Every input has an injectable root so that tests never read the real
 * system.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <grp.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slices-doctor.h"
#include "slices-nixos.h"
#include "slices-platform.h"

/* ---------------------------------------------------------------------------------------- */
/* SlicesFix */

G_DEFINE_BOXED_TYPE (SlicesFix, slices_fix, slices_fix_copy, slices_fix_free)

SlicesFix *
slices_fix_new (SlicesFixKind  kind,
                const char    *text,
                const char    *label)
{
  SlicesFix *fix;

  g_return_val_if_fail (text != NULL, NULL);

  fix = g_new0 (SlicesFix, 1);
  fix->kind = kind;
  fix->text = g_strdup (text);
  fix->label = g_strdup (label);
  return fix;
}

SlicesFix *
slices_fix_copy (const SlicesFix *fix)
{
  g_return_val_if_fail (fix != NULL, NULL);

  return slices_fix_new (fix->kind, fix->text, fix->label);
}

void
slices_fix_free (SlicesFix *fix)
{
  if (fix == NULL)
    return;
  g_free (fix->text);
  g_free (fix->label);
  g_free (fix);
}

const char *
slices_fix_kind_to_string (SlicesFixKind kind)
{
  switch (kind)
    {
    case SLICES_FIX_ACTION:
      return "action";
    case SLICES_FIX_LINK:
      return "link";
    case SLICES_FIX_COMMAND:
    default:
      return "command";
    }
}

const char *
slices_check_status_to_string (SlicesCheckStatus status)
{
  switch (status)
    {
    case SLICES_CHECK_STATUS_OK:
      return "ok";
    case SLICES_CHECK_STATUS_WARNING:
      return "warning";
    case SLICES_CHECK_STATUS_ERROR:
      return "error";
    case SLICES_CHECK_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

/* ---------------------------------------------------------------------------------------- */
/* SlicesCheck */

struct _SlicesCheck
{
  GObject parent_instance;

  char              *id;
  SlicesCheckStatus  status;
  char              *title;
  char              *detail;
  gboolean           informational;
  GPtrArray         *fixes;
};

G_DEFINE_FINAL_TYPE (SlicesCheck, slices_check, G_TYPE_OBJECT)

enum {
  CHECK_PROP_0,
  CHECK_PROP_ID,
  CHECK_PROP_STATUS,
  CHECK_PROP_TITLE,
  CHECK_PROP_DETAIL,
  CHECK_PROP_INFORMATIONAL,
  CHECK_N_PROPS
};

static GParamSpec *check_properties[CHECK_N_PROPS];

static void
slices_check_finalize (GObject *object)
{
  SlicesCheck *self = SLICES_CHECK (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->detail);
  g_ptr_array_unref (self->fixes);

  G_OBJECT_CLASS (slices_check_parent_class)->finalize (object);
}

static void
slices_check_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlicesCheck *self = SLICES_CHECK (object);

  switch (prop_id)
    {
    case CHECK_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case CHECK_PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case CHECK_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case CHECK_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case CHECK_PROP_INFORMATIONAL:
      g_value_set_boolean (value, self->informational);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_check_class_init (SlicesCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slices_check_finalize;
  object_class->get_property = slices_check_get_property;

  check_properties[CHECK_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      SLICES_CHECK_STATUS_OK, SLICES_CHECK_STATUS_UNKNOWN,
                      SLICES_CHECK_STATUS_UNKNOWN, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  check_properties[CHECK_PROP_INFORMATIONAL] =
    g_param_spec_boolean ("informational", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CHECK_N_PROPS, check_properties);
}

static void
slices_check_init (SlicesCheck *self)
{
  self->fixes = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_fix_free);
  self->status = SLICES_CHECK_STATUS_UNKNOWN;
}

SlicesCheck *
slices_check_new (const char        *id,
                  SlicesCheckStatus  status,
                  const char        *title,
                  const char        *detail)
{
  SlicesCheck *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (SLICES_TYPE_CHECK, NULL);
  self->id = g_strdup (id);
  self->status = status;
  self->title = g_strdup (title != NULL ? title : "");
  self->detail = g_strdup (detail != NULL ? detail : "");
  return self;
}

const char *
slices_check_get_id (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->id;
}

SlicesCheckStatus
slices_check_get_status (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), SLICES_CHECK_STATUS_UNKNOWN);
  return self->status;
}

const char *
slices_check_get_title (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->title;
}

const char *
slices_check_get_detail (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->detail;
}

gboolean
slices_check_get_informational (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), FALSE);
  return self->informational;
}

GPtrArray *
slices_check_get_fixes (SlicesCheck *self)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);
  return self->fixes;
}

const SlicesFix *
slices_check_find_fix (SlicesCheck   *self,
                       SlicesFixKind  kind)
{
  g_return_val_if_fail (SLICES_IS_CHECK (self), NULL);

  for (guint i = 0; i < self->fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (self->fixes, i);

      if (fix->kind == kind)
        return fix;
    }
  return NULL;
}

void
slices_check_add_fix (SlicesCheck   *self,
                      SlicesFixKind  kind,
                      const char    *text,
                      const char    *label)
{
  g_return_if_fail (SLICES_IS_CHECK (self));
  g_return_if_fail (text != NULL);

  g_ptr_array_add (self->fixes, slices_fix_new (kind, text, label));
}

/* ---------------------------------------------------------------------------------------- */
/* What one run reads */

typedef struct {
  char *uuid;
  char *type_id;
} ScanSlice;

typedef struct {
  char             *address;
  char             *path;
  guint             vendor;
  guint             device;
  guint             pci_class;
  char             *driver;         /* NULL when unbound */
  const char       *platform;       /* NULL when unknown */
  SlicesGvtSupport  support;
  gboolean          has_types_dir;
  guint             n_types;
  int               max_available;  /* over all types; -1 without types */
  GPtrArray        *slices;         /* ScanSlice */
  GPtrArray        *render_nodes;   /* "renderD128", sorted */
} ScanGpu;

static void
scan_slice_free (ScanSlice *slice)
{
  g_free (slice->uuid);
  g_free (slice->type_id);
  g_free (slice);
}

static void
scan_gpu_free (ScanGpu *gpu)
{
  g_free (gpu->address);
  g_free (gpu->path);
  g_free (gpu->driver);
  g_ptr_array_unref (gpu->slices);
  g_ptr_array_unref (gpu->render_nodes);
  g_free (gpu);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanGpu, scan_gpu_free)

/* A GPU that can (or evidently does) offer GVT-g slices. */
static gboolean
scan_gpu_is_gvt (const ScanGpu *gpu)
{
  return gpu->n_types > 0 || gpu->support == SLICES_GVT_SUPPORT_GVT_G;
}

static guint
scan_gpu_count_slices (const ScanGpu *gpu)
{
  return gpu->slices->len;
}

/* ---------------------------------------------------------------------------------------- */
/* SlicesDoctor */

struct _SlicesDoctor
{
  GObject parent_instance;

  /* inputs (copied from the env) */
  char               *sysfs_root;
  char               *root_dir;
  char               *os_release_path;
  char               *dev_root;
  char               *proc_root;       /* NULL: /proc, the real one */
  char               *qemu_log_dir;
  char               *mdevctl_path;    /* NULL: search the usual places */
  char               *mdevctl_defined_json;
  SlicesLibvirtState  libvirt_state;
  char               *libvirt_uri;
  char               *libvirt_message;
  GStrv               user_groups;     /* NULL: this process's */
  char               *user_name;
  gboolean            uid_set;
  guint               uid;

  /* results of the last run */
  SlicesDistroFamily  distro;
  GPtrArray          *gpus;            /* ScanGpu */
  GListStore         *checks;
};

G_DEFINE_FINAL_TYPE (SlicesDoctor, slices_doctor, G_TYPE_OBJECT)

/* What the checks found, for the checks after them. */
typedef struct {
  SlicesDoctor *self;
  GPtrArray    *checks;           /* SlicesCheck, in order */
  gboolean      gvt_gpu_present;
  gboolean      types_present;
  gboolean      guc_failed;
} RunState;

static SlicesCheck *
add_check (RunState          *state,
           const char        *id,
           SlicesCheckStatus  status,
           const char        *title,
           const char        *detail)
{
  SlicesCheck *check = slices_check_new (id, status, title, detail);

  g_ptr_array_add (state->checks, check);
  return check;
}

static SlicesCheckStatus
run_state_status (RunState   *state,
                  const char *id)
{
  for (guint i = 0; i < state->checks->len; i++)
    {
      SlicesCheck *check = g_ptr_array_index (state->checks, i);

      if (g_str_equal (check->id, id))
        return check->status;
    }
  return SLICES_CHECK_STATUS_UNKNOWN;
}

static char *dup_nixos_snippet (SlicesDoctor *self,
                                gboolean      guc_failed);

/* ---------------------------------------------------------------------------------------- */
/* Small readers */

/* First line of @path, stripped; NULL with *errno_out = ENOENT / EACCES / EIO on failure. */
static char *
read_first_line (const char *path,
                 int        *errno_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  char *newline;

  *errno_out = 0;
  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
          g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        *errno_out = ENOENT;
      else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
               g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
        *errno_out = EACCES;
      else
        *errno_out = EIO;
      return NULL;
    }

  newline = strchr (contents, '\n');
  if (newline != NULL)
    *newline = '\0';
  return g_strstrip (g_steal_pointer (&contents));
}

static guint
read_hex (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *line = NULL;
  int err;

  line = read_first_line (path, &err);
  if (line == NULL)
    return 0;
  return (guint) g_ascii_strtoull (line, NULL, 16);
}

static gboolean
path_exists (const char *first,
             ...) G_GNUC_NULL_TERMINATED;

static gboolean
path_exists (const char *first,
             ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  const char *part;
  va_list args;

  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  path = g_build_filenamev ((char **) parts->pdata);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_render_nodes (gconstpointer a,
                      gconstpointer b)
{
  const char *na = *(const char * const *) a;
  const char *nb = *(const char * const *) b;

  return (int) g_ascii_strtoll (na + strlen ("renderD"), NULL, 10) -
         (int) g_ascii_strtoll (nb + strlen ("renderD"), NULL, 10);
}

static int
compare_gpus (gconstpointer a,
              gconstpointer b)
{
  const ScanGpu *ga = *(const ScanGpu * const *) a;
  const ScanGpu *gb = *(const ScanGpu * const *) b;

  return g_strcmp0 (ga->address, gb->address);
}

static gboolean
looks_like_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Scanning the GPUs */

static void
scan_types (ScanGpu *gpu)
{
  g_autofree char *types_path = g_build_filename (gpu->path, "mdev_supported_types", NULL);
  g_autoptr(GDir) dir = g_dir_open (types_path, 0, NULL);
  const char *type_id;

  gpu->max_available = -1;
  if (dir == NULL)
    return;

  gpu->has_types_dir = TRUE;
  while ((type_id = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *type_path = g_build_filename (types_path, type_id, NULL);
      g_autofree char *available_path = NULL;
      g_autofree char *available = NULL;
      g_autofree char *devices_path = NULL;
      g_autoptr(GDir) devices = NULL;
      const char *uuid;
      int err;

      if (!g_file_test (type_path, G_FILE_TEST_IS_DIR))
        continue;

      gpu->n_types++;
      available_path = g_build_filename (type_path, "available_instances", NULL);
      available = read_first_line (available_path, &err);
      if (available != NULL)
        gpu->max_available = MAX (gpu->max_available,
                                  (int) g_ascii_strtoll (available, NULL, 10));

      devices_path = g_build_filename (type_path, "devices", NULL);
      devices = g_dir_open (devices_path, 0, NULL);
      while (devices != NULL && (uuid = g_dir_read_name (devices)) != NULL)
        {
          ScanSlice *slice;

          if (!looks_like_uuid (uuid))
            continue;
          slice = g_new0 (ScanSlice, 1);
          slice->uuid = g_ascii_strdown (uuid, -1);
          slice->type_id = g_strdup (type_id);
          g_ptr_array_add (gpu->slices, slice);
        }
    }
}

static void
scan_render_nodes (ScanGpu *gpu)
{
  g_autofree char *drm_path = g_build_filename (gpu->path, "drm", NULL);
  g_autoptr(GDir) dir = g_dir_open (drm_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "renderD"))
        g_ptr_array_add (gpu->render_nodes, g_strdup (name));
    }
  g_ptr_array_sort (gpu->render_nodes, compare_render_nodes);
}

static ScanGpu *
scan_gpu (const char *devices_path,
          const char *address)
{
  g_autoptr(ScanGpu) gpu = g_new0 (ScanGpu, 1);
  g_autofree char *driver_link = NULL;
  g_autofree char *driver_target = NULL;
  gboolean intel_display;

  gpu->address = g_strdup (address);
  gpu->path = g_build_filename (devices_path, address, NULL);
  gpu->slices = g_ptr_array_new_with_free_func ((GDestroyNotify) scan_slice_free);
  gpu->render_nodes = g_ptr_array_new_with_free_func (g_free);

  gpu->vendor = read_hex (gpu->path, "vendor");
  gpu->device = read_hex (gpu->path, "device");
  gpu->pci_class = read_hex (gpu->path, "class");
  scan_types (gpu);

  intel_display = gpu->vendor == SLICES_PCI_VENDOR_INTEL && (gpu->pci_class >> 16) == 0x03;
  /* Other vendors' mediated devices (e.g. NVIDIA vGPU) are not ours to judge. */
  if (!intel_display)
    return NULL;

  driver_link = g_build_filename (gpu->path, "driver", NULL);
  driver_target = g_file_read_link (driver_link, NULL);
  if (driver_target != NULL)
    gpu->driver = g_path_get_basename (driver_target);

  gpu->platform = slices_platform_lookup (gpu->device, &gpu->support);
  if (gpu->platform == NULL)
    gpu->support = SLICES_GVT_SUPPORT_UNKNOWN;

  scan_render_nodes (gpu);
  return g_steal_pointer (&gpu);
}

static GPtrArray *
scan_gpus (const char *sysfs_root)
{
  g_autofree char *devices_path = g_build_filename (sysfs_root, "bus", "pci", "devices", NULL);
  g_autoptr(GDir) dir = g_dir_open (devices_path, 0, NULL);
  GPtrArray *gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) scan_gpu_free);
  const char *address;

  while (dir != NULL && (address = g_dir_read_name (dir)) != NULL)
    {
      ScanGpu *gpu = scan_gpu (devices_path, address);

      if (gpu != NULL)
        g_ptr_array_add (gpus, gpu);
    }
  g_ptr_array_sort (gpus, compare_gpus);
  return gpus;
}

static char *
gpu_display_name (const ScanGpu *gpu)
{
  if (gpu->platform != NULL)
    /* TRANSLATORS: %s is a platform such as "Kaby Lake", then a PCI address */
    return g_strdup_printf (_("Intel %s GPU (%s)"), gpu->platform, gpu->address);
  /* TRANSLATORS: %04x is a PCI device id, %s a PCI address */
  return g_strdup_printf (_("Intel GPU 0x%04x (%s)"), gpu->device, gpu->address);
}

/* ---------------------------------------------------------------------------------------- */
/* Inputs from JSON */

/* Every UUID that `mdevctl list --defined --dumpjson` names, whatever the nesting:
 * [{"0000:00:02.0":[{"<uuid>":{"mdev_type":…,"start":"auto"}}]}] in mdevctl 1.x. */
static void
collect_uuids (JsonNode   *node,
               GHashTable *uuids)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_uuids (json_array_get_element (array, i), uuids);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (looks_like_uuid (name))
            g_hash_table_add (uuids, g_ascii_strdown (name, -1));
          else if (g_str_equal (name, "uuid") && JSON_NODE_HOLDS_VALUE (member) &&
                   json_node_get_value_type (member) == G_TYPE_STRING &&
                   looks_like_uuid (json_node_get_string (member)))
            g_hash_table_add (uuids, g_ascii_strdown (json_node_get_string (member), -1));
          collect_uuids (member, uuids);
        }
    }
}

/* NULL when @json is NULL or not JSON. */
static GHashTable *
parse_defined_uuids (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *stripped = NULL;
  GHashTable *uuids;
  JsonNode *root;

  if (json == NULL)
    return NULL;

  parser = json_parser_new ();
  stripped = g_strstrip (g_strdup (json));
  /* mdevctl prints nothing at all when nothing is defined on some versions. */
  if (*stripped == '\0')
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;

  uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  root = json_parser_get_root (parser);
  if (root != NULL)
    collect_uuids (root, uuids);
  return uuids;
}

/* ---------------------------------------------------------------------------------------- */
/* Fixes per distribution family */

#define NIXOS_REBUILD_LABEL \
  N_("NixOS: add to /etc/nixos/configuration.nix, then run sudo nixos-rebuild switch")

/* Adds @param (e.g. "i915.enable_gvt=1") to the kernel command line the way the family does
 * it. @nixos_text: what NixOS users write instead (NULL: boot.kernelParams). */
static void
add_kernel_param_fixes (SlicesCheck        *check,
                        SlicesDistroFamily  distro,
                        const char         *param,
                        const char         *nixos_text)
{
  g_autofree char *grub_sed = NULL;
  g_autofree char *text = NULL;

  /* Prepends to GRUB_CMDLINE_LINUX_DEFAULT so that the rest of the line stays as it was. */
  grub_sed = g_strdup_printf ("sudo sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&%s /' "
                              "/etc/default/grub", param);

  switch (distro)
    {
    case SLICES_DISTRO_DEBIAN:
      text = g_strdup_printf ("%s && sudo update-grub", grub_sed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Debian and Ubuntu: add to the kernel command line, then restart"));
      break;

    case SLICES_DISTRO_FEDORA:
      text = g_strdup_printf ("sudo grubby --update-kernel=ALL --args=\"%s\"", param);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Fedora: add to the kernel command line, then restart"));
      break;

    case SLICES_DISTRO_ARCH:
      text = g_strdup_printf ("%s && sudo grub-mkconfig -o /boot/grub/grub.cfg", grub_sed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Arch Linux with GRUB: add to the kernel command line, then "
                              "restart"));
      g_clear_pointer (&text, g_free);
      text = g_strdup_printf ("sudo sed -i '/^options /s/$/ %s/' /boot/loader/entries/*.conf",
                              param);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("Arch Linux with systemd-boot: add to every boot entry, then "
                              "restart"));
      break;

    case SLICES_DISTRO_NIXOS:
      if (nixos_text != NULL)
        {
          slices_check_add_fix (check, SLICES_FIX_COMMAND, nixos_text, _(NIXOS_REBUILD_LABEL));
        }
      else
        {
          g_autofree char *quoted = slices_nix_string (param);

          text = g_strdup_printf ("boot.kernelParams = [ %s ];", quoted);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _(NIXOS_REBUILD_LABEL));
        }
      break;

    case SLICES_DISTRO_UNKNOWN:
    default:
      text = g_strdup_printf ("%s && sudo grub-mkconfig -o /boot/grub/grub.cfg", grub_sed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, text,
                            _("With GRUB: add to the kernel command line, then restart (the "
                              "grub.cfg path differs between distributions)"));
      break;
    }
}

static void
add_package_fixes (SlicesCheck        *check,
                   SlicesDistroFamily  distro,
                   const char         *debian,
                   const char         *fedora,
                   const char         *arch,
                   const char         *nixos,
                   const char         *link)
{
  g_autofree char *text = NULL;

  switch (distro)
    {
    case SLICES_DISTRO_DEBIAN:
      if (debian != NULL)
        {
          text = g_strdup_printf ("sudo apt install %s", debian);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("Debian and Ubuntu"));
          return;
        }
      break;
    case SLICES_DISTRO_FEDORA:
      if (fedora != NULL)
        {
          text = g_strdup_printf ("sudo dnf install %s", fedora);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("Fedora"));
          return;
        }
      break;
    case SLICES_DISTRO_ARCH:
      if (arch != NULL)
        {
          text = g_strdup_printf ("sudo pacman -S --needed %s", arch);
          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _("Arch Linux"));
          return;
        }
      break;
    case SLICES_DISTRO_NIXOS:
      if (nixos != NULL)
        {
          slices_check_add_fix (check, SLICES_FIX_COMMAND, nixos, _(NIXOS_REBUILD_LABEL));
          return;
        }
      break;
    case SLICES_DISTRO_UNKNOWN:
    default:
      break;
    }

  if (link != NULL)
    slices_check_add_fix (check, SLICES_FIX_LINK, link, _("Project page"));
}

/* ---------------------------------------------------------------------------------------- */
/* The checks, in order */

static void
check_gpu_generation (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autoptr(GString) others = g_string_new (NULL);
  const ScanGpu *good = NULL;
  const ScanGpu *bad = NULL;

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (scan_gpu_is_gvt (gpu))
        {
          if (good == NULL)
            good = gpu;
        }
      else
        {
          g_autofree char *name = gpu_display_name (gpu);

          if (bad == NULL)
            bad = gpu;
          g_string_append_printf (others, "%s%s", others->len > 0 ? ", " : "", name);
        }
    }

  state->gvt_gpu_present = good != NULL;

  if (good != NULL)
    {
      g_autofree char *name = gpu_display_name (good);
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      /* TRANSLATORS: %s is e.g. "Intel Kaby Lake GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("%s supports GVT-g"), name);
      if (others->len > 0)
        /* TRANSLATORS: %s is a list of GPUs */
        detail = g_strdup_printf (_("Its graphics can be shared with virtual machines as GVT-g "
                                    "slices. Not this way: %s."), others->str);
      else
        detail = g_strdup (_("Its graphics can be shared with virtual machines as GVT-g "
                             "slices."));
      add_check (state, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_OK, title, detail);
      return;
    }

  if (bad == NULL)
    {
      add_check (state, SLICES_CHECK_GPU_GENERATION, SLICES_CHECK_STATUS_ERROR,
                 _("No Intel GPU found"),
                 _("GPU Slices shares Intel integrated graphics from Broadwell to Comet Lake "
                   "(5th to 10th generation Core processors). No Intel display device is on "
                   "the PCI bus of this computer."));
      return;
    }

  {
    g_autofree char *name = gpu_display_name (bad);
    g_autofree char *title = NULL;
    const char *detail;
    SlicesCheckStatus status = SLICES_CHECK_STATUS_ERROR;

    switch (bad->support)
      {
      case SLICES_GVT_SUPPORT_SRIOV:
        /* TRANSLATORS: %s is e.g. "Intel Tiger Lake GPU (0000:00:02.0)" */
        title = g_strdup_printf (_("%s uses SR-IOV, not GVT-g"), name);
        detail = _("Gen12 graphics and newer (Tiger Lake, Alder Lake, Raptor Lake, Meteor "
                   "Lake and later) are shared with virtual machines through SR-IOV virtual "
                   "functions (the xe driver, or the out-of-tree i915-sriov-dkms module), not "
                   "through GVT-g slices. This app does not manage SR-IOV virtual functions.");
        break;
      case SLICES_GVT_SUPPORT_NONE:
        /* TRANSLATORS: %s is e.g. "Intel Ice Lake GPU (0000:00:02.0)" */
        title = g_strdup_printf (_("%s supports neither GVT-g nor SR-IOV"), name);
        detail = _("GVT-g ends with Comet Lake graphics, and SR-IOV starts with Gen12 (Tiger "
                   "Lake). Gemini Lake, Ice Lake (Gen11, sold as some 10th generation Core "
                   "processors), Elkhart Lake and Jasper Lake graphics have neither, so this "
                   "GPU cannot be shared with virtual machines. The platform decides, not the "
                   "processor's generation number: 10th generation Core processors with Comet "
                   "Lake graphics do support GVT-g.");
        break;
      case SLICES_GVT_SUPPORT_UNKNOWN:
      case SLICES_GVT_SUPPORT_GVT_G:
      default:
        status = SLICES_CHECK_STATUS_WARNING;
        /* TRANSLATORS: %s is e.g. "Intel GPU 0x1234 (0000:00:02.0)" */
        title = g_strdup_printf (_("%s is not a known GVT-g platform"), name);
        detail = _("GVT-g works on Broadwell, Skylake, Kaby Lake, Broxton, Coffee Lake and "
                   "Comet Lake graphics. This device id is not in GPU Slices' table, so it "
                   "probably cannot be shared this way.");
        break;
      }
    add_check (state, SLICES_CHECK_GPU_GENERATION, status, title, detail);
  }
}

static gboolean
any_gpu_has_types (SlicesDoctor *self)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (gpu->n_types > 0)
        return TRUE;
    }
  return FALSE;
}

/* Where an i915 parameter's value came from. */
typedef enum {
  PARAMETER_SYSFS,    /* the driver's own value, readable here */
  PARAMETER_CONFIG,   /* root-only (0400): what the kernel command line or modprobe.d sets */
  PARAMETER_DEFAULT,  /* root-only, and nothing sets it */
} ParameterSource;

/* The last "i915.@name=VALUE" on the kernel command line, or "options i915 … @name=VALUE" in
 * modprobe's configuration (the command line wins, as modprobe appends it last). */
static char *
find_i915_setting (SlicesDoctor *self,
                   const char   *name)
{
  static const char * const dirs[] = { "lib/modprobe.d", "usr/lib/modprobe.d", "run/modprobe.d",
                                       "etc/modprobe.d" };
  g_autofree char *cmdline_path = g_build_filename (self->proc_root != NULL ? self->proc_root
                                                                          : "/proc",
                                                    "cmdline", NULL);
  g_autofree char *cmdline = NULL;
  g_autofree char *key = g_strdup_printf ("i915.%s=", name);
  g_autofree char *option = g_strdup_printf ("%s=", name);
  char *value = NULL;

  if (g_file_get_contents (cmdline_path, &cmdline, NULL, NULL))
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (cmdline), " \t\n", -1);

      for (guint i = 0; words[i] != NULL; i++)
        if (g_str_has_prefix (words[i], key))
          {
            g_free (value);
            value = g_strdup (words[i] + strlen (key));
          }
      if (value != NULL)
        return value;
    }

  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = g_build_filename (self->root_dir, dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, entry, NULL);
          g_autofree char *text = NULL;
          g_auto(GStrv) lines = NULL;

          if (!g_str_has_suffix (entry, ".conf") || !g_file_get_contents (path, &text, NULL, NULL))
            continue;
          lines = g_strsplit (text, "\n", -1);
          for (guint l = 0; lines[l] != NULL; l++)
            {
              g_auto(GStrv) parts = g_strsplit_set (lines[l], " \t", -1);
              g_autoptr(GPtrArray) words = g_ptr_array_new ();

              /* Words as modprobe reads them: any run of blanks separates. */
              for (guint p = 0; parts[p] != NULL; p++)
                if (parts[p][0] != '\0')
                  g_ptr_array_add (words, parts[p]);
              if (words->len < 3 || !g_str_equal (words->pdata[0], "options") ||
                  !g_str_equal (words->pdata[1], "i915"))
                continue;
              for (guint w = 2; w < words->len; w++)
                if (g_str_has_prefix (words->pdata[w], option))
                  {
                    g_free (value);
                    value = g_strdup ((char *) words->pdata[w] + strlen (option));
                  }
            }
        }
    }
  return value;
}

/* An i915 parameter: from sysfs when readable; else, as it is root-only (mode 0400), what the
 * kernel command line or modprobe.d sets, else @fallback (the driver's default). No password
 * is ever asked for a read. NULL with *errno_out ENOENT when there is no such parameter. */
static char *
read_i915_parameter (RunState        *state,
                     const char      *name,
                     const char      *fallback,
                     ParameterSource *source,
                     int             *errno_out)
{
  g_autofree char *path = g_build_filename (state->self->sysfs_root, "module", "i915",
                                            "parameters", name, NULL);
  char *value = read_first_line (path, errno_out);

  *source = PARAMETER_SYSFS;
  if (value != NULL || *errno_out == ENOENT)
    return value;
  *errno_out = 0;
  value = find_i915_setting (state->self, name);
  *source = value != NULL ? PARAMETER_CONFIG : PARAMETER_DEFAULT;
  return value != NULL ? value : g_strdup (fallback);
}

static void
check_gvt_parameter (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autofree char *value = NULL;
  ParameterSource source;
  SlicesCheck *check;
  int err;

  value = read_i915_parameter (state, "enable_gvt", "N", &source, &err);

  /* Slice types prove it is on, whatever the configuration says. */
  if (source != PARAMETER_SYSFS && value != NULL && any_gpu_has_types (self))
    {
      add_check (state, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK,
                 _("GVT-g is turned on"),
                 _("The GPU offers slice types, which it only does with enable_gvt=1."));
      return;
    }

  if (value != NULL && (g_ascii_strcasecmp (value, "Y") == 0 || g_str_equal (value, "1")))
    {
      add_check (state, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_OK,
                 _("GVT-g is turned on"),
                 source == PARAMETER_SYSFS
                 ? _("The i915 driver was started with enable_gvt=1.")
                 : _("The kernel command line or /etc/modprobe.d starts the i915 driver with "
                     "enable_gvt=1."));
      return;
    }

  if (value != NULL)
    {
      check = add_check (state, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR,
                         _("GVT-g is turned off"),
                         source == PARAMETER_DEFAULT
                         ? _("The i915 driver shares the GPU only when the kernel starts it "
                             "with i915.enable_gvt=1, and neither the kernel command line nor "
                             "/etc/modprobe.d says so. Add it to the kernel command line and "
                             "restart the computer.")
                         : _("The i915 driver shares the GPU only when the kernel starts it "
                             "with i915.enable_gvt=1. Add it to the kernel command line and "
                             "restart the computer."));
      add_kernel_param_fixes (check, self->distro, "i915.enable_gvt=1",
                              "virtualisation.kvmgt.enable = true;");
      return;
    }

  if (!path_exists (self->sysfs_root, "module", "i915", NULL))
    {
      add_check (state, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR,
                 _("The i915 graphics driver is not loaded"),
                 _("GVT-g is part of the i915 driver, which is not running. On a "
                   "supported GPU it loads by itself; when it does not, the kernel log "
                   "(sudo dmesg | grep i915) says why."));
      return;
    }
  add_check (state, SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_STATUS_ERROR,
             _("This kernel was built without GVT-g"),
             _("The i915 driver has no enable_gvt parameter, so the kernel was built "
               "without CONFIG_DRM_I915_GVT. Use a kernel built with CONFIG_DRM_I915_GVT "
               "and CONFIG_DRM_I915_GVT_KVMGT (most distribution kernels are)."));
}

static void
check_guc_submission (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autofree char *value = NULL;
  g_autofree char *title = NULL;
  ParameterSource source;
  SlicesCheck *check;
  gint64 mode;
  int err;

  value = read_i915_parameter (state, "enable_guc", "-1", &source, &err);

  if (value == NULL)
    {
      add_check (state, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
                 _("GuC submission is off"),
                 _("This i915 driver has no enable_guc parameter, so it does not use GuC "
                   "submission."));
      return;
    }

  if (source != PARAMETER_SYSFS && any_gpu_has_types (self))
    {
      add_check (state, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
                 _("GuC submission is off"),
                 _("The GPU offers slice types, which it does not with GuC submission."));
      return;
    }

  mode = g_ascii_strtoll (value, NULL, 10);
  if (mode >= 0 && (mode & 1) != 0)
    {
      state->guc_failed = TRUE;
      /* TRANSLATORS: %s is the value of i915.enable_guc, e.g. "3" */
      title = g_strdup_printf (_("GuC submission is on (enable_guc=%s) and blocks GVT-g"), value);
      check = add_check (state, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_ERROR, title,
                         _("With GuC submission the i915 driver refuses GVT-g (\"Graphics "
                           "virtualization is not yet supported with GuC submission\"). "
                           "Start it with i915.enable_guc=2 instead, which loads only the HuC "
                           "firmware, and remove any other enable_guc setting from the kernel "
                           "command line and /etc/modprobe.d."));
      add_kernel_param_fixes (check, self->distro, "i915.enable_guc=2",
                              "boot.extraModprobeConfig = \"options i915 enable_guc=2\";");
      return;
    }

  if (mode < 0)
    add_check (state, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
               _("GuC submission is off"),
               _("i915.enable_guc is at its default, which does not turn on GuC submission on "
                 "GPUs that support GVT-g."));
  else
    add_check (state, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_STATUS_OK,
               _("GuC submission is off"),
               _("i915.enable_guc does not ask for GuC submission."));
}

static void
check_kvmgt_module (RunState *state)
{
  SlicesDoctor *self = state->self;
  SlicesCheck *check;

  if (path_exists (self->sysfs_root, "module", "kvmgt", NULL))
    {
      add_check (state, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_OK,
                 _("The kvmgt module is loaded"),
                 _("kvmgt connects GVT-g slices to virtual machines."));
      return;
    }

  check = add_check (state, SLICES_CHECK_KVMGT_MODULE, SLICES_CHECK_STATUS_ERROR,
                     _("The kvmgt module is not loaded"),
                     _("Without kvmgt the GPU offers no slice types. Load it now and at every "
                       "boot."));
  /* Loading it helps nothing on a GPU without GVT-g (and fails with ENODEV before 5.18). */
  if (!state->gvt_gpu_present)
    return;
  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      slices_check_add_fix (check, SLICES_FIX_COMMAND, "virtualisation.kvmgt.enable = true;",
                            _(NIXOS_REBUILD_LABEL));
      return;
    }
  slices_check_add_fix (check, SLICES_FIX_ACTION, SLICES_FIX_ACTION_LOAD_KVMGT,
                        _("Load now and at every boot"));
  slices_check_add_fix (check, SLICES_FIX_COMMAND,
                        "sudo modprobe kvmgt && "
                        "echo kvmgt | sudo tee /etc/modules-load.d/gpu-slices.conf",
                        _("In a terminal"));
}

static void
check_vfio_modules (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autofree char *title = NULL;
  SlicesCheck *check;

  if (!path_exists (self->sysfs_root, "module", "vfio", NULL))
    g_ptr_array_add (missing, (gpointer) "vfio");
  /* The mdev core module was vfio_mdev up to about 5.15, mdev since. */
  if (!path_exists (self->sysfs_root, "module", "mdev", NULL) &&
      !path_exists (self->sysfs_root, "module", "vfio_mdev", NULL))
    g_ptr_array_add (missing, (gpointer) "mdev");
  if (!path_exists (self->sysfs_root, "module", "vfio_iommu_type1", NULL))
    g_ptr_array_add (missing, (gpointer) "vfio_iommu_type1");

  if (missing->len == 0)
    {
      add_check (state, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK,
                 _("The VFIO and mdev modules are present"),
                 _("vfio, mdev and vfio_iommu_type1 hand slices to QEMU."));
      return;
    }

  /* kvmgt depends on them: when it is loaded they are built into the kernel (built-in modules
   * without parameters have no folder in /sys/module). */
  if (path_exists (self->sysfs_root, "module", "kvmgt", NULL))
    {
      add_check (state, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_OK,
                 _("The VFIO and mdev modules are present"),
                 _("kvmgt is loaded, so the modules it needs are there (some are built into "
                   "the kernel)."));
      return;
    }

  g_ptr_array_add (missing, NULL);
  joined = g_strjoinv (", ", (char **) missing->pdata);
  /* TRANSLATORS: %s is a list of kernel module names */
  title = g_strdup_printf (_("Missing kernel modules: %s"), joined);
  check = add_check (state, SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_STATUS_WARNING, title,
                     _("QEMU receives slices through VFIO. Loading kvmgt loads these modules "
                       "too; they can also be loaded on their own."));
  if (self->distro == SLICES_DISTRO_NIXOS)
    slices_check_add_fix (check, SLICES_FIX_COMMAND, "virtualisation.kvmgt.enable = true;",
                          _(NIXOS_REBUILD_LABEL));
  else
    slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo modprobe -a vfio vfio_iommu_type1 mdev",
                          _("In a terminal"));
}

static void
check_slice_types (RunState *state)
{
  SlicesDoctor *self = state->self;
  SlicesCheck *check;
  const char *earlier[] = {
    SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_KVMGT_MODULE,
  };
  gboolean earlier_ok = TRUE;
  guint n_types = 0;

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *gpu = g_ptr_array_index (self->gpus, i);

      n_types += gpu->n_types;
    }

  if (n_types > 0)
    {
      g_autofree char *title = NULL;

      state->types_present = TRUE;
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The GPU offers %u slice type",
                                            "The GPU offers %u slice types", n_types),
                               n_types);
      add_check (state, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_OK, title,
                 _("GVT-g is active: slices can be created."));
      return;
    }

  if (!state->gvt_gpu_present)
    {
      add_check (state, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR,
                 _("No GPU offers slice types"),
                 _("None of the GPUs of this computer can be shared with GVT-g (see the first "
                   "check)."));
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (earlier); i++)
    {
      if (run_state_status (state, earlier[i]) != SLICES_CHECK_STATUS_OK)
        earlier_ok = FALSE;
    }

  if (!earlier_ok)
    {
      add_check (state, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR,
                 _("The GPU offers no slice types"),
                 _("Slice types appear once GVT-g is on, GuC submission is off and kvmgt is "
                   "loaded: see the checks above."));
      return;
    }

  check = add_check (state, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_STATUS_ERROR,
                     _("The GPU offers no slice types"),
                     _("Everything above looks right, yet the GPU lists no slice types. The "
                       "kernel log says why; look for \"Unsupported device. GVT-g is "
                       "disabled\", \"GVT-g is disabled by kernel params\", \"Graphics "
                       "virtualization is not yet supported with GuC submission\" or \"gvt: "
                       "fail to alloc high gm space from host\" (the firmware's graphics "
                       "memory settings are too small)."));
  slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo dmesg | grep -iE 'gvt|guc|i915'",
                        _("Show the kernel messages"));
}

static void
check_room (RunState *state)
{
  SlicesDoctor *self = state->self;
  guint n_slices = 0;
  int max_available = -1;
  g_autofree char *title = NULL;

  if (!state->types_present)
    {
      add_check (state, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_UNKNOWN,
                 _("No slice types to measure"),
                 _("Room for slices can be measured once the GPU offers slice types."));
      return;
    }

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (gpu->n_types == 0)
        continue;
      n_slices += scan_gpu_count_slices (gpu);
      max_available = MAX (max_available, gpu->max_available);
    }

  if (max_available > 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Room for %d more slice",
                                            "Room for up to %d more slices", max_available),
                               max_available);
      add_check (state, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_OK, title,
                 _("At least one slice type has room. A create can still fail when the "
                   "GPU's memory is fragmented."));
      return;
    }

  if (n_slices >= SLICES_MAX_SLICES_PER_GPU)
    {
      title = g_strdup_printf (_("%u slices: the most a GPU can have"), n_slices);
      add_check (state, SLICES_CHECK_ROOM, SLICES_CHECK_STATUS_WARNING, title,
                 _("GVT-g allows at most 7 slices per GPU. Remove one to make room."));
      return;
    }

  /* All at 0 with few slices: the graphics aperture set in the firmware is too small. */
  add_check (state, SLICES_CHECK_ROOM,
             n_slices == 0 ? SLICES_CHECK_STATUS_ERROR : SLICES_CHECK_STATUS_WARNING,
             n_slices == 0 ? _("No room for any slice: the graphics aperture is too small")
                           : _("No room for another slice: the graphics aperture is too small"),
             _("Each slice takes part of the GPU's aperture, which the firmware sets. In the "
               "firmware setup (press F2 or Del while the computer starts), look for "
               "\"Aperture Size\" or \"DVMT Pre-Allocated\" under the graphics or chipset "
               "settings and choose 512 MB or 1024 MB: 256 MB leaves room for only two small "
               "slices. Removing slices also makes room."));
}

static void
check_iommu (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autofree char *path = g_build_filename (self->sysfs_root, "class", "iommu", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  gboolean on = FALSE;
  const char *name;
  SlicesCheck *check;

  while (dir != NULL && !on && (name = g_dir_read_name (dir)) != NULL)
    on = g_str_has_prefix (name, "dmar");

  if (on)
    {
      check = add_check (state, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK,
                         _("The Intel IOMMU is on"),
                         _("Slices do not need it, but many guides advise intel_iommu=on."));
    }
  else
    {
      check = add_check (state, SLICES_CHECK_IOMMU, SLICES_CHECK_STATUS_OK,
                         _("The Intel IOMMU is off"),
                         _("Slices work without it: each one gets an emulated IOMMU group. "
                           "Many guides still advise turning it on with intel_iommu=on."));
      add_kernel_param_fixes (check, self->distro, "intel_iommu=on", NULL);
    }
  check->informational = TRUE;
}

static const ScanGpu *
first_gvt_gpu (SlicesDoctor *self)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (scan_gpu_is_gvt (gpu))
        return gpu;
    }
  return self->gpus->len > 0 ? g_ptr_array_index (self->gpus, 0) : NULL;
}

static void
check_render_node (RunState *state)
{
  SlicesDoctor *self = state->self;
  const ScanGpu *gpu = first_gvt_gpu (self);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *node = NULL;
  g_autofree char *shown = NULL;
  SlicesCheck *check;

  if (gpu == NULL)
    {
      add_check (state, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_UNKNOWN,
                 _("No GPU to check for a render node"),
                 _("Without an Intel GPU there is no render node to show slices with."));
      return;
    }

  name = gpu_display_name (gpu);
  if (gpu->render_nodes->len == 0)
    {
      /* TRANSLATORS: %s is e.g. "Intel Kaby Lake GPU (0000:00:02.0)" */
      title = g_strdup_printf (_("%s has no render node"), name);
      add_check (state, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING, title,
                 gpu->driver == NULL
                 ? _("No driver is bound to the GPU, so it has no render node "
                     "(/dev/dri/renderD…). Virtual machines can use slices, but their screens "
                     "cannot be shown with OpenGL (SPICE GL).")
                 : _("The GPU has no render node (/dev/dri/renderD…). Virtual machines can "
                     "use slices, but their screens cannot be shown with OpenGL (SPICE GL)."));
      return;
    }

  node = g_build_filename (self->dev_root, "dri",
                           (const char *) g_ptr_array_index (gpu->render_nodes, 0), NULL);
  shown = g_build_filename ("/dev/dri", (const char *) g_ptr_array_index (gpu->render_nodes, 0),
                            NULL);

  if (!g_file_test (node, G_FILE_TEST_EXISTS))
    {
      /* TRANSLATORS: %s is a device path such as /dev/dri/renderD128 */
      title = g_strdup_printf (_("%s is missing"), shown);
      add_check (state, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING, title,
                 _("The kernel made a render node for the GPU, but udev did not create its "
                   "device file. Restarting the computer usually brings it back."));
      return;
    }

  if (access (node, R_OK | W_OK) != 0)
    {
      /* TRANSLATORS: %s is a device path such as /dev/dri/renderD128 */
      title = g_strdup_printf (_("You cannot open %s"), shown);
      check = add_check (state, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_WARNING, title,
                         _("Showing a virtual machine's screen with OpenGL (SPICE GL) needs "
                           "the GPU's render node. Join the render group, then log out and in "
                           "again."));
      if (self->distro == SLICES_DISTRO_NIXOS && self->user_name != NULL)
        {
          g_autofree char *attr = slices_nix_attr_name (self->user_name);
          g_autofree char *text = g_strdup_printf ("users.users.%s.extraGroups = [ \"render\" ];",
                                                   attr);

          slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _(NIXOS_REBUILD_LABEL));
        }
      else
        {
          slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo usermod -aG render \"$USER\"",
                                _("In a terminal"));
        }
      return;
    }

  /* TRANSLATORS: %s is a device path such as /dev/dri/renderD128 */
  title = g_strdup_printf (_("The GPU's render node %s is usable"), shown);
  add_check (state, SLICES_CHECK_RENDER_NODE, SLICES_CHECK_STATUS_OK, title,
             _("Virtual machines can show their screens with OpenGL (SPICE GL)."));
}

static gboolean
user_in_group (SlicesDoctor *self,
               const char   *group)
{
  return self->user_groups != NULL && g_strv_contains ((const char * const *) self->user_groups,
                                                       group);
}

static guint
doctor_uid (SlicesDoctor *self)
{
  return self->uid_set ? self->uid : (guint) getuid ();
}

static void
add_libvirt_group_fix (SlicesDoctor *self,
                       SlicesCheck  *check)
{
  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      g_autofree char *attr = slices_nix_attr_name (self->user_name != NULL ? self->user_name
                                                                            : "you");
      g_autofree char *text = g_strdup_printf ("users.users.%s.extraGroups = [ \"libvirtd\" ];",
                                               attr);

      slices_check_add_fix (check, SLICES_FIX_COMMAND, text, _(NIXOS_REBUILD_LABEL));
    }
  else
    {
      slices_check_add_fix (check, SLICES_FIX_COMMAND, "sudo usermod -aG libvirt \"$USER\"",
                            _("Join the libvirt group, then log out and in again"));
    }
}

static void
check_libvirt (RunState *state)
{
  SlicesDoctor *self = state->self;
  const char *uri = self->libvirt_uri != NULL ? self->libvirt_uri : "qemu:///system";
  gboolean in_group = user_in_group (self, "libvirt") || user_in_group (self, "libvirtd") ||
                      doctor_uid (self) == 0;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  SlicesCheck *check;

  switch (self->libvirt_state)
    {
    case SLICES_LIBVIRT_STATE_OK:
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      title = g_strdup_printf (_("libvirt answers at %s"), uri);
      add_check (state, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_OK, title,
                 _("Slices can be attached to the virtual machines it manages."));
      return;

    case SLICES_LIBVIRT_STATE_UNREACHABLE:
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      title = g_strdup_printf (_("libvirt does not answer at %s"), uri);
      detail = g_strdup_printf ("%s%s%s",
                                _("Virtual machines are managed by the libvirt daemon, which "
                                  "is not installed or not running."),
                                self->libvirt_message != NULL ? " " : "",
                                self->libvirt_message != NULL ? self->libvirt_message : "");
      check = add_check (state, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_ERROR, title, detail);
      switch (self->distro)
        {
        case SLICES_DISTRO_DEBIAN:
          slices_check_add_fix (check, SLICES_FIX_COMMAND,
                                "sudo apt install libvirt-daemon-system && "
                                "sudo systemctl enable --now libvirtd",
                                _("Debian and Ubuntu"));
          break;
        case SLICES_DISTRO_FEDORA:
          slices_check_add_fix (check, SLICES_FIX_COMMAND,
                                "sudo dnf install libvirt-daemon-kvm && "
                                "sudo systemctl enable --now libvirtd",
                                _("Fedora"));
          break;
        case SLICES_DISTRO_ARCH:
          slices_check_add_fix (check, SLICES_FIX_COMMAND,
                                "sudo pacman -S --needed libvirt qemu-desktop && "
                                "sudo systemctl enable --now libvirtd",
                                _("Arch Linux"));
          break;
        case SLICES_DISTRO_NIXOS:
          slices_check_add_fix (check, SLICES_FIX_COMMAND,
                                "virtualisation.libvirtd.enable = true;",
                                _(NIXOS_REBUILD_LABEL));
          break;
        case SLICES_DISTRO_UNKNOWN:
        default:
          slices_check_add_fix (check, SLICES_FIX_COMMAND,
                                "sudo systemctl enable --now libvirtd",
                                _("When libvirt is installed"));
          break;
        }
      return;

    case SLICES_LIBVIRT_STATE_DENIED:
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      title = g_strdup_printf (_("You may not manage virtual machines at %s"), uri);
      detail = g_strdup_printf ("%s%s%s",
                                _("libvirt answers but refuses you. Members of the libvirt "
                                  "group may manage its virtual machines."),
                                self->libvirt_message != NULL ? " " : "",
                                self->libvirt_message != NULL ? self->libvirt_message : "");
      check = add_check (state, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_ERROR, title, detail);
      add_libvirt_group_fix (self, check);
      return;

    case SLICES_LIBVIRT_STATE_UNKNOWN:
    default:
      break;
    }

  if (!in_group && self->user_groups != NULL)
    {
      check = add_check (state, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_UNKNOWN,
                         _("libvirt was not checked"),
                         _("You are not in the libvirt group, so libvirt will probably refuse "
                           "to let you manage its virtual machines (qemu:///system)."));
      add_libvirt_group_fix (self, check);
      return;
    }

  add_check (state, SLICES_CHECK_LIBVIRT, SLICES_CHECK_STATUS_UNKNOWN,
             _("libvirt was not checked"),
             _("Whether the libvirt daemon answers is checked when virtual machines are "
               "listed."));
}

/* Authentication agents of the common desktops. /proc/PID/comm holds only 15 bytes, so the
 * long names are matched on argv[0] as well. */
static const char * const polkit_agents[] = {
  "polkit-gnome-authentication-agent-1",
  "polkit-kde-authentication-agent-1",
  "polkit-mate-authentication-agent-1",
  "polkit-efl-authentication-agent-1",
  "gnome-shell",
  "cinnamon",
  "phosh",
  "lxpolkit",
  "lxqt-policykit-agent",
  "mate-polkit",
  "xfce-polkit",
  "budgie-polkit-dialog",
  "io.elementary.desktop.agent-polkit",
  "hyprpolkitagent",
  "soteria",
  "cosmic-osd",
  "ukui-polkit",
  "deepin-polkit-agent",
  NULL,
};

static const char *
match_polkit_agent (const char *comm,
                    const char *argv0)
{
  g_autofree char *base = argv0 != NULL ? g_path_get_basename (argv0) : NULL;

  for (guint i = 0; polkit_agents[i] != NULL; i++)
    {
      if (base != NULL && g_str_equal (base, polkit_agents[i]))
        return polkit_agents[i];
      if (comm != NULL && strncmp (comm, polkit_agents[i], 15) == 0 &&
          (strlen (comm) == MIN (strlen (polkit_agents[i]), 15)))
        return polkit_agents[i];
    }
  return NULL;
}

static void
check_polkit_agent (RunState *state)
{
  SlicesDoctor *self = state->self;
  const char *proc_root = self->proc_root != NULL ? self->proc_root : "/proc";
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *found = NULL;
  const char *entry;
  guint uid = doctor_uid (self);
  SlicesCheck *check;

  /* pkexec asks root nothing (real system only: tests run as whoever they run as). */
  if (self->proc_root == NULL && uid == 0)
    {
      add_check (state, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_OK,
                 _("Running as administrator"),
                 _("No authentication agent is needed."));
      return;
    }

  dir = g_dir_open (proc_root, 0, &error);
  if (dir == NULL)
    {
      add_check (state, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_UNKNOWN,
                 _("Cannot look for an authentication agent"), error->message);
      return;
    }

  while (found == NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *pid_dir = NULL;
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;
      g_autofree char *cmdline_path = NULL;
      g_autofree char *cmdline = NULL;
      struct stat st;
      int err;

      if (!g_ascii_isdigit (*entry))
        continue;
      pid_dir = g_build_filename (proc_root, entry, NULL);
      /* Only this user's agents count: gdm's greeter runs a gnome-shell of its own. */
      if (stat (pid_dir, &st) != 0 || st.st_uid != uid)
        continue;

      comm_path = g_build_filename (pid_dir, "comm", NULL);
      comm = read_first_line (comm_path, &err);
      cmdline_path = g_build_filename (pid_dir, "cmdline", NULL);
      /* argv is NUL-separated: the string ends at argv[0]. */
      if (!g_file_get_contents (cmdline_path, &cmdline, NULL, NULL))
        cmdline = NULL;
      found = match_polkit_agent (comm, cmdline);
    }

  if (found != NULL)
    {
      g_autofree char *title = NULL;

      /* TRANSLATORS: %s is a program name such as gnome-shell */
      title = g_strdup_printf (_("An authentication agent is running (%s)"), found);
      add_check (state, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_OK, title,
                 _("It asks for your password when a slice is created or removed."));
      return;
    }

  check = add_check (state, SLICES_CHECK_POLKIT_AGENT, SLICES_CHECK_STATUS_WARNING,
                     _("No authentication agent found"),
                     _("Creating and removing slices asks for an administrator password "
                       "through polkit. GNOME, KDE Plasma, Cinnamon, MATE and most other "
                       "desktops bring an authentication agent; with a plain window manager "
                       "none runs, and pkexec fails with \"Not authorized\" (exit 127). "
                       "Install one and start it with your session, e.g. "
                       "polkit-gnome-authentication-agent-1 or lxpolkit."));
  add_package_fixes (check, self->distro, "policykit-1-gnome", "polkit-gnome", "polkit-gnome",
                     NULL, NULL);
}

static void
check_persistence (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autoptr(GPtrArray) loose = g_ptr_array_new ();   /* borrowed ScanSlice + gpu address */
  g_autoptr(GPtrArray) loose_gpus = g_ptr_array_new ();
  g_autoptr(GHashTable) defined = NULL;
  g_autofree char *mdevctl = NULL;
  g_autofree char *title = NULL;
  guint n_slices = 0;
  SlicesCheck *check;

  for (guint i = 0; i < self->gpus->len; i++)
    n_slices += scan_gpu_count_slices (g_ptr_array_index (self->gpus, i));

  if (self->distro == SLICES_DISTRO_NIXOS)
    {
      g_autofree char *snippet = NULL;

      if (n_slices == 0)
        {
          add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK,
                     _("No slices to keep yet"),
                     _("On NixOS slices are kept through virtualisation.kvmgt in the system "
                       "configuration."));
          return;
        }
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u slice will vanish at restart unless it is in "
                                            "your NixOS configuration",
                                            "%u slices will vanish at restart unless they are "
                                            "in your NixOS configuration", n_slices),
                               n_slices);
      check = add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING, title,
                         _("The kernel forgets slices at every restart. On NixOS "
                           "virtualisation.kvmgt.vgpus creates them again at boot: add these "
                           "lines to /etc/nixos/configuration.nix, then run sudo nixos-rebuild "
                           "switch."));
      snippet = dup_nixos_snippet (self, state->guc_failed);
      slices_check_add_fix (check, SLICES_FIX_COMMAND, snippet, _("NixOS configuration"));
      return;
    }

  if (self->mdevctl_path != NULL)
    mdevctl = g_file_test (self->mdevctl_path, G_FILE_TEST_IS_EXECUTABLE) &&
              !g_file_test (self->mdevctl_path, G_FILE_TEST_IS_DIR)
              ? g_strdup (self->mdevctl_path) : NULL;

  if (mdevctl == NULL)
    {
      check = add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING,
                         n_slices > 0 ? _("Slices will vanish at restart: mdevctl is not "
                                          "installed")
                                      : _("mdevctl is not installed"),
                         _("The kernel forgets slices at every restart. mdevctl keeps their "
                           "definitions and creates them again when the GPU appears; without "
                           "it \"Keep after restart\" is not available."));
      add_package_fixes (check, self->distro, "mdevctl", "mdevctl", NULL, NULL,
                         "https://github.com/mdevctl/mdevctl");
      return;
    }

  if (n_slices == 0)
    {
      add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK,
                 _("mdevctl is installed"),
                 _("Slices can be kept after restart."));
      return;
    }

  defined = parse_defined_uuids (self->mdevctl_defined_json);
  if (defined == NULL)
    {
      add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_UNKNOWN,
                 _("Cannot tell which slices are kept after restart"),
                 _("mdevctl's list of defined slices could not be read."));
      return;
    }

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *gpu = g_ptr_array_index (self->gpus, i);

      for (guint j = 0; j < gpu->slices->len; j++)
        {
          ScanSlice *slice = g_ptr_array_index (gpu->slices, j);

          if (!g_hash_table_contains (defined, slice->uuid))
            {
              g_ptr_array_add (loose, slice);
              g_ptr_array_add (loose_gpus, gpu->address);
            }
        }
    }

  if (loose->len == 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The slice is kept after restart",
                                            "All %u slices are kept after restart", n_slices),
                               n_slices);
      add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_OK, title,
                 _("mdevctl creates them again when the GPU appears."));
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u slice will vanish at restart",
                                        "%u slices will vanish at restart", loose->len),
                           loose->len);
  check = add_check (state, SLICES_CHECK_PERSISTENCE, SLICES_CHECK_STATUS_WARNING, title,
                     _("The kernel forgets slices at every restart. Turn on \"Keep after "
                       "restart\" for them, so that mdevctl creates them again at boot."));
  slices_check_add_fix (check, SLICES_FIX_ACTION, SLICES_FIX_ACTION_PERSIST_SLICES,
                        _("Keep all after restart"));
  {
    g_autoptr(GString) commands = g_string_new (NULL);

    for (guint i = 0; i < loose->len; i++)
      {
        ScanSlice *slice = g_ptr_array_index (loose, i);

        g_string_append_printf (commands, "%ssudo mdevctl define --uuid %s --parent %s "
                                "--type %s --auto",
                                i > 0 ? "\n" : "", slice->uuid,
                                (const char *) g_ptr_array_index (loose_gpus, i),
                                slice->type_id);
      }
    slices_check_add_fix (check, SLICES_FIX_COMMAND, commands->str, _("In a terminal"));
  }
}

static gboolean
file_mentions_sandbox (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *lower = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  lower = g_ascii_strdown (contents, length);
  return strstr (contents, "SIGSYS") != NULL || strstr (lower, "seccomp") != NULL;
}

static void
check_qemu_sandbox (RunState *state)
{
  SlicesDoctor *self = state->self;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  SlicesCheck *check;

  dir = g_dir_open (self->qemu_log_dir, 0, &error);
  if (dir == NULL && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      check = add_check (state, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_OK,
                         _("No virtual machine logs yet"),
                         _("No virtual machine has run under libvirt here."));
      check->informational = TRUE;
      return;
    }
  if (dir == NULL)
    {
      check = add_check (state, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_UNKNOWN,
                         _("Virtual machine logs are not readable"),
                         _("Only administrators can read libvirt's QEMU logs. If a virtual "
                           "machine with a slice is stopped right at start and its log "
                           "mentions SIGSYS or seccomp, QEMU's sandbox killed it: set "
                           "seccomp_sandbox = 0 in /etc/libvirt/qemu.conf and restart "
                           "libvirtd."));
      check->informational = TRUE;
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".log"))
        continue;
      path = g_build_filename (self->qemu_log_dir, name, NULL);
      if (file_mentions_sandbox (path))
        g_ptr_array_add (hits, g_strndup (name, strlen (name) - strlen (".log")));
    }

  if (hits->len == 0)
    {
      check = add_check (state, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_OK,
                         _("No virtual machine was stopped by QEMU's sandbox"),
                         _("The QEMU logs mention neither SIGSYS nor seccomp."));
      check->informational = TRUE;
      return;
    }

  g_ptr_array_sort (hits, compare_strings);
  g_ptr_array_add (hits, NULL);
  {
    g_autofree char *names = g_strjoinv (", ", (char **) hits->pdata);
    g_autofree char *title = NULL;

    /* TRANSLATORS: %s is a list of virtual machine names */
    title = g_strdup_printf (_("QEMU's sandbox may have stopped: %s"), names);
    check = add_check (state, SLICES_CHECK_QEMU_SANDBOX, SLICES_CHECK_STATUS_WARNING, title,
                       _("The log mentions SIGSYS or seccomp: QEMU's system call filter "
                         "killed the virtual machine. If it happens when a slice is "
                         "attached, set seccomp_sandbox = 0 in /etc/libvirt/qemu.conf and "
                         "restart libvirtd."));
    check->informational = TRUE;
    if (self->distro == SLICES_DISTRO_NIXOS)
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "virtualisation.libvirtd.qemu.verbatimConfig = "
                            "\"namespaces = []\\nseccomp_sandbox = 0\\n\";",
                            _(NIXOS_REBUILD_LABEL));
    else
      slices_check_add_fix (check, SLICES_FIX_COMMAND,
                            "echo 'seccomp_sandbox = 0' | sudo tee -a /etc/libvirt/qemu.conf && "
                            "sudo systemctl restart libvirtd",
                            _("In a terminal"));
  }
}

/* ---------------------------------------------------------------------------------------- */
/* SlicesDoctor: overrides, construction, public API */

static void
slices_doctor_finalize (GObject *object)
{
  SlicesDoctor *self = SLICES_DOCTOR (object);

  g_free (self->sysfs_root);
  g_free (self->root_dir);
  g_free (self->os_release_path);
  g_free (self->dev_root);
  g_free (self->proc_root);
  g_free (self->qemu_log_dir);
  g_free (self->mdevctl_path);
  g_free (self->mdevctl_defined_json);
  g_free (self->libvirt_uri);
  g_free (self->libvirt_message);
  g_strfreev (self->user_groups);
  g_free (self->user_name);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  g_clear_object (&self->checks);

  G_OBJECT_CLASS (slices_doctor_parent_class)->finalize (object);
}

static void
slices_doctor_class_init (SlicesDoctorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slices_doctor_finalize;
}

static void
slices_doctor_init (SlicesDoctor *self)
{
  self->checks = g_list_store_new (SLICES_TYPE_CHECK);
  self->gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) scan_gpu_free);
}

static GStrv
dup_process_groups (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree gid_t *gids = NULL;
  int n;

  n = getgroups (0, NULL);
  if (n < 0)
    return g_strv_builder_end (builder);
  gids = g_new0 (gid_t, n + 1);
  n = getgroups (n, gids);
  gids[MAX (n, 0)] = getegid ();
  for (int i = 0; i <= MAX (n, 0); i++)
    {
      struct group *group = getgrgid (gids[i]);

      if (group != NULL && group->gr_name != NULL)
        g_strv_builder_add (builder, group->gr_name);
    }
  return g_strv_builder_end (builder);
}

static char *
find_mdevctl (void)
{
  const char *candidates[] = { MDEVCTL_PATH, "/usr/bin/mdevctl", "/usr/sbin/mdevctl" };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup (candidates[i]);
    }
  return g_find_program_in_path ("mdevctl");
}

SlicesDoctor *
slices_doctor_new (const SlicesDoctorEnv *env)
{
  SlicesDoctorEnv empty = { 0 };
  SlicesDoctor *self = g_object_new (SLICES_TYPE_DOCTOR, NULL);

  if (env == NULL)
    env = &empty;

  self->sysfs_root = g_strdup (env->sysfs_root != NULL ? env->sysfs_root
                                                       : SLICES_DEFAULT_SYSFS_ROOT);
  self->root_dir = g_strdup (env->root_dir != NULL ? env->root_dir : "/");
  self->os_release_path = g_strdup (env->os_release_path);
  self->dev_root = g_strdup (env->dev_root != NULL ? env->dev_root : "/dev");
  self->proc_root = g_strdup (env->proc_root);
  self->qemu_log_dir = g_strdup (env->qemu_log_dir != NULL ? env->qemu_log_dir
                                                           : "/var/log/libvirt/qemu");
  /* An explicit path is taken as it is (a missing one means "not installed"). */
  self->mdevctl_path = env->mdevctl_path != NULL ? g_strdup (env->mdevctl_path) : find_mdevctl ();
  self->mdevctl_defined_json = g_strdup (env->mdevctl_defined_json);
  self->libvirt_state = env->libvirt_state;
  self->libvirt_uri = g_strdup (env->libvirt_uri);
  self->libvirt_message = g_strdup (env->libvirt_message);
  self->user_groups = env->user_groups != NULL ? g_strdupv ((char **) env->user_groups)
                                               : dup_process_groups ();
  self->user_name = g_strdup (env->user_name != NULL ? env->user_name : g_get_user_name ());
  self->uid_set = env->uid_set;
  self->uid = env->uid;
  self->distro = slices_distro_detect (self->root_dir, self->os_release_path);

  return self;
}

void
slices_doctor_set_mdevctl_defined (SlicesDoctor *self,
                                   const char   *json)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));

  g_free (self->mdevctl_defined_json);
  self->mdevctl_defined_json = g_strdup (json);
}

void
slices_doctor_set_libvirt (SlicesDoctor       *self,
                           SlicesLibvirtState  state,
                           const char         *uri,
                           const char         *message)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));

  self->libvirt_state = state;
  g_free (self->libvirt_uri);
  self->libvirt_uri = g_strdup (uri);
  g_free (self->libvirt_message);
  self->libvirt_message = g_strdup (message);
}

void
slices_doctor_run (SlicesDoctor *self)
{
  g_autoptr(GPtrArray) checks = NULL;
  RunState state = { 0 };

  g_return_if_fail (SLICES_IS_DOCTOR (self));

  self->distro = slices_distro_detect (self->root_dir, self->os_release_path);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  self->gpus = scan_gpus (self->sysfs_root);

  checks = g_ptr_array_new_with_free_func (g_object_unref);
  state.self = self;
  state.checks = checks;

  check_gpu_generation (&state);
  check_gvt_parameter (&state);
  check_guc_submission (&state);
  check_kvmgt_module (&state);
  check_vfio_modules (&state);
  check_slice_types (&state);
  check_room (&state);
  check_iommu (&state);
  check_render_node (&state);
  check_libvirt (&state);
  check_polkit_agent (&state);
  check_persistence (&state);
  check_qemu_sandbox (&state);

  g_list_store_splice (self->checks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->checks)),
                       checks->pdata, checks->len);
}

/* mdevctl's list is only worth asking for when nothing gave it and it can answer: without
 * /etc/mdevctl.d nothing is defined (and mdevctl 1.2.0 fails instead of saying so). */
static gboolean
doctor_needs_mdevctl_list (SlicesDoctor *self)
{
  if (self->mdevctl_defined_json != NULL || self->mdevctl_path == NULL ||
      self->distro == SLICES_DISTRO_NIXOS ||
      !g_file_test (self->mdevctl_path, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  if (!path_exists (self->root_dir, "etc", "mdevctl.d", NULL))
    {
      self->mdevctl_defined_json = g_strdup ("[]");
      return FALSE;
    }
  return TRUE;
}

static GSubprocess *
spawn_mdevctl_list (SlicesDoctor  *self,
                    GError       **error)
{
  const char *argv[] = { self->mdevctl_path, "list", "--defined", "--dumpjson", NULL };

  return g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
}

static void
take_mdevctl_output (SlicesDoctor *self,
                     GSubprocess  *process,
                     const char   *output)
{
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    slices_doctor_set_mdevctl_defined (self, output != NULL ? output : "");
  else
    g_debug ("mdevctl list --defined --dumpjson failed; persistence stays unknown");
}

static void
on_mdevctl_communicate_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  SlicesDoctor *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, &output, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Could not read mdevctl's output: %s", error->message);
    }
  else
    {
      take_mdevctl_output (self, process, output);
    }

  slices_doctor_run (self);
  g_task_return_boolean (task, TRUE);
}

void
slices_doctor_run_async (SlicesDoctor        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SLICES_IS_DOCTOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_doctor_run_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (doctor_needs_mdevctl_list (self))
    process = spawn_mdevctl_list (self, &error);
  if (process != NULL)
    {
      g_subprocess_communicate_utf8_async (process, NULL, cancellable,
                                           on_mdevctl_communicate_cb, g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    g_debug ("Could not run mdevctl: %s", error->message);

  slices_doctor_run (self);
  g_task_return_boolean (task, TRUE);
}

gboolean
slices_doctor_run_finish (SlicesDoctor  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slices_doctor_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
slices_doctor_run_sync (SlicesDoctor  *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (doctor_needs_mdevctl_list (self))
    process = spawn_mdevctl_list (self, &local_error);
  if (process != NULL)
    {
      g_autofree char *output = NULL;

      if (g_subprocess_communicate_utf8 (process, NULL, cancellable, &output, NULL,
                                         &local_error))
        take_mdevctl_output (self, process, output);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (local_error != NULL)
    g_debug ("Could not run mdevctl: %s", local_error->message);

  slices_doctor_run (self);
  return TRUE;
}

GListModel *
slices_doctor_get_checks (SlicesDoctor *self)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);
  return G_LIST_MODEL (self->checks);
}

SlicesCheck *
slices_doctor_find_check (SlicesDoctor *self,
                          const char   *id)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (g_str_equal (check->id, id))
        return check; /* the store keeps its reference */
    }
  return NULL;
}

SlicesDistroFamily
slices_doctor_get_distro (SlicesDoctor *self)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), SLICES_DISTRO_UNKNOWN);
  return self->distro;
}

guint
slices_doctor_count (SlicesDoctor      *self,
                     SlicesCheckStatus  status)
{
  guint n, count = 0;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (check->status == status)
        count++;
    }
  return count;
}

gboolean
slices_doctor_has_errors (SlicesDoctor *self)
{
  return slices_doctor_count (self, SLICES_CHECK_STATUS_ERROR) > 0;
}

char *
slices_doctor_dup_summary (SlicesDoctor *self)
{
  guint problems;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  problems = slices_doctor_count (self, SLICES_CHECK_STATUS_ERROR) +
             slices_doctor_count (self, SLICES_CHECK_STATUS_WARNING);
  if (problems == 0)
    return g_strdup (_("No problems found"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem found",
                                       "%u problems found", problems),
                          problems);
}

char *
slices_doctor_to_json (SlicesDoctor *self,
                       gboolean      pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "distro");
  json_builder_add_string_value (builder, slices_distro_family_to_string (self->distro));
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, slices_doctor_count (self, SLICES_CHECK_STATUS_ERROR));
  json_builder_set_member_name (builder, "warnings");
  json_builder_add_int_value (builder, slices_doctor_count (self, SLICES_CHECK_STATUS_WARNING));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, check->id);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, slices_check_status_to_string (check->status));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, check->title);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, check->detail);
      json_builder_set_member_name (builder, "fixes");
      json_builder_begin_array (builder);
      for (guint j = 0; j < check->fixes->len; j++)
        {
          const SlicesFix *fix = g_ptr_array_index (check->fixes, j);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, slices_fix_kind_to_string (fix->kind));
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, fix->text);
          if (fix->label != NULL)
            {
              json_builder_set_member_name (builder, "label");
              json_builder_add_string_value (builder, fix->label);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

static char *
dup_nixos_snippet (SlicesDoctor *self,
                   gboolean      guc_failed)
{
  g_autoptr(GArray) slices = g_array_new (FALSE, TRUE, sizeof (SlicesNixosSlice));
  const ScanGpu *gpu = first_gvt_gpu (self);

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const ScanGpu *each = g_ptr_array_index (self->gpus, i);

      for (guint j = 0; j < each->slices->len; j++)
        {
          const ScanSlice *scan = g_ptr_array_index (each->slices, j);
          SlicesNixosSlice slice = { each->address, scan->type_id, scan->uuid };

          g_array_append_val (slices, slice);
        }
    }

  return slices_nixos_snippet (gpu != NULL ? gpu->address : NULL,
                               (const SlicesNixosSlice *) (gpointer) slices->data, slices->len,
                               guc_failed, self->user_name);
}

char *
slices_doctor_dup_nixos_snippet (SlicesDoctor *self)
{
  SlicesCheck *guc;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  guc = slices_doctor_find_check (self, SLICES_CHECK_GUC_SUBMISSION);
  return dup_nixos_snippet (self, guc != NULL && guc->status == SLICES_CHECK_STATUS_ERROR);
}
