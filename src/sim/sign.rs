//! The simulator's own signature checks for fw199 and pddshuju, written apart from the client's
//! signing code on purpose: a bug on one side cannot hide behind agreement with the other.

use md5::{Digest, Md5};
use std::collections::BTreeMap;

/// The concatenation `k1v1k2v2…` over every parameter except `sign`, keys in byte order
/// (a `BTreeMap<String, _>` orders by bytes). Empty values still contribute their key.
fn joined(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .filter(|(k, _)| k.as_str() != "sign")
        .map(|(k, v)| format!("{k}{v}"))
        .collect()
}

fn md5_hex(s: &str) -> String {
    hex::encode(Md5::digest(s.as_bytes()))
}

/// fw199: lower-case hex `md5(secret + k1v1… + secret)`.
pub fn fw199(params: &BTreeMap<String, String>, secret: &str) -> String {
    md5_hex(&format!("{secret}{}{secret}", joined(params)))
}

/// pddshuju: upper-case hex `MD5(k1v1… + secret)`; array values are the raw JSON text as received.
pub fn pddshuju(params: &BTreeMap<String, String>, secret: &str) -> String {
    md5_hex(&format!("{}{secret}", joined(params))).to_ascii_uppercase()
}

/// Exact comparison: a client that sends the wrong case has a signing bug we want to see.
pub fn matches(params: &BTreeMap<String, String>, expected: &str) -> bool {
    params.get("sign").is_some_and(|s| s == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fw199_worked_example() {
        let p = map(&[
            ("appid", "uwkahf@jfs92"),
            ("timestamp", "1700000000"),
            ("seller_nick", "kingdo"),
            ("order_sn", "200807-059090043922507"),
            ("logistics_id", "121"),
            ("tracking_number", "4307495240153"),
            ("feature", ""),
            ("refund_address_id", ""),
            ("redelivery_type", "1"),
        ]);
        assert_eq!(
            fw199(&p, "app-secret-123"),
            "c6f5352f95c3148ec9f48a0d0c4e1eda"
        );
    }

    #[test]
    fn pddshuju_worked_example() {
        let p = map(&[
            ("ownuser", "c9b0e9a9e8282557fcc34cf20b48e94a"),
            ("state", "sm5463-00s5"),
            (
                "send_data",
                r#"[{"order_sn":"210317-001532562392221","logistics_id":"85","tracking_number":"YT1234567890123"}]"#,
            ),
        ]);
        assert_eq!(
            pddshuju(&p, "gift-secret-9"),
            "0A0FA8B065027A3695A40577D1A9F527"
        );
    }

    #[test]
    fn own_vectors_sorting_empty_values_and_sign_excluded() {
        // Byte order puts "B" (0x42) before "a" (0x61) and "a" before "a_b" before "ab".
        let p = map(&[
            ("ab", "3"),
            ("a_b", "2"),
            ("a", ""),
            ("B", "1"),
            ("sign", "x"),
        ]);
        assert_eq!(joined(&p), "B1aa_b2ab3");
        // md5("s" + "B1aa_b2ab3" + "s") and MD5("B1aa_b2ab3" + "s"), computed independently.
        assert_eq!(fw199(&p, "s"), md5_hex("sB1aa_b2ab3s"));
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            pddshuju(&map(&[]), "abc"),
            "900150983CD24FB0D6963F7D28E17F72"
        );
        let mut with = p.clone();
        with.insert("sign".into(), fw199(&p, "s"));
        assert!(matches(&with, &fw199(&p, "s")));
        with.insert("sign".into(), fw199(&p, "s").to_ascii_uppercase());
        assert!(!matches(&with, &fw199(&p, "s")));
    }
}
