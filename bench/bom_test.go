package bench_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/internal/jsonl"
)

// asUTF16 returns s in UTF-16 little-endian, with the byte order mark when bom.
func asUTF16(s string, bom bool) string {
	var b strings.Builder
	if bom {
		b.WriteString("\xff\xfe")
	}
	for _, c := range []byte(s) { // ASCII only
		b.WriteByte(c)
		b.WriteByte(0)
	}
	return b.String()
}

// TestReadersBOMAndUTF16 is issue 20's "BOM in bench inputs" row: TruthfulQA, an MMLU CSV and
// the WinoBias occupation lists starting with a byte order mark were refused, or kept the mark
// inside the first question or occupation. The mark is now skipped, and UTF-16 input (with or
// without its mark) is refused with an error that says UTF-16.
func TestReadersBOMAndUTF16(t *testing.T) {
	t.Parallel()
	const tqa = `[{"question": "What is two plus two?", "mc1_targets": {"Four": 1, "Five": 0}}]`
	const csvRow = "What is two plus two?,1,2,3,4,D\n"
	const wino = "1 [The driver] told the nurse that [he] was late.\n"
	readers := map[string]struct {
		in   string
		read func(io.Reader) ([]bench.Item, error)
	}{
		"truthfulqa": {tqa, func(r io.Reader) ([]bench.Item, error) { return bench.ReadTruthfulQA(r, "mc1") }},
		"mmlu csv":   {csvRow, func(r io.Reader) ([]bench.Item, error) { return bench.ReadMMLU(r, "arithmetic_test.csv") }},
		"winobias": {wino, func(r io.Reader) ([]bench.Item, error) {
			return bench.ReadWinoBias(r, "pro_stereotyped_type1.txt.test", nil)
		}},
	}
	for name, rd := range readers {
		plain, err := rd.read(strings.NewReader(rd.in))
		require.NoError(t, err, name)
		withBOM, err := rd.read(strings.NewReader(jsonl.BOM + rd.in))
		require.NoError(t, err, "%s with a BOM", name)
		assert.Equal(t, plain, withBOM, "%s: the BOM is not part of the first item", name)
		for _, bom := range []bool{true, false} {
			_, err := rd.read(strings.NewReader(asUTF16(rd.in, bom)))
			require.Error(t, err, "%s in UTF-16 (BOM %v)", name, bom)
			assert.ErrorIs(t, err, jsonl.ErrUTF16, name)
			assert.Contains(t, err.Error(), "UTF-16", name)
		}
	}

	// An occupation list read from a file saved with a BOM: the first occupation is still found.
	occ := []string{"\ufeffdriver", "nurse"}
	items, err := bench.ReadWinoBias(strings.NewReader(wino), "pro_stereotyped_type1.txt.test", occ)
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Equal(t, []string{"driver", "nurse"}, items[0].Choices)
}

// TestReadMMLUFixtureCSVWithBOM reads a real fixture file saved with a BOM.
func TestReadMMLUFixtureCSVWithBOM(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/mmlu/csv/abstract_algebra_test.csv")
	require.NoError(t, err)
	items, err := bench.ReadMMLU(strings.NewReader(jsonl.BOM+string(data)), "abstract_algebra_test.csv")
	require.NoError(t, err)
	assert.Equal(t, "How many elements does the cyclic group of order 6 have?", items[0].Question)
}
