DROP TRIGGER record_revisions_no_delete;
DROP TRIGGER record_revisions_no_update;
DROP TABLE record_revisions;
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER audit_events_no_update;
DROP TABLE audit_events;
