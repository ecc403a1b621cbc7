//! Reading what clients send, for the API and the CLI alike: JSON bodies, specs and policy
//! documents, with errors that say what is wrong and where (line, column, JSON pointer).

use serde::de::DeserializeOwned;

use policy::build::BuildError;
use policy::finding::Finding;
use policy::spec::{Spec, SpecError};

/// serde_json refuses more than this many nested arrays and objects, so deep input cannot
/// overflow the stack; the message says so.
pub const MAX_NESTING: usize = 128;

/// Why input could not be read. The API answers it with 400; the CLI prints it and exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub code: &'static str,
    /// One lowercase clause.
    pub message: String,
    pub help: Option<String>,
    /// 1-based, when the fault has a place in the text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// JSON pointer to the value at fault, when there is one.
    pub pointer: Option<String>,
}

impl InputError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            help: None,
            line: None,
            column: None,
            pointer: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    #[must_use]
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// An error-level finding of a policy given as text (`text`) or as a value (`None`), at
    /// `prefix` in the body.
    pub fn from_finding(finding: &Finding, text: Option<&str>, prefix: &str) -> Self {
        let mut error = Self::new(finding.code, finding.message.clone())
            .with_pointer(format!("{prefix}{}", finding.pointer));
        error.help.clone_from(&finding.help);
        if let Some(text) = text {
            let place = finding.line_col(text);
            error = error.at(place.line, place.column);
        }
        error
    }
}

impl std::fmt::Display for InputError {
    /// `line:col: error[code]: message`, the place left out when there is none.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        write!(f, "error[{}]: {}", self.code, self.message)?;
        if let Some(pointer) = self
            .pointer
            .as_deref()
            .filter(|pointer| !pointer.is_empty())
        {
            write!(f, " (at `{pointer}`)")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The text of a body, or where it stops being UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, InputError> {
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
        let place =
            policy::span::LineCol::of(std::str::from_utf8(valid).unwrap_or_default(), valid.len());
        InputError::new(
            "invalid-utf8",
            format!("the input is not UTF-8 after byte {}", error.valid_up_to()),
        )
        .with_help("send JSON encoded as UTF-8")
        .at(place.line, place.column)
    })
}

/// Refuses JSON nested deeper than [`MAX_NESTING`], wherever it is and whatever reads it later:
/// serde_json's own limit does not apply to values it skips or keeps raw. One pass over the bytes
/// without allocating; syntax is left to the parser.
pub fn check_nesting(text: &str) -> Result<(), InputError> {
    let mut depth = 0_usize;
    let mut in_string = false;
    let mut escaped = false;
    for (index, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let place = policy::span::LineCol::of(text, index);
                    return Err(InputError::new(
                        "nesting-too-deep",
                        format!("the JSON nests deeper than {MAX_NESTING} levels"),
                    )
                    .with_help("policies and specs need a handful of levels; flatten the input")
                    .at(place.line, place.column));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Reads JSON text into `T`, with the place of a syntax error or the pointer of a wrong value.
pub fn read_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    check_nesting(text)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let input = json_error(error.inner());
        // A syntax error has a place but no value to point at.
        if input.code == "invalid-value" {
            input.with_pointer(pointer(error.path()))
        } else {
            input
        }
    })?;
    deserializer.end().map_err(|error| json_error(&error))?;
    Ok(value)
}

/// A serde_json error as an input error: malformed JSON, too deep, or a value of the wrong shape.
fn json_error(error: &serde_json::Error) -> InputError {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let input = match error.classify() {
        serde_json::error::Category::Data => InputError::new("invalid-value", message),
        _ if message == "recursion limit exceeded" => InputError::new(
            "nesting-too-deep",
            format!("the JSON nests deeper than {MAX_NESTING} levels"),
        )
        .with_help("policies and specs need a handful of levels; flatten the input"),
        serde_json::error::Category::Eof => InputError::new("malformed-json", message)
            .with_help("the JSON ends early; close every string, array and object"),
        _ => InputError::new("malformed-json", message),
    };
    if error.line() == 0 {
        input
    } else {
        input.at(error.line(), error.column())
    }
}

/// A serde path as a JSON pointer (RFC 6901): `principals[0].capabilities[1]` becomes
/// `/principals/0/capabilities/1`.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Reads a spec of any known version, as [`Spec::from_json`] does, with the pointer of a wrong value.
pub fn read_spec(text: &str) -> Result<Spec, InputError> {
    check_nesting(text)?;
    Spec::from_json(text).map_err(|error| match &error {
        SpecError::Invalid {
            message,
            line,
            column,
        } => {
            // Read again, on this error path only, for the code of a syntax error or the pointer of
            // a wrong value.
            if let Err(syntax) = read_json::<serde::de::IgnoredAny>(text) {
                return syntax;
            }
            let located = read_json::<Spec>(text).err();
            let mut input = InputError::new("invalid-spec", message.clone());
            if *line > 0 {
                input = input.at(*line, *column);
            }
            input.pointer = located.and_then(|located| located.pointer);
            input.message = strip_place(&input.message, *line, *column);
            input
        }
        SpecError::MissingVersion => InputError::new("missing-version", error.to_string())
            .with_help(error.help().unwrap_or_default())
            .with_pointer(""),
        SpecError::UnsupportedVersion(_) => {
            InputError::new("unsupported-version", error.to_string())
                .with_help(error.help().unwrap_or_default())
                .with_pointer("/version")
        }
    })
}

fn strip_place(message: &str, line: usize, column: usize) -> String {
    let suffix = format!(" at line {line} column {column}");
    message.strip_suffix(&suffix).unwrap_or(message).to_owned()
}

/// A spec the builder refuses, pointed at the principal it is about.
pub fn build_error(spec: &Spec, error: &BuildError) -> InputError {
    let (kind, name) = match error {
        BuildError::DuplicatePrincipal { kind, name }
        | BuildError::NameTooLong { kind, name, .. }
        | BuildError::GroupsOnNonUser { kind, name }
        | BuildError::BoundaryOnGroup { kind, name }
        | BuildError::TrustOnNonRole { kind, name, .. }
        | BuildError::MissingS3 { kind, name, .. }
        | BuildError::MissingKmsKeys { kind, name }
        | BuildError::MissingTrustedAccounts { kind, name }
        | BuildError::NoTables { kind, name }
        | BuildError::BoundaryCapability { kind, name, .. }
        | BuildError::BoundaryTooLarge { kind, name, .. }
        | BuildError::ExtraPolicyNotJson { kind, name, .. }
        | BuildError::PastedBoundaryNotPolicy { kind, name, .. } => (*kind, name.as_str()),
        BuildError::ScpNotPolicy { policy, .. } => {
            let input =
                InputError::new("unbuildable-spec", error.to_string()).with_help(error.help());
            return match spec.scps.iter().position(|scp| scp.name == *policy) {
                Some(index) => input.with_pointer(format!("/scps/{index}")),
                None => input,
            };
        }
    };
    let duplicate = matches!(error, BuildError::DuplicatePrincipal { .. });
    // Roles and service roles share one namespace, so a duplicate may differ in kind.
    let mut matches = spec.principals.iter().enumerate().filter(|(_, principal)| {
        principal.name.as_str() == name
            && (principal.kind == kind || (duplicate && principal.kind.is_role() && kind.is_role()))
    });
    // A duplicate is the second one written; every other error is about the only one.
    let index = if duplicate {
        matches.nth(1)
    } else {
        matches.next()
    }
    .map(|(index, _)| index);
    let input = InputError::new("unbuildable-spec", error.to_string()).with_help(error.help());
    match index {
        Some(index) => input.with_pointer(format!("/principals/{index}")),
        None => input,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_json_error(text: &str, expect: &str) {
        let error = read_json::<Spec>(text).unwrap_err();
        assert_eq!(format!("{error} {:?}", error.pointer), expect);
    }

    #[test]
    fn malformed_json_has_a_line_and_column() {
        check_json_error(
            "{\n  \"version\": 1,,\n}",
            "2:16: error[malformed-json]: key must be a string None",
        );
        check_json_error(
            "{\"version\": ",
            "1:12: error[malformed-json]: EOF while parsing a value\n  help: the JSON ends early; close every string, array and object None",
        );
    }

    #[test]
    fn wrong_types_carry_a_pointer() {
        check_json_error(
            r#"{"version": 1, "scope": {"accounts": [12]}}"#,
            r#"1:40: error[invalid-value]: invalid type: integer `12`, expected a string (at `/scope/accounts/0`) Some("/scope/accounts/0")"#,
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let error = read_json::<serde_json::Value>(&text).unwrap_err();
        assert_eq!(error.code, "nesting-too-deep");
        assert_eq!(error.message, "the JSON nests deeper than 128 levels");
        assert_eq!((error.line, error.column), (Some(1), Some(129)));
    }

    #[test]
    fn invalid_utf8_names_the_place() {
        let error = utf8(b"{\n \"a\": \"\xff\"}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "2:8: error[invalid-utf8]: the input is not UTF-8 after byte 9\n  help: send JSON encoded as UTF-8"
        );
    }

    #[test]
    fn unknown_capability_points_at_the_capability() {
        let error = read_spec(r#"{"version": 1, "principals": [{"kind": "role", "name": "R", "capabilities": ["restore.bakup"]}]}"#)
            .unwrap_err();
        assert_eq!(error.code, "invalid-spec");
        assert_eq!(
            error.message,
            "unknown capability `restore.bakup`, did you mean `restore.backup`?"
        );
        assert_eq!(
            error.pointer.as_deref(),
            Some("/principals/0/capabilities/0")
        );
        assert_eq!(error.line, Some(1));
    }

    #[test]
    fn invalid_account_id_points_at_the_account() {
        let error = read_spec(r#"{"version": 1, "scope": {"accounts": ["12345"]}}"#).unwrap_err();
        assert_eq!(error.message, "account id `12345` is not 12 digits");
        assert_eq!(error.pointer.as_deref(), Some("/scope/accounts/0"));
    }

    #[test]
    fn missing_version_says_what_to_add() {
        let error = read_spec(r#"{"principals": []}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "error[missing-version]: the spec has no `version`\n  help: add `\"version\": 1`"
        );
    }

    #[test]
    fn build_errors_point_at_the_principal() {
        let spec = read_spec(
            r#"{"version": 1, "principals": [{"kind": "role", "name": "A"}, {"kind": "service-role", "name": "A"}]}"#,
        )
        .unwrap();
        let error = policy::build::build(&spec).unwrap_err();
        let input = build_error(&spec, &error);
        assert_eq!(input.pointer.as_deref(), Some("/principals/1"));
        assert_eq!(input.code, "unbuildable-spec");
    }
}
