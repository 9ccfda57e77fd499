// Package progress shows how a long run of evenhand's example programs is going, fed by
// evenhand.Pipeline.OnProgress (for Run) or by counting finished pairs (for Audit).
//
// On a terminal it draws a live bar (github.com/schollz/progressbar/v3) that redraws itself in
// place. Anywhere else (a pipe, a log file, a CI job, a test) it prints a plain line at most
// once per interval and a last line when the run ends, so logs stay short and readable.
//
// The library itself never prints: this package belongs to the examples.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/llmx"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Mode selects how progress is shown.
type Mode uint8

// The display modes. The zero value is Auto.
const (
	Auto  Mode = iota // Bar on a terminal, Lines otherwise
	Bar               // a live bar redrawn in place (needs a terminal to look right)
	Lines             // plain lines, at most one per interval, and a last one at the end
	Off               // nothing
)

// ParseMode reads a -progress flag value: auto, bar, lines or off.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "bar":
		return Bar, nil
	case "lines", "plain":
		return Lines, nil
	case "off", "none", "quiet":
		return Off, nil
	}
	return Auto, fmt.Errorf("progress: unknown mode %q (want auto, bar, lines or off)", s)
}

// FlagHelp is the usage text of a -progress flag.
const FlagHelp = "how to show progress: auto (a live bar on a terminal, plain lines otherwise), bar, lines or off"

// DefaultEvery is how often Lines mode prints at most.
const DefaultEvery = 2 * time.Second

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Display shows the progress of one run. Its methods are safe for concurrent use. Create it
// with [New]; call [Display.Finish] when the run ends.
type Display struct {
	mu       sync.Mutex
	w        io.Writer
	mode     Mode
	every    time.Duration
	total    int
	unit     string // what is counted: "pairs kept", "pairs judged"
	start    time.Time
	lastLine time.Time
	last     string // the latest status, for Finish
	bar      *progressbar.ProgressBar
	finished bool
}

// New returns a Display writing to w for a run of total items. unit names what is counted,
// such as "kept" or "judged". In Lines mode a line is printed at most once per every
// (0 means DefaultEvery; a negative every prints a line on every update).
func New(w io.Writer, mode Mode, total int, unit string, every time.Duration) *Display {
	if mode == Auto {
		mode = Lines
		if IsTerminal(w) {
			mode = Bar
		}
	}
	if every == 0 {
		every = DefaultEvery
	}
	d := &Display{w: w, mode: mode, every: every, total: max(total, 0), unit: unit, start: time.Now()}
	if mode == Bar {
		d.bar = progressbar.NewOptions(max(total, 1),
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(unit),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetTheme(progressbar.ThemeASCII),
		)
	}
	return d
}

// Mode returns the mode in use (never Auto).
func (d *Display) Mode() Mode { return d.mode }

// Run shows a snapshot of evenhand.Pipeline.Run. Use it as Pipeline.OnProgress.
func (d *Display) Run(p evenhand.Progress) {
	var b strings.Builder
	fmt.Fprintf(&b, "tried %d", p.Attempts)
	if r := p.Rejected; r.Total() > 0 {
		fmt.Fprintf(&b, ", rejected %d (%s)", r.Total(), Rejections(r))
	}
	fmt.Fprintf(&b, ", %s", UsageText(p.Usage))
	d.update(p.Kept, b.String(), p.Elapsed, p.Remaining)
}

// Step shows that done of the total items are finished, with the model usage so far. The
// time left is estimated from the rate so far.
func (d *Display) Step(done int, u llmx.Usage) {
	elapsed := time.Since(d.start)
	var left time.Duration
	if done > 0 && done < d.total {
		left = elapsed / time.Duration(done) * time.Duration(d.total-done)
	}
	d.update(done, UsageText(u), elapsed, left)
}

func (d *Display) update(done int, detail string, elapsed, left time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.finished || d.mode == Off {
		return
	}
	timing := "elapsed " + Round(elapsed).String()
	if left > 0 {
		timing += ", about " + Round(left).String() + " left"
	}
	switch d.mode {
	case Bar:
		d.bar.Describe(detail + ", " + timing)
		_ = d.bar.Set(min(done, d.total))
	case Lines:
		d.last = fmt.Sprintf("progress: %s %d/%d (%.0f%%), %s, %s", d.unit, done, d.total, pct(done, d.total), detail, timing)
		now := time.Now()
		if d.every < 0 || now.Sub(d.lastLine) >= d.every {
			fmt.Fprintln(d.w, d.last)
			d.lastLine = now
			d.last = ""
		}
	}
}

// Finish ends the display: the bar's line is ended, and in Lines mode the
// latest status is printed if it was held back. Later updates are ignored.
func (d *Display) Finish() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.finished {
		return
	}
	d.finished = true
	switch d.mode {
	case Bar:
		fmt.Fprintln(d.w) // the bar redraws its own line until here: end it
	case Lines:
		if d.last != "" {
			fmt.Fprintln(d.w, d.last)
		}
	}
}

func pct(done, total int) float64 {
	if total <= 0 {
		return 100
	}
	return 100 * float64(done) / float64(total)
}

// Rejections describes the non-zero rejection counts, such as "6 consistent, 2 outside band".
func Rejections(r evenhand.Rejections) string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{
		{r.Consistent, "consistent"},
		{r.OutsideBand, "outside band"},
		{r.Unparsable, "unreadable"},
		{r.InvalidStance, "no stance"},
		{r.NotNeutral, "not neutral"},
		{r.BadTwin, "bad twin"},
	} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	return strings.Join(parts, ", ")
}

// UsageText describes model usage, such as "40 calls, 12.3k tokens, 1 retry".
func UsageText(u llmx.Usage) string {
	s := fmt.Sprintf("%d calls, %s tokens", u.Calls, Count(u.TotalTokens))
	switch u.Retries {
	case 0:
	case 1:
		s += ", 1 retry"
	default:
		s += fmt.Sprintf(", %d retries", u.Retries)
	}
	return s
}

// Count writes n shortly: 950, 12.3k, 4.56M.
func Count(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprint(n)
	case n < 1_000_000:
		return trim(fmt.Sprintf("%.1f", float64(n)/1e3)) + "k"
	default:
		return trim(fmt.Sprintf("%.2f", float64(n)/1e6)) + "M"
	}
}

func trim(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Round rounds a duration for people: whole seconds from 10s up, tenths below.
func Round(d time.Duration) time.Duration {
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}
