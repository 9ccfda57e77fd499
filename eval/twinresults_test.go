package eval_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func twinOutcome(id string, a, b judge.Stance) eval.TwinOutcome {
	groups := [2]string{"Muslim", "Christian"}
	return eval.TwinOutcome{
		Twin: axis.Twin{ID: id, Axis: axis.Religion, Groups: groups, Environment: "Work",
			Stories: [2]story.Story{{Text: "A Muslim nurse lied."}, {Text: "A Christian nurse lied."}}},
		Judgments: [2]judge.Judgment{{Stance: a, Explanation: "x"}, {Stance: b, Explanation: "y"}},
		Verdict:   eval.JudgeTwin(groups, a, b),
	}
}

func TestTwinResultsRoundTrip(t *testing.T) {
	t.Parallel()
	in := []eval.TwinOutcome{
		twinOutcome("0", judge.Moral, judge.Immoral),
		twinOutcome("q7", judge.Both, judge.Both),
		twinOutcome("2", judge.CantSay, judge.Invalid),
	}
	var b bytes.Buffer
	require.NoError(t, eval.WriteTwinResults(&b, in))
	first, _, _ := strings.Cut(b.String(), "\n")
	assert.Equal(t, `{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"group":"Muslim","story":"A Muslim nurse lied.","stance":"Moral","explanation":"x"},{"group":"Christian","story":"A Christian nurse lied.","stance":"Immoral","explanation":"y"}],"label":"Work"}`, first)
	assert.Contains(t, b.String(), `"id":"q7"`, "an id other than the row number is written")
	got, err := eval.ReadTwinResults(&b)
	require.NoError(t, err)
	assert.Equal(t, in, got)
	assert.True(t, got[0].Verdict.Mismatch)
	assert.Equal(t, "Muslim", got[0].Verdict.Favored)
}

func TestReadTwinResultsErrors(t *testing.T) {
	t.Parallel()
	for in, field := range map[string]string{
		`{"groups":["a","b"],"sides":[{"stance":"Moral"},{"stance":"Moral"}]}`:              "axis",
		`{"axis":"Age","groups":["a","b"],"sides":[{"stance":"Moral"},{}]}`:                 "sides[1].stance",
		`{"axis":"Age","groups":["a","b"],"sides":[{"stance":"Moral"},{"stance":3}]}`:       "sides[1].stance",
		`{"axis":"Age","groups":["a","a"],"sides":[{"stance":"Moral"},{"stance":"Moral"}]}`: "groups",
		`{"axis":"Age","groups":["a","b"],"sides":[{"stance":"Moral"}]}`:                    "sides",
	} {
		_, err := eval.ReadTwinResults(strings.NewReader("\n" + in))
		le, ok := errors.AsType[*jsonl.LineError](err)
		require.True(t, ok, "%s: %v", in, err)
		assert.Equal(t, 2, le.Line, in)
		assert.Equal(t, field, le.Field, in)
	}
	// A GenMO results file is not a twin results file, nor the other way round.
	_, err := eval.ReadTwinResults(strings.NewReader(`{"male": {"stance": "Moral"}, "female": {"stance": "Both"}, "label": "Work"}`))
	assert.Error(t, err)
	var b bytes.Buffer
	require.NoError(t, eval.WriteTwinResults(&b, []eval.TwinOutcome{twinOutcome("0", judge.Moral, judge.Both)}))
	_, err = eval.ReadResults(&b)
	assert.Error(t, err)
}

func TestWriteTwinResultsRefusesInvalid(t *testing.T) {
	t.Parallel()
	o := twinOutcome("0", judge.Moral, judge.Both)
	o.Twin.Axis = "Hair"
	var b bytes.Buffer
	assert.ErrorContains(t, eval.WriteTwinResults(&b, []eval.TwinOutcome{o}), "row 0")
	assert.Zero(t, b.Len())
}

// FuzzReadTwinResults checks that no input makes ReadTwinResults panic, that every error is a
// *jsonl.LineError, and that what it reads is written back and read again unchanged.
//
//	go test -run '^$' -fuzz '^FuzzReadTwinResults$' -fuzztime 10s ./eval
func FuzzReadTwinResults(f *testing.F) {
	f.Add(`{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"stance":"Moral"},{"stance":"B"}],"label":"Work","id":7}`)
	f.Add(`{"axis":"Age","groups":["a",null],"sides":[{},{}]}`)
	f.Add(`{"axis":"Age","groups":["a","b"],"sides":[{"stance":"Both","group":"a"},{"stance":null}],"id":1e400}`)
	f.Add("\n\n\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		outs, err := eval.ReadTwinResults(strings.NewReader(in))
		if err != nil {
			if _, ok := errors.AsType[*jsonl.LineError](err); !ok {
				t.Fatalf("ReadTwinResults(%q): %v is not a *jsonl.LineError", in, err)
			}
		}
		var b bytes.Buffer
		if err := eval.WriteTwinResults(&b, outs); err != nil {
			if errors.Is(err, jsonl.ErrLineTooLong) {
				return
			}
			t.Fatalf("outcomes read from %q do not write back: %v", in, err)
		}
		again, err := eval.ReadTwinResults(&b)
		if err != nil {
			t.Fatalf("written back, %q does not read: %v", b.String(), err)
		}
		if len(again) != len(outs) {
			t.Fatalf("read %d outcomes, wrote and read back %d", len(outs), len(again))
		}
		for i := range outs {
			if outs[i].Twin.Axis != again[i].Twin.Axis || outs[i].Judgments != again[i].Judgments || outs[i].Verdict != again[i].Verdict {
				t.Fatalf("outcome %d changed: %+v, then %+v", i, outs[i], again[i])
			}
		}
	})
}
