package format

import (
	"reflect"
	"strings"
	"sync"
)

// keysOf returns the keys a shape accepts, from its struct tags. The
// result is shared: callers must not change it.
func keysOf(v any, tag string) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	k := keysKey{t, tag}
	if keys, ok := keysCache.Load(k); ok {
		return keys.([]string)
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get(tag), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	keysCache.Store(k, keys)
	return keys
}

type keysKey struct {
	t   reflect.Type
	tag string
}

// keysCache holds keysOf's results: entries are checked one by one, and a
// file may hold a million.
var keysCache sync.Map

// checkKeys splits keys into those the shape does not accept and those
// given more than once.
func checkKeys(keys, allowed []string) (unknown, repeats []string) {
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		switch {
		case indexOf(allowed, k) < 0:
			unknown = append(unknown, k)
		case seen[k]:
			repeats = append(repeats, k)
		}
		seen[k] = true
	}
	return unknown, repeats
}
