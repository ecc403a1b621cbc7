#!/usr/bin/env bash
# Trunk's post_build hook: moves the inline module script Trunk writes into index.html (which boots
# the WebAssembly) into its own hashed file, because the page's Content-Security-Policy allows only
# scripts from 'self' and no inline script.
set -euo pipefail
dir=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
index="$dir/index.html"
loader=$(awk '/<script type="module">/{inside=1; next} inside && /<\/script>/{inside=0; next} inside' "$index")
if [ -z "$loader" ]; then
  echo "externalize-loader: no inline module script in $index" >&2
  exit 1
fi
hash=$(printf '%s\n' "$loader" | sha256sum | cut -c1-16)
printf '%s\n' "$loader" > "$dir/boot-$hash.js"
awk -v tag="<script type=\"module\" src=\"/boot-$hash.js\"></script>" '
  /<script type="module">/ { inside=1; print tag; next }
  inside && /<\/script>/ { inside=0; next }
  !inside
' "$index" > "$index.tmp"
mv "$index.tmp" "$index"
