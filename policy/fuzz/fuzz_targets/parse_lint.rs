//! Raw text into the parser and the linter: neither may panic, every finding must point into the
//! text, and a policy that parses without errors must print as text that parses to the same policy.

#![no_main]

use libfuzzer_sys::fuzz_target;
use policy::finding::Finding;
use policy::lint::{PolicyKind, lint};
use policy::parse::parse;
use policy::spec::IdentityKind;

const KINDS: [PolicyKind; 9] = [
    PolicyKind::Managed,
    PolicyKind::Inline(IdentityKind::Role),
    PolicyKind::Inline(IdentityKind::User),
    PolicyKind::Inline(IdentityKind::Group),
    PolicyKind::Inline(IdentityKind::ServiceRole),
    PolicyKind::Trust,
    PolicyKind::Resource,
    PolicyKind::Boundary,
    PolicyKind::Scp,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(text);
    check_spans(text, &parsed.findings, "parse");
    for kind in KINDS {
        check_spans(text, &lint(text, kind), kind.describe());
    }
    let Some(document) = &parsed.document else {
        return;
    };
    if parsed.has_errors() {
        return;
    }
    for printed in [document.to_json().to_string(), document.to_pretty_string()] {
        let reparsed = parse(&printed);
        assert_eq!(
            reparsed.document.as_ref(),
            Some(document),
            "printing then parsing changed the document\nprinted: {printed}\nfindings: {:?}",
            reparsed.findings
        );
        assert!(
            !reparsed.has_errors(),
            "the printed form of an error-free policy has errors\nprinted: {printed}\nfindings: {:?}",
            reparsed.findings
        );
    }
});

/// Every span lies within `text` and on character boundaries, so renderers can slice it.
fn check_spans(text: &str, findings: &[Finding], from: &str) {
    for finding in findings {
        let span = finding.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{from}: span {}..{} of `{}` outside text of {} bytes",
            span.start,
            span.end,
            finding.code,
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{from}: span {}..{} of `{}` splits a character",
            span.start,
            span.end,
            finding.code
        );
    }
}
