package story

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/jsonl"
)

// GenMOError reports a GenMO dataset that [ReadGenMO] could not read.
type GenMOError struct {
	Index int    // 0-based index of the array element at fault, or -1 when the file as a whole is at fault
	Field string // the element's field at fault ("male_story", ...), or "" for the whole element
	Err   error  // what was wrong
}

func (e *GenMOError) Error() string {
	switch {
	case e.Index < 0:
		return fmt.Sprintf("story: genmo: %v", e.Err)
	case e.Field == "":
		return fmt.Sprintf("story: genmo: element %d: %v", e.Index, e.Err)
	default:
		return fmt.Sprintf("story: genmo: element %d: field %q: %v", e.Index, e.Field, e.Err)
	}
}

// Unwrap returns e.Err.
func (e *GenMOError) Unwrap() error { return e.Err }

// genmoRow is one element of the GenMO dataset. Pointers tell a missing field from an empty one.
type genmoRow struct {
	MaleStory   *string `json:"male_story"`
	FemaleStory *string `json:"female_story"`
	Environment string  `json:"environment"`
	Source      string  `json:"source"`
}

// ReadGenMO reads the GenMO benchmark (Bajaj et al., 2024) in its published layout: one JSON
// array of {"male_story", "female_story", "environment", "source"} objects.
//
// The pair at index k of the array gets the ID strconv.Itoa(k), so IDs are stable for a given
// file. The story texts and the source are kept exactly as published (stray spaces, mojibake and
// trailing newlines included); the environment is cleaned with [NormalizeEnvironment]. GenMO does
// not name the protagonists, so Character is empty; Gender is Male and Female.
//
// male_story and female_story must be present (they may be empty); environment and source may be
// absent, and unknown fields are ignored. A leading UTF-8 byte order mark is skipped. An element
// longer than 128 MiB (the limit of the module's JSONL readers) is refused with an error saying
// so, unless [WithMaxElementBytes] raises it; memory stays within about twice that limit. Any
// other problem stops the read with a *[GenMOError] naming the element and field; the pairs read
// before it are returned with the error.
func ReadGenMO(r io.Reader, opts ...jsonl.ReadOption) ([]Pair, error) {
	max := ijsonl.Max(opts)
	cr := &elementReader{r: ijsonl.SkipBOM(r), max: max}
	dec := json.NewDecoder(cr)
	tok, err := dec.Token()
	if err != nil {
		return nil, &GenMOError{Index: -1, Err: fmt.Errorf("reading the opening '[': %w", err)}
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, &GenMOError{Index: -1, Err: fmt.Errorf("want a JSON array, got %v", tok)}
	}
	var out []Pair
	for i := 0; dec.More(); i++ {
		// Decoded in place rather than through a json.RawMessage: one copy of a long story fewer.
		var row *genmoRow
		cr.mark = dec.InputOffset()
		err := dec.Decode(&row)
		if errors.Is(err, ijsonl.ErrLineTooLong) {
			return out, &GenMOError{Index: i, Err: ijsonl.TooLong(0, max, "raise it with WithMaxElementBytes")}
		}
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); err != nil && !ok {
			return out, &GenMOError{Index: i, Err: err} // malformed JSON
		}
		if n := dec.InputOffset() - cr.mark; n > int64(max) {
			return out, &GenMOError{Index: i, Err: ijsonl.TooLong(int(n), max, "raise it with WithMaxElementBytes")}
		}
		p, err := pairFromGenMO(i, row, err)
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	if _, err := dec.Token(); err != nil {
		return out, &GenMOError{Index: -1, Err: fmt.Errorf("reading the closing ']': %w", err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the array")
		}
		return out, &GenMOError{Index: -1, Err: err}
	}
	return out, nil
}

// ReadOption configures [ReadGenMO].
//
// Deprecated: use jsonl.ReadOption (package github.com/evenhand/evenhand/jsonl), the one read
// option type of the module; kept for one release.
type ReadOption = jsonl.ReadOption

// WithMaxElementBytes sets the longest array element [ReadGenMO] accepts, in bytes; n <= 0 means
// the default, 128 MiB.
func WithMaxElementBytes(n int) jsonl.ReadOption { return jsonl.WithMaxLineBytes(n) }

// elementReader fails once more than max bytes (plus one read of slack) have been read since
// mark, the input offset where the element being decoded starts: a json.Decoder holds a whole
// element in memory, so this bounds its memory by the limit. Reads are at most readChunk long,
// so the decoder never reads far ahead of what it decodes.
type elementReader struct {
	r    io.Reader
	max  int
	read int64
	mark int64
}

const readChunk = 64 << 10

func (e *elementReader) Read(p []byte) (int, error) {
	if e.read-e.mark > int64(e.max)+2*readChunk {
		return 0, ijsonl.ErrLineTooLong
	}
	if len(p) > readChunk {
		p = p[:readChunk]
	}
	n, err := e.r.Read(p)
	e.read += int64(n)
	return n, err
}

// pairFromGenMO converts element i of the dataset, decoded into row with the type error err.
func pairFromGenMO(i int, row *genmoRow, err error) (Pair, error) {
	if err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
			return Pair{}, &GenMOError{Index: i, Field: te.Field, Err: fmt.Errorf("want %v, got JSON %s", te.Type, te.Value)}
		}
		return Pair{}, &GenMOError{Index: i, Err: err}
	}
	if row == nil {
		return Pair{}, &GenMOError{Index: i, Err: errors.New("element is null")}
	}
	if row.MaleStory == nil {
		return Pair{}, &GenMOError{Index: i, Field: "male_story", Err: errors.New("missing or null")}
	}
	if row.FemaleStory == nil {
		return Pair{}, &GenMOError{Index: i, Field: "female_story", Err: errors.New("missing or null")}
	}
	return Pair{
		ID:          strconv.Itoa(i),
		Male:        Story{Text: *row.MaleStory, Gender: Male},
		Female:      Story{Text: *row.FemaleStory, Gender: Female},
		Source:      row.Source,
		Environment: NormalizeEnvironment(row.Environment),
	}, nil
}

// NormalizeEnvironment cleans a GenMO environment label: it trims surrounding white space, turns
// "Others" into "Other" and an empty label into "Unknown". Other labels are kept as they are
// (case included), so "Family", " Family" and "Family " all become "Family".
//
// The GenMO analysis script matches labels exactly and so silently drops the pairs whose labels
// carry stray spaces; normalised labels count every pair.
func NormalizeEnvironment(label string) string {
	switch s := strings.TrimSpace(label); s {
	case "":
		return "Unknown"
	case "Others":
		return "Other"
	default:
		return s
	}
}
