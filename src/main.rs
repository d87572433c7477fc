//! The `pddtui` binary: parses the command line and hands over to the CLI, the simulator or the workstation.
//! Before anything else it makes itself non-dumpable: it holds shop secrets and tokens.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

fn main() -> std::process::ExitCode {
    no_core_dumps();
    pddtui::store::cache::keep_resident_low();
    pddtui::cli::main()
}

/// No core file, and no ptrace or `/proc/PID/mem` read by another process of the same user, can hold a
/// secret (as ssh-agent and gpg-agent do). Best effort: a refusal leaves the process as it was.
fn no_core_dumps() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_DUMPABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads the struct passed by reference and keeps no pointer to it.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &none);
        }
    }
}
