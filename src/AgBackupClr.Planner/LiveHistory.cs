using System;
using System.Collections.Generic;
using System.Data;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.Planner;

/// <summary>
/// The one place agbackup status touches a live server: sys.databases and msdb's backup history, every column a documented one
/// (docs/relational-databases/system-tables/backupset-transact-sql.md, backupmediafamily-transact-sql.md,
/// docs/relational-databases/system-catalog-views/sys-databases-transact-sql.md).
/// </summary>
public static class LiveHistory
{
    // backupset.time_zone is the offset from UTC in 15-minute intervals, 127 when unknown: then the server's current offset.
    // backupmediafamily: the first family's physical_device_name names the file (a striped backup has more).
    private const string Backups = @"
SELECT b.database_name, b.backup_set_uuid, b.type, b.is_copy_only, b.first_lsn, b.last_lsn,
       DATEADD(MINUTE, -CASE WHEN b.time_zone = 127 THEN DATEPART(TZOFFSET, SYSDATETIMEOFFSET()) ELSE b.time_zone * 15 END, b.backup_finish_date),
       f.physical_device_name
FROM msdb.dbo.backupset AS b
LEFT JOIN msdb.dbo.backupmediafamily AS f ON f.media_set_id = b.media_set_id AND f.family_sequence_number = 1
WHERE b.type IN ('D', 'I', 'L') AND b.backup_finish_date >= DATEADD(MINUTE, DATEPART(TZOFFSET, SYSDATETIMEOFFSET()), @SinceUtc);";

    private const string Databases = @"
SELECT name, group_database_id, CASE WHEN recovery_model_desc = N'SIMPLE' THEN 1 ELSE 0 END
FROM sys.databases WHERE name <> N'tempdb';";

    // AgBackupClr's own log, in the connection's database where it is installed (README, "Result columns"): the newest
    // regular decision per database and type. Deferred name resolution lets the batch compile where the table is absent.
    private const string Decisions = @"
IF OBJECT_ID(N'dbo.BackupDecisionLog', N'U') IS NOT NULL
    SELECT d.database_name, d.backup_type, d.action, d.reason_code, d.logged_at
    FROM
    (
        SELECT database_name, backup_type, action, reason_code, logged_at,
               ROW_NUMBER() OVER (PARTITION BY database_name, backup_type ORDER BY id DESC) AS newest
        FROM dbo.BackupDecisionLog
        WHERE database_name IS NOT NULL AND backup_type IN (N'FULL', N'DIFF', N'LOG') AND ISNULL(copy_only, 0) = 0 AND logged_at >= @SinceUtc
    ) AS d
    WHERE d.newest = 1;";

    public static ReplicaHistory Read(string connectionString, DateTime sinceUtc)
    {
        using var connection = new SqlConnection(connectionString);
        connection.Open();
        string server;
        DateTime now;
        using (var command = new SqlCommand("SELECT CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)), SYSUTCDATETIME();", connection))
        using (SqlDataReader reader = command.ExecuteReader())
        {
            reader.Read();
            server = reader.GetString(0);
            now = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
        }

        var databases = new List<HistoryDatabase>();
        using (var command = new SqlCommand(Databases, connection))
        using (SqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                databases.Add(new HistoryDatabase(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetInt32(2) == 1));
            }
        }

        var backups = new List<HistoryBackup>();
        using (var command = new SqlCommand(Backups, connection))
        {
            command.Parameters.Add("@SinceUtc", SqlDbType.DateTime2).Value = sinceUtc;
            using SqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                backups.Add(new HistoryBackup(
                    reader.GetString(0),
                    reader.GetGuid(1),
                    reader.GetString(2)[0],
                    reader.GetBoolean(3),
                    reader.GetDecimal(4),
                    reader.GetDecimal(5),
                    DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        var decisions = new List<LoggedDecision>();
        using (var command = new SqlCommand(Decisions, connection))
        {
            command.Parameters.Add("@SinceUtc", SqlDbType.DateTime2).Value = sinceUtc;
            using SqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                decisions.Add(new LoggedDecision(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)));
            }
        }

        return new ReplicaHistory(server, now, databases, backups, decisions);
    }
}
