package jsonl_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLines(t *testing.T) {
	t.Parallel()
	var got []string
	var nums []int
	var offs []int64
	var ended []bool
	for l, err := range jsonl.Lines(strings.NewReader("{\"a\":1}\r\n\n  {\"b\":2}  \n{\"c\":3}")) {
		require.NoError(t, err)
		got = append(got, string(l.Text))
		nums = append(nums, l.N)
		offs = append(offs, l.Offset)
		ended = append(ended, l.Ended)
	}
	assert.Equal(t, []string{`{"a":1}`, "", `{"b":2}`, `{"c":3}`}, got)
	assert.Equal(t, []int{1, 2, 3, 4}, nums)
	assert.Equal(t, []int64{0, 9, 10, 22}, offs)
	assert.Equal(t, []bool{true, true, true, false}, ended)
}

func TestLinesBOM(t *testing.T) {
	t.Parallel()
	var got []string
	var offs []int64
	for l, err := range jsonl.Lines(strings.NewReader(jsonl.BOM + "{}\n" + jsonl.BOM + "x\n")) {
		require.NoError(t, err)
		got = append(got, string(l.Text))
		offs = append(offs, l.Offset)
	}
	assert.Equal(t, []string{"{}", jsonl.BOM + "x"}, got, "only a leading BOM is skipped")
	assert.Equal(t, []int64{3, 6}, offs)
}

func TestLinesLongButAllowed(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 200<<10) // longer than the reader's buffer
	var got []int
	for l, err := range jsonl.Lines(strings.NewReader("{}\n" + long + "\r\n{}")) {
		require.NoError(t, err)
		got = append(got, len(l.Text))
	}
	assert.Equal(t, []int{2, len(long), 2}, got)
}

func TestLinesTooLong(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{10, 100 << 10} {
		in := "{}\n" + strings.Repeat("x", limit+1) + "\n{}\n"
		var lines int
		var last error
		var at int
		for l, err := range jsonl.Lines(strings.NewReader(in), jsonl.WithMaxLineBytes(limit), jsonl.WithFile("in.jsonl")) {
			if err != nil {
				last, at = err, l.N
				continue
			}
			lines++
		}
		assert.Equal(t, 1, lines)
		require.ErrorIs(t, last, jsonl.ErrLineTooLong)
		assert.Equal(t, 2, at, "the error names the line it happened on")
		le, ok := errors.AsType[*jsonl.LineError](last)
		require.True(t, ok)
		assert.Equal(t, "in.jsonl", le.File)
		assert.Contains(t, last.Error(), "in.jsonl: line 2: line too long")
		assert.Contains(t, last.Error(), "WithMaxLineBytes", "the error says how to raise the limit")
	}
	// Exactly at the limit is fine.
	for _, err := range jsonl.Lines(strings.NewReader(strings.Repeat("x", 10)+"\r\n"), jsonl.WithMaxLineBytes(10)) {
		require.NoError(t, err)
	}
}

func TestLinesDefaultLimitMessage(t *testing.T) {
	t.Parallel()
	err := jsonl.TooLong(0, jsonl.MaxLineBytes, "raise it")
	assert.EqualError(t, err, "line too long: more than the limit of 128 MiB (134217728 bytes); raise it")
}

func TestLinesBreak(t *testing.T) {
	t.Parallel()
	n := 0
	for range jsonl.Lines(strings.NewReader("1\n2\n3\n")) {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}

type row struct {
	A int    `json:"a"`
	S string `json:"s"`
}

func TestRecordsFieldErrors(t *testing.T) {
	t.Parallel()
	in := jsonl.BOM + `{"a":1}` + "\n\n" + `{"a":"x"}` + "\n"
	var got []row
	var err error
	for r, e := range jsonl.Records(strings.NewReader(in), func(b []byte, r *row) error { return jsonl.Unmarshal(b, r) }, jsonl.WithFile("f.jsonl")) {
		if e != nil {
			err = e
			break
		}
		got = append(got, r)
	}
	assert.Equal(t, []row{{A: 1}}, got)
	le, ok := errors.AsType[*jsonl.LineError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, jsonl.LineError{File: "f.jsonl", Line: 3, Field: "a", Err: le.Err}, *le)
	assert.EqualError(t, err, `f.jsonl: line 3: field "a": want int, got JSON string`)
}

func TestFieldPath(t *testing.T) {
	t.Parallel()
	err := jsonl.Field("male", jsonl.Field("stance", errors.New("bad")))
	assert.EqualError(t, err, `field "male.stance": bad`)
	le := jsonl.At(4, err)
	assert.Equal(t, "male.stance", le.Field)
	assert.EqualError(t, le, `line 4: field "male.stance": bad`)
	assert.Equal(t, err, jsonl.NameFile(err, "x"), "NameFile leaves errors without a LineError alone")
	assert.EqualError(t, jsonl.NameFile(le, "a.jsonl"), `a.jsonl: line 4: field "male.stance": bad`)
}

func TestWriterRefusesWhatReadersRefuse(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := jsonl.NewWriter(&buf)
	require.NoError(t, w.Write(row{A: 1, S: "<&>"}))
	assert.Equal(t, `{"a":1,"s":"<&>"}`+"\n", buf.String(), "no HTML escaping")
	// A line whose JSON text is just over the limit is refused, and nothing is written.
	big := row{S: strings.Repeat("x", jsonl.MaxLineBytes-len(`{"a":0,"s":""}`)+1)}
	err := w.Write(big)
	require.ErrorIs(t, err, jsonl.ErrLineTooLong)
	assert.Contains(t, err.Error(), "128 MiB")
	assert.Equal(t, `{"a":1,"s":"<&>"}`+"\n", buf.String(), "nothing written for a refused line")
	// One byte shorter is what a reader takes: the limits agree.
	assert.NoError(t, jsonl.CheckLine(make([]byte, jsonl.MaxLineBytes)))
	assert.ErrorIs(t, jsonl.CheckLine(make([]byte, jsonl.MaxLineBytes+1)), jsonl.ErrLineTooLong)
	assert.NoError(t, jsonl.CheckLine(append(make([]byte, jsonl.MaxLineBytes), '\r', '\n')), "the end of line does not count")
}

func TestSkipBOM(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	_, err := b.ReadFrom(jsonl.SkipBOM(strings.NewReader(jsonl.BOM + "[1]")))
	require.NoError(t, err)
	assert.Equal(t, "[1]", b.String())
}

// TestTorn is the rule that decides whether a last line without its newline may be cut off:
// only the start of one of our own lines, cut short.
func TestTorn(t *testing.T) {
	t.Parallel()
	const lead = `{"male":`
	for _, tc := range []struct {
		text string
		torn bool
	}{
		{`{`, true},
		{`{"ma`, true},
		{`{"male":{"story":"Tom wal`, true},
		{`{"male":{"story":"Tom"},"female":{"story":"Ann"},"id":0`, true},
		{`{"male":{"story":"Tom"},"female":{"story":"Ann"},"id":0}`, false}, // whole: a record, not a torn write
		{"hello world", false},
		{`{"a":1}`, false},
		{`{"a":1`, false}, // another writer's line
		{`[{"male_story":"x"}]`, false},
		{`[{"male_story":"x"`, false},
		{`{"male":}`, false},   // invalid, not merely short
		{"\x00\x00\x00", true}, // a file a crash extended with zeros
		{`{"male":{"sto` + "\x00\x00", true},
		{"hello\x00", false},
		{"", false},
	} {
		assert.Equal(t, tc.torn, jsonl.Torn([]byte(tc.text), lead), "%q", tc.text)
	}
}

// TestUTF16 is issue 20's UTF-16 row at its root: UTF-16 input, with or without its byte order
// mark, is named as UTF-16 instead of failing on an odd first character.
func TestUTF16(t *testing.T) {
	t.Parallel()
	utf16 := func(s string, bom string, big bool) []byte {
		out := []byte(bom)
		for _, c := range []byte(s) {
			if big {
				out = append(out, 0, c)
			} else {
				out = append(out, c, 0)
			}
		}
		return out
	}
	for name, in := range map[string][]byte{
		"LE with BOM":    utf16(`{"a":1}`+"\n", "\xff\xfe", false),
		"BE with BOM":    utf16(`{"a":1}`+"\n", "\xfe\xff", true),
		"LE without BOM": utf16(`{"a":1}`+"\n", "", false),
		"BE without BOM": utf16(`{"a":1}`+"\n", "", true),
	} {
		n := 0
		for l, err := range jsonl.Lines(bytes.NewReader(in), jsonl.WithFile("x.jsonl")) {
			n++
			require.ErrorIs(t, err, jsonl.ErrUTF16, name)
			assert.Equal(t, 1, l.N)
			assert.Contains(t, err.Error(), "x.jsonl", name)
			assert.Contains(t, err.Error(), "UTF-16", name)
		}
		assert.Equal(t, 1, n, name)
		_, err := bytes.NewBuffer(nil).ReadFrom(jsonl.SkipBOM(bytes.NewReader(in)))
		assert.ErrorIs(t, err, jsonl.ErrUTF16, name)
	}
	for _, ok := range []string{`{"a":1}`, "ab", "a", "", jsonl.BOM + `{"a":1}`, "caf\xc3\xa9"} {
		assert.False(t, jsonl.UTF16([]byte(ok)[:min(4, len(ok))]), "%q", ok)
	}
}
