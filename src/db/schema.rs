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

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(api_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(organizations, users, api_tokens);
