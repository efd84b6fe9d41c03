//! The `bioreg` command: parses the CLI and calls into the library. Every failure ends as one
//! `error: …` line on stderr and exit status 1 — never a panic or a backtrace.

/// mimalloc instead of the system allocator: the request path allocates many small, short-lived
/// values (rows, views, JSON), which glibc's malloc served with a tenth of the CPU time (measured
/// with perf on `GET /api/v1/parts/{id}`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use actix_web::HttpServer;
use clap::Parser;

use bioreg::config::{
    Cli, Command, ImportArgs, LogFormat, OrgCommand, RemoteArgs, ReviewArgs, ServeArgs, Settings, SubmitArgs,
    TokenCommand, UserCommand,
};
use bioreg::db::{self, DatabaseUrl};
use bioreg::domain::accounts::{self, NewOrganization, NewUser};
use bioreg::{build_app, prepare_database, AppState};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log, cli.log_format);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(filter: &str, format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| {
        eprintln!("warning: BIOREG_LOG `{filter}` is not a valid filter; using `info`");
        tracing_subscriber::EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).init(),
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Command::Openapi = cli.command {
        let document = serde_json::to_string_pretty(&bioreg::openapi::document()).map_err(|e| e.to_string())?;
        println!("{document}");
        return Ok(());
    }
    match cli.command {
        Command::Review(args) => return review_remote(args),
        Command::Submit(args) => return submit_remote(args),
        _ => {}
    }
    let url = DatabaseUrl::parse(&cli.database_url)?;
    match cli.command {
        Command::Serve(args) => serve(&url, args),
        Command::Migrate => {
            let (_, applied) = prepare_database(&url)?;
            println!(
                "database {url} is up to date ({} migrations applied now)",
                applied.len()
            );
            Ok(())
        }
        Command::Org(OrgCommand::Create { slug, name, kind }) => {
            let (mut conn, _) = prepare_database(&url)?;
            let org = accounts::create_organization(&mut conn, NewOrganization { slug, name, kind }, None)
                .map_err(|e| e.detail)?;
            println!("created organization {} ({}) id {}", org.slug, org.kind, org.id);
            Ok(())
        }
        Command::User(UserCommand::Create { name, role, org }) => {
            let (mut conn, _) = prepare_database(&url)?;
            // The user and their first token are stored together or not at all.
            let (user, organization, issued) = conn
                .write_transaction(|conn| {
                    let (user, organization) = accounts::create_user(
                        conn,
                        NewUser {
                            name,
                            role,
                            organization: org,
                        },
                        None,
                    )?;
                    let label = Some("created with the user".to_string());
                    let issued = accounts::issue_token(conn, &user.id.to_string(), label, None, None)?;
                    Ok::<_, bioreg::error::AppError>((user, organization, issued))
                })
                .map_err(|e| e.detail)?;
            println!(
                "created user {} ({}) in organization {} id {}",
                user.name, user.role, organization.slug, user.id
            );
            println!("API token (shown once; store it now):");
            println!("{}", issued.secret);
            Ok(())
        }
        Command::Token(TokenCommand::Create {
            user,
            label,
            expires_in_days,
        }) => {
            let (mut conn, _) = prepare_database(&url)?;
            let expires_at = expires_in_days.map(|days| chrono::Utc::now() + chrono::Duration::days(i64::from(days)));
            let issued = accounts::issue_token(&mut conn, &user, label, expires_at, None).map_err(|e| e.detail)?;
            let expiry = issued
                .token
                .expires_at
                .map(|e| e.and_utc().to_rfc3339())
                .unwrap_or_else(|| "never".into());
            println!("token {} for user {user}, expires {expiry}", issued.token.id);
            println!("API token (shown once; store it now):");
            println!("{}", issued.secret);
            Ok(())
        }
        Command::Import(args) => import(&url, args),
        Command::Seed(rules) => {
            let (mut conn, _) = prepare_database(&url)?;
            let report = bioreg::domain::seeds::load_library(&mut conn, &rules.import_rules()).map_err(|e| e.detail)?;
            println!(
                "seeded {url}: {} change(s): {} part(s) created, {} already present; {} strain(s) created, {} already present",
                report.changes(),
                report.parts_created,
                report.parts_present,
                report.strains_created,
                report.strains_present
            );
            Ok(())
        }
        Command::Openapi | Command::Review(_) | Command::Submit(_) => unreachable!("handled above"),
    }
}

/// `bioreg import`: the import of `POST /api/v1/imports`, straight against the database, with a
/// progress bar on a terminal and the report as JSON on stdout.
fn import(url: &DatabaseUrl, args: ImportArgs) -> Result<(), String> {
    use bioreg::domain::formats::Defaults;
    use bioreg::domain::imports::{self, ImportFormat, ImportKind, ImportRequest};
    let extension = args
        .file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let format = match args.format.as_deref().unwrap_or(extension.as_str()) {
        "genbank" => ImportFormat::Genbank,
        "fasta" => ImportFormat::Fasta,
        "sbol3" => ImportFormat::Sbol3,
        other => ImportFormat::from_extension(other)
            .ok_or_else(|| format!("say the format with --format genbank|fasta|csv|sbol3 (`{other}` is not one)"))?,
    };
    let kind = match args.kind.to_ascii_lowercase().as_str() {
        "parts" => ImportKind::Parts,
        "strains" => ImportKind::Strains,
        other => return Err(format!("--kind is parts or strains, not `{other}`")),
    };
    let parse = |what: &str, value: Option<&str>| -> Result<Option<serde_json::Value>, String> {
        value
            .map(|v| Ok(serde_json::Value::String(v.to_ascii_lowercase())))
            .transpose()
            .map_err(|_: ()| format!("bad {what}"))
    };
    let molecule_type = parse("molecule type", args.molecule_type.as_deref())?
        .map(|v| serde_json::from_value(v).map_err(|e| format!("--molecule-type: {e}")))
        .transpose()?;
    let topology = parse("topology", args.topology.as_deref())?
        .map(|v| serde_json::from_value(v).map_err(|e| format!("--topology: {e}")))
        .transpose()?;
    if let Some(server) = args.server.as_deref() {
        return import_remote(server, &args, format, kind);
    }
    let file = std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let (mut conn, _) = prepare_database(url)?;
    let principal = accounts::authenticate(&mut conn, args.token.trim()).map_err(|e| e.detail)?;
    let rules = args.rules.import_rules();
    let request = ImportRequest {
        kind,
        format,
        dry_run: args.dry_run,
        allow_duplicates: args.allow_duplicates,
        file_name: args.file.file_name().map(|n| n.to_string_lossy().into_owned()),
        defaults: Defaults {
            role: args.role,
            molecule_type,
            topology,
        },
        job: None,
        idempotency_key: None,
    };
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records {elapsed}").map_err(|e| e.to_string())?,
    );
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let outcome = imports::run_with_progress(&mut conn, &principal, request, &file, &rules, &mut progress);
    bar.finish_and_clear();
    match outcome {
        Ok(report) => {
            println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
            let verb = if report.stored {
                "stored"
            } else {
                "checked (dry run; nothing stored)"
            };
            eprintln!("{} record(s) {verb}", report.records.len());
            Ok(())
        }
        Err(error) => {
            if let Some(report) = &error.report {
                println!("{}", serde_json::to_string_pretty(report).map_err(|e| e.to_string())?);
            }
            for field in &error.errors {
                eprintln!("{}: {}", field.field, field.message);
            }
            Err(error.detail)
        }
    }
}

/// `bioreg import --server URL`: streams the file to `POST {URL}/api/v1/imports` with an upload
/// progress bar, asking for a job (`Prefer: respond-async`), then follows the job with a progress
/// bar of the records checked until it ends, and prints it (the report with the job's fields) as
/// JSON. The upload carries a fresh `Idempotency-Key`, so when the connection fails it is sent again
/// safely: the server gives back the job the first attempt made, if it got that far.
fn import_remote(
    server: &str,
    args: &ImportArgs,
    format: bioreg::domain::imports::ImportFormat,
    kind: bioreg::domain::imports::ImportKind,
) -> Result<(), String> {
    let base = server.trim_end_matches('/');
    let agent = ureq::Agent::new_with_config(ureq::config::Config::builder().http_status_as_error(false).build());
    let key = format!("bioreg-cli-{}", uuid::Uuid::new_v4());
    let mut attempt = 0;
    let (status, value) = loop {
        attempt += 1;
        match upload(&agent, base, args, format, kind, &key) {
            Ok(answer) => break answer,
            Err(Upload::Unsent(error)) if attempt < 3 => {
                eprintln!("sending the file failed ({error}); sending it again");
                std::thread::sleep(std::time::Duration::from_secs(attempt));
            }
            Err(Upload::Unsent(error)) => return Err(format!("cannot reach {server}: {error}")),
            Err(Upload::Failed(message)) => return Err(message),
        }
    };
    let value = if status == 202 {
        follow(&agent, base, args.token.trim(), &value)?
    } else {
        value
    };
    println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
    let state = value["state"].as_str();
    if (200..300).contains(&status) && state != Some("failed") {
        let records = value["records"].as_array().map_or(0, Vec::len);
        let verb = if value["stored"] == true {
            "stored"
        } else {
            "checked (dry run; nothing stored)"
        };
        eprintln!("{records} record(s) {verb}");
        return Ok(());
    }
    // A refused request is a problem; a failed job carries its problem in `error`.
    let problem = if state == Some("failed") {
        &value["error"]
    } else {
        &value
    };
    for error in problem["errors"].as_array().into_iter().flatten() {
        eprintln!(
            "{}: {}",
            error["field"].as_str().unwrap_or_default(),
            error["message"].as_str().unwrap_or_default()
        );
    }
    let detail = problem["detail"].as_str().unwrap_or_default();
    Err(match state {
        Some("failed") => format!(
            "import {} failed with {}: {detail}",
            value["id"].as_str().unwrap_or_default(),
            problem["status"]
        ),
        _ => format!("{server} answered {status}: {detail}"),
    })
}

/// Why an upload did not give an answer to print.
enum Upload {
    /// The request did not get through (connection refused or cut): it may be sent again.
    Unsent(String),
    Failed(String),
}

/// Sends the file once; the server's status and JSON answer.
fn upload(
    agent: &ureq::Agent,
    base: &str,
    args: &ImportArgs,
    format: bioreg::domain::imports::ImportFormat,
    kind: bioreg::domain::imports::ImportKind,
    key: &str,
) -> Result<(u16, serde_json::Value), Upload> {
    let failed = |message: String| Upload::Failed(message);
    let file =
        std::fs::File::open(&args.file).map_err(|e| failed(format!("cannot read {}: {e}", args.file.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = indicatif::ProgressBar::new(size).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} sent {elapsed}")
            .map_err(|e| failed(e.to_string()))?,
    );
    let mut request = agent
        .post(format!("{base}/api/v1/imports"))
        .query("kind", kind.as_str())
        .query("format", format.as_str())
        .query("dry_run", if args.dry_run { "true" } else { "false" })
        .query("allow_duplicate", if args.allow_duplicates { "true" } else { "false" })
        .header("Authorization", format!("Bearer {}", args.token.trim()))
        .header("Content-Type", "application/octet-stream")
        .header("Prefer", "respond-async")
        .header("Idempotency-Key", key);
    if let Some(name) = args.file.file_name() {
        request = request.query("file_name", name.to_string_lossy());
    }
    for (key, value) in [
        ("role", &args.role),
        ("molecule_type", &args.molecule_type),
        ("topology", &args.topology),
    ] {
        if let Some(value) = value {
            request = request.query(key, value);
        }
    }
    let mut reader = bar.wrap_read(std::io::BufReader::new(file));
    let sent = request.send(ureq::SendBody::from_reader(&mut reader));
    bar.finish_and_clear();
    let mut response = sent.map_err(|e| Upload::Unsent(e.to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .map_err(|e| Upload::Unsent(format!("the answer ({status}) was cut off: {e}")))?;
    let value = serde_json::from_str(&body).map_err(|_| failed(format!("{base} answered {status}: {body}")))?;
    Ok((status, value))
}

/// Follows the job `job` (as the 202 gave it) until it ends, with a progress bar of the records
/// checked on a terminal; the job as it ended. A server that does not answer for a while (it
/// restarts) is asked again for up to a minute.
fn follow(agent: &ureq::Agent, base: &str, token: &str, job: &serde_json::Value) -> Result<serde_json::Value, String> {
    let id = job["id"]
        .as_str()
        .ok_or_else(|| format!("{base} answered 202 without an import id: {job}"))?;
    eprintln!("import {id} is a job on the server: {base}/api/v1/imports/{id}");
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{msg:9} {bar:40} {pos}/{len} records checked {elapsed}")
            .map_err(|e| e.to_string())?,
    );
    let mut unanswered = 0;
    let mut current = job.clone();
    loop {
        let state = current["state"].as_str().unwrap_or_default().to_string();
        let progress = &current["progress"];
        if let Some(total) = progress["total"].as_u64() {
            bar.set_length(total);
        }
        bar.set_position(progress["checked"].as_u64().unwrap_or(0));
        bar.set_message(state.clone());
        if state == "succeeded" || state == "failed" {
            bar.finish_and_clear();
            return Ok(current);
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        let answer = agent
            .get(format!("{base}/api/v1/imports/{id}"))
            .header("Authorization", format!("Bearer {token}"))
            .call();
        match answer {
            Ok(mut response) if response.status() == 200 => {
                unanswered = 0;
                let body = response.body_mut().with_config().limit(1 << 30).read_to_string();
                current = body
                    .ok()
                    .and_then(|body| serde_json::from_str(&body).ok())
                    .ok_or_else(|| format!("{base} answered GET /api/v1/imports/{id} with something not JSON"))?;
            }
            Ok(mut response) => {
                let status = response.status().as_u16();
                let body = response.body_mut().read_to_string().unwrap_or_default();
                bar.finish_and_clear();
                return Err(format!("{base} answered {status} for import {id}: {body}"));
            }
            Err(error) => {
                unanswered += 1;
                if unanswered > 120 {
                    bar.finish_and_clear();
                    return Err(format!(
                        "{base} has not answered for a minute ({error}); follow the import at {base}/api/v1/imports/{id}"
                    ));
                }
            }
        }
    }
}

/// Posts `body` to `{server}{path}` as the token's user; the status and the JSON answer.
fn post_json(remote: &RemoteArgs, path: &str, body: &serde_json::Value) -> Result<(u16, serde_json::Value), String> {
    let base = remote.server.trim_end_matches('/');
    let agent = ureq::Agent::new_with_config(ureq::config::Config::builder().http_status_as_error(false).build());
    let mut response = agent
        .post(format!("{base}{path}"))
        .header("Authorization", format!("Bearer {}", remote.token.trim()))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .map_err(|e| format!("cannot reach {base}: {e}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(1 << 28)
        .read_to_string()
        .map_err(|e| format!("the answer ({status}) was cut off: {e}"))?;
    let value = serde_json::from_str(&text).map_err(|_| format!("{base} answered {status}: {text}"))?;
    Ok((status, value))
}

/// A refused request as one line, its field errors on stderr first.
fn refused(server: &str, status: u16, problem: &serde_json::Value) -> String {
    for error in problem["errors"].as_array().into_iter().flatten() {
        eprintln!(
            "{}: {}",
            error["field"].as_str().unwrap_or_default(),
            error["message"].as_str().unwrap_or_default()
        );
    }
    format!(
        "{server} answered {status}: {}",
        problem["detail"].as_str().unwrap_or_default()
    )
}

/// `parts`/`strains` (or `part`/`strain`) as the API's `kind`.
fn kind_of(kind: Option<&str>) -> Result<Option<&'static str>, String> {
    match kind.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(None),
        Some("parts" | "part") => Ok(Some("part")),
        Some("strains" | "strain") => Ok(Some("strain")),
        Some(other) => Err(format!("--kind is parts or strains, not `{other}`")),
    }
}

/// Posts a batch call until nothing is left that it may act on (`remaining` is 0, or a call
/// acted on nothing), printing every answer as a JSON array and a summary on stderr.
fn repeat_batch(remote: &RemoteArgs, path: &str, body: serde_json::Value, verb: &str) -> Result<(), String> {
    let mut answers = Vec::new();
    let (mut done, mut refused_total, mut skipped) = (0, 0, 0);
    let outcome = loop {
        let (status, answer) = post_json(remote, path, &body)?;
        if status != 200 {
            break Err(refused(&remote.server, status, &answer));
        }
        let counts = &answer["counts"];
        let acted = counts["done"].as_u64().unwrap_or(0);
        done += acted;
        refused_total += counts["refused"].as_u64().unwrap_or(0);
        skipped += counts["skipped"].as_u64().unwrap_or(0);
        let remaining = answer["remaining"].as_u64().unwrap_or(0);
        answers.push(answer);
        if remaining == 0 || acted == 0 {
            eprintln!(
                "{done} record(s) {verb}; {refused_total} refused, {skipped} skipped (listed in the answers); {remaining} remaining"
            );
            break Ok(());
        }
        eprintln!("{done} record(s) {verb} so far; {remaining} remaining: asking again");
    };
    println!("{}", serde_json::to_string_pretty(&answers).map_err(|e| e.to_string())?);
    outcome
}

/// `bioreg review`: one decision on an import's submitted records or on a list of records.
fn review_remote(args: ReviewArgs) -> Result<(), String> {
    let mut body = serde_json::json!({"decision": args.decision.to_ascii_lowercase().replace('-', "_")});
    if let Some(reason) = &args.reason {
        body["reason_code"] = reason.to_ascii_lowercase().replace('-', "_").into();
    }
    if let Some(comment) = &args.comment {
        body["comment"] = comment.clone().into();
    }
    if let Some(kind) = kind_of(args.kind.as_deref())? {
        body["kind"] = kind.into();
    }
    let mut listed: Vec<String> = args.accessions.clone().unwrap_or_default();
    if let Some(file) = &args.records {
        let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        listed.extend(
            text.lines()
                .map(|line| line.split('#').next().unwrap_or_default().trim())
                .filter(|line| !line.is_empty())
                .map(str::to_string),
        );
    }
    if let Some(import) = &args.import {
        body["import"] = import.trim().into();
        return repeat_batch(&args.remote, "/api/v1/reviews/batch", body, "decided");
    }
    let listed: Vec<String> = listed
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if listed.is_empty() {
        return Err("no records named (--records FILE or --accessions A,B)".into());
    }
    // The server takes 1,000 records a call; a longer list goes in several calls, each all or nothing.
    let mut answers = Vec::new();
    let (mut done, mut refused_total, mut skipped) = (0, 0, 0);
    for chunk in listed.chunks(1000) {
        let mut call = body.clone();
        call["records"] = chunk.iter().map(|id| serde_json::json!({"id": id})).collect();
        let (status, answer) = post_json(&args.remote, "/api/v1/reviews/batch", &call)?;
        if status != 200 {
            println!("{}", serde_json::to_string_pretty(&answers).map_err(|e| e.to_string())?);
            return Err(refused(&args.remote.server, status, &answer));
        }
        done += answer["counts"]["done"].as_u64().unwrap_or(0);
        refused_total += answer["counts"]["refused"].as_u64().unwrap_or(0);
        skipped += answer["counts"]["skipped"].as_u64().unwrap_or(0);
        answers.push(answer);
    }
    println!("{}", serde_json::to_string_pretty(&answers).map_err(|e| e.to_string())?);
    eprintln!("{done} record(s) decided; {refused_total} refused, {skipped} skipped (listed in the answers)");
    Ok(())
}

/// `bioreg submit --import ID`: submits an import's drafts.
fn submit_remote(args: SubmitArgs) -> Result<(), String> {
    let mut body = serde_json::json!({});
    if let Some(comment) = &args.comment {
        body["comment"] = comment.clone().into();
    }
    if let Some(kind) = kind_of(args.kind.as_deref())? {
        body["kind"] = kind.into();
    }
    let path = format!("/api/v1/imports/{}/submit", args.import.trim());
    repeat_batch(&args.remote, &path, body, "submitted")
}

fn serve(url: &DatabaseUrl, args: ServeArgs) -> Result<(), String> {
    if args.part_prefix == args.strain_prefix {
        return Err(format!(
            "BIOREG_PART_PREFIX and BIOREG_STRAIN_PREFIX are both `{}`; part and strain accessions must differ",
            args.part_prefix
        ));
    }
    let (mut conn, _) = prepare_database(url)?;
    let mut settings = Settings::from(&args);
    settings.index_file = bioreg::config::index_file(url, args.index_dir.as_deref());
    if args.seed {
        let report = bioreg::domain::seeds::load_library(&mut conn, &settings.import_rules()).map_err(|e| e.detail)?;
        tracing::info!(
            changes = report.changes(),
            parts_created = report.parts_created,
            strains_created = report.strains_created,
            "loaded the seed library"
        );
    }
    drop(conn);
    let pool = db::pool(url, args.pool_size, std::time::Duration::from_secs(10));
    let state = AppState::new(pool, url.backend(), settings);
    bioreg::start_search(&state)?;
    bioreg::start_import_jobs(&state);
    let stopped = state.clone();
    actix_web::rt::System::new().block_on(async move {
        // A client has 5 s to send a request's head (408 otherwise; slow-header clients hold a
        // connection no longer), and its body must arrive within BIOREG_REQUEST_TIMEOUT.
        let mut server = HttpServer::new(move || build_app(state.clone()))
            .on_connect(bioreg::fair::record_socket)
            .max_connections(args.max_connections as usize)
            .client_request_timeout(std::time::Duration::from_secs(5))
            .shutdown_timeout(args.shutdown_timeout)
            .bind(&args.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
        if args.workers > 0 {
            server = server.workers(args.workers);
        }
        tracing::info!(bind = %args.bind, database = %url, "bioreg is serving; API docs at /docs");
        server
            .run()
            .await
            .map_err(|e| format!("server stopped with an error: {e}"))?;
        bioreg::save_search_index(&stopped);
        tracing::info!("bioreg stopped");
        Ok(())
    })
}
