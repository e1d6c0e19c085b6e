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
                bool keep = !string.Equals(raw.LogToTable, "N", StringComparison.OrdinalIgnoreCase);
                return Finish(new[] { Keep(InvalidArgument(raw.BackupType, parsed.Error!), keep) });
            }

            BackupArguments arguments = parsed.Arguments;
            ServerState server;
            try
            {
                server = state.Read();
            }
            catch (StateReadException exception)
            {
                // Nothing can be decided without the state: fail the job step with what to do, and run nothing.
                return new RunOutcome(Array.Empty<BackupResultRow>(), "usp_BackupIfPreferred: " + exception.Message + " Nothing ran.");
            }

            Selection selection = DatabaseSelection.Select(arguments.Databases, server.Databases);
            var request = new BackupRequest(arguments.BackupType, arguments.CopyOnly, arguments.OverrideBackupPreference, arguments.Execute);
            var rows = new List<BackupResultRow>();
            if (selection.Error != null)
            {
                rows.Add(Keep(InvalidArgument(raw.BackupType, selection.Error), arguments.LogToTable));
                return Finish(rows);
            }

            foreach (DatabaseFacts database in selection.Databases)
            {
                rows.Add(Keep(Process(server, database, arguments, request), arguments.LogToTable));
            }

            foreach (string name in selection.MissingNames)
            {
                BackupDecision decision = BackupDecisionEngine.Decide(server.Instance, name, null, null, request);
                rows.Add(Keep(Row(name, null, null, arguments, decision, null, null), arguments.LogToTable));
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

        private BackupResultRow Keep(BackupResultRow row, bool logToTable)
        {
            if (logToTable)
            {
                log.Write(row);
            }

            return row;
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

        private static RunOutcome Finish(IReadOnlyList<BackupResultRow> rows)
        {
            var failing = new List<BackupResultRow>();
            foreach (BackupResultRow row in rows)
            {
                if (row.FailsTheJob)
                {
                    failing.Add(row);
                }
            }

            if (failing.Count == 0)
            {
                return new RunOutcome(rows, null);
            }

            var message = new StringBuilder("usp_BackupIfPreferred: ")
                .Append(Count(failing.Count)).Append(" of ").Append(Count(rows.Count)).Append(" row(s) were refused or failed: ");
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
            return new RunOutcome(rows, message.ToString());
        }

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
