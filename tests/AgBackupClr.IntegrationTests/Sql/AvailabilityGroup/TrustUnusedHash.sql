-- In master: trusts a SHA2_512 no assembly has, under @Description, as an earlier install into a utility database would
-- have left it behind (sys.sp_add_trusted_assembly: docs/relational-databases/system-stored-procedures/sys-sp-add-trusted-assembly-transact-sql.md).
-- UnusedHashTrusted.sql reads whether it is still trusted.
DECLARE @hash varbinary(64) = HASHBYTES('SHA2_512', N'AgBackupClr issue 20: a hash no assembly has');
IF NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies WHERE hash = @hash)
    EXEC sys.sp_add_trusted_assembly @hash = @hash, @description = @Description;
GO
