using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AgBackupClr.TSql;

namespace AgBackupClr.Planner;

/// <summary>
/// Where the restored database goes: under its own name (RestoreAs null) to its own files, or under a new name with its
/// files moved to new names, in the folders given or in those of the FULL's files.
/// </summary>
/// <param name="Replace">Adds REPLACE to the FULL's RESTORE: only when asked, since it overwrites a database of that name.</param>
public sealed record RestoreTarget(string? RestoreAs, string? DataPath, string? LogPath, bool Replace)
{
    public static readonly RestoreTarget InPlace = new(null, null, null, false);
}

/// <summary>
/// The restore sequence as a T-SQL script (docs/t-sql/statements/restore-statements-transact-sql.md): each backup WITH
/// NORECOVERY, every stripe of it, the last LOG with STOPAT, then RESTORE DATABASE ... WITH RECOVERY. Names are quoted as
/// QUOTENAME does and paths are N'' literals (TSqlText), so no name or path can leave its identifier or string.
/// </summary>
public static class RestoreScript
{
    /// <summary>The sequence as the statements to run in order; throws RestoreSequenceException when files cannot be moved.</summary>
    public static IReadOnlyList<string> Statements(RestoreSequence sequence, RestoreTarget target)
    {
        string database = TSqlText.QuoteName(target.RestoreAs ?? sequence.DatabaseName);
        string moves = target.RestoreAs == null ? string.Empty : Moves(sequence, target);
        var statements = new List<string>(sequence.Steps.Count + 1);
        for (int i = 0; i < sequence.Steps.Count; i++)
        {
            RestoreStep step = sequence.Steps[i];
            var statement = new StringBuilder()
                .Append(step.Backup.Type == 'L' ? "RESTORE LOG " : "RESTORE DATABASE ")
                .Append(database)
                .Append(" FROM ")
                .Append(Devices(step))
                .Append(" WITH FILE = ")
                .Append(step.Backup.Position.ToString(CultureInfo.InvariantCulture))
                .Append(", NORECOVERY, STATS = 10");
            if (i == 0)
            {
                statement.Append(moves).Append(target.Replace ? ", REPLACE" : string.Empty);
            }

            if (i == sequence.Steps.Count - 1 && sequence.StopAtUtc is DateTime stopAtUtc)
            {
                statement.Append(", STOPAT = ").Append(TSqlText.Literal(StopAt(stopAtUtc, step.Backup)));
            }

            statements.Add(statement.Append(';').ToString());
        }

        statements.Add("RESTORE DATABASE " + database + " WITH RECOVERY;");
        return statements;
    }

    /// <summary>The statements, each after a comment line that says which backup it reads: a script to read, then run.</summary>
    public static string Script(RestoreSequence sequence, RestoreTarget target)
    {
        IReadOnlyList<string> statements = Statements(sequence, target);
        var script = new StringBuilder();
        script.Append("-- agbackup restore of ").Append(Echo.Line(sequence.DatabaseName))
            .Append(target.RestoreAs == null ? string.Empty : " as " + Echo.Line(target.RestoreAs))
            .Append(sequence.StopAtUtc is DateTime stopAtUtc ? " to " + RestoreSequenceBuilder.Time(stopAtUtc) : " to the end of its last backup")
            .Append('\n');
        for (int i = 0; i < sequence.Steps.Count; i++)
        {
            RestoreStep step = sequence.Steps[i];
            script.Append("-- ").Append(RestoreSequenceBuilder.TypeName(step.Backup)).Append(" taken on ").Append(Echo.Line(step.ServerName))
                .Append(", finished ").Append(RestoreSequenceBuilder.Time(step.Backup.FinishedUtc))
                .Append(", LSN ").Append(RestoreSequenceBuilder.Lsn(step.Backup.FirstLsn)).Append(" to ").Append(RestoreSequenceBuilder.Lsn(step.Backup.LastLsn))
                .Append('\n').Append(statements[i]).Append('\n');
        }

        return script.Append(statements[statements.Count - 1]).Append('\n').ToString();
    }

    /// <summary>
    /// STOPAT is compared with the commit times the log records hold, in the local time of the server that wrote them; the
    /// offset msdb recorded for the last LOG (its time_zone) is the best known, the primary's when the replicas share a zone.
    /// An ISO 8601 literal reads the same whatever the session's language and DATEFORMAT.
    /// </summary>
    private static string StopAt(DateTime stopAtUtc, HistoryBackup lastLog) =>
        stopAtUtc.AddMinutes(lastLog.UtcOffsetMinutes).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Every stripe of the backup: "DISK = N'...', DISK = N'...'".</summary>
    internal static string Devices(RestoreStep step) => string.Join(", ", step.Stripes.Select(Device));

    private static string Device(MediaFamily stripe) => (stripe.DeviceType == 9 ? "URL = " : "DISK = ") + TSqlText.Literal(stripe.PhysicalDeviceName!);

    /// <summary>
    /// ", MOVE N'logical' TO N'path'" for every file of the FULL: the file gets the new database's name in place of the old
    /// one's at the start of its file name (else before it), in --log-path for the log, --data-path for the others, or the
    /// folder it was in.
    /// </summary>
    private static string Moves(RestoreSequence sequence, RestoreTarget target)
    {
        HistoryBackup full = sequence.Steps[0].Backup;
        if (full.Files.Count == 0)
        {
            throw new RestoreSequenceException(
                "the file list of the " + RestoreSequenceBuilder.TypeName(full) + " " + Echo.Line(sequence.Steps[0].ServerName) + " took (finished "
                + RestoreSequenceBuilder.Time(full.FinishedUtc) + ") is not in msdb.dbo.backupfile: --as cannot say where its files go.");
        }

        var moves = new StringBuilder();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (BackupFile file in full.Files)
        {
            string path = MovedPath(file, sequence.DatabaseName, target);
            if (!taken.Add(path))
            {
                throw new RestoreSequenceException(
                    "two files of " + Echo.Quote(sequence.DatabaseName) + " would both be restored as " + Echo.Quote(path) + ": restore them to other folders.");
            }

            moves.Append(", MOVE ").Append(TSqlText.Literal(file.LogicalName)).Append(" TO ").Append(TSqlText.Literal(path));
        }

        return moves.ToString();
    }

    internal static string MovedPath(BackupFile file, string databaseName, RestoreTarget target)
    {
        int cut = file.PhysicalName.LastIndexOfAny(new[] { '/', '\\' });
        string folder = file.PhysicalName.Substring(0, cut + 1);
        string name = file.PhysicalName.Substring(cut + 1);
        string newName = FileNamePart(target.RestoreAs!);
        string moved = name.StartsWith(databaseName, StringComparison.OrdinalIgnoreCase) && databaseName.Length > 0
            ? newName + name.Substring(databaseName.Length)
            : newName + "_" + name;
        string? given = file.FileType == 'L' ? target.LogPath : target.DataPath;
        if (given == null)
        {
            return folder + moved;
        }

        char separator = given.Contains('\\', StringComparison.Ordinal) || (!given.Contains('/', StringComparison.Ordinal) && folder.Contains('\\', StringComparison.Ordinal)) ? '\\' : '/';
        return given.EndsWith('/') || given.EndsWith('\\') ? given + moved : given + separator + moved;
    }

    /// <summary>A database name as part of a file name: the characters Windows or Linux refuse there become '_'.</summary>
    private static string FileNamePart(string name)
    {
        var part = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            part.Append(char.IsControl(c) || "\\/:*?\"<>|".Contains(c, StringComparison.Ordinal) ? '_' : c);
        }

        return part.ToString();
    }
}
