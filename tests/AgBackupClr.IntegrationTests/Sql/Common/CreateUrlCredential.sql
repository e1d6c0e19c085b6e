-- A SAS credential named after a container (docs/relational-databases/backup-restore/sql-server-backup-to-url.md): enough for
-- a dry run to build TO URL commands; no storage account is contacted. Run in master.
IF NOT EXISTS (SELECT 1 FROM sys.credentials AS cr WHERE cr.name = @CredentialName)
BEGIN
    DECLARE @createCredential nvarchar(max) =
        N'CREATE CREDENTIAL ' + QUOTENAME(@CredentialName) + N' WITH IDENTITY = N''SHARED ACCESS SIGNATURE'', SECRET = N''sv=2022-11-02&sig=test'';';
    EXEC sys.sp_executesql @createCredential;
END;
