//go:build !unix

package watch

import "errors"

// ErrDataDirInUse is the reason Open refuses a data folder another daemon
// holds.
var ErrDataDirInUse = errors.New("data folder in use by another daemon")

// lockDir does nothing where flock is missing.
func lockDir(string) (func(), error) { return func() {}, nil }
