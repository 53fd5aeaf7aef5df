using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// CircleCI's API v2 as a real HTTP server on 127.0.0.1, for the three operations Micro calls: list a project's pipelines (by
/// branch), list a pipeline's workflows, re-run a workflow. Shapes follow CircleCI's OpenAPI description
/// (<c>fixtures/circleci-openapi</c>): lists of <c>{"items": [...], "next_page_token": ...}</c>, errors as <c>{"message": ...}</c>,
/// the token in the <c>Circle-Token</c> header. Like CircleCI, a re-run adds a new workflow of the same name to the pipeline, and
/// it can be kept out of the lists for a number of calls to stage the window in which the old tool re-ran twice.
/// </summary>
public sealed partial class FakeCircleCi : IAsyncDisposable
{
    public const string Token = "fake-circleci-token";

    readonly WebApplication app;
    readonly Lock gate = new();
    readonly List<Pipeline> pipelines = [];
    readonly List<Workflow> workflows = [];
    readonly HashSet<string> projects = [];
    readonly List<Injection> injections = [];
    readonly List<Injection> aborts = [];
    readonly List<RecordedRequest> requests = [];
    readonly List<RecordedRerun> reruns = [];

    FakeCircleCi(WebApplication app) => this.app = app;

    /// <summary>The API base, like https://circleci.com/api/v2: set <c>CircleCi:ApiUrl</c> to it.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Items per page of every list.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>How many workflow-list calls of its pipeline a re-run's new workflow stays out of (CircleCI takes a moment too).</summary>
    public int RerunVisibleAfterListCalls { get; set; }

    /// <summary>How long the answer to an accepted re-run is held back: longer than the client waits, and the re-run happened unanswered.</summary>
    public TimeSpan RerunAnswerDelay { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (gate) return [.. requests]; }
    }

    public IReadOnlyList<RecordedRerun> Reruns
    {
        get { lock (gate) return [.. reruns]; }
    }

    public static async Task<FakeCircleCi> Start()
    {
        FakeCircleCi? fake = null;
        var (app, address) = await LoopbackServer.Start(app => app.Run(context => fake!.Handle(context)));
        fake = new FakeCircleCi(app) { ApiUrl = new Uri(address, "api/v2") };
        return fake;
    }

    /// <summary>A project that exists; pipelines are listed only for known projects (others answer 404 like CircleCI).</summary>
    public void AddProject(string projectSlug)
    {
        lock (gate) projects.Add(projectSlug);
    }

    /// <summary>Adds a pipeline (and its project) and returns its id. Later pipelines get higher numbers.</summary>
    public string AddPipeline(string projectSlug, string branch, DateTimeOffset? createdAt = null)
    {
        lock (gate)
        {
            projects.Add(projectSlug);
            var number = pipelines.Count(pipeline => pipeline.ProjectSlug == projectSlug) + 1;
            var pipeline = new Pipeline(Guid.NewGuid().ToString(), number, projectSlug, branch, createdAt ?? DateTimeOffset.UtcNow);
            pipelines.Add(pipeline);
            return pipeline.Id;
        }
    }

    /// <summary>Adds a workflow to a pipeline and returns its id.</summary>
    public string AddWorkflow(string pipelineId, string name, string status, DateTimeOffset? createdAt = null)
    {
        lock (gate)
        {
            var pipeline = pipelines.Single(candidate => candidate.Id == pipelineId);
            var workflow = new Workflow(Guid.NewGuid().ToString(), name, pipeline, createdAt ?? pipeline.CreatedAt) { Status = status };
            workflows.Add(workflow);
            return workflow.Id;
        }
    }

    public void SetWorkflowStatus(string workflowId, string status)
    {
        lock (gate) workflows.Single(workflow => workflow.Id == workflowId).Status = status;
    }

    /// <summary>The status of a workflow, visible or not.</summary>
    public string WorkflowStatus(string workflowId)
    {
        lock (gate) return workflows.Single(workflow => workflow.Id == workflowId).Status;
    }

    /// <summary>The next <paramref name="times"/> requests matching answer <paramref name="statusCode"/> <c>{"message": ...}</c>.</summary>
    public void Fail(string method, string pathPrefix, int statusCode, string message, int times = 1) =>
        Answer(method, pathPrefix, statusCode, JsonSerializer.Serialize(new { message }), times);

    /// <summary>The next <paramref name="times"/> requests matching answer exactly this body (malformed answers, proxies' pages).</summary>
    /// <param name="pathPrefix">A path below the API base, e.g. <c>/project/gh/acme/api/pipeline</c>.</param>
    public void Answer(string method, string pathPrefix, int statusCode, string body, int times = 1, string contentType = "application/json")
    {
        lock (gate) injections.Add(new Injection(method, pathPrefix, statusCode, body, contentType) { Remaining = times });
    }

    /// <summary>The next <paramref name="times"/> requests matching are dropped without an answer, as a connection reset does.</summary>
    public void Abort(string method, string pathPrefix, int times = 1)
    {
        lock (gate) aborts.Add(new Injection(method, pathPrefix, 0, "", "") { Remaining = times });
    }

    async Task Handle(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var token = context.Request.Headers["Circle-Token"].ToString();
        path = path.StartsWith("/api/v2", StringComparison.Ordinal) ? path["/api/v2".Length..] : path;
        if (Aborted(context.Request.Method, path, context.Request.Query, token, body))
        {
            context.Abort();
            return;
        }

        var (status, answer, contentType) = Respond(context.Request.Method, path, context.Request.Query, token, body);
        if (RerunAnswerDelay > TimeSpan.Zero && context.Request.Method == "POST" && RerunPath().IsMatch(path))
        {
            try
            {
                await Task.Delay(RerunAnswerDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(answer);
    }

    bool Aborted(string method, string path, IQueryCollection query, string token, string body)
    {
        lock (gate)
        {
            var abort = aborts.FirstOrDefault(candidate =>
                candidate.Remaining > 0 && candidate.Method == method && path.StartsWith(candidate.PathPrefix, StringComparison.Ordinal));
            if (abort is null)
                return false;

            abort.Remaining--;
            requests.Add(new RecordedRequest(method, path, query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()), token, body));
            return true;
        }
    }

    (int Status, string Body, string ContentType) Respond(string method, string path, IQueryCollection query, string token, string body)
    {
        lock (gate)
        {
            requests.Add(new RecordedRequest(method, path, query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()), token, body));
            if (token != Token)
                return Message(401, "You must log in first.");

            var injection = injections.FirstOrDefault(candidate =>
                candidate.Remaining > 0 && candidate.Method == method && path.StartsWith(candidate.PathPrefix, StringComparison.Ordinal));
            if (injection is not null)
            {
                injection.Remaining--;
                return (injection.StatusCode, injection.Body, injection.ContentType);
            }

            return (method, path) switch
            {
                ("GET", _) when PipelineListPath().Match(path) is { Success: true } match =>
                    ListPipelines(match.Groups[1].Value, query["branch"], query["page-token"]),
                ("GET", _) when WorkflowListPath().Match(path) is { Success: true } match =>
                    ListWorkflows(match.Groups[1].Value, query["page-token"]),
                ("POST", _) when RerunPath().Match(path) is { Success: true } match => Rerun(match.Groups[1].Value, body),
                _ => Message(404, "Not found"),
            };
        }
    }

    (int, string, string) ListPipelines(string projectSlug, string? branch, string? pageToken)
    {
        if (!projects.Contains(projectSlug))
            return Message(404, "Project not found");

        var matching = pipelines
            .Where(pipeline => pipeline.ProjectSlug == projectSlug && (string.IsNullOrEmpty(branch) || pipeline.Branch == branch))
            .Reverse()
            .Select(PipelineJson);
        return Page(matching, pageToken);
    }

    (int, string, string) ListWorkflows(string pipelineId, string? pageToken)
    {
        if (pipelines.All(pipeline => pipeline.Id != pipelineId))
            return Message(404, "Pipeline not found");

        var ofPipeline = workflows.Where(workflow => workflow.Pipeline.Id == pipelineId).ToList();
        var visible = ofPipeline.Where(workflow => workflow.HiddenForListCalls == 0).Select(WorkflowJson).ToList();
        foreach (var hidden in ofPipeline.Where(workflow => workflow.HiddenForListCalls > 0))
            hidden.HiddenForListCalls--;
        return Page(visible, pageToken);
    }

    (int, string, string) Rerun(string workflowId, string body)
    {
        if (body.Length > 0)
        {
            try
            {
                var parameters = JsonNode.Parse(body) as JsonObject;
                if (parameters?["from_failed"]?.GetValue<bool>() == true && parameters["jobs"] is not null)
                    return Message(400, "from_failed and jobs are mutually exclusive");
            }
            catch (JsonException)
            {
                return Message(400, "Invalid JSON body");
            }
        }

        var original = workflows.FirstOrDefault(workflow => workflow.Id == workflowId);
        if (original is null)
            return Message(404, "Workflow not found");

        var newest = workflows.Where(workflow => workflow.Pipeline == original.Pipeline).Max(workflow => workflow.CreatedAt);
        var createdAt = DateTimeOffset.UtcNow > newest ? DateTimeOffset.UtcNow : newest.AddMilliseconds(1);
        var rerun = new Workflow(Guid.NewGuid().ToString(), original.Name, original.Pipeline, createdAt)
        {
            Status = "running",
            HiddenForListCalls = RerunVisibleAfterListCalls,
        };
        workflows.Add(rerun);
        reruns.Add(new RecordedRerun(workflowId, rerun.Id, body, DateTimeOffset.UtcNow));
        return (202, JsonSerializer.Serialize(new { workflow_id = rerun.Id }), "application/json");
    }

    (int, string, string) Page(IEnumerable<JsonObject> items, string? pageToken)
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken))
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(pageToken)));
            }
            catch (FormatException)
            {
                return Message(400, "Invalid page-token");
            }
        }

        var all = items.ToList();
        var page = new JsonArray([.. all.Skip(offset).Take(PageSize)]);
        var next = offset + PageSize < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + PageSize).ToString())) : null;
        return (200, new JsonObject { ["items"] = page, ["next_page_token"] = next }.ToJsonString(), "application/json");
    }

    static JsonObject PipelineJson(Pipeline pipeline)
    {
        var repository = "https://github.com/" + string.Join('/', pipeline.ProjectSlug.Split('/').Skip(1));
        return new JsonObject
        {
            ["id"] = pipeline.Id,
            ["errors"] = new JsonArray(),
            ["project_slug"] = pipeline.ProjectSlug,
            ["updated_at"] = pipeline.CreatedAt,
            ["number"] = pipeline.Number,
            ["state"] = "created",
            ["created_at"] = pipeline.CreatedAt,
            ["trigger"] = new JsonObject
            {
                ["type"] = "webhook",
                ["received_at"] = pipeline.CreatedAt,
                ["actor"] = new JsonObject { ["login"] = "octocat", ["avatar_url"] = null },
            },
            ["vcs"] = new JsonObject
            {
                ["provider_name"] = "GitHub",
                ["origin_repository_url"] = repository,
                ["target_repository_url"] = repository,
                ["revision"] = "f454a02b5d10fcccfd7d9dd7608a76d6493a98b4",
                ["branch"] = pipeline.Branch,
            },
        };
    }

    static JsonObject WorkflowJson(Workflow workflow) => new()
    {
        ["pipeline_id"] = workflow.Pipeline.Id,
        ["id"] = workflow.Id,
        ["name"] = workflow.Name,
        ["project_slug"] = workflow.Pipeline.ProjectSlug,
        ["status"] = workflow.Status,
        ["started_by"] = "7b4a9dd8-4b4b-4e6b-9c8e-5c9b3f3d6a01",
        ["pipeline_number"] = workflow.Pipeline.Number,
        ["created_at"] = workflow.CreatedAt,
        ["stopped_at"] = workflow.Status is "running" or "on_hold" or "failing" ? null : workflow.CreatedAt.AddMinutes(5),
    };

    static (int, string, string) Message(int status, string message) =>
        (status, JsonSerializer.Serialize(new { message }), "application/json");

    [GeneratedRegex("^/project/(.+)/pipeline$")]
    private static partial Regex PipelineListPath();

    [GeneratedRegex("^/pipeline/([^/]+)/workflow$")]
    private static partial Regex WorkflowListPath();

    [GeneratedRegex("^/workflow/([^/]+)/rerun$")]
    private static partial Regex RerunPath();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    sealed record Pipeline(string Id, int Number, string ProjectSlug, string Branch, DateTimeOffset CreatedAt);

    sealed record Workflow(string Id, string Name, Pipeline Pipeline, DateTimeOffset CreatedAt)
    {
        public required string Status { get; set; }

        public int HiddenForListCalls { get; set; }
    }

    sealed record Injection(string Method, string PathPrefix, int StatusCode, string Body, string ContentType)
    {
        public int Remaining { get; set; }
    }

    /// <param name="Path">Below the API base, e.g. <c>/workflow/{id}/rerun</c>.</param>
    /// <param name="CircleToken">The <c>Circle-Token</c> header as received (empty when absent).</param>
    public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string CircleToken, string Body);

    public sealed record RecordedRerun(string WorkflowId, string NewWorkflowId, string Body, DateTimeOffset At);
}
