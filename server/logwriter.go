package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// LogWriterOptions configures a LogWriter.
type LogWriterOptions struct {
	// Size is the size of the buffer. Defaults to 64 KiB.
	Size int
	// FlushInterval is how long a line may wait in the buffer. Defaults to
	// 200ms.
	FlushInterval time.Duration
	// FlushLevel is the level from which a line is written at once, with
	// everything before it. Its zero value, zerolog.DebugLevel, means the
	// default, zerolog.WarnLevel: debug lines always wait.
	FlushLevel zerolog.Level
}

// errLogWriterClosed reports a write after Close.
var errLogWriterClosed = errors.New("server: LogWriter is closed")

// LogWriter buffers the log lines of a busy service for an io.Writer (a
// file, standard error) and writes them in batches: one write per batch
// instead of one system call per request line. Lines wait at most
// FlushInterval; a line at FlushLevel or above (warnings, errors, panics)
// is written at once. Close writes what is left. Give it to zerolog.New:
// it is a zerolog.LevelWriter, safe for concurrent use.
//
// A process that dies without Close loses at most FlushInterval of lines
// below FlushLevel; Run's drain returns normally, so close the LogWriter
// after Run.
type LogWriter struct {
	mu     sync.Mutex
	buf    *bufio.Writer
	level  zerolog.Level
	closed bool
	stop   chan struct{}
	done   chan struct{}
}

var _ zerolog.LevelWriter = (*LogWriter)(nil)

// NewLogWriter returns a LogWriter for w and starts its flusher, which
// Close stops. opts, at most one, change the defaults. It panics if w is nil
// or opts are more than one.
func NewLogWriter(w io.Writer, options ...LogWriterOptions) *LogWriter {
	if w == nil {
		panic("server: NewLogWriter with a nil io.Writer")
	}
	if len(options) > 1 {
		panic(fmt.Sprintf("server: NewLogWriter with %d LogWriterOptions, want at most one", len(options)))
	}
	var opts LogWriterOptions
	if len(options) == 1 {
		opts = options[0]
	}
	if opts.Size <= 0 {
		opts.Size = 64 << 10
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 200 * time.Millisecond
	}
	if opts.FlushLevel == zerolog.DebugLevel {
		opts.FlushLevel = zerolog.WarnLevel
	}
	l := &LogWriter{buf: bufio.NewWriterSize(w, opts.Size), level: opts.FlushLevel,
		stop: make(chan struct{}), done: make(chan struct{})}
	go l.flusher(opts.FlushInterval)
	return l
}

// Write buffers p, a log line.
func (l *LogWriter) Write(p []byte) (int, error) {
	return l.WriteLevel(zerolog.NoLevel, p)
}

// WriteLevel buffers p, a line at level, and writes the buffer out at once
// when level is at FlushLevel or above.
func (l *LogWriter) WriteLevel(level zerolog.Level, p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, errLogWriterClosed
	}
	n, err := l.buf.Write(p)
	if err == nil && level >= l.level && level != zerolog.NoLevel {
		err = l.buf.Flush()
	}
	return n, err
}

// Flush writes the buffered lines out.
func (l *LogWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Flush()
}

// Close stops the flusher and writes the buffered lines out. Later writes
// fail. Calling it twice is safe.
func (l *LogWriter) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	err := l.buf.Flush()
	l.mu.Unlock()
	close(l.stop)
	<-l.done
	return err
}

// flusher writes the buffer out every interval until Close.
func (l *LogWriter) flusher(interval time.Duration) {
	defer close(l.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			_ = l.Flush()
		}
	}
}
