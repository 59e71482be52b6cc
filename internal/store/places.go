package store

import (
	"slices"
	"sync"
)

// A page read by offset remembers where it was: the cursor values of its
// first and last figures, for its list (filter and order) and the data
// version it was read at. A later page by offset of the same list, at
// that version, at or a little past one of them starts there, stepping
// over the figures between instead of every figure before the page: an
// API client reading a list by offset page after page (offset=0, 50, 100,
// …) then reads each page at the cost of the first, where each used to
// step over all the pages before it. A write moves figures across
// positions: the places of an older version are never used, and are
// forgotten at the first page read at a newer one.

// place is a position in a list: the figure at offset at follows the
// figure whose cursor values are vals.
type place struct {
	at   int
	vals []string
}

// placesOn says whether pages by offset use and leave places (a variable
// for the tests of the other ways a page is placed).
var placesOn = true

// placeCache holds the places of the lists read lately at one data
// version.
type placeCache struct {
	mu      sync.Mutex
	version int64
	lists   map[string][]place // by list, sorted by at
}

// At most maxPlaceLists lists are remembered, and maxPlacesPerList places
// in each (a few kilobytes a list): past the first, every list is
// forgotten; past the second, every other place of the list.
const (
	maxPlaceLists    = 64
	maxPlacesPerList = 256
)

// nearest returns the place of list at version nearest to the page of
// the figures from offset to end (exclusive): the one with the greatest
// offset not past offset, from which the page is read forward, or the
// one with the least offset whose figure before it comes at end or after,
// from which the page is read backward, whichever steps over fewer
// figures (d of them); ok is false when list has no place at version.
func (c *placeCache) nearest(version int64, list string, offset, end int) (p place, back bool, d int, ok bool) {
	if !placesOn {
		return place{}, false, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return place{}, false, 0, false
	}
	ps := c.lists[list]
	i, found := slices.BinarySearchFunc(ps, offset, func(p place, at int) int { return p.at - at })
	if found {
		return ps[i], false, 0, true
	}
	if i > 0 {
		p, d, ok = ps[i-1], offset-ps[i-1].at, true
	}
	// The figure before a place, at at-1, comes at end or after.
	if j, _ := slices.BinarySearchFunc(ps, end+1, func(p place, at int) int { return p.at - at }); j < len(ps) {
		if bd := ps[j].at - 1 - end; !ok || bd < d {
			p, back, d, ok = ps[j], true, bd, true
		}
	}
	return p, back, d, ok
}

// put remembers the places ps of list, read at version.
func (c *placeCache) put(version int64, list string, ps ...place) {
	if !placesOn {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // a slower reader of an older snapshot
	}
	if version > c.version || c.lists == nil || len(c.lists) >= maxPlaceLists && c.lists[list] == nil {
		c.version, c.lists = version, map[string][]place{}
	}
	have := c.lists[list]
	for _, p := range ps {
		i, found := slices.BinarySearchFunc(have, p.at, func(q place, at int) int { return q.at - at })
		if found {
			continue
		}
		have = slices.Insert(have, i, place{at: p.at, vals: slices.Clone(p.vals)})
	}
	if len(have) > maxPlacesPerList {
		kept := have[:0]
		for i, p := range have {
			if i%2 == 0 {
				kept = append(kept, p)
			}
		}
		have = slices.Clip(kept)
	}
	c.lists[list] = have
}

// placeFirst says whether a page by offset of a list of total figures
// starts at a place d figures before it rather than as it would without
// one: always when d is no more than the figures between two page
// anchors (at most what a page placed at an anchor steps over), else when
// no anchor or the people index may place it and the place is nearer
// than both ends of the list, from which it would otherwise walk.
func placeFirst(d, offset, total, limit int, anchorsHeld, peopleMay bool) bool {
	if d <= anchorEvery {
		return true
	}
	if anchorsHeld || peopleMay {
		return false
	}
	end := min(offset+limit, total)
	return d < offset && d < total-end
}
