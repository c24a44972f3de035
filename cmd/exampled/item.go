package main

import (
	"errors"
	"time"
	"unicode"
)

// The bounds of the values a client may send. The validation tags of
// ItemInput, listRequest and sleepRequest say the same (TestTagsBounds
// checks), and the server and the document enforce and publish them.
const (
	maxNameLen   = 100           // characters in a name
	maxCount     = 1_000_000_000 // the largest count
	defaultLimit = 100           // items per page when limit is not given
	maxLimit     = 1000          // the largest page
	maxBodyBytes = 16 << 10      // the largest request body of a write
)

// Item is one piece of stuff, as the API shows it and the data file keeps it.
type Item struct {
	ID      string    `json:"id" doc:"The item's ID: a decimal number, never reused." example:"1"`
	Name    string    `json:"name" example:"widget"`
	Count   int64     `json:"count" example:"3"`
	Created time.Time `json:"created" doc:"When the item was created."`
	Updated time.Time `json:"updated" doc:"When the item was last changed."`
}

// ItemInput is what a client sends to create an item (the request of
// POST /1.0/stuff) or to replace one. Its tags bound the name to 1 to
// maxNameLen characters and the count to 0 to maxCount, in the document
// and on the server alike; Validate adds what tags cannot say.
type ItemInput struct {
	Name  string `json:"name" minLength:"1" maxLength:"100" doc:"1 to 100 characters, none of them a control character." example:"widget"`
	Count int64  `json:"count" minimum:"0" maximum:"1000000000" example:"3"`
}

// Validate checks what the tags cannot: the name has no control character.
// Its error is a 422. The name is valid UTF-8 by then: marshal answers 400
// to a body whose strings are not, rather than rewriting them.
func (in *ItemInput) Validate() error {
	if containsControl(in.Name) {
		return errors.New("name: control characters are not allowed")
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
	ID string `path:"id" doc:"The item's ID." example:"1"`
}

// updateRequest is the request of PUT /1.0/stuff/{id}.
type updateRequest struct {
	ID string `path:"id" doc:"The item's ID." example:"1"`
	ItemInput
}

// listRequest is the request of GET /1.0/stuff.
type listRequest struct {
	Limit  *int `query:"limit" minimum:"1" maximum:"1000" doc:"Items per page, 1 to 1000. Defaults to 100."`
	Offset int  `query:"offset" minimum:"0" doc:"Items to skip. Defaults to 0."`
}

// limit returns the page size asked for, or defaultLimit.
func (in *listRequest) limit() int {
	if in.Limit == nil {
		return defaultLimit
	}
	return *in.Limit
}

// ItemPage is the body of GET /1.0/stuff: a page of items in the order
// they were created, and the total number of items.
type ItemPage struct {
	Items  []Item `json:"items"`
	Total  int    `json:"total"`
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
}

// sleepRequest is the request of GET /1.0/sleep/{ms}.
type sleepRequest struct {
	MS int `path:"ms" minimum:"0" maximum:"60000" doc:"How long to sleep, in milliseconds: 0 to 60000." example:"250"`
}

// maxSleep bounds GET /1.0/sleep/{ms}, as the ms tag says.
const maxSleep = 60 * time.Second

// SleepResult is the body of GET /1.0/sleep/{ms}.
type SleepResult struct {
	SleptMS int `json:"slept_ms" doc:"How long the request slept, in milliseconds."`
}
