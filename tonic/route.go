package tonic

import (
	"net/http"
	"slices"
	"sort"
)

// route is one registered method and pattern.
type route struct {
	method   string
	pattern  string       // "GET /users/{id}", as r.Pattern shows it
	handler  http.Handler // the registered handler
	names    []string     // wildcard names, in path order
	segIdx   []int        // the segment index of each wildcard
	catchAll bool         // whether the last wildcard is a catch-all
}

// setValues sets the wildcard values of path (the canonical cleaned path
// the route matched) on r with r.SetPathValue, taking those lookup captured
// in vals when the route is shallow enough.
func (rt *route) setValues(r *http.Request, path string, vals *values) {
	if vals == nil || rt.segIdx[len(rt.segIdx)-1] >= maxCaptured || len(path) >= 1<<16 {
		forEachValue(path, rt.names, rt.segIdx, rt.catchAll, r.SetPathValue)
		return
	}
	for k, name := range rt.names {
		v := vals.get(rt.segIdx[k])
		if !vals.check { // a checked path has no '%' (see servePlain)
			v = unescapeValue(v)
		}
		r.SetPathValue(name, v)
	}
}

// forEachValue calls set with each wildcard name and its unescaped value in
// path, given the segment index of each wildcard.
func forEachValue(path string, names []string, segIdx []int, catchAll bool, set func(name, value string)) {
	seg, k, start := 0, 0, 1
	for i := 1; i <= len(path) && k < len(names); i++ {
		if seg == segIdx[k] && catchAll && k == len(names)-1 {
			set(names[k], unescapeValue(path[start:]))
			return
		}
		if i < len(path) && path[i] != '/' {
			continue
		}
		if seg == segIdx[k] {
			set(names[k], unescapeValue(path[start:i]))
			k++
		}
		seg, start = seg+1, i+1
	}
	if k < len(names) && catchAll { // a catch-all that matched an empty rest
		set(names[k], "")
	}
}

// Standard methods have a slot in a routeSet; others go in a map.
const (
	mGet = iota
	mHead
	mPost
	mPut
	mPatch
	mDelete
	mOptions
	mConnect
	mTrace
	numStdMethods
	mOther = -1
)

// methodIndex returns the slot of a standard method, or mOther.
func methodIndex(m string) int {
	switch m {
	case http.MethodGet:
		return mGet
	case http.MethodHead:
		return mHead
	case http.MethodPost:
		return mPost
	case http.MethodPut:
		return mPut
	case http.MethodPatch:
		return mPatch
	case http.MethodDelete:
		return mDelete
	case http.MethodOptions:
		return mOptions
	case http.MethodConnect:
		return mConnect
	case http.MethodTrace:
		return mTrace
	}
	return mOther
}

// routeSet holds the routes of one trie node by method.
type routeSet struct {
	std   [numStdMethods]*route
	other map[string]*route
	any   *route // the AnyMethod route, for methods that have none of their own
}

// get returns the route for method (whose slot is mi), falling back to GET
// for HEAD, then to the AnyMethod route; head reports the GET fallback, so
// the body must be dropped.
func (rs *routeSet) get(mi int, method string) (rt *route, head bool) {
	if mi != mOther {
		if rt = rs.std[mi]; rt == nil && mi == mHead && rs.std[mGet] != nil {
			return rs.std[mGet], true
		}
	} else {
		rt = rs.other[method]
	}
	if rt == nil {
		rt = rs.any
	}
	return rt, false
}

// lookupExact returns the route registered for exactly method.
func (rs *routeSet) lookupExact(method string) *route {
	if method == AnyMethod {
		return rs.any
	}
	if mi := methodIndex(method); mi != mOther {
		return rs.std[mi]
	}
	return rs.other[method]
}

// add registers rt, which must not be registered yet.
func (rs *routeSet) add(rt *route) {
	if rt.method == AnyMethod {
		rs.any = rt
		return
	}
	if mi := methodIndex(rt.method); mi != mOther {
		rs.std[mi] = rt
		return
	}
	if rs.other == nil {
		rs.other = map[string]*route{}
	}
	rs.other[rt.method] = rt
}

// addMethods adds the methods of rs to set, once each. The AnyMethod route
// is left out: a path it matches never gets a 405 or an automatic OPTIONS.
func (rs *routeSet) addMethods(set *[]string) {
	for _, rt := range rs.std {
		if rt != nil && !slices.Contains(*set, rt.method) {
			*set = append(*set, rt.method)
		}
	}
	for m := range rs.other {
		if !slices.Contains(*set, m) {
			*set = append(*set, m)
		}
	}
}

// each calls f for every route: standard methods, others, then AnyMethod.
func (rs *routeSet) each(f func(*route)) {
	for _, rt := range rs.std {
		if rt != nil {
			f(rt)
		}
	}
	others := make([]string, 0, len(rs.other))
	for m := range rs.other {
		others = append(others, m)
	}
	sort.Strings(others)
	for _, m := range others {
		f(rs.other[m])
	}
	if rs.any != nil {
		f(rs.any)
	}
}
