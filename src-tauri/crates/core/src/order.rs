//! The order people expect of names: "#22" before "#109" (runs of digits compare as numbers),
//! letters without regard to case. Built on `alphanumeric-sort`, the maintained crate for
//! natural ordering (it compares runs of ASCII digits of any length as numbers), so lists sorted in the core and shown by the UI agree.

use std::cmp::Ordering;

/// Natural order of two names: case-insensitive with numbers as numbers; names equal in that
/// order fall back to their exact text so the order is total.
pub fn natural(a: &str, b: &str) -> Ordering {
    alphanumeric_sort::compare_str(a.to_lowercase(), b.to_lowercase())
        .then_with(|| alphanumeric_sort::compare_str(a, b))
        .then_with(|| a.cmp(b))
}

/// Sorts names in [`natural`] order.
pub fn sort_names(names: &mut [String]) {
    names.sort_unstable_by(|a, b| natural(a, b));
}

#[cfg(test)]
mod tests {
    use super::natural;
    use std::cmp::Ordering;

    #[test]
    fn numbers_compare_as_numbers_and_case_is_ignored() {
        assert_eq!(natural("Acme #22", "Acme #109"), Ordering::Less);
        assert_eq!(natural("acme 2", "Acme 10"), Ordering::Less);
        assert_eq!(natural("beta", "Alpha"), Ordering::Greater);
        assert_ne!(natural("a", "A"), Ordering::Equal);
    }
}
