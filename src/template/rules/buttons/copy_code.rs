//! COPY_CODE buttons: the sample code's length.

use super::super::{Checker, chars};
use crate::template::rule_id::RuleId;

const COPY_CODE_MAX: usize = 20;
const COPY_CODE_SAFE: usize = 15;

pub(super) fn check(ck: &mut Checker, path: &str, code: &str) {
    let length = chars(code);
    if code.trim().is_empty() {
        ck.report(
            RuleId::ExampleShape,
            path,
            "the COPY_CODE example is empty",
            "give a sample code, e.g. SUMMER25",
        );
    } else if length > COPY_CODE_MAX {
        ck.report(
            RuleId::CopyCodeLength,
            path,
            format!("the code has {length} characters; the limit is {COPY_CODE_MAX}"),
            "use a shorter sample code",
        );
    } else if length > COPY_CODE_SAFE {
        ck.report(
            RuleId::CopyCodeLong,
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
    use crate::template::rule_id::RuleId;
    use crate::template::rules::testing::*;

    #[test]
    fn copy_code_length() {
        breaks(
            RuleId::CopyCodeLength,
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(21)
            )),
        );
        passes(
            RuleId::CopyCodeLength,
            &with_buttons("      - {type: COPY_CODE, example: SUMMER25}\n"),
        );
    }

    #[test]
    fn copy_code_long() {
        let d = breaks(
            RuleId::CopyCodeLong,
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(20)
            )),
        );
        assert!(!d.is_error());
        passes(
            RuleId::CopyCodeLong,
            &with_buttons(&format!(
                "      - {{type: COPY_CODE, example: {}}}\n",
                "A".repeat(15)
            )),
        );
    }
}
