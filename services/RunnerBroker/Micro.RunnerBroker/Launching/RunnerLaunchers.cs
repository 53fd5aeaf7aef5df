using Micro.RunnerBroker.Launching.Webhook;
using Micro.RunnerBroker.Slurm;

namespace Micro.RunnerBroker.Launching;

/// <summary>
/// The launchers this build knows, by the name <c>RunnerBroker:Launcher</c> gives: each registers its <see cref="IRunnerLauncher"/>.
/// A new launcher is one more entry here.
/// </summary>
public static class RunnerLaunchers
{
    public const string Webhook = "Webhook";
    public const string Slurm = "Slurm";

    static readonly Dictionary<string, Action<IHostApplicationBuilder>> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [Webhook] = host => host.AddWebhookLauncher(),
        [Slurm] = host => host.Services.AddSlurmLauncher(host.Configuration),
    };

    public static IEnumerable<string> Names => Known.Keys;

    public static bool IsKnown(string name) => Known.ContainsKey(name);

    /// <summary>Registers the launcher the configuration names (or the webhook launcher its URL alone implies); nothing when none is.</summary>
    public static void AddConfiguredLauncher(this IHostApplicationBuilder host)
    {
        var options = host.Configuration.GetSection(RunnerBrokerOptions.Section).Get<RunnerBrokerOptions>() ?? new RunnerBrokerOptions();
        options.ApplyAliases(host.Configuration);
        // An unknown name is reported by options validation at start, with the names there are.
        if (options.Launcher is { Length: > 0 } name && Known.TryGetValue(name, out var register))
            register(host);
    }
}
