//! Request signatures of the two gateways, exactly as their documents and vendor samples compute them.
//! Both sort parameters by key (byte order) and skip `sign`; they differ in where the secret goes and the hex case.

use md5::{Digest, Md5};

/// fw199: lower-case `md5(secret + k1v1k2v2… + secret)` over every parameter but `sign`, sorted by key.
/// Empty values are included (as the bare key), like the vendor's Java sample sends them.
pub fn fw199(params: &[(&str, &str)], secret: &str) -> String {
    let mut text = String::from(secret);
    text.push_str(&concat_sorted(params));
    text.push_str(secret);
    hex::encode(Md5::digest(text.as_bytes()))
}

/// pddshuju: upper-case `MD5(k1v1k2v2… + secret)`; array values are already compact JSON text, and that very
/// text must be what goes into the form field, since the server verifies against the raw field.
pub fn pddshuju(params: &[(&str, &str)], secret: &str) -> String {
    let mut text = concat_sorted(params);
    text.push_str(secret);
    hex::encode_upper(Md5::digest(text.as_bytes()))
}

/// `k1v1k2v2…` of every parameter except `sign`, sorted by key bytes (stable, so equal keys keep their order).
fn concat_sorted(params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = params.iter().filter(|(k, _)| *k != "sign").collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    sorted.iter().fold(String::new(), |mut acc, (k, v)| {
        acc.push_str(k);
        acc.push_str(v);
        acc
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md5_hex(s: &str) -> String {
        hex::encode(Md5::digest(s.as_bytes()))
    }

    #[test]
    fn fw199_worked_example() {
        let params = [
            ("appid", "uwkahf@jfs92"),
            ("timestamp", "1700000000"),
            ("seller_nick", "kingdo"),
            ("order_sn", "200807-059090043922507"),
            ("logistics_id", "121"),
            ("tracking_number", "4307495240153"),
            ("feature", ""),
            ("refund_address_id", ""),
            ("redelivery_type", "1"),
        ];
        assert_eq!(
            fw199(&params, "app-secret-123"),
            "c6f5352f95c3148ec9f48a0d0c4e1eda"
        );
        // A `sign` already in the map (as in the Java sample's HashMap) must not change the result.
        let mut with_sign = params.to_vec();
        with_sign.push(("sign", "whatever"));
        assert_eq!(
            fw199(&with_sign, "app-secret-123"),
            "c6f5352f95c3148ec9f48a0d0c4e1eda"
        );
    }

    #[test]
    fn pddshuju_worked_example() {
        let params = [
            ("ownuser", "c9b0e9a9e8282557fcc34cf20b48e94a"),
            ("state", "sm5463-00s5"),
            (
                "send_data",
                r#"[{"order_sn":"210317-001532562392221","logistics_id":"85","tracking_number":"YT1234567890123"}]"#,
            ),
        ];
        assert_eq!(
            pddshuju(&params, "gift-secret-9"),
            "0A0FA8B065027A3695A40577D1A9F527"
        );
    }

    #[test]
    fn sorts_by_byte_order_not_alphabet() {
        // Upper-case sorts before lower-case and '_' (0x5F) before 'a': "B" < "_a" < "a" < "a_b" < "ab".
        let params = [
            ("ab", "5"),
            ("a", "3"),
            ("_a", "2"),
            ("a_b", "4"),
            ("B", "1"),
        ];
        assert_eq!(concat_sorted(&params), "B1_a2a3a_b4ab5");
        assert_eq!(fw199(&params, "s"), md5_hex("sB1_a2a3a_b4ab5s"));
        assert_eq!(
            pddshuju(&params, "s"),
            md5_hex("B1_a2a3a_b4ab5s").to_uppercase()
        );
    }

    #[test]
    fn empty_values_are_signed_as_bare_keys() {
        let with_empty = [("b", ""), ("a", "1")];
        assert_eq!(fw199(&with_empty, "k"), md5_hex("ka1bk"));
        // Leaving the empty parameter out gives another signature: the server would reject it.
        assert_ne!(fw199(&with_empty, "k"), fw199(&[("a", "1")], "k"));
    }

    #[test]
    fn cjk_values_are_signed_as_utf8() {
        let params = [("note", "我是备注"), ("tag_name", "黄色"), ("tag", "2")];
        assert_eq!(
            fw199(&params, "k"),
            md5_hex("knote我是备注tag2tag_name黄色k")
        );
        // Pinned independently (python3 hashlib over the UTF-8 bytes).
        assert_eq!(
            md5_hex("knote我是备注tag2tag_name黄色k"),
            "dbd3999a5d6019dc71f49785277ed013"
        );
        let sig = pddshuju(&params, "k");
        assert_eq!(sig, sig.to_uppercase());
        assert_eq!(sig.len(), 32);
    }
}
