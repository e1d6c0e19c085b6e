-- Availability group set-up, step 1, on each replica, in master
-- (docs/linux/sql-server-linux-create-availability-group.md): this instance's certificate, its public
-- part written to a file that the test copies to the partner, and the DATA_MIRRORING endpoint that
-- authenticates with it. On Linux an endpoint can only authenticate with a certificate.
-- CREATE MASTER KEY takes its password as a literal, so the statement is built from @MasterKeyPassword.
DECLARE @createMasterKey nvarchar(max) =
    N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = N''' + REPLACE(@MasterKeyPassword, N'''', N'''''') + N''';';
EXEC sys.sp_executesql @createMasterKey;
GO
CREATE CERTIFICATE AgEndpointLocalCertificate
    WITH SUBJECT = N'AgBackupClr integration test endpoint';
GO
-- The path is AvailabilityGroupCluster.LocalCertificateFile in the C# code.
BACKUP CERTIFICATE AgEndpointLocalCertificate
    TO FILE = N'/var/opt/mssql/data/AgEndpointLocalCertificate.cer';
GO
-- Port 5022 is SqlServerContainers.EndpointPort; it is reachable on the test network only.
CREATE ENDPOINT AgEndpoint
    STATE = STARTED
    AS TCP (LISTENER_PORT = 5022, LISTENER_IP = ALL)
    FOR DATABASE_MIRRORING (AUTHENTICATION = CERTIFICATE AgEndpointLocalCertificate, ROLE = ALL);
GO
