using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micro.GitHub;

/// <summary>The GitHub REST calls Micro's services make. Any error answer becomes a <see cref="GitHubApiException"/>.</summary>
public sealed partial class GitHubClient
{
    const int PageSize = 100;

    readonly HttpClient http;
    readonly GitHubCredentials credentials;
    readonly TimeProvider clock;

    internal GitHubClient(HttpClient http, GitHubCredentials credentials, TimeProvider clock)
    {
        this.http = http;
        this.credentials = credentials;
        this.clock = clock;
    }

    /// <summary>Whether a token or an App is configured; without one every call throws <see cref="GitHubNotConfiguredException"/>.</summary>
    public bool IsConfigured => credentials.IsConfigured;

    public async Task<GitHubWorkflowRun> GetWorkflowRun(GitHubTarget target, long runId, CancellationToken cancellationToken)
    {
        var run = await Send<WorkflowRunAnswer>(target, HttpMethod.Get, $"{RepositoryPath(target)}/actions/runs/{runId}", null, cancellationToken);
        return new GitHubWorkflowRun(run.Id, run.RunAttempt, run.Status ?? "unknown", run.Conclusion, run.HeadBranch);
    }

    /// <summary>Re-runs the failed jobs of a completed run (and the jobs that depend on them), as a new attempt.</summary>
    public async Task RerunFailedJobs(GitHubTarget target, long runId, CancellationToken cancellationToken) =>
        await SendOnly(target, HttpMethod.Post, $"{RepositoryPath(target)}/actions/runs/{runId}/rerun-failed-jobs", new { }, cancellationToken);

    /// <summary>The names of every branch of the repository, all pages.</summary>
    public async Task<IReadOnlyList<string>> ListBranches(GitHubTarget target, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? next = $"{RepositoryPath(target)}/branches?per_page={PageSize}";
        while (next is not null)
        {
            using var response = await Exchange(target, HttpMethod.Get, next, null, cancellationToken);
            var page = await response.Content.ReadFromJsonAsync<List<BranchAnswer>>(GitHubJson.Options, cancellationToken) ?? [];
            names.AddRange(page.Select(branch => branch?.Name ?? throw new JsonException("GitHub listed a branch without a name")));
            next = NextPage(response, http.BaseAddress!);
        }

        return names;
    }

    /// <summary>The jobs of one attempt of a workflow run, all pages.</summary>
    public async Task<IReadOnlyList<GitHubWorkflowJob>> ListRunAttemptJobs(GitHubTarget target, long runId, int runAttempt, CancellationToken cancellationToken)
    {
        var jobs = new List<GitHubWorkflowJob>();
        string? next = $"{RepositoryPath(target)}/actions/runs/{runId}/attempts/{runAttempt}/jobs?per_page={PageSize}";
        while (next is not null)
        {
            using var response = await Exchange(target, HttpMethod.Get, next, null, cancellationToken);
            var page = await response.Content.ReadFromJsonAsync<JobsPage>(GitHubJson.Options, cancellationToken)
                ?? throw new JsonException("GitHub answered the list of jobs with an empty body");
            jobs.AddRange((page.Jobs ?? throw new JsonException("GitHub's list of jobs has no jobs")).Select(job =>
                new GitHubWorkflowJob(job.Id, job.Name ?? throw new JsonException("GitHub listed a job without a name"),
                    job.Status ?? throw new JsonException("GitHub listed a job without a status"), job.Conclusion)));
            next = NextPage(response, http.BaseAddress!);
        }

        return jobs;
    }

    public async Task CreateCommitStatus(GitHubTarget target, string sha, CommitStatus status, CancellationToken cancellationToken) =>
        await SendOnly(target, HttpMethod.Post, $"{RepositoryPath(target)}/statuses/{Uri.EscapeDataString(sha)}", new
        {
            state = status.State,
            context = status.Context,
            description = status.Description,
            target_url = status.TargetUrl,
        }, cancellationToken);

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
                next = NextPage(response, http.BaseAddress!);
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

    static string RepositoryPath(GitHubTarget target) => $"repos/{GitHubPaths.Repository(target.Repository)}";

    async Task<T> Send<T>(GitHubTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await Exchange(target, method, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(GitHubJson.Options, cancellationToken)
            ?? throw new InvalidOperationException($"GitHub answered {method} {path} with an empty body");
    }

    async Task SendOnly(GitHubTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await Exchange(target, method, path, body, cancellationToken);
    }

    Task<HttpResponseMessage> Exchange(GitHubTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        Exchange(token => credentials.For(target, token), method, path, body, cancellationToken);

    async Task<HttpResponseMessage> Exchange(
        Func<CancellationToken, Task<AuthenticationHeaderValue>> authorize, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = await authorize(cancellationToken);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: GitHubJson.Options);

        var response = await http.SendAsync(request, cancellationToken);
        try
        {
            await GitHubAnswers.EnsureSuccess(response, clock, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// GitHub pages with a <c>Link</c> header; the <c>next</c> relation is an absolute URL. It is followed only on the API's own
    /// origin, because the token goes with the request.
    /// </summary>
    static string? NextPage(HttpResponseMessage response, Uri api)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
            return null;

        foreach (var link in links.SelectMany(value => value.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length > 1 && parts.Skip(1).Any(part => part is "rel=\"next\"" or "rel=next"))
            {
                var next = new Uri(api, parts[0].Trim('<', '>'));
                return Uri.Compare(next, api, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                    ? next.ToString()
                    : throw new GitHubApiException(response.StatusCode, $"GitHub's next page is on another host ({next.Host}); not following it", null, false);
            }
        }

        return null;
    }

    sealed record WorkflowRunAnswer(long Id, int RunAttempt, string? Status, string? Conclusion, string? HeadBranch);

    sealed record HookDeliveryAnswer(
        long Id, string? Guid, DateTimeOffset DeliveredAt, bool Redelivery, int StatusCode, string? Status, string? Event, string? Action)
    {
        public GitHubHookDelivery ToDelivery() => new(
            Id, Guid ?? throw new JsonException($"GitHub listed delivery {Id} without a guid"), DeliveredAt, Redelivery, StatusCode,
            Status ?? string.Empty, Event ?? string.Empty, Action);
    }

    sealed record JobsPage(List<JobAnswer>? Jobs);

    sealed record JobAnswer(long Id, string? Name, string? Status, string? Conclusion);

    sealed record BranchAnswer([property: JsonPropertyName("name")] string? Name);
}
