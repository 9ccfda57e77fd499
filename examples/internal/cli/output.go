package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/record"
)

// Outputs is a set of output files that appear together, only on success: each is written to a
// temporary file in its own folder, and [Outputs.Commit] renames them all into place. Until then,
// and after [Outputs.Abort], every earlier file is left exactly as it was. A temporary file is
// locked while it is written ([record.LockFile]), so [CheckOutputs] can tell the leftovers of a
// killed run from the file of a run still going. The zero value is ready to use; it is not safe
// for concurrent use.
type Outputs struct {
	files  []*pending
	remove []string
}

type pending struct {
	path string
	tmp  *os.File
}

// Create starts the output at path and returns the file to write it to. When path is a symbolic
// link, the output replaces the link's target and the link stays (see [Resolve]).
func (o *Outputs) Create(path string) (io.Writer, error) {
	path, err := Resolve(path)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := record.LockFile(tmp); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return nil, err
	}
	// CreateTemp makes the file private (0600); the output gets the mode of the file it replaces,
	// or the usual 0644.
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return nil, err
	}
	o.files = append(o.files, &pending{path: path, tmp: tmp})
	return tmp, nil
}

// Write creates the output at path and fills it with write; an error names the path.
func (o *Outputs) Write(path string, write func(io.Writer) error) error {
	w, err := o.Create(path)
	if err != nil {
		return err
	}
	if err := write(w); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Remove removes path, if it exists, at Commit: a file of an earlier run that this run does not
// write again and that would otherwise describe data that is gone.
func (o *Outputs) Remove(path string) { o.remove = append(o.remove, path) }

// Commit syncs every output and renames it into place, then removes the files given to Remove.
// Where files are locked, a temporary file is renamed while still open and locked, so another
// run never sees it unlocked under its temporary name.
func (o *Outputs) Commit() error {
	if err := o.syncAll(); err != nil {
		return err
	}
	if err := o.renameAll(); err != nil {
		return err
	}
	var cerr error
	for _, p := range o.files {
		if err := p.tmp.Close(); err != nil && !errors.Is(err, os.ErrClosed) && cerr == nil {
			cerr = fmt.Errorf("%s: %w", p.path, err)
		}
	}
	o.files = nil
	if cerr != nil {
		return cerr
	}
	for _, path := range o.remove {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// syncAll syncs every temporary file, and closes it where files are not locked; on a failure
// it aborts.
func (o *Outputs) syncAll() error {
	for _, p := range o.files {
		if err := p.tmp.Sync(); err != nil {
			o.Abort()
			return fmt.Errorf("%s: %w", p.path, err)
		}
		if !record.LockSupported() {
			if err := p.tmp.Close(); err != nil {
				o.Abort()
				return fmt.Errorf("%s: %w", p.path, err)
			}
		}
	}
	return nil
}

// renameAll renames every temporary file into place. When a rename fails, the files not renamed
// yet are removed, every file is closed and forgotten, and the error names the output.
func (o *Outputs) renameAll() error {
	for i, p := range o.files {
		if err := os.Rename(p.tmp.Name(), p.path); err != nil {
			for _, q := range o.files[i:] {
				_ = q.tmp.Close()
				_ = os.Remove(q.tmp.Name())
			}
			for _, q := range o.files[:i] {
				_ = q.tmp.Close()
			}
			o.files = nil
			return fmt.Errorf("%s: %w", p.path, err)
		}
		syncDir(filepath.Dir(p.path))
	}
	return nil
}

// Abort removes every temporary file; the earlier files stay as they were. It is safe to call
// after Commit, and more than once.
func (o *Outputs) Abort() {
	for _, p := range o.files {
		_ = p.tmp.Close()
		_ = os.Remove(p.tmp.Name())
	}
	o.files = nil
}

// WriteFile writes one output with write and renames it into place only when write succeeds.
func WriteFile(path string, write func(io.Writer) error) error {
	var o Outputs
	if err := o.Write(path, write); err != nil {
		o.Abort()
		return err
	}
	return o.Commit()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// CheckOverwrite is [CheckOutputs] for one file the program replaces, without the clean-up of
// leftovers: it refuses, unless force, an output path that holds a file which is not ours (one of
// a kind other than the kinds the program writes there), a folder, or a path that cannot be
// written. An empty or missing file is fine. The error is a *UsageError that says what the file
// looks like and names -force.
func CheckOverwrite(path string, force bool, ours ...filekind.Kind) error {
	target, err := Resolve(path)
	if err != nil {
		return Usagef("%s: %v", path, err)
	}
	return checkOne(Output{Path: path, Kinds: ours}, target, force)
}

// CheckWritable reports early, before any model call, whether a file can be created at path: its
// folder exists and takes a new file, and path is not a folder itself.
func CheckWritable(path string) error {
	target, err := Resolve(path)
	if err != nil {
		return Usagef("%s: %v", path, err)
	}
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		return Usagef("cannot write %s: it is a directory", path)
	}
	if err := writableDir(target); err != nil {
		return Usagef("cannot write %s: %v", path, err)
	}
	return nil
}

// WrongKind returns an error for an input file that looks like another kind than want, with a
// hint at the flag that takes it ("this looks like a GenMO dataset; use -data"); nil when the file
// looks right or is not recognised. hints maps a kind to the flag that reads it.
func WrongKind(path string, want filekind.Kind, hints map[filekind.Kind]string) error {
	k := filekind.File(path)
	if k == want || k == filekind.Unknown || k == filekind.Empty {
		return nil // an empty file is the reader's (or a gate's) to judge
	}
	if h := hints[k]; h != "" {
		return Usagef("%s: this looks like %v; use %s", path, k, h)
	}
	return Usagef("%s: this looks like %v, not %v", path, k, want)
}
