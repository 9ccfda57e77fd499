package diversity

type namedKernel struct {
	name string
	k    kernel
}

// kernels lists the kernels this machine can run: the portable one, and the one Pairwise uses
// when it differs.
func kernels() []namedKernel {
	ks := []namedKernel{{"go", tileGo}}
	if fast := (namedKernel{"fast", tileKernel}); !sameKernel(fast.k, tileGo) {
		ks = append(ks, fast)
	}
	return ks
}
