package record_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
)

// A Checkpoint appends records one whole, synced line at a time. Reopened after a crash, it
// keeps every complete record and cuts off a line the crash tore. The root package's
// Pipeline.RunFile does all of this for you.
func ExampleOpenCheckpoint() {
	dir, err := os.MkdirTemp("", "evenhand-checkpoint")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "records.jsonl")

	c, err := record.OpenCheckpoint(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"Ben", "Sam"} {
		r := record.Record{
			ID:     c.NextID(0),
			Male:   record.Side{Story: name + " keeps a found wallet.", CharacterName: name, Stance: judge.Both},
			Female: record.Side{Story: "Eva keeps a found wallet.", CharacterName: "Eva", Stance: judge.Immoral},
		}
		if err := c.Write(r); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("written:", c.Len())
	if err := c.Close(); err != nil {
		fmt.Println(err)
		return
	}

	// A crash in the middle of the third write leaves half a line behind.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = f.WriteString(`{"male":{"story":"Kim`)
	_ = f.Close()

	c, err = record.OpenCheckpoint(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	first, ok := c.FirstID()
	fmt.Println("after the crash:", c.Len(), "records, first", first, ok, "next", c.NextID(0))
	err = c.Write(record.Record{ID: 5}) // IDs must run on
	fmt.Println(strings.ReplaceAll(err.Error(), dir, "$DIR"))
	// Output:
	// written: 2
	// after the crash: 2 records, first 0 true next 2
	// record: checkpoint file cannot be continued: $DIR/records.jsonl: record id 5, want 2
}

// LockFile takes the one-writer lock of a Checkpoint on any file a run appends to: a second
// writer is refused with the same *LockedError, whatever the file. (Where the system has no flock,
// LockSupported is false and keeping to one writer is the caller's job.)
func ExampleLockFile() {
	dir, err := os.MkdirTemp("", "evenhand-lock")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "results.jsonl")
	first, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer first.Close()
	if err := record.LockFile(first); err != nil {
		fmt.Println(err)
		return
	}
	second, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer second.Close()
	err = record.LockFile(second)
	var le *record.LockedError
	refused := errors.As(err, &le) && errors.Is(err, record.ErrLocked) && le.Path == path
	fmt.Println("second writer refused:", refused || !record.LockSupported())
	// Output:
	// second writer refused: true
}
