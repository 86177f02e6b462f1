package hugeheap

import (
	"runtime"
	"sync"
	"syscall"
)

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14): fault in the
// pages of a range as a write would, without changing their contents.
const madvPopulateWrite = 23

// warmChunk is how much one madvise call of the warming makes resident:
// small enough that the warming stops soon after End.
const warmChunk = 8 << 20

// warming is the state of the warming of the range Reserve marked.
var warming struct {
	sync.Mutex
	sp      *span // the range being warmed: Reserve's; nil before Reserve
	target  int64 // bytes from sp.beg to make resident
	done    int64 // bytes from sp.beg made resident so far
	nice    int   // the warming thread's nice value, as last asked
	running bool  // a goroutine is warming
	failed  bool  // the kernel refused (before Linux 5.14): no more warming
	idle    chan struct{}
}

// Warm makes the first n bytes of the range [Reserve] marked resident,
// in the background, and returns at once: the memory the heap grows into
// next is then faulted in before the program needs it, as a JVM's
// AlwaysPreTouch does, rather than during the work that allocates it.
//
// On this project's virtual machines, a page the process touches for the
// first time is very slow, huge page or not. Touching 128 MiB of a fresh
// mapping, a write per 4 KiB, costs 5 to 8 ms of CPU time per MB with
// small pages and huge ones alike, against 0.01 to 0.03 ms per MB for
// memory the process already holds, and about 0.1 ms per MB for huge
// pages given back to the kernel (MADV_DONTNEED) and touched again at
// once. The likely cause is the hypervisor's: the guest kernel reports
// the memory it frees to the hypervisor (free page reporting, in blocks
// of 2 MiB here), which takes it back, so that the first touch of memory
// handed out again costs a fault-in on the host for every small page,
// which a huge page in the guest does not save. Huge pages cut the
// guest's own faults, not that. A process that goes on running (the live
// preview) and knows the size its heap will reach can so pay that cost
// ahead, when a core is free, instead of during the work that allocates
// the memory.
//
// Warm faults the pages in with madvise(MADV_POPULATE_WRITE), 8 MiB at a
// time, on a thread of its own with the nice value nice (0 to 19; 19, the
// lowest CPU priority, leaves the cores to work done meanwhile, so that it
// is barely slowed; the last call's value holds): the contents are not
// changed, so memory the runtime hands out meanwhile is not disturbed,
// and memory not handed out yet stays zero, as the runtime expects of
// memory it took from the kernel. Pages made resident this way count as
// released for the runtime until it hands them out: the runtime never
// gives them back, so n should not be more than the heap will use.
//
// n is rounded up to a whole huge page (2 MiB). A call raises the target
// of a warming under way, and sets the nice value it goes on with; one
// that asks for no more than is done or planned only sets the nice value
// (Warm(0, 0) lets a warming under way go on at normal priority). Warm
// stops at [End] (pages faulted in once the range is no longer marked
// would be small pages, which the hypervisor backs one by one when first
// used anyway), and does nothing without a Reserve that marked memory or
// on a kernel without MADV_POPULATE_WRITE.
func Warm(n int64, nice int) {
	warming.Lock()
	defer warming.Unlock()
	sp := reserved.Load()
	if sp == nil || sp != warming.sp || warming.failed {
		return
	}
	warming.nice = min(max(nice, 0), 19)
	// madvise takes whole pages; the range starts on a huge page.
	n = min((n+hugePage-1)&^(hugePage-1), int64(sp.end-sp.beg))
	if n <= warming.target {
		return
	}
	warming.target = n
	if !warming.running {
		warming.running = true
		warming.idle = make(chan struct{})
		go warm(sp)
	}
}

// warm makes the range sp resident up to the warming's target, a chunk
// at a time, until it is reached, the range is no longer marked or the
// kernel refuses.
func warm(sp *span) {
	// The thread is given up with the goroutine (it ends locked), so its
	// priority never passes to other goroutines.
	runtime.LockOSThread()
	nice := 0
	for {
		warming.Lock()
		if warming.done >= warming.target || reserved.Load() != sp || warming.sp != sp {
			warming.running = false
			close(warming.idle)
			warming.Unlock()
			return
		}
		if warming.nice < nice {
			// A thread may not raise its own priority: a new goroutine
			// goes on, on another thread, whose nice value is still 0.
			go warm(sp)
			warming.Unlock()
			return
		}
		if warming.nice > nice {
			nice = warming.nice
			syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), nice)
		}
		from := sp.beg + uintptr(warming.done)
		size := min(warming.target-warming.done, warmChunk)
		warming.Unlock()
		// The range lies in the heap's address space, which the runtime
		// never unmaps: the address is only handed to the kernel.
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, from, uintptr(size), madvPopulateWrite)
		warming.Lock()
		if errno != 0 {
			warming.failed = true
			warming.target = warming.done
		} else if warming.sp == sp {
			warming.done += size
		}
		warming.Unlock()
	}
}

// Warmed waits until no warming is under way, then returns how many bytes
// of the range [Reserve] marked [Warm] has made resident: 0 without a
// Reserve that marked memory. A benchmark calls it to time work on a heap
// already resident, as the live preview's is after its warming.
func Warmed() int64 {
	warming.Lock()
	idle := warming.idle
	warming.Unlock()
	if idle != nil {
		<-idle
	}
	warming.Lock()
	defer warming.Unlock()
	return warming.done
}

// startWarming makes sp the range Warm warms, nothing of it warmed yet.
func startWarming(sp *span) {
	warming.Lock()
	defer warming.Unlock()
	warming.sp, warming.target, warming.done = sp, 0, 0
}
