package bench_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/jsonl"
)

// checkItems fails t unless err wraps ErrFormat or items are well formed.
func checkItems(t *testing.T, items []bench.Item, err error) {
	t.Helper()
	if err != nil {
		var le *jsonl.LineError
		if !errors.Is(err, bench.ErrFormat) || !errors.As(err, &le) {
			t.Fatalf("error %v: not a *LineError wrapping ErrFormat", err)
		}
		return
	}
	seen := map[string]bool{}
	for _, it := range items {
		if it.Answer < 0 || it.Answer >= len(it.Choices) || len(it.Choices) < 2 || len(it.Choices) > 26 {
			t.Fatalf("item %+v: answer %d of %d choices", it, it.Answer, len(it.Choices))
		}
		if seen[it.Key()] {
			t.Fatalf("item key %q twice", it.Key())
		}
		seen[it.Key()] = true
	}
}

func FuzzReadMMLU(f *testing.F) {
	for _, p := range []string{"testdata/mmlu/mmlu.jsonl", "testdata/mmlu/csv/college_medicine_test.csv", "testdata/mmlu/element.parquet"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		name := []string{"x.jsonl", "astronomy_test.csv", "x.parquet"}[int(format)%3]
		items, err := bench.ReadMMLU(bytes.NewReader(data), name)
		checkItems(t, items, err)
	})
}

func FuzzReadTruthfulQA(f *testing.F) {
	f.Add([]byte(`[{"question": "q", "mc0_targets": {"a": 1, "b": 0}, "mc1_targets": {"a": 1, "b": 0, "c": 0}, "mc2_targets": {"a": 1, "b": 1, "c": 0}}]`))
	f.Add([]byte(`[{"question": "q", "mc1_targets": {"a": 0, "b": 1}}, {"question": "r", "mc1_targets": {"a": 1}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, task := range []string{"mc0", "mc1", "mc2"} {
			items, err := bench.ReadTruthfulQA(bytes.NewReader(data), task)
			checkItems(t, items, err)
		}
	})
}

func FuzzReadBBQ(f *testing.F) {
	f.Add([]byte(`{"example_id": 0, "question_polarity": "neg", "context_condition": "ambig", "category": "Age", "answer_info": {"ans0": ["a", "old"], "ans1": ["b", "nonOld"], "ans2": ["c", "unknown"]}, "additional_metadata": {"stereotyped_groups": ["old"]}, "context": "c", "question": "q", "ans0": "A", "ans1": "B", "ans2": "C", "label": 2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := bench.ReadBBQ(bytes.NewReader(data), "Age.jsonl")
		checkItems(t, items, err)
	})
}

func FuzzReadWinoBias(f *testing.F) {
	data, err := os.ReadFile("testdata/winobias/hf_sample.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("1 [The chief] hired the assistant because [he] needed help with paperwork.\n2 The janitor reprimanded [the accountant] because [she] made a mistake.\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := bench.ReadWinoBias(bytes.NewReader(data), "pro_stereotyped_type1.txt.test", nil)
		checkItems(t, items, err)
	})
}

func FuzzReadResults(f *testing.F) {
	var buf bytes.Buffer
	items := synthetic(3)
	r := &bench.Runner{}
	var results []bench.Result
	for i, it := range items {
		results = append(results, r.Read(it, r.Order(it), []string{"B", "answer: c", "none"}[i]))
	}
	if err := bench.WriteResults(&buf, results); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := bench.ReadResults(bytes.NewReader(data), "r.jsonl")
		if err != nil {
			if !errors.Is(err, bench.ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		// What was read writes and reads back the same.
		var out bytes.Buffer
		if err := bench.WriteResults(&out, got); err != nil {
			t.Fatal(err)
		}
		again, err := bench.ReadResults(&out, "again")
		if err != nil {
			t.Fatalf("reading back: %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("%d results, %d read back", len(got), len(again))
		}
		_ = bench.Summarize(got)
		_ = bench.ScoreBBQ(got)
	})
}
