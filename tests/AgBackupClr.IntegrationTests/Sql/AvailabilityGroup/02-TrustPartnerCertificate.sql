-- Availability group set-up, step 2, on each replica, in master, after the partner's certificate file has
-- been copied here: a login and user that own the partner's certificate, allowed to connect to our
-- endpoint (docs/linux/sql-server-linux-create-availability-group.md, steps 6 to 14).
-- CREATE LOGIN takes its password as a literal, so the statement is built from @PartnerLoginPassword.
DECLARE @createLogin nvarchar(max) =
    N'CREATE LOGIN AgEndpointPartnerLogin WITH PASSWORD = N''' + REPLACE(@PartnerLoginPassword, N'''', N'''''') + N''';';
EXEC sys.sp_executesql @createLogin;
GO
CREATE USER AgEndpointPartnerUser FOR LOGIN AgEndpointPartnerLogin;
GO
-- The path is AvailabilityGroupCluster.PartnerCertificateFile in the C# code.
CREATE CERTIFICATE AgEndpointPartnerCertificate
    AUTHORIZATION AgEndpointPartnerUser
    FROM FILE = N'/tmp/AgEndpointPartnerCertificate.cer';
GO
GRANT CONNECT ON ENDPOINT::AgEndpoint TO AgEndpointPartnerLogin;
GO
