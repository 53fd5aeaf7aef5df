using Micro.RunnerBroker.Launching;
using Micro.RunnerBroker.Repositories;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// Decides whether a queued job gets a runner: its labels (ignored ones, then the required self-hosted one), its repository's launcher
/// user, and whether a launcher is configured; and which partition from the ordered partition rules.
/// </summary>
public sealed class RunnerJobDecider(IOptionsMonitor<RunnerBrokerOptions> options, RepositoryMappings mappings, IEnumerable<IRunnerLauncher> launchers)
{
    readonly bool hasLauncher = launchers.Any();

    /// <summary>Why the labels alone rule the job out, or null when they ask for one of our runners.</summary>
    public string? RuledOutByLabels(IReadOnlyList<string> labels)
    {
        var rules = options.CurrentValue.Labels;
        if (labels.FirstOrDefault(label => rules.Ignored.Contains(label, StringComparer.OrdinalIgnoreCase)) is { } ignored)
            return $"label '{ignored}' is ignored";
        return AsksForOurs(labels, rules) ? null : $"no label contains {string.Join(" or ", rules.Required.Select(required => $"'{required}'"))}";
    }

    /// <summary>
    /// Whether the job runs on GitHub's own runners: no label asks for one of ours and each names a GitHub-hosted runner
    /// (<c>ubuntu-latest</c>). Such a job is none of the broker's business, so it is not recorded; a job whose labels name neither
    /// (<c>gpu</c>) may be meant for a self-hosted runner, so it is recorded with the reason it was not launched.
    /// </summary>
    public bool ForHostedRunner(IReadOnlyList<string> labels)
    {
        var rules = options.CurrentValue.Labels;
        return labels.Count > 0 && !AsksForOurs(labels, rules) && labels.All(label => rules.HostedRunners.Any(hosted => Names(hosted, label)));
    }

    static bool AsksForOurs(IReadOnlyList<string> labels, LabelRules rules) =>
        labels.Any(label => rules.Required.Any(required => label.Contains(required, StringComparison.OrdinalIgnoreCase)));

    static bool Names(string hosted, string label) => hosted.EndsWith('*')
        ? label.StartsWith(hosted[..^1], StringComparison.OrdinalIgnoreCase)
        : label.Equals(hosted, StringComparison.OrdinalIgnoreCase);

    public async Task<JobDecision> Decide(string repository, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        if (RuledOutByLabels(labels) is { } reason)
            return new JobDecision.Ignore(reason);
        if (await mappings.UserOf(repository, cancellationToken) is not { } user)
            return new JobDecision.Unmapped($"{repository} is not mapped to a launcher user");
        if (!hasLauncher)
            return new JobDecision.NoLauncher("no launcher is configured (RunnerBroker:Launcher)");

        var partition = Partition(labels);
        return new JobDecision.Launch(partition, user, $"launching as {user} on partition {partition}");
    }

    public string Partition(IReadOnlyList<string> labels)
    {
        var settings = options.CurrentValue;
        return settings.PartitionRules.FirstOrDefault(rule => labels.Any(label => label.Contains(rule.Contains, StringComparison.OrdinalIgnoreCase)))?.Partition
            ?? settings.DefaultPartition;
    }
}
