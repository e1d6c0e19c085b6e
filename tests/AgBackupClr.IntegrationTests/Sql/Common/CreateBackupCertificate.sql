-- A certificate in master for backup encryption (docs/relational-databases/backup-restore/backup-encryption.md,
-- Prerequisites): the master database's master key first, where there is none. Run in master. CREATE MASTER KEY and
-- CREATE CERTIFICATE take their names and password as literals, so the statements are built from the parameters.
IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys AS k WHERE k.name = N'##MS_DatabaseMasterKey##')
BEGIN
    DECLARE @createMasterKey nvarchar(max) =
        N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = N''' + REPLACE(@MasterKeyPassword, N'''', N'''''') + N''';';
    EXEC sys.sp_executesql @createMasterKey;
END;

IF NOT EXISTS (SELECT 1 FROM sys.certificates AS c WHERE c.name = @CertificateName)
BEGIN
    DECLARE @createCertificate nvarchar(max) =
        N'CREATE CERTIFICATE ' + QUOTENAME(@CertificateName) + N' WITH SUBJECT = N''AgBackupClr integration test backup encryption'';';
    EXEC sys.sp_executesql @createCertificate;
END;
