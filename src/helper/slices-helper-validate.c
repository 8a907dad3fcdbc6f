/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper's argument checks (see slices-helper-validate.h): every argument is judged here,
 * byte by byte in plain ASCII, before the helper looks at the system. Nothing here touches a
 * file or exits, so a fuzzer can call it millions of times.
 */

#define _GNU_SOURCE

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include "slices-helper-validate.h"

static int refuse (int code, char *message, size_t size, const char *format, ...)
  __attribute__ ((format (printf, 4, 5)));

static int
refuse (int         code,
        char       *message,
        size_t      size,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (message, size, format, args);
  va_end (args);
  return code;
}

const char *
slices_helper_quote (const char *text,
                     char       *buffer,
                     size_t      size)
{
  size_t out = 0;
  size_t i;

  buffer[out++] = '\'';
  for (i = 0; text[i] != '\0' && i < SLICES_HELPER_MAX_ARG_LEN && out + 8 < size; i++)
    {
      unsigned char c = (unsigned char) text[i];

      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
        buffer[out++] = (char) c;
      else
        out += (size_t) snprintf (buffer + out, size - out, "\\x%02x", c);
    }
  if (text[i] != '\0' && out + 4 < size)
    {
      memcpy (buffer + out, "...", 3);
      out += 3;
    }
  buffer[out++] = '\'';
  buffer[out] = '\0';

  return buffer;
}

static bool
is_lower_hex (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool
is_hex (char c)
{
  return is_lower_hex (c) || (c >= 'A' && c <= 'F');
}

/* Checked by hand so that only plain ASCII ever reaches libuuid's isxdigit(). */
bool
slices_helper_is_uuid_text (const char *text)
{
  if (strnlen (text, SLICES_HELPER_UUID_TEXT_LEN + 1) != SLICES_HELPER_UUID_TEXT_LEN)
    return false;
  for (size_t i = 0; i < SLICES_HELPER_UUID_TEXT_LEN; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return false;
        }
      else if (!is_hex (text[i]))
        return false;
    }
  return true;
}

bool
slices_helper_is_digits (const char *text)
{
  if (*text == '\0')
    return false;
  for (; *text != '\0'; text++)
    if (*text < '0' || *text > '9')
      return false;
  return true;
}

static int
check_length (const char *arg,
              const char *what,
              int         code,
              char       *message,
              size_t      size)
{
  size_t len = strnlen (arg, SLICES_HELPER_MAX_ARG_LEN + 1);

  if (len == 0)
    return refuse (code, message, size, "The %s is empty.", what);
  if (len > SLICES_HELPER_MAX_ARG_LEN)
    return refuse (code, message, size, "The %s is too long (more than %d bytes).", what,
                   SLICES_HELPER_MAX_ARG_LEN);
  return SLICES_HELPER_EXIT_OK;
}

int
slices_helper_check_address (const char *arg,
                             char       *message,
                             size_t      size)
{
  char q[SLICES_HELPER_QUOTE_SIZE];
  int code;
  bool ok;

  code = check_length (arg, "PCI address", SLICES_HELPER_EXIT_BAD_ADDRESS, message, size);
  if (code != SLICES_HELPER_EXIT_OK)
    return code;

  ok = strlen (arg) == SLICES_HELPER_PCI_ADDRESS_LEN;
  for (size_t i = 0; ok && i < SLICES_HELPER_PCI_ADDRESS_LEN; i++)
    {
      switch (i)
        {
        case 4:
        case 7:
          ok = arg[i] == ':';
          break;
        case 10:
          ok = arg[i] == '.';
          break;
        case 11:
          ok = arg[i] >= '0' && arg[i] <= '7';
          break;
        default:
          ok = is_lower_hex (arg[i]);
        }
    }

  if (!ok)
    return refuse (SLICES_HELPER_EXIT_BAD_ADDRESS, message, size,
                   "%s is not a PCI address: write it as sysfs names it, like 0000:00:02.0 "
                   "(lowercase hex digits).", slices_helper_quote (arg, q, sizeof q));
  return SLICES_HELPER_EXIT_OK;
}

int
slices_helper_check_type (const char *arg,
                          char       *message,
                          size_t      size)
{
  char q[SLICES_HELPER_QUOTE_SIZE];
  int code;

  code = check_length (arg, "slice type", SLICES_HELPER_EXIT_BAD_TYPE, message, size);
  if (code != SLICES_HELPER_EXIT_OK)
    return code;

  for (const char *c = arg; *c != '\0'; c++)
    {
      if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '_' || *c == '-')
        continue;
      return refuse (SLICES_HELPER_EXIT_BAD_TYPE, message, size,
                     "%s is not a slice type id: ids are letters, digits, '_' and '-', like "
                     "i915-GVTg_V5_4.", slices_helper_quote (arg, q, sizeof q));
    }
  return SLICES_HELPER_EXIT_OK;
}

int
slices_helper_check_uuid (const char *arg,
                          char        canonical[SLICES_HELPER_UUID_TEXT_LEN + 1],
                          char       *message,
                          size_t      size)
{
  char q[SLICES_HELPER_QUOTE_SIZE];
  uuid_t uu;
  int code;

  code = check_length (arg, "UUID", SLICES_HELPER_EXIT_BAD_UUID, message, size);
  if (code != SLICES_HELPER_EXIT_OK)
    return code;

  if (!slices_helper_is_uuid_text (arg) || uuid_parse (arg, uu) != 0)
    return refuse (SLICES_HELPER_EXIT_BAD_UUID, message, size,
                   "%s is not a UUID: write it as 8-4-4-4-12 hex digits without braces, like "
                   "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93.", slices_helper_quote (arg, q, sizeof q));

  uuid_unparse_lower (uu, canonical);
  return SLICES_HELPER_EXIT_OK;
}

int
slices_helper_parse_args (int                  argc,
                          const char * const  *argv,
                          SlicesHelperRequest *request,
                          char                *message,
                          size_t               size)
{
  static const char usage[] = "Usage: gpu-slices-helper create PCI-ADDRESS TYPE-ID UUID | "
                              "remove UUID | status | persist UUID | unpersist UUID | "
                              "load-kvmgt";
  static const struct {
    const char         *name;
    SlicesHelperCommand command;
    int                 n_args;  /* 0, or 1 for a UUID */
  } simple_commands[] = {
    { "status", SLICES_HELPER_COMMAND_STATUS, 0 },
    { "persist", SLICES_HELPER_COMMAND_PERSIST, 1 },
    { "unpersist", SLICES_HELPER_COMMAND_UNPERSIST, 1 },
    { "load-kvmgt", SLICES_HELPER_COMMAND_LOAD_KVMGT, 0 },
  };
  char q[SLICES_HELPER_QUOTE_SIZE];
  int code;

  memset (request, 0, sizeof *request);

  if (argc < 2)
    return refuse (SLICES_HELPER_EXIT_USAGE, message, size, "No command given. %s", usage);
  if (strnlen (argv[1], SLICES_HELPER_MAX_ARG_LEN + 1) > SLICES_HELPER_MAX_ARG_LEN)
    return refuse (SLICES_HELPER_EXIT_USAGE, message, size, "Unknown command (too long). %s",
                   usage);

  if (strcmp (argv[1], "create") == 0)
    {
      if (argc != 5)
        return refuse (SLICES_HELPER_EXIT_USAGE, message, size,
                       "create takes 3 arguments, not %d. %s", argc - 2, usage);
      /* Every argument is checked before anything on the system is even looked at. */
      if ((code = slices_helper_check_address (argv[2], message, size)) != SLICES_HELPER_EXIT_OK ||
          (code = slices_helper_check_type (argv[3], message, size)) != SLICES_HELPER_EXIT_OK ||
          (code = slices_helper_check_uuid (argv[4], request->uuid, message, size)) !=
            SLICES_HELPER_EXIT_OK)
        return code;
      request->command = SLICES_HELPER_COMMAND_CREATE;
      request->address = argv[2];
      request->type = argv[3];
      return SLICES_HELPER_EXIT_OK;
    }
  if (strcmp (argv[1], "remove") == 0)
    {
      if (argc != 3)
        return refuse (SLICES_HELPER_EXIT_USAGE, message, size,
                       "remove takes 1 argument, not %d. %s", argc - 2, usage);
      code = slices_helper_check_uuid (argv[2], request->uuid, message, size);
      if (code != SLICES_HELPER_EXIT_OK)
        return code;
      request->command = SLICES_HELPER_COMMAND_REMOVE;
      return SLICES_HELPER_EXIT_OK;
    }

  for (size_t i = 0; i < sizeof simple_commands / sizeof simple_commands[0]; i++)
    {
      if (strcmp (argv[1], simple_commands[i].name) != 0)
        continue;
      if (argc != 2 + simple_commands[i].n_args)
        {
          if (simple_commands[i].n_args == 0)
            return refuse (SLICES_HELPER_EXIT_USAGE, message, size,
                           "%s takes no arguments, not %d. %s", simple_commands[i].name,
                           argc - 2, usage);
          return refuse (SLICES_HELPER_EXIT_USAGE, message, size,
                         "%s takes 1 argument, not %d. %s", simple_commands[i].name, argc - 2,
                         usage);
        }
      if (simple_commands[i].n_args == 1 &&
          (code = slices_helper_check_uuid (argv[2], request->uuid, message, size)) !=
            SLICES_HELPER_EXIT_OK)
        return code;
      request->command = simple_commands[i].command;
      return SLICES_HELPER_EXIT_OK;
    }

  return refuse (SLICES_HELPER_EXIT_USAGE, message, size, "Unknown command %s. %s",
                 slices_helper_quote (argv[1], q, sizeof q), usage);
}
