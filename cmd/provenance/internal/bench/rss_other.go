//go:build !unix

package bench

import "os"

// peakRSS is 0 where getrusage is missing.
func peakRSS(*os.ProcessState) int64 { return 0 }

// selfPeakRSS is 0 where getrusage is missing.
func selfPeakRSS() int64 { return 0 }
