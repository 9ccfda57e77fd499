// Package record reads and writes the records file: one kept pair per line (both stories,
// names, stances, explanations and balanced explanations), in the layout of the paper's released
// generated_data JSONL.
//
// A [Record] is one line. [NewRecord] builds it from a judged pair, [Writer] writes records
// (evenhand's Pipeline.Run writes through it), and [ReadRecords] and [Records] read them back,
// the paper's released files included, with the module's line limit and *[jsonl.LineError]s
// (package jsonl). A [Checkpoint] is a records file a run appends to, one synced line at a
// time, locked against a second writer ([LockFile]); it writes through the same Writer. Package
// dpo turns records into training data.
package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/evenhand/evenhand/eval"
	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
)

// Side is one story of a kept pair with its judgment and balanced explanation.
type Side struct {
	Story              string       `json:"story"`
	CharacterName      string       `json:"character_name"`
	Stance             judge.Stance `json:"stance"`
	Explanation        string       `json:"explanation"`
	NeutralExplanation string       `json:"neutral_explanation"`
}

// Record is one kept pair, as a row of the paper's released JSONL:
//
//	{"male": {...}, "female": {...}, "example_source": 0, "id": 7}
//
// Environment, Source and PairID are evenhand's own additions and are left out when empty.
// Fields of an input row that Record does not know (names match exactly) are kept in Extra and
// written back.
type Record struct {
	ID            int    // the record's number in its file: 0, 1, 2, ...
	Male          Side   // the male story's side
	Female        Side   // the female story's side
	ExampleSource int    // the prompt variant that wrote the pair: 0 zero-shot, 1..3 one-shot example k
	Environment   string // the story's setting, when known
	Source        string // where the pair came from, when it is not a prompt variant
	PairID        string // the pair's id at its origin, when known (Pipeline.Run: the pair's content id, story.Pair.ContentID)

	// Extra holds the fields of an input row that Record does not define, keyed by name.
	Extra map[string]json.RawMessage
}

// Side returns the record's side for gender g: Male or Female. It reports false for Unknown.
func (r *Record) Side(g story.Gender) (*Side, bool) {
	switch g {
	case story.Male:
		return &r.Male, true
	case story.Female:
		return &r.Female, true
	default:
		return nil, false
	}
}

// Pair returns the record's stories as a [story.Pair].
func (r Record) Pair() story.Pair {
	src := r.Source
	if src == "" {
		src = strconv.Itoa(r.ExampleSource)
	}
	id := r.PairID
	if id == "" {
		id = strconv.Itoa(r.ID) // the paper's released rows have only their id
	}
	return story.Pair{
		ID:          id,
		Male:        story.Story{Text: r.Male.Story, Character: r.Male.CharacterName, Gender: story.Male},
		Female:      story.Story{Text: r.Female.Story, Character: r.Female.CharacterName, Gender: story.Female},
		Source:      src,
		Environment: r.Environment,
	}
}

// NewRecord builds the record of a kept pair from its outcome and its neutral explanations.
// A pair whose Source is a prompt variant number ("0".."3") sets ExampleSource; any other
// Source is kept in Source.
func NewRecord(id int, o eval.Outcome, n neutral.Result) Record {
	r := Record{
		ID:          id,
		Male:        Side{Story: o.Pair.Male.Text, CharacterName: o.Pair.Male.Character, Stance: o.Male.Stance, Explanation: o.Male.Explanation, NeutralExplanation: n.Male},
		Female:      Side{Story: o.Pair.Female.Text, CharacterName: o.Pair.Female.Character, Stance: o.Female.Stance, Explanation: o.Female.Explanation, NeutralExplanation: n.Female},
		Environment: o.Pair.Environment,
		PairID:      o.Pair.ID,
	}
	if v, err := strconv.Atoi(o.Pair.Source); err == nil && v >= 0 && v < story.Variants && strconv.Itoa(v) == o.Pair.Source {
		r.ExampleSource = v
	} else {
		r.Source = o.Pair.Source
	}
	return r
}

type recordJSON struct {
	Male          Side   `json:"male"`
	Female        Side   `json:"female"`
	ExampleSource int    `json:"example_source"`
	ID            int    `json:"id"`
	Environment   string `json:"environment,omitempty"`
	Source        string `json:"source,omitempty"`
	PairID        string `json:"pair_id,omitempty"`
}

var knownFields = map[string]bool{"male": true, "female": true, "example_source": true, "id": true, "environment": true, "source": true, "pair_id": true}

// MarshalJSON writes the released layout, then the fields of Extra in key order.
func (r Record) MarshalJSON() ([]byte, error) {
	b, err := ijsonl.Marshal(recordJSON{r.Male, r.Female, r.ExampleSource, r.ID, r.Environment, r.Source, r.PairID})
	if err != nil || len(r.Extra) == 0 {
		return b, err
	}
	out, err := appendExtra(b, r.Extra, knownFields)
	if err != nil {
		return nil, fmt.Errorf("record: record %d: extra fields: %w", r.ID, err)
	}
	return out, nil
}

// appendExtra adds the fields of extra that known does not name, in key order, to b, a JSON
// object written by ijsonl.Marshal: the unknown fields of an input row, written back.
func appendExtra(b []byte, extra map[string]json.RawMessage, known map[string]bool) ([]byte, error) {
	keep := make(map[string]json.RawMessage, len(extra))
	for k, v := range extra {
		if !known[k] {
			keep[k] = v
		}
	}
	if len(keep) == 0 {
		return b, nil
	}
	e, err := ijsonl.Marshal(keep)
	if err != nil {
		return nil, err
	}
	out := append(b[:len(b)-1:len(b)-1], ',')
	return append(out, e[1:]...), nil
}

// UnmarshalJSON reads the released layout. The top-level field names match exactly, as Record
// writes them: any other field, "Male" or "ID" included, goes to Extra and is written back as
// it came (encoding/json would fill Male from "Male" as well, and a row holding both "male" and
// "Male" would then read differently after a round trip). Names inside a side match as
// encoding/json matches them. A field of the wrong type is an error that names it.
func (r *Record) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if raw == nil {
		return errors.New("record is null")
	}
	*r = Record{}
	if isTwinRow(raw) {
		return errors.New("this is a twin record on an axis (it has axis and sides, no male or female side): read it with ReadTwins")
	}
	fields := []field{
		{"male", &r.Male}, {"female", &r.Female}, {"example_source", &r.ExampleSource}, {"id", &r.ID},
		{"environment", &r.Environment}, {"source", &r.Source}, {"pair_id", &r.PairID},
	}
	if err := takeFields(raw, fields); err != nil {
		*r = Record{}
		return err
	}
	if len(raw) > 0 { // what the fields above did not take
		r.Extra = raw
	}
	return nil
}

// isTwinRow reports whether a row is a twin record's (an "axis" and "sides", no "male" or
// "female"), which a Record must not take for a gender pair with empty sides.
func isTwinRow(raw map[string]json.RawMessage) bool {
	_, axis := raw["axis"]
	_, sides := raw["sides"]
	_, male := raw["male"]
	_, female := raw["female"]
	return axis && sides && !male && !female
}

// field is a top-level field of a row and where its value goes.
type field struct {
	name string
	into any
}

// takeFields decodes each of fields that raw holds, in the order given (so the error of a row
// with two bad fields is always the same), and deletes it from raw, leaving the fields no one
// took. A field of the wrong type is an error that names it.
func takeFields(raw map[string]json.RawMessage, fields []field) error {
	for _, f := range fields {
		val, ok := raw[f.name]
		if !ok {
			continue
		}
		delete(raw, f.name)
		if err := json.Unmarshal(val, f.into); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				name := f.name
				if te.Field != "" {
					name += "." + te.Field
				}
				return ijsonl.Field(name, fmt.Errorf("want %v, got JSON %s", te.Type, te.Value))
			}
			return ijsonl.Field(f.name, err)
		}
	}
	return nil
}

// Writer writes records as JSON Lines: one object per line. It is the one writer of records
// files: [Checkpoint] writes through it too, and [TwinWriter] writes twin records the same way.
// It is not safe for concurrent use.
type Writer struct {
	lw lineWriter
}

// lineWriter is what every writer of the package writes through: one value as one line, in one
// Write call of its destination.
type lineWriter struct {
	lines *ijsonl.Writer
	dst   *destination
}

func newLineWriter(w io.Writer) lineWriter {
	d := &destination{w: w}
	return lineWriter{lines: ijsonl.NewWriter(d), dst: d}
}

// write writes v as one line. failed reports whether the error came from the destination (which
// may then hold part of the line) rather than from v (refused, nothing written).
func (w *lineWriter) write(v any) (failed bool, err error) {
	w.dst.failed = false
	err = w.lines.Write(v)
	return w.dst.failed, err
}

// destination is the io.Writer under a Writer; it notes whether a write to it failed, so that a
// failed write is told from a record that was refused before anything was written.
type destination struct {
	w      io.Writer
	failed bool
}

func (d *destination) Write(p []byte) (int, error) {
	n, err := d.w.Write(p)
	if err != nil {
		d.failed = true
	}
	return n, err
}

// NewWriter returns a Writer that writes to w. Each Write is one w.Write call of one whole line,
// so a file written through it holds only complete lines until the last write fails.
func NewWriter(w io.Writer) *Writer {
	return &Writer{lw: newLineWriter(w)}
}

// Write writes r as one line. A record whose line would be longer than [jsonl.MaxLineBytes] is
// refused with an error wrapping [jsonl.ErrLineTooLong] and nothing is written: every file a
// Writer writes is one [Records] reads.
func (w *Writer) Write(r Record) error {
	switch failed, err := w.lw.write(r); {
	case err == nil:
		return nil
	case failed:
		return fmt.Errorf("record: write record %d: %w", r.ID, err)
	default:
		return fmt.Errorf("record: record %d: %w", r.ID, err)
	}
}

// ReadRecords reads records written by [Writer] or released by the paper. Blank lines and a
// leading UTF-8 byte order mark are skipped. The first malformed line stops the read with a
// *[jsonl.LineError] naming it; the records read before it are returned with the error.
func ReadRecords(r io.Reader, opts ...jsonl.ReadOption) ([]Record, error) {
	return ijsonl.Collect(Records(r, opts...))
}

// Records returns an iterator over the records of r, read one line at a time, so a file of any
// size is never held in memory. It reads the layout [ReadRecords] reads and skips blank lines and
// a byte order mark the same way, and gives the same records. A malformed line is yielded once as
// a zero Record with a *[jsonl.LineError] naming it (and its field, when one field is at fault), and
// iteration stops there.
//
// The iterator is single-use: it consumes r.
func Records(r io.Reader, opts ...jsonl.ReadOption) iter.Seq2[Record, error] {
	return ijsonl.Records(r, decodeRecord, opts...)
}

// decodeRecord reads one JSONL line into rec, as [Record.UnmarshalJSON] does. A line in the
// plain layout (only Record's own names, matched exactly, each once, in valid UTF-8: every line
// [Writer] writes and the paper released) is decoded in one pass by the JSON v2 prototype
// (github.com/go-json-experiment/json), strict about all of that; any line it refuses, and every
// error, goes through UnmarshalJSON (encoding/json). FuzzDecodeRecord checks that both give the
// same Record.
//
// The fast path stays because it is felt: reading a million records through UnmarshalJSON alone
// took 5 times the CPU time (BenchmarkStreamJSONL/reading in package dpo: about 20,000 records
// per CPU-second instead of 100,000), and converting records to training rows fell below 100,000
// rows a second.
func decodeRecord(b []byte, rec *Record) error {
	if len(b) > 0 && b[0] == '{' {
		var v recordJSON
		if jsonv2.Unmarshal(b, &v, jsonv2.RejectUnknownMembers(true)) == nil {
			*rec = Record{ID: v.ID, Male: v.Male, Female: v.Female, ExampleSource: v.ExampleSource,
				Environment: v.Environment, Source: v.Source, PairID: v.PairID}
			return nil
		}
	}
	*rec = Record{}
	return rec.UnmarshalJSON(b)
}
