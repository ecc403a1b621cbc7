//! The builder over three specs: the typical one the server's load test exports, every capability
//! at once, and 120 long table names that force splitting into several managed policies.
//! Goal: a typical build well under 50 µs, so that the export API is not bound by the builder.

#![expect(clippy::unwrap_used, reason = "a benchmark over fixed, valid inputs")]

use criterion::{Criterion, criterion_group, criterion_main};
use policy::build::build;
use policy::spec::Spec;
use std::hint::black_box;

/// The spec of `server/tests/data/typical-spec.json`, which the export load test posts.
const TYPICAL: &str = r#"{"version": 1,
    "scope": {"partition": "aws", "accounts": ["123456789012"], "regions": ["us-east-1"],
              "tables": {"prefixes": ["orders-"]}, "restore_targets": {"pattern": "orders-restore-*"}},
    "principals": [{"kind": "role", "name": "BackupOperator",
                    "capabilities": ["backup.create", "backup.view", "restore.backup", "pitr.view",
                                     "restore.pitr", "guard.no-backup-delete", "trust.account"],
                    "trusted_accounts": ["210987654321"],
                    "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"]}]}"#;

const EVERYTHING: &str = r#"{"version": 1,
    "scope": {"accounts": ["123456789012", "210987654321"], "regions": ["us-east-1", "eu-west-1"],
              "tables": {"names": ["Orders", "Invoices"]}, "restore_targets": {"pattern": "Orders-restore-*"},
              "s3": {"bucket": "ddb-exports", "prefix": "orders/"},
              "kms_keys": ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]},
    "principals": [{"kind": "role", "name": "Everything",
                    "capabilities": ["backup.create", "backup.view", "backup.delete", "restore.backup",
                                     "pitr.view", "pitr.manage", "restore.pitr", "export.s3", "import.s3",
                                     "awsbackup.backup", "awsbackup.restore", "awsbackup.view",
                                     "kms.customer-keys", "guard.no-backup-delete", "guard.no-restore",
                                     "guard.no-pitr-change", "guard.no-backup-plan-change",
                                     "trust.aws-backup", "trust.account"],
                    "trusted_accounts": ["210987654321"], "external_id": "ops-2024",
                    "break_glass": ["arn:aws:iam::123456789012:role/BreakGlass"],
                    "permission_boundary": {"capabilities": ["backup.create", "backup.view", "restore.backup"]}}]}"#;

fn many_tables() -> String {
    let names: Vec<String> = (0..120)
        .map(|index| format!("\"table-with-a-long-name-number-{index:03}\""))
        .collect();
    format!(
        r#"{{"version": 1, "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {{"names": [{}]}}}},
            "principals": [{{"kind": "role", "name": "Big", "capabilities": ["backup.create", "backup.delete", "pitr.view"]}}]}}"#,
        names.join(",")
    )
}

fn bench_build(c: &mut Criterion) {
    let many_tables = many_tables();
    for (name, text) in [
        ("typical", TYPICAL),
        ("everything", EVERYTHING),
        ("many_tables", many_tables.as_str()),
    ] {
        let spec = Spec::from_json(text).unwrap();
        c.bench_function(&format!("build/{name}"), |b| {
            b.iter(|| build(black_box(&spec)).unwrap());
        });
    }
}

criterion_group!(benches, bench_build);
criterion_main!(benches);
