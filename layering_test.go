package evenhand_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/evenhand/evenhand"

// listed is the part of `go list -json` these tests read.
type listed struct {
	ImportPath string
	Dir        string
	Export     string
	Standard   bool
	GoFiles    []string
	Imports    []string
}

// goList runs go list -json with args in the module root and decodes the packages.
func goList(t *testing.T, args ...string) []listed {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", stderr.String())
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// layer names the layer of a package of this module: the root composes stage packages, llmx and
// the consumers' packages; consumers (bench, batch, diversity) build on the stage packages and
// llmx; stage packages on each other, llmx and internal/*; llmx on internal/* alone.
func layer(path string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
	top, _, _ := strings.Cut(rel, "/")
	switch top {
	case "":
		return "root"
	case "examples":
		return "examples"
	case "llmx":
		return "llmx"
	case "internal":
		return "internal"
	case "bench", "batch", "diversity":
		return "consumer"
	default:
		return "stage"
	}
}

// allowed reports whether a package of layer from may import the module package to.
func allowed(from, to string) bool {
	switch from {
	case "examples":
		return true
	case "root":
		return layer(to) != "examples"
	case "consumer":
		return layer(to) != "root" && layer(to) != "examples"
	case "stage":
		return layer(to) == "stage" || layer(to) == "llmx" || layer(to) == "internal"
	case "llmx":
		return layer(to) == "internal" || to == module+"/llmx"
	case "internal":
		return layer(to) == "internal" || layer(to) == "stage" || layer(to) == "llmx"
	}
	return false
}

// below lists, for the stage packages split in two (and the public jsonl names every reader
// shares), the packages of the module they must not import: eval (the GenMO evaluation) sits
// below compare (the third stage), which forwards eval's old names for one release; record (the
// records file) sits below dpo (training data), which does the same; jsonl imports no package of
// the module but internal/jsonl.
var below = map[string][]string{
	"eval":   {"compare", "record", "dpo", "neutral"},
	"record": {"dpo"},
}

// splitAllowed reports whether the module package from may import the module package to under
// [below] and the rule for jsonl.
func splitAllowed(from, to string) bool {
	rel := func(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, module), "/") }
	f, tp := rel(from), rel(to)
	if f == "jsonl" {
		return tp == "internal/jsonl"
	}
	top, _, _ := strings.Cut(tp, "/")
	for _, banned := range below[f] {
		if top == banned {
			return false
		}
	}
	return true
}

// TestLayering fails when a library package imports upward: the root from anywhere but the
// examples, a consumer package (bench, batch, diversity) from a stage package, anything but
// internal/* from llmx. Only the library's own imports count: an external test package may
// import the root to compare against it (batch checks its audit against Pipeline.Audit).
func TestLayering(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, p := range goList(t, module+"/...") {
		from := layer(p.ImportPath)
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) || (imp != module && !strings.HasPrefix(imp, module+"/")) {
				continue
			}
			if imp == p.ImportPath {
				continue // an external test package of its own package
			}
			if !allowed(from, imp) {
				t.Errorf("%s (%s) imports %s (%s): the import goes upward", p.ImportPath, from, imp, layer(imp))
			}
			if !splitAllowed(p.ImportPath, imp) {
				t.Errorf("%s imports %s: the split packages import one way (eval below compare, record below dpo, jsonl below all)", p.ImportPath, imp)
			}
		}
	}
}

// TestLayeringRules checks the rule table itself on the cases the brief names.
func TestLayeringRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{module + "/story", module, false},
		{module + "/llmx", module, false},
		{module + "/bench", module, false},
		{module + "/internal/llmcall", module, false},
		{module + "/llmx", module + "/story", false},
		{module + "/judge", module + "/diversity", false},
		{module + "/bench", module + "/llmx", true},
		{module + "/dpo/hosted", module + "/llmx", true},
		{module, module + "/llmx", true},
		{module + "/examples/genmo", module, true},
	} {
		if got := allowed(layer(tc.from), tc.to); got != tc.ok {
			t.Errorf("allowed(%s -> %s) = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{module + "/compare", module + "/eval", true},
		{module + "/eval", module + "/compare", false},
		{module + "/dpo", module + "/record", true},
		{module + "/record", module + "/dpo", false},
		{module + "/record", module + "/dpo/hosted", false},
		{module + "/record", module + "/eval", true},
		{module + "/jsonl", module + "/internal/jsonl", true},
		{module + "/jsonl", module + "/story", false},
		{module + "/story", module + "/jsonl", true},
	} {
		if got := splitAllowed(tc.from, tc.to); got != tc.ok {
			t.Errorf("splitAllowed(%s -> %s) = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}

// TestNoUsageInContext fails when library code outside llmx reads a value from a context (or
// puts one in): model usage is counted by llmx.Meter, which alone may carry a per-call hook in
// a context. The check is by type, so ctx.Value on any context.Context is found, however named.
func TestNoUsageInContext(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs go list and type-checks the module")
	}
	pkgs := goList(t, "-export", "-deps", module+"/...")
	exports := make(map[string]string, len(pkgs))
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	})
	checked := 0
	for _, p := range pkgs {
		if p.Standard || !strings.HasPrefix(p.ImportPath, module) || layer(p.ImportPath) == "llmx" || layer(p.ImportPath) == "examples" {
			continue
		}
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
			require.NoError(t, err)
			files = append(files, f)
		}
		for _, use := range contextValues(t, imp, fset, p.ImportPath, files) {
			t.Errorf("%s: %s uses %s: usage travels through llmx.Meter, not context values", use.pos, p.ImportPath, use.name)
		}
		checked++
	}
	require.Positive(t, checked, "no package was checked")

	// The detector itself finds a read however the context is named, and nothing else.
	src := `package p
import "context"
type key struct{}
type scanner struct{}
func (scanner) Value(string) string { return "" }
func read(c context.Context) any { return c.Value(key{}) }
func put(ctx context.Context) context.Context { return context.WithValue(ctx, key{}, 1) }
func other() string { return scanner{}.Value("x") }
`
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	uses := contextValues(t, imp, fset, "p", []*ast.File{f})
	require.Len(t, uses, 2)
	require.Equal(t, "context.Value", uses[0].name)
	require.Equal(t, "context.WithValue", uses[1].name)
}

type contextUse struct {
	pos  token.Position
	name string
}

// contextValues type-checks files and returns where they call (context.Context).Value or
// context.WithValue.
func contextValues(t *testing.T, imp types.Importer, fset *token.FileSet, path string, files []*ast.File) []contextUse {
	t.Helper()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	_, err := (&types.Config{Importer: imp}).Check(path, fset, files, info)
	require.NoError(t, err, path)
	var out []contextUse
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			obj := info.Uses[sel.Sel]
			if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "context" {
				return true
			}
			if name := obj.Name(); name == "Value" || name == "WithValue" {
				out = append(out, contextUse{fset.Position(sel.Pos()), "context." + name})
			}
			return true
		})
	}
	return out
}
