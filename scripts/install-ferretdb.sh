#!/usr/bin/env bash
# Builds FerretDB 1.24 (a MongoDB-wire server over PostgreSQL) from the Go module proxy,
# for the MongoDB adapter tests. `go install …@v1.24.0` fails on a proxy that refuses
# the module's version list, and the module zip lacks build/version/version.txt (the
# binary panics without it), so we fetch the module, fill that file and build it.
set -euo pipefail
version=v1.24.0
dest=${1:-"$(go env GOPATH)/bin"}
if command -v ferretdb >/dev/null 2>&1 && ferretdb --version 2>/dev/null | grep -q "$version"; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init ferretdb-build >/dev/null 2>&1
go mod download github.com/FerretDB/FerretDB@"$version"
src=$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB@"$version" 2>/dev/null || true)
[ -n "$src" ] || src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$version"
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$version" > "$work/src/build/version/version.txt"
cd "$work/src"
mkdir -p "$dest"
go build -o "$dest/ferretdb" ./cmd/ferretdb
"$dest/ferretdb" --version | head -1
