package marshal_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

type namer struct{}

func (*namer) method(_ context.Context, in *thing) (*thing, error) { return in, nil }

// tagged has a validation tag.
type tagged struct {
	N int `json:"n" minimum:"1"`
}

func checkedFn(context.Context, *tagged) (*thing, error) { return nil, nil }

func TestFuncName(t *testing.T) {
	t.Parallel()
	n := &namer{}
	tests := []struct {
		name string
		h    *marshal.Handler
		want string
	}{
		{"function", marshal.Typed(echo), "github.com/seed78c03fa0/tonic/marshal_test.echo"},
		{"method value", marshal.Typed(n.method), "github.com/seed78c03fa0/tonic/marshal_test.(*namer).method-fm"},
		{"Marshaled", marshal.Marshaled(echo), "github.com/seed78c03fa0/tonic/marshal_test.echo"},
		{"literal", marshal.Typed(func(context.Context, *thing) (*thing, error) { return nil, nil }), "github.com/seed78c03fa0/tonic/marshal_test.TestFuncName.func1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.h.FuncName(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHandlerOptions(t *testing.T) {
	t.Parallel()
	notFound := tonic.NewError(http.StatusNotFound, "no such thing")
	in := marshal.Options{OperationID: "op", Summary: "s", Description: "d", Tags: []string{"a"}, Hidden: true,
		Status: http.StatusCreated, Errors: []error{notFound}}
	h := marshal.Typed(echo, in)
	got := h.Options()
	if got.MaxBodyBytes != marshal.DefaultMaxBodyBytes || got.Codec == nil {
		t.Errorf("got MaxBodyBytes %d and Codec %v, want the defaults", got.MaxBodyBytes, got.Codec)
	}
	got.MaxBodyBytes, got.Codec = 0, nil
	if !reflect.DeepEqual(got, in) {
		t.Errorf("got %+v, want %+v", got, in)
	}
	got.Tags[0] = "changed"
	if h.Options().Tags[0] != "a" {
		t.Error("Options returned the handler's own slice")
	}
}

func TestValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		h    *marshal.Handler
		want bool
	}{
		{"no rules", marshal.Typed(echo), false},
		{"tags", marshal.Typed(checkedFn), true},
		{"Validate method", marshal.Typed(func(context.Context, *CreateThing) (*thing, error) { return nil, nil }), true},
		{"no request", marshal.Marshaled(func(context.Context) (*thing, error) { return nil, nil }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.h.Validates(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDocOptionsPanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts marshal.Options
		want string
	}{
		{"status", marshal.Options{Status: 404}, "marshal: Typed: Options.Status is 404, want 200-399 (or 0 for 200)"},
		{"empty tag", marshal.Options{Tags: []string{"a", ""}}, "marshal: Typed: Options.Tags[1] is empty, want a name"},
		{"nil error", marshal.Options{Errors: []error{nil}}, "marshal: Typed: Options.Errors[0] is nil"},
		{"error without status", marshal.Options{Errors: []error{errors.New("boom")}}, `marshal: Typed: Options.Errors[0] ("boom") carries no status of 400 or more`},
		{"success status", marshal.Options{Errors: []error{tonic.NewError(302, "moved")}}, `marshal: Typed: Options.Errors[0] ("moved") carries no status`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got, _ := recover().(string); !strings.HasPrefix(got, tt.want) {
					t.Errorf("got panic %q, want %q", got, tt.want)
				}
			}()
			marshal.Typed(echo, tt.opts)
		})
	}
}

func TestIsParameterAndIndex(t *testing.T) {
	t.Parallel()
	type inner struct {
		Org string `path:"org"`
	}
	type req struct {
		inner
		Name string `json:"name"`
		Q    int    `query:"q"`
	}
	typ := reflect.TypeFor[req]()
	var params []string
	for _, sf := range reflect.VisibleFields(typ) {
		if marshal.IsParameter(sf) {
			params = append(params, sf.Name)
		}
	}
	if want := []string{"Org", "Q"}; !slices.Equal(params, want) {
		t.Errorf("IsParameter: got %v, want %v", params, want)
	}
	h := marshal.Typed(func(context.Context, *req) (*thing, error) { return nil, nil })
	for _, p := range h.Parameters() {
		if f := typ.FieldByIndex(p.Index); f.Name != p.Field {
			t.Errorf("%s: Index %v is field %s, want %s", p.Name, p.Index, f.Name, p.Field)
		}
	}
	if got := h.Parameters()[0].Index; !slices.Equal(got, []int{0, 0}) {
		t.Errorf("the promoted field's Index: got %v, want [0 0]", got)
	}
}
