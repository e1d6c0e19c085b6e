-- One row more in the table a restore test counts, written on the primary in the availability database; then how many
-- rows it holds.
IF OBJECT_ID(N'dbo.RestoreProbe', N'U') IS NULL
    CREATE TABLE dbo.RestoreProbe (id int IDENTITY(1, 1) PRIMARY KEY, written_at datetime2 NOT NULL DEFAULT SYSUTCDATETIME());
INSERT INTO dbo.RestoreProbe DEFAULT VALUES;
SELECT COUNT(*) AS row_count FROM dbo.RestoreProbe;
