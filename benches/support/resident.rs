//! The resident memory of a process (Linux: `VmRSS` of /proc/PID/status). A bench takes it with
//! `#[path = "support/resident.rs"] mod resident;`.

/// Resident memory of process `pid` (`"self"` for this one) in MiB; `None` where there is no such figure.
pub fn mib(pid: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}
