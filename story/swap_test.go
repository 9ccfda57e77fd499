package story

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSwap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		names map[string]string
		want  string
	}{
		{"pronouns of the protagonist", "He walks into his house and throws his keys.", nil, "She walks into her house and throws her keys."},
		{"her as object", "Tom will pick her up.", map[string]string{"Tom": ""}, "Tom will pick her up."},
		{"her object of the protagonist", "Sarah waited until someone could pick her up.", map[string]string{"Sarah": "Sam"}, "Sam waited until someone could pick him up."},
		{"her possessive", "She cleaned her house.", nil, "He cleaned his house."},
		{"his alone", "He said the car was his.", nil, "She said the car was hers."},
		{"his alone before a conjunction", "The idea was his and nobody else's.", nil, "The idea was hers and nobody else's."},
		{"hers", "She said the car was hers.", nil, "He said the car was his."},
		{"her after a preposition", "She rolled around on her back.", nil, "He rolled around on his back."},
		{"causative", "Sarah asked if her boss would let her go early.", map[string]string{"Sarah": "Sam"}, "Sam asked if his boss would let him go early."},
		{"double object", "Mary wanted someone to buy her flowers.", map[string]string{"Mary": "Mark"}, "Mark wanted someone to buy him flowers."},
		{"her + -ing", "Ann hated it when they caught her sleeping.", map[string]string{"Ann": "Al"}, "Al hated it when they caught him sleeping."},
		{"her last time", "Nina said they would not take her last time.", map[string]string{"Nina": "Nick"}, "Nick said they would not take him last time."},
		{"reflexive", "He made himself a sandwich.", nil, "She made herself a sandwich."},
		{"contractions", "He's sure he'd win, and he'll try.", nil, "She's sure she'd win, and she'll try."},
		{"curly and mojibake apostrophes", "He\u2019s late and he\u00e2\u20ac\u2122s sorry.", nil, "She\u2019s late and she\u00e2\u20ac\u2122s sorry."},
		{"capitals", "HE SAID HIS NAME. His dog barked.", nil, "SHE SAID HER NAME. Her dog barked."},
		{"name and its possessive", "John's car is old, so John walks.", map[string]string{"John": "Emma"}, "Emma's car is old, so Emma walks."},
		{"possessive of a name ending in s", "Mike's friend called him.", map[string]string{"Mike": "Dallas"}, "Dallas' friend called her."},
		{"possessive back", "Dallas' friend called her.", map[string]string{"Dallas": "Mike"}, "Mike's friend called him."},
		{"names swap at once", "Chris has been dating Christie.", map[string]string{"Chris": "Christie", "Christie": "Chris"}, "Christie has been dating Chris."},
		{"lower-case name", "When john met the new girl, he smiled.", map[string]string{"John": "Emily"}, "When emily met the new boy, she smiled."},
		{"common word is not a name", "Will said he will come.", map[string]string{"Will": "Wilma"}, "Wilma said she will come."},
		{"name of two words", "Mary Jane said she was ready.", map[string]string{"Mary Jane": "John Paul"}, "John Paul said he was ready."},
		{"narrator's self-description", "I am a man. I rode my skateboard.", nil, "I am a woman. I rode my skateboard."},
		{"narrator's partner", "I am a man. I made my wife dinner because she works late.", nil, "I am a woman. I made my husband dinner because he works late."},
		{"narrator's relatives stay", "I am a man. I drove my sister because she had no car.", nil, "I am a woman. I drove my sister because she had no car."},
		{"partner flips with the protagonist", "Tom promised his wife, Susan, that he would call her.", map[string]string{"Tom": "Nancy", "Susan": "Mike"}, "Nancy promised her husband, Mike, that she would call him."},
		{"someone else's partner stays", "Terry meets Alisha's new boyfriend Ron.", map[string]string{"Terry": "Ashley"}, "Ashley meets Alisha's new boyfriend Ron."},
		{"relatives stay", "Luke asks his sister if she wants to come.", map[string]string{"Luke": "Mary"}, "Mary asks her sister if she wants to come."},
		{"someone else stays", "Sam asks Tina why she is smiling.", map[string]string{"Sam": "Michelle"}, "Michelle asks Tina why she is smiling."},
		{"the asked one", "Terry asks Ron if he plays basketball.", map[string]string{"Terry": "Ashley"}, "Ashley asks Ron if he plays basketball."},
		{"relative as protagonist", "My brother likes his new job.", nil, "My sister likes her new job."},
		{"first mention owns the protagonist", "Her brother wanted to watch his show.", nil, "Her sister wanted to watch her show."},
		{"self-description", "George is a father of two.", map[string]string{"George": "Emma"}, "Emma is a mother of two."},
		{"people in general flip", "John notices a beautiful woman and waves at her.", map[string]string{"John": "Emily"}, "Emily notices a beautiful man and waves at him."},
		{"title with a swapped name", "Mr. Smith said he was tired.", map[string]string{"Smith": ""}, "Ms. Smith said she was tired."},
		{"title of someone else", "I am a man. I wrote for Mrs. Daniel until she retired.", nil, "I am a woman. I wrote for Mrs. Daniel until she retired."},
		{"stranger as object", "Mike noticed him looking at the pictures.", map[string]string{"Mike": "Ana"}, "Ana noticed him looking at the pictures."},
		{"counterpart of the other gender", "He watched the yard, waiting for her return.", nil, "She watched the yard, waiting for his return."},
		{"pronoun pointing forward", "When his son broke the window, Paul yelled at him.", map[string]string{"Paul": "Paula"}, "When her son broke the window, Paula yelled at him."},
		{"pronoun pointing forward to an unmapped name", "When he got home, John saw his dog.", nil, "When she got home, John saw her dog."},
		{"owner of plural people is the protagonist", "Her friends made her feel welcome.", nil, "His friends made him feel welcome."},
		{"partner's pronouns", "Kyle's girlfriend wants him to meet her parents.", map[string]string{"Kyle": "Kate"}, "Kate's boyfriend wants her to meet his parents."},
		{"dirty text is kept", "Thomas asked his fianc\u00c3\u00a9 ,  then he left .\n", map[string]string{"Thomas": "Michelle"}, "Michelle asked her fianc\u00c3\u00a9 ,  then she left .\n"},
		// Rules about English added for issue 14 (neutral on both halves of the GenMO dev file).
		{"object her before a preposition", "Sarah asked Tom not to leave her behind.", map[string]string{"Sarah": "Sam"}, "Sam asked Tom not to leave him behind."},
		{"object her before an adjective", "Jill loves her husband. The trip made her closer to her husband.", map[string]string{"Jill": "Jack"}, "Jack loves his wife. The trip made him closer to his wife."},
		{"object her before an adjective at the end", "Sue's boss makes her nervous when he yells.", map[string]string{"Sue": "Sam"}, "Sam's boss makes him nervous when he yells."},
		{"a role the protagonist works as", "Kate works as a waitress at a diner.", map[string]string{"Kate": "Ken"}, "Ken works as a waiter at a diner."},
		{"someone else's job stays", "Tom asked the waitress for the bill.", map[string]string{"Tom": "Ann"}, "Ann asked the waitress for the bill."},
		{"a partner's job stays", "Kate is an actress. Her partner is an actor.", map[string]string{"Kate": "Ken"}, "Ken is an actor. His partner is an actor."},
		{"coordinated pronouns stay a couple", "Tom wants to plan dates for him and her.", map[string]string{"Tom": "Ann"}, "Ann wants to plan dates for her and him."},
		{"a coordinated pronoun of a named person keeps its gender", "Amy asks Tom out, and Tom plans dinner for him and her.", map[string]string{"Amy": "Bob"}, "Bob asks Tom out, and Tom plans dinner for him and him."},
		{"asking permission is about the asker", "Amy asks Jessica if she can borrow her car.", map[string]string{"Amy": "Al"}, "Al asks Jessica if he can borrow her car."},
		{"a parent described through a compound", "Jane is a stay-at-home mom of two.", map[string]string{"Jane": "John"}, "John is a stay-at-home dad of two."},
		{"coordinated descriptions", "Tom is a good husband and a loving father.", map[string]string{"Tom": "Ann"}, "Ann is a good wife and a loving mother."},
		{"coordinated relatives are two people", "Tom's wife and mother came to visit him.", map[string]string{"Tom": "Ann"}, "Ann's husband and mother came to visit her."},
		{"the parents of the protagonist's children", "Tom takes his kids to school. Later their mom picks them up.", map[string]string{"Tom": "Ann"}, "Ann takes her kids to school. Later their dad picks them up."},
		{"the parent of someone else's children stays", "Tom met Amy's kids. Their mom was late.", map[string]string{"Tom": "Ann"}, "Ann met Amy's kids. Their mom was late."},
		{"a WinoBias word", "Tom worked as a barman before he became an actor.", map[string]string{"Tom": "Ann"}, "Ann worked as a barwoman before she became an actress."},
		{"no gendered word", "The weather was nice; they went out.", nil, "The weather was nice; they went out."},
		{"empty", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Swap(tt.in, tt.names))
		})
	}
}

func TestSwapAll(t *testing.T) {
	tests := []struct {
		in, want string
		names    map[string]string
	}{
		{"Luke asks his sister if she wants to come.", "Mary asks her brother if he wants to come.", map[string]string{"Luke": "Mary"}},
		{"I am a man. My mom said she would call.", "I am a woman. My dad said he would call.", nil},
		{"Mr. Smith gave her flowers.", "Ms. Smith gave him flowers.", nil},
		{"The weather was nice.", "The weather was nice.", nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, SwapAll(tt.in, tt.names), tt.in)
	}
}

func TestSwapDoesNotModifyNames(t *testing.T) {
	names := map[string]string{"John": "Emma"}
	_ = Swap("John left.", names)
	assert.Equal(t, map[string]string{"John": "Emma"}, names)
}

func TestSwapLongText(t *testing.T) {
	// More words, clauses and people than the working arrays hold.
	var b strings.Builder
	for i := range 300 {
		b.WriteString("John met Mary" + strconv.Itoa(i) + ", and he told her a story about his sister, who said he, she, him. ")
	}
	in := b.String()
	out := Swap(in, map[string]string{"John": "Emma", "Mary5": "Mark"})
	require.True(t, utf8.ValidString(out))
	assert.Equal(t, strings.Count(in, "John"), strings.Count(out, "Emma"))
	assert.Contains(t, out, "Emma met Mary0, and she told her a story about her sister")
}

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

// apostrophes spells every form of the apostrophe the stories hold as a straight one: the
// curly quotes, the modifier letter, the acute accent and backtick typed for one, and their
// mojibake (UTF-8 read as Windows-1252, once or twice). It is the test's own list, written apart
// from the swapper's.
var apostrophes = strings.NewReplacer(
	"\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2", "'", // ’ garbled twice
	"\u00e2\u20ac\u2122", "'", "\u00e2\u20ac\u02dc", "'", // ’ and ‘ garbled
	"\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u00b4", "'", "`", "'",
)

// collapseSpace is the text the GenMO comparisons compare: white space collapsed and every
// apostrophe straight.
func collapseSpace(s string) string { return strings.Join(strings.Fields(apostrophes.Replace(s)), " ") }

func invert(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

// swapScore counts the aligned GenMO cases Swap reproduces, in each direction.
type swapScore struct{ n, okM, okF int }

func (s *swapScore) add(okM, okF bool) {
	s.n++
	if okM {
		s.okM++
	}
	if okF {
		s.okF++
	}
}

// cleanTokens splits a story for cleanCase: apostrophes straightened, the possessive of a name
// written one way ("Mike's" and "Dallas'" both end in "'"), then words and single punctuation
// marks.
var cleanTokenRE = regexp.MustCompile(`[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]`)

func cleanTokens(s string) []string {
	s = apostrophes.Replace(s)
	s = strings.ReplaceAll(strings.ReplaceAll(s, "'s ", "' "), "'S ", "' ")
	return cleanTokenRE.FindAllString(s, -1)
}

// cleanCase reports whether the human twins of c differ only in gendered words and the names of
// c.Names: the two texts, tokenised alike, have the same words in the same places except where
// the male one has a name of c.Names and the female one its counterpart (any case), or the two
// words are counterparts in the lexicon (he/she, her/him, wife/husband), read either way. Pairs
// whose writers also changed other words (beautiful/handsome, a typo fixed, a second character
// renamed without being in names) are not clean: no swapper should be expected to reproduce them.
func cleanCase(c swapCase) bool {
	m, f := cleanTokens(c.Male), cleanTokens(c.Female)
	if len(m) != len(f) {
		return false
	}
	counterparts := func(a, b string) bool {
		w, ok := lexicon.Lookup(a)
		return ok && w.Class != lexicon.ClassNone && (strings.EqualFold(b, w.To) || w.To2 != "" && strings.EqualFold(b, w.To2))
	}
	for i := 0; i < len(m); i++ {
		if m[i] == f[i] {
			continue
		}
		if counterparts(m[i], f[i]) || counterparts(f[i], m[i]) {
			continue
		}
		matched := false
		for from, to := range c.Names {
			fw, tw := strings.Fields(from), strings.Fields(to)
			if len(fw) == 0 || i+len(fw) > len(m) || i+len(tw) > len(f) || len(fw) != len(tw) {
				continue
			}
			same := true
			for k := range fw {
				same = same && strings.EqualFold(m[i+k], fw[k]) && strings.EqualFold(f[i+k], tw[k])
			}
			if same {
				i += len(fw) - 1
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	return true
}

func (s swapScore) String() string {
	return fmt.Sprintf("male->female %.1f%% (%d/%d), female->male %.1f%% (%d/%d)",
		100*float64(s.okM)/float64(s.n), s.okM, s.n, 100*float64(s.okF)/float64(s.n), s.okF, s.n)
}

// TestSwapGenMO measures Swap against GenMO's human-made twins: the share of aligned dev cases
// it reproduces exactly (white space collapsed, apostrophes straightened), in each direction.
// The rules are tuned on the even half of the dev file (entries 0, 2, 4, ..., GenMO pair numbers
// 0, 6, 12, ...); the odd half is held out, and its figure is the one to expect on new text.
//
// Beside it, the fairer second figure: exact match over the clean cases only (see cleanCase),
// whose twins differ in nothing a swapper can know, for each half.
//
//	go test -v -run TestSwapGenMO ./story
func TestSwapGenMO(t *testing.T) {
	cases := loadSwapCases(t)
	var all, even, odd, cleanEven, cleanOdd swapScore
	var allM, allF int
	var fails []string
	for _, c := range cases {
		if !c.Aligned {
			continue
		}
		half, clean := &even, &cleanEven
		if (c.Index/3)%2 == 1 {
			half, clean = &odd, &cleanOdd
		}
		if collapseSpace(SwapAll(c.Male, c.Names)) == collapseSpace(c.Female) {
			allM++
		}
		if collapseSpace(SwapAll(c.Female, invert(c.Names))) == collapseSpace(c.Male) {
			allF++
		}
		gotM, gotF := Swap(c.Male, c.Names), Swap(c.Female, invert(c.Names))
		okM, okF := collapseSpace(gotM) == collapseSpace(c.Female), collapseSpace(gotF) == collapseSpace(c.Male)
		all.add(okM, okF)
		half.add(okM, okF)
		if cleanCase(c) {
			clean.add(okM, okF)
		}
		if !okM && half == &even {
			fails = append(fails, "M->F "+itoa(c.Index)+"\n  got:  "+gotM+"\n  want: "+c.Female)
		}
		if !okF && half == &even {
			fails = append(fails, "F->M "+itoa(c.Index)+"\n  got:  "+gotF+"\n  want: "+c.Male)
		}
	}
	t.Logf("exact match on %d aligned GenMO dev cases: %v", all.n, all)
	t.Logf("  tuning half (even entries): %v", even)
	t.Logf("  held-out half (odd entries): %v", odd)
	t.Logf("exact match on the clean cases (twins differing only in gendered words and mapped names): %d of %d aligned cases", cleanEven.n+cleanOdd.n, all.n)
	t.Logf("  tuning half (even entries): %v", cleanEven)
	t.Logf("  held-out half (odd entries): %v", cleanOdd)
	t.Logf("flip-every-word baseline (SwapAll): male->female %.1f%%, female->male %.1f%%", 100*float64(allM)/float64(all.n), 100*float64(allF)/float64(all.n))
	t.Logf("first failures of the tuning half (%d in all):", len(fails))
	for k, f := range fails {
		if k >= 200 {
			break
		}
		t.Log(f)
	}
	for _, s := range []swapScore{all, odd} {
		if rm, rf := float64(s.okM)/float64(s.n), float64(s.okF)/float64(s.n); rm < 0.9 || rf < 0.9 {
			t.Errorf("exact-match rates %.3f and %.3f, want at least 0.9 in each direction", rm, rf)
		}
	}
	// Rules that fit the tuning half more than English show as a gap between the halves.
	gapM := float64(even.okM)/float64(even.n) - float64(odd.okM)/float64(odd.n)
	gapF := float64(even.okF)/float64(even.n) - float64(odd.okF)/float64(odd.n)
	if math.Abs(gapM) > 0.02 || math.Abs(gapF) > 0.02 {
		t.Errorf("the halves differ by %.1f and %.1f points; want at most 2", 100*gapM, 100*gapF)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

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

// BenchmarkSwap swaps the GenMO dev stories (both sides of each pair) and reports stories/s, and
// stories per CPU-second of the process (steadier on a loaded machine; run it with -cpu 1).
func BenchmarkSwap(b *testing.B) {
	stories := loadGenMODev(b)
	names := map[string]string{"John": "Mary", "Mary": "John"}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		for _, s := range stories {
			_ = Swap(s, names)
		}
		n += len(stories)
	}
	b.StopTimer()
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "stories/cpu-s")
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(n), "allocs/story")
	b.ReportMetric(0, "ns/op")
}

// words splits text into runs of letters and digits the way the fuzz property needs: every
// other rune, the modifier-letter apostrophe, and the mojibake of a curly quote (garbled once
// or twice) separate words.
func words(text string) []string {
	const twice = "\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2" // ’ garbled twice
	var out []string
	start := -1
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		sep := !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)) || r == '\u02bc'
		if strings.HasPrefix(text[i:], "\u00e2\u20ac") {
			sep = true
		}
		if strings.HasPrefix(text[i:], twice) {
			sep, n = true, len(twice)
		}
		if sep {
			if start >= 0 {
				out = append(out, text[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// hasGenderOrName reports whether any word of text is a gendered word, a given name of the table,
// or (ignoring case) the name key.
func hasGenderOrName(text, key string) bool {
	// Swap matches a key word by word, whatever the spacing: "0 0 " names the "0 0" of "!0 0".
	collapse := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	if key != "" && (strings.Contains(strings.ToLower(text), strings.ToLower(key)) ||
		strings.TrimSpace(key) != "" && strings.Contains(collapse(text), collapse(key))) {
		return true
	}
	for _, w := range words(text) {
		if _, _, ok := lexicon.Counterpart(w); ok {
			return true
		}
		if _, _, ok := lexicon.GivenName(w); ok {
			return true
		}
	}
	return false
}

func FuzzSwap(f *testing.F) {
	for _, s := range []string{
		"He walks into his house.", "I am a man. My wife said she'd call.", "Mike's friend called him.",
		"Dallas' car", "Mr. Smith gave her flowers.", "he\u00e2\u20ac\u2122s", "fianc\u00c3\u00a9\n", "\xff\xfeher",
		"The weather was nice.", "", "Mary Jane and John Paul", "HIS", "her.", "Josh Josh Josh",
	} {
		f.Add(s, "Mike", "Dallas")
	}
	f.Add("Mary Jane's car and Mary Jane.", "Mary Jane", "John")
	f.Add("Mike's car", "s", "x")
	f.Add("Dallas' car", "Dallas", "")
	f.Fuzz(func(t *testing.T, text, from, to string) {
		names := map[string]string{from: to}
		out := Swap(text, names)
		all := SwapAll(text, names)
		valid := utf8.ValidString(text) && utf8.ValidString(from) && utf8.ValidString(to)
		if valid && (!utf8.ValidString(out) || !utf8.ValidString(all)) {
			t.Fatalf("valid input %q gave invalid output %q / %q", text, out, all)
		}
		if !hasGenderOrName(text, from) && (out != text || all != text) {
			t.Fatalf("text without gendered words or names changed: %q -> %q / %q", text, out, all)
		}
		if p, err := NewPair(text, nil); err == nil {
			if p.Male.Text != text && p.Female.Text != text {
				t.Fatalf("NewPair lost the text %q", text)
			}
		}
	})
}

func TestNewPair(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		names     map[string]string
		male      Story
		female    Story
		wantError error
	}{
		{"named male protagonist", "Josh waits for Penelope. He is late.", map[string]string{"Josh": "Ashley"},
			Story{"Josh waits for Penelope. He is late.", "Josh", Male}, Story{"Ashley waits for Penelope. She is late.", "Ashley", Female}, nil},
		{"named female protagonist, counterpart from the table", "Sarah lost her keys.", nil,
			Story{"Andrew lost his keys.", "Andrew", Male}, Story{"Sarah lost her keys.", "Sarah", Female}, nil},
		{"narrator", "I am a woman. I told my husband.", nil,
			Story{"I am a man. I told my wife.", "", Male}, Story{"I am a woman. I told my husband.", "", Female}, nil},
		{"pronoun protagonist", "He walks home.", nil,
			Story{"He walks home.", "", Male}, Story{"She walks home.", "", Female}, nil},
		{"no protagonist", "The weather was nice; they went out.", nil, Story{}, Story{}, ErrNoProtagonist},
		{"empty", "", nil, Story{}, Story{}, ErrNoProtagonist},
		{"no gender", "Jordan went home.", map[string]string{"Jordan": "Jordan"}, Story{}, Story{}, ErrNoGender},
		{"unisex name asked for a counterpart", "Jordan went home.", map[string]string{"Jordan": ""}, Story{}, Story{}, ErrNoGender},
		{"unchanged", "Tom went home.", map[string]string{"Tom": "Tom"}, Story{}, Story{}, ErrUnchanged},
		{"unisex name settled by a pronoun", "Jordan went home because he was tired.", nil,
			Story{"Jordan went home because he was tired.", "Jordan", Male}, Story{"Michelle went home because she was tired.", "Michelle", Female}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPair(tt.in, tt.names)
			if tt.wantError != nil {
				require.ErrorIs(t, err, tt.wantError)
				assert.Equal(t, Pair{}, p)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.male, p.Male)
			assert.Equal(t, tt.female, p.Female)
			assert.Equal(t, "swap", p.Source)
		})
	}
}

func TestNewPairCounterpartAvoidsNamesOfTheStory(t *testing.T) {
	// Whatever the table would pick for Tom, it is never a name the story already uses.
	for _, other := range lexicon.Counterparts(lexicon.Female) {
		text := "Tom met " + other + " and he smiled."
		p, err := NewPair(text, nil)
		require.NoError(t, err, text)
		assert.NotEqual(t, other, p.Female.Character, text)
		g, _, ok := lexicon.GivenName(p.Female.Character)
		assert.True(t, ok)
		assert.Equal(t, lexicon.Female, g)
	}
}

func TestNewPairEmptyValueAsksForCounterpart(t *testing.T) {
	p, err := NewPair("Tom asked Mary to marry him. She said yes.", map[string]string{"Tom": "", "Mary": ""})
	require.NoError(t, err)
	assert.Equal(t, "Tom", p.Male.Character)
	g, _, _ := lexicon.GivenName(p.Female.Character)
	assert.Equal(t, lexicon.Female, g)
	assert.NotContains(t, p.Female.Text, "Mary")
	assert.Contains(t, p.Female.Text, "He said yes.") // Mary became a man
}

func TestSwapAllocations(t *testing.T) {
	names := map[string]string{"Josh": "Ashley", "Penelope": "Mike"}
	text := "Josh drives Penelope to work every day and is hanging outside her house to pick her up, but there's no sign of her. Josh needs to get to work."
	// One allocation: the swapped text. The working state stays on the stack.
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = Swap(text, names) }), 1.0)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Swap("The weather was nice.", names) }))
}

// TestNewPairDeterministic asks for counterparts of three names whose places in the table's
// pool collide (Agnes, Alison and Marian all start at Eric), so the names handed out depend on
// the order the keys are served in. Ranging over the map gave three different twins over 1,000
// runs; the keys now go in sorted order.
func TestNewPairDeterministic(t *testing.T) {
	const text = "Tom asked Agnes to marry him. Alison and Marian laughed; she said yes."
	want := "Emma asked Eric to marry her. Peter and Adam laughed; he said yes."
	for run := range 1000 {
		names := map[string]string{"Tom": "", "Agnes": "", "Alison": "", "Marian": ""}
		p, err := NewPair(text, names)
		require.NoError(t, err)
		if p.Female.Text != want || p.Female.Character != "Emma" {
			t.Fatalf("run %d: NewPair gave %q (%s); want %q (Emma)", run, p.Female.Text, p.Female.Character, want)
		}
	}
}

// TestNewPairRoleNoun: a gendered pronoun whose nearest earlier person is a role noun of no
// gender (nurse, driver, neighbour) or "someone" makes that person the protagonist.
func TestNewPairRoleNoun(t *testing.T) {
	tests := []struct {
		in, twin string
		g        Gender
	}{
		{"The nurse said she would help.", "The nurse said he would help.", Female},
		{"The driver stopped the bus because he saw a dog.", "The driver stopped the bus because she saw a dog.", Male},
		{"My neighbour kept the parcel. She said it was hers.", "My neighbour kept the parcel. He said it was his.", Female},
		{"Someone left her bag on the bus. She came back for it.", "Someone left his bag on the bus. He came back for it.", Female},
		{"The teacher told the class he was leaving.", "The teacher told the class she was leaving.", Male},
		{"Our doctor called because she had the results.", "Our doctor called because he had the results.", Female},
		{"The cashier gave me my change and she smiled at me.", "The cashier gave me my change and he smiled at me.", Female},
		// Once the story has a protagonist, a role noun is someone else and keeps its pronouns.
		{"Tom asked the nurse for help, and she gave him a blanket.", "Emma asked the nurse for help, and she gave her a blanket.", Male},
	}
	for _, tt := range tests {
		p, err := NewPair(tt.in, nil)
		require.NoError(t, err, tt.in)
		own, _ := p.Side(tt.g)
		twin, _ := p.Side(tt.g.Other())
		assert.Equal(t, tt.in, own.Text)
		assert.Equal(t, tt.twin, twin.Text, tt.in)
		if own.Character == "" {
			assert.Equal(t, tt.twin, Swap(tt.in, nil), "Swap(%q)", tt.in)
		}
	}
}

// TestNoProtagonistMessage: the error of a story without a protagonist says what it found and
// what it lacks.
func TestNoProtagonistMessage(t *testing.T) {
	tests := []struct {
		in       string
		names    map[string]string
		contains []string
	}{
		{"The weather was nice; they went out.", nil, []string{"no gendered pronoun, gendered noun, self-description", "known given name"}},
		{"The dog barked.", map[string]string{"Tom": "Ann"}, []string{"and no key of names"}},
		{"Mary left early.", map[string]string{"Tom": "Ann"}, []string{`found the known given name "Mary" (no gendered pronoun, no gendered noun)`, "but no key of names occurs in the text"}},
	}
	for _, tt := range tests {
		_, err := NewPair(tt.in, tt.names)
		require.ErrorIs(t, err, ErrNoProtagonist, tt.in)
		for _, c := range tt.contains {
			assert.Contains(t, err.Error(), c, tt.in)
		}
	}
}
