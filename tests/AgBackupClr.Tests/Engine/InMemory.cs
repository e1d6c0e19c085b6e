using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using AgBackupClr.TSql;

namespace AgBackupClr.Tests.Engine
{
    /// <summary>
    /// An instance in memory for the orchestration tests: SQL1 is the primary of AG1 (SECONDARY preference, SQL2 the
    /// preferred secondary), with a database in AG1, databases outside any AG, and the system databases.
    /// </summary>
    internal static class InMemory
    {
        public static InstanceFacts Instance(int tranCount = 0, bool collationIgnoresCase = true) =>
            new InstanceFacts("SQL1", "SQL1", null, 16, 3, true, tranCount, collationIgnoresCase);

        /// <summary>A database outside any availability group; its id is the system database's for master, tempdb, model and msdb.</summary>
        public static DatabaseFacts Database(string name, RecoveryModel recovery = RecoveryModel.Full, bool hasBase = true) =>
            new DatabaseFacts(name, IdOf(name), DatabaseState.Online, false, false, recovery, hasBase, hasBase, false, null, null, null);

        public static DatabaseFacts AgDatabase(string name, bool isPreferred) =>
            new DatabaseFacts(name, IdOf(name), DatabaseState.Online, false, false, RecoveryModel.Full, true, true, false, "AG1",
                new DatabaseReplicaFacts(SynchronizationState.Synchronized, false), isPreferred);

        /// <summary>The system databases by their exact names, as SQL Server creates them; any other name gets a user database's id, whose value no rule reads.</summary>
        public static int IdOf(string name) => name switch
        {
            "master" => DatabaseFacts.MasterDatabaseId,
            "tempdb" => DatabaseFacts.TempdbDatabaseId,
            "model" => DatabaseFacts.ModelDatabaseId,
            "msdb" => DatabaseFacts.MsdbDatabaseId,
            _ => DatabaseFacts.MsdbDatabaseId + 1,
        };

        public static AvailabilityGroupFacts Group() =>
            new AvailabilityGroupFacts("AG1", AutomatedBackupPreference.Secondary, false, DistributedRole.NotDistributed, false, "WSFC", new[]
            {
                new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Primary, true, true, true),
                new ReplicaFacts("SQL2", 60, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, null, false),
            });

        public static ServerState State(int tranCount = 0) =>
            new ServerState(
                Instance(tranCount),
                new[]
                {
                    Database("master", RecoveryModel.Simple),
                    Database("tempdb", RecoveryModel.Simple),
                    Database("model"),
                    Database("msdb", RecoveryModel.Simple),
                    AgDatabase("Sales", false),
                    Database("Finance"),
                    Database("Staging", RecoveryModel.Simple),
                },
                new[] { Group() });

        /// <summary>The state above with one database changed.</summary>
        public static ServerState StateWith(string databaseName, Func<DatabaseFacts, DatabaseFacts> change)
        {
            ServerState state = State();
            return state.With(databases: state.Databases.Select(database => database.Name == databaseName ? change(database) : database).ToList());
        }

        /// <summary>A job step writing into the share itself: no directory structure, so the paths read at a glance.</summary>
        public static RawBackupArguments Arguments(string databases, string backupType, string? execute = null) =>
            new RawBackupArguments(databases, backupType, @"\\backupshare\sql", null, null, null, null, execute, null, null, null, null,
                directoryStructure: string.Empty,
                availabilityGroupDirectoryStructure: string.Empty);
    }

    internal sealed class FixedState : IStateSource
    {
        private readonly ServerState state;

        public FixedState(ServerState state)
        {
            this.state = state;
        }

        public int Reads => ReadFor.Count;

        /// <summary>The database (null: all), backup type and COPY_ONLY of each read, in order.</summary>
        public List<(string? Database, BackupType Type, bool CopyOnly)> ReadFor { get; } = new List<(string? Database, BackupType Type, bool CopyOnly)>();

        /// <summary>What every read after the first returns: the state as it is when a BACKUP is about to start.</summary>
        public ServerState? Later { get; set; }

        public ServerState Read(string? databaseName, BackupType backupType, bool copyOnly)
        {
            ReadFor.Add((databaseName, backupType, copyOnly));
            ServerState current = Reads > 1 && Later != null ? Later : state;
            return databaseName == null
                ? current
                : current.With(databases: current.Databases.Where(d => string.Equals(d.Name, databaseName, current.Instance.NameComparison)).ToList());
        }
    }

    /// <summary>Records every command; fails the ones that contain a given text with a given error number.</summary>
    internal sealed class RecordingExecutor : ICommandExecutor
    {
        private readonly string? failWhenContains;
        private readonly int errorNumber;

        public RecordingExecutor(string? failWhenContains = null, int errorNumber = 0)
        {
            this.failWhenContains = failWhenContains;
            this.errorNumber = errorNumber;
        }

        public List<string> Commands { get; } = new List<string>();

        public ExecutionResult Execute(string commandText)
        {
            Commands.Add(commandText);
            return failWhenContains != null && commandText.Contains(failWhenContains, StringComparison.Ordinal)
                ? new ExecutionResult(errorNumber, "Cannot open backup device. Operating system error 5(Access is denied.).")
                : ExecutionResult.Success;
        }
    }

    /// <summary>
    /// Records every row it is given and every delete it is asked for; with an error number, every write (or delete) fails as
    /// SQL Server would report it. The table holds no old rows: each delete deletes none.
    /// </summary>
    internal sealed class RecordingLog : IDecisionLog
    {
        private readonly ExecutionResult answer;
        private readonly ExecutionResult deleteAnswer;

        public RecordingLog(int? failWith = null, int? deleteFailsWith = null)
        {
            answer = Denied(failWith, "usp_LogBackupDecision");
            deleteAnswer = Denied(deleteFailsWith, "usp_DeleteBackupDecisionLog");
        }

        /// <summary>The cutoff of each delete, in order.</summary>
        public List<DateTime> Deletes { get; } = new List<DateTime>();

        /// <summary>"write" or "delete" for each call, in order.</summary>
        public List<string> Calls { get; } = new List<string>();

        public List<BackupResultRow> Rows { get; } = new List<BackupResultRow>();

        /// <summary>The id each write was given: null for a new row, an earlier write's id to complete it.</summary>
        public List<long?> Ids { get; } = new List<long?>();

        public LogWrite Write(BackupResultRow row, long? id)
        {
            Rows.Add(row);
            Ids.Add(id);
            Calls.Add("write");
            return new LogWrite(answer.Succeeded ? id ?? Rows.Count : null, answer);
        }

        public LogDelete DeleteLoggedBefore(DateTime loggedBefore, int batchSize)
        {
            Deletes.Add(loggedBefore);
            Calls.Add("delete");
            return new LogDelete(0, deleteAnswer);
        }

        private static ExecutionResult Denied(int? errorNumber, string procedure) =>
            errorNumber is int number
                ? new ExecutionResult(number, "The EXECUTE permission was denied on the object '" + procedure + "', database 'DBA', schema 'dbo'.")
                : ExecutionResult.Success;
    }

    /// <summary>Every folder exists, except those listed; a folder listed with an error number cannot be asked about.</summary>
    internal sealed class FakeFolders : IFolderProbe
    {
        private readonly string[] missing;
        private readonly int? errorNumber;

        public FakeFolders(string[]? missing = null, int? errorNumber = null)
        {
            this.missing = missing ?? Array.Empty<string>();
            this.errorNumber = errorNumber;
        }

        public List<(string Folder, int Version)> Checked { get; } = new List<(string Folder, int Version)>();

        public FolderCheck Check(string folder, int productMajorVersion)
        {
            Checked.Add((folder, productMajorVersion));
            if (!missing.Contains(folder))
            {
                return new FolderCheck(true, true, ExecutionResult.Success);
            }

            return errorNumber is int number
                ? new FolderCheck(false, false, new ExecutionResult(number, "The EXECUTE permission was denied on the object 'xp_fileexist'."))
                : new FolderCheck(false, true, ExecutionResult.Success);
        }
    }

    /// <summary>
    /// The folders and msdb as the chain guard reads them: files by folder (a folder never given is empty, as xp_dirtree shows a
    /// missing one), FULLs this replica's msdb recorded, and the headers of files other replicas wrote. Records each header read.
    /// With an error number every listing fails as a missing permission would.
    /// </summary>
    internal sealed class FakeBackupFiles : IBackupFileReader
    {
        private readonly Dictionary<string, List<string>> folders = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<RecordedFull> recorded = new List<RecordedFull>();
        private readonly Dictionary<string, BackupFileHeader> headers = new Dictionary<string, BackupFileHeader>(StringComparer.OrdinalIgnoreCase);
        private readonly int? failWith;

        public FakeBackupFiles(int? failWith = null)
        {
            this.failWith = failWith;
        }

        /// <summary>The family_guid of every database here and of every backup, unless a backup is given another.</summary>
        public static readonly Guid Family = new Guid("5a1e5000-0000-4000-8000-000000000001");

        public List<string> HeadersRead { get; } = new List<string>();

        public List<string> Listed { get; } = new List<string>();

        /// <summary>A file in a folder, with nothing known of it.</summary>
        public FakeBackupFiles File(string folder, string name)
        {
            if (!folders.TryGetValue(folder, out List<string>? names))
            {
                names = new List<string>();
                folders.Add(folder, names);
            }

            names.Add(name);
            return this;
        }

        /// <summary>A FULL of one file this replica took: in the folder and in msdb.</summary>
        public FakeBackupFiles RecordedFull(string folder, string name, DateTime start, DateTime finish, decimal checkpointLsn, bool copyOnly = false, Guid? familyGuid = null)
        {
            recorded.Add(new RecordedFull(checkpointLsn, copyOnly, start, finish, 1, new[] { new RecordedFile(1, BackupFileName.InFolder(folder, name)) }, familyGuid ?? Family));
            return File(folder, name);
        }

        /// <summary>A FULL another replica wrote, one file of familyCount: in the folder, known by its header.</summary>
        public FakeBackupFiles HeaderFull(
            string folder, string name, string databaseName, DateTime start, DateTime finish, decimal checkpointLsn, bool copyOnly = false,
            Guid mediaSet = default, int familyCount = 1, int family = 1, bool snapshot = false, bool damaged = false, Guid? familyGuid = null)
        {
            var set = new HeaderBackupSet(HeaderBackupSet.DatabaseBackup, databaseName, copyOnly, snapshot, damaged, checkpointLsn, start, finish, familyGuid ?? Family);
            headers.Add(BackupFileName.InFolder(folder, name), new BackupFileHeader(mediaSet == default ? Guid.NewGuid() : mediaSet, familyCount, family, new[] { set }, ExecutionResult.Success));
            return File(folder, name);
        }

        /// <summary>
        /// Every folder asked for holds old.bak, old.trn and old.dif, and this replica's msdb recorded each old.bak as a FULL that
        /// ran at the times given: for runs over many generated folders.
        /// </summary>
        public static FakeBackupFiles Everywhere(DateTime fullStart, DateTime fullFinish) => new FakeBackupFiles(everywhere: (fullStart, fullFinish));

        private readonly (DateTime Start, DateTime Finish)? everywhere;

        private FakeBackupFiles((DateTime Start, DateTime Finish) everywhere)
        {
            this.everywhere = everywhere;
        }

        public FolderListing List(string folder)
        {
            Listed.Add(folder);
            if (failWith is int number)
            {
                return new FolderListing(Array.Empty<string>(), new ExecutionResult(number, "The EXECUTE permission was denied on the object 'xp_dirtree', database 'mssqlsystemresource', schema 'sys'."));
            }

            if (everywhere is (DateTime start, DateTime finish) && !folders.ContainsKey(folder))
            {
                RecordedFull(folder, "old.bak", start, finish, 41000000000123m).File(folder, "old.trn").File(folder, "old.dif");
            }

            return new FolderListing(folders.TryGetValue(folder, out List<string>? names) ? names.ToArray() : Array.Empty<string>(), ExecutionResult.Success);
        }

        public RecordedFulls RecordedFulls(string databaseName) => new RecordedFulls(recorded, Family, ExecutionResult.Success);

        public BackupFileHeader ReadHeader(string file)
        {
            HeadersRead.Add(file);
            return headers.TryGetValue(file, out BackupFileHeader? header)
                ? header
                : new BackupFileHeader(Guid.Empty, 0, 0, Array.Empty<HeaderBackupSet>(), new ExecutionResult(3241, "The media family on device '" + file + "' is incorrectly formed."));
        }
    }

    /// <summary>
    /// dbo.usp_ObserveLogBackupLsn in memory, on the clock it is given (the replica's SYSUTCDATETIME()): each database's
    /// last_log_backup_lsn as sys.database_recovery_status shows it now (Show; a database never shown has
    /// <see cref="StartingLsn"/>), recorded when it differs from the newest recorded, and answered with when this replica first
    /// saw it. The procedure keeps only the newest row of a database, and so does this. A dry run records nothing and sees an
    /// LSN it has not recorded as first seen now. With an error number every call fails as a missing EXECUTE permission would.
    /// </summary>
    internal sealed class FakeLogBackupLsns : ILogBackupLsnHistory
    {
        public const decimal StartingLsn = 42000000003100001m;

        private readonly IClock clock;
        private readonly int? failWith;
        private readonly Dictionary<string, decimal?> shown = new Dictionary<string, decimal?>(StringComparer.Ordinal);

        public FakeLogBackupLsns(IClock? clock = null, int? failWith = null)
        {
            this.clock = clock ?? new SteppingClock();
            this.failWith = failWith;
        }

        /// <summary>The newest row of each database: its LSN and when it was first seen.</summary>
        public Dictionary<string, (decimal Lsn, DateTime FirstSeenUtc)> Recorded { get; } = new Dictionary<string, (decimal Lsn, DateTime FirstSeenUtc)>(StringComparer.Ordinal);

        public List<(string Database, bool Record)> Calls { get; } = new List<(string Database, bool Record)>();

        /// <summary>What sys.database_recovery_status shows of the database from now on: a log backup moved it, or null for none.</summary>
        public void Show(string databaseName, decimal? lastLogBackupLsn) => shown[databaseName] = lastLogBackupLsn;

        public LogBackupLsnHistory Observe(string databaseName, bool record)
        {
            Calls.Add((databaseName, record));
            if (failWith is int number)
            {
                return new LogBackupLsnHistory(
                    new ObservedLogBackupLsn(DateTime.MinValue, null, null),
                    new ExecutionResult(number, "The EXECUTE permission was denied on the object 'usp_ObserveLogBackupLsn', database 'DBA', schema 'dbo'."));
            }

            DateTime now = clock.UtcNow;
            decimal? lsn = shown.TryGetValue(databaseName, out decimal? value) ? value : StartingLsn;
            if (lsn is not decimal current)
            {
                return new LogBackupLsnHistory(new ObservedLogBackupLsn(now, null, null), ExecutionResult.Success);
            }

            bool seen = Recorded.TryGetValue(databaseName, out (decimal Lsn, DateTime FirstSeenUtc) newest) && newest.Lsn == current;
            if (record && !seen)
            {
                Recorded[databaseName] = (current, now);
            }

            return new LogBackupLsnHistory(new ObservedLogBackupLsn(now, current, seen ? newest.FirstSeenUtc : now), ExecutionResult.Success);
        }
    }

    /// <summary>A clock the test moves.</summary>
    internal sealed class ManualClock : IClock
    {
        public ManualClock(DateTime utcNow)
        {
            UtcNow = utcNow;
        }

        public DateTime UtcNow { get; set; }
    }

    internal sealed class SteppingClock : IClock
    {
        private DateTime now = new DateTime(2026, 11, 26, 1, 30, 0, 0, DateTimeKind.Utc);

        public DateTime UtcNow
        {
            get
            {
                now = now.AddSeconds(1);
                return now;
            }
        }
    }
}
