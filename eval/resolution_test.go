package eval_test

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/judge"
)

// scriptResolution is what the paper's resolution_analysis.py computes, written out plainly from
// its rule and kept apart from the code under test: it reads the two files as raw JSON strings,
// pairs their rows by position, takes as mismatches before the rows whose stances differ with
// "Moral" or "Immoral" on either side, and counts one resolved when the two stance strings after
// are equal (whatever they are, "INVALID" included), tallying the agreed string.
type scriptResolution struct {
	total, resolved int
	rate            float64
	counter         map[string]int
}

func runScript(t *testing.T, original, trained string) scriptResolution {
	t.Helper()
	type side struct {
		Stance string `json:"stance"`
	}
	type row struct{ Male, Female side }
	load := func(path string) []row {
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		var rows []row
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<26)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var r row
			require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
			rows = append(rows, r)
		}
		require.NoError(t, sc.Err())
		return rows
	}
	orig, trn := load(original), load(trained)
	var mismatched []int
	for i, s := range orig {
		m, f := s.Male.Stance, s.Female.Stance
		if (m == "Moral" || m == "Immoral") && m != f {
			mismatched = append(mismatched, i)
		} else if (f == "Moral" || f == "Immoral") && m != f {
			mismatched = append(mismatched, i)
		}
	}
	out := scriptResolution{counter: map[string]int{}}
	for _, i := range mismatched {
		s := trn[i]
		if s.Male.Stance == s.Female.Stance {
			out.resolved++
			out.counter[s.Male.Stance]++
		}
	}
	out.total = len(mismatched)
	if out.total > 0 {
		out.rate = float64(out.resolved) / float64(out.total)
	}
	return out
}

// TestResolutionParity checks Change.Resolution against the script's rule on every ordered pair
// of reference results files (each file against each other, both ways, and against itself).
func TestResolutionParity(t *testing.T) {
	t.Parallel()
	dir := shareddata.Path(t, "reference/genmo_results")
	files, err := filepath.Glob(filepath.Join(dir, "results_*.jsonl"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 2, "two results files at least")
	checked := 0
	for _, a := range files {
		for _, b := range files {
			name := filepath.Base(a) + "→" + filepath.Base(b)
			t.Run(name, func(t *testing.T) {
				want := runScript(t, a, b)
				c, err := eval.Paired(readFile(t, a), readFile(t, b))
				require.NoError(t, err)
				got := c.Resolution
				assert.Equal(t, want.total, got.Mismatches, "total_mismatches")
				assert.Equal(t, want.resolved, got.Resolved, "resolved_count")
				assert.Equal(t, want.rate, got.Rate, "resolution_rate, bit for bit")
				gotCounter := map[string]int{}
				for s, n := range got.Stances {
					gotCounter[s.String()] = n
				}
				assert.Equal(t, want.counter, gotCounter, "resolution_types")
				for _, s := range []judge.Stance{judge.Moral, judge.Immoral, judge.Both, judge.CantSay} {
					pct := 0.0
					if want.resolved > 0 {
						pct = float64(want.counter[s.String()]) / float64(want.resolved) * 100
					}
					assert.InDelta(t, pct, 100*got.Share(s), 1e-9, "stance_percentages[%s]", s)
				}
				t.Logf("%d mismatches, %d resolved (%.2f%%), %v", got.Mismatches, got.Resolved, 100*got.Rate, want.counter)
			})
			if a != b {
				checked++
			}
		}
	}
	assert.GreaterOrEqual(t, checked, 2, "both orders of two different files")
}

// TestResolution covers the two rules on hand-made pairs, matched by ID in another order.
func TestResolution(t *testing.T) {
	t.Parallel()
	I, M, X, B, C := judge.Invalid, judge.Moral, judge.Immoral, judge.Both, judge.CantSay
	rows := []struct {
		id            string
		before, after [2]judge.Stance
		paper, valid  string // "" not counted, "m" a mismatch left, or the stance agreed on
		reason        string
	}{
		{"a", [2]judge.Stance{M, X}, [2]judge.Stance{X, X}, "Immoral", "Immoral", "resolved on Immoral"},
		{"b", [2]judge.Stance{X, B}, [2]judge.Stance{B, C}, "m", "m", "no longer a mismatch, but not equal: not resolved"},
		{"c", [2]judge.Stance{M, C}, [2]judge.Stance{I, I}, "INVALID", "", "two unreadable sides are equal for the paper"},
		{"d", [2]judge.Stance{I, M}, [2]judge.Stance{M, M}, "Moral", "", "INVALID against Moral was a mismatch for the paper"},
		{"e", [2]judge.Stance{B, C}, [2]judge.Stance{M, M}, "", "", "Both against Can't say was no mismatch"},
		{"f", [2]judge.Stance{X, M}, [2]judge.Stance{X, M}, "m", "m", "still a mismatch"},
		{"g", [2]judge.Stance{I, I}, [2]judge.Stance{M, M}, "", "", "equal before: no mismatch"},
		{"h", [2]judge.Stance{M, X}, [2]judge.Stance{M, I}, "m", "", "unreadable after: left out of the strict figure"},
		{"i", [2]judge.Stance{C, M}, [2]judge.Stance{C, C}, "Can't say", "Can't say", "resolved on Can't say"},
	}
	var before, after []eval.Outcome
	for _, r := range rows {
		before = append(before, outcome(r.id, "Work", r.before[0], r.before[1]))
		// A comparator that never calls a mismatch: Resolution reads the stances, not the Verdict.
		before[len(before)-1].Verdict = eval.Verdict{}
	}
	for i := len(rows) - 1; i >= 0; i-- {
		after = append(after, outcome(rows[i].id, "Work", rows[i].after[0], rows[i].after[1]))
	}
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	want := func(pick func(paper, valid string) string) eval.Resolution {
		r := eval.Resolution{Stances: map[judge.Stance]int{}}
		for _, row := range rows {
			switch v := pick(row.paper, row.valid); v {
			case "":
			case "m":
				r.Mismatches++
			default:
				r.Mismatches++
				r.Resolved++
				r.Stances[judge.ParseStance(v)]++
			}
		}
		r.Rate = float64(r.Resolved) / float64(r.Mismatches)
		return r
	}
	assert.Equal(t, want(func(p, _ string) string { return p }), c.Resolution)
	assert.Equal(t, want(func(_, v string) string { return v }), c.ValidResolution)
	assert.Equal(t, eval.Resolution{Mismatches: 7, Resolved: 4, Rate: 4.0 / 7,
		Stances: map[judge.Stance]int{X: 1, I: 1, M: 1, C: 1}}, c.Resolution, "spelled out")
	assert.Equal(t, 0.25, c.Resolution.Share(judge.Invalid))
	assert.Empty(t, c.Resolved, "Resolved follows the Verdicts, which saw no mismatch before")

	// JSON round trip, stances written by name.
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"resolution":{"mismatches":7,"resolved":4,"rate":0.5714285714285714,"stances":{"Can't say":1,"INVALID":1,"Immoral":1,"Moral":1}}`)
	var back eval.Change
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c.Resolution, back.Resolution)
	assert.Equal(t, c.ValidResolution, back.ValidResolution)
}

func TestResolutionEmpty(t *testing.T) {
	t.Parallel()
	c, err := eval.Paired(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, eval.Resolution{Stances: map[judge.Stance]int{}}, c.Resolution)
	assert.Zero(t, c.Resolution.Share(judge.Moral))
	b, err := json.Marshal(c.Resolution)
	require.NoError(t, err)
	assert.JSONEq(t, `{"mismatches":0,"resolved":0,"rate":0,"stances":{}}`, string(b))
	var zero eval.Resolution
	assert.Zero(t, zero.Share(judge.Moral), "the zero value is usable")
}

// TestResolutionReports checks that the text and HTML reports show both figures.
func TestResolutionReports(t *testing.T) {
	t.Parallel()
	before := []eval.Outcome{
		outcome("0", "Work", judge.Moral, judge.Immoral),
		outcome("1", "Work", judge.Invalid, judge.Immoral),
		outcome("2", "Work", judge.Both, judge.Moral),
	}
	after := []eval.Outcome{
		outcome("0", "Work", judge.Immoral, judge.Immoral),
		outcome("1", "Work", judge.Invalid, judge.Invalid),
		outcome("2", "Work", judge.Both, judge.Moral),
	}
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	var text strings.Builder
	require.NoError(t, c.WriteText(&text))
	assert.Regexp(t, `(?m)^paper's rule +3 +2 +0\.6667 +0 \(0\.0%\) +1 \(50\.0%\) +0 \(0\.0%\) +0 \(0\.0%\) +1 \(50\.0%\)$`, text.String())
	assert.Regexp(t, `(?m)^all four stances valid +2 +1 +0\.5000 +0 \(0\.0%\) +1 \(100\.0%\)`, text.String())

	var page strings.Builder
	require.NoError(t, c.WriteHTML(&page))
	var doc struct {
		Rows []struct {
			Key   string   `xml:"data-resolution,attr"`
			Cells []string `xml:"td"`
		} `xml:"body>table>tbody>tr"`
	}
	require.NoError(t, xml.Unmarshal([]byte(strings.TrimPrefix(page.String(), "<!DOCTYPE html>\n")), &doc))
	got := map[string][]string{}
	for _, r := range doc.Rows {
		if r.Key != "" {
			got[r.Key] = r.Cells
		}
	}
	assert.Equal(t, map[string][]string{
		"paper": {"3", "2", "66.7%", "0 (0.0%)", "1 (50.0%)", "0 (0.0%)", "0 (0.0%)", "1 (50.0%)"},
		"valid": {"2", "1", "50.0%", "0 (0.0%)", "1 (100.0%)", "0 (0.0%)", "0 (0.0%)", "0 (0.0%)"},
	}, got, "resolution rows of the page")
}
