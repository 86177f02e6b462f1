package write

import (
	"io/fs"
	"os"
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
	k := statKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		k.ctime = st.Ctim.Nano()
		k.ino = st.Ino
		k.dev = st.Dev
	}
	return k
}
