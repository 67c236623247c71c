// Package hugepage asks the kernel to back large arrays with huge pages.
//
// The index's arrays run to gigabytes and are read and written at random
// places: with 4 KiB pages nearly every access misses the TLB, and in a
// virtual machine each miss walks two sets of page tables. Linux gives
// huge pages to memory advised so (MADV_HUGEPAGE) when transparent huge
// pages are in "madvise" mode, the common default, and the Go runtime no
// longer advises its heap itself.
package hugepage

import "unsafe"

// Size is the huge page size this package aligns to.
const Size = 2 << 20

// MinBytes is the smallest array worth advising: a few huge pages.
const MinBytes = 4 * Size

// Advise hints that s's backing array should use huge pages. Only the
// whole huge pages inside it are advised, so memory outside s is never
// touched. Advise before first writing s (a fresh allocation of this size
// comes straight from the operating system, not yet faulted in); it is a
// hint, and does nothing where the system has no such advice.
func Advise[T any](s []T) {
	var zero T
	n := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if n < MinBytes {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	if off, size := inner(uintptr(p), n); size > 0 {
		advise(unsafe.Slice((*byte)(unsafe.Add(p, off)), size))
	}
}

// inner returns the whole huge pages within n bytes at start: their
// offset from start and their length (0 if none).
func inner(start, n uintptr) (off, size uintptr) {
	lo := (start + Size - 1) &^ (Size - 1)
	hi := (start + n) &^ (Size - 1)
	if hi <= lo {
		return 0, 0
	}
	return lo - start, hi - lo
}
