package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/evenhand/evenhand/internal/filekind"
)

// Outputs is a set of output files that appear together, only on success: each is written to a
// temporary file in its own folder, and [Outputs.Commit] renames them all into place. Until then,
// and after [Outputs.Abort], every earlier file is left exactly as it was. The zero value is ready
// to use; it is not safe for concurrent use.
type Outputs struct {
	files  []*pending
	remove []string
}

type pending struct {
	path string
	tmp  *os.File
}

// Create starts the output at path and returns the file to write it to.
func (o *Outputs) Create(path string) (io.Writer, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
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
func (o *Outputs) Commit() error {
	for _, p := range o.files {
		if err := p.tmp.Sync(); err != nil {
			o.Abort()
			return fmt.Errorf("%s: %w", p.path, err)
		}
		if err := p.tmp.Close(); err != nil {
			o.Abort()
			return fmt.Errorf("%s: %w", p.path, err)
		}
	}
	for i, p := range o.files {
		if err := os.Rename(p.tmp.Name(), p.path); err != nil {
			for _, q := range o.files[i:] {
				_ = os.Remove(q.tmp.Name())
			}
			o.files = nil
			return fmt.Errorf("%s: %w", p.path, err)
		}
		syncDir(filepath.Dir(p.path))
	}
	o.files = nil
	for _, path := range o.remove {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
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

// CheckOverwrite refuses, unless force, an output path that holds a file which is not ours: one
// of a kind other than the kinds the program writes there. An empty or missing file is fine. The
// error is a *UsageError that says what the file looks like and names -force.
func CheckOverwrite(path string, force bool, ours ...filekind.Kind) error {
	if force || !Exists(path) {
		return nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if st.IsDir() {
		return Usagef("%s is a directory", path)
	}
	k := filekind.File(path)
	if k == filekind.Empty {
		return nil
	}
	for _, o := range ours {
		if k == o {
			return nil
		}
	}
	return Usagef("%s exists and looks like %v, not an output of this program; pass -force to overwrite it", path, k)
}

// CheckWritable reports early, before any model call, whether a file can be created in path's folder.
func CheckWritable(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return Usagef("cannot write %s: %v", path, err)
	}
	if !st.IsDir() {
		return Usagef("cannot write %s: %s is not a directory", path, dir)
	}
	tmp, err := os.CreateTemp(dir, ".evenhand-check-*")
	if err != nil {
		return Usagef("cannot write %s: %v", path, err)
	}
	_ = tmp.Close()
	_ = os.Remove(tmp.Name())
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
