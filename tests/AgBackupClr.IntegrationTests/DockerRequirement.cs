using System;

namespace AgBackupClr.IntegrationTests;

/// <summary>What the suite does on this machine's Docker engine: run, skip every test saying why, or fail every test.</summary>
internal enum DockerVerdict
{
    Run,
    Skip,
    Fail,
}

/// <summary>The verdict and the one line that explains it.</summary>
internal sealed record DockerDecision(DockerVerdict Verdict, string Reason);

/// <summary>Whether the engine Testcontainers reaches can run SQL Server's images, which are linux/amd64 only
/// (docs/linux/sql-server-linux-setup.md, System requirements: x64-compatible processors only), and what to do when it
/// cannot: skip where no engine is promised, fail where one is.</summary>
internal static class DockerRequirement
{
    /// <summary>Set to 1 where a suitable engine is promised (a CI job with Docker): there a missing or unsuitable engine
    /// fails every test, so the job cannot go green with every integration test skipped.</summary>
    public const string RequiredVariable = "AGBACKUPCLR_REQUIRE_DOCKER";

    /// <summary>Set to 1 where an engine on another architecture runs linux/amd64 images through emulation (Docker Desktop
    /// on Apple silicon with Rosetta): the engine's description cannot say so itself.</summary>
    public const string EmulatesAmd64Variable = "AGBACKUPCLR_DOCKER_EMULATES_AMD64";

    public static DockerDecision Decide(DockerEngine? engine, bool required, bool emulatesAmd64)
    {
        string? problem = ProblemWith(engine, emulatesAmd64);
        if (problem is null)
        {
            return new DockerDecision(DockerVerdict.Run, "The Docker engine runs linux/amd64 images.");
        }

        return required
            ? new DockerDecision(DockerVerdict.Fail, $"{RequiredVariable}=1 promises a Docker engine that runs linux/amd64 images, but {problem} Unset {RequiredVariable} where there is none.")
            : new DockerDecision(DockerVerdict.Skip, $"Skipped: these integration tests start SQL Server in linux/amd64 containers, and {problem}");
    }

    /// <summary>Reads the switches from the environment: only the value 1 sets one.</summary>
    public static DockerDecision Decide(DockerEngine? engine)
    {
        return Decide(engine, IsSet(RequiredVariable), IsSet(EmulatesAmd64Variable));
    }

    private static string? ProblemWith(DockerEngine? engine, bool emulatesAmd64)
    {
        if (engine is null)
        {
            return "no Docker engine answers where Testcontainers looks (the default socket, DOCKER_HOST, ~/.testcontainers.properties).";
        }

        if (!string.Equals(engine.OSType, "linux", StringComparison.Ordinal))
        {
            return $"the Docker engine runs {engine.OSType} containers: switch it to Linux containers.";
        }

        bool amd64 = engine.Architecture is "x86_64" or "amd64";
        return amd64 || emulatesAmd64
            ? null
            : $"the Docker engine runs on {engine.Architecture}: where it emulates amd64 (Docker Desktop with Rosetta), set {EmulatesAmd64Variable}=1.";
    }

    private static bool IsSet(string variable) => Environment.GetEnvironmentVariable(variable) == "1";
}
