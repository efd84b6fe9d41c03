DROP TABLE sequence_changes;
