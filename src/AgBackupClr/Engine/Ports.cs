using System;
using System.Collections.Generic;
using AgBackupClr.Model;

namespace AgBackupClr.Engine
{
    /// <summary>Where the state comes from: the context connection inside SQL Server, memory in tests.</summary>
    public interface IStateSource
    {
        /// <summary>
        /// The state for one backup type (it decides where sys.fn_hadr_backup_is_preferred_replica is asked), with every
        /// database, or only the one named.
        /// </summary>
        ServerState Read(string? databaseName, BackupType backupType, bool copyOnly);
    }

    /// <summary>Runs one T-SQL command with no timeout and says how it ended.</summary>
    public interface ICommandExecutor
    {
        ExecutionResult Execute(string commandText);
    }

    /// <summary>
    /// What SQL Server's service account finds at a folder, asked through SQL Server itself (EngineSql.FolderExists): the
    /// account that writes the backups, from this replica, is the only one whose view counts.
    /// </summary>
    public interface IFolderProbe
    {
        FolderCheck Check(string folder, int productMajorVersion);
    }

    /// <summary>Whether the folder is a directory and its parent exists; a failed Outcome when SQL Server could not be asked.</summary>
    public sealed class FolderCheck
    {
        public FolderCheck(bool isDirectory, bool parentExists, ExecutionResult outcome)
        {
            IsDirectory = isDirectory;
            ParentExists = parentExists;
            Outcome = outcome;
        }

        public bool IsDirectory { get; }

        public bool ParentExists { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>
    /// Keeps every decision, skips included, in dbo.BackupDecisionLog. A failed write is returned, not thrown: the
    /// backups of the run must go on, and the closing error says what to grant.
    /// </summary>
    public interface IDecisionLog
    {
        /// <summary>Writes a new row (id null), or completes the row an earlier write returned the id of.</summary>
        LogWrite Write(BackupResultRow row, long? id);

        /// <summary>Deletes at most batchSize rows logged before loggedBefore (UTC) in one statement of its own.</summary>
        LogDelete DeleteLoggedBefore(DateTime loggedBefore, int batchSize);
    }

    /// <summary>How a log write ended, and the id of the row it wrote (null when it failed).</summary>
    public sealed class LogWrite
    {
        public LogWrite(long? id, ExecutionResult outcome)
        {
            Id = id;
            Outcome = outcome;
        }

        public long? Id { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>How one delete of old log rows ended, and how many rows it deleted (0 when it failed).</summary>
    public sealed class LogDelete
    {
        public LogDelete(int deleted, ExecutionResult outcome)
        {
            Deleted = deleted;
            Outcome = outcome;
        }

        public int Deleted { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>
    /// @MaxLogAgeMinutes' memory (dbo.ObservedLogBackupLsn): records the database's last_log_backup_lsn when it differs from
    /// the newest recorded, and says since when this replica has seen it; a dry run records nothing but still sees the LSN of now.
    /// </summary>
    public interface ILogBackupLsnHistory
    {
        LogBackupLsnHistory Observe(string databaseName, bool write);
    }

    /// <summary>The log backup LSN as this replica observed it; a failed Outcome when it could not be recorded or read.</summary>
    public sealed class LogBackupLsnHistory
    {
        public LogBackupLsnHistory(ObservedLogBackupLsn observed, ExecutionResult outcome)
        {
            Observed = observed;
            Outcome = outcome;
        }

        public ObservedLogBackupLsn Observed { get; }

        public ExecutionResult Outcome { get; }
    }

    /// <summary>The time, in UTC; an interface rather than a delegate so no cached lambda becomes a mutable static field.</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
    }

    /// <summary>How a command ended: no error number means it succeeded.</summary>
    public sealed class ExecutionResult
    {
        public ExecutionResult(int? errorNumber, string? errorMessage)
        {
            ErrorNumber = errorNumber;
            ErrorMessage = errorMessage;
        }

        public int? ErrorNumber { get; }

        public string? ErrorMessage { get; }

        public bool Succeeded => ErrorNumber == null;

        public static ExecutionResult Success { get; } = new ExecutionResult(null, null);
    }
}
