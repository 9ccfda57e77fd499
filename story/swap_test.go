package story

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/stretchr/testify/require"
)

type swapCase struct {
	Index   int               `json:"index"`
	Male    string            `json:"male"`
	Female  string            `json:"female"`
	Names   map[string]string `json:"names"`
	Aligned bool              `json:"aligned"`
}

func loadSwapCases(t testing.TB) []swapCase {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "reference/genmo_swap_cases.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	var out []swapCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<22)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c swapCase
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
		out = append(out, c)
	}
	require.NoError(t, sc.Err())
	return out
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func invert(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

func TestSwapGenMO(t *testing.T) {
	cases := loadSwapCases(t)
	var n, okM, okF int
	var fails []string
	for _, c := range cases {
		if !c.Aligned {
			continue
		}
		n++
		if got := Swap(c.Male, c.Names); collapseSpace(got) == collapseSpace(c.Female) {
			okM++
		} else {
			fails = append(fails, "M->F "+itoa(c.Index)+"\n  got:  "+got+"\n  want: "+c.Female)
		}
		if got := Swap(c.Female, invert(c.Names)); collapseSpace(got) == collapseSpace(c.Male) {
			okF++
		} else {
			fails = append(fails, "F->M "+itoa(c.Index)+"\n  got:  "+got+"\n  want: "+c.Male)
		}
	}
	rm, rf := float64(okM)/float64(n), float64(okF)/float64(n)
	t.Logf("exact match on %d aligned GenMO dev cases: male->female %.1f%% (%d), female->male %.1f%% (%d)", n, 100*rm, okM, 100*rf, okF)
	for k, f := range fails {
		if k >= 60 {
			break
		}
		t.Log(f)
	}
	if rm < 0.9 || rf < 0.9 {
		t.Errorf("exact-match rates %.3f and %.3f, want at least 0.9 in each direction", rm, rf)
	}
}

func itoa(n int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + func() string { b, _ := json.Marshal(n); return string(b) }())
}

func loadGenMODev(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile(shareddata.Path(tb, "genmo/genmo_dev.json"))
	require.NoError(tb, err)
	var rows []struct {
		Male   string `json:"male_story"`
		Female string `json:"female_story"`
	}
	require.NoError(tb, json.Unmarshal(b, &rows))
	out := make([]string, 0, 2*len(rows))
	for _, r := range rows {
		out = append(out, r.Male, r.Female)
	}
	return out
}

// BenchmarkSwap swaps the GenMO dev stories (both sides of each pair) and reports stories/s.
func BenchmarkSwap(b *testing.B) {
	stories := loadGenMODev(b)
	names := map[string]string{"John": "Mary", "Mary": "John"}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, s := range stories {
			_ = Swap(s, names)
		}
		n += len(stories)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
	b.ReportMetric(0, "ns/op")
}
