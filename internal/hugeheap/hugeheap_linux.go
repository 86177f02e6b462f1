package hugeheap

import (
	"bufio"
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on the architectures
// Go supports on Linux with a 4 KiB base page (2 MiB).
const hugePage = 2 << 20

// Reserve marks the next n bytes of address space the Go heap grows into
// for transparent huge pages, and reports whether it did. It does
// nothing and returns false unless the kernel gives huge pages to marked
// memory only (/sys/kernel/mm/transparent_hugepage/enabled is
// "madvise"; with "always" the heap already gets them, with "never" it
// cannot), the kernel's overcommit mode lets address space be reserved
// without committing memory (/proc/sys/vm/overcommit_memory 0 or 1), and
// GODEBUG does not hold disablethp=1 (the Go runtime's own switch to
// keep its heap off huge pages). Reserve is meant to be called once, at
// the start of the process, before the heap has grown: it runs a
// collection and returns the free memory to the kernel
// (debug.FreeOSMemory), so that the block counts as released memory and
// not as heap in use, for a soft memory limit in particular.
func Reserve(n int64) bool {
	if n < hugePage || !madviseMode() || !overcommits() || disabled(os.Getenv("GODEBUG")) {
		return false
	}
	block := make([]byte, n) // address space only: fresh memory is not touched here
	p := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	beg := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(n)) &^ (hugePage - 1)
	err := syscall.Madvise(block[beg-p:end-p], syscall.MADV_HUGEPAGE)
	if err == nil {
		sp := &span{beg, end}
		startWarming(sp)
		reserved.Store(sp)
	}
	block = nil
	debug.FreeOSMemory()
	return err == nil
}

// span is the address range Reserve marked, [beg, end).
type span struct{ beg, end uintptr }

// reserved is the range Reserve marked, until End.
var reserved atomic.Pointer[span]

// End unmarks the range Reserve marked (madvise(MADV_NOHUGEPAGE)), for a
// process that goes on running once its big allocations are made: the
// huge pages it holds stay, but the memory the runtime returns to the
// kernel is not gathered into huge pages again by the kernel's
// khugepaged, which fills a marked huge page in once any of its small
// pages is in use, so that the process's resident memory would creep up
// to the heap's largest size. End does nothing after End, or without a
// Reserve that marked memory.
func End() {
	sp := reserved.Swap(nil)
	if sp == nil {
		return
	}
	// The range lies in the heap's address space, which the runtime
	// never unmaps: the pointer is only handed to the kernel.
	syscall.Syscall(syscall.SYS_MADVISE, sp.beg, sp.end-sp.beg, syscall.MADV_NOHUGEPAGE)
}

// madviseMode reports whether transparent huge pages are given only to
// memory that asks for them.
func madviseMode() bool {
	data, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(data, []byte("[madvise]"))
}

// overcommits reports whether the kernel maps address space without
// committing memory to it until it is touched (overcommit modes 0 and 1).
func overcommits() bool {
	data, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	mode := strings.TrimSpace(string(data))
	return err == nil && (mode == "0" || mode == "1")
}

// disabled reports whether the GODEBUG value godebug turns huge pages off
// for the Go heap (disablethp=1; the last setting wins, as in the runtime).
func disabled(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			off = v == "1"
		}
	}
	return off
}

// memTotal returns the machine's memory in bytes (MemTotal in
// /proc/meminfo), or 0 if it cannot be read.
func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
