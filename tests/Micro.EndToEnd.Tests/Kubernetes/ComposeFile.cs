using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Micro.Testing;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>A Micro service as docker-compose.yml runs it (the deployment that deploy/docker/smoke.sh runs for real).</summary>
/// <param name="Name">The compose service's name, which is also the Kubernetes Deployment's and Service's.</param>
/// <param name="Project">deploy/Dockerfile's SERVICE: the project is services/{Project}/Micro.{Project}.</param>
/// <param name="Image">The image compose builds, with its variables at their defaults.</param>
/// <param name="Environment">Its environment, keys and values as compose gives them (variables not substituted).</param>
/// <param name="IsDoor">Whether compose publishes its port: the one service reachable from outside.</param>
sealed record ComposeService(string Name, string Project, string Image, IReadOnlyDictionary<string, string> Environment, bool IsDoor)
{
    /// <summary>Keys compose refuses to start without (<c>${VAR:?...}</c>).</summary>
    public IEnumerable<string> RequiredKeys => Environment.Where(entry => entry.Value.Contains(":?", StringComparison.Ordinal)).Select(entry => entry.Key);

    /// <summary>The built service's main assembly, its dependencies beside it.</summary>
    public string Assembly => Path.Combine(SourceTree.Root, "services", Project, $"Micro.{Project}", "bin", ServiceProcess.BuildConfiguration, "net10.0", $"Micro.{Project}.dll");
}

static partial class ComposeFile
{
    /// <summary>The services compose builds from deploy/Dockerfile: Micro's own, not RabbitMQ, PostgreSQL or the emulator.</summary>
    public static IReadOnlyList<ComposeService> MicroServices { get; } = Load();

    static List<ComposeService> Load()
    {
        var compose = Yaml.Documents(File.ReadAllText(Path.Combine(SourceTree.Root, "docker-compose.yml"))).Single();
        return compose["services"]!.AsObject()
            .Where(service => service.Value?["build"]?["args"]?["SERVICE"] is not null)
            .Select(service => new ComposeService(
                service.Key,
                RenderedOverlay.Text(service.Value, "build", "args", "SERVICE")!,
                Defaults(RenderedOverlay.Text(service.Value, "image")!),
                (service.Value!["environment"]?.AsObject() ?? []).ToDictionary(entry => entry.Key, entry => entry.Value?.GetValue<string>() ?? ""),
                service.Value["ports"] is not null))
            .ToList();
    }

    /// <summary>Compose's interpolation with nothing set: <c>${VAR:-default}</c> is the default, anything else empty.</summary>
    static string Defaults(string value) => Interpolation().Replace(value, match => match.Groups["default"].Value);

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-(?<default>[^}]*)|:?\?[^}]*)?\}")]
    private static partial Regex Interpolation();
}
