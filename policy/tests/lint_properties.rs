//! The builder's output is clean: no finding of the linter's at error level in any generated policy
//! (identity policies, boundary, trust policy), over random specs; and, stronger, none at security
//! or warning level either, since a generated policy that draws a warning means that either the
//! builder or the rule is wrong.

#![expect(
    clippy::unwrap_used,
    reason = "fixtures and generators outside `#[test]` functions: a failure there is a test failure"
)]

use policy::build::{BuildError, build};
use policy::capability::{CapabilityId, CapabilityKind};
use policy::finding::Severity;
use policy::lint::{PolicyKind, lint_document, lint_documents};
use policy::scope::{
    AccountId, BucketName, ExternalId, IamName, KmsKeyArn, ObjectPrefix, PrincipalArn, Region,
    RestoreTargets, S3Location, TableName, TablePattern, TablePrefix, TableSelection,
};
use policy::spec::{IdentityKind, PermissionBoundary, PrincipalSpec, Scope, Spec};
use proptest::prelude::*;

const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn tables() -> impl Strategy<Value = TableSelection> {
    prop_oneof![
        Just(TableSelection::All),
        proptest::sample::subsequence(vec!["Orders", "Invoices", "Users"], 1..=3).prop_map(
            |names| TableSelection::Names(
                names
                    .into_iter()
                    .map(|n| TableName::new(n).unwrap())
                    .collect()
            )
        ),
        proptest::sample::subsequence(vec!["orders-", "inv", "u"], 1..=2).prop_map(|prefixes| {
            TableSelection::Prefixes(
                prefixes
                    .into_iter()
                    .map(|p| TablePrefix::new(p).unwrap())
                    .collect(),
            )
        }),
    ]
}

fn scope() -> impl Strategy<Value = Scope> {
    (
        proptest::sample::subsequence(vec!["123456789012", "210987654321"], 0..=2),
        proptest::sample::subsequence(vec!["us-east-1", "eu-west-1"], 0..=2),
        tables(),
        any::<bool>(),
    )
        .prop_map(|(accounts, regions, tables, pattern)| Scope {
            accounts: accounts
                .into_iter()
                .map(|a| AccountId::new(a).unwrap())
                .collect(),
            regions: regions
                .into_iter()
                .map(|r| Region::new(r).unwrap())
                .collect(),
            tables,
            restore_targets: if pattern {
                RestoreTargets::Pattern(TablePattern::new("restored-*").unwrap())
            } else {
                RestoreTargets::Same
            },
            s3: Some(S3Location {
                bucket: BucketName::new("ddb-exports").unwrap(),
                prefix: Some(ObjectPrefix::new("exports/").unwrap()),
            }),
            kms_keys: vec![KmsKeyArn::new(KEY).unwrap()],
            ..Scope::default()
        })
}

fn principal() -> impl Strategy<Value = PrincipalSpec> {
    (
        prop_oneof![
            Just(IdentityKind::Role),
            Just(IdentityKind::User),
            Just(IdentityKind::Group),
            Just(IdentityKind::ServiceRole)
        ],
        proptest::sample::subsequence(CapabilityId::ALL.to_vec(), 0..=CapabilityId::ALL.len()),
        proptest::sample::subsequence(CapabilityId::ALL.to_vec(), 0..=6),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(kind, mut capabilities, bounded, boundary, break_glass, external_id)| {
                if !kind.is_role() {
                    capabilities.retain(|id| id.capability().kind != CapabilityKind::Trust);
                }
                let mut principal = PrincipalSpec::new(kind, IamName::new("Tester").unwrap());
                principal.capabilities = capabilities;
                // IAM has no boundary for groups, and the builder refuses one.
                if boundary && kind != IdentityKind::Group {
                    let capabilities = bounded
                        .into_iter()
                        .filter(|id| id.capability().kind == CapabilityKind::Permission)
                        .collect();
                    principal.permission_boundary = Some(PermissionBoundary { capabilities });
                }
                if break_glass {
                    principal.break_glass = vec![
                        PrincipalArn::new("arn:aws:iam::123456789012:role/BreakGlass").unwrap(),
                    ];
                }
                principal.trusted_accounts = vec![AccountId::new("210987654321").unwrap()];
                if external_id {
                    principal.external_id = Some(ExternalId::new("vendor-42").unwrap());
                }
                principal
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (scope(), principal()).prop_map(|(scope, principal)| Spec {
        scope,
        principals: vec![principal],
        ..Spec::default()
    })
}

/// Every finding of every generated policy at `severity` or worse, as `policy: code message`.
fn findings(spec: &Spec, worst: Severity) -> Vec<String> {
    let built = build(spec).unwrap();
    let mut out = Vec::new();
    for principal in &built.principals {
        let documents: Vec<_> = principal
            .identity_policies
            .iter()
            .map(|policy| policy.document.clone())
            .collect();
        let identity = principal
            .identity_policies
            .iter()
            .zip(lint_documents(&documents, PolicyKind::Managed));
        let others = principal
            .boundary
            .iter()
            .map(|policy| {
                (
                    policy,
                    lint_document(&policy.document, PolicyKind::Boundary),
                )
            })
            .chain(
                principal
                    .trust_policy
                    .iter()
                    .map(|policy| (policy, lint_document(&policy.document, PolicyKind::Trust))),
            );
        for (policy, policy_findings) in identity.chain(others) {
            for finding in policy_findings {
                if finding.severity <= worst {
                    out.push(format!(
                        "{}: {} {} {}",
                        policy.name, finding.code, finding.pointer, finding.message
                    ));
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn built_policies_have_no_error_security_or_warning_finding(spec in spec()) {
        // The builder refuses a boundary over the quota rather than write one IAM would refuse.
        prop_assume!(!matches!(build(&spec), Err(BuildError::BoundaryTooLarge { .. })));
        let found = findings(&spec, Severity::Warning);
        prop_assert!(found.is_empty(), "{:#?}", found);
    }
}

/// Every capability ticked at once, on a sample scope, for each kind of principal.
#[test]
fn all_capabilities_ticked_lint_clean() {
    for kind in [
        IdentityKind::Role,
        IdentityKind::User,
        IdentityKind::Group,
        IdentityKind::ServiceRole,
    ] {
        let mut principal = PrincipalSpec::new(kind, IamName::new("Everything").unwrap());
        principal.capabilities = CapabilityId::ALL
            .into_iter()
            .filter(|id| kind.is_role() || id.capability().kind != CapabilityKind::Trust)
            .collect();
        principal.trusted_accounts = vec![AccountId::new("210987654321").unwrap()];
        let spec = Spec {
            scope: Scope {
                accounts: vec![AccountId::new("123456789012").unwrap()],
                regions: vec![Region::new("us-east-1").unwrap()],
                tables: TableSelection::Names(vec![TableName::new("Orders").unwrap()]),
                s3: Some(S3Location {
                    bucket: BucketName::new("ddb-exports").unwrap(),
                    prefix: None,
                }),
                kms_keys: vec![KmsKeyArn::new(KEY).unwrap()],
                ..Scope::default()
            },
            principals: vec![principal],
            ..Spec::default()
        };
        let found = findings(&spec, Severity::Suggestion);
        assert!(found.is_empty(), "{kind}: {found:#?}");
    }
}
