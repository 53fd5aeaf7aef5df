using Micro.CircleCi;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi;

/// <summary>Says at start what CircleCI branch reruns will do: which rules are on, and whether CircleCI can be called at all.</summary>
sealed partial class CircleCiRerunReport(
    IOptions<CircleCiOptions> circleCi, IOptions<CircleCiRerunOptions> reruns, ILogger<CircleCiRerunReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!circleCi.Value.IsConfigured)
            LogNotConfigured();
        foreach (var rule in reruns.Value.Rules)
            LogRule(rule.Repository, rule.HeadBranch, rule.BaseBranch, rule.WorkflowName, rule.ProjectSlug, rule.BranchPrefix, rule.DryRun);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning,
        "CircleCI is not configured (CircleCi:Token or CIRCLE_CI_TOKEN): CircleCI branch rerun requests will be recorded as failed")]
    partial void LogNotConfigured();

    [LoggerMessage(LogLevel.Information,
        "CircleCI rerun rule: pull requests of {Repository} from {HeadBranch} merged into {BaseBranch} rerun {WorkflowName} of {ProjectSlug} on the branch starting with {BranchPrefix} (dry run: {DryRun})")]
    partial void LogRule(string repository, string headBranch, string baseBranch, string workflowName, string projectSlug, string branchPrefix, bool dryRun);
}
