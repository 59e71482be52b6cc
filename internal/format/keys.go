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

// suggest returns the accepted key closest to a mistyped one, or "".
func suggest(key string, allowed []string) string {
	best, bestDist := "", 3 // more than two edits away is not a typo
	for _, a := range allowed {
		if d := editDistance(strings.ToLower(key), a); d < bestDist {
			best, bestDist = a, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short keys.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
