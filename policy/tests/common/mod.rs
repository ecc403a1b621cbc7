//! The harness of the rule tests over cases in the reference simulator's format: build a case,
//! evaluate it on both paths, render its reasons as `layer kind policy#statement`.

use policy::case::CaseLoader;
use policy::eval::{Evaluation, Layer, Reason, ReasonKind};
use serde_json::{Value, json};

pub fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// A case for `principal` calling `action` on `resource`, with extra case fields merged in.
pub fn case(principal: &str, action: &str, resource: &str, extra: Value) -> Value {
    let mut case = json!({"id": "t", "request": {"principal": principal, "action": action, "resource": resource}});
    if let (Some(case), Some(extra)) = (case.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            if key == "context" {
                case["request"]["context"] = value.clone();
            } else {
                case.insert(key.clone(), value.clone());
            }
        }
    }
    case
}

/// The evaluation of `case`, checked to decide as `decide` does.
pub fn evaluate(case: &Value) -> Evaluation {
    let text = case.to_string();
    let mut loader = CaseLoader::new();
    let (request, set) = loader.load(CaseLoader::read(&text).unwrap()).unwrap();
    let evaluation = set.evaluate(&request);
    assert_eq!(
        set.decide(&request),
        evaluation.decision,
        "`decide` and `evaluate` differ"
    );
    evaluation
}

pub fn render(reason: &Reason) -> String {
    let layer = match reason.layer {
        Layer::Identity => "identity".to_owned(),
        Layer::PermissionBoundary => "boundary".to_owned(),
        Layer::Session => "session".to_owned(),
        Layer::Resource => "resource".to_owned(),
        Layer::Scp { level } => format!("scp{level}"),
        Layer::Rcp { level } => format!("rcp{level}"),
    };
    let kind = match reason.kind {
        ReasonKind::Allows => "allows",
        ReasonKind::Denies => "denies",
        ReasonKind::NoAllow => "no-allow",
        ReasonKind::RootUser => "root-user",
    };
    match (&reason.policy, reason.statement) {
        (Some(policy), Some(statement)) => format!("{layer} {kind} {policy}#{statement}"),
        _ => format!("{layer} {kind}"),
    }
}
