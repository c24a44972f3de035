package openapi_test

import (
	"context"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"
)

// BenchmarkNew builds the document of a mux of eight typed routes (four paths), as a
// service does once at start.
func BenchmarkNew(b *testing.B) {
	mux := tonic.NewTrieServeMux()
	for _, p := range []string{"/a/{id}", "/b/{id}", "/c/{id}", "/d/{id}"} {
		mux.Handle("GET", p, marshal.Typed(getThingFn2))
		mux.Handle("PUT", p, marshal.Typed(func(context.Context, *putThing) (*Thing, error) { return nil, nil }))
	}
	b.ReportAllocs()
	for range b.N {
		if _, err := openapi.New(mux, openapi.Info{Title: "t", Version: "1"}); err != nil {
			b.Fatal(err)
		}
	}
}
