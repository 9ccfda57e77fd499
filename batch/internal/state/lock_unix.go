//go:build unix

package state

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive advisory lock (flock) on f without waiting. It is released when f is
// closed or the process ends, however it ends (SIGKILL included).
func lock(f *os.File) error {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return fmt.Errorf("%w: %w: %s", ErrDamaged, ErrInUse, f.Name())
	}
	if err != nil {
		return fmt.Errorf("%w: lock %s: %w", ErrDamaged, f.Name(), err)
	}
	return nil
}
