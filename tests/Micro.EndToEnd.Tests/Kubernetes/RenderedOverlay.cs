using System.Text.Json.Nodes;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>One variable of a container's environment and where Kubernetes takes its value from.</summary>
sealed record EnvironmentVariable(string Name, string? Value = null, string? ConfigMap = null, string? Secret = null, string? Key = null, bool Optional = false);

/// <summary>The objects <c>kubectl kustomize</c> renders for one overlay.</summary>
sealed class RenderedOverlay(string name, IReadOnlyList<JsonObject> objects)
{
    public string Name { get; } = name;

    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(item => Text(item, "kind") == kind);

    public JsonObject? Find(string kind, string objectName) => OfKind(kind).SingleOrDefault(item => Text(item, "metadata", "name") == objectName);

    /// <summary>The pod template's labels of a workload.</summary>
    public static JsonObject PodLabels(JsonObject workload) => (JsonObject)workload["spec"]!["template"]!["metadata"]!["labels"]!;

    public static IEnumerable<JsonObject> Containers(JsonObject workload) =>
        workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Cast<JsonObject>();

    /// <summary>What the container's process sees: the keys of its <c>envFrom</c> sources, then its <c>env</c> entries.</summary>
    public IReadOnlyList<EnvironmentVariable> Environment(JsonObject container)
    {
        var variables = new List<EnvironmentVariable>();
        foreach (var source in container["envFrom"]?.AsArray().Cast<JsonObject>() ?? [])
        {
            if (source["configMapRef"] is JsonObject configMap)
            {
                var mapName = Text(configMap, "name")!;
                var data = Find("ConfigMap", mapName)?["data"]?.AsObject()
                    ?? throw new InvalidOperationException($"envFrom names ConfigMap {mapName}, which is not rendered");
                variables.AddRange(data.Select(entry => new EnvironmentVariable(entry.Key, entry.Value?.GetValue<string>() ?? "", ConfigMap: mapName, Key: entry.Key)));
            }
            else if (source["secretRef"] is JsonObject secret)
            {
                var secretName = Text(secret, "name")!;
                var data = Find("Secret", secretName)?["data"]?.AsObject()
                    ?? throw new InvalidOperationException($"envFrom names Secret {secretName}, which is not rendered");
                variables.AddRange(data.Select(entry => new EnvironmentVariable(entry.Key, Secret: secretName, Key: entry.Key)));
            }
        }

        foreach (var entry in container["env"]?.AsArray().Cast<JsonObject>() ?? [])
        {
            var variableName = Text(entry, "name")!;
            variables.Add(entry["valueFrom"] switch
            {
                null => new EnvironmentVariable(variableName, Text(entry, "value") ?? ""),
                JsonObject { } from when from["secretKeyRef"] is JsonObject secret =>
                    new EnvironmentVariable(variableName, Secret: Text(secret, "name"), Key: Text(secret, "key"), Optional: Text(secret, "optional") == "true"),
                JsonObject { } from when from["configMapKeyRef"] is JsonObject configMap =>
                    new EnvironmentVariable(variableName, ConfigMap: Text(configMap, "name"), Key: Text(configMap, "key"), Optional: Text(configMap, "optional") == "true"),
                var other => throw new InvalidOperationException($"{variableName}: a valueFrom these tests do not know: {other!.ToJsonString()}"),
            });
        }

        return variables;
    }

    /// <summary>The value a variable has in the pod, with <c>$(NAME)</c> references expanded the way Kubernetes does; null for secrets.</summary>
    public string? Resolve(IReadOnlyList<EnvironmentVariable> environment, EnvironmentVariable variable)
    {
        if (variable.Secret is not null)
            return null;
        if (variable.ConfigMap is not null)
            return Find("ConfigMap", variable.ConfigMap)?["data"]?[variable.Key!]?.GetValue<string>();
        return ManifestText.References.Replace(variable.Value!, reference =>
            environment.LastOrDefault(other => other.Name == reference.Groups["name"].Value) is { } referenced && referenced != variable
                ? Resolve(environment, referenced) ?? "<secret>"
                : reference.Value);
    }

    /// <summary>The port number a probe or Service names (a number, or the name of one of the container's ports).</summary>
    public static int? PortNumber(JsonObject container, string? port) =>
        int.TryParse(port, out var number) ? number
        : container["ports"]?.AsArray().Cast<JsonObject>().FirstOrDefault(item => Text(item, "name") == port) is { } named
            ? int.Parse(Text(named, "containerPort")!)
            : null;

    public static string? Text(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
            node = node?[step];
        return node?.GetValue<string>();
    }
}
