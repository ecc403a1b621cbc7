//! Pasted policies that are not in force: AWS refuses to attach a policy with an error-level
//! finding, so the preview leaves it out of every decision and says which and why.

use crate::eval::NamedPolicy;
use crate::finding::Finding;
use crate::lint::{PolicyKind, lint};
use crate::parse::parse;
use crate::spec::{ExtraPolicy, IdentityKind, PrincipalSpec};

/// A pasted policy the preview leaves out: it has error-level findings, so AWS would refuse to
/// attach it and it is never in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The name it was pasted under.
    pub policy: String,
    pub attachment: Attachment,
    /// Its error-level findings as [`lint`] gives them for where it is attached, spans into the
    /// pasted text; never empty.
    pub errors: Vec<Finding>,
}

impl LeftOut {
    /// The policy AWS would refuse: the pasted one, or the boundary it is merged into.
    pub fn refused(&self) -> &str {
        match &self.attachment {
            Attachment::Boundary {
                merged_into: Some(boundary),
                ..
            } => boundary,
            _ => &self.policy,
        }
    }
}

/// Where a pasted policy is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// An inline policy of a principal.
    Inline {
        kind: IdentityKind,
        principal: String,
    },
    /// The permissions boundary of a principal. When its capabilities build a boundary too, the
    /// two are one policy, named `merged_into` (see [`PrincipalSpec::pasted_boundary`]); AWS refuses
    /// that policy with the pasted statements in it, so the principal has no boundary in force.
    Boundary {
        kind: IdentityKind,
        principal: String,
        merged_into: Option<String>,
    },
    /// A service control policy, over every principal.
    Scp,
}

/// The spec's SCPs and which are in force, decided once for every row.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PastedScps {
    pub(super) pasted: Vec<ExtraPolicy>,
    /// One per pasted SCP, in order.
    pub(super) in_force: Vec<bool>,
    pub(super) left_out: Vec<LeftOut>,
}

impl PastedScps {
    pub(super) fn new(pasted: &[ExtraPolicy]) -> Self {
        let mut in_force = Vec::with_capacity(pasted.len());
        let mut left_out = Vec::new();
        for scp in pasted {
            let errors = errors(&scp.json, PolicyKind::Scp);
            in_force.push(errors.is_empty());
            if !errors.is_empty() {
                left_out.push(LeftOut {
                    policy: scp.name.clone(),
                    attachment: Attachment::Scp,
                    errors,
                });
            }
        }
        Self {
            pasted: pasted.to_vec(),
            in_force,
            left_out,
        }
    }
}

/// The error-level findings of pasted text attached as `kind`: the reasons AWS would refuse it.
pub(super) fn errors(json: &str, kind: PolicyKind) -> Vec<Finding> {
    lint(json, kind)
        .into_iter()
        .filter(Finding::is_error)
        .collect()
}

/// Adds `owner`'s pasted inline policies to `identity`, named by `name`, or to `left_out` when AWS
/// would refuse them for `owner`.
pub(super) fn pasted_inline(
    owner: &PrincipalSpec,
    name: impl Fn(&ExtraPolicy) -> String,
    identity: &mut Vec<NamedPolicy>,
    left_out: &mut Vec<LeftOut>,
) {
    for extra in &owner.extra_policies {
        let errors = errors(&extra.json, PolicyKind::Inline(owner.kind));
        if errors.is_empty() {
            identity.extend(parse(&extra.json).document.map(|document| NamedPolicy {
                name: name(extra),
                document,
            }));
        } else {
            left_out.push(LeftOut {
                policy: extra.name.clone(),
                attachment: Attachment::Inline {
                    kind: owner.kind,
                    principal: owner.name.to_string(),
                },
                errors,
            });
        }
    }
}

/// `owner`'s pasted inline policy `name` that is in force: one AWS would attach.
pub(super) fn in_force_pasted<'a>(owner: &'a PrincipalSpec, name: &str) -> Option<&'a ExtraPolicy> {
    owner.extra_policies.iter().find(|extra| {
        extra.name == name && errors(&extra.json, PolicyKind::Inline(owner.kind)).is_empty()
    })
}
