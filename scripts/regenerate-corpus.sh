#!/usr/bin/env bash
# Regenerates the evaluator's conformance corpus under policy/tests/corpus/ from the reference
# simulator in ../shared/oracle (Node >= 20; run `npm ci` there first).
#
#   scripts/regenerate-corpus.sh
#
# Every generated case is labelled with what AWS's documentation says. The reference labels a
# "twin" of each case: the same case rewritten where the reference is known to diverge from AWS
# (policy/tests/DIVERGENCES.md), into an equivalent form it gets right:
#   - principal-arn: AWS always sets aws:PrincipalArn; the twin's context gets it.
#   - resource-type-wildcard: `*/Movies`, `tab?e/Movies` become `table/Movies` (the generator's
#     universe has no other resource type, so the rewrite keeps the meaning).
#   - epoch-seconds: epoch-second dates in Date conditions become ISO 8601.
# When the twin's answer differs from the reference's answer on the case as written, the line
# records `"divergence"` (which rewrites applied) and `"oracle"` (the reference's raw answer).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
oracle="$repo/../shared/oracle"
out="$repo/policy/tests/corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -d "$oracle/node_modules" ] || { echo "error: run \`npm ci\` in $oracle first" >&2; exit 2; }

mkdir -p "$out/generated" "$out/doc"
cp "$oracle/examples/doc_cases.json" "$out/doc/doc_cases.json"

# name  seed  count  generator options
sets=(
  "default      101 8000 "
  "scp          202 6000 --scp-rate 0.3"
  "boundary     303 4000 --pb-rate 0.8 --xacct-rate 0.3"
  "divergent    404 3000 --divergent --scp-rate 0.2"
)

twin_js='
import readline from "node:readline"
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
const roleArn = (p) => {
  const m = /^arn:([^:]*):sts::(\d+):assumed-role\/([^/]+)\//.exec(p)
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : p
}
const fixResource = (r, tags) => {
  const m = /^(arn:[^:]*:dynamodb:[^:]*:[^:]*:)(\*|tab\?e)(\/.*)$/.exec(r)
  if (!m) return r
  tags.add("resource-type-wildcard")
  return m[1] + "table" + m[3]
}
const fixPolicy = (p, tags) => {
  if (!p || typeof p !== "object") return p
  if ("policy" in p && !("Statement" in p)) return { ...p, policy: fixPolicy(p.policy, tags) }
  const st = Array.isArray(p.Statement) ? p.Statement : [p.Statement]
  for (const s of st) {
    for (const k of ["Resource", "NotResource"]) {
      if (s[k] === undefined) continue
      s[k] = Array.isArray(s[k]) ? s[k].map((r) => fixResource(r, tags)) : fixResource(s[k], tags)
    }
    for (const [op, block] of Object.entries(s.Condition ?? {})) {
      if (!/^Date/.test(op)) continue
      for (const [key, v] of Object.entries(block)) {
        const fix = (x) => (/^\d+$/.test(x) ? (tags.add("epoch-seconds"), new Date(Number(x) * 1000).toISOString()) : x)
        block[key] = Array.isArray(v) ? v.map(fix) : fix(v)
      }
    }
  }
  return p
}
for await (const line of rl) {
  if (!line.trim()) continue
  const c = JSON.parse(line)
  const tags = new Set()
  const ctx = (c.request.context ??= {})
  if (!Object.keys(ctx).some((k) => k.toLowerCase() === "aws:principalarn")) {
    ctx["aws:PrincipalArn"] = roleArn(c.request.principal)
    tags.add("principal-arn")
  }
  for (const k of ["identityPolicies", "permissionBoundaries"]) if (c[k]) c[k] = c[k].map((p) => fixPolicy(p, tags))
  for (const k of ["scps", "rcps"]) if (c[k]) c[k] = c[k].map((l) => (Array.isArray(l) ? l.map((p) => fixPolicy(p, tags)) : fixPolicy(l, tags)))
  for (const k of ["sessionPolicy", "resourcePolicy"]) if (c[k]) c[k] = fixPolicy(c[k], tags)
  process.stdout.write(JSON.stringify({ case: c, tags: [...tags] }) + "\n")
}
'

merge_js='
import fs from "node:fs"
const [casesFile, rawFile, twinFile, tagsFile] = process.argv.slice(1)
const lines = (f) => fs.readFileSync(f, "utf8").split("\n").filter((l) => l.trim())
const cases = lines(casesFile), raw = lines(rawFile).map(JSON.parse), twin = lines(twinFile).map(JSON.parse), tags = lines(tagsFile).map(JSON.parse)
let diverging = 0
cases.forEach((line, i) => {
  const c = JSON.parse(line)
  if (twin[i].id !== c.id || raw[i].id !== c.id) throw new Error(`order mismatch at ${i}`)
  c.expect = twin[i].decision ?? "error"
  const oracle = raw[i].decision ?? "error"
  if (oracle !== c.expect) {
    c.divergence = tags[i]
    c.oracle = oracle
    diverging++
  }
  process.stdout.write(JSON.stringify(c) + "\n")
})
process.stderr.write(`${cases.length} cases, ${diverging} labelled against the reference per DIVERGENCES.md\n`)
'

for entry in "${sets[@]}"; do
  read -r name seed count options <<<"$entry"
  echo "== $name: seed $seed, $count cases ${options}" >&2
  # shellcheck disable=SC2086
  node "$oracle/gen_cases.mjs" --seed "$seed" --n "$count" --jsonl $options >"$work/cases.jsonl"
  node --input-type=module -e "$twin_js" <"$work/cases.jsonl" >"$work/twin-wrapped.jsonl"
  node -e 'for (const l of require("fs").readFileSync(0,"utf8").split("\n")) if (l.trim()) { const w = JSON.parse(l); console.log(JSON.stringify(w.case)) }' <"$work/twin-wrapped.jsonl" >"$work/twin.jsonl"
  node -e 'for (const l of require("fs").readFileSync(0,"utf8").split("\n")) if (l.trim()) console.log(JSON.stringify(JSON.parse(l).tags))' <"$work/twin-wrapped.jsonl" >"$work/tags.jsonl"
  node "$oracle/oracle.mjs" <"$work/cases.jsonl" >"$work/raw.jsonl"
  node "$oracle/oracle.mjs" <"$work/twin.jsonl" >"$work/twin-decisions.jsonl"
  node --input-type=module -e "$merge_js" "$work/cases.jsonl" "$work/raw.jsonl" "$work/twin-decisions.jsonl" "$work/tags.jsonl" \
    | gzip -9n >"$out/generated/$name.jsonl.gz"
done
du -ch "$out"/generated/*.jsonl.gz | tail -1 >&2
