using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using AgBackupClr.Tests.Engine;
using AgBackupClr.Tests.Support;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// @MaxLogAgeMinutes: a LOG skipped for another replica is refused on the primary once last_log_backup_lsn has stood still,
    /// by this replica's own clock, for longer than the limit; a secondary, whose copy follows log backups elsewhere only
    /// through redo, warns instead.
    /// </summary>
    public class LogBackupAgeTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

        private const decimal Lsn = 42000000003100001m;

        private static readonly BackupRequest Log = new BackupRequest(BackupType.Log, false, false, true, SelectedBy.Name);

        private static readonly AvailabilityGroupFacts OnPrimary = InMemory.Group();

        private static readonly AvailabilityGroupFacts OnSecondary = InMemory.Group().With(replicas: new[]
        {
            new ReplicaFacts("SQL1", 50, AvailabilityMode.SynchronousCommit, ReplicaRole.Secondary, true, true, true),
            new ReplicaFacts("SQL2", 60, AvailabilityMode.SynchronousCommit, null, null, null, false),
        });

        private static readonly AvailabilityGroupFacts OnForwarder = InMemory.Group().With(distributedRole: DistributedRole.Secondary);

        private static BackupDecision NotPreferred(string? preferred = "SQL2") =>
            BackupDecision.Skip(ReasonCodes.SkipNotPreferred, "SQL2 is preferred.").With(isPreferredReplica: false, preferredReplicaName: preferred);

        /// <summary>The LSN first seen this many minutes before now.</summary>
        private static ObservedLogBackupLsn SeenFor(double minutes) => new ObservedLogBackupLsn(Now, Lsn, Now.AddMinutes(-minutes));

        private static BackupDecision Check(BackupDecision decision, AvailabilityGroupFacts group, ObservedLogBackupLsn observed, int? limit = 60, BackupRequest? request = null) =>
            LogBackupAge.Check(decision, request ?? Log, "Sales", group, observed, limit);

        [Test]
        public void On_the_primary_an_lsn_that_stood_exactly_as_long_as_the_limit_keeps_the_skip()
        {
            BackupDecision decision = Check(NotPreferred(), OnPrimary, SeenFor(60));

            Assert.That((decision.Action, decision.ReasonCode, decision.Reason), Is.EqualTo((DecisionAction.Skip, ReasonCodes.SkipNotPreferred, "SQL2 is preferred.")));
            Assert.That(decision.Warnings, Is.Empty);
        }

        [Test]
        public void On_the_primary_an_lsn_that_stood_longer_than_the_limit_turns_the_skip_into_a_refusal_that_names_the_preferred_replica()
        {
            BackupDecision decision = Check(NotPreferred(), OnPrimary, SeenFor(61));

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, "REFUSE_LOG_BACKUP_OVERDUE")));
            Assert.That(decision.PreferredReplicaName, Is.EqualTo("SQL2"));
            Assert.That(decision.IsPreferredReplica, Is.False);
            Assert.That(decision.Reason, Is.EqualTo(
                "LOG is left to the preferred replica SQL2, but last_log_backup_lsn of 'Sales' (sys.database_recovery_status) has stood at 42000000003100001 "
                + "since this replica first saw it at 2026-11-26 10:59Z, 61 minutes ago by its own clock, more than @MaxLogAgeMinutes = 60: "
                + "the job on SQL2 is not running, not taking this backup, or AgBackupClr is missing there. "
                + "Look at that replica's job and dbo.BackupDecisionLog; this replica fails its job step so the gap in the log chain is seen."));
        }

        [Test]
        public void A_refusal_without_a_preferred_replica_name_says_the_preferred_replica()
        {
            BackupDecision decision = Check(NotPreferred(null), OnPrimary, SeenFor(90));

            Assert.That(decision.Reason, Does.StartWith("LOG is left to the preferred replica, but last_log_backup_lsn of 'Sales'"));
            Assert.That(decision.Reason, Does.Contain(": the job on that replica is not running"));
        }

        [Test]
        public void On_a_secondary_an_lsn_that_stood_longer_than_the_limit_keeps_the_skip_and_warns()
        {
            BackupDecision decision = Check(NotPreferred(), OnSecondary, SeenFor(61));

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, ReasonCodes.SkipNotPreferred)));
            Assert.That(decision.ReasonWithWarnings(), Is.EqualTo(
                "SQL2 is preferred. WARN_LOG_BACKUP_OVERDUE: last_log_backup_lsn of 'Sales' (sys.database_recovery_status) has stood at 42000000003100001 "
                + "since this replica first saw it at 2026-11-26 10:59Z, 61 minutes ago by its own clock, more than @MaxLogAgeMinutes = 60. "
                + "This replica does not refuse: it is a secondary replica, whose copy of the database shows a log backup taken on another replica only once "
                + "the log that records it is redone here, and Microsoft documents neither that it is nor how late. The primary's job step fails when the log chain stops."));
        }

        [Test]
        public void The_forwarder_of_a_distributed_groups_secondary_group_receives_the_log_too_and_only_warns()
        {
            BackupDecision decision = Check(NotPreferred(), OnForwarder, SeenFor(600));

            Assert.That(decision.Action, Is.EqualTo(DecisionAction.Skip));
            Assert.That(decision.Warnings.Single().Message, Does.Contain("it is the forwarder of a distributed availability group's secondary group, whose copy"));
        }

        [Test]
        public void A_warning_is_added_to_those_the_decision_already_has()
        {
            BackupDecision disagreeing = NotPreferred().With(warnings: new[] { new DecisionWarning(ReasonCodes.WarnPreferenceDisagrees, "both answers") });

            BackupDecision decision = Check(disagreeing, OnSecondary, SeenFor(61));

            Assert.That(decision.Warnings.Select(warning => warning.Code), Is.EqualTo(new[] { ReasonCodes.WarnPreferenceDisagrees, ReasonCodes.WarnLogBackupOverdue }));
        }

        [Test]
        public void Without_a_limit_nothing_changes()
        {
            BackupDecision decision = Check(NotPreferred(), OnPrimary, SeenFor(3 * 24 * 60), limit: null);

            Assert.That((decision.ReasonCode, decision.Reason), Is.EqualTo((ReasonCodes.SkipNotPreferred, "SQL2 is preferred.")));
        }

        [Test]
        public void Where_no_log_backup_can_start_the_skip_stands_and_says_the_limit_was_not_checked()
        {
            BackupDecision decision = Check(NotPreferred(), OnPrimary, new ObservedLogBackupLsn(Now, null, null));

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Skip, ReasonCodes.SkipNotPreferred)));
            Assert.That(decision.Reason, Is.EqualTo("SQL2 is preferred. @MaxLogAgeMinutes is not checked here: sys.database_recovery_status shows no last_log_backup_lsn "
                + "for 'Sales' (no log backup can start before the first full backup, and a database that is not started shows none)."));
        }

        [Test]
        public void Only_a_regular_log_skipped_for_another_replica_is_watched()
        {
            BackupDecision onPrimary = BackupDecision.Skip(ReasonCodes.SkipRunsOnPrimary, "primary only");
            BackupDecision backup = new BackupDecision(DecisionAction.Backup, ReasonCodes.OkPreferredReplica, Explanation.Of("here"), true, true, "SQL1", Array.Empty<DecisionWarning>());

            Assert.That(LogBackupAge.Watches(NotPreferred(), Log, 60), Is.True);
            Assert.That(LogBackupAge.Watches(NotPreferred(), Log, null), Is.False);
            Assert.That(LogBackupAge.Watches(onPrimary, Log, 60), Is.False);
            Assert.That(LogBackupAge.Watches(backup, Log, 60), Is.False);
            Assert.That(LogBackupAge.Watches(NotPreferred(), Log.With(copyOnly: true), 60), Is.False);
            Assert.That(LogBackupAge.Watches(NotPreferred(), Log.With(backupType: BackupType.Full, copyOnly: true), 60), Is.False);
            Assert.That(Check(onPrimary, OnPrimary, SeenFor(600)).ReasonCode, Is.EqualTo(ReasonCodes.SkipRunsOnPrimary));
            Assert.That(Check(backup, OnPrimary, SeenFor(600)).ReasonCode, Is.EqualTo(ReasonCodes.OkPreferredReplica));
            Assert.That(Check(NotPreferred(), OnPrimary, SeenFor(600), request: Log.With(copyOnly: true)).ReasonCode, Is.EqualTo(ReasonCodes.SkipNotPreferred));
        }

        [Test]
        public void A_watch_that_could_not_run_is_a_refusal_of_its_own_code_that_says_so()
        {
            BackupDecision decision = LogBackupAge.NotObserved(NotPreferred(), "Sales");

            Assert.That((decision.Action, decision.ReasonCode), Is.EqualTo((DecisionAction.Refuse, ReasonCodes.RefuseLogBackupOverdue)));
            Assert.That(decision.Reason, Is.EqualTo("SQL2 is preferred. @MaxLogAgeMinutes could not be checked: the last_log_backup_lsn of 'Sales' could not be recorded or read here, "
                + "so this replica cannot tell whether the log chain moves."));
        }

        // The watch over generated histories: log backups (the first FULL gives the first LSN) at random gaps, stopping for
        // good at a random point or not; this replica's job runs on its own schedule with outages and dry runs; its copy of the
        // database shows each LSN after a lag (none on the primary). The dbo.ObservedLogBackupLsn it keeps is FakeLogBackupLsns,
        // which does what the procedure does, on the replica's clock.
        private const int Histories = 1000;

        private sealed class History
        {
            public History(int limit, int runEvery, int[] gaps, int stopAfter, int start, bool onPrimary, int lag, uint seed)
            {
                Limit = limit;
                RunEvery = runEvery;
                Gaps = gaps;
                StopAfter = stopAfter;
                Start = start;
                OnPrimary = onPrimary;
                Lag = onPrimary ? 0 : lag;
                Seed = seed;
            }

            public int Limit { get; }

            public int RunEvery { get; }

            public int[] Gaps { get; }

            public int StopAfter { get; }

            public int Start { get; }

            public bool OnPrimary { get; }

            public int Lag { get; }

            public uint Seed { get; }

            /// <summary>The minutes at which the LSN moves: the first FULL at Start, then each log backup until they stop.</summary>
            public List<int> Moves()
            {
                var moves = new List<int> { Start };
                foreach (int gap in Gaps.Take(StopAfter))
                {
                    moves.Add(moves[moves.Count - 1] + gap);
                }

                return moves;
            }

            public override string ToString() =>
                $"limit {Limit}, runs every {RunEvery}, LSN moves at {string.Join(",", Moves())}, {(OnPrimary ? "primary" : "secondary lagging " + Lag)}, seed {Seed}";
        }

        private static readonly Gen<History> HistoryGen =
            Gen.Select(
                Gen.Select(Gen.OneOfConst(15, 30, 60, 240), Gen.OneOfConst(1, 5, 15, 60), Gen.Int[1, 300].Array[1, 12], Gen.Int[0, 12]),
                Gen.Select(Gen.Int[0, 500], Gen.Bool, Gen.Int[0, 600], Gen.UInt),
                (schedule, replica) => new History(schedule.Item1, schedule.Item2, schedule.Item3, schedule.Item4, replica.Item1, replica.Item2, replica.Item3, replica.Item4));

        /// <summary>One run of the job on this replica: when, whether it records (a dry run does not), and what it decided.</summary>
        private readonly struct Run
        {
            public Run(int minute, bool records, BackupDecision decision)
            {
                Minute = minute;
                Records = records;
                Decision = decision;
            }

            public int Minute { get; }

            public bool Records { get; }

            public BackupDecision Decision { get; }
        }

        private static List<Run> Replay(History history)
        {
            List<int> moves = history.Moves();
            var random = new Random((int)(history.Seed & int.MaxValue));
            var clock = new ManualClock(Now);
            var lsns = new FakeLogBackupLsns(clock);
            var runs = new List<Run>();
            int end = moves[moves.Count - 1] + 4 * history.Limit + 2 * history.RunEvery + history.Lag;
            for (int minute = random.Next(0, history.RunEvery); minute <= end; minute += history.RunEvery + random.Next(0, history.RunEvery))
            {
                // An outage: the job did not run.
                if (random.Next(10) == 0)
                {
                    continue;
                }

                // The replica's copy shows the newest LSN whose log it has redone: none before the first FULL.
                int shown = moves.Count(move => move + history.Lag <= minute);
                lsns.Show("Sales", shown == 0 ? null : Lsn + shown);
                clock.UtcNow = Now.AddMinutes(minute);
                bool records = random.Next(8) != 0;
                ObservedLogBackupLsn observed = lsns.Observe("Sales", records).Observed;
                BackupDecision decision = LogBackupAge.Check(NotPreferred(), Log, "Sales", history.OnPrimary ? OnPrimary : OnSecondary, observed, history.Limit);
                runs.Add(new Run(minute, records, decision));
            }

            return runs;
        }

        [Test]
        public void On_the_primary_a_refusal_means_the_lsn_has_not_moved_for_the_limit_and_comes_at_the_first_run_that_can_know_it()
        {
            Property.ForAll(HistoryGen.Where(history => history.OnPrimary), Histories, history =>
            {
                List<int> moves = history.Moves();
                int watchedMove = -1;
                int? recordedAt = null;
                foreach (Run run in Replay(history))
                {
                    // The newest move this run sees, and the first recording run since: when the watch's memory says it was first seen.
                    int newest = moves.LastOrDefault(move => move <= run.Minute, -1);
                    if (newest != watchedMove)
                    {
                        watchedMove = newest;
                        recordedAt = null;
                    }

                    bool refused = run.Decision.Action == DecisionAction.Refuse;
                    if (refused && newest > run.Minute - history.Limit)
                    {
                        Assert.Fail($"refused at {run.Minute} although the LSN moved at {newest}, within the limit; {history}");
                    }

                    if (!refused && newest >= 0 && recordedAt is int seen && run.Minute - seen > history.Limit)
                    {
                        Assert.Fail($"not refused at {run.Minute} although this replica recorded the LSN at {seen} and it never moved since; {history}");
                    }

                    if (run.Decision.Warnings.Count > 0)
                    {
                        Assert.Fail($"warned at {run.Minute}: the primary refuses or keeps the skip as it is; {history}");
                    }

                    if (run.Records && newest >= 0 && recordedAt == null)
                    {
                        recordedAt = run.Minute;
                    }
                }
            });
        }

        [Test]
        public void A_secondary_never_refuses_and_warns_only_when_its_copy_stood_still_for_the_limit()
        {
            Property.ForAll(HistoryGen.Where(history => !history.OnPrimary), Histories / 2, history =>
            {
                List<int> shownAt = history.Moves().Select(move => move + history.Lag).ToList();
                foreach (Run run in Replay(history))
                {
                    int newestShown = shownAt.LastOrDefault(shown => shown <= run.Minute, -1);
                    bool warned = run.Decision.Warnings.Any(warning => warning.Code == ReasonCodes.WarnLogBackupOverdue);
                    if (run.Decision.Action != DecisionAction.Skip)
                    {
                        Assert.Fail($"{run.Decision.Action} at {run.Minute}: a secondary only skips; {history}");
                    }

                    if (warned && newestShown > run.Minute - history.Limit)
                    {
                        Assert.Fail($"warned at {run.Minute} although its copy moved at {newestShown}, within the limit; {history}");
                    }
                }
            });
        }
    }
}
