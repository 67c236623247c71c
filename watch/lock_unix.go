//go:build unix

package watch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrDataDirInUse is the reason Open refuses a data folder another daemon
// holds.
var ErrDataDirInUse = errors.New("data folder in use by another daemon")

// lockDir takes an exclusive lock on the data folder (a lock file in it),
// at once or not at all, and returns the function that lets it go.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", dir, ErrDataDirInUse)
		}
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	return func() { f.Close() }, nil
}
