using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Rules;
using NUnit.Framework;

namespace AgBackupClr.Tests.Rules
{
    /// <summary>
    /// What every replica does with every backup, judged against decision tables taken from the documentation and written as
    /// data, so that a mistake copied into the engine's branches is not copied into the expectation. The tables are read in
    /// docs/rules.md's order: the argument, the database, the replica's role, who may take which backup, the election and
    /// SQL Server's answer, then what stops a replica that would take it. Sources named in the rows' comments:
    /// [active-secondaries] docs/database-engine/availability-groups/windows/active-secondaries-backup-on-secondary-replicas-always-on-availability-groups.md,
    /// [basic] docs/database-engine/availability-groups/windows/basic-availability-groups-always-on-availability-groups.md,
    /// [distributed] docs/database-engine/availability-groups/windows/distributed-availability-groups.md,
    /// [create-ag] docs/t-sql/statements/create-availability-group-transact-sql.md,
    /// [backup] docs/t-sql/statements/backup-transact-sql.md, docs/rules.md (F1-F9 and the order of the rules), docs/usp_BackupIfPreferred.md "Reason codes" and the
    /// parameters of usp_BackupIfPreferred.
    /// </summary>
    public class BackupMatrixTests
    {
        /// <summary>docs/rules.md and docs/usp_BackupIfPreferred.md "Reason codes": the action each code stands for, one line per code.</summary>
        private static readonly IReadOnlyDictionary<string, DecisionAction> ActionOfCode = new Dictionary<string, DecisionAction>
        {
            ["OK_PREFERRED_REPLICA"] = DecisionAction.Backup,
            ["OK_PRIMARY_ONLY_TYPE"] = DecisionAction.Backup,
            ["OK_NOT_IN_AG"] = DecisionAction.Backup,
            ["SKIP_NOT_PREFERRED"] = DecisionAction.Skip,
            ["SKIP_RUNS_ON_PRIMARY"] = DecisionAction.Skip,
            ["SKIP_SEEDING"] = DecisionAction.Skip,
            ["REFUSE_SECONDARY_UNHEALTHY"] = DecisionAction.Refuse,
            ["REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING"] = DecisionAction.Refuse,
            ["REFUSE_PRIMARY_NOT_REACHABLE"] = DecisionAction.Refuse,
            ["REFUSE_PREFERENCE_UNKNOWN"] = DecisionAction.Refuse,
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
            ["REFUSE_ENCRYPTOR_NOT_FOUND"] = DecisionAction.Refuse,
            ["REFUSE_CREDENTIAL_NOT_FOUND"] = DecisionAction.Refuse,
            ["REFUSE_DESTINATION_NOT_FOUND"] = DecisionAction.Refuse,
            ["REFUSE_LOG_BACKUP_OVERDUE"] = DecisionAction.Refuse,
        };

        /// <summary>docs/usp_BackupIfPreferred.md "Reason codes": the codes of @CleanupTime's rows, which no backup decision gives, and their action.</summary>
        private static readonly IReadOnlyDictionary<string, string> ActionOfCleanupCode = new Dictionary<string, string>
        {
            ["OK_CLEANED"] = "CLEANUP",
            ["SKIP_CLEANUP_GUARD"] = "SKIP",
            ["SKIP_CLEANUP_NOT_HERE"] = "SKIP",
            ["SKIP_CLEANUP_URL"] = "SKIP",
            ["SKIP_CLEANUP_NOTHING"] = "SKIP",
            ["REFUSE_CLEANUP_NO_FULL"] = "REFUSE",
        };

        /// <summary>In a table: no code from this table, the next one decides.</summary>
        private const string NextTable = "-";

        /// <summary>In "who may take": the backup preference decides (the election and sys.fn_hadr_backup_is_preferred_replica).</summary>
        private const string ByPreference = "preference";

        private const string Warning = "WARN_PREFERENCE_DISAGREES";

        private static readonly string[] YesNo = { "Y", "N" };

        /// <summary>
        /// The columns of a scenario: the value each has unless the matrix varies it, and every value it can take. By default
        /// a healthy database of availability group AG1 (SQL1 primary, SQL2 and SQL3 secondaries), in FULL recovery with its
        /// base backups. priorities: BACKUP_PRIORITY of SQL1 (the primary), SQL2 and SQL3. answer: what
        /// sys.fn_hadr_backup_is_preferred_replica returned. group: "-" not distributed, GLOBAL_PRIMARY the availability group
        /// that holds a distributed group's global primary, SECONDARY_AG the other one (its primary is the forwarder).
        /// fwd_opt_in: @AllowNonCopyOnlyBackupsOnForwarder. base: the base the backup needs (the last full for a LOG, the
        /// differential base for a DIFF); unknown is a secondary's own view. others_copy: the state the primary shows of the
        /// database on SQL2 and SQL3 (sys.dm_hadr_database_replica_states, is_local = 0); none: no such row is visible.
        /// </summary>
        private static readonly Column[] Columns =
        {
            new("role", "PRIMARY", new[] { "PRIMARY", "SECONDARY", "RESOLVING" }),
            new("connected", "Y", YesNo),
            new("group", "-", new[] { "-", "GLOBAL_PRIMARY", "SECONDARY_AG" }),
            new("version", "16", new[] { "16", "17" }),
            new("edition", "3", new[] { "3", "other" }),
            new("basic", "N", YesNo),
            new("backup", "LOG", new[] { "FULL", "COPY_ONLY_FULL", "DIFF", "COPY_ONLY_DIFF", "LOG", "COPY_ONLY_LOG" }),
            new("fwd_opt_in", "N", YesNo),
            new("preference", "SECONDARY", new[] { "PRIMARY", "SECONDARY_ONLY", "SECONDARY", "NONE" }),
            new("priorities", "50/50/50", new[] { "50/50/50", "100/50/50", "50/50/80", "0/50/50", "50/0/0", "0/0/0" }),
            new("answer", "1", new[] { "1", "0", "NULL" }),
            new("override", "N", YesNo),
            new("sync", "SYNCHRONIZED", new[] { "SYNCHRONIZED", "SYNCHRONIZING", "NOT_SYNCHRONIZING", "REVERTING", "INITIALIZING", "none" }),
            new("suspended", "N", YesNo),
            new("others_copy", "none", new[] { "SYNCHRONIZED", "NOT_SYNCHRONIZING", "SUSPENDED", "none" }),
            new("base", "yes", new[] { "yes", "no", "unknown" }),
            new("seeding", "N", YesNo),
            new("exclude_seeding", "N", YesNo),
        };

        /// <summary>The columns the lookup adds as it goes: the election's winner, the code a replica would take the backup with, and the action placement gave.</summary>
        private static readonly Column[] Derived =
        {
            new("election", "not_run", new[] { "here", "here_tied", "other", "none", "not_run" }),
            new("taken_as", "OK_PREFERRED_REPLICA", new[] { "OK_PREFERRED_REPLICA", "OK_PRIMARY_ONLY_TYPE" }),
            new("placed", "BACKUP", new[] { "BACKUP", "SKIP", "REFUSE" }),
        };

        /// <summary>The values of every column a table may test.</summary>
        private static readonly IReadOnlyDictionary<string, string[]> Domains = Columns.Concat(Derived).ToDictionary(c => c.Name, c => c.Values, StringComparer.Ordinal);

        private static readonly DecisionTable Arguments = new(
            "arguments",
            Domains,
            "backup          | code",
            "COPY_ONLY_DIFF  | REFUSE_INVALID_ARGUMENT", // [backup]: COPY_ONLY has no effect with DIFFERENTIAL; docs/rules.md: invalid argument first
            "*               | -"); // FULL, DIFF and LOG, with or without COPY_ONLY

        /// <summary>docs/rules.md F9, for a database that is ONLINE in FULL recovery: whether it has the base the backup needs.</summary>
        private static readonly DecisionTable DatabaseRules = new(
            "database rules",
            Domains,
            "backup             base  | code",
            "LOG,COPY_ONLY_LOG  no    | REFUSE_NO_BASE_BACKUP", // docs/rules.md F9: a LOG backup needs an existing base full backup
            "DIFF               no    | REFUSE_NO_BASE_BACKUP", // docs/usp_BackupIfPreferred.md: REFUSE_NO_BASE_BACKUP, "LOG or DIFF before the first FULL"
            "*                  *     | -"); // docs/usp_BackupIfPreferred.md: where a secondary cannot know the base, nothing is refused on a guess

        private static readonly DecisionTable Roles = new(
            "roles",
            Domains,
            "role       connected | code",
            "RESOLVING  *         | REFUSE_REPLICA_RESOLVING", // the reason codes (docs/usp_BackupIfPreferred.md): local replica role is RESOLVING
            "SECONDARY  N         | REFUSE_PRIMARY_NOT_REACHABLE", // [active-secondaries] "must be able to communicate with the primary replica"; docs/rules.md: never skips silently
            "*          *         | -"); // otherwise placement decides

        /// <summary>
        /// Who may take which backup. runs_on: the roles on which SQL Server runs the statement (docs/rules.md F1, F3-F5). PRIMARY and
        /// SECONDARY: the decision of a replica in that role. The placement principle of docs/rules.md: a type no secondary
        /// may take runs on the primary whatever the preference. Distributed groups exist only on EngineEdition 3 and
        /// never basic ([distributed], [basic]), so the matrix builds no other.
        /// </summary>
        private static readonly DecisionTable WhoMayTake = new(
            "who may take",
            Domains,
            "group             version  edition  basic  backup          fwd_opt_in | runs_on            PRIMARY               SECONDARY",
            "-,GLOBAL_PRIMARY  *        *        Y      *               *          | PRIMARY            OK_PRIMARY_ONLY_TYPE  SKIP_RUNS_ON_PRIMARY", // [basic] "No backups on secondary replica."
            "-,GLOBAL_PRIMARY  *        other    N      *               *          | PRIMARY            OK_PRIMARY_ONLY_TYPE  SKIP_RUNS_ON_PRIMARY", // docs/rules.md F4: backups on secondaries need EngineEdition 3
            "-,GLOBAL_PRIMARY  *        3        N      COPY_ONLY_LOG   *          | PRIMARY            OK_PRIMARY_ONLY_TYPE  SKIP_RUNS_ON_PRIMARY", // [active-secondaries] COPY_ONLY "is not supported for log backups on secondary replicas"
            "-,GLOBAL_PRIMARY  16       3        N      FULL,DIFF       *          | PRIMARY            OK_PRIMARY_ONLY_TYPE  SKIP_RUNS_ON_PRIMARY", // [active-secondaries] "only copy-only full backups"; "Differential backups aren't supported"
            "-,GLOBAL_PRIMARY  *        3        N      *               *          | PRIMARY,SECONDARY  preference            preference", // [active-secondaries] copy-only full, regular log; docs/rules.md F3: FULL and DIFF from 17 on EngineEdition 3
            "SECONDARY_AG      *        *        *      COPY_ONLY_FULL  *          | PRIMARY            preference            SKIP_RUNS_ON_PRIMARY", // [active-secondaries] "or on the primary replica of any secondary availability groups"; docs/rules.md F5
            "SECONDARY_AG      *        *        *      *               N          | PRIMARY            SKIP_RUNS_ON_PRIMARY  SKIP_RUNS_ON_PRIMARY", // docs/rules.md F5: COPY_ONLY FULL only by default (a policy: SQL Server accepts the rest on the forwarder); the global primary's group takes the rest
            "SECONDARY_AG      16       *        *      FULL,DIFF       Y          | PRIMARY            OK_PRIMARY_ONLY_TYPE  SKIP_RUNS_ON_PRIMARY", // docs/usp_BackupIfPreferred.md @AllowNonCopyOnlyBackupsOnForwarder; before 17 no secondary may take these
            "SECONDARY_AG      *        *        *      COPY_ONLY_LOG   Y          | PRIMARY            OK_PRIMARY_ONLY_TYPE  SKIP_RUNS_ON_PRIMARY", // docs/usp_BackupIfPreferred.md @AllowNonCopyOnlyBackupsOnForwarder; [active-secondaries] no COPY_ONLY log on secondaries
            "SECONDARY_AG      *        *        *      *               Y          | PRIMARY            preference            SKIP_RUNS_ON_PRIMARY"); // [distributed] secondaries of a secondary group take no backups; LOG, and FULL and DIFF from 17, by preference

        /// <summary>
        /// The election the primary runs (docs/rules.md F6, F8), by priorities and AUTOMATED_BACKUP_PREFERENCE: here (SQL1), another
        /// replica, or none. Candidates have BACKUP_PRIORITY above 0, the highest wins, a tie goes to the lowest name
        /// (docs/rules.md F7), so SQL1 wins ties: here_tied, where SQL Server, whose tie-break is undocumented, may prefer SQL2 or SQL3.
        /// </summary>
        private static readonly DecisionTable Elections = new(
            "election",
            Domains,
            "group             priorities     | PRIMARY  SECONDARY_ONLY  SECONDARY  NONE",
            "-,GLOBAL_PRIMARY  50/50/50       | here     other           other      here_tied", // [create-ag] PRIMARY: always the primary; SECONDARY(_ONLY): a secondary; NONE: a tie of all three, SQL1 by name
            "-,GLOBAL_PRIMARY  100/50/50      | here     other           other      here", // [create-ag] NONE ignores the role: the highest BACKUP_PRIORITY wins
            "-,GLOBAL_PRIMARY  50/50/80       | here     other           other      other", // [create-ag] the preference before the priority: PRIMARY keeps the primary
            "-,GLOBAL_PRIMARY  0/50/50        | none     other           other      other", // [create-ag] BACKUP_PRIORITY 0: "never be chosen for performing backups"
            "-,GLOBAL_PRIMARY  50/0/0         | here     none            here       here", // [create-ag] SECONDARY: the primary when no secondary can; SECONDARY_ONLY: never the primary
            "-,GLOBAL_PRIMARY  0/0/0          | none     none            none       none", // F6 and docs/rules.md: all priorities 0, nobody
            "SECONDARY_AG      0/50/50,0/0/0  | none     none            none       none", // docs/usp_BackupIfPreferred.md: in a secondary group only the forwarder takes backups; docs/rules.md F6: 0 = never
            "SECONDARY_AG      *              | here     here            here       here"); // docs/usp_BackupIfPreferred.md: only the forwarder, whatever the preference

        /// <summary>
        /// Whether a replica takes a backup the preference decides. docs/rules.md: the authority is
        /// sys.fn_hadr_backup_is_preferred_replica; without its answer only the primary can elect (docs/rules.md F8).
        /// </summary>
        private static readonly DecisionTable Choices = new(
            "preference",
            Domains,
            "role     answer  election  override  others_copy                  | code",
            "*        *       *         Y         *                            | OK_PREFERRED_REPLICA", // docs/usp_BackupIfPreferred.md: OK_PREFERRED_REPLICA "(or @OverrideBackupPreference = 'Y')"
            "*        1       *         N         *                            | OK_PREFERRED_REPLICA", // docs/rules.md: SQL Server's answer decides, a disagreement is only reported
            "PRIMARY  NULL    here,here_tied N    *                            | OK_PREFERRED_REPLICA", // docs/rules.md: without an answer, the engine's own election
            "PRIMARY  0,NULL  none      N         *                            | REFUSE_NO_ELIGIBLE_REPLICA", // the reason codes (docs/usp_BackupIfPreferred.md): computable on the primary, no replica would take it
            "PRIMARY  0,NULL  other     N         NOT_SYNCHRONIZING,SUSPENDED  | REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING", // [active-secondaries] the preferred secondary's database "must be SYNCHRONIZED or SYNCHRONIZING": nobody takes it
            "PRIMARY  0       here_tied N         NOT_SYNCHRONIZING,SUSPENDED  | REFUSE_PREFERRED_REPLICA_NOT_SYNCHRONIZING", // issue 20: SQL Server says not SQL1, so one of the tied SQL2 and SQL3, and neither copy receives log
            "SECONDARY NULL   *         N         *                            | REFUSE_PREFERENCE_UNKNOWN", // docs/rules.md, the placement principle: a secondary cannot elect (F8), so without SQL Server's answer it must not skip silently
            "*        *       *         N         *                            | SKIP_NOT_PREFERRED"); // the reason codes (docs/usp_BackupIfPreferred.md): another replica is preferred

        /// <summary>What stops a replica that would take the backup: the health of a secondary (docs/rules.md F1), then the seeding opt-in.</summary>
        private static readonly DecisionTable WouldTake = new(
            "would take",
            Domains,
            "role       taken_as              sync                                           suspended  backup             seeding  exclude_seeding | code",
            "SECONDARY  OK_PREFERRED_REPLICA  NOT_SYNCHRONIZING,REVERTING,INITIALIZING,none  *          *                  *        *               | REFUSE_SECONDARY_UNHEALTHY", // [active-secondaries] "must be SYNCHRONIZED or SYNCHRONIZING"
            "SECONDARY  OK_PREFERRED_REPLICA  *                                              Y          *                  *        *               | REFUSE_SECONDARY_UNHEALTHY", // docs/usp_BackupIfPreferred.md: REFUSE_SECONDARY_UNHEALTHY when its database "is suspended"
            "*          OK_PREFERRED_REPLICA  *                                              *          LOG                Y        Y               | SKIP_SEEDING", // docs/usp_BackupIfPreferred.md @ExcludeSeedingFromLogBackup: "the replica that would take a LOG backup skips it"
            "*          OK_PRIMARY_ONLY_TYPE  *                                              *          LOG,COPY_ONLY_LOG  Y        Y               | SKIP_SEEDING", // the same line: a primary-only LOG is taken too
            "*          OK_PREFERRED_REPLICA  *                                              *          *                  *        *               | OK_PREFERRED_REPLICA", // the reason codes (docs/usp_BackupIfPreferred.md)
            "*          OK_PRIMARY_ONLY_TYPE  *                                              *          *                  *        *               | OK_PRIMARY_ONLY_TYPE"); // the reason codes (docs/usp_BackupIfPreferred.md)

        /// <summary>Whether the database rules or placement decide, once both have answered.</summary>
        private static readonly DecisionTable Precedence = new(
            "precedence",
            Domains,
            "role       placed  backup                 base | first",
            "SECONDARY  SKIP    LOG,COPY_ONLY_LOG,DIFF no   | placement", // docs/rules.md, the order of the rules: refuse only what this replica would take (F9: not supported here either)
            "SECONDARY  SKIP    *                      *    | placement", // docs/rules.md, the order of the rules: "On a secondary, placement is decided before database-state rules"
            "*          *       *                      *    | database"); // docs/rules.md: the database rules come before role, placement and health

        private static readonly DecisionTable[] Tables = { Arguments, DatabaseRules, Roles, WhoMayTake, Elections, Choices, WouldTake, Precedence };

        /// <summary>Every combination of these: what decides who may take which backup.</summary>
        private static readonly string[] PlacementColumns = { "role", "connected", "group", "version", "edition", "basic", "backup", "fwd_opt_in" };

        /// <summary>
        /// Each placement above meets every combination of the columns of each slice, the other columns at their defaults. The
        /// full product would be some 24 million scenarios; a slice holds the columns whose rules meet (the preference and
        /// SQL Server's answer, the election and that answer, health or the base and who would take it, seeding and the
        /// base), and a test below checks that every row of every table is reached.
        /// </summary>
        private static readonly string[][] Slices =
        {
            new[] { "preference", "answer", "override" }, // who takes it by preference
            new[] { "priorities", "preference", "answer" }, // the primary's election against SQL Server's answer
            new[] { "sync", "answer", "override" }, // a secondary that would take it, synchronizing or not
            new[] { "base", "suspended", "answer", "override" }, // a missing or unknown base, before or after placement and health
            new[] { "seeding", "exclude_seeding", "base", "suspended", "answer" }, // the seeding opt-in among the other rules
            new[] { "preference", "answer", "others_copy" }, // the primary sees the preferred secondary's copy: can it be backed up there?
        };

        private static readonly Lazy<MatrixResult> Result = new(Run);

        [Test]
        public void Every_combination_gets_the_decision_the_documentation_tables_give_it()
        {
            MatrixResult result = Result.Value;

            Assert.That(result.Placements, Is.EqualTo(576), "4 role and connection pairs x 12 groups and instances x 6 backups x 2 forwarder opt-ins");
            Assert.That(result.Situations, Is.EqualTo(234), "24 + 72 + 36 + 36 + 72 + 48 combinations of the slices, less the 54 that two slices share");
            Assert.That(result.Combinations, Is.EqualTo(576 * 234));
            Assert.That(
                Report(result.Problems),
                Is.Empty,
                result.Problems.Count + " problems in " + result.Combinations + " combinations.");
        }

        [Test]
        public void Every_row_of_the_tables_is_reached_by_at_least_one_combination()
        {
            MatrixResult result = Result.Value;

            string[] unused = Tables.SelectMany(t => t.Rows).Where(r => !result.Used.Contains(r)).Select(r => r.ToString()).ToArray();

            Assert.That(unused, Is.Empty, "A row no combination reaches proves nothing: widen the matrix or drop the row.");
        }

        [Test]
        public void The_tables_never_let_a_replica_take_a_backup_sql_server_does_not_run_there()
        {
            string[] wrong = WhoMayTake.Rows
                .SelectMany(row => new[] { "PRIMARY", "SECONDARY" }.Select(role => (row, role)))
                .Where(c => (c.row[c.role] == ByPreference || c.row[c.role] == "OK_PRIMARY_ONLY_TYPE") && !c.row["runs_on"].Split(',').Contains(c.role))
                .Select(c => c.row + " lets a " + c.role + " take it")
                .ToArray();

            Assert.That(wrong, Is.Empty);
        }

        [Test]
        public void Every_reason_code_has_an_action_here_and_a_row_in_the_procedure_doc()
        {
            string[] codes = typeof(ReasonCodes).GetFields()
                .Where(field => field.IsLiteral)
                .Select(field => (string)field.GetRawConstantValue()!)
                .ToArray();
            string[] warnings = codes.Where(code => code.StartsWith("WARN_", StringComparison.Ordinal)).ToArray();
            string reference = System.IO.File.ReadAllText(Support.Repository.ProcedureDocPath);

            Assert.That(codes.Except(warnings), Is.EquivalentTo(ActionOfCode.Keys.Concat(ActionOfCleanupCode.Keys)));
            Assert.That(
                codes.Except(warnings).Where(code => !reference.Contains(
                    "| `" + code + "` | " + (ActionOfCode.TryGetValue(code, out DecisionAction action) ? SqlNames.Of(action) : ActionOfCleanupCode[code]) + " |", StringComparison.Ordinal)),
                Is.Empty);
            Assert.That(warnings, Is.EquivalentTo(new[] { Warning, ReasonCodes.WarnPreferredReplicaNotSynchronizing, ReasonCodes.WarnLogBackupOverdue }));
            Assert.That(warnings.Where(code => !reference.Contains("| `" + code + "` | (in `reason`) |", StringComparison.Ordinal)), Is.Empty,
                "a warning changes no action: its row says it is in the reason");
        }

        [Test]
        public void Every_code_the_tables_give_is_a_reason_code_with_its_action()
        {
            // The election's PRIMARY and SECONDARY columns are preferences and hold here, other or none.
            string[] outcomes = Tables.Except(new[] { Elections })
                .SelectMany(t => t.Rows)
                .SelectMany(r => new[] { "code", "PRIMARY", "SECONDARY" }.Where(r.HasOutcome).Select(c => (r, code: r[c])))
                .Where(o => o.code != NextTable && o.code != ByPreference && !ActionOfCode.ContainsKey(o.code))
                .Select(o => o.r + ": " + o.code)
                .ToArray();

            Assert.That(outcomes, Is.Empty);
        }

        private static MatrixResult Run()
        {
            // A situation: the values of the slices' columns, each set once however many slices give it.
            Scenario defaults = Scenario.Defaults;
            List<Scenario> situations = Slices
                .SelectMany(slice => Product(defaults, slice))
                .GroupBy(s => s.ToString(), StringComparer.Ordinal)
                .Select(g => g.First())
                .ToList();
            int placements = 0;
            var result = new MatrixResult(situations.Count);
            foreach (Scenario placement in Product(defaults, PlacementColumns).Where(IsPossible))
            {
                placements++;
                foreach (Scenario situation in situations)
                {
                    Scenario s = situation.WithAll(placement, PlacementColumns);
                    Expectation expected = Expect(s);
                    BackupDecision decision = s.Given().Decide(s.BackupType, s.CopyOnly);
                    result.Add(s, decision, expected, Failures(decision, expected));
                }
            }

            result.Placements = placements;
            return result;
        }

        /// <summary>
        /// Leaves out what SQL Server does not show: a primary that is disconnected from itself, a RESOLVING replica connected
        /// to a primary (it would have a role), a distributed group on another edition than 3 ([distributed] "can not be
        /// configured with Standard edition") or with a basic group ([basic] "can not be part of a distributed availability group").
        /// </summary>
        private static bool IsPossible(Scenario s) =>
            s["connected"] == (s["role"] == "PRIMARY" ? "Y" : s["role"] == "RESOLVING" ? "N" : s["connected"])
            && (s["group"] == "-" || (s["edition"] == "3" && s["basic"] == "N"));

        private static IEnumerable<Scenario> Product(Scenario seed, IEnumerable<string> columns)
        {
            IEnumerable<Scenario> scenarios = new[] { seed };
            foreach (string column in columns)
            {
                string[] values = Domains[column];
                scenarios = scenarios.SelectMany(s => values.Select(v => s.With(column, v))).ToList();
            }

            return scenarios;
        }

        /// <summary>The tables, read in docs/rules.md's order.</summary>
        private static Expectation Expect(Scenario s)
        {
            var rows = new List<DecisionRow>();
            DecisionRow Look(DecisionTable table, Scenario on)
            {
                DecisionRow row = table.Match(on.ValueOf);
                rows.Add(row);
                return row;
            }

            string role = s["role"];
            string argument = Look(Arguments, s)["code"];
            if (argument != NextTable)
            {
                return new Expectation(argument, false, false, rows);
            }

            string database = Look(DatabaseRules, s)["code"];
            DecisionRow who = Look(WhoMayTake, s);

            // docs/rules.md F1: a secondary runs a backup only while connected and SYNCHRONIZED or SYNCHRONIZING (suspended data movement
            // is neither); docs/rules.md F9: no replica runs it without its base.
            bool sqlServerRuns = who["runs_on"].Split(',').Contains(role)
                && (role != "SECONDARY" || (s["connected"] == "Y" && (s["sync"] == "SYNCHRONIZED" || s["sync"] == "SYNCHRONIZING") && s["suspended"] == "N"))
                && database == NextTable;

            bool warns = false;
            string here = Look(Roles, s)["code"];
            if (here == NextTable)
            {
                here = who[role];
                if (here == ByPreference)
                {
                    // docs/rules.md F8: only the primary sees every replica, so only it elects; a secondary has SQL Server's answer alone.
                    string election = role == "PRIMARY" ? Look(Elections, s)[s["preference"]] : "not_run";
                    here = Look(Choices, s.With("election", election))["code"];

                    // docs/rules.md: on the primary, a disagreement between the election and SQL Server's answer is reported.
                    warns = role == "PRIMARY" && s["answer"] != "NULL" && (election == "here" || election == "here_tied") != (s["answer"] == "1");
                }

                if (Domains["taken_as"].Contains(here))
                {
                    here = Look(WouldTake, s.With("taken_as", here))["code"];
                }
            }

            string placed = ActionOfCode[here] switch
            {
                DecisionAction.Backup => "BACKUP",
                DecisionAction.Skip => "SKIP",
                _ => "REFUSE",
            };
            return Look(Precedence, s.With("placed", placed))["first"] == "database" && database != NextTable
                ? new Expectation(database, false, sqlServerRuns, rows)
                : new Expectation(here, warns, sqlServerRuns, rows);
        }

        /// <summary>What is wrong with the decision, one sentence per check it fails.</summary>
        private static IEnumerable<string> Failures(BackupDecision decision, Expectation expected)
        {
            string code = decision.ReasonCode;
            if (decision.Action == DecisionAction.Backup && !expected.SqlServerRuns)
            {
                yield return "BACKUP, but SQL Server refuses this statement on this replica";
            }

            if (!ActionOfCode.TryGetValue(code, out DecisionAction action))
            {
                yield return "the code is not a reason code of docs/usp_BackupIfPreferred.md";
            }
            else if (action != decision.Action)
            {
                yield return "docs/usp_BackupIfPreferred.md gives this code the action " + action;
            }

            if (string.IsNullOrWhiteSpace(decision.Reason))
            {
                yield return "no reason";
            }

            if (expected.Code != "REFUSE_INVALID_ARGUMENT" && decision.IsSupportedHere != expected.SqlServerRuns)
            {
                yield return "is_supported_here = " + Bit(decision.IsSupportedHere) + " but SQL Server runs it here = " + Bit(expected.SqlServerRuns);
            }

            if (code != expected.Code)
            {
                yield return "expected " + expected.Code;
            }

            int warnings = expected.Warns ? 1 : 0;
            if (decision.Warnings.Count != warnings || decision.Warnings.Any(w => w.Code != Warning))
            {
                string got = string.Join(",", decision.Warnings.Select(w => w.Code));
                yield return "expected " + warnings + " " + Warning + ", got [" + got + "]";
            }
        }

        private static string Bit(bool value) => value ? "1" : "0";

        /// <summary>The first 40 problems, then the rows they went through, so a failure names the rows to read.</summary>
        private static string Report(IReadOnlyList<Problem> problems)
        {
            IEnumerable<string> rows = problems.Take(40).SelectMany(p => p.Rows).Distinct().Select(r => "  " + r);
            return problems.Count == 0
                ? string.Empty
                : string.Join(Environment.NewLine, problems.Take(40).Select(p => p.Text).Append("Rows:").Concat(rows));
        }

        private sealed record Column(string Name, string Default, string[] Values);

        /// <summary>The code a combination should get, whether a warning goes with it, and whether SQL Server runs the statement here.</summary>
        private sealed record Expectation(string Code, bool Warns, bool SqlServerRuns, IReadOnlyList<DecisionRow> Rows);

        /// <summary>One combination that went wrong, and the rows it went through.</summary>
        private sealed record Problem(string Text, IReadOnlyList<DecisionRow> Rows);

        private sealed class MatrixResult
        {
            public MatrixResult(int situations)
            {
                Situations = situations;
            }

            public int Situations { get; }

            public int Placements { get; set; }

            public int Combinations { get; private set; }

            public List<Problem> Problems { get; } = new();

            public HashSet<DecisionRow> Used { get; } = new();

            public void Add(Scenario s, BackupDecision decision, Expectation expected, IEnumerable<string> failures)
            {
                Combinations++;
                Used.UnionWith(expected.Rows);
                foreach (string failure in failures)
                {
                    string text = s + " -> " + decision.Action + " " + decision.ReasonCode + ": " + failure
                        + " (" + string.Join(", ", expected.Rows.Select(r => r.Table.Name + " " + r.Number)) + ")";
                    Problems.Add(new Problem(text, expected.Rows));
                }
            }
        }

        /// <summary>One value per column, as the tables read them, and the facts and request they stand for.</summary>
        private sealed class Scenario
        {
            private static readonly Dictionary<string, int> IndexOf = Columns.Concat(Derived).Select((c, i) => (c.Name, i)).ToDictionary(c => c.Name, c => c.i, StringComparer.Ordinal);

            private readonly string[] values;

            private Scenario(string[] values)
            {
                this.values = values;
            }

            public static Scenario Defaults => new(Columns.Concat(Derived).Select(c => c.Default).ToArray());

            public string this[string column] => values[IndexOf[column]];

            public string ValueOf(string column) => values[IndexOf[column]];

            public Scenario With(string column, string value)
            {
                string[] copy = (string[])values.Clone();
                copy[IndexOf[column]] = value;
                return new Scenario(copy);
            }

            public Scenario WithAll(Scenario other, IEnumerable<string> columns)
            {
                string[] copy = (string[])values.Clone();
                foreach (string column in columns)
                {
                    copy[IndexOf[column]] = other[column];
                }

                return new Scenario(copy);
            }

            public BackupType BackupType => this["backup"].EndsWith("FULL", StringComparison.Ordinal) ? BackupType.Full
                : this["backup"].EndsWith("DIFF", StringComparison.Ordinal) ? BackupType.Diff
                : BackupType.Log;

            public bool CopyOnly => this["backup"].StartsWith("COPY_ONLY_", StringComparison.Ordinal);

            public Facts Given()
            {
                Facts given = this["role"] == "PRIMARY" ? Facts.OnPrimary() : Facts.OnSecondary();
                ReplicaRole role = this["role"] switch
                {
                    "PRIMARY" => ReplicaRole.Primary,
                    "SECONDARY" => ReplicaRole.Secondary,
                    _ => ReplicaRole.Resolving,
                };
                given.ChangeLocal(r => r.With(role: role, isConnected: Yes("connected")));
                int[] priorities = this["priorities"].Split('/').Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
                given.Change(Facts.Primary, r => r.With(backupPriority: priorities[0]));
                given.Change(Facts.Secondary, r => r.With(backupPriority: priorities[1]));
                given.Change(Facts.OtherSecondary, r => r.With(backupPriority: priorities[2]));
                given.DistributedRole = this["group"] switch
                {
                    "GLOBAL_PRIMARY" => DistributedRole.GlobalPrimary,
                    "SECONDARY_AG" => DistributedRole.Secondary,
                    _ => DistributedRole.NotDistributed,
                };
                given.ProductMajorVersion = int.Parse(this["version"], NumberStyles.None, CultureInfo.InvariantCulture);
                given.EngineEdition = this["edition"] == "3" ? 3 : 2;
                given.IsBasic = Yes("basic");
                given.AllowNonCopyOnlyBackupsOnForwarder = Yes("fwd_opt_in");
                given.Preference = this["preference"] switch
                {
                    "PRIMARY" => AutomatedBackupPreference.Primary,
                    "SECONDARY_ONLY" => AutomatedBackupPreference.SecondaryOnly,
                    "SECONDARY" => AutomatedBackupPreference.Secondary,
                    _ => AutomatedBackupPreference.None,
                };
                given.IsPreferredBackupReplica = this["answer"] == "NULL" ? null : this["answer"] == "1";
                given.OverrideBackupPreference = Yes("override");
                given.SynchronizationState = this["sync"] switch
                {
                    "SYNCHRONIZED" => SynchronizationState.Synchronized,
                    "SYNCHRONIZING" => SynchronizationState.Synchronizing,
                    "NOT_SYNCHRONIZING" => SynchronizationState.NotSynchronizing,
                    "REVERTING" => SynchronizationState.Reverting,
                    "INITIALIZING" => SynchronizationState.Initializing,
                    _ => null,
                };
                given.IsSuspended = Yes("suspended");
                if (this["others_copy"] != "none")
                {
                    var copy = new DatabaseReplicaFacts(
                        this["others_copy"] == "SYNCHRONIZED" ? SynchronizationState.Synchronized : SynchronizationState.NotSynchronizing, this["others_copy"] == "SUSPENDED");
                    given.OtherReplicas.Add(new OtherReplicaDatabaseFacts(Facts.Secondary, copy));
                    given.OtherReplicas.Add(new OtherReplicaDatabaseFacts(Facts.OtherSecondary, copy));
                }

                given.HasLogBackupBase = given.HasDifferentialBase = this["base"] == "unknown" ? null : this["base"] == "yes";
                given.IsSeeding = Yes("seeding");
                given.ExcludeSeedingFromLogBackup = Yes("exclude_seeding");
                return given;
            }

            public override string ToString() => string.Join(" ", Columns.Select(c => c.Name + "=" + this[c.Name]));

            private bool Yes(string column) => this[column] == "Y";
        }
    }
}
