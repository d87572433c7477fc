//! Whether an order may get a first shipment now, from what is known of it: the one check behind the CLI's
//! CSV rows, the workstation's import preview and its ship dialog (shipped, after-sale, risk review).

use super::order::{Order, ShipBlock};
use super::row::OrderRow;
use super::validate::same_number;

/// What the check needs to know of an order, from a whole order or a queue row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known<'a> {
    pub shipped: bool,
    pub block: Option<ShipBlock>,
    pub logistics_id: i64,
    pub tracking_number: &'a str,
}

/// Why an order must not be shipped (again) now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Already shipped with the very courier and number asked for: nothing is left to send.
    ShippedSame,
    /// Already shipped (with another courier or number, or none was asked for).
    Shipped {
        logistics_id: i64,
        tracking_number: String,
    },
    /// After-sale, refund or risk review.
    Blocked(ShipBlock),
}

/// The check: shipped first (the same shipment is then done, not refused), then after-sale and risk review.
/// `asked`: the courier id and number a shipment would carry, when one is known.
pub fn first_shipment(known: Known<'_>, asked: Option<(i64, &str)>) -> Result<(), Refusal> {
    if known.shipped {
        return Err(match asked {
            Some((courier, number))
                if courier == known.logistics_id && same_number(known.tracking_number, number) =>
            {
                Refusal::ShippedSame
            }
            _ => Refusal::Shipped {
                logistics_id: known.logistics_id,
                tracking_number: known.tracking_number.to_string(),
            },
        });
    }
    match known.block {
        Some(b) => Err(Refusal::Blocked(b)),
        None => Ok(()),
    }
}

impl Order {
    pub fn known(&self) -> Known<'_> {
        Known {
            shipped: self.is_shipped(),
            block: self.ship_block(),
            logistics_id: self.logistics_id,
            tracking_number: &self.tracking_number,
        }
    }
}

impl OrderRow {
    pub fn known(&self) -> Known<'_> {
        Known {
            shipped: self.is_shipped(),
            block: self.ship_block(),
            logistics_id: self.logistics_id(),
            tracking_number: self.tracking_number(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(shipped: bool, block: Option<ShipBlock>) -> Known<'static> {
        Known {
            shipped,
            block,
            logistics_id: 85,
            tracking_number: "YT1234567890123",
        }
    }

    #[test]
    fn shipped_comes_first_and_the_same_shipment_is_told_apart() {
        let k = known(true, Some(ShipBlock::RiskReview));
        assert_eq!(
            first_shipment(k, Some((85, "yt 1234567890123"))),
            Err(Refusal::ShippedSame)
        );
        assert!(matches!(
            first_shipment(k, Some((44, "YT1234567890123"))),
            Err(Refusal::Shipped {
                logistics_id: 85,
                ..
            })
        ));
        assert!(matches!(
            first_shipment(k, None),
            Err(Refusal::Shipped { .. })
        ));
    }

    #[test]
    fn after_sale_and_risk_refuse_an_unshipped_order() {
        assert_eq!(
            first_shipment(known(false, Some(ShipBlock::Refund(2))), None),
            Err(Refusal::Blocked(ShipBlock::Refund(2)))
        );
        assert_eq!(
            first_shipment(known(false, Some(ShipBlock::RiskReview)), None),
            Err(Refusal::Blocked(ShipBlock::RiskReview))
        );
        assert_eq!(first_shipment(known(false, None), None), Ok(()));
    }
}
