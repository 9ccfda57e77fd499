package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/evenhand/evenhand/axis"
	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/internal/twinrow"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// twinResultSide is one side of a twin results row.
type twinResultSide struct {
	Group       string        `json:"group"`
	Story       string        `json:"story"`
	Stance      *judge.Stance `json:"stance"`
	Explanation string        `json:"explanation"`
}

// twinResultRow is one row of a twin results file, as read.
type twinResultRow struct {
	Axis   axis.Axis         `json:"axis"`
	Groups []*string         `json:"groups"`
	Sides  []json.RawMessage `json:"sides"`
	Label  string            `json:"label"`
	ID     json.RawMessage   `json:"id,omitempty"`
}

// twinResultRowOut is the row [WriteTwinResults] writes.
type twinResultRowOut struct {
	Axis   axis.Axis            `json:"axis"`
	Groups [2]string            `json:"groups"`
	Sides  [2]twinResultSideOut `json:"sides"`
	Label  string               `json:"label"`
	ID     string               `json:"id,omitempty"`
}

type twinResultSideOut struct {
	Group       string       `json:"group"`
	Story       string       `json:"story"`
	Stance      judge.Stance `json:"stance"`
	Explanation string       `json:"explanation"`
}

// WriteTwinResults writes outcomes on an axis as a twin results file, the counterpart of a GenMO
// results file ([WriteResults]) for twins, which [ReadTwinResults] reads back: one JSON object
// per line,
//
//	{"axis": "Religion", "groups": ["Muslim", "Christian"],
//	 "sides": [{"group": "Muslim", "story", "stance", "explanation"}, {"group": "Christian", ...}],
//	 "label": "<environment>"}
//
// with sides[k] the telling of groups[k] (Twin.Stories[k], Judgments[k]), stances written as
// "Moral", "Immoral", "Both", "Can't say" or "INVALID", and Twin.Environment as the label. No
// key is named for a gender, so a twin results file is never read as a GenMO results file.
//
// As in WriteResults, a reader recomputes the verdict from the stances (with [JudgeTwin]), and a
// twin's ID is written as "id" only when it differs from the row number ("0", "1", ...).
//
// Each row goes to w in one Write call. A twin whose axis is not one of [axis.Axes] or whose
// groups are blank or equal, an out-of-range stance, a row longer than [jsonl.MaxLineBytes]
// (wrapping [jsonl.ErrLineTooLong]) or a failed write stops with an error naming the row; the
// rows before it have been written.
func WriteTwinResults(w io.Writer, outcomes []TwinOutcome) error {
	var buf []byte
	for i, o := range outcomes {
		t := o.Twin
		if err := twinrow.Check(t.Axis, t.Groups, [2]string{}); err != nil {
			return fmt.Errorf("eval: twin results row %d (twin %q): %w", i, t.ID, err)
		}
		row := twinResultRowOut{Axis: t.Axis, Groups: t.Groups, Label: t.Environment}
		for k := range row.Sides {
			row.Sides[k] = twinResultSideOut{Group: t.Groups[k], Story: t.Stories[k].Text, Stance: o.Judgments[k].Stance, Explanation: o.Judgments[k].Explanation}
		}
		if t.ID != strconv.Itoa(i) {
			row.ID = t.ID
		}
		var err error
		if buf, err = ijsonl.Append(buf[:0], row); err != nil {
			return fmt.Errorf("eval: twin results row %d (twin %q): %w", i, t.ID, err)
		}
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("eval: write twin results row %d: %w", i, err)
		}
	}
	return nil
}

// ReadTwinResults reads a twin results file written by [WriteTwinResults]. Each row becomes a
// [TwinOutcome]: the twin's axis, groups and stories (Character and Gender empty: the file does
// not hold them), its judgments (Raw empty) and the Verdict that [JudgeTwin] gives for the two
// stances. Stances are read with [judge.ParseStance], as [ReadResults] reads them. A twin's ID is
// the row's "id" (a JSON string or number) when it has one, else its 0-based row number.
//
// "axis", "groups" (two strings) and "sides" (two objects, each with its "stance") are
// required; the axis must be one of [axis.Axes], the groups non-blank and different, and a
// side's "group", when present, its own group. Blank lines and a leading byte order mark are
// skipped (blank lines do not count as rows) and unknown fields are ignored. The first
// malformed line stops the read with a *[jsonl.LineError] naming it and the field at fault
// ("sides[1].stance"); the outcomes read before it are returned with the error.
func ReadTwinResults(r io.Reader, opts ...jsonl.ReadOption) ([]TwinOutcome, error) {
	return ijsonl.Collect(TwinResults(r, opts...))
}

// TwinResults returns an iterator over the outcomes of a twin results file, read one line at a
// time: what [ReadTwinResults] reads, the same way, without holding the file in memory. A
// malformed line is yielded once as a zero TwinOutcome with a *[jsonl.LineError], and iteration
// stops there.
//
// The iterator is single-use: it consumes r.
func TwinResults(r io.Reader, opts ...jsonl.ReadOption) iter.Seq2[TwinOutcome, error] {
	return func(yield func(TwinOutcome, error) bool) {
		row := 0
		for l, err := range ijsonl.Lines(r, opts...) {
			if err != nil {
				yield(TwinOutcome{}, err)
				return
			}
			if l.Blank() {
				continue
			}
			o, err := twinOutcomeFromRow(l.Text, row)
			if err != nil {
				le := ijsonl.At(l.N, err)
				le.File = ijsonl.File(opts)
				yield(TwinOutcome{}, le)
				return
			}
			row++
			if !yield(o, nil) {
				return
			}
		}
	}
}

// twinOutcomeFromRow decodes the row numbered row (0-based, blank lines not counted).
func twinOutcomeFromRow(b []byte, row int) (TwinOutcome, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return TwinOutcome{}, err
	}
	if raw == nil {
		return TwinOutcome{}, errors.New("row is null")
	}
	if err := twinrow.Required(raw); err != nil {
		return TwinOutcome{}, err
	}
	var v twinResultRow
	if err := ijsonl.Unmarshal(b, &v); err != nil {
		return TwinOutcome{}, err
	}
	groups, err := twinrow.Groups(v.Groups)
	if err != nil {
		return TwinOutcome{}, err
	}
	var sides [2]twinResultSide
	if err := twinrow.Sides(v.Sides, &sides); err != nil {
		return TwinOutcome{}, err
	}
	if err := twinrow.Check(v.Axis, groups, [2]string{sides[0].Group, sides[1].Group}); err != nil {
		return TwinOutcome{}, err
	}
	o := TwinOutcome{Twin: axis.Twin{ID: strconv.Itoa(row), Axis: v.Axis, Groups: groups, Environment: v.Label}}
	for k, s := range sides {
		if s.Stance == nil {
			return TwinOutcome{}, ijsonl.Field(fmt.Sprintf("sides[%d].stance", k), errors.New("missing or null"))
		}
		o.Twin.Stories[k] = story.Story{Text: s.Story}
		o.Judgments[k] = judge.Judgment{Stance: *s.Stance, Explanation: s.Explanation}
	}
	if len(v.ID) > 0 && !bytes.Equal(v.ID, []byte("null")) {
		if o.Twin.ID, err = rowID(v.ID); err != nil {
			return TwinOutcome{}, ijsonl.Field("id", err)
		}
	}
	o.Verdict = JudgeTwin(groups, o.Judgments[0].Stance, o.Judgments[1].Stance)
	return o, nil
}
