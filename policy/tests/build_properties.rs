//! Properties of the builder over random specs: it never fails on a valid spec, it is
//! deterministic, every ticked capability's actions are in the output, the linter finds no error in
//! what it makes, and the evaluator agrees
//! with the capabilities: Allowed on the chosen resources, ImplicitlyDenied elsewhere, guardrails
//! ExplicitlyDenied except for break-glass principals.

#![cfg(test)]

use policy::arn::Arn;
use policy::build::{DEFAULT_AWS_BACKUP_ROLE, build};
use policy::capability::{Audience, CapabilityId, CapabilityKind, GrantCondition, Target};
use policy::context::{Context, ContextValue};
use policy::document::Document;
use policy::eval::{
    ActionName, CompiledPolicySet, Decision, NamedPolicy, PolicySet, Request, RequestResource,
};
use policy::lint::{PolicyKind, lint_document};
use policy::parse::parse;
use policy::scope::{
    AccountId, BucketName, ExternalId, IamName, KmsKeyArn, ObjectPrefix, PrincipalArn, Region,
    RestoreTargets, S3Location, TableName, TablePattern, TablePrefix, TableSelection,
};
use policy::spec::{IdentityKind, PrincipalSpec, Scope, Spec};
use proptest::prelude::*;

const ACCOUNT: &str = "123456789012";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BREAK_GLASS: &str = "arn:aws:iam::123456789012:role/BreakGlass";
/// No generated name, prefix or restore pattern selects this table.
const OUTSIDE_TABLE: &str = "zz-outside";

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
        proptest::option::of(Just(ACCOUNT)),
        proptest::option::of(prop_oneof![Just("us-east-1"), Just("eu-west-1")]),
        tables(),
        any::<bool>(),
    )
        .prop_map(|(account, region, tables, pattern)| Scope {
            accounts: account
                .into_iter()
                .map(|a| AccountId::new(a).unwrap())
                .collect(),
            regions: region
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
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(kind, mut capabilities, break_glass, external_id, reversed)| {
                if !kind.is_role() {
                    capabilities.retain(|id| id.capability().kind != CapabilityKind::Trust);
                }
                if reversed {
                    capabilities.reverse();
                }
                let mut principal = PrincipalSpec::new(kind, IamName::new("Tester").unwrap());
                principal.capabilities = capabilities;
                if break_glass {
                    principal.break_glass = vec![PrincipalArn::new(BREAK_GLASS).unwrap()];
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

/// Whether a grant is meant for this principal (see `Audience`).
fn applies(audience: Audience, principal: &PrincipalSpec) -> bool {
    match audience {
        Audience::Everyone => true,
        Audience::Caller => principal.kind != IdentityKind::ServiceRole,
        Audience::AwsBackupRole => {
            principal.kind == IdentityKind::ServiceRole
                || principal
                    .capabilities
                    .contains(&CapabilityId::TrustAwsBackup)
        }
    }
}

/// A table the scope selects.
fn inside_table(scope: &Scope) -> String {
    match &scope.tables {
        TableSelection::All => "Orders".to_owned(),
        TableSelection::Names(names) => names[0].to_string(),
        TableSelection::Prefixes(prefixes) => format!("{}x1", prefixes[0]),
    }
}

fn restore_target(scope: &Scope) -> String {
    match &scope.restore_targets {
        RestoreTargets::Same => inside_table(scope),
        RestoreTargets::Pattern(_) => "restored-1".to_owned(),
    }
}

/// A concrete resource for a target, inside the scope or, for table targets, outside it (`None`
/// when every table is chosen, so nothing is outside).
fn sample(
    target: Target,
    scope: &Scope,
    principal: &PrincipalSpec,
    outside: bool,
) -> Option<String> {
    let region = scope.regions.first().map_or("us-east-1", Region::as_str);
    let table_arn = |table: &str| format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/{table}");
    let tables_outside = scope.tables != TableSelection::All;
    let targets_outside = match scope.restore_targets {
        RestoreTargets::Same => tables_outside,
        RestoreTargets::Pattern(_) => true,
    };
    let table = if outside {
        OUTSIDE_TABLE.to_owned()
    } else {
        inside_table(scope)
    };
    let target_table = if outside {
        OUTSIDE_TABLE.to_owned()
    } else {
        restore_target(scope)
    };
    let backup_vault = format!("arn:aws:backup:{region}:{ACCOUNT}:backup-vault:Default");
    let arn = match target {
        Target::Tables if !outside || tables_outside => table_arn(&table),
        Target::Backups if !outside || tables_outside => {
            format!("{}/backup/01489173575360-b308cd7d", table_arn(&table))
        }
        Target::Exports if !outside || tables_outside => {
            format!("{}/export/01234567890123-abcdefgh", table_arn(&table))
        }
        Target::RestoreTargets if !outside || targets_outside => table_arn(&target_table),
        Target::Imports if !outside || targets_outside => {
            format!(
                "{}/import/01234567890123-abcdefgh",
                table_arn(&target_table)
            )
        }
        _ if outside => return None,
        Target::Any => "*".to_owned(),
        Target::AllTables => table_arn("AnyTable"),
        Target::S3Objects => "arn:aws:s3:::ddb-exports/exports/part-0001.json".to_owned(),
        Target::S3Bucket => "arn:aws:s3:::ddb-exports".to_owned(),
        Target::KmsKeys => KEY.to_owned(),
        Target::BackupVaults => backup_vault,
        Target::BackupPlans => format!("arn:aws:backup:{region}:{ACCOUNT}:backup-plan:1234"),
        Target::RecoveryPoints => format!("arn:aws:backup:{region}:{ACCOUNT}:recovery-point:1234"),
        Target::AwsBackupRole => {
            let role = principal
                .aws_backup_role
                .as_ref()
                .map_or(DEFAULT_AWS_BACKUP_ROLE, |role| role.as_str());
            format!("arn:aws:iam::{ACCOUNT}:role/{role}")
        }
        Target::DynamoDbLogGroups => {
            format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:/aws-dynamodb/imports")
        }
        Target::Tables
        | Target::Backups
        | Target::Exports
        | Target::RestoreTargets
        | Target::Imports => return None,
    };
    Some(arn)
}

/// KMS keys need their key policy (PITFALLS D16): the default one delegates to IAM policies.
fn key_policy() -> NamedPolicy {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "EnableIamUserPermissions", "Effect": "Allow",
            "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}}, "Action": "kms:*", "Resource": "*"}}]}}"#
    );
    NamedPolicy {
        name: "key-policy".to_owned(),
        document: parse(&text).document.unwrap(),
    }
}

fn evaluate(
    identity: &[Document],
    caller: &str,
    action: &str,
    resource: &str,
    condition: GrantCondition,
) -> Decision {
    let mut set = PolicySet {
        identity: identity
            .iter()
            .enumerate()
            .map(|(index, document)| NamedPolicy {
                name: format!("policy-{index}"),
                document: document.clone(),
            })
            .collect(),
        ..PolicySet::default()
    };
    if action.starts_with("kms:") {
        set.resource = Some(key_policy());
    }
    let mut context = Context::new();
    match condition {
        GrantCondition::None => {}
        GrantCondition::PassedToAwsBackup => context.insert(
            "iam:PassedToService",
            ContextValue::from("backup.amazonaws.com"),
        ),
        GrantCondition::GrantIsForAwsResource => {
            context.insert("kms:GrantIsForAWSResource", ContextValue::Bool(true))
        }
    }
    let resource_account =
        (resource == "*" || resource.starts_with("arn:aws:s3:")).then(|| ACCOUNT.to_owned());
    let request = Request::new(
        Arn::parse(caller).unwrap(),
        ActionName::parse(action).unwrap(),
        RequestResource::parse(resource).unwrap(),
        resource_account,
        context,
    );
    CompiledPolicySet::new(&set).evaluate(&request).decision
}

/// Whether a ticked guardrail denies `action`.
fn denied_by_guardrail(principal: &PrincipalSpec, action: &str) -> bool {
    principal.capabilities.iter().any(|id| {
        let capability = id.capability();
        capability.kind == CapabilityKind::Guardrail && capability.actions().contains(&action)
    })
}

/// Whether some ticked grant allows `action` on every table, so no table is outside for it.
fn granted_everywhere(principal: &PrincipalSpec, scope: &Scope, action: &str) -> bool {
    let all_tables = scope.tables == TableSelection::All;
    let all_targets = all_tables && scope.restore_targets == RestoreTargets::Same;
    principal
        .capabilities
        .iter()
        .map(|id| id.capability())
        .filter(|c| c.kind == CapabilityKind::Permission)
        .any(|capability| {
            capability
                .grants
                .iter()
                .filter(|grant| {
                    applies(grant.audience, principal) && grant.actions.contains(&action)
                })
                .any(|grant| {
                    grant.targets.iter().any(|target| match target {
                        Target::Any | Target::AllTables => true,
                        Target::Tables | Target::Backups | Target::Exports => all_tables,
                        Target::RestoreTargets | Target::Imports => all_targets,
                        _ => false,
                    })
                })
        })
}

fn caller_arn(principal: &PrincipalSpec) -> String {
    match principal.kind {
        IdentityKind::User => format!("arn:aws:iam::{ACCOUNT}:user/Tester"),
        _ => format!("arn:aws:iam::{ACCOUNT}:role/Tester"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn build_is_deterministic_and_covers_every_ticked_capability(spec in spec()) {
        let built = build(&spec).unwrap();
        prop_assert_eq!(&build(&spec).unwrap(), &built);
        let mut sorted = spec.clone();
        sorted.principals[0].capabilities.sort();
        prop_assert_eq!(&build(&sorted).unwrap(), &built);

        let principal = &spec.principals[0];
        let output = &built.principals[0];
        let actions: Vec<String> = output
            .identity_policies
            .iter()
            .flat_map(|policy| policy.document.statements())
            .flat_map(|statement| statement.action.actions.iter().map(|action| action.value.clone()))
            .collect();
        for id in &principal.capabilities {
            let capability = id.capability();
            for grant in capability.grants.iter().filter(|grant| applies(grant.audience, principal)) {
                for action in grant.actions {
                    prop_assert!(actions.iter().any(|a| a == action), "{} of {} is missing", action, id);
                }
            }
            if capability.kind == CapabilityKind::Trust {
                prop_assert!(output.trust_policy.is_some(), "{} made no trust policy", id);
            }
        }
        let linted = output
            .identity_policies
            .iter()
            .map(|policy| (policy, PolicyKind::Managed))
            .chain(output.trust_policy.iter().map(|policy| (policy, PolicyKind::Trust)));
        for (policy, kind) in linted {
            let errors: Vec<_> = lint_document(&policy.document, kind).into_iter().filter(|finding| finding.is_error()).collect();
            prop_assert!(errors.is_empty(), "{}: {:?}", policy.name, errors);
        }
        for policy in &output.identity_policies {
            prop_assert!(policy.size <= policy.quota.limit());
            let text = policy.document.to_json().to_string();
            let parsed = parse(&text);
            prop_assert!(!parsed.has_errors(), "{:?}", parsed.findings);
            prop_assert_eq!(parsed.document.as_ref(), Some(&policy.document));
        }
    }

    #[test]
    fn evaluator_agrees_with_the_ticked_capabilities(spec in spec()) {
        let built = build(&spec).unwrap();
        let principal = &spec.principals[0];
        let scope = &spec.scope;
        let documents: Vec<Document> =
            built.principals[0].identity_policies.iter().map(|policy| policy.document.clone()).collect();
        let caller = caller_arn(principal);
        for id in &principal.capabilities {
            let capability = id.capability();
            for grant in capability.grants.iter().filter(|grant| applies(grant.audience, principal)) {
                for action in grant.actions {
                    for target in grant.targets {
                        let guarded = denied_by_guardrail(principal, action);
                        if let Some(resource) = sample(*target, scope, principal, false) {
                            let decision = evaluate(&documents, &caller, action, &resource, grant.condition);
                            match capability.kind {
                                // A guardrail on the same action may or may not cover this resource
                                // (a restore is denied on the backup, not on the new table).
                                CapabilityKind::Permission if guarded => prop_assert_ne!(
                                    decision, Decision::ImplicitlyDenied, "{} ({}) on {}", action, id, resource
                                ),
                                CapabilityKind::Permission => prop_assert_eq!(
                                    decision, Decision::Allowed, "{} ({}) on {}", action, id, resource
                                ),
                                _ => prop_assert_eq!(
                                    decision, Decision::ExplicitlyDenied, "{} ({}) on {}", action, id, resource
                                ),
                            }
                            if capability.kind == CapabilityKind::Guardrail && !principal.break_glass.is_empty() {
                                let decision = evaluate(&documents, BREAK_GLASS, action, &resource, grant.condition);
                                prop_assert_ne!(decision, Decision::ExplicitlyDenied, "break glass {} on {}", action, resource);
                            }
                        }
                        let elsewhere = granted_everywhere(principal, scope, action);
                        if let Some(resource) = sample(*target, scope, principal, true).filter(|_| !elsewhere) {
                            let decision = evaluate(&documents, &caller, action, &resource, grant.condition);
                            // A guardrail on every table (`AllTables`) may deny outside too.
                            if guarded {
                                prop_assert_ne!(decision, Decision::Allowed, "{} ({}) outside on {}", action, id, resource);
                            } else {
                                prop_assert_eq!(decision, Decision::ImplicitlyDenied, "{} ({}) outside on {}", action, id, resource);
                            }
                        }
                    }
                }
            }
        }
    }
}
