/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Distribution family from os-release(5). Owns the mapping from ID / ID_LIKE words to the
 * four families whose commands the setup checks know.
 */
#include "config.h"

#include <string.h>

#include "slices-distro.h"

typedef struct {
  const char         *id;
  SlicesDistroFamily  family;
} DistroId;

/* ID values seen in the wild; ID_LIKE covers most derivatives that are not listed. */
static const DistroId known_ids[] = {
  { "debian", SLICES_DISTRO_DEBIAN },
  { "ubuntu", SLICES_DISTRO_DEBIAN },
  { "linuxmint", SLICES_DISTRO_DEBIAN },
  { "mint", SLICES_DISTRO_DEBIAN },
  { "pop", SLICES_DISTRO_DEBIAN },
  { "elementary", SLICES_DISTRO_DEBIAN },
  { "zorin", SLICES_DISTRO_DEBIAN },
  { "kali", SLICES_DISTRO_DEBIAN },
  { "raspbian", SLICES_DISTRO_DEBIAN },
  { "neon", SLICES_DISTRO_DEBIAN },
  { "devuan", SLICES_DISTRO_DEBIAN },
  { "fedora", SLICES_DISTRO_FEDORA },
  { "rhel", SLICES_DISTRO_FEDORA },
  { "centos", SLICES_DISTRO_FEDORA },
  { "rocky", SLICES_DISTRO_FEDORA },
  { "almalinux", SLICES_DISTRO_FEDORA },
  { "ol", SLICES_DISTRO_FEDORA },
  { "nobara", SLICES_DISTRO_FEDORA },
  { "arch", SLICES_DISTRO_ARCH },
  { "archarm", SLICES_DISTRO_ARCH },
  { "manjaro", SLICES_DISTRO_ARCH },
  { "manjaro-arm", SLICES_DISTRO_ARCH },
  { "endeavouros", SLICES_DISTRO_ARCH },
  { "garuda", SLICES_DISTRO_ARCH },
  { "artix", SLICES_DISTRO_ARCH },
  { "cachyos", SLICES_DISTRO_ARCH },
  { "nixos", SLICES_DISTRO_NIXOS },
};

static SlicesDistroFamily
family_from_id (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_ids); i++)
    {
      if (g_ascii_strcasecmp (known_ids[i].id, id) == 0)
        return known_ids[i].family;
    }
  return SLICES_DISTRO_UNKNOWN;
}

/* os-release values are shell-like: optionally quoted with " or ', backslash escapes inside
 * double quotes. */
static char *
unquote_value (const char *raw)
{
  g_autofree char *value = g_strstrip (g_strdup (raw));
  GString *out;
  char quote = 0;
  const char *p = value;

  if (*p == '"' || *p == '\'')
    quote = *p++;

  out = g_string_new (NULL);
  for (; *p != '\0'; p++)
    {
      if (quote != 0 && *p == quote)
        break;
      if (quote == '"' && *p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
slices_os_release_get (const char *text,
                       const char *key)
{
  g_auto(GStrv) lines = NULL;
  gsize key_len;

  g_return_val_if_fail (key != NULL, NULL);

  if (text == NULL)
    return NULL;

  key_len = strlen (key);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (*line == ' ' || *line == '\t')
        line++;
      if (strncmp (line, key, key_len) == 0 && line[key_len] == '=')
        return unquote_value (line + key_len + 1);
    }
  return NULL;
}

SlicesDistroFamily
slices_distro_family_from_os_release (const char *text)
{
  g_autofree char *id = slices_os_release_get (text, "ID");
  g_autofree char *id_like = slices_os_release_get (text, "ID_LIKE");
  SlicesDistroFamily family = SLICES_DISTRO_UNKNOWN;

  if (id != NULL)
    family = family_from_id (id);

  if (family == SLICES_DISTRO_UNKNOWN && id_like != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (id_like, " \t", -1);

      /* The first word that names a known family wins: "ubuntu debian" and "rhel fedora"
       * both land where they should. */
      for (guint i = 0; words[i] != NULL && family == SLICES_DISTRO_UNKNOWN; i++)
        {
          if (*words[i] != '\0')
            family = family_from_id (words[i]);
        }
    }

  return family;
}

SlicesDistroFamily
slices_distro_detect (const char *root_dir,
                      const char *os_release_path)
{
  g_autofree char *nixos_marker = NULL;
  const char *root = root_dir != NULL ? root_dir : "/";

  nixos_marker = g_build_filename (root, "etc", "NIXOS", NULL);
  if (g_file_test (nixos_marker, G_FILE_TEST_EXISTS))
    return SLICES_DISTRO_NIXOS;

  if (os_release_path != NULL)
    {
      g_autofree char *text = NULL;

      if (!g_file_get_contents (os_release_path, &text, NULL, NULL))
        return SLICES_DISTRO_UNKNOWN;
      return slices_distro_family_from_os_release (text);
    }

  {
    const char *candidates[] = { "etc/os-release", "usr/lib/os-release" };

    for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
      {
        g_autofree char *path = g_build_filename (root, candidates[i], NULL);
        g_autofree char *text = NULL;

        if (g_file_get_contents (path, &text, NULL, NULL))
          return slices_distro_family_from_os_release (text);
      }
  }

  return SLICES_DISTRO_UNKNOWN;
}

const char *
slices_distro_family_to_string (SlicesDistroFamily family)
{
  switch (family)
    {
    case SLICES_DISTRO_DEBIAN:
      return "debian";
    case SLICES_DISTRO_FEDORA:
      return "fedora";
    case SLICES_DISTRO_ARCH:
      return "arch";
    case SLICES_DISTRO_NIXOS:
      return "nixos";
    case SLICES_DISTRO_UNKNOWN:
    default:
      return "unknown";
    }
}
