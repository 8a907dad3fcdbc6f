/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gpu-slices-helper: the only part of GPU Slices that runs as root, through pkexec; grammar in
 * slices-helper-validate.c, exit codes in slices-helper-protocol.h. It refuses unless uid, euid,
 * gid and egid are 0, then resets what it inherits (reset_process()), builds every path itself,
 * follows no symbolic link at the last step, and acts only on Intel GPUs (vendor 0x8086): GVT-g on
 * i915 (i915-GVTg_* types and their slices), SR-IOV on xe or i915 (their VFs).
 *
 * Files it may write, and nothing else (* through .NAME.tmp and a rename, mode 0644, in a
 * folder it makes 0755 where missing, under a lock on that folder):
 *   /sys/devices/…/GPU/mdev_supported_types/TYPE/create "UUID\n"  slices create
 *   /sys/devices/…/GPU/UUID/remove "1"                             slices remove
 *   /etc/mdevctl.d/GPU/UUID *, mdevctl's format (FACTS §4):        slices persist; deleted by
 *     {"mdev_type":"TYPE","start":"auto","attrs":[]}               slices unpersist and remove
 *   /sys/devices/…/GPU/sriov_drivers_autoprobe "0", then sriov_numvfs "0" (when VFs exist) and
 *     "COUNT" (when COUNT > 0; on failure the old count again)     slices set-vfs
 *   /sys/devices/…/GPU/sriov_admin/vfVF/profile/KEY "VALUE"        slices set-vf-profile
 *   /etc/udev/rules.d/70-gpu-slices-sriov-GPU.rules *, or deleted  slices (un)persist-vfs
 *   /etc/modules-load.d/gpu-slices.conf *                          configure-host load-kvmgt
 *   /etc/tmpfiles.d/gpu-slices-looking-glass.conf *                configure-host looking-glass
 * The one program it may run, with fork and execve, no shell, stdin and stdout /dev/null and the
 * environment PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C: /sbin/modprobe kvmgt, for
 * configure-host load-kvmgt. No mdevctl, so that a definition is whole or absent (mdevctl's udev
 * rule starts what is kept). What needs no root is the client's: whether mdevctl is installed or
 * USER exists, the words for each exit code.
 *
 * Before a remove, or a change of the VF count, it refuses while a process holds a VFIO group or
 * device of the slice or of any VF open: the kernel would block until the VM let go. That is
 * advisory, not a security boundary. Only real opens count (not O_PATH, which anyone who may
 * search /dev/vfio makes); when /proc cannot be read it refuses rather than guess, skipping only
 * processes that are gone or that the kernel hides as they hold capabilities it lacks.
 */

#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "slices-helper-protocol.h"

#define E(name)    SLICES_HELPER_EXIT_##name
#define IS_GVT(t)  (strncmp ((t), "i915-GVTg_", 10) == 0)
#define ADDR_SIZE  (SLICES_HELPER_PCI_ADDRESS_LEN + 1)
#define TYPE_SIZE  (SLICES_HELPER_MAX_ARG_LEN + 1)
#define DIR_FLAGS  (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* One line in one write(2); anything but printable ASCII (a process name, modprobe's) is '?'. */
static void __attribute__ ((noreturn, format (printf, 2, 3)))
fail (int code, const char *format, ...)
{
  char line[512];
  va_list args;
  size_t len;

  va_start (args, format);
  vsnprintf (line, sizeof line - 1, format, args);
  va_end (args);
  for (len = 0; line[len] != '\0'; len++)
    line[len] = (unsigned char) line[len] - 0x20u < 0x5fu ? line[len] : '?';
  line[len++] = '\n';
  (void) !write (STDERR_FILENO, line, len);
  _exit (code);
}

static void
reset_process (void)
{
  /* Each limit at its value; where the hard one cannot be raised (no CAP_SYS_RESOURCE, as in
   * some containers), at least soft = hard, and refused below the minimum. */
  static const struct { int resource; rlim_t value, minimum; } limits[] = {
    { RLIMIT_FSIZE, RLIM_INFINITY, RLIM_INFINITY }, { RLIMIT_NOFILE, 1024, 64 },
    { RLIMIT_CPU, RLIM_INFINITY, 0 }, { RLIMIT_AS, RLIM_INFINITY, 0 }, { RLIMIT_CORE, 0, 0 },
    { RLIMIT_DATA, RLIM_INFINITY, 0 }, { RLIMIT_NPROC, RLIM_INFINITY, 0 },
    { RLIMIT_STACK, 8 << 20, 1 << 20 },
  };
  struct sigaction default_action = { .sa_handler = SIG_DFL };
  struct rlimit limit;

  for (int fd = 0; fd <= 2; fd++)  /* so that no file opened later becomes stdout or stderr */
    if (fcntl (fd, F_GETFD) < 0 && open ("/dev/null", O_RDWR | O_NOCTTY) != fd)
      _exit (E (FAILED));
  if (getuid () != 0 || geteuid () != 0 || getgid () != 0 || getegid () != 0)
    fail (E (NOT_ROOT), "gpu-slices-helper runs only as root, through pkexec (uid %u, euid %u, "
          "gid %u, egid %u)", getuid (), geteuid (), getgid (), getegid ());
  for (int sig = 1; sig < NSIG; sig++)
    sigaction (sig, &default_action, NULL);  /* fails for SIGKILL and SIGSTOP: fine */
  sigprocmask (SIG_SETMASK, &(sigset_t) { 0 }, NULL);  /* all bits clear: the empty set */
  for (int timer = ITIMER_REAL; timer <= ITIMER_PROF; timer++)
    setitimer (timer, &(struct itimerval) { 0 }, NULL);
  for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
    if (setrlimit (limits[i].resource, &(struct rlimit) { limits[i].value, limits[i].value }) &&
        (getrlimit (limits[i].resource, &limit) != 0 || limit.rlim_max < limits[i].minimum ||
         setrlimit (limits[i].resource, &(struct rlimit) { limit.rlim_max, limit.rlim_max })))
      fail (E (FAILED), "could not reset resource limit %d: the caller set it too low",
            limits[i].resource);
  umask (022);
  if (close_range (3, ~0U, 0) != 0 || chdir ("/") != 0 || clearenv () != 0 ||
      setenv ("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1) != 0 || setenv ("LC_ALL", "C", 1))
    fail (E (FAILED), "could not reset the process: %s", strerror (errno));
}

/* Opens what /sys/bus/<bus>/devices/<name> leads to, a folder of that name under /sys/devices/
 * as sysfs makes it, and puts its path in @real (PATH_MAX); exits @absent when there is none. */
static int
open_device (const char *bus, const char *name, char *real, int absent)
{
  char link[96], *found;
  int fd;

  snprintf (link, sizeof link, "/sys/bus/%s/devices/%s", bus, name);
  if ((found = realpath (link, real)) == NULL && errno == ENOENT)
    fail (absent, "there is no %s %s%s", bus[0] == 'm' ? "slice" : "PCI device", name,
          absent == E (NOT_INTEL) ? ": GPU Slices manages only Intel GPU slices" : "");
  if (found == NULL || strncmp (real, "/sys/devices/", 13) != 0 ||
      strcmp (strrchr (real, '/') + 1, name) != 0)
    fail (E (UNSAFE), "%s does not lead to a device folder under /sys/devices", link);
  if ((fd = open (real, DIR_FLAGS)) < 0)
    fail (errno == ENOTDIR || errno == ELOOP ? E (UNSAFE) : E (FAILED), "could not open %s: %s",
          real, strerror (errno));
  return fd;
}

/* Opens @name in @dir_fd: a folder when @flags has O_DIRECTORY, else a regular file; never a
 * symbolic link, FIFO or device. -1: it does not exist. */
static int
open_in (int dir_fd, const char *name, int flags)
{
  struct stat st = { 0 };  /* any other failure: mode 0, not what sysfs makes */
  int fd, want = flags & O_DIRECTORY ? S_IFDIR : S_IFREG;

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
    return -1;
  if ((st.st_mode & S_IFMT) != (unsigned) want ||
      (fd = openat (dir_fd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)) < 0 ||
      fstat (fd, &st) != 0 || (st.st_mode & S_IFMT) != (unsigned) want)
    fail (E (UNSAFE), "%s is not what sysfs makes, or could not be opened", name);
  return fd;
}

/* Writes @text to the attribute @name in @dir_fd: 0, or the errno (ENOENT: no such file). */
static int
write_attr (int dir_fd, const char *name, const char *text)
{
  int fd = open_in (dir_fd, name, O_WRONLY), err;

  if (fd < 0)
    return ENOENT;
  err = write (fd, text, strlen (text)) == (ssize_t) strlen (text) ? 0 : errno;
  return close (fd) != 0 && err == 0 ? errno : err;
}

/* Up to @size - 1 bytes of a regular file, NUL-terminated; -1 when it cannot be read. */
static ssize_t
read_file (int dir_fd, const char *name, char *buffer, size_t size)
{
  int fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  struct stat st;
  ssize_t n = fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
              ? read (fd, buffer, size - 1) : -1;

  if (fd >= 0)
    close (fd);
  buffer[n > 0 ? n : 0] = '\0';
  return n;
}

/* The last component of the target of the link @name, or "". */
static const char *
link_name (int dir_fd, const char *name, char buffer[PATH_MAX])
{
  ssize_t n = readlinkat (dir_fd, name, buffer, PATH_MAX - 1);

  buffer[n > 0 ? n : 0] = '\0';
  return strrchr (buffer, '/') != NULL ? strrchr (buffer, '/') + 1 : buffer;
}

/* Whether @name in @dir_fd leads to the folder @fd. */
static int
leads_to (int dir_fd, const char *name, int fd)
{
  struct stat a, b;

  return fstatat (dir_fd, name, &a, 0) == 0 && fstat (fd, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* An Intel GPU bound to one of @drivers ("i915" or "xe i915"); its driver in @target. */
static void
require_intel_gpu (int gpu_fd, const char *address, const char *drivers, char target[PATH_MAX])
{
  const char *driver = link_name (gpu_fd, "driver", target);
  char vendor[16];

  if (read_file (gpu_fd, "vendor", vendor, sizeof vendor) <= 0 ||
      strncmp (vendor, "0x8086", 6) != 0 || strchr ("\n", vendor[6]) == NULL)
    fail (E (NOT_INTEL), "%s is not an Intel GPU: GPU Slices manages only Intel GPU slices",
          address);
  if (strcmp (driver, "i915") != 0 && (strcmp (driver, "xe") != 0 || drivers[0] != 'x'))
    fail (E (NOT_INTEL), "%s is driven by '%s', not %s", address, driver, drivers);
  memmove (target, driver, strlen (driver) + 1);
}

/* The slice @uuid as the kernel made it, of a GVT-g type of its own Intel GPU: its folder. */
static int
open_slice (const char *uuid, char parent[ADDR_SIZE], char type[TYPE_SIZE])
{
  char real[PATH_MAX], type_real[PATH_MAX], expected[PATH_MAX + 32], *base;
  int slice_fd = open_device ("mdev", uuid, real, E (NO_SLICE)), gpu_fd;

  snprintf (expected, sizeof expected, "%s/mdev_type", real);
  *strrchr (real, '/') = '\0';
  base = strrchr (real, '/') + 1;
  if (realpath (expected, type_real) == NULL || !slices_helper_is_address (base) ||
      (gpu_fd = open (real, DIR_FLAGS)) < 0)
    fail (E (UNSAFE), "slice %s does not sit below a PCI device with its type", uuid);
  snprintf (parent, ADDR_SIZE, "%s", base);
  require_intel_gpu (gpu_fd, parent, "i915", expected);
  close (gpu_fd);
  base = strrchr (type_real, '/') + 1;
  snprintf (expected, sizeof expected, "%s/mdev_supported_types/%s", real, base);
  if (!slices_helper_is_type_id (base) || strcmp (expected, type_real) != 0)
    fail (E (UNSAFE), "the mdev_type link of slice %s does not lead to a type of its GPU", uuid);
  if (!IS_GVT (base))
    fail (E (NOT_INTEL), "%s is not a GVT-g slice: GPU Slices manages only Intel GPU slices", uuid);
  snprintf (type, TYPE_SIZE, "%s", base);
  return slice_fd;
}

/* The Intel GPU @address with SR-IOV on xe or i915 (in @driver), room for @count VFs. */
static int
open_pf (const char *address, unsigned long count, unsigned long *current, char driver[PATH_MAX])
{
  char text[32];
  int pf_fd = open_device ("pci", address, driver, E (NO_GPU));
  unsigned long total;

  require_intel_gpu (pf_fd, address, "xe i915", driver);
  if (read_file (pf_fd, "sriov_totalvfs", text, sizeof text) <= 0 ||
      (total = strtoul (text, NULL, 10)) == 0 || close (open_in (pf_fd, "sriov_numvfs", 0)) ||
      read_file (pf_fd, "sriov_numvfs", text, sizeof text) <= 0)
    fail (E (NO_SRIOV), "%s offers no SR-IOV virtual functions", address);
  if (count > total)
    fail (E (BAD_NUMBER), "%s makes at most %lu virtual functions", address, total);
  *current = strtoul (text, NULL, 10);
  return pf_fd;
}

/* A process that is gone, or whose files the kernel hides even from us because it holds
 * capabilities we lack (a container's supervisor): not a VM of this host. */
static int
cannot_hold (const char *pid, int error)
{
  unsigned long long caps[2] = { 0, 0 };
  char path[64], text[4096], *line;

  for (int i = 0; i < 2 && (error == EACCES || error == EPERM); i++)
    if (snprintf (path, sizeof path, "/proc/%.16s/status", i == 0 ? pid : "self") > 0 &&
        read_file (AT_FDCWD, path, text, sizeof text) > 0 &&
        (line = strstr (text, i == 0 ? "CapPrm:" : "CapEff:")) != NULL)
      caps[i] = strtoull (line + 7, NULL, 16);
  return error == ENOENT || error == ESRCH || (caps[0] & ~caps[1]) != 0;  /* or gone */
}

/* Whether the process @pid opened its fd @fd for real (not O_PATH). */
static int
is_real_open (const char *pid, const char *fd)
{
  char path[64], info[512], *flags;

  snprintf (path, sizeof path, "/proc/%.16s/fdinfo/%.16s", pid, fd);
  if (read_file (AT_FDCWD, path, info, sizeof info) < 0 && errno != ENOENT && errno != ESRCH)
    fail (E (FAILED), "could not read %s: %s", path, strerror (errno));
  return info[0] != '\0' &&  /* gone meanwhile: not held */
         ((flags = strstr (info, "flags:")) == NULL || !(strtoul (flags + 6, NULL, 8) & O_PATH));
}

/* Refuses (see the top) while a process holds a VFIO node of the device in @dev_fd open: its
 * group /dev/vfio/<N> and, from Linux 6.1, /dev/vfio/devices/vfio<N>. */
static void
check_not_held (int dev_fd, const char *name)
{
  char path[PATH_MAX], target[PATH_MAX], comm[64];
  DIR *dir = fdopendir (openat (dev_fd, "vfio-dev", DIR_FLAGS)), *proc, *fds;
  struct stat nodes[4], st;
  struct dirent *pid, *fd;
  size_t n = 0;

  snprintf (path, sizeof path, "/dev/vfio/%.16s", link_name (dev_fd, "iommu_group", target));
  n += slices_helper_is_digits (path + 10) && stat (path, &nodes[n]) == 0;
  while (dir != NULL && n < 4 && (fd = readdir (dir)) != NULL)
    n += strncmp (fd->d_name, "vfio", 4) == 0 && slices_helper_is_digits (fd->d_name + 4) &&
         snprintf (path, sizeof path, "/dev/vfio/devices/%s", fd->d_name) > 0 &&
         stat (path, &nodes[n]) == 0;
  (void) (dir != NULL && closedir (dir));
#define SCAN_FAILED(what) fail (E (FAILED), "could not read %s to tell whether %s is in use: %s", \
                                  what, name, strerror (errno))
  if (n > 0 && (proc = opendir ("/proc")) == NULL)
    SCAN_FAILED ("/proc");
  for (errno = 0; n > 0 && (pid = readdir (proc)) != NULL; errno = 0)
    {
      snprintf (path, sizeof path, "/proc/%.16s/fd", pid->d_name);
      if (!slices_helper_is_digits (pid->d_name) ||
          ((fds = opendir (path)) == NULL && cannot_hold (pid->d_name, errno)))
        continue;
      if (fds == NULL)
        SCAN_FAILED (path);
      for (errno = 0; (fd = readdir (fds)) != NULL; errno = 0)
        {
          /* /proc answers, the file's own file system not (FUSE refuses root): no VFIO node */
          if (fd->d_name[0] == '.' || (fstatat (dirfd (fds), fd->d_name, &st, 0) != 0 &&
                                       (readlinkat (dirfd (fds), fd->d_name, comm, 1) >= 0 ||
                                        cannot_hold (pid->d_name, errno))))
            continue;
          if (errno != 0)
            SCAN_FAILED (fd->d_name);
          for (size_t i = 0; i < n; i++)
            /* rdev: a VM in its own mount namespace holds its own node of the device */
            if (((st.st_dev == nodes[i].st_dev && st.st_ino == nodes[i].st_ino) ||
                 (S_ISCHR (st.st_mode) && st.st_rdev != 0 && st.st_rdev == nodes[i].st_rdev)) &&
                is_real_open (pid->d_name, fd->d_name))
              {
                snprintf (path, sizeof path, "/proc/%s/comm", pid->d_name);
                read_file (AT_FDCWD, path, comm, sizeof comm);
                comm[strcspn (comm, "\n")] = '\0';
                fail (E (IN_USE), "%s is in use by %s (pid %s)", name,
                      comm[0] != '\0' ? comm : "a process", pid->d_name);
              }
        }
      if (errno != 0)
        SCAN_FAILED (path);
      closedir (fds);
    }
  if (n > 0 && errno != 0)
    SCAN_FAILED ("/proc");
  (void) (n > 0 && closedir (proc));
}

/* Runs /sbin/modprobe kvmgt as the top says: its exit status (128 + the signal when it was
 * killed; 127 when it could not be started) and the last line of its stderr in @line. */
static int
run_modprobe (char line[256])
{
  static const char * const argv[] = { "modprobe", "kvmgt", NULL }, *path = "/sbin/modprobe";
  static const char * const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL };
  char out[2048], *start;  /* the last 2047 bytes */
  int err_fd = memfd_create ("stderr", MFD_CLOEXEC), null_fd, status;
  ssize_t used;
  off_t end;
  pid_t child;

  if (err_fd < 0 || (child = fork ()) < 0)
    fail (E (FAILED), "could not start %s: %s", path, strerror (errno));
  if (child == 0)
    {
      if ((null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && dup2 (null_fd, 0) == 0 &&
          dup2 (null_fd, 1) == 1 && dup2 (err_fd, 2) == 2)
        execve (path, (char * const *) argv, (char * const *) envp);
      _exit (127);
    }
  while (waitpid (child, &status, 0) < 0)
    if (errno != EINTR)
      fail (E (FAILED), "could not wait for %s: %s", path, strerror (errno));
  end = lseek (err_fd, 0, SEEK_CUR);  /* the child wrote through the same offset: its tail */
  used = pread (err_fd, out, sizeof out - 1, end >= 2048 ? end - 2047 : 0);
  for (used = used > 0 ? used : 0; used > 0 && strchr ("\n ", out[used - 1]) != NULL; used--)
    ;
  out[used] = '\0';
  snprintf (line, 256, "%.255s", (start = strrchr (out, '\n')) != NULL ? start + 1 : out);
  close (err_fd);
  return WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
}

/* Deletes mdevctl's definition, which would bring the slice back at the next boot. */
static void
forget (const char *parent, const char *uuid)
{
  char path[128];

  snprintf (path, sizeof path, SLICES_HELPER_MDEVCTL_CONF_DIR "/%s/%s", parent, uuid);
  if (unlink (path) != 0 && errno != ENOENT)
    fail (E (FAILED), "could not delete %s: %s", path, strerror (errno));
}

/* Writes @path (under /etc) through .NAME.tmp in its folder and a rename, so that nothing ever
 * sees half a file; a symbolic link at either name is replaced, never followed. */
static int
write_file_atomically (const char *path, const char *data, size_t len, mode_t mode)
{
  char dir[128], temp[96];
  const char *name = strrchr (path, '/') + 1;
  int dir_fd, fd, ok, saved;

  snprintf (dir, sizeof dir, "%.*s", (int) (name - path - 1), path);
  if ((mkdir (dir, 0755) != 0 && errno != EEXIST) || (dir_fd = open (dir, DIR_FLAGS)) < 0)
    return 0;
  snprintf (temp, sizeof temp, ".%s.tmp", name);
  flock (dir_fd, LOCK_EX);  /* another helper writing here waits: one temporary file at a time */
  unlinkat (dir_fd, temp, 0);
  fd = openat (dir_fd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  ok = fd >= 0 && fchmod (fd, mode) == 0 && write (fd, data, len) == (ssize_t) len &&
       fsync (fd) == 0;
  ok = fd >= 0 && close (fd) == 0 && ok && renameat (dir_fd, temp, dir_fd, name) == 0;
  saved = errno;
  if (!ok)
    unlinkat (dir_fd, temp, 0);
  fsync (dir_fd);
  close (dir_fd);
  errno = saved;
  return ok;
}

static int
do_create (const SlicesHelperRequest *request)
{
  char target[PATH_MAX], line[SLICES_HELPER_UUID_TEXT_LEN + 2];
  int gpu_fd = open_device ("pci", request->address, target, E (NO_GPU)), types_fd, type_fd, err;

  if ((types_fd = open_in (gpu_fd, "mdev_supported_types", O_RDONLY | O_DIRECTORY)) < 0)
    fail (E (NO_GPU), "%s offers no GVT-g slices (no mdev_supported_types)", request->address);
  require_intel_gpu (gpu_fd, request->address, "i915", target);
  if (!IS_GVT (request->type))
    fail (E (BAD_TYPE), "%s is not a GVT-g slice type", request->type);
  /* The grammar leaves one name that is neither "." nor "..". */
  if ((type_fd = open_in (types_fd, request->type, O_RDONLY | O_DIRECTORY)) < 0)
    fail (E (BAD_TYPE), "%s has no slice type %s", request->address, request->type);
  snprintf (line, sizeof line, "%s\n", request->uuid);
  switch ((err = write_attr (type_fd, "create", line)))
    {
    case 0: break;
    case ENOSPC: fail (E (NO_ROOM), "no room for another %s slice", request->type);
    case EEXIST: fail (E (UUID_EXISTS), "a slice %s exists already", request->uuid);
    case EINVAL: fail (E (BAD_UUID), "the kernel refused UUID %s", request->uuid);
    case ENODEV: fail (E (NO_DEVICE), "%s is going away", request->address);
    case ENOENT: fail (E (GVT_INACTIVE), "GVT-g is not active on %s", request->address);
    default: fail (E (FAILED), "could not create the slice: %s", strerror (err));
    }
  printf ("%s\n", request->uuid);
  return fflush (stdout) == 0 ? E (OK) : E (FAILED);
}

/* remove: the slice, then its definition, which would bring it back at the next boot.
 * unpersist: the client names the GPU (mdevctl's definitions are readable by anyone), only an
 * Intel GPU on i915, so that no other vendor's definition of the same UUID is ever touched. */
static int
do_remove (const SlicesHelperRequest *request)
{
  char parent[ADDR_SIZE], type[TYPE_SIZE], target[PATH_MAX];
  int fd, err;

  if (request->command == SLICES_HELPER_COMMAND_UNPERSIST)
    {
      require_intel_gpu (open_device ("pci", request->address, target, E (NOT_INTEL)),
                         request->address, "i915", target);
      forget (request->address, request->uuid);
      return E (OK);
    }
  fd = open_slice (request->uuid, parent, type);
  check_not_held (fd, request->uuid);
  if ((err = write_attr (fd, "remove", "1")) != 0)
    fail (err == ENOENT || err == ENODEV ? E (NO_SLICE) : err == EBUSY ? E (IN_USE) : E (FAILED),
          "could not remove slice %s: %s", request->uuid, strerror (err));
  forget (parent, request->uuid);
  return E (OK);
}

/* mdevctl's definition, whole through a rename: whatever fails, what was there is still there. */
static int
do_persist (const SlicesHelperRequest *request)
{
  char parent[ADDR_SIZE], type[TYPE_SIZE], path[128], text[128];

  open_slice (request->uuid, parent, type);
  snprintf (path, sizeof path, SLICES_HELPER_MDEVCTL_CONF_DIR "/%s/%s", parent, request->uuid);
  snprintf (text, sizeof text, "{\"mdev_type\":\"%s\",\"start\":\"auto\",\"attrs\":[]}\n", type);
  if (!write_file_atomically (path, text, strlen (text), 0644))
    fail (E (FAILED), "could not write %s: %s", path, strerror (errno));
  return E (OK);
}

static int
do_set_vfs (const SlicesHelperRequest *request)
{
  char name[32], count[32], target[PATH_MAX], real[PATH_MAX];
  unsigned long current;
  int pf_fd = open_pf (request->address, request->count, &current, target), vf_fd, err;
  const char *vf;

  if (request->count == current)
    return E (OK);
  /* Every VF goes: none may be held, or the kernel would block (FACTS-SRIOV S1). */
  for (unsigned long i = 0; i < current; i++)
    {
      snprintf (name, sizeof name, "virtfn%lu", i);
      if (!slices_helper_is_address ((vf = link_name (pf_fd, name, target))) ||
          (vf_fd = open_device ("pci", vf, real, E (UNSAFE))) < 0 ||
          !leads_to (pf_fd, name, vf_fd) || !leads_to (vf_fd, "physfn", pf_fd))
        fail (E (UNSAFE), "%s of %s is not a VF as sysfs makes it", name, request->address);
      check_not_held (vf_fd, vf);
      close (vf_fd);
    }
  /* The host's driver must not take the new VFs: only VMs may. */
  if ((err = write_attr (pf_fd, "sriov_drivers_autoprobe", "0")) == 0 && current > 0)
    err = write_attr (pf_fd, "sriov_numvfs", "0");
  snprintf (count, sizeof count, "%lu", request->count);
  if (err == 0 && request->count > 0 && (err = write_attr (pf_fd, "sriov_numvfs", count)) &&
      current > 0 && snprintf (count, sizeof count, "%lu", current) > 0)
    write_attr (pf_fd, "sriov_numvfs", count);  /* what was there, as far as it can */
  if (err != 0)
    fail (err == ENOSPC ? E (NO_ROOM) : err == ENOENT ? E (NO_SRIOV) : err == EBUSY ? E (IN_USE)
          : err == ERANGE || err == EINVAL ? E (BAD_NUMBER) : E (FAILED),
          "could not make %lu virtual functions on %s: %s", request->count, request->address,
          strerror (err));
  return E (OK);
}

static int
do_set_vf_profile (const SlicesHelperRequest *request)
{
  char name[32], value[16], driver[PATH_MAX];
  unsigned long current;
  int fd = open_pf (request->address, 0, &current, driver), err;

  snprintf (name, sizeof name, "vf%lu", request->vf);
  if ((fd = open_in (fd, "sriov_admin", O_RDONLY | O_DIRECTORY)) < 0 ||
      (fd = open_in (fd, name, O_RDONLY | O_DIRECTORY)) < 0 ||
      (fd = open_in (fd, "profile", O_RDONLY | O_DIRECTORY)) < 0)
    fail (E (NO_PROFILE), "%s has no sriov_admin/%s/profile", request->address, name);
  snprintf (value, sizeof value, "%lu", request->value);
  if ((err = write_attr (fd, request->key, value)) != 0)
    fail (err == ENOENT ? E (NO_PROFILE) : err == EINVAL ? E (BAD_NUMBER) : E (FAILED),
          "could not set %s of %s %s: %s", request->key, request->address, name, strerror (err));
  return E (OK);
}

/* /etc: a udev rule per GPU (when its driver binds at boot: no autoprobe, then COUNT VFs; an
 * add is too early, with no driver yet), the tmpfiles line for Looking Glass, or kvmgt. */
static int
do_configure (const SlicesHelperRequest *request)
{
  const char *path = SLICES_HELPER_MODULES_LOAD_CONF;
  char rules[128], text[512], line[PATH_MAX];
  unsigned long current;
  int code;

  snprintf (rules, sizeof rules, SLICES_HELPER_UDEV_RULES_DIR "/70-gpu-slices-sriov-%s.rules",
            request->address);
  switch (request->command)
    {
    case SLICES_HELPER_COMMAND_UNPERSIST_VFS:
      if (unlink (rules) != 0 && errno != ENOENT)
        fail (E (FAILED), "could not delete %s: %s", rules, strerror (errno));
      return E (OK);
    case SLICES_HELPER_COMMAND_PERSIST_VFS:
      close (open_pf (request->address, request->count, &current, line));
      snprintf (text, sizeof text, "# Written by GPU Slices: %lu virtual functions when the "
                "driver binds. Delete this file to undo.\nACTION==\"bind\", SUBSYSTEM==\"pci\", "
                "KERNEL==\"%s\", ATTR{vendor}==\"0x8086\", DRIVER==\"%.8s\", "
                "ATTR{sriov_drivers_autoprobe}=\"0\", ATTR{sriov_numvfs}=\"%lu\"\n",
                request->count, request->address, line, request->count);
      path = rules;
      break;
    case SLICES_HELPER_COMMAND_LOOKING_GLASS:
      snprintf (text, sizeof text, "# Written by GPU Slices: Looking Glass's shared memory, for "
                "%s. Delete this file to undo.\nf /dev/shm/looking-glass 0660 %s kvm -\n",
                request->user, request->user);
      path = SLICES_HELPER_TMPFILES_CONF;
      break;
    default:
      if ((code = run_modprobe (line)) != 0)  /* 127: not modprobe's own */
        fail (code == 127 ? E (NO_MODPROBE) : E (MODPROBE_FAILED), "modprobe kvmgt failed: %s",
              line[0] ? line : code == 127 ? "no program at /sbin/modprobe" : "no reason");
      snprintf (text, sizeof text, "# Written by GPU Slices (\"Load kvmgt at every boot\"). "
                "Delete this file to undo.\nkvmgt\n");
    }
  if (!write_file_atomically (path, text, strlen (text), 0644))
    fail (E (FAILED), "could not write %s: %s", path, strerror (errno));
  return E (OK);
}

int
main (int argc, char **argv)
{
#define H(command, handler) [SLICES_HELPER_COMMAND_##command] = handler
  static int (* const handlers[]) (const SlicesHelperRequest *) = {
    H (CREATE, do_create), H (REMOVE, do_remove), H (PERSIST, do_persist),
    H (UNPERSIST, do_remove), H (SET_VFS, do_set_vfs), H (SET_VF_PROFILE, do_set_vf_profile),
    H (PERSIST_VFS, do_configure), H (UNPERSIST_VFS, do_configure),
    H (LOAD_KVMGT, do_configure), H (LOOKING_GLASS, do_configure),
  };
  SlicesHelperRequest request;
  char message[512];
  int code;

  reset_process ();
  if ((code = slices_helper_parse_args (argc, (const char * const *) argv, &request, message,
                                        sizeof message)) != E (OK))
    fail (code, "%s", message);
  return handlers[request.command] (&request);
}
