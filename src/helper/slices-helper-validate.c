/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper's grammar, judged byte by byte in ASCII before it looks at the system; no I/O.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slices-helper-protocol.h"

#define LOWER  "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

/* a ADDRESS [0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f].[0-7]    t TYPE [A-Za-z0-9_-]{1,64}
 * u UUID 8-4-4-4-12 hex in either case (kept in lower)   n COUNT 0-65535   v VF 1-65535
 * k KEY exec_quantum_ms or preempt_timeout_us            x VALUE 0-4294967295
 * w USER a login name [a-z_][a-z0-9_-]{0,31}             (numbers: decimal digits only) */
static const struct {
  const char *group, *name;  /* argv[1], argv[2] */
  SlicesHelperCommand command;
  const char *args;
} commands[] = {
  { "slices", "create", SLICES_HELPER_COMMAND_CREATE, "atu" },
  { "slices", "remove", SLICES_HELPER_COMMAND_REMOVE, "u" },
  { "slices", "persist", SLICES_HELPER_COMMAND_PERSIST, "u" },
  { "slices", "unpersist", SLICES_HELPER_COMMAND_UNPERSIST, "au" },
  { "slices", "set-vfs", SLICES_HELPER_COMMAND_SET_VFS, "an" },
  { "slices", "persist-vfs", SLICES_HELPER_COMMAND_PERSIST_VFS, "an" },
  { "slices", "unpersist-vfs", SLICES_HELPER_COMMAND_UNPERSIST_VFS, "a" },
  { "slices", "set-vf-profile", SLICES_HELPER_COMMAND_SET_VF_PROFILE, "avkx" },
  { "configure-host", "load-kvmgt", SLICES_HELPER_COMMAND_LOAD_KVMGT, "" },
  { "configure-host", "looking-glass", SLICES_HELPER_COMMAND_LOOKING_GLASS, "w" },
};

/* @text has the shape of @shape: x a hex digit (either case when @upper), 1 the digit 0 or 1,
 * 7 a digit from 0 to 7, any other character itself. */
static bool
matches (const char *text, const char *shape, bool upper)
{
  size_t len = strlen (shape), i;

  for (i = 0; i < len && text[i] != '\0'; i++)
    if (shape[i] == 'x' ? strchr (upper ? DIGITS "abcdefABCDEF" : DIGITS "abcdef", text[i]) == NULL
        : shape[i] == '1' || shape[i] == '7' ? text[i] < '0' || text[i] > shape[i]
        : text[i] != shape[i])
      return false;
  return i == len && text[i] == '\0';
}

bool
slices_helper_is_address (const char *text)
{
  return matches (text, "xxxx:xx:1x.7", false);
}

bool
slices_helper_is_type_id (const char *text)
{
  size_t len = strnlen (text, SLICES_HELPER_MAX_ARG_LEN + 1);

  return len > 0 && len <= SLICES_HELPER_MAX_ARG_LEN &&
         strspn (text, LOWER "ABCDEFGHIJKLMNOPQRSTUVWXYZ" DIGITS "_-") == len;
}

bool
slices_helper_is_digits (const char *text)
{
  size_t len = strnlen (text, 11);

  return len > 0 && len <= 10 && strspn (text, DIGITS) == len;
}

/* Checks @arg as @kind (see the table) and stores it in @r: 0, or the exit code. */
static int
take (char kind, const char *arg, SlicesHelperRequest *r)
{
  unsigned long long n = slices_helper_is_digits (arg) ? strtoull (arg, NULL, 10) : ~0ull;
  size_t len = strnlen (arg, 33);

  if (kind == 'a')
    return (r->address = arg, slices_helper_is_address (arg)) ? 0 : SLICES_HELPER_EXIT_BAD_ADDRESS;
  if (kind == 't')
    return (r->type = arg, slices_helper_is_type_id (arg)) ? 0 : SLICES_HELPER_EXIT_BAD_TYPE;
  if (kind == 'w')
    return (r->user = arg, len > 0 && len <= 32 && strchr ("_" LOWER, arg[0]) != NULL &&
            strspn (arg, LOWER DIGITS "_-") == len) ? 0 : SLICES_HELPER_EXIT_BAD_USER;
  if (kind == 'k')
    return (r->key = arg, strcmp (arg, "exec_quantum_ms") == 0 ||
            strcmp (arg, "preempt_timeout_us") == 0) ? 0 : SLICES_HELPER_EXIT_BAD_NUMBER;
  if (kind == 'u')
    {
      for (size_t c = 0; matches (arg, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", true) &&
                         c <= SLICES_HELPER_UUID_TEXT_LEN; c++)
        r->uuid[c] = (char) (arg[c] | (arg[c] >= 'A' ? 0x20 : 0));
      return r->uuid[0] != '\0' ? 0 : SLICES_HELPER_EXIT_BAD_UUID;
    }
  *(kind == 'n' ? &r->count : kind == 'v' ? &r->vf : &r->value) = n;
  return n <= (kind == 'x' ? 4294967295ul : 65535) && (kind != 'v' || n >= 1)
         ? 0 : SLICES_HELPER_EXIT_BAD_NUMBER;
}

int
slices_helper_parse_args (int argc, const char * const *argv, SlicesHelperRequest *request,
                          char *message, size_t size)
{
  memset (request, 0, sizeof *request);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    {
      size_t n_args = strlen (commands[i].args);
      int code = SLICES_HELPER_EXIT_USAGE;

      if (argc < 3 || strcmp (argv[1], commands[i].group) || strcmp (argv[2], commands[i].name))
        continue;
      if ((size_t) argc != 3 + n_args)
        return snprintf (message, size, "%s %s takes %zu argument(s)", argv[1], argv[2], n_args),
               code;
      for (size_t a = 0; a < n_args; a++)
        if ((code = take (commands[i].args[a], argv[3 + a], request)) != 0)
          return snprintf (message, size, "argument %zu of %s %s is malformed or out of range",
                           a + 1, argv[1], argv[2]), code;
      request->command = commands[i].command;
      return SLICES_HELPER_EXIT_OK;
    }
  snprintf (message, size, "unknown command (the grammar is in slices-helper-validate.c)");
  return SLICES_HELPER_EXIT_USAGE;
}
