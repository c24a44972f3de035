package openapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// maxUnwrap bounds the Unwrap chain followed from a route's handler, so a
// handler that unwraps to itself cannot hang the builder.
const maxUnwrap = 1000

// chain is what the handlers wrapped around a route's handler say about
// it: the Operations Describe gave, outermost first, and the HTTP
// authentication schemes they require.
type chain struct {
	ops  []Operation
	auth []string
}

// authSchemer is implemented by handlers that require HTTP authentication,
// such as middleware.BasicAuth's, which return its scheme: "basic".
type authSchemer interface{ AuthScheme() string }

// errorDeclarer is implemented by handlers that answer errors of their own
// before the handler they wrap runs, such as middleware.CrossOrigin's 403:
// the errors they may answer, each with its status.
type errorDeclarer interface{ Errors() []error }

// unwrapper is implemented by handlers wrapped around another: every
// middleware of package middleware, and Describe's.
type unwrapper interface{ Unwrap() http.Handler }

// inside follows h's Unwrap chain down to a handler that documents itself
// (a *marshal.Handler or a *tonic.TrieServeMux), or to the last handler
// of the chain, collecting what the handlers on the way say.
func inside(h http.Handler) (http.Handler, chain) {
	var c chain
	for range maxUnwrap {
		if d, ok := h.(*described); ok {
			c.ops = append(c.ops, d.op)
		}
		if d, ok := h.(errorDeclarer); ok {
			c.ops = append(c.ops, Operation{Errors: d.Errors()})
		}
		if a, ok := h.(authSchemer); ok && !slices.Contains(c.auth, a.AuthScheme()) {
			c.auth = append(c.auth, a.AuthScheme())
		}
		switch h.(type) {
		case *marshal.Handler, *tonic.TrieServeMux:
			return h, c
		}
		u, ok := h.(unwrapper)
		if !ok || u.Unwrap() == nil {
			return h, c
		}
		h = u.Unwrap()
	}
	return h, c
}

// within returns c inside outer: its own Operations first, then outer's,
// and the authentication schemes of both.
func (c chain) within(outer chain) chain {
	out := chain{ops: append(slices.Clip(c.ops), outer.ops...), auth: slices.Clone(outer.auth)}
	for _, a := range c.auth {
		if !slices.Contains(out.auth, a) {
			out.auth = append(out.auth, a)
		}
	}
	return out
}

// mux adds the routes of m, registered under prefix (a pattern without a
// trailing slash, "" at the top), and of the muxes mounted in it as
// namespaces. outer is what the handlers around m say.
func (b *builder) mux(m *tonic.TrieServeMux, prefix string, outer chain) error {
	for _, rt := range m.Routes() {
		pattern := prefix + rt.Pattern
		end, own := inside(rt.Handler)
		if rt.Method == tonic.AnyMethod {
			if err := b.anyMethod(m, rt.Pattern, pattern, end, own, outer); err != nil {
				return err
			}
			continue
		}
		if rt.Method != "" {
			if err := b.route(rt.Method, pattern, end, own, outer); err != nil {
				return err
			}
			continue
		}
		if inner, ok := end.(*tonic.TrieServeMux); ok {
			if err := b.mux(inner, strings.TrimSuffix(pattern, "/"), own.within(outer)); err != nil {
				return err
			}
			continue
		}
		if err := b.namespace(pattern, own.within(outer)); err != nil {
			return err
		}
	}
	return nil
}

// route adds the operation of one route. own is what the handlers around
// end say, outer what those around the muxes it is in say.
func (b *builder) route(method, pattern string, end http.Handler, own, outer chain) error {
	layers := own.ops
	typed, _ := end.(*marshal.Handler)
	if typed != nil {
		layers = append(slices.Clip(layers), fromOptions(typed.Options()))
	}
	desc := merge(append(slices.Clip(layers), outer.ops...))
	if desc.Hidden {
		return nil
	}
	route := method + " " + pattern
	path, wild := template(pattern)
	op, err := b.operation(route, wild, typed, desc, own.within(outer).auth)
	if err != nil {
		return fmt.Errorf("openapi: %s: %w", route, err)
	}
	return b.add(method, path, op)
}

// namespace adds the operations of a namespace whose handler is not a
// mux: the prefix and a catch-all, with each method desc.Methods names.
func (b *builder) namespace(prefix string, c chain) error {
	desc := merge(c.ops)
	if desc.Hidden {
		return nil
	}
	path, wild := template(prefix)
	rest := "path"
	for taken := 2; slices.ContainsFunc(wild, func(w wildcard) bool { return w.name == rest }); taken++ {
		rest = fmt.Sprintf("path%d", taken)
	}
	wild = append(wild, wildcard{name: rest, catchAll: true})
	path += "{" + rest + "}"
	methods := desc.Methods
	if methods == nil {
		methods = operationMethods[:]
	}
	for _, method := range methods {
		d := desc
		if d.ID != "" && len(methods) > 1 {
			d.ID += strings.ToUpper(method[:1]) + strings.ToLower(method[1:])
		}
		route := method + " " + prefix
		op, err := b.operation(route, wild, nil, d, c.auth)
		if err != nil {
			return fmt.Errorf("openapi: namespace %s: %w", prefix, err)
		}
		if err := b.add(method, path, op); err != nil {
			return err
		}
	}
	return nil
}

// add puts op in the document at path for method. Paths that differ only
// in the names of their wildcards are an error: OpenAPI holds them to be
// the same path.
func (b *builder) add(method, path string, op *operation) error {
	shape := shapeOf(path)
	if other, ok := b.shapes[shape]; ok && other != path {
		return fmt.Errorf("openapi: %s %s and the routes at %s differ only in the names of their wildcards, which OpenAPI holds to be the same path: name them alike", method, path, other)
	}
	b.shapes[shape] = path
	item := b.doc.Paths[path]
	if item == nil {
		item = &pathItem{}
		b.doc.Paths[path] = item
	}
	slot := item.slot(method)
	if slot == nil {
		return fmt.Errorf("openapi: %s %s: OpenAPI 3.1 has no place for method %s; hide the route with marshal.Options.Hidden or Describe", method, path, method)
	}
	if *slot != nil {
		return fmt.Errorf("openapi: %s and %s are both documented as %s %s", (*slot).route, op.route, method, path)
	}
	*slot, op.method, op.path = op, method, path
	b.ops = append(b.ops, op)
	return nil
}

// anyMethod adds a route for any method (tonic.AnyMethod) at pattern (own
// in m, whole with the prefix) as one operation per method OpenAPI names
// (or per method Describe's Methods lists) that has no route of its own
// there, each chosen ID suffixed with its method, as for a namespace.
func (b *builder) anyMethod(m *tonic.TrieServeMux, own, pattern string, end http.Handler, c, outer chain) error {
	taken := map[string]bool{}
	for _, rt := range m.Routes() {
		if rt.Pattern == own {
			taken[rt.Method] = true
		}
	}
	desc := merge(append(slices.Clip(c.ops), outer.ops...))
	methods := desc.Methods
	if methods == nil {
		methods = operationMethods[:]
	}
	for _, method := range methods {
		method = strings.ToUpper(method)
		if taken[method] {
			continue
		}
		layered := c
		if desc.ID != "" {
			layered.ops = append([]Operation{{ID: desc.ID + method[:1] + strings.ToLower(method[1:])}}, c.ops...)
		}
		if err := b.route(method, pattern, end, layered, outer); err != nil {
			return err
		}
	}
	return nil
}
