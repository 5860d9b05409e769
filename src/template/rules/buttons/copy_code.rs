//! COPY_CODE buttons: the sample code's length.

use super::super::{Checker, chars};

const COPY_CODE_MAX: usize = 20;
const COPY_CODE_SAFE: usize = 15;

pub(super) fn check(ck: &mut Checker, path: &str, code: &str) {
    let length = chars(code);
    if code.trim().is_empty() {
        ck.report(
            "example-shape",
            path,
            "the COPY_CODE example is empty",
            "give a sample code, e.g. SUMMER25",
        );
    } else if length > COPY_CODE_MAX {
        ck.report(
            "copy-code-length",
            path,
            format!("the code has {length} characters; the limit is {COPY_CODE_MAX}"),
            "use a shorter sample code",
        );
    } else if length > COPY_CODE_SAFE {
        ck.report(
            "copy-code-long",
            path,
            format!(
                "the code has {length} characters; some of Meta's pages allow only {COPY_CODE_SAFE}"
            ),
            "a code of at most 15 characters is accepted everywhere",
        );
    }
}
#[cfg(test)]
mod tests {
    use super::super::tests::with_buttons;
    use crate::template::rules::testing::*;

    #[test]
    fn copy_code_length() {
        breaks(
            "copy-code-length",
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(21)
            )),
        );
        passes(
            "copy-code-length",
            &with_buttons("      - {type: COPY_CODE, example: SUMMER25}\n"),
        );
    }

    #[test]
    fn copy_code_long() {
        let d = breaks(
            "copy-code-long",
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(20)
            )),
        );
        assert!(!d.is_error());
        passes(
            "copy-code-long",
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(15)
            )),
        );
    }
}
