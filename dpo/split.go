package dpo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/rouge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// DefaultMaxRouge1 is the ROUGE-1 F1 above which [SplitRecords] treats the stories of two pairs
// as near-duplicates when no [WithMaxRouge1] says otherwise.
const DefaultMaxRouge1 = 0.9

// SplitOption configures [SplitRecords]: [WithEvalFraction], [WithSeed], [WithMaxRouge1]. The
// last option of a kind wins.
type SplitOption interface{ applySplit(*splitConfig) }

// splitConfig is what the SplitOptions set; its zero value puts every pair in Train.
type splitConfig struct {
	evalFraction float64
	seed         uint64
	maxRouge1    float64
}

type splitOption func(*splitConfig)

func (f splitOption) applySplit(c *splitConfig) { f(c) }

// WithEvalFraction sets the share of pairs held out for evaluation, in [0, 1); 0, the default,
// holds out none. A value outside [0, 1) makes SplitRecords fail with [ErrInvalidOption].
func WithEvalFraction(f float64) SplitOption {
	return splitOption(func(c *splitConfig) { c.evalFraction = f })
}

// WithSeed seeds the shuffle: the same records in the same order with the same seed give the
// same split. The default is 0.
func WithSeed(seed uint64) SplitOption {
	return splitOption(func(c *splitConfig) { c.seed = seed })
}

// WithMaxRouge1 sets the ROUGE-1 F1 (see [story.Rouge1]) between two pairs' stories above which
// they are near-duplicates and kept on the same side. 0 means [DefaultMaxRouge1]; 1 or more
// turns the ROUGE check off (identical stories are still kept together); a negative value makes
// SplitRecords fail with [ErrInvalidOption].
func WithMaxRouge1(x float64) SplitOption {
	return splitOption(func(c *splitConfig) { c.maxRouge1 = x })
}

// SplitConfig says how [SplitRecords] holds pairs out for evaluation. The zero value puts every
// pair in Train. A SplitConfig is a [SplitOption] that sets all three settings at once.
//
// Deprecated: pass [WithEvalFraction], [WithSeed] and [WithMaxRouge1] to SplitRecords instead;
// kept for one release.
type SplitConfig struct {
	// EvalFraction is the share of pairs held out for evaluation, in [0, 1).
	EvalFraction float64
	// Seed seeds the shuffle: the same records in the same order with the same Seed give the same split.
	Seed uint64
	// MaxRouge1 is the ROUGE-1 F1 (see [story.Rouge1]) between two pairs' stories above which they
	// are near-duplicates and kept on the same side. Zero means [DefaultMaxRouge1]; 1 or more
	// turns the ROUGE check off (identical stories are still kept together).
	MaxRouge1 float64
}

func (cfg SplitConfig) applySplit(c *splitConfig) {
	*c = splitConfig{evalFraction: cfg.EvalFraction, seed: cfg.Seed, maxRouge1: cfg.MaxRouge1}
}

// Split is a train/evaluation split of records, each record (a pair, both sides) whole on one side.
type Split struct {
	Train  []record.Record // in input order
	Eval   []record.Record // in input order
	Groups int             // how many groups of near-duplicate pairs the records formed
}

// SplitRecords divides records into a training and an evaluation set without leakage: a record
// carries both sides of a pair, so the two sides are never apart, and pairs whose stories are
// near-duplicates stay together too. Two pairs are near-duplicates when one's story is the same
// as the other's after swapping gender and names with [story.Swap] (compared as ROUGE tokens,
// with the protagonist's name set aside), or when the ROUGE-1 F1 of their stories is above the
// threshold of [WithMaxRouge1].
//
// Groups of near-duplicates are shuffled with the seed of [WithSeed] and moved to Eval until it
// holds round(fraction × len(records)) pairs (the fraction of [WithEvalFraction]), skipping groups that would overshoot; at least one
// pair stays in Train, and a positive fraction holds out at least one pair when two groups exist
// (the smallest group, when every group is larger than the target).
//
// The ROUGE check stems every story once, then compares the stem counts of every two pairs whose
// lengths allow a match (which gives exactly the F1 of [story.Rouge1]); its cost grows with the
// square of the number of similar-length pairs, so turn it off (WithMaxRouge1(1)) for very large
// inputs. Without options every pair goes to Train. SplitRecords does not modify records and is
// safe for concurrent use.
func SplitRecords(records []record.Record, opts ...SplitOption) (Split, error) {
	var cfg splitConfig
	for _, o := range opts {
		if o != nil {
			o.applySplit(&cfg)
		}
	}
	threshold, err := cfg.threshold()
	if err != nil {
		return Split{}, err
	}
	groups, order := nearGroups(records, threshold)
	rng := rand.New(rand.NewPCG(cfg.seed, 0x9e3779b97f4a7c15))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	toEval := holdOut(groups, order, len(records), cfg.evalFraction)
	out := Split{Groups: len(order)}
	for i := range records {
		if toEval[i] {
			out.Eval = append(out.Eval, records[i])
		} else {
			out.Train = append(out.Train, records[i])
		}
	}
	return out, nil
}

// threshold checks cfg and returns the ROUGE-1 F1 above which two stories are near-duplicates.
func (cfg splitConfig) threshold() (float64, error) {
	if !(cfg.evalFraction >= 0 && cfg.evalFraction < 1) {
		return 0, fmt.Errorf("%w: eval fraction %v is outside [0, 1)", ErrInvalidOption, cfg.evalFraction)
	}
	if math.IsNaN(cfg.maxRouge1) || cfg.maxRouge1 < 0 {
		return 0, fmt.Errorf("%w: max ROUGE-1 %v is negative", ErrInvalidOption, cfg.maxRouge1)
	}
	if cfg.maxRouge1 == 0 {
		return DefaultMaxRouge1, nil
	}
	return cfg.maxRouge1, nil
}

// nearGroups groups the records whose stories are near-duplicates (see [SplitRecords]): groups
// maps each group's root, its first record, to its records in input order, and order lists the
// roots in input order.
func nearGroups(records []record.Record, threshold float64) (groups map[int][]int, order []int) {
	n := len(records)
	uf := newUnionFind(n)
	texts := sameStories(records, uf)
	if threshold < 1 {
		nearDuplicates(texts, threshold, uf)
	}
	groups = map[int][]int{}
	for i := range n {
		root := uf.find(i)
		if _, ok := groups[root]; !ok {
			order = append(order, root)
		}
		groups[root] = append(groups[root], i)
	}
	return groups, order
}

// sameStories joins in uf the records that tell the same story once both are told about a man
// with the same placeholder name, and returns each record's text for the ROUGE check: its
// canonical male story, or its female one when the male story is blank.
func sameStories(records []record.Record, uf *unionFind) []string {
	texts := make([]string, len(records))
	seen := make(map[string]int, 2*len(records))
	for i := range records {
		m, f := canonical(&records[i])
		texts[i] = m
		if strings.TrimSpace(m) == "" {
			texts[i] = f
		}
		for _, k := range []string{rouge.Key(m), rouge.Key(f)} {
			if k == "" {
				continue
			}
			if j, ok := seen[k]; ok {
				uf.union(i, j)
			} else {
				seen[k] = i
			}
		}
	}
	return texts
}

// holdOut chooses the groups that go to Eval, in shuffled order, and marks their records: groups
// that fit are taken until round(fraction × n) records are held out; at least one record stays in
// Train, and a positive fraction holds out at least one group when two exist (the smallest, when
// every group is larger than the target).
func holdOut(groups map[int][]int, order []int, n int, fraction float64) []bool {
	target := int(math.Round(fraction * float64(n)))
	if fraction > 0 && target == 0 && len(order) > 1 {
		target = 1
	}
	target = min(target, n-1)
	toEval := make([]bool, n)
	held := 0
	for _, root := range order {
		if held >= target {
			break
		}
		g := groups[root]
		if held+len(g) > target {
			continue
		}
		for _, i := range g {
			toEval[i] = true
		}
		held += len(g)
	}
	if held == 0 && fraction > 0 && len(order) > 1 {
		// Every group is larger than the target: hold out the smallest one (the first of the
		// smallest in shuffled order), which leaves at least one group in Train.
		for _, i := range groups[smallest(groups, order)] {
			toEval[i] = true
		}
	}
	return toEval
}

// smallest returns the root of the first smallest group in order.
func smallest(groups map[int][]int, order []int) int {
	best := order[0]
	for _, root := range order[1:] {
		if len(groups[root]) < len(groups[best]) {
			best = root
		}
	}
	return best
}

// placeholder stands for the protagonist's name in the canonical form of a story.
const placeholder = "Protagonist"

// canonical returns the record's male story and its female story swapped to male, both with the
// protagonist's name replaced by placeholder.
func canonical(r *record.Record) (male, female string) {
	male = replaceName(r.Male.Story, strings.TrimSpace(r.Male.CharacterName), placeholder)
	var names map[string]string
	if name := strings.TrimSpace(r.Female.CharacterName); name != "" {
		names = map[string]string{name: placeholder}
	}
	female = story.Swap(r.Female.Story, names)
	return male, female
}

// replaceName replaces whole-word occurrences of name in text.
func replaceName(text, name, with string) string {
	if name == "" {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, name)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		end := i + len(name)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[end:])
		b.WriteString(text[:i])
		if (i == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			b.WriteString(with)
		} else {
			b.WriteString(name)
		}
		text = text[end:]
	}
}

func isWordRune(r rune) bool {
	return r == '_' || r == '\'' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || r >= utf8.RuneSelf
}

// nearDuplicates joins the groups of texts whose ROUGE-1 F1 is above threshold. Each text's
// stems are counted once (the word bags of the ROUGE engine behind [story.Rouge1]), and the
// bags give the same F1 as [story.Rouge1], bit for bit.
func nearDuplicates(texts []string, threshold float64, uf *unionFind) {
	bags := make([]rouge.Bag, len(texts))
	idx := make([]int, len(texts))
	vocab := rouge.NewVocab()
	for i, t := range texts {
		bags[i] = vocab.NewBag(t)
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(bags[a].Len(), bags[b].Len()) })
	for x, i := range idx {
		a := bags[i]
		if a.Len() == 0 {
			continue
		}
		for _, j := range idx[x+1:] {
			b := bags[j]
			// The F1 of two texts is at most that of the shorter one found whole in the longer;
			// lengths only grow from here, so the bound only falls.
			if rouge.MaxF1(a.Len(), b.Len()) <= threshold {
				break
			}
			if uf.find(i) != uf.find(j) && a.F1(b) > threshold {
				uf.union(i, j)
			}
		}
	}
}

type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return &unionFind{parent: p}
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union joins the groups of i and j under the smaller root, so roots are first members.
func (u *unionFind) union(i, j int) {
	a, b := u.find(i), u.find(j)
	if a == b {
		return
	}
	if b < a {
		a, b = b, a
	}
	u.parent[b] = a
}
