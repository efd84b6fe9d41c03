//! The hand-kept portable schema: one `table!` per table, valid for both backends.
//! Column types must match `migrations/sqlite` and `migrations/postgres`.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    organizations (id) {
        id -> PortableUuid,
        slug -> Text,
        name -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    users (id) {
        id -> PortableUuid,
        name -> Text,
        role -> Text,
        organization_id -> PortableUuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    api_tokens (id) {
        id -> PortableUuid,
        user_id -> PortableUuid,
        token_hash -> Text,
        label -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    accession_counters (kind) {
        kind -> Text,
        last_value -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    parts (id) {
        id -> PortableUuid,
        accession -> Text,
        name -> Text,
        description -> Text,
        role_id -> Text,
        role_label -> Text,
        molecule_type -> Text,
        topology -> Text,
        length -> BigInt,
        gc_content -> Nullable<Double>,
        seqhash -> Text,
        features -> Text,
        citations -> Text,
        license -> Nullable<Text>,
        source -> Nullable<Text>,
        derived_from -> Text,
        search_text -> Text,
        duplicate_reason -> Nullable<Text>,
        owner_org_id -> PortableUuid,
        created_by -> PortableUuid,
        created_at -> Timestamp,
        updated_by -> PortableUuid,
        updated_at -> Timestamp,
        revision -> Integer,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<PortableUuid>,
        withdrawal_reason -> Nullable<Text>,
        curation_state -> Text,
        published_revision -> Nullable<Integer>,
        submitted_at -> Nullable<Timestamp>,
        provenance -> Text,
        genbank -> Nullable<Text>,
        search_names -> Text,
        entry_no -> Nullable<BigInt>,
        import_id -> Nullable<PortableUuid>,
        sequence_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    sequences (id) {
        id -> BigInt,
        seqhash -> Text,
        residues -> Binary,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    part_aliases (part_id, position) {
        part_id -> PortableUuid,
        position -> Integer,
        alias -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    part_tags (part_id, tag) {
        part_id -> PortableUuid,
        tag -> Text,
        part_created_at -> Timestamp,
        part_accession -> Text,
        part_name -> Text,
        part_length -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    part_hosts (part_id, position) {
        part_id -> PortableUuid,
        position -> Integer,
        name -> Text,
        taxid -> Nullable<BigInt>,
        part_created_at -> Timestamp,
        part_accession -> Text,
        part_name -> Text,
        part_length -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    part_components (composite_id, position) {
        composite_id -> PortableUuid,
        position -> Integer,
        component_id -> Nullable<PortableUuid>,
        orientation -> Text,
        linker -> Nullable<Text>,
        name -> Nullable<Text>,
        start_position -> BigInt,
        end_position -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    strains (id) {
        id -> PortableUuid,
        accession -> Text,
        name -> Text,
        organism_type -> Text,
        taxon_name -> Text,
        ncbi_taxid -> Nullable<BigInt>,
        risk_group -> Integer,
        details -> Text,
        search_text -> Text,
        owner_org_id -> PortableUuid,
        created_by -> PortableUuid,
        created_at -> Timestamp,
        updated_by -> PortableUuid,
        updated_at -> Timestamp,
        revision -> Integer,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<PortableUuid>,
        withdrawal_reason -> Nullable<Text>,
        curation_state -> Text,
        published_revision -> Nullable<Integer>,
        submitted_at -> Nullable<Timestamp>,
        provenance -> Text,
        search_names -> Text,
        entry_no -> Nullable<BigInt>,
        import_id -> Nullable<PortableUuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    strain_collection_numbers (strain_id, position) {
        strain_id -> PortableUuid,
        position -> Integer,
        collection -> Text,
        number -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    strain_tags (strain_id, tag) {
        strain_id -> PortableUuid,
        tag -> Text,
        strain_created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    strain_parts (strain_id, position) {
        strain_id -> PortableUuid,
        position -> Integer,
        part_id -> PortableUuid,
        relation -> Text,
        copy_number -> Nullable<Integer>,
        notes -> Nullable<Text>,
        strain_created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    strain_parents (child_id, position) {
        child_id -> PortableUuid,
        position -> Integer,
        parent_id -> PortableUuid,
        relation -> Text,
        description -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    strain_samples (id) {
        id -> PortableUuid,
        strain_id -> PortableUuid,
        site -> Text,
        freezer -> Text,
        rack -> Text,
        #[sql_name = "box"]
        box_ -> Text,
        slot -> Text,
        preservation_method -> Text,
        quantity -> Nullable<Text>,
        prepared_by -> Nullable<Text>,
        prepared_at -> Nullable<Timestamp>,
        notes -> Nullable<Text>,
        created_by -> PortableUuid,
        created_at -> Timestamp,
        removed_at -> Nullable<Timestamp>,
        removed_by -> Nullable<PortableUuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    audit_events (id) {
        id -> PortableUuid,
        at -> Timestamp,
        actor_id -> Nullable<PortableUuid>,
        actor_name -> Nullable<Text>,
        action -> Text,
        record_kind -> Nullable<Text>,
        record_id -> Nullable<Text>,
        record_accession -> Nullable<Text>,
        request_id -> Nullable<Text>,
        details -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    record_revisions (record_kind, record_id, revision) {
        record_kind -> Text,
        record_id -> Text,
        revision -> Integer,
        snapshot -> Text,
        actor_id -> PortableUuid,
        at -> Timestamp,
        comment -> Nullable<Text>,
        request_id -> Nullable<Text>,
        sequence_id -> Nullable<BigInt>,
        bytes -> Nullable<BigInt>,
        body -> Nullable<Binary>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    reviews (id) {
        id -> PortableUuid,
        record_kind -> Text,
        record_id -> Text,
        revision -> Integer,
        action -> Text,
        reason_code -> Nullable<Text>,
        comment -> Nullable<Text>,
        actor_id -> PortableUuid,
        at -> Timestamp,
    }
}

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(web_sessions -> api_tokens (token_id));
diesel::joinable!(parts -> organizations (owner_org_id));
diesel::joinable!(parts -> sequences (sequence_id));
diesel::joinable!(strains -> organizations (owner_org_id));
diesel::joinable!(strain_collection_numbers -> strains (strain_id));
diesel::joinable!(strain_tags -> strains (strain_id));
diesel::joinable!(strain_samples -> strains (strain_id));
diesel::joinable!(part_aliases -> parts (part_id));
diesel::joinable!(part_tags -> parts (part_id));
diesel::joinable!(part_hosts -> parts (part_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    api_tokens,
    accession_counters,
    parts,
    sequences,
    part_aliases,
    part_tags,
    part_hosts,
    part_components,
    strains,
    strain_collection_numbers,
    strain_tags,
    strain_parts,
    strain_parents,
    strain_samples,
    audit_events,
    record_revisions,
    reviews,
    web_sessions,
);

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    sequence_changes (id) {
        id -> BigInt,
        part_id -> PortableUuid,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    registry_identity (id) {
        id -> Integer,
        identity -> Text,
    }
}

diesel::table! {
    change_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    imports (id) {
        id -> PortableUuid,
        kind -> Text,
        format -> Text,
        file_name -> Nullable<Text>,
        sha256 -> Text,
        created_by -> PortableUuid,
        owner_org_id -> PortableUuid,
        created_at -> Timestamp,
        state -> Text,
        dry_run -> Bool,
        options -> Nullable<Text>,
        token_id -> Nullable<PortableUuid>,
        idempotency_key -> Nullable<Text>,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        heartbeat_at -> Nullable<Timestamp>,
        records_total -> Nullable<Integer>,
        records_checked -> Integer,
        records_stored -> Integer,
        report -> Nullable<Text>,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    import_files (import_id) {
        import_id -> PortableUuid,
        content -> Binary,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    web_sessions (secret_hash) {
        secret_hash -> Text,
        token_id -> PortableUuid,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}
