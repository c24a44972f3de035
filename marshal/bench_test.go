package marshal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
)

// benchBody is the request every benchmark decodes.
const benchBody = `{"name":"x","count":3}`

// createReq and createResp are the benchmark's request and response.
type createReq struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

type createResp struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// handWritten is the baseline: what a careful programmer writes with
// encoding/json alone.
func handWritten(w http.ResponseWriter, r *http.Request) {
	var in createReq
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(&createResp{ID: 1, Name: in.Name, Count: in.Count})
}

func createTyped(_ context.Context, in *createReq) (*createResp, error) {
	return &createResp{ID: 1, Name: in.Name, Count: in.Count}, nil
}

func createTigerTonic(_ *url.URL, _ http.Header, in *createReq) (int, http.Header, *createResp, error) {
	return http.StatusOK, nil, &createResp{ID: 1, Name: in.Name, Count: in.Count}, nil
}

// benchmarkPOST serves the benchmark request to h b.N times.
func benchmarkPOST(b *testing.B, h http.Handler) {
	b.Helper()
	body := strings.NewReader(benchBody)
	r := httptest.NewRequest(http.MethodPost, "/things", body)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"count":3`) {
		b.Fatalf("got %d %q, want 200 with the count", w.Code, w.Body.String())
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		body.Reset(benchBody)
		w.Body.Reset()
		clear(w.Header())
		h.ServeHTTP(w, r)
	}
	reportCPU(b, start)
}

func BenchmarkPOST(b *testing.B) {
	b.Run("impl=handwritten", func(b *testing.B) { benchmarkPOST(b, http.HandlerFunc(handWritten)) })
	b.Run("impl=Typed", func(b *testing.B) { benchmarkPOST(b, marshal.Typed(createTyped)) })
	b.Run("impl=Marshaled", func(b *testing.B) { benchmarkPOST(b, marshal.Marshaled(createTigerTonic)) })
	b.Run("impl=MarshaledShort", func(b *testing.B) { benchmarkPOST(b, marshal.Marshaled(createTyped)) })
}
