package write

import (
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// fsID identifies the mounted file system a path lies on. Two folders with
// different fsIDs are separated by a mount point, even when they are bind
// mounts of one file system (which share a device number).
type fsID struct{ dev, mnt uint64 }

// mountOf returns the fsID of the path p, not following a final symbolic
// link. It uses the mount ID where the kernel gives it (Linux 5.8 and
// later), and the device number alone otherwise.
func mountOf(p string) (fsID, error) {
	var st unix.Statx_t
	err := unix.Statx(unix.AT_FDCWD, p, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BASIC_STATS|unix.STATX_MNT_ID, &st)
	if err != nil {
		return fsID{}, err
	}
	id := fsID{dev: unix.Mkdev(st.Dev_major, st.Dev_minor)}
	if st.Mask&unix.STATX_MNT_ID != 0 {
		id.mnt = st.Mnt_id
	}
	return id, nil
}

// chownLike gives dst, when running as root, the owner and group that fi
// records; it does nothing otherwise, or when it fails.
func chownLike(dst string, fi fs.FileInfo) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		os.Lchown(dst, int(st.Uid), int(st.Gid))
	}
}

// strongKeys is whether statKeys hold change times and inodes, so that the
// stat cache can be trusted.
const strongKeys = true

// keyOf returns the statKey of fi, from the system's stat structure.
func keyOf(fi fs.FileInfo) statKey {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return keyOfStat(st)
	}
	return statKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// keyOfStat is keyOf for what fstat gave.
func keyOfStat(st *syscall.Stat_t) statKey {
	return statKey{size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(), ino: st.Ino, dev: st.Dev}
}

// mountsUnder returns the mount points that lie inside the folder dir (a
// real path), from /proc/self/mountinfo, sorted; ok is false when that
// cannot be read, and the caller must then check every folder itself.
func mountsUnder(dir string) (points []string, ok bool) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, false
	}
	prefix := strings.TrimSuffix(dir, "/") + "/"
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		if p := unescapeMount(f[4]); strings.HasPrefix(p, prefix) {
			points = append(points, p)
		}
	}
	sort.Strings(points)
	return points, true
}

// unescapeMount undoes the octal escapes (\040 for a space) of a path in
// /proc/self/mountinfo.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
