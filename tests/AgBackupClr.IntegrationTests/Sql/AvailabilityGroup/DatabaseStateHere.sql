-- The availability database as this replica's sys.databases shows it, and whether this replica accepts connections
-- in the secondary role (NO by default: a non-readable secondary). The state reader (StateQueries.Databases) takes
-- state from sys.databases, and the rules refuse any database whose state is not ONLINE.
SELECT
    d.state_desc,
    ar.secondary_role_allow_connections_desc
FROM sys.databases AS d
LEFT JOIN sys.availability_replicas AS ar ON ar.replica_id = d.replica_id
WHERE d.name = N'AgBackupClrTestDb';
