package filekind_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/internal/htmlpage"
)

func cssFirstLine() string { l, _, _ := strings.Cut(htmlpage.CSS, "\n"); return l }

func TestOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]filekind.Kind{
		"":    filekind.Empty,
		" \n": filekind.Empty,
		`[{"male_story": "a", "female_story": "b"}]`: filekind.GenMO,
		"\xef\xbb\xbf" + `[{"male_story": "a"}]`:     filekind.GenMO,
		`[]`:                                         filekind.Unknown,
		`{"male": {"story": "a", "stance": "Moral"}, "female": {"stance": "Both"}, "label": "Work"}`:                                filekind.Results,
		`{"male": {"story": "a", "character_name": "Tom", "stance": "Moral"}, "female": {}, "example_source": 0, "id": 7}` + "\n{}": filekind.Records,
		`{"prompt": "p", "chosen": "c", "rejected": "r"}`:                                                                           filekind.Training,
		`{"input": {"messages": []}, "preferred_output": []}`:                                                                       filekind.Training,
		`{"story": "Tom helps."}`: filekind.Stories,
		`nope`:                    filekind.Unknown,
		"hello world":             filekind.Unknown,
		`{"a":1}`:                 filekind.Unknown,
		`{"item": {"id": "mc1/0", "benchmark": "truthfulqa"}, "reply": "A", "choice": 0}`:  filekind.BenchResults,
		"<!DOCTYPE html>\n<html><head><style>" + cssFirstLine() + "</style></head></html>": filekind.Report,
		"<!DOCTYPE html>\n<html><body><footer>Made by evenhand's bench package.</footer>":  filekind.Report,
		"<!doctype html><html><body>my notes</body></html>":                                filekind.HTML,
		"\xff\xfe{\x00\"\x00":    filekind.UTF16,
		"{\x00\"\x00a\x00\"\x00": filekind.UTF16,
		"---\nconfigs:\n- config_name: default\n---\n# x\nrun evenhand's command":                      filekind.Card,
		"---\nconfigs:\n- config_name: default\n---\n# someone else's card":                            filekind.Unknown,
		"{\n  \"name\": \"x\",\n  \"format\": \"trl\",\n  \"template\": \"t\",\n  \"splits\": []\n}\n": filekind.CardJSON,
		"{\n  \"axis\": \"Religion\",\n  \"twins\": 3,\n  \"mismatch_rate\": 0.5\n}\n":                 filekind.AxisReport,
		"{\n  \"axis\": \"Age\",\n  \"quads\": 3,\n  \"mismatch_rate\": 0.5\n}\n":                      filekind.AxisReport,
		"{\n  \"before\": {},\n  \"after\": {},\n  \"mcnemar_p\": 1\n}\n":                              filekind.AxisReport,
		"{\n  \"before\": {},\n  \"mcnemar_p\": 1,\n  \"resolution\": {}\n}\n":                         filekind.Unknown,
		"{\n  \"name\": \"x\"\n}\n": filekind.Unknown,
		`{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"group":"Muslim","story":"a","character_name":"Omar","stance":"Moral"},{}],"id":0}`: filekind.TwinRecords,
		`{"axis":"Age","groups":["old","young"],"sides":[{"neutral_explanation":"n"},{}]}`:                                                                filekind.TwinRecords,
		`{"axis":"Religion","groups":["Muslim","Christian"],"sides":[{"group":"Muslim","story":"a","stance":"Moral"},{}],"label":"Work"}`:                 filekind.TwinResults,
		`{"axis":"Age","sides":[]}`: filekind.Unknown,
	} {
		if got := filekind.Of([]byte(in)); got != want {
			t.Errorf("Of(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzOf checks that recognising a file never panics and that a kind always has a name.
func FuzzOf(f *testing.F) {
	for _, s := range []string{"", "[", "[{}", `[{"male_story": 1}]`, `{"male": null}`, `{"male": {"stance": "x"}, "label": 1}`, "\xef\xbb\xbf{}", "null\n{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if k := filekind.Of(b); k.String() == "" {
			t.Fatalf("Of(%q) = %d without a name", b, k)
		}
	})
}

// TestFileLongFirstLine: a records file whose first record is longer than the 1 MiB looked at
// first is still recognised, so an output guard does not take it for someone else's file.
func TestFileLongFirstLine(t *testing.T) {
	t.Parallel()
	story := strings.Repeat("Tom walked to the market and he bought bread. ", 50_000) // 2.3 MB
	line := `{"male":{"story":"` + story + `","character_name":"Tom","stance":"Moral"},"female":{"story":"x","character_name":"Ann"},"example_source":0,"id":0}` + "\n"
	p := filepath.Join(t.TempDir(), "r.jsonl")
	if err := os.WriteFile(p, []byte(line+line), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := filekind.File(p); got != filekind.Records {
		t.Fatalf("File = %v, want %v", got, filekind.Records)
	}
	if err := os.WriteFile(p, []byte(`{"note":"`+story+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := filekind.File(p); got != filekind.Unknown {
		t.Fatalf("File = %v, want %v", got, filekind.Unknown)
	}
}
