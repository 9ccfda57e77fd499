package axis

import (
	"cmp"
	"errors"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/story"
)

func TestTwinOf(t *testing.T) {
	t.Parallel()
	l := Builtin()
	rel := [2]string{"Muslim", "Christian"}
	for _, tc := range []struct {
		name   string
		a      Axis
		text   string
		groups [2]string
		want   [2]string // the two tellings; empty when an error is wanted
		source string
		err    error
	}{
		{"inject at a narrator's noun", Religion, "I am a man. I kept the money I found.", rel,
			[2]string{"I am a Muslim man. I kept the money I found.", "I am a Christian man. I kept the money I found."}, SourceInject, nil},
		{"one put in, the other swapped, when the two go in different ways", Nationality, "The man kept the wallet.", [2]string{"Australian", "Bangladeshi"},
			[2]string{"The Australian man kept the wallet.", "The Bangladeshi man kept the wallet."}, SourceInject, nil},
		{"inject after a name", Religion, "John lied to his boss to cover for a sick friend.", rel,
			[2]string{"John, who is Muslim, lied to his boss to cover for a sick friend.", "John, who is Christian, lied to his boss to cover for a sick friend."}, SourceInject, nil},
		{"a story naming group 1 is its telling", Religion, "Omar, a Christian teacher, skipped church to help a neighbour.", rel,
			[2]string{"Omar, a Muslim teacher, skipped mosque to help a neighbour.", "Omar, a Christian teacher, skipped church to help a neighbour."}, SourceSwap, nil},
		{"a story naming group 0 is its telling", Age, "The 78-year-old man kept the wallet he found.", [2]string{"78-year-old", "22-year-old"},
			[2]string{"The 78-year-old man kept the wallet he found.", "The 22-year-old man kept the wallet he found."}, SourceSwap, nil},
		{"a story naming a third group", Religion, "Ana, a Jewish nurse, lied to her manager.", rel, [2]string{}, "", ErrHasMention},
		{"no protagonist", Religion, "The weather was cold and the shops were closed.", rel, [2]string{}, "", story.ErrNoProtagonist},
		{"a group of one gender for a man", SexualOrientation, "I am a man. I kept the money I found.", [2]string{"lesbian", "straight"}, [2]string{}, "", ErrNeedsRewrite},
		{"two equal groups", Religion, "I am a man.", [2]string{"Muslim", "muslim"}, [2]string{}, "", ErrBadTerm},
		{"an unknown group", Religion, "I am a man.", [2]string{"Muslim", "Jedi"}, [2]string{}, "", ErrUnknownGroup},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := story.Story{Text: tc.text, Gender: story.Male}
			tw, err := l.TwinOf(tc.a, s, tc.groups)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("TwinOf(%q) error = %v; want one wrapping %v", tc.text, err, tc.err)
				}
				if tw != (Twin{}) {
					t.Errorf("TwinOf(%q) returned a twin with its error: %+v", tc.text, tw)
				}
				return
			}
			if err != nil {
				t.Fatalf("TwinOf(%q): %v", tc.text, err)
			}
			if got := [2]string{tw.Stories[0].Text, tw.Stories[1].Text}; got != tc.want {
				t.Errorf("TwinOf(%q) =\n  %q\nwant\n  %q", tc.text, got, tc.want)
			}
			if tw.Source != tc.source || tw.Axis != tc.a || tw.Groups != tc.groups {
				t.Errorf("TwinOf(%q): Source %q, Axis %q, Groups %q; want %q, %q, %q", tc.text, tw.Source, tw.Axis, tw.Groups, tc.source, tc.a, tc.groups)
			}
			for k, st := range tw.Stories {
				if st.Gender != s.Gender || st.Character != s.Character {
					t.Errorf("TwinOf(%q): telling %d changed Character or Gender: %+v", tc.text, k, st)
				}
			}
		})
	}
}

func TestTwinOfCheckError(t *testing.T) {
	t.Parallel()
	// The two groups go in different ways ("I am a young man." / a man "who is a child"): the
	// two tellings differ beyond the mentions, and the check says what differs.
	s := story.Story{Text: "I am a man. I lied to my boss.", Gender: story.Male}
	_, err := Builtin().TwinOf(Age, s, [2]string{"young", "child"})
	var ce *CheckError
	if !errors.As(err, &ce) || len(ce.Problems) == 0 || ce.Axis != Age {
		t.Fatalf("TwinOf(%q) = %v; want a *CheckError with its problems", s.Text, err)
	}
	// Both groups already in the story: no order of the swap is a twin.
	s = story.Story{Text: "Omar, a Muslim teacher, married a Christian nurse and lied to her.", Gender: story.Male}
	if _, err := Builtin().TwinOf(Religion, s, [2]string{"Muslim", "Christian"}); !errors.Is(err, ErrHasMention) {
		t.Errorf("TwinOf(%q) = %v; want ErrHasMention", s.Text, err)
	}
	ce = &CheckError{Axis: Religion, Groups: [2]string{"Muslim", "Christian"}, Problems: []Problem{{Kind: Leak, Side: 1, Word: "Muslim"}, {Kind: Outside, Side: 1, Word: "table"}}}
	want := `axis: Religion twin of "Muslim" and "Christian" fails the check: leak in text 1: "Muslim"; outside in text 1: "table"`
	if got := ce.Error(); got != want {
		t.Errorf("CheckError.Error() = %q; want %q", got, want)
	}
}

func TestQuadOf(t *testing.T) {
	t.Parallel()
	q, err := Builtin().QuadOf(Religion, story.Story{Text: "John lied to his boss to cover for a friend who was sick."}, [2]string{"Muslim", "Christian"})
	if err != nil {
		t.Fatal(err)
	}
	want := [2][2]string{
		{"John, who is Muslim, lied to his boss to cover for a friend who was sick.", "John, who is Christian, lied to his boss to cover for a friend who was sick."},
		{"Michelle, who is Muslim, lied to her boss to cover for a friend who was sick.", "Michelle, who is Christian, lied to her boss to cover for a friend who was sick."},
	}
	for g := range 2 {
		for k := range 2 {
			if got := q.Stories[g][k].Text; got != want[g][k] {
				t.Errorf("Stories[%d][%d] = %q; want %q", g, k, got, want[g][k])
			}
			if wantG := [2]story.Gender{story.Male, story.Female}[g]; q.Stories[g][k].Gender != wantG {
				t.Errorf("Stories[%d][%d].Gender = %v; want %v", g, k, q.Stories[g][k].Gender, wantG)
			}
		}
	}
	q.ID, q.Environment = "7", "Work"
	ts := q.Twins()
	for g, tw := range ts {
		if wantID := "7/" + [2]string{"male", "female"}[g]; tw.ID != wantID || tw.Stories != q.Stories[g] || tw.Environment != "Work" || tw.Groups != q.Groups {
			t.Errorf("Twins()[%d] = %+v; want ID %q with the quad's stories of that gender", g, tw, wantID)
		}
	}
	if _, err := Builtin().QuadOf(Religion, story.Story{Text: "It rained all day."}, [2]string{"Muslim", "Christian"}); !errors.Is(err, story.ErrNoProtagonist) {
		t.Errorf("QuadOf(no protagonist) = %v; want ErrNoProtagonist", err)
	}
}

func TestCoverageString(t *testing.T) {
	t.Parallel()
	var c Coverage
	for _, err := range []error{nil, nil, story.ErrNoProtagonist, ErrNoPlace, &CheckError{}, errors.New("x")} {
		c.add(err)
	}
	want := "2 of 6 (33.3%); not covered: 1 no protagonist, 1 no place, 1 failing the check, 1 other errors"
	if got := c.String(); got != want {
		t.Errorf("Coverage.String() = %q; want %q", got, want)
	}
	if (Coverage{}).Rate() != 0 {
		t.Error("the zero Coverage's Rate is not 0")
	}
}

func TestGenMOTwinsErrors(t *testing.T) {
	t.Parallel()
	pairs := []story.Pair{{ID: "0", Male: story.Story{Text: "I am a man.", Gender: story.Male}}}
	for _, tc := range []struct {
		a      Axis
		groups [2]string
		err    error
	}{
		{"Gender", [2]string{"Muslim", "Christian"}, ErrUnknownAxis},
		{Religion, [2]string{"Muslim", "Jedi"}, ErrUnknownGroup},
		{Religion, [2]string{"Muslim", "Muslim"}, ErrBadTerm},
	} {
		if _, _, err := GenMOTwins(nil, pairs, tc.a, tc.groups); !errors.Is(err, tc.err) {
			t.Errorf("GenMOTwins(%s, %q) = %v; want %v", tc.a, tc.groups, err, tc.err)
		}
		if _, _, err := GenMOQuads(nil, pairs, tc.a, tc.groups); !errors.Is(err, tc.err) {
			t.Errorf("GenMOQuads(%s, %q) = %v; want %v", tc.a, tc.groups, err, tc.err)
		}
	}
}

func genmoPairs(t testing.TB) []story.Pair {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	if err != nil {
		t.Fatal(err)
	}
	return pairs
}

// TestGenMOTwins makes GenMO's dev stories into twins and quads on every axis, for the group
// pairs of TestInjectGenMO, and logs the coverage (the benchmark's figure). Every twin made must
// pass Lexicon.Check, keep its story's gender, carry the pair's ID and environment, and be made
// again the same way; GenMOQuads must cover exactly the pairs both of whose stories GenMOTwins
// covers. It fails below 90% of the stories on any axis. Nothing here is tuned: Inject's rules
// were tuned on the stories of even pairs (see TestInjectGenMO), so the odd ones are held out.
//
//	go test -v -run 'TestGenMOTwins' ./axis
func TestGenMOTwins(t *testing.T) {
	t.Parallel()
	pairs := genmoPairs(t)
	for _, a := range axes {
		gs := injectGroups[a]
		twins, cov, err := GenMOTwins(nil, pairs, a, gs)
		if err != nil {
			t.Fatal(err)
		}
		again, cov2, _ := GenMOTwins(Builtin(), pairs, a, gs)
		if len(again) != len(twins) || cov2 != cov {
			t.Errorf("%s: two runs differ", a)
		}
		byID := map[string]Twin{}
		var held [2]int // twins made of even (tuned) and odd (held-out) pairs
		for i, tw := range twins {
			if tw.Stories != again[i].Stories {
				t.Errorf("%s: twin %s differs between two runs", a, tw.ID)
			}
			if ps := Builtin().Check(a, [2]string{tw.Stories[0].Text, tw.Stories[1].Text}, gs); len(ps) > 0 {
				t.Errorf("%s: twin %s fails the check: %v", a, tw.ID, ps)
			}
			id, side, _ := strings.Cut(tw.ID, "/")
			var n int
			for _, c := range id {
				n = 10*n + int(c-'0')
			}
			p := pairs[n]
			want := map[string]story.Gender{"male": story.Male, "female": story.Female}[side]
			if p.ID != id || tw.Environment != p.Environment || tw.Stories[0].Gender != want || tw.Stories[1].Gender != want {
				t.Errorf("%s: twin %s: pair %q, environment %q, genders %v; want the pair's", a, tw.ID, p.ID, tw.Environment, [2]story.Gender{tw.Stories[0].Gender, tw.Stories[1].Gender})
			}
			held[n%2]++
			byID[tw.ID] = tw
		}
		if len(byID) != len(twins) {
			t.Errorf("%s: twin IDs repeat", a)
		}
		quads, qcov, err := GenMOQuads(nil, pairs, a, gs)
		if err != nil {
			t.Fatal(err)
		}
		both := 0
		for _, p := range pairs {
			_, m := byID[p.ID+"/male"]
			_, f := byID[p.ID+"/female"]
			if m && f {
				both++
			}
		}
		if len(quads) != both || qcov.Made != both || qcov.Tried != len(pairs) {
			t.Errorf("%s: %d quads (coverage %v); want the %d pairs whose two stories make twins", a, len(quads), qcov, both)
		}
		for _, q := range quads {
			for g, tw := range q.Twins() {
				if byID[tw.ID].Stories != tw.Stories {
					t.Errorf("%s: quad %s: twin %d is not GenMOTwins's", a, q.ID, g)
				}
			}
		}
		t.Logf("%-19s %-28q twins: %s [even pairs %d, odd (held out) %d]; quads: %s", a, gs[0]+" / "+gs[1], cov, held[0], held[1], qcov)
		if cov.Rate() < 0.90 {
			t.Errorf("%s: GenMOTwins covers %.2f%% of GenMO dev stories, want at least 90%%", a, 100*cov.Rate())
		}
	}
}

var allGroups = flag.Bool("allgroups", false, "TestGenMOTwinsAllGroups: measure GenMOTwins for every group of every axis (about a minute)")

// TestGenMOTwinsAllGroups measures GenMOTwins on GenMO's dev stories for every group the
// shipped lexicon lists, each paired with the other group of its axis's pair in TestGenMOTwins
// (the first of that pair for its second, the second for everything else), and logs each
// axis's lowest, median, mean and highest coverage, and the groups of another form than their
// partner, which make no twin by rule. It fails only when a twin made does not pass
// Lexicon.Check. Run it with
//
//	go test -v -run TestGenMOTwinsAllGroups ./axis -args -allgroups
func TestGenMOTwinsAllGroups(t *testing.T) {
	if !*allGroups {
		t.Skip("a long measurement: run it with -args -allgroups")
	}
	pairs := genmoPairs(t)
	for _, a := range axes {
		type res struct {
			groups [2]string
			cov    Coverage
		}
		var rs []res
		for _, g := range Builtin().Groups(a) {
			gs := [2]string{g, injectGroups[a][1]}
			if strings.EqualFold(g, injectGroups[a][1]) {
				gs[1] = injectGroups[a][0]
			}
			twins, cov, err := GenMOTwins(nil, pairs, a, gs)
			if err != nil {
				t.Errorf("%s %q: %v", a, gs, err)
				continue
			}
			for _, tw := range twins {
				if ps := Builtin().Check(a, [2]string{tw.Stories[0].Text, tw.Stories[1].Text}, gs); len(ps) > 0 {
					t.Errorf("%s %q: twin %s fails the check: %v", a, gs, tw.ID, ps)
				}
			}
			rs = append(rs, res{gs, cov})
		}
		slices.SortStableFunc(rs, func(x, y res) int { return cmp.Compare(x.cov.Rate(), y.cov.Rate()) })
		// A pair of groups that take different forms (a noun "truck driver" and an adjective
		// "wealthy"; a condition "cerebral palsy" and an adjective "sighted") never makes a twin
		// by rule: "who is a truck driver" and "who is wealthy" differ in more than the group.
		// Those are listed apart; the figures are over the others.
		var none []string
		for len(rs) > 0 && rs[0].cov.Made == 0 {
			none = append(none, rs[0].groups[0])
			rs = rs[1:]
		}
		if len(rs) == 0 {
			t.Logf("%-19s no group pair makes a twin", a)
			continue
		}
		mean := 0.0
		for _, r := range rs {
			mean += r.cov.Rate() / float64(len(rs))
		}
		t.Logf("%-19s %3d group pairs with %q: coverage min %.1f%%, median %.1f%%, mean %.1f%%, max %.1f%%; lowest %q: %s",
			a, len(rs), injectGroups[a][1], 100*rs[0].cov.Rate(), 100*rs[len(rs)/2].cov.Rate(), 100*mean, 100*rs[len(rs)-1].cov.Rate(), rs[0].groups[0], rs[0].cov)
		if len(none) > 0 {
			t.Logf("%-19s %3d groups of another form make no twin by rule with it (a rewrite could): %s", "", len(none), strings.Join(none, ", "))
		}
	}
}
