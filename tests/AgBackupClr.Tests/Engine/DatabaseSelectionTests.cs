using System;
using System.Collections.Generic;
using System.Linq;
using AgBackupClr.Engine;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Tests.Engine
{
    public class DatabaseSelectionTests
    {
        private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

        private const StringComparison CaseSensitive = StringComparison.Ordinal;

        /// <summary>A case-sensitive server, where two databases differ only in case and a user database is called Master.</summary>
        private static readonly DatabaseFacts[] CaseSensitiveServer =
        {
            InMemory.Database("master"), InMemory.Database("tempdb"), InMemory.Database("model"), InMemory.Database("msdb"),
            InMemory.Database("Sales"), InMemory.Database("SALES"), InMemory.Database("Master"),
        };

        private static readonly DatabaseFacts[] All =
        {
            InMemory.Database("master"), InMemory.Database("tempdb"), InMemory.Database("model"), InMemory.Database("msdb"),
            InMemory.AgDatabase("Sales", true), InMemory.Database("Sales_Archive"), InMemory.Database("SalesXArchive"),
            InMemory.Database("My, Odd]Name"), InMemory.Database("Finance"), InMemory.Database("Sales_Monday").With(isSnapshot: true),
        };

        [TestCase("USER_DATABASES", "Sales Sales_Archive SalesXArchive My, Odd]Name Finance")]
        [TestCase("SYSTEM_DATABASES", "master model msdb")]
        [TestCase("ALL_DATABASES", "master model msdb Sales Sales_Archive SalesXArchive My, Odd]Name Finance")]
        [TestCase("AVAILABILITY_GROUP_DATABASES", "Sales")]
        [TestCase("user_databases, -Sales%", "My, Odd]Name Finance")]
        [TestCase("Sales_%", "Sales_Archive")]
        [TestCase("%Archive", "Sales_Archive SalesXArchive")]
        [TestCase("[My, Odd]]Name], finance", "My, Odd]Name Finance")]
        [TestCase("ALL_DATABASES, -SYSTEM_DATABASES, -[Finance]", "Sales Sales_Archive SalesXArchive My, Odd]Name")]
        [TestCase("tempdb", "tempdb")]
        [TestCase("%", "master model msdb Sales Sales_Archive SalesXArchive My, Odd]Name Finance")]
        [TestCase("[Sales_Monday]", "Sales_Monday")]
        public void Names_wildcards_exclusions_and_keywords_select_as_dbas_expect(string databases, string expected)
        {
            Selection selection = DatabaseSelection.Select(databases, All, IgnoreCase);

            Assert.That(string.Join(" ", selection.Databases.Select(d => d.Database.Name)), Is.EqualTo(expected));
            Assert.That(selection.Error, Is.Null);
        }

        /// <summary>Names that share prefixes, suffixes and middles, so that each part of a wildcard has to match in its place.</summary>
        private static readonly DatabaseFacts[] Archives =
        {
            InMemory.Database("Sales"), InMemory.Database("Sales_2024_Archive"), InMemory.Database("Sales_Archive_Old"),
            InMemory.Database("Finance_Archive"), InMemory.Database("Archive"), InMemory.Database("Archive_Store"),
        };

        [TestCase("Sales", "Sales", TestName = "A name selects that database, not the others that start with it")]
        [TestCase("%Archive", "Sales_2024_Archive Finance_Archive Archive", TestName = "The last part of a wildcard matches the end of the name, not its middle")]
        [TestCase("Archive%e", "Archive_Store", TestName = "The first and last parts of a wildcard cannot share characters")]
        [TestCase("Sales%Archive%", "Sales_2024_Archive Sales_Archive_Old", TestName = "A middle part must appear after the first part")]
        [TestCase("%Sales%Archive", "Sales_2024_Archive", TestName = "A middle part may start the name when the first part is empty")]
        [TestCase("%Archive%Old", "Sales_Archive_Old", TestName = "A middle part may appear anywhere after the first part")]
        [TestCase("%Archive%e", "Archive_Store", TestName = "The last part must come after the middle part, not overlap it")]
        public void A_wildcard_of_several_parts_matches_as_like_does(string databases, string expected)
        {
            Selection selection = DatabaseSelection.Select(databases, Archives, IgnoreCase);

            Assert.That(string.Join(" ", selection.Databases.Select(d => d.Database.Name)), Is.EqualTo(expected));
        }

        [TestCase("[Odd]], Name]", "Odd], Name", TestName = "A comma after an escaped bracket stays inside the name")]
        [TestCase("[Two]]]]Brackets]", "Two]]Brackets", TestName = "Two closing brackets in a row are each written twice")]
        public void Inside_brackets_a_doubled_closing_bracket_stands_for_one(string databases, string name)
        {
            // As QUOTENAME writes them: [Odd]], Name] is the database Odd], Name.
            DatabaseFacts[] all = { InMemory.Database("Odd]"), InMemory.Database("Odd], Name"), InMemory.Database("Two]]Brackets"), InMemory.Database("Two]Brackets") };

            Selection selection = DatabaseSelection.Select(databases, all, IgnoreCase);

            Assert.That(selection.Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { name }));
            Assert.That(selection.MissingNames, Is.Empty);
        }

        [Test]
        public void A_database_named_twice_is_still_chosen_by_its_name()
        {
            // Chosen by name, a database that is not backed up by design is refused rather than skipped: naming it twice must not change that.
            Selection selection = DatabaseSelection.Select("Finance, [Finance]", All, IgnoreCase);

            Assert.That(selection.Databases.Select(d => (d.Database.Name, d.SelectedBy)), Is.EqualTo(new[] { ("Finance", SelectedBy.Name) }));
        }

        [Test]
        public void Empty_items_between_commas_are_ignored_not_reported_as_missing_databases()
        {
            Selection selection = DatabaseSelection.Select("Finance,, Sales_Archive, ", All, IgnoreCase);

            Assert.That(selection.Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { "Sales_Archive", "Finance" }));
            Assert.That(selection.MissingNames, Is.Empty);
        }

        [Test]
        public void A_missing_name_written_twice_is_reported_once()
        {
            Assert.That(DatabaseSelection.Select("Nowhere, NOWHERE", All, IgnoreCase).MissingNames, Is.EqualTo(new[] { "Nowhere" }));
        }

        [Test]
        public void Text_after_a_closing_bracket_stays_in_the_name_reported_missing()
        {
            // [Sales]_Archive is not Sales_Archive: the refusal row shows every character that was written after the [.
            Selection selection = DatabaseSelection.Select("[Sales]_Archive", All, IgnoreCase);

            Assert.That(selection.Databases, Is.Empty);
            Assert.That(selection.MissingNames, Is.EqualTo(new[] { "Sales]_Archive" }));
        }

        [Test]
        public void Underscore_is_an_ordinary_character_not_a_single_character_wildcard()
        {
            Assert.That(DatabaseSelection.Select("Sales_Archive", All, IgnoreCase).Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { "Sales_Archive" }));
        }

        [TestCase("ALL_DATABASES")]
        [TestCase("SYSTEM_DATABASES")]
        [TestCase("USER_DATABASES")]
        [TestCase("%")]
        [TestCase("t%")]
        [TestCase("Sales_%")]
        public void No_keyword_or_wildcard_selects_tempdb_or_a_database_snapshot(string databases)
        {
            Assert.That(
                DatabaseSelection.Select(databases, All, IgnoreCase).Databases.Select(d => d.Database.Name),
                Has.None.EqualTo("tempdb").And.None.EqualTo("Sales_Monday"));
        }

        [Test]
        public void Each_database_says_whether_a_name_or_only_a_keyword_or_wildcard_chose_it()
        {
            Selection selection = DatabaseSelection.Select("Sales%, USER_DATABASES, [Finance], -SalesXArchive", All, IgnoreCase);

            Assert.That(selection.Databases.Select(d => (d.Database.Name, d.SelectedBy)), Is.EqualTo(new[]
            {
                ("Sales", SelectedBy.KeywordOrWildcard),
                ("Sales_Archive", SelectedBy.KeywordOrWildcard),
                ("My, Odd]Name", SelectedBy.KeywordOrWildcard),
                ("Finance", SelectedBy.Name),
            }));
        }

        [Test]
        public void An_explicit_name_that_does_not_exist_is_reported_so_it_becomes_a_refusal_row()
        {
            Selection selection = DatabaseSelection.Select("Finance, Nowhere, [Gone]", All, IgnoreCase);

            Assert.That(selection.Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { "Finance" }));
            Assert.That(selection.MissingNames, Is.EqualTo(new[] { "Nowhere", "Gone" }));
        }

        [Test]
        public void A_selection_of_nothing_is_an_error_that_lists_the_keywords()
        {
            Selection selection = DatabaseSelection.Select("Arch%, -Finance", All, IgnoreCase);

            Assert.That(selection.Error, Is.EqualTo(
                "@Databases = 'Arch%, -Finance' selects no database on this instance; name databases, use % wildcards, or a keyword: USER_DATABASES, SYSTEM_DATABASES, ALL_DATABASES, AVAILABILITY_GROUP_DATABASES."));
        }

        [Test]
        public void An_unclosed_bracket_is_an_error_that_shows_the_right_form()
        {
            Assert.That(DatabaseSelection.Select("[Sales", All, IgnoreCase).Error, Is.EqualTo(
                "@Databases has a [ without its closing ]; write a name with commas or spaces as [My, Database]."));
        }

        [TestCase("[Sales]", "Sales")]
        [TestCase("SALES", "SALES")]
        [TestCase("Sal%", "Sales")]
        [TestCase("%ES", "SALES")]
        [TestCase("USER_DATABASES, -sales", "Sales SALES Master")]
        [TestCase("USER_DATABASES, -SALES", "Sales Master")]
        [TestCase("SYSTEM_DATABASES", "master model msdb")]
        [TestCase("[Master]", "Master")]
        public void On_a_case_sensitive_server_names_wildcards_and_exclusions_match_case(string databases, string expected)
        {
            Selection selection = DatabaseSelection.Select(databases, CaseSensitiveServer, CaseSensitive);

            Assert.That(string.Join(" ", selection.Databases.Select(d => d.Database.Name)), Is.EqualTo(expected));
        }

        [Test]
        public void On_a_case_sensitive_server_a_name_in_another_case_is_a_database_that_does_not_exist()
        {
            Selection selection = DatabaseSelection.Select("sales", CaseSensitiveServer, CaseSensitive);

            Assert.That(selection.Databases, Is.Empty);
            Assert.That(selection.MissingNames, Is.EqualTo(new[] { "sales" }));
        }

        [Test]
        public void On_a_case_insensitive_server_a_name_in_another_case_selects_the_database()
        {
            Selection selection = DatabaseSelection.Select("[FINANCE], sales_archive", All, IgnoreCase);

            Assert.That(selection.Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { "Sales_Archive", "Finance" }));
            Assert.That(selection.MissingNames, Is.Empty);
        }

        private static readonly AvailabilityGroupFacts[] Groups =
        {
            InMemory.Group().With(name: "AG1"), InMemory.Group().With(name: "AG_Reports"), InMemory.Group().With(name: "Finance, West"),
        };

        private static readonly DatabaseFacts[] GroupDatabases =
        {
            InMemory.Database("master"), InMemory.AgDatabase("Sales", true), InMemory.Database("Finance"),
            InMemory.AgDatabase("Reports", true).With(availabilityGroupName: "AG_Reports"),
            InMemory.AgDatabase("Ledger", true).With(availabilityGroupName: "Finance, West"),
        };

        [TestCase("AG1", "Sales")]
        [TestCase("ag%", "Sales Reports")]
        [TestCase("ALL_AVAILABILITY_GROUPS", "Sales Reports Ledger")]
        [TestCase("all_availability_groups, -AG_%", "Sales Ledger")]
        [TestCase("[Finance, West]", "Ledger")]
        public void Availability_groups_select_their_databases_as_by_a_keyword(string groups, string expected)
        {
            Selection selection = DatabaseSelection.SelectByAvailabilityGroups(groups, GroupDatabases, Groups, IgnoreCase);

            Assert.That(string.Join(" ", selection.Databases.Select(d => d.Database.Name)), Is.EqualTo(expected));
            Assert.That(selection.Databases.Select(d => d.SelectedBy), Is.All.EqualTo(SelectedBy.KeywordOrWildcard));
            Assert.That((selection.Error, selection.MissingGroupNames.Count), Is.EqualTo(((string?)null, 0)));
        }

        [Test]
        public void A_group_named_that_has_no_replica_here_is_listed_and_the_others_still_select()
        {
            Selection selection = DatabaseSelection.SelectByAvailabilityGroups("AG1, AG9", GroupDatabases, Groups, IgnoreCase);

            Assert.That(selection.Databases.Select(d => d.Database.Name), Is.EqualTo(new[] { "Sales" }));
            Assert.That(selection.MissingGroupNames, Is.EqualTo(new[] { "AG9" }));
        }

        [Test]
        public void On_a_case_sensitive_server_a_group_in_another_case_is_missing()
        {
            Assert.That(DatabaseSelection.SelectByAvailabilityGroups("ag1", GroupDatabases, Groups, CaseSensitive).MissingGroupNames, Is.EqualTo(new[] { "ag1" }));
        }

        [Test]
        public void An_unclosed_bracket_in_availability_groups_is_an_error_that_shows_the_right_form()
        {
            Selection selection = DatabaseSelection.SelectByAvailabilityGroups("AG1, [Finance, West", GroupDatabases, Groups, IgnoreCase);

            Assert.That(selection.Databases, Is.Empty);
            Assert.That(selection.Error, Is.EqualTo(
                "@AvailabilityGroups has a [ without its closing ]; write a name with commas or spaces as [My, Database]."));
        }

        [Test]
        public void Groups_that_select_nothing_are_an_error()
        {
            Assert.That(DatabaseSelection.SelectByAvailabilityGroups("Nothing%", GroupDatabases, Groups, IgnoreCase).Error, Is.EqualTo(
                "@AvailabilityGroups = 'Nothing%' selects no availability group database on this replica; name groups, use % wildcards, or ALL_AVAILABILITY_GROUPS."));
        }

        [TestCase(DatabaseOrder.DatabaseNameAsc, "alpha Bravo charlie Unknown")]
        [TestCase(DatabaseOrder.DatabaseNameDesc, "Unknown charlie Bravo alpha")]
        [TestCase(DatabaseOrder.DatabaseSizeAsc, "charlie alpha Bravo Unknown")]
        [TestCase(DatabaseOrder.DatabaseSizeDesc, "Bravo alpha charlie Unknown")]
        [TestCase(DatabaseOrder.LogSizeSinceLastLogBackupAsc, "Bravo charlie alpha Unknown")]
        [TestCase(DatabaseOrder.LogSizeSinceLastLogBackupDesc, "alpha charlie Bravo Unknown")]
        public void Databases_are_ordered_as_asked_with_sizes_this_replica_cannot_see_last(DatabaseOrder order, string expected)
        {
            SelectedDatabase[] databases =
            {
                Selected(InMemory.Database("Bravo").With(dataPages: 300, logSinceLastLogBackupMb: 1)),
                Selected(InMemory.Database("Unknown")),
                Selected(InMemory.Database("alpha").With(dataPages: 200, logSinceLastLogBackupMb: 30)),
                Selected(InMemory.Database("charlie").With(dataPages: 100, logSinceLastLogBackupMb: 2)),
            };

            IReadOnlyList<SelectedDatabase> ordered = DatabaseSelection.Order(databases, order, IgnoreCase);

            Assert.That(string.Join(" ", ordered.Select(d => d.Database.Name)), Is.EqualTo(expected));
        }

        [Test]
        public void Without_an_order_the_databases_keep_sys_databases_order()
        {
            SelectedDatabase[] databases = { Selected(InMemory.Database("b")), Selected(InMemory.Database("a")) };

            Assert.That(DatabaseSelection.Order(databases, null, IgnoreCase), Is.SameAs(databases));
        }

        [Test]
        public void Equal_sizes_keep_their_order()
        {
            SelectedDatabase[] databases = { Selected(InMemory.Database("b").With(dataPages: 1)), Selected(InMemory.Database("a").With(dataPages: 1)) };

            Assert.That(DatabaseSelection.Order(databases, DatabaseOrder.DatabaseSizeDesc, IgnoreCase).Select(d => d.Database.Name), Is.EqualTo(new[] { "b", "a" }));
        }

        private static SelectedDatabase Selected(DatabaseFacts database) => new SelectedDatabase(database, SelectedBy.Name);
    }
}
