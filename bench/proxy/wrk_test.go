package main

import "testing"

func TestParseWrk(t *testing.T) {
	tests := []struct {
		name    string
		out     string
		want    wrkResult
		wantErr bool
	}{
		{name: "clean run", out: `Running 5s test @ http://127.0.0.1:4000/item
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.81ms    1.08ms  21.37ms   83.41%
    Req/Sec    11.43k     1.02k   12.96k    76.00%
  56851 requests in 5.00s, 10.52MB read
Requests/sec:  11361.64
Transfer/sec:      2.10MB
`, want: wrkResult{rps: 11361.64, requests: 56851}},
		{name: "errors", out: `  1 threads and 32 connections
  1200 requests in 5.00s, 1.00MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 10
Requests/sec:    240.00
`, want: wrkResult{rps: 240, requests: 1200, errors: 16}},
		{name: "no report", out: "unable to connect to 127.0.0.1:1 Connection refused\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseWrk(tt.out)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"none", nil, 0},
		{"odd", []float64{5, 1, 3}, 3},
		{"even", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := median(tt.xs); got != tt.want {
				t.Errorf("median(%v) = %v, want %v", tt.xs, got, tt.want)
			}
		})
	}
}
