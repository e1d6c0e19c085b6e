-- Removes the credential Common/CreateUrlCredential.sql made. Run in master.
IF EXISTS (SELECT 1 FROM sys.credentials AS cr WHERE cr.name = @CredentialName)
BEGIN
    DECLARE @dropCredential nvarchar(max) = N'DROP CREDENTIAL ' + QUOTENAME(@CredentialName) + N';';
    EXEC sys.sp_executesql @dropCredential;
END;
