package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rssChildEnv makes the test binary a child that holds the given number
// of MiB, prints its own peak resident set and exits.
const rssChildEnv = "PROVENANCE_BENCH_RSS_CHILD"

func TestMain(m *testing.M) {
	if v := os.Getenv(rssChildEnv); v != "" {
		mib, _ := strconv.Atoi(v)
		hold := touch(mib << 20)
		time.Sleep(300 * time.Millisecond) // long enough to be seen running
		fmt.Println(SelfPeakRSS())
		runtime.KeepAlive(hold)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// touch allocates n bytes and writes every page, so that they are
// resident.
func touch(n int) []byte {
	b := make([]byte, n)
	for i := 0; i < n; i += 4096 {
		b[i] = 1
	}
	return b
}

// TestRunPolled_peakRSS: a child that holds 100 MiB, started by a parent
// that holds 400 MiB, is measured at its own peak, within a few percent
// of the figure it reports of itself, not at the parent's (which wait4's
// maxrss carries into a child Go starts).
func TestRunPolled_peakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is read from /proc")
	}
	parent := touch(400 << 20)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), rssChildEnv+"=100")
	var out strings.Builder
	cmd.Stdout = &out
	polled, err := runPolled(cmd)
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(parent)
	reported, err := strconv.ParseInt(strings.TrimSpace(out.String()), 10, 64)
	if err != nil || reported < 100<<20 {
		t.Fatalf("child reported %q (%v), want at least 100 MiB", out.String(), err)
	}
	maxrss := peakRSS(cmd.ProcessState)
	t.Logf("child: own VmHWM %s, polled %s; wait4 maxrss %s; parent %s",
		FormatBytes(reported), FormatBytes(polled), FormatBytes(maxrss), FormatBytes(SelfPeakRSS()))
	if d := float64(polled-reported) / float64(reported); d < -0.05 || d > 0.05 {
		t.Errorf("polled peak %d differs from the child's own %d by %.1f%%, want within 5%%", polled, reported, 100*d)
	}
	got := childPeak(reported, polled, maxrss)
	if got > 250<<20 {
		t.Errorf("peak = %s for a child of about 100 MiB: the parent's 400 MiB leaked in", FormatBytes(got))
	}
	if childPeak(0, polled, maxrss) != polled || childPeak(0, 0, maxrss) != maxrss {
		t.Errorf("childPeak does not fall back in order")
	}
}

func TestProcPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is read from /proc")
	}
	if p := SelfPeakRSS(); p < 1<<20 {
		t.Errorf("SelfPeakRSS = %d, want a plausible figure", p)
	}
	if p := procPeakRSS("999999999"); p != 0 {
		t.Errorf("procPeakRSS of no process = %d, want 0", p)
	}
}
