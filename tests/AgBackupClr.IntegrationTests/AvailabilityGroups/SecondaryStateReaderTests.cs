using System;
using System.Threading.Tasks;
using AgBackupClr.IntegrationTests.Infrastructure;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests.AvailabilityGroups;

/// <summary>The assumptions the state reader (src/AgBackupClr/Engine/StateQueries.cs) makes about what a secondary
/// replica shows: its availability database is ONLINE in sys.databases although nobody can read it, and the backup
/// bases it reads (last_log_backup_lsn, differential_base_lsn) follow backups taken on either replica.</summary>
[TestFixture]
public sealed class SecondaryStateReaderTests : AvailabilityGroupTestBase
{
    // Backup history reaches the other replica with the log it is recorded in: seconds on a synchronized group.
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task TheAvailabilityDatabaseIsOnlineOnTheNonReadableSecondary()
    {
        // Given the group's secondary, which allows no connections in the secondary role (the default)
        // When its sys.databases is read
        SqlRow state = await Cluster.DatabaseStateAsync(Cluster.Secondary);

        // Then the database is ONLINE: the rules refuse any other state before placement, so another state_desc here
        // would make every secondary answer REFUSE_DATABASE_NOT_ONLINE
        Assert.Multiple(() =>
        {
            Assert.That(state.Text("secondary_role_allow_connections_desc"), Is.EqualTo("NO"), "the test's secondary is not readable");
            Assert.That(state.Text("state_desc"), Is.EqualTo("ONLINE"), "sys.databases.state_desc of the database on a non-readable secondary");
        });
    }

    [Test]
    public async Task ALogBackupOnEitherReplicaMovesLastLogBackupLsnOnBoth([Values] ReplicaSide side)
    {
        // Given both replicas' last_log_backup_lsn
        BackupBaseLsns before = await Cluster.BaseLsnsAsync(Cluster.Secondary);

        // When a native LOG backup runs on one replica (both may take a regular LOG backup: docs/rules.md F1)
        (BackupBaseLsns onPrimary, BackupBaseLsns onSecondary) = await BackUpThenReadBothAsync(
            Cluster.On(side), BackupKind.Log, lsns => lsns.LastLogBackupLsn);

        // Then both replicas show the same, newer last_log_backup_lsn: one log chain across the replicas
        string context = $"after LOG on the {side}: before on the secondary {before}; primary {onPrimary}; secondary {onSecondary}";
        Assert.Multiple(() =>
        {
            Assert.That(onSecondary.LastLogBackupLsn, Is.Not.Null, "the secondary sees a log backup base; " + context);
            Assert.That(onSecondary.LastLogBackupLsn, Is.GreaterThan(before.LastLogBackupLsn ?? 0), "the secondary's last_log_backup_lsn moved; " + context);
            Assert.That(onSecondary.LastLogBackupLsn, Is.EqualTo(onPrimary.LastLogBackupLsn), "both replicas agree; " + context);
        });
    }

    [Test]
    public async Task AFullBackupOnEitherReplicaSetsTheSameDifferentialBaseOnBoth([Values] ReplicaSide side)
    {
        // Given a FULL backup each replica may take: regular on the primary; on a secondary copy-only before SQL Server
        // 2025 (which keeps the differential base, docs/rules.md F1) and regular from 2025 (docs/rules.md F3)
        Replica replica = Cluster.On(side);
        BackupKind kind = replica.IsPrimary || replica.Facts.SecondaryMayTake(BackupKind.Full) ? BackupKind.Full : BackupKind.CopyOnlyFull;
        BackupBaseLsns before = await Cluster.BaseLsnsAsync(Cluster.Primary);

        // When it runs there
        (BackupBaseLsns onPrimary, BackupBaseLsns onSecondary) = await BackUpThenReadBothAsync(
            replica, kind, lsns => lsns.DifferentialBaseLsn);

        // Then a regular FULL moves sys.master_files.differential_base_lsn, a copy-only one does not, and the secondary
        // shows what the primary shows (the state reader reads the differential base from sys.master_files)
        string context = $"after {kind} on the {side}: primary before {before}; primary {onPrimary}; secondary {onSecondary}";
        Assert.Multiple(() =>
        {
            if (kind == BackupKind.Full)
            {
                Assert.That(onPrimary.DifferentialBaseLsn, Is.GreaterThan(before.DifferentialBaseLsn ?? 0), "a regular FULL is the new differential base; " + context);
            }
            else
            {
                Assert.That(onPrimary.DifferentialBaseLsn, Is.EqualTo(before.DifferentialBaseLsn), "a COPY_ONLY FULL keeps the differential base; " + context);
            }

            Assert.That(onSecondary.DifferentialBaseLsn, Is.EqualTo(onPrimary.DifferentialBaseLsn), "sys.master_files on the secondary follows the primary; " + context);
        });
    }

    /// <summary>A native backup on one replica, then both replicas' bases, the secondary's read until <paramref name="value"/>
    /// agrees with the primary's or the time is up.</summary>
    private async Task<(BackupBaseLsns OnPrimary, BackupBaseLsns OnSecondary)> BackUpThenReadBothAsync(
        Replica replica, BackupKind kind, Func<BackupBaseLsns, decimal?> value)
    {
        NativeBackupOutcome native = await Cluster.NativeBackupAsync(replica, kind);
        Assert.That(native.Succeeded, Is.True, $"{kind} on the {replica.Side}: {native}");
        BackupBaseLsns onPrimary = await Cluster.BaseLsnsAsync(Cluster.Primary);
        BackupBaseLsns onSecondary = await Eventually.ReadUntilAsync(
            () => Cluster.BaseLsnsAsync(Cluster.Secondary), seen => value(seen) == value(onPrimary), PropagationTimeout);
        return (onPrimary, onSecondary);
    }
}
