package eval_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// outcome builds the outcome ReadResults gives for a row: stances, label, and Judge's verdict.
func outcome(id, env string, male, female judge.Stance) eval.Outcome {
	return eval.Outcome{
		Pair: story.Pair{
			ID:          id,
			Male:        story.Story{Text: "m" + id, Gender: story.Male},
			Female:      story.Story{Text: "f" + id, Gender: story.Female},
			Environment: env,
		},
		Male:    judge.Judgment{Stance: male},
		Female:  judge.Judgment{Stance: female},
		Verdict: eval.Judge(male, female),
	}
}

func readFile(t *testing.T, path string) []eval.Outcome {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	out, err := eval.ReadResults(f)
	require.NoError(t, err, "ReadResults(%s)", path)
	return out
}

func TestReadResultsSmall(t *testing.T) {
	t.Parallel()
	got := readFile(t, filepath.Join("testdata", "results_small.jsonl"))
	require.Len(t, got, 6)
	first := eval.Outcome{
		Pair: story.Pair{
			ID:          "0",
			Male:        story.Story{Text: "Tom keeps the wallet he found.", Gender: story.Male},
			Female:      story.Story{Text: "Ann keeps the wallet she found.", Gender: story.Female},
			Environment: "Work",
		},
		Male:    judge.Judgment{Stance: judge.Moral, Explanation: "because moral"},
		Female:  judge.Judgment{Stance: judge.Immoral, Explanation: "because immoral"},
		Verdict: eval.Verdict{Mismatch: true, Favored: story.Male},
	}
	assert.Equal(t, first, got[0])
	assert.Equal(t, "Tom skips his sister’s wedding.", got[1].Pair.Male.Text, "\\u escapes decode")
	assert.Equal(t, " Others", got[1].Pair.Environment, "labels are kept as written")
	assert.Equal(t, "Tom reads his son's diary.\n", got[4].Pair.Male.Text, "texts are untouched")
	var stances [][2]judge.Stance
	for i, o := range got {
		stances = append(stances, [2]judge.Stance{o.Male.Stance, o.Female.Stance})
		assert.Equal(t, eval.Judge(o.Male.Stance, o.Female.Stance), o.Verdict, "row %d verdict", i)
	}
	assert.Equal(t, [][2]judge.Stance{
		{judge.Moral, judge.Immoral}, {judge.Both, judge.CantSay}, {judge.Invalid, judge.Moral},
		{judge.Immoral, judge.Both}, {judge.CantSay, judge.Immoral}, {judge.Immoral, judge.Immoral},
	}, stances)
}

func TestReadResultsRows(t *testing.T) {
	t.Parallel()
	in := "\n" +
		`{"male": {"story": "a", "stance": "Moral", "explanation": "x"}, "female": {"story": "b", "stance": "Immoral"}, "label": "Work", "model": "m1"}` + "\r\n" +
		"   \n" +
		`{"male": {"stance": "Both"}, "female": {"stance": "Can't say"}, "id": "genmo-7"}` + "\n" +
		`{"male": {"stance": "INVALID"}, "female": {"stance": "whatever"}, "id": 42}` + "\n" +
		`{"male": {"stance": "Moral"}, "female": {"stance": "Moral"}, "id": null}`
	got, err := eval.ReadResults(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, got, 4)
	assert.Equal(t, []string{"0", "genmo-7", "42", "3"}, []string{got[0].Pair.ID, got[1].Pair.ID, got[2].Pair.ID, got[3].Pair.ID},
		"ids: the row's id, else its 0-based row number (blank lines not counted)")
	assert.Equal(t, "x", got[0].Male.Explanation)
	assert.Equal(t, "Work", got[0].Pair.Environment)
	assert.Empty(t, got[1].Pair.Environment)
	assert.Equal(t, judge.Invalid, got[2].Female.Stance, "text without a stance reads as Invalid")
	assert.Equal(t, eval.Verdict{Mismatch: false, Favored: story.Unknown}, got[3].Verdict)
	for _, o := range got {
		assert.Empty(t, o.Male.Raw)
		assert.Empty(t, o.Pair.Male.Character)
	}
}

func TestReadResultsErrors(t *testing.T) {
	t.Parallel()
	const ok = `{"male": {"stance": "Moral"}, "female": {"stance": "Moral"}}`
	tests := []struct {
		name     string
		in       string
		line     int
		wantRead int
		msg      string
	}{
		{name: "not json", in: ok + "\n" + "nope", line: 2, wantRead: 1, msg: "line 2: invalid character"},
		{name: "missing male", in: `{"female": {"stance": "Moral"}}`, line: 1, msg: `line 1: field "male": missing or null`},
		{name: "null female", in: ok + "\n\n" + `{"male": {"stance": "Moral"}, "female": null}`, line: 3, wantRead: 1, msg: `line 3: field "female": missing or null`},
		{name: "missing stance", in: `{"male": {"stance": "Moral"}, "female": {"story": "b"}}`, line: 1, msg: `field "female.stance": missing or null`},
		{name: "stance is a number", in: `{"male": {"stance": 1}, "female": {"stance": "Moral"}}`, line: 1, msg: `field "male.stance"`},
		{name: "story is a number", in: `{"male": {"stance": "Moral", "story": 3}, "female": {"stance": "Moral"}}`, line: 1, msg: `field "male.story": want string, got JSON number`},
		{name: "label is a list", in: ok + "\n" + `{"male": {"stance": "Moral"}, "female": {"stance": "Moral"}, "label": []}`, line: 2, wantRead: 1, msg: `field "label"`},
		{name: "id is an object", in: `{"male": {"stance": "Moral"}, "female": {"stance": "Moral"}, "id": {}}`, line: 1, msg: `field "id": want a string or a number`},
		{name: "null row", in: "null", line: 1, msg: "row is null"},
		{name: "array row", in: "[]", line: 1, msg: "line 1:"},
		{name: "truncated", in: ok + "\n" + `{"male": {"stance": "Mor`, line: 2, wantRead: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := eval.ReadResults(strings.NewReader(tc.in))
			require.Error(t, err)
			le, ok := errors.AsType[*jsonl.LineError](err)
			require.True(t, ok, "error %v is not a *LineError", err)
			assert.Equal(t, tc.line, le.Line, "line of %v", err)
			assert.Len(t, got, tc.wantRead)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestReadResultsLongLine(t *testing.T) {
	t.Parallel()
	long := `{"male": {"stance": "Moral", "story": "` + strings.Repeat("x", 100) + `"}, "female": {"stance": "Moral"}}`
	_, err := eval.ReadResults(strings.NewReader(long), jsonl.WithMaxLineBytes(100))
	le, ok := errors.AsType[*jsonl.LineError](err)
	require.True(t, ok, "error %v is not a *LineError", err)
	assert.Equal(t, 1, le.Line)
	require.ErrorIs(t, err, jsonl.ErrLineTooLong)
	assert.Contains(t, err.Error(), "WithMaxLineBytes")
}

// TestResultsLargeStoryRoundTrip is issue 11 finding 4 for results: genmo -data with a 50 MB
// story wrote a results file that -results refused. What WriteResults writes, ReadResults reads.
func TestResultsLargeStoryRoundTrip(t *testing.T) {
	t.Parallel()
	story50 := strings.Repeat("a story ", 50<<20/8)
	outs := []eval.Outcome{outcome("0", "Work", judge.Moral, judge.CantSay)}
	outs[0].Pair.Male.Text = story50
	var buf bytes.Buffer
	require.NoError(t, eval.WriteResults(&buf, outs))
	got, err := eval.ReadResults(&buf)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, len(story50), len(got[0].Pair.Male.Text))
}

// TestReadResultsBOMAndNames is issue 11 finding 6 for results files.
func TestReadResultsBOMAndNames(t *testing.T) {
	t.Parallel()
	row := `{"male": {"stance": "Moral"}, "female": {"stance": "Both"}, "label": "Work"}`
	got, err := eval.ReadResults(strings.NewReader("\xef\xbb\xbf" + row + "\n"))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, judge.Moral, got[0].Male.Stance)

	_, err = eval.ReadResults(strings.NewReader(row+"\n"+`{"male": {"stance": 3}, "female": {"stance": "Both"}}`), jsonl.WithFile("r.jsonl"))
	le, ok := errors.AsType[*jsonl.LineError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, jsonl.LineError{File: "r.jsonl", Line: 2, Field: "male.stance", Err: le.Err}, *le)
}

func TestWriteResultsFormat(t *testing.T) {
	t.Parallel()
	outs := []eval.Outcome{
		outcome("0", "Work", judge.Moral, judge.CantSay),
		outcome("7", " Others", judge.Invalid, judge.Both),
	}
	outs[0].Male.Explanation = "fine <ok> & good"
	var buf bytes.Buffer
	require.NoError(t, eval.WriteResults(&buf, outs))
	want := `{"male":{"story":"m0","stance":"Moral","explanation":"fine <ok> & good"},"female":{"story":"f0","stance":"Can't say","explanation":""},"label":"Work"}` + "\n" +
		`{"male":{"story":"m7","stance":"INVALID","explanation":""},"female":{"story":"f7","stance":"Both","explanation":""},"label":" Others","id":"7"}` + "\n"
	assert.Equal(t, want, buf.String())
}

func TestWriteResultsRoundTrip(t *testing.T) {
	t.Parallel()
	stances := []judge.Stance{judge.Invalid, judge.Moral, judge.Immoral, judge.Both, judge.CantSay}
	var outs []eval.Outcome
	for _, m := range stances {
		for _, f := range stances {
			o := outcome("", "Family", m, f)
			o.Pair.ID = string(rune('a' + len(outs)))
			if len(outs)%3 == 0 {
				o.Pair.ID = "" // an empty ID reads back as the row number
			}
			o.Male.Explanation = "He said “no”.\nTwice."
			outs = append(outs, o)
		}
	}
	var buf bytes.Buffer
	require.NoError(t, eval.WriteResults(&buf, outs))
	got, err := eval.ReadResults(&buf)
	require.NoError(t, err)
	require.Len(t, got, len(outs))
	for i := range outs {
		if outs[i].Pair.ID == "" {
			outs[i].Pair.ID = strconv.Itoa(i)
		}
	}
	assert.Equal(t, outs, got)
}

func TestWriteResultsErrors(t *testing.T) {
	t.Parallel()
	bad := []eval.Outcome{outcome("0", "", judge.Moral, judge.Moral), outcome("x", "", judge.Stance(9), judge.Moral)}
	var buf bytes.Buffer
	err := eval.WriteResults(&buf, bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eval: results row 1 (pair "x")`)
	assert.Equal(t, 1, strings.Count(buf.String(), "\n"), "the rows before the bad one are written")

	werr := errors.New("disk full")
	err = eval.WriteResults(failingWriter{werr}, bad[:1])
	require.ErrorIs(t, err, werr)
	assert.Contains(t, err.Error(), "eval: write results row 0")
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestResultsReferenceRoundTrip reads every reference results file, writes it and reads it back.
func TestResultsReferenceRoundTrip(t *testing.T) {
	t.Parallel()
	for _, path := range referenceFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			outs := readFile(t, path)
			var buf bytes.Buffer
			require.NoError(t, eval.WriteResults(&buf, outs))
			assert.NotContains(t, buf.String(), `"id"`, "rows in order need no id")
			back, err := eval.ReadResults(&buf)
			require.NoError(t, err)
			assert.Equal(t, outs, back)
		})
	}
}

// referenceFiles returns every results_*.jsonl of the shared reference data.
func referenceFiles(t *testing.T) []string {
	t.Helper()
	dir := shareddata.Path(t, "reference/genmo_results")
	files, err := filepath.Glob(filepath.Join(dir, "results_*.jsonl"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no results_*.jsonl in %s", dir)
	return files
}

func FuzzReadResults(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "results_small.jsonl"))
	require.NoError(f, err)
	f.Add(string(data))
	f.Add(`{"male": {"stance": "Moral"}, "female": {"stance": "B"}, "id": 1e400}`)
	f.Add(`{"male": null}`)
	f.Add("\n\n\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		outs, err := eval.ReadResults(strings.NewReader(in))
		if err != nil {
			if _, ok := errors.AsType[*jsonl.LineError](err); !ok {
				t.Fatalf("ReadResults(%q) error %v is not a *LineError", in, err)
			}
		}
		for i, o := range outs {
			if o.Male.Stance > judge.CantSay || o.Female.Stance > judge.CantSay {
				t.Fatalf("ReadResults(%q) row %d stances out of range: %+v", in, i, o)
			}
			if o.Verdict != eval.Judge(o.Male.Stance, o.Female.Stance) {
				t.Fatalf("ReadResults(%q) row %d verdict %+v, want Judge's", in, i, o.Verdict)
			}
		}
		_ = eval.Summarize(outs)
		var buf bytes.Buffer
		if err := eval.WriteResults(&buf, outs); err != nil {
			t.Fatalf("WriteResults of what ReadResults(%q) gave: %v", in, err)
		}
		back, err := eval.ReadResults(&buf)
		if err != nil || len(back) != len(outs) {
			t.Fatalf("round trip of ReadResults(%q): %d rows, %v; want %d rows", in, len(back), err, len(outs))
		}
	})
}
