//go:build !unix

package state

import "os"

// lock does nothing where flock is missing: there, keeping to one process per directory is up
// to the user.
func lock(*os.File) error { return nil }
