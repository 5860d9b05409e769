//! The language codes Meta accepts for templates, and the closest code to a mistyped one.

use crate::template::diagnostic::did_you_mean;

/// Meta's "Supported Languages" list (May 2026; the page announces 116 entries, its code list
/// holds these 111).
pub const LANGUAGES: [&str; 111] = [
    "af", "sq", "ar", "ar_EG", "ar_AE", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY", "bn", "bn_IN",
    "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "prs_AF", "nl", "nl_BE", "en",
    "en_GB", "en_US", "en_AE", "en_AU", "en_CA", "en_GH", "en_IE", "en_IN", "en_JM", "en_MY",
    "en_NZ", "en_QA", "en_SG", "en_UG", "en_ZA", "et", "fil", "fi", "fr", "fr_BE", "fr_CA",
    "fr_CH", "fr_CI", "fr_MA", "ka", "de", "de_AT", "de_CH", "el", "gu", "ha", "he", "hi", "hu",
    "id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml",
    "mr", "nb", "ps_AF", "fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr", "si_LK", "sk", "sl",
    "es", "es_AR", "es_CL", "es_CO", "es_CR", "es_DO", "es_EC", "es_HN", "es_MX", "es_PA", "es_PE",
    "es_ES", "es_UY", "sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu",
];

pub fn is_supported(code: &str) -> bool {
    LANGUAGES.contains(&code)
}

/// The supported code a mistyped one most likely meant: `en-us` → `en_US`, `pt_br` → `pt_BR`,
/// `en_UK` → `en_GB`.
pub fn suggest(code: &str) -> Option<&'static str> {
    let normalized = code.trim().replace('-', "_");
    if let Some(exact) = LANGUAGES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(&normalized))
    {
        return Some(exact);
    }
    if normalized.eq_ignore_ascii_case("en_UK") {
        return Some("en_GB");
    }
    did_you_mean(&normalized, LANGUAGES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_fix_separators_and_case() {
        assert_eq!(suggest("en-US"), Some("en_US"));
        assert_eq!(suggest("pt-br"), Some("pt_BR"));
        assert_eq!(suggest("en_UK"), Some("en_GB"));
        assert_eq!(suggest("<LANGUAGE>"), None);
        assert!(is_supported("pt_BR") && !is_supported("pt"));
    }
}
