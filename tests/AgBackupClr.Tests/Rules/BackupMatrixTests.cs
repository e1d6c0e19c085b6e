using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// Every combination of role, synchronization state, connection, backup type, copy-only, preference, version, edition,
    /// basic AG and the answer of sys.fn_hadr_backup_is_preferred_replica, judged against an oracle written here from SPEC
    /// F1-F5 without calling the rule code.
    /// </summary>
    public class BackupMatrixTests
    {
        /// <summary>Stands for OK_PREFERRED_REPLICA, SKIP_NOT_PREFERRED or REFUSE_NO_ELIGIBLE_REPLICA where the test does not pin which.</summary>
        private const string AnyPreferenceCode = "(a preference decision)";

        private static readonly IReadOnlyDictionary<string, DecisionAction> ActionOfCode = new Dictionary<string, DecisionAction>
        {
            ["OK_PREFERRED_REPLICA"] = DecisionAction.Backup,
            ["OK_PRIMARY_ONLY_TYPE"] = DecisionAction.Backup,
            ["OK_NOT_IN_AG"] = DecisionAction.Backup,
            ["SKIP_NOT_PREFERRED"] = DecisionAction.Skip,
            ["SKIP_RUNS_ON_PRIMARY"] = DecisionAction.Skip,
            ["SKIP_SEEDING"] = DecisionAction.Skip,
            ["REFUSE_SECONDARY_UNHEALTHY"] = DecisionAction.Refuse,
            ["REFUSE_PRIMARY_NOT_REACHABLE"] = DecisionAction.Refuse,
            ["REFUSE_RESTORE_ON_AG_DATABASE"] = DecisionAction.Refuse,
            ["REFUSE_REPLICA_RESOLVING"] = DecisionAction.Refuse,
            ["REFUSE_NO_ELIGIBLE_REPLICA"] = DecisionAction.Refuse,
            ["REFUSE_DATABASE_NOT_FOUND"] = DecisionAction.Refuse,
            ["REFUSE_DATABASE_SNAPSHOT"] = DecisionAction.Refuse,
            ["SKIP_DATABASE_NOT_ONLINE"] = DecisionAction.Skip,
            ["REFUSE_DATABASE_NOT_ONLINE"] = DecisionAction.Refuse,
            ["REFUSE_TEMPDB"] = DecisionAction.Refuse,
            ["SKIP_MASTER_FULL_ONLY"] = DecisionAction.Skip,
            ["REFUSE_MASTER_FULL_ONLY"] = DecisionAction.Refuse,
            ["SKIP_LOG_SIMPLE_RECOVERY"] = DecisionAction.Skip,
            ["REFUSE_LOG_SIMPLE_RECOVERY"] = DecisionAction.Refuse,
            ["REFUSE_NO_BASE_BACKUP"] = DecisionAction.Refuse,
            ["REFUSE_IN_USER_TRANSACTION"] = DecisionAction.Refuse,
            ["REFUSE_INVALID_ARGUMENT"] = DecisionAction.Refuse,
        };

        private static readonly ReplicaRole[] Roles = { ReplicaRole.Primary, ReplicaRole.Secondary, ReplicaRole.Resolving };

        private static readonly SynchronizationState[] SynchronizationStates =
        {
            SynchronizationState.NotSynchronizing,
            SynchronizationState.Synchronizing,
            SynchronizationState.Synchronized,
            SynchronizationState.Reverting,
            SynchronizationState.Initializing,
        };

        private static readonly BackupType[] BackupTypes = { BackupType.Full, BackupType.Diff, BackupType.Log };

        private static readonly AutomatedBackupPreference[] Preferences =
        {
            AutomatedBackupPreference.Primary,
            AutomatedBackupPreference.SecondaryOnly,
            AutomatedBackupPreference.Secondary,
            AutomatedBackupPreference.None,
        };

        private static readonly bool[] Booleans = { false, true };

        private static readonly int[] Versions = { 16, 17 };

        private static readonly int[] EngineEditions = { 2, 3 };

        [Test]
        public void No_combination_backs_up_what_sql_server_refuses_and_each_gets_the_decision_the_spec_gives_it()
        {
            var failures = new List<string>();
            int combinations = 0;
            foreach (ReplicaRole role in Roles)
            foreach (SynchronizationState state in SynchronizationStates)
            foreach (bool connected in Booleans)
            foreach (BackupType type in BackupTypes)
            foreach (bool copyOnly in Booleans)
            foreach (AutomatedBackupPreference preference in Preferences)
            foreach (int version in Versions)
            foreach (int edition in EngineEditions)
            foreach (bool basic in Booleans)
            foreach (bool preferred in Booleans)
            {
                combinations++;
                var c = new Combination(role, state, connected, type, copyOnly, preference, version, edition, basic, preferred);
                BackupDecision decision = c.Given().Decide(type, copyOnly);
                foreach (string problem in Problems(c, decision))
                {
                    failures.Add(c + " -> " + decision.Action + " " + decision.ReasonCode + ": " + problem);
                }
            }

            Assert.That(combinations, Is.EqualTo(3 * 5 * 2 * 3 * 2 * 4 * 2 * 2 * 2 * 2));
            Assert.That(
                string.Join(Environment.NewLine, failures.Take(40)),
                Is.Empty,
                failures.Count + " problems in " + combinations + " combinations; the first 40 are listed.");
        }

        private static IEnumerable<string> Problems(Combination c, BackupDecision decision)
        {
            bool accepts = SqlServerAccepts(c);
            if (decision.Action == DecisionAction.Backup && !accepts)
            {
                yield return "BACKUP, but SQL Server refuses this statement on this replica";
            }

            if (!ActionOfCode.TryGetValue(decision.ReasonCode, out DecisionAction action))
            {
                yield return "the code is not one of SPEC section 3";
            }
            else if (action != decision.Action)
            {
                yield return "SPEC section 3 gives this code the action " + action;
            }

            if (string.IsNullOrWhiteSpace(decision.Reason))
            {
                yield return "no reason";
            }

            if (decision.ReasonCode != "REFUSE_INVALID_ARGUMENT" && decision.IsSupportedHere != accepts)
            {
                yield return "IsSupportedHere = " + decision.IsSupportedHere + " but SQL Server accepts = " + accepts;
            }

            string expected = ExpectedCode(c);
            if (decision.ReasonCode != expected && expected != AnyPreferenceCode)
            {
                yield return "expected " + expected;
            }

            if (expected == AnyPreferenceCode
                && decision.ReasonCode != "OK_PREFERRED_REPLICA"
                && decision.ReasonCode != "SKIP_NOT_PREFERRED"
                && decision.ReasonCode != "REFUSE_NO_ELIGIBLE_REPLICA")
            {
                yield return "expected a decision of the backup preference";
            }

            if (c.Role == ReplicaRole.Primary && c.Connected && expected != AnyPreferenceCode && IsDecidedByPreference(expected))
            {
                bool electedHere = c.Preference == AutomatedBackupPreference.Primary || c.Preference == AutomatedBackupPreference.None;
                int expectedWarnings = electedHere == c.Preferred ? 0 : 1;
                if (decision.Warnings.Count != expectedWarnings || decision.Warnings.Any(w => w.Code != "WARN_PREFERENCE_DISAGREES"))
                {
                    yield return "expected " + expectedWarnings + " WARN_PREFERENCE_DISAGREES, got " + decision.Warnings.Count;
                }
            }
        }

        private static bool IsDecidedByPreference(string code) => code == "OK_PREFERRED_REPLICA" || code == "SKIP_NOT_PREFERRED";

        /// <summary>SPEC F1, F3, F4: whether any secondary replica of this availability group may run the statement.</summary>
        private static bool SecondaryMayRun(Combination c)
        {
            if (c.IsBasic || c.EngineEdition != 3)
            {
                return false;
            }

            switch (c.Type)
            {
                case BackupType.Log:
                    return !c.CopyOnly;
                case BackupType.Full:
                    return c.CopyOnly || c.Version >= 17;
                default:
                    return !c.CopyOnly && c.Version >= 17;
            }
        }

        /// <summary>
        /// Whether SQL Server runs the BACKUP statement on this replica. The database is ONLINE, in FULL recovery with a base
        /// backup (F9), so only the replica matters: the primary takes everything, a RESOLVING replica nothing, and a secondary
        /// what F1/F3/F4 allow while connected and SYNCHRONIZED or SYNCHRONIZING.
        /// </summary>
        private static bool SqlServerAccepts(Combination c) => c.Role switch
        {
            ReplicaRole.Primary => true,
            ReplicaRole.Secondary => SecondaryMayRun(c)
                && c.Connected
                && (c.State == SynchronizationState.Synchronized || c.State == SynchronizationState.Synchronizing),
            _ => false,
        };

        private static string ExpectedCode(Combination c)
        {
            if (c.Type == BackupType.Diff && c.CopyOnly)
            {
                return "REFUSE_INVALID_ARGUMENT";
            }

            if (c.Role == ReplicaRole.Resolving)
            {
                return "REFUSE_REPLICA_RESOLVING";
            }

            // F1: a secondary backs up only while it communicates with the primary; without one, nobody can be known to back up.
            if (c.Role == ReplicaRole.Secondary && !c.Connected)
            {
                return "REFUSE_PRIMARY_NOT_REACHABLE";
            }

            // The placement principle: a type no secondary may take runs on the primary whatever the preference.
            if (!SecondaryMayRun(c))
            {
                return c.Role == ReplicaRole.Primary ? "OK_PRIMARY_ONLY_TYPE" : "SKIP_RUNS_ON_PRIMARY";
            }

            if (c.Role == ReplicaRole.Secondary)
            {
                bool healthy = c.State == SynchronizationState.Synchronized || c.State == SynchronizationState.Synchronizing;
                return !c.Preferred ? "SKIP_NOT_PREFERRED" : healthy ? "OK_PREFERRED_REPLICA" : "REFUSE_SECONDARY_UNHEALTHY";
            }

            // A primary that shows itself disconnected is not a state SQL Server reports; only the preference family is checked.
            if (!c.Connected)
            {
                return AnyPreferenceCode;
            }

            // Both secondaries are healthy with BACKUP_PRIORITY 50, so the election always has a winner.
            return c.Preferred ? "OK_PREFERRED_REPLICA" : "SKIP_NOT_PREFERRED";
        }

        private sealed record Combination(
            ReplicaRole Role,
            SynchronizationState State,
            bool Connected,
            BackupType Type,
            bool CopyOnly,
            AutomatedBackupPreference Preference,
            int Version,
            int EngineEdition,
            bool IsBasic,
            bool Preferred)
        {
            public Facts Given()
            {
                Facts given = Role == ReplicaRole.Primary ? Facts.OnPrimary() : Facts.OnSecondary();
                given.ChangeLocal(r => r with { Role = Role, IsConnected = Connected });
                given.SynchronizationState = State;
                given.Preference = Preference;
                given.ProductMajorVersion = Version;
                given.EngineEdition = EngineEdition;
                given.IsBasic = IsBasic;
                given.IsPreferredBackupReplica = Preferred;
                return given;
            }

            public override string ToString() =>
                SqlNames.Of(Role) + ", " + SqlNames.Of(State) + ", " + (Connected ? "CONNECTED" : "DISCONNECTED") + ", "
                + SqlNames.Describe(Type, CopyOnly) + ", " + SqlNames.Of(Preference) + ", version " + Version + ", EngineEdition "
                + EngineEdition + (IsBasic ? ", basic AG" : string.Empty) + ", fn_hadr_backup_is_preferred_replica = " + (Preferred ? 1 : 0);
        }
    }
}
