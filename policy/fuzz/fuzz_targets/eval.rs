//! An evaluation case in the reference simulator's format (`policy::case`) into the evaluator: it
//! may not panic, must decide the same way twice, with `decide` and `evaluate`, narrowed to the
//! request's action, and on the fast path of `backstop evaluate`; must explain a denial with Deny statements only, and must deny
//! whatever the request once an identity policy denies `*` on `*`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use policy::case::CaseLoader;
use policy::eval::{CompiledPolicy, Decision, ReasonKind};
use policy::parse::parse;

const DENY_ALL: &str =
    r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(case) = CaseLoader::read(text) else {
        return;
    };
    let Ok((request, mut set)) = CaseLoader::new().load(case) else {
        return;
    };

    let evaluation = set.evaluate(&request);
    assert_eq!(
        set.evaluate(&request),
        evaluation,
        "a second evaluation differs"
    );
    assert_eq!(
        set.decide(&request),
        evaluation.decision,
        "`decide` and `evaluate` differ"
    );
    // The preview narrows the set to each action it asks of many resources.
    assert_eq!(
        set.for_action(request.action()).evaluate(&request),
        evaluation,
        "the set narrowed to the request's action answers otherwise"
    );
    // `backstop evaluate`'s fast path reads the policies with the case and compiles them for its
    // action alone; it must read what the raw path reads and decide the same.
    if let Ok(fast) = CaseLoader::read_values(text) {
        match CaseLoader::without_spans().load(fast) {
            Ok((fast_request, fast_set)) => assert_eq!(
                fast_set.decide(&fast_request),
                evaluation.decision,
                "the fast path decides otherwise"
            ),
            Err(error) => panic!("the fast path refuses a case the raw path reads: {error}"),
        }
    }
    if evaluation.decision == Decision::ExplicitlyDenied {
        assert!(
            !evaluation.reasons.is_empty()
                && evaluation
                    .reasons
                    .iter()
                    .all(|reason| reason.kind == ReasonKind::Denies),
            "an explicit denial without only Deny reasons: {:?}",
            evaluation.reasons
        );
    }
    if evaluation.decision == Decision::Allowed {
        assert!(
            evaluation
                .reasons
                .iter()
                .any(|reason| matches!(reason.kind, ReasonKind::Allows | ReasonKind::RootUser)),
            "an allow without an Allow reason: {:?}",
            evaluation.reasons
        );
    }

    let Some(deny_all) = parse(DENY_ALL).document else {
        panic!("the deny-all policy does not parse");
    };
    set.identity
        .push(CompiledPolicy::new("deny-all", &deny_all));
    assert_eq!(
        set.evaluate(&request).decision,
        Decision::ExplicitlyDenied,
        "an identity policy denying `*` on `*` did not deny"
    );
});
