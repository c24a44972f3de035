package main

import (
	"errors"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// The bounds of the values a client may send.
const (
	maxNameLen   = 100           // characters in a name
	maxCount     = 1_000_000_000 // the largest count
	defaultLimit = 100           // items per page when limit is not given
	maxLimit     = 1000          // the largest page
	maxBodyBytes = 16 << 10      // the largest request body of a write
)

// Item is one piece of stuff, as the API shows it and the data file keeps it.
type Item struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Count   int64     `json:"count"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// itemInput is what a client sends to create an item (the request of
// POST /1.0/stuff) or to replace one.
type itemInput struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// Validate checks the input: a name of 1 to maxNameLen printable
// characters, and a count from 0 to maxCount. Its error is a 422.
func (in *itemInput) Validate() error {
	n := utf8.RuneCountInString(in.Name)
	switch {
	case n == 0:
		return errors.New("name is required")
	case n > maxNameLen:
		return fmt.Errorf("name: got %d characters, want at most %d", n, maxNameLen)
	case !utf8.ValidString(in.Name) || containsControl(in.Name):
		return errors.New("name: control characters and invalid UTF-8 are not allowed")
	case in.Count < 0 || in.Count > maxCount:
		return fmt.Errorf("count: got %d, want 0 to %d", in.Count, maxCount)
	}
	return nil
}

// containsControl reports whether s has a control character.
func containsControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// idRequest is the request of GET and DELETE /1.0/stuff/{id}.
type idRequest struct {
	ID string `path:"id"`
}

// updateRequest is the request of PUT /1.0/stuff/{id}.
type updateRequest struct {
	ID string `path:"id"`
	itemInput
}

// listRequest is the request of GET /1.0/stuff.
type listRequest struct {
	Limit  *int `query:"limit"`
	Offset int  `query:"offset"`
}

// Validate checks the page: limit from 1 to maxLimit, offset 0 or more.
func (in *listRequest) Validate() error {
	if in.Limit != nil && (*in.Limit < 1 || *in.Limit > maxLimit) {
		return fmt.Errorf("limit: got %d, want 1 to %d", *in.Limit, maxLimit)
	}
	if in.Offset < 0 {
		return fmt.Errorf("offset: got %d, want 0 or more", in.Offset)
	}
	return nil
}

// limit returns the page size asked for, or defaultLimit.
func (in *listRequest) limit() int {
	if in.Limit == nil {
		return defaultLimit
	}
	return *in.Limit
}

// listResponse is the body of GET /1.0/stuff: a page of items in the order
// they were created, and the total number of items.
type listResponse struct {
	Items  []Item `json:"items"`
	Total  int    `json:"total"`
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
}

// sleepRequest is the request of GET /1.0/sleep/{ms}.
type sleepRequest struct {
	MS int `path:"ms"`
}

// maxSleep bounds GET /1.0/sleep/{ms}.
const maxSleep = 60 * time.Second

// Validate checks that ms is from 0 to maxSleep.
func (in *sleepRequest) Validate() error {
	if in.MS < 0 || in.MS > int(maxSleep/time.Millisecond) {
		return fmt.Errorf("ms: got %d, want 0 to %d", in.MS, maxSleep/time.Millisecond)
	}
	return nil
}

// sleepResponse is the body of GET /1.0/sleep/{ms}.
type sleepResponse struct {
	SleptMS int `json:"slept_ms"`
}
