using System.Text.Json;
using Micro.GitWorkflow.Git;

namespace Micro.GitWorkflow.Workflows;

/// <summary>The parameters of a workflow request, as the original named them, validated for the workflow they are for.</summary>
public sealed record WorkflowParameters(
    RepositoryAddress GitUrl,
    string? GitUser,
    string? GitEmail,
    string? SourceBranch,
    string? FeatureBranch,
    string? Author,
    string? Task,
    string? Agent,
    string? Model,
    string? Provider,
    string? ExtraFlags,
    bool PullRequest,
    int? Issue);

/// <summary>A request as it arrives (<c>{"workflow": ..., "parameters": {...}}</c>), checked: either a workflow to run or the refusal.</summary>
public sealed record WorkflowRequest(string Workflow, WorkflowParameters Parameters)
{
    /// <summary>Reads and validates a request; on refusal, <paramref name="field"/> names what is wrong (<c>parameters.git_url</c>).</summary>
    public static WorkflowRequest? Read(JsonElement root, RepositoryRules rules, Func<string, bool> isAgent, out string field, out string problem)
    {
        field = string.Empty;
        problem = string.Empty;
        if (root.ValueKind != JsonValueKind.Object)
            return Refuse("body", "must be a JSON object {\"workflow\": ..., \"parameters\": {...}}", out field, out problem);
        if (!root.TryGetProperty("workflow", out var workflowValue) || workflowValue.ValueKind != JsonValueKind.String)
            return Refuse("workflow", $"is required, one of {string.Join(", ", WorkflowNames.All)}", out field, out problem);
        var workflow = workflowValue.GetString()!;
        if (!WorkflowNames.All.Contains(workflow))
            return Refuse("workflow", $"unknown workflow '{Shorten(workflow)}': use one of {string.Join(", ", WorkflowNames.All)}", out field, out problem);
        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
            return Refuse("parameters", "must be a JSON object", out field, out problem);

        var reader = new ParameterReader(parameters);
        var parsed = reader.Parameters(workflow, rules, isAgent);
        if (reader.Field is not null)
            return Refuse($"parameters.{reader.Field}", reader.Problem!, out field, out problem);
        return new WorkflowRequest(workflow, parsed!);
    }

    public static WorkflowRequest? Read(string json, RepositoryRules rules, Func<string, bool> isAgent, out string field, out string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, rules, isAgent, out field, out problem);
        }
        catch (JsonException failure)
        {
            return Refuse("body", $"is not JSON: {failure.Message}", out field, out problem);
        }
    }

    static WorkflowRequest? Refuse(string name, string reason, out string field, out string problem)
    {
        field = name;
        problem = reason;
        return null;
    }

    static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    sealed class ParameterReader(JsonElement parameters)
    {
        public string? Field { get; private set; }

        public string? Problem { get; private set; }

        public WorkflowParameters? Parameters(string workflow, RepositoryRules rules, Func<string, bool> isAgent)
        {
            var url = Text("git_url");
            RepositoryAddress? address = null;
            if (Field is null && !RepositoryAddress.TryParse(url, rules, out address, out var urlProblem))
                Fail("git_url", urlProblem);

            var gitUser = Plain("git_user");
            var gitEmail = Plain("git_email");
            var source = Branch("source_branch");
            var feature = Plain("feature_branch");
            var author = Plain("author");
            var task = Task();
            var agent = Plain("agent");
            var model = Plain("model");
            var provider = Plain("provider");
            var flags = Plain("extra_flags");
            var pullRequest = Flag("pull_request");
            var issue = Number("issue");

            if (Field is null && agent is not null && !isAgent(agent))
                Fail("agent", $"unknown agent '{agent}': configure it under GitWorkflow:Agents");
            if (Field is null && workflow == WorkflowNames.PushFeature && string.IsNullOrWhiteSpace(task))
                Fail("task_list", "is required (task_list or feature_request): it is what the agent is asked to do");
            if (Field is null && workflow == WorkflowNames.ResolveIssue && issue is null)
                Fail("issue", "is required: the number of the issue to resolve");
            if (Field is not null)
                return null;

            return new WorkflowParameters(address!, gitUser, gitEmail, source, feature, author, task, agent, model, provider, flags,
                pullRequest || workflow == WorkflowNames.ResolveIssue, issue);
        }

        void Fail(string field, string problem)
        {
            if (Field is not null)
                return;
            Field = field;
            Problem = problem;
        }

        string? Text(string name)
        {
            if (!parameters.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString();
            Fail(name, "must be a string");
            return null;
        }

        /// <summary>A value that ends up in a command's environment or argument: one line, of reasonable length.</summary>
        string? Plain(string name)
        {
            var text = Text(name);
            if (string.IsNullOrEmpty(text))
                return null;
            if (text.Any(char.IsControl) || text.Length > 200)
                Fail(name, "must be one line of at most 200 characters");
            return text;
        }

        string? Branch(string name)
        {
            var branch = Plain(name);
            if (branch is not null && RefNames.Problem(branch) is { } problem)
                Fail(name, $"'{branch}' is no valid branch name: it {problem}");
            return branch;
        }

        /// <summary>The original's <c>task_list</c> (a list of tasks, or one text) or <c>feature_request</c>.</summary>
        string? Task()
        {
            if (parameters.TryGetProperty("task_list", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                if (list.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                    Fail("task_list", "must be a list of texts");
                return Field is null ? string.Join("\n", list.EnumerateArray().Select(item => $"- {item.GetString()}")) : null;
            }

            var text = Text("task_list") ?? Text("feature_request");
            if (text is { Length: > 20_000 })
                Fail("task_list", "must be at most 20000 characters");
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }

        bool Flag(string name)
        {
            if (!parameters.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return false;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                return value.GetBoolean();
            if (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed))
                return parsed;
            Fail(name, "must be true or false");
            return false;
        }

        int? Number(string name)
        {
            if (!parameters.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0)
                return number;
            if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), out number) && number > 0)
                return number;
            Fail(name, "must be a positive issue number");
            return null;
        }
    }
}
