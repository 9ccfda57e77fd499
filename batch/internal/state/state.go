// Package state reads and appends the state file of a batch state directory: the batches
// submitted (their provider ids and request keys), the replies received, and the batches ended.
// The file is JSON Lines, appended to and synced; a torn last line is cut off when it is opened.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/evenhand/evenhand/internal/jsonl"
)

// File is the name of the file a state directory holds.
const File = "state.jsonl"

// ErrDamaged is wrapped by the errors of a state directory that cannot be used: a damaged line
// in the middle of its file, or a file that cannot be read or written.
var ErrDamaged = errors.New("batch: state directory unusable")

// ErrInUse is wrapped (with ErrDamaged) by the error of opening a state directory that another
// process holds open.
var ErrInUse = errors.New("another process is using it")

// The kinds of state records.
const (
	KindSubmit = "submit" // a batch is about to be created: the hash of its request set and its keys
	KindBatch  = "batch"  // a batch was submitted: its id and the keys of its requests
	KindReply  = "reply"  // a request was answered
	KindEnd    = "end"    // a batch ended and its results were read (or it was cancelled, or lost)
)

// Record is one line of the state file.
type Record struct {
	Type    string          `json:"t"`
	Backend string          `json:"backend,omitempty"`
	Batch   string          `json:"batch,omitempty"`
	Keys    []string        `json:"keys,omitempty"`
	Set     string          `json:"set,omitempty"`
	Key     string          `json:"key,omitempty"`
	Reply   json.RawMessage `json:"reply,omitempty"`
	State   string          `json:"state,omitempty"`
}

// State is what a state file says.
type State struct {
	Replies map[string]json.RawMessage // key -> reply
	Open    map[string]*OpenBatch      // batch id -> batch submitted and not ended
	Pending map[string]*OpenBatch      // request set -> batch being created when the file ended (no id recorded)
	order   []string                   // open batch ids and pending sets, in submission order
}

// OpenBatch is a batch submitted and not ended.
type OpenBatch struct {
	Backend string
	Keys    []string
}

// Read reads a state file. good is the length of its prefix made of whole lines: a last
// line without its newline is a torn write and is not part of it. A whole line that is not a
// state record is an error wrapping ErrDamaged that names the line.
func Read(data []byte) (st *State, good int, err error) {
	st = &State{Replies: map[string]json.RawMessage{}, Open: map[string]*OpenBatch{}, Pending: map[string]*OpenBatch{}}
	n := 0
	for len(data[good:]) > 0 {
		rest := data[good:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break // torn tail
		}
		n++
		line := bytes.TrimSpace(rest[:i])
		if len(line) > 0 {
			if err := st.apply(line); err != nil {
				return nil, 0, fmt.Errorf("%w: %w", ErrDamaged, jsonl.NameFile(jsonl.At(n, err), File))
			}
		}
		good += i + 1
	}
	return st, good, nil
}

func (st *State) apply(line []byte) error {
	var r Record
	if err := jsonl.Unmarshal(line, &r); err != nil {
		return err
	}
	switch r.Type {
	case KindSubmit:
		return st.submit(r)
	case KindBatch:
		return st.batch(r)
	case KindReply:
		if r.Key == "" || len(r.Reply) == 0 || r.Reply[0] != '{' {
			return errors.New("reply record without key or reply")
		}
		st.Replies[r.Key] = bytes.Clone(r.Reply)
	case KindEnd:
		if r.Batch == "" && r.Set == "" {
			return errors.New("end record without batch id or set")
		}
		delete(st.Open, r.Batch)
		delete(st.Pending, r.Set)
	default:
		// A record of a later version: skipped, so old programs can read new directories.
	}
	return nil
}

// submit applies a record of KindSubmit: the batch of the request set is being created.
func (st *State) submit(r Record) error {
	if r.Set == "" || len(r.Keys) == 0 {
		return errors.New("submit record without set or keys")
	}
	if _, ok := st.Pending[r.Set]; !ok {
		st.order = append(st.order, "set:"+r.Set)
	}
	st.Pending[r.Set] = &OpenBatch{Backend: r.Backend, Keys: r.Keys}
	return nil
}

// batch applies a record of KindBatch: the batch was created, and its request set, if named,
// is no longer pending.
func (st *State) batch(r Record) error {
	if r.Batch == "" || len(r.Keys) == 0 {
		return errors.New("batch record without id or keys")
	}
	if _, ok := st.Open[r.Batch]; !ok {
		st.order = append(st.order, r.Batch)
	}
	st.Open[r.Batch] = &OpenBatch{Backend: r.Backend, Keys: r.Keys}
	if r.Set != "" {
		delete(st.Pending, r.Set)
	}
	return nil
}

// OpenBatches returns the open batches of backend in submission order.
func (st *State) OpenBatches(backend string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, id := range st.order {
		if o, ok := st.Open[id]; ok && o.Backend == backend && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// PendingSets returns the request sets of backend whose batch creation was started but whose
// batch id was never recorded (the process ended in between), in submission order.
func (st *State) PendingSets(backend string) []string {
	var sets []string
	seen := map[string]bool{}
	for _, id := range st.order {
		set, ok := strings.CutPrefix(id, "set:")
		if !ok || seen[set] {
			continue
		}
		if o, ok := st.Pending[set]; ok && o.Backend == backend {
			seen[set] = true
			sets = append(sets, set)
		}
	}
	return sets
}

// Store is an open state directory: its file, appended to and synced.
type Store struct {
	f   *os.File
	buf bytes.Buffer
}

// OpenDir opens (creating it when needed) the state directory dir, reads its file and cuts
// off a torn last line.
func OpenDir(dir string) (*Store, *State, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	path := filepath.Join(dir, File)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if err := lock(f); err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		_ = f.Close()
		return nil, nil, fmt.Errorf("%w: %s: %w", ErrDamaged, path, err)
	}
	st, good, err := Read(data)
	if err != nil {
		_ = f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if good < len(data) {
		if err := f.Truncate(int64(good)); err != nil {
			_ = f.Close()
			return nil, nil, fmt.Errorf("%w: cutting the torn tail of %s: %w", ErrDamaged, path, err)
		}
	}
	if _, err := f.Seek(int64(good), io.SeekStart); err != nil {
		_ = f.Close()
		return nil, nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return &Store{f: f}, st, nil
}

// Add buffers records; Flush writes them. A nil Store ignores them.
func (s *Store) Add(recs ...Record) {
	if s == nil {
		return
	}
	for _, r := range recs {
		// A record too long for a line (a batch of more than about three million requests)
		// is left out: the batch is then only not re-attached after a restart.
		if b, err := jsonl.Append(s.buf.AvailableBuffer(), r); err == nil {
			s.buf.Write(b)
		}
	}
}

// Flush appends the buffered records in one write and waits for them to reach the disk.
func (s *Store) Flush() error {
	if s == nil || s.buf.Len() == 0 {
		return nil
	}
	_, err := s.f.Write(s.buf.Bytes())
	s.buf.Reset()
	if err == nil {
		err = s.f.Sync()
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return nil
}

// Close flushes and closes the file.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	err := s.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}
