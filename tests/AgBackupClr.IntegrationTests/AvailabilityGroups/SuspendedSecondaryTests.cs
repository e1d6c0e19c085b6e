using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>Data movement suspended on the secondary: its database is NOT SYNCHRONIZING, so SQL Server
/// refuses backups there (docs/rules.md F1), and the procedure must fail loudly rather than let the backup be
/// skipped everywhere (REFUSE_SECONDARY_UNHEALTHY on the secondary, REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING on the primary,
/// which sees the secondary's copy suspended).</summary>
[TestFixture]
public sealed class SuspendedSecondaryTests : AvailabilityGroupTestBase
{
    [OneTimeSetUp]
    public async Task GivenTheSecondaryIsPreferredAndSuspended()
    {
        await Cluster.ConfigureBackupAsync("SECONDARY", 50, 50);
        await Cluster.SuspendDataMovementOnSecondaryAsync();
    }

    [OneTimeTearDown]
    public Task ResumeDataMovement() => Cluster.ResumeDataMovementOnSecondaryAsync();

    [Test]
    public async Task TheSuspendedSecondaryDatabaseIsStillOnline()
    {
        // When the suspended secondary's sys.databases is read
        SqlRow state = await Cluster.DatabaseStateAsync(Cluster.Secondary);

        // Then the database is ONLINE although NOT SYNCHRONIZING: the rules refuse any other state before placement,
        // so another state_desc would turn REFUSE_SECONDARY_UNHEALTHY into REFUSE_DATABASE_NOT_ONLINE
        Assert.That(state.Text("state_desc"), Is.EqualTo("ONLINE"), "sys.databases.state_desc after ALTER DATABASE ... SET HADR SUSPEND");
    }

    [Test]
    public async Task SqlServerRefusesALogBackupOnTheSuspendedSecondary()
    {
        // When a native LOG backup runs on the suspended secondary
        NativeBackupOutcome native = await Cluster.NativeBackupAsync(Cluster.Secondary, BackupKind.Log);

        // Then it fails; the numbers are printed so the next run can pin them
        await TestContext.Out.WriteLineAsync($"Native LOG backup on the suspended secondary {native}.");
        Assert.That(native.Succeeded, Is.False, native.ToString());
    }

    [Test]
    public async Task TheLogBackupIsNeverSilentlySkippedEverywhere()
    {
        // When the same LOG job step runs as a dry run on both replicas
        bool secondaryPreferred = await Cluster.IsPreferredAsync(Cluster.Secondary);
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);
        ProcedureOutcome onPrimary = await Cluster.DecideAsync(Cluster.Primary, BackupKind.Log, execute: false);
        ProcedureOutcome onSecondary = await Cluster.DecideAsync(Cluster.Secondary, BackupKind.Log, execute: false);
        BackupDecision primaryRow = onPrimary.Single(AvailabilityGroupCluster.DatabaseName);
        BackupDecision secondaryRow = onSecondary.Single(AvailabilityGroupCluster.DatabaseName);
        await TestContext.Out.WriteLineAsync(
            $"Engine preferred: primary={primaryPreferred}, secondary={secondaryPreferred}. " +
            $"Primary: {onPrimary.Describe()} Secondary: {onSecondary.Describe()}");

        // Then the secondary never backs up; if the engine still prefers it, it refuses loudly, otherwise the
        // primary takes the backup
        Assert.Multiple(() =>
        {
            Assert.That(secondaryRow.Action, Is.Not.EqualTo("BACKUP"), onSecondary.Describe());
            if (secondaryPreferred)
            {
                Assert.That(secondaryRow.ReasonCode, Is.EqualTo("REFUSE_SECONDARY_UNHEALTHY"), onSecondary.Describe());
                Assert.That(onSecondary.Error?.Class, Is.EqualTo(16), onSecondary.Describe());
            }

            if (primaryPreferred)
            {
                Assert.That(primaryRow.Action, Is.EqualTo("BACKUP"), onPrimary.Describe());
            }

            Assert.That(
                new[] { primaryRow.Action, secondaryRow.Action },
                Has.Some.AnyOf("BACKUP", "REFUSE"),
                "both replicas skipped: the LOG backup would be lost silently");
        });
    }

    [Test]
    public async Task ThePrimaryRefusesTheLogItLeavesToTheSuspendedPreferredSecondary()
    {
        // Given SQL Server names the suspended secondary as the preferred backup replica, and the primary shows its copy suspended
        await Cluster.WaitForPrimaryToSeeSecondaryStateAsync("NOT SYNCHRONIZING");
        bool primaryPreferred = await Cluster.IsPreferredAsync(Cluster.Primary);

        // When the LOG job step really runs on the primary
        ProcedureOutcome onPrimary = await Cluster.DecideAsync(Cluster.Primary, BackupKind.Log, execute: true);
        BackupDecision row = onPrimary.Single(AvailabilityGroupCluster.DatabaseName);

        // Then, when SQL Server passes over the suspended secondary (undocumented), the primary takes the LOG itself; this
        // pins which of the two SQL Server does, and docs/usp_BackupIfPreferred.md's REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING row says both
        TestContext.Out.WriteLine("sys.fn_hadr_backup_is_preferred_replica on the primary with the preferred secondary suspended: " + (primaryPreferred ? 1 : 0));
        if (primaryPreferred)
        {
            Assert.That((row.Action, row.ReasonCode, onPrimary.Error), Is.EqualTo(("BACKUP", "OK_PREFERRED_REPLICA", (ServerMessage?)null)), onPrimary.Describe());
            return;
        }

        // Otherwise the primary refuses, naming the secondary, its state and what to do, and the job step fails
        Assert.Multiple(() =>
        {
            Assert.That((row.Action, row.ReasonCode), Is.EqualTo(("REFUSE", "REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING")), onPrimary.Describe());
            Assert.That(row.Reason, Does.Contain("Replica " + Cluster.Secondary.Name + " (BACKUP_PRIORITY = 50)").IgnoreCase
                .And.Contain("data movement of its database is SUSPENDED").And.Contain("SET HADR RESUME"), onPrimary.Describe());
            Assert.That(onPrimary.Error?.Class, Is.EqualTo(16), onPrimary.Describe());
        });
    }

    [Test]
    public async Task TheRealRunTakesNoBackupOnTheSuspendedSecondary()
    {
        // Given the backups recorded on the secondary
        int before = await Cluster.CountBackupsAsync(Cluster.Secondary);

        // When the LOG job step really runs there
        ProcedureOutcome outcome = await Cluster.DecideAsync(Cluster.Secondary, BackupKind.Log, execute: true);

        // Then no backup was taken there
        int after = await Cluster.CountBackupsAsync(Cluster.Secondary);
        Assert.That(after, Is.EqualTo(before), outcome.Describe());
    }
}
