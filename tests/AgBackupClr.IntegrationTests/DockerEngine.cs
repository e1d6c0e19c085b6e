using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace AgBackupClr.IntegrationTests;

/// <summary>The Docker engine Testcontainers reaches, as it describes itself (Docker Engine API, GET /info).</summary>
/// <param name="OSType">The kind of containers it runs: linux or windows.</param>
/// <param name="Architecture">Its host's machine type, for example x86_64 or aarch64.</param>
internal sealed record DockerEngine(string OSType, string Architecture)
{
    /// <summary>The engine every container of these tests would run on, or null when no engine answers where Testcontainers
    /// looks (it pings the default socket, DOCKER_HOST and ~/.testcontainers.properties once per process).</summary>
    public static async Task<DockerEngine?> FindAsync()
    {
        IDockerEndpointAuthenticationConfiguration? endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig;
        if (endpoint is null)
        {
            return null;
        }

        using DockerClient client = endpoint.GetDockerClientBuilder().Build();
        SystemInfoResponse info = await client.System.GetSystemInfoAsync();
        return new DockerEngine(info.OSType, info.Architecture);
    }
}
