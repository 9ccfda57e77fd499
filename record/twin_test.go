package record_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleTwin(id int) record.Twin {
	o := eval.TwinOutcome{
		Twin: axis.Twin{ID: "t" + string(rune('a'+id)), Axis: axis.Religion, Groups: [2]string{"Muslim", "Christian"},
			Stories: [2]story.Story{{Text: "A Muslim man kept the cash.", Character: "Omar"}, {Text: "A Christian man kept the cash.", Character: "Omar"}},
			Source:  "model", Environment: "Public"},
		Judgments: [2]judge.Judgment{{Stance: judge.Immoral, Explanation: "wrong"}, {Stance: judge.Moral, Explanation: "fine"}},
	}
	return record.NewTwin(id, o, neutral.TwinResult{Explanations: [2]string{"balanced 0", "balanced 1"}})
}

func TestTwinRoundTrip(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	w := record.NewTwinWriter(&b)
	for id := range 3 {
		require.NoError(t, w.Write(sampleTwin(id)))
	}
	first, _, _ := strings.Cut(b.String(), "\n")
	assert.Equal(t, `{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"group":"Muslim","story":"A Muslim man kept the cash.","character_name":"Omar","stance":"Immoral","explanation":"wrong","neutral_explanation":"balanced 0"},{"group":"Christian","story":"A Christian man kept the cash.","character_name":"Omar","stance":"Moral","explanation":"fine","neutral_explanation":"balanced 1"}],"environment":"Public","source":"model","pair_id":"ta","id":0}`, first)
	got, err := record.ReadTwins(&b)
	require.NoError(t, err)
	require.Len(t, got, 3)
	for id, tw := range got {
		assert.Equal(t, sampleTwin(id), tw)
	}
	tw := got[1].Twin()
	assert.Equal(t, "tb", tw.ID)
	assert.Equal(t, "A Christian man kept the cash.", tw.Stories[1].Text)
}

func TestTwinUnknownFieldsKept(t *testing.T) {
	t.Parallel()
	in := `{"axis":"Age","groups":["old","young"],"sides":[{"story":"a"},{"story":"b","rating":5}],"id":4,"note":{"by":"me"},"a":1}`
	got, err := record.ReadTwins(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "old", got[0].Sides[0].Group, "a side without a group takes its own")
	var b bytes.Buffer
	require.NoError(t, record.NewTwinWriter(&b).Write(got[0]))
	assert.Contains(t, b.String(), `,"a":1,"note":{"by":"me"}}`)
	again, err := record.ReadTwins(&b)
	require.NoError(t, err)
	assert.Equal(t, got, again)
}

func TestReadTwinsErrors(t *testing.T) {
	t.Parallel()
	ok := `{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"story":"a"},{"story":"b"}],"id":0}`
	for in, field := range map[string]string{
		`{"groups":["a","b"],"sides":[{},{}]}`:                           "axis",
		`{"axis":"Hair","groups":["a","b"],"sides":[{},{}]}`:             "axis",
		`{"axis":"Age","groups":["a"],"sides":[{},{}]}`:                  "groups",
		`{"axis":"Age","groups":["a","a"],"sides":[{},{}]}`:              "groups",
		`{"axis":"Age","groups":["a",null],"sides":[{},{}]}`:             "groups[1]",
		`{"axis":"Age","groups":["a","b"],"sides":[{}]}`:                 "sides",
		`{"axis":"Age","groups":["a","b"],"sides":[{},3]}`:               "sides[1]",
		`{"axis":"Age","groups":["a","b"],"sides":[{},{"stance":17}]}`:   "sides[1].stance",
		`{"axis":"Age","groups":["a","b"],"sides":[{},{"group":"a"}]}`:   "sides[1].group",
		`{"axis":"Age","groups":["a","b"],"sides":[{},{}],"id":"seven"}`: "id",
	} {
		got, err := record.ReadTwins(strings.NewReader(ok + "\n" + in + "\n"))
		var le *jsonl.LineError
		require.ErrorAs(t, err, &le, in)
		assert.Equal(t, 2, le.Line, in)
		assert.Equal(t, field, le.Field, in)
		assert.Len(t, got, 1, "the rows before the error are returned")
	}
}

func TestTwinWriterRefusesInvalid(t *testing.T) {
	t.Parallel()
	tw := sampleTwin(0)
	tw.Groups[1] = "Muslim"
	var b bytes.Buffer
	err := record.NewTwinWriter(&b).Write(tw)
	assert.ErrorContains(t, err, "groups")
	assert.Zero(t, b.Len(), "nothing written")
}

func TestTwinCheckpoint(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "twins.jsonl")
	c, err := record.OpenTwinCheckpoint(path)
	require.NoError(t, err)
	for id := 3; id < 6; id++ {
		require.NoError(t, c.Write(sampleTwin(id)))
	}
	assert.ErrorIs(t, c.Write(sampleTwin(9)), record.ErrCheckpoint, "ids run on")
	require.NoError(t, c.Close())
	// A crash leaves a torn line: it is cut off on open.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"axis":"Religion","gro`)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	c, err = record.OpenTwinCheckpoint(path)
	require.NoError(t, err)
	assert.Equal(t, 3, c.Len())
	first, ok := c.FirstID()
	assert.True(t, ok)
	assert.Equal(t, 3, first)
	assert.Equal(t, 6, c.NextID(0))
	_, err = record.OpenTwinCheckpoint(path)
	assert.ErrorIs(t, err, record.ErrLocked, "one writer at a time")
	require.NoError(t, c.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 3, bytes.Count(data, []byte("\n")))
	assert.True(t, bytes.HasSuffix(data, []byte("}\n")))
}

func TestTwinCheckpointWrongKind(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	records := filepath.Join(dir, "records.jsonl")
	require.NoError(t, os.WriteFile(records, recordLines(t, 0, 2), 0o644))
	_, err := record.OpenTwinCheckpoint(records)
	require.ErrorIs(t, err, record.ErrCheckpoint)
	assert.ErrorContains(t, err, "this looks like a file of dpo records, not a file of twin records")

	twins := filepath.Join(dir, "twins.jsonl")
	var b bytes.Buffer
	require.NoError(t, record.NewTwinWriter(&b).Write(sampleTwin(0)))
	require.NoError(t, os.WriteFile(twins, b.Bytes(), 0o644))
	_, err = record.OpenCheckpoint(twins)
	require.ErrorIs(t, err, record.ErrCheckpoint)
	assert.ErrorContains(t, err, "this looks like a file of twin records, not a file of records")
	_, err = record.ReadRecords(bytes.NewReader(b.Bytes()))
	assert.Error(t, err, "a twin record is never read as a record of a gender pair")
	after, err := os.ReadFile(twins)
	require.NoError(t, err)
	assert.Equal(t, b.Bytes(), after, "left untouched")
	assert.False(t, errors.Is(err, record.ErrLocked))
}
