using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micro.GitWorkflow.Publishing;

/// <summary>
/// The original HTTP publisher's request, a flat JSON object (<c>git_url</c>, <c>source_branch</c>, <c>feature_branch</c>, <c>author</c>,
/// <c>git_user</c>, <c>git_email</c>, <c>task_list</c> or <c>feature_request</c>, <c>agent</c>, <c>model</c>, <c>provider</c>,
/// <c>extra_flags</c>, <c>workflow</c>), turned into the message the original published:
/// <c>{"workflow": name, "parameters": {every other field as given}}</c>.
/// </summary>
static class WorkflowPublication
{
    public const string DefaultWorkflow = "push_feature";

    public const int MaxBodyBytes = 256 * 1024;

    static readonly string[] TextFields = ["workflow", "git_url", "source_branch", "feature_branch", "author", "git_user", "git_email",
        "feature_request", "agent", "model", "provider"];

    static readonly string[] TextOrListFields = ["task_list", "extra_flags"];

    /// <summary>The message to publish, or the refusal naming the field at fault.</summary>
    public static (string? Message, ProblemHttpResult? Refusal) Read(ReadOnlyMemory<byte> body)
    {
        JsonObject? request;
        try
        {
            request = Utf8.IsValid(body.Span) ? JsonNode.Parse(body.Span) as JsonObject : null;
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
            return Refuse("body", "the body must be a JSON object in UTF-8, such as {\"git_url\": \"https://github.com/o/r.git\", \"task_list\": \"...\"}");

        var errors = new Dictionary<string, string[]>();
        foreach (var field in TextFields.Where(field => request[field] is { } value && !IsText(value)))
            errors[field] = [$"{field} must be a string"];
        foreach (var field in TextOrListFields.Where(field => request[field] is { } value && !IsText(value) && !IsTextList(value)))
            errors[field] = [$"{field} must be a string or a list of strings"];

        var workflow = Text(request, "workflow") ?? DefaultWorkflow;
        if (!errors.ContainsKey("git_url") && string.IsNullOrWhiteSpace(Text(request, "git_url")))
            errors["git_url"] = ["git_url is required: the repository to work on, such as https://github.com/owner/repo.git"];
        if (NeedsTask(workflow) && !HasValue(request, "task_list") && !HasValue(request, "feature_request"))
            errors["task_list"] = [$"task_list (or feature_request) is required for {workflow}: what the coding agent is to do"];
        if (workflow == "resolve_issue" && !HasValue(request, "issue"))
            errors["issue"] = ["issue is required for resolve_issue: the number of the issue to resolve"];
        if (errors.Count > 0)
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest }));

        var parameters = new JsonObject();
        foreach (var (name, value) in request.Where(member => member.Key != "workflow" && member.Value is not null))
            parameters[name] = value!.DeepClone();
        var message = new JsonObject { ["workflow"] = workflow, ["parameters"] = parameters };
        return (message.ToJsonString(), null);
    }

    /// <summary>hello_world needs no task; resolve_issue takes its task from the issue.</summary>
    static bool NeedsTask(string workflow) => workflow is not ("hello_world" or "resolve_issue");

    static bool IsText(JsonNode value) => value.GetValueKind() == JsonValueKind.String;

    static bool IsTextList(JsonNode value) => value is JsonArray list && list.All(item => item is not null && IsText(item));

    static string? Text(JsonObject request, string field) => request[field] is { } value && IsText(value) ? value.GetValue<string>() : null;

    static bool HasValue(JsonObject request, string field) => request[field] switch
    {
        null => false,
        JsonArray list => list.Count > 0,
        var value when IsText(value) => !string.IsNullOrWhiteSpace(value.GetValue<string>()),
        _ => true,
    };

    static (string?, ProblemHttpResult?) Refuse(string field, string error) =>
        (null, TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
        {
            Status = StatusCodes.Status400BadRequest,
        }));
}
