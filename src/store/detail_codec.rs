//! How a whole order is stored in `details.sqlite3`: its JSON (which keeps the fields the program does not
//! know, `Order::extra`), compressed with zstd and a dictionary trained on orders, about 10× smaller.
//! A body starts with a byte naming its codec, so a later dictionary can be told from this one.

use crate::domain::Order;
use zstd::dict::{DecoderDictionary, EncoderDictionary};

/// The first byte of a body: JSON, zstd with `DICT`, a checksum of the content.
pub(super) const ZSTD_DICT_1: u8 = 1;
/// Trained on the simulator's orders (`cargo test --lib store::details::tests::train -- --ignored`
/// writes it again); a real shop's orders share their field names and most of their shape.
pub(super) static DICT: &[u8] = include_bytes!("details.dict");
/// Level 6 with the dictionary: most of the gain of higher levels at a fraction of their time.
const LEVEL: i32 = 6;
/// No stored order is this large: a body that claims more is damaged.
const MAX_JSON: usize = 4 << 20;

pub(super) struct Codec {
    enc: EncoderDictionary<'static>,
    dec: DecoderDictionary<'static>,
}

impl std::fmt::Debug for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Codec(zstd, dictionary 1)")
    }
}

impl Codec {
    pub(super) fn new() -> std::io::Result<Codec> {
        Ok(Codec {
            enc: EncoderDictionary::try_copy(DICT, LEVEL)?,
            dec: DecoderDictionary::try_copy(DICT)?,
        })
    }

    /// A packer for many orders (one zstd context, reused).
    pub(super) fn packer(&self) -> std::io::Result<Packer<'_>> {
        let mut z = zstd::bulk::Compressor::with_prepared_dictionary(&self.enc)?;
        z.include_checksum(true)?;
        Ok(Packer { z })
    }

    /// The order stored in `body`; why not, in words that name the order.
    pub(super) fn unpack(&self, order_sn: &str, body: &[u8]) -> Result<Order, String> {
        let unreadable =
            |why: String| format!("stored detail of order {order_sn} unreadable: {why}");
        let (codec, frame) = body
            .split_first()
            .ok_or_else(|| unreadable("empty".into()))?;
        if *codec != ZSTD_DICT_1 {
            return Err(unreadable(format!("unknown codec {codec}")));
        }
        let json = zstd::bulk::Decompressor::with_prepared_dictionary(&self.dec)
            .and_then(|mut z| z.decompress(frame, MAX_JSON))
            .map_err(|e| unreadable(e.to_string()))?;
        serde_json::from_slice(&json).map_err(|e| unreadable(e.to_string()))
    }
}

pub(super) struct Packer<'a> {
    z: zstd::bulk::Compressor<'a>,
}

impl Packer<'_> {
    /// The stored body of `o`.
    pub(super) fn pack(&mut self, o: &Order) -> std::io::Result<Vec<u8>> {
        let json = serde_json::to_vec(o).map_err(std::io::Error::other)?;
        let frame = self.z.compress(&json)?;
        let mut body = Vec::with_capacity(frame.len() + 1);
        body.push(ZSTD_DICT_1);
        body.extend_from_slice(&frame);
        Ok(body)
    }
}
