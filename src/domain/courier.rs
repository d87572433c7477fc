//! Couriers (PDD logistics companies) and the typical shapes of their tracking numbers.

use serde::{Deserialize, Serialize};

/// One entry of `getcompany`: `id` is what shipping takes, never `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Courier {
    pub id: i64,
    #[serde(default)]
    pub code: String,
    #[serde(rename = "logistics_company", default)]
    pub name: String,
    /// 0 means shipping with it fails.
    #[serde(default = "one")]
    pub available: i64,
}

fn one() -> i64 {
    1
}

impl Courier {
    pub fn is_available(&self) -> bool {
        self.available != 0
    }

    /// Whether `number` has this courier's usual shape. Unknown couriers fit anything.
    /// A mismatch is only ever a warning: couriers change their formats.
    pub fn fits_shape(&self, number: &str) -> bool {
        let n = number.trim();
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let alnum = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
        let upper = n.to_ascii_uppercase();
        match self.code.to_ascii_uppercase().as_str() {
            "SF" => upper
                .strip_prefix("SF")
                .is_some_and(|r| r.len() == 13 && alnum(r)),
            "ZTO" => {
                n.len() == 14
                    && digits(n)
                    && ["73", "74", "75", "76", "78"]
                        .iter()
                        .any(|p| n.starts_with(p))
            }
            "YTO" => upper
                .strip_prefix("YT")
                .is_some_and(|r| r.len() == 13 && digits(r)),
            "STO" => {
                digits(n)
                    && (14..=17).contains(&n.len())
                    && (n.starts_with("77") || n.starts_with("43"))
            }
            "YUNDA" => {
                digits(n)
                    && ((n.len() == 15 && (n.starts_with('3') || n.starts_with('4')))
                        || (n.len() == 13 && n.starts_with('5')))
            }
            "JTKD" | "JT" => upper
                .strip_prefix("JT")
                .is_some_and(|r| r.len() == 13 && digits(r)),
            "EMS" => {
                n.len() == 13
                    && digits(n)
                    && (n.starts_with('9') || n.starts_with('8') || n.starts_with('1'))
            }
            "JD" => upper
                .strip_prefix("JD")
                .is_some_and(|r| r.len() == 13 && alnum(&r[..2]) && digits(&r[2..])),
            "DB" => upper
                .strip_prefix("DPK")
                .is_some_and(|r| r.len() == 12 && digits(r)),
            _ => true,
        }
    }

    /// An example number of the courier's shape, for hints.
    pub fn example_number(&self) -> Option<&'static str> {
        match self.code.to_ascii_uppercase().as_str() {
            "SF" => Some("SF1234567890123"),
            "ZTO" => Some("73123456789012"),
            "YTO" => Some("YT1234567890123"),
            "STO" => Some("773123456789012"),
            "YUNDA" => Some("431234567890123"),
            "JTKD" => Some("JT1234567890123"),
            "EMS" => Some("9812345678901"),
            "JD" => Some("JDVA12345678901"),
            "DB" => Some("DPK123456789012"),
            _ => None,
        }
    }
}

/// The 2020 `getcompany` answer of the API reference: the simulator's list, and the list of a gateway
/// (pddshuju) that has no courier endpoint. Always prefer the live list where there is one.
pub fn reference_list() -> Vec<Courier> {
    [
        (1, "STO", "申通快递", 1),
        (3, "HT", "百世快递", 1),
        (44, "SF", "顺丰快递", 1),
        (85, "YTO", "圆通快递", 1),
        (115, "ZTO", "中通快递", 1),
        (117, "YS", "优速快递", 1),
        (118, "EMS", "邮政EMS", 1),
        (120, "JD", "京东配送", 1),
        (121, "YUNDA", "韵达快递", 1),
        (129, "ZJS", "宅急送", 1),
        (131, "DB", "德邦快递", 1),
        (132, "YZXB", "邮政快递包裹", 1),
        (180, "SELF", "其他", 1),
        (183, "KYE", "跨越速运", 1),
        (384, "JTKD", "极兔快递", 0),
    ]
    .into_iter()
    .map(|(id, code, name, available)| Courier {
        id,
        code: code.to_string(),
        name: name.to_string(),
        available,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_code(code: &str) -> Courier {
        reference_list()
            .into_iter()
            .find(|c| c.code == code)
            .unwrap()
    }

    #[test]
    fn shapes_of_the_reference() {
        let cases = [
            ("SF", "SF1234567890123", true),
            ("SF", "1234567890123", false),
            ("ZTO", "75123456789012", true),
            ("ZTO", "71123456789012", false),
            ("YTO", "YT1234567890123", true),
            ("YTO", "YT12345", false),
            ("STO", "77123456789012", true),
            ("STO", "431234567890123", true),
            ("STO", "55123456789012", false),
            ("YUNDA", "431234567890123", true),
            ("YUNDA", "5123456789012", true),
            ("YUNDA", "4307495240153", false),
            ("JTKD", "JT1234567890123", true),
            ("EMS", "9812345678901", true),
            ("EMS", "2812345678901", false),
            ("JD", "JDVA12345678901", true),
            ("DB", "DPK123456789012", true),
            ("DB", "DP123", false),
            ("SELF", "anything-goes", true),
        ];
        for (code, number, fits) in cases {
            assert_eq!(by_code(code).fits_shape(number), fits, "{code} {number}");
        }
        for c in reference_list() {
            if let Some(ex) = c.example_number() {
                assert!(c.fits_shape(ex), "example of {} must fit", c.code);
            }
        }
    }

    #[test]
    fn jtkd_unavailable_in_reference() {
        assert!(!by_code("JTKD").is_available());
        assert!(by_code("YTO").is_available());
    }
}
