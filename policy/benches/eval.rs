//! In-memory evaluation over a realistic policy set: a backup administrator's identity policies,
//! a permissions boundary, two SCP levels and a table's resource policy, with conditions.
//! Goal: at least 5,000,000 evaluations per second on one core.

#![expect(clippy::unwrap_used, reason = "a benchmark over fixed, valid inputs")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use policy::arn::Arn;
use policy::context::{Context, ContextValue};
use policy::eval::{ActionName, NamedPolicy, PolicySet, Request, RequestResource};
use std::hint::black_box;

fn named(name: &str, text: &str) -> NamedPolicy {
    let parsed = policy::parse::parse(text);
    assert!(!parsed.has_errors(), "{name}: {:?}", parsed.findings);
    NamedPolicy {
        name: name.to_owned(),
        document: parsed.document.unwrap(),
    }
}

const BACKUP_ADMIN: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Backups", "Effect": "Allow", "Action": ["dynamodb:CreateBackup", "dynamodb:DescribeBackup", "dynamodb:DeleteBackup", "dynamodb:RestoreTableFromBackup"],
   "Resource": ["arn:aws:dynamodb:us-east-1:111122223333:table/Prod-*", "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-*/backup/*"],
   "Condition": {"StringEquals": {"aws:ResourceTag/env": "${aws:PrincipalTag/env}"}, "Bool": {"aws:SecureTransport": "true"}}},
  {"Sid": "Restore", "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem"],
   "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-*-restore-*"},
  {"Sid": "List", "Effect": "Allow", "Action": ["dynamodb:ListBackups", "dynamodb:ListTables"], "Resource": "*"},
  {"Sid": "PITR", "Effect": "Allow", "Action": ["dynamodb:DescribeContinuousBackups", "dynamodb:RestoreTableToPointInTime"], "Resource": "arn:aws:dynamodb:*:111122223333:table/*",
   "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}},
  {"Sid": "NoPitrOff", "Effect": "Deny", "Action": "dynamodb:UpdateContinuousBackups", "Resource": "*",
   "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass*"}}}]}"#;

const READ_ONLY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["dynamodb:Describe*", "dynamodb:List*", "dynamodb:Get*"], "Resource": "*"}]}"#;

const BOUNDARY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
  {"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"}]}"#;

const FULL_ACCESS: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

const GUARDRAIL: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Regions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
   "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
  {"Sid": "KeepBackups", "Effect": "Deny", "Action": ["dynamodb:DeleteBackup", "backup:DeleteRecoveryPoint"], "Resource": "*",
   "Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BackupAdmin"}}}]}"#;

const TABLE_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteTable", "Resource": "*"},
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Auditor"}, "Action": "dynamodb:Describe*", "Resource": "*"}]}"#;

fn bench_evaluate(c: &mut Criterion) {
    let set = PolicySet {
        identity: vec![
            named("BackupAdmin", BACKUP_ADMIN),
            named("ReadOnly", READ_ONLY),
        ],
        boundary: vec![named("Boundary", BOUNDARY)],
        session: None,
        scps: vec![
            vec![named("FullAWSAccess", FULL_ACCESS)],
            vec![
                named("FullAWSAccess", FULL_ACCESS),
                named("Guardrail", GUARDRAIL),
            ],
        ],
        rcps: Vec::new(),
        resource: Some(named("TablePolicy", TABLE_POLICY)),
    };
    let compiled = policy::eval::CompiledPolicySet::new(&set);
    let context: Context = [
        ("aws:PrincipalTag/env", ContextValue::from("prod")),
        ("aws:ResourceTag/env", ContextValue::from("prod")),
        ("aws:SecureTransport", ContextValue::Bool(true)),
        ("aws:SourceIp", ContextValue::from("203.0.113.7")),
        ("aws:RequestedRegion", ContextValue::from("us-east-1")),
    ]
    .into_iter()
    .collect();
    let principal = Arn::parse("arn:aws:sts::111122223333:assumed-role/BackupAdmin/alice").unwrap();
    let requests: Vec<Request> = [
        ("dynamodb:CreateBackup", "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-Orders"),
        ("dynamodb:RestoreTableFromBackup", "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-Orders/backup/01489173575360-b308cd7d"),
        ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-Orders-restore-1"),
        ("dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-Orders"),
        ("dynamodb:ListBackups", "*"),
        ("dynamodb:UpdateContinuousBackups", "arn:aws:dynamodb:us-east-1:111122223333:table/Prod-Orders"),
        ("dynamodb:RestoreTableToPointInTime", "arn:aws:dynamodb:eu-west-1:111122223333:table/Dev-Orders"),
        ("dynamodb:Scan", "arn:aws:dynamodb:us-east-1:111122223333:table/Other"),
    ]
    .into_iter()
    .map(|(action, resource)| {
        Request::new(
            principal.clone(),
            ActionName::parse(action).unwrap(),
            RequestResource::parse(resource).unwrap(),
            None,
            context.clone(),
        )
    })
    .collect();
    let mut group = c.benchmark_group("eval");
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("realistic_set", |b| {
        b.iter(|| {
            for request in &requests {
                let evaluation = compiled.evaluate(black_box(request));
                let _ = black_box(evaluation);
            }
        })
    });
    group.bench_function("realistic_set_decide", |b| {
        b.iter(|| {
            for request in &requests {
                black_box(compiled.decide(black_box(request)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_evaluate);
criterion_main!(benches);
