//go:build unix

package document

import (
	"syscall"
	"testing"
)

// makeSpecial makes a named pipe at path: a file that is not regular, and
// that would block a reader that opened it. It reports that it made a
// special file.
func makeSpecial(t *testing.T, path string) bool {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	return true
}
