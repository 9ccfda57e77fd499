// Package textutil holds small text helpers shared by the stage packages.
package textutil

import "unicode/utf8"

// Truncate shortens s to at most n bytes on a rune boundary, adding "…" when it cut anything.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
