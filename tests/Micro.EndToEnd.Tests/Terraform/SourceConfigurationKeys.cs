using System.Text.RegularExpressions;
using System.Xml.Linq;
using Micro.Testing;

namespace Micro.EndToEnd.Tests.Terraform;

/// <summary>
/// The configuration keys a service reads, from its source: the service's project and every project it references. An options
/// class's keys are its section (<c>const string Section</c>) and each settable property; lists, dictionaries and nested
/// objects may go deeper; so may a section read whole (<c>GetSection("ReverseProxy")</c>). Connection strings are the names given
/// to <c>AddDatabase</c> and <c>GetConnectionString</c>. A
/// property or section renamed in the source drops its old key from here.
/// </summary>
sealed partial class SourceConfigurationKeys
{
    /// <summary>Read by ASP.NET Core itself (where to listen, how to log), not by Micro's options.</summary>
    static readonly string[] HostKeys = ["ASPNETCORE_URLS", "Logging:Console:FormatterName"];

    readonly HashSet<string> exact = new(StringComparer.OrdinalIgnoreCase);
    readonly HashSet<string> prefixes = new(StringComparer.OrdinalIgnoreCase);

    SourceConfigurationKeys()
    {
    }

    /// <param name="project">The service's project directory, relative to the repository root (services/X/Micro.X).</param>
    public static SourceConfigurationKeys Of(string project)
    {
        var keys = new SourceConfigurationKeys();
        keys.exact.UnionWith(HostKeys);
        foreach (var directory in WithReferences(Path.Combine(SourceTree.Root, project)))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                         .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                        && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                keys.Add(File.ReadAllText(file));
            }
        }

        return keys;
    }

    public int Count => exact.Count + prefixes.Count;

    /// <summary>Whether the service reads <paramref name="key"/>, given as configuration (<c>A:B</c>) or environment (<c>A__B</c>) has it.</summary>
    public bool Reads(string key)
    {
        var normalized = key.Replace("__", ":", StringComparison.Ordinal);
        return exact.Contains(normalized) || prefixes.Contains(normalized)
            || prefixes.Any(prefix => normalized.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase));
    }

    void Add(string source)
    {
        foreach (Match database in ConnectionName().Matches(source))
            exact.Add("ConnectionStrings:" + database.Groups["name"].Value);
        foreach (Match whole in WholeSection().Matches(source))
            prefixes.Add(whole.Groups["name"].Value);
        if (Section().Match(source) is not { Success: true } section)
            return;
        foreach (Match property in Property().Matches(source))
        {
            var key = $"{section.Groups["section"].Value}:{property.Groups["name"].Value}";
            if (SimpleType().IsMatch(property.Groups["type"].Value))
                exact.Add(key);
            else
                prefixes.Add(key);
        }
    }

    /// <summary>The project's directory and those of the projects it references, directly or not.</summary>
    static IEnumerable<string> WithReferences(string directory)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(directory)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
                continue;
            var project = Directory.GetFiles(current, "*.csproj").Single();
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var path = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.GetDirectoryName(Path.Combine(current, path))!));
            }
        }

        return seen;
    }

    [GeneratedRegex("""const string Section = "(?<section>[^"]+)";""")]
    private static partial Regex Section();

    [GeneratedRegex("""public (?:required )?(?<type>[\w.<>\[\]?, ]+?) (?<name>\w+) \{ get; (?:set|init); \}""")]
    private static partial Regex Property();

    [GeneratedRegex(@"^(string|bool|int|long|double|Uri|TimeSpan)\??$")]
    private static partial Regex SimpleType();

    /// <summary>A section read as a whole (YARP's <c>ReverseProxy</c>): anything under it.</summary>
    [GeneratedRegex("""GetSection\("(?<name>[\w:]+)"\)""")]
    private static partial Regex WholeSection();

    [GeneratedRegex("""(?:AddDatabase<\w+>|GetConnectionString)\("(?<name>\w+)"\)""")]
    private static partial Regex ConnectionName();
}
