using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Micro.Testing;
using static Micro.EndToEnd.Tests.Kubernetes.RenderedOverlay;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>
/// deploy/k8s rendered with <c>kubectl kustomize</c> (offline), checked against what the services actually are: the images and
/// environment docker-compose.yml gives them (the deployment the compose smoke test runs), the ports they listen on, the health
/// endpoints they map, the configuration keys their options classes bind.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    public static TheoryData<string> OverlayNames => Overlays.Names();

    static IReadOnlyList<ComposeService> Services => ComposeFile.MicroServices;

    static ComposeService Door => Services.Single(service => service.IsDoor);

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Every_service_has_a_deployment_running_the_image_compose_builds_and_a_service_in_front(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        foreach (var service in Services)
        {
            if (rendered.Find("Deployment", service.Name) is not { } deployment)
            {
                problems.Add($"{service.Name}: no Deployment");
                continue;
            }

            var images = Containers(deployment).Select(container => Text(container, "image")).ToList();
            if (images is not [var image] || image != service.Image)
                problems.Add($"{service.Name}: runs [{string.Join(", ", images)}], compose builds {service.Image}");
            if (rendered.Find("Service", service.Name) is not { } front)
                problems.Add($"{service.Name}: no Service");
            else if (!Selects(front["spec"]?["selector"], PodLabels(deployment)))
                problems.Add($"{service.Name}: its Service selects {front["spec"]?["selector"]?.ToJsonString()}, not its pods");
        }

        foreach (var stranger in rendered.OfKind("Deployment").Select(item => Text(item, "metadata", "name")).Except(Services.Select(service => service.Name)))
            problems.Add($"Deployment {stranger} is no service of docker-compose.yml");
        Report(overlay, problems);
    }

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Ports_probes_and_services_point_where_each_service_listens_and_at_health_endpoints_it_serves(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        foreach (var service in Services)
        {
            var container = Containers(rendered.Find("Deployment", service.Name)!).Single();
            var listening = ListeningPorts(rendered, container);
            if (listening.Count == 0)
            {
                problems.Add($"{service.Name}: no ASPNETCORE_URLS in its environment, so nothing says where it listens");
                continue;
            }

            var declared = container["ports"]?.AsArray().Select(port => int.Parse(Text(port, "containerPort")!)).ToList() ?? [];
            if (declared.Count == 0 || declared.Any(port => !listening.Contains(port)))
                problems.Add($"{service.Name}: container ports [{string.Join(", ", declared)}], listens on [{string.Join(", ", listening)}]");

            foreach (var port in rendered.Find("Service", service.Name)?["spec"]?["ports"]?.AsArray() ?? [])
            {
                if (PortNumber(container, Text(port, "targetPort") ?? Text(port, "port")) is not { } target || !listening.Contains(target))
                    problems.Add($"{service.Name}: Service port {Text(port, "port")} targets {Text(port, "targetPort")}, where it does not listen");
            }

            // A liveness probe on readiness would restart every replica while the database is down; the door's readiness is its
            // own (its /health/ready is every service's, and one service down must not close the door to the others).
            var expected = new Dictionary<string, string>
            {
                ["startupProbe"] = HealthPaths.Live,
                ["livenessProbe"] = HealthPaths.Live,
                ["readinessProbe"] = service.IsDoor ? HealthPaths.Live : HealthPaths.Ready,
            };
            foreach (var (probe, path) in expected)
            {
                var get = container[probe]?["httpGet"];
                if (get is null)
                    problems.Add($"{service.Name}: no HTTP {probe}");
                else if (Text(get, "path") is var asked && (asked != path || !HealthPaths.All.Contains(asked)))
                    problems.Add($"{service.Name}: {probe} asks {asked}, expected {path} (served: {string.Join(", ", HealthPaths.All)})");
                else if (PortNumber(container, Text(get, "port")) is not { } probed || !listening.Contains(probed))
                    problems.Add($"{service.Name}: {probe} asks port {Text(get, "port")}, where it does not listen");
            }
        }

        Report(overlay, problems);
    }

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void The_gateway_routes_every_cluster_of_its_configuration_to_the_headless_service_of_the_service_compose_routes_it_to(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        var gateway = Containers(rendered.Find("Deployment", Door.Name)!).Single();
        var environment = rendered.Environment(gateway);
        var addresses = environment.Where(variable => IsDestinationAddress(variable.Name))
            .ToDictionary(variable => Normalized(variable.Name), variable => rendered.Resolve(environment, variable)!, StringComparer.OrdinalIgnoreCase);

        // Every destination of appsettings.json replaced (one left alone would point at a loopback port), none added beside them.
        var configured = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "services", Door.Project, $"Micro.{Door.Project}", "appsettings.json")))!;
        var destinations = configured["ReverseProxy"]!["Clusters"]!.AsObject()
            .SelectMany(cluster => cluster.Value!["Destinations"]!.AsObject().Select(destination => $"ReverseProxy:Clusters:{cluster.Key}:Destinations:{destination.Key}:Address"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var missing in destinations.Except(addresses.Keys, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{missing} is not set: the gateway would forward to appsettings.json's loopback address");
        foreach (var stray in addresses.Keys.Except(destinations, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{stray} names a cluster or destination that appsettings.json does not have");

        var composed = Door.Environment.Where(entry => IsDestinationAddress(entry.Key))
            .ToDictionary(entry => Normalized(entry.Key), entry => new Uri(entry.Value), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in addresses)
        {
            var address = new Uri(value);
            if (composed.GetValueOrDefault(key) is { } compose && compose.Host != address.Host)
                problems.Add($"{key}: {address.Host}, where compose routes it to {compose.Host}");
            if (rendered.Find("Service", address.Host) is not { } target)
            {
                problems.Add($"{key}: no Service {address.Host}");
                continue;
            }

            // Headless: DNS answers every ready replica, and the gateway balances between them (one virtual IP would hide them).
            if (Text(target, "spec", "clusterIP") != "None")
                problems.Add($"{key}: Service {address.Host} is not headless, so the gateway sees one address instead of every replica");
            var port = target["spec"]?["ports"]?.AsArray().FirstOrDefault(item => Text(item, "port") == address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var backend = rendered.Find("Deployment", address.Host);
            if (port is null || backend is null
                || PortNumber(Containers(backend).Single(), Text(port, "targetPort")) is not { } targetPort
                || !ListeningPorts(rendered, Containers(backend).Single()).Contains(targetPort))
                problems.Add($"{key}: {address} does not reach a port where {address.Host} listens");
        }

        Report(overlay, problems);
    }

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Every_configuration_key_is_one_its_service_reads_and_none_that_compose_requires_is_missing(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        foreach (var service in Services)
        {
            var keys = ConfigurationKeys.Of(service);
            Assert.True(keys.OptionsPaths > 0, $"no options class found in {service.Assembly}");
            var deployment = rendered.Find("Deployment", service.Name)!;
            var environment = rendered.Environment(Containers(deployment).Single());

            // Otherwise Kubernetes adds <SERVICE>_PORT and the like for every Service of the namespace, beside what is checked here.
            if (Text(deployment, "spec", "template", "spec", "enableServiceLinks") != "false")
                problems.Add($"{service.Name}: Kubernetes adds a variable per Service of the namespace to its environment (enableServiceLinks)");

            for (var index = 0; index < environment.Count; index++)
            {
                var variable = environment[index];
                var referenced = environment.Skip(index + 1).Any(later => later.Value is { } value && ReferencesTo(value).Contains(variable.Name));
                if (!keys.Reads(variable.Name) && !referenced)
                    problems.Add($"{service.Name}: {variable.Name} ({Source(variable)}) is bound by no options class of Micro.{service.Project}, not given by compose, not used by another variable");

                // Kubernetes expands $(NAME) only for variables defined before; anything else stays in the value as written.
                foreach (var reference in variable.Value is { } literal ? ReferencesTo(literal) : [])
                {
                    if (!environment.Take(index).Any(earlier => earlier.Name == reference))
                        problems.Add($"{service.Name}: {variable.Name} uses $({reference}), which no earlier variable defines");
                }
            }

            foreach (var required in service.RequiredKeys.Where(key => !environment.Any(variable => Normalized(variable.Name).Equals(Normalized(key), StringComparison.OrdinalIgnoreCase))))
                problems.Add($"{service.Name}: {required} is missing (compose refuses to start without it)");
        }

        Report(overlay, problems);
    }

    static HashSet<int> ListeningPorts(RenderedOverlay rendered, JsonObject container)
    {
        var environment = rendered.Environment(container);
        return environment.Where(variable => variable.Name == "ASPNETCORE_URLS")
            .SelectMany(variable => rendered.Resolve(environment, variable)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(url => new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port)
            .ToHashSet();
    }

    /// <summary>Whether a label selector (matchLabels) picks pods with these labels; an empty or missing one picks none here.</summary>
    static bool Selects(JsonNode? selector, JsonObject labels) =>
        selector is JsonObject { Count: > 0 } wanted && wanted.All(label => Text(labels, label.Key) == label.Value?.GetValue<string>());

    static bool IsDestinationAddress(string key) => DestinationAddress().IsMatch(Normalized(key));

    static string Normalized(string key) => key.Replace("__", ":", StringComparison.Ordinal);

    static IEnumerable<string> ReferencesTo(string value) => ManifestText.References.Matches(value).Select(match => match.Groups["name"].Value);

    static string Source(EnvironmentVariable variable) =>
        variable.Secret is not null ? $"Secret {variable.Secret}" : variable.ConfigMap is not null ? $"ConfigMap {variable.ConfigMap}" : "env";

    static string PostgresSetting(string connectionString, string key) =>
        connectionString.Split(';').Select(part => part.Split('=', 2)).Single(pair => pair[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))[1];

    static IEnumerable<string> BackendServices(JsonObject ingress) =>
        (ingress["spec"]?["rules"]?.AsArray() ?? [])
            .SelectMany(rule => rule?["http"]?["paths"]?.AsArray() ?? [])
            .Select(path => path?["backend"])
            .Append(ingress["spec"]?["defaultBackend"])
            .Where(backend => backend is not null)
            .Select(backend => Text(backend, "service", "name") ?? "(not a Service)");

    static void Report(string overlay, List<string> problems) =>
        Assert.True(problems.Count == 0, $"deploy/k8s/overlays/{overlay}:\n  {string.Join("\n  ", problems)}");

    [GeneratedRegex(@"^ReverseProxy:Clusters:[^:]+:Destinations:[^:]+:Address$", RegexOptions.IgnoreCase)]
    private static partial Regex DestinationAddress();

    [GeneratedRegex(@"(?:Password=(?<password>[^;]*))|(?:^[a-z]+://[^:/@]+:(?<password>[^@]*)@)", RegexOptions.IgnoreCase)]
    private static partial Regex Credentials();
}
