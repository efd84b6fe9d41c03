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
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::PortableUuid;

    part_sequences (part_id) {
        part_id -> PortableUuid,
        sequence -> Text,
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

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(parts -> organizations (owner_org_id));
diesel::joinable!(part_sequences -> parts (part_id));
diesel::joinable!(part_aliases -> parts (part_id));
diesel::joinable!(part_tags -> parts (part_id));
diesel::joinable!(part_hosts -> parts (part_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    api_tokens,
    accession_counters,
    parts,
    part_sequences,
    part_aliases,
    part_tags,
    part_hosts,
    part_components,
);
