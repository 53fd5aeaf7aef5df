using System.Text.Json;
using Micro.GitHub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// The old rerun tool's procedure, step for step: the one branch matching the prefix, its newest pipeline, the named workflow in it,
/// and a re-run of the whole workflow unless it is still in flight or this is a dry run. Every API error ends in
/// <see cref="BranchRerunOutcomeKind.Failed"/> naming the call, the status and the API's message.
/// </summary>
public sealed partial class BranchWorkflowRerun(
    GitHubClient github, CircleCiClient circleCi, IOptions<CircleCiOptions> options, ILogger<BranchWorkflowRerun> logger)
{
    public async Task<BranchRerunOutcome> Run(BranchRerunRequest request, CancellationToken ct)
    {
        var call = $"listing the branches of {request.Repository} on GitHub";
        try
        {
            var branches = (await github.ListBranches(new GitHubTarget(request.Repository, request.InstallationId), ct))
                .Where(name => name.StartsWith(request.BranchPrefix, StringComparison.Ordinal))
                .ToList();
            if (branches is not [var branch])
            {
                return branches.Count == 0
                    ? Done(request, new BranchRerunOutcome(BranchRerunOutcomeKind.NoBranch, 0))
                    : Done(request, new BranchRerunOutcome(BranchRerunOutcomeKind.AmbiguousBranch, branches.Count));
            }

            var found = new BranchRerunOutcome(BranchRerunOutcomeKind.NoPipeline, 1, branch);
            call = $"listing the pipelines of {request.ProjectSlug} on branch {branch} on CircleCI";
            var pipeline = (await circleCi.ListPipelines(request.ProjectSlug, branch, ct))
                .OrderByDescending(candidate => candidate.CreatedAt).ThenByDescending(candidate => candidate.Number)
                .FirstOrDefault();
            if (pipeline is null)
                return Done(request, found);

            found = found with { Kind = BranchRerunOutcomeKind.NoWorkflow, Pipeline = pipeline };
            call = $"listing the workflows of pipeline {pipeline.Id} on CircleCI";
            // After a re-run the pipeline holds the original and the new workflow under one name: the newest is the current one.
            var workflow = (await circleCi.ListWorkflows(pipeline.Id, ct))
                .Where(candidate => candidate.Name == request.WorkflowName)
                .MaxBy(candidate => candidate.CreatedAt);
            if (workflow is null)
                return Done(request, found);

            found = found with { Workflow = workflow };
            if (options.Value.IsInFlight(workflow.Status))
                return Done(request, found with { Kind = BranchRerunOutcomeKind.AlreadyRunning });
            if (request.DryRun)
                return Done(request, found with { Kind = BranchRerunOutcomeKind.DryRun });

            call = $"rerunning workflow {workflow.Id} on CircleCI";
            var rerun = await circleCi.RerunWorkflow(workflow.Id, ct);
            return Done(request, found with { Kind = BranchRerunOutcomeKind.RerunRequested, RerunWorkflowId = rerun });
        }
        catch (Exception error) when (Explain(error) is { } explanation && !ct.IsCancellationRequested)
        {
            return Done(request, new BranchRerunOutcome(BranchRerunOutcomeKind.Failed, Error: $"{call}: {explanation}"));
        }
    }

    static string? Explain(Exception error) => error switch
    {
        GitHubApiException gitHub => $"GitHub answered {(int)gitHub.StatusCode}: {gitHub.GitHubMessage}",
        CircleCiApiException circleCi => $"CircleCI answered {(int)circleCi.StatusCode}: {circleCi.CircleCiMessage}",
        GitHubNotConfiguredException or CircleCiNotConfiguredException => error.Message,
        HttpRequestException http => $"no answer: {http.Message}",
        JsonException unreadable => $"an answer that cannot be read: {unreadable.Message}",
        TaskCanceledException => "no answer in time",
        _ => null,
    };

    BranchRerunOutcome Done(BranchRerunRequest request, BranchRerunOutcome outcome)
    {
        if (outcome.IsError)
            LogFailed(request.ProjectSlug, request.WorkflowName, outcome.Code, outcome.Describe(request));
        else
            LogDone(request.ProjectSlug, request.WorkflowName, outcome.Code, outcome.Describe(request));
        return outcome;
    }

    [LoggerMessage(LogLevel.Information, "CircleCI branch rerun of {ProjectSlug} {WorkflowName}: {Outcome}, {Description}")]
    partial void LogDone(string projectSlug, string workflowName, string outcome, string description);

    [LoggerMessage(LogLevel.Warning, "CircleCI branch rerun of {ProjectSlug} {WorkflowName}: {Outcome}, {Description}")]
    partial void LogFailed(string projectSlug, string workflowName, string outcome, string description);
}
