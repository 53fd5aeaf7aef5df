using System.Text.Json;
using Micro.GitHub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.CircleCi;

/// <summary>
/// The old rerun tool's procedure, step for step: the one branch matching the prefix, its newest pipeline, the named workflow in it,
/// and a re-run of the whole workflow unless it is still in flight or this is a dry run. Every API error ends in
/// <see cref="BranchRerunOutcomeKind.Failed"/> naming the call, the status and the API's message. A re-run call whose answer is lost
/// may still have reached CircleCI: before anyone asks again, CircleCI's lists are searched for the workflow it would have created.
/// </summary>
public sealed partial class BranchWorkflowRerun(
    GitHubClient github, CircleCiClient circleCi, IOptions<CircleCiOptions> options, ILogger<BranchWorkflowRerun> logger)
{
    /// <summary>Whether this caller may ask CircleCI for the re-run of what the steps <paramref name="found"/>.</summary>
    public delegate Task<bool> RerunClaim(BranchRerunOutcome found, CancellationToken ct);

    public async Task<BranchRerunOutcome> Run(BranchRerunRequest request, CancellationToken ct) =>
        (await Run(request, (_, _) => Task.FromResult(true), ct))!;

    /// <param name="claim">
    /// Asked once the workflow to re-run is found, right before CircleCI is: the service records there that the call is being made,
    /// so that no one makes it again. False (someone else has it) ends the procedure without an outcome: null.
    /// </param>
    public Task<BranchRerunOutcome?> Run(BranchRerunRequest request, RerunClaim claim, CancellationToken ct) =>
        Explained(request, async step =>
        {
            step.Call = $"listing the branches of {request.Repository} on GitHub";
            var branches = (await github.ListBranches(new GitHubTarget(request.Repository, request.InstallationId), ct))
                .Where(name => name.StartsWith(request.BranchPrefix, StringComparison.Ordinal))
                .ToList();
            if (branches is not [var branch])
            {
                return branches.Count == 0
                    ? new BranchRerunOutcome(BranchRerunOutcomeKind.NoBranch, 0)
                    : new BranchRerunOutcome(BranchRerunOutcomeKind.AmbiguousBranch, branches.Count);
            }

            var found = new BranchRerunOutcome(BranchRerunOutcomeKind.NoPipeline, 1, branch);
            step.Call = $"listing the pipelines of {request.ProjectSlug} on branch {branch} on CircleCI";
            var pipeline = (await circleCi.ListPipelines(request.ProjectSlug, branch, ct))
                .OrderByDescending(candidate => candidate.CreatedAt).ThenByDescending(candidate => candidate.Number)
                .FirstOrDefault();
            if (pipeline is null)
                return found;

            found = found with { Kind = BranchRerunOutcomeKind.NoWorkflow, Pipeline = pipeline };
            step.Call = $"listing the workflows of pipeline {pipeline.Id} on CircleCI";
            // After a re-run the pipeline holds the original and the new workflow under one name: the newest is the current one.
            var workflow = (await circleCi.ListWorkflows(pipeline.Id, ct))
                .Where(candidate => candidate.Name == request.WorkflowName)
                .MaxBy(candidate => candidate.CreatedAt);
            if (workflow is null)
                return found;

            found = found with { Workflow = workflow };
            if (options.Value.IsInFlight(workflow.Status))
                return found with { Kind = BranchRerunOutcomeKind.AlreadyRunning };
            if (request.DryRun)
                return found with { Kind = BranchRerunOutcomeKind.DryRun };
            if (!await claim(found, ct))
                return null;

            step.Call = $"rerunning workflow {workflow.Id} on CircleCI";
            try
            {
                var rerun = await circleCi.RerunWorkflow(workflow.Id, ct);
                return found with { Kind = BranchRerunOutcomeKind.RerunRequested, RerunWorkflowId = rerun };
            }
            catch (Exception lost) when (lost is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                step.Call = $"looking for the rerun of workflow {workflow.Id} on CircleCI after its request got {Explain(lost)}";
                return RerunAmong(await circleCi.ListWorkflows(pipeline.Id, ct), found, $"the rerun call got {Explain(lost)}");
            }
        }, ct);

    /// <summary>
    /// Takes up a re-run call that was interrupted before its outcome was recorded (the process died): what CircleCI's lists show of
    /// it. The steps had found <paramref name="workflowId"/> in pipeline <paramref name="pipelineId"/> on <paramref name="branch"/>.
    /// </summary>
    public async Task<BranchRerunOutcome> FindRerun(BranchRerunRequest request, string branch, string pipelineId, string workflowId, CancellationToken ct) =>
        (await Explained(request, async step =>
        {
            step.Call = $"looking for the rerun of workflow {workflowId} on CircleCI after an interrupted request";
            var pipeline = (await circleCi.ListPipelines(request.ProjectSlug, branch, ct)).FirstOrDefault(candidate => candidate.Id == pipelineId);
            var workflows = pipeline is null ? [] : await circleCi.ListWorkflows(pipeline.Id, ct);
            var original = workflows.FirstOrDefault(candidate => candidate.Id == workflowId);
            if (pipeline is null || original is null)
                return new BranchRerunOutcome(BranchRerunOutcomeKind.Failed, 1, branch,
                    Error: $"{step.Call}: CircleCI no longer lists pipeline {pipelineId} with workflow {workflowId}");

            return RerunAmong(workflows, new BranchRerunOutcome(BranchRerunOutcomeKind.RerunUnconfirmed, 1, branch, pipeline, original),
                "the rerun call was interrupted");
        }, ct))!;

    /// <summary>
    /// The re-run CircleCI made of the workflow <paramref name="found"/>, if its pipeline's <paramref name="workflows"/> show one: a
    /// workflow of the same name, newer than the one found, which was the newest. CircleCI's own creation times are compared, so
    /// clocks need not agree.
    /// </summary>
    static BranchRerunOutcome RerunAmong(IEnumerable<CircleCiWorkflow> workflows, BranchRerunOutcome found, string why)
    {
        var original = found.Workflow!;
        var rerun = workflows
            .Where(candidate => candidate.Name == original.Name && candidate.Id != original.Id && candidate.CreatedAt > original.CreatedAt)
            .MinBy(candidate => candidate.CreatedAt);
        return rerun is null
            ? found with { Kind = BranchRerunOutcomeKind.RerunUnconfirmed, Error = $"{why}, and CircleCI lists no new workflow {original.Name} yet" }
            : found with { Kind = BranchRerunOutcomeKind.RerunRequested, RerunWorkflowId = rerun.Id };
    }

    /// <summary>Runs steps that name their call as they go; an error becomes a <see cref="BranchRerunOutcomeKind.Failed"/> naming it.</summary>
    async Task<BranchRerunOutcome?> Explained(BranchRerunRequest request, Func<Step, Task<BranchRerunOutcome?>> steps, CancellationToken ct)
    {
        var step = new Step();
        BranchRerunOutcome? outcome;
        try
        {
            outcome = await steps(step);
        }
        catch (Exception error) when (Explain(error) is { } explanation && !ct.IsCancellationRequested)
        {
            outcome = new BranchRerunOutcome(BranchRerunOutcomeKind.Failed, Error: $"{step.Call}: {explanation}");
        }

        return outcome is null ? null : Done(request, outcome);
    }

    sealed class Step
    {
        public string Call { get; set; } = string.Empty;
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
