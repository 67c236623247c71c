package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

func TestInner(t *testing.T) {
	for _, tc := range []struct{ start, n, off, size uintptr }{
		{0, Size, 0, Size},
		{0, Size - 1, 0, 0},
		{1, Size, 0, 0},
		{1, 2 * Size, Size - 1, Size},
		{Size - 8, 3*Size + 16, 8, 3 * Size},
		{5 * Size, 4*Size + 100, 0, 4 * Size},
	} {
		off, size := inner(tc.start, tc.n)
		if off != tc.off || size != tc.size {
			t.Errorf("inner(%#x, %#x) = %#x, %#x; want %#x, %#x", tc.start, tc.n, off, size, tc.off, tc.size)
		}
		if size > 0 && (tc.start+off)%Size != 0 || off+size > tc.n {
			t.Errorf("inner(%#x, %#x): %#x bytes at %#x are not whole huge pages inside", tc.start, tc.n, size, off)
		}
	}
}

// TestAdvise checks, where the kernel says which memory is advised
// (Linux's smaps), that a large array's mapping is.
func TestAdvise(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("huge page advice is Linux's")
	}
	a := make([]uint64, MinBytes/8+Size/8)
	Advise(a)
	small := make([]uint64, 1000)
	Advise(small) // too small: nothing to do, and no failure
	addr := uintptr(unsafe.Pointer(&a[0]))
	off, _ := inner(addr, uintptr(len(a))*8)
	flags, err := vmFlags(addr + off)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("mapping of an advised array has flags %q, want hg (huge page advised)", flags)
	}
	runtime.KeepAlive(a)
}

// vmFlags returns the VmFlags line of the mapping that holds addr.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		// A mapping's first line: "7f00-7f80 rw-p 00000000 00:00 0".
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && len(strings.Fields(line)) >= 5 {
			in = addr >= lo && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping holds %#x", addr)
}
