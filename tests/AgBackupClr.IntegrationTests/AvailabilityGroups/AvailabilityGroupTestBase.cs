using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>The assertions every availability group scenario shares: the procedure and the validation
/// function are checked against docs/rules.md with sys.fn_hadr_backup_is_preferred_replica as the
/// authority on which replica is preferred.</summary>
[Category("Integration")]
public abstract class AvailabilityGroupTestBase
{
    internal virtual AvailabilityGroupCluster Cluster => AvailabilityGroupSetUpFixture.Cluster;

    /// <summary>docs/rules.md, the placement principle: the preference applies to the backups a secondary may
    /// take; any other backup runs on the primary whatever the preference.</summary>
    internal static (string Action, string ReasonCode) ExpectedDecision(Replica replica, BackupKind kind, bool preferredByEngine)
    {
        if (replica.Facts.SecondaryMayTake(kind))
        {
            return preferredByEngine ? ("BACKUP", "OK_PREFERRED_REPLICA") : ("SKIP", "SKIP_NOT_PREFERRED");
        }

        return replica.IsPrimary ? ("BACKUP", "OK_PRIMARY_ONLY_TYPE") : ("SKIP", "SKIP_RUNS_ON_PRIMARY");
    }

    /// <summary>Dry run on one replica: the procedure's row and the function's row both say what the rules
    /// say, given the engine's own election.</summary>
    internal async Task<BackupDecision> AssertDryRunFollowsTheEngineAsync(Replica replica, BackupKind kind)
    {
        bool preferred = await Cluster.IsPreferredAsync(replica);
        ProcedureOutcome outcome = await Cluster.DecideAsync(replica, kind, execute: false);
        SqlRow validation = await Cluster.ValidateAsync(replica, kind);
        (string action, string reasonCode) = ExpectedDecision(replica, kind, preferred);
        BackupDecision row = outcome.Single(AvailabilityGroupCluster.DatabaseName);
        string context = $"{kind} on the {replica.Side} {replica.Name}, engine preferred={preferred}: {outcome.Describe()}";

        Assert.Multiple(() =>
        {
            Assert.That(row.Action, Is.EqualTo(action), context);
            Assert.That(row.ReasonCode, Is.EqualTo(reasonCode), context);
            Assert.That(row.AvailabilityGroupName, Is.EqualTo(AvailabilityGroupCluster.AvailabilityGroupName), context);
            Assert.That(outcome.Error, Is.Null, context);
            if (replica.Facts.SecondaryMayTake(kind))
            {
                Assert.That(row.IsPreferredReplica, Is.EqualTo(preferred), "is_preferred_replica disagrees with the engine; " + context);
                // Pins that the engine's own election (run on the primary) matches sys.fn_hadr_backup_is_preferred_replica,
                // tie-break included: a disagreement is reported as WARN_PREFERENCE_DISAGREES in the reason.
                Assert.That(row.Reason, Does.Not.Contain("WARN_PREFERENCE_DISAGREES"), "the engine's election and SQL Server's answer disagree; " + context);
            }

            Assert.That(validation.Text("action"), Is.EqualTo(action), "fn_ValidateBackupRequest; " + context);
            Assert.That(validation.Text("reason_code"), Is.EqualTo(reasonCode), "fn_ValidateBackupRequest; " + context);
            Assert.That(validation.Flag("should_run_here"), Is.EqualTo(action == "BACKUP"), "fn_ValidateBackupRequest; " + context);
        });
        return row;
    }

    /// <summary>Real run on one replica: a BACKUP decision leaves exactly one backup of the kind asked for (type and
    /// copy-only) in that replica's msdb and no error; a SKIP leaves none.</summary>
    internal async Task<BackupDecision> AssertRealRunDoesWhatItSaysAsync(Replica replica, BackupKind kind)
    {
        RecordedRun run = await Cluster.BackUpRecordedAsync(replica, kind);
        BackupDecision row = run.Outcome.Single(AvailabilityGroupCluster.DatabaseName);
        string context = $"{kind} on the {replica.Side} {replica.Name}: {run.Outcome.Describe()}";
        string[] expected = row.Action == "BACKUP" ? [kind.RecordedKind()] : [];

        Assert.Multiple(() =>
        {
            Assert.That(row.Action, Is.AnyOf("BACKUP", "SKIP"), context);
            Assert.That(run.Outcome.Error, Is.Null, context);
            Assert.That(run.TakenKinds, Is.EqualTo(expected), "msdb.dbo.backupset type and is_copy_only; " + context);
        });
        return row;
    }
}
