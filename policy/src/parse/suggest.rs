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
    nearest(word, candidates, str::to_lowercase, |word, candidate| {
        1 + word.max(candidate) / 4
    })
}

/// The candidate nearest to `word` in edits (a transposition counts as one), compared after
/// `fold`, if within `within(word length, candidate length)` edits, lengths in characters; the
/// first of equally near candidates.
pub(crate) fn nearest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    fold: fn(&str) -> String,
    within: impl Fn(usize, usize) -> usize,
) -> Option<&'c str> {
    // Edit distance is quadratic, and no name worth suggesting is anywhere near this long: a
    // pasted megabyte must not stall the parser or the linter looking for a near miss.
    const LONGEST_WORTH_SUGGESTING: usize = 128;
    let length = word.chars().count();
    if length > LONGEST_WORTH_SUGGESTING {
        return None;
    }
    let folded_word = fold(word);
    let folded_length = folded_word.chars().count();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let limit = within(length, candidate.chars().count());
            let folded = fold(candidate);
            // The distance is at least the difference in length: most candidates need no comparison.
            if folded.chars().count().abs_diff(folded_length) > limit {
                return None;
            }
            let distance = strsim::osa_distance(&folded_word, &folded);
            (distance <= limit).then_some((distance, candidate))
        })
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
