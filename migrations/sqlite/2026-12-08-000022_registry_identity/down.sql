DROP TABLE registry_identity;
