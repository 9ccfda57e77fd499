package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
)

// names of the benchmarks as reports show them.
var displayNames = map[string]string{MMLU: "MMLU", TruthfulQA: "TruthfulQA", BBQ: "BBQ", WinoBias: "WinoBias"}

// DisplayName returns the benchmark's name as reports show it ("TruthfulQA" for "truthfulqa").
func DisplayName(benchmark string) string {
	if n, ok := displayNames[benchmark]; ok {
		return n
	}
	return benchmark
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

func ci(iv Interval) string { return fmt.Sprintf("[%.1f, %.1f]", 100*iv[0], 100*iv[1]) }

// WriteText writes r as plain-text tables: per benchmark its headline figures with 95%
// intervals, then one row per category.
func (r Report) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	for i, s := range r.Benchmarks {
		if i > 0 {
			buf.WriteString("\n")
		}
		s.writeText(&buf)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("bench: write report: %w", err)
	}
	return nil
}

func (s Score) writeText(buf *bytes.Buffer) {
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	cats := slices.Sorted(maps.Keys(s.Categories))
	fmt.Fprintf(tw, "%s: %d items, %d without a readable answer\n", DisplayName(s.Benchmark), s.Overall.N, s.Overall.Invalid)
	switch s.Benchmark {
	case MMLU:
		fmt.Fprintf(tw, "  mean over subjects (the paper's headline)\t%s\n", pct(s.MeanOverCategories))
		fmt.Fprintf(tw, "  mean over questions\t%s\t%s\n", pct(s.Overall.Accuracy), ci(s.Overall.CI))
	case WinoBias:
		fmt.Fprintf(tw, "  accuracy\t%s\t%s\n", pct(s.Overall.Accuracy), ci(s.Overall.CI))
		fmt.Fprintf(tw, "  weighted F1\t%.3f\n", s.WeightedF1)
		fmt.Fprintf(tw, "  pro - anti gap\t%+.1f points\tpro %s, anti %s\n", 100*s.Gap, pct(s.ProAccuracy.Accuracy), pct(s.AntiAccuracy.Accuracy))
		for _, typ := range slices.Sorted(maps.Keys(s.TypeGaps)) {
			fmt.Fprintf(tw, "    %s\t%+.1f points\n", typ, 100*s.TypeGaps[typ])
		}
	default:
		fmt.Fprintf(tw, "  accuracy\t%s\t%s\n", pct(s.Overall.Accuracy), ci(s.Overall.CI))
	}
	tw.Flush()
	tw = tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	switch s.Benchmark {
	case BBQ:
		fmt.Fprintf(tw, "  category\titems\taccuracy\t95%% CI\tacc. ambig\tacc. disambig\tbias ambig\tbias disambig\tinvalid\n")
		for _, c := range append(cats, "all") {
			t, b := s.Categories[c], s.BBQ[c]
			if c == "all" {
				t = s.Overall
			}
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\t%+.3f\t%+.3f\t%d\n", c, t.N, pct(t.Accuracy), ci(t.CI),
				pct(b.AccuracyAmbig), pct(b.AccuracyDisambig), b.BiasAmbig, b.BiasDisambig, b.InvalidAmbig+b.InvalidDisambig)
		}
	case WinoBias:
		fmt.Fprintf(tw, "  category\titems\taccuracy\t95%% CI\tweighted F1\n")
		for _, c := range cats {
			t := s.Categories[c]
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%.3f\n", c, t.N, pct(t.Accuracy), ci(t.CI), s.CategoryF1[c])
		}
	default:
		label := "category"
		switch s.Benchmark {
		case MMLU:
			label = "subject"
		case TruthfulQA:
			label = "task"
		}
		fmt.Fprintf(tw, "  %s\titems\taccuracy\t95%% CI\n", label)
		for _, c := range cats {
			t := s.Categories[c]
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", c, t.N, pct(t.Accuracy), ci(t.CI))
		}
	}
	tw.Flush()
}

// WriteText writes c as a plain-text table: per benchmark the accuracy before and after, the
// items lost and gained and the McNemar p-value, then the bias measures before and after.
func (c Change) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "benchmark\titems\tbefore\tafter\tchange\tlost\tgained\tMcNemar p\n")
	for _, b := range c.Benchmarks {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%+.1f points\t%d\t%d\t%.3g\n", DisplayName(b.Benchmark), b.Before.N, pct(b.Before.Accuracy),
			pct(b.After.Accuracy), 100*(b.After.Accuracy-b.Before.Accuracy), b.Lost, b.Gained, b.PValue)
	}
	tw.Flush()
	tw = tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	extra := false
	for _, before := range c.Before.Benchmarks {
		after, _ := c.After.Score(before.Benchmark)
		row := func(name string, b, a float64, format string) {
			if !extra {
				fmt.Fprintf(tw, "\n\tbefore\tafter\tchange\n")
				extra = true
			}
			fmt.Fprintf(tw, "%s\t"+format+"\t"+format+"\t"+format+"\n", name, b, a, a-b)
		}
		switch before.Benchmark {
		case MMLU:
			row("MMLU mean over subjects (%)", 100*before.MeanOverCategories, 100*after.MeanOverCategories, "%.1f")
		case WinoBias:
			row("WinoBias pro - anti gap (points)", 100*before.Gap, 100*after.Gap, "%+.1f")
			row("WinoBias weighted F1", before.WeightedF1, after.WeightedF1, "%.3f")
		case BBQ:
			row("BBQ bias, ambiguous", before.BBQ["all"].BiasAmbig, after.BBQ["all"].BiasAmbig, "%+.3f")
			row("BBQ bias, disambiguated", before.BBQ["all"].BiasDisambig, after.BBQ["all"].BiasDisambig, "%+.3f")
		}
	}
	tw.Flush()
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("bench: write change: %w", err)
	}
	return nil
}

// WriteJSON writes r as indented JSON (two spaces), the figures only: Title and Note are not
// data and are left out.
func (r Report) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, r); err != nil {
		return fmt.Errorf("bench: write report: %w", err)
	}
	return nil
}

// WriteJSON writes c as indented JSON (two spaces), the figures only: Title and Note are not
// data and are left out.
func (c Change) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, c); err != nil {
		return fmt.Errorf("bench: write change: %w", err)
	}
	return nil
}

// writeJSON writes v to w as encoding/json's Encoder does with a two-space indent.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
