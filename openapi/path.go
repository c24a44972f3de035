package openapi

import "strings"

// wildcard is a {name} or {name...} segment of a route's pattern.
type wildcard struct {
	name     string
	catchAll bool
}

// template returns the OpenAPI path template of a tonic pattern in its
// canonical form ("/files/{id}/{rest...}" is "/files/{id}/{rest}"), and its
// wildcards in order.
func template(pattern string) (string, []wildcard) {
	segs := strings.Split(pattern, "/")
	var wild []wildcard
	for i, seg := range segs {
		if !strings.HasPrefix(seg, "{") || !strings.HasSuffix(seg, "}") {
			continue
		}
		name, catchAll := strings.CutSuffix(seg[1:len(seg)-1], "...")
		wild = append(wild, wildcard{name: name, catchAll: catchAll})
		segs[i] = "{" + name + "}"
	}
	return strings.Join(segs, "/"), wild
}

// shapeOf returns a path template with its wildcards' names left out:
// "/files/{}". OpenAPI holds templates of the same shape to be one path.
func shapeOf(path string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}
