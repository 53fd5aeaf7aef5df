namespace Micro.Testing;

/// <summary>The checkout the tests were built from: where the scripts, built hosts and fixtures they use are found.</summary>
public static class SourceTree
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Micro.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No Micro.sln above {AppContext.BaseDirectory}");
    }
}
