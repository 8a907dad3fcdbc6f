/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel's rules for SR-IOV and binding writes (../shared/FACTS-SRIOV.md S1, S2):
 * sriov_numvfs with its checks in the PCI core's order and then the driver's (xe's fair
 * provisioning), sriov_drivers_autoprobe (kstrtobool), driver_override, drivers_probe, a
 * driver's bind and unbind (pci_device_can_probe: a VF probes only with autoprobe on or an
 * override), and xe's sriov_admin files. Each returns 0 or the positive errno write(2) would
 * give, and emits "changed" where the kernel would send uevents.
 *
 * One deliberate difference: disabling VFs while one is held open (a VM has it through VFIO)
 * blocks in the real kernel until the process lets go; here it fails with EBUSY, so that no
 * test or demo can hang.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "slices-ids.h"
#include "slices-simulator-private.h"

/* driver_set_override(): an override of a page or more is refused. */
#define OVERRIDE_MAX 4095

/* --- parsers --- */

/* kstrtobool: the first character decides ("on"/"off" the second); the rest is ignored. */
static int
kernel_parse_bool (const char *data,
                   gsize       len,
                   gboolean   *value)
{
  if (len == 0)
    return EINVAL;

  switch (data[0])
    {
    case 'y': case 'Y': case 't': case 'T': case 'e': case 'E': case '1':
      *value = TRUE;
      return 0;
    case 'n': case 'N': case 'f': case 'F': case 'd': case 'D': case '0':
      *value = FALSE;
      return 0;
    case 'o': case 'O':
      if (len >= 2 && (data[1] == 'n' || data[1] == 'N'))
        {
          *value = TRUE;
          return 0;
        }
      if (len >= 2 && (data[1] == 'f' || data[1] == 'F'))
        {
          *value = FALSE;
          return 0;
        }
      return EINVAL;
    default:
      return EINVAL;
    }
}

/* sysfs_streq(): equal, or equal up to one trailing newline of the written text. */
static gboolean
kernel_streq (const char *data,
              gsize       len,
              const char *word)
{
  gsize word_len = strlen (word);

  if (len > 0 && data[len - 1] == '\n')
    len--;
  return len == word_len && memcmp (data, word, len) == 0;
}

/* The device a BDF written to drivers_probe, bind or unbind names (sysfs_streq), or NULL. */
static char *
find_device (SlicesSimulator *self,
             const char      *data,
             gsize            len)
{
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;

  if (len > 0 && data[len - 1] == '\n')
    len--;
  text = g_strndup (data, len);
  if (strlen (text) != len || !slices_sim_is_component (text))
    return NULL;

  link = g_build_filename (self->root, "bus", "pci", "devices", text, NULL);
  if (!g_file_test (link, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_steal_pointer (&text);
}

/* --- drivers and matching --- */

static gboolean
driver_exists (SlicesSimulator *self,
               const char      *driver)
{
  g_autofree char *dir = NULL;

  if (!slices_sim_is_component (driver))
    return FALSE;
  dir = g_build_filename (self->root, "bus", "pci", "drivers", driver, NULL);
  return g_file_test (dir, G_FILE_TEST_IS_DIR);
}

/* Rule 5 of S1: xe has sriov_configure; i915 only when built with SR-IOV (the dkms one,
 * which has the max_vfs parameter); nothing else here does. */
static gboolean
driver_does_sriov (SlicesSimulator *self,
                   const char      *driver)
{
  g_autofree char *max_vfs = g_build_filename (self->root, "module", "i915", "parameters",
                                               "max_vfs", NULL);

  if (g_strcmp0 (driver, "xe") == 0)
    return TRUE;
  return g_strcmp0 (driver, "i915") == 0 && g_file_test (max_vfs, G_FILE_TEST_EXISTS);
}

/* driver_override as the kernel keeps it; NULL when unset. */
static char *
read_override (SlicesSimulator *self,
               const char      *address)
{
  g_autofree char *dir = slices_sim_dup_pci_dir (self, address);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "driver_override", NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_strchomp (text);
  if (g_str_equal (text, "(null)"))
    return NULL;
  return g_steal_pointer (&text);
}

/* pci_device_can_probe(): a VF probes only while its PF's autoprobe is on, or with an
 * override. */
static gboolean
can_probe (SlicesSimulator *self,
           const char      *address)
{
  g_autofree char *pf = slices_sim_read_physfn (self, address);
  g_autofree char *override = NULL;

  if (pf == NULL || slices_sim_read_number (self, pf, "sriov_drivers_autoprobe") == 1)
    return TRUE;
  override = read_override (self, address);
  return override != NULL;
}

/* pci_bus_match(): with an override only the driver of that name (and without an id entry);
 * else the host's xe or i915 through its id table (a VF's id is the PF's). vfio-pci and
 * xe-vfio-pci have no ids of their own: they match only through an override. */
static gboolean
driver_matches (SlicesSimulator *self,
                const char      *address,
                const char      *driver)
{
  g_autofree char *override = read_override (self, address);
  g_autofree char *pf = NULL;
  g_autofree char *host_driver = NULL;

  if (override != NULL)
    return g_str_equal (override, driver);

  pf = slices_sim_read_physfn (self, address);
  if (pf == NULL)
    {
      /* A PF: the driver it was made with (the state file), never a VFIO driver. */
      g_autoptr(GKeyFile) keyfile = slices_simulator_load_state (self);
      SlicesSimSriovState state;

      slices_simulator_load_sriov_state (self, keyfile, address, &state);
      return g_str_equal (driver, state.driver == SLICES_SIM_DRIVER_XE ? "xe" : "i915");
    }

  host_driver = slices_sim_read_driver (self, pf);
  return g_strcmp0 (host_driver, driver) == 0 && driver_does_sriov (self, driver);
}

/* The first driver that would take @address on a probe, or NULL. */
static char *
find_matching_driver (SlicesSimulator *self,
                      const char      *address)
{
  g_autofree char *override = read_override (self, address);
  g_autofree char *pf = NULL;
  g_autofree char *host_driver = NULL;

  if (!can_probe (self, address))
    return NULL;
  if (override != NULL)
    return driver_exists (self, override) ? g_steal_pointer (&override) : NULL;

  pf = slices_sim_read_physfn (self, address);
  host_driver = pf != NULL ? slices_sim_read_driver (self, pf) : NULL;
  if (host_driver != NULL && driver_matches (self, address, host_driver))
    return g_steal_pointer (&host_driver);
  return NULL;
}

static void
bind_or_warn (SlicesSimulator *self,
              const char      *address,
              const char      *driver)
{
  g_autoptr(GError) error = NULL;

  if (!slices_sim_bind (self, address, driver, &error))
    g_warning ("Simulator could not bind %s to %s: %s", address, driver, error->message);
}

/* --- VFs held by a pretend VM --- */

static char *
dup_held_vf (SlicesSimulator *self,
             const char      *pf_address)
{
  g_autoptr(GPtrArray) vfs = slices_sim_list_vfs (self, pf_address);
  g_autoptr(GKeyFile) keyfile = slices_simulator_load_state (self);

  for (guint i = 0; i < vfs->len; i++)
    if (slices_sim_state_is_held (keyfile, g_ptr_array_index (vfs, i)))
      return g_strdup (g_ptr_array_index (vfs, i));

  return NULL;
}

/* The driver's sriov_configure (pf, 0) and the core's pci_disable_sriov(): every VF is
 * unbound and removed, last first. EBUSY while one is held (the real kernel blocks). */
static int
disable_vfs (SlicesSimulator *self,
             const char      *pf_address)
{
  g_autofree char *held = dup_held_vf (self, pf_address);
  g_autoptr(GPtrArray) vfs = NULL;

  if (held != NULL)
    return EBUSY;

  vfs = slices_sim_list_vfs (self, pf_address);
  for (guint i = vfs->len; i > 0; i--)
    slices_sim_unmake_vf (self, pf_address, i - 1);
  slices_sim_write_number (self, pf_address, "sriov_numvfs", 0, 0644);
  g_debug ("%s: PF: Disabled %u VFs", pf_address, vfs->len);

  return 0;
}

/* --- writes --- */

int
slices_simulator_write_sriov_numvfs (SlicesSimulator *self,
                                     const char      *pf_address,
                                     const char      *data,
                                     gsize            len)
{
  g_autofree char *dir = NULL;
  g_autofree char *numvfs = NULL;
  g_autofree char *driver = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  SlicesSimSriovState state;
  guint64 n;
  int total, current, err;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (pf_address != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  /* Opening PF/sriov_numvfs: only a PF whose capability has VFs has it. */
  dir = slices_sim_dup_pci_dir (self, pf_address);
  numvfs = dir != NULL ? g_build_filename (dir, "sriov_numvfs", NULL) : NULL;
  if (numvfs == NULL || !g_file_test (numvfs, G_FILE_TEST_IS_REGULAR))
    return ENOENT;

  /* 1. kstrtou16 (buf, 0, …): EINVAL, and ERANGE above 65535 as kstrtou16 gives it. */
  if ((err = slices_sim_kernel_parse_unsigned (data, len, G_MAXUINT16, &n)) != 0)
    return err;

  total = slices_sim_read_number (self, pf_address, "sriov_totalvfs");
  current = slices_sim_read_number (self, pf_address, "sriov_numvfs");

  /* 2. More than totalvfs, before any other check. */
  if ((int) n > total)
    return ERANGE;
  /* 3. The same number: nothing happens, even without a driver. */
  if ((int) n == current)
    return 0;

  /* 4, 5. A driver that configures SR-IOV. */
  driver = slices_sim_read_driver (self, pf_address);
  if (driver == NULL)
    {
      g_debug ("pci %s: no driver bound to device; cannot configure SR-IOV", pf_address);
      return ENOENT;
    }
  if (!driver_does_sriov (self, driver))
    {
      g_debug ("%s %s: driver does not support SR-IOV configuration via sysfs", driver,
               pf_address);
      return ENOENT;
    }

  /* 6. From M to N only through 0. */
  if (n > 0 && current > 0)
    {
      g_debug ("%s %s: %d VFs already enabled. Disable before enabling %u VFs", driver,
               pf_address, current, (guint) n);
      return EBUSY;
    }

  if (n == 0)
    {
      if ((err = disable_vfs (self, pf_address)) != 0)
        return err;
      slices_simulator_emit_changed (self);
      return 0;
    }

  /* 7. The driver: xe's fair provisioning cannot split its resources more ways. */
  keyfile = slices_simulator_load_state (self);
  slices_simulator_load_sriov_state (self, keyfile, pf_address, &state);
  if (state.fair_vfs > 0 && n > state.fair_vfs)
    {
      g_debug ("%s: PF: Failed to enable %u VFs (-ENOSPC)", pf_address, (guint) n);
      return ENOSPC;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *vf = slices_sim_vf_address (pf_address, i);
      g_autofree char *match = NULL;

      if (!slices_sim_make_vf (self, pf_address, i, &error))
        {
          g_warning ("Simulator could not make VF %u of %s: %s", i, pf_address, error->message);
          disable_vfs (self, pf_address);
          slices_simulator_emit_changed (self);
          return EIO;
        }
      /* add, then bind when a driver takes it (autoprobe). */
      match = find_matching_driver (self, vf);
      if (match != NULL)
        bind_or_warn (self, vf, match);
    }

  slices_sim_write_number (self, pf_address, "sriov_numvfs", (guint) n, 0644);
  g_debug ("%s: PF: Enabled %u of %d VFs", pf_address, (guint) n, total);
  slices_simulator_emit_changed (self);

  return 0;
}

int
slices_simulator_write_sriov_autoprobe (SlicesSimulator *self,
                                        const char      *pf_address,
                                        const char      *data,
                                        gsize            len)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gboolean value;
  int err;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (pf_address != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  dir = slices_sim_dup_pci_dir (self, pf_address);
  path = dir != NULL ? g_build_filename (dir, "sriov_drivers_autoprobe", NULL) : NULL;
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return ENOENT;

  if ((err = kernel_parse_bool (data, len, &value)) != 0)
    return err;

  /* Only VFs enabled (or probed) later see it. */
  if (slices_sim_read_number (self, pf_address, "sriov_drivers_autoprobe") != (int) value)
    {
      slices_sim_write_number (self, pf_address, "sriov_drivers_autoprobe", value, 0644);
      slices_simulator_emit_changed (self);
    }
  return 0;
}

int
slices_simulator_write_driver_override (SlicesSimulator *self,
                                        const char      *address,
                                        const char      *data,
                                        gsize            len)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *newline;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (address != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  dir = slices_sim_dup_pci_dir (self, address);
  path = dir != NULL ? g_build_filename (dir, "driver_override", NULL) : NULL;
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return ENOENT;
  if (len > OVERRIDE_MAX)
    return EINVAL;

  /* Cut at the first newline; nothing left clears it. It neither unbinds nor loads. */
  newline = memchr (data, '\n', len);
  value = g_strndup (data, newline != NULL ? (gsize) (newline - data) : len);
  text = value[0] != '\0' ? g_strdup_printf ("%s\n", value) : g_strdup ("(null)\n");
  if (!slices_sim_write_file (path, text, 0644, &error))
    {
      g_warning ("Simulator: %s", error->message);
      return EIO;
    }
  return 0;
}

int
slices_simulator_write_drivers_probe (SlicesSimulator *self,
                                      const char      *data,
                                      gsize            len)
{
  g_autofree char *address = NULL;
  g_autofree char *driver = NULL;
  g_autofree char *match = NULL;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  address = find_device (self, data, len);
  if (address == NULL)
    return ENODEV;

  /* Success whether or not anything binds. */
  driver = slices_sim_read_driver (self, address);
  if (driver == NULL && (match = find_matching_driver (self, address)) != NULL)
    {
      bind_or_warn (self, address, match);
      slices_simulator_emit_changed (self);
    }
  return 0;
}

/* The start of a bind or unbind write: EACCES on the real system, ENOENT for a driver folder
 * that does not exist, ENODEV for a BDF that names no device; else 0 and *@address. */
static int
open_driver_write (SlicesSimulator  *self,
                   const char       *driver,
                   const char       *data,
                   gsize             len,
                   char            **address)
{
  if (self->unsafe)
    return EACCES;
  if (!driver_exists (self, driver))
    return ENOENT;
  *address = find_device (self, data, len);
  return *address != NULL ? 0 : ENODEV;
}

/* A PF (no physfn link) whose VFs are enabled: vfio-pci will not take it, and its driver takes
 * the VFs with it when it goes. */
static gboolean
is_pf_with_vfs (SlicesSimulator *self,
                const char      *address)
{
  g_autofree char *physfn = slices_sim_read_physfn (self, address);

  return physfn == NULL && slices_sim_read_number (self, address, "sriov_numvfs") > 0;
}

int
slices_simulator_write_bind (SlicesSimulator *self,
                             const char      *driver,
                             const char      *data,
                             gsize            len)
{
  g_autofree char *address = NULL;
  g_autofree char *bound = NULL;
  int err;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (driver != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if ((err = open_driver_write (self, driver, data, len, &address)) != 0)
    return err;
  if (!driver_matches (self, address, driver))
    return ENODEV;
  bound = slices_sim_read_driver (self, address);
  if (bound != NULL)
    return EBUSY;
  /* The probe itself: pci_device_can_probe() rejects it (ENODEV); vfio-pci refuses a PF with
   * VFs ("Cannot bind to PF with SR-IOV enabled"). */
  if (!can_probe (self, address))
    return ENODEV;
  if (g_str_has_suffix (driver, "vfio-pci") && is_pf_with_vfs (self, address))
    return EBUSY;

  bind_or_warn (self, address, driver);
  slices_simulator_emit_changed (self);
  return 0;
}

int
slices_simulator_write_unbind (SlicesSimulator *self,
                               const char      *driver,
                               const char      *data,
                               gsize            len)
{
  g_autofree char *address = NULL;
  g_autofree char *bound = NULL;
  int err;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (driver != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if ((err = open_driver_write (self, driver, data, len, &address)) != 0)
    return err;
  bound = slices_sim_read_driver (self, address);
  if (bound == NULL || !g_str_equal (bound, driver))
    return ENODEV;

  /* A PF's driver takes its VFs with it when it goes (xe's remove disables SR-IOV). */
  if (is_pf_with_vfs (self, address) && (err = disable_vfs (self, address)) != 0)
    return err;

  slices_sim_unbind (self, address);
  slices_simulator_emit_changed (self);
  return 0;
}

/* --- sriov_admin (S2) --- */

static const char * const pf_priorities[] = { "low", "normal", "high", NULL };
static const char * const vf_priorities[] = { "low", "normal", NULL };

/* "low [normal] high": the options with the current one in brackets. */
static char *
format_choice (const char * const *options,
               const char         *current)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; options[i] != NULL; i++)
    g_string_append_printf (text, i > 0 ? " %s%s%s" : "%s%s%s",
                            g_str_equal (options[i], current) ? "[" : "", options[i],
                            g_str_equal (options[i], current) ? "]" : "");
  g_string_append_c (text, '\n');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
parse_choice (const char * const *options,
              const char         *data,
              gsize               len)
{
  for (guint i = 0; options[i] != NULL; i++)
    if (kernel_streq (data, len, options[i]))
      return options[i];
  return NULL;
}

/* Writes @text to every vf<N>/profile/@name that exists (the .bulk_profile files). */
static void
write_every_vf (const char *admin,
                const char *name,
                const char *text)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *vf = g_strdup_printf ("%s/vf%u/profile/%s", admin, n, name);
      g_autoptr(GError) error = NULL;
      int mode = g_str_equal (name, "sched_priority") ? 0444 : 0644;

      if (!g_file_test (vf, G_FILE_TEST_IS_REGULAR))
        break;
      if (!slices_sim_write_file (vf, text, mode, &error))
        g_warning ("Simulator: %s", error->message);
    }
}

int
slices_simulator_write_sriov_admin (SlicesSimulator *self,
                                    const char      *pf_address,
                                    const char      *file,
                                    const char      *data,
                                    gsize            len)
{
  g_autofree char *dir = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *owner = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean bulk, is_pf;
  guint64 number;

  g_return_val_if_fail (SLICES_IS_SIMULATOR (self), EINVAL);
  g_return_val_if_fail (pf_address != NULL, EINVAL);
  g_return_val_if_fail (file != NULL, EINVAL);
  g_return_val_if_fail (data != NULL || len == 0, EINVAL);

  if (self->unsafe)
    return EACCES;

  /* Opening PF/sriov_admin/FILE: plain components only, a regular file (a link is a folder). */
  parts = g_strsplit (file, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (!slices_sim_is_component (parts[i]))
      return ENOENT;
  dir = slices_sim_dup_pci_dir (self, pf_address);
  if (dir == NULL)
    return ENOENT;
  admin = g_build_filename (dir, "sriov_admin", NULL);
  path = g_build_filename (admin, file, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return EISDIR;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return ENOENT;

  name = g_path_get_basename (path);
  parent = g_path_get_dirname (path);
  owner = g_path_get_basename (parent);
  bulk = g_str_equal (owner, ".bulk_profile");
  is_pf = g_str_has_suffix (parent, "/pf/profile");

  if (g_str_equal (name, "exec_quantum_ms") || g_str_equal (name, "preempt_timeout_us") ||
      g_str_equal (name, "vram_quota"))
    {
      guint64 max = g_str_equal (name, "vram_quota") ? G_MAXUINT64 : G_MAXUINT32;

      /* Integers base 0; anything else (ERANGE too) is a bad string: EINVAL. */
      if (slices_sim_kernel_parse_unsigned (data, len, max, &number) != 0)
        return EINVAL;
      text = g_strdup_printf ("%" G_GUINT64_FORMAT "\n", number);
    }
  else if (g_str_equal (name, "sched_priority"))
    {
      const char *choice;

      if (!is_pf && !bulk)
        return EOPNOTSUPP;
      choice = parse_choice (is_pf ? pf_priorities : vf_priorities, data, len);
      if (choice == NULL)
        return EINVAL;
      text = format_choice (is_pf ? pf_priorities : vf_priorities, choice);
    }
  else if (g_str_equal (name, "stop"))
    {
      gboolean value;

      /* Write-only; only a VF reset undoes it, and nothing in sysfs shows it. */
      return kernel_parse_bool (data, len, &value);
    }
  else
    {
      return EACCES;
    }

  if (bulk)
    write_every_vf (admin, name, text);
  else if (!slices_sim_write_file (path, text, 0644, &error))
    {
      g_warning ("Simulator: %s", error->message);
      return EIO;
    }

  slices_simulator_emit_changed (self);
  return 0;
}
