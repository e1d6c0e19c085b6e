-- Removes the certificate Common/CreateBackupCertificate.sql made. Run in master.
IF EXISTS (SELECT 1 FROM sys.certificates AS c WHERE c.name = @CertificateName)
BEGIN
    DECLARE @dropCertificate nvarchar(max) = N'DROP CERTIFICATE ' + QUOTENAME(@CertificateName) + N';';
    EXEC sys.sp_executesql @dropCertificate;
END;
