//go:build !linux

package hugeheap

// Reserve does nothing outside Linux and returns false.
func Reserve(n int64) bool { return false }

// memTotal is not known outside Linux.
func memTotal() int64 { return 0 }

// End does nothing outside Linux.
func End() {}

// Warm does nothing outside Linux.
func Warm(n int64, nice int) {}

// Warmed does nothing outside Linux and returns 0.
func Warmed() int64 { return 0 }
