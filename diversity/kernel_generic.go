//go:build !amd64 || purego

package diversity

var tileKernel kernel = tileGo
