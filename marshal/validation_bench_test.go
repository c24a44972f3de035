package marshal_test

import (
	"context"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
)

// createReqTagged is createReq with validation tags on both fields.
type createReqTagged struct {
	Name  string `json:"name" minLength:"1" maxLength:"100"`
	Count int    `json:"count" minimum:"0" maximum:"1000"`
}

func createTypedTagged(_ context.Context, in *createReqTagged) (*createResp, error) {
	return &createResp{ID: 1, Name: in.Name, Count: in.Count}, nil
}

// BenchmarkPOSTValidation compares Typed on the benchmark request without
// and with validation tags (two fields, four rules).
func BenchmarkPOSTValidation(b *testing.B) {
	b.Run("tags=none", func(b *testing.B) { benchmarkPOST(b, marshal.Typed(createTyped)) })
	b.Run("tags=4", func(b *testing.B) { benchmarkPOST(b, marshal.Typed(createTypedTagged)) })
}
