using System;
using System.Reflection;
using AgBackupClr.Model;
using NUnit.Framework;

namespace AgBackupClr.Planner.Tests;

/// <summary>
/// The file's enums are spelt by JsonStringEnumMemberName; the engine spells the same values in SqlNames. Every value
/// of each must have a twin of the same member name in the other, spelt alike, or a file and a live server would disagree.
/// </summary>
public sealed class TopologyJsonTests
{
    [TestCase(typeof(AutomatedBackupPreferenceDesc), typeof(AutomatedBackupPreference))]
    [TestCase(typeof(AvailabilityModeDesc), typeof(AvailabilityMode))]
    [TestCase(typeof(RoleDesc), typeof(ReplicaRole))]
    [TestCase(typeof(SynchronizationStateDesc), typeof(SynchronizationState))]
    [TestCase(typeof(StateDesc), typeof(DatabaseState))]
    [TestCase(typeof(RecoveryModelDesc), typeof(RecoveryModel))]
    public void Each_engine_value_has_a_file_value_of_the_same_name_and_spelling_and_no_other(Type file, Type engine)
    {
        MethodInfo sqlName = typeof(SqlNames).GetMethod(nameof(SqlNames.Of), new[] { engine })!;

        Assert.That(Enum.GetNames(file), Is.EquivalentTo(Enum.GetNames(engine)));
        foreach (Enum value in Enum.GetValues(engine))
        {
            Enum twin = (Enum)Enum.Parse(file, value.ToString());
            Assert.That(TopologyParser.Spelling(twin), Is.EqualTo(sqlName.Invoke(null, new object[] { value })), engine.Name + "." + value);
        }
    }

    [Test]
    public void Each_distributed_role_of_the_file_has_an_engine_value_of_the_same_name()
    {
        Assert.That(Enum.GetNames<DistributedRole>(), Is.SupersetOf(Enum.GetNames<DistributedRoleDesc>()));
    }
}
