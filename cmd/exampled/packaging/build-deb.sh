#!/bin/sh
# build-deb.sh BINARY VERSION OUTDIR: assemble the exampled Debian package
# from a built binary, with dpkg-deb. Used by `make deb`.
set -eu
bin=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture 2>/dev/null || go env GOARCH)

# A Debian version starts with a digit and has no '-' outside the revision.
version=${version#v}
case $version in
[0-9]*.[0-9]*) ;;
*) version="0.0.0~$version" ;;
esac
version=$(printf '%s' "$version" | tr -c 'A-Za-z0-9.+~\n' '~')

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
install -D -m 0755 "$bin" "$root/usr/bin/exampled"
install -D -m 0644 "$here/exampled.service" "$root/lib/systemd/system/exampled.service"
install -D -m 0600 "$here/exampled.default" "$root/etc/default/exampled"
install -d "$root/DEBIAN"
printf '/etc/default/exampled\n' >"$root/DEBIAN/conffiles"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
	-e "s/@SIZE@/$(du -sk "$root" | cut -f1)/" "$here/control.in" >"$root/DEBIAN/control"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$root/DEBIAN/"

mkdir -p "$out"
deb="$out/exampled_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
