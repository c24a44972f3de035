module github.com/seed78c03fa0/tonic/bench

go 1.23.0

replace github.com/seed78c03fa0/tonic => ../
