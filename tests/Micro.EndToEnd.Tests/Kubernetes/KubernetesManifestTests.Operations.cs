using static Micro.EndToEnd.Tests.Kubernetes.RenderedOverlay;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>What keeps a deployment running: autoscaling, disruption budgets, resources, the dev overlay's own servers.</summary>
public sealed partial class KubernetesManifestTests
{
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
}
