package marshal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/gin-gonic/gin"
	"github.com/seed78c03fa0/tonic/marshal"
)

// benchBody is the request every benchmark decodes.
const benchBody = `{"name":"x","count":3}`

type createReq struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

type createResp struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// handWritten is the baseline: encoding/json alone.
func handWritten(w http.ResponseWriter, r *http.Request) {
	var in createReq
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(&createResp{ID: 1, Name: in.Name, Count: in.Count})
}

func create(_ context.Context, in *createReq) (*createResp, error) {
	return &createResp{ID: 1, Name: in.Name, Count: in.Count}, nil
}

func createTigerTonic(_ *url.URL, _ http.Header, in *createReq) (int, http.Header, *createResp, error) {
	return http.StatusOK, nil, &createResp{ID: 1, Name: in.Name, Count: in.Count}, nil
}

// onServeMux mounts h at POST /things on a net/http ServeMux.
func onServeMux(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /things", h)
	return mux
}

// humaHandler is the endpoint in Huma v2 on a ServeMux.
func humaHandler() http.Handler {
	mux := http.NewServeMux()
	api := humago.New(mux, huma.DefaultConfig("bench", "1.0.0"))
	type input struct{ Body createReq }
	type output struct{ Body createResp }
	huma.Register(api, huma.Operation{OperationID: "create", Method: http.MethodPost, Path: "/things"},
		func(_ context.Context, in *input) (*output, error) {
			return &output{Body: createResp{ID: 1, Name: in.Body.Name, Count: in.Body.Count}}, nil
		})
	return mux
}

// ginHandler is the endpoint in gin with ShouldBindJSON and c.JSON.
func ginHandler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.POST("/things", func(c *gin.Context) {
		var in createReq
		if err := c.ShouldBindJSON(&in); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusOK, &createResp{ID: 1, Name: in.Name, Count: in.Count})
	})
	return e
}

// contenders are the handlers compared, in the order reported.
func contenders() []struct {
	name string
	h    http.Handler
} {
	return []struct {
		name string
		h    http.Handler
	}{
		{"impl=handwritten", onServeMux(http.HandlerFunc(handWritten))},
		{"impl=tonic-Typed", onServeMux(marshal.Typed(create))},
		{"impl=tonic-Marshaled", onServeMux(marshal.Marshaled(createTigerTonic))},
		{"impl=huma", humaHandler()},
		{"impl=gin", ginHandler()},
	}
}

// newRequest is the benchmark request.
func newRequest(body *strings.Reader) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/things", body)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	return r
}

func TestContendersAgree(t *testing.T) {
	for _, c := range contenders() {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			c.h.ServeHTTP(w, newRequest(strings.NewReader(benchBody)))
			var got createResp
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 || got != (createResp{ID: 1, Name: "x", Count: 3}) {
				t.Fatalf("got %d %q (%v), want 200 with id 1, name x, count 3", w.Code, w.Body.String(), err)
			}
		})
	}
}

func BenchmarkPOST(b *testing.B) {
	for _, c := range contenders() {
		b.Run(c.name, func(b *testing.B) {
			body := strings.NewReader(benchBody)
			r := newRequest(body)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			b.ResetTimer()
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				body.Reset(benchBody)
				w.Body.Reset()
				clear(w.Header())
				r.Pattern = ""
				c.h.ServeHTTP(w, r)
			}
			reportCPU(b, start)
			if w.Code != http.StatusOK {
				b.Fatalf("got status %d, want 200", w.Code)
			}
		})
	}
}
