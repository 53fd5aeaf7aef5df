using System.Text.Json;
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

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Tokens_secrets_and_passwords_come_only_from_secrets(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        foreach (var map in rendered.OfKind("ConfigMap"))
        {
            foreach (var key in map["data"]?.AsObject().Select(entry => entry.Key).Where(ManifestText.LooksSecret) ?? [])
                problems.Add($"ConfigMap {Text(map, "metadata", "name")} holds {key}");
        }

        foreach (var workload in rendered.OfKind("Deployment").Concat(rendered.OfKind("StatefulSet")))
        {
            var workloadName = Text(workload, "metadata", "name");
            foreach (var container in Containers(workload))
            {
                var environment = rendered.Environment(container);
                foreach (var variable in environment)
                {
                    if (ManifestText.LooksSecret(variable.Name) && variable.Secret is null)
                        problems.Add($"{workloadName}: {variable.Name} is not taken from a Secret ({Source(variable)})");
                    if (variable.Secret is not null && rendered.Find("Secret", variable.Secret)?["data"]?[variable.Key!] is null)
                        problems.Add($"{workloadName}: {variable.Name} takes key {variable.Key} of Secret {variable.Secret}, which the overlay does not make");
                    if (variable.ConfigMap is not null && rendered.Resolve(environment, variable) is null)
                        problems.Add($"{workloadName}: {variable.Name} takes key {variable.Key} of ConfigMap {variable.ConfigMap}, which the overlay does not make");

                    // Credentials inside connection strings: a $(NAME) of a variable taken from a Secret, never written out.
                    if (variable.Value is not null && rendered.Resolve(environment, variable) is { } value)
                    {
                        foreach (Match credential in Credentials().Matches(value))
                        {
                            if (credential.Groups["password"].Value != "<secret>")
                                problems.Add($"{workloadName}: {variable.Name} holds a password that is not taken from a Secret");
                        }
                    }
                }
            }
        }

        Report(overlay, problems);
    }

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Only_the_gateway_is_reachable_from_outside_and_the_services_only_from_the_gateway(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        var policies = rendered.OfKind("NetworkPolicy").ToList();
        if (!policies.Any(policy => policy["spec"]?["podSelector"] is JsonObject { Count: 0 }
                && (policy["spec"]?["policyTypes"]?.AsArray().Select(type => type?.GetValue<string>()).Contains("Ingress") ?? false)
                && policy["spec"]?["ingress"] is null or JsonArray { Count: 0 }))
            problems.Add("no NetworkPolicy denies ingress to every pod by default");

        var gatewayPods = PodLabels(rendered.Find("Deployment", Door.Name)!);
        foreach (var service in Services)
        {
            var pods = PodLabels(rendered.Find("Deployment", service.Name)!);
            var admitting = policies.Where(policy => Selects(policy["spec"]?["podSelector"]?["matchLabels"], pods)).ToList();
            var rules = admitting.SelectMany(policy => policy["spec"]?["ingress"]?.AsArray().Cast<JsonObject>() ?? []).ToList();
            if (rules.Count == 0)
            {
                problems.Add($"{service.Name}: no NetworkPolicy admits anything to it");
                continue;
            }

            foreach (var rule in rules)
            {
                var sources = rule["from"]?.AsArray().Cast<JsonObject>().ToList();
                if (service.IsDoor)
                    continue;
                if (sources is null or { Count: 0 })
                    problems.Add($"{service.Name}: admits traffic from anywhere");
                else if (sources.Any(source => source.Count != 1 || source["podSelector"]?["matchLabels"] is not JsonObject labels
                             || !Selects(labels, gatewayPods)
                             || Services.Any(other => !other.IsDoor && Selects(labels, PodLabels(rendered.Find("Deployment", other.Name)!)))))
                    problems.Add($"{service.Name}: admits {JsonSerializer.Serialize(sources)}, not the gateway's pods alone");
            }
        }

        if (!policies.Any(policy => Selects(policy["spec"]?["podSelector"]?["matchLabels"], gatewayPods)
                && policy["spec"]?["ingress"]?.AsArray().Any(rule => rule?["from"] is null) == true))
            problems.Add($"{Door.Name}: no NetworkPolicy admits the Ingress controller to it");

        foreach (var exposed in rendered.OfKind("Service").Where(item => Text(item, "spec", "type") is "LoadBalancer" or "NodePort"))
            problems.Add($"Service {Text(exposed, "metadata", "name")} is exposed outside the cluster ({Text(exposed, "spec", "type")})");
        var ingresses = rendered.OfKind("Ingress").ToList();
        if (ingresses.Count == 0)
            problems.Add("no Ingress for the gateway");
        foreach (var backend in ingresses.SelectMany(BackendServices).Where(name => name != Door.Name))
            problems.Add($"an Ingress exposes {backend}");
        Report(overlay, problems);
    }

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Ingestion_and_rerun_scale_on_cpu_and_every_service_survives_a_drain_within_its_budget(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        var autoscaled = rendered.OfKind("HorizontalPodAutoscaler").ToDictionary(
            autoscaler => Text(autoscaler, "spec", "scaleTargetRef", "name")!, autoscaler => autoscaler);
        Assert.Equal(new[] { "ingestion", "rerun" }, autoscaled.Keys.Order());

        foreach (var (target, autoscaler) in autoscaled)
        {
            var deployment = rendered.Find(Text(autoscaler, "spec", "scaleTargetRef", "kind")!, target);
            var (min, max) = (int.Parse(Text(autoscaler, "spec", "minReplicas") ?? "1"), int.Parse(Text(autoscaler, "spec", "maxReplicas")!));
            if (deployment is null)
                problems.Add($"HorizontalPodAutoscaler {target}: no such Deployment");
            else if (deployment["spec"]?["replicas"] is not null)
                problems.Add($"{target}: sets replicas, which every kubectl apply would reset under the autoscaler");
            if (min < 1 || min > max)
                problems.Add($"{target}: {min} to {max} replicas");
            if (deployment is not null && Containers(deployment).Any(container => Text(container, "resources", "requests", "cpu") is null))
                problems.Add($"{target}: no CPU request, so no CPU utilisation to scale on");
        }

        var budgets = rendered.OfKind("PodDisruptionBudget").ToList();
        foreach (var service in Services)
        {
            var deployment = rendered.Find("Deployment", service.Name)!;
            var replicas = autoscaled.TryGetValue(service.Name, out var autoscaler)
                ? int.Parse(Text(autoscaler, "spec", "minReplicas") ?? "1")
                : int.Parse(Text(deployment, "spec", "replicas") ?? "1");
            var budget = budgets.SingleOrDefault(item => Selects(item["spec"]?["selector"]?["matchLabels"], PodLabels(deployment)));
            if (budget is null)
                problems.Add($"{service.Name}: no PodDisruptionBudget");
            else if (Text(budget, "spec", "maxUnavailable") is null && int.Parse(Text(budget, "spec", "minAvailable") ?? "0") >= replicas)
                problems.Add($"{service.Name}: its PodDisruptionBudget keeps all {replicas} replicas, so a node drain never ends");

            foreach (var container in Containers(deployment))
            {
                foreach (var resource in new[] { "requests.cpu", "requests.memory", "limits.memory" })
                {
                    if (Text(container["resources"], resource.Split('.')) is null)
                        problems.Add($"{service.Name}: no {resource}");
                }
            }
        }

        Report(overlay, problems);
    }

    [KubectlTheory, MemberData(nameof(OverlayNames))]
    public void Services_run_unprivileged_on_a_read_only_root_with_volumes_where_they_write(string overlay)
    {
        var rendered = Overlays.Rendered(overlay);
        var problems = new List<string>();
        foreach (var service in Services)
        {
            var deployment = rendered.Find("Deployment", service.Name)!;
            var pod = deployment["spec"]!["template"]!["spec"]!;
            foreach (var container in Containers(deployment))
            {
                var security = container["securityContext"];
                if (Text(security, "runAsNonRoot") != "true" && Text(pod, "securityContext", "runAsNonRoot") != "true")
                    problems.Add($"{service.Name}: may run as root");
                if (Text(security, "readOnlyRootFilesystem") != "true")
                    problems.Add($"{service.Name}: its root file system is writable");
                if (Text(security, "allowPrivilegeEscalation") != "false")
                    problems.Add($"{service.Name}: may escalate privileges");

                // Where the process writes: temporary files (.NET's temporary directory: TMPDIR, else /tmp), and every directory its
                // configuration names.
                var mounts = container["volumeMounts"]?.AsArray().Select(mount => Text(mount, "mountPath")!).ToList() ?? [];
                var environment = rendered.Environment(container);
                var temporary = environment.LastOrDefault(variable => variable.Name == "TMPDIR") is { } tmpdir ? rendered.Resolve(environment, tmpdir)! : "/tmp";
                var written = environment.Where(variable => variable.Name.EndsWith("Directory", StringComparison.OrdinalIgnoreCase))
                    .Select(variable => rendered.Resolve(environment, variable)!)
                    .Append(temporary.TrimEnd('/'));
                foreach (var directory in written.Where(directory => !mounts.Any(mount => directory == mount || directory.StartsWith(mount + "/", StringComparison.Ordinal))))
                    problems.Add($"{service.Name}: writes to {directory}, on the read-only root file system");
            }
        }

        Report(overlay, problems);
    }

    [KubectlFact]
    public void The_dev_overlay_runs_RabbitMQ_and_PostgreSQL_where_the_services_connect_to()
    {
        var rendered = Overlays.Rendered("dev");
        var problems = new List<string>();
        foreach (var service in Services.Where(service => !service.IsDoor))
        {
            var environment = rendered.Environment(Containers(rendered.Find("Deployment", service.Name)!).Single());
            foreach (var variable in environment.Where(variable => variable.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                var value = rendered.Resolve(environment, variable)!;
                var (host, port) = value.StartsWith("amqp://", StringComparison.Ordinal)
                    ? (new Uri(value.Replace("<secret>", "x", StringComparison.Ordinal)).Host, new Uri(value.Replace("<secret>", "x", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : (PostgresSetting(value, "Host"), PostgresSetting(value, "Port"));
                var server = rendered.Find("StatefulSet", host);
                var front = rendered.Find("Service", host);
                if (server is null || front is null)
                    problems.Add($"{service.Name}: {variable.Name} connects to {host}, which the overlay does not run");
                else if (front["spec"]?["ports"]?.AsArray().FirstOrDefault(item => Text(item, "port") == port) is not { } servicePort
                         || PortNumber(Containers(server).Single(), Text(servicePort, "targetPort")) is null)
                    problems.Add($"{service.Name}: {variable.Name} connects to {host}:{port}, where it does not listen");
            }
        }

        Report("dev", problems);
    }

    [KubectlFact]
    public void An_overlay_whose_secrets_file_is_not_written_does_not_render_and_says_which_file_is_missing()
    {
        var overlays = Directory.GetFiles(Path.Combine(Overlays.Directory, "overlays"), "secrets.env.example", SearchOption.AllDirectories);
        Assert.NotEmpty(overlays);
        var copy = Directory.CreateTempSubdirectory("micro-k8s-").FullName;
        try
        {
            Overlays.CopyTree(Overlays.Directory, copy);
            foreach (var example in overlays)
            {
                var overlay = Path.Combine(copy, Path.GetRelativePath(Overlays.Directory, Path.GetDirectoryName(example)!));
                File.Delete(Path.Combine(overlay, "secrets.env"));
                var (exitCode, output, error) = Kubectl.Kustomize(overlay);
                Assert.NotEqual(0, exitCode);
                Assert.Empty(output);
                Assert.Contains("secrets.env", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
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
