-- The databases BackupHistoryScaleTests compares dbo.fn_BackupStatus on, in master, each backed up once to NUL: that
-- backup's msdb.dbo.backupset row is the template FillBackupHistory.sql copies (its media set included, which
-- backupset's foreign key needs). The names are BackupHistoryScaleTests.Databases.
CREATE DATABASE AgBackupHistory1;
GO
CREATE DATABASE AgBackupHistory2;
GO
CREATE DATABASE AgBackupHistory3;
GO
BACKUP DATABASE AgBackupHistory1 TO DISK = N'NUL';
GO
