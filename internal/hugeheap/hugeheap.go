// Package hugeheap lets the Go heap be backed by transparent huge pages on
// Linux systems that give them only to memory that asks for them.
//
// The Go runtime takes memory from the kernel in 4 KiB pages, and touching
// each page for the first time costs a page fault. On the virtual machines
// this project is measured on, a fault costs about 20 µs (a native one
// well under 1 µs): opening a 10,000-brief book for the live preview
// touches about 300 MB, some 72,000 faults, about a quarter of its CPU
// time. A transparent huge page is 2 MiB, one fault for 512 small pages.
// Most Linux distributions set transparent huge pages to "madvise": only
// memory marked with madvise(MADV_HUGEPAGE) gets them, and the Go runtime
// no longer marks its heap (it did in Go 1.21.0 only). [Reserve] marks
// the address space the heap grows into next: it makes the heap grow by
// a block of that size, marks it, and frees it, so that the runtime
// hands it out again for the allocations that follow.
package hugeheap

// maxReserve bounds the reservation: address space only, but the kernel
// refuses a mapping much larger than the machine's memory.
const maxReserve = 4 << 30

// Size returns the reservation [Reserve] makes by default: a quarter of the
// machine's memory, at most 4 GiB; 0 where the reservation is not made
// (see [Reserve]).
func Size() int64 {
	total := memTotal()
	if total <= 0 {
		return 0
	}
	return min(total/4, maxReserve)
}
