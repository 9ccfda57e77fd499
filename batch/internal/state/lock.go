package state

import (
	"errors"
	"fmt"
	"os"

	"github.com/evenhand/evenhand/record"
)

// lock takes the module's one-writer lock (record.LockFile) on f. A file another process holds is
// an error wrapping ErrDamaged, ErrInUse and the *record.LockedError that names the holder.
func lock(f *os.File) error {
	err := record.LockFile(f)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, record.ErrLocked):
		return fmt.Errorf("%w: %w: %w", ErrDamaged, ErrInUse, err)
	default:
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
}
