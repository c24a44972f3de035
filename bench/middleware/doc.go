// Package middleware compares the cost of tonic's middleware stack with the
// equivalent stacks of chi and gin: request ID, access log to io.Discard,
// a go-metrics counter and timer, and panic recovery, around a no-op
// handler. Run all three in one invocation and compare with benchstat:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./middleware | tee stack.txt
//	benchstat -col /stack stack.txt
package middleware
