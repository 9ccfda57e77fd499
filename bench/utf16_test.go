package bench_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/jsonl"
)

// UTF-16 text is malformed input for every benchmark reader: an error wrapping both ErrFormat
// and jsonl.ErrUTF16, naming line 1 (a fuzz target found the BBQ reader's error wrapping only
// the second).
func TestReadersUTF16IsMalformed(t *testing.T) {
	for _, in := range [][]byte{[]byte("0\x000\x00"), []byte("\xff\xfe{\x00\"\x00"), []byte("\xfe\xff\x00{\x00\"")} {
		read := map[string]func() error{
			"BBQ":        func() error { _, err := bench.ReadBBQ(bytes.NewReader(in), "Age.jsonl"); return err },
			"TruthfulQA": func() error { _, err := bench.ReadTruthfulQA(bytes.NewReader(in), "mc1"); return err },
			"MMLU JSONL": func() error { _, err := bench.ReadMMLU(bytes.NewReader(in), "x.jsonl"); return err },
			"MMLU CSV":   func() error { _, err := bench.ReadMMLU(bytes.NewReader(in), "astronomy_test.csv"); return err },
			"WinoBias": func() error {
				_, err := bench.ReadWinoBias(bytes.NewReader(in), "pro_stereotyped_type1.txt.test", nil)
				return err
			},
			"results": func() error { _, err := bench.ReadResults(bytes.NewReader(in), "r.jsonl"); return err },
		}
		for name, f := range read {
			err := f()
			le, ok := errors.AsType[*jsonl.LineError](err)
			if !errors.Is(err, bench.ErrFormat) || !errors.Is(err, jsonl.ErrUTF16) || !ok || le.Line != 1 {
				t.Errorf("%s on %q: %v; want a *LineError at line 1 wrapping ErrFormat and ErrUTF16", name, in, err)
			}
		}
	}
}
