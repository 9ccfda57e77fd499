package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/record"
)

// ErrResultsFile is wrapped by the errors of a results file that cannot be continued: a
// complete line that is not a result, or a result for an item that differs from the one given.
var ErrResultsFile = errors.New("bench: results file cannot be continued")

// RunFile is [Runner.Run] with a results file: the JSON Lines file at path (created when
// missing) holds one [Result] per line, and RunFile asks only the items that have no result in
// it yet, appending each new result as soon as it is read, one whole line at a time, and waiting
// for it to reach the disk. A run that is killed at any moment can so be continued by calling
// RunFile again with the same items: no item is asked twice and none is lost. A last line
// without its newline (a write the kill interrupted) is cut off, or completed when it is a whole
// result.
//
// Results are matched to items by [Item.Key]; a result whose item has the same key but another
// question or other choices is an error wrapping [ErrResultsFile], and so is a complete line
// that is not a result: the file is then left untouched. Results in the file for items not
// given are kept in the file and not returned.
//
// The results come back in the order of items, those from the file included; Stats counts the
// resumed ones apart.
//
// # One writer
//
// The file is locked for the whole call with the lock of every resumable file of the module
// ([record.LockFile], the lock of the pipeline's RunFile): a second RunFile on the same file, from
// this process or another, fails at once with an error wrapping a *[record.LockedError] (matched by
// [record.ErrLocked]) that names the file and, where the system tells, the process holding it; the
// file is not touched. The system releases the lock when the holder ends, however it ends.
//
// # Files that are not results
//
// A file is continued only when it holds results: a complete line that is not a result (a GenMO
// dataset, a one-line {"a":1}, prose), a repeated item, or a last line that is not the start of
// a result cut short (such as "hello world" without a newline) is an error wrapping
// [ErrResultsFile], and the file is left as it was.
func (r *Runner) RunFile(ctx context.Context, path string, items []Item) ([]Result, Stats, error) {
	st := Stats{Items: len(items)}
	if err := checkKeys(items); err != nil {
		return nil, st, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, st, fmt.Errorf("bench: results file: %w", err)
	}
	defer f.Close()
	if err := record.LockFile(f); err != nil {
		return nil, st, fmt.Errorf("bench: results file: %w", err)
	}
	done, err := loadResults(f, path)
	if err != nil {
		return nil, st, err
	}
	out := make([]Result, len(items))
	var todo []Item
	var at []int
	for i, it := range items {
		res, ok := done[it.Key()]
		if !ok {
			todo = append(todo, it)
			at = append(at, i)
			continue
		}
		if res.Item.Question != it.Question || !slices.Equal(res.Item.Choices, it.Choices) {
			return nil, st, fmt.Errorf("%w: %s holds another item under the key %q", ErrResultsFile, path, it.Key())
		}
		out[i] = res
		st.Resumed++
	}
	w := jsonl.NewWriter(f) // one Write per line: a crash leaves at most one torn line
	runSt, err := r.run(ctx, todo, func(j int, res Result) error {
		if err := w.Write(res); err != nil {
			return fmt.Errorf("results file: %w", err)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("results file: %w", err)
		}
		out[at[j]] = res
		return nil
	})
	st.Asked, st.Usage, st.Elapsed = runSt.Asked, runSt.Usage, runSt.Elapsed
	if err != nil {
		var ie *ItemError
		if errors.As(err, &ie) {
			ie.Index = at[ie.Index]
		}
		return out, st, err
	}
	if err := f.Close(); err != nil {
		return out, st, fmt.Errorf("bench: results file: %w", err)
	}
	return out, st, nil
}

// resultLead is how every line of a results file begins (Result's first field).
const resultLead = `{"item":`

// loadResults reads the results of f by key, repairs a torn last line and leaves the offset at
// the end of the complete results. Nothing is written to f before the whole file has been read
// and found to hold results.
func loadResults(f *os.File, path string) (map[string]Result, error) {
	done := map[string]Result{}
	at := map[string]int{} // key -> line
	var end int64          // the end of the last complete line
	var newline int64 = -1 // where a whole last result lacks its newline
	for l, err := range jsonl.Lines(f, jsonl.WithFile(path)) {
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrResultsFile, err)
		}
		if l.Blank() {
			if l.Ended {
				end = l.Offset + int64(l.Size)
			}
			continue
		}
		var res Result
		if jerr := json.Unmarshal(l.Text, &res); jerr != nil || res.Item.ID == "" || res.Item.Benchmark == "" {
			if !l.Ended && jsonl.Torn(l.Text, resultLead) {
				break // a result cut short by a crash: cut off below
			}
			return nil, notResult(l, path, jerr)
		}
		if first, dup := at[res.Item.Key()]; dup {
			return nil, fmt.Errorf("%w: %s: line %d repeats the result for item %s of line %d", ErrResultsFile, path, l.N, res.Item.Key(), first)
		}
		at[res.Item.Key()] = l.N
		done[res.Item.Key()] = res
		end = l.Offset + int64(l.Size)
		if !l.Ended { // a whole result missing only its newline
			newline = end
			end++
		}
	}
	if err := repairTail(f, newline, end); err != nil {
		return nil, fmt.Errorf("bench: results file %s: %w", path, err)
	}
	return done, nil
}

// notResult is the error for line l of the results file path, which is not a result: err is
// its JSON error, or nil when it holds no item with an id and a benchmark.
func notResult(l jsonl.Line, path string, err error) error {
	if k := filekind.OfLine(l.Text); k != filekind.BenchResults && k != filekind.Unknown {
		return fmt.Errorf("%w: %s: line %d: this looks like %v, not a bench results file", ErrResultsFile, path, l.N, k)
	}
	if err == nil {
		err = errors.New("not a result: no item with an id and a benchmark")
	}
	return fmt.Errorf("%w: %w", ErrResultsFile, &LineError{File: path, Line: l.N, Err: err})
}

// repairTail ends f after its complete results, at end: it writes the newline a whole last
// result lacks (at newline, when not -1), cuts off a torn last line and leaves the offset at end.
func repairTail(f *os.File, newline, end int64) error {
	if newline >= 0 {
		if _, err := f.WriteAt([]byte("\n"), newline); err != nil {
			return err
		}
	}
	if err := f.Truncate(end); err != nil {
		return err
	}
	_, err := f.Seek(end, io.SeekStart)
	return err
}

// ReadResults reads a results file (JSON Lines of [Result], as [Runner.RunFile] writes it).
// Blank lines are skipped; a malformed line is a *[LineError] naming it.
func ReadResults(r io.Reader, name string) ([]Result, error) {
	var out []Result
	for line, err := range jsonl.Lines(r) {
		if err != nil {
			return nil, readErr(err, name)
		}
		if line.Blank() {
			continue
		}
		var res Result
		if err := json.Unmarshal(line.Text, &res); err != nil {
			le := badLine(name, line.N, "", err)
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				le.Field = te.Field
			}
			return nil, le
		}
		if res.Item.ID == "" || res.Item.Benchmark == "" {
			return nil, lineErr(name, line.N, "item", "missing id or benchmark")
		}
		if res.Choice < -1 || res.Choice >= len(res.Item.Choices) {
			return nil, lineErr(name, line.N, "choice", "%d is not the index of a choice nor -1", res.Choice)
		}
		out = append(out, res)
	}
	return out, nil
}

// WriteResults writes results as JSON Lines, the layout [ReadResults] and [Runner.RunFile] read.
func WriteResults(w io.Writer, results []Result) error {
	bw := bufio.NewWriter(w)
	jw := jsonl.NewWriter(bw)
	for _, res := range results {
		if err := jw.Write(res); err != nil {
			return fmt.Errorf("bench: write results: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bench: write results: %w", err)
	}
	return nil
}
