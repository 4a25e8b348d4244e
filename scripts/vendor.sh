#!/usr/bin/env bash
# Copy the front-end files the pages need from node_modules into static/vendor/
# (and axe-core into tests/browser/). Node is only needed to run this script,
# not at run time: the copied files are committed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

npm ci --no-audit --no-fund

nm=node_modules
vendor=static/vendor

# Print the installed version of a package.
versie() {
    node -p "require('./$nm/$1/package.json').version"
}

# copy SRC DEST: copy one file, creating the target folder.
kopieer() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
    echo "  $2"
}

echo "Vendoring into $vendor/ and tests/browser/:"
kopieer "$nm/@utrecht/component-library-css/dist/index.css" "$vendor/utrecht/component-library.css"
kopieer "$nm/@utrecht/design-tokens/dist/theme.css" "$vendor/utrecht/design-tokens.css"
kopieer "$nm/htmx.org/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"
kopieer "$nm/axe-core/axe.min.js" tests/browser/axe.min.js

# The CSS must not point at files we did not copy (fonts, images).
# data: URIs are fine, anything else fails the script.
for css in "$vendor"/utrecht/*.css; do
    extern=$(grep -oE 'url\([^)]*\)' "$css" | grep -vE "url\([\"']?data:" || true)
    if [ -n "$extern" ]; then
        echo "error: $css references external files; copy them too" >&2
        exit 1
    fi
done

{
    echo "# Vendored by scripts/vendor.sh from package-lock.json; do not edit by hand."
    for pkg in @utrecht/component-library-css @utrecht/design-tokens htmx.org axe-core; do
        echo "$pkg@$(versie "$pkg")"
    done
} > "$vendor/VERSIONS.txt"
echo "  $vendor/VERSIONS.txt"
