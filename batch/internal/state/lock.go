package state

import (
	"errors"
	"fmt"
	"os"

	"github.com/evenhand/evenhand/dpo"
)

// lock takes the module's one-writer lock (dpo.LockFile) on f. A file another process holds is
// an error wrapping ErrDamaged, ErrInUse and the *dpo.LockedError that names the holder.
func lock(f *os.File) error {
	err := dpo.LockFile(f)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, dpo.ErrLocked):
		return fmt.Errorf("%w: %w: %w", ErrDamaged, ErrInUse, err)
	default:
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
}
