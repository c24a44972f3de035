package server

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// syncBuffer is a bytes.Buffer safe for the flusher and the test at once.
type syncBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogWriterBatchesAndFlushes(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	lw := NewLogWriter(&out, LogWriterOptions{FlushInterval: time.Hour})
	log := zerolog.New(lw)
	log.Info().Msg("one")
	log.Info().Msg("two")
	if got := out.String(); got != "" {
		t.Fatalf("info lines written before a flush: %q", got)
	}
	log.Error().Msg("three")
	want := `{"level":"info","message":"one"}` + "\n" + `{"level":"info","message":"two"}` + "\n" + `{"level":"error","message":"three"}` + "\n"
	if got := out.String(); got != want || out.writes != 1 {
		t.Fatalf("after an error line: got %q in %d writes, want %q in one", got, out.writes, want)
	}
	log.Debug().Msg("four")
	if err := lw.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want+`{"level":"debug","message":"four"}`+"\n" {
		t.Errorf("after Close: got %q", got)
	}
	if _, err := lw.Write([]byte("late\n")); err == nil {
		t.Error("Write after Close: got no error")
	}
	if err := lw.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestLogWriterFlushesOnTime(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	lw := NewLogWriter(&out, LogWriterOptions{FlushInterval: time.Millisecond})
	defer lw.Close()
	log := zerolog.New(lw)
	log.Info().Msg("waiting")
	deadline := time.Now().Add(20 * time.Second)
	for out.String() == "" {
		if time.Now().After(deadline) {
			t.Fatal("the flusher never wrote the line")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestLogWriterLargeLines(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	lw := NewLogWriter(&out, LogWriterOptions{Size: 16, FlushInterval: time.Hour})
	line := bytes.Repeat([]byte("x"), 40)
	if n, err := lw.Write(line); n != 40 || err != nil {
		t.Fatalf("Write: got %d, %v", n, err)
	}
	if err := lw.Close(); err != nil || out.String() != string(line) {
		t.Errorf("got %q, %v; want the whole line", out.String(), err)
	}
}
