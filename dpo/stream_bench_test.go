package dpo_test

import (
	"bufio"
	"bytes"
	"io"
	"iter"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
)

// benchRecords is how many records each benchmark operation streams.
const benchRecords = 1_000_000

// Texts of the sizes the pipeline writes: stories of about 100 words, explanations of 30 to 50.
var (
	benchStory       = strings.Repeat("walked to the market early and met an old friend who needed help carrying a heavy load home; ", 6)
	benchOrig        = "The action shows loyalty and kindness toward a friend in need, which most people would see as a clearly moral thing to do."
	benchMaleStory   = "Adam " + benchStory + "He smiled."
	benchFemaleStory = "Eve " + benchStory + "She smiled."
	benchNeut        = "Helping a friend is kind and loyal, yet the main character also left other duties undone; the act has a moral side and a costly side, and both deserve weight."
)

// genRecords yields n records made on the fly: none is kept after it is yielded. The long texts
// are shared, so the benchmark times the library rather than the making of test strings; the
// JSONL benchmark reads fresh text for every record.
func genRecords(n int) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		for i := range n {
			r := record.Record{
				ID: i, ExampleSource: i % 4,
				Male: record.Side{
					Story: benchMaleStory, CharacterName: "Adam", Stance: judge.Moral,
					Explanation: benchOrig, NeutralExplanation: benchNeut,
				},
				Female: record.Side{
					Story: benchFemaleStory, CharacterName: "Eve", Stance: judge.Immoral,
					Explanation: benchOrig, NeutralExplanation: benchNeut,
				},
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// jsonlReader produces the JSONL of genRecords(n) on demand, one line at a time, without
// encoding/json (the bench texts need no escaping), so the benchmark times reading, not writing.
type jsonlReader struct {
	i, n int
	line []byte
	off  int
}

func newJSONLReader(n int) *jsonlReader { return &jsonlReader{n: n} }

func (r *jsonlReader) Read(p []byte) (int, error) {
	if r.off == len(r.line) {
		if r.i == r.n {
			return 0, io.EOF
		}
		id := strconv.Itoa(r.i)
		side := func(b []byte, story, name, stance, orig, neut string) []byte {
			b = append(b, `{"story":"`...)
			b = append(b, story...)
			b = append(b, `","character_name":"`...)
			b = append(b, name...)
			b = append(b, `","stance":"`...)
			b = append(b, stance...)
			b = append(b, `","explanation":"`...)
			b = append(b, orig...)
			b = append(b, `","neutral_explanation":"`...)
			b = append(b, neut...)
			return append(b, `"}`...)
		}
		b := append(r.line[:0], `{"male":`...)
		b = side(b, "Adam "+id+" "+benchStory, "Adam", "Moral", benchOrig+" "+id, benchNeut+" "+id)
		b = append(b, `,"female":`...)
		b = side(b, "Eve "+id+" "+benchStory, "Eve", "Immoral", benchOrig+" ("+id+")", benchNeut+" ("+id+")")
		b = append(b, `,"example_source":`...)
		b = strconv.AppendInt(b, int64(r.i%4), 10)
		b = append(b, `,"id":`...)
		b = append(b, id...)
		b = append(b, "}\n"...)
		r.line, r.off = b, 0
		r.i++
	}
	n := copy(p, r.line[r.off:])
	r.off += n
	return n, nil
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// peakHeap samples the bytes of live and not yet collected heap objects until stop is called,
// which returns the highest sample. The sampling goroutine ends before stop returns.
func peakHeap() (stop func() uint64) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		peak = max(peak, sample[0].Value.Uint64())
	}
	read()
	wg.Go(func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		read()
		return peak
	}
}

// streamer writes the examples of records to w and returns how many.
type streamer func(w io.Writer, f dpo.Format, records iter.Seq2[record.Record, error]) (int, error)

// viaRecords is the fused path, WriteRecords.
func viaRecords(w io.Writer, f dpo.Format, records iter.Seq2[record.Record, error]) (int, error) {
	s, err := dpo.WriteRecords(w, f, records)
	return s.Examples, err
}

// viaExamples composes the general pieces, ExamplesSeq and an Encoder.
func viaExamples(w io.Writer, f dpo.Format, records iter.Seq2[record.Record, error]) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	e := dpo.NewEncoder(bw, f)
	for ex, err := range dpo.ExamplesSeq(records) {
		if err != nil {
			return e.Count(), err
		}
		if err := e.Encode(ex); err != nil {
			return e.Count(), err
		}
	}
	return e.Count(), bw.Flush()
}

func benchStream(b *testing.B, f dpo.Format, run streamer, source func() iter.Seq2[record.Record, error]) {
	runtime.GC()
	stop := peakHeap()
	var out countWriter
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		n, err := run(&out, f, source())
		if err != nil || n != 2*benchRecords {
			b.Fatalf("streaming = %d, %v; want %d examples", n, err, 2*benchRecords)
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	peak := stop()
	b.ReportMetric(float64(b.N)*benchRecords/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		// Records per second of CPU time used by the process: what a core of its own would do on a shared machine.
		b.ReportMetric(float64(b.N)*benchRecords/cpu.Seconds(), "records/cpu-s")
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(out.n)/float64(b.N)/(1<<20), "out-MiB/op")
}

// BenchmarkStream streams 1,000,000 records made on the fly into a training file, reporting
// records per second (wall clock and CPU time) and the peak heap, for the fused path
// (WriteRecords) and the general one (ExamplesSeq into an Encoder). Run it with:
//
//	go test ./dpo -run '^$' -bench 'Stream' -benchtime 1x
func BenchmarkStream(b *testing.B) {
	gen := func() iter.Seq2[record.Record, error] { return genRecords(benchRecords) }
	for _, f := range []dpo.Format{dpo.TRL, dpo.OpenAI} {
		b.Run("WriteRecords/"+f.String(), func(b *testing.B) { benchStream(b, f, viaRecords, gen) })
		b.Run("ExamplesSeq/"+f.String(), func(b *testing.B) { benchStream(b, f, viaExamples, gen) })
	}
}

// BenchmarkStreamJSONL adds reading: the 1,000,000 records arrive as JSONL (made on the fly) and
// are parsed by Records, alone ("reading") and on their way to WriteRecords ("training").
func BenchmarkStreamJSONL(b *testing.B) {
	b.Run("reading", func(b *testing.B) {
		runtime.GC()
		stop := peakHeap()
		cpu0 := cpuTime()
		for b.Loop() {
			n := 0
			for _, err := range record.Records(newJSONLReader(benchRecords)) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != benchRecords {
				b.Fatalf("read %d records, want %d", n, benchRecords)
			}
		}
		b.StopTimer()
		cpu := cpuTime() - cpu0
		peak := stop()
		b.ReportMetric(float64(b.N)*benchRecords/b.Elapsed().Seconds(), "records/s")
		if cpu > 0 {
			b.ReportMetric(float64(b.N)*benchRecords/cpu.Seconds(), "records/cpu-s")
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	})
	b.Run("training", func(b *testing.B) {
		benchStream(b, dpo.OpenAI, viaRecords, func() iter.Seq2[record.Record, error] { return record.Records(newJSONLReader(benchRecords)) })
	})
}

// TestStreamSmall runs the benchmarks' paths on a few records, so the plain test run covers them.
func TestStreamSmall(t *testing.T) {
	t.Parallel()
	for _, run := range []streamer{viaRecords, viaExamples} {
		var buf bytes.Buffer
		n, err := run(&buf, dpo.OpenAI, record.Records(newJSONLReader(50)))
		if err != nil || n != 100 {
			t.Fatalf("streaming = %d, %v; want 100 examples", n, err)
		}
		if err := dpo.Validate(&buf, dpo.OpenAI); err != nil {
			t.Fatal(err)
		}
	}
}
