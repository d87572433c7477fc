//! Who is acting: the OS user, this process and host. Claims record them so that another process can
//! tell a live shipment from one whose process died (same host: its pid is gone).

use std::path::Path;

/// The OS user: `$USER`, else `$LOGNAME`, else the numeric uid.
pub fn os_user() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(v) = std::env::var(var) {
            let v = v.trim();
            if !v.is_empty() {
                return v.chars().take(64).collect();
            }
        }
    }
    uid().map_or_else(|| "unknown".to_string(), |u| format!("uid {u}"))
}

/// The real uid, read from the owner of `/proc/self` (no libc in the main build).
fn uid() -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").ok().map(|m| m.uid())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

pub fn pid() -> u32 {
    std::process::id()
}

/// The host name, so a claim from another host is only ever ignored after its expiry.
pub fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".to_string())
}

/// True when the process `pid` on this host is known to be gone (killed, crashed). Without `/proc`
/// nothing is known, and the claim is left to expire.
pub fn process_gone(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    proc_root.join("self").exists() && !proc_root.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_user_is_named() {
        assert!(!process_gone(pid()));
        assert!(!os_user().is_empty());
        assert!(!host().is_empty());
    }
}
