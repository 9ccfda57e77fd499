package dpo_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
)

// decodeLines reads JSONL into generic values, so outputs that differ only in how they spell a
// character compare equal.
func decodeLines(t *testing.T, b []byte) []any {
	t.Helper()
	var out []any
	for line := range strings.Lines(string(b)) {
		var v any
		require.NoError(t, json.Unmarshal([]byte(line), &v), "line %q", line)
		out = append(out, v)
	}
	return out
}

func TestWriteRecordsMatchesExamples(t *testing.T) {
	t.Parallel()
	var records []record.Record
	for i := range 12 {
		r := rec(i, i%4, neutralText, neutralText+" And more.")
		if i == 5 {
			r.Female.NeutralExplanation = ""
		}
		if i == 7 {
			r.Male.Story = "Adam \xe2\x80 said \"no\"\n\tto\u2028her \xff."
			r.Male.CharacterName = "Ad\xe2"
		}
		records = append(records, r)
	}
	optSets := [][]dpo.Option{
		nil,
		{dpo.WithSystemPrompt("Be fair.\n"), dpo.WithTemplate(tmpl("Story of {{.Name}}:\n{{.Story}}{{.Name}}\nMoral? \xe2\x80"))},
		{dpo.WithMaxPairs(3), dpo.WithRequireBothSides(false)},
	}
	for _, f := range dpo.Formats() {
		for i, opts := range optSets {
			var want bytes.Buffer
			ex, err := dpo.Examples(records, opts...)
			require.NoError(t, err)
			require.NoError(t, dpo.Write(&want, f, ex))

			var got bytes.Buffer
			stats, err := dpo.WriteRecords(&got, f, seqOf(records), opts...)
			require.NoError(t, err)
			assert.Equal(t, decodeLines(t, want.Bytes()), decodeLines(t, got.Bytes()), "format %s, options %d", f, i)
			assert.NoError(t, dpo.Validate(bytes.NewReader(got.Bytes()), f), "format %s, options %d", f, i)

			c := dpo.CountSplit("", "", ex)
			assert.Equal(t, c.Examples, stats.Examples)
			assert.Equal(t, c.Pairs, stats.Pairs)
			assert.Equal(t, c.Genders, stats.Genders)
			assert.Equal(t, c.Sources, stats.Sources)
		}
	}
}

func TestWriteRecordsErrors(t *testing.T) {
	t.Parallel()
	_, err := dpo.WriteRecords(&bytes.Buffer{}, dpo.TRL, seqOf(nil), dpo.WithBalancedSources(true))
	assert.ErrorIs(t, err, dpo.ErrInvalidOption)
	_, err = dpo.WriteRecords(&bytes.Buffer{}, dpo.Format(50), seqOf(nil))
	assert.ErrorIs(t, err, dpo.ErrUnknownFormat)
	_, err = dpo.WriteRecords(&bytes.Buffer{}, dpo.TRL, seqOf([]record.Record{rec(1, 0, "", "")}))
	assert.ErrorIs(t, err, dpo.ErrNoExamples)

	boom := errors.New("boom")
	var buf bytes.Buffer
	stats, err := dpo.WriteRecords(&buf, dpo.SFT, func(yield func(record.Record, error) bool) {
		if yield(rec(1, 0, neutralText, neutralText), nil) {
			yield(record.Record{}, boom)
		}
	})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 2, stats.Examples)
	assert.NoError(t, dpo.Validate(&buf, dpo.SFT), "rows before the error are written whole")

	_, err = dpo.WriteRecords(failWriter{errDiskFull}, dpo.SFT, seqOf([]record.Record{rec(1, 0, neutralText, neutralText)}))
	assert.ErrorIs(t, err, errDiskFull)
}

var errDiskFull = errors.New("disk full")

// failWriter fails every write with err.
type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }
