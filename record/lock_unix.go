//go:build unix

package record

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lockSupported reports whether lockFile takes a real lock on this system.
const lockSupported = true

// lockFile takes an exclusive advisory lock (flock) on f without waiting. The lock belongs to
// f's open file description: it is released when f is closed or the process ends, however it ends.
func lockFile(f *os.File) error {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return &LockedError{Path: f.Name(), Holder: holder(f)}
	}
	if err != nil {
		return fmt.Errorf("record: lock %s: %w", f.Name(), err)
	}
	return nil
}

// holder names the process holding a flock on f, where the system says (Linux: /proc/locks),
// as "pid 123 (quickstart)"; "" when it does not.
func holder(f *os.File) string {
	var st unix.Stat_t
	if unix.Fstat(int(f.Fd()), &st) != nil {
		return ""
	}
	locks, err := os.Open("/proc/locks")
	if err != nil {
		return ""
	}
	defer locks.Close()
	// Lines read "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"; blocked waiters start "->".
	id := fmt.Sprintf("%02x:%02x:%d", unix.Major(uint64(st.Dev)), unix.Minor(uint64(st.Dev)), st.Ino)
	sc := bufio.NewScanner(locks)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" || fields[5] != id {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil || pid <= 0 {
			continue
		}
		name := fmt.Sprintf("pid %d", pid)
		if comm, err := os.ReadFile("/proc/" + fields[4] + "/comm"); err == nil {
			name += " (" + strings.TrimSpace(string(comm)) + ")"
		}
		return name
	}
	return ""
}
