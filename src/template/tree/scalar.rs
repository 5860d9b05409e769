//! Plain scalars resolved by YAML 1.2's core schema.

use super::Node;

/// Resolves a scalar by YAML 1.2's core schema. Quoted and block scalars, and numbers with a
/// leading zero (phone numbers, codes), stay strings.
pub(super) fn scalar_node(
    text: &str,
    style: granit_parser::ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Node {
    if style != granit_parser::ScalarStyle::Plain
        || tag.is_some_and(|t| t.is_yaml_core_schema_tag("str"))
    {
        return Node::Str(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Node::Null,
        "true" | "True" | "TRUE" => return Node::Bool(true),
        "false" | "False" | "FALSE" => return Node::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Node::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Node::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Node::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return Node::Str(text.to_owned());
        }
        if let Ok(i) = text.parse::<i64>() {
            return Node::Int(i);
        }
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Node::Int(i);
    }
    if let Some(octal) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(octal, 8)
    {
        return Node::Int(i);
    }
    if looks_like_float(text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Node::Float(f);
    }
    Node::Str(text.to_owned())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, as YAML 1.2's core schema has it.
fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && digits(fraction)
        && !(whole.is_empty() && fraction.is_empty())
        && (mantissa.contains('.') || !whole.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use super::super::{parse_documents, to_json};

    #[test]
    fn scalars_resolve_by_the_yaml_1_2_core_schema() {
        let yaml = "a: 15550051310\nb: '42'\nc: 007\nd: Yes\ne: true\nf: ~\ng: 1.5\nh: 1e3\ni: 0x1F\nj: 12:30\n";
        let root = parse_documents(yaml).unwrap().remove(0);
        let json = to_json(&root);
        assert_eq!(json["a"], 15550051310_i64);
        assert_eq!(json["b"], "42");
        assert_eq!(
            json["c"], "007",
            "a leading zero keeps a code or number as text"
        );
        assert_eq!(json["d"], "Yes", "YAML 1.2: only true/false are booleans");
        assert_eq!(json["e"], true);
        assert!(json["f"].is_null());
        assert_eq!(json["g"], 1.5);
        assert_eq!(json["h"], 1000.0);
        assert_eq!(json["i"], 31);
        assert_eq!(json["j"], "12:30");
    }
}
