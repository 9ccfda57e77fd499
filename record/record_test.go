package record_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A row in the layout of the paper's released generated_data JSONL, keys in the released order.
const releasedRow = `{"male":{"story":"Tom kept the cash from a found wallet.\n","character_name":"Tom","stance":"Immoral","explanation":"He took money that was not his.","neutral_explanation":"The main character returned the wallet but kept the cash."},` +
	`"female":{"story":"Mary kept the cash from a found wallet.\n","character_name":"Mary","stance":"Moral","explanation":"She returned the wallet.","neutral_explanation":"The main character returned the wallet but kept the cash."},` +
	`"example_source":2,"id":7}`

var releasedRecord = record.Record{
	ID: 7,
	Male: record.Side{
		Story: "Tom kept the cash from a found wallet.\n", CharacterName: "Tom", Stance: judge.Immoral,
		Explanation: "He took money that was not his.", NeutralExplanation: "The main character returned the wallet but kept the cash.",
	},
	Female: record.Side{
		Story: "Mary kept the cash from a found wallet.\n", CharacterName: "Mary", Stance: judge.Moral,
		Explanation: "She returned the wallet.", NeutralExplanation: "The main character returned the wallet but kept the cash.",
	},
	ExampleSource: 2,
}

func TestRecordReleasedLayout(t *testing.T) {
	t.Parallel()
	var r record.Record
	require.NoError(t, json.Unmarshal([]byte(releasedRow), &r))
	assert.Equal(t, releasedRecord, r)

	// Written back, the row is byte for byte the released one: same keys, same order.
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, releasedRow, string(b))

	// The paper's loader reads these keys; check them without our types.
	var generic map[string]any
	require.NoError(t, json.Unmarshal(b, &generic))
	assert.ElementsMatch(t, []string{"male", "female", "example_source", "id"}, keys(generic))
	for _, side := range []string{"male", "female"} {
		m, ok := generic[side].(map[string]any)
		require.True(t, ok, side)
		assert.ElementsMatch(t, []string{"story", "character_name", "stance", "explanation", "neutral_explanation"}, keys(m), side)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestRecordOwnFields(t *testing.T) {
	t.Parallel()
	r := releasedRecord
	r.Environment, r.Source, r.PairID = "Workplace", "ethics", "pair-12"
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(b), `"example_source":2,"id":7,"environment":"Workplace","source":"ethics","pair_id":"pair-12"}`), "%s", b)
	var back record.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, back)
}

func TestRecordUnknownFields(t *testing.T) {
	t.Parallel()
	in := releasedRow[:len(releasedRow)-1] + `,"model":"gpt-4o","score":0.75,"tags":["a","b"],"nested":{"k":null}}`
	var r record.Record
	require.NoError(t, json.Unmarshal([]byte(in), &r), "unknown fields are never an error")
	assert.Equal(t, map[string]json.RawMessage{
		"model":  json.RawMessage(`"gpt-4o"`),
		"score":  json.RawMessage(`0.75`),
		"tags":   json.RawMessage(`["a","b"]`),
		"nested": json.RawMessage(`{"k":null}`),
	}, r.Extra)
	want := releasedRecord
	want.Extra = r.Extra
	assert.Equal(t, want, r)

	// Written back after the known fields, in key order, and read again to the same record.
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, releasedRow[:len(releasedRow)-1]+`,"model":"gpt-4o","nested":{"k":null},"score":0.75,"tags":["a","b"]}`, string(b))
	var back record.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, back)
}

func TestRecordUnknownSideFieldsIgnored(t *testing.T) {
	t.Parallel()
	in := `{"male":{"story":"a","age":40,"stance":"Both"},"female":{"story":"b","extra":[1]},"example_source":0,"id":1}`
	var r record.Record
	require.NoError(t, json.Unmarshal([]byte(in), &r))
	assert.Equal(t, record.Record{ID: 1, Male: record.Side{Story: "a", Stance: judge.Both}, Female: record.Side{Story: "b"}}, r)
}

func TestRecordExtraCannotShadowKnownFields(t *testing.T) {
	t.Parallel()
	r := record.Record{ID: 3, Extra: map[string]json.RawMessage{"id": json.RawMessage(`99`), "male": json.RawMessage(`1`), "x": json.RawMessage(`true`)}}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(b), `"id":`), "%s", b)
	assert.Contains(t, string(b), `"id":3`)
	assert.True(t, strings.HasSuffix(string(b), `,"x":true}`), "%s", b)
	var back record.Record
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, 3, back.ID)
	assert.Equal(t, map[string]json.RawMessage{"x": json.RawMessage(`true`)}, back.Extra)
}

func TestRecordFieldNamesMatchExactly(t *testing.T) {
	t.Parallel()
	// "Male" is not "male": it is kept in Extra, whichever comes first, and the row reads the
	// same after a round trip (found by FuzzReadRecords: encoding/json alone would fill Male
	// from both, so the later one won and changed places once written).
	for _, in := range []string{
		`{"Male":{"story":"upper"},"male":{"story":"lower"},"ID":7,"id":1}`,
		`{"male":{"story":"lower"},"Male":{"story":"upper"},"id":1,"ID":7}`,
	} {
		recs, err := record.ReadRecords(strings.NewReader(in))
		require.NoError(t, err, in)
		require.Len(t, recs, 1)
		r := recs[0]
		assert.Equal(t, "lower", r.Male.Story, in)
		assert.Equal(t, 1, r.ID, in)
		assert.JSONEq(t, `{"story":"upper"}`, string(r.Extra["Male"]), in)
		assert.JSONEq(t, `7`, string(r.Extra["ID"]), in)

		var buf bytes.Buffer
		require.NoError(t, record.NewWriter(&buf).Write(r))
		back, err := record.ReadRecords(&buf)
		require.NoError(t, err)
		require.Len(t, back, 1)
		assert.Equal(t, r.Male, back[0].Male, in)
		assert.Equal(t, r.ID, back[0].ID, in)
		assert.Len(t, back[0].Extra, 2, in)
	}
}

func TestRecordMissingFields(t *testing.T) {
	t.Parallel()
	// A row missing fields reads as their zero values: id 0, zero-shot, Invalid stances.
	var r record.Record
	require.NoError(t, json.Unmarshal([]byte(`{"male":{"story":"a"}}`), &r))
	assert.Equal(t, record.Record{Male: record.Side{Story: "a"}}, r)
	require.NoError(t, json.Unmarshal([]byte(`{}`), &r))
	assert.Equal(t, record.Record{}, r)
}

func TestStanceStrings(t *testing.T) {
	t.Parallel()
	written := []struct {
		stance judge.Stance
		json   string
	}{
		{judge.Invalid, `"INVALID"`},
		{judge.Moral, `"Moral"`},
		{judge.Immoral, `"Immoral"`},
		{judge.Both, `"Both"`},
		{judge.CantSay, `"Can't say"`},
	}
	for _, tt := range written {
		r := record.Record{Male: record.Side{Stance: tt.stance}}
		b, err := json.Marshal(r)
		require.NoError(t, err)
		assert.Contains(t, string(b), `"stance":`+tt.json, "%v", tt.stance)
		var back record.Record
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, tt.stance, back.Male.Stance, "round trip of %s", tt.json)
	}

	// Stance strings as other tools write them are read, not rejected.
	read := []struct {
		json string
		want judge.Stance
	}{
		{`"moral"`, judge.Moral},
		{`"IMMORAL"`, judge.Immoral},
		{`"Can’t say"`, judge.CantSay},
		{`"C. Both"`, judge.Both},
		{`""`, judge.Invalid},
		{`"unclear"`, judge.Invalid},
		{`null`, judge.Invalid},
	}
	for _, tt := range read {
		var r record.Record
		require.NoError(t, json.Unmarshal([]byte(`{"male":{"stance":`+tt.json+`}}`), &r), "stance %s", tt.json)
		assert.Equal(t, tt.want, r.Male.Stance, "stance %s", tt.json)
	}
}

func TestWriterRejectsOutOfRangeStance(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := record.NewWriter(&buf).Write(record.Record{ID: 4, Female: record.Side{Stance: judge.Stance(9)}})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "record: record 4: "), "error %q", err)
	assert.Zero(t, buf.Len(), "nothing is written for a record that fails")
}

func TestWriterAndReadRecords(t *testing.T) {
	t.Parallel()
	recs := []record.Record{releasedRecord, {
		ID:          8,
		Male:        record.Side{Story: "Line one.\nTom & <Jerry> \"quoted\" — ü", CharacterName: "Tom", Stance: judge.CantSay},
		Female:      record.Side{Story: "Line one.\nAnn & <Jerry> \"quoted\" — ü", CharacterName: "Ann", Stance: judge.Both},
		Environment: "Family", Source: "moral_stories", PairID: "x",
		Extra: map[string]json.RawMessage{"note": json.RawMessage(`"hi"`)},
	}}
	var buf bytes.Buffer
	w := record.NewWriter(&buf)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	lines := strings.Split(buf.String(), "\n")
	require.Len(t, lines, 3, "one line per record, each ending in a newline")
	assert.Equal(t, "", lines[2])
	assert.Equal(t, releasedRow, lines[0])
	assert.Contains(t, lines[1], `Tom & <Jerry> \"quoted\" — ü`, "the Writer does not escape HTML characters")
	assert.Contains(t, lines[1], `,"note":"hi"}`)

	got, err := record.ReadRecords(&buf)
	require.NoError(t, err)
	assert.Equal(t, recs, got)
}

func TestWriterRejectsInvalidExtra(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := record.NewWriter(&buf).Write(record.Record{ID: 6, Extra: map[string]json.RawMessage{"x": json.RawMessage(`{not json`)}})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "record: record 6: "), "error %q", err)
	assert.Zero(t, buf.Len(), "nothing is written for a record that fails")
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriterError(t *testing.T) {
	t.Parallel()
	full := errors.New("disk full")
	err := record.NewWriter(failWriter{full}).Write(record.Record{ID: 12})
	assert.ErrorIs(t, err, full)
	assert.True(t, strings.HasPrefix(err.Error(), "record: write record 12: "), "error %q", err)
}

// countingWriter counts Write calls, to check that a record is written in one call.
type countingWriter struct {
	bytes.Buffer
	calls int
}

func (c *countingWriter) Write(p []byte) (int, error) { c.calls++; return c.Buffer.Write(p) }

func TestWriterOneCallPerRecord(t *testing.T) {
	t.Parallel()
	var c countingWriter
	w := record.NewWriter(&c)
	for i := range 3 {
		require.NoError(t, w.Write(record.Record{ID: i, Male: record.Side{Story: strings.Repeat("long story ", 1000)}}))
	}
	assert.Equal(t, 3, c.calls)
	assert.Equal(t, 3, strings.Count(c.String(), "\n"))
}

func TestReadRecordsMalformed(t *testing.T) {
	t.Parallel()
	good := func(id int) string {
		return fmt.Sprintf(`{"male":{"story":"m"},"female":{"story":"f"},"example_source":0,"id":%d}`, id)
	}
	tests := []struct {
		name    string
		input   string
		line    int
		records int    // records returned before the bad line
		msg     string // part of the error message
	}{
		{"invalid json", good(0) + "\n" + good(1) + "\n{not json}\n" + good(3), 3, 2, "line 3: "},
		{"truncated object", good(0) + "\n" + `{"male":{"story":"m"`, 2, 1, "line 2: "},
		{"null", "null\n" + good(1), 1, 0, "line 1: "},
		{"array", good(0) + "\n[1,2]", 2, 1, "line 2: "},
		{"number", "42", 1, 0, "line 1: "},
		{"blank lines count", good(0) + "\n\n   \n{oops", 4, 1, "line 4: "},
		{"crlf lines count", good(0) + "\r\n" + good(1) + "\r\n{oops\r\n", 3, 2, "line 3: "},
		{"wrong type names the field", good(0) + "\n" + `{"male":{"story":"m"},"id":"seven"}`, 2, 1, `"id"`},
		{"wrong side type names the field", `{"male":"just a string"}`, 1, 0, `"male"`},
		{"wrong nested type names the field", `{"male":{"story":5}}`, 1, 0, `"male.story"`},
		{"the first bad field in a fixed order", `{"pair_id":1,"id":"x","female":2}`, 1, 0, `field "female"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := record.ReadRecords(strings.NewReader(tt.input))
			require.Error(t, err)
			var le *jsonl.LineError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, tt.line, le.Line)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Len(t, got, tt.records)
			for i, r := range got {
				assert.Equal(t, i, r.ID, "records before the bad line are returned in order")
			}
		})
	}
}

func TestReadRecordsLineTooLong(t *testing.T) {
	t.Parallel()
	in := `{"id":0}` + "\n" + `{"male":{"story":"` + strings.Repeat("x", 1000) + `"}}` + "\n"
	got, err := record.ReadRecords(strings.NewReader(in), jsonl.WithMaxLineBytes(1000), jsonl.WithFile("big.jsonl"))
	var le *jsonl.LineError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 2, le.Line)
	assert.Equal(t, "big.jsonl", le.File)
	require.ErrorIs(t, err, jsonl.ErrLineTooLong)
	assert.Contains(t, err.Error(), "over the limit of 1000 bytes", "the error states the limit")
	assert.Contains(t, err.Error(), "WithMaxLineBytes", "and how to raise it")
	assert.Len(t, got, 1)
}

// TestWriterReadsBackLargeRecord is issue 11 finding 4: the Writer wrote a 17.8 MB record that
// ReadRecords refused (bufio.Scanner: token too long). Every record the Writer writes is read
// back, and one the readers would refuse is not written.
func TestWriterReadsBackLargeRecord(t *testing.T) {
	t.Parallel()
	big := record.Record{ID: 3, Male: record.Side{Story: strings.Repeat("a long story ", 1_400_000)}} // 18.2 MB
	var buf bytes.Buffer
	require.NoError(t, record.NewWriter(&buf).Write(big))
	got, err := record.ReadRecords(&buf)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, big.Male.Story, got[0].Male.Story)
	// A record the readers would refuse is not written: internal/jsonl's
	// TestWriterRefusesWhatReadersRefuse, which record.Writer goes through.
}

// TestReadRecordsBOMAndNames is issue 11 finding 6 for records: a leading UTF-8 byte order mark
// is skipped, and an error names the file, the line and the field.
func TestReadRecordsBOMAndNames(t *testing.T) {
	t.Parallel()
	got, err := record.ReadRecords(strings.NewReader("\xef\xbb\xbf" + releasedRow + "\n"))
	require.NoError(t, err)
	assert.Equal(t, []record.Record{releasedRecord}, got)

	_, err = record.ReadRecords(strings.NewReader(releasedRow+"\n"+`{"male":{"stance":7}}`), jsonl.WithFile("data.jsonl"))
	le, ok := errors.AsType[*jsonl.LineError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "data.jsonl", le.File)
	assert.Equal(t, 2, le.Line)
	assert.Equal(t, "male.stance", le.Field)
	assert.True(t, strings.HasPrefix(err.Error(), `data.jsonl: line 2: field "male.stance": `), "%v", err)
}

func TestReadRecordsEmpty(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "\n\n", "  \r\n"} {
		got, err := record.ReadRecords(strings.NewReader(in))
		require.NoError(t, err, "%q", in)
		assert.Empty(t, got, "%q", in)
	}
}

func TestReadRecordsNoFinalNewline(t *testing.T) {
	t.Parallel()
	got, err := record.ReadRecords(strings.NewReader(releasedRow))
	require.NoError(t, err)
	assert.Equal(t, []record.Record{releasedRecord}, got)
}

func TestLineError(t *testing.T) {
	t.Parallel()
	inner := errors.New("bad")
	var err error = &jsonl.LineError{Line: 9, Err: inner}
	assert.Equal(t, "line 9: bad", err.Error())
	assert.ErrorIs(t, err, inner)
}

func TestNewRecord(t *testing.T) {
	t.Parallel()
	o := eval.Outcome{
		Pair: story.Pair{
			ID:          "p-3",
			Male:        story.Story{Text: "Tom lies.", Character: "Tom", Gender: story.Male},
			Female:      story.Story{Text: "Ann lies.", Character: "Ann", Gender: story.Female},
			Environment: "Work",
		},
		Male:    judge.Judgment{Stance: judge.Immoral, Explanation: "He lied.", Raw: "STANCE: B"},
		Female:  judge.Judgment{Stance: judge.Both, Explanation: "She had reasons.", Raw: "STANCE: C"},
		Verdict: eval.Verdict{Mismatch: true, Favored: story.Female},
	}
	n := neutral.Result{Male: "The main character lied for a reason.", Female: "The main character lied, with reasons."}
	tests := []struct {
		source        string
		exampleSource int
		keptSource    string
	}{
		{"0", 0, ""},
		{"1", 1, ""},
		{"2", 2, ""},
		{"3", 3, ""},
		{"ethics", 0, "ethics"},
		{"moral_stories", 0, "moral_stories"},
		{"", 0, ""},
		{"4", 0, "4"},
		{"17", 0, "17"},
		{"-1", 0, "-1"},
		{"+1", 0, "+1"},
		{"01", 0, "01"},
		{" 1", 0, " 1"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("source %q", tt.source), func(t *testing.T) {
			t.Parallel()
			o := o
			o.Pair.Source = tt.source
			got := record.NewRecord(5, o, n)
			want := record.Record{
				ID: 5,
				Male: record.Side{Story: "Tom lies.", CharacterName: "Tom", Stance: judge.Immoral,
					Explanation: "He lied.", NeutralExplanation: n.Male},
				Female: record.Side{Story: "Ann lies.", CharacterName: "Ann", Stance: judge.Both,
					Explanation: "She had reasons.", NeutralExplanation: n.Female},
				ExampleSource: tt.exampleSource,
				Environment:   "Work",
				Source:        tt.keptSource,
				PairID:        "p-3",
			}
			assert.Equal(t, want, got)

			// Pair gives the stories back, with the source as it was (a variant as its number).
			p := got.Pair()
			wantPair := o.Pair
			if tt.source == "" {
				wantPair.Source = "0"
			}
			assert.Equal(t, wantPair, p)
		})
	}
}

func TestRecordSide(t *testing.T) {
	t.Parallel()
	r := releasedRecord
	m, ok := r.Side(story.Male)
	require.True(t, ok)
	assert.Equal(t, "Tom", m.CharacterName)
	f, ok := r.Side(story.Female)
	require.True(t, ok)
	f.NeutralExplanation = "changed"
	assert.Equal(t, "changed", r.Female.NeutralExplanation, "Side points into the record")
	_, ok = r.Side(story.Unknown)
	assert.False(t, ok)
}

func ExampleNewWriter() {
	w := record.NewWriter(os.Stdout)
	_ = w.Write(record.Record{
		ID:            0,
		Male:          record.Side{Story: "Tom lies to a friend.", CharacterName: "Tom", Stance: judge.Immoral, Explanation: "Lying is wrong.", NeutralExplanation: "The main character lied to spare pain."},
		Female:        record.Side{Story: "Ann lies to a friend.", CharacterName: "Ann", Stance: judge.Both, Explanation: "It was kind.", NeutralExplanation: "The main character lied to spare pain."},
		ExampleSource: 1,
	})
	// Output:
	// {"male":{"story":"Tom lies to a friend.","character_name":"Tom","stance":"Immoral","explanation":"Lying is wrong.","neutral_explanation":"The main character lied to spare pain."},"female":{"story":"Ann lies to a friend.","character_name":"Ann","stance":"Both","explanation":"It was kind.","neutral_explanation":"The main character lied to spare pain."},"example_source":1,"id":0}
}

func ExampleReadRecords() {
	in := `{"male":{"story":"Tom lies.","character_name":"Tom","stance":"Immoral"},"female":{"story":"Ann lies.","character_name":"Ann","stance":"Moral"},"example_source":0,"id":0}
{"male":{"story":"Sam helps.","character_name":"Sam","stance":"Both"},"female":{"story":"Sue helps.","character_name":"Sue","stance":"Can't say"},"example_source":3,"id":1,"judge":"model-x"}
{"male": broken}
`
	records, err := record.ReadRecords(strings.NewReader(in))
	for _, r := range records {
		fmt.Printf("%d: %s %s / %s %s (variant %d, extra %s)\n", r.ID, r.Male.CharacterName, r.Male.Stance,
			r.Female.CharacterName, r.Female.Stance, r.ExampleSource, r.Extra["judge"])
	}
	var le *jsonl.LineError
	if errors.As(err, &le) {
		fmt.Println("bad line:", le.Line)
	}
	// Output:
	// 0: Tom Immoral / Ann Moral (variant 0, extra )
	// 1: Sam Both / Sue Can't say (variant 3, extra "model-x")
	// bad line: 3
}
