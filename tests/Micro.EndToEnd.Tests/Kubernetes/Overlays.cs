using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Micro.Testing;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>deploy/k8s's overlays, rendered the way a user renders them.</summary>
static partial class Overlays
{
    static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> rendered = new();

    public static string Directory => Path.Combine(SourceTree.Root, "deploy", "k8s");

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var overlay in System.IO.Directory.GetDirectories(Path.Combine(Directory, "overlays")).Order())
            names.Add(Path.GetFileName(overlay));
        return names;
    }

    public static RenderedOverlay Rendered(string name) => rendered.GetOrAdd(name, _ => new(() => Render(name))).Value;

    /// <summary>
    /// Renders a copy of deploy/k8s in which every overlay that asks its user for a secrets.env (it ships secrets.env.example)
    /// has one, filled in as a user would: each example key with a value of its own. The checkout is left alone.
    /// </summary>
    static RenderedOverlay Render(string name)
    {
        var copy = System.IO.Directory.CreateTempSubdirectory("micro-k8s-").FullName;
        try
        {
            CopyTree(Directory, copy);
            foreach (var example in System.IO.Directory.GetFiles(copy, "secrets.env.example", SearchOption.AllDirectories))
            {
                var secrets = Path.Combine(Path.GetDirectoryName(example)!, "secrets.env");
                if (!File.Exists(secrets))
                    File.WriteAllLines(secrets, File.ReadLines(example).Select(line => EmptyKey().Replace(line, "$1=test-$1-0123456789")));
            }

            var (exitCode, output, error) = Kubectl.Kustomize(Path.Combine(copy, "overlays", name));
            if (exitCode != 0)
                throw new InvalidOperationException($"kubectl kustomize deploy/k8s/overlays/{name} failed ({exitCode}):\n{error}");
            return new RenderedOverlay(name, Yaml.Documents(output));
        }
        finally
        {
            System.IO.Directory.Delete(copy, recursive: true);
        }
    }

    public static void CopyTree(string from, string to)
    {
        foreach (var directory in System.IO.Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=$")]
    private static partial Regex EmptyKey();
}
