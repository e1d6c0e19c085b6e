using System;
using AgBackupClr.IntegrationTests.AvailabilityGroups;
using AgBackupClr.IntegrationTests.ReplicaNames;
using NUnit.Framework;

namespace AgBackupClr.Tests.IntegrationSuite
{
    /// <summary>
    /// The replica names the availability group tests expect and make up: the priorities both replicas must show, by replica
    /// name as SQL Server compares them, and the other-case twin of a name that SQL Server must refuse beside it.
    /// </summary>
    public class ReplicaNameTests
    {
        private static readonly ExpectedBackupSettings Expected = new ExpectedBackupSettings("NONE", "agb-a-primary", 50, "agb-b-secondary", 60);

        [Test]
        public void The_rows_of_both_replicas_with_their_priorities_show_the_settings_in_any_order()
        {
            Assert.That(Expected.AreShownBy(new[]
            {
                new ShownBackupSetting("NONE", "agb-b-secondary", 60),
                new ShownBackupSetting("NONE", "agb-a-primary", 50),
            }), Is.True);
        }

        [Test]
        public void A_replica_name_is_matched_without_regard_to_case_as_SQL_Server_matches_it()
        {
            Assert.That(Expected.AreShownBy(new[]
            {
                new ShownBackupSetting("NONE", "AGB-A-PRIMARY", 50),
                new ShownBackupSetting("NONE", "agb-b-secondary", 60),
            }), Is.True);
        }

        [TestCase("SECONDARY", "agb-a-primary", 50, "agb-b-secondary", 60, TestName = "{m}(another preference)")]
        [TestCase("NONE", "agb-a-primary", 60, "agb-b-secondary", 50, TestName = "{m}(priorities swapped)")]
        [TestCase("NONE", "agb-a-primary", 50, "agb-c-other", 60, TestName = "{m}(another replica)")]
        public void Rows_that_differ_in_one_value_do_not_show_the_settings(string preference, string first, int firstPriority, string second, int secondPriority)
        {
            Assert.That(Expected.AreShownBy(new[]
            {
                new ShownBackupSetting(preference, first, firstPriority),
                new ShownBackupSetting(preference, second, secondPriority),
            }), Is.False);
        }

        [Test]
        public void One_replicas_row_alone_does_not_show_the_settings()
        {
            Assert.That(Expected.AreShownBy(new[] { new ShownBackupSetting("NONE", "agb-a-primary", 50) }), Is.False);
        }

        [Test]
        public void Three_replicas_show_the_settings_only_when_every_one_of_them_has_its_priority()
        {
            var expected = new ExpectedBackupSettings("SECONDARY", new[] { ("agb-a-primary", 50), ("agb-b-secondary", 50), ("agb-c-secondary", 50) });
            ShownBackupSetting[] all =
            {
                new ShownBackupSetting("SECONDARY", "agb-c-secondary", 50),
                new ShownBackupSetting("SECONDARY", "agb-a-primary", 50),
                new ShownBackupSetting("SECONDARY", "agb-b-secondary", 50),
            };

            Assert.That(expected.AreShownBy(all), Is.True);
            Assert.That(expected.AreShownBy(all[..2]), Is.False, "a replica missing");
            Assert.That(expected.AreShownBy(new[] { all[0], all[1], all[2] with { Priority = 60 } }), Is.False, "a priority not yet changed");
            var error = Assert.Throws<ArgumentException>(() => new ExpectedBackupSettings("NONE", new[] { ("agb-a", 50), ("agb-b", 50), ("AGB-A", 50) }));
            Assert.That(error!.Message, Does.StartWith("The replica names 'agb-a' and 'AGB-A' differ only in case"));
        }

        /// <summary>Kept in one map, the second name would overwrite the first and the wait would time out after a minute.</summary>
        [Test]
        public void Two_names_that_differ_only_in_case_are_refused_as_one_server()
        {
            var error = Assert.Throws<ArgumentException>(() => new ExpectedBackupSettings("NONE", "AGB-TIE", 50, "agb-tie", 50));

            Assert.That(error!.Message, Does.StartWith(
                "The replica names 'AGB-TIE' and 'agb-tie' differ only in case: SQL Server takes them for one server, so no availability group has both."));
        }

        [Test]
        public void A_names_twin_in_the_other_case_is_another_string_for_the_same_name()
        {
            string twin = ReplicaName.InTheOtherCase("agb-Case");

            Assert.Multiple(() =>
            {
                Assert.That(twin, Is.EqualTo("AGB-cASE"));
                Assert.That(string.Equals(twin, "agb-Case", StringComparison.OrdinalIgnoreCase), Is.True);
            });
        }

        [Test]
        public void A_name_without_letters_has_no_twin()
        {
            Assert.Throws<ArgumentException>(() => ReplicaName.InTheOtherCase("10-0-0-7"));
        }
    }
}
