package bench

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"
)

// Peak memory of a child process.
//
// The kernel's own figure for a finished child, ru_maxrss from wait4, is
// wrong for a child that Go starts: os/exec starts it with vfork
// semantics (CLONE_VM), so until it calls exec the child runs in the
// parent's address space, and Linux carries that space's high-water mark
// into the child's maxrss at exec. A child of a parent that once held
// 4.8 GB reports at least 4.8 GB, whatever it used itself. A process's
// VmHWM in /proc/PID/status, on the other hand, is the high-water mark of
// its own address space, made fresh at exec. So the benchmark takes the
// child's figure from the child: compare writes its VmHWM, read as it
// ends, into its --stats file; and the parent reads the child's VmHWM
// while it runs, as a check and for children that write none.

// SelfPeakRSS is this process's peak resident set, in bytes, since it
// last called exec: VmHWM of /proc/self/status. It is 0 where there is no
// such file.
func SelfPeakRSS() int64 { return procPeakRSS("self") }

// procPeakRSS reads VmHWM from /proc/PID/status, in bytes; 0 if it
// cannot (no /proc, or the process is gone).
func procPeakRSS(pid string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || !bytes.EqualFold(f[1], []byte("kB")) {
			return 0
		}
		n, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			return 0
		}
		return n << 10
	}
	return 0
}

// pollInterval is how often a running child's VmHWM is read.
const pollInterval = 20 * time.Millisecond

// runPolled runs cmd, reading its VmHWM every pollInterval while it runs,
// and returns the largest read (0 where /proc is missing) with Wait's
// error. A peak reached in the last interval before the child exits can
// be missed: the child's own report at its end (SelfPeakRSS) has it.
func runPolled(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	var peak int64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(pollInterval)
		defer t.Stop()
		for {
			if p := procPeakRSS(pid); p > 0 {
				mu.Lock()
				peak = max(peak, p)
				mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	err := cmd.Wait()
	close(done)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return peak, err
}

// childPeak chooses the figure of a child's peak memory: its own report,
// else what the parent read while it ran, else wait4's maxrss (which can
// hold the parent's high-water mark; see above).
func childPeak(reported, polled, maxrss int64) int64 {
	switch {
	case reported > 0:
		return max(reported, polled)
	case polled > 0:
		return polled
	}
	return maxrss
}
