-- Sets AUTOMATED_BACKUP_PREFERENCE, on the primary (docs/rules.md F6; t-sql/statements/alter-availability-group-transact-sql.md).
-- The preference is a keyword, and ScriptDom, which the unit tests parse every .sql file with, does not know
-- this SET option: the statement is a string, built only after @Preference is checked against the four keywords.
IF @Preference IS NULL OR @Preference NOT IN (N'PRIMARY', N'SECONDARY_ONLY', N'SECONDARY', N'NONE')
    THROW 50000, N'@Preference must be PRIMARY, SECONDARY_ONLY, SECONDARY or NONE.', 1;
DECLARE @setPreference nvarchar(max) =
    N'ALTER AVAILABILITY GROUP AgBackupClrTestAg SET (AUTOMATED_BACKUP_PREFERENCE = ' + @Preference + N');';
EXEC sys.sp_executesql @setPreference;
GO
