using System.Threading.Tasks;
using NUnit.Framework;

namespace AgBackupClr.IntegrationTests;

/// <summary>Runs before every fixture of the project: without a Docker engine that runs linux/amd64 images nothing here
/// can run, so every test is reported as skipped with the reason, or failed where such an engine is promised, never
/// passed vacuously.</summary>
[SetUpFixture]
public sealed class DockerSetUpFixture
{
    [OneTimeSetUp]
    public async Task RequireAnEngineThatRunsSqlServer()
    {
        DockerDecision decision = DockerRequirement.Decide(await DockerEngine.FindAsync());
        switch (decision.Verdict)
        {
            case DockerVerdict.Fail:
                Assert.Fail(decision.Reason);
                break;
            case DockerVerdict.Skip:
                // Progress output reaches the console of `dotnet test` once, whatever the logger's verbosity.
                TestContext.Progress.WriteLine("AgBackupClr.IntegrationTests: " + decision.Reason);
                Assert.Ignore(decision.Reason);
                break;
        }
    }
}
