//! HTTP-level integration tests against a real database: SQLite by default, PostgreSQL when
//! `BIOREG_TEST_DATABASE_URL=postgres://…` is set. One test binary, so it links once.

mod access;
mod accounts;
mod basics;
mod batch_curation;
mod bounds;
mod bulk_imports;
mod cache;
mod cli;
mod common;
mod contract;
mod curation;
mod hardening;
mod history;
mod http;
mod import_jobs;
mod imports;
mod imports_genbank;
mod pages;
mod part_data;
mod parts;
mod plans;
mod repository;
mod search;
mod startup;
mod storage_upgrade;
mod strain_data;
mod strains;
