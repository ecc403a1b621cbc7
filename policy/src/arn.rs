//! Amazon Resource Names: `arn:partition:service:region:account:resource`, and the DynamoDB
//! resource forms Backstop reasons about.

/// Splits text into the six ARN segments; the resource (last) segment keeps its own colons.
pub fn segments(text: &str) -> Option<[&str; 6]> {
    let mut parts = text.splitn(6, ':');
    let segments = [
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    ];
    (segments[0] == "arn").then_some(segments)
}

/// A parsed ARN. The text is kept as written; accessors borrow from it.
///
/// ```
/// use policy::arn::{Arn, DynamoDbResource};
/// let arn: Arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Movies/backup/01489173575360-b308cd7d".parse().unwrap();
/// assert_eq!(arn.account(), "123456789012");
/// assert_eq!(arn.dynamodb(), Some(DynamoDbResource::Backup { table: "Movies", backup: "01489173575360-b308cd7d" }));
/// ```
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Arn {
    text: String,
    // INVARIANT: the byte offsets of the first five colons of `text`, in order.
    colons: [usize; 5],
}

impl Clone for Arn {
    fn clone(&self) -> Self {
        Self {
            text: self.text.clone(),
            colons: self.colons,
        }
    }

    /// Copies into the text's own buffer, which asking one request of many resources reuses.
    fn clone_from(&mut self, source: &Self) {
        self.text.clone_from(&source.text);
        self.colons = source.colons;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    #[error("`{0}` does not start with `arn:`")]
    NotAnArn(String),
    #[error("`{0}` has fewer than six colon-separated segments")]
    TooFewSegments(String),
}

impl Arn {
    pub fn parse(text: &str) -> Result<Self, ArnError> {
        if !text.starts_with("arn:") {
            return Err(ArnError::NotAnArn(text.to_owned()));
        }
        // One pass over the bytes: ARNs are short, and a search per colon costs more.
        let mut colons = [0; 5];
        let mut found = 0;
        for (index, byte) in text.bytes().enumerate() {
            if byte == b':'
                && let Some(slot) = colons.get_mut(found)
            {
                *slot = index;
                found += 1;
                if found == colons.len() {
                    break;
                }
            }
        }
        if found < colons.len() {
            return Err(ArnError::TooFewSegments(text.to_owned()));
        }
        Ok(Self {
            text: text.to_owned(),
            colons,
        })
    }

    /// Builds an ARN from its parts, for example `Arn::new("aws", "iam", "", "123456789012", "role/X")`.
    pub fn new(
        partition: &str,
        service: &str,
        region: &str,
        account: &str,
        resource: &str,
    ) -> Self {
        let parts = [partition, service, region, account, resource];
        let mut text =
            String::with_capacity(9 + parts.iter().map(|part| part.len()).sum::<usize>());
        text.push_str("arn");
        for part in parts {
            text.push(':');
            text.push_str(part);
        }
        let first = 3;
        let second = first + 1 + partition.len();
        let third = second + 1 + service.len();
        let fourth = third + 1 + region.len();
        let fifth = fourth + 1 + account.len();
        Self {
            text,
            colons: [first, second, third, fourth, fifth],
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same ARN with everything before the resource part in ASCII lowercase, the form in
    /// which partition, service, region and account compare.
    pub fn with_head_folded(&self) -> Self {
        let mut folded = self.clone();
        folded.fold_head();
        folded
    }

    /// Becomes [`Arn::with_head_folded`] of `source`, in its own buffer.
    pub fn set_to_head_folded(&mut self, source: &Self) {
        self.clone_from(source);
        self.fold_head();
    }

    fn fold_head(&mut self) {
        if let Some(head) = self.text.get_mut(..self.colons[4]) {
            head.make_ascii_lowercase();
        }
    }

    fn segment(&self, index: usize) -> &str {
        let start = match index {
            0 => 0,
            _ => self.colons.get(index - 1).map_or(0, |colon| colon + 1),
        };
        let end = self.colons.get(index).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or_default()
    }

    pub fn partition(&self) -> &str {
        self.segment(1)
    }

    pub fn service(&self) -> &str {
        self.segment(2)
    }

    pub fn region(&self) -> &str {
        self.segment(3)
    }

    pub fn account(&self) -> &str {
        self.segment(4)
    }

    /// Everything after the fifth colon, for example `table/Movies`.
    pub fn resource(&self) -> &str {
        self.segment(5)
    }

    /// Everything before the resource part: `arn:aws:dynamodb:us-east-1:123456789012`.
    pub fn head(&self) -> &str {
        self.text.get(..self.colons[4]).unwrap_or_default()
    }

    pub fn segments(&self) -> [&str; 6] {
        [
            self.segment(0),
            self.segment(1),
            self.segment(2),
            self.segment(3),
            self.segment(4),
            self.segment(5),
        ]
    }

    /// The DynamoDB resource this ARN names, when it is a `dynamodb` ARN of a known form.
    pub fn dynamodb(&self) -> Option<DynamoDbResource<'_>> {
        if self.service() != "dynamodb" {
            return None;
        }
        DynamoDbResource::parse(self.resource())
    }
}

impl std::str::FromStr for Arn {
    type Err = ArnError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl std::fmt::Display for Arn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl serde::Serialize for Arn {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// The resource part of a DynamoDB ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DynamoDbResource<'a> {
    /// `table/Movies`
    Table { table: &'a str },
    /// `table/Movies/index/ByYear`
    Index { table: &'a str, index: &'a str },
    /// `table/Movies/stream/2024-01-01T00:00:00.000`
    Stream { table: &'a str, label: &'a str },
    /// `table/Movies/backup/01489173575360-b308cd7d`
    Backup { table: &'a str, backup: &'a str },
    /// `table/Movies/export/01700000000000-0e1a2b3c`
    Export { table: &'a str, export: &'a str },
    /// `table/Movies/import/01700000000000-1a2b3c4d`
    Import { table: &'a str, import: &'a str },
    /// `global-table/Movies` (no region in the ARN)
    GlobalTable { name: &'a str },
}

impl<'a> DynamoDbResource<'a> {
    pub fn parse(resource: &'a str) -> Option<Self> {
        if let Some(name) = resource.strip_prefix("global-table/") {
            return (!name.is_empty() && !name.contains('/')).then_some(Self::GlobalTable { name });
        }
        let rest = resource.strip_prefix("table/")?;
        let mut parts = rest.split('/');
        let table = parts.next().filter(|table| !table.is_empty())?;
        let kind = parts.next();
        let id = parts.next();
        if parts.next().is_some() {
            return None;
        }
        match (kind, id) {
            (None, None) => Some(Self::Table { table }),
            (Some(kind), Some(id)) if !id.is_empty() => match kind {
                "index" => Some(Self::Index { table, index: id }),
                "stream" => Some(Self::Stream { table, label: id }),
                "backup" => Some(Self::Backup { table, backup: id }),
                "export" => Some(Self::Export { table, export: id }),
                "import" => Some(Self::Import { table, import: id }),
                _ => None,
            },
            _ => None,
        }
    }

    /// The table the resource belongs to (the global table's name for a global table).
    pub fn table(&self) -> &'a str {
        match *self {
            Self::Table { table }
            | Self::Index { table, .. }
            | Self::Stream { table, .. }
            | Self::Backup { table, .. }
            | Self::Export { table, .. }
            | Self::Import { table, .. } => table,
            Self::GlobalTable { name } => name,
        }
    }
}

impl std::fmt::Display for DynamoDbResource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Table { table } => write!(f, "table/{table}"),
            Self::Index { table, index } => write!(f, "table/{table}/index/{index}"),
            Self::Stream { table, label } => write!(f, "table/{table}/stream/{label}"),
            Self::Backup { table, backup } => write!(f, "table/{table}/backup/{backup}"),
            Self::Export { table, export } => write!(f, "table/{table}/export/{export}"),
            Self::Import { table, import } => write!(f, "table/{table}/import/{import}"),
            Self::GlobalTable { name } => write!(f, "global-table/{name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_segments_parse_and_format_round_trip() {
        let text = "arn:aws:iam::123456789012:role/path/BackupAdmin";
        let arn = Arn::parse(text).unwrap();
        assert_eq!(arn.partition(), "aws");
        assert_eq!(arn.service(), "iam");
        assert_eq!(arn.region(), "");
        assert_eq!(arn.account(), "123456789012");
        assert_eq!(arn.resource(), "role/path/BackupAdmin");
        assert_eq!(arn.to_string(), text);
        assert_eq!(
            Arn::new("aws", "iam", "", "123456789012", "role/path/BackupAdmin"),
            arn
        );
        assert_eq!(
            Arn::new("aws", "iam", "", "123456789012", "role/x").account(),
            "123456789012"
        );
    }

    #[test]
    fn arn_with_head_folded_lowercases_all_but_the_resource() {
        let arn = Arn::parse("arn:AWS:DynamoDB:US-East-1:1:table/Movies:X").unwrap();
        let folded = arn.with_head_folded();
        assert_eq!(
            folded.as_str(),
            "arn:aws:dynamodb:us-east-1:1:table/Movies:X"
        );
        assert_eq!(
            folded.segments(),
            ["arn", "aws", "dynamodb", "us-east-1", "1", "table/Movies:X"]
        );
    }

    #[test]
    fn arn_resource_keeps_colons() {
        let arn = Arn::parse("arn:aws:logs:us-east-1:1:log-group:/aws/x:*").unwrap();
        assert_eq!(arn.resource(), "log-group:/aws/x:*");
    }

    #[test]
    fn arn_rejects_text_without_six_segments() {
        assert_eq!(Arn::parse("*"), Err(ArnError::NotAnArn("*".into())));
        assert_eq!(
            Arn::parse("arn:aws:dynamodb:us-east-1"),
            Err(ArnError::TooFewSegments(
                "arn:aws:dynamodb:us-east-1".into()
            ))
        );
        assert_eq!(
            ArnError::TooFewSegments("arn:aws".into()).to_string(),
            "`arn:aws` has fewer than six colon-separated segments"
        );
    }

    #[test]
    fn dynamodb_resource_forms_parse_and_print() {
        let cases = [
            ("table/Movies", DynamoDbResource::Table { table: "Movies" }),
            (
                "table/Movies/index/ByYear",
                DynamoDbResource::Index {
                    table: "Movies",
                    index: "ByYear",
                },
            ),
            (
                "table/Movies/stream/2024-01-01T00:00:00.000",
                DynamoDbResource::Stream {
                    table: "Movies",
                    label: "2024-01-01T00:00:00.000",
                },
            ),
            (
                "table/Movies/backup/0148-b3",
                DynamoDbResource::Backup {
                    table: "Movies",
                    backup: "0148-b3",
                },
            ),
            (
                "table/Movies/export/0170-0e",
                DynamoDbResource::Export {
                    table: "Movies",
                    export: "0170-0e",
                },
            ),
            (
                "table/Movies/import/0170-1a",
                DynamoDbResource::Import {
                    table: "Movies",
                    import: "0170-1a",
                },
            ),
            (
                "global-table/Movies",
                DynamoDbResource::GlobalTable { name: "Movies" },
            ),
        ];
        for (text, expect) in cases {
            assert_eq!(DynamoDbResource::parse(text), Some(expect), "{text}");
            assert_eq!(expect.to_string(), text);
            assert_eq!(expect.table(), "Movies");
        }
        for bad in [
            "table/",
            "table/Movies/backup",
            "table/Movies/other/x",
            "bucket/x",
            "table/a/backup/b/c",
        ] {
            assert_eq!(DynamoDbResource::parse(bad), None, "{bad}");
        }
        let arn = Arn::parse("arn:aws:s3:::table/Movies").unwrap();
        assert_eq!(arn.dynamodb(), None);
    }
}
