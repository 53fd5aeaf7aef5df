using System.Text.Json;
using Micro.GitWorkflow.Forges;
using Micro.GitWorkflow.Workflows;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>Reads a request with this service's rules: allowed repository hosts and configured agents.</summary>
public sealed class RequestReader(ForgeDirectory forges, IOptions<GitWorkflowOptions> options)
{
    public WorkflowRequest? Read(string json, out string field, out string problem) =>
        WorkflowRequest.Read(json, forges.Rules, IsAgent, out field, out problem);

    public WorkflowRequest? Read(JsonElement root, out string field, out string problem) =>
        WorkflowRequest.Read(root, forges.Rules, IsAgent, out field, out problem);

    bool IsAgent(string name) => options.Value.Agent(name) is not null;

    /// <summary>The workflow a request names, for the record of a rejected one: empty when it names none.</summary>
    public static string WorkflowNamed(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("workflow", out var workflow) && workflow.ValueKind == JsonValueKind.String
                ? Shorten(workflow.GetString()!)
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    static string Shorten(string text) => text.Length > 100 ? text[..100] : text;
}
