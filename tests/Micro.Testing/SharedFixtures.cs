namespace Micro.Testing;

/// <summary>
/// Reference material nobody on the team wrote (real webhook payloads, API descriptions, test vectors) in <c>../shared/fixtures</c>,
/// beside the repository.
/// </summary>
public static class SharedFixtures
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Micro.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No Micro.sln above {AppContext.BaseDirectory}");
    }
}
