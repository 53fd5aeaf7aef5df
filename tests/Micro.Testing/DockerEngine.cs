using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Micro.Testing;

/// <summary>The local Docker engine's API, asked directly over its socket before Testcontainers is involved.</summary>
static class DockerEngine
{
    /// <summary><c>DOCKER_HOST</c>'s socket when it names one, else the default; null for a remote engine.</summary>
    public static string? SocketPath => Environment.GetEnvironmentVariable("DOCKER_HOST") switch
    {
        null or "" => "/var/run/docker.sock",
        var host when host.StartsWith("unix://", StringComparison.Ordinal) => host["unix://".Length..],
        _ => null,
    };

    /// <summary>Whether the engine has the image; null when no engine answers on its local socket.</summary>
    public static async Task<bool?> HasImage(string image) =>
        await Ask(async engine =>
        {
            using var response = await engine.GetAsync($"/images/{image}/json");
            return response.IsSuccessStatusCode;
        });

    /// <summary>
    /// Testcontainers speaks API 1.44 (Docker 25) unless told otherwise; an older engine (Debian's docker.io is 20.10: 1.41) refuses
    /// it, though everything Testcontainers asks of it works on 1.41. So it is told the engine's version, unless the user set one.
    /// </summary>
    public static async Task SpeakItsApiVersion()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")))
            return;
        var version = await Ask(async engine => (await engine.GetFromJsonAsync<JsonElement>("/version")).GetProperty("ApiVersion").GetString());
        if (version is not null && Version.TryParse(version, out var parsed) && parsed < new Version(1, 44))
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", version);
    }

    static async Task<T?> Ask<T>(Func<HttpClient, Task<T>> question)
    {
        if (SocketPath is not { } socket || !File.Exists(socket))
            return default;
        using var engine = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(connection, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://docker"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await question(engine);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or JsonException)
        {
            return default;
        }
    }
}
