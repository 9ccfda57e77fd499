package diversity

import "reflect"

type namedKernel struct {
	name string
	k    kernel
}

// kernels lists the kernels this machine can run: the portable one, and the one Pairwise uses
// when it differs.
func kernels() []namedKernel {
	ks := []namedKernel{{"go", tileGo}}
	if reflect.ValueOf(tileKernel).Pointer() != reflect.ValueOf(kernel(tileGo)).Pointer() {
		ks = append(ks, namedKernel{"fast", tileKernel})
	}
	return ks
}
