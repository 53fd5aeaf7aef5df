using System.Text.RegularExpressions;
using Micro.Testing;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>The health endpoints every Micro host maps (shared/Micro.ServiceDefaults/HealthEndpoints.cs), read from that source.</summary>
static partial class HealthPaths
{
    static readonly string Source = File.ReadAllText(Path.Combine(SourceTree.Root, "shared", "Micro.ServiceDefaults", "HealthEndpoints.cs"));

    public static IReadOnlySet<string> All { get; } = Mapped().Select(match => match.Groups["path"].Value).ToHashSet();

    /// <summary>The process is up: what liveness and start-up probes ask (a failure means restart it).</summary>
    public static string Live { get; } = Tagged("Live");

    /// <summary>Its dependencies answer: what readiness asks (a failure means send it nothing).</summary>
    public static string Ready { get; } = Tagged("Ready");

    static string Tagged(string tag) => Mapped().Single(match => match.Groups["tag"].Value == tag).Groups["path"].Value;

    static IEnumerable<Match> Mapped() => MapHealthChecks().Matches(Source);

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>/[^""]*)""(?:[^;]*?HealthTags\.(?<tag>\w+))?[^;]*;")]
    private static partial Regex MapHealthChecks();
}
