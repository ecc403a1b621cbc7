//! The work of one tick on the page, natively: the e2e benchmark's largest scenario (10 roles,
//! every capability, 384 tables: 50,090 evaluations in the whole preview), where a tick toggles
//! one guardrail of the first role, so the builder rebuilds that principal and the preview
//! evaluates its row (5,009 requests) again. Also the rebuild alone, and the whole preview, for the
//! first render.

#![expect(clippy::unwrap_used, reason = "a benchmark over fixed, valid inputs")]

use criterion::{Criterion, criterion_group, criterion_main};
use policy::build::{build, build_reusing};
use policy::capability::CapabilityId;
use policy::preview::{preview, preview_reusing};
use policy::spec::Spec;
use std::hint::black_box;

const EVERY_CAPABILITY: &str = r#""backup.create", "backup.view", "backup.delete", "restore.backup",
    "pitr.view", "pitr.manage", "restore.pitr", "awsbackup.backup", "awsbackup.restore",
    "awsbackup.view", "export.s3", "import.s3", "kms.customer-keys", "guard.no-backup-delete",
    "guard.no-restore", "guard.no-pitr-change", "guard.no-backup-plan-change", "trust.aws-backup",
    "trust.account""#;

fn issue_spec(tables: usize) -> Spec {
    let names: Vec<String> = (0..tables)
        .map(|index| format!("\"orders-{index:03}\""))
        .collect();
    let principals: Vec<String> = (0..10)
        .map(|index| {
            format!(
                r#"{{"kind": "role", "name": "Operator{index}", "capabilities": [{EVERY_CAPABILITY}],
                    "trusted_accounts": ["210987654321"]}}"#
            )
        })
        .collect();
    Spec::from_json(&format!(
        r#"{{"version": 1, "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1"],
              "tables": {{"names": [{}]}},
              "s3": {{"bucket": "orders-exports", "prefix": "dynamodb/"}},
              "kms_keys": ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}},
            "principals": [{}]}}"#,
        names.join(","),
        principals.join(",")
    ))
    .unwrap()
}

fn bench_preview(c: &mut Criterion) {
    let mut group = c.benchmark_group("preview");
    group.sample_size(10);
    for tables in [50, 384] {
        let spec = issue_spec(tables);
        let built = build(&spec).unwrap();
        let before = preview(&spec, &built);
        let mut ticked = spec.clone();
        let first = ticked.principals.first_mut().unwrap();
        first
            .capabilities
            .retain(|id| *id != CapabilityId::GuardNoRestore);
        group.bench_function(format!("tick/{tables}_tables"), |b| {
            b.iter(|| {
                let rebuilt = build_reusing(black_box(&ticked), Some(&built)).unwrap();
                preview_reusing(&ticked, &rebuilt, Some(&before))
            });
        });
        group.bench_function(format!("rebuild/{tables}_tables"), |b| {
            b.iter(|| build_reusing(black_box(&ticked), Some(&built)).unwrap());
        });
        group.bench_function(format!("whole/{tables}_tables"), |b| {
            b.iter(|| preview(black_box(&spec), &built));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_preview);
criterion_main!(benches);
