package dpo

import (
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/evenhand/evenhand/record"
)

// WriteRecords is the streaming path from records to a training file: [ExamplesSeq] over records
// (for instance from [record.Records]) into an [Encoder], so each record's rows are written as it arrives
// and memory stays flat however many records there are.
//
// It returns the counts of the rows it wrote, ready for a [Card] (after a failed write they may
// include rows of the chunk that failed). The options are those of [ExamplesSeq]:
// [WithBalancedSources] needs every record first and is rejected with [ErrInvalidOption]. It stops
// at the first error from records or from w; the lines written before it are whole lines. No row
// at all is [ErrNoExamples].
func WriteRecords(w io.Writer, f Format, records iter.Seq2[record.Record, error], opts ...Option) (SplitStats, error) {
	return writeExamples(w, f, func() iter.Seq2[Example, error] { return ExamplesSeq(records, opts...) })
}

// WriteTwins is [WriteRecords] for twin records (for instance from [record.Twins]): the paper's
// rule applied to each twin as it arrives ([TwinExamplesSeq]), its rows written in format f.
// It returns the counts of the rows written (per group, in SplitStats.Groups) and stops at the
// first error from twins or from w; no row at all is [ErrNoExamples].
func WriteTwins(w io.Writer, f Format, twins iter.Seq2[record.Twin, error], opts ...Option) (SplitStats, error) {
	return writeExamples(w, f, func() iter.Seq2[Example, error] { return TwinExamplesSeq(twins, opts...) })
}

// writeExamples writes the examples of seq in format f, counting them.
func writeExamples(w io.Writer, f Format, seq func() iter.Seq2[Example, error]) (SplitStats, error) {
	var stats SplitStats
	if !f.valid() {
		return stats, fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	e := &Encoder{w: w, f: f, chunk: lineChunk}
	for ex, err := range seq() {
		if err == nil {
			err = e.Encode(ex)
		}
		if err != nil {
			if ferr := e.Flush(); ferr != nil {
				err = errors.Join(err, ferr)
			}
			return stats, err
		}
		stats.Add(ex)
	}
	if err := e.Flush(); err != nil {
		return stats, err
	}
	if e.Count() == 0 {
		return stats, ErrNoExamples
	}
	return stats, nil
}
