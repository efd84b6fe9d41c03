DROP TRIGGER record_revisions_append_only ON record_revisions;
DROP TRIGGER audit_events_append_only ON audit_events;
DROP FUNCTION bioreg_refuse_change();
DROP TABLE record_revisions;
DROP TABLE audit_events;
