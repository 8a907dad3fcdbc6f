/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Intel GPU platforms by PCI device id, read once from intel-platforms.txt (compiled in as a
 * string, slices-platform-table.h; the format is described at the top of that file), and
 * product names from udev's hwdb.
 */
#include "config.h"

#include <gio/gio.h>
#include <libudev.h>
#include <string.h>

#include "slices-platform.h"
#include "slices-platform-table.h"

typedef struct {
  char             *code;
  char             *name;
  SlicesGvtSupport  support;
  gboolean          sriov_known;
  SlicesSriovDrivers sriov_drivers;
} Platform;

typedef struct {
  guint     id;
  guint     line;     /* where the id was listed: the first listing wins */
  Platform *platform; /* borrowed from by_code */
} IdEntry;

typedef struct {
  GHashTable *by_code; /* code → Platform* (owned) */
  GArray     *by_id;   /* IdEntry, sorted by id, then line: an array sorts once, faster at
                        * start than a few hundred hash inserts (issue 11) */
} PlatformTable;

static void
platform_free (gpointer data)
{
  Platform *platform = data;

  g_free (platform->code);
  g_free (platform->name);
  g_free (platform);
}

static gboolean
parse_support (const char       *text,
               SlicesGvtSupport *out)
{
  if (g_str_equal (text, "gvt-g"))
    *out = SLICES_GVT_SUPPORT_GVT_G;
  else if (g_str_equal (text, "sriov"))
    *out = SLICES_GVT_SUPPORT_SRIOV;
  else if (g_str_equal (text, "none"))
    *out = SLICES_GVT_SUPPORT_NONE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_device_id (const char *text,
                 guint      *out)
{
  guint64 value;

  if (!g_str_has_prefix (text, "0x") && !g_str_has_prefix (text, "0X"))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text + 2, 16, 0, 0xffff, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* Splits @line in place at blanks, after cutting its comment; fills @words (at most
 * @max_words, then the line counts as unparsable) and returns how many, or -1. */
static int
split_words (char  *line,
             char **words,
             int    max_words)
{
  int n = 0;

  for (char *p = line; *p != '\0' && *p != '#'; )
    {
      if (*p == ' ' || *p == '\t')
        {
          *p++ = '\0';
          continue;
        }
      if (n == max_words)
        return -1;
      words[n++] = p;
      while (*p != '\0' && *p != '#' && *p != ' ' && *p != '\t')
        p++;
      if (*p == '#')
        *p = '\0';
    }

  return n;
}

/* Reads the table from @text, which it cuts up (in place, once, at start: the table is looked
 * up by every GPU, and `slicectl list` should not pay more for it than for reading sysfs). */
static void
parse_table (PlatformTable *table,
             char          *text)
{
  char *next = text;

  for (guint number = 1; next != NULL; number++)
    {
      char *line = next;
      char *words[65]; /* and a NULL after the last */
      int n;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';

      n = split_words (line, words, G_N_ELEMENTS (words) - 1);
      if (n == 0)
        continue;

      if (n >= 4 && g_str_equal (words[0], "platform"))
        {
          Platform *platform = g_new0 (Platform, 1);

          if (!parse_support (words[2], &platform->support))
            {
              g_warning ("intel-platforms.txt:%u: unknown support “%s”", number, words[2]);
              platform_free (platform);
              continue;
            }
          platform->code = g_strdup (words[1]);
          words[n] = NULL;
          platform->name = g_strjoinv (" ", words + 3);
          g_hash_table_replace (table->by_code, platform->code, platform);
        }
      else if (n >= 3 && g_str_equal (words[0], "sriov"))
        {
          Platform *platform = g_hash_table_lookup (table->by_code, words[1]);

          if (platform == NULL)
            {
              g_warning ("intel-platforms.txt:%u: undeclared platform “%s”", number, words[1]);
              continue;
            }
          platform->sriov_known = TRUE;
          for (int j = 2; j < n; j++)
            {
              if (g_str_equal (words[j], "xe"))
                platform->sriov_drivers |= SLICES_SRIOV_DRIVER_XE;
              else if (g_str_equal (words[j], "xe-force-probe"))
                platform->sriov_drivers |= SLICES_SRIOV_DRIVER_XE_FORCE_PROBE;
              else if (g_str_equal (words[j], "i915-sriov-dkms"))
                platform->sriov_drivers |= SLICES_SRIOV_DRIVER_I915_SRIOV_DKMS;
              else if (!g_str_equal (words[j], "none"))
                g_warning ("intel-platforms.txt:%u: unknown driver “%s”", number, words[j]);
            }
        }
      else if (n >= 3 && g_str_equal (words[0], "ids"))
        {
          Platform *platform = g_hash_table_lookup (table->by_code, words[1]);

          if (platform == NULL)
            {
              g_warning ("intel-platforms.txt:%u: undeclared platform “%s”", number, words[1]);
              continue;
            }
          for (int j = 2; j < n; j++)
            {
              guint id;

              if (!parse_device_id (words[j], &id))
                {
                  g_warning ("intel-platforms.txt:%u: bad device id “%s”", number, words[j]);
                  continue;
                }
              g_array_append_val (table->by_id, ((IdEntry) { id, number, platform }));
            }
        }
      else
        {
          g_warning ("intel-platforms.txt:%u: cannot parse “%s…”", number,
                     n > 0 ? words[0] : line);
        }
    }
}

static int
compare_id_entries (gconstpointer a,
                    gconstpointer b)
{
  const IdEntry *x = a;
  const IdEntry *y = b;

  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return (x->line > y->line) - (x->line < y->line);
}

static PlatformTable *
load_table (void)
{
  PlatformTable *table = g_new0 (PlatformTable, 1);

  table->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, platform_free);
  table->by_id = g_array_sized_new (FALSE, FALSE, sizeof (IdEntry), 512);

  {
    g_autofree char *text = g_strdup (slices_platform_table_text);

    parse_table (table, text);
  }
  g_array_sort (table->by_id, compare_id_entries);

  return table;
}

static PlatformTable *
get_table (void)
{
  static PlatformTable *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, load_table ());

  return table;
}

/* The platform of @device_id: the first entry with it in the sorted array, or NULL. */
static Platform *
find_platform (guint device_id)
{
  GArray *by_id = get_table ()->by_id;
  guint low = 0, high = by_id->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (by_id, IdEntry, middle).id < device_id)
        low = middle + 1;
      else
        high = middle;
    }

  if (low < by_id->len && g_array_index (by_id, IdEntry, low).id == device_id)
    return g_array_index (by_id, IdEntry, low).platform;
  return NULL;
}

const char *
slices_platform_lookup (guint             device_id,
                        SlicesGvtSupport *support)
{
  Platform *platform = find_platform (device_id);

  if (support != NULL)
    *support = platform != NULL ? platform->support : SLICES_GVT_SUPPORT_UNKNOWN;

  return platform != NULL ? platform->name : NULL;
}

SlicesSriovDrivers
slices_platform_sriov_drivers (guint     device_id,
                               gboolean *known)
{
  Platform *platform = find_platform (device_id);

  if (known != NULL)
    *known = platform != NULL && platform->sriov_known;

  return platform != NULL ? platform->sriov_drivers : SLICES_SRIOV_DRIVER_NONE;
}

static char *
lookup_product_name (guint vendor_id,
                     guint device_id)
{
  struct udev *udev;
  struct udev_hwdb *hwdb;
  struct udev_list_entry *entry;
  g_autofree char *modalias = NULL;
  char *name = NULL;

  udev = udev_new ();
  if (udev == NULL)
    return NULL;

  hwdb = udev_hwdb_new (udev);
  if (hwdb == NULL)
    {
      udev_unref (udev);
      return NULL;
    }

  /* The hwdb's patterns for a model are "pci:v<vendor>d<device>*" (and longer ones with the
   * subsystem, which this must not match). The string without a '*' of its own matches the
   * same patterns, and its lookup takes about half the time (issue 11: 70 instead of 130 µs;
   * compared for every id of intel-platforms.txt and 0x0000 to 0x0fff: the same names). */
  modalias = g_strdup_printf ("pci:v%08Xd%08X", vendor_id, device_id);
  udev_list_entry_foreach (entry, udev_hwdb_get_properties_list_entry (hwdb, modalias, 0))
    {
      if (g_strcmp0 (udev_list_entry_get_name (entry), "ID_MODEL_FROM_DATABASE") == 0)
        {
          const char *value = udev_list_entry_get_value (entry);

          if (value != NULL && value[0] != '\0')
            name = g_strdup (value);
          break;
        }
    }

  udev_hwdb_unref (hwdb);
  udev_unref (udev);

  return name;
}

/* Opening the hwdb maps a 10 MB file: every refresh asks again, so remember the answers
 * (including "none") for the life of the process. */
char *
slices_platform_product_name (guint vendor_id,
                              guint device_id)
{
  static GMutex lock;
  static GHashTable *cache; /* (vendor << 16 | device) → name or "" */
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  gpointer key = GUINT_TO_POINTER (((vendor_id & 0xffff) << 16) | (device_id & 0xffff));
  const char *cached;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

  cached = g_hash_table_lookup (cache, key);
  if (cached == NULL)
    {
      char *name = lookup_product_name (vendor_id, device_id);

      cached = name != NULL ? name : g_strdup ("");
      g_hash_table_insert (cache, key, (char *) cached);
    }

  return cached[0] != '\0' ? g_strdup (cached) : NULL;
}
