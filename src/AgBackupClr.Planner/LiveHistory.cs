using System;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using Microsoft.Data.SqlClient;

namespace AgBackupClr.Planner;

/// <param name="Name">sys.availability_replicas.replica_server_name: what agbackup prints, never the connection string.</param>
public sealed record GroupReplica(string Name, string ConnectionString);

/// <summary>What agbackup status reads from live servers: the seam its tests replace.</summary>
public interface IHistorySource
{
    /// <summary>Every replica of every availability group the instance is a replica of, with a connection string to it.</summary>
    IReadOnlyList<GroupReplica> GroupReplicas(string connectionString);

    ReplicaHistory Read(string connectionString, DateTime sinceUtc);
}

/// <summary>
/// The one place agbackup status touches a live server: sys.databases and msdb's backup history, every column a documented one
/// (docs/relational-databases/system-tables/backupset-transact-sql.md, backupmediafamily-transact-sql.md,
/// docs/relational-databases/system-catalog-views/sys-databases-transact-sql.md).
/// </summary>
public sealed class LiveHistory : IHistorySource
{
    public static readonly LiveHistory Instance = new();

    // backupset (docs/relational-databases/system-tables/backupset-transact-sql.md, revision 0568b49c): every column read
    // "Can be NULL", so rows without the facts the chain needs are left out. time_zone is the offset from UTC in 15-minute
    // intervals, 127 when unknown: then the server's current offset. backupmediaset (backupmediaset-transact-sql.md, revision
    // 1d9eba4d) says how many stripes the backup was written to. A RESTORE writes backupset rows for the backup it read
    // (restorehistory-transact-sql.md): those are not backups this replica took, and would count one backup twice; RESTORE
    // VERIFYONLY (restore_type V) restores nothing.
    private const string Backups = @"
SELECT b.backup_set_id, b.database_name, b.backup_set_uuid, b.type, ISNULL(b.is_copy_only, 0), b.first_lsn, b.last_lsn,
       b.checkpoint_lsn, b.differential_base_lsn, ISNULL(b.backup_start_date, b.backup_finish_date), b.backup_finish_date,
       CASE WHEN ISNULL(b.time_zone, 127) = 127 THEN DATEPART(TZOFFSET, SYSDATETIMEOFFSET()) ELSE b.time_zone * 15 END,
       ISNULL(b.position, 1), b.backup_size, m.media_family_count
FROM msdb.dbo.backupset AS b
LEFT JOIN msdb.dbo.backupmediaset AS m ON m.media_set_id = b.media_set_id
WHERE b.type IN ('D', 'I', 'L')
  AND b.database_name IS NOT NULL AND b.backup_set_uuid IS NOT NULL AND b.first_lsn IS NOT NULL AND b.last_lsn IS NOT NULL
  AND b.backup_finish_date >= DATEADD(MINUTE, DATEPART(TZOFFSET, SYSDATETIMEOFFSET()), @SinceUtc)
  AND NOT EXISTS (
      SELECT 1 FROM msdb.dbo.restorehistory AS r
      WHERE r.backup_set_id = b.backup_set_id AND (r.restore_type IS NULL OR r.restore_type <> 'V'));";

    // backupmediafamily (backupmediafamily-transact-sql.md, revision 0b1ee32b): a row per family (stripe) and per mirror of
    // the backup sets read above, matched to them by backup_set_id.
    private const string Families = @"
SELECT b.backup_set_id, f.family_sequence_number, f.mirror, f.physical_device_name, f.device_type
FROM msdb.dbo.backupset AS b
JOIN msdb.dbo.backupmediafamily AS f ON f.media_set_id = b.media_set_id
WHERE b.type IN ('D', 'I', 'L') AND b.backup_finish_date >= DATEADD(MINUTE, DATEPART(TZOFFSET, SYSDATETIMEOFFSET()), @SinceUtc);";

    // backupfile (backupfile-transact-sql.md, revision 1d9eba4d): a FULL's database files, for RESTORE ... MOVE; is_present
    // says the file is in the backup set.
    private const string Files = @"
SELECT b.backup_set_id, f.logical_name, f.physical_name, f.file_type
FROM msdb.dbo.backupset AS b
JOIN msdb.dbo.backupfile AS f ON f.backup_set_id = b.backup_set_id
WHERE b.type = 'D' AND f.is_present = 1 AND f.logical_name IS NOT NULL AND f.physical_name IS NOT NULL AND f.file_type IS NOT NULL
  AND b.backup_finish_date >= DATEADD(MINUTE, DATEPART(TZOFFSET, SYSDATETIMEOFFSET()), @SinceUtc);";

    // sys-availability-replicas-transact-sql.md: replica_server_name, the instance name a client connects to.
    private const string Replicas = "SELECT DISTINCT replica_server_name FROM sys.availability_replicas ORDER BY replica_server_name;";

    // sys.databases.replica_id is this replica of the group the database is joined to (sys-databases-transact-sql.md);
    // sys.availability_replicas and sys.availability_groups show only the groups the login may see (VIEW ANY DEFINITION),
    // so the group's name may be NULL where group_database_id is not.
    private const string Databases = @"
SELECT d.name, d.group_database_id, CASE WHEN d.recovery_model_desc = N'SIMPLE' THEN 1 ELSE 0 END, g.name
FROM sys.databases AS d
LEFT JOIN sys.availability_replicas AS r ON r.replica_id = d.replica_id
LEFT JOIN sys.availability_groups AS g ON g.group_id = r.group_id
WHERE d.name <> N'tempdb';";

    // AgBackupClr's own log, in the connection's database where it is installed (docs/usp_BackupIfPreferred.md, "Result columns"): the newest
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

    public IReadOnlyList<GroupReplica> GroupReplicas(string connectionString)
    {
        using SqlConnection connection = ConnectionStrings.Connection(connectionString);
        connection.Open();
        return Rows(connection, Replicas, null, reader => new GroupReplica(reader.GetString(0), ForReplica(connectionString, reader.GetString(0))));
    }

    /// <summary>The same credentials and options, to another replica.</summary>
    public static string ForReplica(string connectionString, string replicaServerName)
    {
        SqlConnectionStringBuilder builder = ConnectionStrings.Builder(connectionString);
        builder.DataSource = replicaServerName;
        return builder.ConnectionString;
    }

    public ReplicaHistory Read(string connectionString, DateTime sinceUtc)
    {
        using SqlConnection connection = ConnectionStrings.Connection(connectionString);
        connection.Open();
        (string server, DateTime now) = Rows(
            connection,
            "SELECT CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)), SYSUTCDATETIME();",
            null,
            reader => (reader.GetString(0), Utc(reader.GetDateTime(1))))[0];
        List<HistoryDatabase> databases = Rows(
            connection, Databases, null, reader => new HistoryDatabase(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetInt32(2) == 1, reader.IsDBNull(3) ? null : reader.GetString(3)));
        ILookup<int, MediaFamily> families = Rows(
                connection,
                Families,
                sinceUtc,
                reader => (Id: reader.GetInt32(0), Family: new MediaFamily(
                    reader.GetByte(1), reader.GetByte(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetByte(4))))
            .ToLookup(row => row.Id, row => row.Family);
        ILookup<int, BackupFile> files = Rows(
                connection,
                Files,
                sinceUtc,
                reader => (Id: reader.GetInt32(0), File: new BackupFile(reader.GetString(1), reader.GetString(2), reader.GetString(3)[0])))
            .ToLookup(row => row.Id, row => row.File);
        List<HistoryBackup> backups = Rows(
            connection,
            Backups,
            sinceUtc,
            reader =>
            {
                int id = reader.GetInt32(0);
                int offsetMinutes = reader.GetInt32(11);
                return new HistoryBackup(
                    reader.GetString(1),
                    reader.GetGuid(2),
                    reader.GetString(3)[0],
                    reader.GetBoolean(4),
                    reader.GetDecimal(5),
                    reader.GetDecimal(6),
                    reader.IsDBNull(7) ? null : reader.GetDecimal(7),
                    reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                    Utc(reader.GetDateTime(9).AddMinutes(-offsetMinutes)),
                    Utc(reader.GetDateTime(10).AddMinutes(-offsetMinutes)),
                    offsetMinutes,
                    reader.GetInt32(12),
                    reader.IsDBNull(13) ? null : reader.GetDecimal(13),
                    reader.IsDBNull(14) ? null : reader.GetByte(14),
                    families[id].Distinct().ToList(),
                    files[id].ToList());
            });
        List<LoggedDecision> decisions = Rows(
            connection,
            Decisions,
            sinceUtc,
            reader => new LoggedDecision(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Utc(reader.GetDateTime(4))));
        return new ReplicaHistory(server, now, databases, backups, decisions);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static List<T> Rows<T>(SqlConnection connection, string query, DateTime? sinceUtc, Func<SqlDataReader, T> read)
    {
        using var command = new SqlCommand(query, connection);
        if (sinceUtc != null)
        {
            command.Parameters.Add("@SinceUtc", SqlDbType.DateTime2).Value = sinceUtc.Value;
        }

        using SqlDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
