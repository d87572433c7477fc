//! Merge groups: orders of one buyer address (`open_address_id`) can leave in one parcel, under one
//! tracking number. Who may share a number is decided here, once, for the workstation and the CLI.

use super::row::AddressGroup;

/// Which address an order goes to, as exactly as it is known: the whole `open_address_id` of its detail,
/// else the queue row's fingerprint of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address<'a> {
    Id(&'a str),
    Fingerprint(AddressGroup),
}

impl<'a> Address<'a> {
    /// The best address known: the detail's id when there is one, else the row's fingerprint; `None`
    /// when the gateway sent neither.
    pub fn known(id: Option<&'a str>, fingerprint: Option<AddressGroup>) -> Option<Address<'a>> {
        match id.map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => Some(Address::Id(id)),
            None => fingerprint.map(Address::Fingerprint),
        }
    }

    fn group(self) -> Option<AddressGroup> {
        match self {
            Address::Id(id) => AddressGroup::of(id),
            Address::Fingerprint(g) => Some(g),
        }
    }

    /// One address: whole ids are compared when both are known, fingerprints otherwise.
    pub fn same(self, other: Address<'_>) -> bool {
        match (self, other) {
            (Address::Id(a), Address::Id(b)) => a.trim() == b.trim(),
            _ => self.group().is_some() && self.group() == other.group(),
        }
    }
}

/// Whether an order at `this` address may use a tracking number that `others` already use (or are about
/// to, in the same shipment): only when every one of them goes to the same address — one parcel for one
/// buyer. An order whose address is unknown shares a number with nobody.
pub fn may_share_number<'a>(
    this: Option<Address<'_>>,
    others: impl IntoIterator<Item = Option<Address<'a>>>,
) -> bool {
    let mut others = others.into_iter().peekable();
    if others.peek().is_none() {
        return true;
    }
    let Some(this) = this else {
        return false;
    };
    others.all(|o| o.is_some_and(|o| this.same(o)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fp(id: &str) -> Option<Address<'static>> {
        AddressGroup::of(id).map(Address::Fingerprint)
    }

    #[test]
    fn one_address_shares_and_others_do_not() {
        let a = "mEBYxjcYbLtEMsZrgG9phKxYom+BNtkY0hovKsJgDvmbRiscUT9aqfvmieRS/Edu";
        let b = "another-buyer-address";
        // Nobody else uses the number: always allowed.
        assert!(may_share_number(None, []));
        // Same group, by whole id, by fingerprint, or mixed.
        assert!(may_share_number(
            Some(Address::Id(a)),
            [Some(Address::Id(a))]
        ));
        assert!(may_share_number(fp(a), [fp(a), Some(Address::Id(a))]));
        // Another group, no group, or one of several elsewhere.
        assert!(!may_share_number(
            Some(Address::Id(a)),
            [Some(Address::Id(b))]
        ));
        assert!(!may_share_number(fp(a), [fp(b)]));
        assert!(!may_share_number(None, [fp(a)]));
        assert!(!may_share_number(fp(a), [None]));
        assert!(!may_share_number(fp(a), [fp(a), fp(b)]));
        // Whole ids win over fingerprints, and blanks are no address.
        assert_eq!(
            Address::known(Some(" x "), AddressGroup::of(a)),
            Some(Address::Id("x"))
        );
        assert_eq!(Address::known(Some(""), None), None);
        assert_eq!(
            Address::known(None, AddressGroup::of(a)),
            AddressGroup::of(a).map(Address::Fingerprint)
        );
    }

    proptest! {
        /// Orders of a few addresses, each known by whole id, by fingerprint or not at all: a number is
        /// shared exactly when every order involved has a known address and it is the same one.
        #[test]
        fn shared_only_within_one_address(
            this in proptest::option::of((0u8..3, any::<bool>())),
            others in proptest::collection::vec(proptest::option::of((0u8..3, any::<bool>())), 0..5),
        ) {
            let ids = ["addr-a", "addr-b", "addr-c"];
            let addr = |o: Option<(u8, bool)>| o.map(|(k, whole)| {
                let id = ids[usize::from(k)];
                if whole { Address::Id(id) } else { Address::Fingerprint(AddressGroup::of(id).unwrap()) }
            });
            let allowed = may_share_number(addr(this), others.iter().map(|o| addr(*o)));
            let expected = others.is_empty()
                || (this.is_some() && others.iter().all(|o| o.is_some_and(|(k, _)| Some(k) == this.map(|t| t.0))));
            prop_assert_eq!(allowed, expected);
        }
    }
}
