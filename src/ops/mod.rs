//! Operations that combine the gateways with the journal: durable shipping, waybill numbers taken once.
