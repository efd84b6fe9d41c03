//! Owns the settings: command-line flags, each with an environment variable and a default
//! (documented in the README's configuration table).

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::accounts::{OrganizationKind, Role};
use crate::domain::parts::PartRules;

/// bioreg — a registry service for microbial strains and genetic parts.
#[derive(Debug, Parser)]
#[command(name = "bioreg", version, about)]
pub struct Cli {
    /// Database: sqlite://PATH (embedded) or postgres://USER@HOST:PORT/DB.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://bioreg.db", global = true)]
    pub database_url: String,

    /// Log filter: a level (error, warn, info, debug, trace) or tracing directives.
    #[arg(long, env = "BIOREG_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log line format.
    #[arg(long, env = "BIOREG_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and seeds, then serve the HTTP API.
    Serve(ServeArgs),
    /// Apply pending migrations and seeds, then exit.
    Migrate,
    /// Print the OpenAPI document (the same as GET /openapi.json).
    Openapi,
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import a file of parts (GenBank, FASTA, CSV) or strains (CSV) straight into the database,
    /// as the user whose API token is given: the same rules, report and all-or-nothing
    /// transaction as POST /api/v1/imports.
    Import(ImportArgs),
    /// Decide on many submitted records at once on a bioreg server (curators): every submitted
    /// record of an import, or the records listed; repeats the call until the import has none
    /// left that it may decide (POST /api/v1/reviews/batch). Prints each answer as JSON.
    Review(ReviewArgs),
    /// Submit every draft of an import for review on a bioreg server, in one call per
    /// BIOREG_BATCH_MAX_RECORDS records (POST /api/v1/imports/{id}/submit).
    Submit(SubmitArgs),
    /// Load the starting library (iGEM 2024 distribution parts and reference strains, see
    /// seeds/README.md) as published records of the registry organisation; loading twice
    /// changes nothing.
    Seed(RulesArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file.
    pub file: std::path::PathBuf,
    /// `genbank`, `fasta` or `csv`; by default from the file's extension (.gb .gbk .genbank / .fa
    /// .fasta .fna / .csv).
    #[arg(long)]
    pub format: Option<String>,
    /// What the file holds: `parts` or `strains` (CSV).
    #[arg(long, default_value = "parts")]
    pub kind: String,
    /// API token of the importing user.
    #[arg(long, env = "BIOREG_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Send the file to this bioreg server (e.g. `https://registry.example.org`) instead of
    /// writing to the database: the same import, over `POST /api/v1/imports`.
    #[arg(long, env = "BIOREG_SERVER")]
    pub server: Option<String>,
    /// Check and report only; store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Register records whose sequence is already registered as declared twins.
    #[arg(long)]
    pub allow_duplicates: bool,
    /// Role of every record (Sequence Ontology id or label).
    #[arg(long)]
    pub role: Option<String>,
    /// FASTA: molecule type of every record (dna, rna, protein).
    #[arg(long)]
    pub molecule_type: Option<String>,
    /// FASTA: topology of every record (linear, circular).
    #[arg(long)]
    pub topology: Option<String>,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Where a client command sends its requests, and as whom.
#[derive(Debug, Clone, Args)]
pub struct RemoteArgs {
    /// The bioreg server (e.g. `https://registry.example.org`).
    #[arg(long, env = "BIOREG_SERVER")]
    pub server: String,
    /// API token of the user acting.
    #[arg(long, env = "BIOREG_TOKEN", hide_env_values = true)]
    pub token: String,
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("selection").required(true).args(["import", "records", "accessions"])))]
pub struct ReviewArgs {
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// Every submitted record of this import (its id).
    #[arg(long)]
    pub import: Option<String>,
    /// A file naming the records, one accession or id a line (`#` starts a comment).
    #[arg(long)]
    pub records: Option<std::path::PathBuf>,
    /// The records, as accessions or ids separated by commas.
    #[arg(long, value_delimiter = ',')]
    pub accessions: Option<Vec<String>>,
    /// `approve`, `request_changes` or `reject`.
    #[arg(long)]
    pub decision: String,
    /// Why (required unless approving): sequence_mismatch, missing_metadata, biosafety_concern,
    /// duplicate, out_of_scope, license_issue, superseded or other.
    #[arg(long = "reason")]
    pub reason: Option<String>,
    /// One comment, kept with every record's review entry.
    #[arg(long)]
    pub comment: Option<String>,
    /// Only `parts` or only `strains`.
    #[arg(long)]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// The import whose drafts are submitted (its id).
    #[arg(long)]
    pub import: String,
    /// A note for the curators.
    #[arg(long)]
    pub comment: Option<String>,
    /// Only `parts` or only `strains`.
    #[arg(long)]
    pub kind: Option<String>,
}

/// The registry rules commands that register records outside the server share with `serve`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// Prefix of part accessions (as for `serve`).
    #[arg(long, env = "BIOREG_PART_PREFIX", default_value = "BRP", value_parser = parse_accession_prefix)]
    pub part_prefix: String,
    /// Prefix of strain accessions (as for `serve`).
    #[arg(long, env = "BIOREG_STRAIN_PREFIX", default_value = "BRS", value_parser = parse_accession_prefix)]
    pub strain_prefix: String,
    /// Longest sequence accepted, in residues (as for `serve`).
    #[arg(long, env = "BIOREG_MAX_SEQUENCE_LENGTH", default_value_t = 20_000_000)]
    pub max_sequence_length: usize,
}

impl RulesArgs {
    pub fn import_rules(&self) -> crate::domain::imports::ImportRules {
        crate::domain::imports::ImportRules {
            parts: PartRules {
                accession_prefix: self.part_prefix.clone(),
                max_sequence_length: self.max_sequence_length,
            },
            strain_prefix: self.strain_prefix.clone(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "BIOREG_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Largest number of database connections this instance holds.
    #[arg(long, env = "BIOREG_POOL_SIZE", default_value_t = 8)]
    pub pool_size: u32,

    /// The URL clients reach this registry at (behind a proxy: the proxy's); SBOL3 exports name
    /// parts by it (`<URL>/api/v1/parts/<accession>`).
    #[arg(long, env = "BIOREG_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// Load the starting library (iGEM 2024 parts and reference strains; as `bioreg seed`)
    /// before serving. Idempotent: records already loaded are left as they are.
    #[arg(long, env = "BIOREG_SEED", default_value_t = false, action = clap::ArgAction::Set,
          default_missing_value = "true", num_args = 0..=1,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub seed: bool,

    /// Whether anonymous callers may read published records.
    #[arg(long, env = "BIOREG_PUBLIC_READ", default_value_t = true, action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub public_read: bool,

    /// Largest accepted JSON request body, in bytes (larger bodies get 413).
    #[arg(long, env = "BIOREG_MAX_BODY_BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Most records one batch decision or import submission acts on
    /// (`POST /api/v1/reviews/batch`, `POST /api/v1/imports/{id}/submit`); a repeated call goes on.
    #[arg(long, env = "BIOREG_BATCH_MAX_RECORDS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_max_records: u32,

    /// Largest accepted import file (`POST /api/v1/imports`), in bytes (larger files get 413).
    #[arg(long, env = "BIOREG_MAX_IMPORT_BYTES", default_value_t = 256 * 1024 * 1024)]
    pub max_import_bytes: usize,

    /// Import files larger than this many bytes always run as jobs (`POST /api/v1/imports`
    /// answers 202 and the import runs in the background, outside the request timeout); smaller
    /// ones run in the request unless it says `Prefer: respond-async`.
    #[arg(long, env = "BIOREG_ASYNC_IMPORT_BYTES", default_value_t = 1024 * 1024)]
    pub async_import_bytes: usize,

    /// Seconds an import job's lease lasts: the instance running it renews it every second (every
    /// tenth of the lease when that is shorter); a running job whose lease expired (its server
    /// stopped) is failed.
    #[arg(long, env = "BIOREG_IMPORT_LEASE_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(2..=3_600))]
    pub import_lease_seconds: u64,

    /// Seconds a request may take before it is answered 503 (a write already under way still
    /// commits or rolls back as a whole).
    #[arg(long, env = "BIOREG_REQUEST_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub request_timeout: u64,

    /// Days a token that users create for themselves (`POST /api/v1/me/tokens`) lasts when they
    /// name no expiry.
    #[arg(long, env = "BIOREG_SELF_TOKEN_DAYS", default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub self_token_days: u32,

    /// The longest a token that users create for themselves may last, in days (an `expires_at`
    /// further away gets 422). Admins' `POST /api/v1/users/{id}/tokens` is not bound by it.
    #[arg(long, env = "BIOREG_SELF_TOKEN_MAX_DAYS", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub self_token_max_days: u32,

    /// Requests per second each client address may send without a valid token (twice that in a
    /// burst); more get 429 with Retry-After. 0 turns the limit off.
    #[arg(long, env = "BIOREG_RATE_LIMIT_PER_IP", default_value_t = 20)]
    pub rate_limit_per_ip: u32,

    /// Requests per second each API token may send (twice that in a burst); more get 429 with
    /// Retry-After. 0 turns the limit off.
    #[arg(long, env = "BIOREG_RATE_LIMIT_PER_TOKEN", default_value_t = 100)]
    pub rate_limit_per_token: u32,

    /// Take the client address for rate limits from `Forwarded`/`X-Forwarded-For` (set only
    /// behind a reverse proxy that overwrites those headers).
    #[arg(long, env = "BIOREG_TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_forwarded_for: bool,

    /// Origins browsers may call the API from, comma-separated (`https://lab.example.org`), or
    /// `*` for any. Empty (the default): no CORS headers, so browsers keep other origins out.
    #[arg(long, env = "BIOREG_CORS_ORIGINS", default_value = "", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Prefix of part accessions (1-16 upper-case letters, digits, `-` or `_`, starting with a letter).
    #[arg(long, env = "BIOREG_PART_PREFIX", default_value = "BRP", value_parser = parse_accession_prefix)]
    pub part_prefix: String,

    /// Prefix of strain accessions (same rules as the part prefix; must differ from it).
    #[arg(long, env = "BIOREG_STRAIN_PREFIX", default_value = "BRS", value_parser = parse_accession_prefix)]
    pub strain_prefix: String,

    /// Longest sequence accepted, in residues.
    #[arg(long, env = "BIOREG_MAX_SEQUENCE_LENGTH", default_value_t = 20_000_000)]
    pub max_sequence_length: usize,

    /// How often this instance applies other instances' writes to its sequence index, in
    /// milliseconds (its own writes are applied at once).
    #[arg(long, env = "BIOREG_SEARCH_REFRESH_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=3_600_000))]
    pub search_refresh_ms: u64,

    /// Memory for this instance's cache of rendered reads (a part or strain by accession, a page of
    /// a list), in MiB; 0 turns the cache of reads and of resolved tokens off. Entries are dropped
    /// when this instance writes, and within one `BIOREG_SEARCH_REFRESH_MS` of another instance's
    /// write (see docs/architecture.md, "Read cache").
    #[arg(long, env = "BIOREG_READ_CACHE_MB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(0..=65_536))]
    pub read_cache_mb: u64,

    /// Most open connections per HTTP worker thread (then new ones wait in the listen backlog):
    /// bounds the memory idle and slow clients can hold.
    #[arg(long, env = "BIOREG_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// HTTP worker threads (0: one per core).
    #[arg(long, env = "BIOREG_WORKERS", default_value_t = 0)]
    pub workers: usize,

    /// Directory the sequence index is saved in, so a restart reads it back instead of rebuilding
    /// it from every sequence (see docs/architecture.md, "Start-up"). Default: beside the SQLite
    /// file; none for PostgreSQL (each start builds from the database). `off`: never saved.
    #[arg(long, env = "BIOREG_INDEX_DIR")]
    pub index_dir: Option<String>,

    /// Save the sequence index again once it has applied this many changes past the saved file
    /// (it is also saved at start-up after a build and at shutdown); 0: only then.
    #[arg(long, env = "BIOREG_INDEX_SAVE_CHANGES", default_value_t = 100_000, value_parser = clap::value_parser!(i64).range(0..))]
    pub index_save_changes: i64,

    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    #[arg(long, env = "BIOREG_SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,

    /// Work one sequence search may do, in units of about one base compared or seed position
    /// read (about a second of one core at the default); a search that runs out answers with
    /// what it found and `truncated_by: work_budget`.
    #[arg(long, env = "BIOREG_SEARCH_WORK", default_value_t = crate::domain::search::DEFAULT_WORK, value_parser = clap::value_parser!(u64).range(1_000..))]
    pub search_work: u64,

    /// Seconds one sequence search may take (then `truncated_by: deadline`).
    #[arg(long, env = "BIOREG_SEARCH_SECONDS", default_value_t = crate::domain::search::DEFAULT_SECONDS as f64)]
    pub search_seconds: f64,

    /// Most hits one sequence search holds in memory while searching.
    #[arg(long, env = "BIOREG_SEARCH_MAX_HELD_HITS", default_value_t = crate::domain::search::DEFAULT_MAX_HELD_HITS as u64, value_parser = clap::value_parser!(u64).range(5_000..=1_000_000))]
    pub search_max_held_hits: u64,

    /// Sequence searches this instance runs at once (0: half the cores, at least one).
    #[arg(long, env = "BIOREG_SEARCH_WORKERS", default_value_t = 0)]
    pub search_workers: usize,

    /// Imports and exports this instance runs at once.
    #[arg(long, env = "BIOREG_BULK_WORKERS", default_value_t = 1)]
    pub bulk_workers: usize,

    /// Requests that may wait for a slot of each pool (search, bulk); more get 503.
    #[arg(long, env = "BIOREG_FAIR_QUEUE", default_value_t = crate::fair::defaults::QUEUE)]
    pub fair_queue: usize,

    /// Seconds a request may wait for a slot before it gets 503.
    #[arg(long, env = "BIOREG_FAIR_QUEUE_SECONDS", default_value_t = crate::fair::defaults::QUEUE_SECONDS as f64)]
    pub fair_queue_seconds: f64,

    /// Requests one signed-in user may have in each pool at once, working or waiting (more: 429).
    #[arg(long, env = "BIOREG_FAIR_PER_USER", default_value_t = crate::fair::defaults::PER_USER, value_parser = clap::value_parser!(u32).range(1..))]
    pub fair_per_user: u32,

    /// Requests one client address without a token may have in each pool at once.
    #[arg(long, env = "BIOREG_FAIR_PER_ADDRESS", default_value_t = crate::fair::defaults::PER_ADDRESS, value_parser = clap::value_parser!(u32).range(1..))]
    pub fair_per_address: u32,

    /// Bytes of request bodies held in memory at once across all requests (a body waits for
    /// room, then 503).
    #[arg(long, env = "BIOREG_BODY_MEMORY_BYTES", default_value_t = crate::fair::defaults::BODY_MEMORY_BYTES)]
    pub body_memory_bytes: usize,

    /// Anonymous callers' share, in per cent, of each pool's queue and of a search's work and
    /// time.
    #[arg(long, env = "BIOREG_FAIR_ANONYMOUS_PERCENT", default_value_t = crate::fair::defaults::ANONYMOUS_PERCENT, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub fair_anonymous_percent: u32,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation (a lab, a company, ...).
    Create {
        /// Short lowercase identifier, e.g. `igem-hq`.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value_t = OrganizationKind::Lab)]
        kind: OrganizationKind,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user and print their first API token, alone on the last line.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// Organisation slug or id (default: the registry's own organisation).
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a new API token for a user and print it, alone on the last line.
    Create {
        /// User name or id.
        #[arg(long)]
        user: String,
        /// What the token is for, e.g. `ci` or `lab laptop`.
        #[arg(long)]
        label: Option<String>,
        /// Days until the token expires (default: never).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
}

/// A duration from seconds given on the command line (negative or not a number: zero).
fn seconds(value: f64) -> std::time::Duration {
    std::time::Duration::try_from_secs_f64(value).unwrap_or_default()
}

fn parse_accession_prefix(value: &str) -> Result<String, String> {
    let mut chars = value.chars();
    let valid = value.len() <= 16
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(value.to_string())
    } else {
        Err(format!(
            "`{value}` is not an accession prefix: 1-16 upper-case letters, digits, `-` or `_`, starting with a letter"
        ))
    }
}

/// What the HTTP application needs at run time.
#[derive(Debug, Clone)]
pub struct Settings {
    pub public_read: bool,
    pub max_body_bytes: usize,
    pub max_import_bytes: usize,
    /// Most records one batch decision or import submission acts on.
    pub batch_max_records: usize,
    /// Import files larger than this always run as jobs.
    pub async_import_bytes: usize,
    /// The lease of a running import job.
    pub import_lease: std::time::Duration,
    pub request_timeout: std::time::Duration,
    /// Lifetime of a self-service token that names no expiry, in days.
    pub self_token_days: u32,
    /// Longest lifetime of a self-service token, in days.
    pub self_token_max_days: u32,
    /// Requests per second per client address without a valid token (0: no limit).
    pub rate_limit_per_ip: u32,
    /// Requests per second per API token (0: no limit).
    pub rate_limit_per_token: u32,
    pub trust_forwarded_for: bool,
    /// Origins allowed by CORS (`*`: any); empty: CORS off.
    pub cors_origins: Vec<String>,
    pub part_prefix: String,
    pub strain_prefix: String,
    pub max_sequence_length: usize,
    /// Interval of the change follower (sequence index and read cache).
    pub search_refresh: std::time::Duration,
    /// Bytes of rendered reads the read cache may hold; 0: no read cache (nor token cache).
    pub read_cache_bytes: u64,
    /// The URL clients reach this registry at, without a trailing `/`.
    pub public_url: String,
    /// What one sequence search may cost (a signed-in caller's; anonymous ones get
    /// `fair.anonymous_percent` of the work and time).
    pub search_limits: crate::domain::search::SearchLimits,
    /// Sequence searches run at once.
    pub search_workers: usize,
    /// Imports and exports run at once.
    pub bulk_workers: usize,
    /// Bytes of request bodies held in memory at once.
    pub body_memory_bytes: usize,
    pub fair: crate::fair::FairUse,
    /// Where the sequence index is saved and read back at start-up ([`index_file`]); none: it is
    /// built from the database at every start.
    pub index_file: Option<std::path::PathBuf>,
    /// Save the index again after this many feed rows past the file (0: only at start and stop).
    pub index_save_changes: i64,
}

/// The sequence index file of `url`: `<dir>/<database file name>.seqindex` for SQLite (`dir`:
/// the database file's own directory unless one is named), `<dir>/bioreg-<database name>.seqindex`
/// for PostgreSQL (only when a directory is named: instances sharing one database may share it,
/// since each writes the file whole through a rename); none when `dir` is `off`. The file records
/// which database it was written for: one written for another is refused, never served.
pub fn index_file(url: &crate::db::DatabaseUrl, dir: Option<&str>) -> Option<std::path::PathBuf> {
    use std::path::{Path, PathBuf};
    let dir = dir.map(str::trim).filter(|d| !d.is_empty());
    if dir == Some("off") {
        return None;
    }
    match url {
        crate::db::DatabaseUrl::Sqlite { path } => {
            let path = Path::new(path);
            let name = format!("{}.seqindex", path.file_name()?.to_string_lossy());
            let dir = match dir {
                Some(dir) => PathBuf::from(dir),
                None => path.parent().map(Path::to_path_buf).unwrap_or_default(),
            };
            Some(dir.join(name))
        }
        crate::db::DatabaseUrl::Postgres { url } => {
            let database = url::Url::parse(url)
                .ok()
                .map(|u| u.path().trim_start_matches('/').to_string())
                .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
                .unwrap_or_else(|| "postgres".into());
            dir.map(|dir| Path::new(dir).join(format!("bioreg-{database}.seqindex")))
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let rules = PartRules::default();
        Settings {
            public_read: true,
            max_body_bytes: 32 * 1024 * 1024,
            max_import_bytes: 256 * 1024 * 1024,
            batch_max_records: 10_000,
            async_import_bytes: 1024 * 1024,
            import_lease: crate::domain::import_jobs::runner::DEFAULT_LEASE,
            request_timeout: std::time::Duration::from_secs(60),
            self_token_days: 90,
            self_token_max_days: 365,
            // Off in the default settings the tests start from; `serve` has its own defaults.
            rate_limit_per_ip: 0,
            rate_limit_per_token: 0,
            trust_forwarded_for: false,
            cors_origins: Vec::new(),
            part_prefix: rules.accession_prefix,
            strain_prefix: "BRS".into(),
            max_sequence_length: rules.max_sequence_length,
            search_refresh: std::time::Duration::from_millis(1000),
            read_cache_bytes: 64 << 20,
            public_url: "http://127.0.0.1:8080".into(),
            search_limits: Default::default(),
            search_workers: crate::fair::default_search_slots(),
            bulk_workers: 1,
            body_memory_bytes: crate::fair::defaults::BODY_MEMORY_BYTES,
            fair: Default::default(),
            index_file: None,
            index_save_changes: 100_000,
        }
    }
}

impl Settings {
    pub fn part_rules(&self) -> PartRules {
        PartRules {
            accession_prefix: self.part_prefix.clone(),
            max_sequence_length: self.max_sequence_length,
        }
    }

    pub fn import_rules(&self) -> crate::domain::imports::ImportRules {
        crate::domain::imports::ImportRules {
            parts: self.part_rules(),
            strain_prefix: self.strain_prefix.clone(),
        }
    }

    /// What one sequence search by this caller may cost.
    pub fn search_limits_for(&self, anonymous: bool) -> crate::domain::search::SearchLimits {
        let limits = self.search_limits;
        if !anonymous {
            return limits;
        }
        let share = u64::from(self.fair.anonymous_percent.clamp(1, 100));
        crate::domain::search::SearchLimits {
            work: (limits.work / 100).saturating_mul(share).max(1),
            time: limits.time.mul_f64(share as f64 / 100.0),
            ..limits
        }
    }

    /// The SBOL3 namespace of this registry's parts: `<public URL>/api/v1/parts`, so a part's
    /// identity (`<namespace>/<accession>`) is the URL it is served at.
    pub fn sbol3_namespace(&self) -> String {
        format!("{}/api/v1/parts", self.public_url.trim_end_matches('/'))
    }
}

impl From<&ServeArgs> for Settings {
    fn from(args: &ServeArgs) -> Self {
        Settings {
            public_read: args.public_read,
            max_body_bytes: args.max_body_bytes,
            max_import_bytes: args.max_import_bytes,
            batch_max_records: args.batch_max_records as usize,
            async_import_bytes: args.async_import_bytes,
            import_lease: std::time::Duration::from_secs(args.import_lease_seconds),
            request_timeout: std::time::Duration::from_secs(args.request_timeout),
            self_token_days: args.self_token_days,
            self_token_max_days: args.self_token_max_days,
            rate_limit_per_ip: args.rate_limit_per_ip,
            rate_limit_per_token: args.rate_limit_per_token,
            trust_forwarded_for: args.trust_forwarded_for,
            cors_origins: args
                .cors_origins
                .iter()
                .map(|origin| origin.trim().trim_end_matches('/').to_string())
                .filter(|origin| !origin.is_empty())
                .collect(),
            part_prefix: args.part_prefix.clone(),
            strain_prefix: args.strain_prefix.clone(),
            max_sequence_length: args.max_sequence_length,
            search_refresh: std::time::Duration::from_millis(args.search_refresh_ms),
            read_cache_bytes: args.read_cache_mb << 20,
            public_url: args.public_url.trim_end_matches('/').to_string(),
            search_limits: crate::domain::search::SearchLimits {
                work: args.search_work,
                time: seconds(args.search_seconds),
                max_held_hits: args.search_max_held_hits as usize,
            },
            search_workers: match args.search_workers {
                0 => crate::fair::default_search_slots(),
                n => n,
            },
            bulk_workers: args.bulk_workers.max(1),
            body_memory_bytes: args.body_memory_bytes,
            fair: crate::fair::FairUse {
                per_user: args.fair_per_user,
                per_address: args.fair_per_address,
                queue: args.fair_queue,
                wait: seconds(args.fair_queue_seconds),
                anonymous_percent: args.fair_anonymous_percent,
            },
            // Resolved against the database URL by `serve` ([`index_file`]).
            index_file: None,
            index_save_changes: args.index_save_changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::index_file;
    use crate::db::DatabaseUrl;
    use std::path::PathBuf;

    #[test]
    fn the_index_file_sits_beside_sqlite_and_only_where_configured_for_postgres() {
        let sqlite = DatabaseUrl::parse("sqlite:///var/lib/bioreg/registry.db").unwrap();
        assert_eq!(
            index_file(&sqlite, None),
            Some(PathBuf::from("/var/lib/bioreg/registry.db.seqindex"))
        );
        assert_eq!(
            index_file(&sqlite, Some("/cache")),
            Some(PathBuf::from("/cache/registry.db.seqindex"))
        );
        assert_eq!(index_file(&sqlite, Some("off")), None);
        let relative = DatabaseUrl::parse("sqlite://bioreg.db").unwrap();
        assert_eq!(index_file(&relative, None), Some(PathBuf::from("bioreg.db.seqindex")));
        let postgres = DatabaseUrl::parse("postgres://bioreg:secret@db:5432/registry").unwrap();
        assert_eq!(index_file(&postgres, None), None);
        assert_eq!(
            index_file(&postgres, Some("/srv/index")),
            Some(PathBuf::from("/srv/index/bioreg-registry.seqindex"))
        );
        assert_eq!(index_file(&postgres, Some("off")), None);
    }
}
