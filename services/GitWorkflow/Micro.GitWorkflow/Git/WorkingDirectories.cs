namespace Micro.GitWorkflow.Git;

/// <summary>
/// The temporary directories runs work in, all under one root so that cleaning up can never reach outside it. Errors are
/// propagated: a run that cannot make or remove its directory says so rather than carrying on.
/// </summary>
public sealed class WorkingDirectories(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Creates a fresh directory for <paramref name="name"/> (a run id) under the root.</summary>
    public string Create(string name)
    {
        var directory = Inside(name);
        Directory.CreateDirectory(Root);
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        return Directory.CreateDirectory(directory).FullName;
    }

    /// <summary>Removes the directory with everything in it; false when there was none.</summary>
    public bool Remove(string directory)
    {
        var full = Inside(Path.GetRelativePath(Root, Path.GetFullPath(directory)));
        if (!Directory.Exists(full))
            return false;
        Directory.Delete(full, recursive: true);
        return true;
    }

    string Inside(string name)
    {
        var full = Path.GetFullPath(Path.Combine(Root, name));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is outside the working directory root {Root}", nameof(name));
        return full;
    }
}
