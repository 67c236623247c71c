package cluster

import (
	"math/rand/v2"
	"testing"
)

// TestHeadTable checks the table against a Go map through growth and
// resets, with random keys and with keys that differ only in low bits.
func TestHeadTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab headTable
	for round, keyOf := range []func(i int) uint64{
		func(int) uint64 { return rng.Uint64() },
		func(i int) uint64 { return uint64(i % 3000) },
		func(i int) uint64 { return uint64(i%5000) << 40 },
	} {
		ref := make(map[uint64]int32)
		for i := range 20000 {
			k := keyOf(i)
			if rng.IntN(4) == 0 {
				if got, want := tab.get(k), lookup(ref, k); got != want {
					t.Fatalf("round %d: get(%#x) = %d before swap, want %d", round, k, got, want)
				}
			}
			prev := tab.swap(k, int32(i))
			if want := lookup(ref, k); prev != want {
				t.Fatalf("round %d: swap(%#x) = %d, want %d", round, k, prev, want)
			}
			ref[k] = int32(i)
		}
		if tab.n != len(ref) {
			t.Fatalf("round %d: %d keys, want %d", round, tab.n, len(ref))
		}
		seen := 0
		for _, sl := range tab.slots {
			if sl.head == 0 {
				continue
			}
			seen++
			if want, ok := ref[sl.key]; !ok || sl.head-1 != want {
				t.Fatalf("round %d: slot %#x -> %d, want %d (held %v)", round, sl.key, sl.head-1, want, ok)
			}
		}
		if seen != len(ref) {
			t.Fatalf("round %d: %d slots used, want %d", round, seen, len(ref))
		}
		if 2*tab.n > len(tab.slots) {
			t.Fatalf("round %d: %d keys in %d slots, over half full", round, tab.n, len(tab.slots))
		}
		tab.reset()
		if got := tab.get(keyOf(0)); got != -1 {
			t.Fatalf("round %d: get after reset = %d, want -1", round, got)
		}
	}
}

func lookup(m map[uint64]int32, k uint64) int32 {
	if v, ok := m[k]; ok {
		return v
	}
	return -1
}
