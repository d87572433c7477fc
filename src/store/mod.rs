//! What the program writes to its data dir: the shipping journal, waybill numbers taken, drafts.
