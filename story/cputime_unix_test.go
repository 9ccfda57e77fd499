//go:build unix

package story

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system CPU time the process has used: on a loaded machine,
// work per CPU-second compares runs where work per wall-clock second does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
