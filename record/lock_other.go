//go:build !unix

package record

import "os"

// lockSupported reports whether lockFile takes a real lock on this system: not here.
const lockSupported = false

// lockFile does nothing on systems without flock: the one-writer rule of [Checkpoint] is then
// the caller's to keep (see [OpenCheckpoint]).
func lockFile(*os.File) error { return nil }
