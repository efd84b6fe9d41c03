//! Portable SQL types shared by the SQLite and PostgreSQL backends, and the typed ids built on
//! them.
//!
//! diesel's `MultiBackend` only understands the types both backends have in common, and UUIDs are
//! not among them. [`PortableUuid`] is a UUID column that is a native `uuid` on PostgreSQL and
//! canonical lowercase hyphenated `TEXT` on SQLite. Rust code never binds a bare `Uuid`: each
//! table's key is a newtype (`OrganizationId`, `UserId`, …) declared with [`portable_id!`], so ids
//! of different records cannot be mixed up.

use diesel::backend::Backend;
use diesel::deserialize;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{HasSqlType, Text};
use diesel::sqlite::Sqlite;
use uuid::Uuid;

use super::connection::MultiBackend;

/// A UUID column: `uuid` on PostgreSQL (oid 2950), `TEXT` on SQLite.
#[derive(Debug, Clone, Copy, Default, diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(oid = 2950, array_oid = 2951))]
#[diesel(sqlite_type(name = "Text"))]
pub struct PortableUuid;

impl HasSqlType<PortableUuid> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        MultiBackend::lookup_sql_type::<PortableUuid>(lookup)
    }
}

/// The per-backend encodings, shared by every id type.
#[doc(hidden)]
pub mod encode {
    use super::*;

    pub fn to_pg<'b>(id: &'b Uuid, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <Uuid as ToSql<diesel::sql_types::Uuid, Pg>>::to_sql(id, out)
    }

    pub fn from_pg(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Uuid> {
        <Uuid as deserialize::FromSql<diesel::sql_types::Uuid, Pg>>::from_sql(bytes)
    }

    pub fn to_sqlite(id: &Uuid, out: &mut Output<'_, '_, Sqlite>) -> serialize::Result {
        out.set_value(id.hyphenated().to_string());
        Ok(IsNull::No)
    }

    pub fn from_sqlite(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Uuid> {
        let text = <String as deserialize::FromSql<Text, Sqlite>>::from_sql(bytes)?;
        Ok(Uuid::parse_str(&text)?)
    }
}

/// Declares a UUID newtype stored as [`PortableUuid`] on every backend.
#[macro_export]
macro_rules! portable_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[schema(value_type = uuid::Uuid)]
        #[diesel(sql_type = $crate::db::types::PortableUuid)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            pub fn new_random() -> Self {
                $name(uuid::Uuid::new_v4())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl diesel::serialize::ToSql<$crate::db::types::PortableUuid, diesel::pg::Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>) -> diesel::serialize::Result {
                $crate::db::types::encode::to_pg(&self.0, out)
            }
        }

        impl diesel::deserialize::FromSql<$crate::db::types::PortableUuid, diesel::pg::Pg> for $name {
            fn from_sql(bytes: <diesel::pg::Pg as diesel::backend::Backend>::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                $crate::db::types::encode::from_pg(bytes).map($name)
            }
        }

        impl diesel::serialize::ToSql<$crate::db::types::PortableUuid, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>) -> diesel::serialize::Result {
                $crate::db::types::encode::to_sqlite(&self.0, out)
            }
        }

        impl diesel::deserialize::FromSql<$crate::db::types::PortableUuid, diesel::sqlite::Sqlite> for $name {
            fn from_sql(bytes: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                $crate::db::types::encode::from_sqlite(bytes).map($name)
            }
        }

        impl diesel::serialize::ToSql<$crate::db::types::PortableUuid, $crate::db::connection::MultiBackend> for $name {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, $crate::db::connection::MultiBackend>) -> diesel::serialize::Result {
                out.set_value(($crate::db::types::PortableUuid, self));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::deserialize::FromSql<$crate::db::types::PortableUuid, $crate::db::connection::MultiBackend> for $name {
            fn from_sql(bytes: <$crate::db::connection::MultiBackend as diesel::backend::Backend>::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                bytes.from_sql::<$name, $crate::db::types::PortableUuid>()
            }
        }
    };
}

portable_id!(
    /// Key of an organisation.
    OrganizationId
);
portable_id!(
    /// Key of a user.
    UserId
);
portable_id!(
    /// Key of an API token.
    TokenId
);
portable_id!(
    /// Key of a part.
    PartId
);
portable_id!(
    /// Key of a strain.
    StrainId
);
portable_id!(
    /// Key of a physical sample of a strain.
    SampleId
);
portable_id!(
    /// Key of an audit event.
    AuditEventId
);
portable_id!(
    /// Key of a stored import.
    ImportId
);
portable_id!(
    /// Key of a review event.
    ReviewId
);
