// Package packaging holds the Debian packaging of exampled (a systemd unit
// that drains on SIGTERM and upgrades with zero downtime on SIGUSR2, the
// default settings in /etc/default/exampled, and the maintainer scripts) and
// the test of the package that `make deb` builds.
package packaging
