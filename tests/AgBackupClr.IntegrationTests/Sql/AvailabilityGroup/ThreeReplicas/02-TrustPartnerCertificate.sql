-- Three-replica availability group set-up, step 2, on each replica, in master, once for each of its two partners, after
-- that partner's certificate file has been copied here: as AvailabilityGroup/02-TrustPartnerCertificate.sql, with the
-- login, user and certificate named after the partner (@Partner, the partner's position in the cluster: 0, 1 or 2),
-- since one replica trusts two (docs/linux/sql-server-linux-create-availability-group.md, steps 6 to 14).
-- The names and the file path must be literals, so each statement is built after @Partner is checked.
IF @Partner IS NULL OR @Partner NOT IN (0, 1, 2)
    THROW 50000, N'@Partner must be 0, 1 or 2.', 1;
DECLARE @suffix nvarchar(1) = CONVERT(nvarchar(1), @Partner);
DECLARE @createLogin nvarchar(max) =
    N'CREATE LOGIN AgEndpointPartnerLogin' + @suffix + N' WITH PASSWORD = N''' + REPLACE(@PartnerLoginPassword, N'''', N'''''') + N''';';
EXEC sys.sp_executesql @createLogin;
DECLARE @createUser nvarchar(max) = N'CREATE USER AgEndpointPartnerUser' + @suffix + N' FOR LOGIN AgEndpointPartnerLogin' + @suffix + N';';
EXEC sys.sp_executesql @createUser;
-- The path is ThreeReplicaCluster.PartnerCertificateFile in the C# code.
DECLARE @createCertificate nvarchar(max) =
    N'CREATE CERTIFICATE AgEndpointPartnerCertificate' + @suffix + N' AUTHORIZATION AgEndpointPartnerUser' + @suffix
    + N' FROM FILE = N''/tmp/AgEndpointPartnerCertificate' + @suffix + N'.cer'';';
EXEC sys.sp_executesql @createCertificate;
DECLARE @grantConnect nvarchar(max) = N'GRANT CONNECT ON ENDPOINT::AgEndpoint TO AgEndpointPartnerLogin' + @suffix + N';';
EXEC sys.sp_executesql @grantConnect;
GO
