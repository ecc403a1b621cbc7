#!/usr/bin/env bash
# Validates Backstop's exports with the formats' own tools: every spec under server/tests/data/ is
# exported three ways, then
#   JSON           each policy document is linted by `backstop lint` (no error-level finding);
#   Terraform      `terraform fmt -check` (syntax and formatting), and `terraform validate` when the
#                  AWS provider can be installed (it cannot without access to its registry);
#   CloudFormation `cfn-lint` (installed with pip when missing).
# A validator that is absent and cannot be installed is skipped with a message; any finding fails.
#
# Usage: scripts/validate-exports.sh [BACKSTOP_BINARY]   (default: builds and uses the debug binary)
set -euo pipefail

cd "$(dirname "$0")/.."
backstop=${1:-}
if [[ -z $backstop ]]; then
  cargo build --quiet -p server
  backstop=target/debug/backstop
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint is missing: installing it with pip"
  python3 -m pip install --quiet cfn-lint || echo "cannot install cfn-lint with pip"
fi

# Whether the AWS provider can be installed here decides between `validate` and `fmt` alone.
terraform_validate=no
if command -v terraform >/dev/null 2>&1; then
  mkdir -p "$work/probe"
  printf 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n' >"$work/probe/main.tf"
  if timeout 120 terraform -chdir="$work/probe" init -backend=false -input=false >/dev/null 2>&1; then
    terraform_validate=yes
    # Reuse the downloaded provider for every export.
    export TF_PLUGIN_CACHE_DIR="$work/plugins"
    mkdir -p "$TF_PLUGIN_CACHE_DIR"
  else
    echo "terraform validate skipped: the AWS provider cannot be installed (no access to its registry); checking with terraform fmt"
  fi
else
  echo "terraform skipped: terraform is not installed (the Rust tests still parse the exports as HCL)"
fi

failures=0
checked=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

for spec in server/tests/data/*-spec.json; do
  name=$(basename "$spec" .json)

  # JSON: every document the export holds is a policy the linter accepts.
  "$backstop" export --format json --output "$work/$name.json" "$spec"
  jq -c '[.principals[]? | (.managedPolicies[]?, .permissionBoundary // empty, .trustPolicy // empty, .inlinePolicies[]?)] + (.policies // []) | .[] | .document' \
    "$work/$name.json" >"$work/$name.documents"
  index=0
  while IFS= read -r document; do
    index=$((index + 1))
    printf '%s\n' "$document" >"$work/$name-$index.policy.json"
    "$backstop" lint "$work/$name-$index.policy.json" || fail "$spec: document $index of the JSON export has lint errors"
  done <"$work/$name.documents"
  [[ $index -gt 0 ]] || fail "$spec: the JSON export holds no document"
  checked=$((checked + 1))

  # Terraform.
  if command -v terraform >/dev/null 2>&1; then
    mkdir -p "$work/$name-tf"
    "$backstop" export --format terraform --output "$work/$name-tf/main.tf" "$spec"
    terraform fmt -check -diff -no-color "$work/$name-tf/main.tf" || fail "$spec: terraform fmt"
    if [[ $terraform_validate == yes ]]; then
      terraform -chdir="$work/$name-tf" init -backend=false -input=false >/dev/null &&
        terraform -chdir="$work/$name-tf" validate -no-color || fail "$spec: terraform validate"
    fi
    checked=$((checked + 1))
  fi

  # CloudFormation.
  if command -v cfn-lint >/dev/null 2>&1; then
    "$backstop" export --format cloudformation --output "$work/$name.template.json" "$spec"
    cfn-lint --format parseable "$work/$name.template.json" || fail "$spec: cfn-lint"
    checked=$((checked + 1))
  else
    echo "cfn-lint skipped: not installed and pip could not install it"
  fi
done

if [[ $failures -gt 0 ]]; then
  echo "validate-exports: $failures of $checked exports failed" >&2
  exit 1
fi
echo "validate-exports: $checked exports valid (terraform validate: $terraform_validate)"
