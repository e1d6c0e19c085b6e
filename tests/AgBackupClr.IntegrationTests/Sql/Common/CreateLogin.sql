-- A SQL Server login for a test that runs as someone other than sa. Run in master.
-- CREATE LOGIN takes its name as an identifier and its password as a literal, so the statement is built from
-- @LoginName (QUOTENAME) and @Password (quotes doubled).
DECLARE @createLogin nvarchar(max) =
    N'CREATE LOGIN ' + QUOTENAME(@LoginName)
    + N' WITH PASSWORD = N''' + REPLACE(@Password, N'''', N'''''') + N''', CHECK_POLICY = OFF;';
EXEC sys.sp_executesql @createLogin;
GO
