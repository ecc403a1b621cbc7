//! `build_reusing` over random edits of the page: whatever it takes from the earlier build, it
//! answers exactly as `build` does, errors included.

#![cfg(test)]

use policy::build::{build, build_reusing};
use policy::capability::{CapabilityId, CapabilityKind};
use policy::scope::{AccountId, IamName, PrincipalArn, TableName, TableSelection};
use policy::spec::{ExtraPolicy, IdentityKind, PermissionBoundary, Scope, Spec};
use proptest::prelude::*;

const ALLOW_CREATE: &str = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": "*"}}"#;

/// One edit of the page, on the principal `principal` (modulo their number), `choice` picking
/// among the edit's variants. Some make specs that do not build: a name taken twice, broken
/// pasted JSON, trust on a user.
fn apply(spec: &mut Spec, (edit, principal, choice): (u8, usize, usize)) {
    let count = spec.principals.len();
    if count == 0 {
        return;
    }
    let at = principal % count;
    // Break-glass ARNs name another principal of the spec.
    let other = spec.principals[choice % count].name.clone();
    let Some(target) = spec.principals.get_mut(at) else {
        return;
    };
    let pasted = |choice: usize| {
        [
            None,
            Some(ALLOW_CREATE.to_owned()),
            Some(ALLOW_CREATE.replace("Create", "Delete")),
            Some(ALLOW_CREATE.replace("}}", "}")),
        ][choice % 4]
            .clone()
    };
    match edit % 12 {
        0 => {
            let id = CapabilityId::ALL[choice % CapabilityId::ALL.len()];
            if target.capabilities.contains(&id) {
                target.capabilities.retain(|ticked| *ticked != id);
            } else if choice % 5 != 0 || id.capability().kind != CapabilityKind::Trust {
                // Now and then a trust capability on any kind, which only roles may have.
                target.capabilities.push(id);
            }
        }
        1 => {
            if target.groups.is_empty() && target.kind == IdentityKind::User {
                target.groups.push(IamName::new("Everyone").unwrap());
            } else {
                target.groups.clear();
            }
        }
        2 => {
            target.scope = (choice % 3 != 0).then(|| Scope {
                tables: TableSelection::Names(vec![
                    TableName::new(["Invoices", "Orders"][choice % 2]).unwrap(),
                ]),
                ..Scope::default()
            });
        }
        3 => spec.principals.swap(at, choice % count),
        4 => {
            let names = ["Ops", "Audit", "ana", "Vault", "Everyone", "Other"];
            target.name = IamName::new(names[choice % names.len()]).unwrap();
        }
        5 => {
            target.break_glass = (choice % 2 == 0)
                .then(|| {
                    PrincipalArn::new(format!("arn:aws:iam::123456789012:role/{other}")).unwrap()
                })
                .into_iter()
                .collect();
        }
        6 => {
            target.extra_policies = pasted(choice)
                .into_iter()
                .map(|json| ExtraPolicy {
                    name: "Pasted".to_owned(),
                    json,
                })
                .collect();
        }
        7 => {
            target.permission_boundary = (choice % 3 != 0).then(|| PermissionBoundary {
                capabilities: vec![CapabilityId::ALL[choice % CapabilityId::ALL.len()]],
            });
            target.pasted_boundary = pasted(choice / 3).map(|json| ExtraPolicy {
                name: "Limit".to_owned(),
                json,
            });
        }
        8 => {
            target.trusted_accounts = (choice % 2 == 0)
                .then(|| AccountId::new("210987654321").unwrap())
                .into_iter()
                .collect();
        }
        9 => {
            if choice % 2 == 0 && count > 1 {
                spec.principals.remove(at);
            } else {
                let copy = target.clone();
                spec.principals.insert(choice % (count + 1), copy);
            }
        }
        10 => {
            spec.scps = pasted(choice)
                .into_iter()
                .map(|json| ExtraPolicy {
                    name: "Root".to_owned(),
                    json,
                })
                .collect();
        }
        _ => {
            let names = ["Orders", "Invoices", "Payments"];
            spec.scope.tables = TableSelection::Names(
                names
                    .iter()
                    .take(choice % (names.len() + 1))
                    .map(|name| TableName::new(*name).unwrap())
                    .collect(),
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn build_reusing_equals_build_after_random_edits(
        edits in proptest::collection::vec((0u8..12, 0usize..8, 0usize..60), 1..16)
    ) {
        let mut spec = Spec::from_json(
            r#"{"version": 1,
                "scope": {"accounts": ["123456789012"], "regions": ["us-east-1"], "tables": {"names": ["Orders"]},
                          "s3": {"bucket": "ddb-exports"},
                          "kms_keys": ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]},
                "principals": [
                {"kind": "group", "name": "Everyone", "capabilities": ["guard.no-backup-delete"]},
                {"kind": "user", "name": "ana", "capabilities": ["backup.delete"], "groups": ["Everyone"]},
                {"kind": "role", "name": "Ops", "capabilities": ["backup.create", "restore.backup", "trust.account"],
                 "trusted_accounts": ["210987654321"]},
                {"kind": "service-role", "name": "Vault", "capabilities": ["awsbackup.backup", "trust.aws-backup"]}]}"#,
        )
        .unwrap();
        // As the page keeps it: the last build that succeeded.
        let mut previous = build(&spec).ok();
        for edit in edits {
            apply(&mut spec, edit);
            let full = build(&spec);
            let reused = build_reusing(&spec, previous.as_ref());
            prop_assert_eq!(&reused, &full);
            if let Ok(built) = reused {
                previous = Some(built);
            }
        }
    }
}
