-- Availability group set-up, step 4, on the primary, in master
-- (docs/linux/sql-server-linux-create-availability-group.md, example three).
-- CLUSTER_TYPE = NONE: no Pacemaker or WSFC, the only kind two plain containers can form.
-- SYNCHRONOUS_COMMIT so the secondary reaches SYNCHRONIZED; SEEDING_MODE = AUTOMATIC so the database
-- reaches the secondary without a backup being copied across. Backup preference and priorities keep
-- their defaults here: every test sets the ones it needs.
-- Replica names and endpoint URLs must be literals, so the statement is a template filled from
-- @PrimaryReplicaName, @PrimaryEndpointUrl, @SecondaryReplicaName and @SecondaryEndpointUrl.
DECLARE @createAvailabilityGroup nvarchar(max) = N'
CREATE AVAILABILITY GROUP AgBackupClrTestAg
    WITH (CLUSTER_TYPE = NONE)
    FOR DATABASE AgBackupClrTestDb
    REPLICA ON
        N''{PrimaryReplicaName}'' WITH (
            ENDPOINT_URL = N''{PrimaryEndpointUrl}'',
            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
            FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC),
        N''{SecondaryReplicaName}'' WITH (
            ENDPOINT_URL = N''{SecondaryEndpointUrl}'',
            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
            FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC);';
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{PrimaryReplicaName}', REPLACE(@PrimaryReplicaName, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{PrimaryEndpointUrl}', REPLACE(@PrimaryEndpointUrl, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{SecondaryReplicaName}', REPLACE(@SecondaryReplicaName, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{SecondaryEndpointUrl}', REPLACE(@SecondaryEndpointUrl, N'''', N''''''));
EXEC sys.sp_executesql @createAvailabilityGroup;
GO
