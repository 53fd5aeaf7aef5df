using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Micro.EndToEnd.Tests.Kubernetes.RenderedOverlay;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>What keeps a deployment closed: secrets only in Secrets, network policies, unprivileged read-only pods.</summary>
public sealed partial class KubernetesManifestTests
{
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
}
