using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Micro.CircleCi;

/// <summary>The three CircleCI API v2 operations a branch re-run needs; a typed HttpClient.</summary>
public sealed class CircleCiClient(HttpClient http, IOptions<CircleCiOptions> options)
{
    const string TokenHeader = "Circle-Token";

    readonly CircleCiOptions options = options.Value;

    /// <summary>Every pipeline of the project on <paramref name="branch"/>, over all pages.</summary>
    public Task<IReadOnlyList<CircleCiPipeline>> ListPipelines(string projectSlug, string branch, CancellationToken ct) =>
        ListAll($"project/{EscapeSlug(projectSlug)}/pipeline?branch={Uri.EscapeDataString(branch)}", CircleCiAnswer.Pipeline, ct);

    /// <summary>Every workflow of a pipeline, over all pages; a re-run adds a workflow of the same name beside the original.</summary>
    public Task<IReadOnlyList<CircleCiWorkflow>> ListWorkflows(string pipelineId, CancellationToken ct) =>
        ListAll($"pipeline/{Uri.EscapeDataString(pipelineId)}/workflow", CircleCiAnswer.Workflow, ct);

    /// <summary>Re-runs the whole workflow (not only from the failed jobs) and returns the id of the workflow CircleCI creates.</summary>
    public async Task<string> RerunWorkflow(string workflowId, CancellationToken ct)
    {
        var answer = await Send(HttpMethod.Post, $"workflow/{Uri.EscapeDataString(workflowId)}/rerun", new { from_failed = false }, ct);
        return answer.RequiredString(answer.Root, "workflow_id", "the rerun answer");
    }

    async Task<IReadOnlyList<T>> ListAll<T>(string path, Func<CircleCiAnswer, JsonElement, T> parse, CancellationToken ct)
    {
        var items = new List<T>();
        var seenTokens = new HashSet<string>();
        string? pageToken = null;
        do
        {
            var page = pageToken is null ? path : $"{path}{(path.Contains('?') ? '&' : '?')}page-token={Uri.EscapeDataString(pageToken)}";
            var answer = await Send(HttpMethod.Get, page, body: null, ct);
            foreach (var item in answer.RequiredArray(answer.Root, "items", "the list"))
                items.Add(parse(answer, item));

            pageToken = answer.OptionalString(answer.Root, "next_page_token");
            if (pageToken is not null && !seenTokens.Add(pageToken))
                throw answer.Malformed($"next_page_token '{pageToken}' repeats an earlier page");
        }
        while (pageToken is not null);

        return items;
    }

    async Task<CircleCiAnswer> Send(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        if (!options.IsConfigured)
            throw new CircleCiNotConfiguredException();

        var operation = $"{method} /{path.Split('?')[0]}";
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(TokenHeader, options.Token);
        if (body is not null)
            request.Content = JsonContent.Create(body);

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? CircleCiAnswer.Parse(response.StatusCode, text, operation)
            : throw new CircleCiApiException(response.StatusCode, CircleCiAnswer.ErrorMessage(text, response.ReasonPhrase), operation);
    }

    /// <summary>A slug is <c>vcs/org/repo</c>: its slashes stay, each part is escaped.</summary>
    static string EscapeSlug(string projectSlug) => string.Join('/', projectSlug.Split('/').Select(Uri.EscapeDataString));
}
