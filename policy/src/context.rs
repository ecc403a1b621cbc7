//! The request context: condition keys and their typed values, looked up case-insensitively.

use crate::arn::Arn;
use std::borrow::Cow;
use std::net::IpAddr;

/// A value of a condition key in the request context.
///
/// Values arrive typed where the caller knows the type (`Bool`, `Number`, `Date`, …) or as
/// `String` text, which each operator reads in its own type, as IAM does with the strings it
/// receives.
#[derive(Debug, Clone, PartialEq)]
pub enum ContextValue {
    String(String),
    Number(f64),
    Bool(bool),
    Date(Timestamp),
    Ip(IpAddr),
    Arn(Arn),
    Binary(Vec<u8>),
    /// A multivalued key such as `aws:TagKeys`; it needs `ForAnyValue:` or `ForAllValues:`.
    List(Vec<ContextValue>),
}

impl ContextValue {
    /// The value as the text string operators compare.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            ContextValue::String(text) => Cow::Borrowed(text),
            ContextValue::Number(number) => Cow::Owned(number.to_string()),
            ContextValue::Bool(true) => Cow::Borrowed("true"),
            ContextValue::Bool(false) => Cow::Borrowed("false"),
            ContextValue::Date(timestamp) => Cow::Owned(timestamp.to_string()),
            ContextValue::Ip(address) => Cow::Owned(address.to_string()),
            ContextValue::Arn(arn) => Cow::Borrowed(arn.as_str()),
            ContextValue::Binary(bytes) => Cow::Owned(crate::condition::base64_encode(bytes)),
            ContextValue::List(values) => Cow::Owned(
                values
                    .iter()
                    .map(|value| value.text().into_owned())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        }
    }
}

impl From<&str> for ContextValue {
    fn from(text: &str) -> Self {
        ContextValue::String(text.to_owned())
    }
}

/// Condition keys and values. Keys compare ignoring ASCII case, as IAM compares them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    // Keys that `Request::new` adds are static text, spared an allocation per request.
    entries: Vec<(Cow<'static, str>, ContextValue)>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty context with room for `capacity` keys before it reallocates.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Sets `key`, replacing a value stored under the same key in any case.
    pub fn insert(&mut self, key: impl Into<String>, value: ContextValue) {
        let key = key.into();
        match self
            .entries
            .iter_mut()
            .find(|(existing, _)| existing.eq_ignore_ascii_case(&key))
        {
            Some(entry) => entry.1 = value,
            None => self.entries.push((Cow::Owned(key), value)),
        }
    }

    /// Adds `key`, which the caller has found absent in every letter case with
    /// [`Context::contains`]: [`Context::insert`] would search for it again.
    pub(crate) fn insert_absent(&mut self, key: &'static str, value: ContextValue) {
        self.entries.push((Cow::Borrowed(key), value));
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries
            .iter()
            .find(|(existing, _)| existing.eq_ignore_ascii_case(key))
            .map(|(_, value)| value)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_ref(), value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<String>> FromIterator<(K, ContextValue)> for Context {
    fn from_iter<I: IntoIterator<Item = (K, ContextValue)>>(iter: I) -> Self {
        let mut context = Context::new();
        for (key, value) in iter {
            context.insert(key, value);
        }
        context
    }
}

/// A point in time, in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub millis: i64,
}

impl Timestamp {
    /// Reads an ISO 8601 date or date-time (`2026-03-01`, `2026-03-01T10:00:00Z`,
    /// `2026-03-01T10:00:00.5+01:00`) or a Unix epoch time in seconds (`1700000000`), the two
    /// forms IAM's date operators accept.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
            let seconds: i64 = text.parse().ok()?;
            return Some(Self {
                millis: seconds.checked_mul(1000)?,
            });
        }
        parse_iso(text.as_bytes())
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = self.millis.div_euclid(86_400_000);
        let of_day = self.millis.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let (hour, minute, second, milli) = (
            of_day / 3_600_000,
            of_day / 60_000 % 60,
            of_day / 1000 % 60,
            of_day % 1000,
        );
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
        )?;
        if milli != 0 {
            write!(f, ".{milli:03}")?;
        }
        f.write_str("Z")
    }
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Option<i64> {
    let run = bytes.get(start..start + count)?;
    run.iter().try_fold(0i64, |total, byte| {
        byte.is_ascii_digit()
            .then(|| total * 10 + i64::from(byte - b'0'))
    })
}

fn parse_iso(bytes: &[u8]) -> Option<Timestamp> {
    let year = digits(bytes, 0, 4)?;
    let compact = bytes.get(4) != Some(&b'-');
    let (month, day, mut index) = if compact {
        (digits(bytes, 4, 2)?, digits(bytes, 6, 2)?, 8)
    } else {
        if bytes.get(7) != Some(&b'-') {
            return None;
        }
        (digits(bytes, 5, 2)?, digits(bytes, 8, 2)?, 10)
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut millis_of_day = 0;
    let mut offset_minutes = 0;
    if let Some(b'T' | b't' | b' ') = bytes.get(index) {
        index += 1;
        let hour = digits(bytes, index, 2)?;
        index += 2;
        let colon = usize::from(bytes.get(index) == Some(&b':'));
        let minute = digits(bytes, index + colon, 2)?;
        index += colon + 2;
        let mut second = 0;
        let mut milli = 0;
        let colon = usize::from(bytes.get(index) == Some(&b':'));
        if let Some(value) = digits(bytes, index + colon, 2) {
            second = value;
            index += colon + 2;
            if let Some(b'.' | b',') = bytes.get(index) {
                index += 1;
                let mut scale = 100;
                while let Some(byte) = bytes.get(index).filter(|byte| byte.is_ascii_digit()) {
                    milli += i64::from(byte - b'0') * scale;
                    scale /= 10;
                    index += 1;
                }
            }
        }
        if hour > 24 || minute > 59 || second > 60 {
            return None;
        }
        millis_of_day = ((hour * 60 + minute) * 60 + second) * 1000 + milli;
        match bytes.get(index) {
            Some(b'Z' | b'z') => index += 1,
            Some(sign @ (b'+' | b'-')) => {
                let hours = digits(bytes, index + 1, 2)?;
                index += 3;
                let colon = usize::from(bytes.get(index) == Some(&b':'));
                let minutes = digits(bytes, index + colon, 2).unwrap_or(0);
                index += if digits(bytes, index + colon, 2).is_some() {
                    colon + 2
                } else {
                    0
                };
                let total = hours * 60 + minutes;
                offset_minutes = if *sign == b'+' { total } else { -total };
            }
            _ => {}
        }
    }
    if index != bytes.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(Timestamp {
        millis: days * 86_400_000 + millis_of_day - offset_minutes * 60_000,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_date(text: &str, expect_seconds: Option<i64>) {
        assert_eq!(
            Timestamp::parse(text).map(|t| t.millis / 1000),
            expect_seconds,
            "{text}"
        );
    }

    #[test]
    fn dates_read_iso_8601_forms() {
        check_date("2026-03-01T10:00:00Z", Some(1_772_359_200));
        check_date("2026-03-01", Some(1_772_323_200));
        check_date("2026-03-01T11:00:00+01:00", Some(1_772_359_200));
        check_date("2026-03-01T10:00Z", Some(1_772_359_200));
        check_date("20260301T100000Z", Some(1_772_359_200));
        check_date("1970-01-01T00:00:00.999Z", Some(0));
        check_date("2026-13-01", None);
        check_date("yesterday", None);
    }

    #[test]
    fn dates_read_epoch_seconds() {
        check_date("1700000000", Some(1_700_000_000));
        check_date("0", Some(0));
    }

    #[test]
    fn dates_print_as_iso_8601() {
        let timestamp = Timestamp::parse("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(timestamp.to_string(), "2024-02-29T23:59:59Z");
        assert_eq!(
            Timestamp { millis: -1 }.to_string(),
            "1969-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn context_keys_compare_ignoring_case() {
        let mut context = Context::new();
        context.insert("aws:PrincipalTag/Team", "data".into());
        assert_eq!(
            context.get("AWS:principaltag/team"),
            Some(&ContextValue::String("data".into()))
        );
        context.insert("aws:principaltag/team", "web".into());
        assert_eq!(context.len(), 1);
        assert_eq!(
            context.get("aws:PrincipalTag/Team"),
            Some(&ContextValue::String("web".into()))
        );
    }

    #[test]
    fn context_values_have_a_text_form() {
        assert_eq!(ContextValue::Bool(true).text(), "true");
        assert_eq!(ContextValue::Number(3600.0).text(), "3600");
        assert_eq!(
            ContextValue::Ip("10.0.0.1".parse().unwrap()).text(),
            "10.0.0.1"
        );
    }
}
