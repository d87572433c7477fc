//! The workstation: order queue, detail, ship dialog, note editor, help. STUB.
