//! Request signatures of the two gateways. STUB: interface only.

/// fw199: lower-case `md5(secret + k1v1k2v2… + secret)` over every parameter but `sign`, sorted by key.
pub fn fw199(_params: &[(&str, &str)], _secret: &str) -> String {
    String::new()
}

/// pddshuju: upper-case `MD5(k1v1k2v2… + secret)`; array values are already compact JSON text.
pub fn pddshuju(_params: &[(&str, &str)], _secret: &str) -> String {
    String::new()
}
