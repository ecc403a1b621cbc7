#!/usr/bin/env bash
# Throughput of `backstop evaluate` against its floor, the reference simulator and iam-rs, on
# the same generated cases, in one run:
#   (a) floor: `scan_cases` reads the file and scans each case's JSON with serde's IgnoredAny;
#   (b) `backstop evaluate` (release, all cores);
#   (c) the reference, `node oracle.mjs` (single-threaded; on a subset when N is large, scaled);
#   (d) iam-rs 0.7.0 in a throwaway harness built under target/iam-rs-harness/. It models
#       identity policies only (no permissions boundaries, SCPs, RCPs, session or resource
#       policies), so it evaluates less than the others do for the same cases.
#
#   scripts/bench-evaluate.sh [N=100000] [SEED=7]
#
# The machine is shared, so single-threaded comparisons use CPU time (user + sys), which other
# processes disturb far less than wall time; the threaded CLI is reported by both.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-100000}
SEED=${2:-7}
ORACLE=${ORACLE:-$ROOT/../shared/oracle}
# The reference runs on at most this many cases; its time is scaled to N.
ORACLE_MAX=${ORACLE_MAX:-10000}
[ -d "$ORACLE/node_modules" ] || { echo "error: run \`npm ci\` in $ORACLE first" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-evaluate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "building (release): backstop, scan_cases, iam-rs harness" >&2
cargo build --release --quiet -p server --bin backstop --example scan_cases
HARNESS=$ROOT/target/iam-rs-harness
mkdir -p "$HARNESS/src"
cat > "$HARNESS/Cargo.toml" <<'EOF'
[package]
name = "iam-rs-harness"
version = "0.0.0"
edition = "2024"
publish = false

# Its own workspace: a peer to measure against, not part of Backstop.
[workspace]

[dependencies]
iam-rs = "=0.7.0"
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["raw_value"] }

[profile.release]
debug = false
EOF
cat > "$HARNESS/src/main.rs" <<'EOF'
//! Reads cases in the reference simulator's format (a JSON array or JSON Lines) and evaluates
//! each case's identity policies with iam-rs; prints one line per case as `backstop evaluate`.
use iam_rs::{
    Arn, Context, ContextValue, Decision, IAMPolicy, IAMRequest, Principal, PrincipalId,
    evaluate_policies,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::io::{BufWriter, Write};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    identity_policies: Vec<&'a RawValue>,
    request: CaseRequest,
}

#[derive(Deserialize)]
struct CaseRequest {
    principal: String,
    action: String,
    resource: String,
    #[serde(default)]
    context: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct Named<'a> {
    #[serde(borrow)]
    policy: &'a RawValue,
}

fn context_value(value: serde_json::Value) -> Option<ContextValue> {
    Some(match value {
        serde_json::Value::String(text) => ContextValue::String(text),
        serde_json::Value::Bool(flag) => ContextValue::Boolean(flag),
        serde_json::Value::Number(number) => ContextValue::Number(number.as_f64()?),
        serde_json::Value::Array(items) if items.iter().all(|item| item.is_boolean()) => {
            ContextValue::BooleanList(items.iter().filter_map(|item| item.as_bool()).collect())
        }
        serde_json::Value::Array(items) => ContextValue::StringList(
            items
                .into_iter()
                .map(|item| match item {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                })
                .collect(),
        ),
        _ => return None,
    })
}

fn decide(case: Case<'_>) -> Result<&'static str, String> {
    let mut policies = Vec::with_capacity(case.identity_policies.len());
    for raw in case.identity_policies {
        let raw = match serde_json::from_str::<Named<'_>>(raw.get()) {
            Ok(named) => named.policy,
            Err(_) => raw,
        };
        policies.push(IAMPolicy::from_json(raw.get()).map_err(|error| error.to_string())?);
    }
    let mut context = Context::new();
    for (key, value) in case.request.context {
        if let Some(value) = context_value(value) {
            context.insert(key, value);
        }
    }
    let resource = Arn::parse(&case.request.resource).map_err(|error| error.to_string())?;
    let principal = Principal::Aws(PrincipalId::String(case.request.principal));
    let request = IAMRequest::new_with_context(principal, case.request.action, resource, context);
    let decision = match evaluate_policies(&policies, &request).map_err(|error| error.to_string())? {
        Decision::Allow => "Allowed",
        Decision::Deny => "ExplicitlyDenied",
        Decision::NotApplicable => "ImplicitlyDenied",
    };
    Ok(decision)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: iam-rs-harness CASES.json");
    let text = std::fs::read_to_string(path).expect("readable cases");
    let cases: Vec<&RawValue> = if text.trim_start().starts_with('[') {
        serde_json::from_str(&text).expect("a JSON array of cases")
    } else {
        serde_json::Deserializer::from_str(&text)
            .into_iter::<&RawValue>()
            .collect::<Result<_, _>>()
            .expect("JSON lines")
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (index, case) in cases.iter().enumerate() {
        let (id, answer) = match serde_json::from_str::<Case<'_>>(case.get()) {
            Ok(case) => (
                case.id.map_or_else(|| index.to_string(), |id| id.get().to_owned()),
                decide(case),
            ),
            Err(error) => (index.to_string(), Err(error.to_string())),
        };
        let line = match answer {
            Ok(decision) => format!("{{\"id\":{id},\"decision\":\"{decision}\"}}"),
            Err(error) => format!(
                "{{\"id\":{id},\"decision\":null,\"error\":{}}}",
                serde_json::Value::String(error)
            ),
        };
        writeln!(out, "{line}").expect("writable output");
    }
}
EOF
(cd "$HARNESS" && cargo build --release --quiet)

echo "generating $N cases (seed $SEED)" >&2
node "$ORACLE/gen_cases.mjs" --seed "$SEED" --n "$N" > "$WORK/cases.json"
ORACLE_N=$(( N < ORACLE_MAX ? N : ORACLE_MAX ))
node "$ORACLE/gen_cases.mjs" --seed "$SEED" --n "$ORACLE_N" > "$WORK/oracle-cases.json"
BYTES=$(stat -c %s "$WORK/cases.json")

FLOOR="$ROOT/target/release/examples/scan_cases $WORK/cases.json"
BACKSTOP="$ROOT/target/release/backstop evaluate $WORK/cases.json"
IAMRS="$HARNESS/target/release/iam-rs-harness $WORK/cases.json"
REFERENCE="node $ORACLE/oracle.mjs"

# One measurement: prints `user+sys wall` in seconds, the best of RUNS for the compiled tools.
measure() {
  local runs=$1 input=$2; shift 2
  local best_cpu="" best_wall=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S %e" -o "$WORK/time" "$@" < "$input" > "$WORK/out" 2>/dev/null
    read -r user sys wall < "$WORK/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    if [ -z "$best_cpu" ] || awk -v c="$cpu" -v b="$best_cpu" 'BEGIN { exit !(c < b) }'; then
      best_cpu=$cpu
      best_wall=$wall
    fi
  done
  echo "$best_cpu $best_wall"
}

echo "timing (best of 3 for compiled tools, 1 for the reference)" >&2
read -r FLOOR_CPU FLOOR_WALL < <(measure 3 /dev/null $FLOOR)
read -r BACKSTOP_CPU BACKSTOP_WALL < <(measure 3 /dev/null $BACKSTOP)
cp "$WORK/out" "$WORK/backstop.jsonl"
read -r IAMRS_CPU IAMRS_WALL < <(measure 3 /dev/null $IAMRS)
cp "$WORK/out" "$WORK/iam-rs.jsonl"
read -r REFERENCE_CPU REFERENCE_WALL < <(measure 1 "$WORK/oracle-cases.json" $REFERENCE)

# Agreement between backstop and iam-rs on cases with identity policies only (an iam-rs error
# counts as a disagreement), and why they differ where iam-rs answers: cross-account or not.
AGREE=$(python3 - "$WORK/cases.json" "$WORK/backstop.jsonl" "$WORK/iam-rs.jsonl" <<'EOF'
import json, sys
cases, ours, theirs = sys.argv[1:4]
plain = set()
with open(cases) as f:
    text = f.read().strip()
items = json.loads(text) if text.startswith('[') else [json.loads(l) for l in text.splitlines() if l.strip()]
for case in items:
    if not any(case.get(k) for k in ("permissionBoundaries", "sessionPolicy", "scps", "rcps", "resourcePolicy")):
        plain.add(json.dumps(case.get("id")))
cross = set()
for case in items:
    request = case["request"]
    principal = request["principal"].split(":")[4] if request["principal"].count(":") >= 5 else ""
    resource = request["resource"].split(":")[4] if request["resource"].count(":") >= 5 else ""
    if principal != (request.get("resourceAccount") or resource or principal):
        cross.add(json.dumps(case.get("id")))
def read(path):
    return {json.dumps(line["id"]): line["decision"] for line in map(json.loads, open(path))}
a, b = read(ours), read(theirs)
both = [k for k in plain if k in a and k in b]
same = sum(a[k] == b[k] for k in both)
errors = sum(b[k] is None for k in both)
crossing = sum(a[k] != b[k] and b[k] is not None and k in cross for k in both)
print(f"{same}/{len(both)} ({100.0 * same / max(len(both), 1):.1f}%); of the rest, "
      f"{errors} are iam-rs errors and {crossing} cross-account requests")
EOF
)

python3 - "$N" "$ORACLE_N" "$BYTES" "$FLOOR_CPU" "$FLOOR_WALL" "$BACKSTOP_CPU" "$BACKSTOP_WALL" \
  "$IAMRS_CPU" "$IAMRS_WALL" "$REFERENCE_CPU" "$REFERENCE_WALL" "$AGREE" "$(nproc)" <<'EOF'
import sys
n, oracle_n, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
fc, fw, bc, bw, ic, iw, rc, rw = map(float, sys.argv[4:12])
agree, cores = sys.argv[12], sys.argv[13]
scale = n / oracle_n
rc, rw = rc * scale, rw * scale
rate = lambda seconds: n / seconds if seconds > 0 else float("inf")
print(f"{n} cases, {size / 1e6:.0f} MB, {cores} cores; CPU = user+sys seconds, best of 3")
print(f"{'':34}{'CPU s':>8}{'wall s':>8}{'cases/s (CPU)':>16}{'cases/s (wall)':>16}")
rows = [
    ("(a) floor: scan_cases", fc, fw),
    ("(b) backstop evaluate", bc, bw),
    (f"(c) reference oracle.mjs{' (x%g)' % scale if scale != 1 else ''}", rc, rw),
    ("(d) iam-rs 0.7.0 (identity only)", ic, iw),
]
for name, cpu, wall in rows:
    print(f"{name:34}{cpu:8.2f}{wall:8.2f}{rate(cpu):16,.0f}{rate(wall):16,.0f}")
print(f"backstop / floor:     {bc / fc:.2f}x the floor's CPU time, {bw / fw:.2f}x its wall time")
print(f"backstop vs reference: {rc / bc:.0f}x faster by CPU time, {rw / bw:.0f}x by wall time")
print(f"backstop vs iam-rs:    {ic / bc:.1f}x faster by CPU time, {iw / bw:.1f}x by wall time")
print(f"on the cases with identity policies only, backstop and iam-rs agree on {agree}")
EOF
