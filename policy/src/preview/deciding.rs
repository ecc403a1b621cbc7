//! The policy behind a decision of the preview, what would have to change for a denied cell to
//! be allowed, looked up among the policies the asking principal was evaluated against, and the
//! context keys its answer hinges on that the preview's requests do not set.

use super::left_out::in_force_pasted;
use super::{Preview, PreviewCell, groups};
use crate::build::{Built, BuiltPolicy};
use crate::capability::{CapabilityId, CapabilityKind};
use crate::eval::{Decision, Layer, Reason, ReasonKind};
use crate::spec::{IdentityKind, PrincipalSpec, Spec};

/// Where a policy that decided a request comes from, seen from the principal that asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Built from the ticked capabilities of the principal, or of the `group` it is in.
    Built { group: Option<String> },
    /// Pasted as an inline policy of the principal, or of the `group` it is in, under `name`.
    Pasted { group: Option<String>, name: String },
    /// The principal's permission boundary; `pasted` names the pasted one, alone or merged into
    /// the one built from capabilities.
    Boundary { pasted: Option<String> },
    /// A service control policy.
    Scp { name: String },
}

/// The policy a [`Reason`] names, as it was evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deciding {
    pub source: Source,
    /// The text the reason's span points into: a built policy (the boundary included) as
    /// [`Document::to_pretty_string`](crate::document::Document::to_pretty_string) prints it, a
    /// pasted inline policy or SCP as pasted.
    pub text: String,
}

/// What would have to change for a denied request to be allowed, as one clause: a policy that
/// denies it explicitly, or a layer that allows none of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A guardrail built from capabilities denies it: untick it, or name the principal in the
    /// break-glass list of whoever ticked it (the principal or its `group`). For a group's own
    /// row (`members`), whose requests stand for its member users, the list must name those
    /// users: break-glass lists name users and roles, never groups.
    Guardrail {
        guardrail: Option<CapabilityId>,
        group: Option<String>,
        members: bool,
    },
    /// A pasted inline policy of the principal or of its `group` denies it.
    PastedPolicy { name: String, group: Option<String> },
    /// The pasted permission boundary denies it.
    PastedBoundary { name: String },
    /// An SCP denies it, which only AWS Organizations can change.
    Scp { name: String },
    /// No identity policy allows it: tick `capability` for the principal or a group of it, or,
    /// when it is `ticked` already, look at the scope its statements were built for.
    IdentityAllowsNone {
        capability: CapabilityId,
        ticked: bool,
    },
    /// The permission boundary `boundary` allows none of it, though an identity policy may.
    /// `pasted` names the pasted boundary, alone or merged into `boundary`; `add` is the
    /// capability to add to the capabilities the boundary is built from, when it is built from
    /// some that lack it.
    BoundaryAllowsNone {
        boundary: String,
        pasted: Option<String>,
        add: Option<CapabilityId>,
    },
    /// The SCP `name`, at `level` (root first) of those in force, allows none of it; every level
    /// must allow a request, and only AWS Organizations can change it.
    ScpAllowsNone { level: usize, name: String },
    /// The request needs the policy of `resource` itself to allow it too (a KMS key's key policy,
    /// or a resource policy across accounts), which the preview does not have.
    ResourcePolicyNeeded { resource: String },
}

impl Preview {
    /// The policy that `reason`, given for a request of the principal at `index`, names. It is
    /// looked up by name among the policies that principal's requests were evaluated against, in
    /// the order they were: its own, its groups', its boundary or the SCPs in force; never another
    /// principal's, nor a pasted policy the preview leaves out.
    pub fn deciding(
        &self,
        spec: &Spec,
        built: &Built,
        index: usize,
        reason: &Reason,
    ) -> Option<Deciding> {
        let name = reason.policy.as_deref()?;
        let principal = spec.principals.get(index)?;
        let own = built.principals.get(index)?;
        let built_text = |policies: &[BuiltPolicy]| {
            policies
                .iter()
                .find(|policy| policy.name == name)
                .map(|policy| policy.document.to_pretty_string())
        };
        let deciding = |source: Source, text: String| Deciding { source, text };
        match reason.layer {
            Layer::Identity => {
                let own_built = || {
                    built_text(&own.identity_policies)
                        .map(|text| deciding(Source::Built { group: None }, text))
                };
                let own_pasted = || {
                    in_force_pasted(principal, name).map(|extra| {
                        deciding(
                            Source::Pasted {
                                group: None,
                                name: extra.name.clone(),
                            },
                            extra.json.clone(),
                        )
                    })
                };
                let of_groups = || {
                    groups(spec, principal, built).find_map(|(group, group_built)| {
                        let group_name = group.name.to_string();
                        let built = built_text(&group_built.identity_policies).map(|text| {
                            deciding(
                                Source::Built {
                                    group: Some(group_name.clone()),
                                },
                                text,
                            )
                        });
                        built.or_else(|| {
                            // A group's pasted policy counts under `group/policy`.
                            let pasted =
                                name.strip_prefix(group_name.as_str())?.strip_prefix('/')?;
                            in_force_pasted(group, pasted).map(|extra| {
                                deciding(
                                    Source::Pasted {
                                        group: Some(group_name.clone()),
                                        name: extra.name.clone(),
                                    },
                                    extra.json.clone(),
                                )
                            })
                        })
                    })
                };
                own_built().or_else(own_pasted).or_else(of_groups)
            }
            Layer::PermissionBoundary => built_text(own.boundary.as_slice()).map(|text| {
                deciding(
                    Source::Boundary {
                        pasted: principal
                            .pasted_boundary
                            .as_ref()
                            .map(|pasted| pasted.name.clone()),
                    },
                    text,
                )
            }),
            Layer::Scp { .. } => self
                .scps
                .pasted
                .iter()
                .zip(&self.scps.in_force)
                .find(|(scp, in_force)| **in_force && scp.name == name)
                .map(|(scp, _)| {
                    deciding(
                        Source::Scp {
                            name: scp.name.clone(),
                        },
                        scp.json.clone(),
                    )
                }),
            Layer::Session | Layer::Resource | Layer::Rcp { .. } => None,
        }
    }

    /// What would have to change for `cell`, a cell of the row at `index`, to be allowed: for an
    /// explicit deny one change per denying policy; for an implicit deny one per layer that
    /// allows none of a denied request. In the order of the checks; none for an allowed cell.
    pub fn changes(
        &self,
        spec: &Spec,
        built: &Built,
        index: usize,
        cell: &PreviewCell,
    ) -> Vec<Change> {
        match cell.decision {
            Decision::Allowed => Vec::new(),
            Decision::ExplicitlyDenied => self.lifting_denies(spec, built, index, cell),
            Decision::ImplicitlyDenied => self.missing_allows(spec, built, index, cell),
        }
    }

    /// One change per policy that denies a request of `cell` explicitly.
    fn lifting_denies(
        &self,
        spec: &Spec,
        built: &Built,
        index: usize,
        cell: &PreviewCell,
    ) -> Vec<Change> {
        let mut changes: Vec<Change> = Vec::new();
        let Some(principal) = spec.principals.get(index) else {
            return changes;
        };
        // Many checks name the same few policies; each is looked up (and its pasted text linted)
        // once.
        let mut sources: Vec<(Layer, &str, Option<Source>)> = Vec::new();
        for check in &cell.checks {
            for reason in &check.evaluation.reasons {
                let Some(name) = reason.policy.as_deref() else {
                    continue;
                };
                if reason.kind != ReasonKind::Denies {
                    continue;
                }
                let known = sources
                    .iter()
                    .find(|(layer, known, _)| *layer == reason.layer && *known == name)
                    .map(|(_, _, source)| source.clone());
                let source = known.unwrap_or_else(|| {
                    let source = self
                        .deciding(spec, built, index, reason)
                        .map(|deciding| deciding.source);
                    sources.push((reason.layer, name, source.clone()));
                    source
                });
                let change = source.and_then(|source| match source {
                    Source::Built { group } => {
                        let owner = match &group {
                            None => Some(principal),
                            Some(group) => spec.principals.iter().find(|owner| {
                                owner.kind == IdentityKind::Group && owner.name.as_str() == group
                            }),
                        };
                        Some(Change::Guardrail {
                            guardrail: owner
                                .and_then(|owner| guardrail_denying(owner, check.action)),
                            group,
                            members: principal.kind == IdentityKind::Group,
                        })
                    }
                    Source::Pasted { group, name } => Some(Change::PastedPolicy { name, group }),
                    // A boundary built from capabilities holds no deny: the builder takes no
                    // guardrail there, so a deny is one of the pasted statements.
                    Source::Boundary { pasted } => {
                        pasted.map(|name| Change::PastedBoundary { name })
                    }
                    Source::Scp { name } => Some(Change::Scp { name }),
                });
                if let Some(change) = change
                    && !changes.contains(&change)
                {
                    changes.push(change);
                }
            }
        }
        changes
    }

    /// One change per layer that allows none of a request of `cell`, which no policy denies:
    /// each such layer is a [`ReasonKind::NoAllow`] reason of the evaluator.
    fn missing_allows(
        &self,
        spec: &Spec,
        built: &Built,
        index: usize,
        cell: &PreviewCell,
    ) -> Vec<Change> {
        let mut changes: Vec<Change> = Vec::new();
        let (Some(principal), Some(own)) =
            (spec.principals.get(index), built.principals.get(index))
        else {
            return changes;
        };
        let capability = cell.capability;
        let denied = cell
            .checks
            .iter()
            .filter(|check| check.evaluation.decision == Decision::ImplicitlyDenied);
        for check in denied {
            for reason in &check.evaluation.reasons {
                if reason.kind != ReasonKind::NoAllow {
                    continue;
                }
                let change = match reason.layer {
                    Layer::Identity => Some(Change::IdentityAllowsNone {
                        capability,
                        ticked: principal.capabilities.contains(&capability)
                            || groups(spec, principal, built)
                                .any(|(group, _)| group.capabilities.contains(&capability)),
                    }),
                    Layer::PermissionBoundary => {
                        own.boundary
                            .as_ref()
                            .map(|boundary| Change::BoundaryAllowsNone {
                                boundary: boundary.name.clone(),
                                pasted: principal
                                    .pasted_boundary
                                    .as_ref()
                                    .map(|pasted| pasted.name.clone()),
                                add: principal
                                    .permission_boundary
                                    .as_ref()
                                    .filter(|built_from| {
                                        !built_from.capabilities.contains(&capability)
                                    })
                                    .map(|_| capability),
                            })
                    }
                    // The preview makes each SCP in force a level of its own.
                    Layer::Scp { level } => self
                        .scps
                        .pasted
                        .iter()
                        .zip(&self.scps.in_force)
                        .filter(|(_, in_force)| **in_force)
                        .nth(level)
                        .map(|(scp, _)| Change::ScpAllowsNone {
                            level,
                            name: scp.name.clone(),
                        }),
                    Layer::Resource => Some(Change::ResourcePolicyNeeded {
                        resource: check.resource.to_string(),
                    }),
                    // The preview evaluates no session policy, and RCPs only deny.
                    Layer::Session | Layer::Rcp { .. } => None,
                };
                if let Some(change) = change
                    && !changes.contains(&change)
                {
                    changes.push(change);
                }
            }
        }
        changes
    }
}

impl PreviewCell {
    /// The context keys a policy read while deciding a request of the cell that the request did
    /// not set, each once, in the order of the checks: the answer hinges on values the preview
    /// cannot know, which in AWS the real request carries.
    pub fn missing_context(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for check in &self.checks {
            for key in &check.evaluation.missing_context {
                if !keys.contains(&key.as_str()) {
                    keys.push(key);
                }
            }
        }
        keys
    }
}

/// The first guardrail `owner` ticked that denies `action`.
fn guardrail_denying(owner: &PrincipalSpec, action: &str) -> Option<CapabilityId> {
    owner.capabilities.iter().copied().find(|id| {
        let capability = id.capability();
        capability.kind == CapabilityKind::Guardrail
            && capability.grants.iter().any(|grant| {
                grant
                    .actions
                    .iter()
                    .any(|denied| denied.eq_ignore_ascii_case(action))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::build;
    use crate::preview::preview;
    use serde_json::{Value, json};

    /// A policy that allows `actions` on every resource, as pasted text.
    fn allowing(actions: &[&str]) -> String {
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": actions, "Resource": "*"}})
            .to_string()
    }

    /// The spec with one role `Ops` holding the `role` fields, and `scps`.
    fn ops(role: Value, scps: Value) -> Spec {
        let mut principal = json!({"kind": "role", "name": "Ops"});
        if let (Some(principal), Some(role)) = (principal.as_object_mut(), role.as_object()) {
            principal.extend(role.clone());
        }
        Spec::from_json(&json!({"version": 1, "scps": scps, "principals": [principal]}).to_string())
            .unwrap()
    }

    /// The decision of `Ops`'s cell for `capability`, and each change it would need.
    #[track_caller]
    fn changes(spec: &Spec, capability: CapabilityId) -> (Decision, Vec<Change>) {
        let built = build(spec).unwrap();
        let preview = preview(spec, &built);
        let cell = preview.rows[0].cell(capability).unwrap();
        (cell.decision, preview.changes(spec, &built, 0, cell))
    }

    #[test]
    fn changes_name_the_boundary_that_allows_none_of_the_requests() {
        let limit = json!({"name": "Limit", "json": allowing(&["dynamodb:CreateBackup"])});
        // Built from capabilities that lack the column's.
        let spec = ops(
            json!({"capabilities": ["backup.delete"],
                   "permission_boundary": {"capabilities": ["backup.create"]}}),
            json!([]),
        );
        assert_eq!(
            changes(&spec, CapabilityId::BackupDelete),
            (
                Decision::ImplicitlyDenied,
                vec![Change::BoundaryAllowsNone {
                    boundary: "Ops-boundary".to_owned(),
                    pasted: None,
                    add: Some(CapabilityId::BackupDelete),
                }]
            )
        );
        // Pasted alone.
        let spec = ops(
            json!({"capabilities": ["backup.delete"], "pasted_boundary": limit}),
            json!([]),
        );
        assert_eq!(
            changes(&spec, CapabilityId::BackupDelete),
            (
                Decision::ImplicitlyDenied,
                vec![Change::BoundaryAllowsNone {
                    boundary: "Limit".to_owned(),
                    pasted: Some("Limit".to_owned()),
                    add: None,
                }]
            )
        );
        // Both, merged into one boundary.
        let spec = ops(
            json!({"capabilities": ["backup.delete"],
                   "permission_boundary": {"capabilities": ["backup.view"]},
                   "pasted_boundary": limit}),
            json!([]),
        );
        assert_eq!(
            changes(&spec, CapabilityId::BackupDelete),
            (
                Decision::ImplicitlyDenied,
                vec![Change::BoundaryAllowsNone {
                    boundary: "Ops-boundary".to_owned(),
                    pasted: Some("Limit".to_owned()),
                    add: Some(CapabilityId::BackupDelete),
                }]
            )
        );
    }

    #[test]
    fn changes_name_the_scp_level_that_allows_none_of_the_requests() {
        // `Broken` is left out, so `Ou` is evaluated at level 1, after `Root`.
        let broken = json!({"Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": "*", "Resource": ""}})
        .to_string();
        let spec = ops(
            json!({"capabilities": ["backup.create", "backup.delete"]}),
            json!([{"name": "Root", "json": allowing(&["*"])},
                   {"name": "Broken", "json": broken},
                   {"name": "Ou", "json": allowing(&["dynamodb:CreateBackup"])}]),
        );
        assert_eq!(
            changes(&spec, CapabilityId::BackupDelete),
            (
                Decision::ImplicitlyDenied,
                vec![Change::ScpAllowsNone {
                    level: 1,
                    name: "Ou".to_owned(),
                }]
            )
        );
        assert_eq!(
            changes(&spec, CapabilityId::BackupCreate),
            (Decision::Allowed, Vec::new())
        );
    }

    #[test]
    fn changes_ask_to_tick_the_capability_only_when_no_identity_policy_allows() {
        let boundary = json!({"capabilities": ["backup.create"]});
        let not_ticked = IdentityAllowsNone {
            capability: CapabilityId::BackupDelete,
            ticked: false,
        };
        let boundary_lacks = BoundaryAllowsNone {
            boundary: "Ops-boundary".to_owned(),
            pasted: None,
            add: Some(CapabilityId::BackupDelete),
        };
        use Change::{BoundaryAllowsNone, IdentityAllowsNone};
        for (role, expected) in [
            (json!({"capabilities": []}), vec![not_ticked.clone()]),
            // Ticked: the identity policy allows, the boundary does not.
            (
                json!({"capabilities": ["backup.delete"], "permission_boundary": boundary}),
                vec![boundary_lacks.clone()],
            ),
            // Neither allows: both must change.
            (
                json!({"capabilities": ["backup.view"], "permission_boundary": boundary}),
                vec![not_ticked, boundary_lacks],
            ),
        ] {
            let spec = ops(role.clone(), json!([]));
            assert_eq!(
                changes(&spec, CapabilityId::BackupDelete),
                (Decision::ImplicitlyDenied, expected),
                "{role}"
            );
        }
    }

    #[test]
    fn changes_ask_a_customer_managed_key_s_policy_to_allow_too() {
        let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let spec = Spec::from_json(
            &json!({"version": 1, "scope": {"kms_keys": [key]}, "principals": [
                {"kind": "role", "name": "Ops", "capabilities": ["kms.customer-keys"]}]})
            .to_string(),
        )
        .unwrap();
        assert_eq!(
            changes(&spec, CapabilityId::KmsCustomerKeys),
            (
                Decision::ImplicitlyDenied,
                vec![Change::ResourcePolicyNeeded {
                    resource: key.to_owned()
                }]
            )
        );
    }

    #[test]
    fn missing_context_lists_each_key_a_condition_read_that_no_request_sets() {
        let from_office = json!({"Version": "2012-10-17", "Statement": {
            "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"},
                          "Bool": {"aws:MultiFactorAuthPresent": "true"}}}})
        .to_string();
        let spec = ops(
            json!({"capabilities": ["backup.create"],
                   "extra_policies": [{"name": "FromOffice", "json": from_office}]}),
            json!([]),
        );
        let built = build(&spec).unwrap();
        let preview = preview(&spec, &built);
        let row = &preview.rows[0];
        // Read once per request, listed once for the cell.
        assert_eq!(
            row.cell(CapabilityId::BackupDelete)
                .unwrap()
                .missing_context(),
            ["aws:SourceIp", "aws:MultiFactorAuthPresent"]
        );
        // The built policy decides alone where no pasted statement is reached.
        assert_eq!(
            row.cell(CapabilityId::KmsCustomerKeys)
                .unwrap()
                .missing_context(),
            Vec::<&str>::new()
        );
    }
}
