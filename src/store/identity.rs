//! Who is acting: the operator (named, else the OS account), this process and host. Claims record them so
//! that another process can tell a live shipment from one whose process died (same host: its pid is gone).

use std::path::Path;

/// Who acts, as the journal records it: `$PDDTUI_OPERATOR`, else `$USER`, else the account name the system
/// gives for this process's user (root is `root`), else `unknown`. Never a bare uid: no one reads `uid 0`.
pub fn os_user() -> String {
    operator(|var| std::env::var(var).ok(), account_name)
}

/// The first usable name of the variables, else of the account, else `unknown`. Names are sanitised (they
/// reach the terminal and the CSV) and cut to 64 characters; one that is blank after that is no name.
fn operator(
    env: impl Fn(&str) -> Option<String>,
    account: impl FnOnce() -> Option<String>,
) -> String {
    ["PDDTUI_OPERATOR", "USER"]
        .into_iter()
        .find_map(|var| env(var).and_then(clean))
        .or_else(|| account().and_then(clean))
        .unwrap_or_else(|| "unknown".to_string())
}

/// A name as it may be shown and recorded: sanitised (it reaches terminals and CSV), trimmed and cut to 64
/// characters; blank after that is no name.
fn clean(v: String) -> Option<String> {
    let v: String = crate::domain::text::sanitize(&v)
        .trim()
        .chars()
        .take(64)
        .collect();
    let v = v.trim_end();
    (!v.is_empty()).then(|| v.to_string())
}

/// The name of this process's (effective) user in the system's account database (`/etc/passwd`, NSS).
#[cfg(unix)]
fn account_name() -> Option<String> {
    // SAFETY: getpwuid_r writes only into `pwd` and `buf`, both ours and sized as passed; the name is
    // read (copied) before `buf` is dropped or resized.
    unsafe {
        let uid = libc::geteuid();
        let mut buf: Vec<libc::c_char> = vec![0; 1024];
        loop {
            let mut pwd: libc::passwd = std::mem::zeroed();
            let mut found: *mut libc::passwd = std::ptr::null_mut();
            let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found);
            if rc == libc::ERANGE && buf.len() < 1 << 20 {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
                return None;
            }
            let name = std::ffi::CStr::from_ptr(pwd.pw_name);
            return Some(name.to_string_lossy().into_owned());
        }
    }
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

pub fn pid() -> u32 {
    std::process::id()
}

/// The host name, so a claim from another host is only ever ignored after its expiry: `$PDDTUI_HOST`
/// when set (jump hosts whose containers all share one name; it must differ between machines), else the
/// system's. Sanitised and cut like the operator's name: it reaches other operators' screens.
pub fn host() -> String {
    std::env::var("PDDTUI_HOST")
        .ok()
        .and_then(clean)
        .or_else(|| system_host().and_then(clean))
        .unwrap_or_else(|| "localhost".to_string())
}

fn system_host() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
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

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_operator_is_the_named_one_then_user_then_the_account() {
        let account = || Some("root".to_string());
        let both = [("PDDTUI_OPERATOR", "王小明"), ("USER", "alice")];
        assert_eq!(operator(env(&both), account), "王小明");
        assert_eq!(operator(env(&[("USER", " alice ")]), account), "alice");
        // Unset, blank or only control characters: the account's name.
        assert_eq!(operator(env(&[]), account), "root");
        let blank = [("PDDTUI_OPERATOR", "  "), ("USER", "\u{200d}\t")];
        assert_eq!(operator(env(&blank), account), "root");
        assert_eq!(operator(env(&[]), || None), "unknown");
        let long = "x".repeat(200);
        assert_eq!(operator(env(&[("USER", &long)]), account).len(), 64);
    }

    #[test]
    fn this_process_has_an_account_name_not_a_uid() {
        let name = account_name().expect("an account for this user");
        assert!(!name.is_empty() && !name.starts_with("uid "), "{name}");
    }
}
