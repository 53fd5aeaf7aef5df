using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.GitLab;

/// <summary>
/// The GitLab REST calls the workflows make: read an issue, open a merge request (or find the open one), add a note to an issue (or find
/// one already there).
/// </summary>
public sealed class GitLabClient(HttpClient http, IOptions<GitLabOptions> options)
{
    const int PageSize = 100;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary><c>GET /projects/:id/issues/:issue_iid</c>; <paramref name="project"/> is the path (<c>group/name</c>).</summary>
    public async Task<GitLabIssue> GetIssue(string project, int iid, CancellationToken cancellationToken)
    {
        var issue = await Send<IssueAnswer>(HttpMethod.Get, $"projects/{Uri.EscapeDataString(project)}/issues/{iid}", null, cancellationToken);
        return new GitLabIssue(issue.Iid, issue.Title ?? string.Empty, issue.Description ?? string.Empty, issue.WebUrl ?? string.Empty);
    }

    /// <summary><c>POST /projects/:id/merge_requests</c>.</summary>
    public async Task<GitLabMergeRequest> CreateMergeRequest(
        string project, string sourceBranch, string targetBranch, string title, string description, CancellationToken cancellationToken)
    {
        var created = await Send<MergeRequestAnswer>(HttpMethod.Post, $"projects/{Uri.EscapeDataString(project)}/merge_requests",
            new { source_branch = sourceBranch, target_branch = targetBranch, title, description }, cancellationToken);
        return new GitLabMergeRequest(created.Iid, created.WebUrl ?? string.Empty);
    }

    /// <summary>
    /// <c>GET /projects/:id/merge_requests?source_branch=&amp;target_branch=&amp;state=opened</c>: the open merge request of the branch into
    /// the target, or null (GitLab allows one).
    /// </summary>
    public async Task<GitLabMergeRequest?> FindOpenMergeRequest(string project, string sourceBranch, string targetBranch, CancellationToken cancellationToken)
    {
        var query = $"source_branch={Uri.EscapeDataString(sourceBranch)}&target_branch={Uri.EscapeDataString(targetBranch)}&state=opened";
        var open = await Send<List<MergeRequestAnswer>>(HttpMethod.Get, $"projects/{Uri.EscapeDataString(project)}/merge_requests?{query}", null, cancellationToken);
        return open.FirstOrDefault() is { } found ? new GitLabMergeRequest(found.Iid, found.WebUrl ?? string.Empty) : null;
    }

    /// <summary><c>GET /projects/:id/issues/:issue_iid/notes</c>, page by page: whether a note contains <paramref name="text"/>.</summary>
    public async Task<bool> HasIssueNote(string project, int iid, string text, CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var notes = await Send<List<NoteAnswer>>(HttpMethod.Get,
                $"projects/{Uri.EscapeDataString(project)}/issues/{iid}/notes?per_page={PageSize}&page={page}", null, cancellationToken);
            if (notes.Any(note => note.Body?.Contains(text, StringComparison.Ordinal) == true))
                return true;
            if (notes.Count < PageSize)
                return false;
        }
    }

    /// <summary><c>POST /projects/:id/issues/:issue_iid/notes</c>.</summary>
    public async Task AddIssueNote(string project, int iid, string body, CancellationToken cancellationToken) =>
        await Send<JsonElement>(HttpMethod.Post, $"projects/{Uri.EscapeDataString(project)}/issues/{iid}/notes", new { body }, cancellationToken);

    async Task<T> Send<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (options.Value.Token is { Length: > 0 } token)
            request.Headers.Add("PRIVATE-TOKEN", token);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new GitLabApiException(response.StatusCode, Message(text));
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new JsonException($"GitLab answered {method} {path} with an empty body");
    }

    /// <summary>GitLab explains errors in <c>message</c> (a string, a list or an object of lists) or <c>error</c>.</summary>
    static string Message(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("message", out var message) || root.TryGetProperty("error", out message)))
                return message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
        }
        catch (JsonException)
        {
        }

        return text.Length > 200 ? text[..200] : text;
    }

    sealed record IssueAnswer(int Iid, string? Title, string? Description, string? WebUrl);

    sealed record NoteAnswer(long Id, string? Body);

    sealed record MergeRequestAnswer(int Iid, [property: JsonPropertyName("web_url")] string? WebUrl);
}

public sealed record GitLabIssue(int Iid, string Title, string Description, string WebUrl);

public sealed record GitLabMergeRequest(int Iid, string WebUrl);
