//! Every action a capability allows comes with the actions AWS says it depends on (the reference's
//! `dependentActions`, from the Service Authorization Reference): `RestoreTableFromBackup` with
//! the item writes, `StartBackupJob` with `iam:PassRole`, and so on (PITFALLS D01, D05).

#![cfg(test)]

use policy::capability::{self, CapabilityKind};
use policy::catalog;
use serde_json::Value;

fn dependent_actions(action: &str) -> Vec<String> {
    let (service, name) = action.split_once(':').unwrap();
    let path = format!(
        "{}/../../shared/oracle/data/{service}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let data: Value = serde_json::from_str(&text).unwrap();
    let entry = data["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["name"] == name)
        .unwrap()
        .clone();
    let per_resource = entry["resourceTypes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|usage| {
            usage["dependentActions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|value| value.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        });
    let action_level = entry["dependentActions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap().to_owned());
    per_resource.chain(action_level).collect()
}

#[test]
fn allowed_actions_come_with_their_dependent_actions() {
    let mut checked = 0;
    for capability in
        capability::all().filter(|capability| capability.kind == CapabilityKind::Permission)
    {
        let actions = capability.actions();
        for action in &actions {
            // logs has no reference data; its actions have no dependents.
            if catalog::action(action).unwrap().service == catalog::Service::Logs {
                continue;
            }
            for dependent in dependent_actions(action) {
                assert!(
                    actions.contains(&dependent.as_str()),
                    "{}: {action} needs {dependent}",
                    capability.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "{checked}");
}
