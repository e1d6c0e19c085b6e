using AgBackupClr.IntegrationTests;
using NUnit.Framework;

namespace AgBackupClr.Tests.IntegrationSuite
{
    /// <summary>
    /// Whether the integration suite runs on the Docker engine it finds, skips every test saying why, or fails every test
    /// where an engine is promised (AGBACKUPCLR_REQUIRE_DOCKER=1): SQL Server's images are linux/amd64 only, so an engine
    /// that cannot run them must not report a hundred failures nor, in CI, a green run of skips.
    /// </summary>
    public class DockerRequirementTests
    {
        private static readonly DockerEngine LinuxAmd64 = new DockerEngine("linux", "x86_64");
        private static readonly DockerEngine WindowsContainers = new DockerEngine("windows", "x86_64");
        private static readonly DockerEngine LinuxArm64 = new DockerEngine("linux", "aarch64");

        [Test]
        public void A_linux_x86_64_engine_runs_the_suite_whether_or_not_it_was_promised()
        {
            Assert.Multiple(() =>
            {
                Assert.That(DockerRequirement.Decide(LinuxAmd64, required: false, emulatesAmd64: false).Verdict, Is.EqualTo(DockerVerdict.Run));
                Assert.That(DockerRequirement.Decide(LinuxAmd64, required: true, emulatesAmd64: false).Verdict, Is.EqualTo(DockerVerdict.Run));
                Assert.That(DockerRequirement.Decide(new DockerEngine("linux", "amd64"), required: false, emulatesAmd64: false).Verdict, Is.EqualTo(DockerVerdict.Run));
            });
        }

        [Test]
        public void No_engine_skips_with_where_it_was_looked_for()
        {
            DockerDecision decision = DockerRequirement.Decide(null, required: false, emulatesAmd64: false);

            Assert.That(decision, Is.EqualTo(new DockerDecision(
                DockerVerdict.Skip,
                "Skipped: these integration tests start SQL Server in linux/amd64 containers, and no Docker engine answers where Testcontainers looks (the default socket, DOCKER_HOST, ~/.testcontainers.properties).")));
        }

        [Test]
        public void No_engine_fails_where_one_was_promised()
        {
            DockerDecision decision = DockerRequirement.Decide(null, required: true, emulatesAmd64: false);

            Assert.That(decision, Is.EqualTo(new DockerDecision(
                DockerVerdict.Fail,
                "AGBACKUPCLR_REQUIRE_DOCKER=1 promises a Docker engine that runs linux/amd64 images, but no Docker engine answers where Testcontainers looks (the default socket, DOCKER_HOST, ~/.testcontainers.properties). Unset AGBACKUPCLR_REQUIRE_DOCKER where there is none.")));
        }

        [Test]
        public void An_engine_running_windows_containers_skips_or_fails_saying_to_switch_to_linux_containers()
        {
            DockerDecision skipped = DockerRequirement.Decide(WindowsContainers, required: false, emulatesAmd64: true);
            DockerDecision failed = DockerRequirement.Decide(WindowsContainers, required: true, emulatesAmd64: true);

            Assert.Multiple(() =>
            {
                Assert.That(skipped.Verdict, Is.EqualTo(DockerVerdict.Skip));
                Assert.That(failed.Verdict, Is.EqualTo(DockerVerdict.Fail));
                Assert.That(skipped.Reason, Does.EndWith("the Docker engine runs windows containers: switch it to Linux containers."));
            });
        }

        [Test]
        public void An_arm64_engine_skips_or_fails_unless_it_is_said_to_emulate_amd64()
        {
            DockerDecision skipped = DockerRequirement.Decide(LinuxArm64, required: false, emulatesAmd64: false);

            Assert.Multiple(() =>
            {
                Assert.That(skipped.Verdict, Is.EqualTo(DockerVerdict.Skip));
                Assert.That(skipped.Reason, Does.EndWith("the Docker engine runs on aarch64: where it emulates amd64 (Docker Desktop with Rosetta), set AGBACKUPCLR_DOCKER_EMULATES_AMD64=1."));
                Assert.That(DockerRequirement.Decide(LinuxArm64, required: true, emulatesAmd64: false).Verdict, Is.EqualTo(DockerVerdict.Fail));
                Assert.That(DockerRequirement.Decide(LinuxArm64, required: true, emulatesAmd64: true).Verdict, Is.EqualTo(DockerVerdict.Run));
            });
        }
    }
}
