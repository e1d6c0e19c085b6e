using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// The rows of one call, a sentence to send after them (or null), and the error to raise last when any row was refused
    /// or failed, or the log could not be written or kept to its retention.
    /// </summary>
    public sealed class RunOutcome
    {
        public RunOutcome(IReadOnlyList<BackupResultRow> rows, string? notice, string? finalError)
        {
            Rows = rows;
            Notice = notice;
            FinalError = finalError;
        }

        public IReadOnlyList<BackupResultRow> Rows { get; }

        public string? Notice { get; }

        public string? FinalError { get; }
    }

    /// <summary>
    /// usp_BackupIfPreferred without SQL Server: check the parameters, read the state, select the databases, decide,
    /// read this database's state again and decide again right before each BACKUP (a run can last hours, across a
    /// failover), log the row before the BACKUP starts and complete it after, and say at the end whether the job step
    /// must fail.
    /// </summary>
    public sealed class BackupRun
    {
        /// <summary>THROW takes a message of at most 2,048 characters.</summary>
        public const int MaxFinalErrorLength = 2048;

        private const int MaxBackupSetNameLength = 128;

        /// <summary>SQL Server's error for a missing permission on an object.</summary>
        internal const int PermissionDenied = 229;

        /// <summary>SQL Server's error for a stored procedure that does not exist.</summary>
        private const int NoSuchProcedure = 2812;

        private readonly IStateSource state;
        private readonly ICommandExecutor executor;
        private readonly IDecisionLog log;
        private readonly IClock clock;
        private readonly IFolderProbe folders;
        private readonly IBackupFileReader backupFiles;
        private readonly ILogBackupLsnHistory logBackupLsns;

        public BackupRun(
            IStateSource state, ICommandExecutor executor, IDecisionLog log, IClock clock, IFolderProbe folders, IBackupFileReader backupFiles, ILogBackupLsnHistory logBackupLsns)
        {
            this.state = state;
            this.executor = executor;
            this.log = log;
            this.clock = clock;
            this.folders = folders;
            this.backupFiles = backupFiles;
            this.logBackupLsns = logBackupLsns;
        }

        public RunOutcome Run(RawBackupArguments raw)
        {
            ParsedArguments parsed = BackupArgumentParser.Parse(raw);
            if (parsed.Arguments == null)
            {
                var refused = new KeptRows(log, !string.Equals(raw.LogToTable, "N", StringComparison.OrdinalIgnoreCase));
                refused.Keep(InvalidArgument(raw.BackupType, parsed.Error!));
                return Finish(refused);
            }

            BackupArguments arguments = parsed.Arguments;
            ServerState server;
            try
            {
                server = state.Read(null, arguments.BackupType, arguments.CopyOnly);
            }
            catch (StateReadException exception)
            {
                // Nothing can be decided without the state: fail the job step with what to do, and run nothing.
                return new RunOutcome(Array.Empty<BackupResultRow>(), null, "usp_BackupIfPreferred: " + exception.Message + " Nothing ran.");
            }

            var rows = new KeptRows(log, arguments.LogToTable);
            ArgumentRefusal? notHere = ReplicaArgumentChecks.Check(arguments, server);
            if (notHere != null)
            {
                rows.Keep(InvalidArgument(raw.BackupType, notHere.Reason).With(reasonCode: notHere.ReasonCode));
                return Finish(rows);
            }

            if (!DestinationsReachable(arguments, server.Instance, rows))
            {
                return Finish(rows);
            }

            string? warning = ReplicaArgumentChecks.Warning(arguments, server);

            Selection selection = arguments.AvailabilityGroups != null
                ? DatabaseSelection.SelectByAvailabilityGroups(arguments.AvailabilityGroups, server.Databases, server.AvailabilityGroups, server.Instance.NameComparison)
                : DatabaseSelection.Select(arguments.Databases, server.Databases, server.Instance.NameComparison);
            var request = new BackupRequest(
                arguments.BackupType, arguments.CopyOnly, arguments.OverrideBackupPreference, arguments.Execute, SelectedBy.Name,
                arguments.AllowNonCopyOnlyBackupsOnForwarder, arguments.ExcludeSeedingFromLogBackup);
            if (selection.Error != null)
            {
                rows.Keep(InvalidArgument(raw.BackupType, selection.Error));
                return Finish(rows);
            }

            foreach (string group in selection.MissingGroupNames)
            {
                rows.Keep(InvalidArgument(raw.BackupType, "@AvailabilityGroups names '" + group + "', which is no availability group with a replica on this instance ("
                    + server.Instance.ServerName + "); its databases are not backed up here.").With(availabilityGroupName: group));
            }

            // Read once: which cleanup folders two databases of this instance share, so that neither is cleaned.
            CleanupFolders? cleanupFolders = arguments.Cleanup != null && arguments.Destination.Device == BackupDevice.Disk
                ? CleanupFolders.Of(server, arguments)
                : null;
            foreach (SelectedDatabase selected in DatabaseSelection.Order(selection.Databases, arguments.DatabaseOrder, server.Instance.NameComparison))
            {
                BackupRequest asked = request.With(selectedBy: selected.SelectedBy);
                Decided decided = Watch(server, selected.Database, Decide(server, selected.Database, selected.Database.Name, arguments, asked), arguments);
                CleanupOptions? cleanup = arguments.Cleanup;
                if (cleanup != null && cleanup.BeforeBackup)
                {
                    // A refusal that can be known before the BACKUP comes before its cleanup: no folder is cleaned for a backup that cannot run.
                    decided = RefusedForItsFiles(server, selected.Database, decided, arguments);
                    CleanUp(server, selected.Database, decided, arguments, decided.Decision.Action == DecisionAction.Backup, decided.Decision.ReasonCode, cleanupFolders, rows);
                }

                BackupResultRow row = Process(server, selected.Database, decided, arguments, asked, rows, warning);
                rows.Keep(row);
                if (cleanup != null && !cleanup.BeforeBackup && row.Action != BackupResultRow.Failed)
                {
                    // The row's code, not the first decision's: deciding again before the BACKUP may have turned it into a skip.
                    CleanUp(server, selected.Database, decided, arguments, row.Action == SqlNames.Of(DecisionAction.Backup), row.ReasonCode, cleanupFolders, rows);
                }
            }

            foreach (string name in selection.MissingNames)
            {
                BackupDecision decision = BackupDecisionEngine.Decide(server.Instance, name, null, null, request);
                rows.Keep(Row(new Decided(name, null, null, request, decision, null, null), arguments, null, null));
            }

            // Last, so that the backups never wait for it.
            return Finish(rows, DecisionLogRetention.Apply(log, clock.UtcNow, arguments, server.Instance.TranCount));
        }

        /// <param name="warning">A sentence for the reason of a BACKUP row, or null.</param>
        private BackupResultRow Process(ServerState server, DatabaseFacts database, Decided decided, BackupArguments arguments, BackupRequest asked, KeptRows rows, string? warning)
        {
            if (decided.Decision.Action == DecisionAction.Backup && arguments.Execute)
            {
                decided = DecideAgain(decided, arguments, asked);
            }

            if (decided.Decision.Action != DecisionAction.Backup)
            {
                return Row(decided, arguments, null, null);
            }

            DateTime startedAt = clock.UtcNow;
            BackupRequest request = decided.Request;
            BackupFiles files = Files(server, database, request, arguments, startedAt);
            if (files.Paths == null)
            {
                return Row(decided.With(decision: BackupDecision.InvalidArgument(files.Error!), change: null), arguments, null, null);
            }

            var options = new BackupCommandOptions(
                database.Name, request.BackupType, request.CopyOnly, files.Paths, arguments.Checksum, arguments.Compress, BackupArgumentParser.DefaultStats,
                compressionAlgorithm: arguments.CompressionAlgorithm,
                compressionLevel: arguments.CompressionLevel,
                bufferCount: arguments.BufferCount,
                maxTransferSize: arguments.MaxTransferSize,
                blockSize: arguments.BlockSize,
                encryption: arguments.Encryption,
                device: arguments.Destination.Device,
                credential: arguments.Credential,
                backupOptions: arguments.BackupOptions,
                description: arguments.Description,
                name: BackupSetName(server.Instance.ServerName, database.AvailabilityGroupName, request));
            string backup = BackupCommand.Build(options);
            string? verify = arguments.Verify ? BackupCommand.Verify(options) : null;
            var creates = new List<string>();
            if (arguments.Destination.Device == BackupDevice.Disk)
            {
                // Only a folder that is missing: xp_create_subdir has failed with error 183 on folders that exist (Ola Hallengren's DatabaseBackup, issue 593).
                foreach (string folder in files.Folders)
                {
                    FolderCheck found = folders.Check(folder, server.Instance.ProductMajorVersion);
                    if (!found.Outcome.Succeeded || !found.IsDirectory)
                    {
                        creates.Add(BackupCommand.CreateFolder(folder));
                    }
                }
            }

            string command = (creates.Count == 0 ? string.Empty : string.Join("\n", creates) + "\n") + (verify == null ? backup : backup + "\n" + verify);
            BackupResultRow planned = Row(decided, arguments, command, string.Join(BackupResultRow.FileSeparator, files.Paths));
            if (warning != null)
            {
                planned = planned.With(reason: planned.Reason + " " + warning);
            }

            if (!arguments.Execute)
            {
                return planned.With(reason: planned.Reason + " Dry run (@Execute = 'N'): nothing ran.");
            }

            // Logged before it starts (finished_at NULL), so a job killed in the middle of a long BACKUP leaves evidence.
            BackupResultRow started = planned.With(startedAt: startedAt);
            rows.Start(started);
            ExecutionResult result = ExecutionResult.Success;
            foreach (string create in creates)
            {
                result = result.Succeeded ? executor.Execute(create) : result;
            }

            result = result.Succeeded ? executor.Execute(backup) : result;
            if (result.Succeeded && verify != null)
            {
                result = executor.Execute(verify);
            }

            return Completed(started, result);
        }

        /// <summary>Every file of the backup asked, in @Directory or @URL and the directory structure, or why none can be made.</summary>
        private static BackupFiles Files(ServerState server, DatabaseFacts database, BackupRequest request, BackupArguments arguments, DateTime startedAt)
        {
            var values = new FileNameValues(
                server.Instance.MachineName, server.Instance.InstanceName, database.AvailabilityGroupName, database.Name, request.BackupType, request.CopyOnly, startedAt);
            IReadOnlyList<string> directories = arguments.Destination.Paths;
            int numberOfFiles = Striping.NumberOfFiles(arguments, database, request.BackupType, directories.Count);
            return database.IsInAvailabilityGroup
                ? BackupFileName.BuildFiles(
                    directories, arguments.AvailabilityGroupDirectoryStructure, "@AvailabilityGroupDirectoryStructure", arguments.AvailabilityGroupFileName, "@AvailabilityGroupFileName", values, numberOfFiles, server.Instance.IsLinux)
                : BackupFileName.BuildFiles(directories, arguments.DirectoryStructure, "@DirectoryStructure", arguments.FileName, "@FileName", values, numberOfFiles, server.Instance.IsLinux);
        }

        /// <summary>
        /// The decision refused when the backup's files cannot be made (a path too long, say), so that BEFORE_BACKUP cleans no folder
        /// for it. Every time gives the same verdict: {Timestamp} always has the same length.
        /// </summary>
        private static Decided RefusedForItsFiles(ServerState server, DatabaseFacts database, Decided decided, BackupArguments arguments)
        {
            if (decided.Decision.Action != DecisionAction.Backup)
            {
                return decided;
            }

            BackupFiles files = Files(server, database, decided.Request, arguments, AnyTime);
            return files.Paths == null ? decided.With(decision: BackupDecision.InvalidArgument(files.Error!), change: null) : decided;
        }

        private static readonly DateTime AnyTime = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>A row whose commands ran: FAILED with SQL Server's error when they did not succeed, finished now.</summary>
        private BackupResultRow Completed(BackupResultRow started, ExecutionResult result) =>
            started.With(
                action: result.Succeeded ? started.Action : BackupResultRow.Failed,
                finishedAt: clock.UtcNow,
                errorNumber: result.ErrorNumber,
                errorMessage: result.ErrorMessage);

        /// <summary>
        /// The destination check, on every replica on every run, dry runs and replicas that will skip everything included: a
        /// folder this replica's service account cannot see would fail every backup after a failover makes this replica the
        /// one to take them, so it fails the job step now, by name. URLs and NUL have no folder to see. False, with a
        /// REFUSE_DESTINATION_NOT_FOUND row per folder, when any cannot be seen.
        /// </summary>
        private bool DestinationsReachable(BackupArguments arguments, InstanceFacts instance, KeptRows rows)
        {
            Destination destination = arguments.Destination;
            if (destination.Device != BackupDevice.Disk || destination.IsNul)
            {
                return true;
            }

            bool reachable = true;
            foreach (string folder in destination.Paths)
            {
                FolderCheck found = folders.Check(folder, instance.ProductMajorVersion);
                string? problem = !found.Outcome.Succeeded
                    ? "SQL Server could not say whether @Directory '" + folder + "' exists (Msg " + Count(found.Outcome.ErrorNumber ?? 0) + ": " + found.Outcome.ErrorMessage + ")."
                    : found.IsDirectory ? null
                    : "@Directory '" + folder + "' is no folder SQL Server's service account can see from this replica (" + instance.ServerName + ")"
                        + (found.ParentExists ? string.Empty : ", nor is the folder above it") + ": every backup would fail here, now or after a failover. "
                        + "Create it, or give the service account access to the share.";
                if (problem != null)
                {
                    reachable = false;
                    rows.Keep(InvalidArgument(SqlNames.Of(arguments.BackupType), problem).With(reasonCode: ReasonCodes.RefuseDestinationNotFound));
                }
            }

            return reachable;
        }

        /// <summary>
        /// @CleanupTime for one database: record the differential base this replica sees, then, for each folder of the database's
        /// backups of this type, delete what the chain guard allows, or say why nothing is deleted here. A folder of an
        /// availability group database that every replica writes to is cleaned by the replica that took the backup (at most one
        /// does), or by one that skips it with @CleanupWhenSkipped = 'Y'; a folder that belongs to this replica is cleaned also when
        /// it skips, so a former preferred replica does not keep old files forever. Only a BACKUP or a skip by placement cleans:
        /// a database refused, or skipped for its own state, is left as it is.
        /// </summary>
        /// <param name="code">The reason code of the database's decision: a skip by placement cleans what belongs to this replica.</param>
        /// <param name="shared">The cleanup folders of every database of this instance; null for a URL.</param>
        private void CleanUp(ServerState server, DatabaseFacts database, Decided decided, BackupArguments arguments, bool tookBackup, string code, CleanupFolders? shared, KeptRows rows)
        {
            // The primary's refusal for a preferred secondary that receives no log is about placement too: its own folders are still cleaned.
            bool skippedByPlacement = code == ReasonCodes.SkipNotPreferred || code == ReasonCodes.SkipRunsOnPrimary || code == ReasonCodes.SkipSeeding
                || code == ReasonCodes.RefusePreferredReplicaNotSynchronizing;
            if (!tookBackup && !skippedByPlacement)
            {
                return;
            }

            CleanupOptions cleanup = arguments.Cleanup!;
            BackupResultRow row = Row(decided, arguments, null, null).With(
                backupType: SqlNames.Of(arguments.BackupType),
                isPreferredReplica: null,
                preferredReplicaName: null);
            if (arguments.Destination.Device == BackupDevice.Url)
            {
                rows.Keep(row.With(
                    action: SqlNames.Of(DecisionAction.Skip),
                    reasonCode: ReasonCodes.SkipCleanupUrl,
                    reason: "@CleanupTime does not delete backups at a URL: the storage's own lifecycle rules do that (Azure Blob Storage lifecycle management, S3 lifecycle rules)."));
                return;
            }

            bool inGroup = database.IsInAvailabilityGroup;
            string structure = inGroup ? arguments.AvailabilityGroupDirectoryStructure : arguments.DirectoryStructure;
            string structureName = inGroup ? "@AvailabilityGroupDirectoryStructure" : "@DirectoryStructure";

            // The FULL folders of the same @Directory and structure, regular and COPY_ONLY: where the restore of every folder starts.
            var fullFolders = new List<string>();
            foreach (string directory in arguments.Destination.Paths)
            {
                foreach (bool copyOnly in new[] { false, true })
                {
                    string? fullFolder = BackupFileName.BuildFolder(directory, structure, structureName, FolderValues(server, database, BackupType.Full, copyOnly, clock.UtcNow), server.Instance.IsLinux).Path;
                    if (fullFolder != null && !fullFolders.Contains(fullFolder))
                    {
                        fullFolders.Add(fullFolder);
                    }
                }
            }

            string extension = BackupFileName.Extension(arguments.BackupType);
            FullBackupSearch? fulls = null;
            RetentionCutoff? cutoff = null;
            foreach (string directory in arguments.Destination.Paths)
            {
                BackupPath folder = BackupFileName.BuildFolder(directory, structure, structureName, FolderValues(server, database, arguments.BackupType, arguments.CopyOnly, clock.UtcNow), server.Instance.IsLinux);
                if (folder.Path == null)
                {
                    rows.Keep(row.With(action: SqlNames.Of(DecisionAction.Refuse), reasonCode: ReasonCodes.RefuseInvalidArgument, reason: folder.Error + " Nothing was deleted."));
                    continue;
                }

                BackupResultRow here = row.With(backupFile: folder.Path);
                IReadOnlyList<string> others = shared == null ? Array.Empty<string>() : shared.OthersIn(folder.Path, database.Name);
                if (others.Count > 0)
                {
                    rows.Keep(here.With(
                        action: SqlNames.Of(DecisionAction.Refuse),
                        reasonCode: ReasonCodes.RefuseInvalidArgument,
                        reason: "This folder is also the folder of database " + Describe.Quote(others[0]) + (others.Count > 1 ? " and " + Count(others.Count - 1) + " more" : string.Empty)
                            + " on this instance (folder names compare without regard to case on Windows and SMB shares), so its cleanup would delete their backups with "
                            + Describe.Quote(database.Name) + "'s chain guard. Nothing was deleted. Rename one of the databases, or clean this folder another way."));
                    continue;
                }
                if (!tookBackup && inGroup && !cleanup.WhenSkipped && !CleanupPlacement.BelongsToThisReplica(directory, structure))
                {
                    rows.Keep(here.With(
                        action: SqlNames.Of(DecisionAction.Skip),
                        reasonCode: ReasonCodes.SkipCleanupNotHere,
                        reason: "Every replica writes this availability group's backups to this folder, so the replica that takes the backup cleans it; this replica skipped it ("
                            + code + ") and @CleanupWhenSkipped is 'N'."));
                    continue;
                }

                FolderListing listing = backupFiles.List(folder.Path);
                if (!listing.Outcome.Succeeded || !HoldsBackups(listing.FileNames, extension))
                {
                    rows.Keep(NothingToClean(here, listing, extension));
                    continue;
                }

                // Read once, and only for a folder that will be cleaned: a replica that leaves every folder to another reads no header.
                if (fulls == null)
                {
                    fulls = FullBackupFinder.Find(database.Name, fullFolders, server.Instance.IsLinux, backupFiles);
                    if (!fulls.Outcome.Succeeded)
                    {
                        rows.Keep(here.With(
                            action: BackupResultRow.Failed,
                            reasonCode: ReasonCodes.OkCleaned,
                            reason: "The FULLs of " + Describe.Quote(database.Name) + " in its FULL folders could not be listed or read, so nothing was deleted. Cleanup runs "
                                + "xp_dirtree, reads msdb and RESTORE HEADERONLY as the login that runs the job: make it sysadmin, as xp_delete_file needs.",
                            errorNumber: fulls.Outcome.ErrorNumber,
                            errorMessage: fulls.Outcome.ErrorMessage));
                        return;
                    }

                    cutoff = RetentionGuard.Compute(clock.UtcNow.AddMinutes(server.Instance.UtcOffsetMinutes), cleanup.Hours, arguments.BackupType, fulls.Proven);
                }

                rows.Keep(CleanFolder(here, folder.Path, extension, database.Name, cutoff!, fullFolders, fulls.Unread, arguments));
            }
        }

        /// <summary>A folder whose files could not be listed (a FAILED row), or with no backup of this type: nothing runs, and no folder is created.</summary>
        private static BackupResultRow NothingToClean(BackupResultRow here, FolderListing listing, string extension) =>
            !listing.Outcome.Succeeded
                ? here.With(
                    action: BackupResultRow.Failed,
                    reasonCode: ReasonCodes.OkCleaned,
                    reason: "The files of this folder could not be listed (xp_dirtree), so nothing was deleted.",
                    errorNumber: listing.Outcome.ErrorNumber,
                    errorMessage: listing.Outcome.ErrorMessage)
                : here.With(
                    action: SqlNames.Of(DecisionAction.Skip),
                    reasonCode: ReasonCodes.SkipCleanupNothing,
                    reason: "This folder holds no ." + extension + " backups SQL Server's service account can see from this replica (or does not exist): there is nothing to clean.");

        /// <summary>One folder of the database that holds backups of this type: the chain guard's verdict decides.</summary>
        private BackupResultRow CleanFolder(
            BackupResultRow here, string folder, string extension, string databaseName, RetentionCutoff cutoff, IReadOnlyList<string> fullFolders, UnreadBackups unread, BackupArguments arguments)
        {
            switch (cutoff.Verdict)
            {
                case RetentionVerdict.Anchored:
                    return Delete(here, folder, cutoff, arguments);
                case RetentionVerdict.NotYet:
                    return here.With(action: SqlNames.Of(DecisionAction.Skip), reasonCode: ReasonCodes.SkipCleanupGuard,
                        reason: RetentionReasons.NotYet(databaseName, arguments.BackupType, arguments.Cleanup!.Hours, cutoff, unread));
                default:
                    // FULLs with none to keep from lose nothing by waiting; LOGs and DIFFs with no FULL to start them are a restore nobody can run.
                    return arguments.BackupType == BackupType.Full
                        ? here.With(action: SqlNames.Of(DecisionAction.Skip), reasonCode: ReasonCodes.SkipCleanupGuard, reason: RetentionReasons.NoFullYet(databaseName, fullFolders, unread))
                        : here.With(action: SqlNames.Of(DecisionAction.Refuse), reasonCode: ReasonCodes.RefuseCleanupNoFull, reason: RetentionReasons.NoFull(databaseName, extension, fullFolders, unread));
            }
        }

        /// <summary>
        /// The xp_delete_file of one folder: shown in a dry run, run otherwise; a failure is a FAILED row that fails the job step.
        /// Msg 2812 names the cause: SQL Server on Linux had no xp_delete_file before later cumulative updates.
        /// </summary>
        private BackupResultRow Delete(BackupResultRow row, string folder, RetentionCutoff cutoff, BackupArguments arguments)
        {
            string extension = BackupFileName.Extension(arguments.BackupType);
            BackupResultRow planned = row.With(
                action: BackupResultRow.Cleanup,
                reasonCode: ReasonCodes.OkCleaned,
                reason: RetentionReasons.Cleaned(extension, arguments.Cleanup!.Hours, cutoff),
                command: CleanupCommand.DeleteOldBackups(folder, extension, cutoff.DeleteBefore!.Value));
            if (!arguments.Execute)
            {
                return planned.With(reason: planned.Reason + " Dry run (@Execute = 'N'): nothing was deleted.");
            }

            BackupResultRow done = Completed(planned.With(startedAt: clock.UtcNow), executor.Execute(planned.Command!));
            return done.ErrorNumber == NoSuchProcedure
                ? done.With(reason: done.Reason + " This SQL Server has no master.dbo.xp_delete_file (Msg 2812): SQL Server on Linux gained it in a cumulative update; "
                    + "install the latest cumulative update, or leave @CleanupTime NULL and clean the folder another way.")
                : done;
        }

        private static bool HoldsBackups(IReadOnlyList<string> fileNames, string extension)
        {
            foreach (string name in fileNames)
            {
                if (name.EndsWith("." + extension, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static FileNameValues FolderValues(ServerState server, DatabaseFacts database, BackupType type, bool copyOnly, DateTime utcNow) =>
            new FileNameValues(server.Instance.MachineName, server.Instance.InstanceName, database.AvailabilityGroupName, database.Name, type, copyOnly, utcNow);

        /// <summary>
        /// NAME of the backup set (msdb.dbo.backupset.name): what was taken, where, and for which group, so a restore can tell
        /// the replicas' backups of one series apart. At most 128 characters (docs/t-sql/statements/backup-transact-sql.md, NAME).
        /// </summary>
        internal static string BackupSetName(string replica, string? availabilityGroup, BackupRequest request)
        {
            string name = "AgBackupClr " + SqlNames.Describe(request.BackupType, request.CopyOnly) + " on " + replica
                + (availabilityGroup == null ? string.Empty : " in " + availabilityGroup);
            if (name.Length <= MaxBackupSetNameLength)
            {
                return name;
            }

            int length = char.IsHighSurrogate(name[MaxBackupSetNameLength - 1]) ? MaxBackupSetNameLength - 1 : MaxBackupSetNameLength;
            return name.Substring(0, length);
        }

        /// <param name="database">Null when the database no longer exists.</param>
        private static Decided Decide(ServerState server, DatabaseFacts? database, string name, BackupArguments arguments, BackupRequest asked)
        {
            AvailabilityGroupFacts? group = database == null ? null : server.GroupOf(database);
            ChangedBackupType change = database != null && arguments.ChangeBackupType
                ? BackupTypeChange.Apply(database, asked)
                : new ChangedBackupType(asked, null);
            BackupDecision decision = BackupDecisionEngine.Decide(server.Instance, name, database, group, change.Request);
            string? role = group?.LocalRole is ReplicaRole localRole ? SqlNames.Of(localRole) : null;
            return new Decided(name, group?.Name, role, change.Request, decision, change.Reason, null);
        }

        /// <summary>
        /// @MaxLogAgeMinutes: a LOG this replica leaves to another is checked against the log chain as this replica watches it
        /// (LogBackupAge), after recording where it stands now (a dry run records nothing). A watch that cannot run fails the row
        /// with SQL Server's error: a limit nobody checks would be silent.
        /// </summary>
        /// <param name="database">Null when the database no longer exists.</param>
        private Decided Watch(ServerState server, DatabaseFacts? database, Decided decided, BackupArguments arguments)
        {
            if (database == null || !LogBackupAge.Watches(decided.Decision, decided.Request, arguments.MaxLogAgeMinutes))
            {
                return decided;
            }

            LogBackupLsnHistory watched = logBackupLsns.Observe(database.Name, arguments.Execute);
            if (!watched.Outcome.Succeeded)
            {
                BackupDecision failed = LogBackupAge.NotObserved(decided.Decision, database.Name);
                string grant = watched.Outcome.ErrorNumber == PermissionDenied
                    ? EngineSql.GrantToTheJobOwner(EngineSql.ObserveLogBackupLsnProcedure) + "."
                    : string.Empty;
                return decided.With(decision: failed.With(explanation: Explanation.Of(failed.Reason + grant)), failure: watched.Outcome);
            }

            return decided.With(decision: LogBackupAge.Check(
                decided.Decision, decided.Request, database.Name, server.GroupOf(database), watched.Observed, arguments.MaxLogAgeMinutes));
        }

        /// <summary>
        /// This database's state read again and the decision made again, right before its BACKUP: the first read may be
        /// hours old. When the decision changed, the new one stands and its reason says what changed.
        /// </summary>
        private Decided DecideAgain(Decided first, BackupArguments arguments, BackupRequest asked)
        {
            ServerState fresh;
            try
            {
                fresh = state.Read(first.DatabaseName, asked.BackupType, asked.CopyOnly);
            }
            catch (StateReadException exception)
            {
                return first.With(
                    decision: BackupDecision.Refuse(
                        ReasonCodes.RefuseReplicaResolving,
                        "The state of database " + Describe.Quote(first.DatabaseName) + " could not be read again before its BACKUP: " + exception.Message),
                    change: null);
            }

            DatabaseFacts? database = fresh.FindDatabase(first.DatabaseName);
            Decided again = Watch(fresh, database, Decide(fresh, database, first.DatabaseName, arguments, asked), arguments);
            bool same = again.Decision.Action == first.Decision.Action
                && again.Decision.ReasonCode == first.Decision.ReasonCode
                && again.Request.BackupType == first.Request.BackupType;
            if (same)
            {
                return again;
            }

            string was = SqlNames.Of(first.Decision.Action) + " " + first.Decision.ReasonCode + " (" + SqlNames.Of(first.Request.BackupType) + ")";
            return again.With(
                change: "Decided again just before the BACKUP, from the state read then: the decision changed from " + was
                    + " when the run began." + (again.Change == null ? string.Empty : " " + again.Change));
        }

        private static BackupResultRow Row(Decided decided, BackupArguments arguments, string? command, string? file)
        {
            BackupDecision decision = decided.Decision;
            string reason = decision.ReasonWithWarnings();
            return new BackupResultRow(
                decided.DatabaseName,
                decided.AvailabilityGroupName,
                decided.ReplicaRole,
                SqlNames.Of(decided.Request.BackupType),
                arguments.CopyOnly,
                decided.Failure == null ? SqlNames.Of(decision.Action) : BackupResultRow.Failed,
                decision.ReasonCode,
                decided.Change == null ? reason : decided.Change + " " + reason,
                decision.IsPreferredReplica,
                decision.PreferredReplicaName,
                command,
                file,
                null,
                null,
                decided.Failure?.ErrorNumber,
                decided.Failure?.ErrorMessage);
        }

        private static BackupResultRow InvalidArgument(string? backupType, string message) =>
            new BackupResultRow(
                null,
                null,
                null,
                backupType,
                null,
                SqlNames.Of(DecisionAction.Refuse),
                ReasonCodes.RefuseInvalidArgument,
                message + " Nothing ran.",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        /// <summary>A run that stopped before any database was processed: the log keeps every row.</summary>
        private static RunOutcome Finish(KeptRows kept) => Finish(kept, RetentionOutcome.Nothing);

        private static RunOutcome Finish(KeptRows kept, RetentionOutcome retention)
        {
            IReadOnlyList<BackupResultRow> rows = kept.Rows;
            var failing = new List<BackupResultRow>();
            foreach (BackupResultRow row in rows)
            {
                if (row.FailsTheJob)
                {
                    failing.Add(row);
                }
            }

            string? logProblem = kept.FirstLogFailure == null ? null : LogProblem(kept.FirstLogFailure, kept.LogFailures);
            if (failing.Count == 0 && logProblem == null && retention.Problem == null)
            {
                return new RunOutcome(rows, retention.Notice, null);
            }

            var message = new StringBuilder("usp_BackupIfPreferred:");
            foreach (string? problem in new[] { logProblem, retention.Problem })
            {
                if (problem != null)
                {
                    message.Append(' ').Append(problem);
                }
            }

            if (failing.Count > 0)
            {
                message.Append(' ').Append(Count(failing.Count)).Append(" of ").Append(Count(rows.Count)).Append(" row(s) were refused or failed: ");
                for (int i = 0; i < failing.Count; i++)
                {
                    string item = (i == 0 ? string.Empty : ", ") + (failing[i].DatabaseName ?? "(arguments)") + " " + failing[i].Action + " " + failing[i].ReasonCode
                        + (failing[i].ErrorNumber is int number ? " Msg " + Count(number) : string.Empty);
                    if (message.Length + item.Length > MaxFinalErrorLength - 120)
                    {
                        message.Append(", and ").Append(Count(failing.Count - i)).Append(" more");
                        break;
                    }

                    message.Append(item);
                }

                message.Append(". The result rows and dbo.BackupDecisionLog say why for each database.");
            }

            return new RunOutcome(rows, retention.Notice, Truncate(message.ToString()));
        }

        /// <summary>What went wrong with the log and what to do; Msg 229 is a missing permission (docs: database engine error 229).</summary>
        private static string LogProblem(ExecutionResult failure, int failures)
        {
            string what = "dbo.BackupDecisionLog could not be written for " + Count(failures) + " row(s) (Msg "
                + Count(failure.ErrorNumber ?? 0) + ": " + failure.ErrorMessage + "); every row is still in the result set.";
            string todo = failure.ErrorNumber == PermissionDenied
                ? EngineSql.GrantToTheJobOwner(EngineSql.LogProcedure) + ", or run with @LogToTable = 'N'."
                : string.Empty;
            return what + todo;
        }

        private static string Truncate(string message) =>
            message.Length <= MaxFinalErrorLength ? message : message.Substring(0, MaxFinalErrorLength - 3) + "...";

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One database's decision with what it was decided for, why the request differs from the one asked (or null), and the error
    /// of a check that could not run, which fails the row (or null).
    /// </summary>
    internal sealed class Decided
    {
        public Decided(
            string databaseName,
            string? availabilityGroupName,
            string? replicaRole,
            BackupRequest request,
            BackupDecision decision,
            string? change,
            ExecutionResult? failure)
        {
            DatabaseName = databaseName;
            AvailabilityGroupName = availabilityGroupName;
            ReplicaRole = replicaRole;
            Request = request;
            Decision = decision;
            Change = change;
            Failure = failure;
        }

        public string DatabaseName { get; }

        public string? AvailabilityGroupName { get; }

        public string? ReplicaRole { get; }

        public BackupRequest Request { get; }

        public BackupDecision Decision { get; }

        public string? Change { get; }

        public ExecutionResult? Failure { get; }

        /// <summary>A copy with the properties given changed (C#'s <c>with</c> needs init accessors, which SQL Server's verifier refuses).</summary>
        public Decided With(
            string? databaseName = null,
            Change<string?> availabilityGroupName = default,
            Change<string?> replicaRole = default,
            BackupRequest? request = null,
            BackupDecision? decision = null,
            Change<string?> change = default,
            Change<ExecutionResult?> failure = default) =>
            new Decided(
                databaseName ?? DatabaseName,
                availabilityGroupName.Or(AvailabilityGroupName),
                replicaRole.Or(ReplicaRole),
                request ?? Request,
                decision ?? Decision,
                change.Or(Change),
                failure.Or(Failure));
    }

    /// <summary>
    /// The rows of one call in order, each written to the log as it is kept; a row logged when its BACKUP starts is
    /// completed when it is kept. A failed write is counted, not thrown.
    /// </summary>
    internal sealed class KeptRows
    {
        private readonly IDecisionLog log;
        private readonly bool logToTable;
        private readonly List<BackupResultRow> rows = new List<BackupResultRow>();
        private long? started;
        private bool startFailed;

        public KeptRows(IDecisionLog log, bool logToTable)
        {
            this.log = log;
            this.logToTable = logToTable;
        }

        public IReadOnlyList<BackupResultRow> Rows => rows;

        /// <summary>The first failed log write, or null when every write succeeded (or nothing was logged).</summary>
        public ExecutionResult? FirstLogFailure { get; private set; }

        /// <summary>How many rows could not be logged whole.</summary>
        public int LogFailures { get; private set; }

        /// <summary>Logs a row whose BACKUP is about to start; Keep completes it.</summary>
        public void Start(BackupResultRow row)
        {
            if (logToTable)
            {
                LogWrite written = log.Write(row, null);
                started = written.Id;
                startFailed = !Note(written.Outcome);
            }
        }

        public void Keep(BackupResultRow row)
        {
            rows.Add(row);
            if (logToTable)
            {
                bool completed = Note(log.Write(row, started).Outcome);
                if (!completed || startFailed)
                {
                    LogFailures++;
                }
            }

            started = null;
            startFailed = false;
        }

        private bool Note(ExecutionResult outcome)
        {
            if (!outcome.Succeeded)
            {
                FirstLogFailure ??= outcome;
            }

            return outcome.Succeeded;
        }
    }
}
