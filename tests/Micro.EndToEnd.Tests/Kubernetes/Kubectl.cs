using System.Diagnostics;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary><c>kubectl kustomize</c>: renders a Kustomize directory offline, without a cluster.</summary>
static class Kubectl
{
    public static bool Installed { get; } = InstalledCommands.Has("kubectl");

    public const string Missing = "kubectl is not installed: the Kubernetes manifests cannot be rendered (install kubectl to run these tests)";

    /// <summary>The rendered YAML, or the exit code and what kubectl said.</summary>
    public static (int ExitCode, string Output, string Error) Kustomize(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish within a minute");
        }

        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>A test that needs kubectl: skipped, saying why, where it is not installed.</summary>
sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (!Kubectl.Installed)
            Skip = Kubectl.Missing;
    }
}

/// <inheritdoc cref="KubectlTheoryAttribute"/>
sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!Kubectl.Installed)
            Skip = Kubectl.Missing;
    }
}
