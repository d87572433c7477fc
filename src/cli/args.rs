//! The command line, as clap reads it. `pddtui` alone opens the workstation.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pddtui",
    version,
    about = "Terminal workstation for Pinduoduo shop operators (拼多多店铺终端工作台)"
)]
pub struct Cli {
    /// Config file (default: $XDG_CONFIG_HOME/pddtui/config.toml). Without one, a built-in demo shop is used.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Profile (shop) of the config file to use.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Where the program writes its journal and log (default: $XDG_DATA_HOME/pddtui).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language of the interface: zh (default) or en.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// Use a config file that holds a secret although group or others can read it.
    #[arg(long, global = true)]
    pub allow_insecure_config: bool,
    /// Viewer mode: shipping, notes and flags are impossible.
    #[arg(long, global = true)]
    pub read_only: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List orders (default: unshipped, most urgent first).
    Orders {
        #[arg(long, value_enum, default_value_t = StatusArg::Unshipped)]
        status: StatusArg,
        /// How many days back to look (by confirm time): a one-off listing of every page. Without it,
        /// unshipped orders are the workstation's queue (4 days), refreshed on its cache; in a team,
        /// the shop's shared queue while it is fresh (the gateway is not asked).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=90))]
        days: Option<u32>,
        /// List the queue again in full and renew the workstation's cache, instead of asking only what
        /// changed since the cache's mark. In a team: listed for the team's shared queue, refused while
        /// another workstation leads the shop's sync.
        #[arg(long, conflicts_with = "days")]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one order.
    Show {
        order_sn: String,
        #[arg(long)]
        json: bool,
    },
    /// List the couriers (logistics companies) and their ids.
    Couriers {
        #[arg(long)]
        json: bool,
    },
    /// Ship an order (courier and tracking number), or every row of a CSV file with --csv.
    Ship(ShipArgs),
    /// The shipping journal: who did what, when, with which result.
    Journal(JournalArgs),
    /// A team's shared PostgreSQL (`[team]` in the config): create its schema, or see who is online.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Update an order's seller note and flag.
    Note {
        order_sn: String,
        /// The new note; without it the note the order has now is kept byte for byte.
        #[arg(long, required_unless_present = "tag")]
        text: Option<String>,
        /// Flag 1 red, 2 yellow, 3 green, 4 blue, 5 purple (needs --tag-name); 0 clears it.
        /// Without --tag the order keeps its flag.
        #[arg(long)]
        tag: Option<i64>,
        /// Flag name, at most 3 characters (needs --tag).
        #[arg(long)]
        tag_name: Option<String>,
    },
    /// Take a tracking number for an order from the waybill service and print it.
    Waybill { order_sn: String },
    /// Print the keymap in effect.
    Keys,
    /// Print a shell completion script on stdout (bash, zsh, fish, elvish or powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout (`pddtui man | man -l -`), or write every page to a directory.
    Man {
        /// The page of this subcommand (e.g. ship) instead of the main page.
        command: Option<String>,
        /// Write pddtui.1 and a page for each subcommand (pddtui-ship.1, …) into DIR.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        out_dir: Option<PathBuf>,
    },
    /// Run the built-in simulator of the three services.
    Sim(SimArgs),
}

#[derive(Debug, Args)]
pub struct ShipArgs {
    #[arg(required_unless_present = "csv")]
    pub order_sn: Option<String>,
    /// Courier: its id (85), code (YTO, any case) or name (圆通快递); see `pddtui couriers`.
    #[arg(long, value_name = "COURIER", required_unless_present = "csv")]
    pub courier: Option<String>,
    #[arg(long, required_unless_present = "csv")]
    pub tracking: Option<String>,
    /// Ship every row of a CSV file: order_sn, courier (id, code or name), tracking_number[, imei].
    #[arg(long, value_name = "FILE", conflicts_with_all = ["order_sn", "courier", "tracking", "modify"])]
    pub csv: Option<PathBuf>,
    /// With --csv: ship the valid rows even when some rows are invalid.
    #[arg(long, requires = "csv")]
    pub skip_invalid: bool,
    /// IMEI numbers, comma separated (or `deviceSn=…;`).
    #[arg(long, default_value = "")]
    pub imei: String,
    /// Change the shipment of an order already shipped.
    #[arg(long)]
    pub modify: bool,
    #[arg(long, value_name = "ID")]
    pub refund_address: Option<String>,
    /// Ship although the tracking number was already used for another order in the journal.
    #[arg(long)]
    pub allow_duplicate_number: bool,
}

#[derive(Debug, Args)]
pub struct SimArgs {
    #[arg(long, default_value = "127.0.0.1:8199")]
    pub listen: SocketAddr,
    #[arg(long, default_value_t = 300)]
    pub orders: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Replaces the secret of all three services.
    #[arg(long)]
    pub secret: Option<String>,
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    #[arg(long, default_value_t = 0.0)]
    pub fail_rate: f64,
    #[arg(long, default_value_t = 0.0)]
    pub malformed_rate: f64,
    #[arg(long, default_value_t = 0.0)]
    pub intercept_rate: f64,
    #[arg(long, default_value_t = 30)]
    pub intercept_secs: u64,
    #[arg(long)]
    pub auth_expired: bool,
    #[arg(long)]
    pub hang: bool,
    #[arg(long)]
    pub drop_after_commit: bool,
    /// Requests a minute each fw199 path serves before answering 10007 调用频率超限 (0: no limit).
    #[arg(long, default_value_t = 0)]
    pub rate_limit_per_min: u32,
    /// Seconds before the increment endpoint sees a change (an indexing delay).
    #[arg(long, default_value_t = 0)]
    pub increment_lag_secs: u64,
    /// The largest page × page_size a list call serves.
    #[arg(long, default_value_t = crate::sim::REACH)]
    pub reach: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Unshipped,
    Shipped,
    All,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create or migrate the schema of the `[team]` database (safe to run again).
    Init,
    /// The workstations online, the sync leader of each shop and the claims in force.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct JournalArgs {
    #[arg(long)]
    pub json: bool,
    /// Export as CSV.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Only entries since this day or time (Beijing), e.g. 2026-11-22 or "2026-11-22 08:00:00".
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only this order.
    #[arg(long, value_name = "SN")]
    pub order: Option<String>,
    /// Check every pending or unknown shipment against the gateway first.
    #[arg(long)]
    pub reconcile: bool,
}
