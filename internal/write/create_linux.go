package write

import (
	"crypto/sha256"
	"io/fs"
	"syscall"
)

// writeFile writes data to the new file dst and returns its record.
//
// It calls the system directly rather than through os.File, which, for
// each file, tries to register it with the runtime's poller and sets it
// non-blocking (two more system calls, and a finalizer): a build writes
// tens of thousands of files. Errors are *fs.PathError, as os gives.
func writeFile(dst string, data []byte) (fileRec, error) {
	fd, err := openNew(dst)
	if err != nil {
		return fileRec{}, &fs.PathError{Op: "open", Path: dst, Err: err}
	}
	rec := fileRec{sum: sha256.Sum256(data), size: int64(len(data))}
	op := "write"
	if err = writeAll(fd, data); err == nil {
		op = "stat"
		var st syscall.Stat_t
		if err = fstat(fd, &st); err == nil {
			rec.key = keyOfStat(&st)
		}
	}
	if err2 := syscall.Close(fd); err == nil && err2 != nil {
		op, err = "close", err2
	}
	if err != nil {
		return rec, &fs.PathError{Op: op, Path: dst, Err: err}
	}
	return rec, nil
}

// openNew creates the file dst, which must not exist, for writing.
func openNew(dst string) (int, error) {
	for {
		fd, err := syscall.Open(dst, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// writeAll writes data to fd, however many calls it takes.
func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return syscall.EIO
		}
		data = data[n:]
	}
	return nil
}

// fstat is syscall.Fstat, retried when interrupted.
func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}
