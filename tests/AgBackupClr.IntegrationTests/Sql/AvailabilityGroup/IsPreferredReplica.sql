-- SQL Server's own answer to "should this replica take the backup?" (docs/rules.md F7), the authority the
-- procedure's decisions are compared with.
SELECT sys.fn_hadr_backup_is_preferred_replica(@DatabaseName) AS is_preferred_replica;
