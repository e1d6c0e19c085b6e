-- The family_guid of @DatabaseName on this instance (docs/relational-databases/system-catalog-views/
-- sys-database-recovery-status-transact-sql.md): a backup header's FamilyGUID names the same value.
SELECT rs.family_guid
FROM sys.database_recovery_status AS rs
WHERE rs.database_id = DB_ID(@DatabaseName);
