using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Octokit;

namespace Micro.GitHub;

/// <summary>
/// The GitHub REST calls Micro's services make, through Octokit. Any error answer becomes a <see cref="GitHubApiException"/>; the
/// <see cref="Call{T}(GitHubTarget, Func{IGitHubClient, Task{T}}, CancellationToken)"/> family reaches the rest of Octokit the same way.
/// </summary>
public sealed partial class GitHubClient
{
    const int PageSize = 100;

    readonly GitHubConnection http;
    readonly GitHubCredentials credentials;
    readonly TimeProvider clock;

    internal GitHubClient(GitHubConnection http, GitHubCredentials credentials, TimeProvider clock)
    {
        this.http = http;
        this.credentials = credentials;
        this.clock = clock;
    }

    /// <summary>Whether a token or an App is configured; without one every call throws <see cref="GitHubNotConfiguredException"/>.</summary>
    public bool IsConfigured => credentials.IsConfigured;

    public async Task<GitHubWorkflowRun> GetWorkflowRun(GitHubTarget target, long runId, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubPaths.OwnerAndName(target.Repository);
        var run = await Call(target, github => github.Actions.Workflows.Runs.Get(owner, name, runId), cancellationToken);
        return new GitHubWorkflowRun(run.Id, checked((int)run.RunAttempt), Known(run.Status.StringValue) ?? "unknown", Known(run.Conclusion?.StringValue), run.HeadBranch);
    }

    /// <summary>Re-runs the failed jobs of a completed run (and the jobs that depend on them), as a new attempt.</summary>
    public async Task RerunFailedJobs(GitHubTarget target, long runId, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubPaths.OwnerAndName(target.Repository);
        await Call(target, github => github.Actions.Workflows.Runs.RerunFailedJobs(owner, name, runId), cancellationToken);
    }

    /// <summary>The names of every branch of the repository, all pages.</summary>
    public async Task<IReadOnlyList<string>> ListBranches(GitHubTarget target, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubPaths.OwnerAndName(target.Repository);
        var branches = await Call(target, github => github.Repository.Branch.GetAll(owner, name, AllPages()), cancellationToken);
        return [.. branches.Select(branch => branch.Name ?? throw new JsonException("GitHub listed a branch without a name"))];
    }

    /// <summary>The jobs of one attempt of a workflow run, all pages.</summary>
    public async Task<IReadOnlyList<GitHubWorkflowJob>> ListRunAttemptJobs(GitHubTarget target, long runId, int runAttempt, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubPaths.OwnerAndName(target.Repository);
        var jobs = await Call(target, github => github.Actions.Workflows.Jobs.List(owner, name, runId, runAttempt, AllPages()), cancellationToken);
        return [.. (jobs.Jobs ?? throw new JsonException("GitHub's list of jobs has no jobs")).Select(job => new GitHubWorkflowJob(
            job.Id,
            job.Name ?? throw new JsonException("GitHub listed a job without a name"),
            Known(job.Status.StringValue) ?? throw new JsonException("GitHub listed a job without a status"),
            Known(job.Conclusion?.StringValue)))];
    }

    public async Task CreateCommitStatus(GitHubTarget target, string sha, CommitStatus status, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubPaths.OwnerAndName(target.Repository);
        var created = new NewCommitStatus
        {
            State = StateOf(status.State),
            Context = status.Context,
            Description = status.Description,
            TargetUrl = status.TargetUrl,
        };
        await Call(target, github => github.Repository.Status.Create(owner, name, Uri.EscapeDataString(sha), created), cancellationToken);
    }

    /// <summary>
    /// The hook's delivery attempts, newest first, page by page as they are read: stop reading once they are older than wanted.
    /// Everything is listed, because GitHub's own <c>status=failure</c> filter leaves out timeouts and refused connections (status code 0).
    /// </summary>
    public async IAsyncEnumerable<GitHubHookDelivery> ListHookDeliveries(GitHubHook hook, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = $"{hook.DeliveriesPath}?per_page={PageSize}";
        while (next is not null)
        {
            List<HookDeliveryAnswer> page;
            using (var response = await Exchange(token => Authorize(hook, token), HttpMethod.Get, next, null, cancellationToken))
            {
                page = await response.Content.ReadFromJsonAsync<List<HookDeliveryAnswer>>(GitHubJson.Options, cancellationToken) ?? [];
                next = NextPage(response, http.BaseAddress);
            }

            foreach (var delivery in page)
                yield return delivery.ToDelivery();
        }
    }

    /// <summary>Asks GitHub to deliver the event of that attempt again (answered 202; the new attempt shares the event's guid).</summary>
    public async Task RedeliverHookDelivery(GitHubHook hook, long deliveryId, CancellationToken cancellationToken)
    {
        using var response = await Exchange(token => Authorize(hook, token), HttpMethod.Post, $"{hook.DeliveriesPath}/{deliveryId}/attempts", null, cancellationToken);
    }

    async Task<AuthenticationHeaderValue> Authorize(GitHubHook hook, CancellationToken cancellationToken) => hook switch
    {
        GitHubHook.OfRepository repository => await credentials.For(new GitHubTarget(repository.Repository), cancellationToken),
        GitHubHook.OfOrganization organization => await credentials.ForOrganization(organization.Organization, cancellationToken),
        _ => credentials.ForApp(),
    };

    /// <summary>Octokit follows the <c>Link</c> header's next page; a full page at a time saves requests and rate limit.</summary>
    static ApiOptions AllPages() => new() { PageSize = PageSize };

    /// <summary>Octokit reads an absent or null value of its string enumerations as an empty string.</summary>
    static string? Known(string? value) => string.IsNullOrEmpty(value) ? null : value;

    static CommitState StateOf(string state) => state switch
    {
        "pending" => CommitState.Pending,
        "success" => CommitState.Success,
        "failure" => CommitState.Failure,
        "error" => CommitState.Error,
        _ => throw new ArgumentException($"'{state}' is not a commit status state (pending, success, failure or error)", nameof(state)),
    };

    sealed record HookDeliveryAnswer(
        long Id, string? Guid, DateTimeOffset DeliveredAt, bool Redelivery, int StatusCode, string? Status, string? Event, string? Action)
    {
        public GitHubHookDelivery ToDelivery() => new(
            Id, Guid ?? throw new JsonException($"GitHub listed delivery {Id} without a guid"), DeliveredAt, Redelivery, StatusCode,
            Status ?? string.Empty, Event ?? string.Empty, Action);
    }
}
