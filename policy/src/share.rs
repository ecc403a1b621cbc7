//! Share links: a whole [`Spec`] in a URL fragment, compressed and URL-safe, so that nothing is
//! sent to any server.
//!
//! The fragment is `s1.` followed by the spec's compact JSON, deflated (raw DEFLATE) and written in
//! unpadded base64url. The `s1` names this encoding; the spec inside carries its own `version`, so
//! old links keep working as the spec layout moves on.
//!
//! ```
//! use policy::share::{decode, encode};
//! use policy::spec::Spec;
//!
//! let spec = Spec::from_json(r#"{"version": 1, "principals": [{"kind": "role", "name": "Ops", "capabilities": ["backup.create"]}]}"#).unwrap();
//! let fragment = encode(&spec);
//! assert!(fragment.starts_with("s1."));
//! assert_eq!(decode(&fragment).unwrap(), spec);
//! assert_eq!(decode("s1.%%%").unwrap_err().to_string(), "the link is damaged: it holds characters a share link never has");
//! ```

use crate::spec::{Spec, SpecError};

/// What every fragment this build writes starts with.
pub const PREFIX: &str = "s1.";

/// The most text a link may inflate to; far above any real spec, it stops a crafted link from
/// exhausting the page's memory.
const MAX_SPEC_BYTES: usize = 1 << 20;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a share link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("the link is not a Backstop share link")]
    Foreign,
    #[error("the link is damaged: it holds characters a share link never has")]
    NotBase64,
    #[error("the link is damaged: its data does not unpack")]
    NotCompressed,
    #[error("the link's spec is not valid: {0}")]
    Spec(SpecError),
}

impl ShareError {
    /// What the user can do about it.
    pub fn help(&self) -> String {
        match self {
            ShareError::Foreign => {
                "open a link made with “Copy link”; it starts with `#s1.`".to_owned()
            }
            ShareError::NotBase64 | ShareError::NotCompressed => {
                "the link was probably cut short or changed when it was copied; ask for it again"
                    .to_owned()
            }
            ShareError::Spec(error) => error
                .help()
                .unwrap_or_else(|| "ask for a link made with a current build".to_owned()),
        }
    }
}

/// The fragment (without `#`) that carries the spec.
pub fn encode(spec: &Spec) -> String {
    let json = spec.to_json().to_string();
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let mut fragment = String::from(PREFIX);
    fragment.push_str(&base64url_encode(&compressed));
    fragment
}

/// Reads a fragment (with or without its `#`) back into a spec.
pub fn decode(fragment: &str) -> Result<Spec, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = fragment.strip_prefix(PREFIX).ok_or(ShareError::Foreign)?;
    let compressed = base64url_decode(data).ok_or(ShareError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_SPEC_BYTES)
        .map_err(|_| ShareError::NotCompressed)?;
    let text = String::from_utf8(json).map_err(|_| ShareError::NotCompressed)?;
    Spec::from_json(&text).map_err(ShareError::Spec)
}

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|index| chunk.get(index).copied().unwrap_or(0));
        let triple = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
        // A chunk of n bytes needs n + 1 characters.
        for position in 0..=chunk.len() {
            let sextet = (triple >> (18 - 6 * position)) & 0x3f;
            if let Some(&symbol) = ALPHABET.get(sextet as usize) {
                out.push(char::from(symbol));
            }
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for symbol in text.bytes() {
        let value = ALPHABET.iter().position(|&candidate| candidate == symbol)?;
        buffer = (buffer << 6) | u32::try_from(value).ok()?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    // A length of 4n + 1 characters cannot come from whole bytes.
    if text.len() % 4 == 1 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[track_caller]
    fn check_error(fragment: &str, message: &str) {
        assert_eq!(decode(fragment).unwrap_err().to_string(), message);
    }

    #[test]
    fn share_round_trips_a_typical_spec_in_under_2000_characters() {
        let text = r#"{
          "version": 1,
          "scope": {"accounts": ["123456789012"], "regions": ["us-east-1", "eu-west-1"],
                    "tables": {"prefixes": ["orders-"]}, "restore_targets": {"pattern": "orders-restore-*"}},
          "principals": [
            {"kind": "role", "name": "BackupOperators", "capabilities": ["backup.create", "backup.view", "restore.backup", "pitr.view", "restore.pitr"]},
            {"kind": "group", "name": "Everyone", "capabilities": ["guard.no-backup-delete"]},
            {"kind": "service-role", "name": "AWSBackupRole", "capabilities": ["awsbackup.backup", "awsbackup.restore", "trust.aws-backup"]}
          ]
        }"#;
        let spec = Spec::from_json(text).unwrap();
        let fragment = encode(&spec);
        assert!(fragment.len() < 2000, "{} characters", fragment.len());
        assert!(
            fragment
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"-_.".contains(&byte))
        );
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), spec);
    }

    #[test]
    fn share_refuses_a_foreign_fragment() {
        check_error("section-2", "the link is not a Backstop share link");
        check_error("", "the link is not a Backstop share link");
    }

    #[test]
    fn share_refuses_a_damaged_link() {
        check_error(
            "s1.ab$d",
            "the link is damaged: it holds characters a share link never has",
        );
        check_error(
            "s1.abcde",
            "the link is damaged: it holds characters a share link never has",
        );
        check_error("s1.AAAA", "the link is damaged: its data does not unpack");
        let fragment = encode(&Spec::default());
        let cut = fragment.get(..fragment.len() - 3).unwrap();
        assert!(decode(cut).is_err());
    }

    #[test]
    fn share_refuses_a_spec_from_a_newer_build() {
        let compressed = miniz_oxide::deflate::compress_to_vec(br#"{"version": 99}"#, 9);
        let fragment = format!("{PREFIX}{}", base64url_encode(&compressed));
        let error = decode(&fragment).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the link's spec is not valid: spec version `99` is newer than this build"
        );
        assert_eq!(
            error.help(),
            "this build reads spec versions 1 to 1; use a newer build"
        );
    }

    proptest! {
        #[test]
        fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
    }
}
