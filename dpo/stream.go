package dpo

import (
	"errors"
	"fmt"
	"io"
	"iter"
)

// WriteRecords is the streaming path from records to a training file: it applies the paper's rule
// (see [Examples]) to each record as it arrives, for instance from [Records], and writes the
// record's rows in format f at once, rendering each prompt straight into the output instead of
// building it as a string. Memory stays flat however many records there are.
//
// It returns the counts of the rows it wrote, ready for a [Card] (after a failed write they may
// include rows of the chunk that failed). The options are those of
// [ExamplesSeq]: [WithBalancedSources] needs every record first and is rejected with
// [ErrInvalidOption]. It stops at the first error from records or from w; the lines written before
// it are whole lines. No row at all is [ErrNoExamples].
//
// The rows are those [WriteSeq] writes for [ExamplesSeq] over the same records, up to how invalid
// UTF-8 in a story is spelled (a \ufffd escape rather than the character itself).
func WriteRecords(w io.Writer, f Format, records iter.Seq2[Record, error], opts ...Option) (SplitStats, error) {
	var stats SplitStats
	if !f.valid() {
		return stats, fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	c, err := newConfig(opts)
	if err == nil && c.balanced {
		err = fmt.Errorf("%w: balanced sources need every record: use Examples", ErrInvalidOption)
	}
	if err != nil {
		return stats, err
	}
	lw := lineWriter{w: w, f: f}
	fail := func(err error) (SplitStats, error) {
		if ferr := lw.flush(); ferr != nil {
			err = errors.Join(err, ferr)
		}
		return stats, err
	}
	var buf [2]Example
	pairs := 0
	for rec, err := range records {
		if err != nil {
			return fail(err)
		}
		if c.maxPairs > 0 && pairs >= c.maxPairs {
			break
		}
		got, ok := c.pair(buf[:0], &rec, preference, false)
		if !ok {
			continue
		}
		pairs++
		for i := range got {
			ex := &got[i]
			if err := checkAnswers(f, ex); err != nil {
				return fail(fmt.Errorf("%w (example %d, pair %q, %s)", err, lw.n, ex.PairID, ex.Gender))
			}
			side, _ := rec.Side(ex.Gender)
			if err := lw.add(ex, &promptFrom{c: c, s: side}); err != nil {
				return stats, err
			}
			stats.Add(*ex)
		}
	}
	if err := lw.flush(); err != nil {
		return stats, err
	}
	if lw.n == 0 {
		return stats, ErrNoExamples
	}
	return stats, nil
}
