//! Condition operator names: `ForAnyValue:StringLikeIfExists` and back.
//!
//! Names are case-sensitive, as in IAM: AWS rejects `stringEquals` with "Invalid Condition type".

use crate::document::{BaseOperator, Operator, SetOperator};

impl BaseOperator {
    /// Every operator, in the order of AWS's condition operator reference.
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            BaseOperator::StringEquals => "StringEquals",
            BaseOperator::StringNotEquals => "StringNotEquals",
            BaseOperator::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            BaseOperator::StringLike => "StringLike",
            BaseOperator::StringNotLike => "StringNotLike",
            BaseOperator::NumericEquals => "NumericEquals",
            BaseOperator::NumericNotEquals => "NumericNotEquals",
            BaseOperator::NumericLessThan => "NumericLessThan",
            BaseOperator::NumericLessThanEquals => "NumericLessThanEquals",
            BaseOperator::NumericGreaterThan => "NumericGreaterThan",
            BaseOperator::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BaseOperator::DateEquals => "DateEquals",
            BaseOperator::DateNotEquals => "DateNotEquals",
            BaseOperator::DateLessThan => "DateLessThan",
            BaseOperator::DateLessThanEquals => "DateLessThanEquals",
            BaseOperator::DateGreaterThan => "DateGreaterThan",
            BaseOperator::DateGreaterThanEquals => "DateGreaterThanEquals",
            BaseOperator::Bool => "Bool",
            BaseOperator::BinaryEquals => "BinaryEquals",
            BaseOperator::IpAddress => "IpAddress",
            BaseOperator::NotIpAddress => "NotIpAddress",
            BaseOperator::ArnEquals => "ArnEquals",
            BaseOperator::ArnNotEquals => "ArnNotEquals",
            BaseOperator::ArnLike => "ArnLike",
            BaseOperator::ArnNotLike => "ArnNotLike",
            BaseOperator::Null => "Null",
        }
    }
}

impl SetOperator {
    /// The prefix as written, colon included.
    pub const fn prefix(self) -> &'static str {
        match self {
            SetOperator::ForAllValues => "ForAllValues:",
            SetOperator::ForAnyValue => "ForAnyValue:",
        }
    }
}

impl Operator {
    /// Every operator IAM accepts: each base with and without a set qualifier and `IfExists`,
    /// except `NullIfExists` (AWS: "you can add IfExists to the end of any condition operator name
    /// except the Null condition").
    pub fn all() -> impl Iterator<Item = Operator> {
        [
            None,
            Some(SetOperator::ForAllValues),
            Some(SetOperator::ForAnyValue),
        ]
        .into_iter()
        .flat_map(|set| {
            BaseOperator::ALL.into_iter().flat_map(move |base| {
                [false, true]
                    .into_iter()
                    .filter(move |if_exists| !(*if_exists && base == BaseOperator::Null))
                    .map(move |if_exists| Operator {
                        set,
                        base,
                        if_exists,
                    })
            })
        })
    }
}

/// The text is not a condition operator IAM knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown condition operator `{0}`")]
pub struct UnknownOperatorError(pub String);

impl std::str::FromStr for Operator {
    type Err = UnknownOperatorError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (set, rest) = if let Some(rest) = text.strip_prefix(SetOperator::ForAllValues.prefix())
        {
            (Some(SetOperator::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix(SetOperator::ForAnyValue.prefix()) {
            (Some(SetOperator::ForAnyValue), rest)
        } else {
            (None, text)
        };
        let (base_text, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base_text) => (base_text, true),
            None => (rest, false),
        };
        BaseOperator::ALL
            .into_iter()
            .find(|base| base.as_str() == base_text)
            .filter(|base| !(if_exists && *base == BaseOperator::Null))
            .map(|base| Operator {
                set,
                base,
                if_exists,
            })
            .ok_or_else(|| UnknownOperatorError(text.to_owned()))
    }
}

impl std::fmt::Display for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(set) = self.set {
            f.write_str(set.prefix())?;
        }
        f.write_str(self.base.as_str())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_round_trips_through_its_name() {
        let mut count = 0;
        for operator in Operator::all() {
            assert_eq!(operator.to_string().parse::<Operator>(), Ok(operator));
            count += 1;
        }
        assert_eq!(count, 3 * (27 * 2 - 1));
    }

    #[test]
    fn set_qualifier_and_if_exists_are_read_around_the_base() {
        assert_eq!(
            "ForAnyValue:StringLikeIfExists".parse::<Operator>(),
            Ok(Operator {
                set: Some(SetOperator::ForAnyValue),
                base: BaseOperator::StringLike,
                if_exists: true
            })
        );
    }

    #[test]
    fn operator_names_are_case_sensitive() {
        assert_eq!(
            "stringEquals".parse::<Operator>(),
            Err(UnknownOperatorError("stringEquals".to_owned()))
        );
        assert!("forAnyValue:StringEquals".parse::<Operator>().is_err());
    }

    #[test]
    fn null_cannot_take_if_exists() {
        assert_eq!(
            "NullIfExists".parse::<Operator>().unwrap_err().to_string(),
            "unknown condition operator `NullIfExists`"
        );
    }
}
