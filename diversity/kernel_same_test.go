package diversity

import "reflect"

func sameKernel(a, b kernel) bool { return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() }
