module github.com/seed78c03fa0/tonic/browser

go 1.25.0

replace github.com/seed78c03fa0/tonic => ../

require (
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.23.1
	github.com/seed78c03fa0/tonic v0.0.0-00010101000000-000000000000
	go.uber.org/goleak v1.3.0
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/julienschmidt/httprouter v1.3.0 // indirect
)
