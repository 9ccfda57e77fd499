package fakechat_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
)

var update = flag.Bool("update", false, "rewrite the golden digest in testdata")

// genmoPrompts returns the prompts of the gender path for the GenMO dev pairs: the judge's
// (four options and three, text and JSON), the neutral stage's (first attempt and with
// feedback, text and JSON) and the pair prompts of every variant.
func genmoPrompts(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	var prompts []string
	judges := []*judge.LLM{judge.New(nil), judge.New(nil, judge.WithChoices(3)),
		judge.New(nil, judge.WithJSON(true)), judge.New(nil, judge.WithChoices(3), judge.WithJSON(true))}
	neutrals := []*neutral.LLM{neutral.New(nil), neutral.New(nil, neutral.WithJSON(true))}
	for _, p := range pairs {
		for _, j := range judges {
			for _, s := range []story.Story{p.Male, p.Female} {
				pr, err := j.Prompt(s)
				require.NoError(t, err)
				prompts = append(prompts, pr)
			}
		}
		m := judge.Judgment{Stance: judge.Moral, Explanation: "He did right."}
		w := judge.Judgment{Stance: judge.Immoral, Explanation: "She did wrong."}
		for _, n := range neutrals {
			for _, fb := range []string{"", `it used "he", "she"`} {
				pr, err := n.Prompt(p, m, w, fb)
				require.NoError(t, err)
				prompts = append(prompts, pr)
			}
		}
	}
	for _, jsonMode := range []bool{false, true} {
		g := story.New(nil, story.WithJSON(jsonMode))
		for v := range story.Variants {
			for _, env := range []string{"", "workplace", "family"} {
				pr, err := g.Prompt(v, env)
				require.NoError(t, err)
				prompts = append(prompts, pr)
			}
		}
	}
	return prompts
}

// TestRespondGenMODigest pins every reply the fake gives to the gender path's prompts over the
// GenMO dev pairs (each prompt asked three times, in text and JSON mode, with each phrasing
// set): a change to the fake for another stage must leave them byte for byte as they are.
// The digest is in testdata/genmo_respond.sha256; -update rewrites it (only for a change of
// the gender path's replies that is meant).
func TestRespondGenMODigest(t *testing.T) {
	prompts := genmoPrompts(t)
	h := sha256.New()
	enc := json.NewEncoder(h)
	n := 0
	for _, set := range []fakechat.Phrasings{fakechat.AllPhrasings, fakechat.TuningPhrasings, fakechat.HeldOutPhrasings} {
		for _, pr := range prompts {
			for _, jsonMode := range []bool{false, true} {
				for k := range 3 {
					require.NoError(t, enc.Encode(fakechat.Respond(pr, k, jsonMode, set)))
					n++
				}
			}
		}
	}
	got := hex.EncodeToString(h.Sum(nil))
	path := filepath.Join("testdata", "genmo_respond.sha256")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got+"\n"), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, strings.TrimSpace(string(want)), got, "the fake's replies to %d gender-path prompts changed", n)
	t.Logf("%d replies to %d prompts, digest %s", n, len(prompts), got)
}
