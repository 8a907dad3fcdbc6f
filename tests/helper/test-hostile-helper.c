/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hostile invocations of the real gpu-slices-helper, enumerated (issue 6), beside the cases
 * tests/test-helper.c already has: Unicode look-alikes of hex digits, colons, dots and hyphens;
 * NUL-free control characters; megabyte arguments and thousands of them; options and shell
 * syntax where a command belongs; trees whose folders and files are links, loops or the wrong
 * kind of file; and an environment set to change paths, locale and allocation. Every case must
 * exit with its documented code (slices-helper-protocol.h), print exactly one line of ASCII on
 * stderr and nothing on stdout, and leave the testbed byte-identical.
 *
 * Runs under umockdev (LD_PRELOAD), so the helper's compiled-in /sys and /dev are the testbed.
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <umockdev.h>

#include "slices-helper-protocol.h"
#include "slices-test-helper-util.h"

#define GPU_ADDR    "0000:00:02.0"
#define GPU_PATH    "/sys/devices/pci0000:00/" GPU_ADDR
#define TYPE        "i915-GVTg_V5_4"
#define NEW_UUID    "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
#define SLICE_UUID  "6d8a3c2e-0f1b-4a5c-9e7d-3b2a1c0f9e8d"
#define DIR_REMOVE  "7e9b4d3f-1a2c-4b6d-8f0e-4c3b2a1d0e9f" /* its remove is a folder */
#define LOOP_UUID   "8f0c5e4a-2b3d-4c7e-9a1f-5d4c3b2e1f0a" /* bus link points to itself */
#define FILE_UUID   "9a1d6f5b-3c4e-4d8f-8b2a-6e5d4c3f2a1b" /* bus link leads to a file */

/* Placeholders, replaced when the case runs. */
#define MEGA_ARG  "@mega@"  /* 128 KiB - 1 of '0': the longest argument exec() takes */
#define KILO_ARGS "@kilo@"  /* 1000 extra arguments "x" */
#define MEGA_ARGS "@megas@" /* 8 extra arguments of 128 KiB - 1: 1 MiB of arguments */

/* Linux refuses a single argument or variable of MAX_ARG_STRLEN (32 pages) or more. */
#define LONGEST_ARG (32 * 4096 - 1)

typedef SlicesTestbed Fixture;

typedef enum {
  ENV_PLAIN,
  ENV_HOSTILE,  /* locale, paths, allocator and loader variables aimed at the helper */
  ENV_HUGE,     /* 2000 variables and 1 MiB more in 8 of the longest allowed */
  ENV_EMPTY,    /* nothing but what umockdev needs */
} EnvKind;

typedef struct
{
  const char *name;
  const char *args[8];
  int code;
  EnvKind env;
} HostileCase;

static gboolean have_mock;

/* UTF-8 spellings of look-alikes. */
#define FW_0     "\xef\xbc\x90"       /* U+FF10 FULLWIDTH DIGIT ZERO */
#define FW_2     "\xef\xbc\x92"       /* U+FF12 FULLWIDTH DIGIT TWO */
#define AR_0     "\xd9\xa0"           /* U+0660 ARABIC-INDIC DIGIT ZERO */
#define DEV_0    "\xe0\xa5\xa6"       /* U+0966 DEVANAGARI DIGIT ZERO */
#define MATH_0   "\xf0\x9d\x9f\x8e"   /* U+1D7CE MATHEMATICAL BOLD DIGIT ZERO */
#define CYR_A    "\xd0\xb0"           /* U+0430 CYRILLIC SMALL LETTER A */
#define CYR_CAP_A "\xd0\x90"          /* U+0410 CYRILLIC CAPITAL LETTER A */
#define CYR_E    "\xd0\xb5"           /* U+0435 CYRILLIC SMALL LETTER IE (looks like e) */
#define CYR_I    "\xd1\x96"           /* U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I */
#define GREEK_O  "\xce\xbf"           /* U+03BF GREEK SMALL LETTER OMICRON (looks like 0/o) */
#define FW_I     "\xef\xbd\x89"       /* U+FF49 FULLWIDTH LATIN SMALL LETTER I */
#define RATIO    "\xe2\x88\xb6"       /* U+2236 RATIO (looks like :) */
#define FW_COLON "\xef\xbc\x9a"       /* U+FF1A FULLWIDTH COLON */
#define IDEO_DOT "\xe3\x80\x82"       /* U+3002 IDEOGRAPHIC FULL STOP */
#define ONE_DOT  "\xe2\x80\xa4"       /* U+2024 ONE DOT LEADER */
#define HYPHEN   "\xe2\x80\x90"       /* U+2010 HYPHEN */
#define EN_DASH  "\xe2\x80\x93"       /* U+2013 EN DASH */
#define MINUS    "\xe2\x88\x92"       /* U+2212 MINUS SIGN */
#define NBSP     "\xc2\xa0"           /* U+00A0 NO-BREAK SPACE */
#define ZWSP     "\xe2\x80\x8b"       /* U+200B ZERO WIDTH SPACE */
#define RLO      "\xe2\x80\xae"       /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define COMBINING "\xcc\x81"          /* U+0301 COMBINING ACUTE ACCENT */
#define FW_SOLIDUS "\xef\xbc\x8f"     /* U+FF0F FULLWIDTH SOLIDUS */
#define OVERLONG_SLASH "\xc0\xaf"     /* '/' as an invalid overlong UTF-8 sequence */

static const HostileCase cases[] = {
  /* the command word */
  { "command-trailing-tab", { "slices", "create\t", GPU_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "command-trailing-cr", { "slices", "remove\r", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "command-leading-space", { "slices", " create", GPU_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "command-nbsp", { "slices", "remove" NBSP, SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "command-cyrillic-e", { "slices", "r" CYR_E "move", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "command-combining-accent", { "slices", "cre" COMBINING "ate", GPU_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "command-help-option", { "--help" }, SLICES_HELPER_EXIT_USAGE },
  { "command-dash-h", { "-h" }, SLICES_HELPER_EXIT_USAGE },
  { "command-double-dash", { "--", "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "command-shell-and", { "slices", "remove;rm", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "command-backspace", { "slices", "remove\b\b\b\b\b\bcreate", SLICE_UUID },
    SLICES_HELPER_EXIT_USAGE },
  { "command-megabyte", { "slices", MEGA_ARG }, SLICES_HELPER_EXIT_USAGE },
  { "group-megabyte", { MEGA_ARG, "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  /* the first word, which picks the polkit action */
  { "group-trailing-space", { "slices ", "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "group-cyrillic-i", { "sl" CYR_I "ces", "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "group-as-option", { "--slices", "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "group-uppercase", { "SLICES", "remove", SLICE_UUID }, SLICES_HELPER_EXIT_USAGE },
  { "group-newline", { "configure-host\n", "load-kvmgt" }, SLICES_HELPER_EXIT_USAGE },
  { "group-swapped", { "load-kvmgt", "configure-host" }, SLICES_HELPER_EXIT_USAGE },
  { "group-slash", { "slices/../configure-host", "load-kvmgt" }, SLICES_HELPER_EXIT_USAGE },
  /* a type id that mdevctl could read as an option */
  { "type-double-dash-parent", { "slices", "create", GPU_ADDR, "--parent=" GPU_ADDR, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-double-dash-auto", { "slices", "create", GPU_ADDR, "--auto", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-double-dash-jsonfile", { "slices", "create", GPU_ADDR, "--jsonfile", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "remove-megabyte-of-extra-arguments", { "slices", "remove", SLICE_UUID, MEGA_ARGS },
    SLICES_HELPER_EXIT_USAGE },
  { "remove-thousand-extra-arguments", { "slices", "remove", SLICE_UUID, KILO_ARGS },
    SLICES_HELPER_EXIT_USAGE },
  { "create-all-empty", { "slices", "create", "", "", "" }, SLICES_HELPER_EXIT_BAD_ADDRESS },
  /* PCI address */
  { "address-megabyte", { "slices", "create", MEGA_ARG, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-all-fullwidth",
    { "slices", "create", FW_0 FW_0 FW_0 FW_0 ":" FW_0 FW_0 ":" FW_0 FW_2 "." FW_0, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-arabic-indic-zero", { "slices", "create", AR_0 "000:00:02.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-devanagari-zero", { "slices", "create", "0000:00:0" DEV_0 ".0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-math-bold-zero", { "slices", "create", "0000:00:02." MATH_0, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-greek-omicron", { "slices", "create", "0000:00:" GREEK_O "2.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-ratio-colon", { "slices", "create", "0000" RATIO "00" RATIO "02.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-fullwidth-colon", { "slices", "create", "0000" FW_COLON "00:02.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-ideographic-dot", { "slices", "create", "0000:00:02" IDEO_DOT "0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-one-dot-leader", { "slices", "create", "0000:00:02" ONE_DOT "0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-tab", { "slices", "create", "0000:00:02.0\t", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-del", { "slices", "create", "0000:00:02.\x7f", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-control-a", { "slices", "create", "0000:00:02\x01" "0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-escape-title", { "slices", "create", "\x1b]0;pwned\x07", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-percent-encoded", { "slices", "create", "%30000:00:02.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-traversal", { "slices", "create", GPU_ADDR "/../" GPU_ADDR, TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-fullwidth-solidus", { "slices", "create", ".." FW_SOLIDUS "..", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-overlong-utf8-slash", { "slices", "create", ".." OVERLONG_SLASH "..", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "address-command-substitution", { "slices", "create", "$(reboot)", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  /* type id */
  { "type-megabyte", { "slices", "create", GPU_ADDR, MEGA_ARG, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-cyrillic-i", { "slices", "create", GPU_ADDR, CYR_I "915-GVTg_V5_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-fullwidth-i", { "slices", "create", GPU_ADDR, FW_I "915-GVTg_V5_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-zero-width-space", { "slices", "create", GPU_ADDR, "i915-GVTg" ZWSP "_V5_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-right-to-left-override", { "slices", "create", GPU_ADDR, RLO "4_5V_gTVG-519i", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-en-dash", { "slices", "create", GPU_ADDR, "i915" EN_DASH "GVTg_V5_4", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-carriage-return", { "slices", "create", GPU_ADDR, TYPE "\r", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-del", { "slices", "create", GPU_ADDR, TYPE "\x7f", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-pipe", { "slices", "create", GPU_ADDR, TYPE "|sh", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-redirect", { "slices", "create", GPU_ADDR, ">/etc/passwd", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-dash-only", { "slices", "create", GPU_ADDR, "-", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-option-like", { "slices", "create", GPU_ADDR, "--force", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  { "type-named-like-a-file", { "slices", "create", GPU_ADDR, "create", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE },
  /* UUID */
  { "uuid-megabyte", { "slices", "create", GPU_ADDR, TYPE, MEGA_ARG },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "remove-uuid-megabyte", { "slices", "remove", MEGA_ARG }, SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-fullwidth-zero", { "slices", "create", GPU_ADDR, TYPE, FW_0 "f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a9" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-cyrillic-capital-a",
    { "slices", "create", GPU_ADDR, TYPE, "0F3C4" CYR_CAP_A "1E-6B2D-4F8E-9A7C-2D5E8B1F0A9" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-cyrillic-e", { "slices", "remove", "6d8a3c2" CYR_E "-0f1b-4a5c-9e7d-3b2a1c0f9e8" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-unicode-hyphens", { "slices", "remove", "6d8a3c2e" HYPHEN "0f1b" HYPHEN "4a5c" HYPHEN "9e7d"
                              HYPHEN "3b2a1c0f9e8d" }, SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-minus-signs", { "slices", "remove", "6d8a3c2e" MINUS "0f1b-4a5c-9e7d-3b2a1c0f9e8d" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-backspace", { "slices", "remove", "6d8a3c2e-0f1b-4a5c-9e7d-3b2a1c0f9e8\b" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-parentheses", { "slices", "remove", "(" SLICE_UUID ")" }, SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-inner-spaces", { "slices", "remove", "6d8a3c2e 0f1b 4a5c 9e7d 3b2a1c0f9e8d" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-trailing-semicolon", { "slices", "remove", SLICE_UUID ";" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-trailing-slash", { "slices", "remove", SLICE_UUID "/" }, SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-only-dots-and-slashes", { "slices", "remove", "../../../../../../../../../../../../" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-glob", { "slices", "remove", "********-****-****-****-************" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "uuid-hex-prefix", { "slices", "remove", "0x8a3c2e-0f1b-4a5c-9e7d-3b2a1c0f9e8d" },
    SLICES_HELPER_EXIT_BAD_UUID },
  { "persist-bad-uuid", { "slices", "persist", "{" SLICE_UUID "}" }, SLICES_HELPER_EXIT_BAD_UUID },
  { "unpersist-extra-argument", { "slices", "unpersist", GPU_ADDR, SLICE_UUID, SLICE_UUID },
    SLICES_HELPER_EXIT_USAGE },
  /* the tree */
  { "gpu-types-folder-is-a-link", { "slices", "create", "0000:00:05.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "gpu-link-loop", { "slices", "create", "0000:00:06.0", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "type-is-a-file", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_1", NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "create-is-a-folder", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_2", NEW_UUID },
    SLICES_HELPER_EXIT_UNSAFE },
  { "remove-is-a-folder", { "slices", "remove", DIR_REMOVE }, SLICES_HELPER_EXIT_UNSAFE },
  { "slice-link-loop", { "slices", "remove", LOOP_UUID }, SLICES_HELPER_EXIT_UNSAFE },
  { "slice-link-to-a-file", { "slices", "remove", FILE_UUID }, SLICES_HELPER_EXIT_UNSAFE },
  /* the SR-IOV and Looking Glass commands: refused by the grammar, before the tree is read */
  { "set-vfs-count-option", { "slices", "set-vfs", GPU_ADDR, "--all" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-address-option", { "slices", "set-vfs", "--pf=" GPU_ADDR, "1" },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "set-vfs-address-dotdot", { "slices", "set-vfs", "../../devices", "1" },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "set-vfs-count-megabyte", { "slices", "set-vfs", GPU_ADDR, MEGA_ARG },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-fullwidth", { "slices", "set-vfs", GPU_ADDR, FW_2 }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-arabic-indic", { "slices", "set-vfs", GPU_ADDR, AR_0 },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-plus", { "slices", "set-vfs", GPU_ADDR, "+3" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-leading-space", { "slices", "set-vfs", GPU_ADDR, " 3" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-trailing-newline", { "slices", "set-vfs", GPU_ADDR, "3\n" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-minus-sign", { "slices", "set-vfs", GPU_ADDR, MINUS "1" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-octal", { "slices", "set-vfs", GPU_ADDR, "0o7" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-exponent", { "slices", "set-vfs", GPU_ADDR, "1e3" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-count-twenty-digits", { "slices", "set-vfs", GPU_ADDR, "18446744073709551619" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "set-vfs-thousand-extra-arguments", { "slices", "set-vfs", GPU_ADDR, "1", KILO_ARGS },
    SLICES_HELPER_EXIT_USAGE },
  { "set-vfs-as-configure-host", { "configure-host", "set-vfs", GPU_ADDR, "1" },
    SLICES_HELPER_EXIT_USAGE },
  { "persist-vfs-count-option", { "slices", "persist-vfs", GPU_ADDR, "--force" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "persist-vfs-address-dotdot", { "slices", "persist-vfs", "../../../etc/passwd", "1" },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "persist-vfs-address-fullwidth", { "slices", "persist-vfs", "0000:00:" FW_0 "2.0", "1" },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "persist-vfs-count-huge", { "slices", "persist-vfs", GPU_ADDR, MEGA_ARG },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "persist-vfs-count-udev-quote", { "slices", "persist-vfs", GPU_ADDR, "1\", RUN+=\"/bin/sh" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "unpersist-vfs-address-dotdot", { "slices", "unpersist-vfs", "../70-other.rules" },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "unpersist-vfs-address-glob", { "slices", "unpersist-vfs", "*" },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "unpersist-vfs-address-megabyte", { "slices", "unpersist-vfs", MEGA_ARG },
    SLICES_HELPER_EXIT_BAD_ADDRESS },
  { "unpersist-vfs-extra-argument", { "slices", "unpersist-vfs", GPU_ADDR, "0" },
    SLICES_HELPER_EXIT_USAGE },
  { "profile-vf-option", { "slices", "set-vf-profile", GPU_ADDR, "--vf=1", "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-vf-fullwidth", { "slices", "set-vf-profile", GPU_ADDR, FW_2, "exec_quantum_ms", "5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-key-dotdot", { "slices", "set-vf-profile", GPU_ADDR, "1", "../../../remove", "1" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-key-uppercase", { "slices", "set-vf-profile", GPU_ADDR, "1", "EXEC_QUANTUM_MS", "5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-key-trailing-space", { "slices", "set-vf-profile", GPU_ADDR, "1", "exec_quantum_ms ",
                                    "5" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-key-cyrillic-e", { "slices", "set-vf-profile", GPU_ADDR, "1", CYR_E "xec_quantum_ms",
                                "5" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-key-megabyte", { "slices", "set-vf-profile", GPU_ADDR, "1", MEGA_ARG, "5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-value-option", { "slices", "set-vf-profile", GPU_ADDR, "1", "exec_quantum_ms", "-5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-value-plus", { "slices", "set-vf-profile", GPU_ADDR, "1", "preempt_timeout_us", "+5" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-value-tab", { "slices", "set-vf-profile", GPU_ADDR, "1", "preempt_timeout_us", "5\t" },
    SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-value-math-bold", { "slices", "set-vf-profile", GPU_ADDR, "1", "exec_quantum_ms",
                                 MATH_0 }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-value-megabyte", { "slices", "set-vf-profile", GPU_ADDR, "1", "exec_quantum_ms",
                                MEGA_ARG }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "profile-value-above-u32", { "slices", "set-vf-profile", GPU_ADDR, "1", "exec_quantum_ms",
                                 "9999999999" }, SLICES_HELPER_EXIT_BAD_NUMBER },
  { "looking-glass-user-option", { "configure-host", "looking-glass", "--user=root" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-dash", { "configure-host", "looking-glass", "-root" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-dotdot", { "configure-host", "looking-glass", "../root" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-newline", { "configure-host", "looking-glass", "root\nf /etc/shadow" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-space", { "configure-host", "looking-glass", "root kvm" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-cyrillic-a", { "configure-host", "looking-glass", CYR_A "dmin" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-33-bytes", { "configure-host", "looking-glass",
                                     "abcdefghijklmnopqrstuvwxyz0123456" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-megabyte", { "configure-host", "looking-glass", MEGA_ARG },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-user-empty", { "configure-host", "looking-glass", "" },
    SLICES_HELPER_EXIT_BAD_USER },
  { "looking-glass-as-slices", { "slices", "looking-glass", "root" }, SLICES_HELPER_EXIT_USAGE },
  /* the environment: still refused, still one plain line */
  { "env-hostile-bad-uuid", { "slices", "remove", "{" SLICE_UUID "}" }, SLICES_HELPER_EXIT_BAD_UUID,
    ENV_HOSTILE },
  { "env-hostile-unknown-type", { "slices", "create", GPU_ADDR, "i915-GVTg_V5_3", NEW_UUID },
    SLICES_HELPER_EXIT_BAD_TYPE, ENV_HOSTILE },
  { "env-huge-bad-address", { "slices", "create", "0000:00:02.O", TYPE, NEW_UUID },
    SLICES_HELPER_EXIT_BAD_ADDRESS, ENV_HUGE },
  { "env-empty-usage", { "status", "now" }, SLICES_HELPER_EXIT_USAGE, ENV_EMPTY },
};

static void
add_type (Fixture    *fixture,
          const char *type,
          gboolean    with_create)
{
  static const char * const files[] = { "description", "available_instances", "device_api",
                                        "name" };
  static const char * const values[] = {
    "low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\nweight: 4\n",
    "1\n", "vfio-pci\n", "GVTg_V5_4\n"
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strdup_printf (GPU_PATH "/mdev_supported_types/%s/%s", type,
                                               files[i]);
      slices_testbed_write_file (fixture, path, values[i]);
    }
  if (with_create)
    {
      g_autofree char *path = g_strdup_printf (GPU_PATH "/mdev_supported_types/%s/create", type);
      slices_testbed_write_file (fixture, path, "");
    }
}

static void
add_slice (Fixture    *fixture,
           const char *uuid)
{
  g_autofree char *remove = g_strdup_printf (GPU_PATH "/%s/remove", uuid);
  g_autofree char *type_link = g_strdup_printf (GPU_PATH "/%s/mdev_type", uuid);
  g_autofree char *bus_link = g_strdup_printf ("/sys/bus/mdev/devices/%s", uuid);
  g_autofree char *bus_target = g_strdup_printf ("../../../devices/pci0000:00/" GPU_ADDR "/%s",
                                                 uuid);

  slices_testbed_write_file (fixture, remove, "");
  slices_testbed_make_link (fixture, "../mdev_supported_types/" TYPE, type_link);
  slices_testbed_make_link (fixture, bus_target, bus_link);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_remove = NULL;

  slices_testbed_setup (fixture);

  umockdev_testbed_add_from_string (fixture->testbed,
                                    "P: /devices/pci0000:00/" GPU_ADDR "\n"
                                    "E: SUBSYSTEM=pci\n"
                                    "E: DRIVER=i915\n"
                                    "A: vendor=0x8086\n"
                                    "A: device=0x5916\n"
                                    "A: class=0x030000\n"
                                    "\n"
                                    "P: /devices/pci0000:00/0000:00:05.0\n"
                                    "E: SUBSYSTEM=pci\n"
                                    "A: vendor=0x8086\n"
                                    "A: device=0x5916\n"
                                    "A: class=0x030000\n",
                                    &error);
  g_assert_no_error (error);

  slices_testbed_make_link (fixture, "../../../bus/pci/drivers/i915", GPU_PATH "/driver");
  add_type (fixture, TYPE, TRUE);
  add_type (fixture, "i915-GVTg_V5_8", TRUE);
  add_slice (fixture, SLICE_UUID);

  /* Traps. A second GPU whose mdev_supported_types is a link to the first one's; a PCI link
   * that points to itself; a listed type that is a plain file; a type whose create is a folder;
   * a slice whose remove is a folder; a slice link that points to itself; a slice link that
   * leads to a file named like the slice. */
  slices_testbed_make_link (fixture, "../" GPU_ADDR "/mdev_supported_types",
                            "/sys/devices/pci0000:00/0000:00:05.0/mdev_supported_types");
  slices_testbed_make_link (fixture, "0000:00:06.0", "/sys/bus/pci/devices/0000:00:06.0");
  slices_testbed_write_file (fixture, GPU_PATH "/mdev_supported_types/i915-GVTg_V5_1",
                             "not a folder\n");
  add_type (fixture, "i915-GVTg_V5_2", FALSE);
  slices_testbed_make_dir (fixture, GPU_PATH "/mdev_supported_types/i915-GVTg_V5_2/create");
  add_slice (fixture, DIR_REMOVE);
  dir_remove = slices_testbed_path (fixture, GPU_PATH "/" DIR_REMOVE "/remove");
  g_assert_cmpint (g_unlink (dir_remove), ==, 0);
  slices_testbed_make_dir (fixture, GPU_PATH "/" DIR_REMOVE "/remove");
  slices_testbed_make_link (fixture, LOOP_UUID, "/sys/bus/mdev/devices/" LOOP_UUID);
  slices_testbed_write_file (fixture, GPU_PATH "/" FILE_UUID, "1\n");
  slices_testbed_make_link (fixture, "../../../devices/pci0000:00/" GPU_ADDR "/" FILE_UUID,
                            "/sys/bus/mdev/devices/" FILE_UUID);
}

static char **
make_environment (EnvKind kind)
{
  char **envp = g_get_environ ();

  switch (kind)
    {
    case ENV_PLAIN:
      break;
    case ENV_HOSTILE:
      envp = g_environ_setenv (envp, "LC_ALL", "tr_TR.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "LANG", "de_DE.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", "ar:de", TRUE);
      envp = g_environ_setenv (envp, "PATH", "/tmp:.", TRUE);
      envp = g_environ_setenv (envp, "IFS", "/", TRUE);
      envp = g_environ_setenv (envp, "LD_LIBRARY_PATH", "/tmp", TRUE);
      /* Not LD_DEBUG or LD_PROFILE: the dynamic loader acts on those before main() (and
       * pkexec never passes LD_* on); what matters is that nothing the helper does uses them. */
      envp = g_environ_setenv (envp, "GCONV_PATH", "/tmp", TRUE);
      envp = g_environ_setenv (envp, "LOCPATH", "/tmp", TRUE);
      envp = g_environ_setenv (envp, "NLSPATH", "/tmp/%N", TRUE);
      envp = g_environ_setenv (envp, "MALLOC_CHECK_", "3", TRUE);
      envp = g_environ_setenv (envp, "MALLOC_PERTURB_", "165", TRUE);
      envp = g_environ_setenv (envp, "SYSFS_PATH", "/tmp", TRUE);
      envp = g_environ_setenv (envp, "TZ", "../../../../etc/shadow", TRUE);
      envp = g_environ_setenv (envp, "POSIXLY_CORRECT", "1", TRUE);
      break;
    case ENV_HUGE:
      {
        g_autofree char *longest = g_strnfill (LONGEST_ARG - 16, 'x');

        for (guint i = 0; i < 2000; i++)
          {
            g_autofree char *name = g_strdup_printf ("HOSTILE_%u", i);

            envp = g_environ_setenv (envp, name, "value", TRUE);
          }
        /* 1 MiB in all. */
        for (guint i = 0; i < 8; i++)
          {
            g_autofree char *name = g_strdup_printf ("HOSTILE_LONG_%u", i);

            envp = g_environ_setenv (envp, name, longest, TRUE);
          }
        break;
      }
    case ENV_EMPTY:
      {
        /* What umockdev needs, and the sanitizers' options when the tests run under them. */
        static const char * const needed[] = { "LD_PRELOAD", "UMOCKDEV_DIR", "ASAN_OPTIONS",
                                               "LSAN_OPTIONS", "UBSAN_OPTIONS" };
        char **kept = g_new0 (char *, 1);

        for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
          {
            const char *value = g_environ_getenv (envp, needed[i]);

            if (value != NULL)
              kept = g_environ_setenv (kept, needed[i], value, TRUE);
          }
        g_strfreev (envp);
        envp = kept;
        break;
      }
    default:
      g_assert_not_reached ();
    }
  return envp;
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  const HostileCase *test_case = data;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shown = NULL;
  int status = 0;
  gsize len;

  if (!have_mock)
    {
      g_test_skip ("Not under umockdev: run with LD_PRELOAD=libumockdev-preload.so.0 (meson "
                   "test does); without it the helper would see the real /sys");
      return;
    }
  if (getuid () != 0)
    {
      g_test_skip ("Needs root: the helper refuses anyone else before it reads an argument "
                   "(tests/test-helper.c covers that)");
      return;
    }

  g_ptr_array_add (argv, g_strdup (HELPER_PATH));
  for (guint i = 0; test_case->args[i] != NULL; i++)
    {
      if (g_str_equal (test_case->args[i], MEGA_ARG))
        g_ptr_array_add (argv, g_strnfill (LONGEST_ARG, '0'));
      else if (g_str_equal (test_case->args[i], MEGA_ARGS))
        for (guint n = 0; n < 8; n++)
          g_ptr_array_add (argv, g_strnfill (LONGEST_ARG, '0'));
      else if (g_str_equal (test_case->args[i], KILO_ARGS))
        for (guint n = 0; n < 1000; n++)
          g_ptr_array_add (argv, g_strdup ("x"));
      else
        g_ptr_array_add (argv, g_strdup (test_case->args[i]));
    }
  g_ptr_array_add (argv, NULL);
  envp = make_environment (test_case->env);

  before = slices_testbed_snapshot (fixture);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  after = slices_testbed_snapshot (fixture);
  shown = g_strdelimit (g_strndup (err, 300), "\n", ' ');
  g_test_message ("exit status %d, stderr: %s", status, shown);

  /* Its documented code, never a signal. */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, test_case->code);
  /* One line of plain ASCII on stderr, nothing on stdout. */
  g_assert_cmpstr (out, ==, "");
  len = strlen (err);
  g_assert_cmpuint (len, >, 1);
  g_assert_true (strchr (err, '\n') == err + len - 1);
  for (const char *c = err; *c != '\n'; c++)
    g_assert_true (*c >= 0x20 && *c < 0x7f);
  /* Nothing written. */
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  have_mock = slices_testbed_in_mock_environment ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/hostile/helper/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_setup, test_hostile, slices_testbed_teardown);
    }

  return g_test_run ();
}
