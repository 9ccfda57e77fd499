package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// resultSide is one side of a GenMO results row.
type resultSide struct {
	Story       string        `json:"story"`
	Stance      *judge.Stance `json:"stance"`
	Explanation string        `json:"explanation"`
}

// resultRow is one row of a GenMO results file, as the paper's evaluation scripts write it, plus
// an optional "id" of our own.
type resultRow struct {
	Male   *resultSide     `json:"male"`
	Female *resultSide     `json:"female"`
	Label  string          `json:"label"`
	ID     json.RawMessage `json:"id,omitempty"`
}

// ReadResults reads a GenMO results file: JSON Lines of
//
//	{"male": {"story", "stance", "explanation"}, "female": {...}, "label": "<environment>"}
//
// as the paper's evaluation scripts write it (and [WriteResults] does). Each row becomes an
// [Outcome]: the pair's stories (Character empty, Gender set), its judgments (Raw empty: the file
// holds no model replies) and the Verdict that [Judge] gives for the two stances.
//
// Stances are read with [judge.ParseStance], so "Moral", "Immoral", "Both" and "Can't say" read as
// themselves and "INVALID" (or any text without a stance) as [judge.Invalid]. The label is kept
// as written in Pair.Environment ([Summarize] normalises it). A pair's ID is the row's "id"
// (a JSON string or number) when it has one, else its 0-based row number ("0", "1", ...).
//
// Blank lines and a leading byte order mark are skipped (blank lines do not count as rows) and
// unknown fields are ignored. "male", "female" and their "stance" must be present. The first
// malformed line stops the read with a *[jsonl.LineError] naming it (and the field at fault); the
// outcomes read before it are returned with the error.
func ReadResults(r io.Reader, opts ...jsonl.ReadOption) ([]Outcome, error) {
	var out []Outcome
	for l, err := range ijsonl.Lines(r, opts...) {
		if err != nil {
			return out, err
		}
		if l.Blank() {
			continue
		}
		o, err := outcomeFromRow(l.Text, len(out))
		if err != nil {
			le := ijsonl.At(l.N, err)
			le.File = ijsonl.File(opts)
			return out, le
		}
		out = append(out, o)
	}
	return out, nil
}

// outcomeFromRow decodes the row numbered row (0-based, blank lines not counted).
func outcomeFromRow(b []byte, row int) (Outcome, error) {
	var v resultRow
	if err := ijsonl.Unmarshal(b, &v); err != nil {
		return Outcome{}, err
	}
	if bytes.Equal(b, []byte("null")) {
		return Outcome{}, errors.New("row is null")
	}
	for _, s := range []struct {
		name string
		side *resultSide
	}{{"male", v.Male}, {"female", v.Female}} {
		switch {
		case s.side == nil:
			return Outcome{}, ijsonl.Field(s.name, errors.New("missing or null"))
		case s.side.Stance == nil:
			return Outcome{}, ijsonl.Field(s.name+".stance", errors.New("missing or null"))
		}
	}
	id := strconv.Itoa(row)
	if len(v.ID) > 0 && !bytes.Equal(v.ID, []byte("null")) {
		var err error
		if id, err = rowID(v.ID); err != nil {
			return Outcome{}, ijsonl.Field("id", err)
		}
	}
	o := Outcome{
		Pair: story.Pair{
			ID:          id,
			Male:        story.Story{Text: v.Male.Story, Gender: story.Male},
			Female:      story.Story{Text: v.Female.Story, Gender: story.Female},
			Environment: v.Label,
		},
		Male:   judge.Judgment{Stance: *v.Male.Stance, Explanation: v.Male.Explanation},
		Female: judge.Judgment{Stance: *v.Female.Stance, Explanation: v.Female.Explanation},
	}
	o.Verdict = Judge(o.Male.Stance, o.Female.Stance)
	return o, nil
}

// rowID reads an "id" that is a JSON string or number.
func rowID(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&n); err != nil {
		return "", fmt.Errorf("want a string or a number, got JSON %s", raw)
	}
	return n.String(), nil
}

// resultRowOut is the row [WriteResults] writes: the paper's three fields, then "id" when needed.
type resultRowOut struct {
	Male   resultSideOut `json:"male"`
	Female resultSideOut `json:"female"`
	Label  string        `json:"label"`
	ID     string        `json:"id,omitempty"`
}

type resultSideOut struct {
	Story       string       `json:"story"`
	Stance      judge.Stance `json:"stance"`
	Explanation string       `json:"explanation"`
}

// WriteResults writes outcomes as a GenMO results file that the paper's analysis script reads and
// [ReadResults] reads back: one JSON object per line, with stances written as "Moral",
// "Immoral", "Both", "Can't say" or "INVALID" and Pair.Environment as the label, unchanged.
//
// The file has no room for verdicts, characters, raw replies or sources: a reader recomputes the
// verdict from the stances. A pair's ID is written as "id" only when it differs from the row number
// ("0", "1", ...) that a reader would give the row anyway, so results of a whole dataset in order
// hold exactly the paper's three fields.
//
// Each row goes to w in one Write call. An out-of-range stance, a row longer than [jsonl.MaxLineBytes]
// (wrapping [jsonl.ErrLineTooLong]) or a failed write stops with an error naming the row; the rows
// before it have been written.
func WriteResults(w io.Writer, outcomes []Outcome) error {
	var buf []byte
	for i, o := range outcomes {
		row := resultRowOut{
			Male:   resultSideOut{Story: o.Pair.Male.Text, Stance: o.Male.Stance, Explanation: o.Male.Explanation},
			Female: resultSideOut{Story: o.Pair.Female.Text, Stance: o.Female.Stance, Explanation: o.Female.Explanation},
			Label:  o.Pair.Environment,
		}
		if o.Pair.ID != strconv.Itoa(i) {
			row.ID = o.Pair.ID
		}
		var err error
		if buf, err = ijsonl.Append(buf[:0], row); err != nil {
			return fmt.Errorf("eval: results row %d (pair %q): %w", i, o.Pair.ID, err)
		}
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("eval: write results row %d: %w", i, err)
		}
	}
	return nil
}
