/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper's grammar (slices-helper-protocol.h), judged byte by byte in plain ASCII before
 * the helper looks at the system. No I/O, so a fuzzer can call it millions of times.
 */

#include <stdio.h>
#include <string.h>

#include "slices-helper-protocol.h"

static const struct {
  const char *group, *name;  /* group: argv[1], which picks the polkit action */
  SlicesHelperCommand command;
  const char *args;          /* a: PCI address, t: type id, u: UUID */
} commands[] = {
  { "slices", "create", SLICES_HELPER_COMMAND_CREATE, "atu" },
  { "slices", "remove", SLICES_HELPER_COMMAND_REMOVE, "u" },
  { "slices", "persist", SLICES_HELPER_COMMAND_PERSIST, "u" },
  { "slices", "unpersist", SLICES_HELPER_COMMAND_UNPERSIST, "u" },
  { "configure-host", "load-kvmgt", SLICES_HELPER_COMMAND_LOAD_KVMGT, "" },
};

static const struct {
  char kind;
  bool (*valid) (const char *text);
  int code;
  const char *message;
} kinds[] = {
  { 'a', slices_helper_is_address, SLICES_HELPER_EXIT_BAD_ADDRESS,
    "not a PCI address like 0000:00:02.0" },
  { 't', slices_helper_is_type_id, SLICES_HELPER_EXIT_BAD_TYPE,
    "not a slice type id like i915-GVTg_V5_4" },
  { 'u', slices_helper_is_uuid, SLICES_HELPER_EXIT_BAD_UUID,
    "not a UUID like 0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93" },
};

/* @text has the shape of @shape: x a hex digit (either case when @upper), f 0-7, any other
 * character itself. */
static bool
matches (const char *text, const char *shape, bool upper)
{
  size_t len = strlen (shape);

  if (strnlen (text, len + 1) != len)
    return false;
  for (size_t i = 0; i < len; i++)
    if (shape[i] == 'x' ? strchr (upper ? "0123456789abcdefABCDEF" : "0123456789abcdef",
                                  text[i]) == NULL
        : shape[i] == 'f' ? text[i] < '0' || text[i] > '7' : text[i] != shape[i])
      return false;
  return true;
}

bool
slices_helper_is_address (const char *text)
{
  return matches (text, "xxxx:xx:xx.f", false);
}

bool
slices_helper_is_uuid (const char *text)
{
  return matches (text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", true);
}

bool
slices_helper_is_type_id (const char *text)
{
  size_t len = strnlen (text, SLICES_HELPER_MAX_ARG_LEN + 1);

  return len > 0 && len <= SLICES_HELPER_MAX_ARG_LEN &&
         strspn (text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == len;
}

bool
slices_helper_is_digits (const char *text)
{
  size_t len = strnlen (text, 11);

  return len > 0 && len <= 10 && strspn (text, "0123456789") == len;
}

int
slices_helper_parse_args (int argc, const char * const *argv, SlicesHelperRequest *request,
                          char *message, size_t size)
{
  memset (request, 0, sizeof *request);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    {
      size_t n_args = strlen (commands[i].args);

      if (argc < 3 || strcmp (argv[1], commands[i].group) != 0 ||
          strcmp (argv[2], commands[i].name) != 0)
        continue;
      if ((size_t) argc != 3 + n_args)
        {
          snprintf (message, size, "%s %s takes %zu argument(s)", argv[1], argv[2], n_args);
          return SLICES_HELPER_EXIT_USAGE;
        }
      for (size_t a = 0; a < n_args; a++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
          if (kinds[k].kind == commands[i].args[a] && !kinds[k].valid (argv[3 + a]))
            {
              snprintf (message, size, "%s", kinds[k].message);
              return kinds[k].code;
            }
      request->command = commands[i].command;
      for (size_t a = 0; a < n_args; a++)
        if (commands[i].args[a] == 'a')
          request->address = argv[3 + a];
        else if (commands[i].args[a] == 't')
          request->type = argv[3 + a];
        else
          for (size_t c = 0; c <= SLICES_HELPER_UUID_TEXT_LEN; c++)
            request->uuid[c] = (char) (argv[3 + a][c] | (argv[3 + a][c] >= 'A' ? 0x20 : 0));
      return SLICES_HELPER_EXIT_OK;
    }
  snprintf (message, size, "unknown command; usage: gpu-slices-helper slices create ADDRESS "
            "TYPE UUID | slices remove|persist|unpersist UUID | configure-host load-kvmgt");
  return SLICES_HELPER_EXIT_USAGE;
}
