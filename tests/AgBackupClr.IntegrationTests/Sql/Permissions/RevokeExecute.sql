-- Takes EXECUTE on dbo.@ProcedureName away from @LoginName's user in this database, as for a job owner granted by an
-- earlier grant script that did not know that procedure. Run in the utility database after grant-job-owner.sql.
-- The names are identifiers in REVOKE, so the statement is built with QUOTENAME.
DECLARE @userName sysname = (SELECT dp.name FROM sys.database_principals AS dp WHERE dp.sid = SUSER_SID(@LoginName));
IF @userName IS NULL
    THROW 50000, N'@LoginName has no user in this database: run grant-job-owner.sql for it first.', 1;
IF OBJECT_ID(N'dbo.' + QUOTENAME(@ProcedureName), N'P') IS NULL
    THROW 50000, N'@ProcedureName names no T-SQL procedure of dbo in this database.', 1;
DECLARE @revoke nvarchar(max) = N'REVOKE EXECUTE ON dbo.' + QUOTENAME(@ProcedureName) + N' FROM ' + QUOTENAME(@userName) + N';';
EXEC sys.sp_executesql @revoke;
GO
