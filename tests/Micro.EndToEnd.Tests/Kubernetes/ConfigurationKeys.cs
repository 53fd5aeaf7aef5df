using System.Reflection;
using System.Runtime.Loader;

namespace Micro.EndToEnd.Tests.Kubernetes;

/// <summary>
/// The configuration keys a built service reads: every property path of its options classes (the types with a <c>Section</c>
/// constant, found by reflection in its build output), and the keys docker-compose.yml gives it (connection strings, the
/// original tools' variable names, the host's own settings), which the compose smoke test runs for real.
/// </summary>
sealed class ConfigurationKeys
{
    readonly List<string[]> patterns = [];

    ConfigurationKeys()
    {
    }

    /// <summary>A list index or dictionary key in a path: any segment.</summary>
    const string Any = "*";

    public int OptionsPaths { get; private set; }

    public static ConfigurationKeys Of(ComposeService service)
    {
        var keys = new ConfigurationKeys();
        foreach (var key in service.Environment.Keys)
            keys.patterns.Add(Segments(key));
        keys.AddOptions(service.Assembly);
        return keys;
    }

    /// <summary>Whether the service reads <paramref name="key"/> (environment form <c>A__B__0</c> or <c>A:B:0</c>; any case, as configuration).</summary>
    public bool Reads(string key)
    {
        var segments = Segments(key);
        return patterns.Any(pattern => pattern.Length == segments.Length
            && pattern.Zip(segments).All(pair => pair.First == Any || string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase)));
    }

    static string[] Segments(string key) => key.Replace("__", ":", StringComparison.Ordinal).Split(':');

    void AddOptions(string entry)
    {
        if (!File.Exists(entry))
            throw new InvalidOperationException($"{entry} is not built; build tests/Micro.EndToEnd.Tests (it builds every service) first");

        var context = new ServiceLoadContext(entry);
        try
        {
            foreach (var assembly in Directory.GetFiles(Path.GetDirectoryName(entry)!, "Micro.*.dll").Select(context.LoadFromAssemblyPath))
            {
                foreach (var type in LoadableTypes(assembly))
                {
                    if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string section)
                        AddProperties(Segments(section), type, depth: 0);
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    void AddProperties(string[] prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is { IsPublic: true }))
            AddValue([.. prefix, property.Name], property.PropertyType, depth + 1);
    }

    void AddValue(string[] path, Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type) || depth > 6)
        {
            patterns.Add(path);
            OptionsPaths++;
        }
        else if ((Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
            AddValue([.. path, Any], dictionary.GetGenericArguments()[1], depth + 1);
        else if (type.IsArray)
            AddValue([.. path, Any], type.GetElementType()!, depth + 1);
        else if (Generic(type, typeof(IEnumerable<>)) is { } sequence)
            AddValue([.. path, Any], sequence.GetGenericArguments()[0], depth + 1);
        else
            AddProperties(path, type, depth);
    }

    static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid) || type == typeof(Uri);

    static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type
        : type.GetInterfaces().FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == definition);

    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }

    /// <summary>The service's own copies of its dependencies (from its deps.json); the shared framework from the test process.</summary>
    sealed class ServiceLoadContext(string entryAssembly) : AssemblyLoadContext($"configuration keys of {Path.GetFileName(entryAssembly)}", isCollectible: true)
    {
        readonly AssemblyDependencyResolver resolver = new(entryAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
