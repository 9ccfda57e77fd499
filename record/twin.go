package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/filekind"
	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/internal/twinrow"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
)

// TwinSide is one telling of a kept twin: the group its protagonist belongs to, and the story
// with its judgment and balanced explanation, as a [Side] holds them. In JSON its fields are
// "group", then those of Side, at the same level.
type TwinSide struct {
	Group string `json:"group"` // the group this telling's protagonist belongs to
	Side
}

// Twin is one kept twin on an axis: a story told twice, identical but for the protagonist's
// group, with both judgments and both balanced explanations. It is a row of a twin records
// file:
//
//	{"axis": "Religion", "groups": ["Muslim", "Christian"],
//	 "sides": [{"group": "Muslim", "story": ..., "character_name": ..., "stance": ...,
//	            "explanation": ..., "neutral_explanation": ...}, {"group": "Christian", ...}],
//	 "environment": "...", "source": "...", "pair_id": "...", "id": 7}
//
// Sides[k] is the telling of Groups[k]. No field is named for a gender: a twin records file is
// never read as a file of gender pairs, nor the other way round. Environment, Source and PairID
// are left out when empty. Fields of an input row that Twin does not know (names match
// exactly) are kept in Extra and written back.
//
// A row is valid when Axis is one of [axis.Axes], the two groups are non-blank and differ, and
// each side's Group is "" or its group: [TwinWriter] writes only valid rows, with each side's
// group filled in, and [Twins] reads only valid rows.
type Twin struct {
	ID          int         // the row's number in its file: 0, 1, 2, ...
	Axis        axis.Axis   // the axis the groups belong to
	Groups      [2]string   // the two groups, as the lexicon names them
	Sides       [2]TwinSide // Sides[k] tells the story of Groups[k]
	Environment string      // the story's setting, when known
	Source      string      // how the twin was made ("model", "swap", "inject", a dataset), when known
	PairID      string      // the twin's id at its origin (Pipeline.RunTwins: its content id, axis.Twin.ContentID)

	// Extra holds the fields of an input row that Twin does not define, keyed by name.
	Extra map[string]json.RawMessage
}

// NewTwin builds the twin record of a kept twin from its outcome and its balanced explanations:
// Sides[k] holds o.Twin.Stories[k], o.Judgments[k] and n.Explanations[k].
func NewTwin(id int, o eval.TwinOutcome, n neutral.TwinResult) Twin {
	t := Twin{
		ID:          id,
		Axis:        o.Twin.Axis,
		Groups:      o.Twin.Groups,
		Environment: o.Twin.Environment,
		Source:      o.Twin.Source,
		PairID:      o.Twin.ID,
	}
	for k := range t.Sides {
		s, j := o.Twin.Stories[k], o.Judgments[k]
		t.Sides[k] = TwinSide{Group: o.Twin.Groups[k], Side: Side{
			Story: s.Text, CharacterName: s.Character, Stance: j.Stance, Explanation: j.Explanation, NeutralExplanation: n.Explanations[k],
		}}
	}
	return t
}

// Twin returns the record's stories as an [axis.Twin]: its ID is PairID (or, when that is
// empty, ID in decimal), and its stories carry no gender (the file does not record it).
func (t Twin) Twin() axis.Twin {
	id := t.PairID
	if id == "" {
		id = strconv.Itoa(t.ID)
	}
	out := axis.Twin{ID: id, Axis: t.Axis, Groups: t.Groups, Source: t.Source, Environment: t.Environment}
	for k, s := range t.Sides {
		out.Stories[k] = story.Story{Text: s.Story, Character: s.CharacterName}
	}
	return out
}

// twinJSON is the layout of a twin records row, in the order written.
type twinJSON struct {
	Axis        axis.Axis   `json:"axis"`
	Groups      [2]string   `json:"groups"`
	Sides       [2]TwinSide `json:"sides"`
	Environment string      `json:"environment,omitempty"`
	Source      string      `json:"source,omitempty"`
	PairID      string      `json:"pair_id,omitempty"`
	ID          int         `json:"id"`
}

var knownTwinFields = map[string]bool{"axis": true, "groups": true, "sides": true, "environment": true, "source": true, "pair_id": true, "id": true}

// twinLead is how every line a twin records writer writes begins (a Twin's first field).
const twinLead = `{"axis":`

// MarshalJSON writes the twin records layout, each side's empty Group written as its group,
// then the fields of Extra in key order. It does not check the row (see [TwinWriter]).
func (t Twin) MarshalJSON() ([]byte, error) {
	v := twinJSON{t.Axis, t.Groups, t.Sides, t.Environment, t.Source, t.PairID, t.ID}
	for k := range v.Sides {
		if v.Sides[k].Group == "" {
			v.Sides[k].Group = t.Groups[k]
		}
	}
	b, err := ijsonl.Marshal(v)
	if err != nil || len(t.Extra) == 0 {
		return b, err
	}
	out, err := appendExtra(b, t.Extra, knownTwinFields)
	if err != nil {
		return nil, fmt.Errorf("record: twin %d: extra fields: %w", t.ID, err)
	}
	return out, nil
}

// UnmarshalJSON reads a twin records row. "axis", "groups" (two strings) and "sides" (two
// objects) are required; the top-level names match exactly, as Twin writes them, and any other
// field goes to Extra. A side without a "group" takes its group from "groups". A field that is
// missing, of the wrong type or invalid (see [Twin]) is an error that names it ("sides[1].stance").
func (t *Twin) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if raw == nil {
		return errors.New("twin record is null")
	}
	*t = Twin{}
	if err := twinrow.Required(raw); err != nil {
		return err
	}
	var groups []*string
	var sides []json.RawMessage
	fields := []field{
		{"axis", &t.Axis}, {"groups", &groups}, {"sides", &sides},
		{"environment", &t.Environment}, {"source", &t.Source}, {"pair_id", &t.PairID}, {"id", &t.ID},
	}
	err := takeFields(raw, fields)
	if err == nil {
		t.Groups, err = twinrow.Groups(groups)
	}
	if err == nil {
		err = twinrow.Sides(sides, &t.Sides)
	}
	if err == nil {
		err = t.check()
	}
	if err != nil {
		*t = Twin{}
		return err
	}
	for k := range t.Sides {
		if t.Sides[k].Group == "" {
			t.Sides[k].Group = t.Groups[k]
		}
	}
	if len(raw) > 0 { // what the fields above did not take
		t.Extra = raw
	}
	return nil
}

// check reports what makes t an invalid row (see [Twin]), naming the field.
func (t *Twin) check() error {
	return twinrow.Check(t.Axis, t.Groups, [2]string{t.Sides[0].Group, t.Sides[1].Group})
}

// TwinWriter writes twin records as JSON Lines, one row per line, through the same line writer
// as [Writer] ([TwinCheckpoint] writes through it too). It is not safe for concurrent use.
type TwinWriter struct {
	lw lineWriter
}

// NewTwinWriter returns a TwinWriter that writes to w. Each Write is one w.Write call of one
// whole line, so a file written through it holds only complete lines until the last write fails.
func NewTwinWriter(w io.Writer) *TwinWriter {
	return &TwinWriter{lw: newLineWriter(w)}
}

// Write writes t as one line. A row that is not valid (see [Twin]), or whose line would be
// longer than [jsonl.MaxLineBytes] (wrapping [jsonl.ErrLineTooLong]), is refused with an error
// naming it and nothing is written: every file a TwinWriter writes is one [Twins] reads.
func (w *TwinWriter) Write(t Twin) error {
	if err := t.check(); err != nil {
		return fmt.Errorf("record: twin %d: %w", t.ID, err)
	}
	switch failed, err := w.lw.write(t); {
	case err == nil:
		return nil
	case failed:
		return fmt.Errorf("record: write twin %d: %w", t.ID, err)
	default:
		return fmt.Errorf("record: twin %d: %w", t.ID, err)
	}
}

// ReadTwins reads a twin records file written by [TwinWriter]. Blank lines and a leading UTF-8
// byte order mark are skipped. The first malformed or invalid line stops the read with a
// *[jsonl.LineError] naming it (and its field, when one field is at fault); the twins read
// before it are returned with the error.
func ReadTwins(r io.Reader, opts ...jsonl.ReadOption) ([]Twin, error) {
	return ijsonl.Collect(Twins(r, opts...))
}

// Twins returns an iterator over the twin records of r, read one line at a time, so a file of
// any size is never held in memory. It reads what [ReadTwins] reads, the same way. A malformed
// line is yielded once as a zero Twin with a *[jsonl.LineError] naming it (and its field), and
// iteration stops there.
//
// The iterator is single-use: it consumes r.
func Twins(r io.Reader, opts ...jsonl.ReadOption) iter.Seq2[Twin, error] {
	return ijsonl.Records(r, decodeTwin, opts...)
}

func decodeTwin(b []byte, t *Twin) error { return t.UnmarshalJSON(b) }

// TwinCheckpoint is a twin records file that a run appends to, one synced row at a time: a
// [Checkpoint] for [Twin] rows, with the same guarantees (every complete row kept, a torn last
// line cut off, IDs running on, one writer locked in with [LockFile]; see Checkpoint). The root
// package's Pipeline.RunTwinsFile uses it. A TwinCheckpoint is not safe for concurrent use.
type TwinCheckpoint struct {
	c *checkpoint[Twin]
}

// twinRecords returns the kind of a twin records file.
func twinRecords() *rowKind[Twin] {
	return &rowKind[Twin]{
		kind: filekind.TwinRecords,
		noun: "twin record",
		file: "a file of twin records",
		lead: twinLead,
		shape: func(b []byte) string {
			var row struct {
				Axis  *string
				Sides []json.RawMessage
			}
			if json.Unmarshal(b, &row) != nil || row.Axis == nil || row.Sides == nil {
				return "is not a twin record (it has no axis and sides)"
			}
			return ""
		},
		decode: decodeTwin,
		id:     func(t *Twin) int { return t.ID },
	}
}

// OpenTwinCheckpoint opens the twin records file at path as [OpenCheckpoint] opens a records
// file: created when missing, locked, its complete rows counted, a torn last line cut off. A
// malformed or invalid complete line, IDs that do not run on, or a file of another kind (a
// records file of gender pairs, results, training rows) is an error wrapping [ErrCheckpoint]
// that names the file and line, and the file is left untouched.
func OpenTwinCheckpoint(path string) (*TwinCheckpoint, error) {
	c, err := openCheckpoint(path, twinRecords())
	if err != nil {
		return nil, err
	}
	return &TwinCheckpoint{c: c}, nil
}

// Path returns the file's path.
func (c *TwinCheckpoint) Path() string { return c.c.path }

// Len returns the number of complete twin records in the file.
func (c *TwinCheckpoint) Len() int { return c.c.count }

// FirstID returns the ID of the file's first row, and false when the file holds none.
func (c *TwinCheckpoint) FirstID() (int, bool) { return c.c.firstID, c.c.count > 0 }

// NextID returns the ID the next row must carry: the last row's ID plus one, or first when the
// file holds no row.
func (c *TwinCheckpoint) NextID(first int) int { return c.c.nextID(first) }

// Write appends t as one line and syncs the file to disk before returning, as
// [Checkpoint.Write] does: t.ID must be [TwinCheckpoint.NextID], a failed write or sync cuts the
// file back to its last complete row, and a row that is not valid (see [Twin]) or too long is
// refused with nothing written.
func (c *TwinCheckpoint) Write(t Twin) error {
	if err := t.check(); err != nil {
		return fmt.Errorf("record: checkpoint %s: twin %d: %w", c.c.path, t.ID, err)
	}
	return c.c.write(t)
}

// Close releases the lock and closes the file.
func (c *TwinCheckpoint) Close() error { return c.c.close() }
