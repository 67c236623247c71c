package bench

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where a benchmark ran.
type Machine struct {
	CPU        string `json:"cpu"`
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	// MemoryBytes is the machine's memory, 0 if unknown.
	MemoryBytes int64 `json:"memory_bytes"`
	// Load is the 1-minute load average when the benchmark started,
	// empty if unknown: the machine may be shared.
	Load string `json:"load,omitempty"`
}

// ReadMachine describes this machine, from /proc where it can.
func ReadMachine() Machine {
	m := Machine{
		CPU:        "unknown",
		Cores:      runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS + "/" + runtime.GOARCH,
	}
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		m.CPU = v
	}
	m.MemoryBytes = meminfo("MemTotal")
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) > 0 {
			m.Load = f[0]
		}
	}
	return m
}

// procField returns the value of the first "key : value" line of a /proc
// file with that key.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// meminfo returns a /proc/meminfo figure in bytes, 0 if unknown.
func meminfo(key string) int64 {
	f := strings.Fields(procField("/proc/meminfo", key))
	if len(f) != 2 || f[1] != "kB" {
		return 0
	}
	n, _ := strconv.ParseInt(f[0], 10, 64)
	return n << 10
}

func defaultWorkers() int { return runtime.GOMAXPROCS(0) }
