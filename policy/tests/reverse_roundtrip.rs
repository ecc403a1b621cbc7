//! Spec → build → reverse: every capability ticked in a random spec comes back granted from the
//! built policies, as the evaluator sees them on the scope's sample tables (a permission that a
//! ticked guardrail denies excepted).

#![expect(
    clippy::unwrap_used,
    reason = "fixtures and generators outside `#[test]` functions: a failure there is a test failure"
)]

use policy::build::build;
use policy::capability::{CapabilityId, CapabilityKind};
use policy::eval::{NamedPolicy, PolicySet};
use policy::reverse::{GrantStatus, SampleScope, reverse};
use policy::scope::{
    AccountId, BucketName, ExternalId, IamName, KmsKeyArn, ObjectPrefix, PrincipalArn, Region,
    RestoreTargets, S3Location, TableName, TablePattern, TablePrefix, TableSelection,
};
use policy::spec::{IdentityKind, PrincipalSpec, Scope, Spec};
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

fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::option::of(Just("123456789012")),
        proptest::sample::subsequence(vec!["us-east-1", "eu-west-1"], 0..=2),
        tables(),
        any::<bool>(),
        prop_oneof![
            Just(IdentityKind::Role),
            Just(IdentityKind::User),
            Just(IdentityKind::Group),
            Just(IdentityKind::ServiceRole)
        ],
        proptest::sample::subsequence(CapabilityId::ALL.to_vec(), 0..=CapabilityId::ALL.len()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                account,
                regions,
                tables,
                pattern,
                kind,
                mut capabilities,
                break_glass,
                external_id,
            )| {
                if !kind.is_role() {
                    capabilities.retain(|id| id.capability().kind != CapabilityKind::Trust);
                }
                let mut principal = PrincipalSpec::new(kind, IamName::new("Tester").unwrap());
                principal.capabilities = capabilities;
                if break_glass {
                    principal.break_glass = vec![
                        PrincipalArn::new("arn:aws:iam::123456789012:role/BreakGlass").unwrap(),
                    ];
                }
                principal.trusted_accounts = vec![AccountId::new("210987654321").unwrap()];
                if external_id {
                    principal.external_id = Some(ExternalId::new("vendor-42").unwrap());
                }
                let scope = Scope {
                    accounts: account
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
                };
                Spec {
                    scope,
                    principals: vec![principal],
                    ..Spec::default()
                }
            },
        )
}

/// Whether a ticked guardrail denies one of the capability's actions.
fn overruled(principal: &PrincipalSpec, id: CapabilityId) -> bool {
    let actions = id.capability().actions();
    principal.capabilities.iter().any(|guard| {
        guard.capability().kind == CapabilityKind::Guardrail
            && guard
                .capability()
                .actions()
                .iter()
                .any(|action| actions.contains(action))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_ticked_capability_comes_back_granted(spec in spec()) {
        let built = build(&spec).unwrap();
        let principal = &spec.principals[0];
        let output = &built.principals[0];
        let identity = output
            .identity_policies
            .iter()
            .map(|policy| NamedPolicy { name: policy.name.clone(), document: policy.document.clone() })
            .collect();
        let set = PolicySet { identity, ..PolicySet::default() };
        let trust = output.trust_policy.as_ref().map(|policy| &policy.document);
        let scope = SampleScope::for_principal(&spec.scope, principal);
        let found = reverse(&set, trust, &scope);
        for id in &principal.capabilities {
            if id.capability().kind == CapabilityKind::Permission && overruled(principal, *id) {
                continue;
            }
            let grant = found.capability(*id).unwrap();
            prop_assert_eq!(grant.status, GrantStatus::Granted, "{}: {:?}", id, grant.tables);
        }
        prop_assert!(found.outside_catalog.is_empty(), "{:?}", found.outside_catalog);
    }
}
