package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/record"
)

// Output is one file a program writes, as its flags name it. Every program declares all of its
// outputs to [CheckOutputs] before its first model call, so that one guard decides for all of
// them, the same way, whether they may be written.
type Output struct {
	Flag string // the flag that names the file ("-out"), for messages
	Path string // the path as given; "" (not asked for) and "-" (standard output) are skipped

	// Kinds are the kinds of file the program writes there: an existing file of one of them (or
	// an empty one) is an earlier output of the program and may be replaced or continued.
	Kinds []filekind.Kind

	// Append marks a file the program continues (a resumable results or records file) instead
	// of replacing it. Appending to a file that is not ours is refused even with -force, since
	// it would leave a file that is neither; a last line cut short by a killed run, starting
	// with Lead, is ours.
	Append bool
	Lead   string // how every line the program appends begins, such as `{"male":`
}

// Name names the output for messages: its flag and its path.
func (o Output) Name() string {
	if o.Flag == "" {
		return o.Path
	}
	return o.Flag + " " + o.Path
}

// CheckOutputs is the one guard of every file a program writes. Before any model call it checks,
// for each output:
//
//   - the path is not a folder, nor a device or other special file;
//   - a symbolic link is followed: the file checked, and later written, is its target, so a link
//     never clobbers a target that is not ours and the link itself stays in place;
//   - the folder exists and a file can be created in it;
//   - an existing file is an earlier output of the program (one of the Output's Kinds) or empty;
//     anything else, one-line files included, is refused unless force (and, for a file the
//     program appends to, refused even then);
//   - no two outputs name the same file;
//   - no other run is writing the file right now (its temporary file is locked);
//   - temporary files that a killed run left beside the file (".NAME.tmp-*") are removed, each
//     named in a line to log.
//
// The error is a *[UsageError] (exit status 2), except that a file another run holds is a
// *[record.LockedError] (exit status 1); nothing has been written or removed when it is returned,
// except the leftovers of killed runs.
func CheckOutputs(log io.Writer, force bool, outs ...Output) error {
	seen := map[string]string{} // resolved path -> the output that named it
	for _, o := range outs {
		if o.Path == "" || o.Path == "-" {
			continue
		}
		target, err := Resolve(o.Path)
		if err != nil {
			return Usagef("%s: %v", o.Name(), err)
		}
		key := target
		if abs, err := filepath.Abs(target); err == nil {
			key = abs
		}
		if first, dup := seen[key]; dup {
			return Usagef("%s and %s name the same file", first, o.Name())
		}
		seen[key] = o.Name()
		if err := checkOne(o, target, force); err != nil {
			return err
		}
	}
	for _, o := range outs {
		if o.Path == "" || o.Path == "-" {
			continue
		}
		target, _ := Resolve(o.Path)
		if err := clearOrphans(log, o, target); err != nil {
			return err
		}
	}
	return nil
}

// checkOne checks one output whose link, if any, resolves to target.
func checkOne(o Output, target string, force bool) error {
	via := ""
	if target != o.Path {
		via = " (a symbolic link to " + target + ")"
	}
	size, err := checkPlace(o, target, via)
	if err != nil || size == 0 {
		return err // a bad place, or a new or empty file
	}
	k := filekind.File(target)
	if k == filekind.Empty || slices.Contains(o.Kinds, k) {
		return nil
	}
	if o.Append {
		if k == filekind.Unknown && o.Lead != "" && tornOnly(target, o.Lead) {
			return nil // the first line of a killed run, cut short: the reader cuts it off
		}
		return Usagef("%s%s exists and looks like %v, not %s: a run appends to it, and will not append to a file that is not one; name another file", o.Name(), via, k, kindList(o.Kinds))
	}
	if force {
		return nil
	}
	return Usagef("%s%s exists and looks like %v, not an output of this program; pass -force to overwrite it", o.Name(), via, k)
}

// checkPlace checks that target, if it exists, is a regular file and that its folder may be
// written; it returns the file's size, 0 when it does not exist.
func checkPlace(o Output, target, via string) (size int64, err error) {
	st, err := os.Stat(target)
	switch {
	case err == nil && st.IsDir():
		return 0, Usagef("%s%s is a directory, not a file", o.Name(), via)
	case err == nil && !st.Mode().IsRegular():
		return 0, Usagef("%s%s is not a regular file", o.Name(), via)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return 0, Usagef("%s%s: %v", o.Name(), via, err)
	}
	if err := writableDir(target); err != nil {
		return 0, Usagef("cannot write %s%s: %v", o.Name(), via, err)
	}
	if err != nil {
		return 0, nil // a new file
	}
	return st.Size(), nil
}

// kindList names kinds in words: "a file of dpo records or a GenMO results file".
func kindList(kinds []filekind.Kind) string {
	var s []string
	for _, k := range kinds {
		s = append(s, k.String())
	}
	if len(s) == 0 {
		return "an output of this program"
	}
	return strings.Join(s, " or ")
}

// tornOnly reports whether the file at path holds nothing but one line without its newline that
// is the start of a line beginning with lead, cut short.
func tornOnly(path, lead string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	n := 0
	torn := false
	for l, err := range jsonl.Lines(f) {
		if err != nil {
			return false
		}
		if l.Blank() && l.Ended {
			continue
		}
		n++
		torn = !l.Ended && jsonl.Torn(l.Text, lead)
	}
	return n == 1 && torn
}

// writableDir reports whether a file can be created in path's folder.
func writableDir(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	tmp, err := os.CreateTemp(dir, ".evenhand-check-*")
	if err != nil {
		return err
	}
	_ = tmp.Close()
	return os.Remove(tmp.Name())
}

// Resolve returns the file path names: path itself, or, when path is a symbolic link, the file
// the link leads to (which need not exist yet). Outputs are written there, so a link keeps
// pointing at the new file.
func Resolve(path string) (string, error) {
	st, err := os.Lstat(path)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		return path, nil
	}
	if t, err := filepath.EvalSymlinks(path); err == nil {
		return t, nil
	}
	// A link to a file that does not exist yet: follow it by hand, a bounded number of times.
	cur := path
	for range 40 {
		dest, err := os.Readlink(cur)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(cur), dest)
		}
		st, err := os.Lstat(dest)
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			return dest, nil
		}
		cur = dest
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// Orphans returns the temporary files that runs writing path left beside it (".NAME.tmp-*", the
// names [Outputs.Create] uses), oldest first, whether or not a run still writes them.
func Orphans(path string) []string {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	matches, _ := filepath.Glob(filepath.Join(dir, escapeGlob("."+base+".tmp-")+"*"))
	slices.SortFunc(matches, func(a, b string) int {
		sa, ea := os.Stat(a)
		sb, eb := os.Stat(b)
		if ea != nil || eb != nil {
			return strings.Compare(a, b)
		}
		return sa.ModTime().Compare(sb.ModTime())
	})
	return matches
}

func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Held reports whether a run is writing the temporary file at path now: it holds the file's lock
// (see [Outputs.Create]). The error is that run's *[record.LockedError], or nil.
func Held(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if err := record.LockFile(f); errors.Is(err, record.ErrLocked) {
		return err
	}
	return nil
}

// clearOrphans refuses an output another run is writing, and removes the temporary files that
// killed runs left beside it, naming each. Where files cannot be locked, a leftover cannot be told
// from the file of a run still going: it is named and left alone.
func clearOrphans(log io.Writer, o Output, target string) error {
	for _, tmp := range Orphans(target) {
		if !record.LockSupported() {
			if log != nil {
				fmt.Fprintf(log, "found %s beside %s: left by a run that was killed, or being written by another run; remove it when no run is writing %s\n", tmp, o.Name(), target)
			}
			continue
		}
		if err := Held(tmp); err != nil {
			return fmt.Errorf("%s is being written by another run (%w); wait for it, or stop it", o.Name(), err)
		}
		st, err := os.Stat(tmp)
		if err != nil {
			continue // gone meanwhile
		}
		if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: removing %s, left by a killed run: %w", o.Name(), tmp, err)
		}
		if log != nil {
			fmt.Fprintf(log, "removed %s (%d bytes), left by an earlier run that was killed before it finished %s\n",
				tmp, st.Size(), o.Name())
		}
	}
	return nil
}
