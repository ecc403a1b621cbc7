//! "Did you mean" for near misses: element names, `Effect` values, condition operators.

/// The candidate `word` most likely misspells: one equal but for case, else the closest within a
/// distance that grows with the length (one edit per four characters, at least one).
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    let lower = word.to_lowercase();
    if let Some(same) = candidates
        .clone()
        .into_iter()
        .find(|candidate| candidate.to_lowercase() == lower)
    {
        return Some(same);
    }
    // Edit distance is quadratic; no element or operator name is anywhere near this long.
    let length = word.chars().count();
    if length > 128 {
        return None;
    }
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::osa_distance(&lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= 1 + length.max(candidate.chars().count()) / 4)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `did you mean `X`?` or nothing.
pub(crate) fn help<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<String> {
    did_you_mean(word, candidates).map(|candidate| format!("did you mean `{candidate}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELEMENTS: [&str; 3] = ["Effect", "Action", "Resource"];

    #[test]
    fn a_name_in_another_case_is_suggested_first() {
        assert_eq!(did_you_mean("effect", ELEMENTS), Some("Effect"));
        assert_eq!(did_you_mean("RESOURCE", ELEMENTS), Some("Resource"));
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(did_you_mean("Resources", ELEMENTS), Some("Resource"));
        assert_eq!(did_you_mean("Actoin", ELEMENTS), Some("Action"));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(did_you_mean("Principle_Name", ELEMENTS), None);
        assert_eq!(did_you_mean("x", ELEMENTS), None);
    }
}
