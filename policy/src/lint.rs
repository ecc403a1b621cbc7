//! The linter: what is wrong with a policy, or risky, or could be simpler, each with a fix.
//!
//! [`lint`] reads policy text: the parser's findings (invalid JSON, unknown elements, empty values,
//! unknown condition operators, …) come first, then, once the text reads as a document, the rules in
//! `lint/`, one file per rule, each named by its stable kebab-case code. [`lint_document`] does the
//! same for a document built in code: it prints the document and parses the print, so both paths
//! say the same thing (without spans; pointers still locate every finding). [`lint_documents`] lints
//! policies that apply together, such as a principal's managed policies.
//!
//! What a policy may contain depends on where it is attached, given as a [`PolicyKind`]: trust and
//! resource policies name a `Principal`, the others must not; each kind has its own size quota.
//!
//! Findings are sorted by position. A rule that would repeat itself reports once and says how
//! often: the same bad account id in six ARNs is one finding, not six (a lesson of
//! duo-labs/parliament#118).
//!
//! ```
//! use policy::lint::{PolicyKind, lint};
//!
//! let text = r#"{"Version": "2012-10-17", "Statement": [
//!     {"Effect": "Allow", "Action": "dynamodb:ListBackups",
//!      "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Music"}]}"#;
//! let findings = lint(text, PolicyKind::Managed);
//! assert_eq!(findings[0].code, "wildcard-only-action");
//! assert_eq!(findings[0].message, "`dynamodb:ListBackups` works only with `\"Resource\": \"*\"`");
//! assert_eq!(findings[0].pointer, "/Statement/0/Action");
//! ```

mod account_id;
mod allow_not_action;
mod allow_not_resource;
mod condition_key_type;
mod condition_value_type;
mod deny_leaves_recovery_points;
mod duplicate_sid;
mod invalid_sid;
mod missing_principal;
mod network_condition_on_restore;
mod pass_role_any;
mod redundant_action;
mod redundant_statement;
mod resource_mismatch;
mod restore_without_target;
mod restore_without_writes;
mod set_operator_on_single_value;
mod size_over_quota;
mod tag_condition_on_backups;
mod trust_resource;
mod unexpected_principal;
mod unknown_action;
mod variables_need_version;
mod version;
mod wildcard_only_action;

use std::cell::OnceCell;

use crate::arn::Arn;
use crate::catalog::{self, ActionDef};
use crate::context::Context;
use crate::document::{
    ActionClause, Condition, Document, OneOrMany, ResourceClause, Spanned, Statement,
};
use crate::eval::{
    ActionName, CompiledPolicySet, Decision, NamedPolicy, PolicySet, Request, RequestResource,
};
use crate::finding::Finding;
use crate::pattern::{ArnPattern, Pattern};
use crate::quota::Quota;
use crate::spec::IdentityKind;

/// Where a policy is attached, which decides what it may contain and how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// A customer-managed identity policy: no `Principal`, 6,144 characters.
    Managed,
    /// An inline identity policy of a user, group or role: no `Principal`; the quota is the one the
    /// principal's inline policies share (2,048, 5,120 or 10,240 characters).
    Inline(IdentityKind),
    /// A role's trust policy: a `Principal`, no `Resource`, 2,048 characters.
    Trust,
    /// A resource-based policy, such as a DynamoDB table policy: a `Principal`; its quota depends on
    /// the service, so none is checked.
    Resource,
    /// A permissions boundary: a managed policy, so no `Principal` and 6,144 characters.
    Boundary,
    /// A service control policy: no `Principal`, 5,120 characters.
    Scp,
}

impl PolicyKind {
    /// The size quota, when there is one.
    pub const fn quota(self) -> Option<Quota> {
        match self {
            PolicyKind::Managed | PolicyKind::Boundary => Some(Quota::ManagedPolicy),
            PolicyKind::Inline(kind) => Some(Quota::inline_for(kind)),
            PolicyKind::Trust => Some(Quota::TrustPolicy),
            PolicyKind::Resource | PolicyKind::Scp => None,
        }
    }

    /// The most characters IAM allows besides whitespace: [`PolicyKind::quota`], and 5,120 for an
    /// SCP (an Organizations quota, not an IAM one).
    pub const fn size_limit(self) -> Option<usize> {
        match (self, self.quota()) {
            (PolicyKind::Scp, _) => Some(5_120),
            (_, Some(quota)) => Some(quota.limit()),
            (_, None) => None,
        }
    }

    /// How the kind is named in messages, with its article: `a managed policy`.
    pub const fn describe(self) -> &'static str {
        match self {
            PolicyKind::Managed => "a managed policy",
            PolicyKind::Inline(IdentityKind::User) => "an inline policy of a user",
            PolicyKind::Inline(IdentityKind::Group) => "an inline policy of a group",
            PolicyKind::Inline(IdentityKind::Role | IdentityKind::ServiceRole) => {
                "an inline policy of a role"
            }
            PolicyKind::Trust => "a trust policy",
            PolicyKind::Resource => "a resource-based policy",
            PolicyKind::Boundary => "a permissions boundary",
            PolicyKind::Scp => "a service control policy",
        }
    }

    /// Whether the policy names who it applies to (`Principal`), rather than applying to the
    /// identity it is attached to.
    pub const fn has_principal(self) -> bool {
        matches!(self, PolicyKind::Trust | PolicyKind::Resource)
    }
}

/// Lints policy text: the parser's findings, then every rule's once the text reads as a document,
/// sorted by position.
pub fn lint(text: &str, kind: PolicyKind) -> Vec<Finding> {
    lint_together(&[text], kind).pop().unwrap_or_default()
}

/// Lints the texts of policies that apply together, such as the managed policies the builder
/// split a principal's statements over: each text's findings, with spans into that text, where
/// the rules that depend on the rest of the policy (a restore's writes, a deny of backup deletion)
/// see every text that parses. One policy alone can lack what another of the set grants.
pub fn lint_together(texts: &[&str], kind: PolicyKind) -> Vec<Vec<Finding>> {
    let parsed: Vec<crate::parse::Parsed> =
        texts.iter().map(|text| crate::parse::parse(text)).collect();
    let set: Vec<Document> = parsed
        .iter()
        .filter_map(|parsed| parsed.document.clone())
        .collect();
    let identity = OnceCell::new();
    parsed
        .into_iter()
        .zip(texts)
        .map(|(parsed, text)| {
            let mut findings = parsed.findings;
            if let Some(document) = &parsed.document {
                let size = crate::quota::text_size(text);
                run_rules(
                    &Lint {
                        document,
                        kind,
                        size,
                        set: &set,
                        identity: &identity,
                    },
                    &mut findings,
                );
            }
            findings.sort_by_key(|finding| finding.span.start);
            findings
        })
        .collect()
}

/// Lints a document built in code: the findings the parser would give its printed form, then every
/// rule's. Spans are [`crate::span::Span::NONE`]; pointers locate the findings.
pub fn lint_document(document: &Document, kind: PolicyKind) -> Vec<Finding> {
    lint_in_set(document, std::slice::from_ref(document), kind)
}

/// Lints policies that apply together, such as a principal's identity policies (a builder's output
/// split over several managed policies): each document's findings, in order, where the rules that
/// depend on the rest of the policy (a restore's writes, a deny of backup deletion) see them all.
pub fn lint_documents(documents: &[Document], kind: PolicyKind) -> Vec<Vec<Finding>> {
    documents
        .iter()
        .map(|document| lint_in_set(document, documents, kind))
        .collect()
}

fn lint_in_set(document: &Document, set: &[Document], kind: PolicyKind) -> Vec<Finding> {
    let mut findings = crate::parse::parse_value(&document.to_json()).findings;
    let size = crate::quota::size(document);
    run_rules(
        &Lint {
            document,
            kind,
            size,
            set,
            identity: &OnceCell::new(),
        },
        &mut findings,
    );
    findings.sort_by_key(|finding| finding.span.start);
    findings
}

/// What every rule looks at.
struct Lint<'a> {
    document: &'a Document,
    kind: PolicyKind,
    /// Characters besides whitespace, as IAM counts them.
    size: usize,
    /// The policies that apply together with this one, this one included.
    set: &'a [Document],
    /// `set` compiled as one principal's identity policies, once for all of its documents.
    identity: &'a OnceCell<CompiledPolicySet>,
}

type Rule = fn(&Lint<'_>, &mut Vec<Finding>);

/// Every rule, in the order their findings are listed at the same position.
const RULES: [Rule; 25] = [
    version::check,
    unknown_action::check,
    duplicate_sid::check,
    invalid_sid::check,
    unexpected_principal::check,
    missing_principal::check,
    trust_resource::check,
    allow_not_action::check,
    allow_not_resource::check,
    pass_role_any::check,
    wildcard_only_action::check,
    resource_mismatch::check,
    account_id::check,
    variables_need_version::check,
    condition_value_type::check,
    condition_key_type::check,
    set_operator_on_single_value::check,
    restore_without_writes::check,
    restore_without_target::check,
    deny_leaves_recovery_points::check,
    network_condition_on_restore::check,
    tag_condition_on_backups::check,
    redundant_action::check,
    redundant_statement::check,
    size_over_quota::check,
];

fn run_rules(lint: &Lint<'_>, findings: &mut Vec<Finding>) {
    for rule in RULES {
        rule(lint, findings);
    }
}

/// A statement with its index and its JSON pointer (`/Statement/2`, or `/Statement` when the policy
/// has a single statement object).
struct Located<'a> {
    index: usize,
    statement: &'a Statement,
    pointer: String,
}

impl Lint<'_> {
    fn statements(&self) -> impl Iterator<Item = Located<'_>> {
        let many = matches!(self.document.statement, OneOrMany::Many(_));
        self.document
            .statements()
            .enumerate()
            .map(move |(index, statement)| Located {
                index,
                statement,
                pointer: if many {
                    format!("/Statement/{index}")
                } else {
                    "/Statement".to_owned()
                },
            })
    }

    /// The set's documents as the identity policies of one principal, ready for the evaluator.
    fn as_identity_policy(&self) -> &CompiledPolicySet {
        self.identity.get_or_init(|| {
            let identity = self
                .set
                .iter()
                .enumerate()
                .map(|(index, document)| NamedPolicy {
                    name: format!("policy-{index}"),
                    document: document.clone(),
                })
                .collect();
            CompiledPolicySet::new(&PolicySet {
                identity,
                ..PolicySet::default()
            })
        })
    }

    /// Every statement of the set's documents.
    fn set_statements(&self) -> impl Iterator<Item = &Statement> {
        self.set.iter().flat_map(Document::statements)
    }
}

impl Located<'_> {
    fn element(&self, name: &str) -> String {
        format!("{}/{}", self.pointer, escape(name))
    }

    /// `Action` entries (or `NotAction`) with their pointers.
    fn actions(&self) -> Vec<(&Spanned<String>, String)> {
        let name = if self.statement.action.negated {
            "NotAction"
        } else {
            "Action"
        };
        entries(&self.statement.action.actions, &self.element(name))
    }

    /// `Resource` entries (or `NotResource`) with their pointers; none in a trust policy.
    fn resources(&self) -> Vec<(&Spanned<String>, String)> {
        match &self.statement.resource {
            Some(clause) => {
                let name = if clause.negated {
                    "NotResource"
                } else {
                    "Resource"
                };
                entries(&clause.resources, &self.element(name))
            }
            None => Vec::new(),
        }
    }

    /// Each condition with the pointer of its key: `/Statement/0/Condition/Bool/aws:ViaAWSService`.
    fn conditions(&self) -> Vec<(&Condition, String)> {
        let Some(block) = &self.statement.condition else {
            return Vec::new();
        };
        let base = self.element("Condition");
        block
            .value
            .iter()
            .map(|condition| {
                let pointer = format!(
                    "{base}/{}/{}",
                    escape(&condition.operator.value.to_string()),
                    escape(&condition.key.value)
                );
                (condition, pointer)
            })
            .collect()
    }

    fn action_pointer(&self) -> String {
        self.element(if self.statement.action.negated {
            "NotAction"
        } else {
            "Action"
        })
    }
}

fn entries<'a, T>(values: &'a OneOrMany<T>, pointer: &str) -> Vec<(&'a T, String)> {
    match values {
        OneOrMany::One(value) => vec![(value, pointer.to_owned())],
        OneOrMany::Many(values) => values
            .iter()
            .enumerate()
            .map(|(index, value)| (value, format!("{pointer}/{index}")))
            .collect(),
    }
}

/// RFC 6901: `~` is written `~0` and `/` is written `~1`.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Whether the `Action` clause covers `action` (a clause with `NotAction` covers what it does not
/// list).
fn covers_action(clause: &ActionClause, action: &str) -> bool {
    clause
        .actions
        .iter()
        .any(|entry| Pattern::ignoring_case(&entry.value).matches(action))
        != clause.negated
}

/// Whether a `Resource` entry is `*` or another pattern every resource matches.
fn is_any_resource(entry: &str) -> bool {
    ArnPattern::new(entry, true).matches_everything()
}

/// Whether the statement's `Resource` applies to every resource.
fn covers_any_resource(clause: Option<&ResourceClause>) -> bool {
    match clause {
        None => true,
        Some(clause) if clause.negated => false,
        Some(clause) => clause
            .resources
            .iter()
            .any(|entry| is_any_resource(&entry.value)),
    }
}

/// The catalog actions an `Action` entry such as `dynamodb:Describe*` names.
fn catalog_actions(entry: &str) -> Vec<&'static ActionDef> {
    let pattern = Pattern::ignoring_case(entry);
    catalog::actions()
        .iter()
        .filter(|action| pattern.matches(&action.to_string()))
        .collect()
}

/// `a`, `a and b`, `a, b and c`: names in backticks, as messages list them.
fn list(names: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The account requests are sampled in when an ARN does not say.
const SAMPLE_ACCOUNT: &str = "123456789012";

/// A concrete resource an ARN pattern covers, for asking the evaluator: wildcards become sample
/// text (an account id in the account, `us-east-1` in the region). `None` for patterns with policy
/// variables, or that cannot be made concrete.
fn sample_resource(entry: &str) -> Option<String> {
    if entry.contains("${") {
        return None;
    }
    if is_any_resource(entry) {
        return Some(format!(
            "arn:aws:dynamodb:us-east-1:{SAMPLE_ACCOUNT}:table/restored-table"
        ));
    }
    let segments = crate::arn::segments(entry)?;
    let fill = |segment: &str, sample: &str| {
        if segment.contains(['*', '?']) {
            sample.to_owned()
        } else {
            segment.to_owned()
        }
    };
    let [_, partition, service, region, account, resource] = segments;
    let resource = resource.replace(['*', '?'], "x");
    Some(format!(
        "arn:{}:{}:{}:{}:{resource}",
        fill(partition, "aws"),
        fill(service, "dynamodb"),
        fill(region, "us-east-1"),
        fill(account, SAMPLE_ACCOUNT),
    ))
}

/// The evaluator's answer for a principal of the resource's account calling `action` on
/// `resource` with no request context.
fn decide(policies: &CompiledPolicySet, action: &str, resource: &str) -> Option<Decision> {
    let resource = RequestResource::parse(resource).ok()?;
    let account = match &resource {
        RequestResource::Arn(arn) if !arn.account().is_empty() => arn.account().to_owned(),
        _ => SAMPLE_ACCOUNT.to_owned(),
    };
    let principal = Arn::new("aws", "iam", "", &account, "role/backstop-lint");
    let request = Request::new(
        principal,
        ActionName::parse(action).ok()?,
        resource,
        Some(account),
        Context::new(),
    );
    Some(policies.evaluate(&request).decision)
}

#[cfg(test)]
mod test_support {
    use super::*;

    /// The findings with `code`, one line each: `pointer severity: message (help: …)`, and the
    /// spanned text when there is one.
    pub(crate) fn render(text: &str, kind: PolicyKind, code: &str) -> Vec<String> {
        lint(text, kind)
            .iter()
            .filter(|finding| finding.code == code)
            .map(|finding| {
                let help = finding
                    .help
                    .as_deref()
                    .map(|help| format!(" (help: {help})"))
                    .unwrap_or_default();
                format!(
                    "{} `{}` {}: {}{help}",
                    finding.pointer,
                    finding.spanned(text),
                    finding.severity,
                    finding.message
                )
            })
            .collect()
    }

    /// A policy with these statements, as JSON text.
    pub(crate) fn policy(statements: &str) -> String {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_linted_together_see_what_the_others_grant() {
        // At 50 tables the builder splits an operator's statements over several policies: a
        // restore's item writes, or the AWS Backup denies of a guardrail, land in another one.
        let names: Vec<String> = (0..50)
            .map(|index| format!("\"orders-{index:03}\""))
            .collect();
        let spec = crate::spec::Spec::from_json(&format!(
            r#"{{"version": 1, "scope": {{"accounts": ["123456789012"], "regions": ["us-east-1"],
                "tables": {{"names": [{}]}}}},
                "principals": [{{"kind": "role", "name": "Ops", "capabilities": ["backup.create",
                    "backup.view", "restore.backup", "pitr.view", "restore.pitr",
                    "guard.no-backup-delete"]}}]}}"#,
            names.join(", ")
        ))
        .unwrap();
        let built = crate::build::build(&spec).unwrap();
        let texts: Vec<String> = built.principals[0]
            .identity_policies
            .iter()
            .map(|policy| policy.document.to_pretty_string())
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(texts.len() > 1, "the statements fit one policy");
        let codes = |findings: &[Finding]| -> Vec<&'static str> {
            findings.iter().map(|finding| finding.code).collect()
        };
        let alone: Vec<&str> = texts
            .iter()
            .flat_map(|text| codes(&lint(text, PolicyKind::Managed)))
            .collect();
        assert!(alone.contains(&"restore-without-writes"), "{alone:?}");
        assert!(alone.contains(&"deny-leaves-recovery-points"), "{alone:?}");
        let together = lint_together(&texts, PolicyKind::Managed);
        assert_eq!(together.len(), texts.len());
        assert_eq!(
            together
                .iter()
                .flat_map(|findings| codes(findings))
                .collect::<Vec<_>>(),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn findings_are_sorted_by_position_and_parser_findings_come_along() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "dynamodb:ListBackups", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/T"},
            {"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": ""}]}"#;
        let codes: Vec<_> = lint(text, PolicyKind::Managed)
            .iter()
            .map(|finding| finding.code)
            .collect();
        assert_eq!(codes, ["wildcard-only-action", "empty-resource"]);
    }

    #[test]
    fn invalid_json_gives_only_the_parser_finding() {
        let codes: Vec<_> = lint("{", PolicyKind::Managed)
            .iter()
            .map(|finding| finding.code)
            .collect();
        assert_eq!(codes, ["invalid-json"]);
    }

    #[test]
    fn lint_document_says_what_lint_says_without_spans() {
        let text = test_support::policy(
            r#"{"Effect": "Allow", "Action": ["dynamodb:ListBackups", "dynamodb:ListBackups"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/T"},
               {"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": ""}"#,
        );
        let document = crate::parse::parse(&text).document.unwrap();
        let from_text = lint(&text, PolicyKind::Managed);
        let from_document = lint_document(&document, PolicyKind::Managed);
        let strip = |findings: Vec<Finding>| {
            let mut findings: Vec<_> = findings
                .into_iter()
                .map(|finding| (finding.code, finding.pointer, finding.message))
                .collect();
            findings.sort();
            findings
        };
        assert_eq!(strip(from_document), strip(from_text));
    }

    #[test]
    fn samples_fill_wildcards_segment_by_segment() {
        assert_eq!(
            sample_resource("arn:aws:dynamodb:*:*:table/orders-*").as_deref(),
            Some("arn:aws:dynamodb:us-east-1:123456789012:table/orders-x")
        );
        assert_eq!(
            sample_resource("arn:aws:dynamodb:us-east-1:${aws:PrincipalAccount}:table/T"),
            None
        );
        assert_eq!(sample_resource("not-an-arn"), None);
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }
}
