using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.TSql;

namespace AgBackupClr.Engine
{
    /// <summary>The rows of one call, and the error to raise after them when any row was refused or failed.</summary>
    public sealed record RunOutcome(IReadOnlyList<BackupResultRow> Rows, string? FinalError);

    /// <summary>
    /// usp_BackupIfPreferred without SQL Server: check the parameters, read the state once, select the databases,
    /// decide, build and run each BACKUP, log every row, and say at the end whether the job step must fail.
    /// </summary>
    public sealed class BackupRun
    {
        /// <summary>THROW takes a message of at most 2,048 characters.</summary>
        public const int MaxFinalErrorLength = 2048;

        /// <summary>SQL Server's error for a missing permission on an object.</summary>
        private const int PermissionDenied = 229;

        private readonly IStateSource state;
        private readonly ICommandExecutor executor;
        private readonly IDecisionLog log;
        private readonly IClock clock;

        public BackupRun(IStateSource state, ICommandExecutor executor, IDecisionLog log, IClock clock)
        {
            this.state = state;
            this.executor = executor;
            this.log = log;
            this.clock = clock;
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
                server = state.Read(arguments.BackupType, arguments.CopyOnly);
            }
            catch (StateReadException exception)
            {
                // Nothing can be decided without the state: fail the job step with what to do, and run nothing.
                return new RunOutcome(Array.Empty<BackupResultRow>(), "usp_BackupIfPreferred: " + exception.Message + " Nothing ran.");
            }

            Selection selection = DatabaseSelection.Select(arguments.Databases, server.Databases, server.Instance.NameComparison);
            var request = new BackupRequest(arguments.BackupType, arguments.CopyOnly, arguments.OverrideBackupPreference, arguments.Execute, SelectedBy.Name);
            var rows = new KeptRows(log, arguments.LogToTable);
            if (selection.Error != null)
            {
                rows.Keep(InvalidArgument(raw.BackupType, selection.Error));
                return Finish(rows);
            }

            foreach (SelectedDatabase selected in selection.Databases)
            {
                rows.Keep(Process(server, selected.Database, arguments, request with { SelectedBy = selected.SelectedBy }));
            }

            foreach (string name in selection.MissingNames)
            {
                BackupDecision decision = BackupDecisionEngine.Decide(server.Instance, name, null, null, request);
                rows.Keep(Row(name, null, null, arguments, decision, null, null));
            }

            return Finish(rows);
        }

        private BackupResultRow Process(ServerState server, DatabaseFacts database, BackupArguments arguments, BackupRequest request)
        {
            AvailabilityGroupFacts? group = server.GroupOf(database);
            BackupDecision decision = BackupDecisionEngine.Decide(server.Instance, database.Name, database, group, request);
            string? role = group?.LocalRole is ReplicaRole localRole ? SqlNames.Of(localRole) : null;
            if (decision.Action != DecisionAction.Backup)
            {
                return Row(database.Name, group?.Name, role, arguments, decision, null, null);
            }

            DateTime startedAt = clock.UtcNow;
            var values = new FileNameValues(
                server.Instance.MachineName, server.Instance.InstanceName, database.AvailabilityGroupName, database.Name, arguments.BackupType, arguments.CopyOnly, startedAt);
            string template = database.IsInAvailabilityGroup ? arguments.AvailabilityGroupFileName : arguments.FileName;
            BackupPath path = BackupFileName.Build(arguments.Directory, template, values);
            if (path.Path == null)
            {
                return Row(database.Name, group?.Name, role, arguments, BackupDecision.InvalidArgument(path.Error!), null, null);
            }

            string backup = BackupCommand.Build(new BackupCommandOptions(
                database.Name, arguments.BackupType, arguments.CopyOnly, path.Path, arguments.Checksum, arguments.Compress, BackupArgumentParser.DefaultStats));
            string? verify = arguments.Verify ? BackupCommand.Verify(path.Path, arguments.Checksum) : null;
            string command = verify == null ? backup : backup + "\n" + verify;
            BackupResultRow planned = Row(database.Name, group?.Name, role, arguments, decision, command, path.Path);
            if (!arguments.Execute)
            {
                return planned with { Reason = planned.Reason + " Dry run (@Execute = 'N'): nothing ran." };
            }

            ExecutionResult result = executor.Execute(backup);
            if (result.Succeeded && verify != null)
            {
                result = executor.Execute(verify);
            }

            return planned with
            {
                Action = result.Succeeded ? planned.Action : BackupResultRow.Failed,
                StartedAt = startedAt,
                FinishedAt = clock.UtcNow,
                ErrorNumber = result.ErrorNumber,
                ErrorMessage = result.ErrorMessage,
            };
        }

        private static BackupResultRow Row(
            string name, string? group, string? role, BackupArguments arguments, BackupDecision decision, string? command, string? file)
        {
            return new BackupResultRow(
                name,
                group,
                role,
                SqlNames.Of(arguments.BackupType),
                arguments.CopyOnly,
                SqlNames.Of(decision.Action),
                decision.ReasonCode,
                decision.ReasonWithWarnings(),
                decision.IsPreferredReplica,
                decision.PreferredReplicaName,
                command,
                file,
                null,
                null,
                null,
                null);
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

        private static RunOutcome Finish(KeptRows kept)
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
            if (failing.Count == 0 && logProblem == null)
            {
                return new RunOutcome(rows, null);
            }

            var message = new StringBuilder("usp_BackupIfPreferred: ");
            if (logProblem != null)
            {
                message.Append(logProblem);
            }

            if (failing.Count > 0)
            {
                message.Append(logProblem == null ? string.Empty : " ").Append(Count(failing.Count)).Append(" of ").Append(Count(rows.Count)).Append(" row(s) were refused or failed: ");
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

            return new RunOutcome(rows, Truncate(message.ToString()));
        }

        /// <summary>What went wrong with the log and what to do; Msg 229 is a missing permission (docs: database engine error 229).</summary>
        private static string LogProblem(ExecutionResult failure, int failures)
        {
            string what = "dbo.BackupDecisionLog could not be written for " + Count(failures) + " row(s) (Msg "
                + Count(failure.ErrorNumber ?? 0) + ": " + failure.ErrorMessage + "); every row is still in the result set.";
            string todo = failure.ErrorNumber == PermissionDenied
                ? " GRANT EXECUTE ON " + EngineSql.LogProcedure + " TO the login that runs the job (sql/permissions/grant-job-owner.sql grants all it needs),"
                    + " or run with @LogToTable = 'N'."
                : string.Empty;
            return what + todo;
        }

        private static string Truncate(string message) =>
            message.Length <= MaxFinalErrorLength ? message : message.Substring(0, MaxFinalErrorLength - 3) + "...";

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The rows of one call in order, each written to the log as it is kept; a failed write is counted, not thrown.</summary>
    internal sealed class KeptRows
    {
        private readonly IDecisionLog log;
        private readonly bool logToTable;
        private readonly List<BackupResultRow> rows = new List<BackupResultRow>();

        public KeptRows(IDecisionLog log, bool logToTable)
        {
            this.log = log;
            this.logToTable = logToTable;
        }

        public IReadOnlyList<BackupResultRow> Rows => rows;

        /// <summary>The first failed log write, or null when every write succeeded (or nothing was logged).</summary>
        public ExecutionResult? FirstLogFailure { get; private set; }

        public int LogFailures { get; private set; }

        public void Keep(BackupResultRow row)
        {
            rows.Add(row);
            if (!logToTable)
            {
                return;
            }

            ExecutionResult written = log.Write(row);
            if (!written.Succeeded)
            {
                FirstLogFailure ??= written;
                LogFailures++;
            }
        }
    }
}
