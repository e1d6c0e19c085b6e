using System.Collections.Generic;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.Support
{
    /// <summary>What makes a failing property test in CI reproducible on a developer's machine.</summary>
    public class PropertyTests
    {
        [Test]
        public void Every_run_draws_the_same_cases()
        {
            var first = new List<string>();
            var second = new List<string>();

            Property.ForAll(Gen.String, 100, first.Add);
            Property.ForAll(Gen.String, 100, second.Add);

            Assert.That(second, Is.EqualTo(first));
        }

        [Test]
        public void A_failing_case_names_its_number_the_seed_and_how_to_replay_it()
        {
            int drawn = 0;

            var failure = Assert.Throws<AssertionException>(() => Property.ForAll(Gen.Int, 5, _ => Assert.That(++drawn, Is.LessThan(3))));

            Assert.That(failure!.Message, Does.StartWith("Case 3 of 5 drawn from AGBACKUPCLR_SEED="));
            Assert.That(failure.Message, Does.Contain(
                " failed; replay it with: AGBACKUPCLR_SEED=").And.Contain(" dotnet test AgBackupClr.sln --filter Name=A_failing_case_names_its_number_the_seed_and_how_to_replay_it"));
            Assert.That(failure.Message, Does.Contain("Expected: less than 3"));
        }
    }
}
