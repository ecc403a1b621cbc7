#!/usr/bin/env bash
# Prints the raw and gzip sizes of the release page's assets, as recorded in docs/benchmarks.md.
set -euo pipefail
dist=${1:-dist}
printf '%-8s %10s %10s  %s\n' kind raw gzip file
total_raw=0 total_gz=0
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
  [ -e "$file" ] || continue
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  printf '%-8s %10d %10d  %s\n' "${file##*.}" "$raw" "$gz" "$(basename "$file")"
done
printf '%-8s %10d %10d\n' total "$total_raw" "$total_gz"
