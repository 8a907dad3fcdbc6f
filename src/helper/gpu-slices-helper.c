/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gpu-slices-helper: the only part of GPU Slices that runs as root, started through pkexec.
 * It owns two sysfs writes — a UUID to a slice type's `create` file and "1" to a slice's
 * `remove` file —, the root-only `status` read, keeping slices after a restart through mdevctl
 * (`persist`, `unpersist`, and forgetting a removed slice), and loading kvmgt now and at boot
 * (`load-kvmgt`: modprobe and /etc/modules-load.d/gpu-slices.conf); and everything needed to
 * make them safe: a root check, a clean environment,
 * strict parsing of every argument, paths built here from the compiled-in /sys (never taken
 * from the caller), no symlink followed at the last step, and a refusal to remove a slice that a
 * process still holds; programs run with fixed absolute paths, fixed argument lists and a fixed
 * environment, without a shell. The grammar and exit codes live in slices-helper-protocol.h.
 *
 * libc and libuuid only: no GLib, no udev. Every failure is one line on stderr and a named exit
 * code; nothing is written unless every check passed.
 */

#define _GNU_SOURCE

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "config.h"
#include "slices-helper-protocol.h"
#include "slices-helper-validate.h"

/* Compiled in on purpose: no option, argument or environment variable changes a path. */
#define SYSFS_ROOT        "/sys"
#define SYSFS_DEVICES     SYSFS_ROOT "/devices/"
#define PCI_DEVICES_DIR   SYSFS_ROOT "/bus/pci/devices/"
#define MDEV_DEVICES_DIR  SYSFS_ROOT "/bus/mdev/devices/"
#define VFIO_GROUP_DIR    "/dev/vfio/"
#define VFIO_DEVICE_DIR   "/dev/vfio/devices/"
#define PROC_DIR          "/proc"
#define I915_PARAMETERS   SYSFS_ROOT "/module/i915/parameters/"

#define SAFE_PATH         "/usr/sbin:/usr/bin:/sbin:/bin"
#define PCI_ADDRESS_LEN   SLICES_HELPER_PCI_ADDRESS_LEN
#define UUID_TEXT_LEN     SLICES_HELPER_UUID_TEXT_LEN
#define QUOTE_SIZE        SLICES_HELPER_QUOTE_SIZE
#define MAX_TYPES         32
#define MAX_TARGETS       8
#define MESSAGE_MAX       1024

typedef struct
{
  struct stat st;
  char path[64];
} Target;

static void fail (int code, const char *format, ...)
  __attribute__ ((noreturn, format (printf, 2, 3)));

/* One line for people on stderr, then the exit code. The line is written with a single
 * write(2) so that it cannot interleave, and anything but printable ASCII that slipped into it
 * (a process name, say) is replaced, so that it stays one line of valid UTF-8. */
static void
fail (int         code,
      const char *format,
      ...)
{
  char message[MESSAGE_MAX];
  va_list args;
  size_t len;
  ssize_t ignored;

  va_start (args, format);
  vsnprintf (message, sizeof message - 1, format, args);
  va_end (args);

  len = strlen (message);
  for (size_t i = 0; i < len; i++)
    if ((unsigned char) message[i] < 0x20 || (unsigned char) message[i] >= 0x7f)
      message[i] = '?';
  message[len++] = '\n';

  ignored = write (STDERR_FILENO, message, len);
  (void) ignored;
  exit (code);
}

/* Make sure fds 0–2 are open, so that a file opened below can never become stdout or stderr
 * and receive a message meant for people. */
static void
ensure_standard_fds (void)
{
  for (int fd = 0; fd <= 2; fd++)
    {
      if (fcntl (fd, F_GETFD) >= 0 || errno != EBADF)
        continue;
      if (open ("/dev/null", O_RDWR | O_NOCTTY) != fd)
        _exit (SLICES_HELPER_EXIT_FAILED);
    }
}

static void
sanitize_environment (void)
{
  char mock_dir[PATH_MAX] = "";
  const char *preload = getenv ("LD_PRELOAD");
  const char *mock = getenv ("UMOCKDEV_DIR");

  /* The tests run this helper under umockdev, whose preload library redirects /sys and /dev
   * into a testbed and looks up UMOCKDEV_DIR on every call. It is kept only together with
   * that library already loaded into this process: pkexec and sudo never pass LD_PRELOAD, so
   * only a caller who is already root and chose to inject code can get here, and the helper
   * itself never reads the variable. */
  if (preload != NULL && mock != NULL && strstr (preload, "libumockdev-preload") != NULL &&
      strlen (mock) < sizeof mock_dir)
    strcpy (mock_dir, mock);

  if (clearenv () != 0 ||
      setenv ("PATH", SAFE_PATH, 1) != 0 ||
      setenv ("LC_ALL", "C", 1) != 0 ||
      (mock_dir[0] != '\0' && setenv ("UMOCKDEV_DIR", mock_dir, 1) != 0))
    fail (SLICES_HELPER_EXIT_FAILED, "Could not clear the environment: %s.", strerror (errno));
}

static void
check_root (void)
{
  if (getuid () == 0 && geteuid () == 0 && getgid () == 0 && getegid () == 0)
    return;

  fail (SLICES_HELPER_EXIT_NOT_ROOT,
        "gpu-slices-helper must run as root through pkexec (it runs as uid %u, euid %u, "
        "gid %u, egid %u): start it with pkexec, or use GPU Slices or slicectl, which do.",
        (unsigned) getuid (), (unsigned) geteuid (), (unsigned) getgid (),
        (unsigned) getegid ());
}

/* Resolves a /sys/bus/…/<name> link to its device folder and opens it. The folder must lie
 * under /sys/devices/ and carry the expected name, as sysfs makes it. Returns -1 with errno
 * ENOENT when there is no such device. */
static int
open_device_dir (const char *link_path,
                 const char *name)
{
  char *real;
  const char *base;
  struct stat st;
  int fd;

  if (lstat (link_path, &st) != 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not read %s: %s.", link_path, strerror (errno));
    }

  real = realpath (link_path, NULL);
  if (real == NULL)
    {
      if (errno == ENOENT)
        return -1;
      /* A link loop is never what sysfs makes: a planted trap, not a failure to retry. */
      fail (errno == ELOOP ? SLICES_HELPER_EXIT_UNSAFE : SLICES_HELPER_EXIT_FAILED,
            "Could not resolve %s: %s.", link_path, strerror (errno));
    }

  base = strrchr (real, '/');
  if (strncmp (real, SYSFS_DEVICES, strlen (SYSFS_DEVICES)) != 0 || base == NULL ||
      strcmp (base + 1, name) != 0)
    fail (SLICES_HELPER_EXIT_UNSAFE,
          "%s leads to %.200s, not to a device folder of that name under " SYSFS_DEVICES
          " as sysfs makes it: refusing to write there.", link_path, real);

  fd = open (real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    fail (errno == ELOOP || errno == ENOTDIR ? SLICES_HELPER_EXIT_UNSAFE
                                             : SLICES_HELPER_EXIT_FAILED,
          "Could not open %.200s: %s.", real, strerror (errno));

  free (real);
  return fd;
}

/* Opens `name` inside `dirfd` as a folder, refusing a symlink. Returns -1 (errno ENOENT) when
 * it does not exist. */
static int
open_subdir (int         dirfd,
             const char *name,
             const char *shown_as)
{
  struct stat st;
  int fd;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not read %s: %s.", shown_as, strerror (errno));
    }
  if (!S_ISDIR (st.st_mode))
    fail (SLICES_HELPER_EXIT_UNSAFE, "%s is %s, not a folder as sysfs makes it: refusing to "
          "use it.", shown_as, S_ISLNK (st.st_mode) ? "a symbolic link" : "not a folder");

  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    fail (errno == ELOOP || errno == ENOTDIR ? SLICES_HELPER_EXIT_UNSAFE
                                             : SLICES_HELPER_EXIT_FAILED,
          "Could not open %s: %s.", shown_as, strerror (errno));
  return fd;
}

/* Opens a sysfs attribute for writing: a regular file, never through a symlink. Returns -1
 * (errno ENOENT) when it does not exist. */
static int
open_attribute (int         dirfd,
                const char *name,
                const char *shown_as)
{
  struct stat st;
  int fd;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not read %s: %s.", shown_as, strerror (errno));
    }
  if (!S_ISREG (st.st_mode))
    fail (SLICES_HELPER_EXIT_UNSAFE, "%s is %s, not a sysfs attribute: refusing to write to "
          "it.", shown_as, S_ISLNK (st.st_mode) ? "a symbolic link" : "not a regular file");

  fd = openat (dirfd, name, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (errno == ELOOP ? SLICES_HELPER_EXIT_UNSAFE : SLICES_HELPER_EXIT_FAILED,
            "Could not open %s for writing: %s.", shown_as, strerror (errno));
    }

  /* Checked again on what was opened, in case the name changed in between. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    fail (SLICES_HELPER_EXIT_UNSAFE, "%s is not a sysfs attribute: refusing to write to it.",
          shown_as);
  return fd;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Enumerates the GPU's slice types and checks that `type` is one of them (the caller's string
 * is only ever compared, never used to build a path before this). */
static void
check_type_listed (int         types_fd,
                   const char *address,
                   const char *type)
{
  char *names[MAX_TYPES];
  size_t n_names = 0;
  char listing[512] = "";
  char q[QUOTE_SIZE];
  struct dirent *entry;
  bool found = false;
  DIR *dir;
  int fd;

  fd = fcntl (types_fd, F_DUPFD_CLOEXEC, 3);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not list the slice types of %s: %s.", address,
          strerror (errno));

  while ((entry = readdir (dir)) != NULL)
    {
      if (entry->d_name[0] == '.')
        continue;
      if (strcmp (entry->d_name, type) == 0)
        found = true;
      if (n_names < MAX_TYPES)
        names[n_names++] = strdup (entry->d_name);
    }
  closedir (dir);

  if (found)
    {
      for (size_t i = 0; i < n_names; i++)
        free (names[i]);
      return;
    }

  qsort (names, n_names, sizeof names[0], compare_strings);
  for (size_t i = 0; i < n_names; i++)
    {
      char shown[QUOTE_SIZE];

      if (names[i] == NULL)
        continue;
      slices_helper_quote (names[i], shown, sizeof shown);
      /* Drop the quotes again: these come from sysfs, but may still need escaping. */
      shown[strlen (shown) - 1] = '\0';
      if (strlen (listing) + strlen (shown) + 3 < sizeof listing)
        {
          if (listing[0] != '\0')
            strcat (listing, ", ");
          strcat (listing, shown + 1);
        }
      free (names[i]);
    }

  if (n_names == 0)
    fail (SLICES_HELPER_EXIT_BAD_TYPE, "GPU %s offers no slice types at all, so not %s.",
          address, slices_helper_quote (type, q, sizeof q));
  fail (SLICES_HELPER_EXIT_BAD_TYPE, "GPU %s has no slice type %s; it offers %s.", address,
        slices_helper_quote (type, q, sizeof q), listing);
}

/* The type's own name ("GVTg_V5_4"), read from sysfs, or derived from the id on kernels
 * before 5.18 that have no `name`. */
static void
read_type_name (int         type_fd,
                const char *type,
                char       *name,
                size_t      size)
{
  ssize_t n = -1;
  int fd;

  fd = openat (type_fd, "name", O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd >= 0)
    {
      n = read (fd, name, size - 1);
      close (fd);
    }
  if (n > 0)
    {
      name[n] = '\0';
      name[strcspn (name, "\n")] = '\0';
      for (char *c = name; *c != '\0'; c++)
        if (!isprint ((unsigned char) *c))
          *c = '?';
      if (name[0] != '\0')
        return;
    }

  snprintf (name, size, "%s", strncmp (type, "i915-", 5) == 0 ? type + 5 : type);
}

/* Slices are the GPU's children named by their UUID. */
static int
count_slices (int gpu_fd)
{
  struct dirent *entry;
  int count = 0;
  DIR *dir;
  int fd;

  fd = fcntl (gpu_fd, F_DUPFD_CLOEXEC, 3);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    return -1;

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;
      uuid_t uu;

      if (!slices_helper_is_uuid_text (entry->d_name) || uuid_parse (entry->d_name, uu) != 0)
        continue;
      if (fstatat (gpu_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
        count++;
    }
  closedir (dir);

  return count;
}

static int
do_create (const SlicesHelperRequest *request)
{
  const char *address = request->address;
  const char *type = request->type;
  const char *uuid = request->uuid;
  char line[UUID_TEXT_LEN + 2];
  char link_path[sizeof PCI_DEVICES_DIR + PCI_ADDRESS_LEN];
  char shown[256];
  ssize_t written;
  int gpu_fd, types_fd, type_fd, fd;
  int saved_errno;

  snprintf (link_path, sizeof link_path, PCI_DEVICES_DIR "%s", address);
  gpu_fd = open_device_dir (link_path, address);
  if (gpu_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_GPU, "There is no PCI device %s: check the GPU's address "
          "with `slicectl list`.", address);

  snprintf (shown, sizeof shown, "%s/mdev_supported_types", link_path);
  types_fd = open_subdir (gpu_fd, "mdev_supported_types", shown);
  if (types_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_GPU, "PCI device %s offers no GPU slices (it has no "
          "mdev_supported_types): it is not a GVT-g GPU, or GVT-g is off (it needs "
          "i915.enable_gvt=1 and the kvmgt module).", address);

  check_type_listed (types_fd, address, type);

  snprintf (shown, sizeof shown, "%s/mdev_supported_types/%s", link_path, type);
  type_fd = open_subdir (types_fd, type, shown);
  if (type_fd < 0)
    fail (SLICES_HELPER_EXIT_BAD_TYPE, "Slice type %s of GPU %s went away: refresh the list and "
          "try again.", type, address);

  snprintf (shown, sizeof shown, "%s/mdev_supported_types/%s/create", link_path, type);
  fd = open_attribute (type_fd, "create", shown);
  if (fd < 0)
    fail (SLICES_HELPER_EXIT_GVT_INACTIVE, "GPU %s lists slice type %s but cannot create it "
          "(no create file): GVT-g is not active; load the kvmgt module and try again.",
          address, type);

  snprintf (line, sizeof line, "%s\n", uuid);
  written = write (fd, line, strlen (line));
  saved_errno = errno;
  if (written < 0)
    {
      char name[64];
      int count;

      switch (saved_errno)
        {
        case ENOSPC:
          read_type_name (type_fd, type, name, sizeof name);
          count = count_slices (gpu_fd);
          if (count < 0)
            fail (SLICES_HELPER_EXIT_NO_ROOM, "No room for another %s slice on %s. Remove a "
                  "slice or pick a smaller type; if none fits, give the GPU a larger graphics "
                  "aperture in the firmware (BIOS) settings.", name, address);
          fail (SLICES_HELPER_EXIT_NO_ROOM, "No room for another %s slice on %s: %d %s already "
                "on this GPU. Remove a slice or pick a smaller type; if none fits, give the "
                "GPU a larger graphics aperture in the firmware (BIOS) settings.", name,
                address, count, count == 1 ? "slice exists" : "slices exist");
        case EEXIST:
          fail (SLICES_HELPER_EXIT_UUID_EXISTS, "A slice with UUID %s already exists on this or "
                "another GPU: pick another UUID.", uuid);
        case EINVAL:
          fail (SLICES_HELPER_EXIT_BAD_UUID, "The kernel refused UUID %s as invalid.", uuid);
        case ENODEV:
          fail (SLICES_HELPER_EXIT_NO_DEVICE, "GPU %s is going away (its driver is unloading): "
                "wait until it is back, then try again.", address);
        case ENOENT:
          fail (SLICES_HELPER_EXIT_GVT_INACTIVE, "GPU %s cannot create slices right now: GVT-g "
                "is not active; load the kvmgt module and try again.", address);
        default:
          fail (SLICES_HELPER_EXIT_FAILED, "Could not create a %s slice on %s: writing to %s "
                "failed: %s.", type, address, shown, strerror (saved_errno));
        }
    }
  if ((size_t) written != strlen (line))
    fail (SLICES_HELPER_EXIT_FAILED, "Could not create a %s slice on %s: the kernel took only "
          "part of the UUID.", type, address);
  if (close (fd) != 0)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not create a %s slice on %s: %s.", type, address,
          strerror (errno));

  close (type_fd);
  close (types_fd);
  close (gpu_fd);

  if (printf ("%s\n", uuid) < 0 || fflush (stdout) != 0)
    return SLICES_HELPER_EXIT_FAILED;
  return SLICES_HELPER_EXIT_OK;
}

static void
add_target (Target     *targets,
            size_t     *n_targets,
            const char *path)
{
  if (*n_targets >= MAX_TARGETS)
    return;
  if (stat (path, &targets[*n_targets].st) != 0)
    return;
  snprintf (targets[*n_targets].path, sizeof targets[*n_targets].path, "%s", path);
  (*n_targets)++;
}

/* The device nodes through which a VM holds the slice: its VFIO group /dev/vfio/<group> and,
 * from 6.1, its VFIO device /dev/vfio/devices/vfio<N>. */
static size_t
find_slice_nodes (int         slice_fd,
                  const char *uuid,
                  Target     *targets)
{
  char link[PATH_MAX];
  char path[64];
  size_t n_targets = 0;
  struct dirent *entry;
  const char *group;
  ssize_t n;
  DIR *dir;
  int fd;

  n = readlinkat (slice_fd, "iommu_group", link, sizeof link - 1);
  if (n > 0)
    {
      link[n] = '\0';
      group = strrchr (link, '/');
      group = group != NULL ? group + 1 : link;
      if (!slices_helper_is_digits (group) || strlen (group) > 10)
        fail (SLICES_HELPER_EXIT_UNSAFE, "The IOMMU group of slice %s is not a number as sysfs "
              "makes it: refusing to remove it.", uuid);
      snprintf (path, sizeof path, VFIO_GROUP_DIR "%s", group);
      add_target (targets, &n_targets, path);
    }

  fd = openat (slice_fd, "vfio-dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return n_targets;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      if (strncmp (entry->d_name, "vfio", 4) != 0 || !slices_helper_is_digits (entry->d_name + 4) ||
          strlen (entry->d_name) > 14)
        continue;
      snprintf (path, sizeof path, VFIO_DEVICE_DIR "%s", entry->d_name);
      add_target (targets, &n_targets, path);
    }
  closedir (dir);

  return n_targets;
}

static bool
same_file (const struct stat *a,
           const struct stat *b)
{
  if (a->st_dev == b->st_dev && a->st_ino == b->st_ino)
    return true;
  /* A VM in its own mount namespace (libvirt makes a private /dev for QEMU) holds its own
   * node for the same device. */
  return S_ISCHR (a->st_mode) && S_ISCHR (b->st_mode) && a->st_rdev != 0 &&
         a->st_rdev == b->st_rdev;
}

static void
read_comm (int   proc_fd,
           char *comm,
           size_t size)
{
  ssize_t n = -1;
  int fd;

  fd = openat (proc_fd, "comm", O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd >= 0)
    {
      n = read (fd, comm, size - 1);
      close (fd);
    }
  if (n <= 0)
    {
      snprintf (comm, size, "an unknown process");
      return;
    }
  comm[n] = '\0';
  comm[strcspn (comm, "\n")] = '\0';
}

/* Refuses to go on when any process holds one of the slice's nodes open: the kernel would
 * block the remove until the VM lets go, or on 5.19–6.1 leak the vGPU. stat() on
 * /proc/<pid>/fd/<n> follows to the open file itself, whatever name it was opened by. */
static void
check_not_in_use (int         slice_fd,
                  const char *uuid)
{
  Target targets[MAX_TARGETS];
  struct dirent *proc_entry;
  size_t n_targets;
  DIR *proc;

  n_targets = find_slice_nodes (slice_fd, uuid, targets);
  if (n_targets == 0)
    return;

  proc = opendir (PROC_DIR);
  if (proc == NULL)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not look through " PROC_DIR " to check whether "
          "slice %s is in use (%s): refusing to remove it blindly.", uuid, strerror (errno));

  while ((proc_entry = readdir (proc)) != NULL)
    {
      struct dirent *fd_entry;
      DIR *fds;
      int pid_fd, fds_fd;

      if (!slices_helper_is_digits (proc_entry->d_name))
        continue;
      pid_fd = openat (dirfd (proc), proc_entry->d_name,
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (pid_fd < 0)
        continue;  /* it exited meanwhile */
      fds_fd = openat (pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      fds = fds_fd >= 0 ? fdopendir (fds_fd) : NULL;
      if (fds == NULL)
        {
          if (fds_fd >= 0)
            close (fds_fd);
          close (pid_fd);
          continue;
        }

      while ((fd_entry = readdir (fds)) != NULL)
        {
          struct stat st;

          if (fd_entry->d_name[0] == '.')
            continue;
          if (fstatat (dirfd (fds), fd_entry->d_name, &st, AT_NO_AUTOMOUNT) != 0)
            continue;
          for (size_t i = 0; i < n_targets; i++)
            {
              char comm[64];

              if (!same_file (&st, &targets[i].st))
                continue;
              read_comm (pid_fd, comm, sizeof comm);
              fail (SLICES_HELPER_EXIT_IN_USE, "Slice %s is in use by %s (pid %s), which holds "
                    "%s open: shut down the virtual machine that uses it, then remove the "
                    "slice.", uuid, comm, proc_entry->d_name, targets[i].path);
            }
        }
      closedir (fds);
      close (pid_fd);
    }
  closedir (proc);
}

static bool is_pci_address (const char *text);
static void forget_removed_slice (const char *parent, const char *uuid);

/* The GPU a slice sits below (its folder's parent, a PCI address), or "" when that is not
 * what sysfs makes. */
static void
read_slice_parent (const char *link_path,
                   char        parent[PCI_ADDRESS_LEN + 1])
{
  char *real = realpath (link_path, NULL);
  char *slash;
  const char *base;

  parent[0] = '\0';
  if (real == NULL)
    return;
  slash = strrchr (real, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      base = strrchr (real, '/');
      if (base != NULL && is_pci_address (base + 1))
        snprintf (parent, PCI_ADDRESS_LEN + 1, "%s", base + 1);
    }
  free (real);
}

static int
do_remove (const SlicesHelperRequest *request)
{
  const char *uuid = request->uuid;
  char link_path[sizeof MDEV_DEVICES_DIR + UUID_TEXT_LEN];
  char parent[PCI_ADDRESS_LEN + 1];
  char shown[256];
  ssize_t written;
  int slice_fd, fd;

  snprintf (link_path, sizeof link_path, MDEV_DEVICES_DIR "%s", uuid);
  slice_fd = open_device_dir (link_path, uuid);
  if (slice_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_SLICE, "There is no slice %s: it may have been removed "
          "already; refresh the list.", uuid);
  read_slice_parent (link_path, parent);

  check_not_in_use (slice_fd, uuid);

  snprintf (shown, sizeof shown, "%s/remove", link_path);
  fd = open_attribute (slice_fd, "remove", shown);
  if (fd < 0)
    fail (SLICES_HELPER_EXIT_NO_SLICE, "Slice %s cannot be removed: it has no remove file "
          "(it may be going away already).", uuid);

  written = write (fd, "1", 1);
  if (written < 0)
    {
      switch (errno)
        {
        case ENOENT:
        case ENODEV:
          fail (SLICES_HELPER_EXIT_NO_SLICE, "Slice %s went away while it was being removed.",
                uuid);
        case EBUSY:
          fail (SLICES_HELPER_EXIT_IN_USE, "Slice %s is in use: shut down the virtual machine "
                "that uses it, then remove the slice.", uuid);
        default:
          fail (SLICES_HELPER_EXIT_FAILED, "Could not remove slice %s: writing to %s failed: "
                "%s.", uuid, shown, strerror (errno));
        }
    }
  if (written != 1 || close (fd) != 0)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not remove slice %s: %s.", uuid,
          written != 1 ? "the kernel did not take the request" : strerror (errno));

  close (slice_fd);

  /* Only once the slice is gone: a slice in use keeps its definition. */
  forget_removed_slice (parent, uuid);
  return SLICES_HELPER_EXIT_OK;
}

/* --- status, persist, unpersist, load-kvmgt --- */

/* Reads a small sysfs attribute (a module parameter). Returns false when it is absent or
 * unreadable; the value is cut at the first newline and kept only if it is printable ASCII. */
static bool
read_parameter (const char *path,
                char       *value,
                size_t      size)
{
  ssize_t n;
  int fd;

  fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return false;
  n = read (fd, value, size - 1);
  close (fd);
  if (n < 0)
    return false;
  value[n] = '\0';
  value[strcspn (value, "\n")] = '\0';
  for (char *c = value; *c != '\0'; c++)
    if ((unsigned char) *c < 0x20 || (unsigned char) *c >= 0x7f || *c == '"' || *c == '\\')
      *c = '?';
  return true;
}

static void
print_json_parameter (const char *key,
                      const char *path,
                      const char *separator)
{
  char value[64];

  if (read_parameter (path, value, sizeof value))
    printf ("\"%s\":\"%s\"%s", key, value, separator);
  else
    printf ("\"%s\":null%s", key, separator);
}

static int
do_status (void)
{
  struct stat st;
  bool kvmgt = stat (SYSFS_ROOT "/module/kvmgt", &st) == 0 && S_ISDIR (st.st_mode);
  bool conf = lstat (SLICES_HELPER_MODULES_LOAD_CONF, &st) == 0;

  printf ("{");
  print_json_parameter ("enable_gvt", I915_PARAMETERS "enable_gvt", ",");
  print_json_parameter ("enable_guc", I915_PARAMETERS "enable_guc", ",");
  printf ("\"kvmgt_loaded\":%s,\"modules_load_conf\":%s}\n", kvmgt ? "true" : "false",
          conf ? "true" : "false");

  if (fflush (stdout) != 0 || ferror (stdout))
    fail (SLICES_HELPER_EXIT_FAILED, "Could not print the status: %s.", strerror (errno));
  return SLICES_HELPER_EXIT_OK;
}

/* The shared grammar, for names read from sysfs (their message is not needed). */
static bool
is_pci_address (const char *text)
{
  char message[SLICES_HELPER_QUOTE_SIZE + 128];

  return slices_helper_check_address (text, message, sizeof message) == SLICES_HELPER_EXIT_OK;
}

static bool
is_type_id (const char *text)
{
  char message[SLICES_HELPER_QUOTE_SIZE + 128];

  return slices_helper_check_type (text, message, sizeof message) == SLICES_HELPER_EXIT_OK;
}

/* The GPU and type of an existing slice, read from sysfs as the kernel made them: the slice
 * folder's parent is the GPU (a PCI address), and its mdev_type link leads to one of that
 * GPU's mdev_supported_types folders. Anything else is refused as unsafe. */
static void
read_slice_origin (const char *uuid,
                   char        parent[PCI_ADDRESS_LEN + 1],
                   char        type[SLICES_HELPER_MAX_ARG_LEN + 1])
{
  char link_path[sizeof MDEV_DEVICES_DIR + UUID_TEXT_LEN];
  char type_link[sizeof link_path + sizeof "/mdev_type"];
  char expected[PATH_MAX];
  char *real, *type_real, *slash;
  const char *base;
  int slice_fd;

  snprintf (link_path, sizeof link_path, MDEV_DEVICES_DIR "%s", uuid);
  slice_fd = open_device_dir (link_path, uuid);
  if (slice_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_SLICE, "There is no slice %s: only a slice that exists can be "
          "kept after a restart; refresh the list.", uuid);
  close (slice_fd);

  /* open_device_dir() checked that this resolves under /sys/devices/ to a folder named uuid. */
  real = realpath (link_path, NULL);
  if (real == NULL)
    fail (SLICES_HELPER_EXIT_NO_SLICE, "Slice %s went away: refresh the list.", uuid);
  slash = strrchr (real, '/');
  *slash = '\0';
  base = strrchr (real, '/');
  if (base == NULL || !is_pci_address (base + 1))
    fail (SLICES_HELPER_EXIT_UNSAFE, "Slice %s does not sit below a PCI device as sysfs makes "
          "it (its parent is %.200s): refusing to keep it.", uuid, real);
  snprintf (parent, PCI_ADDRESS_LEN + 1, "%s", base + 1);

  snprintf (type_link, sizeof type_link, "%s/mdev_type", link_path);
  type_real = realpath (type_link, NULL);
  if (type_real == NULL)
    fail (SLICES_HELPER_EXIT_UNSAFE, "Slice %s has no mdev_type link that leads to its type: "
          "refusing to keep it.", uuid);
  base = strrchr (type_real, '/');
  if (base == NULL || !is_type_id (base + 1))
    fail (SLICES_HELPER_EXIT_UNSAFE, "The type of slice %s is not a slice type id as sysfs "
          "makes it: refusing to keep it.", uuid);
  snprintf (expected, sizeof expected, "%s/mdev_supported_types/%s", real, base + 1);
  if (strcmp (expected, type_real) != 0)
    fail (SLICES_HELPER_EXIT_UNSAFE, "The mdev_type link of slice %s leads to %.200s, not to a "
          "type of its own GPU %s: refusing to keep it.", uuid, type_real, parent);
  snprintf (type, SLICES_HELPER_MAX_ARG_LEN + 1, "%s", base + 1);

  free (type_real);
  free (real);
}

/* A program is there when its fixed path leads to an executable regular file. */
static bool
is_program (const char *path)
{
  struct stat st;

  return stat (path, &st) == 0 && S_ISREG (st.st_mode) && access (path, X_OK) == 0;
}

/* Runs @path with @argv and a fixed environment, without a shell, and waits for it. Returns its
 * exit status (128 + signal when it was killed) and keeps the last line it printed on stderr in
 * @last_line for the message. Files it creates get the usual 0022 umask, not the helper's. */
static int
run_program (const char         *path,
             const char * const *argv,
             char               *last_line,
             size_t              size)
{
  static const char * const envp[] = { "PATH=" SAFE_PATH, "LC_ALL=C", NULL };
  char buffer[4096];
  size_t used = 0;
  int pipe_fds[2];
  int status;
  pid_t pid;

  last_line[0] = '\0';
  if (pipe2 (pipe_fds, O_CLOEXEC) != 0)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not start %s: %s.", path, strerror (errno));

  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not start %s: %s.", path, strerror (errno));

  if (pid == 0)
    {
      int null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC | O_NOCTTY);

      if (null_fd < 0 || dup2 (null_fd, STDIN_FILENO) < 0 || dup2 (null_fd, STDOUT_FILENO) < 0 ||
          dup2 (pipe_fds[1], STDERR_FILENO) < 0)
        _exit (127);
      umask (022);
      execve (path, (char * const *) argv, (char * const *) envp);
      _exit (127);
    }

  close (pipe_fds[1]);
  for (;;)
    {
      ssize_t n = read (pipe_fds[0], buffer + used, sizeof buffer - 1 - used);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      used += (size_t) n;
      if (used == sizeof buffer - 1)
        {
          /* Keep the tail: the last line is what matters. */
          memmove (buffer, buffer + sizeof buffer / 2, used - sizeof buffer / 2);
          used -= sizeof buffer / 2;
        }
    }
  close (pipe_fds[0]);
  buffer[used] = '\0';

  while (waitpid (pid, &status, 0) < 0)
    {
      if (errno != EINTR)
        fail (SLICES_HELPER_EXIT_FAILED, "Could not wait for %s: %s.", path, strerror (errno));
    }

  /* The last non-empty line, without its newline. */
  while (used > 0 && (buffer[used - 1] == '\n' || buffer[used - 1] == ' '))
    buffer[--used] = '\0';
  {
    const char *start = strrchr (buffer, '\n');

    const char *text = start != NULL ? start + 1 : buffer;
    size_t text_len = strnlen (text, size - 1);

    memcpy (last_line, text, text_len);
    last_line[text_len] = '\0';
  }

  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}

static void
require_mdevctl (const char *why)
{
  if (!is_program (MDEVCTL_PATH))
    fail (SLICES_HELPER_EXIT_NO_MDEVCTL, "mdevctl is not installed (there is no " MDEVCTL_PATH
          "), so %s: install the mdevctl package (Debian and Ubuntu: sudo apt install mdevctl; "
          "Fedora: sudo dnf install mdevctl), then try again.", why);
}

static void
run_mdevctl (const char * const *argv,
             const char         *uuid,
             const char         *what)
{
  char line[512];
  int code;

  code = run_program (MDEVCTL_PATH, argv, line, sizeof line);
  if (code == 0)
    return;
  if (line[0] == '\0')
    fail (SLICES_HELPER_EXIT_MDEVCTL_FAILED, "mdevctl could not %s slice %s (it exited with "
          "code %d).", what, uuid, code);
  fail (SLICES_HELPER_EXIT_MDEVCTL_FAILED, "mdevctl could not %s slice %s: %.300s", what, uuid,
        line);
}

/* Whether mdevctl keeps a definition of @uuid for @parent: /etc/mdevctl.d/<parent>/<uuid>. */
static bool
is_defined_for (const char *parent,
                const char *uuid)
{
  char path[sizeof SLICES_HELPER_MDEVCTL_CONF_DIR + PCI_ADDRESS_LEN + UUID_TEXT_LEN + 4];
  struct stat st;

  snprintf (path, sizeof path, SLICES_HELPER_MDEVCTL_CONF_DIR "/%s/%s", parent, uuid);
  return lstat (path, &st) == 0;
}

/* Whether mdevctl keeps a definition of @uuid for any parent. */
static bool
is_defined_anywhere (const char *uuid)
{
  struct dirent *entry;
  bool found = false;
  DIR *dir;

  dir = opendir (SLICES_HELPER_MDEVCTL_CONF_DIR);
  if (dir == NULL)
    return false;
  while (!found && (entry = readdir (dir)) != NULL)
    {
      struct stat st;

      /* Parents are PCI addresses here; scripts.d and anything else are not. */
      if (!is_pci_address (entry->d_name))
        continue;
      if (fstatat (dirfd (dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISDIR (st.st_mode))
        continue;
      found = is_defined_for (entry->d_name, uuid);
    }
  closedir (dir);
  return found;
}

static int
do_persist (const SlicesHelperRequest *request)
{
  const char *uuid = request->uuid;
  char parent[PCI_ADDRESS_LEN + 1];
  char type[SLICES_HELPER_MAX_ARG_LEN + 1];

  read_slice_origin (uuid, parent, type);
  require_mdevctl ("slices cannot be kept after a restart");

  /* mdevctl refuses to define a UUID twice: replace what is there, so that it matches the
   * slice as it is now and starts on its own. */
  if (is_defined_for (parent, uuid))
    {
      const char *undefine[] = { "mdevctl", "undefine", "--uuid", uuid, "--parent", parent,
                                 NULL };
      run_mdevctl (undefine, uuid, "update its definition of");
    }

  {
    const char *define[] = { "mdevctl", "define", "--uuid", uuid, "--parent", parent,
                             "--type", type, "--auto", NULL };
    run_mdevctl (define, uuid, "keep");
  }

  return SLICES_HELPER_EXIT_OK;
}

static int
do_unpersist (const SlicesHelperRequest *request)
{
  const char *uuid = request->uuid;

  /* Not kept: already what was asked, and mdevctl would only fail. */
  if (!is_defined_anywhere (uuid))
    return SLICES_HELPER_EXIT_OK;

  require_mdevctl ("its definition cannot be removed");
  {
    const char *undefine[] = { "mdevctl", "undefine", "--uuid", uuid, NULL };
    run_mdevctl (undefine, uuid, "forget");
  }

  return SLICES_HELPER_EXIT_OK;
}

/* After a slice is gone, its mdevctl definition would bring it back at the next boot. */
static void
forget_removed_slice (const char *parent,
                      const char *uuid)
{
  const char *undefine[] = { "mdevctl", "undefine", "--uuid", uuid, "--parent", parent, NULL };

  if (parent[0] == '\0' || !is_defined_for (parent, uuid))
    return;

  if (!is_program (MDEVCTL_PATH))
    fail (SLICES_HELPER_EXIT_NO_MDEVCTL, "Slice %s was removed, but mdevctl is not installed "
          "(no " MDEVCTL_PATH ") to forget its definition in " SLICES_HELPER_MDEVCTL_CONF_DIR
          "/%s: delete that file, or it comes back at the next restart.", uuid, parent);
  run_mdevctl (undefine, uuid, "forget the removed");
}

static const char *
find_modprobe (void)
{
  static const char * const candidates[] = { "/usr/sbin/modprobe", "/sbin/modprobe" };

  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
    if (is_program (candidates[i]))
      return candidates[i];
  return NULL;
}

/* Writes SLICES_HELPER_MODULES_LOAD_CONF through a temporary file in the same folder and a
 * rename, so that the boot never sees half a file; a symlink at either name is replaced, never
 * followed. */
static void
write_modules_load_conf (void)
{
  static const char contents[] = "# Written by GPU Slices (\"Load kvmgt at every boot\"). "
                                 "Delete this file to undo.\nkvmgt\n";
  const char *conf = SLICES_HELPER_MODULES_LOAD_CONF;
  const char *name = strrchr (conf, '/') + 1;
  char dir_path[64];
  char temp_name[64];
  size_t len = sizeof contents - 1;
  int dir_fd, fd;

  snprintf (dir_path, sizeof dir_path, "%.*s", (int) (name - conf - 1), conf);
  snprintf (temp_name, sizeof temp_name, ".%s.tmp", name);

  if (mkdir (dir_path, 0755) == 0)
    chmod (dir_path, 0755);  /* the helper's own umask is 077 */
  else if (errno != EEXIST)
    fail (SLICES_HELPER_EXIT_FAILED, "kvmgt is loaded now, but %s could not be made: %s.",
          dir_path, strerror (errno));
  dir_fd = open (dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd < 0)
    fail (SLICES_HELPER_EXIT_FAILED, "kvmgt is loaded now, but %s could not be opened: %s.",
          dir_path, strerror (errno));

  /* A leftover from an interrupted run: ours, in a folder only root may write. */
  if (unlinkat (dir_fd, temp_name, 0) != 0 && errno != ENOENT)
    fail (SLICES_HELPER_EXIT_FAILED, "kvmgt is loaded now, but %s/%s is in the way: %s.",
          dir_path, temp_name, strerror (errno));

  fd = openat (dir_fd, temp_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
               O_NOCTTY, 0644);
  if (fd < 0)
    fail (SLICES_HELPER_EXIT_FAILED, "kvmgt is loaded now, but %s/%s could not be written: %s.",
          dir_path, temp_name, strerror (errno));
  if (fchmod (fd, 0644) != 0 || write (fd, contents, len) != (ssize_t) len || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      unlinkat (dir_fd, temp_name, 0);
      fail (SLICES_HELPER_EXIT_FAILED, "kvmgt is loaded now, but %s could not be written: %s.",
            conf, strerror (saved_errno));
    }
  if (close (fd) != 0 || renameat (dir_fd, temp_name, dir_fd, name) != 0)
    {
      int saved_errno = errno;

      unlinkat (dir_fd, temp_name, 0);
      fail (SLICES_HELPER_EXIT_FAILED, "kvmgt is loaded now, but %s could not be written: %s.",
            conf, strerror (saved_errno));
    }
  fsync (dir_fd);
  close (dir_fd);
}

static int
do_load_kvmgt (void)
{
  const char *argv[] = { "modprobe", "kvmgt", NULL };
  const char *modprobe = find_modprobe ();
  char line[512];
  int code;

  if (modprobe == NULL)
    fail (SLICES_HELPER_EXIT_NO_MODPROBE, "modprobe was not found at /usr/sbin/modprobe or "
          "/sbin/modprobe: install the kmod package, then try again.");

  code = run_program (modprobe, argv, line, sizeof line);
  if (code != 0)
    {
      if (line[0] == '\0')
        fail (SLICES_HELPER_EXIT_MODPROBE_FAILED, "modprobe kvmgt failed (exit code %d); "
              "nothing was written.", code);
      fail (SLICES_HELPER_EXIT_MODPROBE_FAILED, "Could not load kvmgt: %.300s (nothing was "
            "written; check that the kernel has GVT-g, and dmesg).", line);
    }

  write_modules_load_conf ();
  return SLICES_HELPER_EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  SlicesHelperRequest request;
  char message[MESSAGE_MAX];
  int code;

  ensure_standard_fds ();
  umask (077);
  sanitize_environment ();
  check_root ();

  code = slices_helper_parse_args (argc, (const char * const *) argv, &request, message,
                                   sizeof message);
  if (code != SLICES_HELPER_EXIT_OK)
    fail (code, "%s", message);

  switch (request.command)
    {
    case SLICES_HELPER_COMMAND_CREATE:
      return do_create (&request);
    case SLICES_HELPER_COMMAND_REMOVE:
      return do_remove (&request);
    case SLICES_HELPER_COMMAND_STATUS:
      return do_status ();
    case SLICES_HELPER_COMMAND_PERSIST:
      return do_persist (&request);
    case SLICES_HELPER_COMMAND_UNPERSIST:
      return do_unpersist (&request);
    case SLICES_HELPER_COMMAND_LOAD_KVMGT:
      return do_load_kvmgt ();
    default:
      fail (SLICES_HELPER_EXIT_USAGE, "Unknown command.");
    }
}
