-- Three-replica availability group set-up, step 4, on the primary, in master: as AvailabilityGroup/04-CreateAvailabilityGroup.sql
-- (CLUSTER_TYPE = NONE, SYNCHRONOUS_COMMIT, automatic seeding, default backup preference and priorities), with two
-- secondaries: three synchronous-commit replicas, SQL Server 2017's maximum (five from 2019:
-- docs/database-engine/availability-groups/windows/availability-modes-always-on-availability-groups.md).
-- Replica names and endpoint URLs must be literals, so the statement is a template filled from the parameters.
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
        N''{FirstSecondaryReplicaName}'' WITH (
            ENDPOINT_URL = N''{FirstSecondaryEndpointUrl}'',
            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
            FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC),
        N''{SecondSecondaryReplicaName}'' WITH (
            ENDPOINT_URL = N''{SecondSecondaryEndpointUrl}'',
            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
            FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC);';
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{PrimaryReplicaName}', REPLACE(@PrimaryReplicaName, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{PrimaryEndpointUrl}', REPLACE(@PrimaryEndpointUrl, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{FirstSecondaryReplicaName}', REPLACE(@FirstSecondaryReplicaName, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{FirstSecondaryEndpointUrl}', REPLACE(@FirstSecondaryEndpointUrl, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{SecondSecondaryReplicaName}', REPLACE(@SecondSecondaryReplicaName, N'''', N''''''));
SET @createAvailabilityGroup = REPLACE(@createAvailabilityGroup, N'{SecondSecondaryEndpointUrl}', REPLACE(@SecondSecondaryEndpointUrl, N'''', N''''''));
EXEC sys.sp_executesql @createAvailabilityGroup;
GO
