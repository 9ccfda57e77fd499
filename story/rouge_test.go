package story

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/rouge"
	"github.com/evenhand/evenhand/internal/shareddata"
)

// rougeTokens returns the tokens Rouge1 (stem true) or Rouge1NoStem (stem false) compares.
func rougeTokens(text string, stem bool) []string {
	return append([]string{}, rouge.Tokens(text, stem)...)
}

// rougeNonAlnum is the reference package's separator pattern.
var rougeNonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

// rougeOracle is a plain transcription of the reference package, used as an oracle: Python's
// lowercasing, a regular expression for the separators, a map of counts.
func rougeOracle(reference, candidate string, stem bool) Score {
	tokens := func(text string) []string {
		text = strings.ToLower(strings.ReplaceAll(text, "\u0130", "i\u0307")) // Python's İ.lower()
		var out []string
		for _, tok := range strings.Fields(rougeNonAlnum.ReplaceAllString(text, " ")) {
			if stem && len(tok) > 3 {
				tok = Stem(tok)
			}
			out = append(out, tok)
		}
		return out
	}
	ref, cand := tokens(reference), tokens(candidate)
	counts := map[string]int{}
	for _, tok := range ref {
		counts[tok]++
	}
	overlap := 0
	for _, tok := range cand {
		if counts[tok] > 0 {
			counts[tok]--
			overlap++
		}
	}
	return Score(rouge.ScoreOf(overlap, len(ref), len(cand)))
}

// rougeSameFloat reports whether a and b are the same float64, bit for bit.
func rougeSameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func TestRouge1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ref, cand  string
		want, wantNoStem Score
	}{
		{"both empty", "", "", Score{}, Score{}},
		{"empty candidate", "a b", "", Score{}, Score{}},
		{"only separators", "…!? ", "…!? ", Score{}, Score{}},
		{"identical", "He walked his dog.", "He walked his dog.", Score{1, 1, 1}, Score{1, 1, 1}},
		{"stemming matters", "He walked.", "He walks.", Score{1, 1, 1}, Score{0.5, 0.5, 0.5}},
		{"case and punctuation", "THE-END", "the end", Score{1, 1, 1}, Score{1, 1, 1}},
		{"repeats count up to the smaller count", "a a a a", "a", Score{1, 0.25, 0.4}, Score{1, 0.25, 0.4}},
		{"short tokens are not stemmed", "was", "wa", Score{}, Score{}},
		{"dotted capital I splits a token", "İstanbul", "i stanbul", Score{1, 1, 1}, Score{1, 1, 1}},
		{"Kelvin sign is a k", "\u212aelvin", "kelvin", Score{1, 1, 1}, Score{1, 1, 1}},
		{"other non-ASCII letters separate", "café", "caf", Score{1, 1, 1}, Score{1, 1, 1}},
		{"invalid UTF-8 separates", "dog\xffcat", "dog cat", Score{1, 1, 1}, Score{1, 1, 1}},
		{"digits are tokens", "born 1999", "born 1999 x", Score{2.0 / 3, 1, 0.8}, Score{2.0 / 3, 1, 0.8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Rouge1(tt.ref, tt.cand), "Rouge1(%q, %q)", tt.ref, tt.cand)
			assert.Equal(t, tt.wantNoStem, Rouge1NoStem(tt.ref, tt.cand), "Rouge1NoStem(%q, %q)", tt.ref, tt.cand)
		})
	}
}

func TestRougeTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text       string
		want       []string
		wantNoStem []string
	}{
		{"", []string{}, []string{}},
		{"  He walked, his dog's tail!\n", []string{"he", "walk", "his", "dog", "s", "tail"}, []string{"he", "walked", "his", "dog", "s", "tail"}},
		{"İİstanbul", []string{"i", "i", "stanbul"}, []string{"i", "i", "stanbul"}},
		{"xİ", []string{"xi"}, []string{"xi"}},
		{"\u212a\u212a", []string{"kk"}, []string{"kk"}},
		{"Dying DYING", []string{"die", "die"}, []string{"dying", "dying"}},
		{"fiancÃ©", []string{"fianc"}, []string{"fianc"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, rougeTokens(tt.text, true), "tokens of %q", tt.text)
		assert.Equal(t, tt.wantNoStem, rougeTokens(tt.text, false), "unstemmed tokens of %q", tt.text)
	}
}

// rougeReadJSONL decodes every line of the shared file rel into a T.
func rougeReadJSONL[T any](t *testing.T, rel string) []T {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, rel))
	require.NoError(t, err)
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v), "%s line %d", rel, len(out)+1)
		out = append(out, v)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, out, "%s is empty", rel)
	return out
}

// rougePair is one entry of genmo/genmo_dev.json.
type rougePair struct {
	Male   string `json:"male_story"`
	Female string `json:"female_story"`
}

func rougeReadPairs(tb testing.TB) []rougePair {
	tb.Helper()
	data, err := os.ReadFile(shareddata.Path(tb, "genmo/genmo_dev.json"))
	require.NoError(tb, err)
	var pairs []rougePair
	require.NoError(tb, json.Unmarshal(data, &pairs))
	require.NotEmpty(tb, pairs)
	return pairs
}

// rougeFloatCheck counts bit-for-bit agreement of computed values with reference values.
type rougeFloatCheck struct {
	equal, total int
	bad          []string
}

func (c *rougeFloatCheck) check(what string, got, want float64) {
	c.total++
	if rougeSameFloat(got, want) {
		c.equal++
		return
	}
	c.bad = append(c.bad, fmt.Sprintf("%s = %v (bits %#x); reference %v (bits %#x)",
		what, got, math.Float64bits(got), want, math.Float64bits(want)))
}

func (c *rougeFloatCheck) report(t *testing.T, name string) {
	t.Helper()
	t.Logf("%s: %d/%d values equal bit for bit", name, c.equal, c.total)
	for _, b := range c.bad[:min(len(c.bad), 5)] {
		t.Errorf("%s", b)
	}
	assert.Equal(t, c.total, c.equal, "%s: %d of %d values differ", name, c.total-c.equal, c.total)
}

// TestRouge1GenMO compares every ROUGE-1 value of the GenMO dev pairs (reference = male story,
// candidate = female story) with the reference package's.
func TestRouge1GenMO(t *testing.T) {
	t.Parallel()
	pairs := rougeReadPairs(t)
	rows := rougeReadJSONL[struct {
		Index   int     `json:"index"`
		FStem   float64 `json:"f_stem"`
		PStem   float64 `json:"p_stem"`
		RStem   float64 `json:"r_stem"`
		FNoStem float64 `json:"f_nostem"`
	}](t, "reference/genmo_rouge1.jsonl")
	require.Len(t, rows, len(pairs), "one reference row per pair")

	var c rougeFloatCheck
	for _, r := range rows {
		require.Zero(t, r.Index%3, "index %d is not a multiple of 3", r.Index)
		k := r.Index / 3
		require.Less(t, k, len(pairs), "index %d beyond the pairs", r.Index)
		p := pairs[k]
		got, noStem := Rouge1(p.Male, p.Female), Rouge1NoStem(p.Male, p.Female)
		where := fmt.Sprintf("pair %d (male %.60q…, female %.60q…)", r.Index, p.Male, p.Female)
		c.check("f_stem of "+where, got.F1, r.FStem)
		c.check("p_stem of "+where, got.Precision, r.PStem)
		c.check("r_stem of "+where, got.Recall, r.RStem)
		c.check("f_nostem of "+where, noStem.F1, r.FNoStem)
	}
	c.report(t, fmt.Sprintf("genmo (%d pairs)", len(rows)))
}

// TestRouge1Extra compares the hand-made tricky pairs with the reference package: every score and
// the stemmed tokens.
func TestRouge1Extra(t *testing.T) {
	t.Parallel()
	rows := rougeReadJSONL[struct {
		ID        int      `json:"id"`
		Ref       string   `json:"ref"`
		Cand      string   `json:"cand"`
		FStem     float64  `json:"f_stem"`
		PStem     float64  `json:"p_stem"`
		RStem     float64  `json:"r_stem"`
		FNoStem   float64  `json:"f_nostem"`
		PNoStem   float64  `json:"p_nostem"`
		RNoStem   float64  `json:"r_nostem"`
		RefTokens []string `json:"ref_tokens_stem"`
		CandToks  []string `json:"cand_tokens_stem"`
		Why       string   `json:"why"`
	}](t, "reference/extra_rouge1.jsonl")

	var c rougeFloatCheck
	tokensEqual := 0
	for _, r := range rows {
		got, noStem := Rouge1(r.Ref, r.Cand), Rouge1NoStem(r.Ref, r.Cand)
		where := fmt.Sprintf("extra %d (%s: ref %q, cand %q)", r.ID, r.Why, r.Ref, r.Cand)
		c.check("f_stem of "+where, got.F1, r.FStem)
		c.check("p_stem of "+where, got.Precision, r.PStem)
		c.check("r_stem of "+where, got.Recall, r.RStem)
		c.check("f_nostem of "+where, noStem.F1, r.FNoStem)
		c.check("p_nostem of "+where, noStem.Precision, r.PNoStem)
		c.check("r_nostem of "+where, noStem.Recall, r.RNoStem)
		okRef := assert.Equal(t, r.RefTokens, rougeTokens(r.Ref, true), "reference tokens of %s", where)
		okCand := assert.Equal(t, r.CandToks, rougeTokens(r.Cand, true), "candidate tokens of %s", where)
		if okRef && okCand {
			tokensEqual++
		}
	}
	c.report(t, fmt.Sprintf("extra (%d pairs)", len(rows)))
	t.Logf("extra: token lists equal for %d/%d pairs", tokensEqual, len(rows))
}

// TestRouge1MatchesOracle checks the fast implementation against rougeOracle on the GenMO pairs in
// both orders and on a few texts built to stress the tokenizer.
func TestRouge1MatchesOracle(t *testing.T) {
	t.Parallel()
	texts := []string{"", "İİ x", "K\u212a", "a\xffb", "ÀÉÎÕÜ ÿ ñ", strings.Repeat("walked the dog ", 400)}
	for _, p := range rougeReadPairs(t) {
		texts = append(texts, p.Male, p.Female)
	}
	for i := 0; i+1 < len(texts); i++ {
		a, b := texts[i], texts[i+1]
		assert.Equal(t, rougeOracle(a, b, true), Rouge1(a, b), "Rouge1(%q, %q)", a, b)
		assert.Equal(t, rougeOracle(a, b, false), Rouge1NoStem(a, b), "Rouge1NoStem(%q, %q)", a, b)
	}
}

// TestRouge1LongTexts covers texts beyond the on-stack buffers (over 2 KB, over 256 tokens).
func TestRouge1LongTexts(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "word%d walked ", i%700)
	}
	long := b.String()
	assert.Equal(t, Score{1, 1, 1}, Rouge1(long, long))
	assert.Equal(t, rougeOracle(long, "walked word1 word1", true), Rouge1(long, "walked word1 word1"))
	assert.Equal(t, rougeOracle("walked word1 word1", long, true), Rouge1("walked word1 word1", long))
}

func FuzzRouge1(f *testing.F) {
	f.Add("He walked his dog.", "She walked her dog.")
	f.Add("", "")
	f.Add("İstanbul \u212aelvin", "i stanbul kelvin")
	f.Add("a a a a", "a")
	f.Add("dog\xffcat", "café José")
	f.Fuzz(func(t *testing.T, ref, cand string) {
		s, back := Rouge1(ref, cand), Rouge1(cand, ref)
		for _, v := range []float64{s.Precision, s.Recall, s.F1} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("Rouge1(%q, %q) = %+v; values must lie in [0, 1]", ref, cand, s)
			}
		}
		if !rougeSameFloat(s.F1, back.F1) || !rougeSameFloat(s.Precision, back.Recall) || !rougeSameFloat(s.Recall, back.Precision) {
			t.Errorf("Rouge1(%q, %q) = %+v but swapped %+v", ref, cand, s, back)
		}
		if want := rougeOracle(ref, cand, true); s != want {
			t.Errorf("Rouge1(%q, %q) = %+v; the oracle gives %+v", ref, cand, s, want)
		}
		if want, got := rougeOracle(ref, cand, false), Rouge1NoStem(ref, cand); got != want {
			t.Errorf("Rouge1NoStem(%q, %q) = %+v; the oracle gives %+v", ref, cand, got, want)
		}
		same := Rouge1(ref, ref)
		if len(rougeTokens(ref, true)) > 0 {
			if same != (Score{1, 1, 1}) {
				t.Errorf("Rouge1(%q, itself) = %+v; want 1", ref, same)
			}
		} else if same != (Score{}) {
			t.Errorf("Rouge1(%q, itself) = %+v; a text without tokens scores 0", ref, same)
		}
	})
}

// BenchmarkRouge1 scores the GenMO dev pairs one per iteration (ns/op and allocs/op are per pair).
// Run it on one core: go test -run '^$' -bench Rouge1 -benchmem -cpu 1 ./story/
func BenchmarkRouge1(b *testing.B) {
	pairs := rougeReadPairs(b)
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		p := pairs[n%len(pairs)]
		_ = Rouge1(p.Male, p.Female)
		n++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "pairs/cpu-s")
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkRouge1NoStem is BenchmarkRouge1 without stemming.
func BenchmarkRouge1NoStem(b *testing.B) {
	pairs := rougeReadPairs(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		p := pairs[n%len(pairs)]
		_ = Rouge1NoStem(p.Male, p.Female)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pairs/s")
}
